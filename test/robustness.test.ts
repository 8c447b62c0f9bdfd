// "No input may produce a 5xx": seeded random and adversarial requests against every endpoint.
// Each answer must be HTTP 200 with an envelope whose code is not 50001.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../src/platform/random.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const FIELDS = [
  "id", "orderNo", "status", "sellerNick", "beginDateTime", "endDateTime", "pageNum", "pageSize", "name", "province", "city", "district",
  "address", "phone", "__proto__", "constructor", "keyword", "pageNo", "sort", "params", "picUrl", "imageBase64", "offerId", "offerMapId",
  "beginPage", "country", "filter", "priceStart", "priceEnd", "categoryId", "sellerOpenId", "imageAddress", "language", "rankId", "rankType",
  "limit", "outMemberId", "orderLineList", "receiver", "orderSource", "sellerOrderNumber", "purchaseAmount", "remark", "orderIds", "orderId",
  "cancelReason", "warehouseAddress", "warehouseName", "sourceType", "bizId", "ids", "orderAddress", "userId", "itemMapId", "mpId", "skuId",
  "mpSkuId", "quantity", "properties", "event", "lineId", "refundId", "duration", "speed", "url",
  // after-sales
  "subOrderId", "refundType", "goodsStatus", "reasonId", "refundFee", "refundDesc", "refundImages", "refundMessage", "refundStatus",
  "refundStartTime", "refundEndTime", "purchaseOrderId", "salesOrderId", "logisticsCompanyCode", "logisticsNo", "buyerPhone",
  "returnGoodsDesc", "orderEntryIds", "disputeRequest", "applyPayment", "applyCarriage", "applyReasonId", "description", "vouchers",
  "orderEntryCountList", "logisticsCompanyNo", "freightBill", "fileName",
];

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 14);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 2 ** 31) * (rand() < 0.5 ? -1 : 1);
    case 3:
      return rand() * 1e6;
    case 4:
      return "9".repeat(1 + Math.floor(rand() * 40));
    case 5:
      return "";
    case 6:
      return "𠀀中文ไทยTiếng\u0000\u202e".slice(0, 1 + Math.floor(rand() * 12));
    case 7:
      return "x".repeat(Math.floor(rand() * 5000));
    case 8:
      return "2024-07-19 10:40:32";
    case 9:
      return Number.MAX_SAFE_INTEGER + 2;
    case 10:
      return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    case 11:
      return depth > 3 ? {} : randomObject(rand, depth + 1);
    case 12:
      return -0.5;
    default:
      return "1e309";
  }
}

function randomObject(rand: () => number, depth = 0): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const n = Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) object[FIELDS[Math.floor(rand() * FIELDS.length)]!] = randomValue(rand, depth);
  return object;
}

