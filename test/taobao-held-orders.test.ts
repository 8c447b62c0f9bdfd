// Steps that go on from the rows this node has just written (record before buy's attach, the
// upstream payment after the pay) instead of reading them again: their write is guarded by the held
// version, and an order changed or removed meanwhile makes them roll back whole (StaleOrder), so that
// the caller runs them again from the rows read under the lock.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { loadOrder, OrderAggregate, StaleOrder } from "../src/modules/orders/taobao/aggregate.ts";
import type { PlaceOrderInput } from "../src/modules/orders/index.ts";
import { OrderStatus } from "../src/modules/orders/taobao/model.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

describe("Taobao orders: steps from held rows", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer();
    dev = await server.createDeveloper();
  });
  after(async () => server?.close());

  const input = (): PlaceOrderInput => ({
    owner: { developerId: dev.developId, userId: dev.userId, userName: "held" },
    receiver: { name: "张伟", mobilePhone: "13912345678", state: "浙江省", city: "杭州市", district: "余杭区", address: "良睦路 1288 号", zip: "311121" },
    lines: [
      { orderLineNo: "1", quantity: 2, title: "a", requestedUnitPrice: 100, itemMapId: "1", skuId: "11", taobaoPurchaseId: "", taobaoSubPurchaseId: "" },
      { orderLineNo: "2", quantity: 1, title: "b", requestedUnitPrice: 300, itemMapId: "2", skuId: "22", taobaoPurchaseId: "", taobaoSubPurchaseId: "" },
    ],
  });
  const byLine = new Map([
    [0, { purchaseId: "9001", lineId: "9101" }],
    [1, { purchaseId: "9001", lineId: "9102" }],
  ]);
  const counts = async (orderId: string) => {
    const db = server.platform.database.db;
    const { rows } = await sql<{ history: number; events: number; version: number | null }>`select
        (select count(*) from order_history where order_id = ${orderId})::int as history,
        (select count(*) from outbox_events where aggregate_id = ${orderId})::int as events,
        (select version from taobao_orders where id = ${orderId}) as version`.execute(db);
    return rows[0]!;
  };
  const record = async () => {
    const { db } = server.platform.database;
    const now = Date.now();
    return server.platform.services.orders.recordOrder(db, input(), "test", now, { clientRef: `ref-${now}-${Math.random()}` });
  };

  test("attach from the rows as recorded: one guarded write, the same view and rows as attaching from the locked rows", async () => {
    const { db } = server.platform.database;
    const orders = server.platform.services.orders;
    const a = await record();
    const b = await record();
    const fromHeld = await db.transaction().execute((trx) => orders.attachPurchases(trx, { id: a.view.id, developerId: dev.developId }, byLine, 1_000, [], a.held));
    const fromLock = await db.transaction().execute((trx) => orders.attachPurchases(trx, { id: b.view.id, developerId: dev.developId }, byLine, 1_000));
    assert.ok(fromHeld && fromLock);
    const strip = (view: object) => JSON.stringify({ ...view, id: "", orderNo: "", subOrderVOS: [], createTime: 0 });
    assert.equal(strip(fromHeld), strip(fromLock));
    assert.equal((await counts(a.view.id)).version, 2);
    assert.deepEqual(await orders.verifyReadModel(dev.developId), []);
  });

  test("attach from held rows of an order given up meanwhile: StaleOrder, nothing written; from the lock: undefined", async () => {
    const { db } = server.platform.database;
    const orders = server.platform.services.orders;
    const { view, held } = await record();
    const key = { id: view.id, developerId: dev.developId };
    assert.equal(await db.transaction().execute((trx) => orders.discardPurchasing(trx, key)), true);
    await assert.rejects(
      db.transaction().execute((trx) => orders.attachPurchases(trx, key, byLine, 1_000, [], held)),
      StaleOrder,
    );
    assert.equal(await db.transaction().execute((trx) => orders.attachPurchases(trx, key, byLine, 1_000)), undefined);
    assert.deepEqual(await counts(view.id), { history: 0, events: 0, version: null });
  });

  test("attach from held rows of an order changed meanwhile: StaleOrder and the transaction's writes roll back; from the lock it attaches", async () => {
    const { db } = server.platform.database;
    const orders = server.platform.services.orders;
    const { view, held } = await record();
    const key = { id: view.id, developerId: dev.developId };
    // Another writer moved it on (any change bumps the version).
    await db.transaction().execute(async (trx) => {
      const agg = (await loadOrder(trx, key))!;
      agg.touch();
      await agg.save(trx, server.platform.services.outbox, 2_000, 86_400_000);
    });
    const before = await counts(view.id);
    assert.equal(before.version, 2);
    await assert.rejects(
      db.transaction().execute((trx) => orders.attachPurchases(trx, key, byLine, 1_000, [], held)),
      StaleOrder,
    );
    assert.deepEqual(await counts(view.id), before);
    const lines = await sql<{ taobao_sub_purchase_id: string }>`select taobao_sub_purchase_id from taobao_sub_orders where order_id = ${view.id}`.execute(db);
    assert.deepEqual(lines.rows.map((r) => r.taobao_sub_purchase_id), ["", ""]);
    assert.ok(await db.transaction().execute((trx) => orders.attachPurchases(trx, key, byLine, 1_000)));
    assert.equal((await counts(view.id)).version, 3);
    assert.deepEqual(await orders.verifyReadModel(dev.developId), []);
  });

  test("a held aggregate saves at the held version only; a stale one throws and leaves lines, history, counters and events as they were", async () => {
    const { db } = server.platform.database;
    const { outbox } = server.platform.services;
    const { view } = await db.transaction().execute(async (trx) => ({ view: await server.platform.services.orders.insertOrder(trx, input(), "test", 1_000) }));
    const key = { id: view.id, developerId: dev.developId };
    const rows = await db.transaction().execute(async (trx) => {
      const agg = (await loadOrder(trx, key))!;
      return { order: agg.order, lines: agg.lines };
    });
    // Fresh: saved, at version + 1.
    const ok = OrderAggregate.held(rows);
    ok.moveLine(ok.lines[0]!, "TRADE_CLOSED", "test", "test", new Date(3_000), "BUILD_FAILED");
    await db.transaction().execute((trx) => ok.save(trx, outbox, 3_000, 86_400_000));
    const saved = await counts(view.id);
    assert.equal(saved.version, rows.order.version + 1);
    // The same held rows again: stale now.
    const stale = OrderAggregate.held(rows);
    stale.moveLine(stale.lines[1]!, "TRADE_CLOSED", "test", "test", new Date(4_000), "BUILD_FAILED");
    stale.moveOrder(OrderStatus.CANCELLED, "test", "test", new Date(4_000));
    await assert.rejects(db.transaction().execute((trx) => stale.save(trx, outbox, 4_000, 86_400_000)), StaleOrder);
    assert.deepEqual(await counts(view.id), saved);
    const lines = await sql<{ status: string }>`select status from taobao_sub_orders where order_id = ${view.id} order by line_index`.execute(db);
    assert.deepEqual(lines.rows.map((r) => r.status), ["TRADE_CLOSED", "BULIDING"]);
    assert.deepEqual(await server.platform.services.orders.verifyReadModel(dev.developId), []);
  });
});
