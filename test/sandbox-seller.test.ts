// The sandbox sellers (the purchase side of the marketplace port): every scenario of the magic-word
// table driven through the port and the developer's test clock, checking the upstream states and
// the events emitted, in order. Plus triggers and resets over HTTP, isolation between developers,
// a restart in the middle of a scenario, and determinism.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { UpstreamError, UpstreamRejection, type MarketplaceEvent, type Platform, type Product, type PurchaseOwner, type PurchaseReceiver } from "../src/marketplace/port.ts";
import { SCENARIOS, DEFAULT_TIMINGS } from "../src/marketplace/sandbox/seller/scenarios.ts";
import { TRIGGERS, type SandboxSeller } from "../src/marketplace/sandbox/seller/seller.ts";
import fs from "node:fs";
import path from "node:path";
import { freshSchema, POSTGRES_URL, ROOT, startServer, tempDir, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.parse("2026-11-28T00:00:00Z");

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

/** Products of the sandbox catalogue fit for buying: active, in stock, with `skus` SKUs at least. */
function buyable(server: TestServer, platform: Platform, skus: number, skip = 0): Product {
  const goods = server.platform.services.goods;
  let found = 0;
  for (let i = 0; i < 5000; i++) {
    const product = goods.productAt(platform, i, "zh");
    const ok = product.active && product.skus.length >= skus && product.skus.slice(0, Math.max(skus, 1)).every((s) => s.active && s.stock >= 10);
    if (ok && skus === 0 ? product.skus.length === 0 && product.stock >= 10 : ok) {
      if (found++ === skip) return product;
    }
  }
  throw new Error(`no buyable ${platform} product with ${skus} SKUs`);
}

interface Harness {
  server: TestServer;
  seller: SandboxSeller;
  events: MarketplaceEvent[];
}

async function harness(config: Record<string, unknown> = {}): Promise<Harness> {
  const server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, sandboxTimings: { ...DEFAULT_TIMINGS, upstreamTimeout: 50 }, ...config } });
  const events: MarketplaceEvent[] = [];
  // The sellers hand their events to the marketplace inbox: record each as it is appended.
  const inbox = server.platform.services.inbox;
  const append = inbox.append.bind(inbox);
  inbox.append = async (trx, entries) => {
    await append(trx, entries);
    events.push(...entries.map((entry) => entry.event));
  };
  return { server, seller: server.platform.services.seller, events };
}

const kinds = (events: MarketplaceEvent[]) => events.map((e) => (e.kind === "tracking" ? `tracking:${e.event.status}` : e.kind));

