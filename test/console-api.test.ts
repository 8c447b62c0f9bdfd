// The browser consoles' API: a user's order history and counts (signed, user-id scoped), the
// operators' order queue (finance queue, stuck orders, keyset paging), and the developer's own key
// reset with the current secret (old secret dead at once, wrong secret refused, attempts limited).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { OpenponClient } from "@openpon/sdk";
import { ManualClock } from "../src/platform/clock.ts";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { ADDRESS, linesOfOneShop, sound } from "./helpers/taobao.ts";
import { ADDRESS_PARAM, cargoOfSellers } from "./helpers/alibaba.ts";

const START = Date.parse("2026-11-28T02:00:00Z");
const MINUTE = 60_000;

interface HistoryItem {
  subOrderId: string | null;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: number;
}
interface OperatorOrder {
  platform: string;
  orderId: string;
  developId: string;
  userId: string;
  status: number | string;
  payAmount: number;
  createdAt: number;
  updatedAt: number;
}
interface Page {
  items: OperatorOrder[];
  nextCursor: string | null;
}

let clock: ManualClock;
let server: TestServer;
let dev: TestDeveloper;
let other: TestDeveloper;
/** A second user-id of `dev`. */
let userB: string;
/** dev's paid Taobao order (status 1, awaiting finance), and its later unpaid ones. */
let paid: OrderV2VO;
const unpaid: OrderV2VO[] = [];
let alibabaOrderId: string;
let otherOrderId: string;

const createTaobao = (d: TestDeveloper, userId?: string) =>
  d.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS }, ...(userId ? { userId } : {}) });

async function signed<T>(d: TestDeveloper, method: "GET" | "POST", path: string, options: { body?: unknown; userId?: string } = {}) {
  return (await d.client.raw<T>(method, path, options)).envelope;
}

const adminOrders = (query: Record<string, string | number>) =>
  server.admin<Page>("GET", `/admin/orders?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`);

before(async () => {
  clock = new ManualClock(START);
  server = await startServer({ clock, config: { sandboxTickMs: 0, taobaoFinanceAutoConfirm: false, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  dev = await server.createDeveloper();
  other = await server.createDeveloper();
  userB = await server.addUser(dev.developId, "second-user");

  // A Taobao order priced by the seller (the test clock moves 5 minutes) and paid: status 1, finance to decide.
  const created = await createTaobao(dev);
  await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "5m" } });
  await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [created.id] } });
  paid = await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: created.id } });
  assert.equal(paid.status, 1);

  // An hour later (server time), three more orders, still unpaid.
  clock.advance(60 * MINUTE);
  for (let i = 0; i < 3; i++) unpaid.push(await createTaobao(dev));

  const [cargo] = cargoOfSellers(server, 1);
  const orders = await dev.client.request<{ baseInfo: { id: string } }>("POST", "/v2/alibaba/order/create", { body: { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo] } });
  alibabaOrderId = orders.baseInfo.id;
  // 1688 history records moves (not the creation): the order is cancelled.
  await dev.client.request("POST", "/v2/alibaba/order/cancel", { body: { webSite: "1688", orderId: alibabaOrderId, cancelReason: "changed my mind" } });
  otherOrderId = (await createTaobao(other)).id;
});

after(async () => {
  if (server && dev) await sound(server, dev);
  await server?.close();
});

