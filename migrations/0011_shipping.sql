-- Shipping lines and freight renders (foundation-warehouse.md §2.0–§2.2; statuses.md §8.1).

-- A shipping line (a `serviceId` on the wire) operators configure. The rate table (zones with their
-- rates, surcharges, limits) is one JSON document (model.ts ShippingLine): it is always read and
-- replaced whole, as Karrio keeps a rate sheet's zones, rates and surcharges.
create table shipping_lines (
  service_id       text primary key,
  company_name     text not null,
  service_category text not null check (service_category in ('EXPRESS', 'STANDARD', 'ECONOMY')),
  active           boolean not null,
  definition       text not null,
  revision         integer not null check (revision > 0),
  updated_at       timestamptz not null
);

-- The daily sequence of render ids ("FF" + yyyyMMdd + sequence): one row per China date, incremented
-- by the statement that stores a render, so ids stay unique across nodes.
create table shipping_render_days (
  day  text primary key,                 -- yyyyMMdd (UTC+8)
  last integer not null check (last > 0)
);

-- A priced consignment (§2.2), booked once by §2.4. EXPIRED is read from expire_at and the
-- developer's clock; a row is written USED when booked.
create table shipping_renders (
  id           text primary key,
  developer_id bigint not null,
  user_id      bigint not null,
  country      text not null,
  zip          text,
  status       text not null check (status in ('VALID', 'USED', 'EXPIRED')),
  lines        text not null,            -- JSON: the priced lines (contracts.ts PricedFreightLine[])
  total_fen    bigint not null check (total_fen >= 0),
  created_at   timestamptz not null,     -- the developer's clock
  expire_at    timestamptz not null,
  used_at      timestamptz
);
create index shipping_renders_owner_idx on shipping_renders (developer_id, user_id, created_at desc);
