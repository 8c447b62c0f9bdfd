// Taobao cart (taobao.md §3): the row, its validity against the catalogue (statuses.md §7.3), the
// limits, and the shapes the orders module reads when it creates an order from the cart (§3.2).
import type { Product, Sku } from "../../marketplace/port.ts";

export interface Owner {
  developerId: string;
  userId: string;
  /** Whose goods to judge rows against: the sandbox's or the live connectors' (absent: the developer's mode is looked up). */
  sandbox?: boolean;
}

/** taobao.md §3.5: at most 200 rows per user; beyond that 40901. */
export const MAX_ROWS_PER_USER = 200;
/** DESIGNED: units per row (add, merged add, edit). A request above it is 40002; a merge above it 40901. */
export const MAX_QUANTITY = 9999;
/** taobao.md §3.4: `ids` 1 to 200 (the same bound for the preview). */
export const MAX_IDS = 200;
/**
 * DESIGNED: the snapshot's translated properties. The Taobao cart has no language parameter (its
 * wire is Chinese, like the product detail), so the second language is the platform's fallback,
 * English, which is what order lines print next to Chinese (`option_fields.en`, taobao.md §0.3.1).
 */
export const SNAPSHOT_LANG = "en";

/** Why a row cannot be ordered now (statuses.md §7.3), in order of precedence. */
export type DisabledReason = "OFFLINE" | "OUT_OF_STOCK" | "BELOW_MINIMUM";

/** A cart row as stored: the line and the snapshot taken when it was (last) added. */
export interface CartRow {
  id: number;
  itemMapId: string;
  mpId: string;
  skuId: string;
  mpSkuId: string;
  quantity: number;
  title: string;
  image: string | null;
  priceFen: number;
  promotionPriceFen: number;
  /** The wire `properties` string (as given at add time, else built from the catalogue). */
  properties: string;
  /** JSON object property name → value, Chinese: `{"颜色分类":"红色"}`. */
  propsZh: string;
  /** The same in `lang`. */
  propsTrans: string;
  lang: string;
  shopId: number;
  shopName: string;
  userNick: string;
  skuQuantity: number;
  createdAt: Date;
}

/** The row judged against the catalogue now. */
export interface Judged {
  available: boolean;
  reason: DisabledReason | null;
  /** The current unit price (promotionPrice if lower, else price), fen; null when the SKU is gone. */
  currentPriceFen: number | null;
  currentStock: number | null;
  postFeeFen: number | null;
}

/** One cart row as the orders module needs it to create an order from the cart (taobao.md §3.2). */
export interface CartLine {
  /** Cart row id. */
  id: number;
  /** Opaque product id (itemMapId). */
  productId: string;
  mpId: string;
  skuId: string;
  mpSkuId: string;
  quantity: number;
  /** The unit price of the snapshot (its promotionPrice if lower, else price), fen. */
  snapshotPriceFen: number;
  snapshotListPriceFen: number;
  snapshotPromotionPriceFen: number;
  /** The unit price now (promotionPrice if lower, else price), fen; null when the SKU is offline. */
  currentPriceFen: number | null;
  /** Domestic shipping of the SKU now, fen; null when offline. */
  postFeeFen: number | null;
  /** SKU stock now; null when offline. */
  currentStock: number | null;
  available: boolean;
  reason: DisabledReason | null;
  title: string;
  image: string | null;
  /** The wire string of §3.3/§3.5. */
  properties: string;
  /** JSON object property name → value in Chinese, the form of `option_fields.zh` (taobao.md §0.3.1). */
  propsZh: string;
  /** The same in `propsLang` (English), the form of `option_fields.en`. */
  propsTrans: string;
  propsLang: string;
  shopId: number;
  shopName: string;
  sellerNick: string;
}

/** "the current promotionPrice if lower, else price" (taobao.md §3.1). */
export function unitPrice(priceFen: number, promotionPriceFen: number | null): number {
  return promotionPriceFen !== null && promotionPriceFen < priceFen ? promotionPriceFen : priceFen;
}

/** statuses.md §7.3: OFFLINE, then OUT_OF_STOCK, then BELOW_MINIMUM. */
export function judge(row: Pick<CartRow, "mpSkuId" | "quantity">, product: Product | undefined): Judged {
  const sku: Sku | undefined = product?.skus.find((s) => s.mpSkuId === row.mpSkuId);
  if (!product || !product.active || !sku || !sku.active) {
    return { available: false, reason: "OFFLINE", currentPriceFen: null, currentStock: null, postFeeFen: null };
  }
  const current = { currentPriceFen: unitPrice(sku.priceFen, sku.promotionPriceFen), currentStock: sku.stock, postFeeFen: sku.postFeeFen };
  if (sku.stock < row.quantity) return { available: false, reason: "OUT_OF_STOCK", ...current };
  if (product.minQuantity > 0 && row.quantity < product.minQuantity) return { available: false, reason: "BELOW_MINIMUM", ...current };
  return { available: true, reason: null, ...current };
}

/** `{"颜色分类":"红色","尺码":"M"}` from the SKU's properties in one language. */
export function propsMap(sku: Sku, pick: "zh" | "trans"): string {
  return JSON.stringify(Object.fromEntries(sku.properties.map((p) => [p.propName[pick], p.valueName[pick]])));
}

/** The wire `properties` string built from the catalogue: `[{valueId, valueName, propId, propName}]` in Chinese. */
export function propertiesString(sku: Sku): string {
  return JSON.stringify(sku.properties.map((p) => ({ valueId: p.valueId, valueName: p.valueName.zh, propId: p.propId, propName: p.propName.zh })));
}
