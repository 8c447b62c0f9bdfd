// A live developer's 1688 journey through the platform, with the operator's 1688 connector
// configured and authorized over /admin and pointing at the local AOP fake: order, pay, ship, track,
// receive, refund — with the ledger and the 1688 read model checked after each step. The fake pushes
// signed messages to the platform's /upstream/alibaba-1688/push; a push only says which order
// changed, and the platform reads it. Then the faults: a forged push, duplicate and reordered pushes,
// lost pushes caught by the poll, an upstream that keeps failing (circuit open, 50201).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ADDRESS_PARAM, PRICE_1688, STATUS_1688, sound1688, outbox1688, story1688 } from "./helpers/alibaba.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { adminOk, quiet } from "./helpers/live.ts";
import { AopFake, type FakeProduct } from "./fakes/aop-fake.ts";
import { aopSignature } from "../src/marketplace/alibaba-1688/aop.ts";
import sharp from "sharp";

const APP_KEY = "3456789";
const SECRET = "platform-live-secret";
const DRESS: FakeProduct = {
  productID: "610947572361",
  subject: "连衣裙 夏季 真丝",
  sellerLoginId: "seller-live",
  images: [],
  minOrderQuantity: 1,
  unit: "件",
  unitWeightKg: 0.3,
  categoryID: 1038378,
  skus: [{ skuId: "4397455896452", specId: "c266d8ee2fd4d3f1e1ab6c7c5a1b2c3d", priceFen: 1250, stock: 10_000, attributes: [] }],
};

interface Detail {
  baseInfo: { id: string; status: string; totalAmount: number; refundStatus?: string | null };
  productItems: Array<{ subItemID: string; status: string; refundId?: string | null }>;
  nativeLogistics?: { logisticsItems?: Array<{ logisticsBillNo: string }> } | null;
}

