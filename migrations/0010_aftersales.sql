-- After-sales on both platforms (taobao.md §4, alibaba-1688.md §4; statuses.md §3, §4, §6): Taobao
-- reverse orders and their messages, 1688 refunds, one history, the reason catalogues and the return
-- carriers (operators extend both), and the pictures buyers attach.

-- A Taobao reverse order: one sub-order's refund request. Recorded before the upstream is asked
-- (`upstream_state` RECORDED, invisible to reads), opened once the upstream holds the case.
create table taobao_refunds (
  id                    bigint primary key,                -- the wire refundId
  developer_id          bigint not null,
  user_id               bigint not null,
  order_id              bigint not null,
  sub_order_id          bigint not null,
  upstream_order_id     text not null,                     -- taobaoPurchaseId
  upstream_line_id      text not null,                     -- taobaoSubPurchaseId
  upstream_state        text not null check (upstream_state in ('RECORDED', 'OPENED')),
  status                smallint not null check (status in (1, 2, 3, 4, 5, 6)),
  refund_type           smallint not null check (refund_type in (1, 3)),
  goods_status          smallint not null check (goods_status in (1, 2, 4)),
  reason_id             integer not null,
  reason_desc           text not null,
  refund_desc           text not null default '',
  refund_fee            bigint not null check (refund_fee > 0),
  refunded_fee          bigint not null default 0 check (refunded_fee >= 0),
  images                text not null default '[]',        -- JSON array of picture addresses
  seller_refuse_reason  text not null default '',
  seller_refuse_describe text not null default '',
  seller_agree_describe text not null default '',
  return_address        text,                              -- JSON {name, phone, address, zip}
  return_carrier_code   text not null default '',
  return_carrier_name   text not null default '',
  return_logistics_no   text not null default '',
  buyer_phone           text not null default '',
  return_goods_desc     text not null default '',
  timeout_at            timestamptz,
  upstream_revision     integer not null default 0,
  created_at            timestamptz not null,
  updated_at            timestamptz not null,
  version               integer not null default 0
);
-- At most one open reverse order per sub-order (taobao.md §4.7), also against concurrent submits.
create unique index taobao_refunds_open_line_key on taobao_refunds (sub_order_id) where status in (1, 2, 3, 6);
create index taobao_refunds_owner_idx on taobao_refunds (developer_id, user_id, created_at desc, id desc);
create index taobao_refunds_order_idx on taobao_refunds (order_id);

-- A 1688 refund: one or more lines of one order.
create table alibaba_refunds (
  id                    text primary key,                  -- the wire refundId, 'TQ' + digits
  developer_id          bigint not null,
  user_id               bigint not null,
  order_id              bigint not null,
  upstream_order_id     text not null,
  entry_ids             text not null,                     -- JSON array of the platform's entry ids
  upstream_state        text not null check (upstream_state in ('RECORDED', 'OPENED')),
  status                text not null check (status in ('waitselleragree', 'waitbuyermodify', 'waitbuyersend', 'waitsellerreceive', 'refundsuccess', 'refundclose')),
  dispute_request       text not null check (dispute_request in ('refund', 'returnRefund')),
  goods_status          text not null,
  apply_payment         bigint not null check (apply_payment >= 0),
  apply_carriage        bigint not null check (apply_carriage >= 0),
  apply_reason_id       integer not null,
  apply_reason          text not null,
  description           text not null,
  vouchers              text not null default '[]',
  can_refund_payment    bigint not null,
  refund_payment        bigint not null default 0 check (refund_payment >= 0),
  refund_carriage       bigint not null default 0 check (refund_carriage >= 0),
  buyer_send_goods      boolean,
  buyer_logistics_name  text,
  logistics_company_no  text,
  freight_bill          text,
  goods_received        boolean not null default false,
  reject_reason         text,
  reject_reason_id      integer,
  seller_receive_address text,
  seller_mobile         text,
  product_name          text not null,
  timeout_at            timestamptz,
  completed_at          timestamptz,
  upstream_revision     integer not null default 0,
  created_at            timestamptz not null,
  updated_at            timestamptz not null,
  version               integer not null default 0
);
create index alibaba_refunds_owner_idx on alibaba_refunds (developer_id, user_id, created_at desc);
create index alibaba_refunds_order_idx on alibaba_refunds (order_id);
-- Carriage refunded so far, so that no refund asks back more shipping than the order paid.
alter table alibaba_orders add column refund_carriage_fen bigint not null default 0 check (refund_carriage_fen >= 0);

