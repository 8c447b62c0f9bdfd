// International logistics orders through HTTP with the real shipping lines and sandbox warehouse
// (foundation-warehouse.md §2; statuses.md §8.2 extended): two Taobao items and one 1688 item bought in
// the sandbox arrive and pass QC → freight estimated and rendered to the US → booked with the renderId
// (balance debited) → domestic parcels declared → packed heavier than estimated (OVERWEIGHT) → a
// supplementary charge → shipped → delivered, with GET /admin/wallet/check after each money move; a
// cancel (freight credited back), an expired render (40901), a render mismatch (40002), a restricted
// item refused by a line; the idempotent tmallOrderId, declarations replacing lists, another user's
// parcel (40401), AWAITING_PAYMENT paid after a top-up, the query-string signature, the operator
// routes and CLI-facing checks, and random input without a 5xx.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { LogisticsBooking, ParcelDetail, ReceiverAddressTO } from "@openpon/sdk";
import { ManualClock } from "../src/platform/clock.ts";
import { seededRandom } from "../src/platform/random.ts";
import { sandboxAttributes } from "../src/modules/logistics/shipping/goods.ts";
import { ROOT, startServer, tempDir, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { advance, DAY, HOUR, MINUTE, paidOrder } from "./helpers/taobao-aftersales.ts";
import { paidOrder as paidOrder1688 } from "./helpers/alibaba-aftersales.ts";
import { bookStored, storedItems } from "./helpers/parcels.ts";
import { ID_PATTERN } from "../src/platform/http/schemas.ts";

const START = Date.parse("2026-12-01T02:00:00Z");

interface Item {
  id: string;
  state: string;
  itemId: string;
  skuId: string;
  quantityExpected: number;
  quantityReceived: number | null;
  weightG: number | null;
  inbound: { trackingNumber: string; carrier: string };
  qc: { photos: string[] };
}

const receiver = (name = "Ofir Birinbaum"): ReceiverAddressTO => ({
  name,
  email: "1229220680@qq.com",
  phone: "5083326888",
  mobilePhone: "5083326888",
  address: "5818 WHITSETT AVE 401",
  country: "US",
  state: "California",
  city: "VALLEY VLG",
  zip: "91607",
});

const code = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise;
    return 200;
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
};
const codeAndMessage = async (promise: Promise<unknown>): Promise<[number, string]> => {
  try {
    await promise;
    return [200, ""];
  } catch (err) {
    return [(err as { code?: number }).code ?? -1, (err as Error).message];
  }
};
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

