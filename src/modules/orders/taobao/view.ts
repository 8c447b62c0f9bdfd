// OrderV2VO and SubOrderVO exactly as taobao.md §0.2–§0.4 and the seed example print them: key
// order, null for unset values, ids and amounts as the contract types them.
import { formatCst } from "../../../platform/time.ts";
import type { OrderRow, SubOrderRow } from "./repo.ts";

const amount = (value: string | null): number | null => (value === null ? null : Number(value));

/** taobao.md §0.3.1; the key order is the one the platform prints. */
export function subOrderResult(line: SubOrderRow): string {
  return JSON.stringify({
    quantity: line.quantity,
    item_id: line.item_map_id,
    domestic_post_fee: Number(line.domestic_post_fee),
    purchase_currency: line.purchase_currency,
    option_fields: {
      SKU_IMG_URL: line.sku_image_url ?? "",
      en: line.sku_props_en ?? line.sku_props_zh ?? "{}",
      zh: line.sku_props_zh ?? "{}",
    },
    closed: line.status === "TRADE_CLOSED",
    sku_id: line.sku_id,
    title: line.title,
    sub_purchase_order_id: line.taobao_sub_purchase_id,
    pay_currency: line.purchase_currency,
    status: line.status,
  });
}

export function subOrderView(line: SubOrderRow, orderNo: string) {
  return {
    subOrderId: line.id,
    orderNo,
    quantity: line.quantity,
    title: line.title,
    purchaseCurrency: line.purchase_currency,
    purchaseAmount: amount(line.purchase_amount),
    itemMapId: line.item_map_id,
    domesticPostFee: Number(line.domestic_post_fee),
    closeReason: line.close_reason,
    skuId: line.sku_id,
    status: line.status,
    goodsStatus: line.goods_status,
    refundType: line.refund_type,
    taobaoPurchaseId: line.taobao_purchase_id,
    taobaoSubPurchaseId: line.taobao_sub_purchase_id,
    subOrderResult: subOrderResult(line),
    errorCode: line.error_code,
    errorMessage: line.error_message,
    refundStatus: line.refund_status,
  };
}

export function orderView(order: OrderRow, lines: SubOrderRow[]) {
  return {
    id: order.id,
    orderNo: order.order_no,
    userName: order.user_name,
    userId: order.user_id,
    sellerOrderNumber: order.seller_order_number,
    orderSource: order.order_source,
    createTime: formatCst(order.created_at),
    payTime: order.pay_time ? formatCst(order.pay_time) : null,
    purchaseAmount: Number(order.purchase_amount),
    status: order.status,
    warehouseAddressInfoVO: {
      state: order.wh_state,
      zip: order.wh_zip,
      country: order.wh_country,
      address: order.wh_address,
      phone: order.wh_phone,
      city: order.wh_city,
      district: order.wh_district,
      name: order.wh_name,
      mobilePhone: order.wh_mobile_phone,
      taxId: order.wh_tax_id,
    },
    receiverVO: {
      zip: order.rcv_zip,
      country: order.rcv_country,
      address: order.rcv_address,
      city: order.rcv_city,
      district: order.rcv_district,
      state: order.rcv_state,
    },
    remark: order.remark,
    subOrderVOS: lines.map((line) => subOrderView(line, order.order_no)),
  };
}

export type OrderV2VO = ReturnType<typeof orderView>;

/** The TB-STATUS messageBody (taobao.md §5.2): the order after the change, and what changed. */
export function statusMessage(
  order: Pick<OrderRow, "id" | "order_no" | "user_id" | "pay_time" | "purchase_amount">,
  step: { previous: number | null; status: number; changedLineIds: string[] },
  subOrders: ReturnType<typeof subOrderMessage>[],
) {
  return {
    salesOrderId: order.order_no,
    orderId: order.id,
    orderNo: order.order_no,
    userId: order.user_id,
    status: step.status,
    previousStatus: step.previous,
    payTime: order.pay_time ? formatCst(order.pay_time) : null,
    purchaseAmount: Number(order.purchase_amount),
    subOrders,
    changedSubOrderIds: step.changedLineIds,
  };
}

/** SubOrderMessage of the callbacks (taobao.md §5.1); keys beyond the fixed ones may be added later. */
export function subOrderMessage(line: SubOrderRow, orderNo: string, closeTimeWithoutPayment: number) {
  return {
    purchase_order_outer_id: orderNo,
    purchase_order_line_outer_id: line.id,
    close_time_without_payment: formatCst(closeTimeWithoutPayment),
    detail_error_code: line.error_code,
    product_amount: line.purchase_amount === null ? "0" : String(line.purchase_amount),
    logistic_company_name: line.logistic_company_name,
    logistic_number: line.logistic_number,
    quantity: line.quantity,
    sub_purchase_order_id: line.taobao_sub_purchase_id,
    item_id: line.item_map_id,
    sku_id: line.sku_id,
    title: line.title,
    status: line.status,
    domestic_post_fee: Number(line.domestic_post_fee),
    purchase_currency: line.purchase_currency,
    pay_currency: line.purchase_currency,
    closed: line.status === "TRADE_CLOSED",
  };
}
