// 1688 cart use cases (alibaba-1688.md §2.1–§2.5) and the calls the orders module makes when it
// creates an order from the cart (§2.6): cargoForOrder and removeOrdered. Rows are judged and priced
// by the pure policy of alibaba-policy.ts, the same one the order previews and creations use.
import type { Product } from "../../marketplace/port.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { conflict, invalid, notFound } from "../../platform/http/errors.ts";
import type { Catalogs } from "../catalog/index.ts";
import { checkedAlibabaAddress } from "./alibaba-address.ts";
import {
  alibabaUnitPrice,
  CargoCode,
  disabledReason,
  previewAlibaba,
  propertiesText,
  resolveSpec,
  type AlibabaCargo,
  type AlibabaPreviewData,
  type PricedCargo,
} from "./alibaba-policy.ts";
import * as repo from "./alibaba-repo.ts";
import { checkedCargo, type AlibabaCargoInput } from "./alibaba-schemas.ts";
import { MAX_QUANTITY, MAX_ROWS_PER_USER, type DisabledReason, type Owner } from "./model.ts";
import { checkBodyUser } from "./service.ts";

/** DESIGNED: the cart's snapshot language. The 1688 group's `country` defaults to en (§0.7), and §2.1's `properties` example is English. */
const SNAPSHOT_LANG = "en";

export interface AlibabaCartDeps {
  db: Db;
  clock: Clock;
  catalogs: Catalogs;
  /** A developer's mode, when the caller does not say (an owner without `sandbox`). */
  isSandbox: (developerId: string, db: Db) => Promise<boolean>;
}

/** §2.2 body. */
export type AlibabaAddInput = AlibabaCargoInput & { userId?: string };

/** §2.1 cart row. */
export interface AlibabaCartItemView {
  id: number;
  offerMapId: string;
  specId: string;
  skuId: string;
  itemTitle: string;
  itemPic: string;
  price: number;
  quantity: number;
  amountOnSale: number;
  properties: string;
}
export interface AlibabaShopGroup {
  sellerOpenId: string;
  sellerNickName: string;
  cartItemInfos: AlibabaCartItemView[];
}

/** A cart row as order cargo, with the unit price the buyer saw (add / last edit time). */
export type AlibabaCartCargo = AlibabaCargo & { cartId: number; snapshotPriceFen: number };

/** Row ids as a service caller may hold them: positive safe integers, no repeats (40002 otherwise). */
function rowIds(ids: readonly number[], field = "cartIds"): number[] {
  if (!ids.every((id) => Number.isSafeInteger(id) && id > 0)) throw invalid(`${field} must be positive integers`);
  if (new Set(ids).size !== ids.length) throw invalid(`${field} must not repeat`);
  return [...ids];
}

