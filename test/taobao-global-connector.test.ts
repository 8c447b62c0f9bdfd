// Contract tests of the real Taobao Global connector against the faithful local fake
// (test/fakes/taobao-global-fake.ts): the fake recomputes every signature and checks every token,
// so a passing call here is a correctly signed, authorized one. No real host is contacted: every
// connector points at the fake's 127.0.0.1 port.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { UpstreamError, UpstreamRejection, type PurchaseLine, type PurchaseOwner, type PurchaseReceiver } from "../src/marketplace/port.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { TaobaoGlobalClient, type TokenState } from "../src/marketplace/taobao-global/client.ts";
import { NOT_IMPLEMENTED, NOT_OFFERED_UPSTREAM, TaobaoGlobalConnector, type TaobaoGlobalOptions } from "../src/marketplace/taobao-global/connector.ts";
import { TaobaoGlobalFake, startTaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

const OWNER: PurchaseOwner = { developerId: "7", userId: "u1" };
const RECEIVER: PurchaseReceiver = { name: "张三", phone: "13800000000", country: "CN", state: "浙江省", city: "杭州市", district: "余杭区", address: "文一西路 969 号 仓库 A", zip: "311121" };
// The fake derives an item's supplier from its id's last digit: ...11 and ...21 share one, ...12 is another.
const line = (lineNo: string, itemId: string, quantity = 2, price = 1990): PurchaseLine => ({ lineNo, productId: itemId, skuId: `5${itemId}`, quantity, expectedUnitPriceFen: price });

describe("taobao-global connector against the fake distributor gateway", () => {
  let fake: TaobaoGlobalFake;
  const fakeNow = Date.parse("2026-12-07T08:00:00Z");

  before(async () => {
    fake = await startTaobaoGlobalFake({ now: () => fakeNow });
  });
  after(async () => {
    await fake?.close();
  });

  /** A fresh authorization per connector (the fake rotates tokens, so connectors must not share one). */
  async function authorize(): Promise<TokenState> {
    const client = new TaobaoGlobalClient({ baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, now: () => fakeNow });
    return client.createToken(fake.issueAuthCode());
  }

  async function connect(overrides: Partial<TaobaoGlobalOptions> = {}): Promise<TaobaoGlobalConnector> {
    return new TaobaoGlobalConnector({
      baseUrl: fake.baseUrl,
      appKey: fake.appKey,
      appSecret: fake.appSecret,
      tokens: overrides.tokens ?? (await authorize()),
      timeoutMs: 2000,
      ...overrides,
      policy: { ratePerSec: 1000, burst: 1000, maxAttempts: 3, circuitThreshold: 3, circuitCoolDownMs: 60_000, now: () => fakeNow, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits(), ...overrides.policy },
    });
  }

  const callsOf = (apiPath: string) => fake.calls.filter((c) => c.apiPath === apiPath);

  test("no real host: the connector's base URL is the fake's loopback address", async () => {
    const connector = await connect();
    assert.match(connector.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/rest$/);
    assert.equal(connector.platform, "taobao");
    assert.equal(connector.name, "taobao-global");
  });

  test("create (one purchase per supplier, outer_purchase_id = client reference) → BULIDING → settle → WAIT_BUYER_PAY → pay → cancel refused", async () => {
    const connector = await connect();
    const orders = await connector.createOrder(OWNER, [line("L1", "600000000011"), line("L2", "600000000012", 1, 500), line("L3", "600000000021", 3, 100)], RECEIVER, "ref-create-1");
    assert.equal(orders.length, 2, "two suppliers, two purchases");
    const create = callsOf("/purchase/order/create").at(-1)!;
    assert.equal(create.params["outer_purchase_id"], "ref-create-1");
    assert.equal(create.params["purchase_amount"], String(2 * 1990 + 500 + 3 * 100), "total in fen");
    assert.deepEqual(JSON.parse(create.params["order_line_list"]!)[0], { item_id: "600000000011", sku_id: "5600000000011", quantity: 2, currency: "CNY", price: 1990, order_line_no: "L1" });
    assert.equal(JSON.parse(create.params["receiver"]!).name, "张三", "objects travel as JSON strings");

    const [first, second] = orders as [(typeof orders)[0], (typeof orders)[0]];
    assert.equal(first.platform, "taobao");
    assert.equal(first.clientRef, "ref-create-1");
    assert.deepEqual(first.owner, OWNER);
    assert.equal(first.status, "BULIDING");
    assert.equal(first.createdAt, fakeNow);
    assert.equal(first.paidAt, null);
    assert.deepEqual(first.lines.map((l) => [l.lineNo, l.productId, l.skuId, l.quantity, l.status, l.unitPriceFen]), [
      ["L1", "600000000011", "5600000000011", 2, "BULIDING", null],
      ["L3", "600000000021", "5600000000021", 3, "BULIDING", null],
    ]);
    assert.deepEqual(second.lines.map((l) => l.lineNo), ["L2"]);
    assert.match(first.lines[0]!.upstreamLineId, /^\d+$/);

    const read = await connector.readOrder(OWNER, first.upstreamOrderId);
    assert.equal(read?.status, "BULIDING");
    assert.deepEqual(read?.lines.map((l) => l.upstreamLineId), first.lines.map((l) => l.upstreamLineId));

    fake.settle();
    const built = await connector.readOrder(OWNER, first.upstreamOrderId);
    assert.equal(built?.status, "WAIT_BUYER_PAY", "the upstream's WAIT_BUYER_P is mapped");
    assert.deepEqual(built?.lines.map((l) => [l.status, l.unitPriceFen, l.postFeeFen]), [["WAIT_BUYER_PAY", 1990, 0], ["WAIT_BUYER_PAY", 100, 0]]);

    assert.deepEqual(await connector.payOrder(OWNER, first.upstreamOrderId, 2 * 1990 + 3 * 100), { paid: true, at: fakeNow });
    const pay = callsOf("/purchase/order/batch/pay").at(-1)!;
    assert.deepEqual(JSON.parse(pay.params["purchaseOrderIdList"]!), [Number(first.upstreamOrderId)], "one id per batch call");
    fake.settle();
    const paid = await connector.readOrder(OWNER, first.upstreamOrderId);
    assert.equal(paid?.status, "WAIT_SELLER_SEND_GOODS");
    assert.equal(paid?.paidAt, fakeNow);

    assert.equal(await connector.cancelOrder(OWNER, first.upstreamOrderId, "changed mind"), false, "paid: no longer cancellable");
    const again = await connector.payOrder(OWNER, first.upstreamOrderId, 10_000);
    assert.equal(again.paid, false);
    assert.match((again as { reason: string }).reason, /^PURCHASE_ORDER_STATUS_ERROR/, "the upstream's refusal code is kept");

    // The other purchase: cancel is accepted (asynchronous), applied at settle; a repeat is a success.
    assert.equal(await connector.cancelOrder(OWNER, second.upstreamOrderId, "changed mind"), true);
    fake.settle();
    const closed = await connector.readOrder(OWNER, second.upstreamOrderId);
    assert.equal(closed?.status, "TRADE_CLOSED");
    assert.equal(closed?.lines[0]!.errorMessage, "changed mind", "the close reason is kept");
    assert.equal(await connector.cancelOrder(OWNER, second.upstreamOrderId, "again"), true, "a repeat of a done cancel is a success");

    assert.equal(await connector.readOrder(OWNER, "1999999999999"), undefined);
    assert.equal(await connector.readOrder(OWNER, "not-an-id"), undefined);
  });

  test("pay refuses, without paying, when the upstream asks more than the platform agreed", async () => {
    const connector = await connect();
    const [order] = await connector.createOrder(OWNER, [line("1", "600000000031", 1, 1000)], RECEIVER, "ref-pay-limit");
    fake.settle();
    const pays = callsOf("/purchase/order/batch/pay").length;
    const result = await connector.payOrder(OWNER, order!.upstreamOrderId, 999);
    assert.equal(result.paid, false);
    assert.match((result as { reason: string }).reason, /^AMOUNT_EXCEEDED/);
    assert.equal(callsOf("/purchase/order/batch/pay").length, pays, "no pay call sent");
    assert.deepEqual(await connector.payOrder(OWNER, "1999999999999", 1000), { paid: false, reason: "PURCHASE_ORDER_NOT_FOUND" });
  });

  test("a create whose answer is lost is retried with the same client reference and attaches the one upstream purchase", async () => {
    const connector = await connect();
    const creates = callsOf("/purchase/order/create").length;
    fake.dropResponseOnce("/purchase/order/create");
    const orders = await connector.createOrder(OWNER, [line("A", "600000000041", 1, 700)], RECEIVER, "ref-lost-1");
    assert.equal(orders.length, 1);
    assert.equal(callsOf("/purchase/order/create").length, creates + 1, "one create sent: the retry found the purchase by its reference");
    assert.equal([...fake.orders.values()].filter((o) => o.outer_purchase_id === "ref-lost-1").length, 1, "bought once");
    assert.equal(orders[0]!.lines[0]!.lineNo, "A", "line numbers restored from the asked lines");
    const found = await connector.findByClientRef(OWNER, "ref-lost-1");
    assert.deepEqual(found.map((o) => o.upstreamOrderId), [orders[0]!.upstreamOrderId]);
    assert.deepEqual(await connector.findByClientRef(OWNER, "ref-never-used"), []);
  });

  test("a create without a client reference is never retried (a lost answer is a failure, not a second purchase)", async () => {
    const connector = await connect();
    const creates = callsOf("/purchase/order/create").length;
    fake.dropResponseOnce("/purchase/order/create");
    const err = await connector.createOrder(OWNER, [line("A", "600000000051", 1, 700)], RECEIVER).catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "network");
    assert.equal(callsOf("/purchase/order/create").length, creates + 1);
  });

  test("a line without an expected price is refused before anything is sent", async () => {
    const connector = await connect();
    const before = fake.calls.length;
    const err = await connector.createOrder(OWNER, [{ lineNo: "1", productId: "600000000061", skuId: "1", quantity: 1 }], RECEIVER, "ref-no-price").catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "price_required");
    assert.equal(fake.calls.length, before);
  });

  test("a bad app secret is refused by the fake and answers UpstreamError with the upstream code and request id; not retried", async () => {
    const connector = await connect({ appSecret: "not-the-secret" });
    const before = fake.calls.length;
    const err = await connector.readOrder(OWNER, "2000000000001").catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.code, 50201);
    assert.equal(err.reason, "IncompleteSignature");
    assert.match(err.message, /IncompleteSignature.*\(request [0-9a-f]{24}\)/);
    assert.equal(fake.calls.length, before + 1, "a refusal is not retried");
    assert.equal(fake.calls.at(-1)!.refused, "IncompleteSignature");
    assert.match(connector.status().lastRefusal ?? "", /IncompleteSignature/, "a misconfiguration shows in the status");
    assert.equal(connector.status().circuit, "closed", "a refusal does not open the circuit");
  });

  test("an access token the upstream says is expired is refreshed once, stored, and the call repeated", async () => {
    const stored: TokenState[] = [];
    const tokens = await authorize();
    const connector = await connect({ tokens, onTokenChange: (s) => void stored.push(s) });
    fake.expireAccessToken(tokens.accessToken);
    const refreshes = callsOf("/auth/token/refresh").length;
    const queries = callsOf("/purchase/orders/query").length;
    assert.deepEqual(await connector.findByClientRef(OWNER, "ref-none"), []);
    assert.equal(callsOf("/auth/token/refresh").length, refreshes + 1, "refreshed once");
    assert.deepEqual(callsOf("/purchase/orders/query").slice(queries).map((c) => c.refused), ["IllegalAccessToken", undefined], "refused, then repeated with the new token");
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.accessToken, tokens.accessToken);
    assert.equal(connector.status().accessExpiresAt, stored[0]!.accessExpiresAt);
  });

  test("an access token near its expiry by the local clock is refreshed before the call, with no refusal", async () => {
    const tokens = await authorize();
    const stored: TokenState[] = [];
    const connector = await connect({ tokens: { ...tokens, accessExpiresAt: fakeNow + 60_000 }, onTokenChange: (s) => void stored.push(s) });
    const queries = callsOf("/purchase/orders/query").length;
    await connector.findByClientRef(OWNER, "ref-none");
    assert.equal(stored.length, 1, "refreshed ahead (within the default 5 minutes)");
    assert.deepEqual(callsOf("/purchase/orders/query").slice(queries).map((c) => c.refused), [undefined]);
  });

  test("a timed-out read is retried and succeeds on the next attempt", async () => {
    const connector = await connect({ timeoutMs: 150 });
    fake.failNext({ status: 200, body: "{}", delayMs: 400 });
    const before = fake.calls.length;
    assert.deepEqual(await connector.findByClientRef(OWNER, "ref-none"), []);
    assert.equal(fake.calls.length, before + 2, "stalled, then answered");
    assert.match(connector.status().lastError ?? "", /timeout/i);
  });

  test("upstream 5xx: retried with backoff, then the circuit opens and calls answer 50201 at once", async () => {
    const connector = await connect();
    for (let i = 0; i < 3; i++) fake.failNext({ status: 503 });
    const before = fake.calls.length;
    const first = await connector.findByClientRef(OWNER, "ref-x").catch((e: unknown) => e);
    assert.ok(first instanceof UpstreamError);
    assert.equal(first.reason, "http_503");
    assert.equal(fake.calls.length, before + 3, "three attempts");
    const open = await connector.readOrder(OWNER, "2000000000001").catch((e: unknown) => e);
    assert.ok(open instanceof UpstreamError);
    assert.equal(open.code, 50201);
    assert.equal(open.reason, "circuit_open");
    assert.match(open.message, /HTTP 503/, "the reason is given");
    assert.equal(fake.calls.length, before + 3, "nothing sent while open");
    const status = connector.status();
    assert.equal(status.circuit, "open");
    assert.equal(status.errorRate, 1);
    assert.equal(status.connector, "taobao-global");
  });

  test("a 5xx on pay is not retried (a second pay request is not known to be harmless)", async () => {
    // A fetch that answers the pay call with a gateway's 502 page, before it reaches the fake.
    let pays = 0;
    const fetchWith502: typeof fetch = async (input, init) => {
      if (String(input).endsWith("/purchase/order/batch/pay")) {
        pays++;
        return new Response("<html>502 Bad Gateway</html>", { status: 502 });
      }
      return fetch(input, init);
    };
    const connector = await connect({ fetch: fetchWith502 });
    const [order] = await connector.createOrder(OWNER, [line("1", "600000000071", 1, 300)], RECEIVER, "ref-pay-5xx");
    fake.settle();
    const err = await connector.payOrder(OWNER, order!.upstreamOrderId, 300).catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "http_502");
    assert.equal(pays, 1, "sent once");
    assert.equal((await connector.readOrder(OWNER, order!.upstreamOrderId))?.status, "WAIT_BUYER_PAY");
  });

  test("every port method not implemented says so (50201); after-sales ones are refused, saying the upstream has no such call", async () => {
    const connector = await connect();
    for (const method of NOT_IMPLEMENTED) {
      const err = await (connector[method] as () => Promise<unknown>)().catch((e: unknown) => e);
      if (NOT_OFFERED_UPSTREAM.includes(method)) {
        // A refusal (40901, nothing kept): retrying or reconciling could never help.
        assert.ok(err instanceof UpstreamRejection, method);
        assert.equal(err.code, "NOT_OFFERED");
        assert.match(err.message, new RegExp(`^${method} is not available through the taobao-global connector: the Taobao Global distributor API offers no such call`));
        continue;
      }
      assert.ok(err instanceof UpstreamError, method);
      assert.equal(err.reason, "not_implemented");
      assert.equal(err.message, `${method} is not implemented by the taobao-global connector yet`);
    }
  });
});
