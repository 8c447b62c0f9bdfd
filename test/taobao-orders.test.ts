// The Taobao buying flow through HTTP only (taobao.md §2, §3.2; statuses.md §1–§3): a new
// integrator's journey from keyword search to a shipped order with tracking; cancel, a seller's
// price change, finance rejection and re-pay. The ledger and the order read model are checked after
// every test that moves money or orders; the outbox must hold every callback event, in order.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { UpstreamError } from "../src/marketplace/port.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import type { OrderV2VO } from "../src/modules/orders/index.ts";
import { ADDRESS, buyableSku, linesOfOneShop, linesOfShops, outbox, PRICE, sound, story } from "./helpers/taobao.ts";

const START = Date.parse("2026-11-28T02:00:00Z");
async function balance(server: TestServer, dev: TestDeveloper): Promise<number> {
  return (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
}

describe("Taobao orders: the integrator's journey", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await sound(server, dev);
  });

  const advance = (duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
  const detailOf = (orderId: string) => dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId } });

  test("search → detail → cart → preview → create from cart → pay → clock → shipped → tracking → page shows 11", async () => {
    dev = await server.createDeveloper();
    const before = await balance(server, dev);
    const { detail, sku } = await buyableSku(dev, "连衣裙");

    const added = await dev.client.request<{ id: number }>("POST", "/v2/taobao/cart/add", {
      body: { itemMapId: detail.itemId, mpId: detail.mpId, skuId: sku.skuId, mpSkuId: sku.mpSkuId, quantity: 2 },
    });
    const preview = await dev.client.request<{ items: Array<{ available: boolean; price: number }>; productAmount: number }>("POST", "/v2/taobao/cart/confirm/order", {
      body: { ids: [added.id], orderAddress: ADDRESS },
    });
    assert.equal(preview.items[0]!.available, true);
    const unitPrice = preview.items[0]!.price;
    assert.equal(preview.productAmount, unitPrice * 2);

    const created = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/cart/create/order", { body: { ids: [added.id], orderAddress: ADDRESS, userId: dev.userId } });
    assert.equal(created.status, 0);
    assert.equal(created.purchaseAmount, 0);
    assert.equal(created.userId, dev.userId);
    assert.equal(created.subOrderVOS.length, 1);
    const line = created.subOrderVOS[0]!;
    assert.deepEqual([line.status, line.purchaseAmount, line.quantity, line.itemMapId], ["BULIDING", null, 2, detail.itemId]);
    assert.match(line.taobaoPurchaseId, /^2\d{11}$/);
    assert.equal(line.taobaoSubPurchaseId, String(BigInt(line.taobaoPurchaseId) + 1n));
    const cart = await dev.client.request<{ enableList: unknown[]; disableList: unknown[] }>("GET", "/v2/taobao/cart/list");
    assert.deepEqual([cart.enableList, cart.disableList], [[], []], "the ordered row left the cart");

    // Paying before the upstream has priced the line is refused and moves nothing.
    await assert.rejects(dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [created.id] } }), (e: { code?: number }) => e.code === 40901);

    await advance("5m");
    const built = await detailOf(created.id);
    assert.equal(built.subOrderVOS[0]!.status, "WAIT_BUYER_PAY");
    assert.equal(built.subOrderVOS[0]!.purchaseAmount, unitPrice * 2);
    assert.equal(built.purchaseAmount, unitPrice * 2 + built.subOrderVOS[0]!.domesticPostFee);

    const paid = await dev.client.request<{ totalAmount: number; orders: Array<{ id: string; status: number; payAmount: number }> }>("POST", "/v2/taobao/order/pay", {
      body: { orderIds: [created.id] },
    });
    assert.equal(paid.totalAmount, built.purchaseAmount);
    assert.deepEqual(paid.orders.map((o) => [o.id, o.status, o.payAmount]), [[created.id, 10, built.purchaseAmount]]);
    assert.equal(await balance(server, dev), before - built.purchaseAmount);
    const awaiting = await detailOf(created.id);
    assert.notEqual(awaiting.payTime, null);
    assert.equal(awaiting.subOrderVOS[0]!.status, "WAIT_SELLER_SEND_GOODS");

    await advance("6h");
    const shipped = await detailOf(created.id);
    assert.equal(shipped.status, 11);
    assert.equal(shipped.subOrderVOS[0]!.status, "WAIT_BUYER_CONFIRM_GOODS");

    await advance("2d");
    const logistics = await dev.client.request<{ purchaseOrderOuterId: string; pnmLogisticsDetails: Array<{ mailNo: string; logisticsTraces: Array<{ status: string; time: string }>; logisticsGoods: Array<{ quantity: string }> }> }>(
      "GET",
      "/v2/taobao/order/logistics/detail/get",
      { query: { subPurchaseOrderId: line.taobaoSubPurchaseId } },
    );
    assert.equal(logistics.purchaseOrderOuterId, line.taobaoSubPurchaseId);
    assert.equal(logistics.pnmLogisticsDetails.length, 1);
    const parcel = logistics.pnmLogisticsDetails[0]!;
    assert.match(parcel.mailNo, /^[A-Z0-9]{10,16}$/);
    assert.deepEqual(parcel.logisticsTraces.map((t) => t.status), ["CREATE", "ACCEPT", "TRANSPORT", "DELIVERING", "SIGN"]);
    assert.match(parcel.logisticsTraces[0]!.time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.deepEqual(parcel.logisticsGoods.map((g) => g.quantity), ["2"]);

    const page = await dev.client.request<{ total: number; data: OrderV2VO[] }>("POST", "/v2/taobao/order/page", { body: { status: 11 } });
    assert.deepEqual(page.data.map((o) => o.id), [created.id]);
    assert.equal(page.data[0]!.subOrderVOS[0]!.status, "WAIT_BUYER_CONFIRM_GOODS");

    // Every change is in the outbox, in order: created, built, paid, finance, upstream paid, shipped.
    assert.deepEqual(story(await outbox(server, dev), created.id), ["null→0*", "0→0*", "0→1", "1→2", "2→10*", "10→11*"]);
    const last = (await outbox(server, dev)).filter((e) => e.body["orderId"] === created.id).at(-1)!;
    const sub = (last.body["subOrders"] as Array<Record<string, unknown>>)[0]!;
    assert.equal(sub["logistic_number"], parcel.mailNo);
    assert.equal(sub["status"], "WAIT_BUYER_CONFIRM_GOODS");
  });

  test("cancel, a seller's price change before payment, and the direct create in both wire forms", async () => {
    dev = await server.createDeveloper();
    const { detail, sku } = await buyableSku(dev, "手机壳");
    const line = { itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" };

    // v1 string form, as documented.
    const cancelled = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: JSON.stringify([{ ...line, quantity: "1", price: String(line.price) }]), receiver: JSON.stringify(ADDRESS), orderSource: "lazada", sellerOrderNumber: "S-1" },
    });
    assert.equal(cancelled.orderSource, "lazada");
    assert.equal(await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: cancelled.id, cancelReason: "changed my mind" } }), true);
    assert.equal(await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: cancelled.id } }), true, "cancelling again answers true");
    const closed = await detailOf(cancelled.id);
    assert.equal(closed.status, 4);
    assert.deepEqual([closed.subOrderVOS[0]!.status, closed.subOrderVOS[0]!.closeReason], ["TRADE_CLOSED", "BUYER_CANCEL"]);
    await advance("10m"); // the cancelled purchase's build is not applied to the closed line
    assert.equal((await detailOf(cancelled.id)).subOrderVOS[0]!.status, "TRADE_CLOSED");
    await assert.rejects(dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [cancelled.id] } }), (e: { code?: number }) => e.code === 40901);

    // The same sellerOrderNumber is free again once its order is cancelled.
    const raised = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [line], receiver: { ...ADDRESS, name: "仓库 PRICE_UP" }, orderSource: "lazada", sellerOrderNumber: "S-1" },
    });
    assert.notEqual(raised.id, cancelled.id);
    await advance("5m");
    const builtAmount = (await detailOf(raised.id)).purchaseAmount;
    await advance("10m");
    const repriced = await detailOf(raised.id);
    assert.ok(repriced.purchaseAmount > builtAmount, "the seller raised the price");
    assert.deepEqual(story(await outbox(server, dev), raised.id), ["null→0*", "0→0*", "price"]);
    const priceEvent = (await outbox(server, dev)).find((e) => e.type === PRICE && e.body["orderId"] === raised.id)!;
    const dto = priceEvent.body["purchaseOrderPriceDTO"] as Record<string, number>;
    assert.equal(dto["purchaseTotalFee"], repriced.purchaseAmount);
    assert.equal(dto["purchaseTotalFee"], dto["purchaseProductFee"]! + dto["purchaseShippingFee"]!);
    const paid = await dev.client.request<{ totalAmount: number }>("POST", "/v2/taobao/order/pay", { body: { orderIds: [raised.id] } });
    assert.equal(paid.totalAmount, repriced.purchaseAmount, "the new price is what is paid");
    assert.equal((await detailOf(raised.id)).status, 10);
  });
});

