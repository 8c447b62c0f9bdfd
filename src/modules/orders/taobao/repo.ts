// SQL of Taobao orders. Only this file touches the taobao_order* tables: the aggregate and the use
// cases read and write them through these functions, so a schema change has one place to look.
import { sql, type Selectable } from "kysely";
import type { DatabaseHandle, Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { TaobaoOrdersTable, TaobaoSubOrdersTable } from "../../../platform/db/schema.ts";
import { isInt8Id } from "../../../platform/ids.ts";
import { historyInsert, historyOf, type HistoryEntry } from "../shared/history.ts";
import type { OwnerPageRequest, PageEntry, PageResult } from "../shared/page-batcher.ts";

export type OrderRow = Selectable<TaobaoOrdersTable>;
export type SubOrderRow = Selectable<TaobaoSubOrdersTable>;

export interface OrderFilter {
  developerId: string;
  userId: string;
  id?: string;
  orderNo?: string;
  status?: number;
  sellerNick?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

function filtered(db: Db, filter: OrderFilter) {
  let query = db.selectFrom("taobao_orders as o").where("o.developer_id", "=", filter.developerId).where("o.user_id", "=", filter.userId);
  if (filter.id !== undefined) query = query.where("o.id", "=", filter.id);
  if (filter.orderNo !== undefined) query = query.where("o.order_no", "=", filter.orderNo);
  if (filter.status !== undefined) query = query.where("o.status", "=", filter.status);
  if (filter.createdFrom !== undefined) query = query.where("o.created_at", ">=", filter.createdFrom);
  if (filter.createdTo !== undefined) query = query.where("o.created_at", "<=", filter.createdTo);
  if (filter.sellerNick !== undefined) {
    const nick = filter.sellerNick;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("taobao_sub_orders as s")
          .select("s.id")
          .whereRef("s.order_id", "=", "o.id")
          .where("s.seller_nick", "=", nick),
      ),
    );
  }
  return query;
}

/** True when only the status filter (or none) is set: such pages are batched and counted from the counters. */
export function countable(filter: OrderFilter): boolean {
  return filter.id === undefined && filter.orderNo === undefined && filter.sellerNick === undefined && filter.createdFrom === undefined && filter.createdTo === undefined;
}

export type { OwnerPageRequest, PageEntry, PageResult };

