// Freight over HTTP and the database (PGlite by default, PostgreSQL with DATABASE_URL): estimates
// against the sample lines, renders, renders booked through the services (FreightPricing.useRender),
// the operators' lines and `openpon shipping …` end to end.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { computeRequestSignature, generateNonce } from "@openpon/sdk";
import { ROOT, startServer, tempDir, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import type { Product } from "../src/marketplace/port.ts";
import { formatCst } from "../src/platform/time.ts";
import { seededRandom } from "../src/platform/random.ts";
import { ApiError } from "../src/platform/http/errors.ts";
import type { FreightLineRequest, LogisticsOwner } from "../src/modules/logistics/contracts.ts";

const run = promisify(execFile);
const ESTIMATE = "/v2/open/pp/logistics/itemLogisticsPrice";
const RENDER = "/v2/open/pp/logistics/orderRenderFreight";
/** No catalogue has it: the default unit (500 g, 150 × 100 × 80 mm, no attribute). */
const UNKNOWN_ITEM = "999999999999";

type Quote = { serviceId: string; companyName: string; serviceCategory: string; freight: string; currency: string; chargeableWeight: string; minDeliveryDays: number; maxDeliveryDays: number };
type Rendered = {
  renderId: string;
  expireTime: string;
  currency: string;
  totalFreight: string;
  renderItems: Array<{ itemId: string; skuId: string; quantity: number; freightInfo: { serviceId: string; companyName: string; serviceCategory: string }; freight: string; minDeliveryDays: number; maxDeliveryDays: number }>;
};

let server: TestServer;
let dev: TestDeveloper;
let otherUser: string;
let otherDev: TestDeveloper;

before(async () => {
  server = await startServer({ config: { sandboxItems: 300, sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  dev = await server.createDeveloper();
  otherUser = await server.addUser(dev.developId, `shipping-other-${Date.now()}`);
  otherDev = await server.createDeveloper();
});
after(async () => server?.close());

const address = (country: string, zip?: string) => ({ country, ...(zip ? { zip } : {}), state: "California", city: "VALLEY VLG", address: "5818 WHITSETT AVE 401", name: "Ofir Birinbaum", phone: "5083326888", email: null });
const estimateBody = (itemId: string, skuId: string, country: string, quantity = 1, zip?: string) => ({ itemId, skuId, quantity, currency: "CNY", price: "59.9", receiverAddress: address(country, zip) });

async function estimate(body: unknown, client = dev.client) {
  return (await client.raw<Quote[]>("POST", ESTIMATE, { body })).envelope;
}
async function quotes(body: unknown): Promise<Quote[]> {
  const envelope = await estimate(body);
  assert.equal(envelope.code, 200, envelope.msg);
  return envelope.data!;
}
async function failsWith(p: string, body: unknown, code: number, message: RegExp) {
  const { envelope } = await dev.client.raw("POST", p, { body });
  assert.equal(envelope.code, code, `${p}: expected ${code}, got ${envelope.code} ${envelope.msg}`);
  assert.match(envelope.msg, message);
}

/** A sandbox Taobao product and one of its SKUs, chosen by its category path. */
function sandboxProduct(match: (p: Product) => boolean): { product: Product; skuId: string } {
  for (let i = 0; i < 300; i++) {
    const product = server.platform.services.goods.productAt("taobao", i, "en");
    if (product.skus.length > 0 && match(product)) return { product, skuId: product.skus[0]!.skuId };
  }
  throw new Error("no such sandbox product");
}
const inCategory = (ids: number[]) => (p: Product) => p.categoryPath.some((c) => ids.includes(c.id));
const BATTERY_CATEGORIES = [1040010, 1040020, 1040030, 1040040, 1041010];
const SENSITIVE_CATEGORIES = [...BATTERY_CATEGORIES, 1042030, 1046010, 1047020, 1036030, 1039010, 1039030, 1039040, 1039022, 1039023];

describe("item freight estimate (§2.1)", () => {
  test("to the US: every sample line serving it, cheapest first, each freight as computed by hand", async () => {
    // The default unit: 500 g; 150 × 100 × 80 mm = 1,200,000 mm³ (150 g at /8000, 200 g at /6000, 240 g at /5000), so 500 g counts.
    const got = await quotes(estimateBody(UNKNOWN_ITEM, "1", "US"));
    assert.deepEqual(
      got.map((q) => [q.serviceId, q.freight, q.chargeableWeight, q.minDeliveryDays, q.maxDeliveryDays]),
      [
        // Yanwen: 0.5 kg × ¥72/kg = 3600 + handling 1000 = ¥46.
        ["3", "46", "0.5", 12, 30],
        // YunExpress: 0.5 kg × ¥95/kg = 4750 + registration 1800 + fuel 10 % × 4750 = 475 → ¥70.25.
        ["2", "70.25", "0.5", 7, 15],
        // Sea: minimum 3 kg: first 1 kg 6000 + 2 × 2200 = 10400 + port 3000 → ¥134.
        ["4", "134", "3", 30, 55],
        // Battery line: 12000 + battery max(500, 0.5 × 500) = 500 + fuel 12 % × 12000 = 1440 → ¥139.4.
        ["5", "139.4", "0.5", 8, 18],
        // EMS: first 500 g ¥160.
        ["1", "160", "0.5", 5, 12],
        // UPS DDP: 19000 + DDP 2500 + fuel 18 % × 19000 = 3420 → ¥249.2.
        ["6", "249.2", "0.5", 3, 6],
      ],
    );
    assert.deepEqual(got[0], { serviceId: "3", companyName: "Yanwen", serviceCategory: "ECONOMY", freight: "46", currency: "CNY", chargeableWeight: "0.5", minDeliveryDays: 12, maxDeliveryDays: 30 });
  });

  test("a remote US postcode is priced by its own zone", async () => {
    const got = await quotes(estimateBody(UNKNOWN_ITEM, "1", "US", 1, "99501"));
    // US-REMOTE: 23000 + DDP 2500 + remote max(18000, 0.5 × 360) = 18000 + fuel 18 % × 23000 = 4140 → ¥476.4, 5-9 days.
    assert.deepEqual(got.find((q) => q.serviceId === "6"), { serviceId: "6", companyName: "UPS Worldwide Express DDP", serviceCategory: "EXPRESS", freight: "476.4", currency: "CNY", chargeableWeight: "0.5", minDeliveryDays: 5, maxDeliveryDays: 9 });
  });

  test("to Thailand: the Asian zones; the US-only line is left out", async () => {
    const got = await quotes(estimateBody(UNKNOWN_ITEM, "1", "th"));
    // Yanwen 2250 + 1000; YunExpress 3000 + 1800 + 300; battery 7000 + 500 + 840; sea 3500 + 2 × 1200 + 3000; EMS 9000.
    assert.deepEqual(got.map((q) => [q.serviceId, q.freight]), [["3", "32.5"], ["2", "51"], ["5", "83.4"], ["4", "89"], ["1", "90"]]);
    assert.deepEqual([got.at(-1)!.minDeliveryDays, got.at(-1)!.maxDeliveryDays], [3, 7], "EMS's near-Asia zone has its own transit days");
  });

  test("a country no line serves: []", async () => {
    assert.deepEqual(await quotes(estimateBody(UNKNOWN_ITEM, "1", "KP")), []);
  });

  test("the catalogue's unit weight, times the quantity", async () => {
    const { product, skuId } = sandboxProduct((p) => !inCategory(SENSITIVE_CATEGORIES)(p) && p.weightKg * 3 <= 2);
    const unitG = Math.round(product.weightKg * 1000);
    for (const [itemId, quantity] of [[product.id, 1], [product.mpId, 3]] as const) {
      const yanwen = (await quotes(estimateBody(itemId, skuId, "US", quantity))).find((q) => q.serviceId === "3")!;
      // Yanwen rounds up to 10 g (minimum 50 g) at ¥72/kg, + ¥10 handling.
      const charged = Math.ceil(Math.max(50, unitG * quantity) / 10) * 10;
      assert.equal(yanwen.chargeableWeight, String(charged / 1000), `${quantity} × ${unitG} g`);
      assert.equal(yanwen.freight, String((Math.floor((2 * charged * 7200 + 1000) / 2000) + 1000) / 100));
    }
  });

  test("goods with a battery are left out by the lines that refuse them", async () => {
    const { product, skuId } = sandboxProduct(inCategory(BATTERY_CATEGORIES));
    const got = await quotes(estimateBody(product.id, skuId, "US"));
    assert.deepEqual(got.map((q) => q.serviceId).sort(), ["4", "5"], "only the sea and the battery lines take batteries");
    assert.ok(Number(got[0]!.freight) <= Number(got[1]!.freight), "cheapest first");
  });

  test("accepted with ?timestamp=&sign= in place of the two headers; other routes still want the headers", async () => {
    const call = (p: string, body: unknown, timestamp = String(Date.now()), nonce = generateNonce(), sign = computeRequestSignature(dev.accessKey, timestamp, nonce, dev.accessSecret)) =>
      fetch(`${server.url}${p}?timestamp=${timestamp}&sign=${sign}`, {
        method: "POST",
        headers: { "content-type": "application/json", "access-key": dev.accessKey, "user-id": dev.userId, "nonce-str": nonce },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ code: number; msg: string; data: Quote[] }>);
    const viaQuery = await call(ESTIMATE, estimateBody(UNKNOWN_ITEM, "1", "US"));
    assert.equal(viaQuery.code, 200, viaQuery.msg);
    assert.equal(viaQuery.data.length, 6);
    assert.equal((await call("/v2/open/address/get", {})).code, 40001);
  });

  test("validation (§2.0.1): 40002 naming the field", async () => {
    const good = estimateBody(UNKNOWN_ITEM, "1", "US");
    await failsWith(ESTIMATE, { ...good, receiverAddress: { zip: "91607" } }, 40002, /receiverAddress\.country is required/);
    await failsWith(ESTIMATE, { ...good, receiverAddress: address("USA") }, 40002, /receiverAddress\.country must be an ISO 3166-1 alpha-2 code/);
    await failsWith(ESTIMATE, { ...good, receiverAddress: address("XX") }, 40002, /receiverAddress\.country XX is not an ISO 3166-1 alpha-2 country code/);
    await failsWith(ESTIMATE, { ...good, quantity: 0 }, 40002, /quantity/);
    await failsWith(ESTIMATE, { ...good, currency: "XYZ" }, 40002, /currency XYZ is not an ISO 4217 currency code/);
    await failsWith(ESTIMATE, { ...good, currency: "US" }, 40002, /currency must be an ISO 4217 code/);
    await failsWith(ESTIMATE, { ...good, price: "12,5" }, 40002, /price must be a decimal string/);
    await failsWith(ESTIMATE, { ...good, price: 12.5 }, 40002, /price must be a decimal string/);
    const { itemId: _, ...noItem } = good;
    await failsWith(ESTIMATE, noItem, 40002, /itemId is required/);
  });
});

const renderItem = (serviceId: string, itemId = UNKNOWN_ITEM, skuId = "1", quantity = 1) => ({ itemId, skuId, quantity, freightInfo: { serviceId, companyName: "", serviceCategory: "" } });

async function renderOk(body: unknown, client = dev.client): Promise<Rendered> {
  const { envelope } = await client.raw<Rendered>("POST", RENDER, { body });
  assert.equal(envelope.code, 200, envelope.msg);
  return envelope.data!;
}

describe("order freight render (§2.2)", () => {
  test("each line on its own service; renderId FF + China date + daily sequence; expireTime 30 minutes on the developer's clock", async () => {
    const before = await server.platform.services.clocks.now(dev.developId);
    const rendered = await renderOk({ receiverAddress: address("US"), renderItems: [renderItem("1"), renderItem("2", UNKNOWN_ITEM, "2", 2)] });
    const after = await server.platform.services.clocks.now(dev.developId);
    assert.match(rendered.renderId, /^FF\d{8}\d{5}$/);
    assert.equal(rendered.renderId.slice(2, 10), formatCst(before).slice(0, 10).replaceAll("-", ""));
    const expires = [formatCst(before + 30 * 60_000), formatCst(after + 30 * 60_000)];
    assert.ok(expires[0]! <= rendered.expireTime && rendered.expireTime <= expires[1]!, `${rendered.expireTime} within ${expires.join(" … ")}`);
    // EMS ¥160 for 500 g; YunExpress 2 × 500 g = 1 kg: 1 × 9500 + 1800 + 950 = 12250 → ¥122.5. Total ¥282.5.
    assert.deepEqual(rendered.renderItems, [
      { itemId: UNKNOWN_ITEM, skuId: "1", quantity: 1, freightInfo: { serviceId: "1", companyName: "EMS", serviceCategory: "EXPRESS" }, freight: "160", minDeliveryDays: 5, maxDeliveryDays: 12 },
      { itemId: UNKNOWN_ITEM, skuId: "2", quantity: 2, freightInfo: { serviceId: "2", companyName: "YunExpress", serviceCategory: "STANDARD" }, freight: "122.5", minDeliveryDays: 7, maxDeliveryDays: 15 },
    ]);
    assert.equal(rendered.totalFreight, "282.5");
    assert.equal(rendered.currency, "CNY");
    // The next render of the day takes the next number.
    const next = await renderOk({ receiverAddress: address("US"), renderItems: [renderItem("3")] });
    assert.equal(Number(next.renderId.slice(10)), Number(rendered.renderId.slice(10)) + 1);
  });

  test("a service that is unknown, does not serve the country or cannot take the goods: 40002 naming the line", async () => {
    await failsWith(RENDER, { receiverAddress: address("TH"), renderItems: [renderItem("1"), renderItem("6")] }, 40002, /^renderItems\[1\]\.freightInfo\.serviceId: service 6 does not serve TH$/);
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [renderItem("99")] }, 40002, /^renderItems\[0\]\.freightInfo\.serviceId 99 is not a shipping service$/);
    const { product, skuId } = sandboxProduct(inCategory(BATTERY_CATEGORIES));
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [renderItem("5", product.id, skuId), renderItem("1", product.id, skuId)] }, 40002, /^renderItems\[1\]\.freightInfo\.serviceId: service 1 does not accept battery goods$/);
    // Yanwen takes 2 kg at most: 5 × 500 g.
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [renderItem("3", UNKNOWN_ITEM, "1", 5)] }, 40002, /renderItems\[0\]\.freightInfo\.serviceId: service 3 takes at most 2 kg; the goods weigh 2\.5 kg/);
  });

  test("validation: 1 to 50 lines, quantity, currency, price, the country", async () => {
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [] }, 40002, /renderItems must have 1 to 50 items/);
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: Array.from({ length: 51 }, () => renderItem("1")) }, 40002, /renderItems must have 1 to 50 items/);
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [{ ...renderItem("1"), quantity: 0 }] }, 40002, /renderItems\[0\]\.quantity/);
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [{ ...renderItem("1"), currency: "ABC" }] }, 40002, /renderItems\[0\]\.currency ABC is not an ISO 4217/);
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [{ ...renderItem("1"), price: "1e3" }] }, 40002, /price must be a decimal string/);
    await failsWith(RENDER, { renderItems: [renderItem("1")] }, 40002, /receiverAddress is required/);
    await failsWith(RENDER, { receiverAddress: address("ZZ"), renderItems: [renderItem("1")] }, 40002, /receiverAddress\.country ZZ is not/);
    await failsWith(RENDER, { receiverAddress: address("US"), renderItems: [{ itemId: UNKNOWN_ITEM, skuId: "1", quantity: 1, freightInfo: {} }] }, 40002, /renderItems\[0\]\.freightInfo\.serviceId is required/);
  });
});

