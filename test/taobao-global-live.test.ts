// The live side of the Taobao Global connector against the fake distributor gateway: the poll for
// changed purchases, the parcels of a line, the kit (authorize, build, refresh), and the fake's
// pushes read back through the connector's verification over a real local HTTP server. No real
// host is contacted: everything points at 127.0.0.1.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { UpstreamRejection, type Connector, type PurchaseLine, type PurchaseOwner, type PurchaseReceiver } from "../src/marketplace/port.ts";
import { PushRefused, type ConnectorSettings, type ConnectorTokens, type UpstreamNotice } from "../src/marketplace/live/live-connector.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { AUTHORIZE_URL, DEFAULT_BASE_URL, TaobaoGlobalClient, type TokenState } from "../src/marketplace/taobao-global/client.ts";
import { NOT_IMPLEMENTED, TaobaoGlobalConnector } from "../src/marketplace/taobao-global/connector.ts";
import { taobaoGlobalKit } from "../src/marketplace/taobao-global/kit.ts";
import { TaobaoGlobalFake, startTaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

const OWNER: PurchaseOwner = { developerId: "7", userId: "u1" };
const RECEIVER: PurchaseReceiver = { name: "张三", phone: "13800000000", country: "CN", state: "浙江省", city: "杭州市", district: "余杭区", address: "文一西路 969 号 仓库 A", zip: "311121" };
const line = (lineNo: string, itemId: string, quantity = 1, price = 1000): PurchaseLine => ({ lineNo, productId: itemId, skuId: `5${itemId}`, quantity, expectedUnitPriceFen: price });

/** A local receiver of the fake's pushes: verifies each through the connector and answers its ack. */
async function pushReceiver(read: (req: { headers: Record<string, string | undefined>; rawBody: Buffer; path: string }) => UpstreamNotice[]) {
  const notices: UpstreamNotice[] = [];
  const refused: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
    try {
      notices.push(...read({ headers, rawBody: Buffer.concat(chunks), path: req.url ?? "/" }));
      res.writeHead(200, { "content-type": "application/json" }).end('{"code":"0"}');
    } catch (err) {
      if (!(err instanceof PushRefused)) throw err;
      refused.push(err.reason);
      res.writeHead(401).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push/taobao-global`,
    notices,
    refused,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe("taobao-global live connector against the fake", () => {
  let fake: TaobaoGlobalFake;
  let clock = Date.parse("2026-12-07T08:00:00Z");
  const now = () => clock;

  before(async () => {
    fake = await startTaobaoGlobalFake({ now });
  });
  after(async () => {
    await fake?.close();
  });

  async function authorize(): Promise<TokenState> {
    return new TaobaoGlobalClient({ baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, now }).createToken(fake.issueAuthCode());
  }
  async function connect(): Promise<TaobaoGlobalConnector> {
    return new TaobaoGlobalConnector({
      baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, tokens: await authorize(), timeoutMs: 2000,
      policy: { ratePerSec: 1000, burst: 1000, now, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits() },
    });
  }
  const callsOf = (apiPath: string) => fake.calls.filter((c) => c.apiPath === apiPath);

  test("changedOrders reads every page of the modify-time window and names each purchase once", async () => {
    const connector = await connect();
    clock += 3_600_000;
    const from = clock;
    const made: string[] = [];
    // Ten suppliers per create (the fake's supplier is the item id's last digit): 60 purchases.
    for (let k = 0; k < 6; k++) {
      const orders = await connector.createOrder(OWNER, Array.from({ length: 10 }, (_, d) => line(`L${d}`, `6000000${k}000${d}`)), RECEIVER, `ref-poll-${k}`);
      made.push(...orders.map((o) => o.upstreamOrderId));
    }
    assert.equal(made.length, 60);
    clock += 1000;
    const queries = callsOf("/purchase/orders/query").length;
    const changed = await connector.changedOrders(from, clock);
    assert.deepEqual([...changed].sort(), [...made].sort(), "all 60, each once");
    const pages = callsOf("/purchase/orders/query").slice(queries);
    assert.deepEqual(pages.map((c) => c.params["page_no"]), ["1", "2"]);
    assert.deepEqual(pages.map((c) => [c.params["modify_time_start"], c.params["modify_time_end"], c.params["page_size"]])[0], [String(from), String(clock - 1), "50"], "epoch ms digits, end exclusive");

    // Settling builds all 60: modified now, so a later window holds them and an earlier one not.
    clock += 1000;
    const settledAt = clock;
    fake.settle();
    clock += 1000;
    assert.equal((await connector.changedOrders(settledAt, clock)).length, 60);
    assert.deepEqual(await connector.changedOrders(clock, clock + 1000), []);
    assert.deepEqual(await connector.changedOrders(clock, clock), [], "an empty window asks nothing");

    // An upstream that serves fewer per page than asked: every page is still read.
    fake.queryPageMax = 20;
    try {
      const before = callsOf("/purchase/orders/query").length;
      assert.equal((await connector.changedOrders(settledAt, clock)).length, 60);
      assert.equal(callsOf("/purchase/orders/query").length - before, 3, "three pages of 20");
    } finally {
      fake.queryPageMax = 50;
    }
  });

  test("shipments: the fake's parcel and its traces map to the port's Shipment; the purchase read lists the tracking number", async () => {
    const connector = await connect();
    const [order] = await connector.createOrder(OWNER, [line("A", "600000000101", 1, 500), line("B", "600000000201", 2, 700)], RECEIVER, "ref-ship-1");
    const [lineA, lineB] = order!.lines.map((l) => l.upstreamLineId) as [string, string];
    assert.deepEqual(await connector.shipments(OWNER, lineA), [], "not shipped: no parcels");
    fake.settle();
    assert.deepEqual(await connector.payOrder(OWNER, order!.upstreamOrderId, 500 + 1400), { paid: true, at: clock });
    fake.settle();
    const shippedAt = (clock += 60_000);
    fake.ship(order!.upstreamOrderId, { mailNo: "SF1234567890", carrier: "顺丰速运", carrierCode: "SF", lineIds: [lineA] });
    clock += 3_600_000;
    fake.trace("SF1234567890", "COLLECTED", "快递员已揽件", "杭州市");
    clock += 3_600_000;
    fake.trace("SF1234567890", "DELIVERING", "派送中", "上海市");
    clock += 3_600_000;
    fake.trace("SF1234567890", "SIGNED", "已签收", "上海市");

    const parcels = await connector.shipments(OWNER, lineA);
    assert.equal(parcels.length, 1);
    const p = parcels[0]!;
    assert.deepEqual(
      { carrier: p.carrier, carrierCode: p.carrierCode, trackingNumber: p.trackingNumber, upstreamOrderId: p.upstreamOrderId, lineIds: p.lineIds, shippedAt: p.shippedAt },
      { carrier: "顺丰速运", carrierCode: "SF", trackingNumber: "SF1234567890", upstreamOrderId: order!.upstreamOrderId, lineIds: [lineA], shippedAt },
    );
    assert.deepEqual(p.trace.map((t) => [t.status, t.description, t.city]), [
      ["CREATE", "卖家已发货，等待揽收", "杭州市"], ["ACCEPT", "快递员已揽件", "杭州市"], ["DELIVERING", "派送中", "上海市"], ["SIGN", "已签收", "上海市"],
    ], "oldest first, the upstream's text kept");
    assert.equal(p.trace[3]!.at, clock, "second-precise China-time text read back as the instant");
    assert.equal(callsOf("/logistics/detail/get").at(-1)!.params["purchase_order_line_id"], lineA);

    const read = await connector.readOrder(OWNER, order!.upstreamOrderId);
    assert.deepEqual(read!.lines.map((l) => [l.upstreamLineId, l.status, l.trackingNumbers]), [[lineA, "WAIT_BUYER_CONFIRM_GOODS", ["SF1234567890"]], [lineB, "WAIT_SELLER_SEND_GOODS", []]]);
    assert.equal(read!.status, "WAIT_SELLER_SEND_GOODS", "the purchase waits for its unshipped line");
    assert.deepEqual(await connector.shipments(OWNER, lineB), [], "the other line is not in the parcel");
    assert.deepEqual(await connector.shipments(OWNER, "3999999999999"), [], "unknown line: no parcels");
    assert.deepEqual(await connector.shipments(OWNER, "not-a-line"), []);

    assert.equal(await connector.confirmReceipt(OWNER, order!.upstreamOrderId, [lineA]), false, "no receipt call upstream: not allowed");
    assert.ok(!NOT_IMPLEMENTED.includes("shipments" as never) && !NOT_IMPLEMENTED.includes("confirmReceipt" as never));
    assert.deepEqual(connector.status().notImplemented, NOT_IMPLEMENTED);
  });

  test("the kit: authorize link, code exchange, create, and a refresh handed to hooks.onTokens", async () => {
    const settings = (tokens: ConnectorTokens | null): ConnectorSettings => ({
      name: "taobao-global", appKey: fake.appKey, appSecret: fake.appSecret, baseUrl: fake.baseUrl,
      authorizeUrl: "http://127.0.0.1:1/oauth/authorize", redirectUri: "https://op.example/cb", tokens, tuning: { ratePerSec: 500, burst: 500, timeoutMs: 2000 },
    });
    assert.deepEqual(taobaoGlobalKit.defaults, { baseUrl: DEFAULT_BASE_URL, authorizeUrl: AUTHORIZE_URL });
    assert.equal(taobaoGlobalKit.name, "taobao-global");
    assert.equal(taobaoGlobalKit.platform, "taobao");
    assert.equal(
      taobaoGlobalKit.authorizeLink(settings(null), "st-1"),
      `http://127.0.0.1:1/oauth/authorize?response_type=code&force_auth=true&redirect_uri=${encodeURIComponent("https://op.example/cb")}&client_id=${fake.appKey}&state=st-1`,
    );
    assert.throws(() => taobaoGlobalKit.create(settings(null), { onTokens: async () => {} }), /not authorized: run `openpon connector authorize taobao-global`/);

    const tokens = await taobaoGlobalKit.exchangeCode(settings(null), fake.issueAuthCode("2200000000009"), { now });
    assert.equal(tokens.userId, "2200000000009");
    assert.equal(tokens.accessExpiresAt, clock + 7 * 86_400_000);
    assert.deepEqual(Object.keys(tokens).sort(), ["accessExpiresAt", "accessToken", "account", "refreshExpiresAt", "refreshToken", "sellerId", "userId"]);
    const bad = await taobaoGlobalKit.exchangeCode(settings(null), "used-or-wrong", { now }).catch((e: unknown) => e);
    assert.match(String(bad), /InvalidCode/);

    const stored: ConnectorTokens[] = [];
    let fetches = 0;
    const counting: typeof fetch = (input, init) => {
      fetches++;
      return fetch(input, init);
    };
    const connector = taobaoGlobalKit.create(settings(tokens), { onTokens: async (t) => void stored.push(t), fetch: counting, now });
    assert.equal(connector.name, "taobao-global");
    assert.equal(connector.status().baseUrl, fake.baseUrl);
    assert.equal(connector.status().accessExpiresAt, tokens.accessExpiresAt);
    fake.expireAccessToken(tokens.accessToken);
    assert.deepEqual(await connector.findByClientRef(OWNER, "ref-none"), []);
    assert.equal(stored.length, 1, "the refreshed pair went to the platform");
    assert.notEqual(stored[0]!.accessToken, tokens.accessToken);
    assert.equal(connector.status().accessExpiresAt, stored[0]!.accessExpiresAt);
    assert.equal(fetches, 3, "refused, refreshed, repeated — through the hooks' fetch");
  });

  test("the fake's pushes are signed as the connector verifies them: normal, twice, reversed, dropped (the poll finds those)", async () => {
    const connector = await connect();
    const receiver = await pushReceiver((r) => connector.readPush({ path: r.path, query: {}, headers: r.headers, rawBody: r.rawBody }));
    fake.pushTo(receiver.url);
    try {
      // normal: created (no push: nothing changed yet), built, price changed (type 8), paid, shipped.
      const [order] = await connector.createOrder(OWNER, [line("A", "600000000301", 1, 900)], RECEIVER, "ref-push-1");
      const id = order!.upstreamOrderId;
      const lineId = order!.lines[0]!.upstreamLineId;
      fake.settle();
      await fake.pushesSettled();
      assert.deepEqual(receiver.notices.map((n) => [n.upstreamOrderId, n.topic]), [[id, "3"]]);
      fake.changePrice(id, lineId, 800);
      assert.throws(() => fake.changePrice(id, "1", 800), /no line/);
      await fake.pushesSettled();
      assert.deepEqual(receiver.notices.map((n) => n.topic), ["3", "8"]);
      assert.equal((await connector.readOrder(OWNER, id))!.lines[0]!.unitPriceFen, 800, "the changed price is what the read says");
      assert.deepEqual(await connector.payOrder(OWNER, id, 800), { paid: true, at: clock });
      fake.settle();
      assert.throws(() => fake.changePrice(id, lineId, 700), /only while WAIT_BUYER_P/);
      fake.ship(id, { mailNo: "YT0001", carrier: "圆通速递" });
      await fake.pushesSettled();
      assert.deepEqual(receiver.notices.map((n) => n.topic), ["3", "8", "3", "3"]);
      assert.deepEqual(receiver.refused, []);
      assert.ok(fake.pushes.every((p) => p.outcome === "sent" && p.httpStatus === 200));
      assert.equal(JSON.parse(fake.pushes[0]!.body).data.purchase_id, Number(id), "the purchase id travels as a JSON number");

      // twice: every push arrives two times, with the same message id (the platform deduplicates).
      receiver.notices.length = 0;
      fake.pushMode = "twice";
      const [two] = await connector.createOrder(OWNER, [line("A", "600000000302", 1, 900)], RECEIVER, "ref-push-2");
      fake.settle();
      await fake.pushesSettled();
      assert.deepEqual(receiver.notices.map((n) => [n.upstreamOrderId, n.topic]), [[two!.upstreamOrderId, "3"], [two!.upstreamOrderId, "3"]]);
      assert.equal(receiver.notices[0]!.messageId, receiver.notices[1]!.messageId);

      // reversed: one action's pushes arrive last first.
      receiver.notices.length = 0;
      fake.pushMode = "reversed";
      const threeOrders = await connector.createOrder(OWNER, [line("A", "600000000303", 1, 900), line("B", "600000000304", 1, 900)], RECEIVER, "ref-push-3");
      fake.settle();
      await fake.pushesSettled();
      assert.deepEqual(receiver.notices.map((n) => n.upstreamOrderId), threeOrders.map((o) => o.upstreamOrderId).reverse());

      // dropped: the next push is never sent; the poll over the window still names the purchase.
      receiver.notices.length = 0;
      fake.pushMode = "normal";
      const [four] = await connector.createOrder(OWNER, [line("A", "600000000305", 1, 900)], RECEIVER, "ref-push-4");
      clock += 60_000;
      const from = clock;
      fake.dropPushes(1);
      fake.closeUnpaid(four!.upstreamOrderId);
      await fake.pushesSettled();
      assert.equal(receiver.notices.length, 0, "nothing arrived");
      assert.equal(fake.pushes.at(-1)!.outcome, "dropped");
      assert.deepEqual(await connector.changedOrders(from, clock + 1), [four!.upstreamOrderId]);
      assert.equal((await connector.readOrder(OWNER, four!.upstreamOrderId))!.status, "TRADE_CLOSED");
      fake.closeUnpaid(two!.upstreamOrderId);
      await fake.pushesSettled();
      assert.deepEqual(receiver.notices.map((n) => n.upstreamOrderId), [two!.upstreamOrderId], "later pushes flow again");

      // A push signed with another secret is refused by the receiver.
      const forged = await fetch(receiver.url, { method: "POST", headers: { "content-type": "application/json", authorization: "0".repeat(64) }, body: fake.pushes[0]!.body });
      assert.equal(forged.status, 401);
      assert.deepEqual(receiver.refused, ["bad signature"]);
      assert.deepEqual(connector.pushAck, { status: 200, contentType: "application/json", body: '{"code":"0"}' });
    } finally {
      fake.pushTo(undefined);
      await fake.pushesSettled();
      await receiver.close();
    }
  });

  test("a 64-bit purchase id keeps every digit: sent as digits, read back as digits", async () => {
    const big = "9223372036854775807"; // beyond 2^53: a double would make it …5808
    const sent: Array<Record<string, string>> = [];
    // A stub gateway (the fake's ids are doubles): answers the query with the id as a JSON number.
    const stub: typeof fetch = async (_input, init) => {
      sent.push(JSON.parse(String(init?.body)) as Record<string, string>);
      const answer = `{"code":"0","request_id":"r","success":true,"data":{"results_total":1,"page_no":1,"page_size":50,"purchase_orders":[{"purchase_id":${big},"status":"WAIT_BUYER_P","created_time":1,"modify_time":2,"sub_purchase_orders":[{"sub_purchase_order_id":9223372036854775001,"item_id":"1","sku_id":2,"quantity":1,"status":"WAIT_BUYER_P","product_amount":300,"logistic_orders":[]}]}]}}`;
      return new Response(answer, { status: 200, headers: { "content-type": "application/json" } });
    };
    const connector = new TaobaoGlobalConnector({
      baseUrl: "http://127.0.0.1:1/rest", appKey: "k", appSecret: "s", fetch: stub,
      tokens: { accessToken: "a", refreshToken: "r", accessExpiresAt: clock + 86_400_000, refreshExpiresAt: clock + 2 * 86_400_000 },
      policy: { now, rateLimits: new RateLimits(), sleep: async () => {} },
    });
    const order = await connector.readOrder(OWNER, big);
    assert.equal(sent[0]!["purchase_ids"], `[${big}]`);
    assert.equal(order?.upstreamOrderId, big);
    assert.equal(order?.lines[0]!.upstreamLineId, "9223372036854775001", "a 64-bit line id as the upstream wrote it");
    assert.equal(order?.lines[0]!.unitPriceFen, 300, "ordinary numbers stay numbers");
    assert.deepEqual(await connector.changedOrders(0, 10), [big]);
  });

  test("after-sales calls say the distributor API has no such call", async () => {
    const connector: Connector = await connect();
    const err = await connector.requestRefund(OWNER, { refundId: "r1", upstreamOrderId: "1", upstreamLineIds: ["1"], type: "refund", amountFen: 1, carriageFen: 0, reason: "x", description: "" }).catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamRejection);
    assert.equal(err.code, "NOT_OFFERED");
    assert.match(err.message, /Taobao Global distributor API offers no such call .*Taobao Global console/);
  });
});
