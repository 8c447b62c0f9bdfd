// The live 1688 connector as the platform uses it, built by its kit from settings, against the
// local AOP fake (test/fakes/aop-fake.ts): OAuth (code exchange, refresh ahead of expiry and on the
// gateway's token refusal, hooks.onTokens), the modify-time poll with paging, pushes received by a
// tiny local HTTP server and read with readPush (normal, twice, reversed, dropped), and cancelRefund.
// No real host is contacted: everything points at 127.0.0.1.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UpstreamRejection } from "../src/marketplace/port.ts";
import { PushRefused, type ConnectorSettings, type ConnectorTokens, type LiveConnector, type UpstreamNotice } from "../src/marketplace/live/live-connector.ts";
import { alibaba1688Kit } from "../src/marketplace/alibaba-1688/kit.ts";
import { AOP_GATEWAY } from "../src/marketplace/alibaba-1688/aop.ts";
import type { Alibaba1688Connector } from "../src/marketplace/alibaba-1688/connector.ts";
import { AopFake, type FakeOrder } from "./fakes/aop-fake.ts";
import { OWNER, RECEIVER, RED, dress } from "./fakes/aop-fixtures.ts";

// Its own app key: the rate-limit buckets are per app key and process-wide.
const APP_KEY = "7654321";
const SECRET = "live-fake-secret";
const DRESS = dress({ skus: [{ ...RED, stock: 10_000, attributes: [] }] });
const DUE = 2 * 1250 + 600;

