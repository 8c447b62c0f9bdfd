// SQL of the warehouse. Only this file touches the warehouse_* tables: the aggregate and the use cases
// read and write them through these functions.
import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import type { WarehouseHistoryTable, WarehouseInboundTable, WarehouseItemsTable, WarehouseStorageFeesTable } from "../../../platform/db/schema.ts";
import { isInt8Id } from "../../../platform/ids.ts";
import type { OrderGoods } from "../contracts.ts";
import type { InboundState, WarehouseItemState } from "./model.ts";

export type InboundRow = Selectable<WarehouseInboundTable>;
export type ItemRow = Selectable<WarehouseItemsTable>;
export type HistoryRow = Selectable<WarehouseHistoryTable>;
export type FeeRow = Selectable<WarehouseStorageFeesTable>;
export type NewInbound = Insertable<WarehouseInboundTable>;
export type NewItem = Insertable<WarehouseItemsTable>;
export type NewHistory = Insertable<WarehouseHistoryTable>;

export interface ItemFilter {
  developerId: string;
  userId?: string;
  state?: WarehouseItemState;
  platform?: "taobao" | "alibaba";
  orderId?: string;
  inboundId?: string;
  /** Items older than this id (the previous page's cursor). */
  before?: string;
  limit: number;
}

export interface InboundFilter {
  developerId?: string;
  userId?: string;
  state?: InboundState;
  trackingNumber?: string;
  before?: string;
  limit: number;
}

