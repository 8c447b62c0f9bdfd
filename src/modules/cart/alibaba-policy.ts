// The 1688 pricing and preview policy (alibaba-1688.md §0.3, §0.5, §1.1 SaleInfo, §2; statuses.md
// §7.2–§7.3), pure: no database, no catalogue calls, no clock. The cart (§2.1, §2.5) and the orders
// module (§3.2, §3.3, §3.6, §3.7, §2.6) price and check 1688 lines with the same functions, so a
// preview and the order created after it agree.
//
// Rules (DESIGNED where the reference is silent; every amount is integer fen):
// - Wholesale tiers (`priceTiers`, §1.1 `priceRangeList`): "from `startQuantity` units on, the unit
//   price is `price`". The quantity that selects the tier is the TOTAL of one offer across all its
//   specs in the same selection (one preview / one order / one cart list), as 1688 sellers count a
//   wholesale batch by the offer, not by the colour. Below the first tier's start the first tier
//   applies (the line then fails BELOW_MINIMUM anyway when the first tier is the minimum).
// - `quoteType`: 0 (no SKUs) and 2 (SKUs priced by the offer's quantity tiers) use the tiers; 1 (priced
//   per SKU) uses the SKU's own price. An offer with no tiers falls back to the SKU's (or the offer's)
//   price. Each price is "the promotion price if lower, else the price", like the Taobao cart.
// - Minimum order quantity (`minQuantity`, §1.1 `minOrderQuantity`) is counted per offer total in the
//   selection; stock per spec (per offer when the offer has no SKUs), summed when one spec repeats.
// - Purchasable: the product exists, is published (`active`, statuses.md §7.2) and the SKU is active.
// - Shipping: per seller order, the highest `postFeeFen` among its lines' SKUs (a seller ships one
//   parcel); 0 when all lines ship free or have no SKU. Discount: 0 (the catalogue has no shop
//   promotion model; promotion prices are already in the unit prices).
import type { Product, Seller, Sku } from "../../marketplace/port.ts";

/** One order line as given by a cart row or a cargoParamList element (alibaba-1688.md §0.3), validated. */
export interface AlibabaCargo {
  /** The product id as given (opaque offerMapId, or a numeric offer id). */
  offerMapId: string;
  /** null for an offer without SKUs. */
  specId: string | null;
  quantity: number;
  sellerOpenId?: string | null;
  productNo?: string | null;
  container?: string | null;
}

/** A line priced by the 1688 policy. `index` = position in the input. */
export interface PricedCargo {
  index: number;
  cargo: AlibabaCargo;
  product: Product;
  sku: Sku | undefined;
  /** Unit price at the offer's total quantity in the selection (what the order charges). */
  unitPriceFen: number;
  /** unitPriceFen × quantity. */
  amountFen: number;
  /** Unit price at this line's own quantity (the cart list's `price`, the basis of PRICE_CHANGED). */
  ownUnitPriceFen: number;
  /** Stock of the spec (of the offer when it has no SKUs) now. */
  stock: number;
}

export interface CargoFailure {
  index: number;
  offerMapId: string;
  specId: string | null;
  code: string;
  message: string;
}

export interface SellerPreview {
  sellerOpenId: string;
  seller: Seller;
  /** The lines that resolved to a product (and spec), in input order, whether or not they fail. */
  lines: PricedCargo[];
  /** Failing lines (one failure per line, the first by precedence); any failure fails the seller order. */
  failures: CargoFailure[];
  /** Warnings that do not fail the order (PRICE_CHANGED). */
  warnings: CargoFailure[];
  /** Every input index of this seller, in input order (resolved or not). */
  indexes: number[];
  goodsFen: number;
  shippingFen: number;
  /** negative or 0 */
  discountFen: number;
  totalFen: number;
  ok: boolean;
}

/** Cargo codes (the wire's cargo `resultCode`). PRICE_CHANGED is a warning; the others fail the seller order. */
export const CargoCode = {
  /** Unknown product, or a specId that is not one of the offer's specs. */
  NOT_FOUND: "NOT_FOUND",
  /** The product has SKUs and the line names none. */
  SPEC_REQUIRED: "SPEC_REQUIRED",
  /** The line's sellerOpenId is not the product's seller. */
  SELLER_MISMATCH: "SELLER_MISMATCH",
  /** Not published (statuses.md §7.2), or the SKU is not on sale. */
  OFFLINE: "OFFLINE",
  /** The spec's stock is below the quantity asked for it. */
  OUT_OF_STOCK: "OUT_OF_STOCK",
  /** The offer's total quantity is below its minimum order quantity. */
  BELOW_MINIMUM: "BELOW_MINIMUM",
  /** Warning: the unit price at the line's quantity differs from the snapshot (cart add time). */
  PRICE_CHANGED: "PRICE_CHANGED",
} as const;
export type CargoCode = (typeof CargoCode)[keyof typeof CargoCode];

