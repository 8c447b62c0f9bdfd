// Contract tests of the Taobao Global connector's goods reads (product, search) against the local
// fake (test/fakes/taobao-global-fake.ts), which checks every signature and token and serves a small
// seeded catalogue. No real host is contacted: every connector points at the fake's 127.0.0.1 port.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { UpstreamError } from "../src/marketplace/port.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { TaobaoGlobalClient } from "../src/marketplace/taobao-global/client.ts";
import { NOT_IMPLEMENTED, TaobaoGlobalConnector } from "../src/marketplace/taobao-global/connector.ts";
import { searchSort, upstreamLanguage, yuanToFen } from "../src/marketplace/taobao-global/goods.ts";
import { TaobaoGlobalFake, startTaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

describe("taobao-global goods against the fake distributor gateway", () => {
  let fake: TaobaoGlobalFake;
  const fakeNow = Date.parse("2026-12-07T08:00:00Z");

  before(async () => {
    fake = await startTaobaoGlobalFake({ now: () => fakeNow });
  });
  after(async () => {
    await fake?.close();
  });

  async function connect(): Promise<TaobaoGlobalConnector> {
    const client = new TaobaoGlobalClient({ baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, now: () => fakeNow });
    return new TaobaoGlobalConnector({
      baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, tokens: await client.createToken(fake.issueAuthCode()), timeoutMs: 2000,
      policy: { ratePerSec: 1000, burst: 1000, maxAttempts: 3, circuitThreshold: 5, circuitCoolDownMs: 60_000, now: () => fakeNow, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits() },
    });
  }
  const callsOf = (apiPath: string) => fake.calls.filter((c) => c.apiPath === apiPath);

  test("no real host, and product / search are no longer listed as not implemented", async () => {
    const connector = await connect();
    assert.match(connector.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/rest$/);
    assert.ok(!(NOT_IMPLEMENTED as readonly string[]).includes("product"));
    assert.ok(!(NOT_IMPLEMENTED as readonly string[]).includes("search"));
  });

  test("product in zh: fen prices, stock, SKUs with skuId / mpSkuId and properties; no translation call", async () => {
    const connector = await connect();
    const before = callsOf("/product/translate/get").length;
    const p = await connector.product("700000000001", "zh");
    assert.ok(p);
    assert.equal(p.platform, "taobao");
    assert.equal(p.id, "700000000001");
    assert.equal(p.numericId, "700000000001");
    assert.equal(p.mpId, "8000000000001");
    assert.deepEqual(p.title, { zh: "陶瓷马克杯 大容量", trans: "陶瓷马克杯 大容量" });
    assert.equal(p.priceFen, 2990);
    assert.equal(p.promotionPriceFen, 2590);
    assert.equal(p.stock, 150);
    assert.equal(p.quoteType, 1);
    assert.deepEqual(p.imageUrls, ["https://img.example.invalid/mug-1.jpg"]);
    assert.deepEqual(p.seller, { shopId: 101, shopName: "杯子旗舰店", nick: "tb_cup_shop", sellerOpenId: "", companyName: "" });
    assert.equal(p.skus.length, 2);
    assert.deepEqual(p.skus[0], {
      skuId: "5000000000011", mpSkuId: "9000000000011", priceFen: 2990, promotionPriceFen: 2590, stock: 100, postFeeFen: 0,
      imageUrl: "https://img.example.invalid/mug-red.jpg", active: true,
      properties: [{ propId: 1627207, propName: { zh: "颜色分类", trans: "颜色分类" }, valueId: 28320, valueName: { zh: "红色", trans: "红色" } }],
    });
    assert.equal(p.skus[1]!.promotionPriceFen, null, "0 on the wire is no promotion");
    assert.equal(p.skus[1]!.postFeeFen, 600);
    assert.equal(p.skus[1]!.imageUrl, null);
    assert.equal(callsOf("/product/translate/get").length, before, "zh needs no translation");
    const get = callsOf("/product/get").at(-1)!;
    assert.equal(get.params["item_id"], "700000000001");
    assert.ok(get.params["access_token"], "an authorized call");
  });

  test("product in en: the translated title beside the Chinese original, asked by mp_id", async () => {
    const connector = await connect();
    const p = await connector.product("700000000001", "en");
    assert.deepEqual(p?.title, { zh: "陶瓷马克杯 大容量", trans: "Ceramic mug, large capacity" });
    const tr = callsOf("/product/translate/get").at(-1)!;
    assert.equal(tr.params["item_id"], "8000000000001");
    assert.equal(tr.params["language"], "en");
  });

  test("product without a translation in the language: the original stands in, the read still succeeds", async () => {
    const connector = await connect();
    const p = await connector.product("700000000002", "en");
    assert.ok(p);
    assert.deepEqual(p.title, { zh: "保温杯 不锈钢", trans: "保温杯 不锈钢" });
    assert.deepEqual(p.skus, []);
    assert.equal(p.quoteType, 0);
    assert.equal(p.promotionPriceFen, null);
  });

  test("product by the mp_id works too (the fake's INFERRED leniency), and th asks for en", async () => {
    const connector = await connect();
    const p = await connector.product("8000000000003", "th");
    assert.equal(p?.id, "700000000003");
    assert.equal(p?.title.trans, "Glass mug, clear");
    assert.equal(callsOf("/product/translate/get").at(-1)!.params["language"], "en");
  });

  test("unknown product → undefined; a non-numeric id makes no call", async () => {
    const connector = await connect();
    assert.equal(await connector.product("799999999999", "en"), undefined);
    const n = fake.calls.length;
    assert.equal(await connector.product("not-an-id", "en"), undefined);
    assert.equal(fake.calls.length, n);
  });

  test("product: an upstream business error is a 50201 keeping its code, with the request id", async () => {
    const connector = await connect();
    fake.refuseGoodsOnce("/product/get", "ITEM_SECURITY_LIMIT");
    const err = await connector.product("700000000001", "zh").then(() => assert.fail("expected a refusal"), (e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "ITEM_SECURITY_LIMIT");
    assert.match(err.message, /\/product\/get.*ITEM_SECURITY_LIMIT.*request /);
  });

  test("search: keyword, paging offset/limit → page_no/page_size, yuan → fen, en titles", async () => {
    const connector = await connect();
    // "杯" matches all three seeded items.
    const all = await connector.search({ keyword: "杯", lang: "en", offset: 0, limit: 10 });
    assert.equal(all.items.length, 3);
    assert.equal(all.total, 3, "a short page: nothing more");
    const first = all.items[0]!;
    assert.equal(first.id, "700000000001");
    assert.equal(first.priceFen, 2590, "search prices are the promotional yuan string, in fen");
    assert.deepEqual(first.title, { zh: "陶瓷马克杯 大容量", trans: "Ceramic mug, large capacity" });
    assert.equal(all.items[1]!.title.trans, "保温杯 不锈钢", "no translation: the original");
    let call = callsOf("/traffic/item/search").at(-1)!;
    assert.equal(call.params["keyword"], "杯");
    assert.equal(call.params["page_no"], "1");
    assert.equal(call.params["page_size"], "10");
    assert.equal(call.params["language"], "en");

    const page2 = await connector.search({ keyword: "杯", lang: "zh", offset: 2, limit: 2 });
    call = callsOf("/traffic/item/search").at(-1)!;
    assert.equal(call.params["page_no"], "2");
    assert.equal(call.params["page_size"], "2");
    assert.equal(call.params["language"], undefined);
    assert.deepEqual(page2.items.map((p) => p.id), ["700000000003"]);
    assert.equal(page2.total, 3);

    const firstTwo = await connector.search({ keyword: "杯", lang: "zh", offset: 0, limit: 2 });
    assert.deepEqual(firstTwo.items.map((p) => p.id), ["700000000001", "700000000002"]);
    assert.ok(firstTwo.total > 2, "a full page says there may be more");
  });

  test("search: an offset not on a page boundary reads the covering pages and cuts", async () => {
    const connector = await connect();
    const n = callsOf("/traffic/item/search").length;
    const page = await connector.search({ keyword: "杯", lang: "zh", offset: 1, limit: 2 });
    assert.deepEqual(page.items.map((p) => p.id), ["700000000002", "700000000003"]);
    assert.deepEqual(callsOf("/traffic/item/search").slice(n).map((c) => c.params["page_no"]), ["1", "2"]);
  });

  test("search: sort and price filters map onto the upstream's; commission has no upstream sort", async () => {
    const connector = await connect();
    const cheap = await connector.search({ keyword: "杯", lang: "zh", offset: 0, limit: 5, sort: { key: "price", order: "asc" }, priceMinFen: 1000, priceMaxFen: 6000 });
    assert.deepEqual(cheap.items.map((p) => p.id), ["700000000003", "700000000001", "700000000002"]);
    const call = callsOf("/traffic/item/search").at(-1)!;
    assert.equal(call.params["sort"], "PRICE_ASC");
    assert.equal(call.params["filters"], "min_price:1000,max_price:6000");
    const bySales = await connector.search({ keyword: "杯", lang: "zh", offset: 0, limit: 5, sort: { key: "sales", order: "desc" } });
    assert.deepEqual(bySales.items.map((p) => p.id), ["700000000002", "700000000001", "700000000003"]);
    await connector.search({ keyword: "杯", lang: "zh", offset: 0, limit: 5, sort: { key: "commission", order: "desc" } });
    assert.equal(callsOf("/traffic/item/search").at(-1)!.params["sort"], undefined);
  });

  test("search: biz_error_code is a 50201 keeping the upstream's code", async () => {
    const connector = await connect();
    fake.refuseGoodsOnce("/traffic/item/search", "SEARCH_KEYWORD_FORBIDDEN");
    const err = await connector.search({ keyword: "杯", lang: "zh", offset: 0, limit: 5 }).then(() => assert.fail("expected a refusal"), (e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "SEARCH_KEYWORD_FORBIDDEN");
  });

  test("search retries a transient failure (reads are retry-safe)", async () => {
    const connector = await connect();
    const n = callsOf("/traffic/item/search").length;
    fake.failNext({ status: 502 });
    const page = await connector.search({ keyword: "玻璃", lang: "zh", offset: 0, limit: 5 });
    assert.deepEqual(page.items.map((p) => p.id), ["700000000003"]);
    assert.deepEqual(callsOf("/traffic/item/search").slice(n).map((c) => c.refused), ["HTTP 502", undefined], "the 502 was retried once");
  });

  test("mapping helpers", () => {
    assert.equal(yuanToFen("12.90"), 1290);
    assert.equal(yuanToFen("0.1"), 10);
    assert.equal(yuanToFen(""), 0);
    assert.equal(upstreamLanguage("zh"), undefined);
    assert.equal(upstreamLanguage("vi"), "vi");
    assert.equal(upstreamLanguage("th"), "en");
    assert.equal(searchSort({ key: "sales", order: "asc" }), "SALE_QTY_ASC");
    assert.equal(searchSort({ key: "repurchase", order: "asc" }), undefined);
  });
});