describe("international logistics orders (parcels)", () => {
  let server: TestServer;
  let dev: TestDeveloper | undefined;
  const onServer = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);
  const balance = async (d: TestDeveloper) => (await server.platform.services.wallet.balance(d.developId)).balanceFen;
  const ledgerSound = async () => {
    const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
    assert.equal(check.code, 200);
    assert.deepEqual(check.data.problems, [], "ledger");
    assert.equal(check.data.sound, true, "ledger");
  };
  const items = async (d: TestDeveloper) => (await d.client.request<{ items: Item[] }>("GET", "/warehouse/items", { query: { limit: 100 } })).items;
  const parcel = (d: TestDeveloper, id: string) => d.client.logistics.parcel(id);
  /** A catalogue SKU that a line may carry (no sensitive attribute) or, with `battery`, one that needs a battery line. */
  const catalogueSku = (battery: boolean, skip = 0) => {
    const goods = server.platform.services.goods;
    let seen = 0;
    for (let i = 0; i < 20_000; i++) {
      const p = goods.productAt("taobao", i, "en");
      const sku = p.skus.find((s) => s.active);
      if (!p.active || !sku) continue;
      const attributes = sandboxAttributes(p);
      if (battery ? attributes.includes("battery") : attributes.length === 0) {
        if (seen++ === skip) return { itemId: p.mpId, skuId: sku.mpSkuId };
      }
    }
    throw new Error("no such SKU in the sandbox catalogue");
  };
  const line = (sku: { itemId: string; skuId: string }, quantity = 1, serviceId = "1") => ({ ...sku, quantity, title: "goods", imageUrl: null, freightInfo: { serviceId } });

  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await ledgerSound();
    dev = undefined;
  });

  test("bought in the sandbox, stored, estimated, rendered, booked, declared, packed heavier (a supplement), shipped and delivered", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    await paidOrder(server, d, { lines: 2 });
    await paidOrder1688(server, d, { lines: 1 });
    // Shipped 6 h after payment, signed at the warehouse 36 h later, checked and stored a few hours after.
    await advance(d, 6 * HOUR + 36 * HOUR + 6 * HOUR);
    const stored = await items(d);
    assert.equal(stored.length, 3);
    for (const item of stored) {
      assert.equal(item.state, "STORED", `${item.itemId} stored`);
      assert.ok((item.weightG ?? 0) > 0, "weighed");
      assert.ok(item.qc.photos.length > 0, "photographed");
    }
    const photo = await fetch(onServer(stored[0]!.qc.photos[0]!));
    assert.equal(photo.status, 200);
    assert.match(photo.headers.get("content-type") ?? "", /^image\//);

    // The lines: one per SKU, with the domestic parcels that brought it.
    const lines = new Map<string, { itemId: string; skuId: string; quantity: number; parcels: Map<string, string> }>();
    for (const item of stored) {
      const key = `${item.itemId}/${item.skuId}`;
      const l = lines.get(key) ?? { itemId: item.itemId, skuId: item.skuId, quantity: 0, parcels: new Map() };
      l.quantity += item.quantityReceived ?? item.quantityExpected;
      l.parcels.set(item.inbound.trackingNumber, item.inbound.carrier);
      lines.set(key, l);
    }
    const wanted = [...lines.values()];

    // §2.1: each line's cheapest service that serves the US and takes the goods.
    const services: string[] = [];
    for (const l of wanted) {
      const quotes = await d.client.logistics.estimate({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, currency: "CNY", price: "10", receiverAddress: receiver() });
      assert.ok(quotes.length > 0, `a service serves ${l.itemId}`);
      assert.ok(quotes.every((q, i) => i === 0 || fen(q.freight) >= fen(quotes[i - 1]!.freight)), "cheapest first");
      services.push(quotes[0]!.serviceId);
    }
    // §2.2: the consignment, each line on its service; a name with OVERWEIGHT packs heavier than this.
    const to = receiver("Ofir Birinbaum OVERWEIGHT");
    const renderItems = wanted.map((l, i) => ({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, freightInfo: { serviceId: services[i]! } }));
    const render = await d.client.logistics.render({ receiverAddress: to, renderItems });
    assert.match(render.renderId, /^FF\d{13}$/);

    // §2.4 with the renderId: the render's freight, debited in the same transaction.
    const before = await balance(d);
    const booking = { renderId: render.renderId, receiverAddress: to, tmallOrderInfo: { tmallOrderId: "SHOP-1001" }, remark: "gift", lineItems: renderItems.map((r) => ({ ...r, title: "goods", imageUrl: "url" })) };
    const booked: LogisticsBooking = await d.client.logistics.book(booking);
    assert.match(booked.orderId, /^\d{19}$/);
    assert.equal(booked.status, "BOOKED");
    assert.equal(booked.renderId, render.renderId);
    assert.equal(booked.tmallOrderId, "SHOP-1001");
    assert.equal(booked.totalFreight, render.totalFreight);
    assert.deepEqual(booked.lineItems.map((l) => l.freight), render.renderItems.map((r) => r.freight));
    assert.deepEqual(booked.lineItems.map((l) => l.freightInfo), render.renderItems.map((r) => r.freightInfo));
    for (const l of booked.lineItems) assert.match(l.logisticNumer, /^FARUS\d{4}\d{6,}[A-Z]{2}$/);
    assert.equal(new Set(booked.lineItems.map((l) => l.logisticNumer)).size, booked.lineItems.length, "one waybill number per line");
    assert.match(booked.createTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(await balance(d), before - fen(booked.totalFreight));
    await ledgerSound();
    // The same caller's order again: that order, unchanged; nothing debited (its render is used, not asked again).
    assert.deepEqual(await d.client.logistics.book(booking), booked);
    assert.equal(await balance(d), before - fen(booked.totalFreight));
    const statement = await d.client.wallet.get({ limit: 5 });
    assert.ok(statement.entries.some((e) => e.reference === `parcel-freight:${booked.orderId}` && e.amountFen === -fen(booked.totalFreight)));

    // §2.3: the goods are all stored already, so the order is in the warehouse at once.
    assert.equal(
      await d.client.logistics.declare({
        orderId: booked.orderId,
        tmallOrderId: "SHOP-1001",
        logisticInfos: wanted.map((l, i) => ({
          lineItem: { itemId: l.itemId, skuId: l.skuId, quantity: l.quantity },
          logisticNumer: booked.lineItems[i]!.logisticNumer,
          domesticLogisticInfo: [...l.parcels].map(([number, carrier]) => ({ logisticNumer: number, logisticCompanyName: carrier, rtsTime: String(Math.floor(START / 1000)) })),
        })),
      }),
      true,
    );
    let view: ParcelDetail = await parcel(d, booked.orderId);
    assert.equal(view.status, "IN_WAREHOUSE");
    assert.deepEqual(view.history.map((h) => h.to), ["BOOKED", "DOMESTIC_DECLARED", "IN_WAREHOUSE"]);
    for (const l of view.lineItems) {
      assert.ok(l.domesticLogisticInfo.length > 0);
      for (const p of l.domesticLogisticInfo) {
        assert.equal(p.warehouseState, "STORED");
        assert.ok((p.weightG ?? 0) > 0);
      }
    }

    // Packed and weighed 2 h later, heavier than estimated: the difference debited as a supplement.
    const beforePacking = await balance(d);
    await advance(d, 2 * HOUR);
    view = await parcel(d, booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.equal(view.packages.length, new Set(services).size, "one package per service");
    for (const p of view.packages) assert.ok(p.weightG > 0 && p.lengthMm > 0 && p.widthMm > 0 && p.heightMm > 0 && p.chargeableWeightG > 0);
    const supplement = fen(view.actualFreight!) - fen(booked.totalFreight);
    assert.ok(supplement > 0, "heavier than estimated costs more");
    assert.equal(fen(view.supplementaryFreight), supplement);
    assert.equal(fen(view.paidFreight), fen(view.actualFreight!));
    assert.deepEqual(view.charges.map((c) => c.kind), ["freight", "supplement"]);
    assert.equal(await balance(d), beforePacking - supplement);
    await ledgerSound();
    assert.ok((await items(d)).every((i) => i.state === "ALLOCATED"), "the goods are allocated to the parcel");

    // Handed to the carrier 4 h later: the goods leave the warehouse.
    await advance(d, 4 * HOUR);
    view = await parcel(d, booked.orderId);
    assert.equal(view.status, "SHIPPED");
    assert.ok(view.packages.every((p) => p.trackingNumber !== null && p.trackingStatus === "InfoReceived"));
    assert.ok((await items(d)).every((i) => i.state === "SHIPPED"), "the goods left with the parcel");

    // The trace moves on over days to Delivered, normalised with the carrier's words kept.
    await advance(d, 5 * DAY);
    view = await parcel(d, booked.orderId);
    assert.equal(view.status, "DELIVERED");
    assert.deepEqual(view.history.map((h) => h.to), ["BOOKED", "DOMESTIC_DECLARED", "IN_WAREHOUSE", "PACKED", "SHIPPED", "IN_TRANSIT", "DELIVERED"]);
    const perPackage = view.tracking.filter((t) => t.trackingNumber === view.packages[0]!.trackingNumber);
    assert.deepEqual([perPackage[0]!.status, perPackage.at(-1)!.status], ["InfoReceived", "Delivered"]);
    assert.ok(perPackage.every((t) => t.text.length > 0 && t.carrierStatus.length > 0));
    // Declarations end with the hand-over.
    assert.equal(await code(d.client.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: wanted[0]!, domesticLogisticInfo: [{ logisticNumer: "SF0000000001" }] }] })), 40901);

    // The list.
    const page = await d.client.logistics.parcels({ status: "DELIVERED" });
    assert.deepEqual(page.items.map((p) => p.orderId), [booked.orderId]);
    assert.equal(page.items[0]!.trackingNumbers.length, view.packages.length);
  });

  test("a cancel credits the freight back; an expired render is 40901, a mismatch 40002; a restricted item is refused by a line", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const sku = catalogueSku(false);
    const before = await balance(d);
    const booked = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(sku, 2)], tmallOrderInfo: { tmallOrderId: "C-1" } });
    assert.ok(fen(booked.totalFreight) > 0);
    assert.equal(await balance(d), before - fen(booked.totalFreight));
    await ledgerSound();
    const cancelled = await server.admin<ParcelDetail>("POST", `/admin/logistics/parcels/${booked.orderId}/cancel`);
    assert.equal(cancelled.code, 200, cancelled.msg);
    assert.equal(cancelled.data.status, "CANCELLED");
    assert.equal(cancelled.data.refundedFreight, booked.totalFreight);
    assert.equal(await balance(d), before);
    await ledgerSound();
    assert.equal((await server.admin("POST", `/admin/logistics/parcels/${booked.orderId}/cancel`)).code, 40901);
    // The caller's order id is free again once cancelled.
    const again = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(sku, 2)], tmallOrderInfo: { tmallOrderId: "C-1" } });
    assert.notEqual(again.orderId, booked.orderId);
    await ledgerSound();

    // A render booked after its 30 minutes: 40901, nothing debited.
    const renderItems = [{ itemId: sku.itemId, skuId: sku.skuId, quantity: 1, freightInfo: { serviceId: "1" } }];
    const late = await d.client.logistics.render({ receiverAddress: receiver(), renderItems });
    await advance(d, 31 * MINUTE);
    const beforeLate = await balance(d);
    assert.equal(await code(d.client.logistics.book({ renderId: late.renderId, receiverAddress: receiver(), lineItems: renderItems })), 40901);
    assert.equal(await balance(d), beforeLate);
    // Lines that are not the render's: 40002, the render still bookable.
    const fresh = await d.client.logistics.render({ receiverAddress: receiver(), renderItems });
    assert.equal(await code(d.client.logistics.book({ renderId: fresh.renderId, receiverAddress: receiver(), lineItems: [{ ...renderItems[0]!, quantity: 2 }] })), 40002);
    assert.equal((await d.client.logistics.book({ renderId: fresh.renderId, receiverAddress: receiver(), lineItems: renderItems })).totalFreight, fresh.totalFreight);
    // Used: 40901.
    assert.equal(await code(d.client.logistics.book({ renderId: fresh.renderId, receiverAddress: receiver(), lineItems: renderItems })), 40901);

    // Goods with a battery on a line that takes none: refused naming the line.
    const battery = catalogueSku(true);
    const [refused, message] = await codeAndMessage(d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(sku), line(battery, 1, "1")] }));
    assert.equal(refused, 40002);
    assert.match(message, /lineItems\[1\]/);
    // A battery line takes it.
    const quotes = await d.client.logistics.estimate({ ...battery, quantity: 1, currency: "CNY", price: "99", receiverAddress: receiver() });
    assert.ok(quotes.length > 0 && quotes.every((q) => q.serviceId !== "1"), "only lines that take batteries quote");

    // Bad input names the field.
    const bad = async (body: unknown, field: RegExp) => {
      const { envelope } = await d.client.raw("POST", "/v2/open/pp/logistics/orderBookingFreight", { body });
      assert.equal(envelope.code, 40002, JSON.stringify(body).slice(0, 200));
      assert.match(envelope.msg, field);
    };
    await bad({ receiverAddress: { ...receiver(), country: "USA" }, lineItems: [line(sku)] }, /receiverAddress\.country/);
    await bad({ receiverAddress: { ...receiver(), country: "XX" }, lineItems: [line(sku)] }, /receiverAddress\.country/);
    await bad({ receiverAddress: { ...receiver(), city: null }, lineItems: [line(sku)] }, /receiverAddress\.city/);
    await bad({ receiverAddress: { ...receiver(), phone: null, mobilePhone: "" }, lineItems: [line(sku)] }, /phone/);
    await bad({ receiverAddress: receiver(), lineItems: [] }, /lineItems/);
    await bad({ receiverAddress: receiver(), lineItems: Array.from({ length: 51 }, (_, i) => line({ itemId: sku.itemId, skuId: String(i) })) }, /lineItems/);
    await bad({ receiverAddress: receiver(), lineItems: [line(sku, 0)] }, /lineItems\[0\]\.quantity/);
    await bad({ receiverAddress: receiver(), lineItems: [line(sku)], remark: "x".repeat(501) }, /remark/);
    await bad({ receiverAddress: receiver(), lineItems: [line(sku, 1, "999")] }, /lineItems\[0\]/);
  });

  test("declarations replace lists and move the order as parcels arrive; AWAITING_PAYMENT is paid after a top-up; another user's order is 40401", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const [a, b] = [catalogueSku(false, 1), catalogueSku(false, 2)];
    const booked = await d.client.logistics.book({ receiverAddress: receiver("Ann OVERWEIGHT"), lineItems: [line(a), line(b, 2)], tmallOrderInfo: { tmallOrderId: "D-1" } });
    const declare = (infos: Array<{ sku: { itemId: string; skuId: string }; numbers: string[] }>) =>
      d.client.logistics.declare({ tmallOrderId: "D-1", logisticInfos: infos.map((i) => ({ lineItem: i.sku, domesticLogisticInfo: i.numbers.map((n) => ({ logisticNumer: n, logisticCompanyName: "顺丰" })) })) });
    await declare([{ sku: a, numbers: ["SF7000000001"] }]);
    assert.equal((await parcel(d, booked.orderId)).status, "BOOKED", "one line of two");
    await declare([{ sku: b, numbers: ["SF7000000002", "SF7000000003"] }]);
    let view = await parcel(d, booked.orderId);
    assert.equal(view.status, "DOMESTIC_DECLARED");
    assert.deepEqual(view.lineItems[1]!.domesticLogisticInfo.map((p) => [p.logisticNumer, p.warehouseState]), [["SF7000000002", "EXPECTED"], ["SF7000000003", "EXPECTED"]]);
    // Replaced: the same body twice changes nothing.
    await declare([{ sku: b, numbers: ["SF7000000004"] }]);
    await declare([{ sku: b, numbers: ["SF7000000004"] }]);
    view = await parcel(d, booked.orderId);
    assert.deepEqual(view.lineItems[1]!.domesticLogisticInfo.map((p) => p.logisticNumer), ["SF7000000004"]);
    assert.deepEqual(view.history.map((h) => h.to), ["BOOKED", "DOMESTIC_DECLARED", "DOMESTIC_DECLARED"]);
    // What the declaration names is checked.
    const [mismatch, why] = await codeAndMessage(d.client.logistics.declare({ orderId: booked.orderId, tmallOrderId: "D-2", logisticInfos: [{ lineItem: a, domesticLogisticInfo: [{ logisticNumer: "SF7000000001" }] }] }));
    assert.equal(mismatch, 40002, why);
    assert.equal(await code(d.client.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: { itemId: "1", skuId: "1" }, domesticLogisticInfo: [{ logisticNumer: "SF7000000001" }] }] })), 40002);
    assert.equal(await code(d.client.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: a, logisticNumer: "FARUS2601000001AA", domesticLogisticInfo: [{ logisticNumer: "SF7000000001" }] }] })), 40002);
    assert.equal(await code(d.client.logistics.declare({ orderId: "1234567890123456789", logisticInfos: [{ lineItem: a, domesticLogisticInfo: [{ logisticNumer: "SF7000000001" }] }] })), 40401);

    // Another user of the developer sees none of it.
    const other = d.client.withUser(await server.addUser(d.developId, `other-${d.developId}`));
    assert.equal(await code(other.logistics.parcel(booked.orderId)), 40401);
    assert.equal(await code(other.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: a, domesticLogisticInfo: [{ logisticNumer: "SF7000000001" }] }] })), 40401);
    assert.deepEqual((await other.logistics.parcels()).items, []);
    // Another developer neither.
    const stranger = await server.createDeveloper();
    assert.equal(await code(stranger.client.logistics.parcel(booked.orderId)), 40401);
    // Its own order may not name the user's domestic parcels (40901); of two users declaring one new
    // tracking number at the same moment, one has it and the other is refused.
    const declareOwn = (client: TestDeveloper["client"], orderId: string, number: string) =>
      client.logistics.declare({ orderId, logisticInfos: [{ lineItem: a, domesticLogisticInfo: [{ logisticNumer: number, logisticCompanyName: "顺丰" }] }] });
    const own = await other.logistics.book({ receiverAddress: receiver(), lineItems: [line(a)] });
    assert.equal(await code(declareOwn(other, own.orderId, "SF7000000001")), 40901);
    assert.equal((await other.logistics.parcel(own.orderId)).status, "BOOKED");
    const third = d.client.withUser(await server.addUser(d.developId, `third-${d.developId}`));
    const thirds = await third.logistics.book({ receiverAddress: receiver(), lineItems: [line(a)] });
    const raced = await Promise.all([code(declareOwn(other, own.orderId, "SF7000000099")), code(declareOwn(third, thirds.orderId, "SF7000000099"))]);
    assert.deepEqual([...raced].sort(), [200, 40901], "one declaration has the parcel");

    // The declared parcels (goods bought elsewhere) reach the sandbox warehouse and are stored: IN_WAREHOUSE.
    await advance(d, DAY + 5 * HOUR);
    view = await parcel(d, booked.orderId);
    assert.equal(view.status, "IN_WAREHOUSE", JSON.stringify(view.lineItems.map((l) => l.domesticLogisticInfo)));

    // The balance drained before packing: the supplement waits (nothing debited), then is paid after a top-up.
    const left = await balance(d);
    const drained = await server.admin("POST", `/admin/developers/${d.developId}/wallet/adjust`, { amountFen: -left, memo: "test: no money left" });
    assert.equal(drained.code, 200, drained.msg);
    await advance(d, 2 * HOUR);
    view = await parcel(d, booked.orderId);
    assert.equal(view.status, "AWAITING_PAYMENT");
    assert.ok(fen(view.supplementDue) > 0);
    assert.equal(await balance(d), 0);
    await ledgerSound();
    await advance(d, HOUR);
    assert.equal((await parcel(d, booked.orderId)).status, "AWAITING_PAYMENT", "still short");
    const topped = await server.admin("POST", `/admin/developers/${d.developId}/wallet/topup`, { amount: "1000" });
    assert.equal(topped.code, 200, topped.msg);
    await advance(d, HOUR);
    view = await parcel(d, booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.equal(view.supplementDue, "0");
    assert.ok(fen(view.supplementaryFreight) > 0);
    assert.equal(await balance(d), 100_000 - fen(view.supplementaryFreight));
    await ledgerSound();
    assert.equal((await d.client.logistics.parcels({ status: "PACKED" })).items.length, 1);
  });

  test("GET /logistics/parcels?orderId= lists the orders holding a platform order's goods, the caller's only, page by page", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const taobao = await paidOrder(server, d, { lines: 1 });
    const alibaba = await paidOrder1688(server, d, { lines: 1 });
    const unbooked = await paidOrder(server, d, { lines: 1 });
    await advance(d, 6 * HOUR + 36 * HOUR + 6 * HOUR);
    const [ofTaobao, ofAlibaba] = [await storedItems(d, taobao.id), await storedItems(d, alibaba.baseInfo.id)];
    assert.ok(ofTaobao.length > 0 && ofAlibaba.length > 0 && (await storedItems(d, unbooked.id)).length > 0, "each order's goods stored");
    // One logistics order carries both platforms' goods; another holds none of them.
    const both = await bookStored(d, [...ofTaobao, ...ofAlibaba]);
    const unrelated = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(catalogueSku(false, 8))] });
    const listed = async (client: TestDeveloper["client"], query: Parameters<TestDeveloper["client"]["logistics"]["parcels"]>[0]) => (await client.logistics.parcels(query)).items.map((p) => p.orderId);
    assert.deepEqual(await listed(d.client, {}), [unrelated.orderId, both.orderId]);
    // Declared with the order's domestic parcels: listed before the warehouse packs it.
    assert.deepEqual(await listed(d.client, { orderId: taobao.id }), [both.orderId]);
    assert.deepEqual(await listed(d.client, { orderId: alibaba.baseInfo.id }), [both.orderId]);
    assert.deepEqual(await listed(d.client, { orderId: unbooked.id }), [], "an order with no parcel");
    assert.deepEqual(await listed(d.client, { orderId: "1234567890123456789" }), [], "an unknown order");

    // A second order declaring the same goods, then cancelled: pages of one keep the filter; a cancelled order stays listed.
    const second = await bookStored(d, ofTaobao);
    const first = await d.client.logistics.parcels({ orderId: taobao.id, limit: 1 });
    assert.deepEqual(first.items.map((p) => p.orderId), [second.orderId]);
    assert.equal(first.nextCursor, second.orderId);
    const next = await d.client.logistics.parcels({ orderId: taobao.id, limit: 1, after: first.nextCursor! });
    assert.deepEqual([next.items.map((p) => p.orderId), next.nextCursor], [[both.orderId], null]);
    assert.equal((await server.admin("POST", `/admin/logistics/parcels/${second.orderId}/cancel`)).code, 200);
    assert.deepEqual(await listed(d.client, { orderId: taobao.id, status: "CANCELLED" }), [second.orderId]);
    assert.deepEqual(await listed(d.client, { orderId: taobao.id, status: "IN_WAREHOUSE" }), [both.orderId]);

    // Packed 2 h later: the goods are allocated to it (their parcelId), and it is still the order's.
    await advance(d, 2 * HOUR);
    assert.equal((await parcel(d, both.orderId)).status, "PACKED");
    assert.ok((await storedItems(d, taobao.id)).every((i) => i.parcelId === both.orderId), "allocated to it");
    assert.deepEqual(await listed(d.client, { orderId: taobao.id }), [second.orderId, both.orderId]);
    assert.deepEqual(await listed(d.client, { orderId: alibaba.baseInfo.id }), [both.orderId]);

    // Another user of the developer, and another developer, see nothing for that order.
    const other = d.client.withUser(await server.addUser(d.developId, `other-${d.developId}`));
    await other.logistics.book({ receiverAddress: receiver(), lineItems: [line(catalogueSku(false, 9))] });
    assert.deepEqual(await listed(other, { orderId: taobao.id }), []);
    assert.equal((await other.logistics.parcels()).items.length, 1, "its own order is listed without the filter");
    // Nor can it declare the first user's domestic parcels as its own: 40901, and nothing of theirs moves.
    const theirs = ofAlibaba[0]!;
    const [quote] = await other.logistics.estimate({ itemId: theirs.itemId, skuId: theirs.skuId, quantity: 1, currency: "CNY", price: "10", receiverAddress: receiver() });
    const foreign = await other.logistics.book({ receiverAddress: receiver(), lineItems: [line({ itemId: theirs.itemId, skuId: theirs.skuId }, 1, quote!.serviceId)] });
    const declareTheirs = other.logistics.declare({
      orderId: foreign.orderId,
      logisticInfos: [{ lineItem: { itemId: theirs.itemId, skuId: theirs.skuId, quantity: 1 }, domesticLogisticInfo: [{ logisticNumer: theirs.inbound.trackingNumber, logisticCompanyName: theirs.inbound.carrier }] }],
    });
    const [declaredCode, declaredMessage] = await codeAndMessage(declareTheirs);
    assert.equal(declaredCode, 40901, declaredMessage);
    assert.match(declaredMessage, /another user's/);
    assert.equal((await other.logistics.parcel(foreign.orderId)).status, "BOOKED", "nothing declared");
    assert.ok((await storedItems(d, alibaba.baseInfo.id)).every((i) => i.parcelId === both.orderId), "the goods stay in their owner's parcel");
    const stranger = await server.createDeveloper();
    assert.deepEqual(await listed(stranger.client, { orderId: taobao.id }), []);
    assert.deepEqual(await listed(stranger.client, { orderId: alibaba.baseInfo.id }), []);

    // Not a platform order id: 40002 naming orderId.
    for (const bad of ["12a", "-1", "1".repeat(20), " 1"]) {
      const { envelope } = await d.client.raw("GET", "/logistics/parcels", { query: { orderId: bad } });
      assert.equal(envelope.code, 40002, bad);
      assert.match(envelope.msg, /orderId/, bad);
    }
  });

  test("operators: list, show, pack, ship, track and cancel over /admin, 40002 naming the field and 40901 for a wrong state", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const sku = catalogueSku(false, 3);
    const booked = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(sku)] });
    const listed = await server.admin<{ items: Array<{ orderId: string; developerId: string }> }>("GET", `/admin/logistics/parcels?developId=${d.developId}`);
    assert.deepEqual(listed.data.items.map((p) => p.orderId), [booked.orderId]);
    assert.equal((await server.admin("GET", "/admin/logistics/parcels/1234567890123456789")).code, 40401);
    assert.equal((await server.admin("GET", "/admin/logistics/parcels?status=LOST")).code, 40002);
    const packBody = { packages: [{ weightG: 800, sizeMm: "300x200x100" }] };
    assert.equal((await server.admin("POST", `/admin/logistics/parcels/${booked.orderId}/pack`, packBody)).code, 40901);
    assert.equal((await server.admin("POST", `/admin/logistics/parcels/${booked.orderId}/ship`, { trackingNumbers: ["1Z0001"] })).code, 40901);
    await d.client.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: sku, domesticLogisticInfo: [{ logisticNumer: "YT8000000001" }] }] });
    await advance(d, DAY + 5 * HOUR);
    assert.equal((await parcel(d, booked.orderId)).status, "IN_WAREHOUSE");
    const bad = async (action: string, body: unknown, field: RegExp) => {
      const reply = await server.admin("POST", `/admin/logistics/parcels/${booked.orderId}/${action}`, body);
      assert.equal(reply.code, 40002, `${action} ${JSON.stringify(body)}: ${reply.msg}`);
      assert.match(reply.msg, field);
    };
    await bad("pack", { packages: [{ weightG: 0, sizeMm: "300x200x100" }] }, /packages\[0\]\.weightG/);
    await bad("pack", { packages: [{ weightG: 800, sizeMm: "300x200" }] }, /packages\[0\]\.sizeMm/);
    await bad("pack", { packages: [{ weightG: 800, sizeMm: "300x200x100", serviceId: "9" }] }, /packages\[0\]\.serviceId/);
    await bad("pack", { packages: [{ weightG: 900_000, sizeMm: "300x200x100" }] }, /packages\[0\]/);
    // Operators pack before the sandbox does.
    const packed = await server.admin<ParcelDetail>("POST", `/admin/logistics/parcels/${booked.orderId}/pack`, { packages: [{ weightG: 300, sizeMm: "200x100x50" }] });
    assert.equal(packed.code, 200, packed.msg);
    assert.equal(packed.data.status, "PACKED");
    assert.deepEqual([packed.data.packages[0]!.weightG, packed.data.packages[0]!.lengthMm, packed.data.packages[0]!.widthMm, packed.data.packages[0]!.heightMm], [300, 200, 100, 50]);
    assert.equal((await server.admin("POST", `/admin/logistics/parcels/${booked.orderId}/cancel`)).code, 40901, "packed and paid: the goods are on their way out");
    await bad("ship", { trackingNumbers: ["1Z1", "1Z2"] }, /trackingNumbers/);
    const shipped = await server.admin<ParcelDetail>("POST", `/admin/logistics/parcels/${booked.orderId}/ship`, { carrier: "UPS", trackingNumbers: ["1Z999AA10123456784"] });
    assert.equal(shipped.code, 200, shipped.msg);
    assert.equal(shipped.data.packages[0]!.carrier, "UPS");
    await bad("track", { status: "teleported", text: "?" }, /status/);
    await bad("track", { status: "in_transit", text: "x", time: "2026-13-01 00:00:00" }, /time/);
    let traced = await server.admin<ParcelDetail>("POST", `/admin/logistics/parcels/${booked.orderId}/track`, { status: "Exception_004", text: "Held by customs", location: "Los Angeles, US" });
    assert.equal(traced.data.status, "EXCEPTION");
    traced = await server.admin<ParcelDetail>("POST", `/admin/logistics/parcels/${booked.orderId}/track`, { status: "delivered", text: "Delivered, front door" });
    assert.equal(traced.data.status, "DELIVERED");
    assert.deepEqual(traced.data.tracking.slice(-2).map((t) => [t.status, t.carrierStatus, t.text]), [["Exception", "Exception_004", "Held by customs"], ["Delivered", "delivered", "Delivered, front door"]]);
    // The sandbox's own steps were left stale by the operator's.
    await advance(d, 6 * DAY);
    const final = await parcel(d, booked.orderId);
    assert.equal(final.status, "DELIVERED");
    assert.equal(final.packages[0]!.trackingNumber, "1Z999AA10123456784");
  });

  test("the §2 calls take ?timestamp=&sign= instead of the two headers", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const sku = catalogueSku(false, 4);
    const path = "/v2/open/pp/logistics/orderBookingFreight";
    const body = JSON.stringify({ receiverAddress: receiver(), lineItems: [line(sku)] });
    const signed = d.client.signHeaders("POST", path, body);
    const { timestamp, signature, ...rest } = signed;
    const response = await fetch(`${server.url}${path}?timestamp=${timestamp}&sign=${signature}`, { method: "POST", headers: { ...rest, "content-type": "application/json" }, body });
    const envelope = (await response.json()) as { code: number; msg: string; data: { orderId: string } };
    assert.equal(envelope.code, 200, envelope.msg);
    assert.match(envelope.data.orderId, /^\d{19}$/);
    // Not on other routes.
    const page = "/logistics/parcels";
    const again = d.client.signHeaders("GET", page, "");
    const { timestamp: t2, signature: s2, ...rest2 } = again;
    const refused = (await (await fetch(`${server.url}${page}?timestamp=${t2}&sign=${s2}`, { headers: rest2 })).json()) as { code: number };
    assert.equal(refused.code, 40001);
  });

  test("random and adversarial input never makes a parcels route answer 5xx", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const rand = seededRandom(14);
    const values = [null, true, -1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1.5, "", "x".repeat(3000), "中文\u0000\u202e", "9".repeat(25), "US", [], {}, [{}], { serviceId: null }];
    const pick = () => values[Math.floor(rand() * values.length)];
    const fields = ["renderId", "receiverAddress", "lineItems", "tmallOrderInfo", "remark", "orderId", "tmallOrderId", "logisticInfos", "itemId", "skuId", "quantity", "freightInfo", "country", "name", "lineItem", "domesticLogisticInfo", "logisticNumer", "rtsTime"];
    const randomObject = (depth: number): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < 1 + Math.floor(rand() * 5); i++) {
        const f = fields[Math.floor(rand() * fields.length)]!;
        o[f] = depth < 2 && rand() < 0.4 ? (rand() < 0.5 ? [randomObject(depth + 1)] : randomObject(depth + 1)) : pick();
      }
      return o;
    };
    for (let i = 0; i < 150; i++) {
      const path = i % 2 === 0 ? "/v2/open/pp/logistics/orderBookingFreight" : "/v2/open/pp/logistics/updateLogisticInfo";
      const body = randomObject(0);
      const { envelope, status } = await d.client.raw("POST", path, { body });
      assert.equal(status, 200);
      assert.notEqual(envelope.code, 50001, `${path} ${JSON.stringify(body).slice(0, 300)}: ${envelope.msg}`);
    }
    for (const id of ["abc", "9".repeat(19), "9223372036854775808", "0", "-1", "%00"]) {
      const { envelope } = await d.client.raw("GET", `/logistics/parcels/${id}`);
      assert.ok([40002, 40401].includes(envelope.code), `${id}: ${envelope.code}`);
      const listed = await d.client.raw("GET", "/logistics/parcels", { query: { after: id, limit: "5" } });
      assert.ok([200, 40002].includes(listed.envelope.code), `after ${id}: ${listed.envelope.code}`);
    }
  });

  test("PARCEL_STATUS_MODIFY rides the warehouse's opt-in family: nothing without it, every status change with it", async () => {
    const off = await server.createDeveloper();
    const on = await server.createDeveloper();
    assert.deepEqual(await on.client.request("POST", "/developer/callback/extensions", { body: { warehouse: true } }), { warehouse: true });
    const events = async (d: TestDeveloper) =>
      (await server.platform.services.outbox.list(server.platform.database.db, d.developId, { type: "PARCEL_STATUS_MODIFY", limit: 1000 })).map((e) => JSON.parse(e.payload) as ParcelDetail & { previousStatus: string | null });
    for (const d of [off, on]) {
      const sku = catalogueSku(false, 5);
      const booked = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(sku)] });
      await d.client.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: sku, domesticLogisticInfo: [{ logisticNumer: `JD${d.developId.slice(-10)}` }] }] });
    }
    assert.deepEqual(await events(off), []);
    const seen = await events(on);
    assert.deepEqual(seen.map((e) => `${e.previousStatus}→${e.status}`), ["null→BOOKED", "BOOKED→DOMESTIC_DECLARED"]);
    assert.ok(seen.every((e) => /^\d{19}$/.test(e.orderId) && Array.isArray(e.lineItems) && Array.isArray(e.history)), "the parcel view with previousStatus");
    dev = on;
  });

  test("openpon parcels: list, show, pack, ship, track and cancel through a running server", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const sku = catalogueSku(false, 6);
    const booked = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(sku)] });
    const doomed = await d.client.logistics.book({ receiverAddress: receiver(), lineItems: [line(catalogueSku(false, 7))] });
    await d.client.logistics.declare({ orderId: booked.orderId, logisticInfos: [{ lineItem: sku, domesticLogisticInfo: [{ logisticNumer: "ZT9000000001" }] }] });
    await advance(d, DAY + 5 * HOUR);
    const dir = tempDir("openpon-parcels-cli-");
    const env = { ...(process.env as Record<string, string>), OPENPON_URL: server.url, OPERATOR_TOKEN: server.platform.operatorToken, DATA_DIR: dir, LOG_LEVEL: "silent" };
    const run = promisify(execFile);
    const cli = async (...args: string[]) => (await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), "parcels", ...args], { cwd: ROOT, env })).stdout;
    try {
      assert.match(await cli("list", "--developer", d.developId), new RegExp(`${booked.orderId} +IN_WAREHOUSE`));
      assert.match(await cli("show", booked.orderId), /ZT9000000001 .*STORED/);
      await assert.rejects(cli("pack", booked.orderId, "--weight-g", "500", "--size-mm", "300x0x100"), /error 40002: packages\[0\]\.widthMm/);
      await assert.rejects(cli("pack", "1234567890123456789", "--weight-g", "500", "--size-mm", "300x200x100"), /error 40401/);
      assert.match(await cli("pack", booked.orderId, "--weight-g", "500", "--size-mm", "300x200x100"), /PACKED/);
      await assert.rejects(cli("cancel", booked.orderId), /error 40901/);
      assert.match(await cli("ship", booked.orderId, "--carrier", "DHL", "--tracking", "JD014600006281"), /SHIPPED[\s\S]*DHL JD014600006281 InfoReceived/);
      await assert.rejects(cli("track", booked.orderId, "--status", "warp", "--text", "?"), /error 40002: status/);
      const traced = JSON.parse(await cli("track", booked.orderId, "--status", "OutForDelivery", "--text", "With the courier", "--json")) as ParcelDetail;
      assert.equal(traced.status, "IN_TRANSIT");
      assert.match(await cli("cancel", doomed.orderId), /CANCELLED/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the OpenAPI document lists the parcels routes with their codes", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, { content?: Record<string, { schema: { "x-codes"?: number[] } }> }> }>> };
    const codes = (p: string, method: string) => doc.paths[p]?.[method]?.responses["200"]?.content?.["application/json"]?.schema["x-codes"] ?? [];
    for (const c of [40002, 40201, 40901]) assert.ok(codes("/v2/open/pp/logistics/orderBookingFreight", "post").includes(c), `booking lists ${c}`);
    for (const c of [40002, 40401, 40901]) assert.ok(codes("/v2/open/pp/logistics/updateLogisticInfo", "post").includes(c), `declaration lists ${c}`);
    assert.ok(codes("/logistics/parcels", "get").includes(40002));
    const listParameters = (doc.paths["/logistics/parcels"]?.["get"] as unknown as { parameters: Array<{ name: string; in: string; schema: { pattern?: string } }> }).parameters;
    assert.deepEqual(listParameters.filter((p) => p.name === "orderId").map((p) => [p.in, p.schema.pattern]), [["query", ID_PATTERN]]);
    assert.ok(codes("/logistics/parcels/{id}", "get").includes(40401));
    for (const action of ["pack", "ship", "track", "cancel", "charge"]) assert.ok(codes(`/admin/logistics/parcels/{id}/${action}`, "post").includes(40901), action);
    assert.deepEqual(doc.paths["/admin/logistics/parcels/{id}/pack"]?.["post"]?.security, [{ operatorToken: [] }]);
    assert.ok(JSON.stringify(doc.paths["/v2/open/pp/logistics/orderBookingFreight"]).includes("logisticNumer"));
  });
});
