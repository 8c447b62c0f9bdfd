// 1688 buying on the wire (alibaba-1688.md §0, §2, §3, §5): the cart, previews, orders and their
// callbacks. Member names are the contract's, misspellings included (`orderPreviewResuslt`,
// `phasAmount`). Ids of orders and order entries are strings (19 digits do not fit a JS number).
// Money: the order detail speaks yuan (JSON numbers) except `discount` and `refundPayment` (fen);
// previews and cart prices speak integer fen (reference README §2.5). Every field says which.

/** `baseInfo.status` and `productItems[].status` (statuses.md §5); the last three are reserved, never sent. */
export type AlibabaOrderStatus =
  | "waitbuyerpay"
  | "waitsellersend"
  | "waitbuyerreceive"
  | "confirm_goods"
  | "success"
  | "cancel"
  | "terminated"
  | "waitlogisticstakein"
  | "waitbuyersign"
  | "signinsuccess";

/** A 1688 refund status (statuses.md §6.1). */
export type AlibabaRefundStatus = "waitselleragree" | "waitbuyermodify" | "waitbuyersend" | "waitsellerreceive" | "refundsuccess" | "refundclose";

/** Order flow (statuses.md §6.5); all behave like `general`. */
export type AlibabaFlow = "general" | "fenxiao" | "fenxiaonew" | "saleproxy" | "boutiquefenxiao" | "boutiquepifa" | "paired";

/** Trade mode; must be one of the preview's `tradeModeNameList` for the seller (statuses.md §6.5). */
export type AlibabaTradeType = "assureTrade" | "alipay" | "period";

/** `addressParam` (FastAdress, §0.2): the China-side receiving address. One of `mobile` / `phone` is required. */
export interface AlibabaAddressParam {
  fullName: string;
  mobile?: string;
  phone?: string;
  postCode?: string;
  provinceText: string;
  cityText: string;
  areaText?: string;
  townText?: string;
  address: string;
  districtCode?: string;
}

/** One `cargoParamList[]` element (FastCargo, §0.3). */
export interface AlibabaCargo {
  /** Derived from the product when absent. */
  sellerOpenId?: string;
  /** Opaque product id (a search result's `offerId`). */
  offerMapId: string;
  /** Required when the product has SKUs. */
  specId?: string;
  /** Integer ≥ 1. */
  quantity: number;
  /** The buyer's own product label, copied onto the order line. */
  productNo?: string;
  /** The buyer's own container or box label, copied onto the order line. */
  container?: string;
}

// ---- cart (§2) -------------------------------------------------------------------------------

/** A cart row (§2.1 `cartItemInfos[]`). */
export interface AlibabaCartItemInfo {
  id: number;
  offerMapId: string;
  specId: string;
  skuId: string;
  itemTitle: string;
  itemPic: string;
  /** Integer **fen**: unit price at the row's quantity, recomputed on every read. */
  price: number;
  quantity: number;
  /** Current stock. */
  amountOnSale: number;
  /** SKU attributes as text, e.g. "Color:Tulip;Size:S". */
  properties: string;
}

/** The rows of one seller (§2.1 CartShopItem). */
export interface AlibabaCartShopItem {
  sellerOpenId: string;
  sellerNickName: string;
  cartItemInfos: AlibabaCartItemInfo[];
}

/** GET /v2/alibaba/cart/list (`AlibabaCartV2VO`). */
export interface AlibabaCartList {
  /** Rows that can be ordered. */
  enableList: AlibabaCartShopItem[];
  /** Rows that cannot be ordered now (statuses.md §7.3). */
  disableList: AlibabaCartShopItem[];
}

/** POST /v2/alibaba/cart/add (§2.2). A row with the same (offerMapId, specId) grows instead. */
export interface AlibabaCartAddInput {
  offerMapId: string;
  /** Required when the product has SKUs. */
  specId?: string;
  quantity: number;
  /** Checked against the product when given. */
  sellerOpenId?: string;
  productNo?: string;
  container?: string;
  /** Must equal the user-id header when given. */
  userId?: string;
}

/** POST /v2/alibaba/cart/edit-quantity (§2.4). */
export interface AlibabaCartEditQuantityInput {
  /** Cart row id. */
  id: number;
  /** New quantity, ≥ 1. */
  quantity: number;
  productNo?: string;
  container?: string;
  /** Accepted and ignored by the server. */
  updateTime?: unknown;
}

