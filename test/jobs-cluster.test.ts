// Two nodes on one PostgreSQL share the job runner's work: an upstream payment left at 2 by an outage
// is retried by exactly one of them (SKIP LOCKED and the lease), not by both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { UpstreamError, type PaymentResult } from "../src/marketplace/port.ts";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { ADDRESS, buyableSku, outbox, sound, story } from "./helpers/taobao.ts";
import type { BuildOptions } from "../src/app.ts";
import { freshSchema, POSTGRES_URL, startServer, type TestServer } from "./helpers/server.ts";

test("two nodes make one upstream payment retry, not two", { skip: POSTGRES_URL ? false : "needs DATABASE_URL (PostgreSQL)" }, async () => {
  const clock = new ManualClock(Date.parse("2026-12-01T00:00:00Z"));
  const schema = freshSchema();
  // The background loops wait an hour: the test runs both nodes' passes itself, at the same moment.
  const config = { databaseSchema: schema, sandboxTickMs: 0, jobsPollMs: 3_600_000 };
  const liveConnectors: BuildOptions["liveConnectors"] = (sandbox) => ({ taobao: sandbox.taobao });
  const a = await startServer({ clock, config, liveConnectors });
  let b: TestServer | undefined;
  try {
    b = await startServer({ clock, config, liveConnectors });
    // A live developer: its jobs follow real time (here the shared manual clock).
    const dev = await a.createDeveloper({ live: true });
    assert.equal((await a.admin("POST", `/admin/developers/${dev.developId}/wallet/topup`, { amount: "1000" })).code, 200, "live money is real money: topped up");
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 3);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS },
    });
    clock.advance(5 * 60_000);
    await a.platform.services.jobs.runAllDue();
    assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).subOrderVOS[0]!.status, "WAIT_BUYER_PAY");

    // The marketplace is down for both nodes: the payment stays at 2.
    const nodes = [a, b];
    const originals = nodes.map((node) => node.platform.services.seller.payOrder.bind(node.platform.services.seller));
    for (const node of nodes) {
      node.platform.services.seller.payOrder = async () => {
        throw new UpstreamError("http_503", "upstream unavailable");
      };
    }
    const paid = await dev.client.request<{ orders: Array<{ status: number }> }>("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.equal(paid.orders[0]!.status, 2);

    // It answers again; both nodes run their pass at once when the retry falls due.
    const calls = [0, 0];
    nodes.forEach((node, i) => {
      node.platform.services.seller.payOrder = async (...args): Promise<PaymentResult> => {
        calls[i]!++;
        return originals[i]!(...args);
      };
    });
    clock.advance(31_000);
    await Promise.all(nodes.map((node) => node.platform.services.jobs.runAllDue()));
    assert.equal(calls[0]! + calls[1]!, 1, `one payment call in all (node A ${calls[0]}, node B ${calls[1]})`);
    const after = await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } });
    assert.equal(after.status, 10);
    assert.deepEqual(story(await outbox(a, dev), order.id), ["null→0*", "0→0*", "0→1", "1→2", "2→10*"]);
    const job = await a.platform.database.db.selectFrom("jobs").select(["status", "attempts"]).where("kind", "=", "orders.taobao.pay_upstream").where("subject", "=", `taobao-order:${order.id}`).executeTakeFirstOrThrow();
    assert.deepEqual(job, { status: "DONE", attempts: 0 });
    await sound(a, dev);
  } finally {
    // The second node shares the first's schema: only the first drops it.
    await b?.platform.app.close();
    await b?.platform.close();
    await a.close();
  }
});
