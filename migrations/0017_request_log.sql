-- Each developer's recent signed calls, for the developer console: what was called, how it ended and
-- why it was refused. Diagnostics, not a ledger: written in batches, pruned after REQUEST_LOG_DAYS.
-- Never a secret, a signature or a body.

create table request_log (
  id            bigint primary key,                   -- snowflake: time-ordered, so pruning is one id range
  developer_id  bigint not null,
  user_id       text,                                 -- the user-id header as sent (may name no user)
  method        text not null,
  path          text not null,                        -- without the query string (it may carry `sign`)
  code          integer not null,
  latency_ms    double precision not null,
  request_id    text not null,
  msg           text,                                 -- the envelope's msg when code <> 200
  at            timestamptz not null
);
create index request_log_developer_idx on request_log (developer_id, id desc);