describe("1688 live connector (kit, OAuth, poll, pushes, cancelRefund) against the fake", () => {
  let fake: AopFake;
  let now = Date.parse("2026-12-07T08:00:00Z");
  let refs = 0;
  const stored: ConnectorTokens[] = [];
  let receiver: Server;
  let receiverUrl = "";
  let live: LiveConnector;
  const received: Array<{ notices: UpstreamNotice[] } | { refused: string }> = [];

  const settings = (tokens: ConnectorTokens | null): ConnectorSettings => ({
    name: "alibaba-1688",
    appKey: APP_KEY,
    appSecret: SECRET,
    baseUrl: fake.url,
    authorizeUrl: alibaba1688Kit.defaults.authorizeUrl,
    redirectUri: "https://openpon.example/connector/alibaba-1688/callback",
    tokens,
    tuning: { ratePerSec: 1e6, burst: 1e6, timeoutMs: 2000 },
  });
  const hooks = { now: () => now, onTokens: async (t: ConnectorTokens) => void stored.push(t) };
  const authorize = async () => alibaba1688Kit.exchangeCode(settings(null), fake.issueAuthCode(), hooks);
  const buy = async (c: LiveConnector) => {
    const [order] = await c.createOrder(OWNER, [{ lineNo: "L1", productId: DRESS.productID, skuId: "4397455896451", quantity: 2 }], RECEIVER, `live-ref-${++refs}`);
    assert.ok(order);
    return order;
  };
  const noticesSince = (from: number) => received.slice(from).flatMap((r) => ("notices" in r ? r.notices : []));

  before(async () => {
    fake = await AopFake.start({ appKey: APP_KEY, appSecret: SECRET, tokens: {}, products: [structuredClone(DRESS)], now: () => now });
    live = alibaba1688Kit.create(settings(await authorize()), hooks);
    // The platform's push endpoint in miniature: verify, note, answer the connector's ack.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          const notices = live.readPush({ path: req.url ?? "/", query: {}, headers: { "content-type": req.headers["content-type"] }, rawBody: Buffer.concat(chunks) });
          received.push({ notices });
          res.writeHead(live.pushAck.status, { "content-type": live.pushAck.contentType }).end(live.pushAck.body);
        } catch (err) {
          received.push({ refused: err instanceof PushRefused ? err.reason : String(err) });
          res.writeHead(401).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push/alibaba-1688`;
  });
  after(async () => {
    await fake?.pushesSettled();
    await fake?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  test("the kit: defaults, authorize link, and no connector without tokens", () => {
    assert.deepEqual(alibaba1688Kit.defaults, { baseUrl: AOP_GATEWAY, authorizeUrl: "https://auth.1688.com/oauth/authorize" });
    assert.equal(alibaba1688Kit.name, "alibaba-1688");
    assert.equal(alibaba1688Kit.platform, "alibaba");
    const link = new URL(alibaba1688Kit.authorizeLink(settings(null), "s-1"));
    assert.deepEqual(Object.fromEntries(link.searchParams), { client_id: APP_KEY, site: "1688", redirect_uri: "https://openpon.example/connector/alibaba-1688/callback", state: "s-1" });
    assert.throws(() => alibaba1688Kit.create(settings(null), hooks), /not authorized: run `openpon connector authorize alibaba-1688`/);
  });

  test("OAuth: a code is exchanged for tokens once; a second use of the code is refused", async () => {
    const code = fake.issueAuthCode();
    const tokens = await alibaba1688Kit.exchangeCode(settings(null), code, hooks);
    assert.match(tokens.accessToken, /^fake-at-/);
    assert.match(tokens.refreshToken, /^fake-rt-/);
    assert.equal(tokens.accessExpiresAt, now + 10 * 3600_000);
    assert.equal(tokens.refreshExpiresAt, now + 180 * 24 * 3600_000);
    assert.equal(tokens.userId, "b2b-2209876543210");
    await assert.rejects(alibaba1688Kit.exchangeCode(settings(null), code, hooks), /invalid_grant/);
    const wrongSecret = { ...settings(null), appSecret: "nope" };
    await assert.rejects(alibaba1688Kit.exchangeCode(wrongSecret, fake.issueAuthCode(), hooks), /invalid_client/);
  });

  test("OAuth: refreshed ahead of expiry, the new state reported through onTokens and used", async () => {
    const tokens = await authorize();
    const c = alibaba1688Kit.create(settings(tokens), hooks);
    const before = stored.length;
    assert.ok(await c.product(DRESS.productID, "en"));
    assert.equal(stored.length, before, "no refresh while the token is fresh");
    assert.equal(fake.calls.at(-1)!.params.access_token, tokens.accessToken);
    now += 10 * 3600_000 - 4 * 60_000; // within the 5-minute margin
    assert.ok(await c.product(DRESS.productID, "en"));
    assert.equal(stored.length, before + 1);
    const next = stored.at(-1)!;
    assert.notEqual(next.accessToken, tokens.accessToken);
    assert.equal(next.refreshToken, tokens.refreshToken, "1688 keeps the refresh token");
    assert.equal(fake.callsOf("getToken").at(-1)!.params.grant_type, "refresh_token");
    assert.equal(fake.calls.at(-1)!.params.access_token, next.accessToken);
    assert.equal(c.status().accessExpiresAt, next.accessExpiresAt);
    assert.equal(c.status().refreshExpiresAt, tokens.refreshExpiresAt);
  });

  test("OAuth: a token the gateway refuses early is refreshed once and the call repeated once", async () => {
    const tokens = await authorize();
    const c = alibaba1688Kit.create(settings(tokens), hooks);
    fake.expireAccessToken(tokens.accessToken);
    const before = stored.length;
    const refreshesBefore = fake.callsOf("getToken").length;
    const order = await buy(c); // a create: safe to repeat, the gateway refused before any business logic
    assert.equal(fake.callsOf("getToken").length, refreshesBefore + 1);
    assert.equal(stored.length, before + 1);
    const refused = fake.calls.filter((r) => r.params.access_token === tokens.accessToken && r.status === 401);
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.api, "alibaba.cross.productInfo");
    assert.equal([...fake.orders.values()].filter((o) => o.outOrderId === order.clientRef).length, 1, "one purchase");
  });

  test("status: the contract's health with the token expiries and what is not implemented", () => {
    const s = live.status();
    assert.equal(s.connector, "alibaba-1688");
    assert.equal(s.baseUrl, fake.url);
    assert.ok(!s.notImplemented.includes("cancelRefund"));
    assert.ok(s.notImplemented.includes("modifyRefund"));
    assert.equal(typeof s.accessExpiresAt, "number");
    assert.deepEqual(live.pushAck, { status: 200, contentType: "text/plain", body: "success" });
  });

  test("changedOrders: every page of the window, ids exact (19 digits), nothing outside [from, to)", async () => {
    const base = now + 3600_000;
    const template = [...fake.orders.values()][0]!;
    const inWindow: string[] = [];
    for (let k = 0; k < 123; k++) {
      const id = String(9_100_000_000_000_000_001n + BigInt(k) * 2n); // 19 digits, odd: a double would round them
      const order: FakeOrder = { ...structuredClone(template), id, outOrderId: null, modifiedAt: base + k * 1000 };
      fake.orders.set(id, order);
      if (k >= 10 && k < 120) inWindow.push(id);
    }
    const calls = fake.callsOf("alibaba.trade.getBuyerOrderList").length;
    const ids = await live.changedOrders(base + 10_000, base + 120_000);
    assert.deepEqual([...ids].sort(), [...inWindow].sort());
    assert.equal(fake.callsOf("alibaba.trade.getBuyerOrderList").length - calls, 3, "110 orders at 50 a page");
    const sent = fake.callsOf("alibaba.trade.getBuyerOrderList").at(-1)!.params;
    assert.match(sent.modifyStartTime!, /^\d{17}\+0800$/);
    assert.equal(sent.page, "3");
    assert.deepEqual(await live.changedOrders(base + 500_000, base + 600_000), []);
    for (const id of [...fake.orders.keys()].filter((id) => id.startsWith("91"))) fake.orders.delete(id);
  });

  test("pushes: a purchase's journey reaches the receiver signed, each naming the order", async () => {
    fake.pushTo(receiverUrl);
    const from = received.length;
    const logFrom = fake.pushLog.length;
    const order = await buy(live);
    fake.modifyPrice(order.upstreamOrderId, 500);
    assert.deepEqual(await live.payOrder(OWNER, order.upstreamOrderId, DUE - 100), { paid: true, at: now });
    fake.ship(order.upstreamOrderId, { billNo: "YT100", carrierName: "圆通速递", carrierNo: "YTO" });
    fake.trace("YT100", "【上海市】快件已到达 上海转运中心");
    assert.equal(await live.confirmReceipt(OWNER, order.upstreamOrderId, []), true);
    await fake.pushesSettled();
    const topics = fake.pushLog.slice(logFrom).map((p) => p.type);
    assert.deepEqual(topics, [
      "ORDER_BUYER_VIEW_BUYER_MAKE",
      "ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY",
      "ORDER_BUYER_VIEW_ORDER_PAY",
      "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS",
      "LOGISTICS_BUYER_VIEW_TRACE",
      "ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS",
    ]);
    assert.ok(fake.pushLog.slice(logFrom).every((p) => p.state === "sent" && p.httpStatus === 200 && p.deliveries === 1));
    const notices = noticesSince(from);
    assert.deepEqual(notices.map((n) => n.topic), topics);
    assert.ok(notices.every((n) => n.upstreamOrderId === order.upstreamOrderId), "every push names the 19-digit order id exactly");
    assert.equal(order.upstreamOrderId.length, 19);
    assert.deepEqual(notices.map((n) => n.messageId), fake.pushLog.slice(logFrom).map((p) => p.msgId));
  });

  test("pushes twice: every message arrives two times with the same msgId (the notices are the same)", async () => {
    fake.pushMode = "twice";
    const from = received.length;
    const order = await buy(live);
    await fake.pushesSettled();
    const notices = noticesSince(from);
    assert.equal(notices.length, 2);
    assert.deepEqual(notices[0], notices[1]);
    assert.equal(notices[0]!.upstreamOrderId, order.upstreamOrderId);
    fake.pushMode = "normal";
  });

  test("pushes reversed: held and delivered newest first; dropped ones never arrive, the poll still finds the order", async () => {
    fake.pushMode = "reversed";
    const from = received.length;
    const logFrom = fake.pushLog.length;
    const order = await buy(live);
    await live.payOrder(OWNER, order.upstreamOrderId, DUE);
    assert.equal(received.length, from, "nothing sent before the fake is told to settle");
    await fake.pushesSettled();
    assert.deepEqual(noticesSince(from).map((n) => n.topic), ["ORDER_BUYER_VIEW_ORDER_PAY", "ORDER_BUYER_VIEW_BUYER_MAKE"]);
    const ids = fake.pushLog.slice(logFrom).map((p) => BigInt(p.msgId));
    assert.ok(ids[0]! < ids[1]!, "the msgIds say the true order");

    fake.pushMode = "normal";
    const dropFrom = received.length;
    const t0 = now;
    now += 1000;
    fake.dropPushes(1);
    fake.ship(order.upstreamOrderId, { billNo: "YT200", carrierName: "圆通速递", carrierNo: "YTO" });
    await fake.pushesSettled();
    assert.equal(received.length, dropFrom, "the push was lost");
    assert.equal(fake.pushLog.at(-1)!.state, "dropped");
    assert.ok((await live.changedOrders(t0 + 1, now + 1)).includes(order.upstreamOrderId), "the poll catches what the push lost");
  });

  test("a forged push (wrong secret) is refused by the receiver", async () => {
    const from = received.length;
    const forged = new URLSearchParams({ message: '{"msgId":1,"type":"ORDER_BUYER_VIEW_ORDER_PAY","data":{"orderId":1}}', _aop_signature: "0".repeat(40) });
    const res = await fetch(receiverUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: forged.toString() });
    assert.equal(res.status, 401);
    assert.deepEqual(received.slice(from), [{ refused: "bad _aop_signature" }]);
  });

  test("cancelRefund: closes a case waiting for the seller (pushed as a refund topic), a repeat answers the closed case, a shipped return cannot be cancelled", async () => {
    const c = live as Alibaba1688Connector;
    const order = await buy(c);
    await c.payOrder(OWNER, order.upstreamOrderId, DUE);
    const lineIds = order.lines.map((l) => l.upstreamLineId);
    await c.requestRefund(OWNER, { refundId: "LR-1", upstreamOrderId: order.upstreamOrderId, upstreamLineIds: lineIds, type: "refund", amountFen: 2500, carriageFen: 600, reason: "不想要了", description: "不要了" });
    const from = received.length;
    const closed = await c.cancelRefund(OWNER, "LR-1");
    assert.equal(closed.status, "closed");
    assert.equal(fake.callsOf("alibaba.trade.cancelRefund").at(-1)!.params.refundId, [...fake.refunds.values()].at(-1)!.refundId);
    assert.equal((await c.cancelRefund(OWNER, "LR-1")).status, "closed");
    await fake.pushesSettled();
    const refundNotices = noticesSince(from);
    assert.equal(refundNotices[0]!.topic, "ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES");
    assert.equal(refundNotices[0]!.upstreamOrderId, order.upstreamOrderId);

    fake.ship(order.upstreamOrderId, { billNo: "YT300", carrierName: "圆通速递", carrierNo: "YTO" });
    const kase = await c.requestRefund(OWNER, { refundId: "LR-2", upstreamOrderId: order.upstreamOrderId, upstreamLineIds: lineIds, type: "return_refund", amountFen: 2500, carriageFen: 0, reason: "质量问题", description: "破了" });
    fake.sellerAgreeReturn([...fake.refunds.values()].at(-1)!.refundId);
    await c.submitReturn(OWNER, kase.refundId, "YTO", "RET-1");
    await assert.rejects(c.cancelRefund(OWNER, "LR-2"), (err: unknown) => err instanceof UpstreamRejection && err.code === "REFUND_STATUS_NOT_SUPPORT");
    await assert.rejects(c.cancelRefund(OWNER, "LR-unknown"), (err: unknown) => err instanceof UpstreamRejection && err.code === "REFUND_NOT_EXIST");
  });
});