describe("sandbox sellers", () => {
  let h: Harness;
  let dev: TestDeveloper;
  let owner: PurchaseOwner;
  before(async () => {
    h = await harness();
  });
  // A developer per test: its events, clock and counters are its own.
  beforeEach(async () => {
    dev = await h.server.createDeveloper();
    owner = { developerId: dev.developId, userId: dev.userId };
  });
  after(async () => {
    await h?.server.close();
  });

  const clocks = () => h.server.platform.services.clocks;
  const advance = (ms: number) => clocks().advance(dev.developId, ms);
  /** Events emitted for the developer from here on. */
  function watch(): () => MarketplaceEvent[] {
    const from = h.events.length;
    return () => h.events.slice(from).filter((e) => e.developerId === dev.developId);
  }
  /** A two-line Taobao order from one shop (two SKUs of one product). */
  async function taobaoOrder(name: string, lines = 2) {
    const product = buyable(h.server, "taobao", lines);
    const [order, ...rest] = await h.seller.createOrder(
      "taobao",
      owner,
      product.skus.slice(0, lines).map((sku, k) => ({ lineNo: String(k + 1), productId: product.id, skuId: sku.skuId, quantity: 2 })),
      receiver(name),
    );
    assert.equal(rest.length, 0, "one shop, one purchase");
    return { order: order!, product };
  }
  const total = (lines: Array<{ unitPriceFen: number | null; postFeeFen: number | null; quantity: number; status: string }>) =>
    lines.filter((l) => l.status !== "TRADE_CLOSED" && l.status !== "cancel").reduce((sum, l) => sum + l.unitPriceFen! * l.quantity + l.postFeeFen!, 0);

  test("the scenario table lists every word the issue asks for", () => {
    const words = SCENARIOS.map((s) => s.word);
    for (const word of ["OUT_OF_STOCK", "DELISTED", "BUILD_FAIL", "PRICE_UP", "PAY_REFUSED", "SLOW_SHIP", "PARTIAL_SHIP", "LOST_PARCEL", "REFUND_REFUSED", "RETURN_REQUIRED", "SELLER_SILENT", "INSPECTION_FAILED", "UPSTREAM_TIMEOUT", "UPSTREAM_5XX"]) {
      assert.ok(words.includes(word), word);
    }
  });

  test("the docs page lists every scenario word and every trigger", () => {
    const docs = fs.readFileSync(path.join(ROOT, "docs/sandbox-scenarios.md"), "utf8");
    for (const { word } of SCENARIOS) {
      assert.match(docs, new RegExp(`^\\| \`${word}\` \\|`, "m"), `${word} has a row in the table`);
      assert.match(docs, new RegExp(`^(\\*\\*[A-Z_]+\\*\\* / )*\\*\\*${word}\\*\\*`, "m"), `${word} has an example paragraph`);
    }
    for (const trigger of TRIGGERS) assert.ok(docs.includes(`\`${trigger}\``), `trigger ${trigger} is documented`);
  });

  test("GET /sandbox/scenarios lists exactly the words the docs' tables list, with where each goes and what it does", async () => {
    const docs = fs.readFileSync(path.join(ROOT, "docs/sandbox-scenarios.md"), "utf8");
    const documented = [...new Set([...docs.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]!))].sort();
    type Word = { word: string; on: string; scope: string; platforms: string[]; effect: Record<string, string> };
    const listed = await dev.client.request<Word[]>("GET", "/sandbox/scenarios");
    assert.deepEqual(listed.map((w) => w.word).sort(), documented);
    const byWord = new Map(listed.map((w) => [w.word, w]));
    assert.equal(byWord.get("OUT_OF_STOCK")!.on, "order");
    assert.deepEqual(byWord.get("OUT_OF_STOCK")!.platforms, ["taobao", "alibaba"]);
    assert.match(byWord.get("OUT_OF_STOCK")!.effect["taobao"]!, /fails to build/);
    assert.equal(byWord.get("OVERWEIGHT")!.on, "parcel");
    assert.match(byWord.get("CUSTOMS_HOLD")!.effect["alibaba"]!, /customs/);
    for (const w of listed) assert.deepEqual(Object.keys(w.effect).sort(), [...w.platforms].sort(), `${w.word}: an effect per platform`);
  });

  test("happy path (Taobao): build, pay, ship, track to the warehouse", async () => {
    const seen = watch();
    const { order, product } = await taobaoOrder("Somchai");
    assert.match(order.upstreamOrderId, /^2\d{11}$/);
    assert.deepEqual(
      order.lines.map((l) => l.upstreamLineId),
      [String(BigInt(order.upstreamOrderId) + 1n), String(BigInt(order.upstreamOrderId) + 2n)],
      "sub-purchase ids follow the purchase id",
    );
    assert.equal(order.status, "BULIDING");
    assert.deepEqual(order.lines.map((l) => [l.status, l.unitPriceFen]), [["BULIDING", null], ["BULIDING", null]]);

    await advance(5 * MINUTE);
    assert.deepEqual(kinds(seen()), ["line_built", "line_built"]);
    const built = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.equal(built.status, "WAIT_BUYER_PAY");
    const sku = product.skus[0]!;
    assert.equal(built.lines[0]!.unitPriceFen, sku.promotionPriceFen ?? sku.priceFen);

    assert.deepEqual(await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(built.lines) - 1), { paid: false, reason: "AMOUNT_MISMATCH" });
    const paid = await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(built.lines));
    assert.equal(paid.paid, true);
    assert.deepEqual(await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(built.lines)), paid, "paying twice is answered with the first payment");
    assert.equal((await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!.status, "WAIT_SELLER_SEND_GOODS");
    assert.equal(await h.seller.cancelOrder("taobao", owner, order.upstreamOrderId, "late"), false, "a paid purchase cannot be cancelled");

    await advance(5 * HOUR);
    assert.equal(kinds(seen()).includes("shipped"), false, "not shipped before 6 h");
    await advance(1 * HOUR);
    const shipped = seen().find((e) => e.kind === "shipped");
    assert.ok(shipped && shipped.kind === "shipped");
    assert.deepEqual(shipped.shipment.lineIds, order.lines.map((l) => l.upstreamLineId));
    assert.match(shipped.shipment.trackingNumber, /^(7|YT|43|77|SF)\d{12}$/);

    await advance(2 * DAY);
    assert.deepEqual(kinds(seen()), ["line_built", "line_built", "shipped", "tracking:ACCEPT", "tracking:TRANSPORT", "tracking:DELIVERING", "tracking:SIGN"]);
    const at = seen().map((e) => e.at);
    assert.deepEqual([...at].sort((x, y) => x - y), at, "events come in time order");
    const [parcel] = await h.seller.shipments("taobao", owner, order.lines[1]!.upstreamLineId);
    assert.deepEqual(parcel!.trace.map((t) => t.status), ["CREATE", "ACCEPT", "TRANSPORT", "DELIVERING", "SIGN"]);
    assert.equal(parcel!.trace.at(-1)!.at - parcel!.shippedAt, DEFAULT_TIMINGS.transit);
    const final = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.equal(final.status, "WAIT_BUYER_CONFIRM_GOODS");
    assert.deepEqual(final.lines[0]!.trackingNumbers, [parcel!.trackingNumber]);
    assert.equal(await h.seller.confirmReceipt("taobao", owner, order.upstreamOrderId, []), true);
  });

  test("OUT_OF_STOCK and DELISTED: the first line fails to build, the others are built", async () => {
    for (const [word, code] of [["OUT_OF_STOCK", "OUT_OF_STOCK"], ["DELISTED", "ITEM_DELISTED"], ["BUILD_FAIL", "BUILD_FAILED"]] as const) {
      const seen = watch();
      const { order } = await taobaoOrder(`Nguyen ${word}`);
      await advance(5 * MINUTE);
      assert.deepEqual(kinds(seen()), ["line_build_failed", "line_built"], word);
      const failed = seen()[0]!;
      assert.ok(failed.kind === "line_build_failed" && failed.errorCode === code, word);
      const now = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
      assert.deepEqual(now.lines.map((l) => l.status), ["TRADE_CLOSED", "WAIT_BUYER_PAY"], word);
      assert.equal(now.lines[0]!.errorCode, code);
      assert.equal(now.status, "WAIT_BUYER_PAY");
    }
  });

  test("an order beyond the real stock fails to build without any magic word", async () => {
    const product = buyable(h.server, "taobao", 1);
    const seen = watch();
    await h.seller.createOrder("taobao", owner, [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: product.skus[0]!.stock + 1 }], receiver("Ann"));
    await advance(5 * MINUTE);
    const [event] = seen();
    assert.ok(event?.kind === "line_build_failed" && event.errorCode === "OUT_OF_STOCK");
  });

  test("BUILD_FAIL_ALL closes the purchase", async () => {
    const seen = watch();
    const { order } = await taobaoOrder("BUILD_FAIL_ALL");
    await advance(5 * MINUTE);
    assert.deepEqual(kinds(seen()), ["line_build_failed", "line_build_failed"]);
    assert.equal((await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!.status, "TRADE_CLOSED");
    assert.deepEqual(await h.seller.payOrder("taobao", owner, order.upstreamOrderId, 0), { paid: false, reason: "NOT_PAYABLE" });
  });

  test("PRICE_UP: the seller raises the price after building, before payment", async () => {
    const seen = watch();
    const { order } = await taobaoOrder("price_up please");
    await advance(5 * MINUTE);
    const before = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    await advance(10 * MINUTE);
    assert.deepEqual(kinds(seen()), ["line_built", "line_built", "price_changed"]);
    const change = seen()[2]!;
    assert.ok(change.kind === "price_changed");
    const old = before.lines[0]!.unitPriceFen!;
    assert.equal(change.unitPriceFen, old + Math.max(100, Math.round(old / 10)));
    assert.deepEqual(await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(before.lines)), { paid: false, reason: "AMOUNT_MISMATCH" });
    const after = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.equal((await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(after.lines))).paid, true);
  });

  test("PAY_REFUSED: the upstream refuses the payment and closes the purchase", async () => {
    const { order } = await taobaoOrder("PAY_REFUSED");
    await advance(5 * MINUTE);
    const built = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.deepEqual(await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(built.lines)), { paid: false, reason: "PAYMENT_REFUSED" });
    const closed = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.equal(closed.status, "TRADE_CLOSED");
    assert.equal(closed.paidAt, null);
    const pending = await h.server.platform.database.db.transaction().execute((trx) => h.server.platform.services.jobs.pending(trx, dev.developId, `taobao:${order.upstreamOrderId}`));
    assert.equal(pending.length, 0, "nothing left to happen");
  });

  async function paidOrder(name: string, lines = 2) {
    const { order } = await taobaoOrder(name, lines);
    await advance(5 * MINUTE);
    const built = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.equal((await h.seller.payOrder("taobao", owner, order.upstreamOrderId, total(built.lines))).paid, true);
    return built;
  }

  test("SLOW_SHIP: shipped after three days", async () => {
    const order = await paidOrder("slow_ship");
    const seen = watch();
    await advance(2 * DAY);
    assert.deepEqual(kinds(seen()), []);
    await advance(1 * DAY);
    assert.deepEqual(kinds(seen()), ["shipped"]);
    assert.equal((await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!.status, "WAIT_BUYER_CONFIRM_GOODS");
  });

  test("PARTIAL_SHIP: two parcels two days apart", async () => {
    const order = await paidOrder("PARTIAL_SHIP");
    const seen = watch();
    await advance(6 * HOUR);
    assert.deepEqual(kinds(seen()), ["shipped"]);
    const middle = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
    assert.deepEqual(middle.lines.map((l) => l.status), ["WAIT_BUYER_CONFIRM_GOODS", "WAIT_SELLER_SEND_GOODS"]);
    assert.equal(middle.status, "WAIT_SELLER_SEND_GOODS", "the purchase waits for its last line");
    await advance(2 * DAY);
    const parcels = seen().filter((e) => e.kind === "shipped");
    assert.equal(parcels.length, 2);
    const [first, second] = parcels.map((e) => (e.kind === "shipped" ? e.shipment : undefined));
    assert.notEqual(first!.trackingNumber, second!.trackingNumber);
    assert.deepEqual([first!.lineIds, second!.lineIds], [[order.lines[0]!.upstreamLineId], [order.lines[1]!.upstreamLineId]]);
    assert.equal(second!.shippedAt - first!.shippedAt, DEFAULT_TIMINGS.partialGap);
  });

  test("LOST_PARCEL: the trace ends in FAILED and never reaches SIGN", async () => {
    const order = await paidOrder("LOST_PARCEL", 1);
    const seen = watch();
    await advance(4 * DAY);
    assert.deepEqual(kinds(seen()), ["shipped", "tracking:ACCEPT", "tracking:TRANSPORT", "tracking:FAILED"]);
    const [parcel] = await h.seller.shipments("taobao", owner, order.lines[0]!.upstreamLineId);
    assert.equal(parcel!.trace.at(-1)!.status, "FAILED");
  });

  test("refunds: agreed by default, refused with REFUND_REFUSED, a return with RETURN_REQUIRED", async () => {
    const lineTotal = (o: Awaited<ReturnType<typeof paidOrder>>) => o.lines[0]!.unitPriceFen! * o.lines[0]!.quantity + o.lines[0]!.postFeeFen!;
    const ask = (o: Awaited<ReturnType<typeof paidOrder>>, refundId: string, amountFen: number, reason = "x") =>
      h.seller.requestRefund("taobao", owner, { refundId, upstreamOrderId: o.upstreamOrderId, upstreamLineIds: [o.lines[0]!.upstreamLineId], type: "refund", amountFen, carriageFen: 0, reason, description: "" });
    const cases = (events: MarketplaceEvent[]) => events.flatMap((e) => (e.kind === "refund_changed" ? [`${e.refund.status}@${e.refund.revision}`] : []));

    const happy = await paidOrder("refund me", 1);
    let seen = watch();
    const opened = await ask(happy, "R-1", lineTotal(happy), "不想要了");
    assert.equal(opened.status, "requested");
    assert.equal(opened.revision, 1);
    assert.deepEqual(await ask(happy, "R-1", 1, "again"), opened, "same refund id, same case");
    await assert.rejects(ask(happy, "R-1b", 1), (err: unknown) => err instanceof UpstreamRejection && err.code === "CASE_OPEN");
    await advance(2 * HOUR);
    assert.deepEqual(cases(seen()), ["requested@1", "refunded@2"]);
    const refunded = (await h.seller.readRefund("taobao", owner, "R-1"))!;
    assert.equal(refunded.status, "refunded");
    assert.equal(refunded.refundedFen, lineTotal(happy));
    assert.equal((await h.seller.readOrder("taobao", owner, happy.upstreamOrderId))!.status, "TRADE_CLOSED", "a full refund closes the line");
    const pendingShip = await h.server.platform.database.db.transaction().execute((trx) => h.server.platform.services.jobs.pending(trx, dev.developId, `taobao:${happy.upstreamOrderId}`, ["seller.ship"]));
    assert.equal(pendingShip.length, 0, "a refunded purchase is not shipped");

    const refused = await paidOrder("REFUND_REFUSED", 1);
    seen = watch();
    await ask(refused, "R-2", 100);
    await advance(2 * HOUR);
    const decision = seen().at(-1)!;
    assert.ok(decision.kind === "refund_changed" && decision.refund.status === "refused" && decision.refund.refuseReason);
    assert.equal((await h.seller.readRefund("taobao", owner, "R-2"))!.status, "refused");

    const ret = await paidOrder("RETURN_REQUIRED", 1);
    await advance(6 * HOUR); // shipped
    seen = watch();
    await ask(ret, "R-3", lineTotal(ret), "坏了");
    await assert.rejects(h.seller.submitReturn("taobao", owner, "R-3", "SF", "SF1"), (err: unknown) => err instanceof UpstreamRejection && err.code === "NO_RETURN_AWAITED");
    await advance(2 * HOUR);
    const waiting = (await h.seller.readRefund("taobao", owner, "R-3"))!;
    assert.equal(waiting.status, "waiting_return");
    assert.equal(waiting.type, "return_refund", "the seller wants the goods back");
    assert.ok(waiting.returnAddress?.address && waiting.sellerNote);
    assert.equal((await h.seller.submitReturn("taobao", owner, "R-3", "SF", "SF1234567890")).status, "return_shipped");
    await advance(2 * DAY);
    assert.deepEqual(cases(seen()), ["requested@1", "waiting_return@2", "return_shipped@3", "refunded@4"]);
  });

  test("UPSTREAM_TIMEOUT and UPSTREAM_5XX fail the call and create nothing", async () => {
    const product = buyable(h.server, "taobao", 1);
    const line = [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: 1 }];
    const count = async () =>
      Number((await h.server.platform.database.db.selectFrom("sandbox_purchases").select((eb) => eb.fn.countAll<string>().as("n")).where("developer_id", "=", dev.developId).executeTakeFirstOrThrow()).n);
    const before = await count();
    const started = Date.now();
    await assert.rejects(h.seller.createOrder("taobao", owner, line, receiver("UPSTREAM_TIMEOUT")), (err: unknown) => err instanceof UpstreamError && err.reason === "timeout");
    assert.ok(Date.now() - started >= 45, "the timeout makes the caller wait");
    await assert.rejects(h.seller.createOrder("alibaba", owner, line, receiver("upstream_5xx")), (err: unknown) => err instanceof UpstreamError && err.reason === "http_502");
    assert.equal(await count(), before);
  });

  test("1688: priced at creation, paid, shipped, confirmed — or confirmed automatically after 10 days", async () => {
    const product = buyable(h.server, "alibaba", 1);
    const lines = [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: Math.max(product.minQuantity, 1) }];
    const [order] = await h.seller.createOrder("alibaba", owner, lines, receiver("Lan"));
    assert.match(order!.upstreamOrderId, /^25\d{17}$/);
    assert.equal(order!.status, "waitbuyerpay");
    assert.ok(order!.lines[0]!.unitPriceFen! > 0);
    assert.equal((await h.seller.payOrder("alibaba", owner, order!.upstreamOrderId, total(order!.lines))).paid, true);
    const seen = watch();
    await advance(6 * HOUR);
    assert.equal((await h.seller.readOrder("alibaba", owner, order!.upstreamOrderId))!.status, "waitbuyerreceive");
    assert.equal(await h.seller.confirmReceipt("alibaba", owner, order!.upstreamOrderId, []), true);
    assert.equal((await h.seller.readOrder("alibaba", owner, order!.upstreamOrderId))!.status, "success");

    const [second] = await h.seller.createOrder("alibaba", owner, lines, receiver("Lan"));
    await h.seller.payOrder("alibaba", owner, second!.upstreamOrderId, total(second!.lines));
    await advance(6 * HOUR + 10 * DAY);
    const confirmed = seen().filter((e) => e.kind === "receipt_confirmed");
    assert.equal(confirmed.length, 1);
    assert.ok(confirmed[0]!.kind === "receipt_confirmed" && confirmed[0]!.automatic);
    assert.equal((await h.seller.readOrder("alibaba", owner, second!.upstreamOrderId))!.status, "success");

    const [failed] = await h.seller.createOrder("alibaba", owner, lines, receiver("OUT_OF_STOCK"));
    assert.equal(failed!.status, "cancel");
    assert.equal(failed!.lines[0]!.errorCode, "OUT_OF_STOCK");
    assert.equal(await h.seller.decryptNick(product.seller.sellerOpenId), product.seller.nick);
  });

  test("another user of the developer sees nothing of this user's purchases", async () => {
    const { order } = await taobaoOrder("Somchai", 1);
    const other = { developerId: dev.developId, userId: await h.server.addUser(dev.developId, "other-user") };
    assert.equal(await h.seller.readOrder("taobao", other, order.upstreamOrderId), undefined);
    assert.deepEqual(await h.seller.payOrder("taobao", other, order.upstreamOrderId, 1), { paid: false, reason: "NOT_FOUND" });
    assert.equal(await h.seller.cancelOrder("taobao", other, order.upstreamOrderId, "x"), false);
    assert.equal(await h.seller.imLink("taobao", other, { kind: "order", id: order.upstreamOrderId }), undefined);
    assert.match((await h.seller.imLink("taobao", owner, { kind: "order", id: order.upstreamOrderId }))!, /\/sandbox\/im\/taobao\/\d+\?order=/);
  });

  test("triggers over HTTP: ship and deliver now, refuse what cannot happen", async () => {
    const order = await paidOrder("Somchai", 1);
    const seen = watch();
    const shipped = await dev.client.request<{ ran: number; event: string }>("POST", "/sandbox/trigger", { body: { event: "ship", orderId: order.upstreamOrderId } });
    assert.equal(shipped.ran, 1);
    assert.deepEqual(kinds(seen()), ["shipped"]);
    await dev.client.request("POST", "/sandbox/trigger", { body: { event: "deliver", orderId: order.upstreamOrderId } });
    assert.deepEqual(kinds(seen()), ["shipped", "tracking:ACCEPT", "tracking:TRANSPORT", "tracking:DELIVERING", "tracking:SIGN"]);
    const clock = await dev.client.request<{ now: number }>("GET", "/sandbox/clock");
    assert.ok(seen().every((e) => e.at <= clock.now), "triggered events happen now, not in the future");

    await assert.rejects(dev.client.request("POST", "/sandbox/trigger", { body: { event: "ship", orderId: order.upstreamOrderId } }), (err: { code?: number }) => err.code === 40901);
    await assert.rejects(dev.client.request("POST", "/sandbox/trigger", { body: { event: "ship", orderId: "209999999999" } }), (err: { code?: number }) => err.code === 40401);
    await assert.rejects(dev.client.request("POST", "/sandbox/trigger", { body: { event: "explode", orderId: order.upstreamOrderId } }), (err: { code?: number; message?: string }) => err.code === 40002);

    // Operators trigger for any developer.
    const { order: fresh } = await taobaoOrder("Somchai", 1);
    const reply = await h.server.admin<{ ran: number }>("POST", `/admin/developers/${dev.developId}/sandbox/trigger`, { event: "build_fail", orderId: fresh.upstreamOrderId });
    assert.equal(reply.code, 200);
    assert.equal((await h.seller.readOrder("taobao", owner, fresh.upstreamOrderId))!.lines[0]!.errorCode, "BUILD_FAILED");
  });

  test("trigger price_change and the refund decisions", async () => {
    const { order } = await taobaoOrder("Somchai", 1);
    await advance(5 * MINUTE);
    const seen = watch();
    await dev.client.request("POST", "/sandbox/trigger", { body: { event: "price_change", orderId: order.upstreamOrderId } });
    assert.deepEqual(kinds(seen()), ["price_changed"]);

    const paid = await paidOrder("Somchai", 1);
    await h.seller.requestRefund("taobao", owner, {
      refundId: "T-1",
      upstreamOrderId: paid.upstreamOrderId,
      upstreamLineIds: [paid.lines[0]!.upstreamLineId],
      type: "refund",
      amountFen: 100,
      carriageFen: 0,
      reason: "x",
      description: "",
    });
    const early = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "refund_ask_return", orderId: paid.upstreamOrderId } });
    assert.equal(early.envelope.code, 40901, "goods not shipped: nothing to send back");
    await dev.client.request("POST", "/sandbox/trigger", { body: { event: "ship", orderId: paid.upstreamOrderId } });
    await dev.client.request("POST", "/sandbox/trigger", { body: { event: "refund_ask_return", orderId: paid.upstreamOrderId } });
    assert.equal((await h.seller.readRefund("taobao", owner, "T-1"))!.status, "waiting_return");
    await h.seller.submitReturn("taobao", owner, "T-1", "SF", "SF000000000001");
    await dev.client.request("POST", "/sandbox/trigger", { body: { event: "return_receive", orderId: paid.upstreamOrderId, refundId: "T-1" } });
    assert.equal((await h.seller.readRefund("taobao", owner, "T-1"))!.status, "refunded");
    assert.equal((await h.seller.readOrder("taobao", owner, paid.upstreamOrderId))!.status, "WAIT_BUYER_CONFIRM_GOODS", "a partial refund leaves the line open");
  });

  test("reset drops one user's purchases and pending events, and nobody else's", async () => {
    const mine = await taobaoOrder("Somchai", 1);
    const otherUser = await h.server.addUser(dev.developId, "keeper");
    const otherOwner = { developerId: dev.developId, userId: otherUser };
    const product = buyable(h.server, "taobao", 1);
    const [theirs] = await h.seller.createOrder("taobao", otherOwner, [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: 1 }], receiver("x"));
    const reset = await dev.client.request<{ reset: boolean; userId: string }>("POST", "/sandbox/reset", { body: {} });
    assert.deepEqual(reset, { userId: dev.userId, reset: true });
    assert.equal(await h.seller.readOrder("taobao", owner, mine.order.upstreamOrderId), undefined);
    const pending = await h.server.platform.database.db.transaction().execute((trx) => h.server.platform.services.jobs.pending(trx, dev.developId, `taobao:${mine.order.upstreamOrderId}`));
    assert.equal(pending.length, 0);
    assert.ok(await h.seller.readOrder("taobao", otherOwner, theirs!.upstreamOrderId), "the other user's purchase stays");
    const viaAdmin = await h.server.admin("POST", `/admin/developers/${dev.developId}/users/${otherUser}/sandbox/reset`);
    assert.equal(viaAdmin.code, 200);
    assert.equal(await h.seller.readOrder("taobao", otherOwner, theirs!.upstreamOrderId), undefined);
    const foreign = await h.server.admin("POST", `/admin/developers/1/users/${otherUser}/sandbox/reset`);
    assert.equal(foreign.code, 40401);
  });
});

