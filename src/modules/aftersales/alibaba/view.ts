// The 1688 refund detail (alibaba-1688.md §4.1, AlibabaRefundInfo) built from a refund's row and a
// little of its order: the answer of refund/info and, with previousStatus, the 1688-REFUND callback
// body (§5.3). Money in integer fen; upstream times "yyyyMMddHHmmssSSS+0800"; audit times
// "yyyy-MM-dd HH:mm:ss" (China time); ids as strings.
import { BUYER_ACCOUNT, chinaTime, upstreamTime } from "../../orders/index.ts";
import { disputeType, isFinal, type GoodsStatus } from "./model.ts";
import { entryIdsOf, type AlibabaRefundRow } from "./repo.ts";

/** What the detail shows of the refund's order. */
export interface RefundOrderContext {
  /** The upstream payment trade number (alipayPaymentId). */
  alipayTradeId: string | null;
  /** The seller's account (sellerUserId). */
  sellerLoginId: string;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** A user id as the audit members' integer (13 digits fit a JSON number); null if one ever would not. */
function auditId(userId: string): number | null {
  const n = Number(userId);
  return Number.isSafeInteger(n) ? n : null;
}

export function refundInfo(row: AlibabaRefundRow, order: RefundOrderContext) {
  const applyPayment = Number(row.apply_payment);
  const applyCarriage = Number(row.apply_carriage);
  return {
    // The platform's row id is the refundId itself (text); a 19-digit integer would not survive JSON numbers.
    id: null,
    refundId: row.id,
    orderId: row.order_id,
    orderEntryIdList: entryIdsOf(row),
    status: row.status,
    disputeRequest: row.dispute_request,
    disputeType: disputeType(row.goods_status as GoodsStatus),
    goodsStatus: row.goods_status,
    applyPayment,
    applyCarriage,
    applyReason: row.apply_reason,
    applyReasonId: row.apply_reason_id,
    applySubReason: null,
    applySubReasonId: null,
    applyExpect: null,
    description: row.description,
    vouchers: JSON.parse(row.vouchers) as string[],
    refundPayment: Number(row.refund_payment),
    refundCarriage: Number(row.refund_carriage),
    canRefundPayment: Number(row.can_refund_payment),
    // Held while the dispute is open: what was asked, released when the refund ends.
    frozenFund: isFinal(row.status) ? 0 : applyPayment + applyCarriage,
    buyerSendGoods: row.buyer_send_goods,
    buyerLogisticsName: row.buyer_logistics_name,
    freightBill: row.freight_bill,
    goodsReceived: row.goods_received,
    refundGoods: row.dispute_request === "returnRefund",
    onlyRefund: row.dispute_request === "refund",
    rejectReason: row.reject_reason,
    rejectReasonId: row.reject_reason_id,
    sellerReceiveAddress: row.seller_receive_address,
    sellerMobile: row.seller_mobile,
    productName: row.product_name,
    alipayPaymentId: order.alipayTradeId,
    buyerAlipayId: null,
    buyerMemberId: BUYER_ACCOUNT,
    buyerUserId: BUYER_ACCOUNT,
    sellerUserId: order.sellerLoginId,
    gmtApply: upstreamTime(ms(row.created_at)),
    gmtCreate: upstreamTime(ms(row.created_at)),
    gmtModified: upstreamTime(ms(row.updated_at)),
    gmtCompleted: upstreamTime(ms(row.completed_at)),
    gmtTimeOut: upstreamTime(ms(row.timeout_at)),
    // The platform acts for the user-id that applied: it is the refund's creator and editor.
    createBy: row.user_id,
    createById: auditId(row.user_id),
    createTime: chinaTime(row.created_at.getTime()),
    updateBy: row.user_id,
    updateById: auditId(row.user_id),
    updateTime: chinaTime(row.updated_at.getTime()),
    remark: null,
  };
}

export type AlibabaRefundInfo = ReturnType<typeof refundInfo>;
