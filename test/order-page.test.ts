// POST /v2/taobao/order/page against the seed document (test/fixtures/seed-order-page.json, copied
// from the platform's own page): orders are placed through the orders module, then the page must
// print them byte for byte as the seed does, with only our generated ids in place of theirs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ManualClock } from "../src/platform/clock.ts";
import type { PlaceOrderInput } from "../src/modules/orders/index.ts";
import type { OrderV2VO } from "@openpon/sdk";
import { ROOT, startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

interface SeedOrder extends OrderV2VO {}
const seed = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/seed-order-page.json"), "utf8")) as {
  data: { total: number; data: SeedOrder[] };
};
const seedOrders = seed.data.data;

/** "2024-07-18 18:01:30" (UTC+8) to epoch ms. */
function cst(text: string): number {
  return Date.parse(text.replace(" ", "T") + "+08:00");
}

/** The seed order as PlaceOrderInput, so the module produces the same order. */
function inputFromSeed(order: SeedOrder, owner: PlaceOrderInput["owner"]): PlaceOrderInput {
  const wh = order.warehouseAddressInfoVO;
  return {
    owner,
    sellerOrderNumber: order.sellerOrderNumber,
    orderSource: order.orderSource,
    remark: order.remark,
    receiver: {
      name: wh["name"]!,
      phone: wh["phone"],
      mobilePhone: wh["mobilePhone"],
      country: wh["country"],
      state: wh["state"]!,
      city: wh["city"]!,
      district: wh["district"],
      address: wh["address"]!,
      zip: wh["zip"],
      taxId: wh["taxId"],
    },
    lines: order.subOrderVOS.map((line) => {
      const result = JSON.parse(line.subOrderResult) as { option_fields: { SKU_IMG_URL: string; en: string; zh: string } };
      return {
        quantity: line.quantity,
        title: line.title,
        itemMapId: line.itemMapId,
        skuId: line.skuId,
        skuImageUrl: result.option_fields.SKU_IMG_URL,
        skuPropsZh: result.option_fields.zh,
        skuPropsEn: result.option_fields.en,
        sellerNick: "seed-shop",
        taobaoPurchaseId: line.taobaoPurchaseId,
        taobaoSubPurchaseId: line.taobaoSubPurchaseId,
      };
    }),
  };
}

/** Replaces the seed's platform-generated ids and user with ours; everything else must be equal. */
function expectedFromSeed(order: SeedOrder, actual: OrderV2VO): SeedOrder {
  return {
    ...order,
    id: actual.id,
    orderNo: actual.orderNo,
    userId: actual.userId,
    subOrderVOS: order.subOrderVOS.map((line, i) => ({ ...line, subOrderId: actual.subOrderVOS[i]!.subOrderId, orderNo: actual.orderNo })),
  };
}

