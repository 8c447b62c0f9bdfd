-- The console's people and sessions: named operator accounts with roles (passwords hashed with
-- scrypt), and server-side sessions behind an HTTP-only cookie (only the cookie value's hash is kept).

create table operators (
  id                   bigint primary key,
  name                 text not null unique,
  password_hash        text not null,
  roles                text not null,                 -- JSON array: admin, finance, warehouse, support
  disabled             boolean not null default false,
  created_at           timestamptz not null default now(),
  password_changed_at  timestamptz not null default now()
);

create table console_sessions (
  token_hash    text primary key,                     -- sha256 of the cookie value, hex
  kind          text not null check (kind in ('operator', 'developer')),
  subject_id    bigint not null,                      -- the operator's or the developer's id
  csrf_token    text not null,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null
);
create index console_sessions_subject_idx on console_sessions (kind, subject_id);
