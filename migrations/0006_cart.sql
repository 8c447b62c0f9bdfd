-- Taobao cart (taobao.md §3): rows of one (developer, user-id) pair, each with a snapshot of the SKU
-- taken when it was added (the list shows it; the preview compares it with the catalogue).

create table taobao_cart_items (
  -- A small integer on the wire (taobao.md §3: `ids` are integers, DOCUMENTED), so an identity, not a snowflake.
  id                  bigint generated always as identity primary key,
  developer_id        bigint not null,
  user_id             bigint not null,
  item_map_id         text not null,                 -- opaque product id
  mp_id               text not null,
  sku_id              text not null,
  mp_sku_id           text not null,
  quantity            integer not null check (quantity >= 1),
  -- The snapshot.
  title               text not null,
  image_url           text,
  price_fen           bigint not null check (price_fen >= 0),
  promotion_price_fen bigint not null check (promotion_price_fen >= 0),
  properties          text not null,                 -- the wire string: as given at add time, else built from the catalogue
  props_zh            text not null,                 -- JSON {"颜色分类":"红色"} in Chinese
  props_trans         text not null,                 -- the same in `lang`
  lang                text not null,
  shop_id             bigint not null,
  shop_name           text not null,
  user_nick           text not null,
  sku_quantity        integer not null,              -- SKU stock when added
  -- Stored as given, no effect (taobao.md §3.5).
  platform            integer,
  quote_type          integer,
  price_ranges        text,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  -- Adding a SKU the user already has merges into its row (taobao.md §3.5).
  constraint taobao_cart_items_owner_sku_key unique (developer_id, user_id, mp_sku_id)
);
create index taobao_cart_items_owner_idx on taobao_cart_items (developer_id, user_id, created_at desc, id desc);
