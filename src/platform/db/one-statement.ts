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
