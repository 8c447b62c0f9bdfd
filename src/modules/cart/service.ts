// Taobao cart use cases (taobao.md §3.1, §3.3–§3.6) and the two calls the orders module makes when it
// creates an order from the cart (§3.2): linesForOrder and removeOrdered.
import type { Product } from "../../marketplace/port.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../platform/http/errors.ts";
import type { Catalogs } from "../catalog/index.ts";
import { receiverOf, type OrderAddressInput, type ReceiverVO } from "./address.ts";
import {
  judge,
  MAX_QUANTITY,
  MAX_ROWS_PER_USER,
  propertiesString,
  propsMap,
  SNAPSHOT_LANG,
  unitPrice,
  type CartLine,
  type CartRow,
  type DisabledReason,
  type Owner,
} from "./model.ts";
import * as repo from "./repo.ts";

export interface CartDeps {
  db: Db;
  clock: Clock;
  catalogs: Catalogs;
  /** A developer's mode, when the caller does not say (an owner without `sandbox`). */
  isSandbox: (developerId: string, db: Db) => Promise<boolean>;
}

/** taobao.md §3.5 body (names and types DOCUMENTED). */
export interface AddInput {
  userId?: string;
  platform?: number;
  itemMapId: string;
  skuId: string;
  itemTitle?: string;
  itemPic?: string;
  mpId: string;
  mpSkuId: string;
  price?: number;
  promotionPrice?: number;
  properties?: string;
  quantity: number;
  shopId?: number;
  aliShopId?: string;
  shopName?: string;
  skuQuantity?: string;
  userNick?: string;
  priceRanges?: Array<{ startQuantity?: number | null; price?: number | null }>;
  quoteType?: number;
}

/** CartItem of taobao.md §3.3, key order as the table. */
export interface CartItemView {
  id: number;
  itemMapId: string;
  mpId: string;
  mpSkuId: string;
  skuId: string;
  itemTitle: string;
  itemPic: string;
  price: number;
  promotionPrice: number;
  quantity: number;
  skuQuantity: string;
  properties: string;
}

export interface ShopGroup {
  shopId: number;
  shopName: string;
  cartItemInfos: CartItemView[];
}

/** PreviewItem of taobao.md §3.1, then the DESIGNED snapshotPrice, priceChanged and stock. */
export interface PreviewItem {
  id: number;
  itemMapId: string;
  mpId: string;
  mpSkuId: string;
  skuId: string;
  itemTitle: string;
  itemPic: string;
  quantity: number;
  price: number;
  amount: number;
  available: boolean;
  reason: DisabledReason | null;
  snapshotPrice: number;
  priceChanged: boolean;
  stock: number | null;
}

export interface Preview {
  items: PreviewItem[];
  productAmount: number;
  currency: "CNY";
  receiverVO: ReceiverVO;
}

/** protocol.md §4: a body `userId`, when present and non-empty, must equal the `user-id` header. */
export function checkBodyUser(owner: Owner, userId: string | undefined): void {
  if (userId !== undefined && userId !== "" && userId !== owner.userId) {
    throw new ApiError(Code.FORBIDDEN_USER, "userId differs from the user-id header");
  }
}

/** Cart row ids as the orders module may hold them (numbers, or their decimal strings). */
function rowIds(ids: ReadonlyArray<number | string>): number[] {
  const out = ids.map((id) => (typeof id === "number" ? id : /^\d{1,16}$/.test(id) ? Number(id) : Number.NaN));
  if (new Set(out).size !== out.length) throw invalid("ids must not repeat");
  return out;
}

