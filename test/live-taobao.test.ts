// A live developer's Taobao journey through the platform, with the operator's Taobao Global
// connector configured and authorized over /admin and pointing at the local distributor-API fake:
// goods, order (lines built upstream), pay, ship, track — ledger and read model checked after each
// step. The fake pushes signed messages (types 3 and 8) to /upstream/taobao-global/push; the platform
// reads the purchases they name. Then the faults: a forged push, repeated and reordered pushes, lost
// pushes caught by the poll, a lost create answer, an expired token, a refund the upstream cannot open.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { ADDRESS, buyableSku, outbox, sound, story } from "./helpers/taobao.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { adminOk, quiet } from "./helpers/live.ts";
import { startTaobaoGlobalFake, type TaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

describe("a live developer buys on Taobao through the configured Taobao Global connector", () => {
  let fake: TaobaoGlobalFake;
  let server: TestServer;
  let dev: TestDeveloper;

  const admin = <T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => adminOk<T>(server, method, path, body);
  const detail = (orderId: string) => dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId } });
  const purchaseOf = (o: OrderV2VO) => o.subOrderVOS[0]!.taobaoPurchaseId!;
  /** A new order of one line, built by the upstream (settled) and seen built here. */
  const builtOrder = async (quantity = 1): Promise<OrderV2VO> => {
    const { detail: item, sku } = await buyableSku(dev, "杯", 5);
    const created = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: item.mpId, skuId: sku.mpSkuId, quantity, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS },
    });
    assert.equal(created.status, 0);
    assert.deepEqual(created.subOrderVOS.map((l) => l.status), ["BULIDING"]);
    fake.settle();
    await fake.pushesSettled();
    return until("built", () => detail(created.id), (o) => o.subOrderVOS.every((l) => l.status === "WAIT_BUYER_PAY"));
  };
  const pay = async (o: OrderV2VO) => {
    await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [o.id] } });
    // The platform pays upstream (batch pay) in the background; the fake applies it when it settles.
    await until("paid upstream", async () => fake.orders.get(Number(purchaseOf(o)))?.pay_time ?? (fake.settle(), undefined), (t) => t !== undefined);
    await fake.pushesSettled();
    return until("waiting for the seller", () => detail(o.id), (d) => d.status === 10);
  };

  before(async () => {
    fake = await startTaobaoGlobalFake();
    server = await startServer({ config: { connectorAllowPrivate: true, connectorPollEverySec: 0, jobsPollMs: 50, sandboxTickMs: 0 } });
    await admin("PUT", "/admin/connectors/taobao-global", {
      appKey: fake.appKey,
      appSecret: fake.appSecret,
      baseUrl: fake.baseUrl,
      redirectUri: "https://openpon.example/oauth/taobao",
      tuning: { ratePerSec: 1000, burst: 1000, timeoutMs: 2000, pollEverySec: 0, trackEverySec: 1 },
    });
    const link = await admin<{ url: string; state: string }>("GET", "/admin/connectors/taobao-global/authorize");
    assert.match(link.url, new RegExp(`client_id=${fake.appKey}`));
    const status = await admin<{ authorized: boolean; problem: string | null }>("POST", "/admin/connectors/taobao-global/authorize", { code: fake.issueAuthCode(), state: link.state });
    assert.deepEqual([status.authorized, status.problem], [true, null]);
    fake.pushTo(`${server.url}/upstream/taobao-global/push`);
    dev = await server.createDeveloper({ live: true });
    await admin("POST", `/admin/developers/${dev.developId}/wallet/topup`, { amount: "1000", memo: "live money" });
  });
  after(async () => {
    await server?.close();
    await fake?.close();
  });

  test("goods come from the upstream's catalogue, not the sandbox", async () => {
    const page = await dev.client.request<{ data: Array<{ itemId: string; title: string }> }>("POST", "/v2/taobao/product/item/search", { body: { keyword: "杯", pageSize: 20 } });
    assert.ok(page.data.length > 0);
    assert.ok(page.data.every((i) => /杯|mug|flask/i.test(i.title)), JSON.stringify(page.data.map((i) => i.title)));
    // A sandbox developer of the same deployment never reaches the configured connector.
    const calls = fake.calls.length;
    const sandboxDev = await server.createDeveloper();
    const sandboxPage = await sandboxDev.client.request<{ data: Array<{ itemId: string }> }>("POST", "/v2/taobao/product/item/search", { body: { keyword: "杯", pageSize: 20 } });
    const fakeIds = new Set(fake.catalogue.map((i) => String(i.item_id)));
    assert.ok(sandboxPage.data.length > 0 && sandboxPage.data.every((i) => !fakeIds.has(i.itemId)), "sandbox goods");
    assert.equal(fake.calls.length, calls, "no upstream call for a sandbox developer");
  });

  test("order, build, pay, ship, track: each step follows the upstream; ledger and read model sound", async () => {
    const built = await builtOrder(2);
    assert.equal(built.status, 0);
    const purchase = fake.orders.get(Number(purchaseOf(built)))!;
    assert.ok(purchase.outer_purchase_id, "bought under the platform's client reference");
    await sound(server, dev);

    const paid = await pay(built);
    assert.deepEqual(paid.subOrderVOS.map((l) => l.status), ["WAIT_SELLER_SEND_GOODS"]);
    await sound(server, dev);

    fake.ship(purchaseOf(built), { mailNo: "SF1000000001", carrier: "顺丰速运", carrierCode: "SF" });
    fake.trace("SF1000000001", "DELIVERING", "快件已到达 广州转运中心", "广州");
    await fake.pushesSettled();
    const shipped = await until("shipped", () => detail(built.id), (o) => o.status === 11);
    assert.deepEqual(shipped.subOrderVOS.map((l) => l.status), ["WAIT_BUYER_CONFIRM_GOODS"]);
    const tracked = await server.platform.database.db.selectFrom("taobao_sub_orders").select(["logistic_company_name", "logistic_number"]).where("order_id", "=", built.id).execute();
    assert.deepEqual(tracked, [{ logistic_company_name: "顺丰速运", logistic_number: "SF1000000001" }]);
    await sound(server, dev);
    // The carrier's last step (no order change, so no push): read again while the parcel travels,
    // and signed for at the warehouse it becomes the platform's warehouse goods.
    fake.trace("SF1000000001", "SIGNED", "已签收，签收人：openpon 仓库", "广州");
    const items = await until(
      "received at the warehouse",
      () => dev.client.request<{ items: Array<{ state: string; orderId: string | null; inbound: { trackingNumber: string } }> }>("GET", "/warehouse/items", { query: { limit: 100 } }),
      (page) => page.items.some((i) => i.orderId === built.id && i.state !== "EXPECTED"),
    );
    assert.deepEqual(items.items.filter((i) => i.orderId === built.id).map((i) => [i.state, i.inbound.trackingNumber]), [["RECEIVED", "SF1000000001"]]);
    const steps = story(await outbox(server, dev), built.id);
    assert.equal(steps.at(-1), "10→11*", steps.join(" "));
    assert.equal(steps.filter((s) => s === "10→11*").length, 1, "shipped once");
  });

  test("a seller's price change upstream reaches the order once, however the pushes come", async () => {
    const built = await builtOrder();
    const line = fake.orders.get(Number(purchaseOf(built)))!.lines[0]!;
    const price = line.price;
    fake.pushMode = "twice";
    fake.changePrice(purchaseOf(built), line.sub_purchase_order_id, price - 100);
    await fake.pushesSettled();
    fake.pushMode = "normal";
    const repriced = await until("repriced", () => detail(built.id), (o) => o.subOrderVOS[0]!.purchaseAmount === (price - 100) * line.quantity);
    assert.equal(repriced.status, 0);
    const prices = story(await outbox(server, dev), built.id).filter((s) => s === "price");
    assert.equal(prices.length, 1, "one price callback");
    await sound(server, dev);
  });

  test("a forged push is refused and logged; reversed pushes end in the upstream's state; lost ones are caught by the poll", async () => {
    const built = await builtOrder();
    const body = JSON.stringify({ message_type: 3, timestamp: Date.now(), data: { purchase_id: purchaseOf(built), order_status: "TRADE_CLOSED" } });
    for (const authorization of ["", createHmac("sha256", "wrong-secret").update(fake.appKey + body).digest("hex")]) {
      const res = await fetch(`${server.url}/upstream/taobao-global/push`, { method: "POST", headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body });
      assert.equal(res.status, 401);
    }
    const [latest] = await admin<Array<{ accepted: boolean; note: string }>>("GET", "/admin/connectors/taobao-global/pushes?limit=1");
    assert.ok(latest && !latest.accepted, JSON.stringify(latest));
    assert.equal((await detail(built.id)).status, 0, "nothing applied");

    fake.pushMode = "reversed";
    const paid = await pay(built);
    fake.ship(purchaseOf(paid), { mailNo: "SF1000000002", carrier: "顺丰速运", carrierCode: "SF" });
    await fake.pushesSettled();
    fake.pushMode = "normal";
    await until("shipped", () => detail(built.id), (o) => o.status === 11);

    const lost = await builtOrder();
    await pay(lost);
    await quiet(server);
    fake.dropPushes(100);
    fake.ship(purchaseOf(lost), { mailNo: "SF1000000003", carrier: "顺丰速运", carrierCode: "SF" });
    await fake.pushesSettled();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await detail(lost.id)).status, 10, "nothing pushed, nothing known");
    const polled = await admin<{ lastPollError: string | null }>("POST", "/admin/connectors/taobao-global/poll");
    assert.equal(polled.lastPollError, null);
    await until("shipped through the poll", () => detail(lost.id), (o) => o.status === 11);
    fake.dropPushes(-100);
    await sound(server, dev);
  });

  test("an expired token is refreshed and stored; a create whose answer was lost buys once", async () => {
    const sealed = async () => (await server.platform.database.db.selectFrom("connector_settings").select("tokens_sealed").where("name", "=", "taobao-global").executeTakeFirstOrThrow()).tokens_sealed;
    const before = await sealed();
    fake.expireAccessToken();
    fake.dropResponseOnce("/purchase/order/create");
    const ordersBefore = fake.orders.size;
    const built = await builtOrder();
    assert.equal(fake.orders.size, ordersBefore + 1, "one purchase");
    assert.equal(fake.orders.get(Number(purchaseOf(built)))!.outer_purchase_id.length > 0, true);
    assert.notEqual(await sealed(), before, "refreshed tokens stored");
    await sound(server, dev);
  });

  test("a refund request is refused (40901) saying the distributor API cannot open cases; nothing is left behind", async () => {
    const built = await builtOrder();
    const paid = await pay(built);
    const line = paid.subOrderVOS[0]!;
    const answer = await dev.client.raw("POST", "/v2/taobao/order/refund/submit", {
      body: { subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: line.purchaseAmount! + line.domesticPostFee },
    });
    assert.equal(answer.envelope.code, 40901, answer.envelope.msg);
    assert.match(answer.envelope.msg, /Taobao Global console/);
    const rows = await server.platform.database.db.selectFrom("taobao_refunds").select("id").where("developer_id", "=", dev.developId).execute();
    assert.deepEqual(rows, []);
    await sound(server, dev);
  });
});