export const warehouseRepo = {
  /** The parcel under its row lock (every change of it or its items holds this lock). */
  async lockInbound(trx: Db, where: { developerId: string; trackingNumber: string } | { id: string }): Promise<InboundRow | undefined> {
    let query = trx.selectFrom("warehouse_inbound").selectAll();
    query = "id" in where ? query.where("id", "=", where.id) : query.where("developer_id", "=", where.developerId).where("tracking_number", "=", where.trackingNumber);
    return query.forUpdate().executeTakeFirst();
  },

  async itemsOf(db: Db, inboundIds: readonly string[]): Promise<ItemRow[]> {
    if (inboundIds.length === 0) return [];
    return db.selectFrom("warehouse_items").selectAll().where("inbound_id", "in", inboundIds).orderBy("id").execute();
  },

  /** Inserts a parcel unless one has its tracking number; answers whether it was inserted. */
  async insertInbound(trx: Db, row: NewInbound): Promise<boolean> {
    const inserted = await trx.insertInto("warehouse_inbound").values(row).onConflict((oc) => oc.columns(["developer_id", "tracking_number"]).doNothing()).returning("id").executeTakeFirst();
    return inserted !== undefined;
  },

  async updateInbound(trx: Db, row: InboundRow): Promise<void> {
    const { id, developer_id: _d, tracking_number: _t, created_at: _c, version, ...rest } = row;
    await trx.updateTable("warehouse_inbound").set({ ...rest, version: version + 1 }).where("id", "=", id).execute();
  },

  async insertItems(trx: Db, rows: NewItem[]): Promise<void> {
    if (rows.length > 0) await trx.insertInto("warehouse_items").values(rows).execute();
  },

  async updateItem(trx: Db, row: ItemRow): Promise<void> {
    const { id, developer_id: _d, inbound_id: _i, created_at: _c, version, ...rest } = row;
    await trx.updateTable("warehouse_items").set({ ...rest, version: version + 1 }).where("id", "=", id).execute();
  },

  /** Drops items never received (announced lines replaced by the parcel's real contents) with their history. */
  async deleteItems(trx: Db, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await trx.deleteFrom("warehouse_history").where("subject", "=", "item").where("subject_id", "in", ids).execute();
    await trx.deleteFrom("warehouse_items").where("id", "in", ids).execute();
  },

  async insertHistory(trx: Db, rows: NewHistory[]): Promise<void> {
    if (rows.length > 0) await trx.insertInto("warehouse_history").values(rows).execute();
  },

  async history(db: Db, subject: "inbound" | "item", id: string): Promise<HistoryRow[]> {
    return db.selectFrom("warehouse_history").selectAll().where("subject", "=", subject).where("subject_id", "=", id).orderBy("id").execute();
  },

  async item(db: Db, id: string, developerId?: string): Promise<ItemRow | undefined> {
    if (!isInt8Id(id)) return undefined;
    let query = db.selectFrom("warehouse_items").selectAll().where("id", "=", id);
    if (developerId !== undefined) query = query.where("developer_id", "=", developerId);
    return query.executeTakeFirst();
  },

  async inbound(db: Db, id: string): Promise<InboundRow | undefined> {
    if (!isInt8Id(id)) return undefined;
    return db.selectFrom("warehouse_inbound").selectAll().where("id", "=", id).executeTakeFirst();
  },

  async inboundByTracking(db: Db, developerId: string, trackingNumbers: readonly string[]): Promise<InboundRow[]> {
    if (trackingNumbers.length === 0) return [];
    return db.selectFrom("warehouse_inbound").selectAll().where("developer_id", "=", developerId).where("tracking_number", "in", trackingNumbers).execute();
  },

  async inboundsByIds(db: Db, ids: readonly string[]): Promise<InboundRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom("warehouse_inbound").selectAll().where("id", "in", ids).execute();
  },

  /** A page of items, newest first. */
  async items(db: Db, filter: ItemFilter): Promise<ItemRow[]> {
    let query = db.selectFrom("warehouse_items").selectAll().where("developer_id", "=", filter.developerId);
    if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
    if (filter.state !== undefined) query = query.where("state", "=", filter.state);
    if (filter.platform !== undefined) query = query.where("platform", "=", filter.platform);
    if (filter.orderId !== undefined) query = query.where("order_id", "=", filter.orderId);
    if (filter.inboundId !== undefined) query = query.where("inbound_id", "=", filter.inboundId);
    if (filter.before !== undefined) query = query.where("id", "<", filter.before);
    return query.orderBy("id", "desc").limit(filter.limit).execute();
  },

  /**
   * A platform order's items as a subquery for another module's statement (contracts.ts OrderGoods):
   * the order's few rows through warehouse_items_order_idx. parcel_id is text here, a bigint id there.
   */
  orderGoods(db: Db, owner: { developerId: string; userId?: string }, orderId: string): OrderGoods {
    let query = db
      .selectFrom("warehouse_items")
      .select(["tracking_number as trackingNumber", sql<string | null>`parcel_id::bigint`.as("parcelId")])
      .where("developer_id", "=", owner.developerId)
      .where("order_id", "=", orderId);
    if (owner.userId !== undefined) query = query.where("user_id", "=", owner.userId);
    return query.as("order_goods");
  },

  /** A page of parcels, newest first. */
  async inbounds(db: Db, filter: InboundFilter): Promise<InboundRow[]> {
    let query = db.selectFrom("warehouse_inbound").selectAll();
    if (filter.developerId !== undefined) query = query.where("developer_id", "=", filter.developerId);
    if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
    if (filter.state !== undefined) query = query.where("state", "=", filter.state);
    if (filter.trackingNumber !== undefined) query = query.where("tracking_number", "=", filter.trackingNumber);
    if (filter.before !== undefined) query = query.where("id", "<", filter.before);
    return query.orderBy("id", "desc").limit(filter.limit).execute();
  },

  /** The parcels holding items in these states (the storage run's and the allocation's working set), oldest first. */
  async inboundIdsWithItems(db: Db, developerId: string, where: { states?: WarehouseItemState[]; parcelId?: string }): Promise<string[]> {
    let query = db.selectFrom("warehouse_items").select("inbound_id").distinct().where("developer_id", "=", developerId);
    if (where.states) query = query.where("state", "in", where.states);
    if (where.parcelId !== undefined) query = query.where("parcel_id", "=", where.parcelId);
    return (await query.orderBy("inbound_id").execute()).map((r) => r.inbound_id);
  },

  /** Developers with stored items (an operator's storage run over every developer). */
  async developersWithStoredItems(db: Db): Promise<string[]> {
    const rows = await db.selectFrom("warehouse_items").select("developer_id").distinct().where("state", "=", "STORED").orderBy("developer_id").execute();
    return rows.map((r) => r.developer_id);
  },

  async fees(db: Db, itemIds: readonly string[]): Promise<FeeRow[]> {
    if (itemIds.length === 0) return [];
    return db.selectFrom("warehouse_storage_fees").selectAll().where("item_id", "in", itemIds).orderBy("item_id").orderBy("day").execute();
  },

  async insertFees(trx: Db, rows: Array<Insertable<WarehouseStorageFeesTable>>): Promise<void> {
    if (rows.length === 0) return;
    await trx.insertInto("warehouse_storage_fees").values(rows).onConflict((oc) => oc.columns(["item_id", "day"]).doNothing()).execute();
  },

  async markFeeCharged(trx: Db, itemId: string, day: number, at: Date): Promise<void> {
    await trx.updateTable("warehouse_storage_fees").set({ status: "CHARGED", at }).where("item_id", "=", itemId).where("day", "=", day).where("status", "=", "OWED").execute();
  },

  /** Owed storage days of the developer's items, oldest first. */
  async owedFees(db: Db, developerId: string, limit: number): Promise<FeeRow[]> {
    return db
      .selectFrom("warehouse_storage_fees")
      .selectAll()
      .where("developer_id", "=", developerId)
      .where("status", "=", sql.lit<"OWED">("OWED"))
      .orderBy("item_id")
      .orderBy("day")
      .limit(limit)
      .execute();
  },

  /** Everything a sandbox user owns in the warehouse, for a sandbox reset. */
  async forgetUser(trx: Db, developerId: string, userId: string): Promise<void> {
    const items = trx.selectFrom("warehouse_items").select("id").where("developer_id", "=", developerId).where("user_id", "=", userId);
    const parcels = trx.selectFrom("warehouse_inbound").select("id").where("developer_id", "=", developerId).where("user_id", "=", userId);
    await trx.deleteFrom("warehouse_storage_fees").where("item_id", "in", items).execute();
    await trx.deleteFrom("warehouse_history").where("subject", "=", "item").where("subject_id", "in", items).execute();
    await trx.deleteFrom("warehouse_items").where("developer_id", "=", developerId).where("user_id", "=", userId).execute();
    await trx.deleteFrom("warehouse_history").where("subject", "=", "inbound").where("subject_id", "in", parcels).execute();
    await trx.deleteFrom("warehouse_inbound").where("developer_id", "=", developerId).where("user_id", "=", userId).execute();
  },
};