describe("renders booked through FreightPricing.useRender", () => {
  const owner = (d: TestDeveloper, userId = d.userId): LogisticsOwner => ({ developerId: d.developId, userId, sandbox: true });
  const linesOf = (r: Rendered): FreightLineRequest[] => r.renderItems.map((i) => ({ itemId: i.itemId, skuId: i.skuId, quantity: i.quantity, serviceId: i.freightInfo.serviceId }));
  const use = async (o: LogisticsOwner, renderId: string, country: string, lines: FreightLineRequest[]) => {
    const { services, database } = server.platform;
    const now = await services.clocks.now(o.developerId);
    return database.db.transaction().execute((trx) => services.shipping.useRender(trx, o, renderId, country, lines, now));
  };
  const rejects = (promise: Promise<unknown>, code: number, message: RegExp) =>
    assert.rejects(promise, (err: unknown) => {
      assert.ok(err instanceof ApiError, String(err));
      assert.equal(err.code, code, err.message);
      assert.match(err.message, message);
      return true;
    });

  test("once: the priced lines, then 40901; another user's or developer's render is 40401; a mismatch is 40002 and leaves it usable", async () => {
    const rendered = await renderOk({ receiverAddress: address("US"), renderItems: [renderItem("1"), renderItem("2", UNKNOWN_ITEM, "2", 2)] });
    const lines = linesOf(rendered);
    await rejects(use(owner(dev, otherUser), rendered.renderId, "US", lines), 40401, /not found/);
    await rejects(use(owner(otherDev), rendered.renderId, "US", lines), 40401, /not found/);
    await rejects(use(owner(dev), rendered.renderId, "US", [lines[0]!, { ...lines[1]!, quantity: 3 }]), 40002, /line 2: quantity 3 is not the render's \(2\)/);
    await rejects(use(owner(dev), rendered.renderId, "US", [lines[1]!, lines[0]!]), 40002, /line 1: skuId 2 is not the render's \(1\)/);
    await rejects(use(owner(dev), rendered.renderId, "US", [lines[0]!]), 40002, /the render's 2 lines \(1 given\)/);
    await rejects(use(owner(dev), rendered.renderId, "CA", lines), 40002, /receiverAddress\.country CA is not the render's \(US\)/);
    const priced = await use(owner(dev), rendered.renderId, "US", lines);
    assert.deepEqual(
      priced.map((l) => [l.serviceId, l.freightFen, l.chargeableWeightG, l.weightG, l.companyName]),
      [
        ["1", 16_000, 500, 500, "EMS"],
        ["2", 12_250, 1000, 1000, "YunExpress"],
      ],
    );
    await rejects(use(owner(dev), rendered.renderId, "US", lines), 40901, /already booked/);
  });

  test("expired 30 minutes later on the sandbox clock: 40901", async () => {
    const rendered = await renderOk({ receiverAddress: address("US"), renderItems: [renderItem("3")] });
    await server.platform.services.clocks.advance(dev.developId, 31 * 60_000);
    await rejects(use(owner(dev), rendered.renderId, "US", linesOf(rendered)), 40901, new RegExp(`expired at ${rendered.expireTime}`));
  });

  test("priceLines and priceParcel for the parcels part", async () => {
    const shipping = server.platform.services.shipping;
    const priced = await shipping.priceLines(owner(dev), "US", [{ itemId: UNKNOWN_ITEM, skuId: "1", quantity: 1, serviceId: "3" }], "lineItems");
    assert.equal(priced[0]!.freightFen, 4600);
    await rejects(shipping.priceLines(owner(dev), "TH", [{ itemId: UNKNOWN_ITEM, skuId: "1", quantity: 1, serviceId: "6" }], "lineItems"), 40002, /^lineItems\[0\]\.freightInfo\.serviceId: service 6 does not serve TH$/);
    // A measured 1.2 kg parcel, 300 × 200 × 150 mm (9,000,000 mm³ / 8000 = 1125 g) on EMS to the US: 1200 g → 2 steps → 16000 + 2 × 5000.
    assert.deepEqual(await shipping.priceParcel("1", "US", { weightG: 1200, lengthMm: 300, widthMm: 200, heightMm: 150, attributes: [] }), { freightFen: 26_000, chargeableWeightG: 1500 });
    assert.deepEqual(await shipping.priceParcel("1", "US", { weightG: 1200, lengthMm: 300, widthMm: 200, heightMm: 150, attributes: ["liquid"] }), { refused: "service 1 does not accept liquid goods" });
    assert.deepEqual(await shipping.priceParcel("77", "US", { weightG: 1200, lengthMm: 300, widthMm: 200, heightMm: 150, attributes: [] }), { refused: "service 77 is not a shipping service" });
    // A remote postcode is priced by its own zone at packing too (the 0.5 kg parcel of the remote-zone estimate above: ¥476.4).
    const small = { weightG: 500, lengthMm: 100, widthMm: 100, heightMm: 100, attributes: [] };
    const remote = await shipping.priceParcel("6", "US", small, "99501");
    const mainland = await shipping.priceParcel("6", "US", small, "91607");
    assert.ok("freightFen" in remote && "freightFen" in mainland && remote.freightFen === 47_640 && remote.freightFen > mainland.freightFen, JSON.stringify([remote, mainland]));
  });
});

const TEST_LINE = {
  companyName: "Polar Post",
  serviceCategory: "ECONOMY",
  maxWeightG: 10_000,
  transitDays: { min: 20, max: 40 },
  zones: [{ code: "NK", countries: ["KP"], rate: { kind: "steps", firstWeightG: 1000, firstFeeFen: 5000, stepWeightG: 1000, stepFeeFen: 1000 } }],
};

describe("operators' lines", () => {
  async function adminOk<T>(method: "GET" | "PUT" | "POST", p: string, body?: unknown): Promise<T> {
    const reply = await server.admin<T>(method, p, body);
    assert.equal(reply.code, 200, `${method} ${p}: ${reply.code} ${reply.msg}`);
    return reply.data;
  }
  async function adminFails(method: "GET" | "PUT" | "POST", p: string, body: unknown, code: number, message: RegExp) {
    const reply = await server.admin(method, p, body);
    assert.equal(reply.code, code, `${method} ${p}: expected ${code}, got ${reply.code} ${reply.msg}`);
    assert.match(reply.msg, message);
  }
  test("operators see why each line quotes or is left out (explain)", async () => {
    const { product, skuId } = sandboxProduct(inCategory(BATTERY_CATEGORIES));
    type Explained = { date: string; lines: Array<{ serviceId: string; result: { ok: boolean; reason?: string; totalFen?: number } }> };
    const explained = await adminOk<Explained>("POST", "/admin/shipping/explain", { itemId: product.id, skuId, quantity: 1, country: "TH", date: "2026-12-07" });
    const byId = new Map(explained.lines.filter((l) => /^[1-6]$/.test(l.serviceId)).map((l) => [l.serviceId, l.result]));
    assert.equal(explained.date, "2026-12-07");
    assert.deepEqual([byId.get("1")!.reason, byId.get("2")!.reason, byId.get("3")!.reason], ["ATTRIBUTE_NOT_ACCEPTED", "ATTRIBUTE_NOT_ACCEPTED", "ATTRIBUTE_NOT_ACCEPTED"]);
    assert.equal(byId.get("6")!.reason, "COUNTRY_NOT_SERVED", "the US-only line");
    assert.ok(byId.get("5")!.ok && byId.get("5")!.totalFen! > 0, "the battery line quotes");
    await adminFails("POST", "/admin/shipping/explain", { itemId: product.id, skuId, quantity: 1, country: "XX" }, 40002, /country/);

    // The quote simulator: goods typed as measured price like catalogue goods of the same weight and size.
    type Quoted = Explained & { goods: { weightG: number; lengthMm: number; attributes: string[] } };
    const typed = await adminOk<Quoted>("POST", "/admin/shipping/explain", { goods: { weightG: 1000, lengthMm: 300, widthMm: 200, heightMm: 100, attributes: ["battery"] }, country: "TH", date: "2026-12-07" });
    assert.deepEqual(typed.goods, { weightG: 1000, lengthMm: 300, widthMm: 200, heightMm: 100, attributes: ["battery"] });
    const typedById = new Map(typed.lines.map((l) => [l.serviceId, l.result]));
    assert.equal(typedById.get("1")!.reason, "ATTRIBUTE_NOT_ACCEPTED");
    assert.ok(typedById.get("5")!.ok);
    const plain = await adminOk<Quoted>("POST", "/admin/shipping/explain", { goods: { weightG: 1000, lengthMm: 300, widthMm: 200, heightMm: 100 }, country: "TH", date: "2026-12-07" });
    assert.ok(new Map(plain.lines.map((l) => [l.serviceId, l.result])).get("1")!.ok, "without the battery, EMS takes it");
    await adminFails("POST", "/admin/shipping/explain", { goods: { weightG: 0, lengthMm: 1, widthMm: 1, heightMm: 1 }, country: "TH" }, 40002, /weightG/);
    await adminFails("POST", "/admin/shipping/explain", { goods: { weightG: 10, lengthMm: 1, widthMm: 1, heightMm: 1, attributes: ["explosive"] }, country: "TH" }, 40002, /attributes/);
    await adminFails("POST", "/admin/shipping/explain", { goods: { weightG: 10, lengthMm: 1, widthMm: 1, heightMm: 1 }, itemId: product.id, skuId, quantity: 1, country: "TH" }, 40002, /either goods or itemId/);
    await adminFails("POST", "/admin/shipping/explain", { country: "TH" }, 40002, /itemId/);
  });


  test("the sample lines are listed; one is read whole; an unknown one is 40401", async () => {
    const lines = await adminOk<Array<{ serviceId: string; companyName: string }>>("GET", "/admin/shipping/lines");
    assert.deepEqual(lines.filter((l) => /^[1-6]$/.test(l.serviceId)).map((l) => l.companyName), ["EMS", "YunExpress", "Yanwen", "COSCO Sea Consolidation", "4PX Battery Line", "UPS Worldwide Express DDP"]);
    const ems = await adminOk<{ zones: unknown[]; volumetricDivisor: number; revision: number }>("GET", "/admin/shipping/lines/1");
    assert.equal(ems.zones.length, 6);
    assert.equal(ems.volumetricDivisor, 8000);
    await adminFails("GET", "/admin/shipping/lines/404", undefined, 40401, /shipping line 404 not found/);
    const response = await fetch(`${server.url}/admin/shipping/lines`);
    assert.equal(((await response.json()) as { code: number }).code, 40101, "the operator token is required");
  });

  test("a new line is priced at once; replaced, its revision grows; deactivated, it is gone from estimates", async () => {
    const created = await adminOk<{ revision: number; active: boolean; throwMode: string; surcharges: unknown[] }>("PUT", "/admin/shipping/lines/T100", TEST_LINE);
    assert.deepEqual([created.revision, created.active, created.throwMode, created.surcharges], [1, true, "full", []]);
    // 500 g → the first 1 kg, ¥50.
    assert.deepEqual((await quotes(estimateBody(UNKNOWN_ITEM, "1", "KP"))).map((q) => [q.serviceId, q.freight, q.chargeableWeight]), [["T100", "50", "1"]]);
    const replaced = await adminOk<{ revision: number }>("PUT", "/admin/shipping/lines/T100", { ...TEST_LINE, surcharges: [{ code: "POLAR", kind: "fixed", amount: 250 }] });
    assert.equal(replaced.revision, 2);
    assert.equal((await quotes(estimateBody(UNKNOWN_ITEM, "1", "KP")))[0]!.freight, "52.5");
    await adminOk("PUT", "/admin/shipping/lines/T100", { ...TEST_LINE, active: false });
    assert.deepEqual(await quotes(estimateBody(UNKNOWN_ITEM, "1", "KP")), []);
    await failsWith(RENDER, { receiverAddress: address("KP"), renderItems: [renderItem("T100")] }, 40002, /service T100 is not active/);
  });

  test("validation: 40002 naming the field", async () => {
    const put = (body: unknown, message: RegExp) => adminFails("PUT", "/admin/shipping/lines/T101", body, 40002, message);
    const zone = TEST_LINE.zones[0]!;
    await put({ ...TEST_LINE, zones: [{ ...zone, countries: ["KP", "XX"] }] }, /^zones\[0\]\.countries\[1\] XX is not an ISO 3166-1 alpha-2 country code$/);
    await put({ ...TEST_LINE, zones: [{ ...zone, countries: ["kp"] }] }, /countries must be ISO 3166-1 alpha-2 codes in upper case/);
    await put({ ...TEST_LINE, maxWeightG: 0 }, /^maxWeightG must be/);
    await put({ ...TEST_LINE, zones: [{ ...zone, rate: { ...zone.rate, firstWeightG: 0 } }] }, /^zones\[0\]\.rate\.firstWeightG must be/);
    await put({ ...TEST_LINE, zones: [{ ...zone, rate: { ...zone.rate, stepFeeFen: -1 } }] }, /^zones\[0\]\.rate\.stepFeeFen must be/);
    await put({ ...TEST_LINE, surcharges: [{ code: "X", kind: "fixed", amount: -5 }] }, /^surcharges\[0\]\.amount must be/);
    await put(
      { ...TEST_LINE, zones: [{ ...zone, rate: { kind: "bands", bands: [{ fromG: 0, toG: 1000, perKgFen: 1 }, { fromG: 900, toG: 2000, perKgFen: 1 }] } }] },
      /^zones\[0\]\.rate\.bands\[1\]\.fromG must be 1000: it overlaps the band before$/,
    );
    await put(
      { ...TEST_LINE, zones: [{ ...zone, rate: { kind: "bands", bands: [{ fromG: 0, toG: 1000, perKgFen: 1 }, { fromG: 1100, toG: 2000, perKgFen: 1 }] } }] },
      /^zones\[0\]\.rate\.bands\[1\]\.fromG must be 1000: bands must leave no gap$/,
    );
    await put({ ...TEST_LINE, serviceCategory: "FAST" }, /serviceCategory must be EXPRESS, STANDARD or ECONOMY/);
    await put({ ...TEST_LINE, volumetricDivisor: 7000 }, /volumetricDivisor must be 5000, 6000 or 8000/);
    await adminFails("PUT", "/admin/shipping/lines/bad id", TEST_LINE, 40002, /serviceId must be/);
    assert.equal((await server.admin("GET", "/admin/shipping/lines/T101")).code, 40401, "nothing was written");
  });

  test("the fuel percentage from a date on", async () => {
    await adminOk("PUT", "/admin/shipping/lines/T102", { ...TEST_LINE, surcharges: [{ code: "FUEL", kind: "percent", amount: 1000, validFrom: "2020-01-01" }] });
    const saved = await adminOk<{ surcharges: Array<{ amount: number; validFrom: string | null; validTo: string | null }>; revision: number }>("POST", "/admin/shipping/lines/T102/fuel", { percentBp: 2000, from: "2021-01-01" });
    assert.deepEqual(
      saved.surcharges.map((s) => [s.amount, s.validFrom, s.validTo]),
      [
        [1000, "2020-01-01", "2020-12-31"],
        [2000, "2021-01-01", null],
      ],
    );
    assert.equal(saved.revision, 2);
    // 5000 + 20 % = ¥60.
    assert.equal((await quotes(estimateBody(UNKNOWN_ITEM, "1", "KP")))[0]!.freight, "60");
    await adminFails("POST", "/admin/shipping/lines/T102/fuel", { percentBp: 2000, from: "2021-02-30" }, 40002, /from 2021-02-30 is not a date/);
    await adminFails("POST", "/admin/shipping/lines/nope/fuel", { percentBp: 2000, from: "2021-02-01" }, 40401, /shipping line nope not found/);
    await adminFails("POST", "/admin/shipping/lines/T102/fuel", { percentBp: -1, from: "2021-02-01" }, 40002, /percentBp must be/);
  });
});

describe("openpon shipping", () => {
  let env: Record<string, string>;
  before(() => {
    env = { ...(process.env as Record<string, string>), OPENPON_URL: server.url, OPERATOR_TOKEN: server.platform.operatorToken, DATA_DIR: tempDir("openpon-shipping-cli-"), LOG_LEVEL: "silent" };
  });
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args], { cwd: ROOT, env })).stdout;

  test("line set from a file, line show, lines, fuel, through the running server", async () => {
    const file = path.join(env["DATA_DIR"]!, "line.json");
    fs.writeFileSync(file, JSON.stringify({ ...TEST_LINE, companyName: "CLI Post" }));
    assert.match(await cli("shipping", "line", "set", "T200", "--file", file), /^saved: +T200 +active +ECONOMY +1 zones, 1 countries .*rev 1 .*CLI Post/);
    const shown = JSON.parse(await cli("shipping", "line", "show", "T200")) as { companyName: string; zones: Array<{ countries: string[] }> };
    assert.equal(shown.companyName, "CLI Post");
    // What `line show` prints is what `line set` takes back.
    fs.writeFileSync(file, JSON.stringify(shown));
    assert.match(await cli("shipping", "line", "set", "T200", "--file", file), /rev 2/);
    const fuel = JSON.parse(await cli("shipping", "fuel", "T200", "12.5", "--from", "2024-05-01", "--json")) as { surcharges: Array<{ code: string; amount: number; validFrom: string }> };
    assert.deepEqual(fuel.surcharges.map((s) => [s.code, s.amount, s.validFrom]), [["FUEL", 1250, "2024-05-01"]]);
    assert.match(await cli("shipping", "lines"), /T200 +active .*fuel 12\.5% from 2024-05-01 +CLI Post/);
    await assert.rejects(cli("shipping", "fuel", "T200", "abc", "--from", "2024-05-01"), /must be a percentage/);
    await assert.rejects(cli("shipping", "line", "show", "T999"), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /40401: shipping line T999 not found/);
      return true;
    });
  });
});