describe("GET /developer/orders/{platform}/{orderId}/history", () => {
  test("a Taobao order's moves, oldest first: created, the line priced (the order re-told at 0), paid", async () => {
    const reply = await signed<HistoryItem[]>(dev, "GET", `/developer/orders/taobao/${paid.id}/history`);
    assert.equal(reply.code, 200, reply.msg);
    const history = reply.data!;
    const order = history.filter((h) => h.subOrderId === null).map((h) => `${h.from}→${h.to}`);
    assert.deepEqual(order, ["null→0", "0→0", "0→1"]);
    const line = history.filter((h) => h.subOrderId !== null);
    assert.deepEqual(line.map((h) => [h.subOrderId, h.from, h.to]), [
      [paid.subOrderVOS[0]!.subOrderId, null, "BULIDING"],
      [paid.subOrderVOS[0]!.subOrderId, "BULIDING", "WAIT_BUYER_PAY"],
    ]);
    assert.deepEqual(history.at(-1)!.reason, "paid from the balance");
    assert.match(history.at(-1)!.actor, new RegExp(dev.userId));
    for (const h of history) {
      assert.equal(typeof h.at, "number");
      assert.equal(typeof h.actor, "string");
    }
    assert.deepEqual(history.map((h) => h.at), [...history.map((h) => h.at)].sort((a, b) => a - b), "oldest first");
  });

  test("a 1688 order's moves: created, then cancelled before payment", async () => {
    const reply = await signed<HistoryItem[]>(dev, "GET", `/developer/orders/alibaba/${alibabaOrderId}/history`);
    assert.equal(reply.code, 200, reply.msg);
    assert.deepEqual(reply.data!.filter((h) => h.subOrderId === null).map((h) => [h.from, h.to]), [[null, "waitbuyerpay"], ["waitbuyerpay", "cancel"]], "created, then cancelled");
    assert.equal(reply.data![0]!.reason, "created");
    assert.match(reply.data![0]!.actor, new RegExp(dev.userId));
    assert.ok(reply.data!.some((h) => h.subOrderId !== null && h.to === "cancel"), "its lines moved too");
  });

  test("another user-id of the same developer, another developer, the other platform, an unknown id: 40401", async () => {
    assert.equal((await signed(dev, "GET", `/developer/orders/taobao/${paid.id}/history`, { userId: userB })).code, 40401);
    assert.equal((await signed(other, "GET", `/developer/orders/taobao/${paid.id}/history`)).code, 40401);
    assert.equal((await signed(dev, "GET", `/developer/orders/taobao/${otherOrderId}/history`)).code, 40401);
    assert.equal((await signed(dev, "GET", `/developer/orders/alibaba/${paid.id}/history`)).code, 40401);
    assert.equal((await signed(dev, "GET", `/developer/orders/taobao/${alibabaOrderId}/history`)).code, 40401);
    assert.equal((await signed(dev, "GET", "/developer/orders/taobao/1234567890123456789/history")).code, 40401);
  });

  test("a bad platform or order id: 40002 naming it", async () => {
    const platform = await signed(dev, "GET", `/developer/orders/amazon/${paid.id}/history`);
    assert.equal(platform.code, 40002);
    assert.match(platform.msg, /platform/);
    const id = await signed(dev, "GET", "/developer/orders/taobao/12ab/history");
    assert.equal(id.code, 40002);
    assert.match(id.msg, /orderId/);
  });
});

describe("GET /developer/orders/counts", () => {
  test("the calling user's orders by status, per platform, as the /v2 wire shows the status", async () => {
    const reply = await signed<{ taobao: Record<string, number>; alibaba: Record<string, number> }>(dev, "GET", "/developer/orders/counts");
    assert.equal(reply.code, 200, reply.msg);
    assert.deepEqual(reply.data, { taobao: { "0": 3, "1": 1 }, alibaba: { cancel: 1 } });
  });

  test("another user-id and another developer see only their own", async () => {
    assert.deepEqual((await signed(dev, "GET", "/developer/orders/counts", { userId: userB })).data, { taobao: {}, alibaba: {} });
    assert.deepEqual((await signed(other, "GET", "/developer/orders/counts")).data, { taobao: { "0": 1 }, alibaba: {} });
  });
});

