// The order history of both platforms (table order_history): every transition of an order or a
// line, what, when, why and by whom.
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";

export interface HistoryEntry {
  orderId: string;
  subOrderId: string | null;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: Date;
}

/** The history's insert, not run (see writeInOneStatement); none for no entries. */
export function historyInsert(trx: Db, platform: "taobao" | "alibaba", entries: readonly HistoryEntry[]): PendingWrite[] {
  if (entries.length === 0) return [];
  return [
    trx
      .insertInto("order_history")
      .values(entries.map((e) => ({ platform, order_id: e.orderId, sub_order_id: e.subOrderId, from_status: e.from, to_status: e.to, reason: e.reason, actor: e.actor, at: e.at }))),
  ];
}

/** One order's history (its lines' too), oldest first. */
export async function historyOf(db: Db, platform: "taobao" | "alibaba", orderId: string) {
  return db
    .selectFrom("order_history")
    .select(["sub_order_id", "from_status", "to_status", "reason", "actor", "at"])
    .where("platform", "=", platform)
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
}
