// 1688 after-sales through HTTP only (alibaba-1688.md §4, §5.3; statuses.md §5, §6): in-sale refunds
// (partial, then the rest of every line: lines and order terminated), an after-sale return with the
// seller's address and the buyer's parcel, a refusal and the re-application that closes it, and the
// four timeouts on the test clock. Every 1688-REFUND body is checked member by member against §4.1;
// the order detail shows the refund; the ledger and the 1688 read model are checked after each flow.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { outbox1688, story1688 } from "./helpers/alibaba.ts";
import {
  advance,
  balance,
  checkRefundInfo,
  detail,
  fen,
  paidOrder,
  receivedOrder,
  refundEvents,
  REFUND_1688,
  refundStory,
  soundAftersales,
  trigger,
  type Detail,
} from "./helpers/alibaba-aftersales.ts";

const START = Date.parse("2026-12-01T02:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "yyyyMMddHHmmssSSS+0800" → epoch ms. */
function upstreamMs(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})\+0800$/.exec(text)!;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - 8 * HOUR;
}

describe("1688 after-sales", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await soundAftersales(server, dev);
  });

  const refunds = () => dev.client.alibaba.refunds;
  const info = (refundId: string) => refunds().info(refundId);
  /** Waits until the refund shows `status` (inbox events are applied by the job runner). */
  const reaches = (refundId: string, status: string) => until(`refund ${refundId} ${status}`, () => info(refundId), (r) => r.status === status);
  const lineOf = (d: Detail, id: string) => d.productItems.find((l) => l.subItemID === id)!;
  const now = async () => (await dev.client.request<{ now: number }>("GET", "/sandbox/clock")).now;

  async function checkBodies(refundId: string): Promise<void> {
    const bodies = await refundEvents(server, dev, refundId);
    assert.ok(bodies.length > 0);
    for (const body of bodies) checkRefundInfo(body, true);
    checkRefundInfo((await info(refundId)) as unknown as Record<string, unknown>);
  }

  test("in-sale refunds: a partial one keeps the statuses; the rest of both lines with the shipping terminates lines and order (1688-STATUS), every fen back", async () => {
    dev = await server.createDeveloper();
    const start = await balance(server, dev);
    const order = await paidOrder(server, dev, { lines: 2 });
    const orderId = order.baseInfo.id;
    const [a, b] = order.productItems as [Detail["productItems"][0], Detail["productItems"][0]];
    const shipping = fen(order.baseInfo.shippingFee);
    assert.equal(await balance(server, dev), start - fen(order.baseInfo.totalAmount));

    const reasons = await refunds().reasons({ orderId, orderEntryIds: [a.subItemID], goodsStatus: "refundWaitSellerSend" });
    assert.deepEqual(
      reasons.map((r) => [r.id, r.needVoucher, r.noRefundCarriage]),
      [
        [20001, false, true],
        [20002, false, false],
      ],
    );
    assert.equal(reasons[1]!.name, "卖家未按约定时间发货");
    assert.equal(reasons[1]!.tip, "");

    const half = Math.floor(fen(a.itemAmount) / 2);
    const { refundId: first } = await refunds().create({
      orderId,
      orderEntryIds: [a.subItemID],
      disputeRequest: "refund",
      applyPayment: half,
      applyCarriage: 0,
      applyReasonId: 20002,
      description: "卖家迟迟未发货，先退一半",
      goodsStatus: "refundWaitSellerSend",
    });
    assert.match(first, /^TQ\d+$/);
    const opened = await info(first);
    checkRefundInfo(opened as unknown as Record<string, unknown>);
    assert.equal(opened.refundId, first);
    assert.equal(opened.orderId, orderId);
    assert.deepEqual(opened.orderEntryIdList, [a.subItemID]);
    assert.equal(opened.status, "waitselleragree");
    assert.equal(opened.disputeRequest, "refund");
    assert.equal(opened.disputeType, 1);
    assert.equal(opened.goodsStatus, "refundWaitSellerSend");
    assert.equal(opened.applyPayment, half);
    assert.equal(opened.applyCarriage, 0);
    assert.equal(opened.applyReason, "卖家未按约定时间发货");
    assert.equal(opened.applyReasonId, 20002);
    assert.equal(opened.description, "卖家迟迟未发货，先退一半");
    assert.deepEqual(opened.vouchers, []);
    assert.equal(opened.canRefundPayment, fen(a.itemAmount));
    assert.equal(opened.frozenFund, half);
    assert.equal(opened.buyerSendGoods, null);
    assert.equal(opened.onlyRefund, true);
    assert.equal(opened.createBy, dev.userId);
    assert.equal(upstreamMs(opened.gmtTimeOut!) - upstreamMs(opened.gmtCreate!), 48 * HOUR, "the seller has 48 h to answer");

    let shown = await detail(dev, orderId);
    assert.equal(shown.baseInfo.refundStatus, "waitselleragree");
    assert.deepEqual([lineOf(shown, a.subItemID).refundStatus, lineOf(shown, a.subItemID).refundId], ["waitselleragree", first]);
    assert.deepEqual([lineOf(shown, b.subItemID).refundStatus, lineOf(shown, b.subItemID).refundId], [null, null]);

    await advance(dev, "3h"); // the seller agrees 2 h after the request
    const partial = await reaches(first, "refundsuccess");
    assert.equal(partial.refundPayment, half);
    assert.equal(partial.refundCarriage, 0);
    assert.equal(partial.frozenFund, 0);
    assert.equal(await balance(server, dev), start - fen(order.baseInfo.totalAmount) + half, "credited exactly the refund");
    shown = await detail(dev, orderId);
    assert.equal(shown.baseInfo.status, "waitsellersend", "a partial refund keeps the order's status");
    assert.equal(lineOf(shown, a.subItemID).status, "waitsellersend", "and the line's");
    assert.equal(shown.baseInfo.refundPayment, half);
    assert.equal(shown.baseInfo.refund, half / 100);
    assert.equal(shown.baseInfo.refundStatus, "refundsuccess");
    assert.equal(lineOf(shown, a.subItemID).refundStatus, "refundsuccess");

    // The rest: both lines, with the shipping.
    const rest = fen(a.itemAmount) - half + fen(b.itemAmount);
    const { refundId: second } = await refunds().create({
      orderId,
      orderEntryIds: [a.subItemID, b.subItemID],
      disputeRequest: "refund",
      applyPayment: rest,
      applyCarriage: shipping,
      applyReasonId: 20002,
      description: "全部退款",
      goodsStatus: "refundWaitSellerSend",
    });
    const asked = await info(second);
    assert.equal(asked.canRefundPayment, rest, "what the lines have left");
    assert.equal(asked.frozenFund, rest + shipping);
    assert.equal((await detail(dev, orderId)).baseInfo.refundStatus, "waitselleragree", "the order shows its latest refund");
    await trigger(dev, "refund_agree", second);
    const done = await reaches(second, "refundsuccess");
    assert.equal(done.refundPayment, rest);
    assert.equal(done.refundCarriage, shipping);
    assert.equal(await balance(server, dev), start - fen(order.baseInfo.totalAmount) + half + rest + shipping);
    assert.equal(half + rest + shipping, fen(order.baseInfo.totalAmount), "every fen paid came back");

    shown = await detail(dev, orderId);
    assert.equal(shown.baseInfo.status, "terminated");
    assert.deepEqual(shown.productItems.map((l) => [l.status, l.refundStatus, l.refundId]), [
      ["terminated", "refundsuccess", second],
      ["terminated", "refundsuccess", second],
    ]);
    assert.equal(shown.baseInfo.refundPayment, half + rest);
    assert.equal(shown.baseInfo.refund, (half + rest) / 100);
    assert.deepEqual(story1688((await outbox1688(server, dev)).filter((e) => e.type !== REFUND_1688), orderId).filter((s) => s !== "price"), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→terminated"]);
    const statusBodies = (await outbox1688(server, dev)).filter((e) => e.type === "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY" && (e.body["baseInfo"] as { status: string }).status === "terminated");
    assert.equal((statusBodies[0]!.body["baseInfo"] as { refundPayment: number }).refundPayment, half + rest, "the terminated order's callback shows the refunds");

    assert.deepEqual(await refundStory(server, dev, first), ["null→waitselleragree", "waitselleragree→refundsuccess"]);
    assert.deepEqual(await refundStory(server, dev, second), ["null→waitselleragree", "waitselleragree→refundsuccess"]);
    await checkBodies(first);
    await checkBodies(second);
    const created = (await refundEvents(server, dev, second))[0]!;
    assert.equal(created["previousStatus"], null);
    assert.equal(created["refundPayment"], 0);
    const last = (await refundEvents(server, dev, second)).at(-1)!;
    assert.deepEqual({ ...last, previousStatus: undefined }, { ...(await info(second)), previousStatus: undefined }, "the last callback is the detail as it stands");
  });

  test("after-sale return: returnRefund on a received order → the seller's address → the buyer's parcel → receipt → refundsuccess; the order stays success", async () => {
    dev = await server.createDeveloper();
    const order = await receivedOrder(server, dev);
    assert.equal(order.baseInfo.status, "success");
    const orderId = order.baseInfo.id;
    const line = order.productItems[0]!;
    const before = await balance(server, dev);
    const reasons = await refunds().reasons({ orderId, orderEntryIds: [line.subItemID], goodsStatus: "aftersaleBuyerReceived" });
    assert.deepEqual(reasons.map((r) => r.id), [20001, 20021, 20004, 20005]);
    assert.deepEqual(reasons.filter((r) => r.needVoucher).map((r) => r.id), [20021, 20004, 20005]);

    const amount = fen(line.itemAmount);
    const { refundId } = await refunds().create({
      orderId,
      orderEntryIds: [line.subItemID],
      disputeRequest: "returnRefund",
      applyPayment: amount,
      applyCarriage: 0,
      applyReasonId: 20001,
      description: "不想要了，退货退款",
      goodsStatus: "aftersaleBuyerReceived",
    });
    const asked = await info(refundId);
    assert.equal(asked.disputeType, 2);
    assert.equal(asked.refundGoods, true);
    assert.equal(asked.buyerSendGoods, false);
    assert.equal(asked.goodsReceived, false);

    await advance(dev, "3h");
    const waiting = await reaches(refundId, "waitbuyersend");
    assert.ok(waiting.sellerReceiveAddress && waiting.sellerReceiveAddress.includes("售后"), `address: ${waiting.sellerReceiveAddress}`);
    assert.match(waiting.sellerMobile!, /^1\d{10}$/);
    assert.ok(waiting.sellerReceiveAddress!.includes(waiting.sellerMobile!));
    assert.equal(upstreamMs(waiting.gmtTimeOut!) - upstreamMs(waiting.gmtModified!), 7 * DAY, "the buyer has 7 days to send it");
    assert.equal((await detail(dev, orderId)).baseInfo.refundStatus, "waitbuyersend");

    const carriers = await refunds().logisticsCompanies();
    assert.deepEqual(carriers.map((c) => c.spelling), [...carriers.map((c) => c.spelling)].sort(), "ordered by spelling");
    const sf = carriers.find((c) => c.companyNo === "SF")!;
    assert.deepEqual(sf, { id: 1, companyName: "顺丰速运", companyNo: "SF", companyPhone: "95338", supportPrint: true, spelling: "shunfengsuyun" });

    const unknown = await dev.client.raw("POST", "/v2/alibaba/refund/goods/return", { body: { refundId, logisticsCompanyNo: "NOPE", freightBill: "SF1234567890" } });
    assert.equal(unknown.envelope.code, 40002);
    assert.match(unknown.envelope.msg, /logisticsCompanyNo/);
    assert.equal(await refunds().returnGoods({ refundId, logisticsCompanyNo: "SF", freightBill: "SF1234567890", description: "已寄回" }), true);
    const sent = await info(refundId);
    assert.equal(sent.status, "waitsellerreceive");
    assert.equal(sent.buyerSendGoods, true);
    assert.equal(sent.buyerLogisticsName, "顺丰速运");
    assert.equal(sent.freightBill, "SF1234567890");
    const again = await dev.client.raw("POST", "/v2/alibaba/refund/goods/return", { body: { refundId, logisticsCompanyNo: "SF", freightBill: "SF1234567890" } });
    assert.equal(again.envelope.code, 40901, "no return is awaited any more");

    await advance(dev, "49h"); // the seller receives the parcel 2 days later and refunds
    const done = await reaches(refundId, "refundsuccess");
    assert.equal(done.goodsReceived, true);
    assert.equal(done.refundPayment, amount);
    assert.equal(await balance(server, dev), before + amount);
    const shown = await detail(dev, orderId);
    assert.equal(shown.baseInfo.status, "success", "after-sale refunds do not change the order status");
    assert.equal(shown.productItems[0]!.status, "success");
    assert.equal(shown.productItems[0]!.refundStatus, "refundsuccess");
    assert.equal(shown.productItems[0]!.refundId, refundId);
    assert.equal(shown.baseInfo.refundPayment, amount);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→waitselleragree", "waitselleragree→waitbuyersend", "waitbuyersend→waitsellerreceive", "waitsellerreceive→refundsuccess"]);
    await checkBodies(refundId);
    const line2 = await dev.client.raw("POST", "/v2/alibaba/refund/detail/create", {
      body: { orderId, orderEntryIds: [line.subItemID], disputeRequest: "refund", applyPayment: 1, applyCarriage: 0, applyReasonId: 20001, description: "再退", goodsStatus: "aftersaleBuyerReceived" },
    });
    assert.equal(line2.envelope.code, 40901, "a fully refunded line takes no new refund");
  });

  test("a reason that needs a voucher: 40002 without one; with an uploaded voucher the refund keeps it", async () => {
    dev = await server.createDeveloper();
    const order = await receivedOrder(server, dev);
    const line = order.productItems[0]!;
    const body = { orderId: order.baseInfo.id, orderEntryIds: [line.subItemID], disputeRequest: "returnRefund", applyPayment: fen(line.itemAmount), applyCarriage: 0, applyReasonId: 20021, description: "颜色不符", goodsStatus: "aftersaleBuyerReceived" };
    const missing = await dev.client.raw("POST", "/v2/alibaba/refund/detail/create", { body });
    assert.equal(missing.envelope.code, 40002);
    assert.match(missing.envelope.msg, /vouchers/);
    // A 1×1 PNG.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const uploaded = await refunds().uploadVoucher({ imageBase64: png, fileName: "colour.png" });
    assert.equal(uploaded.voucherUrl, uploaded.imageDomain + uploaded.imageRelativeUrl);
    const { refundId } = await refunds().create({ ...(body as Parameters<ReturnType<typeof refunds>["create"]>[0]), vouchers: [uploaded.voucherUrl] });
    const shown = await info(refundId);
    assert.deepEqual(shown.vouchers, [uploaded.voucherUrl]);
    await checkBodies(refundId);
  });

  test("refusal (REFUND_REFUSED) → waitbuymodify with the reason → re-application for the same line closes it; the new one is agreed", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { fullName: "zhang REFUND_REFUSED" });
    const orderId = order.baseInfo.id;
    const line = order.productItems[0]!;
    const before = await balance(server, dev);
    const apply = { orderId, orderEntryIds: [line.subItemID], disputeRequest: "refund" as const, applyPayment: fen(line.itemAmount), applyCarriage: 0, applyReasonId: 20001, description: "拍错了", goodsStatus: "refundWaitSellerSend" as const };
    const { refundId: refused } = await refunds().create(apply);
    await advance(dev, "3h");
    const shown = await reaches(refused, "waitbuyermodify");
    assert.ok(shown.rejectReason && shown.rejectReason.length > 0);
    assert.equal(shown.rejectReasonId, 30001);
    assert.equal(upstreamMs(shown.gmtTimeOut!) - upstreamMs(shown.gmtModified!), 7 * DAY, "7 days to apply again");
    assert.equal((await detail(dev, orderId)).baseInfo.refundStatus, "waitbuyermodify");

    const { refundId: again } = await refunds().create({ ...apply, description: "重新申请" });
    assert.equal((await info(refused)).status, "refundclose", "the refused refund closed");
    assert.equal((await info(again)).status, "waitselleragree");
    let d = await detail(dev, orderId);
    assert.deepEqual([d.productItems[0]!.refundStatus, d.productItems[0]!.refundId, d.baseInfo.refundStatus], ["waitselleragree", again, "waitselleragree"]);

    await trigger(dev, "refund_agree", again);
    await reaches(again, "refundsuccess");
    assert.equal(await balance(server, dev), before + fen(line.itemAmount));
    d = await detail(dev, orderId);
    assert.equal(d.baseInfo.status, "terminated");
    assert.deepEqual(await refundStory(server, dev, refused), ["null→waitselleragree", "waitselleragree→waitbuyermodify", "waitbuyermodify→refundclose"]);
    assert.deepEqual(await refundStory(server, dev, again), ["null→waitselleragree", "waitselleragree→refundsuccess"]);
    // The upstream's own report of the close arrived too: it was a repeat, nothing more happened.
    await advance(dev, "1m");
    assert.deepEqual(await refundStory(server, dev, refused), ["null→waitselleragree", "waitselleragree→waitbuyermodify", "waitbuyermodify→refundclose"]);
    await checkBodies(refused);
    await checkBodies(again);
  });

  test("timeouts: a silent seller agrees after 48 h (shipped meanwhile: line and order terminated)", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { fullName: "SELLER_SILENT zhang" });
    const line = order.productItems[0]!;
    const before = await balance(server, dev);
    const { refundId } = await refunds().create({ orderId: order.baseInfo.id, orderEntryIds: [line.subItemID], disputeRequest: "refund", applyPayment: fen(line.itemAmount), applyCarriage: 0, applyReasonId: 20001, description: "不要了", goodsStatus: "refundWaitSellerSend" });
    await advance(dev, "47h");
    assert.equal((await info(refundId)).status, "waitselleragree", "no answer yet");
    assert.equal((await detail(dev, order.baseInfo.id)).baseInfo.status, "waitbuyerreceive", "the seller shipped meanwhile");
    await advance(dev, "2h");
    await reaches(refundId, "refundsuccess");
    assert.equal(await balance(server, dev), before + fen(line.itemAmount));
    const d = await detail(dev, order.baseInfo.id);
    assert.equal(d.productItems[0]!.status, "terminated");
    assert.equal(d.baseInfo.status, "terminated");
    await checkBodies(refundId);
  });

  test("timeouts: a return not sent within 7 days closes; a return the silent seller does not confirm is refunded after 10 days", async () => {
    dev = await server.createDeveloper();
    const order = await receivedOrder(server, dev, { lines: 2, fullName: "SELLER_SILENT zhang" });
    const [a, b] = order.productItems as [Detail["productItems"][0], Detail["productItems"][0]];
    const before = await balance(server, dev);
    const ask = (line: Detail["productItems"][0]) =>
      refunds().create({ orderId: order.baseInfo.id, orderEntryIds: [line.subItemID], disputeRequest: "returnRefund", applyPayment: fen(line.itemAmount), applyCarriage: 0, applyReasonId: 20001, description: "退货退款", goodsStatus: "aftersaleBuyerReceived" });
    const { refundId: unsent } = await ask(a);
    const { refundId: sent } = await ask(b);
    await advance(dev, "49h"); // the seller's time to answer runs out: the returns are awaited
    await reaches(unsent, "waitbuyersend");
    await reaches(sent, "waitbuyersend");
    await refunds().returnGoods({ refundId: sent, logisticsCompanyNo: "ZTO", freightBill: "ZT7788990011" });
    await advance(dev, "7d");
    const closed = await reaches(unsent, "refundclose");
    assert.equal(closed.refundPayment, 0);
    assert.equal((await info(sent)).status, "waitsellerreceive", "9 of the seller's 10 days have not passed");
    await advance(dev, "3d");
    const refunded = await reaches(sent, "refundsuccess");
    assert.equal(refunded.goodsReceived, true, "the return counts as received");
    assert.equal(await balance(server, dev), before + fen(b.itemAmount));
    const d = await detail(dev, order.baseInfo.id);
    assert.equal(d.baseInfo.status, "success");
    assert.deepEqual(d.productItems.map((l) => l.refundStatus), ["refundclose", "refundsuccess"]);
    assert.equal(d.baseInfo.refundStatus, "refundsuccess", "the latest refund");
    assert.deepEqual(await refundStory(server, dev, unsent), ["null→waitselleragree", "waitselleragree→waitbuyersend", "waitbuyersend→refundclose"]);
    assert.deepEqual(await refundStory(server, dev, sent), ["null→waitselleragree", "waitselleragree→waitbuyersend", "waitbuyersend→waitsellerreceive", "waitsellerreceive→refundsuccess"]);
    await checkBodies(unsent);
    await checkBodies(sent);
    // A closed refund frees its line.
    const { refundId: later } = await ask(a);
    assert.equal((await info(later)).status, "waitselleragree");
  });

  test("timeouts: a refused refund not applied for again within 7 days closes", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const line = order.productItems[0]!;
    const { refundId } = await refunds().create({ orderId: order.baseInfo.id, orderEntryIds: [line.subItemID], disputeRequest: "refund", applyPayment: 100, applyCarriage: 0, applyReasonId: 20001, description: "拍错了", goodsStatus: "refundWaitSellerSend" });
    await trigger(dev, "refund_refuse", refundId);
    await reaches(refundId, "waitbuyermodify");
    const refusedAt = await now();
    await advance(dev, "6d");
    assert.equal((await info(refundId)).status, "waitbuyermodify");
    await advance(dev, "25h");
    const closed = await reaches(refundId, "refundclose");
    assert.ok(upstreamMs(closed.gmtCompleted!) >= refusedAt + 7 * DAY);
    const d = await detail(dev, order.baseInfo.id);
    assert.equal(d.baseInfo.refundStatus, "refundclose");
    assert.equal(d.productItems[0]!.refundStatus, "refundclose");
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→waitselleragree", "waitselleragree→waitbuyermodify", "waitbuyermodify→refundclose"]);
    await checkBodies(refundId);
  });

  test("PARTIAL_SHIP: the one unshipped line refunded in full ends; the order goes on with the buyer (waitbuyerreceive) and is received in time", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { lines: 2, fullName: "zhang PARTIAL_SHIP" });
    const orderId = order.baseInfo.id;
    await advance(dev, "7h"); // the first line ships, the second waits
    let d = await detail(dev, orderId);
    assert.deepEqual([d.baseInfo.status, ...d.productItems.map((l) => l.status)], ["waitsellersend", "waitbuyerreceive", "waitsellersend"]);
    const last = d.productItems[1]!;
    const { refundId } = await refunds().create({ orderId, orderEntryIds: [last.subItemID], disputeRequest: "refund", applyPayment: fen(last.itemAmount), applyCarriage: 0, applyReasonId: 20002, description: "第二件一直不发货", goodsStatus: "refundWaitSellerSend" });
    await advance(dev, "3h");
    await reaches(refundId, "refundsuccess");
    d = await detail(dev, orderId);
    assert.deepEqual([d.baseInfo.status, ...d.productItems.map((l) => l.status)], ["waitbuyerreceive", "waitbuyerreceive", "terminated"]);
    assert.deepEqual(story1688((await outbox1688(server, dev)).filter((e) => e.type !== REFUND_1688), orderId).filter((s) => s !== "price"), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive"]);
    await advance(dev, "11d");
    d = await detail(dev, orderId);
    assert.deepEqual([d.baseInfo.status, ...d.productItems.map((l) => l.status)], ["success", "success", "terminated"]);
    await checkBodies(refundId);
  });
});
