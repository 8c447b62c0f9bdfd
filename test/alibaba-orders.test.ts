// The 1688 buying flow through HTTP only (alibaba-1688.md §2, §3, §5; statuses.md §5): an integrator's
// journey from keyword search to a settled order; batch create across merchants with a failing
// seller, cancel and the unpaid timeout; concurrency and bad input. The ledger and the 1688 read
// model are checked after every test; each 1688 callback body is the §0.4 detail.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import type { OpenponClient } from "@openpon/sdk";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { ADDRESS_PARAM, cargoOfSellers, DETAIL_KEYS, outbox1688, sound1688, story1688, STATUS_1688 } from "./helpers/alibaba.ts";

const START = Date.parse("2026-11-28T02:00:00Z");

interface Detail {
  baseInfo: { id: string; idOfStr: string; status: string; totalAmount: number; sumProductPayment: number; shippingFee: number; createTime: string; payTime: string | null; closeReason: string | null; flow: string; tradeType: string; sellerOpenId: string };
  nativeLogistics: { address: string; contactPerson: string; logisticsItems: Array<{ logisticsBillNo: string; subItemIds: string }> | null };
  productItems: Array<{ subItemID: string; productID: number; price: number; itemAmount: number; quantity: number; status: string; offerMapId: string }>;
  tradeTerms: Array<{ payStatus: string; payWay: string }>;
}
interface Page {
  totalRecords: number;
  totalPage: number;
  pageSize: number;
  currentPage: number;
  data: Detail[];
}