/** POST /v2/alibaba/cart/preview/order (§2.5). */
export interface AlibabaCartPreviewInput {
  addressParam: AlibabaAddressParam;
  cartIds: number[];
}

/** What creating orders from either source needs (§2.6, §3.3). */
export interface AlibabaCreateCommon {
  flow: AlibabaFlow;
  /** Remark to the sellers. */
  message?: string;
  /** A `promotionId` from the preview's `shopPromotionList`. */
  shopPromotionId?: string;
  /** Default `assureTrade`. */
  tradeType?: AlibabaTradeType;
  addressParam: AlibabaAddressParam;
  /** Must equal the user-id header when given. */
  userId?: string;
  /** Employee name, stored on the order. */
  staffName?: string;
}

/** POST /v2/alibaba/cart/create/order (§2.6): one order per seller; the rows leave the cart. */
export interface AlibabaCartCreateOrderInput extends AlibabaCreateCommon {
  cartIds: number[];
}

// ---- previews (§0.5) -------------------------------------------------------------------------

/** A promotion of a shop or of a cargo line; `discountFee` integer **fen**. */
export interface AlibabaPromotion {
  promotionId: string;
  selected: boolean;
  text: string;
  desc: string;
  freePostage: boolean;
  discountFee: number;
}

/** A trade mode described (`tradeModelList[]`). */
export interface AlibabaTradeModel {
  tradeWay: string;
  name: string;
  tradeType: string;
  description: string;
  opSupport: boolean;
}

/** A previewed line (§0.5 Cargo). */
export interface AlibabaPreviewCargo {
  offerId: string;
  openOfferId: string;
  specId: string;
  skuId: string;
  /** Integer **fen**: line total. */
  amount: number;
  /** Integer **fen**. */
  finalUnitPrice: number;
  resultCode: string | null;
  message: string | null;
  cargoPromotionList: AlibabaPromotion[];
}

/** One seller order of a preview (§0.5 PreviewResult, 14 members). */
export interface AlibabaPreviewOrder {
  /** This seller order can be created. */
  status: boolean;
  /** Failure code, e.g. "500_006" (mixed-batch rule broken). */
  resultCode: string | null;
  message: string | null;
  flowFlag: string;
  /** Integer **fen**: goods + shipping − discounts. */
  sumPayment: number;
  /** Integer **fen**: shipping. */
  sumCarriage: number;
  /** Integer **fen**: goods after discounts. */
  sumPaymentNoCarriage: number;
  /** Integer **fen**. */
  discountFee: number | null;
  /** Integer **fen**. */
  additionalFee: number | null;
  taoSampleSinglePromotion: boolean;
  /** Modes usable as `tradeType` at creation, e.g. ["assureTrade"]. */
  tradeModeNameList: string[];
  tradeModelList: AlibabaTradeModel[];
  shopPromotionList: AlibabaPromotion[];
  cargoList: AlibabaPreviewCargo[];
}

/** `data` of the three previews (§2.5, §3.2, §3.6). Previews change nothing. */
export interface AlibabaPreviewResult {
  /** One per seller, in the order sellers first appear in the input (spelling as documented). */
  orderPreviewResuslt: AlibabaPreviewOrder[];
  /** False when any seller order fails. */
  success: boolean;
  errorCode: string | null;
  errorMsg: string | null;
  /** Opaque product ids whose shipping is "as described by the seller". */
  postFeeByDescOfferList: string[] | null;
  consignOfferList: string[] | null;
  /** Never null. */
  unsupportedCrossBorderPayOfferList: string[];
}

/** POST /v2/alibaba/order/create/preview and …/previewbatch (§3.6, §3.2). */
export interface AlibabaPreviewInput {
  addressParam: AlibabaAddressParam;
  /** Not empty. */
  cargoParamList: AlibabaCargo[];
}

// ---- orders (§3) -----------------------------------------------------------------------------

/** POST /v2/alibaba/order/batch/create (§3.3; one order per seller) and …/order/create (§3.7; one seller). */
export interface AlibabaOrderCreateInput extends AlibabaCreateCommon {
  /** Not empty; at most 100. */
  cargoParamList: AlibabaCargo[];
  /** Ordering channel; stored, no effect. */
  platformOrder?: number;
  /** Bank-transfer voucher image addresses, comma-separated. */
  transferAccountImgs?: string;
  transferAccountRemark?: string;
}

