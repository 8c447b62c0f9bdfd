// SQL of the Taobao cart. Every statement is scoped to the owner (developer, user-id): a row of
// another user or developer is simply not there (protocol.md §4).
import { sql, type Selectable } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { TaobaoCartItemsTable } from "../../platform/db/schema.ts";
import type { CartRow, Owner } from "./model.ts";

type Row = Selectable<TaobaoCartItemsTable>;

/** The snapshot and line members written on add (and on a merged add). */
export type SnapshotValues = Pick<
  Row,
  | "item_map_id"
  | "mp_id"
  | "sku_id"
  | "title"
  | "image_url"
  | "price_fen"
  | "promotion_price_fen"
  | "properties"
  | "props_zh"
  | "props_trans"
  | "lang"
  | "shop_id"
  | "shop_name"
  | "user_nick"
  | "sku_quantity"
  | "platform"
  | "quote_type"
  | "price_ranges"
>;

export function toCartRow(r: Row): CartRow {
  return {
    id: Number(r.id),
    itemMapId: r.item_map_id,
    mpId: r.mp_id,
    skuId: r.sku_id,
    mpSkuId: r.mp_sku_id,
    quantity: r.quantity,
    title: r.title,
    image: r.image_url,
    priceFen: Number(r.price_fen),
    promotionPriceFen: Number(r.promotion_price_fen),
    properties: r.properties,
    propsZh: r.props_zh,
    propsTrans: r.props_trans,
    lang: r.lang,
    shopId: Number(r.shop_id),
    shopName: r.shop_name,
    userNick: r.user_nick,
    skuQuantity: r.sku_quantity,
    createdAt: r.created_at,
  };
}

const owned = (db: Db, owner: Owner) =>
  db.selectFrom("taobao_cart_items").selectAll().where("developer_id", "=", owner.developerId).where("user_id", "=", owner.userId);

/** Serialises the writes of one owner's cart until the transaction ends (row limit, merge). */
export async function lockOwner(trx: Db, owner: Owner): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('taobao_cart'), hashtext(${`${owner.developerId}:${owner.userId}`}))`.execute(trx);
}

/** All of the owner's rows, newest first. */
export async function listRows(db: Db, owner: Owner): Promise<CartRow[]> {
  const rows = await owned(db, owner).orderBy("created_at", "desc").orderBy("id", "desc").execute();
  return rows.map(toCartRow);
}

/** The owner's rows among `ids` (missing ones are simply absent); locked when `forUpdate`. */
export async function rowsByIds(db: Db, owner: Owner, ids: readonly number[], forUpdate = false): Promise<CartRow[]> {
  if (ids.length === 0) return [];
  let query = owned(db, owner).where("id", "in", ids.map(String) as never[]);
  if (forUpdate) query = query.forUpdate();
  return (await query.execute()).map(toCartRow);
}

export async function rowBySku(trx: Db, owner: Owner, mpSkuId: string): Promise<CartRow | undefined> {
  const row = await owned(trx, owner).where("mp_sku_id", "=", mpSkuId).executeTakeFirst();
  return row ? toCartRow(row) : undefined;
}

export async function countRows(trx: Db, owner: Owner): Promise<number> {
  const { n } = await trx
    .selectFrom("taobao_cart_items")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function insertRow(trx: Db, owner: Owner, mpSkuId: string, quantity: number, values: SnapshotValues, at: Date): Promise<number> {
  const row = await trx
    .insertInto("taobao_cart_items")
    .values({ ...values, developer_id: owner.developerId, user_id: owner.userId, mp_sku_id: mpSkuId, quantity, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A merged add: the new quantity and a fresh snapshot. */
export async function mergeRow(trx: Db, owner: Owner, id: number, quantity: number, values: SnapshotValues, at: Date): Promise<void> {
  await trx
    .updateTable("taobao_cart_items")
    .set({ ...values, quantity, updated_at: at })
    .where("id", "=", String(id) as never)
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .execute();
}

/** Sets the quantity of one of the owner's rows; false when the owner has no such row. */
export async function setQuantity(db: Db, owner: Owner, id: number, quantity: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("taobao_cart_items")
    .set({ quantity, updated_at: at })
    .where("id", "=", String(id) as never)
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes the owner's rows among `ids`; returns how many went. */
/** Every row of a user (sandbox reset). */
export async function deleteAll(trx: Db, owner: Owner): Promise<void> {
  await trx.deleteFrom("taobao_cart_items").where("developer_id", "=", owner.developerId).where("user_id", "=", owner.userId).execute();
}

export async function deleteRows(db: Db, owner: Owner, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom("taobao_cart_items")
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .where("id", "in", ids.map(String) as never[])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