describe("GET /admin/orders", () => {
  test("the finance queue: paid Taobao orders of every developer, with their amounts", async () => {
    const reply = await adminOrders({ platform: "taobao", status: 1 });
    assert.equal(reply.code, 200, reply.msg);
    assert.deepEqual(reply.data.items, [
      {
        platform: "taobao",
        orderId: paid.id,
        developId: dev.developId,
        userId: dev.userId,
        status: 1,
        payAmount: paid.purchaseAmount,
        createdAt: reply.data.items[0]!.createdAt,
        updatedAt: reply.data.items[0]!.updatedAt,
      },
    ]);
    assert.equal(reply.data.nextCursor, null);
    assert.ok(reply.data.items[0]!.updatedAt >= reply.data.items[0]!.createdAt);
  });

  test("every developer's orders, newest first; one developer's with developId", async () => {
    const all = await adminOrders({ platform: "taobao" });
    assert.equal(all.code, 200, all.msg);
    assert.deepEqual(all.data.items.map((o) => o.orderId), [otherOrderId, ...unpaid.map((o) => o.id).reverse(), paid.id]);
    const mine = await adminOrders({ platform: "taobao", developId: dev.developId });
    assert.deepEqual(mine.data.items.map((o) => o.orderId), [...unpaid.map((o) => o.id).reverse(), paid.id]);
    const theirs = await adminOrders({ platform: "taobao", developId: other.developId, status: 0 });
    assert.deepEqual(theirs.data.items.map((o) => [o.orderId, o.developId, o.status]), [[otherOrderId, other.developId, 0]]);
    const alibaba = await adminOrders({ platform: "alibaba", status: "cancel" });
    assert.deepEqual(alibaba.data.items.map((o) => [o.orderId, o.developId, o.userId, o.status]), [[alibabaOrderId, dev.developId, dev.userId, "cancel"]]);
    assert.deepEqual((await adminOrders({ platform: "alibaba", status: "waitbuyerpay" })).data.items, []);
    assert.ok(Number.isInteger(alibaba.data.items[0]!.payAmount) && alibaba.data.items[0]!.payAmount > 0);
    assert.deepEqual((await adminOrders({ platform: "alibaba", developId: other.developId })).data.items, []);
  });

  test("keyset paging: nextCursor passed as after walks every order once, newest first", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const reply: { code: number; msg: string; data: Page } = await adminOrders({ platform: "taobao", developId: dev.developId, limit: 3, ...(after ? { after } : {}) });
      assert.equal(reply.code, 200, reply.msg);
      assert.ok(reply.data.items.length <= 3);
      seen.push(...reply.data.items.map((o) => o.orderId));
      after = reply.data.nextCursor;
      pages++;
    } while (after !== null);
    assert.equal(pages, 2);
    assert.deepEqual(seen, [...unpaid.map((o) => o.id).reverse(), paid.id]);
    // A cursor of one platform means nothing on the other.
    const first = await adminOrders({ platform: "taobao", limit: 1 });
    const crossed = await adminOrders({ platform: "alibaba", after: first.data.nextCursor! });
    assert.equal(crossed.code, 40002);
    assert.match(crossed.msg, /after/);
  });

  test("stuckMinutes keeps the orders whose status has not changed for that long", async () => {
    // The paid order last moved about 55 minutes ago (server time); the unpaid ones just now.
    const stuck = await adminOrders({ platform: "taobao", developId: dev.developId, stuckMinutes: 30 });
    assert.equal(stuck.code, 200, stuck.msg);
    assert.deepEqual(stuck.data.items.map((o) => o.orderId), [paid.id]);
    assert.deepEqual((await adminOrders({ platform: "taobao", stuckMinutes: 120 })).data.items, []);
    assert.deepEqual((await adminOrders({ platform: "alibaba", stuckMinutes: 30 })).data.items, []);
    clock.advance(60 * MINUTE);
    try {
      const later = await adminOrders({ platform: "taobao", developId: dev.developId, stuckMinutes: 30 });
      assert.deepEqual(later.data.items.map((o) => o.orderId), [...unpaid.map((o) => o.id).reverse(), paid.id]);
      assert.deepEqual((await adminOrders({ platform: "alibaba", stuckMinutes: 30 })).data.items.map((o) => o.orderId), [alibabaOrderId]);
      assert.deepEqual((await adminOrders({ platform: "taobao", status: 1, stuckMinutes: 90 })).data.items.map((o) => o.orderId), [paid.id]);
    } finally {
      clock.advance(-60 * MINUTE);
    }
  });

  test("bad input: 40002 naming the parameter", async () => {
    const cases: Array<[Record<string, string | number>, RegExp]> = [
      [{}, /platform/],
      [{ platform: "amazon" }, /platform/],
      [{ platform: "taobao", status: 7 }, /status/],
      [{ platform: "taobao", status: "waitbuyerpay" }, /status/],
      [{ platform: "alibaba", status: "1" }, /status/],
      [{ platform: "taobao", limit: 0 }, /limit/],
      [{ platform: "taobao", limit: 101 }, /limit/],
      [{ platform: "taobao", stuckMinutes: 0 }, /stuckMinutes/],
      [{ platform: "taobao", stuckMinutes: "soon" }, /stuckMinutes/],
      [{ platform: "taobao", developId: "dev-1" }, /developId/],
      [{ platform: "taobao", after: "not-a-cursor" }, /after/],
    ];
    for (const [query, field] of cases) {
      const reply = await adminOrders(query);
      assert.equal(reply.code, 40002, JSON.stringify(query));
      assert.match(reply.msg, field, JSON.stringify(query));
    }
  });

  test("operators only: a signed developer call does not reach it", async () => {
    assert.notEqual((await signed(dev, "GET", "/admin/orders?platform=taobao")).code, 200);
  });
});