/** Options of the calls that create orders. */
export interface AlibabaCreateOptions {
  /**
   * Sent as the `Idempotency-Key` header (1–255 visible ASCII characters, kept per user): a repeat
   * with the same key and body returns the first answer; the same key with another body is 40901.
   */
  idempotencyKey?: string;
}

/** POST /v2/alibaba/order/page (§3.5). */
export interface AlibabaOrderPageQuery {
  /** Default 1. */
  pageNo?: number;
  /** Default 20, 1 to 100. */
  pageSize?: number;
  orderId?: string;
  status?: AlibabaOrderStatus;
  /** "yyyy-MM-dd HH:mm:ss" (UTC+8), inclusive. */
  createStartTime?: string;
  /** "yyyy-MM-dd HH:mm:ss" (UTC+8), inclusive. */
  createEndTime?: string;
}

/** The 1688 page shape (reference README §2.6). */
export interface AlibabaPage<T> {
  totalRecords: number;
  /** ceil(totalRecords / pageSize). */
  totalPage: number;
  pageSize: number;
  currentPage: number;
  data: T[];
}

/** POST /v2/alibaba/order/cancel (§3.8); only in `waitbuyerpay`. */
export interface AlibabaOrderCancelInput {
  orderId: string;
  /** Free text, or one of the upstream codes `buyerCancel`, `sellerGoodsLack`, `other`. */
  cancelReason: string;
  remark?: string;
  /** Always "1688" (the SDK sends it when absent). */
  webSite?: string;
}

/** GET /v2/alibaba/order/pay/url (§3.9), `AlibabaPayOrderVO`. */
export interface AlibabaPayOrderVO {
  orderId: string | null;
  /** True when the platform paid the order at once (balance mode). */
  protocolPaySuccess: boolean | null;
  /** Cashier page to finish the payment in a browser (cashier mode). */
  payUrl: string | null;
  /** Order ids that cannot be paid (e.g. not `waitbuyerpay`). */
  cantPayOrderList: string[] | null;
}

/** POST /v2/alibaba/order/batch/submit/to/pay (§3.1). */
export interface AlibabaBatchPayResult {
  paidOrderIds: string[];
  /** Wrong status or not the user's. */
  cantPayOrderList: string[];
  /** Integer **fen** debited from the developer balance. */
  payAmount: number;
  /** True when at least one order was paid. */
  protocolPaySuccess: boolean;
}

/** POST /v2/alibaba/order/receivegoods (§3.10). */
export interface AlibabaReceiveGoodsInput {
  orderId: string;
  /** Lines to confirm; absent or empty = all lines. */
  orderEntryIds?: string[];
}

/** §3.10 result; a wrong state is `success: false`, `errorCode` "STATE_CONFLICT" (code 200). */
export interface AlibabaReceiveGoodsResult {
  success: boolean;
  /** "" on success. */
  errorInfo: string;
  /** "" on success. */
  errorCode: string;
}

/** One step of a domestic shipment's trace. */
export interface AlibabaLogisticsStep {
  /** "yyyy-MM-dd HH:mm:ss". */
  acceptTime: string;
  remark: string;
}

/** GET /v2/alibaba/order/logistics/trace (§3.4): one per domestic shipment, `[]` before shipment. */
export interface AlibabaLogisticsTrace {
  logisticsId: string;
  orderId: string;
  logisticsBillNo: string;
  /** Oldest first. */
  logisticsSteps: AlibabaLogisticsStep[];
}

/** POST /v2/alibaba/product/openuid/decrypt (§3.11). */
export interface AlibabaDecryptOpenUidInput {
  /** Opaque seller id (`sellerOpenId`). */
  openUid: string;
  /** A product of that seller, for context. */
  offerId?: string;
}

// ---- the order detail (§0.4) -----------------------------------------------------------------

export interface AlibabaBuyerContact {
  name: string | null;
  phone: string | null;
  mobile: string | null;
  companyName: string | null;
  imInPlatform: string | null;
}

export interface AlibabaSellerContact extends AlibabaBuyerContact {
  email: string | null;
}

export interface AlibabaReceiverInfo {
  toFullName: string | null;
  toDivisionCode: string | null;
  toPost: string | null;
  toTownCode: string | null;
  toArea: string | null;
}

