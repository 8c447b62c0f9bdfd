// SQL of 1688 orders. Only this file touches the alibaba_order* tables; the aggregate and the use
// cases go through it. Rule for every writer: a statement that rewrites view_json bumps `version`.
import { sql, type Selectable } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { AlibabaOrderLinesTable, AlibabaOrdersTable } from "../../../platform/db/schema.ts";
import { isInt8Id } from "../../../platform/ids.ts";
import { AlibabaStatus } from "./model.ts";
import { historyOf } from "../shared/history.ts";

export type AlibabaOrderRow = Selectable<AlibabaOrdersTable>;
export type AlibabaLineRow = Selectable<AlibabaOrderLinesTable>;

export interface AlibabaOrderFilter {
  developerId: string;
  userId: string;
  orderId?: string;
  status?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

/**
 * The counters' change for some status moves, not run: one upsert however many orders move (a
 * statement may change a counter row once), each status by the sum of its moves.
 */
function countsUpsert(trx: Db, developerId: string, userId: string, deltas: ReadonlyMap<string, number>): PendingWrite[] {
  const moved = [...deltas].filter(([, d]) => d !== 0);
  if (moved.length === 0) return [];
  const byStatus = sql.join(moved.map(([status, d]) => sql`when ${status} then ${d}::bigint`), sql` `);
  return [
    trx
      .insertInto("alibaba_order_counts")
      .values(moved.map(([status, d]) => ({ developer_id: developerId, user_id: userId, status, n: String(Math.max(d, 0)) })))
      .onConflict((oc) => oc.columns(["developer_id", "user_id", "status"]).doUpdateSet({ n: sql`alibaba_order_counts.n + case excluded.status ${byStatus} end` })),
  ];
}

export const alibabaRepo = {
  /** Whose orders carry this upstream order (or client reference), any developer: a push names no developer. */
  async ownersOfPurchase(db: Db, key: { upstreamOrderId: string } | { clientRef: string }): Promise<Array<{ developerId: string; userId: string }>> {
    const rows = await db
      .selectFrom("alibaba_orders")
      .select(["developer_id", "user_id"])
      .where("upstreamOrderId" in key ? "upstream_order_id" : "client_ref", "=", "upstreamOrderId" in key ? key.upstreamOrderId : key.clientRef)
      .limit(5)
      .execute();
    return rows.map((r) => ({ developerId: r.developer_id, userId: r.user_id }));
  },

  /** New orders' writes, not run: their rows and lines. They are counted once placed (countPlaced). */
  insertWrites(trx: Db, orders: Array<Omit<AlibabaOrderRow, "version">>, lines: AlibabaLineRow[]): PendingWrite[] {
    if (orders.length === 0) return [];
    return [trx.insertInto("alibaba_orders").values(orders), trx.insertInto("alibaba_order_lines").values(lines)];
  },

  /** Counts orders of one owner that became visible (placed), not run. */
  countPlaced(trx: Db, developerId: string, userId: string, statuses: readonly string[]): PendingWrite[] {
    const deltas = new Map<string, number>();
    for (const s of statuses) deltas.set(s, (deltas.get(s) ?? 0) + 1);
    return countsUpsert(trx, developerId, userId, deltas);
  },

  async lockOrder(trx: Db, where: { id: string; developerId: string; userId?: string }): Promise<AlibabaOrderRow | undefined> {
    if (!isInt8Id(where.id)) return undefined;
    let query = trx.selectFrom("alibaba_orders").selectAll().where("id", "=", where.id).where("developer_id", "=", where.developerId);
    if (where.userId !== undefined) query = query.where("user_id", "=", where.userId);
    return query.forUpdate().executeTakeFirst();
  },

  /** Several orders of one developer under their row locks, taken in id order (overlapping sets cannot deadlock); one statement. */
  async lockOrders(trx: Db, developerId: string, ids: readonly string[], userId?: string): Promise<AlibabaOrderRow[]> {
    const valid = [...new Set(ids)].filter(isInt8Id);
    if (valid.length === 0) return [];
    let query = trx.selectFrom("alibaba_orders").selectAll().where("id", "in", valid).where("developer_id", "=", developerId);
    if (userId !== undefined) query = query.where("user_id", "=", userId);
    return query.orderBy("id").forUpdate().execute();
  },

  async lockByClientRef(trx: Db, developerId: string, clientRef: string): Promise<AlibabaOrderRow | undefined> {
    return trx.selectFrom("alibaba_orders").selectAll().where("developer_id", "=", developerId).where("client_ref", "=", clientRef).forUpdate().executeTakeFirst();
  },



  /** The cashier page's token is not part of the order's view: no version change. */
  async setCashierToken(trx: Db, orderId: string, token: string): Promise<void> {
    await trx.updateTable("alibaba_orders").set({ cashier_token: token }).where("id", "=", orderId).execute();
  },

  async byCashierToken(db: Db, token: string): Promise<AlibabaOrderRow | undefined> {
    return db.selectFrom("alibaba_orders").selectAll().where("cashier_token", "=", token).executeTakeFirst();
  },

  async linesOf(db: Db, orderIds: readonly string[]): Promise<AlibabaLineRow[]> {
    if (orderIds.length === 0) return [];
    return db.selectFrom("alibaba_order_lines").selectAll().where("order_id", "in", orderIds).orderBy("order_id").orderBy("line_index").execute();
  },

  /**
   * The orders whose domestic shipments (`logistics`) include this tracking number, unlocked (the
   * warehouse matches a signed-for parcel to its lines): by the upstream order when known, else by
   * the shipments' text.
   */
  async ordersShippedWith(db: Db, developerId: string, trackingNumber: string, upstreamOrderId?: string): Promise<AlibabaOrderRow[]> {
    let query = db.selectFrom("alibaba_orders").selectAll().where("developer_id", "=", developerId).where("logistics", "is not", null);
    query = upstreamOrderId !== undefined
      ? query.where("upstream_order_id", "=", upstreamOrderId)
      : query.where(sql<boolean>`(strpos(logistics, ${`"logisticsBillNo":${JSON.stringify(trackingNumber)}`}) > 0)`);
    return query.orderBy("id").execute();
  },

  /** Whether an upstream 1688 order is one of ours still waiting for the seller to ship (a parcel's lines may not be recorded yet). */
  async purchaseAwaitsShipment(db: Db, developerId: string, upstreamOrderId: string): Promise<boolean> {
    const row = await db
      .selectFrom("alibaba_orders")
      .select("id")
      .where("developer_id", "=", developerId)
      .where("upstream_order_id", "=", upstreamOrderId)
      .where("status", "in", [AlibabaStatus.WAIT_BUYER_PAY, AlibabaStatus.WAIT_SELLER_SEND])
      .executeTakeFirst();
    return row !== undefined;
  },

  /** An order without a lock (reads, jobs deciding whether to go on). */
  async orderRow(db: Db, developerId: string, orderId: string, userId?: string): Promise<AlibabaOrderRow | undefined> {
    if (!isInt8Id(orderId)) return undefined;
    let query = db.selectFrom("alibaba_orders").selectAll().where("id", "=", orderId).where("developer_id", "=", developerId);
    if (userId !== undefined) query = query.where("user_id", "=", userId);
    return query.executeTakeFirst();
  },

  /** A placed order, unlocked (what a resumed create answers). */
  async placed(db: Db, orderId: string): Promise<AlibabaOrderRow | undefined> {
    return db.selectFrom("alibaba_orders").selectAll().where("id", "=", orderId).where("purchase_state", "=", "PLACED").executeTakeFirst();
  },

  /** The orders one create request recorded (its batch), unlocked, in the order they were recorded. */
  async batchOf(db: Db, developerId: string, batchRef: string): Promise<AlibabaOrderRow[]> {
    return db.selectFrom("alibaba_orders").selectAll().where("developer_id", "=", developerId).where("batch_ref", "=", batchRef).orderBy("id").execute();
  },

  /** A still-purchasing order (reconciliation), unlocked. */
  async purchasing(db: Db, orderId: string): Promise<AlibabaOrderRow | undefined> {
    return db.selectFrom("alibaba_orders").selectAll().where("id", "=", orderId).where("purchase_state", "=", "PURCHASING").executeTakeFirst();
  },

  orderUpdate(trx: Db, row: AlibabaOrderRow): PendingWrite {
    const { id, version: _version, ...columns } = row;
    return trx
      .updateTable("alibaba_orders")
      .set({ ...columns, version: sql`version + 1` })
      .where("id", "=", id);
  },

  /**
   * Paid upstream, not run: `upstream_paid` of those orders still waiting for the seller to ship.
   * `upstream_paid` is not part of the order's view: no view rewrite, no version change.
   */
  markUpstreamPaid(trx: Db, developerId: string, orderIds: readonly string[]): PendingWrite {
    return trx.updateTable("alibaba_orders").set({ upstream_paid: true }).where("developer_id", "=", developerId).where("id", "in", orderIds).where("status", "=", AlibabaStatus.WAIT_SELLER_SEND).where("upstream_paid", "=", false);
  },

  lineUpdates(trx: Db, lines: readonly AlibabaLineRow[]): PendingWrite[] {
    return lines.map(({ id, ...columns }) => trx.updateTable("alibaba_order_lines").set(columns).where("id", "=", id));
  },

  countMoves(trx: Db, developerId: string, userId: string, moves: ReadonlyArray<{ from: string; to: string }>): PendingWrite[] {
    const deltas = new Map<string, number>();
    for (const { from, to } of moves) {
      if (from === to) continue;
      deltas.set(from, (deltas.get(from) ?? 0) - 1);
      deltas.set(to, (deltas.get(to) ?? 0) + 1);
    }
    return countsUpsert(trx, developerId, userId, deltas);
  },

  /**
   * Removes orders that were never bought (given up while purchasing: never announced), with their
   * lines, history and counters. Answers the ids removed (those that were still purchasing).
   */
  async discardPurchasing(trx: Db, developerId: string, orderIds: readonly string[]): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows = await trx
      .selectFrom("alibaba_orders")
      .select("id")
      .where("developer_id", "=", developerId)
      .where("id", "in", orderIds)
      .where("purchase_state", "=", "PURCHASING")
      .orderBy("id")
      .forUpdate()
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await trx.deleteFrom("alibaba_order_lines").where("order_id", "in", ids).execute();
    await trx.deleteFrom("order_history").where("platform", "=", "alibaba").where("order_id", "in", ids).execute();
    await trx.deleteFrom("alibaba_orders").where("id", "in", ids).execute();
    return ids;
  },

