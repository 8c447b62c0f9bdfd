// SQL of the orders module. Only this file touches the taobao_order* tables.
import type { Selectable } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { TaobaoOrdersTable, TaobaoSubOrdersTable } from "../../platform/db/schema.ts";

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

export const ordersRepo = {
  async insertOrder(trx: Db, order: Omit<OrderRow, "version">, lines: SubOrderRow[]): Promise<void> {
    await trx.insertInto("taobao_orders").values(order).execute();
    await trx.insertInto("taobao_sub_orders").values(lines).execute();
  },

  async insertHistory(
    trx: Db,
    entries: Array<{ orderId: string; subOrderId: string | null; from: string | null; to: string; reason: string | null; actor: string; at: Date }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    await trx
      .insertInto("taobao_order_history")
      .values(entries.map((e) => ({ order_id: e.orderId, sub_order_id: e.subOrderId, from_status: e.from, to_status: e.to, reason: e.reason, actor: e.actor, at: e.at })))
      .execute();
  },

  /** One page of orders (ascending createTime, then id) and the total that match. */
  async page(db: Db, filter: OrderFilter, offset: number, limit: number): Promise<{ total: number; orders: OrderRow[] }> {
    const rows = await filtered(db, filter)
      .selectAll("o")
      .select((eb) => eb.fn.countAll<string>().over().as("total_count"))
      .orderBy("o.created_at")
      .orderBy("o.id")
      .offset(offset)
      .limit(limit)
      .execute();
    if (rows.length > 0) {
      const total = Number(rows[0]!.total_count);
      return { total, orders: rows.map(({ total_count: _, ...order }) => order as OrderRow) };
    }
    // An empty page (past the end, or nothing matches) still reports the real total.
    const count = await filtered(db, filter).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    return { total: Number(count.n), orders: [] };
  },

  async linesOf(db: Db, orderIds: string[]): Promise<SubOrderRow[]> {
    if (orderIds.length === 0) return [];
    return db.selectFrom("taobao_sub_orders").selectAll().where("order_id", "in", orderIds).orderBy("order_id").orderBy("line_index").execute();
  },

  async history(db: Db, orderId: string) {
    return db.selectFrom("taobao_order_history").selectAll().where("order_id", "=", orderId).orderBy("id").execute();
  },
};
