// The after-sales history of both platforms (table refund_history): every transition of a case,
// what, when, why and by whom.
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { AftersalesPlatform } from "./catalogue.ts";

export interface RefundHistoryEntry {
  refundId: string;
  from: string | null;
  to: string;
  reason: string;
  actor: string;
  at: Date;
}

/** The history's insert, not run (see writeInOneStatement); none for no entries. */
export function refundHistoryInsert(trx: Db, platform: AftersalesPlatform, entries: readonly RefundHistoryEntry[]): PendingWrite[] {
  if (entries.length === 0) return [];
  return [
    trx.insertInto("refund_history").values(entries.map((e) => ({ platform, refund_id: e.refundId, from_status: e.from, to_status: e.to, reason: e.reason, actor: e.actor, at: e.at }))),
  ];
}

export async function refundHistory(db: Db, platform: AftersalesPlatform, refundId: string): Promise<RefundHistoryEntry[]> {
  const rows = await db.selectFrom("refund_history").selectAll().where("platform", "=", platform).where("refund_id", "=", refundId).orderBy("id").execute();
  return rows.map((r) => ({ refundId: r.refund_id, from: r.from_status, to: r.to_status, reason: r.reason, actor: r.actor, at: r.at }));
}

/** Drops what the shared tables keep about some cases, their messages and history (a sandbox user reset). */
export async function forgetCaseRecords(trx: Db, platform: AftersalesPlatform, refundIds: readonly string[]): Promise<void> {
  if (refundIds.length === 0) return;
  await trx.deleteFrom("refund_messages").where("platform", "=", platform).where("refund_id", "in", refundIds).execute();
  await trx.deleteFrom("refund_history").where("platform", "=", platform).where("refund_id", "in", refundIds).execute();
}
