-- International logistics orders ("parcels", foundation-warehouse.md §2.3, §2.4; statuses.md §8.2
-- extended with packing, weighing, a supplementary charge and the carrier's trace): the order and its
-- lines, the domestic parcels declared for each line, the packed packages (one per shipping service),
-- the carrier's tracking events, the freight charged, and the history of every transition.

create table intl_parcels (
  id                    bigint primary key,                -- the wire orderId (19 digits)
  developer_id          bigint not null,
  user_id               bigint not null,
  tmall_order_id        text,                              -- the caller's own order id (idempotency key)
  render_id             text,                              -- the booked render, if any
  status                text not null check (status in ('BOOKED', 'DOMESTIC_DECLARED', 'IN_WAREHOUSE', 'PACKED', 'AWAITING_PAYMENT', 'SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION', 'CANCELLED')),
  sandbox               boolean not null,
  country               text not null,                     -- ISO 3166-1 alpha-2
  receiver              text not null,                     -- JSON ReceiverAddressTO as given
  remark                text,
  booked_fen            bigint not null check (booked_fen >= 0),       -- freight debited at booking
  supplement_fen        bigint not null default 0 check (supplement_fen >= 0), -- supplementary charges debited
  supplement_due_fen    bigint not null default 0 check (supplement_due_fen >= 0), -- waiting for balance (AWAITING_PAYMENT)
  refunded_fen          bigint not null default 0 check (refunded_fen >= 0),   -- credited back (a cancel)
  pack_round            integer not null default 0,        -- packings so far (a re-declaration unpacks)
  allocated             boolean not null default false,    -- the warehouse's goods are allocated to it
  created_at            timestamptz not null,              -- developer time
  updated_at            timestamptz not null,
  version               integer not null default 0
);
-- One live logistics order per caller's order id (foundation-warehouse.md §2.4 idempotent retry).
create unique index intl_parcels_tmall_key on intl_parcels (developer_id, user_id, tmall_order_id) where tmall_order_id is not null and status <> 'CANCELLED';
create index intl_parcels_owner_idx on intl_parcels (developer_id, user_id, id desc);
create index intl_parcels_status_idx on intl_parcels (status, id desc);

create table intl_parcel_lines (
  id                    bigint primary key,
  parcel_id             bigint not null references intl_parcels (id) on delete cascade,
  position              integer not null,
  item_id               text not null,
  sku_id                text not null,
  quantity              integer not null check (quantity >= 1),
  title                 text,
  image_url             text,
  service_id            text not null,
  company_name          text not null,
  service_category      text not null,
  currency              text not null,
  price                 text,                              -- unit price as given (customs value)
  freight_fen           bigint not null check (freight_fen >= 0),
  weight_g              integer not null,
  chargeable_weight_g   integer not null,
  min_delivery_days     integer not null,
  max_delivery_days     integer not null,
  waybill               text not null unique,              -- the wire logisticNumer
  unique (parcel_id, position)
);

-- The domestic (China) parcels declared for a line (§2.3); a declaration replaces a line's list.
create table intl_parcel_domestic (
  id                    bigserial primary key,
  parcel_id             bigint not null references intl_parcels (id) on delete cascade,
  line_id               bigint not null references intl_parcel_lines (id) on delete cascade,
  developer_id          bigint not null,
  position              integer not null,
  tracking_number       text not null,
  carrier               text not null,
  rts_time              text
);
create index intl_parcel_domestic_line_idx on intl_parcel_domestic (line_id, position);
create index intl_parcel_domestic_tracking_idx on intl_parcel_domestic (developer_id, tracking_number);

-- A packed package: one per shipping service of the order, measured, priced, then shipped and traced.
create table intl_parcel_packages (
  parcel_id             bigint not null references intl_parcels (id) on delete cascade,
  service_id            text not null,
  position              integer not null,
  weight_g              integer not null check (weight_g > 0),
  length_mm             integer not null check (length_mm > 0),
  width_mm              integer not null check (width_mm > 0),
  height_mm             integer not null check (height_mm > 0),
  chargeable_weight_g   integer not null,
  freight_fen           bigint not null check (freight_fen >= 0),  -- the actual freight of the package
  carrier               text,
  tracking_number       text,
  tracking_status       text,                              -- the latest normalised tracking status
  primary key (parcel_id, service_id)
);

-- The carrier's trace, normalised (InfoReceived … Expired) with its own code and text kept.
create table intl_parcel_tracking (
  id                    bigserial primary key,
  parcel_id             bigint not null references intl_parcels (id) on delete cascade,
  service_id            text not null,
  tracking_number       text not null,
  status                text not null check (status in ('InfoReceived', 'InTransit', 'OutForDelivery', 'AttemptFail', 'Delivered', 'Exception', 'Expired')),
  carrier_status        text not null,
  text                  text not null,
  location              text,
  at                    timestamptz not null
);
create index intl_parcel_tracking_parcel_idx on intl_parcel_tracking (parcel_id, id);

-- Money moved for an order (each a wallet transaction with this reference).
create table intl_parcel_charges (
  id                    bigserial primary key,
  parcel_id             bigint not null references intl_parcels (id) on delete cascade,
  kind                  text not null check (kind in ('freight', 'supplement', 'refund')),
  amount_fen            bigint not null check (amount_fen > 0),
  reference             text not null,
  at                    timestamptz not null
);
create index intl_parcel_charges_parcel_idx on intl_parcel_charges (parcel_id, id);

create table intl_parcel_history (
  id                    bigserial primary key,
  parcel_id             bigint not null references intl_parcels (id) on delete cascade,
  from_status           text,
  to_status             text not null,
  reason                text not null,
  actor                 text not null,
  at                    timestamptz not null
);
create index intl_parcel_history_parcel_idx on intl_parcel_history (parcel_id, id);

-- The sequence part of the international waybill numbers (FAR + country + yyMM + sequence + suffix):
-- a sequence, so bookings never queue on a counter row.
create sequence intl_parcel_waybill_seq;
