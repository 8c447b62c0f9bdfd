// SQL of international logistics orders. Only this file touches the intl_parcel* tables; the
// aggregate and the use cases go through it. Writers lock the order's row first (lock), then read
// its lines, domestic parcels and packages.
import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type {
  IntlParcelChargesTable,
  IntlParcelDomesticTable,
  IntlParcelHistoryTable,
  IntlParcelLinesTable,
  IntlParcelPackagesTable,
  IntlParcelsTable,
  IntlParcelTrackingTable,
} from "../../../platform/db/schema.ts";
import { isInt8Id } from "../../../platform/ids.ts";
import type { OrderGoods } from "../contracts.ts";

export type ParcelRow = Selectable<IntlParcelsTable>;
export type NewParcelRow = Insertable<IntlParcelsTable> & { version: number };
export type LineRow = Selectable<IntlParcelLinesTable>;
export type DomesticRow = Omit<Selectable<IntlParcelDomesticTable>, "id">;
export type PackageRow = Selectable<IntlParcelPackagesTable>;
export type TrackingRow = Selectable<IntlParcelTrackingTable>;
export type NewTrackingRow = Insertable<IntlParcelTrackingTable>;
export type ChargeRow = Selectable<IntlParcelChargesTable>;
export type NewChargeRow = Insertable<IntlParcelChargesTable>;
export type HistoryRow = Selectable<IntlParcelHistoryTable>;
export type NewHistoryRow = Insertable<IntlParcelHistoryTable>;

export interface ListFilter {
  developerId?: string;
  userId?: string;
  status?: string;
  /**
   * A platform order's goods (the warehouse's subquery; developerId required): the orders they are
   * allocated to or shipped in, and those that declared a domestic parcel carrying them.
   */
  orderGoods?: OrderGoods;
  /** The previous page's last id (pages run newest first). */
  after?: string;
  limit: number;
}

