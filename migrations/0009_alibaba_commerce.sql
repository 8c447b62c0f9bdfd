-- 1688 commerce (alibaba-1688.md §2, §3; statuses.md §5): the 1688 cart, 1688 orders and their lines,
-- their counters, and one order history for both platforms.

-- One history for the orders of both platforms: what moved, when, why, by whom.
alter table taobao_order_history rename to order_history;
alter index taobao_order_history_order_idx rename to order_history_order_idx;
alter table order_history drop constraint if exists taobao_order_history_order_id_fkey;
alter table order_history add column platform text not null default 'taobao' check (platform in ('taobao', 'alibaba'));

-- The 1688 cart: rows of one (developer, user-id) pair, each with the snapshot taken when it was
-- (last) added (alibaba-1688.md §2.2), judged against the catalogue on every read.
create table alibaba_cart_items (
  -- A small integer on the wire (§2.1 `id` integer, DOCUMENTED), so an identity, not a snowflake.
  id               bigint generated always as identity primary key,
  developer_id     bigint not null,
  user_id          bigint not null,
  offer_map_id     text not null,
  spec_id          text not null,                 -- '' for an offer without SKUs
  sku_id           text not null,
  quantity         integer not null check (quantity >= 1),
  product_no       text,
  container        text,
  -- The snapshot.
  title            text not null,
  image_url        text,
  price_fen        bigint not null check (price_fen >= 0),   -- unit price at the row's quantity when added
  properties       text not null,
  seller_open_id   text not null,
  seller_nick      text not null,
  stock            integer not null,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  constraint alibaba_cart_items_owner_spec_key unique (developer_id, user_id, offer_map_id, spec_id)
);
create index alibaba_cart_items_owner_idx on alibaba_cart_items (developer_id, user_id, created_at desc, id desc);

-- A 1688 order: one per seller. Its id is the platform's (19 digits, the wire `orderId`); the
-- upstream's order is attached once bought (record before buy: `client_ref` is what the upstream is
-- asked to buy under, so a retried or reconciled create never buys twice).
create table alibaba_orders (
  id                       bigint primary key,
  developer_id             bigint not null,
  user_id                  bigint not null,
  client_ref               text not null,
  -- The create request's orders share it: reconciled together, so a batch stays all or nothing
  -- even when its node dies between two sellers' purchases.
  batch_ref                text not null,
  purchase_state           text not null check (purchase_state in ('PURCHASING', 'PLACED')),
  upstream_order_id        text,
  status                   text not null,
  seller_open_id           text not null,
  seller_login_id          text not null,
  seller_company           text not null,
  flow                     text not null,
  trade_type               text not null,
  message                  text,
  staff_name               text,
  platform_order           integer,
  transfer_account_imgs    text,
  transfer_account_remark  text,
  address                  text not null,         -- JSON: the validated addressParam (§0.2)
  goods_fen                bigint not null check (goods_fen >= 0),
  shipping_fen             bigint not null check (shipping_fen >= 0),
  discount_fen             bigint not null default 0 check (discount_fen <= 0),
  refund_fen               bigint not null default 0 check (refund_fen >= 0),
  refund_status            text,
  close_reason             text,
  pay_way                  text,
  payment_ref              text,                  -- the wallet transaction that paid it (balance modes)
  alipay_trade_id          text,
  upstream_paid            boolean not null default false,
  cashier_token            text unique,           -- the unguessable part of the sandbox cashier page's address
  logistics                text,                  -- JSON: logisticsItems (§0.4), null before shipment
  created_at               timestamptz not null,
  updated_at               timestamptz not null,
  pay_time                 timestamptz,
  shipped_at               timestamptz,
  complete_time            timestamptz,
  unpaid_close_at          timestamptz not null,
  version                  integer not null default 0,
  view_json                text not null,
  constraint alibaba_orders_client_ref_key unique (developer_id, client_ref)
);
create index alibaba_orders_owner_idx on alibaba_orders (developer_id, user_id, id desc);
create index alibaba_orders_owner_status_idx on alibaba_orders (developer_id, user_id, status, id desc);
create index alibaba_orders_batch_idx on alibaba_orders (developer_id, batch_ref);
create index alibaba_orders_upstream_idx on alibaba_orders (developer_id, upstream_order_id);

create table alibaba_order_lines (
  id                bigint primary key,             -- the wire subItemID / orderEntryIds (19 digits)
  order_id          bigint not null references alibaba_orders (id),
  developer_id      bigint not null,
  user_id           bigint not null,
  line_index        integer not null,
  upstream_line_id  text,
  product_id        text not null,                  -- numeric upstream product id (productID)
  offer_map_id      text not null,
  spec_id           text not null,
  sku_id            text,
  name              text not null,
  image_urls        text not null,                  -- JSON string[]
  sku_infos         text not null,                  -- JSON [{name, value}]
  quantity          integer not null check (quantity >= 1),
  unit              text not null,
  unit_price_fen    bigint not null check (unit_price_fen >= 0),
  amount_fen        bigint not null check (amount_fen >= 0),
  post_fee_fen      bigint not null default 0,
  cargo_number      text,
  status            text not null,
  refund_status     text,
  refund_id         text,
  refunded_fen      bigint not null default 0 check (refunded_fen >= 0),
  product_no        text,
  container         text,
  created_at        timestamptz not null,
  updated_at        timestamptz not null,
  unique (order_id, line_index)
);
create index alibaba_order_lines_upstream_idx on alibaba_order_lines (developer_id, upstream_line_id);

-- 1688 orders per (developer, user, status), kept in step like taobao_order_counts.
create table alibaba_order_counts (
  developer_id bigint not null,
  user_id      bigint not null,
  status       text not null,
  n            bigint not null check (n >= 0),
  primary key (developer_id, user_id, status)
);