/** The statuses.md §7.3 reason a cart row is disabled for, from a cargo failure code. */
export function disabledReason(code: string): "OFFLINE" | "OUT_OF_STOCK" | "BELOW_MINIMUM" {
  return code === CargoCode.OUT_OF_STOCK ? "OUT_OF_STOCK" : code === CargoCode.BELOW_MINIMUM ? "BELOW_MINIMUM" : "OFFLINE";
}

/** Trade modes offered by every seller order (statuses.md §6.5): the values `tradeType` may take. */
export const ALIBABA_TRADE_MODES = [
  { tradeWay: "assureTrade", name: "担保交易", tradeType: "assureTrade", description: "guaranteed trade: the payment is released to the seller on receipt", opSupport: true },
  { tradeWay: "alipay", name: "支付宝交易", tradeType: "alipay", description: "direct Alipay trade", opSupport: true },
] as const;
/** The flow every preview reports (statuses.md §6.5). */
export const PREVIEW_FLOW = "general";

// ---------------------------------------------------------------------------------------------
// The §0.5 wire object

export interface PromotionVO {
  promotionId: string;
  selected: boolean;
  text: string;
  desc: string;
  freePostage: boolean;
  discountFee: number;
}
export interface PreviewCargoVO {
  offerId: string;
  openOfferId: string;
  specId: string;
  skuId: string;
  amount: number;
  finalUnitPrice: number;
  resultCode: string | null;
  message: string | null;
  cargoPromotionList: PromotionVO[];
}
export interface TradeModelVO {
  tradeWay: string;
  name: string;
  tradeType: string;
  description: string;
  opSupport: boolean;
}
export interface PreviewResultVO {
  status: boolean;
  resultCode: string | null;
  message: string | null;
  flowFlag: string;
  sumPayment: number;
  sumCarriage: number;
  sumPaymentNoCarriage: number;
  discountFee: number | null;
  additionalFee: number | null;
  taoSampleSinglePromotion: boolean;
  tradeModeNameList: string[];
  tradeModelList: TradeModelVO[];
  shopPromotionList: PromotionVO[];
  cargoList: PreviewCargoVO[];
}
/** `data` of §2.5, §3.2 and §3.6 (alibaba-1688.md §0.5; the misspelt key is DOCUMENTED). */
export interface AlibabaPreviewData {
  orderPreviewResuslt: PreviewResultVO[];
  success: boolean;
  errorCode: string | null;
  errorMsg: string | null;
  postFeeByDescOfferList: string[];
  consignOfferList: string[];
  unsupportedCrossBorderPayOfferList: string[];
}

// ---------------------------------------------------------------------------------------------
// Prices

/** "the promotion price if lower, else the price". */
function lower(priceFen: number, promotionPriceFen: number | null): number {
  return promotionPriceFen !== null && promotionPriceFen < priceFen ? promotionPriceFen : priceFen;
}

/**
 * The unit price (fen) of `sku` of `product` when `offerQuantity` units of the offer are bought
 * together (its specs summed). See the rules at the top of the file.
 */
export function alibabaUnitPrice(product: Product, sku: Sku | undefined, offerQuantity: number): number {
  if (sku && product.quoteType === 1) return lower(sku.priceFen, sku.promotionPriceFen);
  if (product.priceTiers.length > 0) {
    const tiers = [...product.priceTiers].sort((a, b) => a.startQuantity - b.startQuantity);
    let tier = tiers[0]!;
    for (const t of tiers) if (offerQuantity >= t.startQuantity) tier = t;
    return lower(tier.priceFen, tier.promotionPriceFen);
  }
  return sku ? lower(sku.priceFen, sku.promotionPriceFen) : lower(product.priceFen, product.promotionPriceFen);
}

/** The §2.1 `properties` text: `"Color:Tulip;Size:S"` (translated names; "" without SKU). */
export function propertiesText(sku: Sku | undefined): string {
  return (sku?.properties ?? []).map((p) => `${p.propName.trans}:${p.valueName.trans}`).join(";");
}

/** The SKU a cargo line names, or why it names none. */
export function resolveSpec(product: Product, specId: string | null): { sku: Sku | undefined } | { code: "SPEC_REQUIRED" | "NOT_FOUND"; message: string } {
  if (specId === null || specId === "") {
    if (product.skus.length > 0) return { code: CargoCode.SPEC_REQUIRED, message: `offer ${product.id} has specs; specId is required` };
    return { sku: undefined };
  }
  const sku = product.skus.find((s) => s.mpSkuId === specId);
  if (!sku) return { code: CargoCode.NOT_FOUND, message: `specId ${specId} is not a spec of offer ${product.id}` };
  return { sku };
}