describe("Taobao orders: after payment (pre-warehouse, triggers by order id, an upstream outage)", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0 } });
  });
  after(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    dev = await server.createDeveloper();
  });

  test("in 10 the seller takes the new address; once a parcel has left it refuses (50201) and nothing changes", async () => {
    const lines = linesOfOneShop(server, 2);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: lines, receiver: { ...ADDRESS, name: "仓库 PARTIAL_SHIP" } } });
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "5m" } });
    await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    const moved = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: order.id, warehouseAddress: "新仓 2 号", warehouseName: "二号仓库" } });
    assert.equal(moved.status, 10);
    assert.deepEqual([moved.warehouseAddressInfoVO.address, moved.warehouseAddressInfoVO.name, moved.receiverVO.address], ["新仓 2 号", "二号仓库", "新仓 2 号"]);
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "6h" } }); // first parcel leaves
    const refused = await dev.client.raw("POST", "/v2/taobao/order/updateWarehouse", { body: { orderId: order.id, warehouseAddress: "三号", warehouseName: "三号仓库" } });
    assert.equal(refused.envelope.code, 50201);
    assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).warehouseAddressInfoVO.address, "新仓 2 号");
    await sound(server, dev);
  });

  test("an order of two shops: build and ship every purchase now, then deliver both parcels", async () => {
    const lines = linesOfShops(server, 2);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: lines, receiver: ADDRESS } });
    assert.notEqual(order.subOrderVOS[0]!.taobaoPurchaseId, order.subOrderVOS[1]!.taobaoPurchaseId, "one purchase per shop");
    const trigger = (event: string) => dev.client.request<{ ran: number }>("POST", "/sandbox/trigger", { body: { event, orderId: order.id } });
    assert.equal((await trigger("build")).ran, 2);
    await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.equal((await trigger("ship")).ran, 2);
    assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).status, 11);
    assert.equal((await trigger("deliver")).ran, 8, "four trace steps per parcel");
    await assert.rejects(trigger("ship"), (e: { code?: number }) => e.code === 40901);
    const unknown = await dev.client.raw("POST", "/sandbox/trigger", { body: { event: "ship", orderId: "1234567890123456789" } });
    assert.equal(unknown.envelope.code, 40401);
    await sound(server, dev);
  });

  test("the order waits at 2 (money kept, nothing lost) and its retry job pays the seller once it answers again", async () => {
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 2);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS },
    });
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "5m" } });
    // The marketplace (not our database) is down: its payment call fails as a real connector's would.
    const seller = server.platform.services.seller;
    const payOrder = seller.payOrder.bind(seller);
    seller.payOrder = async () => {
      throw new UpstreamError("http_503", "upstream unavailable");
    };
    const paid = await dev.client.request<{ totalAmount: number; orders: Array<{ status: number }> }>("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.equal(paid.orders[0]!.status, 2, "finance confirmed, the seller not paid yet");
    // The retry is a job on the developer's clock, due 30 s after the payment, retried with backoff.
    const retryJob = () =>
      server.platform.database.db.selectFrom("jobs").select(["status", "attempts"]).where("kind", "=", "orders.taobao.pay_upstream").where("subject", "=", `taobao-order:${order.id}`).executeTakeFirstOrThrow();
    const advance = (duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
    assert.deepEqual(await retryJob(), { status: "PENDING", attempts: 0 });
    await advance("1m");
    const failing = await retryJob();
    assert.ok(failing.status === "PENDING" && failing.attempts >= 1, `retried and failed: ${JSON.stringify(failing)}`);
    assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).status, 2, "still down");
    seller.payOrder = payOrder;
    await advance("5s");
    assert.equal((await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).status, 2, "not yet: the next attempt waits for its backoff");
    await advance("1m");
    assert.equal((await retryJob()).status, "DONE");
    const after = await dev.client.request<OrderV2VO>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } });
    assert.deepEqual([after.status, after.subOrderVOS[0]!.status], [10, "WAIT_SELLER_SEND_GOODS"]);
    assert.deepEqual(story(await outbox(server, dev), order.id), ["null→0*", "0→0*", "0→1", "1→2", "2→10*"]);
    await sound(server, dev);
  });
});

