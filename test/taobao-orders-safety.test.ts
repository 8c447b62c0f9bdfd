// The Taobao buying flow's safety and failure paths, through signed HTTP on a real database
// (taobao.md §2, §3.2, §5; statuses.md §1–§3; protocol.md §6, §8): concurrent creates and pays
// (Idempotency-Key and sellerOrderNumber), short balances, refused transitions, other users' and
// other developers' orders, the unpaid timeout on the test clock, the sandbox seller's scenarios,
// input validation, pre-warehouse, IM links, sandbox reset and the OpenAPI document. Real
// concurrency happens only on PostgreSQL (DATABASE_URL); PGlite serialises.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { DEFAULT_TIMINGS } from "../src/marketplace/sandbox/seller/scenarios.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { ADDRESS, buyableSku, outbox, sound, story } from "./helpers/taobao.ts";

const START = Date.parse("2026-11-28T02:00:00Z");

type Sku = Awaited<ReturnType<typeof buyableSku>>["sku"];
type Detail = Awaited<ReturnType<typeof buyableSku>>["detail"];
interface Envelope<T = unknown> {
  code: number;
  msg: string;
  data: T;
}
interface PayAnswer {
  totalAmount: number;
  currency: string;
  orders: Array<{ id: string; orderNo: string; payAmount: number; status: number }>;
}

