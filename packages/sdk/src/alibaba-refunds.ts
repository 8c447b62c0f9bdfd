// 1688 after-sales on the wire (alibaba-1688.md §4, §5.3): refund details, reasons, vouchers, refund
// applications, returns and the return carriers. Money is integer **fen** throughout (§4.1 units);
// ids are strings (`refundId` "TQ…", order and entry ids of 19 digits); upstream times are
// "yyyyMMddHHmmssSSS+0800", audit times "yyyy-MM-dd HH:mm:ss" (UTC+8).
import type { AlibabaRefundStatus } from "./alibaba.ts";

/** statuses.md §6.3: what the buyer declares about the goods when applying. */
export type AlibabaGoodsStatus = "refundWaitSellerSend" | "refundWaitBuyerReceive" | "refundBuyerReceived" | "aftersaleBuyerNotReceived" | "aftersaleBuyerReceived";

/** statuses.md §6.2: refund only, or return goods and refund (received goods only). */
export type AlibabaDisputeRequest = "refund" | "returnRefund";

/** §4.1 AlibabaRefundInfo: the refund detail (also the 1688-REFUND callback body, with previousStatus). */
export interface AlibabaRefundInfo {
  /** Always null: the refundId is the refund's id. */
  id: number | null;
  refundId: string;
  orderId: string;
  orderEntryIdList: string[];
  status: AlibabaRefundStatus;
  disputeRequest: AlibabaDisputeRequest;
  /** 1 in-sale (before receipt is confirmed), 2 after-sale. */
  disputeType: 1 | 2;
  goodsStatus: AlibabaGoodsStatus;
  /** Fen. */
  applyPayment: number | null;
  /** Fen. */
  applyCarriage: number | null;
  applyReason: string | null;
  applyReasonId: number | null;
  applySubReason: string | null;
  applySubReasonId: number | null;
  applyExpect: number | null;
  description: string;
  vouchers: string[];
  /** Fen; 0 until refundsuccess. */
  refundPayment: number;
  /** Fen. */
  refundCarriage: number;
  /** Fen: the most the lines could give back when applied. */
  canRefundPayment: number;
  /** Fen held while the refund is open (0 once it ends). */
  frozenFund: number;
  /** returnRefund: whether the return has been shipped; null for refund only. */
  buyerSendGoods: boolean | null;
  buyerLogisticsName: string | null;
  freightBill: string | null;
  goodsReceived: boolean;
  refundGoods: boolean;
  onlyRefund: boolean;
  rejectReason: string | null;
  rejectReasonId: number | null;
  sellerReceiveAddress: string | null;
  sellerMobile: string | null;
  productName: string;
  alipayPaymentId: string | null;
  buyerAlipayId: string | null;
  buyerMemberId: string | null;
  buyerUserId: string | null;
  sellerUserId: string | null;
  gmtApply: string | null;
  gmtCreate: string | null;
  gmtModified: string | null;
  gmtCompleted: string | null;
  /** When the awaited party's time runs out (null in a final status). */
  gmtTimeOut: string | null;
  createBy: string;
  createById: number | null;
  /** "yyyy-MM-dd HH:mm:ss" (UTC+8). */
  createTime: string;
  updateBy: string;
  updateById: number | null;
  updateTime: string;
  remark: string | null;
}

/** §4.2 body. */
export interface AlibabaRefundReasonQuery {
  orderId: string;
  orderEntryIds: string[];
  goodsStatus: AlibabaGoodsStatus;
}

/** §4.2 answer element: `id` goes into applyReasonId. */
export interface AlibabaRefundReason {
  id: number;
  name: string;
  /** At least one voucher is then required. */
  needVoucher: boolean;
  /** applyCarriage must then be 0. */
  noRefundCarriage: boolean;
  tip: string;
}

/** §4.3 body. */
export interface AlibabaVoucherUploadInput {
  /** JPEG or PNG, at most 3 MB decoded. */
  imageBase64: string;
  fileName?: string;
}

/** §4.3 answer: put `voucherUrl` into `vouchers[]`. */
export interface AlibabaVoucherUploadResult {
  imageDomain: string;
  imageRelativeUrl: string;
  voucherUrl: string;
}

/** §4.4 body. */
export interface AlibabaRefundCreateInput {
  orderId: string;
  /** The lines refunded (distinct). */
  orderEntryIds: string[];
  disputeRequest: AlibabaDisputeRequest;
  /** Goods amount asked, fen: at most what the lines may still give back. */
  applyPayment: number;
  /** Shipping asked, fen: at most the order's shipping not yet refunded. */
  applyCarriage: number;
  applyReasonId: number;
  /** 2 to 150 characters. */
  description: string;
  goodsStatus: AlibabaGoodsStatus;
  /** voucherUrl values of §4.3 (at most 10). */
  vouchers?: string[];
  /** Per line: how many units are refunded (absent: all units). */
  orderEntryCountList?: Array<{ id: string; count: number }>;
}

/** §4.5 body. */
export interface AlibabaReturnGoodsInput {
  refundId: string;
  /** companyNo of §4.6. */
  logisticsCompanyNo: string;
  /** The return's tracking number (4 to 40 letters, digits or dashes). */
  freightBill: string;
  description?: string | null;
  vouchers?: string[] | null;
}

/** §4.6 answer element. */
export interface AlibabaLogisticsCompany {
  id: number;
  companyName: string;
  companyNo: string;
  companyPhone: string;
  supportPrint: boolean;
  spelling: string;
}

type Send = <T>(method: "GET" | "POST", path: string, options?: { body?: unknown; query?: Record<string, string> }) => Promise<T>;

/** The typed §4 calls over a client's signed `request`. */
export function alibabaRefundCalls(send: Send) {
  return {
    /** §4.1 POST /v2/alibaba/refund/info: unknown or another user's refund → NotFoundError. */
    info: (refundId: string): Promise<AlibabaRefundInfo> => send("POST", "/v2/alibaba/refund/info", { body: { refundId } }),
    /** §4.2 POST /v2/alibaba/refund/reason/list: the reasons for these lines and goods status. */
    reasons: (query: AlibabaRefundReasonQuery): Promise<AlibabaRefundReason[]> => send("POST", "/v2/alibaba/refund/reason/list", { body: query }),
    /** §4.3 POST /v2/alibaba/refund/voucher/upload: a stored picture whose voucherUrl goes into vouchers[]. */
    uploadVoucher: (input: AlibabaVoucherUploadInput): Promise<AlibabaVoucherUploadResult> => send("POST", "/v2/alibaba/refund/voucher/upload", { body: input }),
    /** §4.4 POST /v2/alibaba/refund/detail/create: the new refund's id (it starts in waitselleragree). */
    create: (input: AlibabaRefundCreateInput): Promise<{ refundId: string }> => send("POST", "/v2/alibaba/refund/detail/create", { body: input }),
    /** §4.5 POST /v2/alibaba/refund/goods/return: in waitbuyersend only; the refund moves to waitsellerreceive. */
    returnGoods: (input: AlibabaReturnGoodsInput): Promise<boolean> => send("POST", "/v2/alibaba/refund/goods/return", { body: input }),
    /** §4.6 GET /v2/alibaba/refund/logistics/company/list: return carriers, ordered by spelling. */
    logisticsCompanies: (): Promise<AlibabaLogisticsCompany[]> => send("GET", "/v2/alibaba/refund/logistics/company/list"),
  };
}
