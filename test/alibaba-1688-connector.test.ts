// Contract tests of the real 1688 connector against the faithful local AOP fake (test/fakes/aop-fake.ts):
// the wire form and signature are checked by the fake on every call, so a passing call here is a
// correctly signed one. No real host is contacted: every connector points at the fake's 127.0.0.1 port.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { UpstreamError } from "../src/marketplace/port.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { Alibaba1688Connector, NOT_IMPLEMENTED, type Alibaba1688Options } from "../src/marketplace/alibaba-1688/connector.ts";
import { AopFake, type FakeProduct } from "./fakes/aop-fake.ts";
import { APP_KEY, SECRET, TOKEN, OWNER, RECEIVER, RED, BLUE, dress } from "./fakes/aop-fixtures.ts";

const DRESS = dress({ images: ["https://cbu01.alicdn.com/img/a.jpg"], minOrderQuantity: 2, skus: [{ ...RED, stock: 100 }, { ...BLUE, stock: 5 }] });
const MUG: FakeProduct = {
  productID: "620000000001",
  subject: "马克杯",
  sellerLoginId: "seller-b",
  images: [],
  minOrderQuantity: 1,
  unit: "个",
  unitWeightKg: 0.4,
  categoryID: 2,
  skus: [{ skuId: "5000000000001", specId: "d488fa00a0f6f5a3a3cd8e9e7c3d4e5f", priceFen: 800, stock: 50, attributes: [] }],
};