-- Messages about a reverse order (taobao.md §4.6, §4.8): the buyer's, the seller's, the platform's notes.
create table refund_messages (
  id            bigint primary key,
  platform      text not null check (platform in ('taobao', 'alibaba')),
  refund_id     text not null,
  developer_id  bigint not null,
  user_id       bigint not null,
  sender_role   text not null check (sender_role in ('buyer', 'seller', 'platform')),
  content       text not null,
  pic_urls      text not null default '[]',
  created_at    timestamptz not null
);
create index refund_messages_refund_idx on refund_messages (platform, refund_id, created_at, id);

-- What moved, when, why, by whom: the after-sales cases of both platforms.
create table refund_history (
  id            bigint generated always as identity primary key,
  platform      text not null check (platform in ('taobao', 'alibaba')),
  refund_id     text not null,
  from_status   text,
  to_status     text not null,
  reason        text not null,
  actor         text not null,
  at            timestamptz not null
);
create index refund_history_refund_idx on refund_history (platform, refund_id, id);

-- The reason catalogues (statuses.md §4.5 Taobao, §6.4 1688). Operators add and change reasons.
create table refund_reasons (
  platform            text not null check (platform in ('taobao', 'alibaba')),
  reason_id           integer not null check (reason_id > 0),
  description         text not null,
  tips                text not null default '',
  goods_statuses      text not null,                       -- JSON array of goods-status codes (strings)
  need_voucher        boolean not null default false,
  no_refund_carriage  boolean not null default false,
  position            integer not null default 0,
  active              boolean not null default true,
  primary key (platform, reason_id)
);
insert into refund_reasons (platform, reason_id, description, goods_statuses, need_voucher, no_refund_carriage, position) values
  ('taobao', 402652, '拍错/多拍/不喜欢',   '["4","1","2"]', false, false, 10),
  ('taobao', 400001, '未按约定时间发货',    '["4"]',         false, false, 20),
  ('taobao', 400002, '快递一直未送达',      '["1"]',         false, false, 30),
  ('taobao', 402641, '尺寸/规格不符',       '["2"]',         false, false, 40),
  ('taobao', 403883, '商品成分描述不符',    '["2"]',         false, false, 50),
  ('taobao', 400003, '商品破损/少件',       '["2"]',         false, false, 60),
  ('alibaba', 20001, '不想要了/拍错',       '["refundWaitSellerSend","refundWaitBuyerReceive","refundBuyerReceived","aftersaleBuyerNotReceived","aftersaleBuyerReceived"]', false, true, 10),
  ('alibaba', 20002, '卖家未按约定时间发货', '["refundWaitSellerSend"]', false, false, 20),
  ('alibaba', 20003, '快递一直未送达',      '["refundWaitBuyerReceive","aftersaleBuyerNotReceived"]', false, false, 30),
  ('alibaba', 20021, '颜色/图案/款式不符',   '["refundBuyerReceived","aftersaleBuyerReceived"]', true, false, 40),
  ('alibaba', 20004, '商品破损/少件',       '["refundBuyerReceived","aftersaleBuyerReceived"]', true, false, 50),
  ('alibaba', 20005, '质量问题',           '["refundBuyerReceived","aftersaleBuyerReceived"]', true, false, 60);

-- Carriers a return may be sent with (taobao.md §4.3, alibaba-1688.md §4.6). Operators configure them.
create table return_carriers (
  code           text primary key,
  id             integer not null unique,
  name           text not null,
  phone          text not null default '',
  spelling       text not null,
  support_print  boolean not null default false,
  active         boolean not null default true
);
insert into return_carriers (code, id, name, phone, spelling, support_print) values
  ('SF',    1, '顺丰速运', '95338',  'shunfengsuyun', true),
  ('ZTO',   2, '中通快递', '95311',  'zhongtongkuaidi', true),
  ('YTO',   3, '圆通速递', '95554',  'yuantongsudi', true),
  ('YUNDA', 4, '韵达快递', '95546',  'yundakuaidi', true),
  ('STO',   5, '申通快递', '95543',  'shentongkuaidi', true),
  ('EMS',   6, 'EMS',      '11183',  'ems', false),
  ('JD',    7, '京东物流', '950616', 'jingdongwuliu', false),
  ('DBL',   8, '德邦快递', '95353',  'debangkuaidi', false);

-- Pictures buyers attach to messages and 1688 vouchers: decoded and re-encoded on the way in, so
-- only pixels are kept; served back under an unguessable token, to the tenant that stored them.
create table aftersales_images (
  id            bigint primary key,
  token         text not null unique,
  developer_id  bigint not null,
  user_id       bigint not null,
  content_type  text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  width         integer not null,
  height        integer not null,
  bytes         bytea not null,
  sha256        text not null,
  created_at    timestamptz not null
);
create index aftersales_images_owner_idx on aftersales_images (developer_id, user_id, sha256);
