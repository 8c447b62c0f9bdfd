// The sandbox sellers' after-sales side, through the marketplace port and the developer's test clock:
// each scenario word and each timeout, Taobao and 1688 (multi-line cases, partial refunds, the
// re-application that closes a refused case), the buyer's modify / revoke / return / message, a race
// of two requests for one line, and the refund triggers (by refund id alone, scoped to the user).
// Every change of a case is one refund_changed row in the marketplace inbox, keyed by the case's
// revision; each test ends by checking that the revisions of every case run 1, 2, 3 … with exactly
// one event each.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { UpstreamRejection, type Platform, type Product, type PurchaseOrder, type PurchaseOwner, type PurchaseReceiver, type RefundCase, type RefundRequest } from "../src/marketplace/port.ts";
import { DEFAULT_TIMINGS } from "../src/marketplace/sandbox/seller/scenarios.ts";
import { SELLER_EVENT_KINDS, type SandboxSeller } from "../src/marketplace/sandbox/seller/seller.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.parse("2026-12-03T00:00:00Z");

const receiver = (name: string): PurchaseReceiver => ({
  name,
  phone: "13800000000",
  country: "中国",
  state: "广东省",
  city: "广州市",
  district: "白云区",
  address: "openpon 测试仓 1 号",
  zip: "510000",
});

let server: TestServer;
let seller: SandboxSeller;
before(async () => {
  server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0 } });
  seller = server.platform.services.seller;
});
after(async () => {
  await server?.close();
});

/** Products fit for buying `lines` SKUs of, several times over; 1688 ones with a carriage when asked. */
function buyable(platform: Platform, lines: number, withCarriage = false): Product {
  const goods = server.platform.services.goods;
  for (let i = 0; i < 5000; i++) {
    const product = goods.productAt(platform, i, "zh");
    const need = Math.max(product.minQuantity, 1) * 3;
    if (!product.active || product.skus.length < lines || !product.skus.slice(0, lines).every((s) => s.active && s.stock >= need)) continue;
    if (withCarriage && !(product.skus[0]!.postFeeFen > 0)) continue;
    return product;
  }
  throw new Error(`no buyable ${platform} product with ${lines} SKUs`);
}

interface Changed {
  eventKey: string;
  at: number;
  refund: RefundCase;
}

const goodsOf = (line: PurchaseOrder["lines"][number]) => line.unitPriceFen! * line.quantity;

