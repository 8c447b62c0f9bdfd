// The marketplace port: everything the platform needs from an upstream marketplace (Taobao's
// distribution API, 1688's cross-border API). The embedded sandbox implements it; real connectors
// will implement the same interface. Modules talk to upstreams only through this file's types.
//
// Conventions: money is integer fen; ids are strings; `lang` is the language of translated texts
// (zh is always the original). Every method may throw UpstreamError (the API answers 50201);
// "not found" is a value (undefined / a reason), never an exception.


import { ApiError, Code } from "../platform/http/errors.ts";

export type Platform = "taobao" | "alibaba";
export type Lang = "zh" | "en" | "th" | "vi";

/** The upstream could not be reached or failed; where nothing maps it, it answers 50201 as it is. */
export class UpstreamError extends ApiError {
  readonly reason: string;
  constructor(reason: string, message?: string) {
    super(Code.UPSTREAM_FAILURE, message ?? `upstream failure: ${reason}`);
    this.name = "UpstreamError";
    this.reason = reason;
  }
}

/**
 * The upstream answered but will not do what was asked (unknown line, not refundable, a case
 * already open). `code` is the upstream's reason; the platform maps it to its own error.
 */
export class UpstreamRejection extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "UpstreamRejection";
    this.code = code;
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
// Purchase, payment, logistics, after-sales
//
// The platform buys from an upstream marketplace under an account; in the sandbox every developer
// has its own (ids, clocks and scenarios are per developer). Upstream statuses are the strings of
// reference/statuses.md: Taobao sub-order strings (BULIDING, WAIT_BUYER_PAY, WAIT_SELLER_SEND_GOODS,
// WAIT_BUYER_CONFIRM_GOODS, TRADE_CLOSED) and 1688 order strings (waitbuyerpay, waitsellersend,
// waitbuyerreceive, confirm_goods, success, cancel, terminated).

/** Whose purchase this is: the developer (the upstream account) and the user who ordered. */
export interface PurchaseOwner {
  developerId: string;
  userId: string;
}

