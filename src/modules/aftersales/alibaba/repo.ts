// SQL of 1688 refunds. Only this file touches alibaba_refunds; the aggregate and the use cases go
// through it. Writers lock the refund's order first (loadAlibabaOrder), then the refund rows.
import type { CaseQueueFilter } from "../shared/case-queue.ts";
import { forgetCaseRecords } from "../shared/history.ts";
import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { AlibabaRefundsTable } from "../../../platform/db/schema.ts";
import { isInt8Id } from "../../../platform/ids.ts";
import { RefundStatus } from "./model.ts";

export type AlibabaRefundRow = Selectable<AlibabaRefundsTable>;
export type NewAlibabaRefundRow = Insertable<AlibabaRefundsTable> & { version: number };

/** A refund id as the wire carries it: "TQ" + the platform's numeric id. */
export const isRefundId = (text: string): boolean => /^TQ\d{1,19}$/.test(text) && isInt8Id(text.slice(2));

/** Which of two refund ids was issued later (ids are time-ordered numbers after "TQ"). */
export function isNewer(a: string, than: string): boolean {
  const x = BigInt(a.slice(2));
  const y = BigInt(than.slice(2));
  return x > y;
}

export const entryIdsOf = (row: Pick<AlibabaRefundRow, "entry_ids">): string[] => JSON.parse(row.entry_ids) as string[];

export const alibabaRefundRepo = {
  /** Operators' case list: every developer's (or one's) refunds, newest first, after a keyset cursor. */
  async queue(db: Db, filter: CaseQueueFilter): Promise<AlibabaRefundRow[]> {
    let query = db.selectFrom("alibaba_refunds").selectAll();
    if (filter.developerId !== undefined) query = query.where("developer_id", "=", filter.developerId);
    if (filter.open !== undefined) query = query.where("status", filter.open ? "not in" : "in", [RefundStatus.SUCCESS, RefundStatus.CLOSE]);
    if (filter.before) {
      const { at, id } = filter.before;
      query = query.where((eb) => eb.or([eb("created_at", "<", at), eb.and([eb("created_at", "=", at), eb("id", "<", id)])]));
    }
    return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
  },

  /** The developer's open refunds on one upstream order (a live sync reads them upstream). */
  async openIdsOfOrder(db: Db, developerId: string, upstreamOrderId: string): Promise<string[]> {
    const rows = await db
      .selectFrom("alibaba_refunds")
      .select("id")
      .where("developer_id", "=", developerId)
      .where("upstream_order_id", "=", upstreamOrderId)
      .where("status", "not in", [RefundStatus.SUCCESS, RefundStatus.CLOSE])
      .execute();
    return rows.map((r) => r.id);
  },

  insert(trx: Db, row: NewAlibabaRefundRow): PendingWrite {
    return trx.insertInto("alibaba_refunds").values(row);
  },

  update(trx: Db, row: AlibabaRefundRow): PendingWrite {
    const { id, version: _version, ...columns } = row;
    return trx
      .updateTable("alibaba_refunds")
      .set({ ...columns, version: sql`version + 1` })
      .where("id", "=", id);
  },

  delete(trx: Db, id: string): PendingWrite {
    return trx.deleteFrom("alibaba_refunds").where("id", "=", id);
  },

  /** A refund of a developer in any state, unlocked (to find its order before locking). */
  async find(db: Db, developerId: string, refundId: string): Promise<AlibabaRefundRow | undefined> {
    if (!isRefundId(refundId)) return undefined;
    return db.selectFrom("alibaba_refunds").selectAll().where("id", "=", refundId).where("developer_id", "=", developerId).executeTakeFirst();
  },

  /** A user's refund that the upstream holds (reads never see one only recorded). */
  async opened(db: Db, developerId: string, userId: string, refundId: string): Promise<AlibabaRefundRow | undefined> {
    if (!isRefundId(refundId)) return undefined;
    return db
      .selectFrom("alibaba_refunds")
      .selectAll()
      .where("id", "=", refundId)
      .where("developer_id", "=", developerId)
      .where("user_id", "=", userId)
      .where("upstream_state", "=", "OPENED")
      .executeTakeFirst();
  },

  /** Every refund of an order, locked in id order (the caller holds the order's lock). */
  async lockOfOrder(trx: Db, orderId: string): Promise<AlibabaRefundRow[]> {
    return trx.selectFrom("alibaba_refunds").selectAll().where("order_id", "=", orderId).orderBy("id").forUpdate().execute();
  },

  /** A user's refunds (sandbox reset forgets them), with their history. */
  async forgetUser(trx: Db, developerId: string, userId: string): Promise<void> {
    const ids = (await trx.selectFrom("alibaba_refunds").select("id").where("developer_id", "=", developerId).where("user_id", "=", userId).execute()).map((r) => r.id);
    if (ids.length === 0) return;
    await forgetCaseRecords(trx, "alibaba", ids);
    await trx.deleteFrom("alibaba_refunds").where("id", "in", ids).execute();
  },
};
