// Taobao after-sales through HTTP only (taobao.md §4, §5.3; statuses.md §1 T14/T15, §2.2, §3, §4):
// a refund before shipment, a return after shipment, a refusal then a modification, revocations,
// every TB-REFUND body checked field by field, detail and list rows against §0.6. The ledger and the
// order read model are checked after every flow.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { outbox, story } from "./helpers/taobao.ts";
import {
  advance,
  balance,
  checkDetailShape,
  checkRefundBody,
  DAY,
  HOUR,
  orderOf,
  paidOrder,
  refundEvents,
  refundStory,
  soundAfter,
  trigger,
} from "./helpers/taobao-aftersales.ts";

const START = Date.parse("2026-11-28T02:00:00Z");

describe("Taobao after-sales: the integrator's journeys", () => {
  let server: TestServer;
  let dev: TestDeveloper | undefined;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await soundAfter(server, dev);
    dev = undefined;
  });

  test("refund only before shipment: render → submit → seller agrees → credited, line closed, order 4 (T14)", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const line = order.subOrderVOS[0]!;
    const max = line.purchaseAmount! + line.domesticPostFee;
    const api = dev.client.taobao.refunds;

    const render = await api.render({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4 });
    assert.equal(render.saleFlag, true);
    assert.equal(render.currency, "CNY");
    assert.match(render.distributorId, /^\d+$/);
    assert.deepEqual(render.refundOrderTemplate.goodsStatusList, ["4"]);
    assert.deepEqual(render.refundOrderTemplate.refundReasons.map((r) => r.reasonId), [402652, 400001]);
    assert.deepEqual(Object.keys(render.refundOrderTemplate.refundReasons[0]!), ["reasonId", "reasonDesc", "tips"]);
    assert.deepEqual(render.refundOrderTemplate.maxRefundFee, { refundFee: max, minRefundFee: 1, canEditRefundFee: true, feeTips: render.refundOrderTemplate.maxRefundFee.feeTips });
    assert.equal(render.refundOrderTemplate.refundOrder, null);
    // A return is not possible before shipment.
    assert.equal((await api.render({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 4 })).saleFlag, false);
    assert.deepEqual((await api.render({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 2 })).refundOrderTemplate.refundReasons, []);

    const before = await balance(server, dev);
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 400001, refundFee: max, refundDesc: "too slow" });
    assert.match(refundId, /^11\d{10}$/, "taobao.md §0.1: 12 digits starting with 11");
    const requested = await api.detail(refundId);
    checkDetailShape(requested);
    const ro = requested.refundOrderAggregate.refundOrder;
    assert.deepEqual([ro.refundStatus, ro.refundType, ro.goodsStatus, ro.reasonId, ro.reasonDesc, ro.refundDesc, ro.refundFee, ro.canEditFee], [1, 1, 4, 400001, "未按约定时间发货", "too slow", max, true]);
    assert.equal(ro.timeoutType, "SELLER_AGREE");
    assert.equal(ro.remainingTime, String(48 * 3600));
    assert.equal(ro.payOrderId, line.taobaoPurchaseId);
    const pol = requested.refundOrderAggregate.purchaseOrderLine;
    assert.deepEqual([pol.salesOrderId, pol.purchaseOrderId, pol.purchaseOrderLineId, pol.productFee, pol.postFee], [order.orderNo, Number(line.taobaoPurchaseId), Number(line.taobaoSubPurchaseId), line.purchaseAmount, line.domesticPostFee]);
    let sub = (await orderOf(dev, order.id)).subOrderVOS[0]!;
    assert.deepEqual([sub.refundStatus, sub.refundType, sub.goodsStatus, sub.status], [10, 1, 4, "WAIT_SELLER_SEND_GOODS"]);
    // The open reverse order pre-fills a modification.
    assert.equal((await api.render({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4 })).refundOrderTemplate.refundOrder?.refundId, refundId);

    await advance(dev, 2 * HOUR);
    const refunded = await api.detail(refundId);
    checkDetailShape(refunded);
    assert.equal(refunded.refundOrderAggregate.refundOrder.refundStatus, 5);
    assert.equal(refunded.refundOrderAggregate.refundOrder.refundFee, max);
    assert.equal(await balance(server, dev), before + max, "credited");
    const closed = await orderOf(dev, order.id);
    sub = closed.subOrderVOS[0]!;
    assert.deepEqual([closed.status, sub.status, sub.closeReason, sub.refundStatus], [4, "TRADE_CLOSED", "REFUNDED", 100]);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→5"]);
    for (const body of await refundEvents(server, dev, refundId)) checkRefundBody(body, order, line.subOrderId);
    assert.deepEqual(story(await outbox(server, dev), order.id).slice(-1), ["10→4*"], "TB-STATUS for T14");
    // A refunded line takes no new reverse order.
    assert.equal((await api.render({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4 })).saleFlag, false);
    await assert.rejects(api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 400001, refundFee: 1 }), (e: { code?: number }) => e.code === 40901);

    const page = await api.list({ pageSize: 10 });
    assert.equal(page.total, 1);
    checkDetailShape(page.data[0]!);
    assert.deepEqual(page.data[0], await api.detail(refundId));
  });

  test("a two-line order keeps its status when one line is refunded", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { lines: 2 });
    const line = order.subOrderVOS[0]!;
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: line.purchaseAmount! + line.domesticPostFee });
    await trigger(dev, "refund_agree", refundId);
    const after = await orderOf(dev, order.id);
    assert.equal(after.status, 10);
    assert.deepEqual(after.subOrderVOS.map((s) => [s.status, s.refundStatus]), [["TRADE_CLOSED", 100], ["WAIT_SELLER_SEND_GOODS", 0]]);
    assert.deepEqual(story(await outbox(server, dev), order.id).slice(-1), ["10→10*"], "the closed line's TB-STATUS");
  });

  test("return and refund after shipment: return address → return logistics → seller confirms → credited (T15)", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { shipped: true });
    const line = order.subOrderVOS[0]!;
    const api = dev.client.taobao.refunds;
    const render = await api.render({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2 });
    assert.equal(render.saleFlag, true);
    assert.deepEqual(render.refundOrderTemplate.goodsStatusList, ["1", "2"]);
    assert.equal(render.refundOrderTemplate.maxRefundFee.refundFee, line.purchaseAmount, "goods only once shipped");
    await assert.rejects(api.submit({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2, reasonId: 402641, refundFee: line.purchaseAmount! + 1 }), (e: { code?: number; message?: string }) => e.code === 40002 && /refundFee/.test(e.message!));

    const before = await balance(server, dev);
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2, reasonId: 402641, refundFee: line.purchaseAmount! });
    await assert.rejects(api.returnRender(refundId), (e: { code?: number }) => e.code === 40901, "no return awaited yet");
    await advance(dev, 2 * HOUR);
    const agreed = await api.detail(refundId);
    assert.equal(agreed.refundOrderAggregate.refundOrder.refundStatus, 2);
    assert.equal(agreed.refundOrderAggregate.refundOrder.timeoutType, "BUYER_RETURN");
    assert.notEqual(agreed.refundOrderAggregate.logistics.receiverAddress, "");
    assert.notEqual(agreed.refundOrderAggregate.logistics.sellerAgreeReturnDescribe, "");
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, 20);
    // A reverse order waiting for the return cannot be modified, and blocks the render.
    assert.equal((await api.render({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2 })).saleFlag, false);

    const where = await api.returnRender(refundId);
    assert.deepEqual(Object.keys(where), ["refundId", "receiverAddress", "sellerAgreeReturnDescribe", "logisticsCompanies"]);
    assert.deepEqual(Object.keys(where.receiverAddress), ["receiver", "phone", "detailAddress"]);
    assert.ok(where.receiverAddress.receiver && where.receiverAddress.phone && where.receiverAddress.detailAddress);
    assert.ok(agreed.refundOrderAggregate.logistics.receiverAddress.startsWith(`${where.receiverAddress.receiver}, ${where.receiverAddress.phone}, `));
    assert.ok(where.logisticsCompanies.some((c) => c.logisticsCompanyCode === "SF" && c.logisticsCompanyName === "顺丰速运"));

    await assert.rejects(api.submitReturn({ refundId, logisticsCompanyCode: "NOPE", logisticsNo: "SF1234567" }), (e: { code?: number; message?: string }) => e.code === 40002 && /logisticsCompanyCode/.test(e.message!));
    await assert.rejects(api.submitReturn({ refundId, logisticsCompanyCode: "SF", logisticsNo: "SF1" }), (e: { code?: number; message?: string }) => e.code === 40002 && /logisticsNo/.test(e.message!));
    assert.equal(await api.submitReturn({ refundId, logisticsCompanyCode: "SF", logisticsNo: "SF12181323546", buyerPhone: "18116031613", returnGoodsDesc: "unused, in its box" }), true);
    const shipped = await api.detail(refundId);
    assert.equal(shipped.refundOrderAggregate.refundOrder.refundStatus, 3);
    assert.equal(shipped.refundOrderAggregate.refundOrder.timeoutType, "SELLER_RECEIVE");
    assert.deepEqual(shipped.refundOrderAggregate.logistics.logisticsCompany, { logisticsCompanyCode: "SF", logisticsCompanyName: "顺丰速运" });
    assert.deepEqual([shipped.refundOrderAggregate.logistics.logisticsNo, shipped.refundOrderAggregate.logistics.buyerPhone, shipped.refundOrderAggregate.logistics.returnGoodsDesc], ["SF12181323546", "18116031613", "unused, in its box"]);
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, 30);
    await assert.rejects(api.cancel(refundId), (e: { code?: number }) => e.code === 40901, "no revoking once the goods are on their way back");
    assert.deepEqual(await api.detail(refundId), shipped, "unchanged");

    await advance(dev, 2 * DAY);
    const done = await api.detail(refundId);
    assert.equal(done.refundOrderAggregate.refundOrder.refundStatus, 5);
    assert.equal(await balance(server, dev), before + line.purchaseAmount!);
    const closed = await orderOf(dev, order.id);
    assert.deepEqual([closed.status, closed.subOrderVOS[0]!.status, closed.subOrderVOS[0]!.closeReason], [4, "TRADE_CLOSED", "REFUNDED"]);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→2", "2→3", "3→5"]);
    const bodies = await refundEvents(server, dev, refundId);
    for (const body of bodies) checkRefundBody(body, order, line.subOrderId);
    assert.deepEqual(bodies.map((b) => b.refundType), [3, 3, 3, 3]);
    assert.deepEqual(story(await outbox(server, dev), order.id).slice(-1), ["11→4*"], "TB-STATUS for T15");

    const notes = await api.messages({ refundId });
    assert.deepEqual(notes.data.map((m) => m.senderRole), ["platform", "platform"]);
    assert.match(notes.data[0]!.messageContent, /agreed to a return/);
  });

  test("a refund-only request the seller answers by asking the goods back becomes a return (RETURN_REQUIRED)", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { shipped: true, words: "RETURN_REQUIRED" });
    const line = order.subOrderVOS[0]!;
    const api = dev.client.taobao.refunds;
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 2, reasonId: 400003, refundFee: 100 });
    await advance(dev, 2 * HOUR);
    const asked = await api.detail(refundId);
    assert.deepEqual([asked.refundOrderAggregate.refundOrder.refundStatus, asked.refundOrderAggregate.refundOrder.refundType], [2, 3]);
    const sub = (await orderOf(dev, order.id)).subOrderVOS[0]!;
    assert.deepEqual([sub.refundStatus, sub.refundType], [20, 3]);
    const bodies = await refundEvents(server, dev, refundId);
    assert.deepEqual(bodies.map((b) => [b.refundStatus, b.refundType]), [[1, 1], [2, 3]]);
    // Revoked while the return is awaited.
    const revoked = await api.cancel(refundId);
    assert.equal(revoked.cancelSuccess, true);
    assert.equal(revoked.refundOrderAggregate.refundOrder.refundStatus, 4);
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, -20);
    // A partial refund of a new reverse order leaves the line open.
    const before = await balance(server, dev);
    const again = await api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 2, reasonId: 400003, refundFee: 100 });
    await trigger(dev, "refund_agree", again.refundId);
    assert.equal(await balance(server, dev), before + 100);
    const partial = await orderOf(dev, order.id);
    assert.deepEqual([partial.status, partial.subOrderVOS[0]!.status, partial.subOrderVOS[0]!.refundStatus], [11, "WAIT_BUYER_CONFIRM_GOODS", 100]);
  });

  test("refusal → modification → agreed; the refusal is shown, then cleared", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { words: "REFUND_REFUSED" });
    const line = order.subOrderVOS[0]!;
    const api = dev.client.taobao.refunds;
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 50 });
    await advance(dev, 2 * HOUR);
    const refused = await api.detail(refundId);
    const ro = refused.refundOrderAggregate.refundOrder;
    assert.deepEqual([ro.refundStatus, ro.timeoutType], [6, "BUYER_MODIFY"]);
    assert.notEqual(ro.sellerRefuseReason, "");
    assert.equal(ro.sellerRefuseReasonDescribe, ro.sellerRefuseReason);
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, -10);
    // A refused reverse order is still the line's open one: a second submit is refused, modify it.
    await assert.rejects(api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 50 }), (e: { code?: number }) => e.code === 40901);

    assert.equal(await api.modify({ refundId, reasonId: 400001, refundFee: 80, refundDesc: "please" }), true);
    const modified = await api.detail(refundId);
    const mo = modified.refundOrderAggregate.refundOrder;
    assert.deepEqual([mo.refundStatus, mo.reasonId, mo.refundFee, mo.refundDesc, mo.sellerRefuseReason, mo.sellerRefuseReasonDescribe], [1, 400001, 80, "please", "", ""]);
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, 10);
    // A modification while waiting for the seller: 1 → 1.
    assert.equal(await api.modify({ refundId, refundFee: 90 }), true);
    const before = await balance(server, dev);
    await trigger(dev, "refund_agree", refundId);
    assert.equal(await balance(server, dev), before + 90);
    const sub = (await orderOf(dev, order.id)).subOrderVOS[0]!;
    assert.deepEqual([sub.status, sub.refundStatus], ["WAIT_SELLER_SEND_GOODS", 100], "a partial refund leaves the line open");
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→6", "6→1", "1→1", "1→5"]);
    const bodies = await refundEvents(server, dev, refundId);
    for (const body of bodies) checkRefundBody(body, order, line.subOrderId);
    assert.notEqual(bodies[1]!.sellerRefuseReason, "");
    assert.deepEqual(bodies.map((b) => b.refundFee), [50, 50, 80, 90, 90]);
    const roles = (await api.messages({ refundId })).data.map((m) => m.senderRole);
    assert.deepEqual(roles, ["seller", "platform"]);
  });

  test("revoke in 1 and in 6; revoking a closed one is 40901 and changes nothing", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { lines: 2, words: "REFUND_REFUSED" });
    const api = dev.client.taobao.refunds;
    const [a, b] = order.subOrderVOS;
    const first = await api.submit({ subOrderId: a!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    const revoked = await api.cancel(first.refundId);
    assert.deepEqual(Object.keys(revoked), ["cancelSuccess", "currency", "distributorId", "refundOrderAggregate"]);
    assert.equal(revoked.cancelSuccess, true);
    assert.equal(revoked.refundOrderAggregate.refundOrder.refundStatus, 4);
    const closedDetail = await api.detail(first.refundId);
    await assert.rejects(api.cancel(first.refundId), (e: { code?: number }) => e.code === 40901);
    await assert.rejects(api.modify({ refundId: first.refundId, refundFee: 5 }), (e: { code?: number }) => e.code === 40901);
    await assert.rejects(api.sendMessage({ refundId: first.refundId, refundMessage: "hello?" }), (e: { code?: number }) => e.code === 40901);
    assert.deepEqual(await api.detail(first.refundId), closedDetail, "unchanged");

    const second = await api.submit({ subOrderId: b!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    await advance(dev, 2 * HOUR);
    assert.equal((await api.detail(second.refundId)).refundOrderAggregate.refundOrder.refundStatus, 6);
    assert.equal((await api.cancel(second.refundId)).cancelSuccess, true);
    assert.deepEqual(await refundStory(server, dev, first.refundId), ["null→1", "1→4"]);
    assert.deepEqual(await refundStory(server, dev, second.refundId), ["null→1", "1→6", "6→4"]);
    const after = await orderOf(dev, order.id);
    assert.deepEqual(after.subOrderVOS.map((s) => s.refundStatus), [-20, -20]);
    assert.equal(after.status, 10);
    // A closed reverse order leaves the line free for a new one.
    assert.equal((await api.render({ subOrderId: a!.subOrderId, refundType: 1, goodsStatus: 4 })).saleFlag, true);
  });

  test("cancelSuccess false with the unchanged aggregate when the upstream refuses the revocation", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const api = dev.client.taobao.refunds;
    const { refundId } = await api.submit({ subOrderId: order.subOrderVOS[0]!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    const before = await api.detail(refundId);
    const connector = server.platform.services.connectors.of("taobao", true);
    const original = connector.cancelRefund;
    const { UpstreamRejection } = await import("../src/marketplace/port.ts");
    connector.cancelRefund = async () => {
      throw new UpstreamRejection("NOT_CANCELLABLE", "the seller is already refunding");
    };
    try {
      const answer = await api.cancel(refundId);
      assert.equal(answer.cancelSuccess, false);
      assert.deepEqual(answer.refundOrderAggregate, before.refundOrderAggregate);
    } finally {
      connector.cancelRefund = original;
    }
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1"]);
  });
});