describe("robustness: no input produces a 5xx", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  before(async () => {
    server = await startServer({ config: { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
    dev = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });

  async function expectEnvelope(response: Response, what: string): Promise<number> {
    assert.equal(response.status, 200, `${what}: HTTP ${response.status}`);
    const body = (await response.json()) as { code: number; requestId: string; data: unknown };
    assert.match(body.requestId, /^[0-9a-f]{32}$/, what);
    assert.notEqual(body.code, 50001, `${what}: internal error`);
    return body.code;
  }

  test("random JSON bodies on every signed endpoint (seeded)", async () => {
    const rand = seededRandom(20261128);
    const paths = [
      "/v2/open/address/get",
      "/v2/open/address/addOrUpdate",
      "/v2/taobao/order/page",
      "/v2/taobao/product/batch/check",
      "/v2/taobao/product/item/search",
      "/v2/taobao/product/image/search",
      ...["detail/get", "keywords/query", "image/query", "query/selleroffer", "category/get", "productRecommendQuery", "productRelatedRecommendQuery", "globalSelection/keywords/query", "selection/keywords/query", "topList/query"].map(
        (p) => `/v2/alibaba/product/${p}`,
      ),
      ...["order", "order/cancel", "order/updateWarehouse", "order/pay", "order/page/link/get"].map((p) => `/v2/taobao/${p}`),
      ...["add", "delete", "edit-quantity", "confirm/order", "create/order"].map((p) => `/v2/taobao/cart/${p}`),
      ...["queryList", "render", "logistics/submit", "submit/message", "submit", "message/queryList", "modify"].map((p) => `/v2/taobao/order/refund/${p}`),
      ...["info", "reason/list", "voucher/upload", "detail/create", "goods/return"].map((p) => `/v2/alibaba/refund/${p}`),
      "/sandbox/trigger",
      "/sandbox/clock/advance",
      "/sandbox/clock/speed",
      "/developer/callback/verify",
    ];
    const codes = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const path = paths[i % paths.length]!;
      const body = rand() < 0.8 ? randomObject(rand) : randomValue(rand);
      const { envelope, status } = await dev.client.raw("POST", path, { body: JSON.stringify(body) });
      assert.equal(status, 200);
      assert.notEqual(envelope.code, 50001, `${path} ${JSON.stringify(body).slice(0, 300)}: ${envelope.msg}`);
      codes.set(envelope.code, (codes.get(envelope.code) ?? 0) + 1);
    }
    // The mix exercised both accepted and refused input.
    assert.ok((codes.get(200) ?? 0) > 0 && (codes.get(40002) ?? 0) > 0, JSON.stringify([...codes]));
  });

  test("random query strings on the GET endpoints", async () => {
    const rand = seededRandom(4242);
    const targets: Array<[string, string]> = [
      ["/v2/taobao/product/get", "itemId"],
      ["/v2/taobao/order/detail/get", "orderId"],
      ["/v2/taobao/order/detail/get", "orderNo"],
      ["/v2/taobao/order/logistics/detail/get", "subPurchaseOrderId"],
      ["/developer/callback/messages", "cursor"],
      ["/v2/taobao/order/refund/query", "refundId"],
      ["/v2/taobao/order/refund/logistics/render", "refundId"],
      ["/v2/alibaba/refund/logistics/company/list", "refundId"],
      ["/developer/callback/feed", "after"],
    ];
    for (let i = 0; i < 200; i++) {
      const [path, key] = targets[i % targets.length]!;
      const value = randomValue(rand);
      const { envelope, status } = await dev.client.raw("GET", path, { query: { [key]: typeof value === "object" ? JSON.stringify(value) : String(value) } });
      assert.equal(status, 200);
      assert.notEqual(envelope.code, 50001, `${path} ${String(value).slice(0, 100)}`);
    }
    // A reverse order's cancel names it in the path.
    for (let i = 0; i < 40; i++) {
      const value = randomValue(rand);
      const text = typeof value === "object" ? JSON.stringify(value) : String(value);
      const { envelope, status } = await dev.client.raw("GET", `/v2/taobao/order/refund/cancel/${encodeURIComponent(text || "x")}`);
      assert.equal(status, 200);
      assert.notEqual(envelope.code, 50001, `cancel ${text.slice(0, 100)}`);
    }
    // Ids one past the bigint range name nothing: 40002 or 40401, never a failed query.
    for (const path of ["/developer/callback/messages?cursor=9223372036854775808", "/developer/callback/feed?after=9999999999999999999", "/developer/callback/messages/9999999999999999999"]) {
      const [p, q] = path.split("?");
      const query = q ? Object.fromEntries([q.split("=") as [string, string]]) : undefined;
      const { envelope } = await dev.client.raw("GET", p!, query ? { query } : {});
      assert.notEqual(envelope.code, 50001, path);
    }
  });

  test("malformed bodies: deep nesting, invalid UTF-8, odd content types, huge numbers", async () => {
    const bodies: Array<[string, string | Uint8Array, string | undefined]> = [
      ["deep arrays", "[".repeat(200_000) + "]".repeat(200_000), "application/json"],
      ["deep objects", '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000), "application/json"],
      ["invalid utf-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), "application/json"],
      ["text/plain", "pageNum=1", "text/plain"],
      ["form", "pageNum=1&pageSize=2", "application/x-www-form-urlencoded"],
      ["no content type", '{"pageNum":1}', undefined],
      ["bogus content type", '{"pageNum":1}', "application/json; charset=klingon"],
      ["huge number", '{"pageNum": 1e400, "id": 123456789012345678901234567890}', "application/json"],
      ["empty", "", "application/json"],
      ["whitespace", "   \n ", "application/json"],
      ["string", '"hello"', "application/json"],
      ["proto", '{"__proto__": {"polluted": true}}', "application/json"],
      ["constructor", '{"constructor": {"prototype": {"polluted": true}}}', "application/json"],
    ];
    for (const [what, body, contentType] of bodies) {
      const headers = dev.client.signHeaders("POST", "/v2/taobao/order/page", typeof body === "string" ? body : "");
      if (contentType) headers["content-type"] = contentType;
      const response = await fetch(`${server.url}/v2/taobao/order/page`, { method: "POST", headers, body });
      await expectEnvelope(response, what);
    }
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  test("odd URLs, methods and headers", async () => {
    const urls = [
      "/v2/taobao/order/page?%zz",
      "/v2/%zz",
      "/v2/taobao/order/page/../page",
      "/v2/taobao/order/page?pageSize=5&pageSize=6",
      "/" + "a".repeat(3000),
      "/v2/taobao/order/page#frag",
      "/admin/developers/%E0%A4%A",
    ];
    for (const url of urls) {
      const headers = dev.client.signHeaders("POST", url, "{}");
      const response = await fetch(`${server.url}${url}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: "{}" });
      await expectEnvelope(response, url);
    }
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const response = await fetch(`${server.url}/v2/taobao/order/page`, { method });
      assert.equal(await expectEnvelope(response, method), 40401);
    }
    const weirdHeaders: Array<Record<string, string>> = [
      { timestamp: "9".repeat(500) },
      { timestamp: "-1700000000" },
      { "user-id": "2".repeat(400) },
      { "user-id": "21000001000011" },
      { "access-key": "x".repeat(2000) },
      { signature: "中".repeat(3).replace(/./g, "a") },
      { "signature-method": "hmac-sha256" },
    ];
    for (const patch of weirdHeaders) {
      const headers = { ...dev.client.signHeaders("POST", "/v2/taobao/order/page", "{}"), ...patch, "content-type": "application/json" };
      const response = await fetch(`${server.url}/v2/taobao/order/page`, { method: "POST", headers, body: "{}" });
      await expectEnvelope(response, JSON.stringify(patch).slice(0, 80));
    }
  });
});
