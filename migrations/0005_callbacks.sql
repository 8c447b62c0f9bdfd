-- Callbacks (protocol.md §7, statuses.md §9): each developer's endpoint, one message per outbox
-- event with its delivery state, and every attempt.

-- One callback URL per developer. The URL is stored only after it answered the verify message with
-- HTTP 200. signing_secret is the Standard Webhooks secret (whsec_…), sealed like Access Secrets.
create table callback_endpoints (
  developer_id   bigint primary key,
  url            text,
  verified_at    timestamptz,
  signing_secret text not null,
  created_at     timestamptz not null,
  updated_at     timestamptz not null
);

-- One message per outbox event, written in the event's own transaction (so none is ever missed).
--   status: PENDING → DELIVERING → DELIVERED | RETRY_WAIT → … → FAILED; NO_ENDPOINT when the
--   developer had no callback URL. A replay starts a new round (attempts start again at 1).
--   due_ms: when the next attempt is due, on the platform clock. Sandbox developers' retries wait
--   as scheduled events on their test clock instead (retry_on_clock), so `advance` runs them.
--   lease_until_ms: a DELIVERING message whose lease passed belongs to a node that died; any node
--   takes it over (the lost attempt is logged as abandoned and not counted).
create table callback_messages (
  event_id         bigint primary key,
  message_id       text not null unique,          -- X-Message-Id and webhook-id: 32 hex, same on every attempt
  developer_id     bigint not null,
  message_type     text not null,
  platform         smallint not null,
  status           text not null default 'PENDING'
                   check (status in ('PENDING', 'DELIVERING', 'DELIVERED', 'RETRY_WAIT', 'FAILED', 'NO_ENDPOINT')),
  round            integer not null default 1,
  attempts         integer not null default 0,    -- attempts started in this round, abandoned ones included
  abandoned        integer not null default 0,
  due_ms           bigint not null default 0,
  retry_on_clock   boolean not null default false,
  lease_until_ms   bigint,
  claim_token      text,
  last_http_status integer,
  last_error       text,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  delivered_at     timestamptz
);
create index callback_messages_due_idx on callback_messages (due_ms, event_id)
  where status in ('PENDING', 'RETRY_WAIT') and not retry_on_clock;
create index callback_messages_lease_idx on callback_messages (lease_until_ms) where status = 'DELIVERING';
create index callback_messages_developer_idx on callback_messages (developer_id, event_id);
create index callback_messages_failed_idx on callback_messages (developer_id, created_at) where status = 'FAILED';

-- Every attempt: when (on the developer's clock), where, and what came back. (event_id, round,
-- attempt) is unique, so no attempt is ever made twice; an abandoned attempt's row is replaced by
-- its real outcome if the slow node reports after all.
create table callback_attempts (
  event_id    bigint not null,
  round       integer not null,
  attempt     integer not null,
  at_ms       bigint not null,
  url         text not null,
  http_status integer,
  error_kind  text,                               -- null = delivered (HTTP 200)
  error       text,
  latency_ms  integer not null,
  primary key (event_id, round, attempt)
);
