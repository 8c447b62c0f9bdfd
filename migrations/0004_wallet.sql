-- The wallet: each developer's CNY balance as a double-entry ledger (protocol.md §8 balance rules).
--
-- Every money move is one wallet_transactions row and two or more wallet_entries (postings) whose
-- amounts sum to zero. A developer's account keeps its balance in step with its entries (one row to
-- lock, one guarded UPDATE to debit). The platform's system accounts do not keep a running balance:
-- their balance is the sum of their entries, so payments of different developers never queue on one
-- hot row.

create table wallet_accounts (
  id           text primary key,                  -- 'developer:<id>' or 'platform:<name>'
  kind         text not null check (kind in ('developer', 'system')),
  developer_id bigint unique,                     -- set exactly for developer accounts
  currency     text not null default 'CNY' check (currency = 'CNY'),
  balance_fen  bigint,                            -- kept for developer accounts, null for system ones
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  check ((kind = 'developer') = (developer_id is not null)),
  check ((kind = 'developer') = (balance_fen is not null)),
  check (balance_fen >= 0)
);

insert into wallet_accounts (id, kind, created_at, updated_at) values
  ('platform:cash', 'system', now(), now()),          -- money received from developers (top-ups)
  ('platform:sandbox', 'system', now(), now()),       -- test money granted to sandbox developers
  ('platform:payments', 'system', now(), now()),      -- clearing: order payments in, refunds out
  ('platform:adjustments', 'system', now(), now());   -- operator corrections

create table wallet_transactions (
  id                bigint primary key,             -- snowflake, issued under the account lock
  developer_id      bigint not null,
  kind              text not null check (kind in ('topup', 'payment', 'refund', 'adjustment', 'sandbox_grant')),
  reference         text not null,                  -- idempotency key within (developer, kind)
  amount_fen        bigint not null check (amount_fen <> 0),  -- signed, from the developer's view
  balance_after_fen bigint not null check (balance_after_fen >= 0),
  memo              text not null default '',
  actor             text not null,
  created_at        timestamptz not null,
  unique (developer_id, kind, reference)
);
create index wallet_transactions_statement_idx on wallet_transactions (developer_id, id desc);

create table wallet_entries (
  id             bigint generated always as identity primary key,
  transaction_id bigint not null references wallet_transactions (id),
  account_id     text not null references wallet_accounts (id),
  amount_fen     bigint not null check (amount_fen <> 0)   -- signed: + increases the account
);
create index wallet_entries_transaction_idx on wallet_entries (transaction_id);
create index wallet_entries_account_idx on wallet_entries (account_id);

-- The ledger is append-only: a correction is a new transaction, never an edit.
create function wallet_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'wallet ledger rows are immutable (% on %)', tg_op, tg_table_name;
end;
$$;
create trigger wallet_transactions_append_only before update or delete on wallet_transactions
  for each row execute function wallet_append_only();
create trigger wallet_entries_append_only before update or delete on wallet_entries
  for each row execute function wallet_append_only();
