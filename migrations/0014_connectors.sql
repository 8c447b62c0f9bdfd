-- Real upstream connectors: an operator's settings per connector (secret and tokens sealed with the
-- master key), the ties of the platform's refund ids to the upstream's, and a log of inbound pushes.

create table connector_settings (
  name            text primary key check (name in ('taobao-global', 'alibaba-1688')),
  app_key         text not null,
  secret_sealed   text not null,
  base_url        text not null,
  authorize_url   text not null,
  redirect_uri    text not null,
  tokens_sealed   text,
  tuning          text not null default '{}',
  -- The authorize link's state, checked when the code comes back.
  authorize_state text,
  -- Orders modified before this time (epoch ms, upstream clock) have been polled.
  poll_cursor_ms  bigint,
  updated_at      timestamptz not null default now(),
  version         integer not null default 1
);

create table connector_refund_links (
  connector           text not null,
  refund_id           text not null,
  upstream_refund_id  text not null,
  upstream_order_id   text not null,
  created_at          timestamptz not null default now(),
  primary key (connector, refund_id)
);

create table upstream_pushes (
  id           bigint primary key,
  connector    text not null,
  received_at  timestamptz not null default now(),
  accepted     boolean not null,
  -- Why a push was refused, or which orders it named.
  note         text not null,
  orders       integer not null default 0
);
create index upstream_pushes_recent_idx on upstream_pushes (connector, id desc);

-- A push or poll names an upstream order without its developer: find the order by the upstream's id.
create index taobao_sub_orders_purchase_any_idx on taobao_sub_orders (taobao_purchase_id);
create index alibaba_orders_upstream_any_idx on alibaba_orders (upstream_order_id) where upstream_order_id is not null;
create index taobao_orders_client_ref_any_idx on taobao_orders (client_ref) where client_ref is not null;
create index alibaba_orders_client_ref_any_idx on alibaba_orders (client_ref);

-- A push or a poll schedules one sync per upstream order; a pending one is not scheduled twice.
create index jobs_platform_subject_idx on jobs (subject) where developer_id is null and status = 'PENDING';

-- A real upstream's case revision is its modification time in epoch ms (1688), past 32 bits.
alter table taobao_refunds alter column upstream_revision type bigint;
alter table alibaba_refunds alter column upstream_revision type bigint;
