// Tenant isolation, black box: a user walks the whole journey (address, carts, Taobao and 1688 orders,
// refunds, warehouse, an international parcel) while every request is recorded; then a sibling user of
// the same developer and a user of another developer replay each request, freshly signed, with the
// same method, path, query and body. A replay may succeed only as the replayer's own act (a create
// makes the replayer's own order), so no answer may hold any of the first user's ids, and afterwards
// everything the first user sees is exactly as before. The user's own retries of the same requests
// must not fail the server or the ledger either.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { advance, HOUR, paidOrder } from "./helpers/taobao-aftersales.ts";
import { cargoOverHttp } from "./helpers/alibaba.ts";
import { paidOrder as paidOrder1688, receivedOrder } from "./helpers/alibaba-aftersales.ts";
import { bookStored, storedItems } from "./helpers/parcels.ts";

const START = Date.parse("2026-12-01T02:00:00Z");

interface Recorded {
  method: string;
  pathAndQuery: string;
  body: string;
  answer: string;
}

/** Keys whose values name a user's own things (orders, lines, refunds, parcels, rows), not the catalogue's. */
const OWN_ID_KEYS = /^(id|ids|orderId|orderIds|orderNo|subOrderId|taobaoPurchaseId|taobaoSubPurchaseId|purchaseOrderId|purchaseOrderLineId|salesOrderId|refundId|parcelId|inboundId|cartId|cartIds|renderId|subItemID|userId|trackingNumber)$/;

/**
 * The sandbox seller numbers each developer's purchases from its own counter (a developer's sandbox is
 * deterministic), so another developer's first purchase has the same number as this one's: these
 * upstream numbers are unique within a developer only, and only the sibling's replays check them.
 */
const PER_DEVELOPER_KEYS = /^(taobaoPurchaseId|taobaoSubPurchaseId|purchaseOrderId|purchaseOrderLineId)$/;

/** Every value under an OWN_ID_KEYS key, at any depth, long enough not to occur by chance, with its key. */
function ownIds(value: unknown, into: Map<string, string>, key = ""): void {
  if (Array.isArray(value)) for (const v of value) ownIds(v, into, key);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) ownIds(v, into, k);
  else if ((typeof value === "string" || typeof value === "number") && OWN_ID_KEYS.test(key) && String(value).length >= 8 && !into.has(String(value))) into.set(String(value), key);
}