describe("a live developer buys on 1688 through the configured connector", () => {
  let fake: AopFake;
  let server: TestServer;
  let dev: TestDeveloper;

  const admin = <T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => adminOk<T>(server, method, path, body);
  const detail = async (orderId: string): Promise<Detail> => {
    const page = await dev.client.request<{ data: Detail[] }>("POST", "/v2/alibaba/order/page", { body: { orderId } });
    assert.equal(page.data.length, 1);
    return page.data[0]!;
  };
  const upstreamOf = async (orderId: string) =>
    (await server.platform.database.db.selectFrom("alibaba_orders").select("upstream_order_id").where("id", "=", orderId).executeTakeFirstOrThrow()).upstream_order_id!;
  const order = () =>
    dev.client.alibaba.orders.create({
      flow: "general",
      addressParam: ADDRESS_PARAM,
      cargoParamList: [{ offerMapId: DRESS.productID, specId: DRESS.skus[0]!.specId, quantity: 2 }],
    }) as unknown as Promise<Detail>;
  const settled = async () => {
    await fake.pushesSettled();
  };

  before(async () => {
    fake = await AopFake.start({ appKey: APP_KEY, appSecret: SECRET, tokens: {}, products: [structuredClone(DRESS)] });
    server = await startServer({ config: { connectorAllowPrivate: true, connectorPollEverySec: 0, jobsPollMs: 50, sandboxTickMs: 0, alibabaPayMode: "balance" } });
    await admin("PUT", "/admin/connectors/alibaba-1688", {
      appKey: APP_KEY,
      appSecret: SECRET,
      baseUrl: fake.url,
      redirectUri: "https://openpon.example/oauth/1688",
      tuning: { ratePerSec: 1000, burst: 1000, timeoutMs: 2000, pollEverySec: 0, trackEverySec: 1 },
    });
    const link = await admin<{ url: string; state: string }>("GET", "/admin/connectors/alibaba-1688/authorize");
    assert.match(link.url, /client_id=3456789/);
    const status = await admin<{ authorized: boolean; problem: string | null }>("POST", "/admin/connectors/alibaba-1688/authorize", { code: fake.issueAuthCode(), state: link.state });
    assert.deepEqual([status.authorized, status.problem], [true, null]);
    fake.pushTo(`${server.url}/upstream/alibaba-1688/push`);
    dev = await server.createDeveloper({ live: true });
    await admin("POST", `/admin/developers/${dev.developId}/wallet/topup`, { amount: "1000", memo: "live money" });
  });
  after(async () => {
    await server?.close();
    await fake?.close();
  });

  test("the secret and tokens are sealed at rest, and the status names the fake gateway", async () => {
    const row = await server.platform.database.db.selectFrom("connector_settings").selectAll().where("name", "=", "alibaba-1688").executeTakeFirstOrThrow();
    assert.ok(!row.secret_sealed.includes(SECRET), "secret sealed");
    assert.ok(row.tokens_sealed && !/access|token/i.test(row.tokens_sealed), "tokens sealed");
    const status = await admin<{ health: { baseUrl: string; circuit: string; accessExpiresAt: number } }>("GET", "/admin/connectors/alibaba-1688");
    assert.equal(status.health.baseUrl, fake.url);
    assert.equal(status.health.circuit, "closed");
    assert.ok(status.health.accessExpiresAt > Date.now());
  });

  test("order, pay, ship, track, receive: each step follows the upstream, ledger and read model sound", async () => {
    const created = await order();
    assert.equal(created.baseInfo.status, "waitbuyerpay");
    const upstreamId = await upstreamOf(created.baseInfo.id);
    assert.ok(fake.orders.has(upstreamId), "bought at the fake");
    await sound1688(server, dev);

    const paid = await dev.client.alibaba.orders.payUrl(created.baseInfo.id);
    assert.equal(paid.protocolPaySuccess, true);
    await until("paid", () => detail(created.baseInfo.id), (d) => d.baseInfo.status === "waitsellersend");
    await sound1688(server, dev);

    const entryIds = fake.orders.get(upstreamId)!.items.map((i) => i.subItemID);
    fake.ship(upstreamId, { billNo: "YT7000000001", carrierName: "圆通速递", carrierNo: "YTO" });
    fake.trace("YT7000000001", "快件已到达 杭州转运中心");
    await settled();
    const shipped = await until("shipped", () => detail(created.baseInfo.id), (d) => d.baseInfo.status === "waitbuyerreceive");
    assert.deepEqual(shipped.productItems.map((i) => i.status), ["waitbuyerreceive"]);
    assert.equal(entryIds.length, 1);
    await sound1688(server, dev);

    // The carrier's last step reaches the warehouse (read again while the parcel travels).
    fake.trace("YT7000000001", "【广州市】已签收，签收人：openpon 仓库");
    const items = await until(
      "received at the warehouse",
      () => dev.client.request<{ items: Array<{ state: string; orderId: string | null; inbound: { trackingNumber: string } }> }>("GET", "/warehouse/items", { query: { limit: 100 } }),
      (page) => page.items.some((i) => i.orderId === created.baseInfo.id && i.state !== "EXPECTED"),
    );
    assert.deepEqual(items.items.filter((i) => i.orderId === created.baseInfo.id).map((i) => [i.state, i.inbound.trackingNumber]), [["RECEIVED", "YT7000000001"]]);
    const received = await dev.client.alibaba.orders.receiveGoods({ orderId: created.baseInfo.id });
    assert.equal(received.success, true);
    assert.equal(fake.orders.get(upstreamId)!.status, "confirm_goods", "receipt confirmed upstream too");
    await sound1688(server, dev);
    const story = story1688(await orderEvents(server, dev), created.baseInfo.id);
    assert.deepEqual(story.slice(0, 3), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive"]);
  });

  test("a refund opened here is opened upstream; the seller's refund there credits the balance once", async () => {
    const created = await order();
    await dev.client.alibaba.orders.payUrl(created.baseInfo.id);
    const upstreamId = await upstreamOf(created.baseInfo.id);
    await until("paid", () => detail(created.baseInfo.id), (d) => d.baseInfo.status === "waitsellersend");
    const before = await server.platform.services.wallet.balance(dev.developId);
    const { refundId } = await dev.client.alibaba.refunds.create({
      orderId: created.baseInfo.id,
      orderEntryIds: [created.productItems[0]!.subItemID],
      disputeRequest: "refund",
      applyPayment: 1000,
      applyCarriage: 0,
      applyReasonId: 20002,
      description: "卖家未发货，申请退款",
      goodsStatus: "refundWaitSellerSend",
    } as never);
    const upstreamRefund = [...fake.refunds.values()].find((r) => r.orderId === upstreamId);
    assert.ok(upstreamRefund, "opened at the fake");
    fake.sellerRefund(upstreamRefund.refundId);
    await settled();
    const info = await until("refunded", () => dev.client.alibaba.refunds.info(refundId), (r) => (r as { status: string }).status === "refundsuccess");
    assert.ok(info);
    const afterRefund = await server.platform.services.wallet.balance(dev.developId);
    assert.equal(afterRefund.balanceFen - before.balanceFen, 1000, "credited once");
    // The same facts read again (the poll, and the last push delivered once more) change nothing.
    await admin("POST", "/admin/connectors/alibaba-1688/poll");
    const last = fake.pushLog.at(-1)!;
    await redeliver(server, { message: last.message, _aop_signature: aopSignature(SECRET, "", { message: last.message }) });
    await quiet(server);
    assert.equal((await server.platform.services.wallet.balance(dev.developId)).balanceFen, afterRefund.balanceFen);
    await sound1688(server, dev);
  });

  test("a voucher uploaded here reaches the 1688 seller: uploaded to 1688 as a JPEG and named by the upstream refund", async () => {
    const created = await order();
    await dev.client.alibaba.orders.payUrl(created.baseInfo.id);
    const upstreamId = await upstreamOf(created.baseInfo.id);
    await until("paid", () => detail(created.baseInfo.id), (d) => d.baseInfo.status === "waitsellersend");
    const png = (await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer()).toString("base64");
    const upload = await dev.client.raw<{ voucherUrl: string }>("POST", "/v2/alibaba/refund/voucher/upload", { body: { imageBase64: png } });
    assert.equal(upload.envelope.code, 200, upload.envelope.msg);
    const voucherUrl = upload.envelope.data!.voucherUrl;
    const uploadsBefore = fake.callsOf("alibaba.trade.uploadRefundVoucher").length;
    await dev.client.alibaba.refunds.create({
      orderId: created.baseInfo.id,
      orderEntryIds: [created.productItems[0]!.subItemID],
      disputeRequest: "refund",
      applyPayment: 500,
      applyCarriage: 0,
      applyReasonId: 20002,
      description: "卖家未发货，附凭证",
      goodsStatus: "refundWaitSellerSend",
      vouchers: [voucherUrl],
    } as never);
    const upstreamRefund = [...fake.refunds.values()].find((r) => r.orderId === upstreamId);
    assert.ok(upstreamRefund, "opened at the fake");
    assert.equal(upstreamRefund.vouchers.length, 1);
    assert.equal(fake.callsOf("alibaba.trade.uploadRefundVoucher").length, uploadsBefore + 1);
    const sent = fake.vouchers.get(upstreamRefund.vouchers[0]!)!;
    const meta = await sharp(sent.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["jpeg", 40, 30], "the buyer's picture, as a JPEG");
    await sound1688(server, dev);
  });

  test("an expired access token is refreshed (and the new one stored sealed); a create whose answer was lost buys once", async () => {
    const sealedBefore = (await server.platform.database.db.selectFrom("connector_settings").select("tokens_sealed").where("name", "=", "alibaba-1688").executeTakeFirstOrThrow()).tokens_sealed;
    fake.expireAccessToken();
    fake.dropResponseOnce("alibaba.trade.createCrossOrder");
    const created = await order();
    assert.equal(created.baseInfo.status, "waitbuyerpay");
    const upstreamId = await upstreamOf(created.baseInfo.id);
    const ref = fake.orders.get(upstreamId)!.outOrderId;
    assert.ok(ref);
    assert.equal([...fake.orders.values()].filter((o) => o.outOrderId === ref).length, 1, "one purchase under the reference");
    const sealedAfter = (await server.platform.database.db.selectFrom("connector_settings").select("tokens_sealed").where("name", "=", "alibaba-1688").executeTakeFirstOrThrow()).tokens_sealed;
    assert.notEqual(sealedAfter, sealedBefore, "the refreshed tokens were stored");
    await sound1688(server, dev);
  });

  test("a forged push is refused and logged, and nothing is read or applied", async () => {
    const created = await order();
    const upstreamId = await upstreamOf(created.baseInfo.id);
    const message = JSON.stringify({ msgId: 99, gmtBorn: Date.now(), data: { orderId: upstreamId, currentStatus: "cancel" }, userInfo: "b2b-1", type: "ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE" });
    const syncsBefore = await syncJobs(server);
    for (const signature of ["0".repeat(40), aopSignature("not-the-secret", "", { message }), ""]) {
      const res = await fetch(`${server.url}/upstream/alibaba-1688/push`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ message, _aop_signature: signature }).toString(),
      });
      assert.equal(res.status, 401);
    }
    assert.equal(await syncJobs(server), syncsBefore, "no sync scheduled");
    const [latest] = await admin<Array<{ accepted: boolean; note: string }>>("GET", "/admin/connectors/alibaba-1688/pushes?limit=1");
    assert.ok(latest && !latest.accepted && /signature/i.test(latest.note), JSON.stringify(latest));
    assert.equal((await detail(created.baseInfo.id)).baseInfo.status, "waitbuyerpay");

    // A flood of forged pushes writes at most one log row a second; the next one counts the rest.
    const rows = async () => Number((await server.platform.database.db.selectFrom("upstream_pushes").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    await new Promise((r) => setTimeout(r, 1100));
    const before = await rows();
    const forge = () => fetch(`${server.url}/upstream/alibaba-1688/push`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ message, _aop_signature: "F".repeat(40) }).toString() });
    for (let i = 0; i < 30; i++) assert.equal((await forge()).status, 401);
    assert.equal(await rows(), before + 1, "one row for the flood");
    await new Promise((r) => setTimeout(r, 1100));
    await forge();
    const [counted] = await admin<Array<{ note: string }>>("GET", "/admin/connectors/alibaba-1688/pushes?limit=1");
    assert.match(counted!.note, /and 29 more refused/);
  });

  test("pushes delivered twice and in reverse apply once, in order; lost pushes are caught by the poll", async () => {
    const a = await order();
    const b = await order();
    fake.pushMode = "reversed";
    await dev.client.alibaba.orders.payUrl(a.baseInfo.id);
    const upA = await upstreamOf(a.baseInfo.id);
    fake.ship(upA, { billNo: "YT7000000002", carrierName: "圆通速递", carrierNo: "YTO" });
    await settled();
    fake.pushMode = "twice";
    await until("a shipped", () => detail(a.baseInfo.id), (d) => d.baseInfo.status === "waitbuyerreceive");
    const storyA = story1688(await orderEvents(server, dev), a.baseInfo.id);
    assert.deepEqual(storyA, ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive"], "each change once, in order");

    // Every push about b is lost: only the poll finds the shipment.
    fake.pushMode = "normal";
    await dev.client.alibaba.orders.payUrl(b.baseInfo.id);
    const upB = await upstreamOf(b.baseInfo.id);
    await settled();
    await quiet(server);
    fake.dropPushes(100);
    fake.ship(upB, { billNo: "YT7000000003", carrierName: "圆通速递", carrierNo: "YTO" });
    await settled();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await detail(b.baseInfo.id)).baseInfo.status, "waitsellersend", "nothing pushed, nothing known");
    const polled = await admin<{ lastPollError: string | null }>("POST", "/admin/connectors/alibaba-1688/poll");
    assert.equal(polled.lastPollError, null);
    await until("b shipped through the poll", () => detail(b.baseInfo.id), (d) => d.baseInfo.status === "waitbuyerreceive");
    fake.dropPushes(-100);
    await sound1688(server, dev);
  });

  test("an upstream that keeps failing: retried, then the circuit opens and calls answer 50201 at once with the reason", async () => {
    fake.failNext(40, 503);
    const first = await dev.client.raw("POST", "/v2/alibaba/order/create", {
      body: { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [{ offerMapId: "610947572399", quantity: 1 }] },
    });
    assert.equal(first.envelope.code, 50201, first.envelope.msg);
    let circuitOpen = false;
    for (let i = 0; i < 10 && !circuitOpen; i++) {
      const answer = await dev.client.raw("POST", "/v2/alibaba/order/create", {
        body: { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [{ offerMapId: "610947572398", quantity: 1 }] },
      });
      assert.equal(answer.envelope.code, 50201);
      circuitOpen = /circuit/i.test(answer.envelope.msg);
    }
    assert.ok(circuitOpen, "the circuit opened");
    const status = await admin<{ health: { circuit: string; errors: number } }>("GET", "/admin/connectors/alibaba-1688");
    assert.equal(status.health.circuit, "open");
    assert.ok(status.health.errors > 0);
    await sound1688(server, dev);
  });
});

/** The order callbacks (not the refund ones) of the developer. */
async function orderEvents(server: TestServer, dev: TestDeveloper) {
  return (await outbox1688(server, dev)).filter((e) => e.type === STATUS_1688 || e.type === PRICE_1688);
}

/** A push the fake sent, sent again as it was. */
async function redeliver(server: TestServer, form: Record<string, string>): Promise<void> {
  const res = await fetch(`${server.url}/upstream/alibaba-1688/push`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  assert.equal(res.status, 200);
}


async function syncJobs(server: TestServer): Promise<number> {
  const row = await server.platform.database.db.selectFrom("jobs").select((eb) => eb.fn.countAll<string>().as("n")).where("kind", "=", "marketplace.sync").executeTakeFirstOrThrow();
  return Number(row.n);
}