describe("the surface", () => {
  test("the OpenAPI document lists both endpoints and the operator routes with their codes", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { content: Record<string, { schema: { "x-codes": number[] } }> }> }>> };
    for (const [p, method, codes] of [
      [ESTIMATE, "post", [40001, 40002, 40101, 40102, 40103, 40104, 40301, 42901, 50001]],
      [RENDER, "post", [40001, 40002, 40101, 40102, 40103, 40104, 40301, 42901, 50001]],
      ["/admin/shipping/lines", "get", []],
      ["/admin/shipping/lines/{serviceId}", "put", [40002]],
      ["/admin/shipping/lines/{serviceId}", "get", [40002, 40401]],
      ["/admin/shipping/lines/{serviceId}/fuel", "post", [40002, 40401]],
    ] as const) {
      const operation = doc.paths[p]?.[method];
      assert.ok(operation, `${method} ${p} is documented`);
      const listed = operation.responses["200"]!.content["application/json"]!.schema["x-codes"];
      for (const code of codes) assert.ok(listed.includes(code), `${p} lists ${code}`);
    }
    assert.ok(JSON.stringify(doc.paths[RENDER]).includes("freightInfo"));
  });

  test("random and adversarial bodies never answer 50001", async () => {
    const rand = seededRandom(20261207);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const values = [null, 0, -1, 1.5, 1e308, "", " ", "US", "us", "XX", "\u0001", "a".repeat(5000), [], {}, true, "99501", "1", UNKNOWN_ITEM, "9".repeat(30)];
    const codes = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const address = rand() < 0.2 ? pick(values) : { country: rand() < 0.7 ? pick(["US", "TH", "KP", "gb"]) : pick(values), zip: pick(values), name: pick(values) };
      const line = () => ({ itemId: rand() < 0.7 ? UNKNOWN_ITEM : pick(values), skuId: rand() < 0.7 ? "1" : pick(values), quantity: rand() < 0.6 ? 1 + Math.floor(rand() * 100_000) : pick(values), freightInfo: rand() < 0.8 ? { serviceId: rand() < 0.7 ? pick(["1", "2", "3", "4", "5", "6"]) : pick(values) } : pick(values), currency: rand() < 0.7 ? "CNY" : pick(values), price: rand() < 0.7 ? "1.5" : pick(values) });
      const body =
        i % 2 === 0
          ? { ...line(), receiverAddress: address }
          : { receiverAddress: address, renderItems: rand() < 0.9 ? Array.from({ length: Math.floor(rand() * 4) }, line) : pick(values) };
      const { envelope } = await dev.client.raw("POST", i % 2 === 0 ? ESTIMATE : RENDER, { body });
      assert.notEqual(envelope.code, 50001, `${JSON.stringify(body).slice(0, 300)}: ${envelope.msg}`);
      codes.set(envelope.code, (codes.get(envelope.code) ?? 0) + 1);
    }
    assert.ok((codes.get(200) ?? 0) > 0 && (codes.get(40002) ?? 0) > 0, JSON.stringify([...codes]));
  });
});