test("advancing one developer's clock runs only that developer's seller events", async () => {
  const h = await harness();
  try {
    const a = await h.server.createDeveloper();
    const b = await h.server.createDeveloper();
    const product = buyable(h.server, "taobao", 1);
    const line = [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: 1 }];
    const [orderA] = await h.seller.createOrder("taobao", { developerId: a.developId, userId: a.userId }, line, receiver("a"));
    const [orderB] = await h.seller.createOrder("taobao", { developerId: b.developId, userId: b.userId }, line, receiver("b"));
    assert.equal(orderA!.upstreamOrderId, orderB!.upstreamOrderId, "ids come from each developer's own counter");
    await h.server.platform.services.clocks.advance(a.developId, 3 * HOUR);
    assert.deepEqual(h.events.map((e) => e.developerId), [a.developId]);
    assert.equal((await h.seller.readOrder("taobao", { developerId: b.developId, userId: b.userId }, orderB!.upstreamOrderId))!.status, "BULIDING");
  } finally {
    await h.server.close();
  }
});

test("a restart in the middle of a scenario continues it where it was", async () => {
  const config = { dataDir: tempDir("openpon-seller-"), databaseUrl: POSTGRES_URL, databaseSchema: freshSchema(), sandboxTickMs: 0 };
  const first = await harness(config);
  const dev = await first.server.createDeveloper();
  const owner = { developerId: dev.developId, userId: dev.userId };
  const product = buyable(first.server, "taobao", 1);
  const [order] = await first.seller.createOrder("taobao", owner, [{ lineNo: "1", productId: product.id, skuId: product.skus[0]!.skuId, quantity: 1 }], receiver("PARTIAL_SHIP"));
  await first.server.platform.services.clocks.advance(dev.developId, 5 * MINUTE);
  const built = (await first.seller.readOrder("taobao", owner, order!.upstreamOrderId))!;
  await first.seller.payOrder("taobao", owner, order!.upstreamOrderId, built.lines[0]!.unitPriceFen! + built.lines[0]!.postFeeFen!);
  await first.server.platform.services.clocks.advance(dev.developId, 7 * HOUR); // shipped, collected
  assert.deepEqual(kinds(first.events), ["line_built", "shipped", "tracking:ACCEPT"]);
  await first.server.platform.app.close();
  await first.server.platform.close();

  const second = await harness(config);
  try {
    await second.server.platform.services.clocks.advance(dev.developId, 2 * DAY);
    assert.deepEqual(kinds(second.events), ["tracking:TRANSPORT", "tracking:DELIVERING", "tracking:SIGN"]);
    assert.equal((await second.seller.readOrder("taobao", owner, order!.upstreamOrderId))!.status, "WAIT_BUYER_CONFIRM_GOODS");
  } finally {
    await second.server.close();
  }
});