/** `baseInfo`. Times are "yyyyMMddHHmmssSSS+0800". */
export interface AlibabaOrderBaseInfo {
  /** 19 digits. */
  id: string;
  /** The same id. */
  idOfStr: string;
  status: AlibabaOrderStatus;
  /** "cn". */
  businessType: string;
  buyerID: string;
  sellerID: string;
  sellerOpenId: string;
  createTime: string | null;
  modifyTime: string | null;
  payTime: string | null;
  completeTime: string | null;
  allDeliveredTime: string | null;
  /** **Yuan**: goods + shipping − discount. */
  totalAmount: number;
  /** **Yuan**: goods. */
  sumProductPayment: number;
  /** **Yuan**: domestic shipping. */
  shippingFee: number;
  /** Integer **fen**, negative or zero. */
  discount: number;
  /** **Yuan** refunded so far (refundPayment / 100). */
  refund: number;
  /** Integer **fen** refunded so far. */
  refundPayment: number;
  refundStatus: AlibabaRefundStatus | null;
  /** `BUYER_NO_PAY` (unpaid timeout) or `BUYER_CANCEL`. */
  closeReason: string | null;
  tradeType: string;
  flow: string;
  alipayTradeId: string | null;
  stepPayAll: boolean;
  buyerContact: AlibabaBuyerContact;
  sellerContact: AlibabaSellerContact;
  receiverInfo: AlibabaReceiverInfo;
}

/** One domestic shipment (`nativeLogistics.logisticsItems[]`). */
export interface AlibabaLogisticsItem {
  logisticsId: string;
  /** Tracking number. */
  logisticsBillNo: string;
  /** Carrier code. */
  logisticsCode: string;
  logisticsCompanyName: string;
  /** "yyyyMMddHHmmssSSS+0800". */
  deliveredTime: string | null;
  /** Comma-separated order entry ids. */
  subItemIds: string;
  type: string | null;
}

/** `nativeLogistics`: the receiving address and the domestic shipments. */
export interface AlibabaNativeLogistics {
  contactPerson: string;
  mobile: string;
  telephone: string;
  province: string;
  city: string;
  area: string;
  areaCode: string;
  town: string | null;
  townCode: string | null;
  /** townText + " " + address. */
  address: string;
  zip: string;
  fax: string | null;
  caid: string | null;
  realLogisticsCompanyNo: string | null;
  /** Null before shipment. */
  logisticsItems: AlibabaLogisticsItem[] | null;
}

/** An order line (`productItems[]`). */
export interface AlibabaProductItem {
  /** Order entry id (19 digits), for `orderEntryIds`. */
  subItemID: string;
  productID: number;
  offerMapId: string;
  specId: string;
  skuID: number | null;
  name: string;
  productImgUrl: string[];
  skuInfos: Array<{ name: string; value: string }>;
  quantity: number;
  unit: string;
  /** **Yuan**: unit price. */
  price: number;
  /** **Yuan**: line amount after line discounts. */
  itemAmount: number;
  cargoNumber: string | null;
  description: string | null;
  status: AlibabaOrderStatus;
  refundStatus: AlibabaRefundStatus | null;
  refundId: string | null;
  productNo: string | null;
  container: string | null;
}

/** A payment term (`tradeTerms[]`). */
export interface AlibabaTradeTerm {
  /** 1. */
  phase: number;
  /** "1" unpaid, "2" paid. */
  payStatus: string;
  /** BALANCE, CASHIER or TRANSFER. */
  payWay: string;
  /** **Yuan** (spelling as documented). */
  phasAmount: number;
  /** "yyyyMMddHHmmssSSS+0800". */
  payTime: string | null;
}

/** The 1688 order detail, buyer view (§0.4): order pages, creations and 1688 callbacks. */
export interface AlibabaOrderDetail {
  baseInfo: AlibabaOrderBaseInfo;
  nativeLogistics: AlibabaNativeLogistics;
  productItems: AlibabaProductItem[] | null;
  tradeTerms: AlibabaTradeTerm[] | null;
  /** The members below are null in the reference implementation. */
  guaranteesTerms: Record<string, unknown> | null;
  internationalLogistics: Record<string, unknown> | null;
  extAttributes: unknown[] | null;
  orderRateInfo: Record<string, unknown> | null;
  orderInvoiceInfo: Record<string, unknown> | null;
  customs: Record<string, unknown> | null;
  overseasExtraAddress: Record<string, unknown> | null;
  orderBizInfo: Record<string, unknown> | null;
}
