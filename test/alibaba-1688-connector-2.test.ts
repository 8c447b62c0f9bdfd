// Contract tests of the 1688 connector's payment, logistics and after-sales methods against the
// faithful local AOP fake (test/fakes/aop-fake.ts), which checks the wire form and signature of every
// call. No real host is contacted: every connector points at the fake's 127.0.0.1 port.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { UpstreamRejection, type RefundRequest } from "../src/marketplace/port.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { Alibaba1688Connector, NOT_IMPLEMENTED, type Alibaba1688Options } from "../src/marketplace/alibaba-1688/connector.ts";
import { AopFake } from "./fakes/aop-fake.ts";
import { APP_KEY, SECRET, TOKEN, OWNER, RECEIVER, dress } from "./fakes/aop-fixtures.ts";

const DRESS = dress();

describe("1688 connector: payment, logistics and after-sales against the fake AOP gateway", () => {
  let fake: AopFake;
  let fakeNow = Date.parse("2026-12-07T08:00:00Z");
  let refCounter = 0;
  const connect = (overrides: Partial<Alibaba1688Options> = {}) =>
    new Alibaba1688Connector({
      baseUrl: fake.url,
      appKey: APP_KEY,
      appSecret: SECRET,
      accessToken: TOKEN,
      timeoutMs: 2000,
      ...overrides,
      policy: { ratePerSec: 1000, burst: 1000, maxAttempts: 3, circuitThreshold: 5, circuitCoolDownMs: 60_000, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits(), now: () => fakeNow, ...overrides.policy },
    });

  /** One order of two red dresses: 2 × 12.50 + 6.00 shipping = 3100 fen. */
  const buy = async (connector: Alibaba1688Connector) => {
    const [order] = await connector.createOrder(OWNER, [{ lineNo: "L1", productId: DRESS.productID, skuId: "4397455896451", quantity: 2 }, { lineNo: "L2", productId: DRESS.productID, skuId: "4397455896452", quantity: 1 }], RECEIVER, `ref-${++refCounter}`);
    assert.ok(order);
    return order;
  };
  const DUE = 2 * 1250 + 1399 + 600;

  const paidAndShipped = async (connector: Alibaba1688Connector, billNo: string) => {
    const order = await buy(connector);
    assert.deepEqual(await connector.payOrder(OWNER, order.upstreamOrderId, DUE), { paid: true, at: fakeNow });
    fake.ship(order.upstreamOrderId, { billNo, carrierName: "中通快递", carrierNo: "ZTO" });
    return order;
  };

  before(async () => {
    fake = await AopFake.start({ appKey: APP_KEY, appSecret: SECRET, tokens: { [TOKEN]: fakeNow + 100 * 3600_000 }, products: [structuredClone(DRESS)], now: () => fakeNow });
  });
  after(async () => {
    await fake?.close();
  });

  test("no real host, and the six methods are no longer listed as not implemented", () => {
    const connector = connect();
    assert.match(connector.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const m of ["payOrder", "confirmReceipt", "shipments", "requestRefund", "submitReturn", "readRefund"]) assert.ok(!(NOT_IMPLEMENTED as readonly string[]).includes(m), m);
  });

  test("create → protocol pay (fen) → the seller ships → shipments with a trace → confirm receipt", async () => {
    const connector = connect();
    const order = await buy(connector);
    fakeNow += 60_000;
    const paid = await connector.payOrder(OWNER, order.upstreamOrderId, DUE);
    assert.deepEqual(paid, { paid: true, at: fakeNow });
    const pay = fake.callsOf("alibaba.trade.pay.protocolPay.preparePay").at(-1)!;
    assert.equal(pay.namespace, "com.alibaba.trade");
    const param = JSON.parse(pay.params.tradeWithholdPreparePayParam!);
    assert.equal(param.orderId, order.upstreamOrderId);
    assert.equal(param.payAmount, DUE, "protocol pay amounts are fen");
    assert.equal((await connector.readOrder(OWNER, order.upstreamOrderId))!.status, "waitsellersend");

    const [l1, l2] = order.lines.map((l) => l.upstreamLineId) as [string, string];
    assert.deepEqual(await connector.shipments(OWNER, l1), [], "nothing shipped yet");

    fakeNow += 3600_000;
    const shippedAt = fakeNow;
    fake.ship(order.upstreamOrderId, { billNo: "73500000000001", carrierName: "中通快递", carrierNo: "ZTO", entryIds: [l1] });
    fakeNow += 3600_000;
    fake.trace("73500000000001", "【杭州市】快件已发往 上海转运中心");
    fakeNow += 3600_000;
    fake.trace("73500000000001", "【上海市】快件正在派送中");
    fakeNow += 3600_000;
    fake.trace("73500000000001", "【上海市】已签收，签收人：前台");

    const shipments = await connector.shipments(OWNER, l1);
    assert.equal(shipments.length, 1);
    const s = shipments[0]!;
    assert.deepEqual([s.carrier, s.carrierCode, s.trackingNumber, s.upstreamOrderId, s.lineIds, s.shippedAt], ["中通快递", "ZTO", "73500000000001", order.upstreamOrderId, [l1], shippedAt]);
    assert.deepEqual(
      s.trace.map((e) => [e.status, e.city, e.at - shippedAt]),
      [
        ["CREATE", "", 0],
        ["ACCEPT", "杭州市", 0],
        ["TRANSPORT", "杭州市", 3600_000],
        ["DELIVERING", "上海市", 7200_000],
        ["SIGN", "上海市", 10_800_000],
      ],
    );
    assert.deepEqual(await connector.shipments(OWNER, l2), [], "the parcel carries only L1");

    // A connector that never saw the order finds it in the buyer's order list.
    const fresh = connect();
    assert.equal((await fresh.shipments(OWNER, l1))[0]?.trackingNumber, "73500000000001");
    assert.ok(fake.callsOf("alibaba.trade.getLogisticsTraceInfo.buyerView").every((c) => c.namespace === "com.alibaba.logistics"));
    assert.deepEqual(await connect().shipments(OWNER, "1999999999999999999"), [], "an entry in no order of the buyer's has no parcels");

    assert.equal(await connector.confirmReceipt(OWNER, order.upstreamOrderId, [l1, l2]), true);
    assert.equal(fake.callsOf("trade.receivegoods.confirm").at(-1)!.params.orderEntryIds, `[${l1},${l2}]`, "19-digit entry ids as JSON numbers, every digit kept");
    assert.equal((await connector.readOrder(OWNER, order.upstreamOrderId))!.status, "confirm_goods");
    assert.equal(await connector.confirmReceipt(OWNER, order.upstreamOrderId, []), true, "a repeat is a success");
  });

  test("confirm receipt of an unshipped order is refused: false", async () => {
    const connector = connect();
    const order = await buy(connector);
    await connector.payOrder(OWNER, order.upstreamOrderId, DUE);
    assert.equal(await connector.confirmReceipt(OWNER, order.upstreamOrderId, []), false);
  });

  test("pay refused by 1688 → paid:false with the upstream code; the order stays unpaid and can be paid later", async () => {
    const connector = connect();
    const order = await buy(connector);
    fake.refusePaymentOnce("PROTOCOL_PAY_NOT_SIGNED");
    assert.deepEqual(await connector.payOrder(OWNER, order.upstreamOrderId, DUE), { paid: false, reason: "PROTOCOL_PAY_NOT_SIGNED" });
    assert.equal(fake.callsOf("alibaba.trade.pay.protocolPay.preparePay").filter((c) => JSON.parse(c.params.tradeWithholdPreparePayParam!).orderId === order.upstreamOrderId).length, 1, "a refusal is not retried");
    assert.equal(fake.orders.get(order.upstreamOrderId)!.status, "waitbuyerpay");
    assert.deepEqual(await connector.payOrder(OWNER, order.upstreamOrderId, DUE - 1), { paid: false, reason: "PAY_AMOUNT_NOT_MATCH" });
    assert.equal((await connector.payOrder(OWNER, order.upstreamOrderId, DUE)).paid, true);
    assert.equal((await connector.payOrder(OWNER, order.upstreamOrderId, DUE)).paid, true, "a repeat for a paid order answers paid");
  });

  test("a pay whose answer is lost is not asked twice: the retry reads the order, paid", async () => {
    const connector = connect();
    const order = await buy(connector);
    const calls = () => fake.callsOf("alibaba.trade.pay.protocolPay.preparePay").filter((c) => JSON.parse(c.params.tradeWithholdPreparePayParam!).orderId === order.upstreamOrderId).length;
    fake.dropResponseOnce("alibaba.trade.pay.protocolPay.preparePay");
    assert.deepEqual(await connector.payOrder(OWNER, order.upstreamOrderId, DUE), { paid: true, at: fakeNow });
    assert.equal(calls(), 1, "one debit");
  });

  test("return refund: requested → read → the seller agrees a return → submitReturn → refunded", async () => {
    const connector = connect();
    const order = await paidAndShipped(connector, "73500000000002");
    const l1 = order.lines[0]!.upstreamLineId;
    const request: RefundRequest = { refundId: "R-1001", upstreamOrderId: order.upstreamOrderId, upstreamLineIds: [l1], type: "return_refund", amountFen: 2500, carriageFen: 0, reason: "质量问题", description: "裙子开线" };
    const opened = await connector.requestRefund(OWNER, request);
    assert.equal(opened.refundId, "R-1001", "the case is the platform's id");
    assert.deepEqual([opened.status, opened.type, opened.amountFen, opened.carriageFen, opened.upstreamOrderId, opened.upstreamLineIds, opened.refundedFen], ["requested", "return_refund", 2500, 0, order.upstreamOrderId, [l1], 0]);

    const create = fake.callsOf("alibaba.trade.createRefund").at(-1)!;
    assert.deepEqual(
      [create.params.disputeRequest, create.params.applyPayment, create.params.applyCarriage, create.params.applyReasonId, create.params.goodsStatus, create.params.orderEntryIds],
      ["returnRefund", "2500", "0", "20022", "refundBuyerReceived", `[${l1}]`],
    );
    assert.equal(create.params.description, "[R-1001] 裙子开线", "the platform's id travels at the head of the description");
    const upstream = [...fake.refunds.values()].find((r) => r.description.startsWith("[R-1001]"))!;
    assert.match(upstream.refundId, /^TQ\d+$/);

    const read = await connector.readRefund(OWNER, "R-1001");
    assert.deepEqual(read, opened);

    fakeNow += 60_000;
    fake.sellerAgreeReturn(upstream.refundId);
    const waiting = (await connector.readRefund(OWNER, "R-1001"))!;
    assert.equal(waiting.status, "waiting_return");
    assert.ok(waiting.revision > opened.revision, "revision grows with the case's modification time");
    assert.equal(waiting.returnAddress?.name, "退货仓");
    assert.equal(waiting.sellerNote, "请寄回并附上订单号");

    const shipped = await connector.submitReturn(OWNER, "R-1001", "YTO", "YT1234567890");
    assert.deepEqual([shipped.status, shipped.returnCarrier, shipped.returnTrackingNumber], ["return_shipped", "YTO", "YT1234567890"]);
    assert.ok(shipped.revision > waiting.revision);
    assert.deepEqual(fake.callsOf("alibaba.trade.refund.returnGoods").at(-1)!.params.refundId, upstream.refundId, "1688 is addressed by its own id");
    assert.equal((await connector.submitReturn(OWNER, "R-1001", "YTO", "YT1234567890")).status, "return_shipped", "a repeat returns the case");

    fake.sellerRefund(upstream.refundId);
    const done = (await connector.readRefund(OWNER, "R-1001"))!;
    assert.deepEqual([done.status, done.refundedFen, done.goodsReceived, done.deadlineAt], ["refunded", 2500, true, null]);

    await assert.rejects(connector.submitReturn(OWNER, "R-1001", "YTO", "YT999"), (err: unknown) => err instanceof UpstreamRejection && err.code === "REFUND_STATUS_NOT_SUPPORT");
    assert.equal(await connector.readRefund(OWNER, "R-unknown"), undefined, "a case 1688 never took is not found");
  });

  test("a refused case reads as refused with the seller's reason", async () => {
    const connector = connect();
    const order = await paidAndShipped(connector, "73500000000003");
    const kase = await connector.requestRefund(OWNER, { refundId: "R-1002", upstreamOrderId: order.upstreamOrderId, upstreamLineIds: [order.lines[1]!.upstreamLineId], type: "refund", amountFen: 1399, carriageFen: 600, reason: "不想要了", description: "不要了" });
    fake.sellerRefuse([...fake.refunds.values()].find((r) => r.description.startsWith("[R-1002]"))!.refundId, "已发货");
    const refused = (await connector.readRefund(OWNER, "R-1002"))!;
    assert.deepEqual([refused.status, refused.refuseReason, refused.type, refused.carriageFen], ["refused", "已发货", "refund", 600]);
    assert.ok(refused.revision > kase.revision);
  });

  test("a requestRefund whose answer is lost is retried, keyed by the platform's refund id: one upstream case", async () => {
    const connector = connect();
    const order = await paidAndShipped(connector, "73500000000004");
    const request: RefundRequest = { refundId: "R-2001", upstreamOrderId: order.upstreamOrderId, upstreamLineIds: [order.lines[0]!.upstreamLineId], type: "refund", amountFen: 1000, carriageFen: 0, reason: "20021", description: "少了一件" };
    const casesOfOrder = () => [...fake.refunds.values()].filter((r) => r.orderId === order.upstreamOrderId);
    const creates = () => fake.callsOf("alibaba.trade.createRefund").filter((c) => c.params.orderId === order.upstreamOrderId).length;

    fake.dropResponseOnce("alibaba.trade.createRefund");
    const kase = await connector.requestRefund(OWNER, request);
    assert.equal(kase.status, "requested");
    assert.equal(casesOfOrder().length, 1, "one upstream case");
    assert.equal(creates(), 1, "the retry found the case and did not create again");

    // A repeat of the request, even from a connector that lost its ties (a restart), returns the same case.
    const restarted = connect();
    assert.deepEqual(await restarted.requestRefund(OWNER, request), kase);
    assert.equal(casesOfOrder().length, 1);
    assert.equal(creates(), 1);
    // And a reconcile read by the platform's id alone finds it too.
    assert.deepEqual(await connect().readRefund(OWNER, "R-2001"), kase);
  });

  test("a refund 1688 refuses throws UpstreamRejection with the upstream code", async () => {
    const connector = connect();
    const order = await buy(connector);
    await assert.rejects(
      connector.requestRefund(OWNER, { refundId: "R-3001", upstreamOrderId: order.upstreamOrderId, upstreamLineIds: [order.lines[0]!.upstreamLineId], type: "refund", amountFen: 100, carriageFen: 0, reason: "20021", description: "未付款" }),
      (err: unknown) => err instanceof UpstreamRejection && err.code === "ORDER_STATUS_NOT_SUPPORT",
    );
  });
});
