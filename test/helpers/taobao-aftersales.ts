// Helpers shared by the Taobao after-sales tests: an order paid (and shipped) through HTTP with the
// seller's scenario words in the receiver's name, the TB-REFUND events of a reverse order, the
// field-by-field shape checks of taobao.md §5.3 and §0.6, and the soundness checks run after every flow.
import assert from "node:assert/strict";
import type { TaoBaoRefundOrderDetailDTO, TaobaoRefundMessageBody } from "@openpon/sdk";
import type { OrderV2VO } from "../../src/modules/orders/index.ts";
import type { TestDeveloper, TestServer } from "./server.ts";
import { ADDRESS, linesOfOneShop, linesOfShops, outbox, sound } from "./taobao.ts";

export const REFUND = "TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND";
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function advance(dev: TestDeveloper, ms: number): Promise<unknown> {
  return dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: ms } });
}

export function trigger(dev: TestDeveloper, event: string, refundId: string): Promise<unknown> {
  return dev.client.request("POST", "/sandbox/trigger", { body: { event, refundId } });
}

export function orderOf(dev: TestDeveloper, orderId: string): Promise<OrderV2VO> {
  return dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId } });
}

/**
 * An order of `lines` lines (one shop, or one per shop with `shops`), built and paid: status 10, every
 * line WAIT_SELLER_SEND_GOODS. `words`: scenario words for the sandbox seller (receiver name).
 * `shipped`: advanced until the seller shipped (status 11).
 */
export async function paidOrder(server: TestServer, dev: TestDeveloper, options: { lines?: number; shops?: boolean; words?: string; shipped?: boolean } = {}): Promise<OrderV2VO> {
  const count = options.lines ?? 1;
  const lines = options.shops ? linesOfShops(server, count) : linesOfOneShop(server, count);
  const created = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
    body: { orderLineList: lines, receiver: { ...ADDRESS, name: `openpon 仓库 ${options.words ?? ""}`.trim() } },
  });
  await advance(dev, 5 * MINUTE);
  await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [created.id] } });
  let order = await orderOf(dev, created.id);
  assert.equal(order.status, 10, "paid and bought upstream");
  if (options.shipped) {
    await advance(dev, 6 * HOUR);
    order = await orderOf(dev, created.id);
    assert.equal(order.status, 11, "shipped");
  }
  return order;
}

/** The TB-REFUND bodies of one reverse order, oldest first. */
export async function refundEvents(server: TestServer, dev: TestDeveloper, refundId: string): Promise<TaobaoRefundMessageBody[]> {
  return (await outbox(server, dev)).filter((e) => e.type === REFUND && e.body["refundId"] === refundId).map((e) => e.body as unknown as TaobaoRefundMessageBody);
}

/** "previous→status" of a reverse order's TB-REFUND events. */
export async function refundStory(server: TestServer, dev: TestDeveloper, refundId: string): Promise<string[]> {
  return (await refundEvents(server, dev, refundId)).map((b) => `${b.previousRefundStatus ?? "null"}→${b.refundStatus}`);
}

const LINE_OF: Record<number, number> = { 1: 10, 2: 20, 3: 30, 4: -20, 5: 100, 6: -10 };

/** taobao.md §5.3, field by field: names, order, JSON types, and the values tied to the order. */
export function checkRefundBody(body: TaobaoRefundMessageBody, order: OrderV2VO, subOrderId: string): void {
  assert.deepEqual(Object.keys(body), [
    "refundId",
    "salesOrderId",
    "orderId",
    "subOrderId",
    "userId",
    "refundType",
    "goodsStatus",
    "refundStatus",
    "previousRefundStatus",
    "subOrderRefundStatus",
    "refundFee",
    "currency",
    "reasonId",
    "reasonDesc",
    "sellerRefuseReason",
    "modifiedTime",
  ]);
  assert.match(body.refundId, /^\d+$/);
  assert.equal(body.salesOrderId, order.orderNo);
  assert.equal(body.orderId, order.id);
  assert.equal(body.subOrderId, subOrderId);
  assert.equal(body.userId, order.userId);
  assert.ok([1, 3].includes(body.refundType), "refundType");
  assert.ok([1, 2, 4].includes(body.goodsStatus), "goodsStatus");
  assert.ok([1, 2, 3, 4, 5, 6].includes(body.refundStatus), "refundStatus");
  assert.ok(body.previousRefundStatus === null || [1, 2, 3, 4, 5, 6].includes(body.previousRefundStatus), "previousRefundStatus");
  assert.equal(body.subOrderRefundStatus, LINE_OF[body.refundStatus], "subOrderRefundStatus mirrors refundStatus");
  assert.ok(Number.isSafeInteger(body.refundFee) && body.refundFee > 0, "refundFee in fen");
  assert.equal(body.currency, "CNY");
  assert.ok(Number.isSafeInteger(body.reasonId), "reasonId");
  assert.equal(typeof body.reasonDesc, "string");
  assert.ok(body.reasonDesc.length > 0, "reasonDesc");
  assert.equal(typeof body.sellerRefuseReason, "string");
  assert.ok(Number.isSafeInteger(body.modifiedTime) && body.modifiedTime > 1_600_000_000_000, "modifiedTime in epoch ms");
}

