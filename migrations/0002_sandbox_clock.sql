-- Test clocks (one per developer) and the events the sandbox schedules on them.

-- A developer's sandbox time: sim_anchor_ms at real_anchor_ms, moving `speed` times as fast as real
-- time. No row = real time.
create table sandbox_clocks (
  developer_id   bigint primary key,
  sim_anchor_ms  bigint not null,
  real_anchor_ms bigint not null,
  speed          double precision not null default 1 check (speed >= 0 and speed <= 1000000),
  updated_at     timestamptz not null default now()
);

-- Work due at a moment of a developer's sandbox time (seller behaviour, timeouts, retries), stored
-- so that it survives restarts and any node can run it. Claimed with FOR UPDATE SKIP LOCKED.
create table scheduled_events (
  id           bigint primary key,                -- snowflake: ties at one due time run in creation order
  developer_id bigint not null,
  due_at_ms    bigint not null,                   -- sandbox time of the developer
  kind         text not null,
  payload      text not null,
  status       text not null default 'PENDING' check (status in ('PENDING', 'DONE', 'FAILED')),
  last_error   text,
  created_at   timestamptz not null default now(),
  done_at      timestamptz
);
create index scheduled_events_due_idx on scheduled_events (developer_id, due_at_ms, id) where status = 'PENDING';