describe("Taobao orders: finance rejection and re-pay (TAOBAO_FINANCE_AUTO_CONFIRM=false)", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, taobaoFinanceAutoConfirm: false } });
    dev = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await sound(server, dev);
  });

  test("pay → finance rejects (money back) → pay again → finance confirms → upstream paid", async () => {
    const { detail, sku } = await buyableSku(dev, "连衣裙", 5, 1);
    const order = await dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "A" }], receiver: ADDRESS },
    });
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "5m" } });
    const start = await balance(server, dev);
    const first = await dev.client.request<{ totalAmount: number; orders: Array<{ status: number }> }>("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.equal(first.orders[0]!.status, 1, "waits for finance");
    assert.equal(await balance(server, dev), start - first.totalAmount);

    const rejected = await server.admin<OrderV2VO>("POST", `/admin/developers/${dev.developId}/taobao/orders/${order.id}/finance`, { decision: "reject" });
    assert.equal(rejected.code, 200);
    assert.equal(rejected.data.status, 3);
    assert.equal(rejected.data.payTime, null);
    assert.equal(await balance(server, dev), start, "the rejected payment is credited back");
    const again = await server.admin("POST", `/admin/developers/${dev.developId}/taobao/orders/${order.id}/finance`, { decision: "reject" });
    assert.equal(again.code, 40901);

    const second = await dev.client.request<{ orders: Array<{ status: number }> }>("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.equal(second.orders[0]!.status, 1);
    const confirmed = await server.admin<OrderV2VO>("POST", `/admin/developers/${dev.developId}/taobao/orders/${order.id}/finance`, { decision: "confirm" });
    assert.equal(confirmed.data.status, 10);
    assert.equal(await balance(server, dev), start - first.totalAmount);
    assert.deepEqual(story(await outbox(server, dev), order.id), ["null→0*", "0→0*", "0→1", "1→3", "3→1", "1→2", "2→10*"]);
  });
});
