-- The warehouse (foundation-warehouse.md §2; research A.1, A.2, A.8): domestic China parcels arriving
-- at the warehouse (inbound parcels), the goods they carry (warehouse items, one per purchased line),
-- every state change of either, storage fees per item and day, and the developer's opt-in to the
-- warehouse callbacks.

-- A domestic parcel, keyed by (developer, tracking number). `user_id` is null while it is HELD: it
-- arrived, nobody announced it, and any of the developer's users may claim it.
create table warehouse_inbound (
  id               bigint primary key,
  developer_id     bigint not null,
  tracking_number  text not null,
  carrier          text not null default '',
  user_id          bigint,
  state            text not null check (state in ('EXPECTED', 'RECEIVED', 'STORED', 'HELD', 'RETURNED_TO_SELLER', 'ABANDONED')),
  -- purchase: a platform order's parcel; declared: announced by the user (§2.3); unannounced: arrived unmatched.
  source           text not null check (source in ('purchase', 'declared', 'unannounced')),
  platform         text check (platform in ('taobao', 'alibaba')),
  weight_g         integer check (weight_g > 0),
  expected_at      timestamptz,
  received_at      timestamptz,
  stored_at        timestamptz,
  hold_until       timestamptz,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  version          integer not null default 0,
  unique (developer_id, tracking_number)
);
create index warehouse_inbound_owner_idx on warehouse_inbound (developer_id, user_id, id desc);
create index warehouse_inbound_state_idx on warehouse_inbound (state, developer_id, id desc);

-- The goods of one purchased line (or of one declared line) in one inbound parcel.
create table warehouse_items (
  id                 bigint primary key,
  developer_id       bigint not null,
  user_id            bigint not null,
  inbound_id         bigint not null references warehouse_inbound (id),
  tracking_number    text not null,
  -- What makes an item unique in its parcel: the platform line, or the declared item and SKU.
  line_key           text not null,
  platform           text check (platform in ('taobao', 'alibaba')),
  order_id           text,                       -- the platform order (Taobao OrderV2VO.id, 1688 baseInfo.id)
  line_id            text,                       -- Taobao subOrderId, 1688 entry (subItemID)
  item_id            text not null,              -- Taobao mpId, 1688 offerMapId, or as declared
  sku_id             text not null,              -- Taobao mpSkuId, 1688 specId, or as declared
  catalog_id         text,                       -- the catalogue product (Taobao itemMapId, 1688 offerMapId)
  title              text not null,
  quantity_expected  integer not null check (quantity_expected > 0),
  quantity_received  integer check (quantity_received >= 0),
  state              text not null check (state in ('EXPECTED', 'RECEIVED', 'QC_PASSED', 'QC_ISSUE', 'STORED', 'ALLOCATED', 'SHIPPED', 'RETURNED_TO_SELLER', 'ABANDONED')),
  weight_g           integer check (weight_g > 0),
  length_mm          integer check (length_mm > 0),
  width_mm           integer check (width_mm > 0),
  height_mm          integer check (height_mm > 0),
  qc_result          text check (qc_result in ('PASSED', 'ISSUE')),
  qc_note            text,
  qc_photos          text not null default '[]', -- JSON array of picture addresses
  qc_at              timestamptz,
  qc_by              text,
  received_at        timestamptz,
  stored_at          timestamptz,
  storage_due_at     timestamptz,                -- free storage ends
  abandon_at         timestamptz,                -- the storage limit
  storage_days       integer not null default 0, -- storage days accounted (free, charged or owed), from the first
  storage_charged_fen bigint not null default 0,
  storage_owed_fen   bigint not null default 0,
  parcel_id          text,                       -- the international parcel holding it (ALLOCATED, SHIPPED)
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  version            integer not null default 0,
  unique (inbound_id, line_key)
);
create index warehouse_items_owner_idx on warehouse_items (developer_id, user_id, id desc);
create index warehouse_items_state_idx on warehouse_items (developer_id, state, inbound_id);
create index warehouse_items_parcel_idx on warehouse_items (developer_id, parcel_id) where parcel_id is not null;

-- Every state change of an inbound parcel or an item.
create table warehouse_history (
  id            bigint generated always as identity primary key,
  developer_id  bigint not null,
  subject       text not null check (subject in ('inbound', 'item')),
  subject_id    bigint not null,
  from_state    text,
  to_state      text not null,
  reason        text,
  actor         text not null,
  at            timestamptz not null
);
create index warehouse_history_subject_idx on warehouse_history (subject, subject_id, id);

-- One storage day of one item past its free days: charged to the balance, or owed when it was short.
create table warehouse_storage_fees (
  item_id       bigint not null references warehouse_items (id),
  day           integer not null check (day >= 0),  -- 0 = the day the item was stored
  developer_id  bigint not null,
  amount_fen    bigint not null check (amount_fen > 0),
  status        text not null check (status in ('CHARGED', 'OWED')),
  reference     text not null,                       -- the wallet reference of the charge
  at            timestamptz not null,
  primary key (item_id, day)
);
create index warehouse_storage_fees_owed_idx on warehouse_storage_fees (developer_id, item_id) where status = 'OWED';

-- Which purchased lines a domestic tracking number carries (the warehouse asks when a parcel is signed for).
create index taobao_sub_orders_logistic_number_idx on taobao_sub_orders (developer_id, logistic_number) where logistic_number is not null;

-- Callback families beyond PandaPon's a developer opted into (e.g. 'warehouse'); none by default.
alter table callback_endpoints add column extensions text[] not null default '{}';
