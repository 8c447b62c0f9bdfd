// The sandbox 1688 sellers (platform "alibaba") behind the marketplace port: every scenario word of the
// table driven through the real SandboxSeller, the real database and the developer's test clock,
// asserting the purchase states and the rows the seller appends to the marketplace inbox (what the
// platform's 1688 orders consume). Plus idempotent creates by client reference, cancels, the
// triggers over HTTP on a 1688 purchase, and the docs page's 1688 columns.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ManualClock } from "../src/platform/clock.ts";
import { UpstreamError, type MarketplaceEvent, type Product, type PurchaseLine, type PurchaseOrder, type PurchaseOwner, type PurchaseReceiver } from "../src/marketplace/port.ts";
import { DEFAULT_TIMINGS, SCENARIOS, scenariosIn } from "../src/marketplace/sandbox/seller/scenarios.ts";
import { TRIGGER_PLATFORMS, TRIGGERS, type SandboxSeller } from "../src/marketplace/sandbox/seller/seller.ts";
import { ROOT, startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.parse("2026-12-02T00:00:00Z");

/** The China-side address of a 1688 order; the scenario words go in addressParam.fullName. */
const receiver = (fullName: string): PurchaseReceiver => ({
  name: fullName,
  phone: "13800000000",
  country: "中国",
  state: "浙江省",
  city: "杭州市",
  district: "西湖区",
  address: "转塘 openpon 集运仓 1 号",
  zip: "310000",
});

let server: TestServer;
let seller: SandboxSeller;
before(async () => {
  server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, sandboxTimings: { ...DEFAULT_TIMINGS, upstreamTimeout: 50 } } });
  seller = server.platform.services.seller;
});
after(async () => {
  await server?.close();
});

/** 1688 products of the sandbox catalogue fit for buying: active, `skus` active SKUs with stock; skipping `skip` and the shops in `notShops`. */
function buyable(skus: number, options: { skip?: number; notShops?: number[] } = {}): Product {
  const goods = server.platform.services.goods;
  let found = 0;
  for (let i = 0; i < 5000; i++) {
    const product = goods.productAt("alibaba", i, "zh");
    const need = Math.max(product.minQuantity, 1) * 3;
    if (!product.active || product.skus.length < skus || !product.skus.slice(0, skus).every((s) => s.active && s.stock >= need)) continue;
    if (options.notShops?.includes(product.seller.shopId)) continue;
    if (found++ === (options.skip ?? 0)) return product;
  }
  throw new Error(`no buyable 1688 product with ${skus} SKUs`);
}

const quantityOf = (product: Product) => Math.max(product.minQuantity, 1);
const linesOf = (product: Product, n: number, from = 1): PurchaseLine[] =>
  product.skus.slice(0, n).map((sku, k) => ({ lineNo: String(from + k), productId: product.id, skuId: sku.mpSkuId, quantity: quantityOf(product) }));

/** What the platform pays: the open lines' goods and shipping. */
const total = (order: PurchaseOrder) =>
  order.lines.filter((l) => l.status !== "cancel").reduce((sum, l) => sum + l.unitPriceFen! * l.quantity, 0) +
  // One parcel per 1688 order: its carriage is charged once, the highest of its lines'.
  order.lines.filter((l) => l.status !== "cancel").reduce((max, l) => Math.max(max, l.postFeeFen!), 0);

interface InboxRow {
  connector: string;
  subject: string;
  kind: string;
  event: MarketplaceEvent;
}

