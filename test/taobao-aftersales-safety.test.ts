// Taobao after-sales under pressure and on the clock (taobao.md §4; statuses.md §4.1): every timeout
// on the developer's test clock, racing submits, twenty copies of one upstream report, the owner's
// walls, actions in states that forbid them, malformed input, the record-first reconciliation, the
// messages (with a stored picture), and the OpenAPI document. Ledger and read model after each.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { UpstreamError, UpstreamRejection, type RefundCase } from "../src/marketplace/port.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { ADDRESS, linesOfOneShop } from "./helpers/taobao.ts";
import { advance, balance, checkRefundBody, DAY, HOUR, orderOf, paidOrder, refundEvents, refundStory, soundAfter } from "./helpers/taobao-aftersales.ts";

const START = Date.parse("2026-11-28T02:00:00Z");
const code = (n: number, field?: RegExp) => (e: { code?: number; message?: string }) => e.code === n && (!field || field.test(e.message ?? ""));

describe("Taobao after-sales: timeouts, races, walls", () => {
  let server: TestServer;
  const clock = new ManualClock(START);
  let dev: TestDeveloper | undefined;
  before(async () => {
    server = await startServer({ clock, config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await soundAfter(server, dev);
    dev = undefined;
  });

  const status = async (d: TestDeveloper, refundId: string) => (await d.client.taobao.refunds.detail(refundId)).refundOrderAggregate.refundOrder;

  test("seller agree timeout (SELLER_SILENT, 48 h): a refund-only request counts as agreed and is credited", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { words: "SELLER_SILENT" });
    const line = order.subOrderVOS[0]!;
    const fee = line.purchaseAmount! + line.domesticPostFee;
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: fee });
    const waiting = await status(dev, refundId);
    assert.equal(waiting.timeoutType, "SELLER_AGREE");
    await advance(dev, 48 * HOUR - 1000);
    const last = await status(dev, refundId);
    assert.deepEqual([last.refundStatus, last.remainingTime], [1, "1"]);
    const before = await balance(server, dev);
    await advance(dev, 1000);
    assert.equal((await status(dev, refundId)).refundStatus, 5);
    assert.equal(await balance(server, dev), before + fee);
    assert.equal((await orderOf(dev, order.id)).status, 4);
  });

  test("buyer return timeout (7 d): a return never sent closes the reverse order", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { shipped: true, words: "RETURN_REQUIRED" });
    const line = order.subOrderVOS[0]!;
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2, reasonId: 400003, refundFee: 200 });
    await advance(dev, 2 * HOUR);
    assert.equal((await status(dev, refundId)).timeoutType, "BUYER_RETURN");
    await advance(dev, 7 * DAY);
    const closed = await status(dev, refundId);
    assert.deepEqual([closed.refundStatus, closed.timeoutType, closed.timeoutDate], [4, "", ""]);
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, -20);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→2", "2→4"]);
    const notes = (await dev.client.taobao.refunds.messages({ refundId })).data;
    assert.match(notes.at(-1)!.messageContent, /did not act in time/);
  });

  test("seller receipt timeout (SELLER_SILENT, 10 d): a return never confirmed is refunded", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { shipped: true, words: "SELLER_SILENT" });
    const line = order.subOrderVOS[0]!;
    const api = dev.client.taobao.refunds;
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2, reasonId: 402641, refundFee: line.purchaseAmount! });
    await advance(dev, 48 * HOUR);
    assert.equal((await status(dev, refundId)).refundStatus, 2, "the seller's silence agrees to the return");
    await api.submitReturn({ refundId, logisticsCompanyCode: "ZTO", logisticsNo: "ZTO778899001" });
    await advance(dev, 10 * DAY - 1000);
    assert.equal((await status(dev, refundId)).refundStatus, 3);
    const before = await balance(server, dev);
    await advance(dev, 1000);
    assert.equal((await status(dev, refundId)).refundStatus, 5);
    assert.equal(await balance(server, dev), before + line.purchaseAmount!);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→2", "2→3", "3→5"]);
  });

  test("buyer modification timeout (7 d): a refusal left alone closes", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { words: "REFUND_REFUSED" });
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: order.subOrderVOS[0]!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    await advance(dev, 2 * HOUR);
    assert.equal((await status(dev, refundId)).timeoutType, "BUYER_MODIFY");
    await advance(dev, 7 * DAY);
    assert.equal((await status(dev, refundId)).refundStatus, 4);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→6", "6→4"]);
  });

  test("inspection failed: refused after the return is received, then modified and refunded from the goods held", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { shipped: true, words: "INSPECTION_FAILED" });
    const line = order.subOrderVOS[0]!;
    const api = dev.client.taobao.refunds;
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 2, reasonId: 403883, refundFee: 300 });
    await advance(dev, 2 * HOUR);
    await api.submitReturn({ refundId, logisticsCompanyCode: "SF", logisticsNo: "SF99887766" });
    await advance(dev, 2 * DAY);
    const refused = await status(dev, refundId);
    assert.equal(refused.refundStatus, 6);
    assert.notEqual(refused.sellerRefuseReason, "");
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→2", "2→3", "3→6"]);
    const roles = (await api.messages({ refundId })).data.map((m) => m.senderRole);
    assert.deepEqual(roles, ["platform", "seller"]);
    // Modified (6 → 1), the seller holding the goods refunds them on its next answer.
    await api.modify({ refundId, refundDesc: "the item was as described" });
    const before = await balance(server, dev);
    await advance(dev, 2 * HOUR);
    assert.equal((await status(dev, refundId)).refundStatus, 5);
    assert.equal(await balance(server, dev), before + 300);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→2", "2→3", "3→6", "6→1", "1→5"]);
    const sub = (await orderOf(dev, order.id)).subOrderVOS[0]!;
    assert.deepEqual([sub.status, sub.refundStatus, sub.refundType], ["WAIT_BUYER_CONFIRM_GOODS", 100, 3], "partial: the line stays open");
  });

  test("two concurrent submits for one line: one reverse order, the other 40901", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const input = { subOrderId: order.subOrderVOS[0]!.subOrderId, refundType: 1 as const, goodsStatus: 4 as const, reasonId: 402652, refundFee: 10 };
    const results = await Promise.allSettled([dev.client.taobao.refunds.submit(input), dev.client.taobao.refunds.submit(input)]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal((lost[0]!.reason as { code?: number }).code, 40901);
    const page = await dev.client.taobao.refunds.list({ pageSize: 10 });
    assert.equal(page.total, 1);
    assert.equal((await orderOf(dev, order.id)).subOrderVOS[0]!.refundStatus, 10);
  });

  test("twenty copies of one success report credit once", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const line = order.subOrderVOS[0]!;
    const fee = line.purchaseAmount! + line.domesticPostFee;
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: fee });
    const owner = { developerId: dev.developId, userId: dev.userId };
    const requested = (await server.platform.services.connectors.of("taobao", true).readRefund(owner, refundId))!;
    const success: RefundCase = { ...requested, status: "refunded", revision: requested.revision + 1, refundedFen: fee, deadlineAt: null };
    const before = await balance(server, dev);
    const { inbox, jobs } = server.platform.services;
    const event = { kind: "refund_changed" as const, platform: "taobao" as const, developerId: dev.developId, at: START, upstreamOrderId: line.taobaoPurchaseId, clientRef: null, refund: success };
    await server.platform.database.db.transaction().execute((trx) =>
      inbox.append(trx, Array.from({ length: 20 }, (_, i) => ({ connector: "test", eventKey: `copy-${refundId}-${i}`, event: { ...event, at: clock.now() } }))),
    );
    const now = (await server.platform.services.clocks.now(dev.developId)) as number;
    await Promise.all(Array.from({ length: 4 }, () => jobs.runDue(dev!.developId, now)));
    assert.equal(await balance(server, dev), before + fee, "credited once");
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→5"]);
    const ledger = await server.platform.services.wallet.statement(dev.developId);
    assert.equal(ledger.entries.filter((e) => e.reference === `taobao-refund:${refundId}`).length, 1);
    // The seller's own decision later reports the same revision: a repeat.
    await advance(dev, 2 * HOUR);
    assert.equal(await balance(server, dev), before + fee);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→5"]);
  });

  test("another user's and another developer's reverse order: 40401 everywhere", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const line = order.subOrderVOS[0]!;
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    const sibling = dev.client.withUser(await server.addUser(dev.developId, `sib-${Date.now()}`)).taobao.refunds;
    const stranger = (await server.createDeveloper()).client.taobao.refunds;
    for (const api of [sibling, stranger]) {
      await assert.rejects(api.detail(refundId), code(40401));
      await assert.rejects(api.cancel(refundId), code(40401));
      await assert.rejects(api.modify({ refundId, refundFee: 5 }), code(40401));
      await assert.rejects(api.messages({ refundId }), code(40401));
      await assert.rejects(api.sendMessage({ refundId, refundMessage: "hi" }), code(40401));
      await assert.rejects(api.returnRender(refundId), code(40401));
      await assert.rejects(api.submitReturn({ refundId, logisticsCompanyCode: "SF", logisticsNo: "SF123456" }), code(40401));
      await assert.rejects(api.render({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4 }), code(40401));
      await assert.rejects(api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(40401));
      assert.deepEqual(await api.list({ pageSize: 10, refundId }), { total: 0, data: [] });
    }
    await assert.rejects(dev.client.taobao.refunds.detail("110000235001"), code(40401));
    assert.equal((await status(dev, refundId)).refundStatus, 1, "nothing moved");
  });

  test("actions in states that forbid them: 40901 and the reverse order unchanged", async () => {
    dev = await server.createDeveloper();
    const api = dev.client.taobao.refunds;
    // Before payment no after-sales.
    const unpaid = await dev.client.request<{ id: string }>("POST", "/v2/taobao/order", { body: { orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS } });
    await advance(dev, 5 * 60_000);
    const unpaidLine = (await orderOf(dev, unpaid.id)).subOrderVOS[0]!;
    assert.equal((await api.render({ subOrderId: unpaidLine.subOrderId, refundType: 1, goodsStatus: 4 })).saleFlag, false);
    await assert.rejects(api.submit({ subOrderId: unpaidLine.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(40901));
    const order = await paidOrder(server, dev, { shipped: true });
    const line = order.subOrderVOS[0]!;
    // Shipped lines may not declare "not shipped".
    assert.equal((await api.render({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4 })).saleFlag, false);
    await assert.rejects(api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(40901));
    await assert.rejects(api.submit({ subOrderId: line.subOrderId, refundType: 3, goodsStatus: 1, reasonId: 400002, refundFee: 10 }), code(40901));
    const { refundId } = await api.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 1, reasonId: 400002, refundFee: 10 });
    const before = await api.detail(refundId);
    await assert.rejects(api.returnRender(refundId), code(40901));
    await assert.rejects(api.submitReturn({ refundId, logisticsCompanyCode: "SF", logisticsNo: "SF123456" }), code(40901));
    // Modify into a combination the shipped line does not allow.
    await assert.rejects(api.modify({ refundId, goodsStatus: 4 }), code(40901));
    assert.deepEqual(await api.detail(refundId), before, "unchanged");
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1"]);
  });

  test("bad input: 40002 naming the field", async () => {
    dev = await server.createDeveloper();
    const api = dev.client.taobao.refunds;
    const order = await paidOrder(server, dev);
    const line = order.subOrderVOS[0]!;
    const max = line.purchaseAmount! + line.domesticPostFee;
    const body = { subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 };
    const raw = (path: string, b: unknown) => dev!.client.request("POST", path, { body: b });
    await assert.rejects(raw("/v2/taobao/order/refund/render", { subOrderId: "string", refundType: 0, goodsStatus: 0 }), code(40002, /subOrderId|refundType/));
    await assert.rejects(raw("/v2/taobao/order/refund/render", { ...body, refundType: 2 }), code(40002, /refundType/));
    await assert.rejects(raw("/v2/taobao/order/refund/render", { ...body, goodsStatus: 3 }), code(40002, /goodsStatus/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, goodsStatus: 6 }), code(40002, /goodsStatus/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, reasonId: 999 }), code(40002, /reasonId/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, reasonId: 402641 }), code(40002, /reasonId/), "a reason of another goods status");
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, refundFee: max + 1 }), code(40002, /refundFee/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, refundFee: 0 }), code(40002, /refundFee/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, refundDesc: "x".repeat(501) }), code(40002, /refundDesc/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit", { ...body, refundImages: "a,b,c,d,e,f" }), code(40002, /refundImages/));
    const { refundId } = await api.submit({ ...body, refundType: 1, goodsStatus: 4 });
    await assert.rejects(raw("/v2/taobao/order/refund/modify", { refundId, refundFee: max + 1 }), code(40002, /refundFee/));
    await assert.rejects(raw("/v2/taobao/order/refund/modify", { refundId, reasonId: 400002 }), code(40002, /reasonId/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit/message", { refundId, refundMessage: "" }), code(40002, /refundMessage/));
    await assert.rejects(raw("/v2/taobao/order/refund/submit/message", { refundId, refundMessage: "x".repeat(501) }), code(40002, /refundMessage/));
    await assert.rejects(raw("/v2/taobao/order/refund/logistics/submit", { refundId, logisticsCompanyCode: "SF", logisticsNo: "SF123456", returnGoodsDesc: "x".repeat(201) }), code(40002, /returnGoodsDesc/));
    await assert.rejects(raw("/v2/taobao/order/refund/queryList", {}), code(40002, /pageSize/));
    await assert.rejects(raw("/v2/taobao/order/refund/queryList", { pageSize: 101 }), code(40002, /pageSize/));
    await assert.rejects(dev.client.request("GET", "/v2/taobao/order/refund/query", { query: { refundId: "abc" } }), code(40002, /refundId/));
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1"], "no failed call changed it");
  });

  test("record first: a lost answer is reconciled (opened), a request that never arrived is forgotten, a refusal is 40901", async () => {
    dev = await server.createDeveloper();
    const api = dev.client.taobao.refunds;
    const order = await paidOrder(server, dev, { lines: 3 });
    const [a, b, c] = order.subOrderVOS;
    const connector = server.platform.services.connectors.of("taobao", true);
    const original = connector.requestRefund;
    const reconcileAfter = server.config.purchaseReconcileAfterMs;
    const runReconciliation = async () => {
      clock.advance(reconcileAfter + 1000);
      await advance(dev!, 0);
    };
    try {
      // The upstream opens the case but its answer is lost.
      connector.requestRefund = async (owner, request) => {
        await original.call(connector, owner, request);
        throw new UpstreamError("timeout");
      };
      await assert.rejects(api.submit({ subOrderId: a!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(50201));
      // The request never reaches the upstream.
      connector.requestRefund = async () => {
        throw new UpstreamError("connection refused");
      };
      await assert.rejects(api.submit({ subOrderId: b!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(50201));
      // The upstream refuses it.
      connector.requestRefund = async () => {
        throw new UpstreamRejection("NOT_REFUNDABLE", "the seller does not refund this item");
      };
      await assert.rejects(api.submit({ subOrderId: c!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(40901, /does not refund this item/));
    } finally {
      connector.requestRefund = original;
    }
    // A recorded one is not shown until opened — by the reconciliation, or earlier by the upstream's
    // own report of the case it holds (the inbox may already have applied it for line a).
    const shown = (await api.list({ pageSize: 10 })).data.map((d) => d.refundOrderAggregate.purchaseOrderLine.purchaseOrderLineId);
    assert.ok(shown.every((line) => line === Number(a!.taobaoSubPurchaseId)), JSON.stringify(shown));
    // A second submit on a recorded one's line waits for it.
    await assert.rejects(api.submit({ subOrderId: b!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 }), code(40901));
    // The refused one left its line free at once.
    const free = await api.submit({ subOrderId: c!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });

    await runReconciliation();
    const page = await api.list({ pageSize: 10 });
    assert.equal(page.total, 2);
    const lines = page.data.map((d) => d.refundOrderAggregate.purchaseOrderLine.purchaseOrderLineId);
    assert.deepEqual(lines.sort(), [Number(a!.taobaoSubPurchaseId), Number(c!.taobaoSubPurchaseId)].sort());
    const reconciled = page.data.find((d) => d.refundOrderAggregate.purchaseOrderLine.purchaseOrderLineId === Number(a!.taobaoSubPurchaseId))!;
    assert.equal(reconciled.refundOrderAggregate.refundOrder.refundStatus, 1);
    const events = await refundEvents(server, dev, reconciled.refundOrderAggregate.refundOrder.refundId);
    assert.deepEqual(events.map((e) => e.previousRefundStatus), [null]);
    checkRefundBody(events[0]!, order, a!.subOrderId);
    const lineOf = async (id: string) => (await orderOf(dev!, order.id)).subOrderVOS.find((s) => s.subOrderId === id)!;
    assert.equal((await lineOf(a!.subOrderId)).refundStatus, 10);
    assert.equal((await lineOf(b!.subOrderId)).refundStatus, 0, "the forgotten one never showed");
    // The forgotten one's line is free again.
    await api.submit({ subOrderId: b!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    assert.notEqual(free.refundId, "");
  });

  test("messages: the buyer's (with a stored picture) and the seller's and platform's notes, oldest first", async () => {
    dev = await server.createDeveloper();
    const api = dev.client.taobao.refunds;
    const order = await paidOrder(server, dev, { words: "REFUND_REFUSED" });
    const { refundId } = await api.submit({ subOrderId: order.subOrderVOS[0]!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    const first = await api.sendMessage({ refundId, refundMessage: "When will it ship?" });
    assert.deepEqual(Object.keys(first), ["messageId", "refundId", "senderRole", "messageContent", "picUrls", "messageTime"]);
    assert.deepEqual([first.refundId, first.senderRole, first.messageContent, first.picUrls], [refundId, "buyer", "When will it ship?", []]);
    await advance(dev, 2 * HOUR);
    const list = await api.messages({ refundId });
    assert.equal(list.total, 2);
    assert.deepEqual(list.data.map((m) => m.senderRole), ["buyer", "seller"]);
    assert.deepEqual(list.data[0], first);
    assert.ok(list.data[1]!.messageTime > first.messageTime);
    assert.deepEqual((await api.messages({ refundId, pageNo: 2, pageSize: 1 })).data.map((m) => m.senderRole), ["seller"]);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→1", "1→6"], "messages fire no callback");

    // A picture: stored through the 1688 voucher upload, then referred to by its address.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const upload = await dev.client.raw<{ imageDomain: string; imageRelativeUrl: string; voucherUrl: string }>("POST", "/v2/alibaba/refund/voucher/upload", { body: { imageBase64: png } });
    assert.equal(upload.envelope.code, 200, upload.envelope.msg);
    const url = upload.envelope.data!.voucherUrl;
    const withPicture = await api.sendMessage({ refundId, refundMessage: "see the photo", refundImages: url });
    assert.deepEqual(withPicture.picUrls, [url]);
    assert.deepEqual((await api.messages({ refundId })).data.at(-1)!.picUrls, [url]);
  });

  test("a sandbox reset drops the user's reverse orders with its orders", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev);
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: order.subOrderVOS[0]!.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: 10 });
    await dev.client.request("POST", "/sandbox/reset");
    await assert.rejects(dev.client.taobao.refunds.detail(refundId), code(40401));
    assert.deepEqual(await dev.client.taobao.refunds.list({ pageSize: 10 }), { total: 0, data: [] });
    await advance(dev, 2 * HOUR);
  });

  test("the OpenAPI document lists the ten endpoints with their error codes", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { summary?: string; description?: string; responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> }>> };
    const expected: Array<[string, string, number[]]> = [
      ["post", "/v2/taobao/order/refund/queryList", [40002]],
      ["post", "/v2/taobao/order/refund/render", [40002, 40401]],
      ["get", "/v2/taobao/order/refund/logistics/render", [40401, 40901]],
      ["post", "/v2/taobao/order/refund/logistics/submit", [40002, 40401, 40901, 50201]],
      ["get", "/v2/taobao/order/refund/cancel/{refundId}", [40401, 40901, 50201]],
      ["post", "/v2/taobao/order/refund/submit/message", [40002, 40401, 40901, 50201]],
      ["post", "/v2/taobao/order/refund/submit", [40002, 40401, 40901, 50201]],
      ["post", "/v2/taobao/order/refund/message/queryList", [40401]],
      ["post", "/v2/taobao/order/refund/modify", [40002, 40401, 40901, 50201]],
      ["get", "/v2/taobao/order/refund/query", [40401]],
    ];
    for (const [method, path, codes] of expected) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
      assert.ok(op.summary && op.description, `${path}: summary and description`);
      const listed = (op.responses?.["200"]?.content?.["application/json"]?.schema?.["x-codes"] as number[] | undefined) ?? [];
      for (const c of codes) assert.ok(listed.includes(c), `${path} lists ${c}`);
    }
  });
});
