// Taobao goods endpoints over the sandbox catalogue (taobao.md §1): detail, id mapping, keyword
// search in four languages with each sort and paging, image search by bytes and by URL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

interface SearchItem {
  itemId: string;
  title: string;
  picUrl: string;
  price: number;
  promotionPrice: number;
  shopName: string;
  sales: number;
}
interface Page {
  total: number;
  data: SearchItem[];
}

describe("Taobao goods", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  const search = (body: unknown) => dev.client.raw<Page>("POST", "/v2/taobao/product/item/search", { body });

  before(async () => {
    server = await startServer({ config: { sandboxItems: 3000, sandboxSeed: 7 } });
    dev = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });

  test("product detail has the documented keys, ids resolve from opaque, numeric and mp ids", async () => {
    const found = (await search({ keyword: "连衣裙", pageSize: 1 })).envelope.data!.data[0]!;
    const { envelope } = await dev.client.raw<Record<string, unknown>>("GET", "/v2/taobao/product/get", { query: { itemId: found.itemId } });
    assert.equal(envelope.code, 200);
    const p = envelope.data as Record<string, unknown> & { skuList: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(p), [
      "itemId", "mpId", "title", "picUrls", "description", "price", "promotionPrice", "quantity", "beginAmount", "categoryId",
      "categoryName", "categoryPath", "productUnit", "shopId", "aliShopId", "shopName", "userNick", "status", "itemType", "skuList",
    ]);
    assert.equal(p["itemId"], found.itemId);
    assert.match(p["mpId"] as string, /^2048\d{12}$/);
    assert.match(p["title"] as string, /连衣裙/);
    assert.match(p["categoryPath"] as string, /^[^>]+->[^>]+->连衣裙$|->/);
    assert.equal(p["status"], "active");
    assert.equal(p["aliShopId"], String(p["shopId"]));
    assert.ok(Number.isInteger(p["price"]) && (p["price"] as number) > 0);
    for (const sku of p.skuList) {
      assert.deepEqual(Object.keys(sku), ["skuId", "mpSkuId", "mpSkuld", "price", "promotionPrice", "quantity", "postFee", "picUrl", "status", "properties"]);
      assert.equal(sku["mpSkuId"], sku["mpSkuld"]);
      for (const prop of sku["properties"] as Array<Record<string, unknown>>) assert.deepEqual(Object.keys(prop), ["valueId", "valueName", "propId", "propName"]);
    }
    // The same product by its mpId (a numeric id).
    const byMp = await dev.client.raw<Record<string, unknown>>("GET", "/v2/taobao/product/get", { query: { itemId: p["mpId"] as string } });
    assert.equal(byMp.envelope.data!["itemId"], found.itemId);
    // The picture is served by the platform as a PNG.
    const image = await fetch((p["picUrls"] as string[])[0]!.replace(/^http:\/\/localhost:\d+/, server.url));
    assert.equal(image.status, 200);
    assert.equal(image.headers.get("content-type"), "image/png");
  });

  test("unknown ids answer 40401; a missing itemId 40002", async () => {
    for (const itemId of ["WUnUC1cILiBjt-Jv3lDdlQ", "672991141190", "nope"]) {
      assert.equal((await dev.client.raw("GET", "/v2/taobao/product/get", { query: { itemId } })).envelope.code, 40401, itemId);
    }
    const missing = await dev.client.raw("GET", "/v2/taobao/product/get");
    assert.equal(missing.envelope.code, 40002);
    assert.match(missing.envelope.msg, /itemId/);
  });

  test("batch check maps items and SKUs, in the string and the array form, with reasons", async () => {
    const items = (await search({ keyword: "dress", pageSize: 2 })).envelope.data!.data;
    const detail = (await dev.client.request<{ mpId: string; skuList: Array<{ skuId: string; mpSkuId: string }> }>("GET", "/v2/taobao/product/get", {
      query: { itemId: items[0]!.itemId },
    }));
    const params = [
      { itemId: items[0]!.itemId, skuIds: [detail.skuList[0]!.skuId, "9999999999999"] },
      { itemId: items[1]!.itemId, skuIds: [] },
      { itemId: "WUnUC1cILiBjt-Jv3lDdlQ" },
    ];
    for (const body of [{ params: JSON.stringify(params) }, { params }]) {
      const result = await dev.client.request<{
        mpProducts: Array<{ itemId: string; mpId: string; mpSkuList: Array<{ skuId: string; mpSkuId: string }> }>;
        noMpProductItemIds: string[];
        noMpReasonList: Array<{ itemId: string; reason: string }>;
      }>("POST", "/v2/taobao/product/batch/check", { body });
      assert.equal(result.mpProducts.length, 2);
      assert.equal(result.mpProducts[0]!.mpId, detail.mpId);
      assert.deepEqual(result.mpProducts[0]!.mpSkuList, [{ skuId: detail.skuList[0]!.skuId, mpSkuId: detail.skuList[0]!.mpSkuId }]);
      assert.ok(result.mpProducts[1]!.mpSkuList.length >= 1, "empty skuIds = all SKUs");
      assert.deepEqual(result.noMpProductItemIds, ["WUnUC1cILiBjt-Jv3lDdlQ"]);
      assert.deepEqual(result.noMpReasonList, [
        { itemId: items[0]!.itemId, reason: "SKU_NOT_FOUND:9999999999999" },
        { itemId: "WUnUC1cILiBjt-Jv3lDdlQ", reason: "NOT_FOUND" },
      ]);
    }
    for (const params of ["not json", "[]", JSON.stringify(Array.from({ length: 21 }, () => ({ itemId: "x" }))), '[{"skuIds":[]}]']) {
      const bad = await dev.client.raw("POST", "/v2/taobao/product/batch/check", { body: { params } });
      assert.equal(bad.envelope.code, 40002, params.slice(0, 40));
      assert.match(bad.envelope.msg, /params/);
    }
  });

  test("keyword search finds the same goods from Chinese, English, Thai and Vietnamese type words", async () => {
    const words = ["连衣裙", "dress", "ชุดเดรส", "váy đầm", "vay dam"];
    const pages = await Promise.all(words.map(async (keyword) => (await search({ keyword, pageSize: 40 })).envelope.data!));
    for (const [i, page] of pages.entries()) {
      assert.ok(page.total > 0, words[i]);
      assert.ok(page.data.every((item) => item.title.includes("连衣裙")), `${words[i]}: every hit is a dress`);
    }
    assert.deepEqual(
      pages.map((p) => p.total),
      pages.map(() => pages[0]!.total),
      "the same items in every language",
    );
  });

  test("relevance: an exact product-type word ranks items of that type first", async () => {
    const phones = (await search({ keyword: "手机", pageSize: 10 })).envelope.data!;
    const cases = (await search({ keyword: "手机壳", pageSize: 10 })).envelope.data!;
    assert.ok(phones.data.length > 0 && cases.data.length > 0);
    assert.ok(phones.data.slice(0, 5).every((item) => !item.title.includes("手机壳")), "手机: phones before phone cases");
    assert.ok(cases.data.slice(0, 5).every((item) => item.title.includes("手机壳")), "手机壳: phone cases first");
  });

  test("each sort orders the whole result, _des aliases work, unknown sorts are 40002", async () => {
    const keyword = "dress";
    const check = async (sort: string, value: (item: SearchItem) => number, order: 1 | -1) => {
      const page = (await search({ keyword, sort, pageSize: 40 })).envelope.data!;
      for (let k = 1; k < page.data.length; k++) assert.ok(order * (value(page.data[k]!) - value(page.data[k - 1]!)) >= 0, `${sort} at ${k}`);
      return page;
    };
    await check("price_asc", (i) => i.promotionPrice, 1);
    await check("price_desc", (i) => i.promotionPrice, -1);
    await check("total_sales_asc", (i) => i.sales, 1);
    await check("total_sales_desc", (i) => i.sales, -1);
    const alias = (await search({ keyword, sort: "total_sales_des", pageSize: 40 })).envelope.data!;
    const full = (await search({ keyword, sort: "total_sales_desc", pageSize: 40 })).envelope.data!;
    assert.deepEqual(alias, full);
    // Commission is not in SearchItem: compare with the catalogue the sandbox serves.
    const catalog = server.platform.services.goods.catalog("taobao");
    const rate = (item: SearchItem) => catalog.item(catalog.indexOf(item.itemId)!).commissionBp;
    await check("tk_rate_desc", rate, -1);
    await check("tk_rate_asc", rate, 1);
    const bad = await search({ keyword, sort: "cheapest" });
    assert.equal(bad.envelope.code, 40002);
    assert.match(bad.envelope.msg, /sort/);
  });

  test("paging: pages partition the result, a page past the end is empty with the real total, bounds are enforced", async () => {
    const all = (await search({ keyword: "dress", pageSize: 40 })).envelope.data!;
    const first = (await search({ keyword: "dress", pageSize: 5, pageNo: 1 })).envelope.data!;
    const second = (await search({ keyword: "dress", pageSize: 5, pageNo: 2 })).envelope.data!;
    assert.deepEqual([...first.data, ...second.data], all.data.slice(0, 10));
    const past = (await search({ keyword: "dress", pageSize: 40, pageNo: 1000 })).envelope.data!;
    assert.deepEqual(past, { total: all.total, data: [] });
    assert.deepEqual((await search({ keyword: "qwertyuiop" })).envelope.data, { total: 0, data: [] });
    for (const body of [{ keyword: "dress", pageSize: 41 }, { keyword: "dress", pageNo: 0 }, { keyword: "" }, { keyword: "   " }, {}]) {
      const bad = await search(body);
      assert.equal(bad.envelope.code, 40002, JSON.stringify(body));
    }
  });

  test("image search: the catalogue image finds its item first, by bytes and by the platform's own URL; a JPEG copy finds it in the top 5", async () => {
    const items = (await search({ keyword: "手机", pageSize: 3 })).envelope.data!.data;
    for (const item of items) {
      const url = item.picUrl.replace(/^http:\/\/localhost:\d+/, server.url);
      const png = Buffer.from(await (await fetch(url)).arrayBuffer());
      const byBytes = await dev.client.request<Page>("POST", "/v2/taobao/product/image/search", { body: { imageBase64: png.toString("base64"), pageSize: 5 } });
      assert.equal(byBytes.data[0]!.itemId, item.itemId);
      const byUrl = await dev.client.request<Page>("POST", "/v2/taobao/product/image/search", { body: { picUrl: url, pageSize: 5 } });
      assert.equal(byUrl.data[0]!.itemId, item.itemId);
      const jpeg = await sharp(png).resize(240).jpeg({ quality: 70 }).toBuffer();
      const byJpeg = await dev.client.request<Page>("POST", "/v2/taobao/product/image/search", { body: { imageBase64: jpeg.toString("base64"), pageSize: 5 } });
      assert.ok(byJpeg.data.some((hit) => hit.itemId === item.itemId), "JPEG copy in the top 5");
      const cropped = await sharp(png).extract({ left: 16, top: 16, width: 368, height: 368 }).png().toBuffer();
      const byCrop = await dev.client.request<Page>("POST", "/v2/taobao/product/image/search", { body: { imageBase64: cropped.toString("base64"), pageSize: 5 } });
      assert.ok(byCrop.data.some((hit) => hit.itemId === item.itemId), "a 4% crop on each side in the top 5");
    }
  });

  test("image search refuses bad input with 40002 naming the problem, and never fetches private addresses", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /imageBase64 or picUrl is required/],
      [{ imageBase64: "!!!" }, /imageBase64/],
      [{ imageBase64: Buffer.from("not an image").toString("base64") }, /image/i],
      [{ picUrl: "not a url" }, /picUrl/],
      [{ picUrl: "http://10.0.0.1/a.png" }, /picUrl/],
      [{ picUrl: "http://169.254.169.254/latest/meta-data" }, /picUrl/],
      [{ picUrl: "http://127.0.0.1:1/other.png" }, /picUrl/],
      [{ picUrl: "file:///etc/passwd" }, /picUrl/],
      [{ imageBase64: Buffer.alloc(3 * 1024 * 1024 + 10).toString("base64") }, /larger than 3 MB/],
    ];
    for (const [body, message] of cases) {
      const { envelope } = await dev.client.raw("POST", "/v2/taobao/product/image/search", { body });
      assert.equal(envelope.code, 40002, JSON.stringify(body));
      assert.match(envelope.msg, message);
    }
  });
});