export class AlibabaCartService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #catalogs: Catalogs;
  readonly #isSandbox: (developerId: string, db: Db) => Promise<boolean>;
  constructor(deps: AlibabaCartDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#catalogs = deps.catalogs;
    this.#isSandbox = deps.isSandbox;
  }

  /**
   * The products of `offerMapIds` (as given; numeric ids resolve) from the owner's catalogue, delisted
   * ones included (the policy reports them OFFLINE), undefined when unknown. For the orders module's
   * previews and creations too.
   */
  async products(owner: Owner, offerMapIds: Iterable<string>, db: Db = this.#db): Promise<Map<string, Product | undefined>> {
    const ids = [...new Set(offerMapIds)];
    const catalog = this.#catalogs.of(owner.sandbox ?? (await this.#isSandbox(owner.developerId, db)));
    const found = await Promise.all(ids.map((id) => catalog.lookup("alibaba", id, SNAPSHOT_LANG)));
    return new Map(ids.map((id, i) => [id, found[i]]));
  }

  /** §2.2. Returns the row id; a spec already in the cart merges into its row. */
  async add(owner: Owner, input: AlibabaAddInput): Promise<{ id: number }> {
    checkBodyUser(owner, input.userId);
    const cargo = checkedCargo(input, "");
    const product = (await this.products(owner, [cargo.offerMapId])).get(cargo.offerMapId);
    // A delisted offer cannot be added (statuses.md §7.2): the same answer as an unknown one.
    if (!product || !product.active) throw notFound(`offer ${cargo.offerMapId}`);
    if (cargo.sellerOpenId && cargo.sellerOpenId !== product.seller.sellerOpenId) {
      throw notFound(`offer ${cargo.offerMapId} of seller ${cargo.sellerOpenId}`);
    }
    const spec = resolveSpec(product, cargo.specId);
    if (!("sku" in spec)) {
      if (spec.code === CargoCode.SPEC_REQUIRED) throw invalid(`specId is required: offer ${product.id} has specs`);
      throw notFound(`specId ${cargo.specId} of offer ${product.id}`);
    }
    const sku = spec.sku;
    if (sku && !sku.active) throw conflict(`spec ${sku.mpSkuId} is not on sale`);
    const specId = sku?.mpSkuId ?? "";
    const snapshot = (quantity: number): repo.AlibabaSnapshot => ({
      sku_id: sku?.skuId ?? "",
      title: product.title.trans,
      image_url: sku?.imageUrl ?? product.imageUrls[0] ?? null,
      price_fen: String(alibabaUnitPrice(product, sku, quantity)),
      properties: propertiesText(sku),
      seller_open_id: product.seller.sellerOpenId,
      seller_nick: product.seller.nick,
      stock: sku?.stock ?? product.stock,
    });
    const at = new Date(this.#clock.now());
    return this.#db.transaction().execute(async (trx) => {
      await repo.lockOwner(trx, owner);
      // Rows are keyed by the canonical offer id, so a numeric id and the opaque one merge.
      const existing = await repo.rowBySpec(trx, owner, product.id, specId);
      if (existing) {
        const quantity = existing.quantity + cargo.quantity;
        if (quantity > MAX_QUANTITY) {
          throw conflict(`cart row ${existing.id} already holds ${existing.quantity} units; adding ${cargo.quantity} would exceed ${MAX_QUANTITY}`);
        }
        await repo.updateRow(
          trx,
          owner,
          existing.id,
          {
            quantity,
            snapshot: snapshot(quantity),
            // Labels given with the new add replace the row's; absent ones are kept.
            ...(cargo.productNo !== null ? { productNo: cargo.productNo } : {}),
            ...(cargo.container !== null ? { container: cargo.container } : {}),
          },
          at,
        );
        return { id: existing.id };
      }
      if ((await repo.countRows(trx, owner)) >= MAX_ROWS_PER_USER) throw conflict(`a cart holds at most ${MAX_ROWS_PER_USER} rows`);
      const line = { offerMapId: product.id, specId, quantity: cargo.quantity, productNo: cargo.productNo ?? null, container: cargo.container ?? null };
      return { id: await repo.insertRow(trx, owner, line, snapshot(cargo.quantity), at) };
    });
  }

  /**
   * §2.1: rows grouped by seller, split by validity now (statuses.md §7.3). The whole cart is judged
   * as one selection: an offer's minimum order quantity counts all its rows (two colours of 1 unit
   * each meet a minimum of 2), while `price` is the unit price at the row's own quantity (§2.1).
   */
  async list(owner: Owner): Promise<{ enableList: AlibabaShopGroup[]; disableList: AlibabaShopGroup[] }> {
    const rows = await repo.listRows(this.#db, owner);
    const cargo = rows.map(cargoOf);
    const products = await this.products(owner, cargo.map((c) => c.offerMapId));
    const priced = new Map<number, PricedCargo>();
    const reasons = new Map<number, DisabledReason>();
    for (const s of previewAlibaba(cargo, products).sellers) {
      for (const line of s.lines) priced.set(line.index, line);
      for (const f of s.failures) if (f.code !== CargoCode.BELOW_MINIMUM) reasons.set(f.index, disabledReason(f.code));
    }
    // The minimum is judged over the rows that can be ordered otherwise: an out-of-stock colour does
    // not help another colour of the offer reach it.
    const orderable = [...cargo.keys()].filter((i) => !reasons.has(i));
    for (const s of previewAlibaba(orderable.map((i) => cargo[i]!), products).sellers) {
      for (const f of s.failures) reasons.set(orderable[f.index]!, disabledReason(f.code));
    }
    const enable = new Map<string, AlibabaShopGroup>();
    const disable = new Map<string, AlibabaShopGroup>();
    // Rows come newest first, so each group is placed where its newest row is.
    for (const [index, row] of rows.entries()) {
      const groups = reasons.has(index) ? disable : enable;
      let group = groups.get(row.sellerOpenId);
      if (!group) groups.set(row.sellerOpenId, (group = { sellerOpenId: row.sellerOpenId, sellerNickName: row.sellerNick, cartItemInfos: [] }));
      const line = priced.get(index);
      group.cartItemInfos.push({
        id: row.id,
        offerMapId: row.offerMapId,
        specId: row.specId,
        skuId: row.skuId,
        itemTitle: row.title,
        itemPic: row.image ?? "",
        // Recomputed from the current tiers; the snapshot's when the product or spec is gone.
        price: line?.ownUnitPriceFen ?? row.priceFen,
        quantity: row.quantity,
        amountOnSale: line?.stock ?? row.stock,
        properties: row.properties,
      });
    }
    return { enableList: [...enable.values()], disableList: [...disable.values()] };
  }

  /**
   * §2.4. The row's snapshot price and stock are refreshed at the new quantity (so PRICE_CHANGED in
   * the preview means the catalogue moved, not that the buyer changed the quantity); labels change
   * when given.
   */
  async editQuantity(owner: Owner, input: { id: number; quantity: number; productNo?: string; container?: string }): Promise<true> {
    const row = await repo.rowById(this.#db, owner, input.id);
    if (!row) throw notFound(`cart row ${input.id}`);
    const product = (await this.products(owner, [row.offerMapId])).get(row.offerMapId);
    const spec = product ? resolveSpec(product, row.specId === "" ? null : row.specId) : undefined;
    const sku = spec && "sku" in spec ? spec.sku : undefined;
    const snapshot: Partial<repo.AlibabaSnapshot> | undefined =
      product && spec && "sku" in spec ? { price_fen: String(alibabaUnitPrice(product, sku, input.quantity)), stock: sku?.stock ?? product.stock } : undefined;
    const label = (value: string | undefined) => (value === undefined ? undefined : value.trim() === "" ? null : value);
    const done = await repo.updateRow(
      this.#db,
      owner,
      input.id,
      {
        quantity: input.quantity,
        ...(snapshot ? { snapshot } : {}),
        ...(input.productNo !== undefined ? { productNo: label(input.productNo) as string | null } : {}),
        ...(input.container !== undefined ? { container: label(input.container) as string | null } : {}),
      },
      new Date(this.#clock.now()),
    );
    if (!done) throw notFound(`cart row ${input.id}`);
    return true;
  }

  /** §2.3: ids that are not the user's are ignored (idempotent). */
  async remove(owner: Owner, ids: readonly number[]): Promise<true> {
    await repo.deleteRows(this.#db, owner, ids);
    return true;
  }

  /** §2.5: read-only; 40401 when any id is not one of the user's rows. */
  async preview(owner: Owner, input: { cartIds: number[]; addressParam: unknown; userId?: string }): Promise<AlibabaPreviewData> {
    checkBodyUser(owner, input.userId);
    checkedAlibabaAddress(input.addressParam);
    return this.#db.transaction().execute(async (trx) => {
      const cargo = await this.cargoForOrder(trx, owner, input.cartIds);
      const products = await this.products(owner, cargo.map((c) => c.offerMapId), trx);
      return previewAlibaba(cargo, products, new Map(cargo.map((c, i) => [i, { priceFen: c.snapshotPriceFen }]))).wire;
    });
  }

  /**
   * The rows (the user's only; unknown or foreign ids → ApiError 40401 naming them) as cargo, in the
   * order of `cartIds`, for create-from-cart, read (and locked) in the caller's transaction. A
   * repeated or malformed id is 40002.
   */
  async cargoForOrder(trx: Db, owner: Owner, cartIds: number[]): Promise<AlibabaCartCargo[]> {
    const ids = rowIds(cartIds);
    const rows = await repo.rowsByIds(trx, owner, ids, true);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound(`cart row${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
    return ids.map((id) => {
      const row = byId.get(id)!;
      return { ...cargoOf(row), cartId: row.id, snapshotPriceFen: row.priceFen };
    });
  }

  /** Removes ordered rows in the caller's transaction; 40401 when one is already gone (the caller rolls back). */
  async removeOrdered(trx: Db, owner: Owner, cartIds: number[]): Promise<void> {
    const ids = rowIds(cartIds);
    const deleted = await repo.deleteRows(trx, owner, ids);
    if (deleted !== ids.length) throw notFound(`cart rows ${ids.join(", ")}`);
  }

  /** Empties a user's 1688 cart inside the caller's transaction (sandbox reset). */
  async forgetUser(trx: Db, owner: Owner): Promise<void> {
    await repo.deleteAll(trx, owner);
  }
}

function cargoOf(row: repo.AlibabaCartRow): AlibabaCargo {
  return {
    offerMapId: row.offerMapId,
    specId: row.specId === "" ? null : row.specId,
    quantity: row.quantity,
    sellerOpenId: row.sellerOpenId,
    productNo: row.productNo,
    container: row.container,
  };
}
