// Record before buy for 1688 creates, proven with kill -9 (alibaba-1688.md §3.3; the Taobao twin is
// record-first-crash.test.ts): a real child server is killed while it creates a batch of three seller
// orders — after recording them, after buying them upstream, in the middle of attaching them — and
// while its inbox applies a 1688 shipment. After a restart (the reconciliation is due 1 s later, real
// time) every recorded order is bought exactly once (attached, listed in waitbuyerpay, one sandbox
// purchase under its reference) or given up cleanly (no row left, its purchase if any cancelled); no
// sandbox purchase is orphaned; the ledger and the 1688 read model are sound; and the client's retry
// with the same Idempotency-Key buys nothing twice.
//
// All-or-nothing outlives the process: the reconciliation (use-cases/create.ts reconcilePurchase)
// settles what a create recorded as one batch. The four failpoints sit before any purchase, between
// two sellers' purchases, and after all of them; a batch ends whole (all attached) or empty (all
// given up, the purchases made cancelled).
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { ADDRESS_PARAM, cargoOverHttp, outbox1688, sound1688, story1688, type Cargo } from "./helpers/alibaba.ts";
import { developerOn, diesOn, newCrashSetup, rebind, restart, spawnWithFailpoint, stopChild } from "./helpers/crash.ts";
import { until, type TestDeveloper, type TestServer } from "./helpers/server.ts";

interface Detail {
  baseInfo: { id: string; status: string; totalAmount: number; sellerOpenId: string };
}
interface Page {
  totalRecords: number;
  data: Detail[];
}

const page = (dev: TestDeveloper, body: Record<string, unknown> = {}) => dev.client.request<Page>("POST", "/v2/alibaba/order/page", { body: { pageSize: 50, ...body } });

/**
 * Once no order is left being purchased: every order row is listed in waitbuyerpay with exactly one
 * live sandbox purchase under its reference (the one it carries); every alibaba sandbox purchase
 * belongs to a listed order or is cancelled; the ledger and the 1688 read model are sound.
 */
async function checkNothingLost(server: TestServer, dev: TestDeveloper): Promise<{ orderIds: string[]; purchases: number; live: number }> {
  const db = server.platform.database.db;
  const orders = await until(
    "no 1688 order left being purchased",
    () => db.selectFrom("alibaba_orders").select(["id", "client_ref", "purchase_state", "upstream_order_id"]).where("developer_id", "=", dev.developId).execute(),
    (rows) => rows.every((row) => row.purchase_state === "PLACED"),
  );
  const listed = await page(dev, { status: "waitbuyerpay" });
  assert.deepEqual(listed.data.map((o) => o.baseInfo.id).sort(), orders.map((o) => o.id).sort(), "every order row is listed, in waitbuyerpay");
  assert.equal(listed.totalRecords, orders.length);
  assert.equal((await page(dev)).totalRecords, orders.length, "nothing else is listed");
  const purchases = await db.selectFrom("sandbox_purchases").select(["upstream_order_id", "client_ref", "status"]).where("developer_id", "=", dev.developId).where("platform", "=", "alibaba").execute();
  for (const purchase of purchases) {
    const order = orders.find((o) => o.client_ref === purchase.client_ref);
    assert.ok(order || purchase.status === "cancel", `purchase ${purchase.upstream_order_id} (${purchase.client_ref}, ${purchase.status}) has its order or was cancelled`);
  }
  for (const order of orders) {
    const mine = purchases.filter((p) => p.client_ref === order.client_ref);
    assert.equal(mine.length, 1, `order ${order.id} was bought exactly once`);
    assert.notEqual(mine[0]!.status, "cancel", `order ${order.id}'s purchase is live`);
    assert.equal(order.upstream_order_id, mine[0]!.upstream_order_id, `order ${order.id} carries its purchase`);
  }
  await sound1688(server, dev);
  const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
  assert.deepEqual([check.data.sound, check.data.problems], [true, []]);
  return { orderIds: orders.map((o) => o.id).sort(), purchases: purchases.length, live: purchases.filter((p) => p.status !== "cancel").length };
}

/** The client gave up waiting long ago: its reservation (left PENDING by the dead node) is older than the 60 s staleness. */
async function ageReservations(server: TestServer, dev: TestDeveloper): Promise<void> {
  await sql`update idempotency_keys set updated_at = now() - interval '5 minutes' where developer_id = ${dev.developId}`.execute(server.platform.database.db);
}

const CREATE_POINTS = [
  // Recorded, never sent: the reconciliation finds nothing upstream and gives every order up.
  { point: "alibaba.create.recorded", bought: false, made: 0 },
  // Between two sellers' purchases: the batch's reconciliation finds one bought and the others not,
  // so it gives every order up and cancels the one purchase (all or nothing survives the crash).
  { point: "alibaba.create.buying", bought: false, made: 1 },
  // Every seller bought, the answer lost: the reconciliation finds each purchase by its reference and attaches it.
  { point: "alibaba.create.bought", bought: true, made: 3 },
  // Attaching, rolled back (the idempotency checkpoint with it): the same.
  { point: "alibaba.create.attaching", bought: true, made: 3 },
];

const KEY = "crash-batch-0001";

