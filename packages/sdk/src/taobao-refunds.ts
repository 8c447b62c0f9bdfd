// Taobao after-sales on the wire (taobao.md §0.6, §4.1–§4.10, §5.3): reverse orders ("逆向单") on one
// sub-order, refund only or return and refund. Money is integer fen; ids are strings. Statuses:
// statuses.md §4 (reverse order) and §3 (the sub-order's refundStatus).

/** statuses.md §4.1: 1 requested, 2 waiting for the return, 3 return shipped, 4 closed, 5 refunded, 6 refused. */
export type TaobaoRefundStatus = 1 | 2 | 3 | 4 | 5 | 6;
/** statuses.md §4.2: 1 refund only, 3 return goods and refund. */
export type TaobaoRefundType = 1 | 3;
/** statuses.md §4.3: 4 not shipped, 1 shipped not received, 2 received. */
export type TaobaoGoodsStatus = 4 | 1 | 2;
/** The sub-order's refundStatus (statuses.md §3). */
export type TaobaoLineRefundStatus = 0 | 10 | 20 | 30 | 100 | -10 | -20;

/** §0.6 refundOrderAggregate.refundOrder (also the render's refundOrder). */
export interface TaobaoRefundOrder {
  refundId: string;
  refundStatus: TaobaoRefundStatus;
  refundType: TaobaoRefundType;
  goodsStatus: TaobaoGoodsStatus;
  reasonId: number;
  reasonDesc: string;
  refundDesc: string;
  /** Fen: asked, or refunded once refundStatus is 5. */
  refundFee: number;
  canEditFee: boolean;
  feeTips: string;
  /** The line's taobaoPurchaseId. */
  payOrderId: string;
  sellerRefuseReason: string;
  sellerRefuseReasonDescribe: string;
  timeoutType: "SELLER_AGREE" | "BUYER_RETURN" | "SELLER_RECEIVE" | "BUYER_MODIFY" | "";
  /** "yyyy-MM-dd HH:mm:ss" (UTC+8); "" when final. */
  timeoutDate: string;
  /** Whole seconds left until timeoutDate, as a decimal string; "" when final. */
  remainingTime: string;
}

/** §0.6 refundOrderAggregate.purchaseOrderLine. Amounts in fen. */
export interface TaobaoRefundPurchaseOrderLine {
  /** The order's orderNo. */
  salesOrderId: string;
  /** taobaoPurchaseId as a number. */
  purchaseOrderId: number;
  /** taobaoSubPurchaseId as a number. */
  purchaseOrderLineId: number;
  supplierId: number;
  supplierName: string;
  itemTitle: string;
  itemImageUrl: string;
  quantity: number;
  price: number;
  productFee: number;
  postFee: number;
  totalPrice: number;
  currency: string;
  salesMarket: string;
  /** Epoch milliseconds. */
  createTime: number;
}

/** §0.6 refundOrderAggregate.logistics: the return shipment ("" until there is one). */
export interface TaobaoRefundLogistics {
  /** The seller's return address as one line: receiver, phone, address. */
  receiverAddress: string;
  sellerAgreeReturnDescribe: string;
  logisticsCompany: { logisticsCompanyCode: string; logisticsCompanyName: string };
  logisticsNo: string;
  buyerPhone: string;
  returnGoodsDesc: string;
}

export interface TaobaoRefundOrderAggregate {
  logistics: TaobaoRefundLogistics;
  refundOrder: TaobaoRefundOrder;
  purchaseOrderLine: TaobaoRefundPurchaseOrderLine;
}

/** TaoBaoRefundOrderDetailDTO (§0.6): the data of §4.10 and the rows of §4.1. */
export interface TaoBaoRefundOrderDetailDTO {
  distributorId: string;
  currency: string;
  refundOrderAggregate: TaobaoRefundOrderAggregate;
}

/** §4.1 body: filters combine with AND; time bounds are epoch ms, inclusive. */
export interface TaobaoRefundListQuery {
  refundId?: string;
  /** A taobaoPurchaseId. */
  purchaseOrderId?: string;
  /** An order's orderNo. */
  salesOrderId?: string;
  refundStatus?: number;
  refundStartTime?: number;
  refundEndTime?: number;
  pageNo?: number;
  /** 1 to 100. */
  pageSize: number;
}

export interface TaobaoRefundRenderInput {
  subOrderId: string;
  refundType: TaobaoRefundType;
  goodsStatus: TaobaoGoodsStatus;
}

/** §4.2 RefundRenderVO. */
export interface TaobaoRefundRenderVO {
  saleFlag: boolean;
  distributorId: string;
  currency: string;
  refundOrderTemplate: {
    refundReasons: Array<{ reasonId: number; reasonDesc: string; tips: string }>;
    /** e.g. ["4"] before shipment, ["1", "2"] after. */
    goodsStatusList: string[];
    refundOrder: TaobaoRefundOrder | null;
    maxRefundFee: { refundFee: number; minRefundFee: number; canEditRefundFee: boolean; feeTips: string };
  };
}

/** §4.7 body. */
export interface TaobaoRefundSubmitInput {
  subOrderId: string;
  refundType: TaobaoRefundType;
  goodsStatus: TaobaoGoodsStatus;
  reasonId: number;
  /** Fen, between minRefundFee and maxRefundFee.refundFee of the render. */
  refundFee: number;
  refundDesc?: string;
  /** Comma-separated picture addresses, at most 5. */
  refundImages?: string;
}

/** §4.9 body: absent fields keep their values. */
export interface TaobaoRefundModifyInput {
  refundId: string;
  refundType?: TaobaoRefundType;
  goodsStatus?: TaobaoGoodsStatus;
  reasonId?: number;
  refundFee?: number;
  refundDesc?: string;
  refundImages?: string;
}

