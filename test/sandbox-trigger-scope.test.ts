// POST /sandbox/trigger acts for the calling user-id only (as /sandbox/reset does): a sibling user of
// the same developer cannot move another user's order, by platform order id or by upstream purchase
// id; operators still reach every order of the developer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { ADDRESS, buyableSku } from "./helpers/taobao.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startServer({ clock: new ManualClock(Date.parse("2026-12-01T00:00:00Z")), config: { sandboxTickMs: 0 } });
});
after(async () => {
  await server?.close();
});

test("a sibling user's trigger cannot reach another user's order; the owner's and the operator's can", async () => {
  const dev = await server.createDeveloper();
  const sibling = await server.addUser(dev.developId, `sibling-${Date.now()}`);
  const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 1);
  const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
    body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS },
  });
  const purchaseId = order.subOrderVOS[0]!.taobaoPurchaseId!;
  for (const orderId of [order.id, purchaseId]) {
    const refused = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "build", orderId }, userId: sibling });
    assert.equal(refused.envelope.code, 40401, `sibling by ${orderId}: ${refused.envelope.msg}`);
  }
  assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).subOrderVOS[0]!.status, "BULIDING", "nothing happened");

  const own = await dev.client.request<{ ran: number }>("POST", "/sandbox/trigger", { body: { event: "build", orderId: order.id } });
  assert.equal(own.ran, 1);
  assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).subOrderVOS[0]!.status, "WAIT_BUYER_PAY");

  const operator = await server.admin<{ ran: number }>("POST", `/admin/developers/${dev.developId}/sandbox/trigger`, { event: "price_change", orderId: purchaseId });
  assert.equal(operator.code, 200, operator.msg);
  assert.equal(operator.data.ran, 1);
});