export const parcelRepo = {
  insert(trx: Db, row: NewParcelRow): PendingWrite {
    return trx.insertInto("intl_parcels").values(row);
  },

  update(trx: Db, row: ParcelRow): PendingWrite {
    const { id, version: _version, ...columns } = row;
    return trx
      .updateTable("intl_parcels")
      .set({ ...columns, version: sql`version + 1` })
      .where("id", "=", id);
  },

  insertLines(trx: Db, rows: LineRow[]): PendingWrite[] {
    return rows.length === 0 ? [] : [trx.insertInto("intl_parcel_lines").values(rows)];
  },

  deleteDomestic(trx: Db, lineIds: string[]): PendingWrite[] {
    return lineIds.length === 0 ? [] : [trx.deleteFrom("intl_parcel_domestic").where("line_id", "in", lineIds)];
  },

  insertDomestic(trx: Db, rows: DomesticRow[]): PendingWrite[] {
    return rows.length === 0 ? [] : [trx.insertInto("intl_parcel_domestic").values(rows)];
  },

  deletePackages(trx: Db, parcelId: string): PendingWrite {
    return trx.deleteFrom("intl_parcel_packages").where("parcel_id", "=", parcelId);
  },

  insertPackages(trx: Db, rows: PackageRow[]): PendingWrite[] {
    return rows.length === 0 ? [] : [trx.insertInto("intl_parcel_packages").values(rows)];
  },

  updatePackage(trx: Db, row: PackageRow): PendingWrite {
    const { parcel_id, position, ...columns } = row;
    return trx.updateTable("intl_parcel_packages").set(columns).where("parcel_id", "=", parcel_id).where("position", "=", position);
  },

  insertTracking(trx: Db, rows: NewTrackingRow[]): PendingWrite[] {
    return rows.length === 0 ? [] : [trx.insertInto("intl_parcel_tracking").values(rows)];
  },

  insertCharges(trx: Db, rows: NewChargeRow[]): PendingWrite[] {
    return rows.length === 0 ? [] : [trx.insertInto("intl_parcel_charges").values(rows)];
  },

  insertHistory(trx: Db, rows: NewHistoryRow[]): PendingWrite[] {
    return rows.length === 0 ? [] : [trx.insertInto("intl_parcel_history").values(rows)];
  },

  /** The order's row, locked; of the developer (and user) when given. */
  async lock(trx: Db, key: { id: string; developerId?: string; userId?: string }): Promise<ParcelRow | undefined> {
    if (!isInt8Id(key.id)) return undefined;
    let query = trx.selectFrom("intl_parcels").selectAll().where("id", "=", key.id);
    if (key.developerId !== undefined) query = query.where("developer_id", "=", key.developerId);
    if (key.userId !== undefined) query = query.where("user_id", "=", key.userId);
    return query.forUpdate().executeTakeFirst();
  },

  async find(db: Db, key: { id: string; developerId?: string; userId?: string }): Promise<ParcelRow | undefined> {
    if (!isInt8Id(key.id)) return undefined;
    let query = db.selectFrom("intl_parcels").selectAll().where("id", "=", key.id);
    if (key.developerId !== undefined) query = query.where("developer_id", "=", key.developerId);
    if (key.userId !== undefined) query = query.where("user_id", "=", key.userId);
    return query.executeTakeFirst();
  },

  /** The user's order of a caller's order id: the live one (not cancelled), else the newest cancelled. */
  async findByTmall(db: Db, developerId: string, userId: string, tmallOrderId: string): Promise<ParcelRow | undefined> {
    return db
      .selectFrom("intl_parcels")
      .selectAll()
      .where("developer_id", "=", developerId)
      .where("user_id", "=", userId)
      .where("tmall_order_id", "=", tmallOrderId)
      .orderBy(sql`case when status = 'CANCELLED' then 1 else 0 end`)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  },

  async lines(db: Db, parcelIds: readonly string[]): Promise<LineRow[]> {
    if (parcelIds.length === 0) return [];
    return db.selectFrom("intl_parcel_lines").selectAll().where("parcel_id", "in", parcelIds).orderBy("parcel_id").orderBy("position").execute();
  },

  async domestic(db: Db, parcelId: string): Promise<DomesticRow[]> {
    return db
      .selectFrom("intl_parcel_domestic")
      .select(["parcel_id", "line_id", "developer_id", "position", "tracking_number", "carrier", "rts_time"])
      .where("parcel_id", "=", parcelId)
      .orderBy("line_id")
      .orderBy("position")
      .execute();
  },

  async packages(db: Db, parcelIds: readonly string[]): Promise<PackageRow[]> {
    if (parcelIds.length === 0) return [];
    return db.selectFrom("intl_parcel_packages").selectAll().where("parcel_id", "in", parcelIds).orderBy("parcel_id").orderBy("position").execute();
  },

  async tracking(db: Db, parcelId: string): Promise<TrackingRow[]> {
    return db.selectFrom("intl_parcel_tracking").selectAll().where("parcel_id", "=", parcelId).orderBy("at").orderBy("id").execute();
  },

  async charges(db: Db, parcelId: string): Promise<ChargeRow[]> {
    return db.selectFrom("intl_parcel_charges").selectAll().where("parcel_id", "=", parcelId).orderBy("id").execute();
  },

  async history(db: Db, parcelId: string): Promise<HistoryRow[]> {
    return db.selectFrom("intl_parcel_history").selectAll().where("parcel_id", "=", parcelId).orderBy("id").execute();
  },

  /** The developer's orders waiting for a domestic parcel (DOMESTIC_DECLARED with it declared). */
  async waitingFor(db: Db, developerId: string, trackingNumber: string): Promise<string[]> {
    const rows = await db
      .selectFrom("intl_parcel_domestic as d")
      .innerJoin("intl_parcels as p", "p.id", "d.parcel_id")
      .select("p.id")
      .distinct()
      .where("d.developer_id", "=", developerId)
      .where("d.tracking_number", "=", trackingNumber)
      .where("p.status", "=", "DOMESTIC_DECLARED")
      .execute();
    return rows.map((r) => r.id);
  },

  /** A page of orders, newest first. */
  async list(db: Db, filter: ListFilter): Promise<ParcelRow[]> {
    let query = db.selectFrom("intl_parcels").selectAll();
    if (filter.developerId !== undefined) query = query.where("developer_id", "=", filter.developerId);
    if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
    if (filter.status !== undefined) query = query.where("status", "=", filter.status);
    if (filter.orderGoods !== undefined) {
      // One statement, driven by the order's few items: their parcel ids, and the orders declaring
      // their domestic parcels (intl_parcel_domestic_tracking_idx), then those orders by primary key.
      const goods = filter.orderGoods;
      const developerId = filter.developerId;
      if (developerId === undefined) throw new Error("a list by order goods names the developer");
      query = query.where("id", "in", (eb) =>
        eb
          .selectFrom(goods)
          .select("order_goods.parcelId as id")
          .where("order_goods.parcelId", "is not", null)
          .$narrowType<{ id: string }>()
          .union(
            eb
              .selectFrom("intl_parcel_domestic")
              .select("parcel_id as id")
              .where("developer_id", "=", developerId)
              .where("tracking_number", "in", eb.selectFrom(goods).select("order_goods.trackingNumber")),
          ),
      );
    }
    if (filter.after !== undefined) query = query.where("id", "<", filter.after);
    return query.orderBy("id", "desc").limit(filter.limit).execute();
  },

  /** The next `count` waybill sequence numbers. */
  async waybillSequences(trx: Db, count: number): Promise<bigint[]> {
    const { rows } = await sql<{ n: string }>`select nextval('intl_parcel_waybill_seq')::text as n from generate_series(1, ${count}::int)`.execute(trx);
    return rows.map((r) => BigInt(r.n));
  },

  /** A sandbox user's orders and everything under them (a reset). */
  async forgetUser(trx: Db, developerId: string, userId: string): Promise<string[]> {
    const rows = await trx.deleteFrom("intl_parcels").where("developer_id", "=", developerId).where("user_id", "=", userId).returning("id").execute();
    return rows.map((r) => r.id);
  },
};
