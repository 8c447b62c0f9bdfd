-- Taobao commerce: the order facts the buying flow needs, upstream lookups, and idempotent requests.

-- When an unpaid order closes by itself (created + timeout, or finance rejection + timeout), and the
-- payment that debited the balance for it (so a rejection or upstream refusal credits it back).
alter table taobao_orders add column unpaid_close_at timestamptz;
alter table taobao_orders add column payment_ref text;
-- Marketplace events name upstream ids; find the line and order by them.
create index taobao_sub_orders_upstream_line_idx on taobao_sub_orders (developer_id, taobao_sub_purchase_id);
create index taobao_sub_orders_upstream_order_idx on taobao_sub_orders (developer_id, taobao_purchase_id);
-- Idempotent create on (user, orderSource, sellerOrderNumber) among orders that are not cancelled.
create index taobao_orders_seller_number_idx on taobao_orders (developer_id, user_id, seller_order_number) where status <> 4;
-- Orders the upstream still has to be paid for (finance confirmed; swept after a crash or outage).
create index taobao_orders_upstream_due_idx on taobao_orders (status_changed_at) where status = 2;

-- Requests that must happen once (Idempotency-Key, sellerOrderNumber): reserved before the work,
-- completed with its answer in the same transaction as the work. A repeat waits for, then replays,
-- the answer; a different request under the same key is refused.
create table idempotency_keys (
  developer_id bigint not null,
  user_id      bigint not null,
  scope        text not null,
  key          text not null,
  request_hash text not null,
  state        text not null check (state in ('PENDING', 'DONE')),
  response     text,
  -- Bumped each time the key is completed or reclaimed, so a reclaim acts only on the answer its
  -- caller saw (not on a newer one that another request completed meanwhile).
  generation   integer not null default 0,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (developer_id, user_id, scope, key)
);