// Rule for every writer: a statement that rewrites taobao_orders.view_json must also bump
// `version` (version = version + 1). The page serves cached view bytes keyed by (id, version), so a
// view rewritten without a new version would be served stale by nodes that cached the old bytes.
export const ordersRepo = {
  /** A new order's writes, not run (see writeInOneStatement): its row, its lines, its counter. */
  insertOrderWrites(trx: Db, order: Omit<OrderRow, "version">, lines: SubOrderRow[]): PendingWrite[] {
    return [
      trx.insertInto("taobao_orders").values(order),
      trx.insertInto("taobao_sub_orders").values(lines),
      trx
        .insertInto("taobao_order_counts")
        .values({ developer_id: order.developer_id, user_id: order.user_id, status: order.status, n: "1" })
        .onConflict((oc) => oc.columns(["developer_id", "user_id", "status"]).doUpdateSet({ n: sql`taobao_order_counts.n + 1` })),
    ];
  },

  /** The order's row, locked for the rest of the transaction. */
  async lockOrder(trx: Db, where: { id: string; developerId: string; userId?: string }): Promise<OrderRow | undefined> {
    if (!isInt8Id(where.id)) return undefined;
    let query = trx.selectFrom("taobao_orders").selectAll().where("id", "=", where.id).where("developer_id", "=", where.developerId);
    if (where.userId !== undefined) query = query.where("user_id", "=", where.userId);
    return query.forUpdate().executeTakeFirst();
  },

  /** The order a client reference was recorded for, under its row lock (record before buy: one order per reference). */
  async lockOrderByClientRef(trx: Db, developerId: string, clientRef: string): Promise<OrderRow | undefined> {
    return trx.selectFrom("taobao_orders").selectAll().where("developer_id", "=", developerId).where("client_ref", "=", clientRef).forUpdate().executeTakeFirst();
  },

  /** Rewrites an order row, not run (see writeInOneStatement); the view changes with it, so the version goes up. */
  orderUpdate(trx: Db, id: string, columns: Omit<OrderRow, "id" | "version">) {
    return trx
      .updateTable("taobao_orders")
      .set({ ...columns, version: sql`version + 1` })
      .where("id", "=", id);
  },

  /**
   * orderUpdate guarded: only while the row is still at `version` (and, given, `purchaseState`);
   * returns its id when it changed it (see writeInOneStatementIf). Every writer of an order row bumps
   * its version, so an unchanged version means the row is exactly as the caller holds it.
   */
  orderUpdateIf(trx: Db, id: string, columns: Omit<OrderRow, "id" | "version">, version: number, purchaseState?: OrderRow["purchase_state"]) {
    let update = ordersRepo.orderUpdate(trx, id, columns).where("version", "=", version);
    if (purchaseState !== undefined) update = update.where("purchase_state", "=", purchaseState);
    return update.returning("id");
  },

  /** The updates rewriting these lines, not run (see writeInOneStatement). */
  lineUpdates(trx: Db, lines: SubOrderRow[]): PendingWrite[] {
    return lines.map(({ id, ...columns }) => trx.updateTable("taobao_sub_orders").set(columns).where("id", "=", id));
  },

  /**
   * Keeps taobao_order_counts in step with a status change, not run (see writeInOneStatement): the
   * order leaves one counter row and joins another (the rows are locked in the same order, `from` then `to`).
   */
  countMove(trx: Db, developerId: string, userId: string, from: number, to: number): PendingWrite {
    return trx
      .insertInto("taobao_order_counts")
      .values([
        { developer_id: developerId, user_id: userId, status: from, n: "0" },
        { developer_id: developerId, user_id: userId, status: to, n: "1" },
      ])
      .onConflict((oc) => oc.columns(["developer_id", "user_id", "status"]).doUpdateSet({ n: sql`taobao_order_counts.n + case when excluded.status = ${to} then 1 else -1 end` }));
  },

  /** An order's status and user without a lock (the upstream payment decides whether to go on). */
  async statusOf(db: Db, developerId: string, orderId: string): Promise<{ status: number; user_id: string } | undefined> {
    return db.selectFrom("taobao_orders").select(["status", "user_id"]).where("id", "=", orderId).where("developer_id", "=", developerId).executeTakeFirst();
  },

  /** An order's row, unlocked; it must exist (the caller found one of its lines). */
  async orderRow(db: Db, orderId: string): Promise<OrderRow> {
    return db.selectFrom("taobao_orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
  },

  /** The order holding an upstream line (marketplace events name upstream ids). */
  /** Whose orders carry this upstream purchase (or client reference), any developer: a push names no developer. */
  async ownersOfPurchase(db: Db, key: { upstreamOrderId: string } | { clientRef: string }): Promise<Array<{ developerId: string; userId: string }>> {
    const rows =
      "upstreamOrderId" in key
        ? await db.selectFrom("taobao_sub_orders").select(["developer_id", "user_id"]).where("taobao_purchase_id", "=", key.upstreamOrderId).limit(5).execute()
        : await db.selectFrom("taobao_orders").select(["developer_id", "user_id"]).where("client_ref", "=", key.clientRef).limit(5).execute();
    return rows.map((r) => ({ developerId: r.developer_id, userId: r.user_id }));
  },

  async orderOfUpstreamLine(db: Db, developerId: string, subPurchaseId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom("taobao_sub_orders")
      .select("order_id")
      .where("developer_id", "=", developerId)
      .where("taobao_sub_purchase_id", "=", subPurchaseId)
      .orderBy("id", "desc")
      .executeTakeFirst();
    return row?.order_id;
  },

  /** The lines a domestic parcel carries (the warehouse matches a signed-for parcel to its lines), unlocked, with their order's receiver name. */
  async linesShippedWith(db: Db, developerId: string, trackingNumber: string): Promise<Array<SubOrderRow & { receiver_name: string | null }>> {
    return db
      .selectFrom("taobao_sub_orders as s")
      .innerJoin("taobao_orders as o", "o.id", "s.order_id")
      .selectAll("s")
      .select("o.wh_name as receiver_name")
      .where("s.developer_id", "=", developerId)
      .where("s.logistic_number", "=", trackingNumber)
      .orderBy("s.order_id")
      .orderBy("s.line_index")
      .execute();
  },

  /** Whether an upstream purchase still has lines the seller has not shipped (a parcel's lines may not be recorded yet). */
  async purchaseAwaitsShipment(db: Db, developerId: string, purchaseId: string): Promise<boolean> {
    const row = await db
      .selectFrom("taobao_sub_orders")
      .select("id")
      .where("developer_id", "=", developerId)
      .where("taobao_purchase_id", "=", purchaseId)
      .where("status", "in", ["BULIDING", "WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS"])
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The upstream purchases of an order. */
  async purchasesOfOrder(db: Db, developerId: string, orderId: string, userId?: string): Promise<string[]> {
    if (!isInt8Id(orderId)) return [];
    let query = db.selectFrom("taobao_sub_orders").select("taobao_purchase_id").distinct().where("developer_id", "=", developerId).where("order_id", "=", orderId).where("taobao_purchase_id", "<>", "");
    if (userId !== undefined) query = query.where("user_id", "=", userId);
    const rows = await query.execute();
    return rows.map((r) => r.taobao_purchase_id).sort();
  },

  async ordersOfUpstreamPurchase(db: Db, developerId: string, purchaseId: string, userId?: string): Promise<string[]> {
    let query = db.selectFrom("taobao_sub_orders").select("order_id").distinct().where("developer_id", "=", developerId).where("taobao_purchase_id", "=", purchaseId);
    if (userId !== undefined) query = query.where("user_id", "=", userId);
    return (await query.execute()).map((r) => r.order_id);
  },

  async lineOfUser(db: Db, owner: { developerId: string; userId: string }, subPurchaseId: string): Promise<SubOrderRow | undefined> {
    if (!isInt8Id(subPurchaseId)) return undefined;
    return db
      .selectFrom("taobao_sub_orders")
      .selectAll()
      .where("developer_id", "=", owner.developerId)
      .where("user_id", "=", owner.userId)
      .where("taobao_sub_purchase_id", "=", subPurchaseId)
      .orderBy("id", "desc")
      .executeTakeFirst();
  },

  /** A non-cancelled order of the user with this orderSource and sellerOrderNumber (idempotent create). */
  async openOrderBySellerNumber(db: Db, owner: { developerId: string; userId: string }, orderSource: string | null, sellerOrderNumber: string): Promise<string | undefined> {
    let query = db
      .selectFrom("taobao_orders")
      .select("id")
      .where("developer_id", "=", owner.developerId)
      .where("user_id", "=", owner.userId)
      .where("seller_order_number", "=", sellerOrderNumber)
      .where("status", "<>", 4)
      // An order still being purchased is not there yet: a concurrent request waits for its buyer.
      .where("purchase_state", "=", "PLACED");
    query = orderSource === null ? query.where("order_source", "is", null) : query.where("order_source", "=", orderSource);
    return (await query.orderBy("id").executeTakeFirst())?.id;
  },

  async findOrderId(db: Db, owner: { developerId: string; userId: string }, by: { id?: string; orderNo?: string }): Promise<string | undefined> {
    if ((by.id !== undefined && !isInt8Id(by.id)) || (by.orderNo !== undefined && !isInt8Id(by.orderNo))) return undefined;
    let query = db.selectFrom("taobao_orders").select("id").where("developer_id", "=", owner.developerId).where("user_id", "=", owner.userId);
    if (by.id !== undefined) query = query.where("id", "=", by.id);
    if (by.orderNo !== undefined) query = query.where("order_no", "=", by.orderNo);
    return (await query.executeTakeFirst())?.id;
  },

  /** The order holding a sub-order of this developer (and user); a line never changes orders, so no lock is needed to find it. */
  async orderIdOfLine(db: Db, where: { subOrderId: string; developerId: string; userId?: string }): Promise<string | undefined> {
    if (!isInt8Id(where.subOrderId)) return undefined;
    let query = db.selectFrom("taobao_sub_orders").select("order_id").where("id", "=", where.subOrderId).where("developer_id", "=", where.developerId);
    if (where.userId !== undefined) query = query.where("user_id", "=", where.userId);
    return (await query.executeTakeFirst())?.order_id;
  },

  /** Orders with their lines, unlocked. */
  async ordersWithLines(db: Db, orderIds: readonly string[]): Promise<Map<string, { order: OrderRow; lines: SubOrderRow[] }>> {
    const ids = [...new Set(orderIds)].filter(isInt8Id);
    if (ids.length === 0) return new Map();
    const [orders, lines] = await Promise.all([db.selectFrom("taobao_orders").selectAll().where("id", "in", ids).execute(), ordersRepo.linesOf(db, ids)]);
    return new Map(orders.map((order) => [order.id, { order, lines: lines.filter((line) => line.order_id === order.id) }]));
  },

  async viewOf(db: Db, id: string): Promise<string | undefined> {
    return (await db.selectFrom("taobao_orders").select("view_json").where("id", "=", id).executeTakeFirst())?.view_json;
  },

  /** Removes one order (never announced: given up while being purchased) and takes it off its counter. */
  async deleteOrder(trx: Db, order: OrderRow): Promise<void> {
    await trx.deleteFrom("order_history").where("platform", "=", "taobao").where("order_id", "=", order.id).execute();
    await trx.deleteFrom("taobao_sub_orders").where("order_id", "=", order.id).execute();
    await trx.deleteFrom("taobao_orders").where("id", "=", order.id).execute();
    await trx
      .updateTable("taobao_order_counts")
      .set({ n: sql`n - 1` })
      .where("developer_id", "=", order.developer_id)
      .where("user_id", "=", order.user_id)
      .where("status", "=", order.status)
      .execute();
  },

  async purchasingOrder(
    db: Db,
    orderId: string,
  ): Promise<{ id: string; developer_id: string; user_id: string; client_ref: string; seller_order_number: string | null; order_source: string | null } | undefined> {
    const row = await db
      .selectFrom("taobao_orders")
      .select(["id", "developer_id", "user_id", "client_ref", "seller_order_number", "order_source"])
      .where("id", "=", orderId)
      .where("purchase_state", "=", "PURCHASING")
      .executeTakeFirst();
    return row && row.client_ref !== null ? { ...row, client_ref: row.client_ref } : undefined;
  },


  /** Drops one user's orders (sandbox reset); returns their ids. */
  async deleteUserOrders(trx: Db, developerId: string, userId: string): Promise<string[]> {
    const ids = (await trx.selectFrom("taobao_orders").select("id").where("developer_id", "=", developerId).where("user_id", "=", userId).execute()).map((r) => r.id);
    if (ids.length > 0) {
      await trx.deleteFrom("order_history").where("platform", "=", "taobao").where("order_id", "in", ids).execute();
      await trx.deleteFrom("taobao_sub_orders").where("order_id", "in", ids).execute();
      await trx.deleteFrom("taobao_orders").where("id", "in", ids).execute();
    }
    await trx.deleteFrom("taobao_order_counts").where("developer_id", "=", developerId).where("user_id", "=", userId).execute();
    return ids;
  },

  /** The history's insert, not run (see writeInOneStatement); none for no entries. */
  historyInsert(trx: Db, entries: readonly HistoryEntry[]): PendingWrite[] {
    return historyInsert(trx, "taobao", entries);
  },


  /**
   * Pages of stored order views for several owners at once (the storefront's everyday call: no
   * filter, or a status tab), with their totals from the counters: one round trip for the batch.
   * Each owner's page is ascending createTime, then id.
   */
  async ownerPages(prepared: DatabaseHandle["prepared"], requests: readonly OwnerPageRequest[]): Promise<PageResult[]> {
    const results: PageResult[] = requests.map(() => ({ total: 0, entries: [] }));
    const withStatus = requests.map((r, i) => [r, i] as const).filter(([r]) => r.status !== undefined);
    const withoutStatus = requests.map((r, i) => [r, i] as const).filter(([r]) => r.status === undefined);
    await Promise.all(
      [withoutStatus, withStatus].map(async (group) => {
        if (group.length === 0) return;
        const status = group[0]![0].status !== undefined;
        const rows = await prepared<{ i: string; total: string; id: string | null; version: number | null }>(
          status ? "openpon_order_pages_status" : "openpon_order_pages",
          `select t.i, c.total, o.id, o.version
             from unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::smallint[]) with ordinality as t(d, u, off, lim, s, i)
             cross join lateral (
               select coalesce(sum(n), 0) as total from taobao_order_counts
                where developer_id = t.d and user_id = t.u ${status ? "and status = t.s" : ""}) c
             left join lateral (
               select id, version, created_at from taobao_orders
                where developer_id = t.d and user_id = t.u ${status ? "and status = t.s" : ""}
                order by created_at, id offset t.off limit t.lim) o on true
            order by t.i, o.created_at, o.id`,
          [
            group.map(([r]) => r.developerId),
            group.map(([r]) => r.userId),
            group.map(([r]) => r.offset),
            group.map(([r]) => r.limit),
            group.map(([r]) => r.status ?? 0),
          ],
        );
        for (const row of rows) {
          const result = results[group[Number(row.i) - 1]![1]]!;
          result.total = Number(row.total);
          if (row.id !== null) result.entries.push({ id: row.id, version: row.version! });
        }
      }),
    );
    return results;
  },

  /** A page with any other filter: the matching orders and their count. */
  async filteredPage(db: Db, filter: OrderFilter, offset: number, limit: number): Promise<PageResult> {
    const [rows, count] = await Promise.all([
      filtered(db, filter).select(["o.id", "o.version"]).orderBy("o.created_at").orderBy("o.id").offset(offset).limit(limit).execute(),
      filtered(db, filter).select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(count.n), entries: rows };
  },

  /** The stored views of some orders, with the version each was read at. */
  async viewsOf(prepared: DatabaseHandle["prepared"], ids: readonly string[]): Promise<Array<{ id: string; version: number; view_json: string }>> {
    return prepared("openpon_order_views", "select id, version, view_json from taobao_orders where id = any($1::bigint[])", [ids]);
  },

  async linesOf(db: Db, orderIds: string[]): Promise<SubOrderRow[]> {
    if (orderIds.length === 0) return [];
    return db.selectFrom("taobao_sub_orders").selectAll().where("order_id", "in", orderIds).orderBy("order_id").orderBy("line_index").execute();
  },

  async history(db: Db, orderId: string) {
    return db.selectFrom("order_history").selectAll().where("platform", "=", "taobao").where("order_id", "=", orderId).orderBy("id").execute();
  },

  /** An order's history as the console shows it, oldest first. */
  historyOf(db: Db, orderId: string) {
    return historyOf(db, "taobao", orderId);
  },

  /** Orders of a developer in id order (read-model checks, operators). */
  async ordersOf(db: Db, developerId: string, afterId: string | undefined, limit: number): Promise<OrderRow[]> {
    let query = db.selectFrom("taobao_orders").selectAll().where("developer_id", "=", developerId);
    if (afterId) query = query.where("id", ">", afterId);
    return query.orderBy("id").limit(limit).execute();
  },

  /** One user's order counts by status (the counters: what the /v2 page totals read), statuses with none left out. */
  async userCounts(db: Db, developerId: string, userId: string): Promise<Array<{ status: number; n: string }>> {
    return db.selectFrom("taobao_order_counts").select(["status", "n"]).where("developer_id", "=", developerId).where("user_id", "=", userId).where("n", ">", "0").orderBy("status").execute();
  },

  /**
   * The operators' queue: orders of every developer (or one), newest first by keyset on id (the
   * status and developer indexes of 0018), optionally of one status and unchanged since `changedBefore`.
   */
  async operatorPage(
    db: Db,
    query: { developerId?: string | undefined; status?: number | undefined; changedBefore?: Date | undefined; beforeId?: string | undefined; limit: number },
  ): Promise<Array<Pick<OrderRow, "id" | "developer_id" | "user_id" | "status" | "purchase_amount" | "created_at" | "updated_at">>> {
    let q = db.selectFrom("taobao_orders").select(["id", "developer_id", "user_id", "status", "purchase_amount", "created_at", "updated_at"]);
    if (query.developerId !== undefined) q = q.where("developer_id", "=", query.developerId);
    if (query.status !== undefined) q = q.where("status", "=", query.status);
    if (query.changedBefore !== undefined) q = q.where("status_changed_at", "<=", query.changedBefore);
    if (query.beforeId !== undefined) q = q.where("id", "<", query.beforeId);
    return q.orderBy("id", "desc").limit(query.limit).execute();
  },

  async countsOf(db: Db, developerId: string) {
    return db.selectFrom("taobao_order_counts").selectAll().where("developer_id", "=", developerId).execute();
  },

  async actualCountsOf(db: Db, developerId: string) {
    return db
      .selectFrom("taobao_orders")
      .select(["user_id", "status", (eb) => eb.fn.countAll<string>().as("n")])
      .where("developer_id", "=", developerId)
      .groupBy(["user_id", "status"])
      .execute();
  },
};
