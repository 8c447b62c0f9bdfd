// SQL of Taobao reverse orders. Only this file touches taobao_refunds.
import type { CaseQueueFilter } from "../shared/case-queue.ts";
import { forgetCaseRecords } from "../shared/history.ts";
import { randomInt } from "node:crypto";
import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { TaobaoRefundsTable } from "../../../platform/db/schema.ts";
import { isInt8Id } from "../../../platform/ids.ts";
import { OPEN_STATUSES } from "./model.ts";

export type RefundRow = Selectable<TaobaoRefundsTable>;
export type NewRefundRow = Insertable<TaobaoRefundsTable>;

/** The unique index that keeps one open reverse order per sub-order (migration 0010). */
export const OPEN_LINE_KEY = "taobao_refunds_open_line_key";

export interface RefundFilter {
  developerId: string;
  userId: string;
  refundId?: string;
  purchaseOrderId?: string;
  orderId?: string;
  refundStatus?: number;
  createdFrom?: Date;
  createdTo?: Date;
}

const OPEN = [1, 2, 3, 6];

export const refundsRepo = {
  /** The developer's open reverse orders on one upstream purchase (a live sync reads them upstream). */
  async openIdsOfPurchase(db: Db, developerId: string, upstreamOrderId: string): Promise<string[]> {
    return (await db.selectFrom("taobao_refunds").select("id").where("developer_id", "=", developerId).where("upstream_order_id", "=", upstreamOrderId).where("status", "in", OPEN).execute()).map((r) => r.id);
  },

  /**
   * A refundId nobody holds: 12 digits starting with 11 (taobao.md §0.1), the other ten random. A
   * concurrent submit drawing the same id among 10^10 fails on the primary key and is retried by the
   * client like any conflict.
   */
  async freeId(trx: Db): Promise<string> {
    for (;;) {
      const id = `11${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;
      if (!(await trx.selectFrom("taobao_refunds").select("id").where("id", "=", id).executeTakeFirst())) return id;
    }
  },

  /** A recorded reverse order's insert, not run (see writeInOneStatement). */
  insert(trx: Db, row: NewRefundRow): PendingWrite {
    return trx.insertInto("taobao_refunds").values(row);
  },

  /** Rewrites a reverse order, not run; its version goes up (the caller holds the row's lock). */
  update(trx: Db, row: RefundRow): PendingWrite {
    const { id, version: _version, ...columns } = row;
    return trx
      .updateTable("taobao_refunds")
      .set({ ...columns, version: sql`version + 1` })
      .where("id", "=", id);
  },

  /** Removes a reverse order the upstream never opened, not run. */
  delete(trx: Db, id: string): PendingWrite {
    return trx.deleteFrom("taobao_refunds").where("id", "=", id).where("upstream_state", "=", "RECORDED");
  },

  /** The reverse order under its row lock (the order's lock is taken first). */
  async lock(trx: Db, developerId: string, id: string): Promise<RefundRow | undefined> {
    if (!isInt8Id(id)) return undefined;
    return trx.selectFrom("taobao_refunds").selectAll().where("id", "=", id).where("developer_id", "=", developerId).forUpdate().executeTakeFirst();
  },

  /** A reverse order of the developer (and user), unlocked, whatever its upstream state. */
  async find(db: Db, where: { id: string; developerId: string; userId?: string }): Promise<RefundRow | undefined> {
    if (!isInt8Id(where.id)) return undefined;
    let query = db.selectFrom("taobao_refunds").selectAll().where("id", "=", where.id).where("developer_id", "=", where.developerId);
    if (where.userId !== undefined) query = query.where("user_id", "=", where.userId);
    return query.executeTakeFirst();
  },

  /** A sub-order's open reverse order (statuses 1, 2, 3, 6), recorded or opened. */
  async openOfLine(db: Db, subOrderId: string): Promise<RefundRow | undefined> {
    return db.selectFrom("taobao_refunds").selectAll().where("sub_order_id", "=", subOrderId).where("status", "in", OPEN).executeTakeFirst();
  },

  /** Drops one user's reverse orders with their messages and history (sandbox reset); returns their ids. */
  async deleteUser(trx: Db, developerId: string, userId: string): Promise<string[]> {
    const ids = (await trx.deleteFrom("taobao_refunds").where("developer_id", "=", developerId).where("user_id", "=", userId).returning("id").execute()).map((r) => r.id);
    await forgetCaseRecords(trx, "taobao", ids);
    return ids;
  },

  /** A page of the user's opened reverse orders, newest first, and how many match (taobao.md §4.1). */
  async page(db: Db, filter: RefundFilter, offset: number, limit: number): Promise<{ total: number; rows: RefundRow[] }> {
    let query = db.selectFrom("taobao_refunds").where("developer_id", "=", filter.developerId).where("user_id", "=", filter.userId).where("upstream_state", "=", "OPENED");
    if (filter.refundId !== undefined) query = query.where("id", "=", filter.refundId);
    if (filter.purchaseOrderId !== undefined) query = query.where("upstream_order_id", "=", filter.purchaseOrderId);
    if (filter.orderId !== undefined) query = query.where("order_id", "=", filter.orderId);
    if (filter.refundStatus !== undefined) query = query.where("status", "=", filter.refundStatus);
    if (filter.createdFrom !== undefined) query = query.where("created_at", ">=", filter.createdFrom);
    if (filter.createdTo !== undefined) query = query.where("created_at", "<=", filter.createdTo);
    const [count, rows] = await Promise.all([
      query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      query.selectAll().orderBy("created_at", "desc").orderBy("id", "desc").offset(offset).limit(limit).execute(),
    ]);
    return { total: Number(count.n), rows };
  },

  /** Operators' case list: every developer's (or one's) cases, newest first, after a keyset cursor. */
  async queue(db: Db, filter: CaseQueueFilter): Promise<RefundRow[]> {
    let query = db.selectFrom("taobao_refunds").selectAll();
    if (filter.developerId !== undefined) query = query.where("developer_id", "=", filter.developerId);
    if (filter.open !== undefined) query = query.where("status", filter.open ? "in" : "not in", OPEN_STATUSES);
    if (filter.before) {
      const { at, id } = filter.before;
      query = query.where((eb) => eb.or([eb("created_at", "<", at), eb.and([eb("created_at", "=", at), eb("id", "<", id)])]));
    }
    return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
  },
};
