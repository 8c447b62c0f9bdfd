// Record before buy, proven with kill -9: a real child server is killed at each crash point of a
// create (after recording, after the upstream call, in the middle of attaching) and of the inbox's
// consumption. After a restart every order is bought exactly once or given up cleanly, no sandbox
// purchase is orphaned, and the ledger balances.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { developerOn, diesOn, newCrashSetup, rebind, restart, spawnWithFailpoint } from "./helpers/crash.ts";
import { ADDRESS, buyableSku, outbox, story } from "./helpers/taobao.ts";
import { until, type TestDeveloper, type TestServer } from "./helpers/server.ts";

/** Every order bought once or gone, no purchase without its order, the ledger sound. */
async function checkNothingLost(server: TestServer, dev: TestDeveloper): Promise<{ orders: Array<{ id: string; client_ref: string | null }>; purchases: number }> {
  const db = server.platform.database.db;
  const orders = await until(
    "no order left being purchased",
    () => db.selectFrom("taobao_orders").select(["id", "client_ref", "purchase_state"]).where("developer_id", "=", dev.developId).execute(),
    (rows) => rows.every((row) => row.purchase_state === "PLACED"),
  );
  const purchases = await db.selectFrom("sandbox_purchases").select(["upstream_order_id", "client_ref", "status"]).where("developer_id", "=", dev.developId).execute();
  for (const purchase of purchases) {
    const order = orders.find((o) => o.client_ref === purchase.client_ref);
    assert.ok(order || purchase.status === "TRADE_CLOSED", `purchase ${purchase.upstream_order_id} (${purchase.client_ref}) has an order or was given up`);
  }
  for (const order of orders) {
    assert.equal(purchases.filter((p) => p.client_ref === order.client_ref && p.status !== "TRADE_CLOSED").length, 1, `order ${order.id} was bought exactly once`);
    const lines = await db.selectFrom("taobao_sub_orders").select(["taobao_purchase_id"]).where("order_id", "=", order.id).execute();
    assert.ok(lines.every((line) => purchases.some((p) => p.upstream_order_id === line.taobao_purchase_id)), "every line carries its purchase");
  }
  const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
  assert.deepEqual([check.data.sound, check.data.problems], [true, []]);
  return { orders, purchases: purchases.length };
}

const CREATE_POINTS = [
  // Recorded, never sent: the reconciliation finds nothing upstream and gives the order up.
  { point: "taobao.create.recorded", bought: false },
  // Bought, the answer lost: the reconciliation finds the purchase by its reference and attaches it.
  { point: "taobao.create.bought", bought: true },
  // Attaching, rolled back: the same.
  { point: "taobao.create.attaching", bought: true },
];

for (const { point, bought } of CREATE_POINTS) {
  test(`kill -9 at ${point}: after a restart the order is ${bought ? "bought exactly once" : "given up cleanly"}`, { timeout: 180_000 }, async () => {
    const setup = newCrashSetup("openpon-crash-");
    const child = await spawnWithFailpoint(setup, point);
    let server: TestServer | undefined;
    try {
      const dev = await developerOn(child, setup, "crash");
      const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 1);
      const line = { itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" };
      await diesOn(child, () => dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [line], receiver: ADDRESS, sellerOrderNumber: "CRASH-1" } }));

      server = await restart(setup);
      const again = rebind(dev, server.url);
      const { orders, purchases } = await checkNothingLost(server, again);
      assert.equal(orders.length, bought ? 1 : 0);
      assert.equal(purchases, bought ? 1 : 0, "nothing bought twice, nothing orphaned");
      if (bought) {
        const order = await again.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: orders[0]!.id } });
        assert.equal(order.status, 0);
        assert.match(order.subOrderVOS[0]!.taobaoPurchaseId!, /^\d{12}$/);
        assert.deepEqual(story(await outbox(server, again), order.id), ["null→0*"], "announced once");
        // The client's retry with the same sellerOrderNumber finds it instead of buying again.
        const retried = await again.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [line], receiver: ADDRESS, sellerOrderNumber: "CRASH-1" } });
        assert.equal(retried.id, order.id);
        // And it moves on as any order does.
        await again.client.request("POST", "/sandbox/clock/advance", { body: { duration: "3m" } });
        assert.equal((await again.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).subOrderVOS[0]!.status, "WAIT_BUYER_PAY");
      } else {
        assert.deepEqual(await outbox(server, again), [], "a given-up order was never announced");
        // The retry buys it now, once.
        const retried = await again.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: [line], receiver: ADDRESS, sellerOrderNumber: "CRASH-1" } });
        assert.equal(retried.status, 0);
        assert.equal((await checkNothingLost(server, again)).purchases, 1);
      }
    } finally {
      if (child.process.exitCode === null && child.process.signalCode === null) await child.stop();
      await server?.close();
    }
  });
}