const types = (object: object) => Object.fromEntries(Object.entries(object).map(([k, v]) => [k, v === null ? "null" : typeof v]));

/** taobao.md §0.6, keys and JSON types of TaoBaoRefundOrderDetailDTO. */
export function checkDetailShape(dto: TaoBaoRefundOrderDetailDTO): void {
  assert.deepEqual(types(dto), { distributorId: "string", currency: "string", refundOrderAggregate: "object" });
  assert.equal(dto.currency, "CNY");
  const agg = dto.refundOrderAggregate;
  assert.deepEqual(Object.keys(agg).sort(), ["logistics", "purchaseOrderLine", "refundOrder"]);
  assert.deepEqual(types(agg.refundOrder), {
    refundId: "string",
    refundStatus: "number",
    refundType: "number",
    goodsStatus: "number",
    reasonId: "number",
    reasonDesc: "string",
    refundDesc: "string",
    refundFee: "number",
    canEditFee: "boolean",
    feeTips: "string",
    payOrderId: "string",
    sellerRefuseReason: "string",
    sellerRefuseReasonDescribe: "string",
    timeoutType: "string",
    timeoutDate: "string",
    remainingTime: "string",
  });
  const r = agg.refundOrder;
  assert.ok(["SELLER_AGREE", "BUYER_RETURN", "SELLER_RECEIVE", "BUYER_MODIFY", ""].includes(r.timeoutType));
  if (r.refundStatus === 4 || r.refundStatus === 5) assert.deepEqual([r.timeoutType, r.timeoutDate, r.remainingTime], ["", "", ""], "nothing awaited when final");
  else {
    assert.match(r.timeoutDate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(r.remainingTime, /^\d+$/);
  }
  assert.deepEqual(types(agg.purchaseOrderLine), {
    salesOrderId: "string",
    purchaseOrderId: "number",
    purchaseOrderLineId: "number",
    supplierId: "number",
    supplierName: "string",
    itemTitle: "string",
    itemImageUrl: "string",
    quantity: "number",
    price: "number",
    productFee: "number",
    postFee: "number",
    totalPrice: "number",
    currency: "string",
    salesMarket: "string",
    createTime: "number",
  });
  const line = agg.purchaseOrderLine;
  assert.equal(line.totalPrice, line.productFee + line.postFee);
  assert.equal(line.price * line.quantity, line.productFee);
  assert.deepEqual(types(agg.logistics), {
    receiverAddress: "string",
    sellerAgreeReturnDescribe: "string",
    logisticsCompany: "object",
    logisticsNo: "string",
    buyerPhone: "string",
    returnGoodsDesc: "string",
  });
  assert.deepEqual(types(agg.logistics.logisticsCompany), { logisticsCompanyCode: "string", logisticsCompanyName: "string" });
}

/** The ledger (through the operator API) and the order read model. */
export async function soundAfter(server: TestServer, dev: TestDeveloper): Promise<void> {
  const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
  assert.equal(check.code, 200, check.msg);
  assert.deepEqual(check.data.problems, [], "ledger");
  assert.equal(check.data.sound, true, "ledger sound");
  await sound(server, dev);
}

export async function balance(server: TestServer, dev: TestDeveloper): Promise<number> {
  return (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
}