describe("sandbox 1688 sellers", () => {
  let dev: TestDeveloper;
  let owner: PurchaseOwner;
  beforeEach(async () => {
    dev = await server.createDeveloper();
    owner = { developerId: dev.developId, userId: dev.userId };
  });

  const db = () => server.platform.database.db;
  const advance = (ms: number) => server.platform.services.clocks.advance(dev.developId, ms);
  const now = () => server.platform.services.clocks.now(dev.developId);
  const read = async (orderId: string) => (await seller.readOrder("alibaba", owner, orderId))!;

  /** The developer's marketplace inbox rows, in the order appended. */
  async function inbox(): Promise<InboxRow[]> {
    const rows = await db().selectFrom("marketplace_inbox").select(["connector", "subject", "kind", "event", "id"]).where("developer_id", "=", dev.developId).execute();
    return rows
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((row) => ({ connector: row.connector, subject: row.subject, kind: row.kind, event: JSON.parse(row.event) as MarketplaceEvent }));
  }
  const kinds = (rows: InboxRow[]) => rows.map((r) => (r.event.kind === "tracking" ? `tracking:${r.event.event.status}` : r.kind));
  /** Every row is a 1688 event of this developer about the purchase, with its client reference. */
  function about(rows: InboxRow[], order: PurchaseOrder) {
    for (const row of rows) {
      assert.equal(row.connector, "sandbox");
      assert.equal(row.subject, `alibaba:${order.upstreamOrderId}`);
      assert.equal(row.event.platform, "alibaba");
      assert.equal(row.event.developerId, dev.developId);
      assert.equal(row.event.upstreamOrderId, order.upstreamOrderId, `${row.kind} names its purchase`);
      assert.equal(row.event.clientRef, order.clientRef, `${row.kind} carries the client reference`);
      assert.equal(row.kind, row.event.kind);
    }
  }
  const pendingJobs = (order: PurchaseOrder) =>
    db().transaction().execute((trx) => server.platform.services.jobs.pending(trx, dev.developId, `alibaba:${order.upstreamOrderId}`));

  async function create(fullName: string, lines: PurchaseLine[], clientRef?: string): Promise<PurchaseOrder[]> {
    return seller.createOrder("alibaba", owner, lines, receiver(fullName), clientRef);
  }
  async function createOne(fullName: string, lines = 2, clientRef: string | undefined = `ref-${fullName}-${Math.random()}`) {
    const product = buyable(Math.max(lines, 1));
    const orders = await create(fullName, linesOf(product, lines), clientRef);
    assert.equal(orders.length, 1, "one seller, one purchase");
    return { order: orders[0]!, product };
  }
  async function paid(fullName: string, lines = 2) {
    const { order, product } = await createOne(fullName, lines);
    const result = await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order));
    assert.equal(result.paid, true);
    return { order: await read(order.upstreamOrderId), product };
  }

  test("happy path: priced at creation, paid, shipped with carrier and tracking, traced, confirmed automatically after 10 days, settled", async () => {
    const { order, product } = await createOne("Lan", 2, "OUT-1688-1");
    assert.match(order.upstreamOrderId, /^25\d{17}$/);
    assert.deepEqual(order.lines.map((l) => l.upstreamLineId), [1n, 2n].map((k) => String(BigInt(order.upstreamOrderId) + k)), "entry ids follow the order id");
    assert.equal(order.status, "waitbuyerpay");
    assert.equal(order.clientRef, "OUT-1688-1");
    for (const [k, line] of order.lines.entries()) {
      const sku = product.skus[k]!;
      assert.equal(line.status, "waitbuyerpay");
      assert.ok(line.unitPriceFen! > 0, "priced at creation");
      if (product.quoteType !== 2) assert.equal(line.unitPriceFen, sku.promotionPriceFen ?? sku.priceFen);
      assert.equal(line.postFeeFen, sku.postFeeFen);
      assert.equal(line.errorCode, null);
    }
    assert.deepEqual(await inbox(), [], "creation is answered at once: no event");

    assert.deepEqual(await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order) + 1), { paid: false, reason: "AMOUNT_MISMATCH" });
    const payment = await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order));
    assert.deepEqual(payment, { paid: true, at: await now() });
    assert.deepEqual(await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order)), payment, "paying twice answers the first payment");
    assert.equal((await read(order.upstreamOrderId)).status, "waitsellersend");
    assert.equal(await seller.cancelOrder("alibaba", owner, order.upstreamOrderId, "late"), false, "a paid purchase cannot be cancelled");
    assert.equal(await seller.confirmReceipt("alibaba", owner, order.upstreamOrderId, []), false, "nothing shipped to confirm");

    await advance(6 * HOUR - MINUTE);
    assert.deepEqual(await inbox(), []);
    await advance(MINUTE);
    const shippedAt = await now();
    let rows = await inbox();
    assert.deepEqual(kinds(rows), ["shipped"]);
    const shipped = rows[0]!.event;
    assert.ok(shipped.kind === "shipped");
    assert.equal(shipped.at, shippedAt, "on the developer's clock");
    const { shipment } = shipped;
    assert.ok(["中通快递", "圆通速递", "韵达快递", "申通快递", "顺丰速运"].includes(shipment.carrier));
    assert.match(shipment.carrierCode, /^(ZTO|YTO|YUNDA|STO|SF)$/);
    assert.match(shipment.trackingNumber, /^(7|YT|43|77|SF)\d{12}$/);
    assert.equal(shipment.upstreamOrderId, order.upstreamOrderId);
    assert.deepEqual(shipment.lineIds, order.lines.map((l) => l.upstreamLineId), "lineIds are the 1688 order entry ids (subItemIds)");
    assert.equal(shipment.shippedAt, shippedAt);
    assert.deepEqual(shipment.trace.map((t) => t.status), ["CREATE"]);
    const afterShip = await read(order.upstreamOrderId);
    assert.equal(afterShip.status, "waitbuyerreceive");
    assert.deepEqual(afterShip.lines.map((l) => [l.status, l.trackingNumbers]), order.lines.map(() => ["waitbuyerreceive", [shipment.trackingNumber]]));

    await advance(2 * DAY);
    rows = await inbox();
    assert.deepEqual(kinds(rows), ["shipped", "tracking:ACCEPT", "tracking:TRANSPORT", "tracking:DELIVERING", "tracking:SIGN"]);
    for (const row of rows.slice(1)) assert.ok(row.event.kind === "tracking" && row.event.trackingNumber === shipment.trackingNumber);
    const [parcel] = await seller.shipments("alibaba", owner, order.lines[1]!.upstreamLineId);
    assert.deepEqual(parcel!.trace.map((t) => t.status), ["CREATE", "ACCEPT", "TRANSPORT", "DELIVERING", "SIGN"]);
    assert.equal((await read(order.upstreamOrderId)).status, "waitbuyerreceive", "signed for, but not confirmed");

    // Automatic confirmation exactly autoConfirm (10 days) after the shipment, then settlement.
    await advance(shippedAt + DEFAULT_TIMINGS.autoConfirm - MINUTE - (await now()));
    assert.equal(kinds(await inbox()).includes("receipt_confirmed"), false);
    await advance(MINUTE);
    rows = await inbox();
    const confirmed = rows.at(-1)!.event;
    assert.ok(confirmed.kind === "receipt_confirmed");
    assert.equal(confirmed.automatic, true);
    assert.equal(confirmed.at, shippedAt + DEFAULT_TIMINGS.autoConfirm);
    assert.deepEqual(confirmed.lineIds, order.lines.map((l) => l.upstreamLineId));
    const settled = await read(order.upstreamOrderId);
    assert.equal(settled.status, "success", "confirm_goods settles to success at once");
    assert.deepEqual(settled.lines.map((l) => l.status), ["success", "success"]);
    assert.equal(await seller.confirmReceipt("alibaba", owner, order.upstreamOrderId, []), false, "already settled");
    about(rows, settled);
    assert.deepEqual(await pendingJobs(order), [], "nothing left to happen");
  });

  test("the buyer's confirmation settles the purchase with no event, and the automatic one never comes", async () => {
    const { order } = await paid("Lan", 2);
    await advance(6 * HOUR);
    assert.equal(await seller.confirmReceipt("alibaba", owner, order.upstreamOrderId, [order.lines[0]!.upstreamLineId]), true, "one line");
    let now1 = await read(order.upstreamOrderId);
    assert.deepEqual(now1.lines.map((l) => l.status), ["confirm_goods", "waitbuyerreceive"]);
    assert.equal(now1.status, "waitbuyerreceive");
    assert.equal(await seller.confirmReceipt("alibaba", owner, order.upstreamOrderId, [order.lines[0]!.upstreamLineId]), false, "already confirmed");
    assert.equal(await seller.confirmReceipt("alibaba", owner, order.upstreamOrderId, []), true, "the rest");
    now1 = await read(order.upstreamOrderId);
    assert.equal(now1.status, "success");
    assert.deepEqual(now1.lines.map((l) => l.status), ["success", "success"]);
    await advance(11 * DAY);
    assert.equal(kinds(await inbox()).includes("receipt_confirmed"), false, "a buyer's confirmation needs no event: the platform made it");
  });

  test("OUT_OF_STOCK, DELISTED, BUILD_FAIL: the first line is refused at creation; the purchase can be cancelled", async () => {
    for (const [word, code] of [["OUT_OF_STOCK", "OUT_OF_STOCK"], ["delisted", "ITEM_DELISTED"], ["BUILD_FAIL", "BUILD_FAILED"]] as const) {
      const { order } = await createOne(`仓库 ${word}`, 2);
      assert.deepEqual(order.lines.map((l) => l.status), ["cancel", "waitbuyerpay"], word);
      assert.equal(order.lines[0]!.errorCode, code);
      assert.ok(order.lines[0]!.errorMessage, "a readable reason");
      assert.equal(order.lines[0]!.unitPriceFen, null, "a refused line has no price");
      assert.ok(order.lines[1]!.unitPriceFen! > 0);
      assert.equal(order.status, "waitbuyerpay", "the other line is still payable");
      // The platform refuses the whole batch: it cancels what was created.
      assert.equal(await seller.cancelOrder("alibaba", owner, order.upstreamOrderId, "a line was refused"), true, word);
      const cancelled = await read(order.upstreamOrderId);
      assert.equal(cancelled.status, "cancel");
      assert.deepEqual(cancelled.lines.map((l) => [l.status, l.errorCode]), [["cancel", code], ["cancel", null]]);
      assert.equal(await seller.cancelOrder("alibaba", owner, order.upstreamOrderId, "again"), true, "cancelling a cancelled purchase is idempotent");
      assert.deepEqual(await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order)), { paid: false, reason: "NOT_PAYABLE" });
    }
    assert.deepEqual(await inbox(), [], "refusals are in the create's answer, not events");
  });

  test("BUILD_FAIL_ALL: every line of every seller is refused, every purchase is created cancelled and can be cancelled again", async () => {
    const a = buyable(2);
    const b = buyable(1, { notShops: [a.seller.shopId] });
    const orders = await create("BUILD_FAIL_ALL", [...linesOf(a, 2), ...linesOf(b, 1, 3)], "REF-ALL");
    assert.equal(orders.length, 2, "one purchase per seller");
    for (const order of orders) {
      assert.equal(order.status, "cancel");
      assert.ok(order.lines.every((l) => l.status === "cancel" && l.errorCode === "BUILD_FAILED"));
      assert.equal(await seller.cancelOrder("alibaba", owner, order.upstreamOrderId, "refused"), true);
    }
    assert.deepEqual(orders.map((o) => o.lines.map((l) => l.lineNo)), [["1", "2"], ["3"]]);
  });

  test("a quantity beyond the stock is refused at creation without any word; OUT_OF_STOCK across sellers concerns the first line only", async () => {
    const a = buyable(1);
    const [over] = await create("Lan", [{ lineNo: "1", productId: a.id, skuId: a.skus[0]!.mpSkuId, quantity: a.skus[0]!.stock + 1 }]);
    assert.equal(over!.status, "cancel");
    assert.equal(over!.lines[0]!.errorCode, "OUT_OF_STOCK");

    const b = buyable(1, { notShops: [a.seller.shopId] });
    const [first, second] = await create("OUT_OF_STOCK", [...linesOf(a, 1), ...linesOf(b, 1, 2)]);
    assert.equal(first!.status, "cancel");
    assert.equal(second!.status, "waitbuyerpay", "the other seller's purchase is untouched");
    // What the platform does next: give up the rest of the batch.
    assert.equal(await seller.cancelOrder("alibaba", owner, second!.upstreamOrderId, "batch refused"), true);
    assert.equal((await read(second!.upstreamOrderId)).status, "cancel");
  });

  test("PRICE_UP: 10 minutes after creation the seller raises the first line's price; payment must follow it", async () => {
    const { order } = await createOne("price_up 仓库", 2);
    await advance(10 * MINUTE - 1);
    assert.deepEqual(await inbox(), []);
    await advance(1);
    const rows = await inbox();
    assert.deepEqual(kinds(rows), ["price_changed"]);
    about(rows, order);
    const change = rows[0]!.event;
    assert.ok(change.kind === "price_changed");
    const old = order.lines[0]!.unitPriceFen!;
    assert.equal(change.upstreamLineId, order.lines[0]!.upstreamLineId);
    assert.equal(change.unitPriceFen, old + Math.max(100, Math.round(old / 10)));
    assert.equal(change.postFeeFen, order.lines[0]!.postFeeFen);
    assert.equal(change.at, await now());
    const changed = await read(order.upstreamOrderId);
    assert.equal(changed.status, "waitbuyerpay", "a price change keeps the status");
    assert.equal(changed.lines[0]!.unitPriceFen, change.unitPriceFen);
    assert.equal(changed.lines[1]!.unitPriceFen, order.lines[1]!.unitPriceFen, "only the first line");
    assert.deepEqual(await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order)), { paid: false, reason: "AMOUNT_MISMATCH" });
    assert.equal((await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(changed))).paid, true);

    // Paid before the change: the change never comes.
    const { order: early } = await createOne("PRICE_UP", 1);
    assert.equal((await seller.payOrder("alibaba", owner, early.upstreamOrderId, total(early))).paid, true);
    await advance(HOUR);
    assert.equal(kinds(await inbox()).filter((k) => k === "price_changed").length, 1);
    // Cancelled before the change: neither.
    const { order: dropped } = await createOne("PRICE_UP", 1);
    assert.equal(await seller.cancelOrder("alibaba", owner, dropped.upstreamOrderId, "x"), true);
    await advance(HOUR);
    assert.equal(kinds(await inbox()).filter((k) => k === "price_changed").length, 1);
    assert.deepEqual(await pendingJobs(dropped), []);
  });

  test("PAY_REFUSED: the payment is refused and the purchase is cancelled", async () => {
    const { order } = await createOne("PAY_REFUSED", 2);
    assert.deepEqual(await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order)), { paid: false, reason: "PAYMENT_REFUSED" });
    const closed = await read(order.upstreamOrderId);
    assert.equal(closed.status, "cancel");
    assert.equal(closed.paidAt, null);
    assert.deepEqual(closed.lines.map((l) => l.status), ["cancel", "cancel"]);
    assert.deepEqual(await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(order)), { paid: false, reason: "NOT_PAYABLE" });
    assert.equal(await seller.cancelOrder("alibaba", owner, order.upstreamOrderId, "x"), true, "cancelling a closed unpaid purchase is idempotent");
    assert.deepEqual(await pendingJobs(order), []);
    await advance(3 * DAY);
    assert.deepEqual(await inbox(), []);
  });

  test("SLOW_SHIP: shipped after three days", async () => {
    const { order } = await paid("slow_ship");
    await advance(3 * DAY - MINUTE);
    assert.deepEqual(await inbox(), []);
    assert.equal((await read(order.upstreamOrderId)).status, "waitsellersend");
    await advance(MINUTE);
    assert.deepEqual(kinds(await inbox()), ["shipped"]);
    assert.equal((await read(order.upstreamOrderId)).status, "waitbuyerreceive");
  });

  test("PARTIAL_SHIP: two parcels; waitbuyerreceive (and the 10-day countdown) only once every line shipped", async () => {
    const { order } = await paid("PARTIAL_SHIP", 2);
    await advance(6 * HOUR);
    const middle = await read(order.upstreamOrderId);
    assert.deepEqual(middle.lines.map((l) => l.status), ["waitbuyerreceive", "waitsellersend"]);
    assert.equal(middle.status, "waitsellersend", "the order waits for its last line");
    assert.equal(await seller.confirmReceipt("alibaba", owner, order.upstreamOrderId, [order.lines[0]!.upstreamLineId]), false, "1688 confirms only a fully shipped order");
    await advance(2 * DAY);
    const rows = await inbox();
    about(rows, order);
    const parcels = rows.flatMap((r) => (r.event.kind === "shipped" ? [r.event.shipment] : []));
    assert.equal(parcels.length, 2);
    assert.notEqual(parcels[0]!.trackingNumber, parcels[1]!.trackingNumber);
    assert.deepEqual(parcels.map((p) => p.lineIds), [[order.lines[0]!.upstreamLineId], [order.lines[1]!.upstreamLineId]]);
    assert.equal(parcels[1]!.shippedAt - parcels[0]!.shippedAt, DEFAULT_TIMINGS.partialGap);
    assert.equal((await read(order.upstreamOrderId)).status, "waitbuyerreceive");
    // Ten days after the first parcel: not yet; ten days after the last: confirmed.
    await advance(parcels[0]!.shippedAt + DEFAULT_TIMINGS.autoConfirm - (await now()));
    assert.equal(kinds(await inbox()).includes("receipt_confirmed"), false);
    await advance(DEFAULT_TIMINGS.partialGap);
    const confirmed = (await inbox()).find((r) => r.kind === "receipt_confirmed")!.event;
    assert.ok(confirmed.kind === "receipt_confirmed" && confirmed.automatic);
    assert.equal(confirmed.at, parcels[1]!.shippedAt + DEFAULT_TIMINGS.autoConfirm);
    assert.equal((await read(order.upstreamOrderId)).status, "success");
  });

  test("LOST_PARCEL: the trace ends in FAILED and never reaches SIGN", async () => {
    const { order } = await paid("LOST_PARCEL", 1);
    await advance(4 * DAY);
    const rows = await inbox();
    about(rows, order);
    assert.deepEqual(kinds(rows), ["shipped", "tracking:ACCEPT", "tracking:TRANSPORT", "tracking:FAILED"]);
    const [parcel] = await seller.shipments("alibaba", owner, order.lines[0]!.upstreamLineId);
    assert.deepEqual(parcel!.trace.map((t) => t.status), ["CREATE", "ACCEPT", "TRANSPORT", "FAILED"]);
    assert.equal((await read(order.upstreamOrderId)).status, "waitbuyerreceive");
  });

  test("UPSTREAM_TIMEOUT and UPSTREAM_5XX fail the create and create nothing", async () => {
    const product = buyable(1);
    const count = async () =>
      Number((await db().selectFrom("sandbox_purchases").select((eb) => eb.fn.countAll<string>().as("n")).where("developer_id", "=", dev.developId).executeTakeFirstOrThrow()).n);
    const started = Date.now();
    await assert.rejects(create("UPSTREAM_TIMEOUT", linesOf(product, 1), "T-1"), (err: unknown) => err instanceof UpstreamError && err.reason === "timeout");
    assert.ok(Date.now() - started >= 45, "the timeout makes the caller wait");
    await assert.rejects(create("仓库 upstream_5xx", linesOf(product, 1), "T-2"), (err: unknown) => err instanceof UpstreamError && err.reason === "http_502");
    assert.equal(await count(), 0);
    assert.deepEqual(await seller.findByClientRef("alibaba", owner, "T-1"), [], "a retry finds nothing and creates anew");
  });

  test("a repeated create with the same client reference returns the first purchases; another user's reference is its own", async () => {
    const a = buyable(1);
    const b = buyable(1, { notShops: [a.seller.shopId] });
    const lines = [...linesOf(a, 1), ...linesOf(b, 1, 2)];
    const first = await create("Lan", lines, "OUT-42");
    assert.equal(first.length, 2);
    assert.deepEqual(await create("Lan", lines, "OUT-42"), first);
    assert.deepEqual(await create("UPSTREAM_5XX", lines, "OUT-42"), first, "the repeat never reaches the upstream again");
    assert.deepEqual(await seller.findByClientRef("alibaba", owner, "OUT-42"), first);
    assert.deepEqual(await seller.findByClientRef("taobao", owner, "OUT-42"), [], "per platform");
    const other = { developerId: dev.developId, userId: await server.addUser(dev.developId, `other-${Date.now()}`) };
    const theirs = await seller.createOrder("alibaba", other, lines, receiver("Lan"), "OUT-42");
    assert.notDeepEqual(theirs.map((o) => o.upstreamOrderId), first.map((o) => o.upstreamOrderId));
    assert.equal(await seller.readOrder("alibaba", other, first[0]!.upstreamOrderId), undefined);
    assert.equal(await seller.cancelOrder("alibaba", other, first[0]!.upstreamOrderId, "x"), false);
  });

  test("triggers over HTTP on a 1688 purchase: price_change, ship, tracking, lose_parcel, deliver, confirm_receipt; build and build_fail refused naming 1688", async () => {
    const trigger = (event: string, orderId: string, extra: Record<string, string> = {}) =>
      dev.client.request<{ ran: number; event: string; orderId: string; now: number }>("POST", "/sandbox/trigger", { body: { event, orderId, ...extra } });
    const refused = async (event: string, orderId: string, code: number, message?: RegExp) => {
      const reply = await dev.client.raw("POST", "/sandbox/trigger", { body: { event, orderId } });
      assert.equal(reply.envelope.code, code, `${event}: ${reply.envelope.msg}`);
      if (message) assert.match(reply.envelope.msg, message);
    };

    const { order } = await createOne("Lan", 2);
    for (const event of ["build", "build_fail"]) await refused(event, order.upstreamOrderId, 40901, /1688/);
    await refused("confirm_receipt", order.upstreamOrderId, 40901, /waitbuyerpay/);
    await refused("ship", order.upstreamOrderId, 40901);

    const priced = await trigger("price_change", order.upstreamOrderId, { lineId: order.lines[1]!.upstreamLineId });
    assert.equal(priced.ran, 1);
    let rows = await inbox();
    assert.deepEqual(kinds(rows), ["price_changed"]);
    assert.ok(rows[0]!.event.kind === "price_changed" && rows[0]!.event.upstreamLineId === order.lines[1]!.upstreamLineId);
    assert.equal(rows[0]!.event.at, priced.now, "triggered events happen now");

    const repriced = await read(order.upstreamOrderId);
    assert.equal((await seller.payOrder("alibaba", owner, order.upstreamOrderId, total(repriced))).paid, true);
    await refused("price_change", order.upstreamOrderId, 40901, /paid/);

    assert.equal((await trigger("ship", order.upstreamOrderId)).ran, 1);
    assert.equal((await read(order.upstreamOrderId)).status, "waitbuyerreceive");
    await trigger("tracking", order.upstreamOrderId);
    await trigger("lose_parcel", order.upstreamOrderId);
    rows = await inbox();
    // The parcel's remaining steps happen now: it leaves the seller's city and never arrives.
    assert.deepEqual(kinds(rows), ["price_changed", "shipped", "tracking:ACCEPT", "tracking:TRANSPORT", "tracking:FAILED"]);
    await refused("lose_parcel", order.upstreamOrderId, 40901);
    await refused("deliver", order.upstreamOrderId, 40901, /nothing to deliver/);

    const confirmedNow = await trigger("confirm_receipt", order.upstreamOrderId);
    rows = await inbox();
    const confirmed = rows.at(-1)!.event;
    assert.ok(confirmed.kind === "receipt_confirmed" && confirmed.automatic && confirmed.at === confirmedNow.now);
    assert.equal((await read(order.upstreamOrderId)).status, "success");
    about(rows, await read(order.upstreamOrderId));
    await refused("confirm_receipt", order.upstreamOrderId, 40901, /success/);

    // deliver: every remaining trace step now.
    const { order: other } = await paid("Lan", 1);
    await trigger("ship", other.upstreamOrderId);
    await trigger("deliver", other.upstreamOrderId);
    const [parcel] = await seller.shipments("alibaba", owner, other.lines[0]!.upstreamLineId);
    assert.deepEqual(parcel!.trace.map((t) => t.status), ["CREATE", "ACCEPT", "TRANSPORT", "DELIVERING", "SIGN"]);

    // PARTIAL_SHIP: no confirmation before the last parcel; ship sends every pending parcel now.
    const { order: partial } = await paid("PARTIAL_SHIP", 2);
    await advance(6 * HOUR);
    await refused("confirm_receipt", partial.upstreamOrderId, 40901, /waitsellersend/);
    await trigger("ship", partial.upstreamOrderId);
    assert.equal((await read(partial.upstreamOrderId)).status, "waitbuyerreceive");

    // A 19-digit id that resolves to no platform order is a 1688 purchase id; an unknown one is 40401.
    await refused("ship", "2599999999999999999", 40401);
    // Operators trigger for any developer.
    const { order: fresh } = await createOne("Lan", 1);
    const viaAdmin = await server.admin<{ ran: number }>("POST", `/admin/developers/${dev.developId}/sandbox/trigger`, { event: "build", orderId: fresh.upstreamOrderId });
    assert.equal(viaAdmin.code, 40901);
    assert.match(viaAdmin.msg, /Taobao purchases only.*1688 purchase/);
    const priceViaAdmin = await server.admin<{ ran: number }>("POST", `/admin/developers/${dev.developId}/sandbox/trigger`, { event: "price_change", orderId: fresh.upstreamOrderId });
    assert.equal(priceViaAdmin.code, 200, priceViaAdmin.msg);
  });

  test("confirm_receipt on a Taobao purchase answers 40901 naming the platform", async () => {
    const product = server.platform.services.goods.productAt("taobao", 0, "zh");
    const taobao = (await seller.createOrder("taobao", owner, [{ lineNo: "1", productId: product.id, skuId: product.skus[0]?.skuId ?? "", quantity: 1 }], receiver("x")))[0]!;
    const reply = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "confirm_receipt", orderId: taobao.upstreamOrderId } });
    assert.equal(reply.envelope.code, 40901);
    assert.match(reply.envelope.msg, /1688 purchases only.*Taobao purchase/);
  });
});