for (const { point, bought } of CREATE_POINTS) {
  test(`kill -9 at ${point} with an Idempotency-Key: a retry after the reservation went stale answers what the key made, buying nothing twice`, { timeout: 180_000 }, async () => {
    const setup = newCrashSetup("openpon-crash-");
    const child = await spawnWithFailpoint(setup, point);
    let server: TestServer | undefined;
    try {
      const dev = await developerOn(child, setup, "crash");
      const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 3);
      const body = { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS };
      const KEY = `crash-key-${point}`;
      await diesOn(child, () => dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body, headers: { "Idempotency-Key": KEY } }));

      server = await restart(setup);
      const again = rebind(dev, server.url);
      // The client gave up waiting long ago: the dead node's reservation is past its 60 s.
      await server.platform.database.db.updateTable("idempotency_keys").set({ updated_at: new Date(Date.now() - 300_000) }).where("developer_id", "=", dev.developId).execute();
      const retried = await again.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body, headers: { "Idempotency-Key": KEY } });
      const { orders, purchases } = await checkNothingLost(server, again);
      assert.equal(orders.length, 1, "one order for the key");
      assert.equal(purchases, 1, "bought once");
      assert.equal(retried.id, orders[0]!.id, bought ? "the order the first attempt bought" : "the order the retry bought");
      const replay = await again.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body, headers: { "Idempotency-Key": KEY } });
      assert.equal(replay.id, retried.id, "and then it replays");
    } finally {
      if (child.process.exitCode === null && child.process.signalCode === null) await child.stop();
      await server?.close();
    }
  });
}

test("kill -9 while the inbox applies an event: after a restart it is applied exactly once", { timeout: 180_000 }, async () => {
  const setup = newCrashSetup("openpon-crash-");
  const child = await spawnWithFailpoint(setup, "marketplace.inbox.applying");
  let server: TestServer | undefined;
  try {
    const dev = await developerOn(child, setup, "crash");
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 2);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS },
    });
    // The advance runs the seller's build, whose event the inbox applies: the server dies mid-apply.
    await diesOn(child, () => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "3m" } }));

    server = await restart(setup);
    const again = rebind(dev, server.url);
    const db = server.platform.database.db;
    await until(
      "the event applied",
      () => db.selectFrom("marketplace_inbox").select(["kind", "status"]).where("developer_id", "=", dev.developId).execute(),
      (rows) => rows.length > 0 && rows.every((row) => row.status === "APPLIED"),
    );
    const built = await again.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } });
    assert.equal(built.subOrderVOS[0]!.status, "WAIT_BUYER_PAY");
    const history = await db.selectFrom("order_history").select(["from_status", "to_status"]).where("order_id", "=", order.id).where("to_status", "=", "WAIT_BUYER_PAY").execute();
    assert.equal(history.length, 1, "built once");
    assert.deepEqual(story(await outbox(server, again), order.id), ["null→0*", "0→0*"]);
    await checkNothingLost(server, again);
  } finally {
    if (child.process.exitCode === null && child.process.signalCode === null) await child.stop();
    await server?.close();
  }
});