  /** A page of stored views, newest first, and the total (from the counters when only `status` filters). */
  async page(db: Db, filter: AlibabaOrderFilter, offset: number, limit: number): Promise<{ total: number; views: string[] }> {
    let query = db.selectFrom("alibaba_orders").where("developer_id", "=", filter.developerId).where("user_id", "=", filter.userId).where("purchase_state", "=", "PLACED");
    if (filter.orderId !== undefined) query = query.where("id", "=", filter.orderId);
    if (filter.status !== undefined) query = query.where("status", "=", filter.status);
    if (filter.createdFrom !== undefined) query = query.where("created_at", ">=", filter.createdFrom);
    if (filter.createdTo !== undefined) query = query.where("created_at", "<=", filter.createdTo);
    const byCounters = filter.orderId === undefined && filter.createdFrom === undefined && filter.createdTo === undefined;
    const counted = byCounters
      ? db
          .selectFrom("alibaba_order_counts")
          .select(sql<string>`coalesce(sum(n), 0)`.as("n"))
          .where("developer_id", "=", filter.developerId)
          .where("user_id", "=", filter.userId)
          .$if(filter.status !== undefined, (q) => q.where("status", "=", filter.status!))
      : query.select(sql<string>`count(*)`.as("n"));
    const count = await counted.executeTakeFirstOrThrow();
    const rows = await query.select("view_json").orderBy("id", "desc").offset(offset).limit(limit).execute();
    return { total: Number(count.n), views: rows.map((r) => r.view_json) };
  },