describe("1688 connector against the fake AOP gateway", () => {
  let fake: AopFake;
  let fakeNow = Date.parse("2026-12-07T08:00:00Z");
  const connect = (overrides: Partial<Alibaba1688Options> = {}) =>
    new Alibaba1688Connector({
      baseUrl: fake.url,
      appKey: APP_KEY,
      appSecret: SECRET,
      accessToken: TOKEN,
      timeoutMs: 2000,
      ...overrides,
      policy: { ratePerSec: 1000, burst: 1000, maxAttempts: 3, circuitThreshold: 3, circuitCoolDownMs: 60_000, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits(), ...overrides.policy },
    });

  before(async () => {
    fake = await AopFake.start({
      appKey: APP_KEY,
      appSecret: SECRET,
      tokens: { [TOKEN]: fakeNow + 10 * 3600_000, "old-token": fakeNow - 1 },
      products: [structuredClone(DRESS), structuredClone(MUG)],
      now: () => fakeNow,
    });
  });
  after(async () => {
    await fake?.close();
  });

  test("no real host: the connector's base URL is the fake's loopback address, and the fake sees the calls", async () => {
    const connector = connect();
    assert.equal(connector.baseUrl, fake.url);
    assert.match(connector.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const before = fake.calls.length;
    await connector.product(DRESS.productID, "en");
    assert.equal(fake.calls.length, before + 1);
    assert.equal(fake.calls.at(-1)!.api, "alibaba.cross.productInfo");
  });

  test("product: productInfo mapped to the port's Product, yuan prices to fen; unknown → undefined", async () => {
    const connector = connect();
    const product = await connector.product(DRESS.productID, "en");
    assert.ok(product);
    assert.equal(product.platform, "alibaba");
    assert.equal(product.id, DRESS.productID);
    assert.equal(product.title.zh, "连衣裙 夏季");
    assert.equal(product.priceFen, 1250, "12.5 yuan");
    assert.equal(product.minQuantity, 2);
    assert.equal(product.weightKg, 0.3);
    assert.equal(product.seller.nick, "seller-a");
    assert.deepEqual(
      product.skus.map((s) => [s.skuId, s.mpSkuId, s.priceFen, s.stock, s.properties[0]?.valueName.zh]),
      [
        ["4397455896451", DRESS.skus[0]!.specId, 1250, 100, "红色"],
        ["4397455896452", DRESS.skus[1]!.specId, 1399, 5, "蓝色"],
      ],
    );
    assert.deepEqual(product.priceTiers, [{ startQuantity: 2, priceFen: 1250, promotionPriceFen: null }]);
    assert.equal(await connector.product("999", "en"), undefined);
  });

  test("order: create (one order per seller, outOrderId = client reference) → read → cancel (refused within 10 s, then done)", async () => {
    const connector = connect();
    const orders = await connector.createOrder(
      OWNER,
      [
        { lineNo: "L1", productId: DRESS.productID, skuId: "4397455896452", quantity: 2 },
        { lineNo: "L2", productId: MUG.productID, skuId: "5000000000001", quantity: 3 },
      ],
      RECEIVER,
      "ref-create-1",
    );
    assert.equal(orders.length, 2, "two sellers, two orders");
    const create = fake.callsOf("alibaba.trade.createCrossOrder").at(-1)!;
    assert.equal(create.params.outOrderId, "ref-create-1");
    assert.deepEqual(JSON.parse(create.params.cargoParamList!), [
      { offerId: DRESS.productID, specId: DRESS.skus[1]!.specId, quantity: 2 },
      { offerId: MUG.productID, specId: MUG.skus[0]!.specId, quantity: 3 },
    ]);
    assert.equal(JSON.parse(create.params.addressParam!).fullName, "张三", "object params travel as JSON strings");

    const [dress, mug] = orders as [(typeof orders)[0], (typeof orders)[0]];
    assert.match(dress.upstreamOrderId, /^\d{19}$/, "19-digit ids keep every digit");
    assert.equal(dress.status, "waitbuyerpay");
    assert.equal(dress.clientRef, "ref-create-1");
    assert.equal(dress.createdAt, fakeNow);
    assert.deepEqual(
      dress.lines.map((l) => [l.lineNo, l.productId, l.skuId, l.quantity, l.unitPriceFen, l.postFeeFen]),
      [["L1", DRESS.productID, "4397455896452", 2, 1399, 600]],
    );
    assert.match(dress.lines[0]!.upstreamLineId, /^\d{19}$/);
    assert.deepEqual(mug.lines.map((l) => [l.lineNo, l.unitPriceFen]), [["L2", 800]]);

    // The fake keeps 1688's units on the wire: baseInfo.totalAmount in yuan.
    const wire = await fetchView(dress.upstreamOrderId);
    assert.equal(wire.totalAmount, 33.98, "2 × 13.99 + 6 yuan");

    const read = await connector.readOrder(OWNER, dress.upstreamOrderId);
    assert.deepEqual(read?.lines.map((l) => l.upstreamLineId), dress.lines.map((l) => l.upstreamLineId));
    assert.equal(read?.clientRef, "ref-create-1");
    assert.equal(await connector.readOrder(OWNER, "1000000000000000000"), undefined);

    const tooFast = await connector.cancelOrder(OWNER, dress.upstreamOrderId, "buyer changed mind").catch((e: unknown) => e);
    assert.ok(tooFast instanceof UpstreamError);
    assert.equal(tooFast.reason, "CLOSE_ORDER_TOO_FAST");
    assert.equal(tooFast.code, 50201);
    fakeNow += 10_001;
    assert.equal(await connector.cancelOrder(OWNER, dress.upstreamOrderId, "buyer changed mind"), true);
    assert.equal((await connector.readOrder(OWNER, dress.upstreamOrderId))?.status, "cancel");
    assert.equal(await connector.cancelOrder(OWNER, dress.upstreamOrderId, "again"), true, "a repeat of a done cancel is a success");
    fake.orders.get(mug.upstreamOrderId)!.status = "waitsellersend";
    assert.equal(await connector.cancelOrder(OWNER, mug.upstreamOrderId, "too late"), false, "paid: no longer cancellable");
  });

  test("a bad app secret is refused by the fake (HTTP 401) and answers UpstreamError with the upstream code; not retried", async () => {
    const connector = connect({ appSecret: "not-the-secret" });
    const before = fake.calls.length;
    const err = await connector.product(DRESS.productID, "en").catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.code, 50201);
    assert.equal(err.reason, "gw.SignatureInvalid");
    assert.match(err.message, /gw\.SignatureInvalid/);
    assert.equal(fake.calls.length, before + 1, "a refusal is not retried");
    assert.equal(fake.calls.at(-1)!.status, 401);
    assert.match(connector.status().lastRefusal ?? "", /gw\.SignatureInvalid/, "a misconfiguration shows in the status");
  });

  test("an expired access token is refused with the token error", async () => {
    const err = await connect({ accessToken: "old-token" })
      .product(DRESS.productID, "en")
      .catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "gw.AccessTokenExpired");
  });

  test("a create whose answer is lost is retried with the same client reference and attaches the one upstream order", async () => {
    const connector = connect();
    const creates = fake.callsOf("alibaba.trade.createCrossOrder").length;
    fake.dropResponseOnce("alibaba.trade.createCrossOrder");
    const orders = await connector.createOrder(OWNER, [{ lineNo: "1", productId: MUG.productID, skuId: "5000000000001", quantity: 1 }], RECEIVER, "ref-lost-1");
    assert.equal(orders.length, 1);
    assert.equal(fake.callsOf("alibaba.trade.createCrossOrder").length, creates + 1, "bought once: the retry found the order by its reference");
    assert.equal([...fake.orders.values()].filter((o) => o.outOrderId === "ref-lost-1").length, 1);
    assert.equal(orders[0]!.lines[0]!.lineNo, "1");
    const found = await connector.findByClientRef(OWNER, "ref-lost-1");
    assert.deepEqual(found.map((o) => o.upstreamOrderId), [orders[0]!.upstreamOrderId]);
    assert.deepEqual(await connector.findByClientRef(OWNER, "ref-never-used"), []);
  });

  test("a create without a client reference is never retried (a lost answer is a failure, not a second purchase)", async () => {
    const connector = connect();
    const creates = fake.callsOf("alibaba.trade.createCrossOrder").length;
    fake.dropResponseOnce("alibaba.trade.createCrossOrder");
    const err = await connector.createOrder(OWNER, [{ lineNo: "1", productId: MUG.productID, skuId: "5000000000001", quantity: 1 }], RECEIVER).catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "network");
    assert.equal(fake.callsOf("alibaba.trade.createCrossOrder").length, creates + 1);
  });

  test("a timed-out read is retried and succeeds on the next attempt", async () => {
    const connector = connect({ timeoutMs: 200 });
    fake.stallOnce("alibaba.cross.productInfo");
    const before = fake.callsOf("alibaba.cross.productInfo").length;
    const product = await connector.product(DRESS.productID, "en");
    assert.equal(product?.id, DRESS.productID);
    assert.deepEqual(fake.callsOf("alibaba.cross.productInfo").slice(before).map((c) => c.status), [-2, 200], "stalled, then answered");
    assert.equal(connector.status().lastError?.includes("timed out"), true);
  });

  test("upstream 5xx: retried with backoff, then the circuit opens and calls answer 50201 at once", async () => {
    const connector = connect();
    fake.failNext(3, 503);
    const before = fake.calls.length;
    const first = await connector.product(DRESS.productID, "en").catch((e: unknown) => e);
    assert.ok(first instanceof UpstreamError);
    assert.equal(first.reason, "gw.ServiceUnavailable");
    assert.equal(fake.calls.length, before + 3, "three attempts");
    const open = await connector.product(DRESS.productID, "en").catch((e: unknown) => e);
    assert.ok(open instanceof UpstreamError);
    assert.equal(open.code, 50201);
    assert.equal(open.reason, "circuit_open");
    assert.match(open.message, /gw\.ServiceUnavailable/, "the reason is given");
    assert.equal(fake.calls.length, before + 3, "nothing sent while open");
    const status = connector.status();
    assert.equal(status.circuit, "open");
    assert.equal(status.errorRate, 1);
    assert.equal(status.connector, "alibaba-1688");
  });

  test("every port method outside this slice says it is not implemented (50201)", async () => {
    const connector = connect();
    for (const method of NOT_IMPLEMENTED) {
      const err = await (connector[method] as () => Promise<unknown>)().catch((e: unknown) => e);
      assert.ok(err instanceof UpstreamError, method);
      assert.equal(err.reason, "not_implemented");
      assert.match(err.message, new RegExp(`^${method} is not implemented by the 1688 connector yet$`));
    }
  });

  /** Reads an order's raw baseInfo the way 1688 sends it (signed by hand), to check the fake's units. */
  async function fetchView(orderId: string): Promise<Record<string, unknown>> {
    const { AopClient } = await import("../src/marketplace/alibaba-1688/aop.ts");
    const client = new AopClient({ baseUrl: fake.url, appKey: APP_KEY, appSecret: SECRET, accessToken: TOKEN });
    const body = await client.call("com.alibaba.trade", "alibaba.trade.get.buyerView", { webSite: "1688", orderId });
    return (body.result as { baseInfo: Record<string, unknown> }).baseInfo;
  }
});
