// Helpers of the 1688 after-sales tests: paid (and shipped, received) orders of one or two lines, the
// refund callbacks of a refund, the §4.1 member list each refund body is checked against, and the
// soundness checks (ledger over the operator route, 1688 read model) run after every flow.
import assert from "node:assert/strict";
import type { Product } from "../../src/marketplace/port.ts";
import type { TestDeveloper, TestServer } from "./server.ts";
import { ADDRESS_PARAM, outbox1688, type StoredEvent } from "./alibaba.ts";

export const REFUND_1688 = "1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND";

export interface Line {
  subItemID: string;
  status: string;
  price: number;
  itemAmount: number;
  quantity: number;
  refundStatus: string | null;
  refundId: string | null;
}

export interface Detail {
  baseInfo: { id: string; status: string; refund: number; refundPayment: number; refundStatus: string | null; shippingFee: number; totalAmount: number; sumProductPayment: number };
  productItems: Line[];
}

export const fen = (yuan: number) => Math.round(yuan * 100);

/** Two lines of one seller: one product with two SKUs in stock for `factor` × the minimum. */
function twoSkuProduct(server: TestServer, skip: number, factor = 20): Array<{ offerMapId: string; specId?: string; quantity: number }> {
  const goods = server.platform.services.goods;
  let found = 0;
  for (let i = 0; i < 5000; i++) {
    const p: Product = goods.productAt("alibaba", i, "zh");
    if (!p.active) continue;
    const quantity = Math.max(1, p.minQuantity);
    const skus = p.skus.filter((s) => s.active && s.stock >= quantity * factor);
    if (skus.length < 2) continue;
    if (found++ < skip) continue;
    return skus.slice(0, 2).map((s) => ({ offerMapId: p.id, specId: s.mpSkuId, quantity }));
  }
  throw new Error("no product with two SKUs in stock");
}

/** One line of one seller. */
function oneLine(server: TestServer, skip: number, factor = 20): Array<{ offerMapId: string; specId?: string; quantity: number }> {
  const [first] = twoSkuProduct(server, skip, factor);
  return [first!];
}

let picked = 0;

/** A new 1688 order of `lines` lines (receiver name `fullName`: sandbox scenario words), not paid. */
export async function unpaidOrder(server: TestServer, dev: TestDeveloper, options: { lines?: 1 | 2; fullName?: string } = {}): Promise<Detail> {
  const cargo = (options.lines ?? 1) === 2 ? twoSkuProduct(server, picked++ % 7) : oneLine(server, picked++ % 7);
  return (await dev.client.alibaba.orders.create({ flow: "general", addressParam: { ...ADDRESS_PARAM, fullName: options.fullName ?? ADDRESS_PARAM.fullName }, cargoParamList: cargo })) as unknown as Detail;
}

/** A new 1688 order of `lines` lines (receiver name `fullName`: sandbox scenario words), paid from the balance. */
export async function paidOrder(server: TestServer, dev: TestDeveloper, options: { lines?: 1 | 2; fullName?: string } = {}): Promise<Detail> {
  const order = await unpaidOrder(server, dev, options);
  const paid = await dev.client.alibaba.orders.payUrl(order.baseInfo.id);
  assert.equal(paid.protocolPaySuccess, true, "paid");
  return detail(dev, order.baseInfo.id);
}

/** The order as the order list shows it (§0.4). */
export async function detail(dev: TestDeveloper, orderId: string): Promise<Detail> {
  const page = await dev.client.request<{ data: Detail[] }>("POST", "/v2/alibaba/order/page", { body: { orderId } });
  assert.equal(page.data.length, 1, `order ${orderId} listed`);
  return page.data[0]!;
}