  /** Every placed order of a developer with its lines (the read model's check). */
  async placedOf(db: Db, developerId: string): Promise<{ orders: AlibabaOrderRow[]; lines: AlibabaLineRow[] }> {
    const orders = await db.selectFrom("alibaba_orders").selectAll().where("developer_id", "=", developerId).where("purchase_state", "=", "PLACED").execute();
    return { orders, lines: await this.linesOf(db, orders.map((o) => o.id)) };
  },

  async counts(db: Db, developerId: string): Promise<Array<{ user_id: string; status: string; n: string }>> {
    return db.selectFrom("alibaba_order_counts").select(["user_id", "status", "n"]).where("developer_id", "=", developerId).execute();
  },

  /** One user's placed orders counted by status (the counters the /v2 page totals read), statuses with none left out. */
  async userCounts(db: Db, developerId: string, userId: string): Promise<Array<{ status: string; n: string }>> {
    return db.selectFrom("alibaba_order_counts").select(["status", "n"]).where("developer_id", "=", developerId).where("user_id", "=", userId).where("n", ">", "0").orderBy("status").execute();
  },

  /** An order's history as the console shows it, oldest first. */
  historyOf(db: Db, orderId: string) {
    return historyOf(db, "alibaba", orderId);
  },

  /**
   * The operators' queue: placed orders of every developer (or one), newest first by keyset on id
   * (the status and developer indexes of 0018), optionally of one status and unchanged since
   * `changedBefore` (updated_at: 1688 orders keep no separate status time).
   */
  async operatorPage(
    db: Db,
    query: { developerId?: string | undefined; status?: string | undefined; changedBefore?: Date | undefined; beforeId?: string | undefined; limit: number },
  ): Promise<Array<Pick<AlibabaOrderRow, "id" | "developer_id" | "user_id" | "status" | "goods_fen" | "shipping_fen" | "discount_fen" | "created_at" | "updated_at">>> {
    let q = db
      .selectFrom("alibaba_orders")
      .select(["id", "developer_id", "user_id", "status", "goods_fen", "shipping_fen", "discount_fen", "created_at", "updated_at"])
      .where("purchase_state", "=", "PLACED");
    if (query.developerId !== undefined) q = q.where("developer_id", "=", query.developerId);
    if (query.status !== undefined) q = q.where("status", "=", query.status);
    if (query.changedBefore !== undefined) q = q.where("updated_at", "<=", query.changedBefore);
    if (query.beforeId !== undefined) q = q.where("id", "<", query.beforeId);
    return q.orderBy("id", "desc").limit(query.limit).execute();
  },

  /** A user's orders (sandbox reset forgets them). */
  async forgetUser(trx: Db, developerId: string, userId: string): Promise<void> {
    const ids = (await trx.selectFrom("alibaba_orders").select("id").where("developer_id", "=", developerId).where("user_id", "=", userId).execute()).map((r) => r.id);
    if (ids.length > 0) {
      await trx.deleteFrom("order_history").where("platform", "=", "alibaba").where("order_id", "in", ids).execute();
      await trx.deleteFrom("alibaba_order_lines").where("order_id", "in", ids).execute();
      await trx.deleteFrom("alibaba_orders").where("id", "in", ids).execute();
    }
    await trx.deleteFrom("alibaba_order_counts").where("developer_id", "=", developerId).where("user_id", "=", userId).execute();
  },
};