export class CartService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #catalogs: Catalogs;
  readonly #isSandbox: (developerId: string, db: Db) => Promise<boolean>;
  constructor(deps: CartDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#catalogs = deps.catalogs;
    this.#isSandbox = deps.isSandbox;
  }

  /** The product now, or undefined when it is unknown or delisted (both OFFLINE for a cart row). */
  async #current(owner: Owner, itemMapId: string, lang: "zh" | "en" = "zh", db: Db = this.#db): Promise<Product | undefined> {
    return this.#catalogs.of(owner.sandbox ?? (await this.#isSandbox(owner.developerId, db))).find("taobao", itemMapId, lang);
  }

  /** One catalogue lookup per distinct product of the rows. */
  async #products(owner: Owner, rows: readonly CartRow[], db: Db = this.#db): Promise<Map<string, Product | undefined>> {
    const ids = [...new Set(rows.map((r) => r.itemMapId))];
    // The mode is read (in the caller's transaction, if any) once for all the rows.
    const known = { ...owner, sandbox: owner.sandbox ?? (await this.#isSandbox(owner.developerId, db)) };
    const products = await Promise.all(ids.map((id) => this.#current(known, id)));
    return new Map(ids.map((id, i) => [id, products[i]]));
  }

  /** taobao.md §3.5. Returns the row id; a SKU already in the cart merges into its row. */
  async add(owner: Owner, input: AddInput): Promise<{ id: number }> {
    checkBodyUser(owner, input.userId);
    if (input.properties !== undefined) checkPropertiesString(input.properties);
    const product = await this.#current(owner, input.itemMapId, SNAPSHOT_LANG);
    if (!product) throw notFound(`product itemMapId ${input.itemMapId}`);
    if (product.mpId !== input.mpId) throw notFound(`product mpId ${input.mpId} (of itemMapId ${input.itemMapId})`);
    const sku = product.skus.find((s) => s.mpSkuId === input.mpSkuId);
    if (!sku) throw notFound(`mpSkuId ${input.mpSkuId} of product ${input.itemMapId}`);
    if (sku.skuId !== input.skuId) {
      if (!product.skus.some((s) => s.skuId === input.skuId)) throw notFound(`skuId ${input.skuId} of product ${input.itemMapId}`);
      throw invalid(`skuId ${input.skuId} and mpSkuId ${input.mpSkuId} name different SKUs`);
    }
    if (!sku.active) throw conflict(`SKU ${input.mpSkuId} is not on sale`);

    const values: repo.SnapshotValues = {
      item_map_id: product.id,
      mp_id: product.mpId,
      sku_id: sku.skuId,
      title: input.itemTitle ?? product.title.zh,
      image_url: input.itemPic ?? sku.imageUrl ?? product.imageUrls[0] ?? null,
      price_fen: String(input.price ?? sku.priceFen),
      promotion_price_fen: String(input.promotionPrice ?? sku.promotionPriceFen ?? sku.priceFen),
      properties: input.properties ?? propertiesString(sku),
      props_zh: propsMap(sku, "zh"),
      props_trans: propsMap(sku, "trans"),
      lang: SNAPSHOT_LANG,
      shop_id: String(product.seller.shopId),
      shop_name: product.seller.shopName,
      user_nick: product.seller.nick,
      sku_quantity: sku.stock,
      platform: input.platform ?? null,
      quote_type: input.quoteType ?? null,
      price_ranges: input.priceRanges ? JSON.stringify(input.priceRanges) : null,
    };
    const at = new Date(this.#clock.now());
    return this.#db.transaction().execute(async (trx) => {
      await repo.lockOwner(trx, owner);
      const existing = await repo.rowBySku(trx, owner, sku.mpSkuId);
      if (existing) {
        const quantity = existing.quantity + input.quantity;
        if (quantity > MAX_QUANTITY) {
          throw conflict(`cart row ${existing.id} already holds ${existing.quantity} units; adding ${input.quantity} would exceed ${MAX_QUANTITY}`);
        }
        await repo.mergeRow(trx, owner, existing.id, quantity, values, at);
        return { id: existing.id };
      }
      if ((await repo.countRows(trx, owner)) >= MAX_ROWS_PER_USER) throw conflict(`a cart holds at most ${MAX_ROWS_PER_USER} rows`);
      return { id: await repo.insertRow(trx, owner, sku.mpSkuId, input.quantity, values, at) };
    });
  }

  /** taobao.md §3.3: rows grouped by shop, split by validity now (statuses.md §7.3). */
  async list(owner: Owner): Promise<{ enableList: ShopGroup[]; disableList: ShopGroup[] }> {
    const rows = await repo.listRows(this.#db, owner);
    const products = await this.#products(owner, rows);
    const enable = new Map<number, ShopGroup>();
    const disable = new Map<number, ShopGroup>();
    // Rows come newest first, so each group is placed where its newest row is.
    for (const row of rows) {
      const judged = judge(row, products.get(row.itemMapId));
      const groups = judged.available ? enable : disable;
      let group = groups.get(row.shopId);
      if (!group) groups.set(row.shopId, (group = { shopId: row.shopId, shopName: row.shopName, cartItemInfos: [] }));
      group.cartItemInfos.push({
        id: row.id,
        itemMapId: row.itemMapId,
        mpId: row.mpId,
        mpSkuId: row.mpSkuId,
        skuId: row.skuId,
        itemTitle: row.title,
        itemPic: row.image ?? "",
        price: row.priceFen,
        promotionPrice: row.promotionPriceFen,
        quantity: row.quantity,
        // "SKU stock as last known": the catalogue's now, the snapshot's when the SKU is gone.
        skuQuantity: String(judged.currentStock ?? row.skuQuantity),
        properties: row.properties,
      });
    }
    return { enableList: [...enable.values()], disableList: [...disable.values()] };
  }

  /** taobao.md §3.6. */
  async editQuantity(owner: Owner, id: number, quantity: number): Promise<true> {
    if (!(await repo.setQuantity(this.#db, owner, id, quantity, new Date(this.#clock.now())))) throw notFound(`cart row ${id}`);
    return true;
  }

  /** taobao.md §3.4: ids that are not the user's are ignored (idempotent). */
  async remove(owner: Owner, ids: readonly number[]): Promise<true> {
    await repo.deleteRows(this.#db, owner, ids);
    return true;
  }

  /** taobao.md §3.1: read-only; 40401 when any id is not one of the user's rows. */
  async preview(owner: Owner, ids: readonly number[], address: OrderAddressInput, userId?: string): Promise<Preview> {
    checkBodyUser(owner, userId);
    const receiverVO = receiverOf(address);
    const lines = await this.linesForOrder(owner, ids);
    const items = lines.map((line): PreviewItem => {
      const price = line.currentPriceFen ?? line.snapshotPriceFen;
      return {
        id: line.id,
        itemMapId: line.productId,
        mpId: line.mpId,
        mpSkuId: line.mpSkuId,
        skuId: line.skuId,
        itemTitle: line.title,
        itemPic: line.image ?? "",
        quantity: line.quantity,
        price,
        amount: price * line.quantity,
        available: line.available,
        reason: line.reason,
        snapshotPrice: line.snapshotPriceFen,
        priceChanged: line.currentPriceFen !== null && line.currentPriceFen !== line.snapshotPriceFen,
        stock: line.currentStock,
      };
    });
    const productAmount = items.reduce((sum, item) => (item.available ? sum + item.amount : sum), 0);
    return { items, productAmount, currency: "CNY", receiverVO };
  }

  /**
   * The user's rows `cartIds`, in that order, judged against the catalogue now (taobao.md §3.2).
   * Throws 40401 when any id is not one of the user's rows, 40002 when an id repeats. Inside the
   * caller's transaction (`db` = trx) the rows are locked, so two orders cannot take the same rows.
   */
  async linesForOrder(owner: Owner, cartIds: ReadonlyArray<number | string>, db: Db = this.#db): Promise<CartLine[]> {
    const ids = rowIds(cartIds);
    const valid = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    const rows = await repo.rowsByIds(db, owner, valid, db !== this.#db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = cartIds.find((_, i) => !byId.has(ids[i]!));
    if (missing !== undefined) throw notFound(`cart row ${missing}`);
    const products = await this.#products(owner, rows, db);
    return ids.map((id) => {
      const row = byId.get(id)!;
      const judged = judge(row, products.get(row.itemMapId));
      return {
        id: row.id,
        productId: row.itemMapId,
        mpId: row.mpId,
        skuId: row.skuId,
        mpSkuId: row.mpSkuId,
        quantity: row.quantity,
        snapshotPriceFen: unitPrice(row.priceFen, row.promotionPriceFen),
        snapshotListPriceFen: row.priceFen,
        snapshotPromotionPriceFen: row.promotionPriceFen,
        currentPriceFen: judged.currentPriceFen,
        postFeeFen: judged.postFeeFen,
        available: judged.available,
        reason: judged.reason,
        currentStock: judged.currentStock,
        title: row.title,
        image: row.image,
        properties: row.properties,
        propsZh: row.propsZh,
        propsTrans: row.propsTrans,
        propsLang: row.lang,
        shopId: row.shopId,
        shopName: row.shopName,
        sellerNick: row.userNick,
      };
    });
  }

  /** Empties a user's cart inside the caller's transaction (sandbox reset). */
  async forgetUser(trx: Db, owner: Owner): Promise<void> {
    await repo.deleteAll(trx, owner);
  }

  /**
   * Removes the ordered rows inside the orders module's transaction (taobao.md §3.2: "in the same
   * transaction"). 40401 when a row is already gone, so the caller's transaction rolls back.
   */
  async removeOrdered(trx: Db, owner: Owner, cartIds: ReadonlyArray<number | string>): Promise<void> {
    const ids = rowIds(cartIds);
    const deleted = await repo.deleteRows(trx, owner, ids.filter((id) => Number.isSafeInteger(id) && id > 0));
    if (deleted !== ids.length) throw notFound(`cart rows ${cartIds.join(", ")}`);
  }
}

/** `properties`, when given, must be the documented JSON string `[{valueId, valueName, propId, propName}]`. */
function checkPropertiesString(text: string): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const good =
    Array.isArray(value) &&
    value.every((p) => typeof p === "object" && p !== null && !Array.isArray(p) && ["valueId", "valueName", "propId", "propName"].every((k) => k in p));
  if (!good) throw invalid("properties must be a JSON string of [{valueId, valueName, propId, propName}]");
}