describe("Taobao orders: safety and failure paths", () => {
  let server: TestServer;
  /** Developers whose ledger and read model are checked after the test. */
  let touched: TestDeveloper[] = [];

  before(async () => {
    server = await startServer({
      clock: new ManualClock(START),
      config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000, sandboxTimings: { ...DEFAULT_TIMINGS, upstreamTimeout: 50 } },
    });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    for (const dev of touched) await sound(server, dev);
    touched = [];
  });

  const fresh = async (): Promise<TestDeveloper> => {
    const dev = await server.createDeveloper();
    touched.push(dev);
    return dev;
  };
  const db = () => server.platform.database.db;
  const lineOf = (detail: Detail, sku: Sku, orderLineNo = "1", quantity = 1) => ({
    itemId: detail.mpId,
    skuId: sku.mpSkuId,
    quantity,
    price: sku.promotionPrice || sku.price,
    orderLineNo,
  });
  const advance = (dev: TestDeveloper, duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
  const detailOf = (dev: TestDeveloper, orderId: string, userId?: string) =>
    dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId }, ...(userId ? { userId } : {}) });
  const rawCreate = (dev: TestDeveloper, body: unknown, key?: string) =>
    dev.client.raw<OrderV2VO>("POST", "/v2/taobao/order", { body, ...(key ? { headers: { "Idempotency-Key": key } } : {}) }).then((r) => r.envelope as Envelope<OrderV2VO>);
  const rawPay = (dev: TestDeveloper, orderIds: string[], key?: string) =>
    dev.client.raw<PayAnswer>("POST", "/v2/taobao/order/pay", { body: { orderIds }, ...(key ? { headers: { "Idempotency-Key": key } } : {}) }).then((r) => r.envelope as Envelope<PayAnswer>);
  const balance = async (dev: TestDeveloper) => (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
  const payments = async (dev: TestDeveloper) => (await server.platform.services.wallet.statement(dev.developId, { kind: "payment", limit: 200 })).entries;
  const ledgerEntries = async (dev: TestDeveloper) => (await server.platform.services.wallet.statement(dev.developId, { limit: 200 })).entries;
  /** The user's orders, counted by the page endpoint and in the database (they must agree). */
  const orderCount = async (dev: TestDeveloper, userId = dev.userId): Promise<number> => {
    const page = await dev.client.request<{ total: number; data: OrderV2VO[] }>("POST", "/v2/taobao/order/page", { body: { pageSize: 100 }, userId });
    const row = await db()
      .selectFrom("taobao_orders")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("developer_id", "=", dev.developId)
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    assert.equal(page.total, Number(row.n), "page total = rows");
    assert.equal(page.data.length, Math.min(100, page.total));
    return page.total;
  };
  /** An order whose lines the upstream has priced (advance the developer's clock past the build). */
  const builtOrder = async (dev: TestDeveloper, body: Record<string, unknown>): Promise<OrderV2VO> => {
    const created = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body });
    await advance(dev, "5m");
    const built = await detailOf(dev, created.id);
    assert.ok(built.subOrderVOS.every((l) => l.status !== "BULIDING"), "built");
    return built;
  };
  const codeOf = (e: unknown) => (e as { code?: number }).code;

  // ---------------------------------------------------------------------------------------------
  test("1. 100 concurrent creates with one Idempotency-Key make one order; another body → 40901; a failed key can be retried", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙");
    const body = { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS, remark: "idem" };
    const answers = await Promise.all(Array.from({ length: 100 }, () => rawCreate(dev, body, "create-key-1")));
    assert.deepEqual([...new Set(answers.map((a) => a.code))], [200], answers.find((a) => a.code !== 200)?.msg);
    const ids = new Set(answers.map((a) => a.data.id));
    assert.equal(ids.size, 1, "every answer names the same order");
    assert.equal(await orderCount(dev), 1);
    const [id] = [...ids];
    assert.deepEqual(story(await outbox(server, dev), id!), ["null→0*"], "one creation event");

    const other = await rawCreate(dev, { ...body, remark: "another body" }, "create-key-1");
    assert.equal(other.code, 40901, other.msg);
    assert.equal(await orderCount(dev), 1);

    // A key whose first request failed (unknown item) is free for the retry.
    const failed = await rawCreate(dev, { ...body, orderLineList: [{ ...lineOf(detail, sku), itemId: "no-such-item-9" }] }, "create-key-2");
    assert.equal(failed.code, 40401, failed.msg);
    const retried = await rawCreate(dev, body, "create-key-2");
    assert.equal(retried.code, 200, retried.msg);
    assert.notEqual(retried.data.id, id);
    const replay = await rawCreate(dev, body, "create-key-2");
    assert.equal(replay.data.id, retried.data.id);
    assert.equal(await orderCount(dev), 2);
  });

  test("2. 100 concurrent creates with one (orderSource, sellerOrderNumber) make one order; after cancel the number makes a new one", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "手机壳");
    const body = { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS, orderSource: "lazada", sellerOrderNumber: "LZ-100" };
    const answers = await Promise.all(Array.from({ length: 100 }, () => rawCreate(dev, body)));
    assert.deepEqual([...new Set(answers.map((a) => a.code))], [200], answers.find((a) => a.code !== 200)?.msg);
    const ids = new Set(answers.map((a) => a.data.id));
    assert.equal(ids.size, 1);
    assert.equal(await orderCount(dev), 1);
    const [first] = [...ids];

    // The same number from another source is another order.
    const shopee = await rawCreate(dev, { ...body, orderSource: "shopee" });
    assert.notEqual(shopee.data.id, first);
    assert.equal(await orderCount(dev), 2);

    assert.equal(await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: first } }), true);
    const again = await rawCreate(dev, body);
    assert.equal(again.code, 200, again.msg);
    assert.notEqual(again.data.id, first);
    assert.equal((await rawCreate(dev, body)).data.id, again.data.id, "and that one is now the number's order");
    assert.equal(await orderCount(dev), 3);

    // Cancel again, then retry concurrently: the freed number still makes exactly one new order.
    assert.equal(await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: again.data.id } }), true);
    const burst = await Promise.all(Array.from({ length: 30 }, () => rawCreate(dev, body)));
    const fine = burst.filter((a) => a.code === 200);
    assert.ok(fine.length >= 1);
    assert.deepEqual([...new Set(burst.filter((a) => a.code !== 200).map((a) => a.code))].filter((c) => c !== 40901), [], "only 40901 (retry) besides success");
    assert.equal(new Set(fine.map((a) => a.data.id)).size, 1, "one new order");
    assert.equal(await orderCount(dev), 4);
    const live = await dev.client.request<{ total: number }>("POST", "/v2/taobao/order/page", { body: { status: 0 } });
    assert.equal(live.total, 2, "one live order per (source, number)");
  });

  test("2b. create from the cart with an Idempotency-Key: a retry after success replays the order (the rows are gone by then)", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 7);
    const added = await dev.client.request<{ id: number }>("POST", "/v2/taobao/cart/add", {
      body: { itemMapId: detail.itemId, mpId: detail.mpId, skuId: sku.skuId, mpSkuId: sku.mpSkuId, quantity: 1 },
    });
    const send = (key: string, ids = [added.id]) =>
      dev.client.raw<OrderV2VO>("POST", "/v2/taobao/cart/create/order", { body: { ids, orderAddress: ADDRESS }, headers: { "Idempotency-Key": key } }).then((r) => r.envelope as Envelope<OrderV2VO>);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send("cart-key-1")));
    assert.deepEqual([...new Set(answers.map((a) => a.code))], [200], answers.find((a) => a.code !== 200)?.msg);
    assert.equal(new Set(answers.map((a) => a.data.id)).size, 1);
    const retry = await send("cart-key-1");
    assert.equal(retry.code, 200, `a retry after success replays: ${retry.msg}`);
    assert.equal(retry.data.id, answers[0]!.data.id);
    assert.equal((await send("cart-key-1", [added.id, added.id + 1000])).code, 40901, "the key with another body");
    assert.equal((await send("cart-key-2")).code, 40401, "without the key's memory the rows are gone");
    assert.equal(await orderCount(dev), 1);
  });

  test("3. 50 concurrent pays of one order debit once; 50 concurrent pays with one Idempotency-Key all get the first answer", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 1);
    const start = await balance(dev);

    const order = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const answers = await Promise.all(Array.from({ length: 50 }, () => rawPay(dev, [order.id])));
    const won = answers.filter((a) => a.code === 200);
    assert.equal(won.length, 1, `one success, got ${answers.map((a) => a.code).join(",")}`);
    assert.deepEqual([...new Set(answers.filter((a) => a.code !== 200).map((a) => a.code))], [40901]);
    assert.equal(won[0]!.data.totalAmount, order.purchaseAmount);
    assert.equal(await balance(dev), start - order.purchaseAmount, "balance moved once");
    assert.equal((await payments(dev)).length, 1, "one payment in the statement");

    const keyed = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const replies = await Promise.all(Array.from({ length: 50 }, () => rawPay(dev, [keyed.id], "pay-key-1")));
    assert.deepEqual([...new Set(replies.map((r) => r.code))], [200], replies.find((r) => r.code !== 200)?.msg);
    assert.equal(new Set(replies.map((r) => JSON.stringify(r.data))).size, 1, "identical answers");
    assert.equal(replies[0]!.data.orders[0]!.status, 10);
    assert.equal(await balance(dev), start - order.purchaseAmount - keyed.purchaseAmount);
    assert.equal((await payments(dev)).length, 2);
    assert.deepEqual(story(await outbox(server, dev), keyed.id), ["null→0*", "0→0*", "0→1", "1→2", "2→10*"]);
    // The key with another body is refused; without a key a repeat is a state conflict.
    assert.equal((await rawPay(dev, [order.id], "pay-key-1")).code, 40901);
    assert.equal((await rawPay(dev, [keyed.id])).code, 40901);
  });

  test("3b. concurrent pays and cancels of one order, and pays of overlapping sets in both orders: one winner, no deadlock, one debit", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "手机壳", 5, 6);
    const start = await balance(dev);
    const order = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const mixed = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0 ? rawPay(dev, [order.id]) : dev.client.raw("POST", "/v2/taobao/order/cancel", { body: { orderId: order.id } }).then((r) => r.envelope as Envelope),
      ),
    );
    const pays = mixed.filter((_, i) => i % 2 === 0);
    const cancels = mixed.filter((_, i) => i % 2 === 1);
    const final = await detailOf(dev, order.id);
    assert.ok([4, 10].includes(final.status), `final status ${final.status}`);
    if (final.status === 10) {
      assert.equal(pays.filter((a) => a.code === 200).length, 1);
      assert.deepEqual([...new Set(cancels.map((c) => c.code))], [40901]);
      assert.equal(await balance(dev), start - order.purchaseAmount);
    } else {
      assert.deepEqual([...new Set(pays.map((a) => a.code))], [40901]);
      assert.deepEqual([...new Set(cancels.map((c) => c.code))], [200]);
      assert.equal(await balance(dev), start);
    }
    assert.ok(mixed.every((a) => a.code !== 50001), "no internal error (deadlock)");

    const a = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const b = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const before = await balance(dev);
    const overlapping = await Promise.all(Array.from({ length: 30 }, (_, i) => rawPay(dev, i % 2 === 0 ? [a.id, b.id] : [b.id, a.id])));
    assert.equal(overlapping.filter((r) => r.code === 200).length, 1, overlapping.map((r) => r.code).join(","));
    assert.deepEqual([...new Set(overlapping.filter((r) => r.code !== 200).map((r) => r.code))], [40901]);
    const winner = overlapping.find((r) => r.code === 200)!.data;
    assert.equal(winner.totalAmount, a.purchaseAmount + b.purchaseAmount);
    assert.equal(await balance(dev), before - winner.totalAmount);
  });

  test("2c. concurrent creates from the same cart rows without a key: one order, the others 40401 and their purchases given back", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 8);
    const added = await dev.client.request<{ id: number }>("POST", "/v2/taobao/cart/add", {
      body: { itemMapId: detail.itemId, mpId: detail.mpId, skuId: sku.skuId, mpSkuId: sku.mpSkuId, quantity: 1 },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => dev.client.raw<OrderV2VO>("POST", "/v2/taobao/cart/create/order", { body: { ids: [added.id], orderAddress: ADDRESS } }).then((r) => r.envelope)),
    );
    assert.equal(answers.filter((a) => a.code === 200).length, 1, answers.map((a) => a.code).join(","));
    assert.deepEqual([...new Set(answers.filter((a) => a.code !== 200).map((a) => a.code))], [40401]);
    assert.equal(await orderCount(dev), 1);
    const order = answers.find((a) => a.code === 200)!.data!;
    assert.deepEqual(story(await outbox(server, dev), order.id), ["null→0*"]);
    // Every purchase but the recorded order's is closed at the upstream: nothing else gets built.
    await advance(dev, "5m");
    assert.equal((await detailOf(dev, order.id)).subOrderVOS[0]!.status, "WAIT_BUYER_PAY");
    assert.equal((await outbox(server, dev)).length, 2, "events only for the one order");
  });

  test("4. a short balance → 40201 and nothing half-written", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "手机壳", 5, 1);
    const order = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const drain = await server.admin<{ balanceAfterFen: number }>("POST", `/admin/developers/${dev.developId}/wallet/adjust`, {
      amountFen: -(await balance(dev)) + order.purchaseAmount - 1,
      memo: "test: leave one fen too little",
    });
    assert.equal(drain.code, 200, drain.msg);
    assert.equal(drain.data.balanceAfterFen, order.purchaseAmount - 1);
    const entriesBefore = await ledgerEntries(dev);
    const eventsBefore = (await outbox(server, dev)).length;
    const history = await server.platform.database.db.selectFrom("order_history").select("id").where("order_id", "=", order.id).execute();

    const refused = await rawPay(dev, [order.id]);
    assert.equal(refused.code, 40201, refused.msg);
    const after = await detailOf(dev, order.id);
    assert.deepEqual(after, order, "the order is unchanged (status 0, no payTime)");
    assert.equal((await outbox(server, dev)).length, eventsBefore, "no new outbox event");
    assert.equal(await balance(dev), order.purchaseAmount - 1);
    assert.deepEqual(await ledgerEntries(dev), entriesBefore, "no ledger entry");
    const historyAfter = await server.platform.database.db.selectFrom("order_history").select("id").where("order_id", "=", order.id).execute();
    assert.equal(historyAfter.length, history.length, "no history row");
    // With one more fen it goes through.
    await server.admin("POST", `/admin/developers/${dev.developId}/wallet/adjust`, { amountFen: 1, memo: "test: top the fen back" });
    assert.equal((await rawPay(dev, [order.id])).code, 200);
    assert.equal(await balance(dev), 0);
  });

  test("5. refused transitions → 40901; other users' and other developers' orders → 40401 and stay unchanged", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 2);
    const line = lineOf(detail, sku);

    const building = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [line], receiver: ADDRESS } });
    const building2 = await rawPay(dev, [building.id]);
    assert.equal(building2.code, 40901, "pay while BULIDING");
    await advance(dev, "5m");
    assert.equal((await rawPay(dev, [building.id])).code, 200);
    assert.equal((await rawPay(dev, [building.id])).code, 40901, "pay a paid order");
    assert.equal((await detailOf(dev, building.id)).status, 10);
    await assert.rejects(dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: building.id } }), (e) => codeOf(e) === 40901, "cancel in 10");
    await advance(dev, "7h");
    assert.equal((await detailOf(dev, building.id)).status, 11);
    await assert.rejects(
      dev.client.request("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: building.id, warehouseAddress: "广西省", warehouseName: "一号仓库" } }),
      (e) => codeOf(e) === 40901,
      "updateWarehouse in 11",
    );
    await assert.rejects(dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: building.id } }), (e) => codeOf(e) === 40901, "cancel in 11");

    const cancelled = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [line], receiver: ADDRESS } });
    await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: cancelled.id } });
    await assert.rejects(
      dev.client.request("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: cancelled.id, warehouseAddress: "广西省", warehouseName: "一号仓库" } }),
      (e) => codeOf(e) === 40901,
      "updateWarehouse in 4",
    );
    assert.equal((await rawPay(dev, [cancelled.id])).code, 40901, "pay in 4");

    // Foreign orders: an unpaid one and a shipped one of this user, seen by a sibling user and by another developer.
    const target = await builtOrder(dev, { orderLineList: [line], receiver: ADDRESS });
    const shipped = await detailOf(dev, building.id);
    const sibling = await server.addUser(dev.developId, `sibling-${Date.now()}`);
    const stranger = await fresh();
    const beforeViews = [JSON.stringify(await detailOf(dev, target.id)), JSON.stringify(shipped)];
    const eventsBefore = (await outbox(server, dev)).length;
    const balanceBefore = await balance(dev);
    const as = [
      { name: "sibling user", client: dev.client.withUser(sibling) },
      { name: "other developer", client: stranger.client },
      { name: "unknown ids", client: dev.client },
    ];
    for (const { name, client } of as) {
      const unknown = name === "unknown ids";
      const orderId = unknown ? "1234567890123456789" : target.id;
      const sub = unknown ? "299999999999" : shipped.subOrderVOS[0]!.taobaoSubPurchaseId;
      const calls: Array<[string, () => Promise<{ envelope: { code: number } }>]> = [
        ["pay", () => client.raw("POST", "/v2/taobao/order/pay", { body: { orderIds: [orderId] } })],
        ["cancel", () => client.raw("POST", "/v2/taobao/order/cancel", { body: { orderId } })],
        ["detail", () => client.raw("GET", "/v2/taobao/order/detail/get", { query: { orderId } })],
        ["detail by orderNo", () => client.raw("GET", "/v2/taobao/order/detail/get", { query: { orderNo: unknown ? "1234567890123456789" : target.orderNo } })],
        ["logistics", () => client.raw("GET", "/v2/taobao/order/logistics/detail/get", { query: { subPurchaseOrderId: sub } })],
        ["updateWarehouse", () => client.raw("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId, warehouseAddress: "x", warehouseName: "y" } })],
        ["imLink order", () => client.raw("POST", "/v2/taobao/order/page/link/get", { body: { sourceType: "order", bizId: unknown ? "299999999990" : target.subOrderVOS[0]!.taobaoPurchaseId } })],
        ["pay with a foreign id among own", () => client.raw("POST", "/v2/taobao/order/pay", { body: { orderIds: [orderId, building.id] } })],
      ];
      for (const [what, call] of calls) assert.equal((await call()).envelope.code, 40401, `${name}: ${what}`);
    }
    // Ids with 19 digits beyond the bigint range name no order either (not a database error).
    const huge = "9999999999999999999";
    const hugeCalls: Array<[string, () => Promise<{ envelope: { code: number; msg: string } }>]> = [
      ["pay", () => dev.client.raw("POST", "/v2/taobao/order/pay", { body: { orderIds: [huge] } })],
      ["cancel", () => dev.client.raw("POST", "/v2/taobao/order/cancel", { body: { orderId: huge } })],
      ["updateWarehouse", () => dev.client.raw("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: huge, warehouseAddress: "x", warehouseName: "y" } })],
      ["detail", () => dev.client.raw("GET", "/v2/taobao/order/detail/get", { query: { orderId: huge } })],
      ["logistics", () => dev.client.raw("GET", "/v2/taobao/order/logistics/detail/get", { query: { subPurchaseOrderId: huge } })],
    ];
    for (const [what, call] of hugeCalls) {
      const answer = (await call()).envelope;
      assert.equal(answer.code, 40401, `${huge}: ${what}: ${answer.msg}`);
    }
    const finance = await server.admin("POST", `/admin/developers/${dev.developId}/taobao/orders/${huge}/finance`, { decision: "confirm" });
    assert.equal(finance.code, 40401, `finance: ${finance.msg}`);
    assert.deepEqual([JSON.stringify(await detailOf(dev, target.id)), JSON.stringify(await detailOf(dev, building.id))], beforeViews, "foreign orders unchanged");
    assert.equal((await outbox(server, dev)).length, eventsBefore);
    assert.equal(await balance(dev), balanceBefore);
    assert.equal(await orderCount(stranger, stranger.userId), 0);
  });

  test("6. unpaid orders close 24 h after creation on the developer's own clock", async () => {
    const dev = await fresh();
    const other = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 3);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS } });
    const theirs = await other.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS } });

    await advance(dev, "23h59m");
    const open = await detailOf(dev, order.id);
    assert.equal(open.status, 0);
    assert.equal(open.subOrderVOS[0]!.status, "WAIT_BUYER_PAY");
    await advance(dev, "2m");
    const closed = await detailOf(dev, order.id);
    assert.equal(closed.status, 4);
    assert.deepEqual(closed.subOrderVOS.map((l) => [l.status, l.closeReason]), [["TRADE_CLOSED", "UNPAID_TIMEOUT"]]);
    const events = await outbox(server, dev);
    assert.deepEqual(story(events, order.id), ["null→0*", "0→0*", "0→4*"]);
    const last = events.filter((e) => e.body["orderId"] === order.id).at(-1)!;
    assert.equal(last.type, "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY");
    assert.equal((last.body["subOrders"] as Array<{ status: string; closed: boolean }>)[0]!.closed, true);
    assert.equal((await rawPay(dev, [order.id])).code, 40901);
    // The order's unpaid upstream purchase is given up too, as a buyer's cancel does.
    const purchase = await server.platform.services.seller.readOrder("taobao", { developerId: dev.developId, userId: dev.userId }, open.subOrderVOS[0]!.taobaoPurchaseId!);
    assert.equal(purchase?.status, "TRADE_CLOSED");

    await advance(dev, "2d");
    const untouched = await detailOf(other, theirs.id);
    assert.equal(untouched.status, 0, "another developer's clock has not moved");
    assert.equal(untouched.subOrderVOS[0]!.status, "BULIDING");
    assert.deepEqual(story(await outbox(server, other), theirs.id), ["null→0*"]);
  });

  test("7a. UPSTREAM_5XX and UPSTREAM_TIMEOUT → 50201, no order, no event", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "手机壳", 5, 2);
    for (const word of ["UPSTREAM_5XX", "UPSTREAM_TIMEOUT"]) {
      const answer = await rawCreate(dev, { orderLineList: [lineOf(detail, sku)], receiver: { ...ADDRESS, name: `仓库 ${word}` }, sellerOrderNumber: `N-${word}` }, `key-${word}`);
      assert.equal(answer.code, 50201, `${word}: ${answer.msg}`);
    }
    assert.equal(await orderCount(dev), 0);
    assert.deepEqual(await outbox(server, dev), []);
    // Neither the key nor the number stays taken: the retry without the scenario goes through.
    const retry = await rawCreate(dev, { orderLineList: [lineOf(detail, sku)], receiver: { ...ADDRESS, name: "仓库 UPSTREAM_5XX" }, sellerOrderNumber: "N-UPSTREAM_5XX" }, "key-UPSTREAM_5XX");
    assert.equal(retry.code, 50201);
    const ok = await rawCreate(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS, sellerOrderNumber: "N-UPSTREAM_TIMEOUT" });
    assert.equal(ok.code, 200, ok.msg);
  });

  test("7b. OUT_OF_STOCK on a 2-line order closes one line; BUILD_FAIL_ALL closes the order", async () => {
    const dev = await fresh();
    const a = await buyableSku(dev, "连衣裙", 5, 4);
    const b = await buyableSku(dev, "手机壳", 5, 3);
    const start = await balance(dev);
    const order = await builtOrder(dev, { orderLineList: [lineOf(a.detail, a.sku, "1"), lineOf(b.detail, b.sku, "2")], receiver: { ...ADDRESS, name: "仓库 OUT_OF_STOCK" } });
    assert.equal(order.status, 0);
    const [failed, good] = order.subOrderVOS;
    assert.deepEqual([failed!.status, failed!.closeReason, failed!.errorCode], ["TRADE_CLOSED", "BUILD_FAILED", "OUT_OF_STOCK"]);
    assert.ok(failed!.errorMessage);
    assert.equal(good!.status, "WAIT_BUYER_PAY");
    assert.equal(order.purchaseAmount, good!.purchaseAmount! + good!.domesticPostFee, "only the open line is payable");
    const paid = await rawPay(dev, [order.id]);
    assert.equal(paid.code, 200, paid.msg);
    assert.equal(paid.data.totalAmount, order.purchaseAmount);
    assert.equal(await balance(dev), start - order.purchaseAmount);
    const after = await detailOf(dev, order.id);
    assert.equal(after.status, 10);
    assert.deepEqual(after.subOrderVOS.map((l) => l.status), ["TRADE_CLOSED", "WAIT_SELLER_SEND_GOODS"]);

    const all = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [lineOf(a.detail, a.sku, "1"), lineOf(b.detail, b.sku, "2")], receiver: { ...ADDRESS, name: "仓库 BUILD_FAIL_ALL" } },
    });
    await advance(dev, "5m");
    const closed = await detailOf(dev, all.id);
    assert.equal(closed.status, 4);
    assert.deepEqual(closed.subOrderVOS.map((l) => [l.status, l.closeReason]), [["TRADE_CLOSED", "BUILD_FAILED"], ["TRADE_CLOSED", "BUILD_FAILED"]]);
    assert.equal(story(await outbox(server, dev), all.id).at(-1), "0→4*");
    assert.equal((await rawPay(dev, [all.id])).code, 40901);
  });

  test("7c. PAY_REFUSED: the pay answers 4, the money comes back, lines UPSTREAM_PAY_FAILED (T11)", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 5);
    const start = await balance(dev);
    const order = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: { ...ADDRESS, name: "仓库 PAY_REFUSED" } });
    const paid = await rawPay(dev, [order.id]);
    assert.equal(paid.code, 200, paid.msg);
    assert.deepEqual(paid.data.orders.map((o) => [o.id, o.status, o.payAmount]), [[order.id, 4, order.purchaseAmount]]);
    assert.equal(await balance(dev), start, "credited back");
    const entries = await ledgerEntries(dev);
    assert.deepEqual(entries.slice(0, 2).map((e) => [e.kind, e.amountFen]), [["refund", order.purchaseAmount], ["payment", -order.purchaseAmount]]);
    const after = await detailOf(dev, order.id);
    assert.equal(after.status, 4);
    assert.deepEqual(after.subOrderVOS.map((l) => [l.status, l.closeReason]), [["TRADE_CLOSED", "UPSTREAM_PAY_FAILED"]]);
    assert.deepEqual(story(await outbox(server, dev), order.id), ["null→0*", "0→0*", "0→1", "1→2", "2→4*"]);
    assert.equal((await rawPay(dev, [order.id])).code, 40901);
  });

  test("7d. PARTIAL_SHIP: two lines of one shop → 10 with one line shipped, then 11", async () => {
    const dev = await fresh();
    // A product with two active SKUs in stock: both lines go to the same shop (one purchase).
    const page = await dev.client.request<{ data: Array<{ itemId: string }> }>("POST", "/v2/taobao/product/item/search", { body: { keyword: "连衣裙", pageSize: 20 } });
    let pick: { detail: Detail; skus: Sku[] } | undefined;
    for (const item of page.data) {
      const detail = await dev.client.request<Detail>("GET", "/v2/taobao/product/get", { query: { itemId: item.itemId } });
      const skus = detail.skuList.filter((s) => s.status === "active" && s.quantity >= 5);
      if (detail.status === "active" && skus.length >= 2) {
        pick = { detail, skus };
        break;
      }
    }
    assert.ok(pick, "a product with two buyable SKUs");
    const order = await builtOrder(dev, {
      orderLineList: [lineOf(pick.detail, pick.skus[0]!, "1"), lineOf(pick.detail, pick.skus[1]!, "2")],
      receiver: { ...ADDRESS, name: "仓库 PARTIAL_SHIP" },
    });
    assert.equal(order.subOrderVOS[0]!.taobaoPurchaseId, order.subOrderVOS[1]!.taobaoPurchaseId, "one purchase");
    assert.equal((await rawPay(dev, [order.id])).data.orders[0]!.status, 10);
    await advance(dev, "7h");
    const partly = await detailOf(dev, order.id);
    assert.equal(partly.status, 10);
    assert.deepEqual(partly.subOrderVOS.map((l) => l.status), ["WAIT_BUYER_CONFIRM_GOODS", "WAIT_SELLER_SEND_GOODS"]);
    await advance(dev, "2d");
    const shipped = await detailOf(dev, order.id);
    assert.equal(shipped.status, 11);
    assert.deepEqual(shipped.subOrderVOS.map((l) => l.status), ["WAIT_BUYER_CONFIRM_GOODS", "WAIT_BUYER_CONFIRM_GOODS"]);
    assert.deepEqual(story(await outbox(server, dev), order.id), ["null→0*", "0→0*", "0→0*", "0→1", "1→2", "2→10*", "10→10*", "10→11*"]);
  });

  test("8. invalid input → 40002 naming the field (or 40401 for unknown goods), nothing created", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "手机壳", 5, 4);
    const line = lineOf(detail, sku);
    const base = { orderLineList: [line], receiver: ADDRESS };
    const noPhone: Record<string, unknown> = { ...ADDRESS };
    delete noPhone["mobile_phone"];
    const cases: Array<[string, unknown, number, RegExp]> = [
      ["malformed orderLineList string", { ...base, orderLineList: '[{"itemId": "x",' }, 40002, /orderLineList/],
      ["malformed receiver string", { ...base, receiver: "{name:" }, 40002, /receiver/],
      ["repeated orderLineNo", { ...base, orderLineList: [line, { ...line }] }, 40002, /orderLineNo/],
      ["currency USD", { ...base, orderLineList: [{ ...line, currency: "USD" }] }, 40002, /currency/],
      ["budget below the lines", { ...base, orderLineList: [{ ...line, quantity: 2 }], purchaseAmount: line.price * 2 - 1 }, 40002, /purchaseAmount/],
      ["receiver without a phone", { ...base, receiver: noPhone }, 40002, /phone/],
      ["receiver with blank phones", { ...base, receiver: { ...ADDRESS, mobile_phone: " ", phone: "" } }, 40002, /phone/],
      ["NUL in remark", JSON.stringify({ ...base, remark: "a\u0000b" }), 40002, /remark/],
      ["NUL inside the string-form receiver", { ...base, receiver: JSON.stringify({ ...ADDRESS, name: "a\u0000b" }) }, 40002, /receiver/],
      ["NUL inside the string-form orderLineList", { ...base, orderLineList: JSON.stringify([{ ...line, title: "t\u0000" }]) }, 40002, /orderLineList/],
      ["quantity 0", { ...base, orderLineList: [{ ...line, quantity: 0 }] }, 40002, /quantity/],
      ["51 lines", { ...base, orderLineList: Array.from({ length: 51 }, (_, i) => ({ ...line, orderLineNo: String(i) })) }, 40002, /orderLineList/],
      ["unknown itemId", { ...base, orderLineList: [{ ...line, itemId: "no-such-item" }] }, 40401, /no-such-item/],
      ["unknown skuId", { ...base, orderLineList: [{ ...line, skuId: "no-such-sku" }] }, 40401, /no-such-sku/],
    ];
    for (const [name, body, code, message] of cases) {
      const answer = (await dev.client.raw("POST", "/v2/taobao/order", { body })).envelope;
      assert.equal(answer.code, code, `${name}: ${answer.code} ${answer.msg}`);
      assert.match(answer.msg, message, name);
    }
    assert.equal(await orderCount(dev), 0);
    assert.deepEqual(await outbox(server, dev), []);
    const purchases = await db().selectFrom("sandbox_purchases").select("developer_id").where("developer_id", "=", dev.developId).execute();
    assert.deepEqual(purchases, [], "nothing bought upstream");
  });

  test("9. updateWarehouse changes only the pre-warehouse; IM links for items and orders", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 6);
    const order = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    const eventsBefore = (await outbox(server, dev)).length;
    const updated = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: order.id, warehouseAddress: "广西省南宁市 一号仓", warehouseName: "一号仓库" } });
    const expected = structuredClone(order);
    expected.warehouseAddressInfoVO.address = "广西省南宁市 一号仓";
    expected.warehouseAddressInfoVO.name = "一号仓库";
    expected.receiverVO.address = "广西省南宁市 一号仓";
    assert.deepEqual(updated, expected);
    assert.deepEqual(await detailOf(dev, order.id), expected);
    assert.equal((await outbox(server, dev)).length, eventsBefore, "no callback");
    // Still payable, at the same amount; after payment (10) the pre-warehouse can still change.
    const paid = await rawPay(dev, [order.id]);
    assert.equal(paid.data.totalAmount, order.purchaseAmount);
    const moved = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: order.id, warehouseAddress: "二号仓", warehouseName: "二号" } });
    assert.deepEqual([moved.status, moved.warehouseAddressInfoVO.address, moved.receiverVO.address, moved.warehouseAddressInfoVO.name], [10, "二号仓", "二号仓", "二号"]);

    const link = (sourceType: string, bizId: string) => dev.client.raw<string>("POST", "/v2/taobao/order/page/link/get", { body: { sourceType, bizId } });
    for (const [sourceType, bizId] of [
      ["item", detail.itemId],
      ["item", detail.mpId],
      ["order", order.subOrderVOS[0]!.taobaoPurchaseId],
    ] as const) {
      const answer = (await link(sourceType, bizId)).envelope;
      assert.equal(answer.code, 200, `${sourceType} ${bizId}: ${answer.msg}`);
      const url = new URL(answer.data!);
      assert.match(url.searchParams.get("loginToken") ?? "", /^[0-9a-f]{32}$/, answer.data!);
    }
    const tokens = new Set(await Promise.all([1, 2].map(async () => new URL((await link("item", detail.itemId)).envelope.data!).searchParams.get("loginToken"))));
    assert.equal(tokens.size, 2, "one-time tokens");
    assert.equal((await link("item", "no-such-item")).envelope.code, 40401);
    assert.equal((await link("order", "299999999999")).envelope.code, 40401);
    assert.equal((await link("order", "not-a-purchase")).envelope.code, 40401);
    assert.equal((await link("shop", "1")).envelope.code, 40002);
  });

  test("10. /sandbox/reset deletes the user's orders, cart and pending events; other users keep theirs", async () => {
    const dev = await fresh();
    const { detail, sku } = await buyableSku(dev, "手机壳", 5, 5);
    const sibling = await server.addUser(dev.developId, `keeper-${Date.now()}`);
    const start = await balance(dev);
    const paid = await builtOrder(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS });
    assert.equal((await rawPay(dev, [paid.id])).code, 200);
    const unpaid = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS } });
    const keyed = await rawCreate(dev, { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS, sellerOrderNumber: "R-1" }, "reset-key");
    assert.equal(keyed.code, 200);
    await dev.client.request("POST", "/v2/taobao/cart/add", { body: { itemMapId: detail.itemId, mpId: detail.mpId, skuId: sku.skuId, mpSkuId: sku.mpSkuId, quantity: 1 } });
    const theirs = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [lineOf(detail, sku)], receiver: ADDRESS }, userId: sibling });
    assert.equal(await orderCount(dev), 3);
    const spent = start - (await balance(dev));

    const reset = await dev.client.request<{ userId: string; reset: boolean }>("POST", "/sandbox/reset");
    assert.deepEqual(reset, { userId: dev.userId, reset: true });
    assert.equal(await orderCount(dev), 0);
    const cart = await dev.client.request<{ enableList: unknown[]; disableList: unknown[] }>("GET", "/v2/taobao/cart/list");
    assert.deepEqual([cart.enableList, cart.disableList], [[], []]);
    const subjects = [paid.id, unpaid.id, keyed.data.id].map((id) => `taobao-order:${id}`);
    const pending = await db().selectFrom("jobs").select("subject").where("developer_id", "=", dev.developId).where("subject", "in", subjects).execute();
    assert.deepEqual(pending, [], "the deleted orders' timeouts are gone");
    assert.equal(await balance(dev), start - spent, "the balance is kept");
    assert.equal((await rawPay(dev, [unpaid.id])).code, 40401);

    // Nothing fires for the deleted orders (builds, timeouts, shipments); the sibling's order lives on.
    const eventsBefore = (await outbox(server, dev)).filter((e) => [paid.id, unpaid.id, keyed.data.id].includes(String(e.body["orderId"]))).length;
    await advance(dev, "3d");
    const eventsAfter = (await outbox(server, dev)).filter((e) => [paid.id, unpaid.id, keyed.data.id].includes(String(e.body["orderId"]))).length;
    assert.equal(eventsAfter, eventsBefore, "no event for a reset user's orders");
    assert.equal(await orderCount(dev, sibling), 1);
    assert.equal((await detailOf(dev, theirs.id, sibling)).status, 4, "the sibling's order lived on (and timed out)");

    // The idempotency key and the seller number are free again.
    const again = await rawCreate(dev, { orderLineList: [lineOf(detail, sku, "9")], receiver: ADDRESS, sellerOrderNumber: "R-1" }, "reset-key");
    assert.equal(again.code, 200, again.msg);
    assert.notEqual(again.data.id, keyed.data.id);
  });

  test("11. the OpenAPI document lists the 14 order and cart endpoints with their error codes", async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    const doc = (await response.json()) as { paths: Record<string, Record<string, { responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }> }>> };
    const expected: Array<[string, string, number[]]> = [
      ["post", "/v2/taobao/order", [40002, 40401, 50201]],
      ["post", "/v2/taobao/order/page", [40002]],
      ["post", "/v2/taobao/order/cancel", [40401, 40901]],
      ["post", "/v2/taobao/order/updateWarehouse", [40401, 40901]],
      ["post", "/v2/taobao/order/pay", [40201, 40401, 40901]],
      ["post", "/v2/taobao/order/page/link/get", [40401]],
      ["get", "/v2/taobao/order/detail/get", [40401]],
      ["get", "/v2/taobao/order/logistics/detail/get", [40401]],
      ["post", "/v2/taobao/cart/add", [40401, 40901]],
      ["get", "/v2/taobao/cart/list", []],
      ["post", "/v2/taobao/cart/delete", []],
      ["post", "/v2/taobao/cart/edit-quantity", [40401]],
      ["post", "/v2/taobao/cart/confirm/order", [40401]],
      ["post", "/v2/taobao/cart/create/order", [40301, 40401, 40901, 50201]],
    ];
    for (const [method, path, codes] of expected) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
      const ok = op.responses?.["200"];
      assert.ok(ok, `${path}: 200 response`);
      const schema = ok.content?.["application/json"]?.schema ?? {};
      const listed = (schema["x-codes"] as number[] | undefined) ?? [];
      const text = `${ok.description ?? ""} ${String(schema["description"] ?? "")}`;
      for (const code of [...codes, 40001, 40103]) {
        assert.ok(listed.includes(code), `${path}: x-codes has ${code} (${listed.join(",")})`);
        assert.ok(text.includes(`\`${code}\``), `${path}: description names ${code}`);
      }
    }
  });
});