describe("tenant isolation: a sibling user and another developer replay a user's every request", () => {
  let server: TestServer;
  let owner: TestDeveloper;
  const recorded: Recorded[] = [];
  let recording = false;
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (recording) {
      const url = new URL(String(input));
      recorded.push({ method: init?.method ?? "GET", pathAndQuery: url.pathname + url.search, body: typeof init?.body === "string" ? init.body : "", answer: await response.clone().text() });
    }
    return response;
  };

  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
    owner = await server.createDeveloper({ clientOptions: { fetch: recordingFetch } });
    await server.admin("POST", `/admin/developers/${owner.developId}/wallet/topup`, { amountFen: 10_000_000, memo: "tenant isolation" });
  });
  after(async () => {
    await server?.close();
  });

  /** What the owner sees of its things, read as the owner (not recorded). */
  async function ownerView(): Promise<unknown> {
    recording = false;
    const c = owner.client;
    const read = async (method: "GET" | "POST", path: string, options: Parameters<typeof c.raw>[2] = {}) => (await c.raw(method, path, options)).envelope.data;
    return {
      orders: await read("POST", "/v2/taobao/order/page", { body: { pageNum: 1, pageSize: 50 } }),
      addresses: await read("POST", "/v2/open/address/get", { body: {} }),
      taobaoCart: await read("GET", "/v2/taobao/cart/list"),
      alibabaCart: await read("GET", "/v2/alibaba/cart/list"),
      refunds: await read("POST", "/v2/taobao/order/refund/queryList", { body: { pageNo: 1, pageSize: 50 } }),
      items: await read("GET", "/warehouse/items", { query: { limit: 100 } }),
      inbound: await read("GET", "/warehouse/inbound", { query: { limit: 100 } }),
      parcels: await read("GET", "/logistics/parcels", { query: { limit: 100 } }),
    };
  }

  test("no replay answers with the user's ids, and nothing of the user's changes", async () => {
    const c = owner.client;
    recording = true;
    // The journey, through the signed API only.
    assert.equal((await c.raw("POST", "/v2/open/address/addOrUpdate", { body: { name: "张三", province: "浙江省", city: "杭州市", district: "余杭区", address: "文一西路 1 号", phone: "15068763421" } })).envelope.code, 200);
    const goods = server.platform.services.goods;
    const product = goods.productAt("taobao", 3, "zh");
    const sku = product.skus.find((s) => s.active && s.stock > 5)!;
    const taobaoRow = await c.request<{ id: number }>("POST", "/v2/taobao/cart/add", { body: { itemMapId: product.id, skuId: sku.skuId, mpId: product.mpId, mpSkuId: sku.mpSkuId, quantity: 2 } });
    assert.equal(await c.request("POST", "/v2/taobao/cart/edit-quantity", { body: { id: taobaoRow.id, quantity: 3 } }), true);
    await c.raw("GET", "/v2/taobao/cart/list");
    const [cargo] = await cargoOverHttp(c, 1);
    const alibabaRow = await c.request<{ id: number }>("POST", "/v2/alibaba/cart/add", { body: { offerMapId: cargo!.offerMapId, ...(cargo!.specId ? { specId: cargo!.specId } : {}), quantity: cargo!.quantity } });
    assert.equal(await c.request("POST", "/v2/alibaba/cart/edit-quantity", { body: { id: alibabaRow.id, quantity: cargo!.quantity + 1 } }), true);
    await c.raw("GET", "/v2/alibaba/cart/list");
    const shipped = await paidOrder(server, owner, { shipped: true });
    const refundable = await paidOrder(server, owner);
    const line = refundable.subOrderVOS[0]!;
    const { refundId } = await c.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 400001, refundFee: line.purchaseAmount! + line.domesticPostFee, refundDesc: "too slow" });
    await c.taobao.refunds.detail(refundId);
    const alibaba = await paidOrder1688(server, owner);
    const received = await receivedOrder(server, owner);
    const entry = received.productItems[0]!;
    const dispute = await c.raw("POST", "/v2/alibaba/refund/detail/create", {
      body: { orderId: received.baseInfo.id, orderEntryIds: [entry.subItemID], disputeRequest: "refund", applyPayment: 1, applyCarriage: 0, applyReasonId: 20001, description: "tenant isolation", goodsStatus: "aftersaleBuyerReceived" },
    });
    assert.equal(dispute.envelope.code, 200, dispute.envelope.msg);
    await advance(owner, 6 * HOUR + 36 * HOUR + 6 * HOUR);
    const stored = [...(await storedItems(owner, shipped.id)), ...(await storedItems(owner, alibaba.baseInfo.id))].filter((i) => i.state === "STORED");
    assert.ok(stored.length >= 2, "goods of both platforms stored");
    const booked = await bookStored(owner, stored);
    await c.logistics.parcel(booked.orderId);
    await c.raw("GET", "/v2/taobao/order/detail/get", { query: { orderId: shipped.id } });
    await c.raw("GET", "/v2/taobao/order/logistics/detail/get", { query: { subPurchaseOrderId: shipped.subOrderVOS[0]!.subOrderId } });
    await c.raw("GET", "/v2/alibaba/order/detail", { query: { orderId: alibaba.baseInfo.id } });
    await c.raw("GET", "/warehouse/items", { query: { orderId: shipped.id } });
    await c.raw("GET", `/warehouse/items/${stored[0]!.id}`);
    recording = false;

    const ids = new Map<string, string>();
    for (const r of recorded) {
      try {
        const envelope = JSON.parse(r.answer) as { code?: number; data?: unknown };
        if (envelope.code === 200) ownIds(envelope.data, ids);
      } catch {
        // not an envelope
      }
    }
    for (const id of [shipped.id, refundable.id, alibaba.baseInfo.id, received.baseInfo.id, refundId, booked.orderId, owner.userId]) assert.ok(ids.has(id), `${id} collected`);
    const replays = recorded.filter((r) => !r.pathAndQuery.startsWith("/sandbox/"));
    assert.ok(replays.length >= 30, `${replays.length} requests to replay`);

    const before = await ownerView();
    const sibling = c.withUser(await server.addUser(owner.developId, "sibling"));
    const stranger = (await server.createDeveloper()).client;
    const leaks: string[] = [];
    for (const [who, client] of [["sibling", sibling], ["stranger", stranger]] as const) {
      for (const r of replays) {
        // A developer's own settings and logs are the developer's, shared by its users by design.
        if (who === "sibling" && r.pathAndQuery.startsWith("/developer/")) continue;
        const q = r.pathAndQuery.indexOf("?");
        const path = q === -1 ? r.pathAndQuery : r.pathAndQuery.slice(0, q);
        const query = q === -1 ? undefined : Object.fromEntries(new URLSearchParams(r.pathAndQuery.slice(q + 1)));
        const { envelope, text } = await client.raw(r.method as "GET" | "POST", path, { ...(query ? { query } : {}), ...(r.body ? { body: r.body } : {}) });
        assert.notEqual(envelope.code, 50001, `${who} ${r.method} ${r.pathAndQuery}: ${envelope.msg}`);
        const asked = r.pathAndQuery + r.body;
        const seen = [...ids]
          .filter(([id, key]) => who === "sibling" || !PER_DEVELOPER_KEYS.test(key))
          .map(([id]) => id)
          .filter((id) => text.includes(id) && !(envelope.code !== 200 && asked.includes(id)));
        if (seen.length > 0) leaks.push(`${who} ${r.method} ${r.pathAndQuery} ${r.body.slice(0, 120)} → ${envelope.code}: holds ${seen.join(", ")}`);
      }
    }
    assert.deepEqual(leaks, []);
    assert.deepEqual(await ownerView(), before, "nothing of the user's changed");
  });

  test("the user's own replays (a client retrying everything) answer without 50001 and leave the ledger sound", async () => {
    assert.ok(recorded.length >= 30, "the journey was recorded");
    const retry = owner.client;
    for (const r of recorded.filter((x) => !x.pathAndQuery.startsWith("/sandbox/"))) {
      const q = r.pathAndQuery.indexOf("?");
      const path = q === -1 ? r.pathAndQuery : r.pathAndQuery.slice(0, q);
      const query = q === -1 ? undefined : Object.fromEntries(new URLSearchParams(r.pathAndQuery.slice(q + 1)));
      const { envelope } = await retry.raw(r.method as "GET" | "POST", path, { ...(query ? { query } : {}), ...(r.body ? { body: r.body } : {}) });
      assert.notEqual(envelope.code, 50001, `${r.method} ${r.pathAndQuery}: ${envelope.msg}`);
    }
    const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
    assert.deepEqual([check.data.sound, check.data.problems], [true, []]);
  });
});
