// The marketplace port: everything the platform needs from an upstream marketplace (Taobao's
// distribution API, 1688's cross-border API). The embedded sandbox implements it; real connectors
// will implement the same interface. Modules talk to upstreams only through this file's types.
//
// Conventions: money is integer fen; ids are strings; `lang` is the language of translated texts
// (zh is always the original). Every method may throw UpstreamError (the API answers 50201);
// "not found" is a value (undefined / a reason), never an exception.

export type Platform = "taobao" | "alibaba";
export type Lang = "zh" | "en" | "th" | "vi";

export class UpstreamError extends Error {
  readonly reason: string;
  constructor(reason: string, message?: string) {
    super(message ?? `upstream failure: ${reason}`);
    this.name = "UpstreamError";
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------
// Goods

export interface LocalizedText {
  /** The original Chinese. */
  zh: string;
  /** In the requested language (falls back to en). */
  trans: string;
}

export interface SkuProperty {
  propId: number;
  propName: LocalizedText;
  valueId: number;
  valueName: LocalizedText;
}

export interface Sku {
  /** Upstream SKU id (Taobao skuId / 1688 numeric skuId). */
  skuId: string;
  /** Taobao distribution SKU id (mpSkuId); 1688: the 32-hex specId. */
  mpSkuId: string;
  priceFen: number;
  promotionPriceFen: number | null;
  stock: number;
  postFeeFen: number;
  imageUrl: string | null;
  active: boolean;
  properties: SkuProperty[];
}

export interface PriceTier {
  startQuantity: number;
  priceFen: number;
  promotionPriceFen: number | null;
}

export interface Category {
  id: number;
  parentId: number;
  level: number;
  name: LocalizedText;
  leaf: boolean;
}

export interface Seller {
  shopId: number;
  shopName: string;
  /** Taobao seller nickname / 1688 Wangwang login id (plain). */
  nick: string;
  /** 1688 opaque seller id. */
  sellerOpenId: string;
  companyName: string;
}

export interface Product {
  platform: Platform;
  /** Opaque v2 id: Taobao itemMapId / 1688 offerMapId (= offerId in goods calls). */
  id: string;
  /** Numeric upstream id: Taobao item id / 1688 productID. */
  numericId: string;
  /** Taobao distribution item id (mpId); 1688: same as numericId. */
  mpId: string;
  title: LocalizedText;
  description: string;
  imageUrls: string[];
  priceFen: number;
  promotionPriceFen: number | null;
  stock: number;
  /** Minimum order quantity (Taobao beginAmount, 0 = none; 1688 minOrderQuantity). */
  minQuantity: number;
  /** 1688 wholesale tiers (empty for Taobao). */
  priceTiers: PriceTier[];
  /** 1688 quoteType: 0 no SKUs, 1 priced per SKU, 2 SKUs priced by quantity tiers. */
  quoteType: 0 | 1 | 2;
  unit: LocalizedText;
  categoryPath: Category[];
  seller: Seller;
  active: boolean;
  sales30d: number;
  /** Commission rate in basis points (Taobao tk_rate sort). */
  commissionBp: number;
  repurchaseRatePct: number;
  weightKg: number;
  /** Filter codes this product satisfies (1688 filter, e.g. shipInToday, isOnePsale). */
  tags: string[];
  skus: Sku[];
}

export interface SearchPage<T> {
  total: number;
  items: T[];
}

export interface KeywordQuery {
  /** Empty = no keyword: the whole range (for a shop), best sellers first. */
  keyword: string;
  lang: Lang;
  offset: number;
  limit: number;
  /** Absent = relevance. */
  sort?: { key: "price" | "sales" | "commission" | "repurchase"; order: "asc" | "desc" };
  priceMinFen?: number;
  priceMaxFen?: number;
  categoryId?: number;
  sellerOpenId?: string;
  /** Products must carry every one of these tags. */
  tags?: string[];
}

export interface ImageQuery extends Omit<KeywordQuery, "keyword"> {
  image: Buffer;
}

export interface GoodsPort {
  /** By opaque id or numeric id; undefined when unknown. */
  product(platform: Platform, id: string, lang: Lang): Promise<Product | undefined>;
  search(platform: Platform, query: KeywordQuery): Promise<SearchPage<Product>>;
  /** Throws ImageInputError for undecodable or oversized images. */
  searchByImage(platform: Platform, query: ImageQuery): Promise<SearchPage<Product>>;
  category(platform: Platform, categoryId: number, lang: Lang): Promise<{ category: Category; children: Category[] } | undefined>;
  seller(platform: Platform, sellerOpenId: string): Promise<Seller | undefined>;
  recommend(platform: Platform, forUser: string | undefined, lang: Lang, offset: number, limit: number): Promise<Product[]>;
  related(platform: Platform, productId: string, lang: Lang, offset: number, limit: number): Promise<Product[] | undefined>;
  topList(platform: Platform, categoryId: number, rankType: "complex" | "hot" | "goodPrice", lang: Lang, limit: number): Promise<Product[] | undefined>;
  /** An image of the catalogue, for the platform's own image route. */
  image(platform: Platform, key: string): Promise<Buffer | undefined>;
}

export class ImageInputError extends Error {}

/** The largest image a search accepts, decoded (taobao.md §1.4, alibaba-1688.md §1.3: 3 MB). */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Purchase, payment, logistics, after-sales (implemented by the sandbox-seller issue)

export interface PurchaseLine {
  lineNo: string;
  productId: string;
  skuId: string;
  quantity: number;
  /** The unit price the buyer expects, fen. */
  expectedUnitPriceFen?: number;
}

export interface PurchaseReceiver {
  name: string;
  phone: string;
  country: string;
  state: string;
  city: string;
  district?: string;
  address: string;
  zip?: string;
}

export interface PurchaseLineResult {
  lineNo: string;
  /** Taobao taobaoSubPurchaseId / 1688 order entry id. */
  upstreamLineId: string;
  status: string;
}

export interface PurchaseOrder {
  platform: Platform;
  /** Taobao taobaoPurchaseId (one per shop) / 1688 orderId. */
  upstreamOrderId: string;
  lines: PurchaseLineResult[];
}

export interface TraceEvent {
  at: number;
  status: "CREATE" | "ACCEPT" | "TRANSPORT" | "DELIVERING" | "SIGN" | "FAILED";
  description: string;
  city: string;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  lineIds: string[];
  trace: TraceEvent[];
}

export type RefundDecision = "agree" | "refuse" | "ask_return";

/** What a seller side does on its own; delivered to the platform as events through the outbox. */
export type MarketplaceEvent =
  | { kind: "line_built"; platform: Platform; upstreamLineId: string; unitPriceFen: number; postFeeFen: number; at: number }
  | { kind: "line_build_failed"; platform: Platform; upstreamLineId: string; errorCode: string; errorMessage: string; at: number }
  | { kind: "price_changed"; platform: Platform; upstreamLineId: string; unitPriceFen: number; postFeeFen: number; at: number }
  | { kind: "payment_refused"; platform: Platform; upstreamOrderId: string; reason: string; at: number }
  | { kind: "shipped"; platform: Platform; upstreamOrderId: string; shipment: Shipment; at: number }
  | { kind: "tracking"; platform: Platform; trackingNumber: string; event: TraceEvent; at: number }
  | { kind: "refund_decided"; platform: Platform; refundId: string; decision: RefundDecision; reason?: string; at: number }
  | { kind: "return_received"; platform: Platform; refundId: string; at: number }
  | { kind: "refund_paid"; platform: Platform; refundId: string; amountFen: number; at: number };

export interface PurchasePort {
  createOrder(platform: Platform, owner: { developerId: string; userId: string }, lines: PurchaseLine[], receiver: PurchaseReceiver): Promise<PurchaseOrder>;
  payOrder(platform: Platform, upstreamOrderId: string, amountFen: number): Promise<void>;
  cancelOrder(platform: Platform, upstreamOrderId: string, reason: string): Promise<void>;
  readOrder(platform: Platform, upstreamOrderId: string): Promise<PurchaseOrder | undefined>;
  confirmReceipt(platform: Platform, upstreamOrderId: string, lineIds: string[]): Promise<void>;
  shipments(platform: Platform, upstreamLineId: string): Promise<Shipment[]>;
  /** Seller chat address for an item or an upstream order. */
  imLink(platform: Platform, subject: { kind: "item" | "order"; id: string }): Promise<string>;
  /** 1688 Wangwang nickname decryption. */
  decryptNick(openUid: string): Promise<string | undefined>;
  requestRefund(
    platform: Platform,
    request: { upstreamLineId: string; refundId: string; type: "refund" | "return_refund"; amountFen: number; reason: string },
  ): Promise<void>;
  submitReturn(platform: Platform, refundId: string, carrier: string, trackingNumber: string): Promise<void>;
}

export interface MarketplacePort extends GoodsPort, PurchasePort {
  readonly name: string;
}
