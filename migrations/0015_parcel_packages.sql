-- Several packages of one shipping service per international logistics order: goods of a service that
-- together weigh more than it takes are split into several packages, as forwarders do. A package is
-- now addressed by its place in the order (0, 1, 2 …, already unique per order); service_id stays a
-- plain column naming the service that carries it.
alter table intl_parcel_packages drop constraint intl_parcel_packages_pkey;
alter table intl_parcel_packages add primary key (parcel_id, position);