export interface PurchaseLine {
  /** The caller's reference for the line (echoed back). */
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

export interface PurchaseLineState {
  lineNo: string;
  /** Taobao taobaoSubPurchaseId (12 digits) / 1688 order entry id (19 digits). */
  upstreamLineId: string;
  productId: string;
  skuId: string;
  quantity: number;
  status: string;
  /** Set once the upstream has priced the line (Taobao: built; 1688: at creation). */
  unitPriceFen: number | null;
  postFeeFen: number | null;
  /** Why the line could not be bought (e.g. OUT_OF_STOCK, ITEM_DELISTED, BUILD_FAILED). */
  errorCode: string | null;
  errorMessage: string | null;
  /** Tracking numbers of the parcels that carry this line. */
  trackingNumbers: string[];
}

export interface PurchaseOrder {
  platform: Platform;
  /** The buyer's client reference the purchase was created with (Taobao outer_purchase_id, 1688 outOrderId). */
  clientRef: string | null;
  /** Taobao taobaoPurchaseId (12 digits, one per shop) / 1688 orderId (19 digits, one per seller). */
  upstreamOrderId: string;
  owner: PurchaseOwner;
  shopId: number;
  status: string;
  lines: PurchaseLineState[];
  createdAt: number;
  paidAt: number | null;
}

export interface TraceEvent {
  at: number;
  status: "CREATE" | "ACCEPT" | "TRANSPORT" | "DELIVERING" | "SIGN" | "FAILED";
  description: string;
  city: string;
}

export interface Shipment {
  carrier: string;
  carrierCode: string;
  trackingNumber: string;
  upstreamOrderId: string;
  lineIds: string[];
  shippedAt: number;
  trace: TraceEvent[];
}

export interface ReturnAddress {
  name: string;
  phone: string;
  address: string;
  zip: string;
}

/**
 * Where an after-sales case stands at the upstream. The platform's own statuses (statuses.md §4.1
 * Taobao, §6.1 1688) follow it: requested 1 / waitselleragree, refused 6 / waitbuyermodify,
 * waiting_return 2 / waitbuyersend, return_shipped 3 / waitsellerreceive, refunded 5 / refundsuccess,
 * closed 4 / refundclose.
 */
export type RefundCaseStatus = "requested" | "refused" | "waiting_return" | "return_shipped" | "refunded" | "closed";

export interface RefundRequest {
  /** The platform's id for the case; the upstream keys it by this id, so a repeat returns the same case. */
  refundId: string;
  upstreamOrderId: string;
  /** The lines refunded: one for Taobao, one or more of one order for 1688. */
  upstreamLineIds: string[];
  type: "refund" | "return_refund";
  /** Goods amount asked back, fen. */
  amountFen: number;
  /** Shipping asked back, fen (1688; 0 for Taobao, whose line amount already counts its shipping). */
  carriageFen: number;
  reason: string;
  description: string;
  /**
   * The buyer's pictures (vouchers), for an upstream that must receive the pictures themselves
   * rather than addresses (1688's createRefund takes only voucher URLs its own upload handed out).
   * The same pictures on every repeat of a request, so a retry is the same request. The sandbox
   * ignores it (its seller reads the platform's addresses).
   */
  evidence?: Array<{ contentType: "image/jpeg" | "image/png" | "image/webp"; bytes: Buffer }>;
}

/** A buyer's change of an open case (Taobao modify, statuses.md §4.1 1 → 1 and 6 → 1); absent members are kept. */
export interface RefundChange {
  type?: "refund" | "return_refund";
  amountFen?: number;
  reason?: string;
  description?: string;
}

export interface RefundCase {
  refundId: string;
  upstreamOrderId: string;
  upstreamLineIds: string[];
  type: "refund" | "return_refund";
  amountFen: number;
  carriageFen: number;
  status: RefundCaseStatus;
  /**
   * Grows with every change of the case at the upstream: an event carrying an older revision than the
   * one the platform applied is stale, one carrying the same is a repeat.
   */
  revision: number;
  /** What was paid back (goods and shipping), fen; 0 until refunded. */
  refundedFen: number;
  refuseReason: string | null;
  returnAddress: ReturnAddress | null;
  /** The seller's note when it asks for the goods back. */
  sellerNote: string | null;
  /** Carrier code and tracking number of the return, once the buyer sent it. */
  returnCarrier: string | null;
  returnTrackingNumber: string | null;
  /** The seller confirmed the returned parcel. */
  goodsReceived: boolean;
  /** Why a closed case closed: "buyer" (revoked or re-applied), "timeout" (the buyer did not act in time). */
  closedBy: "buyer" | "timeout" | null;
  /** When the awaited party's time runs out at the upstream (epoch ms); null in a final status. */
  deadlineAt: number | null;
  /** When the case last changed at the upstream (epoch ms). */
  updatedAt: number;
}

interface EventBase {
  platform: Platform;
  /** The account (developer) the purchase belongs to. */
  developerId: string;
  /** When it happened (the developer's sandbox time in the sandbox). */
  at: number;
  /** The upstream purchase it is about (events of one purchase are applied in order). */
  upstreamOrderId: string;
  /** The client reference the purchase was created with; null for purchases made elsewhere. */
  clientRef: string | null;
}

/** What a seller side does on its own; the platform consumes these to move its orders on. */
export type MarketplaceEvent = EventBase &
  (
    | { kind: "line_built"; upstreamLineId: string; unitPriceFen: number; postFeeFen: number }
    | { kind: "line_build_failed"; upstreamLineId: string; errorCode: string; errorMessage: string }
    | { kind: "price_changed"; upstreamLineId: string; unitPriceFen: number; postFeeFen: number }
    | { kind: "order_closed"; reason: string }
    | { kind: "shipped"; shipment: Shipment }
    | { kind: "tracking"; trackingNumber: string; event: TraceEvent }
    | { kind: "receipt_confirmed"; lineIds: string[]; automatic: boolean }
    /** An after-sales case changed at the upstream (any party, timeouts included): its state after the change. */
    | { kind: "refund_changed"; refund: RefundCase }
  );

export type MarketplaceEventKind = MarketplaceEvent["kind"];
export type MarketplaceEventOf<K extends MarketplaceEventKind> = Extract<MarketplaceEvent, { kind: K }>;

/** The upstream would not take a payment (answer of payOrder; the platform closes the purchase). */
export type PaymentResult = { paid: true; at: number } | { paid: false; reason: string };

export interface PurchasePort {
  /**
   * Places purchases for the lines: one upstream order per shop, lines in the given order. Taobao
   * lines start BULIDING and are priced (or fail) later by events; 1688 lines are priced at once.
   * Throws UpstreamError when the upstream is unreachable or fails.
   */
  createOrder(platform: Platform, owner: PurchaseOwner, lines: PurchaseLine[], receiver: PurchaseReceiver, clientRef?: string): Promise<PurchaseOrder[]>;
  /** The purchases created with this client reference (none when the create never reached the upstream). */
  findByClientRef(platform: Platform, owner: PurchaseOwner, clientRef: string): Promise<PurchaseOrder[]>;
  payOrder(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, amountFen: number): Promise<PaymentResult>;
  /** Cancels an unpaid purchase; false when it is no longer cancellable. */
  cancelOrder(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, reason: string): Promise<boolean>;
  readOrder(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string): Promise<PurchaseOrder | undefined>;
  /** Changes where an unshipped purchase goes; false when the seller refuses (already shipped, unknown). */
  updateAddress(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, change: { name?: string; address: string }): Promise<boolean>;
  /** Buyer confirms receipt of shipped lines (all of the order when empty); false when not allowed. */
  confirmReceipt(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, lineIds: string[]): Promise<boolean>;
  /** The parcels carrying a line (Taobao taobaoSubPurchaseId / 1688 entry id), oldest first. */
  shipments(platform: Platform, owner: PurchaseOwner, upstreamLineId: string): Promise<Shipment[]>;
  /** Seller chat address for an item or an upstream order. */
  imLink(platform: Platform, owner: PurchaseOwner, subject: { kind: "item" | "order"; id: string }): Promise<string | undefined>;
  /** 1688 Wangwang nickname decryption (of a sellerOpenId). */
  decryptNick(openUid: string): Promise<string | undefined>;
  /**
   * Opens an after-sales case (a repeat of the same refundId returns it). A 1688 request for lines
   * whose case the seller refused closes that case (re-application). Throws UpstreamRejection.
   */
  requestRefund(platform: Platform, owner: PurchaseOwner, request: RefundRequest): Promise<RefundCase>;
  /** Changes a case waiting for the seller or refused by it; a refused one goes back to the seller. Throws UpstreamRejection. */
  modifyRefund(platform: Platform, owner: PurchaseOwner, refundId: string, change: RefundChange): Promise<RefundCase>;
  /** The buyer revokes a case (before the return is shipped); throws UpstreamRejection when it cannot be revoked. */
  cancelRefund(platform: Platform, owner: PurchaseOwner, refundId: string): Promise<RefundCase>;
  /** The buyer has sent the goods back (a repeat with the same tracking number returns the case); throws UpstreamRejection when no return is awaited. */
  submitReturn(platform: Platform, owner: PurchaseOwner, refundId: string, carrier: string, trackingNumber: string): Promise<RefundCase>;
  /** A buyer's message to the seller about a case, with picture addresses the seller can fetch. */
  sendRefundMessage(platform: Platform, owner: PurchaseOwner, refundId: string, text: string, pictureUrls: string[]): Promise<void>;
  readRefund(platform: Platform, owner: PurchaseOwner, refundId: string): Promise<RefundCase | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Connectors: one object per platform, registered by (platform, mode). A developer is `sandbox` (the
// embedded emulator) or `live` (the operator's configured real connector). Upstream events reach the
// platform through the marketplace inbox (inbox.ts), never by calling into it.

export type Mode = "sandbox" | "live";

/** Drops the leading platform argument of a port method. */
type WithoutPlatform<F> = F extends (platform: Platform, ...rest: infer A) => infer R ? (...args: A) => R : never;
type Bound<T> = { [K in keyof T]: WithoutPlatform<T[K]> };

/** What one upstream platform offers: goods and purchases, without a platform argument. */
export type Connector = Bound<GoodsPort> &
  Bound<Omit<PurchasePort, "decryptNick">> & {
    readonly platform: Platform;
    /** Who answers (for messages and status): "sandbox", "taobao-global", "alibaba-1688". */
    readonly name: string;
    decryptNick(openUid: string): Promise<string | undefined>;
  };