export const advance = (dev: TestDeveloper, duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
export const trigger = (dev: TestDeveloper, event: string, refundId: string) => dev.client.request("POST", "/sandbox/trigger", { body: { event, refundId } });

/** A paid order shipped (the seller ships within hours) and received by the buyer: confirm_goods → success. */
export async function receivedOrder(server: TestServer, dev: TestDeveloper, options: { lines?: 1 | 2; fullName?: string } = {}): Promise<Detail> {
  const order = await paidOrder(server, dev, options);
  await advance(dev, "7h");
  assert.equal((await detail(dev, order.baseInfo.id)).baseInfo.status, "waitbuyerreceive", "shipped");
  const received = await dev.client.alibaba.orders.receiveGoods({ orderId: order.baseInfo.id });
  assert.equal(received.success, true, "receipt confirmed");
  return detail(dev, order.baseInfo.id);
}

/** The 1688-REFUND bodies of one refund, in the order they were recorded. */
export async function refundEvents(server: TestServer, dev: TestDeveloper, refundId: string): Promise<Array<Record<string, unknown>>> {
  const events = await outbox1688(server, dev);
  return events.filter((e: StoredEvent) => e.type === REFUND_1688 && e.body["refundId"] === refundId).map((e) => {
    assert.equal(e.platform, 1, "messagePlatform 1");
    return e.body;
  });
}

/** A refund's callbacks as "previous→status". */
export async function refundStory(server: TestServer, dev: TestDeveloper, refundId: string): Promise<string[]> {
  return (await refundEvents(server, dev, refundId)).map((b) => `${(b["previousStatus"] as string | null) ?? "null"}→${b["status"] as string}`);
}

/** The §4.1 members, in the table's order. */
export const REFUND_INFO_KEYS = [
  "id",
  "refundId",
  "orderId",
  "orderEntryIdList",
  "status",
  "disputeRequest",
  "disputeType",
  "goodsStatus",
  "applyPayment",
  "applyCarriage",
  "applyReason",
  "applyReasonId",
  "applySubReason",
  "applySubReasonId",
  "applyExpect",
  "description",
  "vouchers",
  "refundPayment",
  "refundCarriage",
  "canRefundPayment",
  "frozenFund",
  "buyerSendGoods",
  "buyerLogisticsName",
  "freightBill",
  "goodsReceived",
  "refundGoods",
  "onlyRefund",
  "rejectReason",
  "rejectReasonId",
  "sellerReceiveAddress",
  "sellerMobile",
  "productName",
  "alipayPaymentId",
  "buyerAlipayId",
  "buyerMemberId",
  "buyerUserId",
  "sellerUserId",
  "gmtApply",
  "gmtCreate",
  "gmtModified",
  "gmtCompleted",
  "gmtTimeOut",
  "createBy",
  "createById",
  "createTime",
  "updateBy",
  "updateById",
  "updateTime",
  "remark",
];

const UPSTREAM_TIME = /^\d{17}\+0800$/;
const AUDIT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const STATUSES = ["waitselleragree", "waitbuyermodify", "waitbuyersend", "waitsellerreceive", "refundsuccess", "refundclose"];

type Kind = "string" | "nstring" | "int" | "nint" | "bool" | "nbool" | "null" | "strings" | "upTime" | "nupTime" | "auditTime";
const KINDS: Record<string, Kind> = {
  id: "null",
  refundId: "string",
  orderId: "string",
  orderEntryIdList: "strings",
  status: "string",
  disputeRequest: "string",
  disputeType: "int",
  goodsStatus: "string",
  applyPayment: "int",
  applyCarriage: "int",
  applyReason: "string",
  applyReasonId: "int",
  applySubReason: "null",
  applySubReasonId: "null",
  applyExpect: "null",
  description: "string",
  vouchers: "strings",
  refundPayment: "int",
  refundCarriage: "int",
  canRefundPayment: "int",
  frozenFund: "int",
  buyerSendGoods: "nbool",
  buyerLogisticsName: "nstring",
  freightBill: "nstring",
  goodsReceived: "bool",
  refundGoods: "bool",
  onlyRefund: "bool",
  rejectReason: "nstring",
  rejectReasonId: "nint",
  sellerReceiveAddress: "nstring",
  sellerMobile: "nstring",
  productName: "string",
  alipayPaymentId: "nstring",
  buyerAlipayId: "null",
  buyerMemberId: "string",
  buyerUserId: "string",
  sellerUserId: "string",
  gmtApply: "upTime",
  gmtCreate: "upTime",
  gmtModified: "upTime",
  gmtCompleted: "nupTime",
  gmtTimeOut: "nupTime",
  createBy: "string",
  createById: "int",
  createTime: "auditTime",
  updateBy: "string",
  updateById: "int",
  updateTime: "auditTime",
  remark: "null",
};

function checkKind(key: string, value: unknown): void {
  const kind = KINDS[key]!;
  const where = `${key} = ${JSON.stringify(value)}`;
  switch (kind) {
    case "string":
      return assert.equal(typeof value, "string", where);
    case "nstring":
      return assert.ok(value === null || typeof value === "string", where);
    case "int":
      return assert.ok(Number.isSafeInteger(value), where);
    case "nint":
      return assert.ok(value === null || Number.isSafeInteger(value), where);
    case "bool":
      return assert.equal(typeof value, "boolean", where);
    case "nbool":
      return assert.ok(value === null || typeof value === "boolean", where);
    case "null":
      return assert.equal(value, null, where);
    case "strings":
      return assert.ok(Array.isArray(value) && value.every((v) => typeof v === "string"), where);
    case "upTime":
      return assert.match(String(value), UPSTREAM_TIME, where);
    case "nupTime":
      return assert.ok(value === null || UPSTREAM_TIME.test(String(value)), where);
    case "auditTime":
      return assert.match(String(value), AUDIT_TIME, where);
  }
}

/**
 * A refund detail checked member by member against §4.1 (names in order, types, units, forms), and
 * the invariants between members; `withPrevious`: a callback body (§5.3) with previousStatus last.
 */
export function checkRefundInfo(body: Record<string, unknown>, withPrevious = false): void {
  assert.deepEqual(Object.keys(body), withPrevious ? [...REFUND_INFO_KEYS, "previousStatus"] : REFUND_INFO_KEYS, "§4.1 members in order");
  for (const key of REFUND_INFO_KEYS) checkKind(key, body[key]);
  assert.match(String(body["refundId"]), /^TQ\d+$/);
  assert.match(String(body["orderId"]), /^\d{19}$/);
  for (const id of body["orderEntryIdList"] as string[]) assert.match(id, /^\d{19}$/);
  assert.ok(STATUSES.includes(String(body["status"])), `status ${String(body["status"])}`);
  if (withPrevious) assert.ok(body["previousStatus"] === null || STATUSES.includes(String(body["previousStatus"])));
  const goods = String(body["goodsStatus"]);
  assert.equal(body["disputeType"], goods.startsWith("refund") ? 1 : 2, "disputeType from goodsStatus");
  assert.equal(body["refundGoods"], body["disputeRequest"] === "returnRefund");
  assert.equal(body["onlyRefund"], body["disputeRequest"] === "refund");
  const final = body["status"] === "refundsuccess" || body["status"] === "refundclose";
  assert.equal(body["frozenFund"], final ? 0 : (body["applyPayment"] as number) + (body["applyCarriage"] as number), "frozenFund: what is asked, while open");
  if (body["status"] !== "refundsuccess") assert.equal(body["refundPayment"], 0, "nothing refunded before refundsuccess");
  assert.ok((body["refundPayment"] as number) <= (body["applyPayment"] as number));
  assert.ok((body["refundCarriage"] as number) <= (body["applyCarriage"] as number));
  assert.ok((body["applyPayment"] as number) <= (body["canRefundPayment"] as number));
  assert.equal(final, body["gmtCompleted"] !== null, "gmtCompleted once final");
  if (final) assert.equal(body["gmtTimeOut"], null, "no deadline once final");
  assert.equal(body["createById"], Number(body["createBy"]));
}

/** Ledger (operator route) and the 1688 read model. */
export async function soundAftersales(server: TestServer, dev: TestDeveloper): Promise<void> {
  const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
  assert.equal(check.code, 200);
  assert.deepEqual(check.data.problems, [], "ledger");
  assert.equal(check.data.sound, true, "ledger");
  assert.deepEqual(await server.platform.services.alibaba.verifyReadModel(dev.developId), [], "1688 read model");
}

export async function balance(server: TestServer, dev: TestDeveloper): Promise<number> {
  return (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
}