async function balance(server: TestServer, dev: TestDeveloper): Promise<number> {
  return (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
}
async function env<T = unknown>(client: OpenponClient, method: "GET" | "POST", path: string, options: { body?: unknown; query?: Record<string, string> } = {}) {
  return (await client.raw<T>(method, path, options)).envelope;
}
const fen = (yuan: number) => Math.round(yuan * 100);

describe("1688 orders", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await sound1688(server, dev);
  });
  const advance = (duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
  const page = (body: Record<string, unknown> = {}) => dev.client.request<Page>("POST", "/v2/alibaba/order/page", { body });
  const raw = async (method: "GET" | "POST", path: string, args: { body?: unknown; query?: Record<string, string> }) => env<unknown>(dev.client, method, path, args);

  test("journey: search → detail → cart ×3 sellers → preview → create from cart → waitbuyerpay → pay → shipped with trace → receipt → success", async () => {
    dev = await server.createDeveloper();
    const start = await balance(server, dev);
    // Search and pick one product of each of three sellers, through the goods endpoints.
    const found = await dev.client.request<{ data: Array<{ offerId: string }> }>("POST", "/v2/alibaba/product/keywords/query", { body: { keyword: "T恤", pageSize: 20 } });
    const sellers = new Set<string>();
    for (const { offerId } of found.data) {
      if (sellers.size === 3) break;
      const detail = await dev.client.request<{ sellerOpenId: string; minOrderQuantity: number; status?: string; productSkuInfos: Array<{ specId: string; amountOnSale: number }> }>("POST", "/v2/alibaba/product/detail/get", { body: { offerId } });
      const quantity = Math.max(1, detail.minOrderQuantity);
      const sku = detail.productSkuInfos.find((s) => s.amountOnSale >= quantity * 3);
      if (sellers.has(detail.sellerOpenId) || (detail.productSkuInfos.length > 0 && !sku)) continue;
      const added = await env<{ id: number }>(dev.client, "POST", "/v2/alibaba/cart/add", { body: { offerMapId: offerId, ...(sku ? { specId: sku.specId } : {}), quantity } });
      if (added.code !== 200) continue; // e.g. not published
      sellers.add(detail.sellerOpenId);
    }
    assert.equal(sellers.size, 3, "three sellers found by search");
    const cart = await dev.client.alibaba.cart.list();
    assert.equal(cart.enableList.length, 3, "grouped by seller");
    const cartIds = cart.enableList.flatMap((shop) => shop.cartItemInfos.map((row) => row.id));

    const preview = await dev.client.alibaba.cart.preview({ addressParam: ADDRESS_PARAM, cartIds });
    assert.equal(preview.success, true);
    assert.equal(preview.orderPreviewResuslt.length, 3);
    const previewTotal = preview.orderPreviewResuslt.reduce((sum, p) => sum + p.sumPayment, 0);

    const orders = (await dev.client.alibaba.cart.createOrder({ flow: "general", addressParam: ADDRESS_PARAM, cartIds })) as unknown as Detail[];
    assert.equal(orders.length, 3);
    for (const order of orders) {
      assert.deepEqual(Object.keys(order), DETAIL_KEYS, "§0.4 members in order");
      assert.match(order.baseInfo.id, /^\d{19}$/);
      assert.equal(order.baseInfo.idOfStr, order.baseInfo.id);
      assert.equal(order.baseInfo.status, "waitbuyerpay");
      assert.match(order.baseInfo.createTime, /^\d{17}\+0800$/);
      assert.equal(order.nativeLogistics.address, "转塘 xxxxxxx");
      assert.equal(order.productItems.every((l) => /^\d{19}$/.test(l.subItemID) && l.status === "waitbuyerpay"), true);
      const goods = order.productItems.reduce((s, l) => s + fen(l.itemAmount), 0);
      assert.equal(fen(order.baseInfo.sumProductPayment), goods);
      assert.equal(fen(order.baseInfo.totalAmount), goods + fen(order.baseInfo.shippingFee));
    }
    const total = orders.reduce((s, o) => s + fen(o.baseInfo.totalAmount), 0);
    assert.equal(total, previewTotal, "the orders cost what the preview said");
    assert.deepEqual((await dev.client.alibaba.cart.list()).enableList, [], "the ordered rows left the cart");

    const listed = await page({ status: "waitbuyerpay" });
    assert.equal(listed.totalRecords, 3);
    assert.deepEqual(listed.data.map((o) => o.baseInfo.id).sort(), orders.map((o) => o.baseInfo.id).sort());

    // Pay: one by pay/url (balance mode), two by batch submit.
    const [first, ...rest] = orders.map((o) => o.baseInfo.id) as [string, ...string[]];
    const one = await dev.client.alibaba.orders.payUrl(first);
    assert.deepEqual(one, { orderId: first, protocolPaySuccess: true, payUrl: null, cantPayOrderList: [] });
    const again = await dev.client.alibaba.orders.payUrl(first);
    assert.deepEqual(again, { orderId: first, protocolPaySuccess: false, payUrl: null, cantPayOrderList: [first] }, "paying again changes nothing");
    const batch = await dev.client.alibaba.orders.batchSubmitToPay([...rest, first]);
    assert.deepEqual(batch.paidOrderIds, rest);
    assert.deepEqual(batch.cantPayOrderList, [first]);
    assert.equal(await balance(server, dev), start - total, "debited exactly the orders' totals");
    assert.equal((await page({ status: "waitsellersend" })).totalRecords, 3);

    await advance("2d"); // the sellers ship; the parcels travel
    const shipped = (await page({ orderId: first })).data[0]!;
    assert.equal(shipped.baseInfo.status, "waitbuyerreceive");
    assert.ok(shipped.nativeLogistics.logisticsItems && shipped.nativeLogistics.logisticsItems.length >= 1);
    const trace = await dev.client.alibaba.orders.logisticsTrace(first);
    assert.ok(trace.length >= 1);
    assert.equal(trace[0]!.logisticsBillNo, shipped.nativeLogistics.logisticsItems![0]!.logisticsBillNo);
    assert.ok(trace[0]!.logisticsSteps.length >= 2);
    assert.match(trace[0]!.logisticsSteps[0]!.acceptTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const receipt = await dev.client.alibaba.orders.receiveGoods({ orderId: first });
    assert.deepEqual(receipt, { success: true, errorInfo: "", errorCode: "" });
    const done = (await page({ orderId: first })).data[0]!;
    assert.equal(done.baseInfo.status, "success", "confirm_goods, then settled at once (ALIBABA_SETTLE_DELAY 0)");
    assert.ok(done.productItems.every((l) => l.status === "success"));
    const twice = await dev.client.alibaba.orders.receiveGoods({ orderId: first });
    assert.equal(twice.success, false);
    assert.equal(twice.errorCode, "STATE_CONFLICT");

    // The others are confirmed automatically 10 days after shipment.
    await advance("11d");
    assert.equal((await page({ status: "success" })).totalRecords, 3);

    const events = await outbox1688(server, dev);
    assert.ok(events.every((e) => e.platform === 1));
    assert.ok(events.every((e) => DETAIL_KEYS.every((k) => k in e.body)));
    assert.deepEqual(story1688(events, first), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive", "waitbuyerreceive→confirm_goods", "confirm_goods→success"]);
    for (const id of rest) assert.deepEqual(story1688(events, id), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive", "waitbuyerreceive→confirm_goods", "confirm_goods→success"]);
    const last = events.filter((e) => e.type === STATUS_1688 && (e.body["baseInfo"] as { id: string }).id === first).at(-1)!;
    assert.deepEqual(last.body["baseInfo"], done.baseInfo, "the callback carries the order detail as listed");

    const nick = await dev.client.alibaba.orders.decryptOpenUid({ openUid: shipped.baseInfo.sellerOpenId });
    assert.ok(nick.wangwangNick.length > 0);
    assert.equal((await raw("POST", "/v2/alibaba/product/openuid/decrypt", { body: { openUid: "nobody" } })).code, 40401);
  });

  test("batch create across merchants: one seller's line out of stock creates nothing and names it; then cancel and the unpaid timeout", async () => {
    dev = await server.createDeveloper();
    const cargo = cargoOfSellers(server, 3, 3);
    const tooMany = { ...cargo[2]!, quantity: 10_000 - 1 };
    const refused = await raw("POST", "/v2/alibaba/order/batch/create", { body: { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo[0], cargo[1], tooMany] } });
    assert.equal(refused.code, 40901);
    assert.match(refused.msg, /cargoParamList\[2\]/);
    assert.equal((await page()).totalRecords, 0, "nothing created");

    // The upstream refuses a line at creation (scenario word): nothing is kept, the bought purchases are cancelled.
    const upstreamRefused = await raw("POST", "/v2/alibaba/order/batch/create", { body: { flow: "general", addressParam: { ...ADDRESS_PARAM, fullName: "zhang OUT_OF_STOCK" }, cargoParamList: cargo } });
    assert.equal(upstreamRefused.code, 40901);
    assert.match(upstreamRefused.msg, /OUT_OF_STOCK/);
    assert.equal((await page()).totalRecords, 0);
    const purchases = await server.platform.database.db.selectFrom("sandbox_purchases").select(["status"]).where("developer_id", "=", dev.developId).where("platform", "=", "alibaba").execute();
    assert.ok(purchases.every((p) => p.status === "cancel"), "every purchase made for the refused batch is cancelled");

    const created = (await dev.client.alibaba.orders.batchCreate({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: cargo })) as unknown as Detail[];
    assert.equal(created.length, 3);
    assert.deepEqual(created.map((o) => o.baseInfo.sellerOpenId), cargo.map((c) => c.sellerOpenId), "one order per seller, in order of appearance");
    const [a, b] = created.map((o) => o.baseInfo.id) as [string, string, string];
    assert.equal(await dev.client.alibaba.orders.cancel({ orderId: a, cancelReason: "不想要了" }), true);
    assert.equal(await dev.client.alibaba.orders.cancel({ orderId: a, cancelReason: "不想要了" }), true, "idempotent");
    const cancelled = (await page({ orderId: a })).data[0]!;
    assert.deepEqual([cancelled.baseInfo.status, cancelled.baseInfo.closeReason], ["cancel", "BUYER_CANCEL"]);
    assert.equal((await raw("POST", "/v2/alibaba/order/cancel", { body: { webSite: "taobao", orderId: b, cancelReason: "x" } })).code, 40002);

    await advance("25h");
    const timedOut = (await page({ orderId: b })).data[0]!;
    assert.deepEqual([timedOut.baseInfo.status, timedOut.baseInfo.closeReason], ["cancel", "BUYER_NO_PAY"]);
    assert.equal((await page({ status: "cancel" })).totalRecords, 3);
    const paidLate = await dev.client.alibaba.orders.payUrl(b);
    assert.deepEqual(paidLate.cantPayOrderList, [b]);
    assert.equal((await raw("POST", "/v2/alibaba/order/cancel", { body: { webSite: "1688", orderId: "1234", cancelReason: "x" } })).code, 40401);
  });

  test("100 concurrent identical batch creates make one set of orders; 50 concurrent pays debit once", async () => {
    dev = await server.createDeveloper();
    const cargo = cargoOfSellers(server, 2, 6);
    const body = { flow: "general" as const, addressParam: ADDRESS_PARAM, cargoParamList: cargo };
    const answers = await Promise.all(Array.from({ length: 100 }, () => dev.client.alibaba.orders.batchCreate(body, { idempotencyKey: "batch-0001" })));
    const ids = new Set(answers.flatMap((orders) => orders.map((o) => o.baseInfo.id)));
    assert.equal(ids.size, 2, "one set of orders");
    assert.equal((await page()).totalRecords, 2);
    const start = await balance(server, dev);
    const results = await Promise.all(Array.from({ length: 50 }, () => env<{ paidOrderIds: string[] }>(dev.client, "POST", "/v2/alibaba/order/batch/submit/to/pay", { body: { orderIds: [...ids] } })));
    const paid = results.filter((r) => r.code === 200);
    assert.equal(paid.length, 1, "one payment");
    assert.ok(results.filter((r) => r.code !== 200).every((r) => r.code === 40901));
    const total = (await page()).data.reduce((s, o) => s + fen(o.baseInfo.totalAmount), 0);
    assert.equal(await balance(server, dev), start - total);
  });

  test("previews (§3.6, §3.2) price per seller in fen and say which line fails, changing nothing", async () => {
    dev = await server.createDeveloper();
    const cargo = cargoOfSellers(server, 2, 10);
    const single = await dev.client.alibaba.orders.preview({ addressParam: ADDRESS_PARAM, cargoParamList: [cargo[0]!] });
    assert.equal(single.success, true);
    assert.equal(single.orderPreviewResuslt.length, 1);
    const batch = await dev.client.alibaba.orders.previewBatch({ addressParam: ADDRESS_PARAM, cargoParamList: [cargo[0]!, { ...cargo[1]!, quantity: 9999 }] });
    assert.equal(batch.success, false);
    assert.deepEqual(batch.orderPreviewResuslt.map((p) => p.status), [true, false]);
    assert.equal(batch.orderPreviewResuslt[1]!.cargoList[0]!.resultCode, "OUT_OF_STOCK");
    const created = (await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo[0]!] })) as unknown as Detail;
    assert.equal(fen(created.baseInfo.totalAmount), single.orderPreviewResuslt[0]!.sumPayment, "the order costs what its preview said");
    assert.equal((await page()).totalRecords, 1);

    // Two lines of one seller, both with postage: one carriage, and the upstream takes the payment.
    const goods = server.platform.services.goods;
    let two: Array<{ offerMapId: string; specId: string; quantity: number }> | undefined;
    for (let i = 0; !two; i++) {
      const p = goods.productAt("alibaba", i, "zh");
      const quantity = Math.max(1, p.minQuantity);
      const skus = p.skus.filter((s) => s.active && s.stock >= quantity * 4 && s.postFeeFen > 0);
      if (p.active && p.quoteType === 1 && skus.length >= 2) two = skus.slice(0, 2).map((s) => ({ offerMapId: p.id, specId: s.mpSkuId, quantity }));
    }
    const previewed = await dev.client.alibaba.orders.preview({ addressParam: ADDRESS_PARAM, cargoParamList: two });
    const order = (await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: two })) as unknown as Detail;
    assert.equal(fen(order.baseInfo.totalAmount), previewed.orderPreviewResuslt[0]!.sumPayment);
    await dev.client.alibaba.orders.payUrl(order.baseInfo.id);
    assert.equal((await page({ orderId: order.baseInfo.id })).data[0]!.baseInfo.status, "waitsellersend", "paid upstream, not refused for a different amount");
  });

  test("/sandbox/trigger takes a 1688 order id: the seller ships it now; a Taobao-only event is refused naming 1688", async () => {
    dev = await server.createDeveloper();
    const [cargo] = cargoOfSellers(server, 1, 14);
    const order = await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo!] });
    const id = order.baseInfo.id;
    const build = await env(dev.client, "POST", "/sandbox/trigger", { body: { event: "build", orderId: id } });
    assert.equal(build.code, 40901);
    assert.match(build.msg, /1688/);
    await dev.client.alibaba.orders.payUrl(id);
    await dev.client.request("POST", "/sandbox/trigger", { body: { event: "ship", orderId: id } });
    const shipped = (await page({ orderId: id })).data[0]!;
    assert.equal(shipped.baseInfo.status, "waitbuyerreceive");
    assert.equal((await dev.client.alibaba.orders.logisticsTrace(id)).length, 1);
    // Another user of the developer cannot trigger on it.
    const siblingId = await server.addUser(dev.developId, "sibling-trigger");
    assert.notEqual((await env(dev.client.withUser(siblingId), "POST", "/sandbox/trigger", { body: { event: "deliver", orderId: id } })).code, 200);
  });

  test("a live developer without a 1688 connector gets 50201 naming the setting, and nothing is recorded", async () => {
    const live = await server.createDeveloper({ live: true });
    const [cargo] = cargoOfSellers(server, 1, 15);
    const answer = await env(live.client, "POST", "/v2/alibaba/order/batch/create", { body: { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo] } });
    assert.equal(answer.code, 50201);
    assert.match(answer.msg, /connector|ALIBABA|1688/i);
    const rows = await server.platform.database.db.selectFrom("alibaba_orders").select("id").where("developer_id", "=", live.developId).execute();
    assert.deepEqual(rows, []);
    assert.equal((await env(live.client, "POST", "/v2/alibaba/product/openuid/decrypt", { body: { openUid: cargo!.sellerOpenId } })).code, 50201, "never the sandbox by accident");
  });

  test("the 17 1688 cart and order endpoints are in the OpenAPI document with their error codes", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { "x-codes": number[] } }> }> }>> };
    const codesOf = (path: string, method: string) => doc.paths[path]?.[method]?.responses["200"]?.content["application/json"]?.schema["x-codes"];
    const expected = [
      "GET /v2/alibaba/cart/list", "POST /v2/alibaba/cart/add", "POST /v2/alibaba/cart/delete", "POST /v2/alibaba/cart/edit-quantity", "POST /v2/alibaba/cart/preview/order", "POST /v2/alibaba/cart/create/order",
      "POST /v2/alibaba/order/batch/submit/to/pay", "POST /v2/alibaba/order/create/previewbatch", "POST /v2/alibaba/order/batch/create", "GET /v2/alibaba/order/logistics/trace", "POST /v2/alibaba/order/page",
      "POST /v2/alibaba/order/create/preview", "POST /v2/alibaba/order/create", "POST /v2/alibaba/order/cancel", "GET /v2/alibaba/order/pay/url", "POST /v2/alibaba/order/receivegoods", "POST /v2/alibaba/product/openuid/decrypt",
    ];
    for (const entry of expected) {
      const [method, path] = entry.split(" ") as [string, string];
      const operation = doc.paths[path]?.[method.toLowerCase()];
      assert.ok(operation, `${entry} is documented`);
      const codes = codesOf(path, method.toLowerCase());
      assert.ok(codes?.includes(40002), `${entry} lists its error codes`);
    }
    assert.ok(codesOf("/v2/alibaba/order/batch/submit/to/pay", "post")?.includes(40201));
    assert.ok(codesOf("/v2/alibaba/order/batch/create", "post")?.includes(40901));
  });

  test("bad input answers 40002 naming the field, never 50001", async () => {
    dev = await server.createDeveloper();
    const [cargo] = cargoOfSellers(server, 1, 8);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ["/v2/alibaba/order/create", { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [] }, /cargoParamList/],
      ["/v2/alibaba/order/create", { flow: "nope", addressParam: ADDRESS_PARAM, cargoParamList: [cargo] }, /flow/],
      ["/v2/alibaba/order/create", { flow: "general", addressParam: { ...ADDRESS_PARAM, fullName: undefined }, cargoParamList: [cargo] }, /fullName/],
      ["/v2/alibaba/order/create", { flow: "general", addressParam: { ...ADDRESS_PARAM, mobile: "", phone: "" }, cargoParamList: [cargo] }, /mobile or addressParam.phone/],
      ["/v2/alibaba/order/create", { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [{ ...cargo, quantity: 0 }] }, /quantity/],
      ["/v2/alibaba/order/create", { flow: "general", tradeType: "cash", addressParam: ADDRESS_PARAM, cargoParamList: [cargo] }, /tradeType/],
      ["/v2/alibaba/order/create", { flow: "general", addressParam: { ...ADDRESS_PARAM, address: "a\u0000b" }, cargoParamList: [cargo] }, /address/],
      ["/v2/alibaba/order/create", { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: cargoOfSellers(server, 2, 8) }, /sellers/],
      ["/v2/alibaba/order/page", { pageSize: 1000 }, /pageSize/],
      ["/v2/alibaba/order/page", { createStartTime: "2026-13-45 99:00:00" }, /createStartTime/],
      ["/v2/alibaba/order/page", { status: "nope" }, /status/],
      ["/v2/alibaba/order/batch/submit/to/pay", { orderIds: [] }, /orderIds/],
      ["/v2/alibaba/order/batch/submit/to/pay", { orderIds: ["99999999999999999999"] }, /orderId/],
      ["/v2/alibaba/order/receivegoods", { orderId: "abc" }, /orderId/],
    ];
    for (const [path, body, field] of cases) {
      const answer = await raw("POST", path, { body });
      assert.equal(answer.code, 40002, `${path} ${JSON.stringify(body)}: ${answer.msg}`);
      assert.match(answer.msg, field, path);
    }
    const pay = await raw("GET", "/v2/alibaba/order/pay/url", { query: { orderId: "x1" } });
    assert.equal(pay.code, 40002);
    assert.equal((await raw("GET", "/v2/alibaba/order/logistics/trace", { query: { orderId: "1234567" } })).code, 40401);
    assert.equal((await raw("POST", "/v2/alibaba/order/receivegoods", { body: { orderId: "1234567" } })).code, 40401);
  });

  test("another user of the developer, and another developer, never see or touch the orders", async () => {
    dev = await server.createDeveloper();
    const [cargo] = cargoOfSellers(server, 1, 9);
    const order = await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo!] });
    const id = order.baseInfo.id;
    const siblingId = await server.addUser(dev.developId, "sibling");
    const sibling = dev.client.withUser(siblingId);
    assert.equal((await env<Page>(sibling, "POST", "/v2/alibaba/order/page", { body: {} })).data?.totalRecords, 0);
    assert.equal((await env(sibling, "GET", "/v2/alibaba/order/pay/url", { query: { orderId: id } })).code, 40401);
    assert.equal((await env(sibling, "POST", "/v2/alibaba/order/cancel", { body: { webSite: "1688", orderId: id, cancelReason: "x" } })).code, 40401);
    const other = await server.createDeveloper();
    assert.equal((await env(other.client, "GET", "/v2/alibaba/order/logistics/trace", { query: { orderId: id } })).code, 40401);
    const batch = await env<{ cantPayOrderList: string[] }>(other.client, "POST", "/v2/alibaba/order/batch/submit/to/pay", { body: { orderIds: [id] } });
    assert.equal(batch.code, 40901);
    assert.equal((await page({ orderId: id })).data[0]!.baseInfo.status, "waitbuyerpay");
  });
});

describe("1688 settlement after a delay (ALIBABA_SETTLE_DELAY)", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, alibabaSettleDelayMs: 86_400_000 } });
  });
  after(async () => {
    await server?.close();
  });

  test("confirm_goods waits for the settlement job on the developer's clock, then success", async () => {
    const dev = await server.createDeveloper();
    const [cargo] = cargoOfSellers(server, 1, 16);
    const order = await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo!] });
    const id = order.baseInfo.id;
    await dev.client.alibaba.orders.payUrl(id);
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "2d" } });
    assert.deepEqual(await dev.client.alibaba.orders.receiveGoods({ orderId: id }), { success: true, errorInfo: "", errorCode: "" });
    const status = async () => (await dev.client.alibaba.orders.page({ orderId: id })).data[0]!.baseInfo.status;
    assert.equal(await status(), "confirm_goods");
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "23h" } });
    assert.equal(await status(), "confirm_goods");
    await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "2h" } });
    assert.equal(await status(), "success");
    assert.deepEqual(story1688(await outbox1688(server, dev), id).slice(-2), ["waitbuyerreceive→confirm_goods", "confirm_goods→success"]);
    await sound1688(server, dev);
  });
});