/** §4.3 data. */
export interface TaobaoReturnLogisticsRender {
  refundId: string;
  receiverAddress: { receiver: string; phone: string; detailAddress: string };
  sellerAgreeReturnDescribe: string;
  logisticsCompanies: Array<{ logisticsCompanyCode: string; logisticsCompanyName: string }>;
}

/** §4.4 body. */
export interface TaobaoReturnLogisticsInput {
  refundId: string;
  /** One of the codes of §4.3. */
  logisticsCompanyCode: string;
  /** 4 to 40 characters. */
  logisticsNo: string;
  buyerPhone?: string;
  /** At most 200 characters. */
  returnGoodsDesc?: string;
}

/** §4.5 data. */
export interface TaobaoRefundCancelResult {
  /** False (with code 200) when the upstream refused; the aggregate is then unchanged. */
  cancelSuccess: boolean;
  currency: string;
  distributorId: string;
  refundOrderAggregate: TaobaoRefundOrderAggregate;
}

/** §4.8 RefundMessage. */
export interface TaobaoRefundMessage {
  messageId: string;
  refundId: string;
  senderRole: "buyer" | "seller" | "platform";
  messageContent: string;
  picUrls: string[];
  /** Epoch milliseconds. */
  messageTime: number;
}

/** §4.6 body. */
export interface TaobaoRefundMessageInput {
  refundId: string;
  /** At most 500 characters. */
  refundMessage: string;
  /** Comma-separated picture addresses, at most 5. */
  refundImages?: string;
}

/** The TB-REFUND messageBody (§5.3). */
export interface TaobaoRefundMessageBody {
  refundId: string;
  /** The order's orderNo. */
  salesOrderId: string;
  orderId: string;
  subOrderId: string;
  userId: string;
  refundType: TaobaoRefundType;
  goodsStatus: TaobaoGoodsStatus;
  refundStatus: TaobaoRefundStatus;
  /** null on creation. */
  previousRefundStatus: TaobaoRefundStatus | null;
  subOrderRefundStatus: TaobaoLineRefundStatus;
  /** Fen: asked, or refunded when refundStatus is 5. */
  refundFee: number;
  currency: string;
  reasonId: number;
  reasonDesc: string;
  /** "" if none. */
  sellerRefuseReason: string;
  /** Epoch milliseconds. */
  modifiedTime: number;
}

type Request = <T>(method: "GET" | "POST", path: string, options?: { body?: unknown; query?: Record<string, string | number | boolean | undefined> }) => Promise<T>;

/** The ten calls of §4, bound to a client's signed request. */
export function taobaoRefundCalls(request: Request) {
  return {
    /** §4.1 POST /v2/taobao/order/refund/queryList: newest first. */
    list: (query: TaobaoRefundListQuery): Promise<{ total: number; data: TaoBaoRefundOrderDetailDTO[] }> =>
      request("POST", "/v2/taobao/order/refund/queryList", { body: query }),
    /** §4.2 POST /v2/taobao/order/refund/render: whether and how a sub-order may be refunded. */
    render: (input: TaobaoRefundRenderInput): Promise<TaobaoRefundRenderVO> => request("POST", "/v2/taobao/order/refund/render", { body: input }),
    /** §4.3 GET /v2/taobao/order/refund/logistics/render: only in status 2. */
    returnRender: (refundId: string): Promise<TaobaoReturnLogisticsRender> => request("GET", "/v2/taobao/order/refund/logistics/render", { query: { refundId } }),
    /** §4.4 POST /v2/taobao/order/refund/logistics/submit: 2 → 3. */
    submitReturn: (input: TaobaoReturnLogisticsInput): Promise<boolean> => request("POST", "/v2/taobao/order/refund/logistics/submit", { body: input }),
    /** §4.5 GET /v2/taobao/order/refund/cancel/{refundId}: 1, 2, 6 → 4. */
    cancel: (refundId: string): Promise<TaobaoRefundCancelResult> => request("GET", `/v2/taobao/order/refund/cancel/${encodeURIComponent(refundId)}`),
    /** §4.6 POST /v2/taobao/order/refund/submit/message: the stored message. */
    sendMessage: (input: TaobaoRefundMessageInput): Promise<TaobaoRefundMessage> => request("POST", "/v2/taobao/order/refund/submit/message", { body: input }),
    /** §4.7 POST /v2/taobao/order/refund/submit: a new reverse order in status 1. */
    submit: (input: TaobaoRefundSubmitInput): Promise<{ refundId: string }> => request("POST", "/v2/taobao/order/refund/submit", { body: input }),
    /** §4.8 POST /v2/taobao/order/refund/message/queryList: oldest first. */
    messages: (query: { refundId: string; pageNo?: number; pageSize?: number }): Promise<{ total: number; data: TaobaoRefundMessage[] }> =>
      request("POST", "/v2/taobao/order/refund/message/queryList", { body: query }),
    /** §4.9 POST /v2/taobao/order/refund/modify: in 1 or 6, back to 1. */
    modify: (input: TaobaoRefundModifyInput): Promise<boolean> => request("POST", "/v2/taobao/order/refund/modify", { body: input }),
    /** §4.10 GET /v2/taobao/order/refund/query. */
    detail: (refundId: string): Promise<TaoBaoRefundOrderDetailDTO> => request("GET", "/v2/taobao/order/refund/query", { query: { refundId } }),
  };
}
export type TaobaoRefundCalls = ReturnType<typeof taobaoRefundCalls>;