describe("POST /v2/taobao/order/page", () => {
  const clock = new ManualClock(cst("2024-07-18 18:00:00"));
  let server: TestServer;
  let dev: TestDeveloper;
  let otherUserId: string;
  let stranger: TestDeveloper;
  const placed: OrderV2VO[] = [];

  before(async () => {
    server = await startServer({ clock });
    dev = await server.createDeveloper({ userName: "Ponpick11" });
    otherUserId = await server.addUser(dev.developId, "second-user");
    stranger = await server.createDeveloper({ userName: "stranger" });
    const owner = { developerId: dev.developId, userId: dev.userId, userName: "Ponpick11" };
    // The five seed orders, at their seed creation times...
    for (const order of seedOrders) {
      clock.set(cst(order.createTime));
      placed.push(await server.platform.services.orders.placeOrder(inputFromSeed(order, owner)));
    }
    // ...and 17 later ones, so the first page of five with total 22 is exactly the seed's page.
    for (let i = 0; i < 17; i++) {
      clock.set(cst("2024-07-20 09:00:00") + i * 3_600_000);
      const base = inputFromSeed(seedOrders[i % 5]!, owner);
      placed.push(
        await server.platform.services.orders.placeOrder({
          ...base,
          sellerOrderNumber: `SO-${i}`,
          orderSource: "lazada",
          lines: base.lines.map((line) => ({ ...line, sellerNick: i % 2 === 0 ? "even-shop" : "odd-shop" })),
        }),
      );
    }
    // One order of another user of the same developer, one of another developer.
    await server.platform.services.orders.placeOrder(inputFromSeed(seedOrders[0]!, { developerId: dev.developId, userId: otherUserId, userName: "second-user" }));
    await server.platform.services.orders.placeOrder(
      inputFromSeed(seedOrders[0]!, { developerId: stranger.developId, userId: stranger.userId, userName: "stranger" }),
    );
    clock.set(cst("2024-07-21 12:00:00"));
  });

  after(async () => {
    await server?.close();
  });

  test("the read model (stored views and counters) matches the rows", async () => {
    for (const developId of [dev.developId, stranger.developId]) {
      assert.deepEqual(await server.platform.services.orders.verifyReadModel(developId), []);
    }
  });

  test("the seed request {pageNum:1, pageSize:5} prints the seed response byte for byte (ids aside)", async () => {
    const { envelope, text } = await dev.client.raw<{ total: number; data: OrderV2VO[] }>("POST", "/v2/taobao/order/page", { body: '{"pageNum": 1,\n  "pageSize": 5}' });
    assert.equal(envelope.code, 200);
    assert.equal(envelope.msg, "成功");
    assert.equal(envelope.developId, dev.developId);
    assert.match(envelope.requestId, /^[0-9a-f]{32}$/);
    assert.deepEqual(Object.keys(envelope), ["requestId", "code", "developId", "msg", "data"]);
    const page = envelope.data!;
    assert.equal(page.total, seed.data.total);
    assert.equal(page.data.length, 5);
    const expected = seedOrders.map((order, i) => expectedFromSeed(order, page.data[i]!));
    // Field by field first (clear diffs), then the bytes (key order, nulls, types).
    for (let i = 0; i < 5; i++) assert.deepEqual(page.data[i], expected[i], `order ${i}`);
    assert.equal(JSON.stringify(page.data), JSON.stringify(expected));
    assert.ok(text.includes(JSON.stringify(expected[0])), "the raw bytes carry the order exactly as serialised");
    // Ids are 19-digit strings, and the subOrderResult string is the seed's, unchanged.
    for (const order of page.data) {
      assert.match(order.id, /^\d{19}$/);
      assert.match(order.orderNo, /^\d{19}$/);
      assert.equal(order.userId, dev.userId);
      for (const line of order.subOrderVOS) assert.match(line.subOrderId, /^\d{19}$/);
    }
    assert.equal(page.data[1]!.subOrderVOS[0]!.subOrderResult, seedOrders[1]!.subOrderVOS[0]!.subOrderResult);
  });

  test("defaults: pageNum 1, pageSize 20; ascending createTime then id; a page past the end is empty with the real total", async () => {
    const first = await dev.client.taobao.orderPage();
    assert.equal(first.total, 22);
    assert.equal(first.data.length, 20);
    const times = first.data.map((o) => o.createTime);
    assert.deepEqual(times, [...times].sort());
    const second = await dev.client.taobao.orderPage({ pageNum: 2 });
    assert.equal(second.data.length, 2);
    assert.equal(second.data[1]!.id, placed[21]!.id);
    const past = await dev.client.taobao.orderPage({ pageNum: 9, pageSize: 5 });
    assert.deepEqual(past, { total: 22, data: [] });
    const one = await dev.client.taobao.orderPage({ pageSize: 1, pageNum: 22 });
    assert.equal(one.data[0]!.id, placed[21]!.id);
    const max = await dev.client.taobao.orderPage({ pageSize: 100 });
    assert.equal(max.data.length, 22);
  });

  test("filter id accepts a string and a JSON number without losing digits", async () => {
    const target = placed[3]!;
    const byString = await dev.client.taobao.orderPage({ id: target.id });
    assert.deepEqual(byString.data.map((o) => o.id), [target.id]);
    const byNumber = await dev.client.raw<{ total: number; data: OrderV2VO[] }>("POST", "/v2/taobao/order/page", { body: `{"id": ${target.id}}` });
    assert.equal(byNumber.envelope.data!.data[0]!.id, target.id);
    assert.equal((await dev.client.taobao.orderPage({ id: "9223372036854775807" })).total, 0);
    assert.equal((await dev.client.taobao.orderPage({ id: "9999999999999999999" })).total, 0);
  });

  test("filter orderNo, status (including reserved values) and sellerNick", async () => {
    const target = placed[7]!;
    assert.deepEqual((await dev.client.taobao.orderPage({ orderNo: target.orderNo })).data.map((o) => o.id), [target.id]);
    assert.equal((await dev.client.taobao.orderPage({ orderNo: "not-a-number" })).total, 0);
    assert.equal((await dev.client.taobao.orderPage({ status: 0 })).total, 22);
    for (const status of [1, 2, 3, 4, 10, 11, 5, 9, 12]) assert.equal((await dev.client.taobao.orderPage({ status })).total, 0, `status ${status}`);
    assert.equal((await dev.client.taobao.orderPage({ sellerNick: "even-shop" })).total, 9);
    assert.equal((await dev.client.taobao.orderPage({ sellerNick: "odd-shop" })).total, 8);
    assert.equal((await dev.client.taobao.orderPage({ sellerNick: "seed-shop" })).total, 5);
    assert.equal((await dev.client.taobao.orderPage({ sellerNick: "nobody" })).total, 0);
  });

  test("filter beginDateTime/endDateTime: date-time (UTC+8), whole days, epoch ms, inclusive; DateTime objects ignored", async () => {
    const range = await dev.client.taobao.orderPage({ beginDateTime: "2024-07-19 10:40:32", endDateTime: "2024-07-19 17:02:44" });
    assert.deepEqual(range.data.map((o) => o.createTime), ["2024-07-19 10:40:32", "2024-07-19 15:38:20", "2024-07-19 17:02:44"]);
    const day = await dev.client.taobao.orderPage({ beginDateTime: "2024-07-19", endDateTime: "2024-07-19" });
    assert.equal(day.total, 4);
    const ms = await dev.client.taobao.orderPage({ beginDateTime: cst("2024-07-18 18:01:30"), endDateTime: cst("2024-07-18 18:01:30") });
    assert.equal(ms.total, 1);
    const objects = await dev.client.raw<{ total: number }>("POST", "/v2/taobao/order/page", {
      body: { beginDateTime: { mutable: true, firstDayOfWeek: "MONDAY", timeZone: {}, minimalDaysInFirstWeek: 1 }, endDateTime: {} },
    });
    assert.equal(objects.envelope.data!.total, 22);
    const bad = await dev.client.raw("POST", "/v2/taobao/order/page", { body: { beginDateTime: "2024-02-31" } });
    assert.equal(bad.envelope.code, 40002);
    assert.match(bad.envelope.msg, /beginDateTime/);
    const reversed = await dev.client.raw("POST", "/v2/taobao/order/page", { body: { beginDateTime: "2024-07-20", endDateTime: "2024-07-19" } });
    assert.equal(reversed.envelope.code, 40002);
  });

  test("validation errors name the field", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ pageSize: 0 }, /pageSize must be between 1 and 100/],
      [{ pageSize: 101 }, /pageSize/],
      [{ pageNum: 0 }, /pageNum/],
      [{ pageSize: "5" }, /pageSize must be an integer/],
      [{ status: 7 }, /status must be one of/],
      [{ id: "12ab" }, /id must be a numeric id/],
      [{ orderNo: 5 }, /orderNo must be a string/],
      [[1, 2], /body must be a JSON object/],
    ];
    for (const [body, message] of cases) {
      const { envelope, status } = await dev.client.raw("POST", "/v2/taobao/order/page", { body });
      assert.equal(status, 200);
      assert.equal(envelope.code, 40002, JSON.stringify(body));
      assert.match(envelope.msg, message);
      assert.equal(envelope.data, null);
    }
  });

  test("a null filter counts as absent", async () => {
    const page = await dev.client.raw<{ total: number }>("POST", "/v2/taobao/order/page", { body: { id: null, status: null, pageSize: null } });
    assert.equal(page.envelope.code, 200);
    assert.equal(page.envelope.data!.total, 22);
  });

  test("isolation: another user of the developer and another developer see none of these orders", async () => {
    const mine = placed[0]!;
    const sibling = await dev.client.withUser(otherUserId).taobao.orderPage();
    assert.equal(sibling.total, 1);
    assert.notEqual(sibling.data[0]!.id, mine.id);
    assert.equal((await dev.client.withUser(otherUserId).taobao.orderPage({ id: mine.id })).total, 0);
    const foreign = await stranger.client.taobao.orderPage();
    assert.equal(foreign.total, 1);
    assert.equal((await stranger.client.taobao.orderPage({ id: mine.id })).total, 0);
    assert.equal((await stranger.client.taobao.orderPage({ orderNo: mine.orderNo })).total, 0);
  });

  test("placing an order records its history and appends the TB-STATUS event (previousStatus null) to the outbox", async () => {
    const order = placed[0]!;
    const history = await server.platform.services.orders.history(order.id);
    assert.deepEqual(
      history.map((h) => [h.sub_order_id === null ? "order" : "line", h.from_status, h.to_status, h.actor]),
      [
        ["order", null, "0", "buyer"],
        ["line", null, "BULIDING", "buyer"],
      ],
    );
    const events = await server.platform.services.outbox.list(server.platform.database.db, dev.developId, { limit: 1000 });
    const mine = events.filter((e) => e.aggregateId === order.id);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.type, "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY");
    assert.equal(mine[0]!.platform, 0);
    const body = JSON.parse(mine[0]!.payload);
    assert.equal(body.salesOrderId, order.orderNo);
    assert.equal(body.orderId, order.id);
    assert.equal(body.status, 0);
    assert.equal(body.previousStatus, null);
    assert.deepEqual(body.changedSubOrderIds, [order.subOrderVOS[0]!.subOrderId]);
    assert.equal(body.subOrders[0].status, "BULIDING");
    assert.equal(body.subOrders[0].close_time_without_payment, "2024-07-19 18:01:30");
    assert.equal(body.subOrders[0].sub_purchase_order_id, "200048859480");
    // Another developer's outbox does not see it.
    const foreign = await server.platform.services.outbox.list(server.platform.database.db, stranger.developId, { limit: 1000 });
    assert.ok(foreign.every((e) => e.developerId === stranger.developId));
    assert.ok(!foreign.some((e) => e.aggregateId === order.id));
  });
});