test("every scenario word applies to the platforms the table says, and the docs page shows them", () => {
  const docs = fs.readFileSync(path.join(ROOT, "docs/sandbox-scenarios.md"), "utf8");
  const names = { taobao: "Taobao", alibaba: "1688" } as const;
  const section1688 = docs.slice(docs.indexOf("## On 1688"));
  assert.ok(docs.includes("## On 1688"), "a 1688 section");
  for (const scenario of SCENARIOS) {
    assert.ok(scenario.platforms.length > 0, scenario.word);
    assert.deepEqual(Object.keys(scenario.effect).sort(), [...scenario.platforms].sort(), `${scenario.word}: one effect per platform`);
    for (const platform of ["taobao", "alibaba"] as const) {
      assert.equal(scenariosIn(`x ${scenario.word.toLowerCase()}`, platform).includes(scenario.word), scenario.platforms.includes(platform), `${scenario.word} on ${platform}`);
      const trigger = scenario.trigger?.[platform];
      if (trigger) assert.ok(TRIGGER_PLATFORMS[trigger as keyof typeof TRIGGER_PLATFORMS].includes(platform), `${scenario.word}: ${trigger} applies to ${platform}`);
    }
    const row = docs.split("\n").find((line) => line.startsWith(`| \`${scenario.word}\` |`));
    assert.ok(row, `${scenario.word} has a row`);
    assert.equal(row.split("|")[2]!.trim(), scenario.platforms.map((p) => names[p]).join(", "), `${scenario.word}: the platforms column`);
    if (scenario.platforms.includes("alibaba")) {
      const row1688 = section1688.split("\n").find((line) => line.startsWith(`| \`${scenario.word}\` |`));
      assert.ok(row1688, `${scenario.word} has a row in the 1688 table`);
      const cells = row1688.split("|").map((c) => c.trim());
      assert.equal(cells.at(-2), scenario.trigger?.alibaba ? `\`${scenario.trigger.alibaba}\`` : "—", `${scenario.word}: the 1688 trigger column`);
    }
  }
  for (const name of TRIGGERS) {
    const row = section1688.split("\n").find((line) => line.startsWith(`| \`${name}\` |`));
    assert.ok(row, `trigger ${name} has a row in the 1688 trigger table`);
    assert.equal(row.split("|")[2]!.trim(), TRIGGER_PLATFORMS[name].includes("alibaba") ? "yes" : "no (40901)", `trigger ${name}`);
  }
});
