-- One durable job runner for everything scheduled (timeouts, retries, polls, reconciliations, the
-- sandbox sellers' events), a durable inbox of marketplace events, and orders recorded before they
-- are bought.

-- Jobs: the sandbox's scheduled events become the platform's jobs. A job's due time is on its clock:
-- 'developer' = the developer's time (a sandbox developer's test clock, real time for a live one),
-- 'real' = real time whoever the developer is (recovery of the platform's own work).
alter table scheduled_events rename to jobs;
alter index scheduled_events_due_idx rename to jobs_developer_due_idx;
alter index scheduled_events_subject_idx rename to jobs_subject_idx;
alter table jobs drop constraint scheduled_events_status_check;
update jobs set status = 'DEAD' where status = 'FAILED';
alter table jobs add constraint jobs_status_check check (status in ('PENDING', 'RUNNING', 'DONE', 'DEAD'));
alter table jobs alter column developer_id drop not null;
alter table jobs add column clock text not null default 'developer' check (clock in ('developer', 'real'));
alter table jobs add column attempts integer not null default 0;
alter table jobs add column max_attempts integer not null default 8;
-- A job whose work runs after its claim commits (an HTTP call) is RUNNING under a lease, in real time.
alter table jobs add column lease_until_ms bigint;
alter table jobs add column lease_owner text;
create index jobs_due_idx on jobs (due_at_ms, id) where status = 'PENDING';
create index jobs_lease_idx on jobs (lease_until_ms) where status = 'RUNNING';
create index jobs_dead_idx on jobs (id) where status = 'DEAD';

-- Every sandbox developer has a test clock row (a live developer has none and follows real time).
-- sim 0 at real 0 at speed 1 is real time until the developer moves it.
insert into sandbox_clocks (developer_id, sim_anchor_ms, real_anchor_ms, speed)
select id, 0, 0, 1 from developers where sandbox
on conflict (developer_id) do nothing;

-- The marketplace inbox: events handed over by connectors (the sandbox sellers, real pushes and
-- polls), keyed by the upstream's own event id so that a duplicate is ignored. Applied in order per
-- upstream purchase (subject) by jobs of kind marketplace.inbox.
create table marketplace_inbox (
  id            bigint primary key,             -- snowflake: arrival order
  connector     text not null,
  event_key     text not null,
  developer_id  bigint not null,
  subject       text not null,                  -- the upstream purchase the event is about
  kind          text not null,
  event         text not null,                  -- the MarketplaceEvent as JSON
  status        text not null default 'PENDING' check (status in ('PENDING', 'APPLIED', 'IGNORED')),
  note          text,
  received_at   timestamptz not null default now(),
  applied_at    timestamptz,
  unique (connector, event_key)
);
create index marketplace_inbox_subject_idx on marketplace_inbox (developer_id, connector, subject, id) where status = 'PENDING';

-- Record before buy: an order is recorded (purchase_state PURCHASING) with the client reference the
-- upstream call carries, then the upstream's answer is attached (PLACED).
alter table taobao_orders add column client_ref text;
alter table taobao_orders add column purchase_state text not null default 'PLACED' check (purchase_state in ('PURCHASING', 'PLACED'));
create unique index taobao_orders_client_ref_idx on taobao_orders (developer_id, client_ref) where client_ref is not null;

-- The sandbox sellers key purchases by the buyer's client reference (a repeat returns them).
alter table sandbox_purchases add column client_ref text;
create index sandbox_purchases_client_ref_idx on sandbox_purchases (developer_id, platform, client_ref) where client_ref is not null;
