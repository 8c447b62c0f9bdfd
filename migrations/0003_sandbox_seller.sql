-- The sandbox marketplace's seller side: the purchases the platform places with sandbox sellers,
-- their lines, after-sales cases, and per-developer counters that upstream ids are derived from.

-- What a scheduled event is about (e.g. "taobao:200048859479", "refund:taobao:…"), so that a
-- trigger can find an order's pending events and a reset can drop a user's.
alter table scheduled_events add column subject text;
create index scheduled_events_subject_idx on scheduled_events (developer_id, subject) where status = 'PENDING';

-- Per-developer sequences (purchase counters per platform); ids are a permutation of them.
create table sandbox_counters (
  developer_id bigint not null,
  name         text not null,
  value        bigint not null,
  primary key (developer_id, name)
);

-- One upstream purchase (Taobao purchase per shop / 1688 order per seller). `doc` is the whole
-- state (lines, shipments, scenarios) as JSON; it is read and written under the row lock.
create table sandbox_purchases (
  developer_id      bigint not null,
  platform          text not null check (platform in ('taobao', 'alibaba')),
  upstream_order_id text not null,
  user_id           bigint not null,
  status            text not null,
  doc               text not null,
  created_at_ms     bigint not null,
  updated_at        timestamptz not null default now(),
  primary key (developer_id, platform, upstream_order_id)
);
create index sandbox_purchases_user_idx on sandbox_purchases (developer_id, user_id);

create table sandbox_purchase_lines (
  developer_id      bigint not null,
  platform          text not null,
  upstream_line_id  text not null,
  upstream_order_id text not null,
  primary key (developer_id, platform, upstream_line_id)
);

-- After-sales cases, keyed by the platform's refund id.
create table sandbox_refunds (
  developer_id      bigint not null,
  platform          text not null,
  refund_id         text not null,
  user_id           bigint not null,
  upstream_order_id text not null,
  upstream_line_id  text not null,
  status            text not null,
  doc               text not null,
  primary key (developer_id, platform, refund_id)
);
create index sandbox_refunds_user_idx on sandbox_refunds (developer_id, user_id);
