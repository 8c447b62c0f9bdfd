// The wire shapes of Taobao after-sales: TaoBaoRefundOrderDetailDTO (taobao.md §0.6), the render's
// refundOrder, the return-logistics render (§4.3), and the TB-REFUND messageBody (§5.3). Strings with
// nothing to say are "" (as the documented skeleton shows).
import type { ReturnAddress } from "../../../marketplace/port.ts";
import { formatCst } from "../../../platform/time.ts";
import type { OrderRow, SubOrderRow } from "../../orders/index.ts";
import { feeTips, isFinal, LINE_REFUND_STATUS, maxRefundFee, remainingSeconds, RefundStatus, TIMEOUT_TYPE, type RefundStatus as Status } from "./model.ts";
import type { RefundRow } from "./repo.ts";

export interface ViewContext {
  distributorId: string;
  salesMarket: string;
  /** The developer's time, for remainingTime. */
  now: number;
}

export const returnAddressOf = (row: RefundRow): ReturnAddress | null => (row.return_address === null ? null : (JSON.parse(row.return_address) as ReturnAddress));

/** §0.6 logistics.receiverAddress: "receiver, phone, address" and the postcode when known. */
export function addressLine(address: ReturnAddress | null): string {
  if (!address) return "";
  return [address.name, address.phone, address.address, address.zip].filter((part) => part !== "").join(", ");
}

/** The amount the case shows: asked, or what was refunded once it succeeded. */
export const shownFee = (row: RefundRow): number => (row.status === RefundStatus.REFUNDED ? Number(row.refunded_fee) : Number(row.refund_fee));

const lineAmounts = (line: SubOrderRow) => ({ purchaseAmountFen: Number(line.purchase_amount ?? 0), domesticPostFeeFen: Number(line.domestic_post_fee) });

/** §0.6 refundOrderAggregate.refundOrder (also the render's refundOrder). */
export function refundOrderView(row: RefundRow, line: SubOrderRow, now: number) {
  const status = row.status as Status;
  const modifiable = status === RefundStatus.REQUESTED || status === RefundStatus.REFUSED;
  const deadline = isFinal(status) || row.timeout_at === null ? null : row.timeout_at.getTime();
  return {
    refundId: row.id,
    refundStatus: status,
    refundType: row.refund_type,
    goodsStatus: row.goods_status,
    reasonId: row.reason_id,
    reasonDesc: row.reason_desc,
    refundDesc: row.refund_desc,
    refundFee: shownFee(row),
    canEditFee: modifiable,
    feeTips: feeTips(maxRefundFee(lineAmounts(line), row.goods_status)),
    payOrderId: row.upstream_order_id,
    sellerRefuseReason: row.seller_refuse_reason,
    sellerRefuseReasonDescribe: row.seller_refuse_describe,
    timeoutType: TIMEOUT_TYPE[status],
    timeoutDate: deadline === null ? "" : formatCst(deadline),
    remainingTime: deadline === null ? "" : String(remainingSeconds(deadline, now)),
  };
}

/** §0.6 refundOrderAggregate.purchaseOrderLine. */
export function purchaseOrderLineView(order: OrderRow, line: SubOrderRow, salesMarket: string) {
  const productFee = Number(line.purchase_amount ?? 0);
  const postFee = Number(line.domestic_post_fee);
  return {
    salesOrderId: order.order_no,
    purchaseOrderId: Number(line.taobao_purchase_id),
    purchaseOrderLineId: Number(line.taobao_sub_purchase_id),
    supplierId: Number(line.shop_id ?? 0),
    supplierName: line.seller_nick ?? "",
    itemTitle: line.title,
    itemImageUrl: line.sku_image_url ?? "",
    quantity: line.quantity,
    price: line.quantity > 0 ? Math.round(productFee / line.quantity) : productFee,
    productFee,
    postFee,
    totalPrice: productFee + postFee,
    currency: "CNY",
    salesMarket,
    createTime: line.created_at.getTime(),
  };
}

/** §0.6 refundOrderAggregate.logistics: the return shipment ("" until there is one). */
export function logisticsView(row: RefundRow) {
  return {
    receiverAddress: addressLine(returnAddressOf(row)),
    sellerAgreeReturnDescribe: row.seller_agree_describe,
    logisticsCompany: { logisticsCompanyCode: row.return_carrier_code, logisticsCompanyName: row.return_carrier_name },
    logisticsNo: row.return_logistics_no,
    buyerPhone: row.buyer_phone,
    returnGoodsDesc: row.return_goods_desc,
  };
}

/** TaoBaoRefundOrderDetailDTO (taobao.md §0.6): the data of §4.10 and the rows of §4.1. */
export function refundDetailView(row: RefundRow, order: OrderRow, line: SubOrderRow, ctx: ViewContext) {
  return {
    distributorId: ctx.distributorId,
    currency: "CNY",
    refundOrderAggregate: {
      logistics: logisticsView(row),
      refundOrder: refundOrderView(row, line, ctx.now),
      purchaseOrderLine: purchaseOrderLineView(order, line, ctx.salesMarket),
    },
  };
}
export type RefundDetailView = ReturnType<typeof refundDetailView>;

/** §4.3: where the goods go back, and with which carriers. */
export function returnRenderView(row: RefundRow, carriers: ReadonlyArray<{ code: string; name: string }>) {
  const address = returnAddressOf(row);
  return {
    refundId: row.id,
    receiverAddress: {
      receiver: address?.name ?? "",
      phone: address?.phone ?? "",
      detailAddress: address ? [address.address, address.zip].filter((part) => part !== "").join(" ") : "",
    },
    sellerAgreeReturnDescribe: row.seller_agree_describe,
    logisticsCompanies: carriers.map((c) => ({ logisticsCompanyCode: c.code, logisticsCompanyName: c.name })),
  };
}

/** The TB-REFUND messageBody (taobao.md §5.3) of the reverse order as it stands after a move. */
export function refundMessage(row: RefundRow, order: Pick<OrderRow, "id" | "order_no" | "user_id">, previous: number | null, at: number) {
  const status = row.status as Status;
  return {
    refundId: row.id,
    salesOrderId: order.order_no,
    orderId: order.id,
    subOrderId: row.sub_order_id,
    userId: order.user_id,
    refundType: row.refund_type,
    goodsStatus: row.goods_status,
    refundStatus: status,
    previousRefundStatus: previous,
    subOrderRefundStatus: LINE_REFUND_STATUS[status],
    refundFee: shownFee(row),
    currency: "CNY",
    reasonId: row.reason_id,
    reasonDesc: row.reason_desc,
    sellerRefuseReason: row.seller_refuse_reason,
    modifiedTime: at,
  };
}
export type RefundMessageBody = ReturnType<typeof refundMessage>;
