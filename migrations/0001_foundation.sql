-- Foundation: identity (developers, access keys, users), replay protection, the event outbox,
-- user addresses and the Taobao order tables that the order page reads.

create table developers (
  id                    bigint primary key,           -- developId, 19 digits, snowflake
  name                  text not null,
  status                text not null default 'ENABLED' check (status in ('ENABLED', 'DISABLED')),
  sandbox               boolean not null default true,
  rate_limit_per_second integer check (rate_limit_per_second > 0),
  rate_limit_burst      integer check (rate_limit_burst > 0),
  created_at            timestamptz not null,
  updated_at            timestamptz not null
);

-- One Access Key per developer. The Secret is stored encrypted (AES-256-GCM with the master key);
-- secret_version grows on every reset so caches can tell a stale secret from the current one.
create table access_keys (
  developer_id      bigint primary key references developers (id),
  access_key        text not null unique,
  secret_ciphertext text not null,
  secret_version    integer not null default 1,
  created_at        timestamptz not null,
  rotated_at        timestamptz not null
);

-- user-id values: 13 digits starting with 21 (protocol.md §2.1), unique across all developers.
create sequence user_id_seq start with 2100000100001 minvalue 2100000000000 maxvalue 2199999999999;

create table users (
  id           bigint primary key default nextval('user_id_seq'),
  developer_id bigint not null references developers (id),
  user_name    text not null,
  status       text not null default 'ENABLED' check (status in ('ENABLED', 'DISABLED')),
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  unique (developer_id, user_name)
);
create index users_developer_idx on users (developer_id, id);

-- Used nonces (protocol.md §3.4) when no Redis is configured; one row per (access-key, nonce).
-- Unlogged: a claim costs no WAL flush on the request path. The price: after a PostgreSQL crash
-- (not a clean restart) the table is empty, so nonces of the last 20 minutes could be replayed
-- once; timestamps still limit any replay to the 600 s window. Use REDIS_URL to avoid even that.
create unlogged table request_nonces (
  access_key text not null,
  nonce      text not null,
  expires_at timestamptz not null,
  primary key (access_key, nonce)
);
create index request_nonces_expiry_idx on request_nonces (expires_at);

-- The one outbox: every event that leaves a module is written here in the transaction that caused it.
-- payload is text, not jsonb, so the bytes (and key order) a subscriber sends are the ones written.
create table outbox_events (
  id           bigint primary key,                    -- snowflake, time-ordered
  developer_id bigint not null,
  user_id      bigint,
  event_type   text not null,                         -- e.g. TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY
  platform     smallint not null,                     -- messagePlatform: 0 Taobao, 1 1688
  aggregate_id text,
  payload      text not null,
  occurred_at  timestamptz not null,
  created_at   timestamptz not null default now()
);
create index outbox_events_developer_idx on outbox_events (developer_id, id);

-- Addresses (foundation-warehouse.md §1): the user's China-side receiving points.
create table user_addresses (
  id           bigint generated always as identity primary key,
  developer_id bigint not null,
  user_id      bigint not null,
  name         text not null,
  province     text not null,
  city         text not null,
  district     text,
  address      text not null,
  phone        text not null,
  created_at   timestamptz not null,
  updated_at   timestamptz not null
);
create index user_addresses_owner_idx on user_addresses (developer_id, user_id, created_at desc, id desc);

-- Taobao orders (taobao.md §0.2) and their lines (§0.3).
create table taobao_orders (
  id                  bigint primary key,
  order_no            bigint not null unique,
  developer_id        bigint not null,
  user_id             bigint not null,
  user_name           text not null,
  seller_order_number text,
  order_source        text,
  created_at          timestamptz not null,
  pay_time            timestamptz,
  purchase_amount     bigint not null default 0,
  status              smallint not null check (status in (0, 1, 2, 3, 4, 10, 11)),
  status_changed_at   timestamptz not null,
  wh_state            text,
  wh_zip              text,
  wh_country          text,
  wh_address          text,
  wh_phone            text,
  wh_city             text,
  wh_district         text,
  wh_name             text,
  wh_mobile_phone     text,
  wh_tax_id           text,
  rcv_zip             text,
  rcv_country         text,
  rcv_address         text,
  rcv_city            text,
  rcv_district        text,
  rcv_state           text,
  remark              text,
  version             integer not null default 1,
  updated_at          timestamptz not null,
  -- Read model: the OrderV2VO exactly as served (JSON text, key order kept), rewritten in the same
  -- transaction as every change to the order or its lines, so pages are read without rendering.
  view_json           text not null
);
-- Keep typical rows (an order's view is a few KB) uncompressed and inline: pages read ~20 views per
-- request, and decompressing each one cost more than the rest of the query.
alter table taobao_orders set (toast_tuple_target = 8160);
create index taobao_orders_owner_idx on taobao_orders (developer_id, user_id, created_at, id);
create index taobao_orders_owner_status_idx on taobao_orders (developer_id, user_id, status, created_at, id);

create table taobao_sub_orders (
  id                     bigint primary key,
  order_id               bigint not null references taobao_orders (id),
  developer_id           bigint not null,
  user_id                bigint not null,
  line_index             smallint not null,
  order_line_no          text,
  quantity               integer not null check (quantity > 0),
  title                  text not null,
  purchase_currency      text not null default 'CNY',
  requested_unit_price   bigint,
  purchase_amount        bigint,
  item_map_id            text not null,
  mp_id                  text,
  mp_sku_id              text,
  sku_id                 text not null,
  domestic_post_fee      bigint not null default 0,
  close_reason           text,
  status                 text not null check (status in ('BULIDING', 'WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_CLOSED')),
  goods_status           smallint,
  refund_type            smallint,
  refund_status          smallint not null default 0,
  taobao_purchase_id     text not null,
  taobao_sub_purchase_id text not null,
  sku_image_url          text,
  sku_props_zh           text,
  sku_props_en           text,
  seller_nick            text,
  shop_id                bigint,
  error_code             text,
  error_message          text,
  logistic_company_name  text,
  logistic_number        text,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  unique (order_id, line_index)
);
create index taobao_sub_orders_purchase_idx on taobao_sub_orders (developer_id, user_id, taobao_sub_purchase_id);
create index taobao_sub_orders_seller_idx on taobao_sub_orders (developer_id, user_id, seller_nick);

-- Orders per (developer, user, status), kept in step with inserts and status changes, so a page
-- without filters reports its total without counting rows.
create table taobao_order_counts (
  developer_id bigint not null,
  user_id      bigint not null,
  status       smallint not null,
  n            bigint not null check (n >= 0),
  primary key (developer_id, user_id, status)
);

-- Every transition of an order or a line: what, when, why, by whom (statuses.md).
create table taobao_order_history (
  id           bigint generated always as identity primary key,
  order_id     bigint not null references taobao_orders (id),
  sub_order_id bigint,
  from_status  text,
  to_status    text not null,
  reason       text,
  actor        text not null,
  at           timestamptz not null
);
create index taobao_order_history_order_idx on taobao_order_history (order_id, id);