describe("POST /developer/key/reset", () => {
  const clientOf = (d: TestDeveloper, accessSecret: string) => new OpenponClient({ baseUrl: server.url, accessKey: d.accessKey, accessSecret, userId: d.userId, now: () => clock.now() });
  const ping = async (client: OpenponClient) => (await client.raw("GET", "/developer/orders/counts")).envelope.code;

  test("with the current secret: a new one, the old one refused at once", async () => {
    const d = await server.createDeveloper();
    const wrong = await signed(d, "POST", "/developer/key/reset", { body: { currentSecret: "0".repeat(32) } });
    assert.equal(wrong.code, 40103);
    assert.match(wrong.msg, /currentSecret/);
    assert.equal(await ping(d.client), 200, "a wrong attempt changes nothing");

    const reply = await signed<{ accessKey: string; accessSecret: string }>(d, "POST", "/developer/key/reset", { body: { currentSecret: d.accessSecret } });
    assert.equal(reply.code, 200, reply.msg);
    assert.deepEqual(Object.keys(reply.data!), ["accessKey", "accessSecret"]);
    assert.equal(reply.data!.accessKey, d.accessKey);
    assert.notEqual(reply.data!.accessSecret, d.accessSecret);
    assert.equal(await ping(d.client), 40103, "the old secret stops working");
    const renewed = clientOf(d, reply.data!.accessSecret);
    assert.equal(await ping(renewed), 200, "the new one works");
    // The old secret no longer re-authenticates either.
    const again = await renewed.raw("POST", "/developer/key/reset", { body: { currentSecret: d.accessSecret } });
    assert.equal(again.envelope.code, 40103);
  });

  test("a missing or empty currentSecret: 40002 naming it", async () => {
    for (const body of [{}, { currentSecret: "" }, { currentSecret: 42 }]) {
      const reply = await signed(other, "POST", "/developer/key/reset", { body });
      assert.equal(reply.code, 40002, JSON.stringify(body));
      assert.match(reply.msg, /currentSecret/);
    }
  });

  test("at most 5 attempts per developer in 15 minutes, right or wrong; other developers unaffected", async () => {
    const d = await server.createDeveloper();
    for (let i = 0; i < 5; i++) assert.equal((await signed(d, "POST", "/developer/key/reset", { body: { currentSecret: `wrong-${i}` } })).code, 40103);
    const limited = await signed(d, "POST", "/developer/key/reset", { body: { currentSecret: d.accessSecret } });
    assert.equal(limited.code, 42901);
    assert.equal(await ping(d.client), 200, "the secret is unchanged");
    const e = await server.createDeveloper();
    assert.equal((await signed(e, "POST", "/developer/key/reset", { body: { currentSecret: e.accessSecret } })).code, 200);
  });
});

describe("the OpenAPI document", () => {
  test("lists the console routes with their tags", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    assert.deepEqual(doc.paths["/developer/orders/{platform}/{orderId}/history"]?.["get"]?.tags, ["developer: orders"]);
    assert.deepEqual(doc.paths["/developer/orders/counts"]?.["get"]?.tags, ["developer: orders"]);
    assert.deepEqual(doc.paths["/admin/orders"]?.["get"]?.tags, ["operator: orders"]);
    assert.deepEqual(doc.paths["/developer/key/reset"]?.["post"]?.tags, ["developer: keys"]);
  });
});