test("the same calls and clock moves give the same ids, prices, parcels and events", async () => {
  async function run(): Promise<unknown[]> {
    const h = await harness();
    try {
      const dev = await h.server.createDeveloper();
      const owner = { developerId: dev.developId, userId: dev.userId };
      const advance = (ms: number) => h.server.platform.services.clocks.advance(dev.developId, ms);
      const a = buyable(h.server, "taobao", 2);
      const b = buyable(h.server, "taobao", 1, 3);
      const orders = await h.seller.createOrder(
        "taobao",
        owner,
        [
          { lineNo: "1", productId: a.id, skuId: a.skus[0]!.skuId, quantity: 1 },
          { lineNo: "2", productId: b.id, skuId: b.skus[0]!.skuId, quantity: 3 },
          { lineNo: "3", productId: a.id, skuId: a.skus[1]!.skuId, quantity: 2 },
        ],
        receiver("PRICE_UP PARTIAL_SHIP"),
      );
      await advance(20 * MINUTE);
      for (const order of orders) {
        const now = (await h.seller.readOrder("taobao", owner, order.upstreamOrderId))!;
        const amount = now.lines.reduce((sum, l) => sum + l.unitPriceFen! * l.quantity + l.postFeeFen!, 0);
        await h.seller.payOrder("taobao", owner, order.upstreamOrderId, amount);
      }
      await advance(5 * DAY);
      // Both runs start at the same (manual) real time, so even the timestamps must agree.
      return h.events.map((e) => ({ ...e, developerId: "-" }));
    } finally {
      await h.server.close();
    }
  }
  const first = await run();
  const second = await run();
  assert.ok(first.length >= 10, `a whole story (${first.length} events)`);
  assert.deepEqual(second, first);
});
