// The live-ready core: a live developer's timeouts run on the job runner in real time (with sandbox
// ticking off), a live developer without a configured connector is never served by the sandbox,
// marketplace events go through the durable inbox (duplicates and reordering change nothing twice),
// and concurrent creates and clock advances leave no line BULIDING.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { ADDRESS, buyableSku, outbox, sound, story } from "./helpers/taobao.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";

type WireLine = { itemId: string; skuId: string; quantity: number; price: number; orderLineNo: string };


describe("live developers", () => {
  let server: TestServer;
  before(async () => {
    // Live developers buy through the sandbox sellers here (a stand-in for a configured connector),
    // sandbox ticking is off, and unpaid orders close after 2 s.
    server = await startServer({
      config: { sandboxTickMs: 0, jobsPollMs: 50, taobaoUnpaidTimeoutMs: 2000 },
      liveConnectors: (sandbox) => ({ taobao: sandbox.taobao }),
    });
  });
  after(async () => {
    await server?.close();
  });

  test("a live developer's unpaid order is closed by the job runner in real time, with sandbox ticking off", async () => {
    const dev = await server.createDeveloper({ live: true });
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 1);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS },
    });
    assert.equal(order.status, 0);
    assert.ok(/^\d{12}$/.test(order.subOrderVOS[0]!.taobaoPurchaseId!), "bought through the live connector");
    const closed = await until("the unpaid close", () => dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } }), (o) => o.status === 4);
    assert.deepEqual(closed.subOrderVOS.map((l) => [l.status, l.closeReason]), [["TRADE_CLOSED", "UNPAID_TIMEOUT"]]);
    assert.deepEqual(story(await outbox(server, dev), order.id), ["null→0*", "0→4*"]);
    // Live developers have no test clock.
    assert.equal((await dev.client.raw("POST", "/sandbox/clock/advance", { body: { duration: "1h" } })).envelope.code, 40901);
  });

  test("without a live 1688 connector a live developer's goods calls answer 50201 naming the missing setting, never the sandbox", async () => {
    const dev = await server.createDeveloper({ live: true });
    const { envelope } = await dev.client.raw("POST", "/v2/alibaba/product/keywords/query", { body: { keyword: "连衣裙", beginPage: 1, pageSize: 10 } });
    assert.equal(envelope.code, 50201);
    assert.match(envelope.msg, /no live 1688 connector is configured/);
    assert.match(envelope.msg, /alibaba-1688/);
    const sandboxDev = await server.createDeveloper();
    assert.equal((await sandboxDev.client.raw("POST", "/v2/alibaba/product/keywords/query", { body: { keyword: "连衣裙", beginPage: 1, pageSize: 10 } })).envelope.code, 200);
  });
});

describe("the marketplace inbox", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0, jobsPollMs: 50 } });
    dev = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });

  test("a duplicated and a reordered event change nothing twice", async () => {
    const { detail, sku } = await buyableSku(dev, "手机壳", 5, 0);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 2, price: 1234, orderLineNo: "1" }], receiver: ADDRESS },
    });
    const line = order.subOrderVOS[0]!;
    const purchase = await server.platform.services.seller.readOrder("taobao", { developerId: dev.developId, userId: dev.userId }, line.taobaoPurchaseId!);
    const base = { platform: "taobao" as const, developerId: dev.developId, upstreamOrderId: line.taobaoPurchaseId!, clientRef: purchase!.clientRef, at: Date.now() };
    const priceChanged = { ...base, kind: "price_changed" as const, upstreamLineId: line.taobaoSubPurchaseId!, unitPriceFen: 2000, postFeeFen: 300 };
    const built = { ...base, kind: "line_built" as const, upstreamLineId: line.taobaoSubPurchaseId!, unitPriceFen: 1500, postFeeFen: 300 };
    const inbox = server.platform.services.inbox;
    const db = server.platform.database.db;
    // The price change arrives before the build it follows; both arrive twice.
    await db.transaction().execute((trx) => inbox.append(trx, [{ connector: "test", eventKey: "p-1", event: priceChanged }]));
    await db.transaction().execute((trx) => inbox.append(trx, [{ connector: "test", eventKey: "b-1", event: built }, { connector: "test", eventKey: "p-1", event: priceChanged }]));
    await db.transaction().execute((trx) => inbox.append(trx, [{ connector: "test", eventKey: "b-1", event: built }]));
    const rows = () => db.selectFrom("marketplace_inbox").select(["event_key", "status"]).where("connector", "=", "test").where("developer_id", "=", dev.developId).orderBy("id").execute();
    assert.equal((await rows()).length, 2, "a duplicate is not appended");
    await until("both applied", async () => (await server.platform.services.jobs.runAllDue(), rows()), (r) => r.every((x) => x.status === "APPLIED"));
    const after = await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } });
    assert.equal(after.subOrderVOS[0]!.status, "WAIT_BUYER_PAY");
    assert.equal(after.subOrderVOS[0]!.purchaseAmount, 4000, "the later price, applied after the build");
    assert.equal(after.purchaseAmount, 4300);
    const events = await outbox(server, dev);
    assert.deepEqual(story(events, order.id), ["null→0*", "0→0*", "price", "price"], "one build step; the build at another price and the change, once each");
    // An event about a purchase the platform never recorded changes nothing and says why.
    await db.transaction().execute((trx) => inbox.append(trx, [{ connector: "test", eventKey: "x-1", event: { ...built, clientRef: "op-unknown" } }]));
    const foreign = await until("the foreign event", async () => (await server.platform.services.jobs.runAllDue(), db.selectFrom("marketplace_inbox").select(["status", "note"]).where("event_key", "=", "x-1").executeTakeFirstOrThrow()), (r) => r.status !== "PENDING");
    assert.equal(foreign.status, "IGNORED");
    assert.match(foreign.note ?? "", /no order has client reference/);
    await sound(server, dev);
  });

  test("concurrent creates and clock advances leave no line BULIDING past its build time", async () => {
    const other = await server.createDeveloper();
    const { detail, sku } = await buyableSku(other, "连衣裙", 50, 2);
    const line: WireLine = { itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" };
    const ids: string[] = [];
    let stop = false;
    const creating = (async () => {
      for (let i = 0; i < 25; i++) ids.push((await other.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [line], receiver: ADDRESS } })).id);
      stop = true;
    })();
    const advancing = (async () => {
      while (!stop) await other.client.request("POST", "/sandbox/clock/advance", { body: { duration: "1m" } });
    })();
    await Promise.all([creating, advancing]);
    await other.client.request("POST", "/sandbox/clock/advance", { body: { duration: "5m" } });
    const building = async () => {
      await server.platform.services.jobs.runAllDue();
      const views = await Promise.all(ids.map((id) => other.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: id } })));
      return views.filter((v) => v.subOrderVOS.some((l) => l.status === "BULIDING")).map((v) => v.id);
    };
    assert.deepEqual(await until("every line built", building, (left) => left.length === 0), []);
    await sound(server, other);
  });
});