// ---------------------------------------------------------------------------------------------
// The preview

const unknownSeller = (sellerOpenId: string): Seller => ({ shopId: 0, shopName: "", nick: "", sellerOpenId, companyName: "" });

interface Resolved {
  index: number;
  cargo: AlibabaCargo;
  product: Product;
  sku: Sku | undefined;
  /** A failure found while resolving that still leaves the line priceable (SELLER_MISMATCH, OFFLINE). */
  early: CargoFailure | undefined;
}

/**
 * Pure: groups by seller (order of first appearance), prices with tiers, checks published / stock /
 * minimum / spec; also builds the §0.5 wire object. `products` maps each cargo's offerMapId (as
 * given) to the product or undefined (unknown). `snapshots` (by input index) are the unit prices the
 * buyer saw (cart add time): a different price now at the line's own quantity is a PRICE_CHANGED
 * warning on the cargo, which does not fail the order.
 */
export function previewAlibaba(
  cargo: AlibabaCargo[],
  products: ReadonlyMap<string, Product | undefined>,
  snapshots?: ReadonlyMap<number, { priceFen: number }>,
): { sellers: SellerPreview[]; wire: AlibabaPreviewData } {
  const groups = new Map<string, { seller: Seller; known: boolean; indexes: number[]; resolved: Resolved[]; failures: CargoFailure[]; warnings: CargoFailure[] }>();
  const groupOf = (sellerOpenId: string, seller: Seller | undefined) => {
    let group = groups.get(sellerOpenId);
    if (!group) groups.set(sellerOpenId, (group = { seller: seller ?? unknownSeller(sellerOpenId), known: seller !== undefined, indexes: [], resolved: [], failures: [], warnings: [] }));
    else if (!group.known && seller) Object.assign(group, { seller, known: true });
    return group;
  };
  const fail = (index: number, line: AlibabaCargo, code: string, message: string): CargoFailure => ({ index, offerMapId: line.offerMapId, specId: line.specId, code, message });

  // 1. Resolve each line to its product and spec; place it in its seller's group.
  for (const [index, line] of cargo.entries()) {
    const product = products.get(line.offerMapId);
    if (!product) {
      const group = groupOf(line.sellerOpenId ?? "", undefined);
      group.indexes.push(index);
      group.failures.push(fail(index, line, CargoCode.NOT_FOUND, `offer ${line.offerMapId} does not exist or is not published`));
      continue;
    }
    const group = groupOf(product.seller.sellerOpenId, product.seller);
    group.indexes.push(index);
    const spec = resolveSpec(product, line.specId);
    if (!("sku" in spec)) {
      group.failures.push(fail(index, line, spec.code, spec.message));
      continue;
    }
    const sku = spec.sku;
    let early: CargoFailure | undefined;
    if (line.sellerOpenId && line.sellerOpenId !== product.seller.sellerOpenId) {
      early = fail(index, line, CargoCode.SELLER_MISMATCH, `offer ${product.id} is sold by ${product.seller.sellerOpenId}, not ${line.sellerOpenId}`);
    } else if (!product.active) {
      early = fail(index, line, CargoCode.OFFLINE, `offer ${product.id} is not published`);
    } else if (sku && !sku.active) {
      early = fail(index, line, CargoCode.OFFLINE, `spec ${sku.mpSkuId} of offer ${product.id} is not on sale`);
    }
    group.resolved.push({ index, cargo: line, product, sku, early });
  }

  // 2. Per group: offer totals (tiers, minimum) and spec totals (stock), then price and check.
  const sellers: SellerPreview[] = [];
  for (const [sellerOpenId, group] of groups) {
    const offerTotal = new Map<string, number>();
    const specTotal = new Map<string, number>();
    for (const r of group.resolved) {
      offerTotal.set(r.product.id, (offerTotal.get(r.product.id) ?? 0) + r.cargo.quantity);
      const key = `${r.product.id}\u0000${r.sku?.mpSkuId ?? ""}`;
      specTotal.set(key, (specTotal.get(key) ?? 0) + r.cargo.quantity);
    }
    const lines: PricedCargo[] = [];
    for (const r of group.resolved) {
      const total = offerTotal.get(r.product.id)!;
      const unitPriceFen = alibabaUnitPrice(r.product, r.sku, total);
      const ownUnitPriceFen = alibabaUnitPrice(r.product, r.sku, r.cargo.quantity);
      const stock = r.sku ? r.sku.stock : r.product.stock;
      lines.push({ index: r.index, cargo: r.cargo, product: r.product, sku: r.sku, unitPriceFen, amountFen: unitPriceFen * r.cargo.quantity, ownUnitPriceFen, stock });
      const asked = specTotal.get(`${r.product.id}\u0000${r.sku?.mpSkuId ?? ""}`)!;
      const what = r.sku ? `spec ${r.sku.mpSkuId} of offer ${r.product.id}` : `offer ${r.product.id}`;
      if (r.early) group.failures.push(r.early);
      else if (asked > stock) group.failures.push(fail(r.index, r.cargo, CargoCode.OUT_OF_STOCK, `${what}: ${asked} asked, ${stock} in stock`));
      else if (r.product.minQuantity > 0 && total < r.product.minQuantity) {
        group.failures.push(fail(r.index, r.cargo, CargoCode.BELOW_MINIMUM, `offer ${r.product.id}: ${total} units, the minimum order quantity is ${r.product.minQuantity}`));
      }
      const snapshot = snapshots?.get(r.index);
      if (snapshot && snapshot.priceFen !== ownUnitPriceFen) {
        group.warnings.push(fail(r.index, r.cargo, CargoCode.PRICE_CHANGED, `${what}: unit price was ${snapshot.priceFen} fen when added, now ${ownUnitPriceFen} fen at ${r.cargo.quantity} units`));
      }
    }
    group.failures.sort((a, b) => a.index - b.index);
    const goodsFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
    const shippingFen = lines.reduce((max, l) => Math.max(max, l.sku?.postFeeFen ?? 0), 0);
    const discountFen = 0;
    sellers.push({
      sellerOpenId,
      seller: group.seller,
      lines,
      failures: group.failures,
      warnings: group.warnings,
      indexes: group.indexes,
      goodsFen,
      shippingFen,
      discountFen,
      totalFen: goodsFen + shippingFen + discountFen,
      ok: group.failures.length === 0,
    });
  }
  return { sellers, wire: previewWire(cargo, sellers) };
}

