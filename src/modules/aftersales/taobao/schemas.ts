// TypeBox schemas of Taobao after-sales (taobao.md §0.6, §4.1–§4.10): the reverse-order objects and
// the request and answer bodies. Kept apart from the routes so that the routes file reads as the list
// of endpoints.
import { Type } from "typebox";
import { bigId, PlainText } from "../../../platform/http/schemas.ts";
import { GOODS_STATUSES, MAX_DESCRIPTION, MAX_MESSAGE, REFUND_TYPES } from "./model.ts";

const Str = Type.String();
const Int = Type.Integer();

export const RefundId = Type.String({ minLength: 1, maxLength: 19, pattern: "^\\d{1,19}$", "x-message": "refundId must be a numeric id (a string of up to 19 digits)", description: "reverse-order id" });
export const SubOrderId = bigId("subOrderId", "the sub-order (SubOrderVO.subOrderId)");
export const RefundTypeIn = Type.Integer({ enum: [...REFUND_TYPES], description: "1 refund only, 3 return and refund (statuses.md §4.2)" });
export const GoodsStatusIn = Type.Integer({ enum: [...GOODS_STATUSES], description: "4 not shipped, 1 shipped not received, 2 received (statuses.md §4.3)" });
export const ReasonIdIn = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: "from refundReasons of the render" });
export const RefundFeeIn = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "fen, between minRefundFee and maxRefundFee.refundFee of the render" });
export const RefundDescIn = PlainText("refundDesc", { maxLength: MAX_DESCRIPTION, description: `buyer's description, at most ${MAX_DESCRIPTION} characters` });
export const RefundImagesIn = PlainText("refundImages", { maxLength: 5 * 2048 + 4, description: "picture addresses separated by commas, at most 5" });
/** Reverse-order statuses a list may filter by: the six emitted, and the reserved 7, 8, 17 that match nothing. */
export const REFUND_STATUS_FILTER = [1, 2, 3, 4, 5, 6, 7, 8, 17] as const;

export const RefundOrder = Type.Object(
  {
    refundId: Str,
    refundStatus: Type.Integer({ description: "statuses.md §4.1" }),
    refundType: Type.Integer({ description: "1 refund only, 3 return and refund" }),
    goodsStatus: Type.Integer({ description: "statuses.md §4.3" }),
    reasonId: Int,
    reasonDesc: Str,
    refundDesc: Str,
    refundFee: Type.Integer({ description: "fen: asked, or refunded once refundStatus is 5" }),
    canEditFee: Type.Boolean(),
    feeTips: Str,
    payOrderId: Type.String({ description: "the line's taobaoPurchaseId" }),
    sellerRefuseReason: Str,
    sellerRefuseReasonDescribe: Str,
    timeoutType: Type.String({ description: "SELLER_AGREE, BUYER_RETURN, SELLER_RECEIVE, BUYER_MODIFY, or \"\" when final" }),
    timeoutDate: Type.String({ description: "yyyy-MM-dd HH:mm:ss (UTC+8); \"\" when final" }),
    remainingTime: Type.String({ description: "whole seconds left until timeoutDate; \"\" when final" }),
  },
  { title: "RefundOrder" },
);

const PurchaseOrderLine = Type.Object(
  {
    salesOrderId: Type.String({ description: "the order's orderNo" }),
    purchaseOrderId: Type.Integer({ description: "taobaoPurchaseId" }),
    purchaseOrderLineId: Type.Integer({ description: "taobaoSubPurchaseId" }),
    supplierId: Int,
    supplierName: Str,
    itemTitle: Str,
    itemImageUrl: Str,
    quantity: Int,
    price: Type.Integer({ description: "unit price, fen" }),
    productFee: Type.Integer({ description: "fen" }),
    postFee: Type.Integer({ description: "fen" }),
    totalPrice: Type.Integer({ description: "productFee + postFee, fen" }),
    currency: Str,
    salesMarket: Str,
    createTime: Type.Integer({ description: "epoch milliseconds" }),
  },
  { title: "PurchaseOrderLine" },
);

const Logistics = Type.Object(
  {
    receiverAddress: Type.String({ description: "the seller's return address as one line: receiver, phone, address" }),
    sellerAgreeReturnDescribe: Str,
    logisticsCompany: Type.Object({ logisticsCompanyCode: Str, logisticsCompanyName: Str }),
    logisticsNo: Str,
    buyerPhone: Str,
    returnGoodsDesc: Str,
  },
  { title: "RefundLogistics" },
);

export const RefundOrderAggregate = Type.Object({ logistics: Logistics, refundOrder: RefundOrder, purchaseOrderLine: PurchaseOrderLine }, { title: "RefundOrderAggregate" });

export const RefundDetail = Type.Object(
  { distributorId: Str, currency: Str, refundOrderAggregate: RefundOrderAggregate },
  { title: "TaoBaoRefundOrderDetailDTO" },
);

export const RenderVO = Type.Object(
  {
    saleFlag: Type.Boolean(),
    distributorId: Str,
    currency: Str,
    refundOrderTemplate: Type.Object({
      refundReasons: Type.Array(Type.Object({ reasonId: Int, reasonDesc: Str, tips: Str })),
      goodsStatusList: Type.Array(Str),
      refundOrder: Type.Union([RefundOrder, Type.Null()]),
      maxRefundFee: Type.Object({ refundFee: Type.Integer({ description: "fen" }), minRefundFee: Type.Integer({ description: "fen" }), canEditRefundFee: Type.Boolean(), feeTips: Str }),
    }),
  },
  { title: "RefundRenderVO" },
);

export const ReturnRenderVO = Type.Object(
  {
    refundId: Str,
    receiverAddress: Type.Object({ receiver: Str, phone: Str, detailAddress: Str }),
    sellerAgreeReturnDescribe: Str,
    logisticsCompanies: Type.Array(Type.Object({ logisticsCompanyCode: Str, logisticsCompanyName: Str })),
  },
  { title: "ReturnLogisticsRenderVO" },
);

export const RefundMessage = Type.Object(
  {
    messageId: Str,
    refundId: Str,
    senderRole: Type.String({ description: "buyer, seller or platform" }),
    messageContent: Str,
    picUrls: Type.Array(Str),
    messageTime: Type.Integer({ description: "epoch milliseconds" }),
  },
  { title: "RefundMessage" },
);

export const CancelVO = Type.Object(
  { cancelSuccess: Type.Boolean(), currency: Str, distributorId: Str, refundOrderAggregate: RefundOrderAggregate },
  { title: "RefundCancelVO" },
);

export const MessageText = PlainText("refundMessage", { minLength: 1, maxLength: MAX_MESSAGE, description: `at most ${MAX_MESSAGE} characters` });
