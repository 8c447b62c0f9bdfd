// SQL of the 1688 cart (table alibaba_cart_items, migration 0009). Every statement is scoped to the
// owner (developer, user-id): a row of another user or developer is simply not there (protocol.md §4).
import { sql, type Selectable } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { AlibabaCartItemsTable } from "../../platform/db/schema.ts";
import type { Owner } from "./model.ts";

type Row = Selectable<AlibabaCartItemsTable>;

/** A 1688 cart row as stored: the line and the snapshot taken when it was (last) added or edited. */
export interface AlibabaCartRow {
  id: number;
  offerMapId: string;
  /** "" for an offer without SKUs. */
  specId: string;
  skuId: string;
  quantity: number;
  productNo: string | null;
  container: string | null;
  title: string;
  image: string | null;
  /** Unit price at the row's quantity when added / last edited, fen. */
  priceFen: number;
  properties: string;
  sellerOpenId: string;
  sellerNick: string;
  stock: number;
  createdAt: Date;
}

/** The snapshot members written on add, on a merged add and on an edit. */
export type AlibabaSnapshot = Pick<Row, "sku_id" | "title" | "image_url" | "price_fen" | "properties" | "seller_open_id" | "seller_nick" | "stock">;

function toRow(r: Row): AlibabaCartRow {
  return {
    id: Number(r.id),
    offerMapId: r.offer_map_id,
    specId: r.spec_id,
    skuId: r.sku_id,
    quantity: r.quantity,
    productNo: r.product_no,
    container: r.container,
    title: r.title,
    image: r.image_url,
    priceFen: Number(r.price_fen),
    properties: r.properties,
    sellerOpenId: r.seller_open_id,
    sellerNick: r.seller_nick,
    stock: r.stock,
    createdAt: r.created_at,
  };
}

const owned = (db: Db, owner: Owner) =>
  db.selectFrom("alibaba_cart_items").selectAll().where("developer_id", "=", owner.developerId).where("user_id", "=", owner.userId);

/** Serialises the writes of one owner's 1688 cart until the transaction ends (row limit, merge). */
export async function lockOwner(trx: Db, owner: Owner): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('alibaba_cart'), hashtext(${`${owner.developerId}:${owner.userId}`}))`.execute(trx);
}

/** All of the owner's rows, newest first (as the Taobao cart). */
export async function listRows(db: Db, owner: Owner): Promise<AlibabaCartRow[]> {
  return (await owned(db, owner).orderBy("created_at", "desc").orderBy("id", "desc").execute()).map(toRow);
}

/** The owner's rows among `ids` (missing ones are simply absent); locked when `forUpdate`. */
export async function rowsByIds(db: Db, owner: Owner, ids: readonly number[], forUpdate = false): Promise<AlibabaCartRow[]> {
  if (ids.length === 0) return [];
  let query = owned(db, owner).where("id", "in", ids.map(String) as never[]);
  if (forUpdate) query = query.forUpdate();
  return (await query.execute()).map(toRow);
}

export async function rowById(db: Db, owner: Owner, id: number, forUpdate = false): Promise<AlibabaCartRow | undefined> {
  return (await rowsByIds(db, owner, [id], forUpdate))[0];
}

export async function rowBySpec(trx: Db, owner: Owner, offerMapId: string, specId: string): Promise<AlibabaCartRow | undefined> {
  const row = await owned(trx, owner).where("offer_map_id", "=", offerMapId).where("spec_id", "=", specId).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function countRows(trx: Db, owner: Owner): Promise<number> {
  const { n } = await trx
    .selectFrom("alibaba_cart_items")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function insertRow(
  trx: Db,
  owner: Owner,
  line: { offerMapId: string; specId: string; quantity: number; productNo: string | null; container: string | null },
  snapshot: AlibabaSnapshot,
  at: Date,
): Promise<number> {
  const row = await trx
    .insertInto("alibaba_cart_items")
    .values({
      ...snapshot,
      developer_id: owner.developerId,
      user_id: owner.userId,
      offer_map_id: line.offerMapId,
      spec_id: line.specId,
      quantity: line.quantity,
      product_no: line.productNo,
      container: line.container,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Sets a row's quantity, labels (when given) and snapshot (when given); false when the owner has no
 * such row.
 */
export async function updateRow(
  db: Db,
  owner: Owner,
  id: number,
  change: { quantity: number; productNo?: string | null; container?: string | null; snapshot?: Partial<AlibabaSnapshot> },
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("alibaba_cart_items")
    .set({
      ...(change.snapshot ?? {}),
      quantity: change.quantity,
      ...(change.productNo !== undefined ? { product_no: change.productNo } : {}),
      ...(change.container !== undefined ? { container: change.container } : {}),
      updated_at: at,
    })
    .where("id", "=", String(id) as never)
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes the owner's rows among `ids`; returns how many went. */
export async function deleteRows(db: Db, owner: Owner, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom("alibaba_cart_items")
    .where("developer_id", "=", owner.developerId)
    .where("user_id", "=", owner.userId)
    .where("id", "in", ids.map(String) as never[])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every row of a user (sandbox reset). */
export async function deleteAll(trx: Db, owner: Owner): Promise<void> {
  await trx.deleteFrom("alibaba_cart_items").where("developer_id", "=", owner.developerId).where("user_id", "=", owner.userId).execute();
}