/** The §0.5 object of a computed preview: one PreviewResult per seller, cargo in input order. */
function previewWire(cargo: AlibabaCargo[], sellers: SellerPreview[]): AlibabaPreviewData {
  const results = sellers.map((s): PreviewResultVO => {
    const priced = new Map(s.lines.map((l) => [l.index, l]));
    const failed = new Map(s.failures.map((f) => [f.index, f]));
    const warned = new Map(s.warnings.map((f) => [f.index, f]));
    return {
      status: s.ok,
      resultCode: s.failures[0]?.code ?? null,
      message: s.ok ? null : s.failures.map((f) => f.message).join("; "),
      flowFlag: PREVIEW_FLOW,
      sumPayment: s.totalFen,
      sumCarriage: s.shippingFen,
      sumPaymentNoCarriage: s.goodsFen + s.discountFen,
      // A positive amount of discount (the order detail's `discount` carries the sign).
      discountFee: s.discountFen === 0 ? 0 : -s.discountFen,
      additionalFee: 0,
      taoSampleSinglePromotion: false,
      tradeModeNameList: ALIBABA_TRADE_MODES.map((m) => m.tradeType),
      tradeModelList: ALIBABA_TRADE_MODES.map((m) => ({ ...m })),
      shopPromotionList: [],
      cargoList: s.indexes.map((index): PreviewCargoVO => {
        const line = cargo[index]!;
        const p = priced.get(index);
        const note = failed.get(index) ?? warned.get(index);
        const offerId = p?.product.id ?? line.offerMapId;
        return {
          offerId,
          openOfferId: offerId,
          specId: p?.sku?.mpSkuId ?? line.specId ?? "",
          skuId: p?.sku?.skuId ?? "",
          amount: p?.amountFen ?? 0,
          finalUnitPrice: p?.unitPriceFen ?? 0,
          resultCode: note?.code ?? null,
          message: note?.message ?? null,
          cargoPromotionList: [],
        };
      }),
    };
  });
  const failing = sellers.filter((s) => !s.ok);
  return {
    orderPreviewResuslt: results,
    success: failing.length === 0,
    errorCode: failing[0]?.failures[0]?.code ?? null,
    errorMsg: failing.length === 0 ? null : failing.flatMap((s) => s.failures.map((f) => f.message)).join("; "),
    // Shipping is always computable here (every SKU carries its fee); no consignment; every
    // product can be paid cross-border.
    postFeeByDescOfferList: [],
    consignOfferList: [],
    unsupportedCrossBorderPayOfferList: [],
  };
}