describe("sandbox sellers: after-sales", () => {
  let dev: TestDeveloper;
  let owner: PurchaseOwner;
  beforeEach(async () => {
    dev = await server.createDeveloper();
    owner = { developerId: dev.developId, userId: dev.userId };
  });
  // Whatever a test did: every case's events are its revisions 1, 2, 3 …, one each, keyed by them.
  afterEach(async () => {
    const byCase = new Map<string, Changed[]>();
    for (const change of await changes()) byCase.set(change.refund.refundId, [...(byCase.get(change.refund.refundId) ?? []), change]);
    for (const [refundId, events] of byCase) {
      assert.deepEqual(
        events.map((e) => e.refund.revision),
        events.map((_, k) => k + 1),
        `refund ${refundId}: one event per revision, in order`,
      );
      for (const e of events) assert.match(e.eventKey, new RegExp(`^refund:(taobao|alibaba):${refundId}:r${e.refund.revision}$`));
      const last = events.at(-1)!.refund;
      const stored = (await seller.readRefund(events[0]!.eventKey.split(":")[1] as Platform, owner, refundId)) ?? last;
      assert.equal(stored.revision, last.revision, `refund ${refundId}: the last event carries the case as it is`);
    }
  });

  const db = () => server.platform.database.db;
  const clocks = () => server.platform.services.clocks;
  const advance = (ms: number) => clocks().advance(dev.developId, ms);
  const now = () => clocks().now(dev.developId);
  const read = async (platform: Platform, orderId: string) => (await seller.readOrder(platform, owner, orderId))!;
  const refundOf = async (platform: Platform, refundId: string) => (await seller.readRefund(platform, owner, refundId))!;

  /** The developer's refund_changed events, in the order appended. */
  async function changes(): Promise<Changed[]> {
    const rows = await db()
      .selectFrom("marketplace_inbox")
      .select(["id", "event_key", "event"])
      .where("developer_id", "=", dev.developId)
      .where("kind", "=", "refund_changed")
      .execute();
    return rows
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((row) => {
        const event = JSON.parse(row.event) as { at: number; refund: RefundCase };
        return { eventKey: row.event_key, at: event.at, refund: event.refund };
      });
  }
  /** The statuses a case went through, from its events. */
  const story = async (refundId: string) => (await changes()).filter((c) => c.refund.refundId === refundId).map((c) => c.refund.status);
  const pendingSteps = (platform: Platform, refundId: string) =>
    db().transaction().execute((trx) => server.platform.services.jobs.pending(trx, dev.developId, `${platform}:refund:${refundId}`));
  const rejects = (call: Promise<unknown>, code: string) => assert.rejects(call, (err: unknown) => err instanceof UpstreamRejection && err.code === code, code);
  const trigger = (name: string, target: { platform?: Platform; orderId?: string; refundId?: string }) => seller.trigger(dev.developId, name as never, target);

  /** A paid Taobao purchase of one line (built first), optionally shipped. */
  async function taobaoPaid(name: string, options: { ship?: boolean } = {}): Promise<PurchaseOrder> {
    const product = buyable("taobao", 1);
    const [order] = await seller.createOrder("taobao", owner, [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: 2 }], receiver(name));
    await advance(5 * MINUTE);
    const built = await read("taobao", order!.upstreamOrderId);
    const line = built.lines[0]!;
    assert.equal((await seller.payOrder("taobao", owner, built.upstreamOrderId, goodsOf(line) + line.postFeeFen!)).paid, true);
    if (options.ship) await trigger("ship", { platform: "taobao", orderId: built.upstreamOrderId });
    return read("taobao", built.upstreamOrderId);
  }
  const taobaoRequest = (order: PurchaseOrder, refundId: string, amountFen: number, more: Partial<RefundRequest> = {}): RefundRequest => ({
    refundId,
    upstreamOrderId: order.upstreamOrderId,
    upstreamLineIds: [order.lines[0]!.upstreamLineId],
    type: "refund",
    amountFen,
    carriageFen: 0,
    reason: "拍错/多拍/不喜欢",
    description: "",
    ...more,
  });
  const lineTotal = (order: PurchaseOrder) => goodsOf(order.lines[0]!) + order.lines[0]!.postFeeFen!;

  /** A paid 1688 purchase of `lines` lines, optionally shipped (and received). */
  async function alibabaPaid(name: string, lines = 2, options: { ship?: boolean; confirm?: boolean } = {}): Promise<PurchaseOrder> {
    const product = buyable("alibaba", lines, true);
    const quantity = Math.max(product.minQuantity, 1);
    const [order] = await seller.createOrder(
      "alibaba",
      owner,
      product.skus.slice(0, lines).map((sku, k) => ({ lineNo: String(k + 1), productId: product.id, skuId: sku.mpSkuId, quantity })),
      receiver(name),
    );
    const amount = order!.lines.reduce((sum, l) => sum + goodsOf(l), 0) + carriageOf(order!);
    assert.equal((await seller.payOrder("alibaba", owner, order!.upstreamOrderId, amount)).paid, true);
    if (options.ship || options.confirm) await trigger("ship", { platform: "alibaba", orderId: order!.upstreamOrderId });
    if (options.confirm) assert.equal(await seller.confirmReceipt("alibaba", owner, order!.upstreamOrderId, []), true);
    return read("alibaba", order!.upstreamOrderId);
  }
  /** A 1688 order's carriage: charged once, the highest of its lines'. */
  const carriageOf = (order: PurchaseOrder) => order.lines.reduce((max, l) => Math.max(max, l.postFeeFen!), 0);
  const alibabaRequest = (order: PurchaseOrder, refundId: string, lineIds: string[], amountFen: number, carriageFen = 0, more: Partial<RefundRequest> = {}): RefundRequest => ({
    refundId,
    upstreamOrderId: order.upstreamOrderId,
    upstreamLineIds: lineIds,
    type: "refund",
    amountFen,
    carriageFen,
    reason: "不想要了/拍错",
    description: "买多了",
    ...more,
  });

  test("Taobao, no word: a refund of goods not shipped is agreed and paid 2 h later; the case's revisions, times and deadline", async () => {
    const order = await taobaoPaid("Somchai");
    const requestedAt = await now();
    const opened = await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-happy", lineTotal(order)));
    assert.deepEqual(
      { status: opened.status, revision: opened.revision, updatedAt: opened.updatedAt, deadlineAt: opened.deadlineAt, refundedFen: opened.refundedFen, closedBy: opened.closedBy },
      { status: "requested", revision: 1, updatedAt: requestedAt, deadlineAt: requestedAt + DEFAULT_TIMINGS.sellerAgreeTimeout, refundedFen: 0, closedBy: null },
    );
    assert.deepEqual(opened.upstreamLineIds, [order.lines[0]!.upstreamLineId]);
    const [event] = await changes();
    assert.deepEqual(event!.refund, opened, "the request itself is an event carrying the case");
    assert.equal(event!.at, requestedAt);

    await advance(2 * HOUR - 1);
    assert.equal((await refundOf("taobao", "R-happy")).status, "requested");
    await advance(1);
    const paid = await refundOf("taobao", "R-happy");
    assert.deepEqual([paid.status, paid.revision, paid.refundedFen, paid.deadlineAt, paid.updatedAt], ["refunded", 2, lineTotal(order), null, requestedAt + 2 * HOUR]);
    assert.equal((await read("taobao", order.upstreamOrderId)).lines[0]!.status, "TRADE_CLOSED", "refunded in full: the line closes");
    assert.equal((await read("taobao", order.upstreamOrderId)).status, "TRADE_CLOSED");
    assert.deepEqual(await pendingSteps("taobao", "R-happy"), [], "nothing more to happen to the case");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "R-again", 1)), "ALREADY_REFUNDED");
    await advance(30 * DAY);
    assert.deepEqual(await story("R-happy"), ["requested", "refunded"]);
  });

  test("Taobao: what a request is checked against", async () => {
    const order = await taobaoPaid("Somchai");
    const other = await taobaoPaid("Somchai");
    const line = order.lines[0]!.upstreamLineId;
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", 1, { upstreamLineIds: [other.lines[0]!.upstreamLineId] })), "LINE_NOT_FOUND");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", 1, { upstreamOrderId: "209999999999" })), "LINE_NOT_FOUND");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", 1, { upstreamLineIds: [] })), "LINE_NOT_FOUND");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", 1, { upstreamLineIds: [line, line] })), "DUPLICATE_LINE");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", 0)), "AMOUNT_TOO_HIGH");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", lineTotal(order) + 1)), "AMOUNT_TOO_HIGH");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "X", 100, { carriageFen: 1 })), "AMOUNT_TOO_HIGH");
    const sibling = { developerId: dev.developId, userId: await server.addUser(dev.developId, `sibling-${Date.now()}`) };
    await rejects(seller.requestRefund("taobao", sibling, taobaoRequest(order, "X", 1)), "LINE_NOT_FOUND");

    const product = buyable("taobao", 1);
    const [unpaid] = await seller.createOrder("taobao", owner, [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: 1 }], receiver("x"));
    await advance(5 * MINUTE);
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(await read("taobao", unpaid!.upstreamOrderId), "X", 1)), "NOT_REFUNDABLE");

    const opened = await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-1", lineTotal(order)));
    assert.deepEqual(await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-1", 5, { reason: "again" })), opened, "a repeat returns the case");
    await rejects(seller.requestRefund("taobao", sibling, taobaoRequest(order, "R-1", 5)), "REFUND_ID_TAKEN");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "R-2", 5)), "CASE_OPEN");
    assert.deepEqual(await story("R-1"), ["requested"], "refused requests leave no trace");
  });

  test("Taobao, a partial refund: the line stays open and takes no new case", async () => {
    const order = await taobaoPaid("Somchai");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-part", 100));
    await advance(2 * HOUR);
    assert.equal((await refundOf("taobao", "R-part")).refundedFen, 100);
    assert.equal((await read("taobao", order.upstreamOrderId)).lines[0]!.status, "WAIT_SELLER_SEND_GOODS");
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "R-part2", 100)), "ALREADY_REFUNDED");
  });

  test("REFUND_REFUSED (Taobao): refused, modified back to the seller, refused again; a refused case closes after 7 days", async () => {
    const order = await taobaoPaid("Lek REFUND_REFUSED");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-ref", 500));
    // A change while the seller still has it keeps the seller's timing.
    await advance(1 * HOUR);
    const changed = await seller.modifyRefund("taobao", owner, "R-ref", { amountFen: 400, description: "少退一点" });
    assert.deepEqual([changed.status, changed.revision, changed.amountFen], ["requested", 2, 400]);
    assert.deepEqual(await seller.modifyRefund("taobao", owner, "R-ref", { amountFen: 400 }), changed, "the same change again changes nothing");
    await rejects(seller.modifyRefund("taobao", owner, "R-ref", { amountFen: lineTotal(order) + 1 }), "AMOUNT_TOO_HIGH");
    await advance(1 * HOUR);
    const refused = await refundOf("taobao", "R-ref");
    assert.equal(refused.status, "refused");
    assert.match(refused.refuseReason!, /^卖家拒绝退款.*\(the seller refuses/);
    assert.equal(refused.deadlineAt, (await now()) + DEFAULT_TIMINGS.buyerModifyTimeout);
    await rejects(seller.requestRefund("taobao", owner, taobaoRequest(order, "R-new", 100)), "CASE_OPEN");

    const back = await seller.modifyRefund("taobao", owner, "R-ref", { amountFen: 300 });
    assert.deepEqual([back.status, back.refuseReason, back.deadlineAt], ["requested", null, (await now()) + DEFAULT_TIMINGS.sellerAgreeTimeout]);
    await advance(2 * HOUR);
    assert.equal((await refundOf("taobao", "R-ref")).status, "refused", "the seller refuses on this order, again");
    await advance(7 * DAY - 1);
    assert.equal((await refundOf("taobao", "R-ref")).status, "refused");
    await advance(1);
    const closed = await refundOf("taobao", "R-ref");
    assert.deepEqual([closed.status, closed.closedBy, closed.deadlineAt], ["closed", "timeout", null]);
    assert.deepEqual(await story("R-ref"), ["requested", "requested", "refused", "requested", "refused", "closed"]);
    // A closed case leaves the line free for a new one.
    assert.equal((await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-new", 100))).status, "requested");
  });

  test("RETURN_REQUIRED (Taobao): shipped goods are asked back; the return is received and paid; a return not sent closes after 7 days", async () => {
    const order = await taobaoPaid("Lek RETURN_REQUIRED", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-ret", lineTotal(order)));
    await advance(2 * HOUR);
    const waiting = await refundOf("taobao", "R-ret");
    assert.deepEqual([waiting.status, waiting.type, waiting.deadlineAt], ["waiting_return", "return_refund", (await now()) + DEFAULT_TIMINGS.buyerReturnTimeout]);
    assert.ok(waiting.returnAddress!.name && waiting.returnAddress!.phone.match(/^1\d{10}$/) && waiting.returnAddress!.address && waiting.returnAddress!.zip);
    assert.match(waiting.sellerNote!, /寄回/);
    await rejects(seller.modifyRefund("taobao", owner, "R-ret", { amountFen: 1 }), "NOT_MODIFIABLE");

    const sent = await seller.submitReturn("taobao", owner, "R-ret", "SF", "SF1234567890");
    assert.deepEqual([sent.status, sent.returnCarrier, sent.returnTrackingNumber, sent.deadlineAt], ["return_shipped", "SF", "SF1234567890", (await now()) + DEFAULT_TIMINGS.sellerReceiveTimeout]);
    assert.deepEqual(await seller.submitReturn("taobao", owner, "R-ret", "SF", "SF1234567890"), sent, "a repeat returns the case");
    await rejects(seller.submitReturn("taobao", owner, "R-ret", "SF", "SF0000000000"), "NO_RETURN_AWAITED");
    await rejects(seller.cancelRefund("taobao", owner, "R-ret"), "NOT_CANCELLABLE");
    await advance(2 * DAY);
    const paid = await refundOf("taobao", "R-ret");
    assert.deepEqual([paid.status, paid.goodsReceived, paid.refundedFen], ["refunded", true, lineTotal(order)]);
    assert.equal((await read("taobao", order.upstreamOrderId)).lines[0]!.status, "TRADE_CLOSED", "refunded in full after the return: the line closes");
    assert.deepEqual(await story("R-ret"), ["requested", "waiting_return", "return_shipped", "refunded"]);

    const late = await taobaoPaid("RETURN_REQUIRED", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(late, "R-late", 100));
    await advance(2 * HOUR + 7 * DAY);
    const closed = await refundOf("taobao", "R-late");
    assert.deepEqual([closed.status, closed.closedBy], ["closed", "timeout"]);
    await rejects(seller.submitReturn("taobao", owner, "R-late", "SF", "SF1"), "NO_RETURN_AWAITED");

    // Goods not shipped yet: nothing to send back, refunded at once.
    const early = await taobaoPaid("RETURN_REQUIRED");
    await seller.requestRefund("taobao", owner, taobaoRequest(early, "R-early", 100));
    await advance(2 * HOUR);
    assert.equal((await refundOf("taobao", "R-early")).status, "refunded");
  });

  test("SELLER_SILENT: no answer, agreed after 48 h; a return never confirmed is paid after 10 days", async () => {
    const order = await taobaoPaid("SELLER_SILENT");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-silent", 100));
    const steps = await pendingSteps("taobao", "R-silent");
    assert.deepEqual(steps.map((s) => s.kind), [SELLER_EVENT_KINDS.refundTimeout], "no answer is scheduled, only the deadline");
    await advance(48 * HOUR - 1);
    assert.equal((await refundOf("taobao", "R-silent")).status, "requested");
    await advance(1);
    assert.equal((await refundOf("taobao", "R-silent")).status, "refunded", "agreed by timeout");

    const shipped = await taobaoPaid("SELLER_SILENT", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(shipped, "R-silent-ret", 100, { type: "return_refund" }));
    await advance(48 * HOUR);
    assert.equal((await refundOf("taobao", "R-silent-ret")).status, "waiting_return", "a return case agreed by timeout waits for the goods");
    await seller.submitReturn("taobao", owner, "R-silent-ret", "ZTO", "75123456789012");
    await advance(9 * DAY);
    assert.equal((await refundOf("taobao", "R-silent-ret")).status, "return_shipped", "the seller never confirms");
    await advance(1 * DAY);
    const paid = await refundOf("taobao", "R-silent-ret");
    assert.deepEqual([paid.status, paid.goodsReceived, paid.refundedFen], ["refunded", true, 100]);
  });

  test("INSPECTION_FAILED: refused after the return is received; revoked by the buyer; the steps of the case end with it", async () => {
    const order = await taobaoPaid("INSPECTION_FAILED", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-insp", 100, { type: "return_refund" }));
    await advance(2 * HOUR);
    await seller.submitReturn("taobao", owner, "R-insp", "SF", "SF1234567890");
    await advance(2 * DAY);
    const refused = await refundOf("taobao", "R-insp");
    assert.deepEqual([refused.status, refused.goodsReceived, refused.refundedFen], ["refused", true, 0]);
    assert.match(refused.refuseReason!, /^验货不通过.*\(inspection failed/);
    const revoked = await seller.cancelRefund("taobao", owner, "R-insp");
    assert.deepEqual([revoked.status, revoked.closedBy, revoked.deadlineAt], ["closed", "buyer", null]);
    assert.deepEqual(await seller.cancelRefund("taobao", owner, "R-insp"), revoked, "a repeated revocation answers with the case");
    await rejects(seller.modifyRefund("taobao", owner, "R-insp", { amountFen: 50 }), "NOT_MODIFIABLE");
    assert.deepEqual(await pendingSteps("taobao", "R-insp"), []);
    await advance(30 * DAY);
    assert.deepEqual(await story("R-insp"), ["requested", "waiting_return", "return_shipped", "refused", "closed"]);
  });

  test("revoking in each status: requested and waiting_return close; the pending answer never comes", async () => {
    const order = await taobaoPaid("Somchai");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-rev", 100));
    assert.equal((await seller.cancelRefund("taobao", owner, "R-rev")).status, "closed");
    await advance(3 * DAY);
    assert.deepEqual(await story("R-rev"), ["requested", "closed"]);

    const shipped = await taobaoPaid("RETURN_REQUIRED", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(shipped, "R-rev2", 100));
    await advance(2 * HOUR);
    assert.equal((await seller.cancelRefund("taobao", owner, "R-rev2")).status, "closed");
    await advance(10 * DAY);
    assert.deepEqual(await story("R-rev2"), ["requested", "waiting_return", "closed"]);
    await rejects(seller.cancelRefund("taobao", owner, "nope"), "REFUND_NOT_FOUND");
  });

  test("messages: accepted for the buyer's own case, the last 50 kept, no event", async () => {
    const order = await taobaoPaid("Somchai");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-msg", 100));
    for (let k = 0; k < 52; k++) await seller.sendRefundMessage("taobao", owner, "R-msg", `消息 ${k}`, k === 51 ? ["https://example.com/a.jpg"] : []);
    const row = await db().selectFrom("sandbox_refunds").select("doc").where("developer_id", "=", dev.developId).where("refund_id", "=", "R-msg").executeTakeFirstOrThrow();
    const messages = (JSON.parse(row.doc) as { messages: Array<{ text: string; pictureUrls: string[] }> }).messages;
    assert.equal(messages.length, 50);
    assert.deepEqual([messages[0]!.text, messages.at(-1)!.text, messages.at(-1)!.pictureUrls], ["消息 2", "消息 51", ["https://example.com/a.jpg"]]);
    assert.deepEqual(await story("R-msg"), ["requested"]);
    assert.equal((await refundOf("taobao", "R-msg")).revision, 1);
    const sibling = { developerId: dev.developId, userId: await server.addUser(dev.developId, `sibling-${Date.now()}`) };
    await rejects(seller.sendRefundMessage("taobao", sibling, "R-msg", "hi", []), "REFUND_NOT_FOUND");
    await rejects(seller.sendRefundMessage("taobao", owner, "R-none", "hi", []), "REFUND_NOT_FOUND");
  });

  test("two requests for one line at once: one case, the other CASE_OPEN", async () => {
    const order = await taobaoPaid("Somchai");
    const results = await Promise.allSettled([
      seller.requestRefund("taobao", owner, taobaoRequest(order, "R-race-1", 100)),
      seller.requestRefund("taobao", owner, taobaoRequest(order, "R-race-2", 200)),
    ]);
    const made = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(made.length, 1);
    assert.equal(refused.length, 1);
    assert.ok(refused[0]!.reason instanceof UpstreamRejection && refused[0]!.reason.code === "CASE_OPEN", String(refused[0]!.reason));
    const rows = await db().selectFrom("sandbox_refunds").select("refund_id").where("developer_id", "=", dev.developId).execute();
    assert.equal(rows.length, 1);

    const alibaba = await alibabaPaid("Lan", 2);
    const both = alibaba.lines.map((l) => l.upstreamLineId);
    const again = await Promise.allSettled([
      seller.requestRefund("alibaba", owner, alibabaRequest(alibaba, "TQ-race-1", both, 100)),
      seller.requestRefund("alibaba", owner, alibabaRequest(alibaba, "TQ-race-2", [both[1]!], 100)),
    ]);
    assert.deepEqual(again.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
  });

  test("1688: one case for several lines, goods and carriage checked against what the order still holds, paid in full: the lines end terminated", async () => {
    const order = await alibabaPaid("Lan", 2);
    const [a, b] = order.lines;
    const goods = goodsOf(a!) + goodsOf(b!);
    const carriage = carriageOf(order);
    assert.ok(carriage > 0, "a product with carriage");
    const ids = [a!.upstreamLineId, b!.upstreamLineId];
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-x", ids, goods + 1)), "AMOUNT_TOO_HIGH");
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-x", ids, goods, carriage + 1)), "AMOUNT_TOO_HIGH");
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-x", ids, 0, 0)), "AMOUNT_TOO_HIGH");
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-x", [a!.upstreamLineId, "2599999999999999999"], 1)), "LINE_NOT_FOUND");

    const opened = await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-all", ids, goods, carriage));
    assert.deepEqual([opened.upstreamLineIds, opened.amountFen, opened.carriageFen], [ids, goods, carriage]);
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-b", [b!.upstreamLineId], 1)), "CASE_OPEN");
    await advance(2 * HOUR);
    const paid = await refundOf("alibaba", "TQ-all");
    assert.deepEqual([paid.status, paid.refundedFen], ["refunded", goods + carriage]);
    const after = await read("alibaba", order.upstreamOrderId);
    assert.deepEqual(after.lines.map((l) => l.status), ["terminated", "terminated"]);
    assert.equal(after.status, "terminated");
    const ships = await db().transaction().execute((trx) => server.platform.services.jobs.pending(trx, dev.developId, `alibaba:${order.upstreamOrderId}`, [SELLER_EVENT_KINDS.ship]));
    assert.deepEqual(ships, [], "nothing left to ship");
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-more", [a!.upstreamLineId], 1)), "ALREADY_REFUNDED");
  });

  test("1688: partial refunds up to the remainder; the carriage once; after receipt a refunded line keeps its status", async () => {
    const order = await alibabaPaid("Lan", 2, { confirm: true });
    assert.equal(order.status, "success");
    const [a, b] = order.lines;
    const carriage = carriageOf(order);
    await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-p1", [a!.upstreamLineId], 100, carriage));
    await advance(2 * HOUR);
    assert.equal((await refundOf("alibaba", "TQ-p1")).refundedFen, 100 + carriage);
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-p2", [b!.upstreamLineId], 1, 1)), "AMOUNT_TOO_HIGH");
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-p2", [a!.upstreamLineId], goodsOf(a!) - 99)), "AMOUNT_TOO_HIGH");
    await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-p2", [a!.upstreamLineId], goodsOf(a!) - 100));
    await advance(2 * HOUR);
    assert.equal((await refundOf("alibaba", "TQ-p2")).status, "refunded");
    await rejects(seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-p3", [a!.upstreamLineId], 1)), "ALREADY_REFUNDED");
    const now1688 = await read("alibaba", order.upstreamOrderId);
    assert.deepEqual(now1688.lines.map((l) => l.status), ["success", "success"], "received goods: the status stays");
    assert.equal(now1688.status, "success");
  });

  test("1688: a partial refund of the one unshipped line ends it, and the rest of the order is with the buyer", async () => {
    const order = await alibabaPaid("Lan PARTIAL_SHIP", 2);
    await advance(6 * HOUR); // the first line ships
    assert.deepEqual((await read("alibaba", order.upstreamOrderId)).lines.map((l) => l.status), ["waitbuyerreceive", "waitsellersend"]);
    const last = order.lines[1]!;
    await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-unsent", [last.upstreamLineId], goodsOf(last)));
    await advance(2 * HOUR);
    const after = await read("alibaba", order.upstreamOrderId);
    assert.deepEqual(after.lines.map((l) => l.status), ["waitbuyerreceive", "terminated"]);
    assert.equal(after.status, "waitbuyerreceive");
    await advance(DEFAULT_TIMINGS.autoConfirm);
    assert.equal((await read("alibaba", order.upstreamOrderId)).status, "success", "confirmed by itself in time");
  });

  test("1688 REFUND_REFUSED: a new refund for the refused lines closes the refused one (closedBy buyer), its own revision and event", async () => {
    const order = await alibabaPaid("Lan REFUND_REFUSED", 2);
    const ids = order.lines.map((l) => l.upstreamLineId);
    await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-r1", ids, 100));
    await advance(2 * HOUR);
    const refused = await refundOf("alibaba", "TQ-r1");
    assert.deepEqual([refused.status, refused.revision], ["refused", 2]);
    const before = (await changes()).length;
    const reapplied = await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-r2", [ids[1]!], 100));
    assert.equal(reapplied.status, "requested");
    const closed = await refundOf("alibaba", "TQ-r1");
    assert.deepEqual([closed.status, closed.closedBy, closed.revision], ["closed", "buyer", 3]);
    assert.deepEqual(
      (await changes()).slice(before).map((c) => `${c.refund.refundId}:${c.refund.status}`),
      ["TQ-r1:closed", "TQ-r2:requested"],
      "the refused case closes first",
    );
    assert.deepEqual(await pendingSteps("alibaba", "TQ-r1"), [], "the closed case's modification deadline is gone");
    await advance(2 * HOUR);
    assert.equal((await refundOf("alibaba", "TQ-r2")).status, "refused");
    await advance(7 * DAY);
    assert.deepEqual([(await refundOf("alibaba", "TQ-r2")).status, (await refundOf("alibaba", "TQ-r2")).closedBy], ["closed", "timeout"]);
  });

  test("triggers by refund id alone: agree, refuse, ask_return, return_refuse, return_receive, refund_timeout; refused when they cannot happen", async () => {
    const silent = await taobaoPaid("SELLER_SILENT", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(silent, "T-agree", 100));
    const agreed = await trigger("refund_agree", { refundId: "T-agree" });
    assert.deepEqual([agreed.platform, agreed.orderId], ["taobao", silent.upstreamOrderId]);
    assert.equal((await refundOf("taobao", "T-agree")).status, "refunded", "a silent seller answers when told to");
    await assert.rejects(trigger("refund_agree", { refundId: "T-agree" }), (err: { code?: number }) => err.code === 40901);

    const plain = await taobaoPaid("Somchai");
    await seller.requestRefund("taobao", owner, taobaoRequest(plain, "T-refuse", 100));
    await assert.rejects(trigger("refund_ask_return", { refundId: "T-refuse" }), (err: { code?: number; message?: string }) => err.code === 40901 && /not shipped/.test(err.message!));
    await trigger("refund_refuse", { refundId: "T-refuse" });
    assert.equal((await refundOf("taobao", "T-refuse")).status, "refused");
    await trigger("refund_timeout", { refundId: "T-refuse" });
    assert.deepEqual([(await refundOf("taobao", "T-refuse")).status, (await refundOf("taobao", "T-refuse")).closedBy], ["closed", "timeout"]);
    await assert.rejects(trigger("refund_timeout", { refundId: "T-refuse" }), (err: { code?: number }) => err.code === 40901);

    const insp = await taobaoPaid("INSPECTION_FAILED", { ship: true });
    await seller.requestRefund("taobao", owner, taobaoRequest(insp, "T-ret", 100));
    await trigger("refund_ask_return", { refundId: "T-ret" });
    assert.equal((await refundOf("taobao", "T-ret")).status, "waiting_return");
    await seller.submitReturn("taobao", owner, "T-ret", "SF", "SF1");
    await trigger("return_receive", { refundId: "T-ret" });
    assert.deepEqual([(await refundOf("taobao", "T-ret")).status, (await refundOf("taobao", "T-ret")).goodsReceived], ["refunded", true], "return_receive overrides the word");

    const order = await alibabaPaid("Lan", 1, { ship: true });
    const line = order.lines[0]!.upstreamLineId;
    await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-t", [line], 100, 0, { type: "return_refund" }));
    await trigger("refund_agree", { refundId: "TQ-t" });
    assert.equal((await refundOf("alibaba", "TQ-t")).status, "waiting_return");
    await seller.submitReturn("alibaba", owner, "TQ-t", "YTO", "YT1");
    await trigger("return_refuse", { refundId: "TQ-t" });
    const refused = await refundOf("alibaba", "TQ-t");
    assert.deepEqual([refused.status, refused.goodsReceived], ["refused", true]);
    await seller.modifyRefund("alibaba", owner, "TQ-t", { amountFen: 50 });
    await advance(2 * HOUR);
    assert.deepEqual([(await refundOf("alibaba", "TQ-t")).status, (await refundOf("alibaba", "TQ-t")).refundedFen], ["refunded", 50], "the seller holds the goods: agreed means paid");

    await seller.requestRefund("alibaba", owner, alibabaRequest(order, "TQ-w", [line], 10, 0, { type: "return_refund" }));
    await trigger("refund_agree", { platform: "alibaba", orderId: order.upstreamOrderId });
    await trigger("refund_timeout", { refundId: "TQ-w" });
    assert.deepEqual([(await refundOf("alibaba", "TQ-w")).status, (await refundOf("alibaba", "TQ-w")).closedBy], ["closed", "timeout"], "the return was never sent");
    await assert.rejects(trigger("refund_agree", { refundId: "nope" }), (err: { code?: number }) => err.code === 40401);
  });

  test("triggers over HTTP by refund id: the calling user's refunds only; operators reach all", async () => {
    const order = await taobaoPaid("SELLER_SILENT");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "H-1", 100));
    const sibling = await server.addUser(dev.developId, `sibling-${Date.now()}`);
    const foreign = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "refund_agree", refundId: "H-1" }, userId: sibling });
    assert.equal(foreign.envelope.code, 40401, foreign.envelope.msg);
    const viaOrder = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "refund_agree", orderId: order.upstreamOrderId, refundId: "H-1" }, userId: sibling });
    assert.equal(viaOrder.envelope.code, 40401, viaOrder.envelope.msg);
    assert.equal((await refundOf("taobao", "H-1")).status, "requested", "nothing happened");
    const missing = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "refund_agree" } });
    assert.equal(missing.envelope.code, 40002);

    const own = await dev.client.request<{ ran: number; orderId: string }>("POST", "/sandbox/trigger", { body: { event: "refund_agree", refundId: "H-1" } });
    assert.equal(own.orderId, order.upstreamOrderId);
    assert.equal(own.ran, 1);
    assert.equal((await refundOf("taobao", "H-1")).status, "refunded");

    await seller.requestRefund("taobao", owner, taobaoRequest(await taobaoPaid("SELLER_SILENT"), "H-2", 100));
    const operator = await server.admin<{ ran: number }>("POST", `/admin/developers/${dev.developId}/sandbox/trigger`, { event: "refund_refuse", refundId: "H-2" });
    assert.equal(operator.code, 200, operator.msg);
    assert.equal((await refundOf("taobao", "H-2")).status, "refused");
  });

  test("a user's reset drops the cases and their pending steps", async () => {
    const order = await taobaoPaid("Somchai");
    await seller.requestRefund("taobao", owner, taobaoRequest(order, "R-reset", 100));
    assert.equal((await pendingSteps("taobao", "R-reset")).length, 2, "the answer and the deadline");
    await clocks().resetUser(dev.developId, dev.userId);
    assert.equal(await seller.readRefund("taobao", owner, "R-reset"), undefined);
    assert.deepEqual(await pendingSteps("taobao", "R-reset"), []);
  });
});