for (const { point, bought, made } of CREATE_POINTS) {
  test(`kill -9 at ${point} during a 3-seller batch create: after a restart every order is ${bought ? "bought exactly once" : "given up cleanly"}`, { timeout: 180_000 }, async (t) => {
    const setup = newCrashSetup("openpon-crash1688-");
    const child = await spawnWithFailpoint(setup, point);
    let server: TestServer | undefined;
    try {
      const dev = await developerOn(child, setup, "crash1688");
      const cargo: Cargo[] = await cargoOverHttp(dev.client, 3);
      const body = { flow: "general" as const, addressParam: ADDRESS_PARAM, cargoParamList: cargo };
      await diesOn(child, () => dev.client.alibaba.orders.batchCreate(body, { idempotencyKey: KEY }));

      server = await restart(setup);
      const again = rebind(dev, server.url);
      const { orderIds, purchases, live } = await checkNothingLost(server, again);
      assert.equal(orderIds.length, bought ? 3 : 0, bought ? "the whole batch attached" : "the whole batch given up");
      assert.equal(live, bought ? 3 : 0, "nothing bought twice");
      assert.equal(purchases, made, "a purchase exists exactly for each seller bought before the crash");
      const events = await outbox1688(server, again);
      if (bought) {
        const listed = (await page(again)).data;
        assert.deepEqual(
          listed.map((o) => o.baseInfo.sellerOpenId).sort(),
          cargo.map((c) => c.sellerOpenId).sort(),
          "one order per seller",
        );
        for (const id of orderIds) assert.deepEqual(story1688(events, id), ["null→waitbuyerpay"], `order ${id} announced once`);
        assert.equal(events.length, 3);
      } else {
        assert.deepEqual(events, [], "a given-up order was never announced");
        const rows = await server.platform.database.db.selectFrom("alibaba_order_lines").select("id").where("developer_id", "=", dev.developId).execute();
        assert.deepEqual(rows, [], "no line left behind");
      }

      // The client retries with the same key at once: the dead node's reservation is fresh, so the
      // retry waits for it and is told to retry later (40901) — it never creates a second set.
      if (point === "alibaba.create.bought") {
        const early = await again.client.raw("POST", "/v2/alibaba/order/batch/create", { body, headers: { "Idempotency-Key": KEY } });
        assert.ok(early.envelope.code === 40901 || early.envelope.code === 200, `an early retry answers 40901 or replays: ${early.text}`);
        if (early.envelope.code === 200) assert.deepEqual((early.envelope.data as Detail[]).map((o) => o.baseInfo.id).sort(), orderIds);
        assert.equal((await checkNothingLost(server, again)).orderIds.length, orderIds.length, "the early retry created nothing");
      }

      // Later, the reservation expired: what the key made must be what it answers.
      await ageReservations(server, again);
      await t.test(
        bought ? "a late retry with the same Idempotency-Key answers the orders the reconciliation attached, buying nothing" : "a late retry with the same Idempotency-Key creates the batch once",
        {},
        async () => {
          const retried = (await again.client.alibaba.orders.batchCreate(body, { idempotencyKey: KEY })) as unknown as Detail[];
          assert.equal(retried.length, 3);
          const after = await checkNothingLost(server!, again);
          assert.deepEqual(retried.map((o) => o.baseInfo.id).sort(), after.orderIds, "the answer is every order there is");
          if (bought) assert.deepEqual(after.orderIds, orderIds, "the same orders, nothing bought twice");
          assert.equal(after.live, 3, "one live purchase per order");
          const replay = (await again.client.alibaba.orders.batchCreate(body, { idempotencyKey: KEY })) as unknown as Detail[];
          assert.deepEqual(replay.map((o) => o.baseInfo.id), retried.map((o) => o.baseInfo.id), "and then replays");
        },
      );
      await checkNothingLost(server, again);
    } finally {
      await stopChild(child);
      await server?.close();
    }
  });
}

test("kill -9 while the inbox applies a 1688 shipment: after a restart it is applied exactly once", { timeout: 180_000 }, async () => {
  const setup = newCrashSetup("openpon-crash1688-");
  const child = await spawnWithFailpoint(setup, "marketplace.inbox.applying");
  let server: TestServer | undefined;
  try {
    const dev = await developerOn(child, setup, "crash1688");
    const [cargo] = await cargoOverHttp(dev.client, 1);
    const order = await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo!] });
    const id = order.baseInfo.id;
    assert.equal((await dev.client.alibaba.orders.payUrl(id)).protocolPaySuccess, true);
    // The advance runs the seller's shipment, whose event the inbox applies: the server dies mid-apply.
    await diesOn(child, () => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "2d" } }));

    server = await restart(setup);
    const again = rebind(dev, server.url);
    const db = server.platform.database.db;
    await until(
      "the shipment applied",
      () => db.selectFrom("marketplace_inbox").select(["kind", "status"]).where("developer_id", "=", dev.developId).execute(),
      (rows) => rows.some((row) => row.kind === "shipped") && rows.every((row) => row.status !== "PENDING"),
    );
    const shipped = (await page(again, { orderId: id })).data[0] as Detail & { nativeLogistics: { logisticsItems: unknown[] | null } };
    assert.equal(shipped.baseInfo.status, "waitbuyerreceive");
    assert.equal(shipped.nativeLogistics.logisticsItems?.length, 1, "one parcel recorded once");
    const inbox = await db.selectFrom("marketplace_inbox").select(["kind", "status"]).where("developer_id", "=", dev.developId).where("kind", "=", "shipped").execute();
    assert.deepEqual(inbox, [{ kind: "shipped", status: "APPLIED" }]);
    assert.deepEqual(story1688(await outbox1688(server, again), id), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive"], "shipped once, announced once");
    await sound1688(server, again);
    const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
    assert.deepEqual([check.data.sound, check.data.problems], [true, []]);
  } finally {
    await stopChild(child);
    await server?.close();
  }
});
