// Several writes of one transaction sent as one statement: each a data-modifying CTE, with NOTIFYs
// as the final select. One round trip instead of one per write, which on the request paths is most
// of the cost (each round trip wakes the database and the node once).
//
// PostgreSQL runs every data-modifying CTE exactly once, all against the statement's snapshot, with
// constraints (foreign keys included) checked at its end. So the writes must not depend on each
// other's effects beyond that: no two may change the same row, and none may read what another
// writes. Inserts and updates of distinct rows, as built here, qualify.
import { sql, type OperationNodeSource } from "kysely";
import type { Db } from "./index.ts";

/** A write built on a transaction but not run (a Kysely insert/update/delete without RETURNING). */
export type PendingWrite = OperationNodeSource;

export async function writeInOneStatement(trx: Db, writes: PendingWrite[], notifyChannels: string[] = []): Promise<void> {
  const channels = [...new Set(notifyChannels)];
  if (writes.length === 0 && channels.length === 0) return;
  if (writes.length === 1 && channels.length === 0) {
    await sql`${writes[0]}`.execute(trx);
    return;
  }
  const ctes = sql.join(writes.map((write, i) => sql`${sql.ref(`w${i}`)} as (${write})`));
  const tail = channels.length > 0 ? sql.join(channels.map((channel) => sql`pg_notify(${channel}, '')`)) : sql`1`;
  await (writes.length > 0 ? sql`with ${ctes} select ${tail}` : sql`select ${tail}`).execute(trx);
}

/** A guarding update (with RETURNING) for writeInOneStatementIf: it must change a row for the others to stand. */
export type GuardWrite = OperationNodeSource;

/**
 * writeInOneStatement behind a guard: `guard` (an update with RETURNING, typically "this row, if it
 * is still at the version I hold") runs first — the statement's select reads its result, and
 * PostgreSQL runs a CTE the select reads before the CTEs nobody reads — so its row lock is the first
 * lock taken, as a FOR UPDATE read would have taken it. Answers whether the guard changed a row.
 * When it answers false the other writes have been made all the same: the caller must roll the
 * transaction back (throw), never commit it.
 */
export async function writeInOneStatementIf(trx: Db, guard: GuardWrite, writes: PendingWrite[], notifyChannels: string[] = []): Promise<boolean> {
  const channels = [...new Set(notifyChannels)];
  const ctes = sql.join([sql`guarded as (${guard})`, ...writes.map((write, i) => sql`${sql.ref(`w${i}`)} as (${write})`)]);
  const notify = channels.map((channel) => sql`pg_notify(${channel}, '')`);
  const { rows } = await sql<{ n: number }>`with ${ctes} select (select count(*) from guarded)::int as n${notify.length > 0 ? sql`, ${sql.join(notify)}` : sql``}`.execute(trx);
  return Number(rows[0]?.n ?? 0) > 0;
}
