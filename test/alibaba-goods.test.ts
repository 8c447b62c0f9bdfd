// 1688 goods endpoints over the sandbox catalogue (alibaba-1688.md §0.6, §0.7, §1).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TAG_CODES } from "../src/marketplace/sandbox/catalog.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

interface ListItem {
  imageUrl: string;
  subject: string;
  subjectTrans: string;
  offerId: string;
  isJxhy: boolean;
  priceInfo: { price: string };
  repurchaseRate: string;
  monthSold: number;
  isOnePsale?: boolean;
}
interface Page {
  totalRecords: number;
  totalPage: number;
  pageSize: number;
  currentPage: number;
  data: ListItem[];
}

describe("1688 goods", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  const post = <T>(path: string, body: unknown) => dev.client.raw<T>("POST", `/v2/alibaba/product/${path}`, { body });
  const data = async <T>(path: string, body: unknown): Promise<T> => {
    const { envelope } = await post<T>(path, body);
    assert.equal(envelope.code, 200, `${path}: ${envelope.msg}`);
    return envelope.data as T;
  };

  before(async () => {
    server = await startServer({ config: { sandboxItems: 3000, sandboxSeed: 7 } });
    dev = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });

  test("keyword query: documented page and item shape, translations per country, totals", async () => {
    const page = await data<Page>("keywords/query", { keyword: "T恤", beginPage: 1, pageSize: 5, country: "en" });
    assert.deepEqual(Object.keys(page), ["totalRecords", "totalPage", "pageSize", "currentPage", "data"]);
    assert.ok(page.totalRecords > 0);
    assert.equal(page.totalPage, Math.ceil(page.totalRecords / 5));
    const item = page.data[0]!;
    assert.deepEqual(Object.keys(item), ["imageUrl", "subject", "subjectTrans", "offerId", "isJxhy", "priceInfo", "repurchaseRate", "monthSold"]);
    assert.match(item.subject, /T恤/);
    assert.match(item.subjectTrans, /T-shirt/i);
    assert.match(item.priceInfo.price, /^\d+(\.\d{1,2})?$/);
    assert.match(item.repurchaseRate, /^\d+%$/);
    const thai = await data<Page>("keywords/query", { keyword: "T恤", pageSize: 5, country: "th" });
    assert.equal(thai.data[0]!.subject, item.subject);
    assert.notEqual(thai.data[0]!.subjectTrans, item.subjectTrans);
    const fallback = await data<Page>("keywords/query", { keyword: "T恤", pageSize: 5, country: "fr" });
    assert.equal(fallback.data[0]!.subjectTrans, item.subjectTrans, "unknown languages fall back to en");
  });

  test("filters, price bounds (yuan), category and sort; bad values are 40002 naming the member", async () => {
    const all = await data<Page>("keywords/query", { keyword: "dress", pageSize: 20 });
    const filtered = await data<Page>("keywords/query", { keyword: "dress", pageSize: 20, filter: "shipInToday,ksCiphertext" });
    assert.ok(filtered.totalRecords < all.totalRecords && filtered.totalRecords > 0);
    const cheap = await data<Page>("keywords/query", { keyword: "dress", pageSize: 20, priceStart: "0", priceEnd: "100" });
    // The bounds apply to the price a buyer pays: the promotion price when there is one.
    const paid = (i: ListItem & { priceInfo: { promotionPrice?: string | null } }) => Number(i.priceInfo.promotionPrice ?? i.priceInfo.price);
    assert.ok(cheap.totalRecords > 0 && cheap.data.every((i) => paid(i) <= 100));
    const sorted = await data<Page>("keywords/query", { keyword: "dress", pageSize: 20, sort: '{"monthSold":"desc"}' });
    for (let k = 1; k < sorted.data.length; k++) assert.ok(sorted.data[k]!.monthSold <= sorted.data[k - 1]!.monthSold);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ filter: "noSuchCode" }, /filter/],
      [{ sort: "price desc" }, /sort/],
      [{ sort: '{"colour":"desc"}' }, /sort/],
      [{ sort: '{"price":"up"}' }, /sort/],
      [{ priceStart: "cheap" }, /priceStart/],
      [{ pageSize: 21 }, /pageSize/],
      [{ keyword: "" }, /keyword/],
    ];
    for (const [patch, message] of cases) {
      const { envelope } = await post("keywords/query", { keyword: "dress", ...patch });
      assert.equal(envelope.code, 40002, JSON.stringify(patch));
      assert.match(envelope.msg, message);
    }
  });

  test("every filter code keeps only products carrying it; every language translates subjectTrans", async () => {
    const catalog = server.platform.services.goods.catalog("alibaba");
    const tagsOf = (offerId: string) => server.platform.services.goods.productAt("alibaba", catalog.indexOf(offerId)!, "en").tags;
    for (const code of TAG_CODES) {
      const page = await data<Page>("keywords/query", { keyword: "dress", pageSize: 20, filter: code });
      assert.ok(page.data.every((item) => tagsOf(item.offerId).includes(code)), code);
    }
    const item = (await data<Page>("keywords/query", { keyword: "dress", pageSize: 1 })).data[0]!;
    const titles = catalog.item(catalog.indexOf(item.offerId)!).titles;
    for (const lang of ["zh", "en", "th", "vi"] as const) {
      const page = await data<Page>("keywords/query", { keyword: "dress", pageSize: 1, country: lang });
      assert.equal(page.data[0]!.subject, titles.zh);
      assert.equal(page.data[0]!.subjectTrans, titles[lang], lang);
    }
  });

  test("paging edges and each sort key within the page", async () => {
    const first = await data<Page>("keywords/query", { keyword: "dress", pageSize: 7, beginPage: 1 });
    const second = await data<Page>("keywords/query", { keyword: "dress", pageSize: 7, beginPage: 2 });
    assert.equal(second.currentPage, 2);
    assert.ok(!second.data.some((i) => first.data.some((j) => j.offerId === i.offerId)), "pages do not overlap");
    const past = await data<Page>("keywords/query", { keyword: "dress", pageSize: 7, beginPage: 999 });
    assert.deepEqual({ ...past, data: past.data.length }, { totalRecords: first.totalRecords, totalPage: first.totalPage, pageSize: 7, currentPage: 999, data: 0 });
    const none = await data<Page>("keywords/query", { keyword: "qwertyuiop" });
    assert.deepEqual(none, { totalRecords: 0, totalPage: 0, pageSize: 20, currentPage: 1, data: [] });
    const keys: Array<[string, (i: ListItem) => number]> = [
      ["price", (i) => Number(i.priceInfo.price)],
      ["rePurchaseRate", (i) => parseInt(i.repurchaseRate, 10)],
      ["monthSold", (i) => i.monthSold],
    ];
    for (const [key, value] of keys) {
      for (const order of ["asc", "desc"] as const) {
        const page = await data<Page>("keywords/query", { keyword: "dress", pageSize: 20, sort: JSON.stringify({ [key]: order }) });
        const sign = order === "asc" ? 1 : -1;
        for (let k = 1; k < page.data.length; k++) assert.ok(sign * (value(page.data[k]!) - value(page.data[k - 1]!)) >= 0, `${key} ${order}`);
      }
    }
  });

  test("strict-selection queries add their filter code", async () => {
    const all = await data<Page>("keywords/query", { keyword: "dress" });
    const global = await data<Page>("globalSelection/keywords/query", { keyword: "dress" });
    const selection = await data<Page>("selection/keywords/query", { keyword: "dress" });
    const manual = await data<Page>("keywords/query", { keyword: "dress", filter: "isQqyx" });
    assert.equal(global.totalRecords, manual.totalRecords);
    assert.ok(global.totalRecords < all.totalRecords && selection.totalRecords < all.totalRecords);
  });

  test("product detail: documented members, SKUs with specIds, tiers in yuan; unknown 40401", async () => {
    const offerId = (await data<Page>("keywords/query", { keyword: "dress", pageSize: 1 })).data[0]!.offerId;
    const detail = await data<Record<string, unknown>>("detail/get", { offerId, country: "vi" });
    for (const key of ["offerId", "categoryId", "categoryName", "subject", "subjectTrans", "description", "productImage", "productSkuInfos", "productSaleInfo", "productShippingInfo", "sellerOpenId", "minOrderQuantity", "status", "traceInfo", "sellerDataInfo"]) {
      assert.ok(key in detail, key);
    }
    assert.equal(detail["offerId"], offerId);
    assert.equal(detail["status"], "published");
    const skus = detail["productSkuInfos"] as Array<{ specId: string; price: string }>;
    for (const sku of skus) assert.match(sku.specId, /^[0-9a-f]{32}$/);
    const sale = detail["productSaleInfo"] as { priceRangeList: Array<{ startQuantity: number; price: string }>; quoteType: number };
    assert.ok(sale.priceRangeList.length >= 1 && [0, 1, 2].includes(sale.quoteType));
    assert.equal(sale.priceRangeList[0]!.startQuantity, detail["minOrderQuantity"]);
    assert.equal((await data<Record<string, unknown>>("detail/get", { offerMapId: offerId }))["offerId"], offerId);
    assert.equal((await post("detail/get", { offerId: "L0PTnwSnx_dWNZWCtgK7Gg" })).envelope.code, 40401);
    assert.equal((await post("detail/get", {})).envelope.code, 40002);
  });

  test("store search lists one seller's offers (whole shop or by keyword); unknown seller 40401", async () => {
    const offerId = (await data<Page>("keywords/query", { keyword: "dress", pageSize: 1 })).data[0]!.offerId;
    const sellerOpenId = (await data<{ sellerOpenId: string }>("detail/get", { offerId })).sellerOpenId;
    const shop = await data<Page>("query/selleroffer", { sellerOpenId, pageSize: 20 });
    assert.ok(shop.totalRecords >= 1);
    assert.ok("isOnePsale" in shop.data[0]!);
    const byKeyword = await data<Page>("query/selleroffer", { sellerOpenId, keyword: "dress" });
    assert.ok(byKeyword.totalRecords >= 1 && byKeyword.totalRecords <= shop.totalRecords);
    assert.ok(byKeyword.data.some((i) => i.offerId === offerId), "the shop's dress is found in the shop");
    assert.equal((await post("query/selleroffer", { sellerOpenId: "BBBgGWh2O6JFI6v1aQuZVgRIA" })).envelope.code, 40401);
  });

  test("categories: the root lists level 1; a category has names in the requested language and its children", async () => {
    const root = await data<{ children: Array<{ categoryId: number; level: number; parentCateId: number }> }>("category/get", { categoryId: 0, country: "en" });
    assert.ok(root.children.length >= 12);
    assert.ok(root.children.every((c) => c.level === 1 && c.parentCateId === 0));
    const first = await data<{ chineseName: string; translatedName: string; language: string; leaf: boolean; children: Array<{ parentCateId: number }> }>(
      "category/get",
      { categoryId: root.children[0]!.categoryId, language: "th" },
    );
    assert.equal(first.language, "th");
    assert.notEqual(first.translatedName, first.chineseName);
    assert.ok(first.children.length > 0 && first.children.every((c) => c.parentCateId === root.children[0]!.categoryId));
    assert.equal((await post("category/get", { categoryId: 424242 })).envelope.code, 40401);
  });

  test("recommendations: stable per end user; related products share the category; hot lists rank by sales", async () => {
    const a = await data<Array<{ offerId: string }>>("productRecommendQuery", { outMemberId: "u-1", pageSize: 5 });
    assert.deepEqual(await data("productRecommendQuery", { outMemberId: "u-1", pageSize: 5 }), a);
    assert.notDeepEqual(await data("productRecommendQuery", { outMemberId: "u-2", pageSize: 5 }), a);
    const offerId = (await data<Page>("keywords/query", { keyword: "dress", pageSize: 1 })).data[0]!.offerId;
    const detail = await data<{ thirdCategoryId: number }>("detail/get", { offerId });
    const related = await data<Array<{ offerId: string; thirdCategoryId: number }>>("productRelatedRecommendQuery", { offerId, pageSize: 10, language: "vi" });
    assert.ok(related.length > 0 && related.every((r) => r.thirdCategoryId === detail.thirdCategoryId && r.offerId !== offerId));
    assert.equal((await post("productRelatedRecommendQuery", { offerId: "f6vE-dfY1NV37oG_fz9WSA" })).envelope.code, 40401);
    const hot = await data<{ rankType: string; rankProductModels: Array<{ sort: number; soldOut: number }> }>("topList/query", {
      rankId: String(detail.thirdCategoryId),
      rankType: "hot",
      limit: 10,
    });
    assert.equal(hot.rankType, "hot");
    hot.rankProductModels.forEach((m, i) => {
      assert.equal(m.sort, i + 1);
      if (i > 0) assert.ok(m.soldOut <= hot.rankProductModels[i - 1]!.soldOut);
    });
    assert.equal((await post("topList/query", { rankId: "424242" })).envelope.code, 40401);
    assert.equal((await post("topList/query", { rankId: "1", rankType: "cheap" })).envelope.code, 40002);
  });

  test("image query: imageAddress wins over a placeholder imageBase64 and finds the item first", async () => {
    const item = (await data<Page>("keywords/query", { keyword: "dress", pageSize: 1 })).data[0]!;
    const url = item.imageUrl.replace(/^http:\/\/localhost:\d+/, server.url);
    const page = await data<Page>("image/query", { imageBase64: "xxxx", imageAddress: url, beginPage: 1, pageSize: 5, country: "en" });
    assert.equal(page.data[0]!.offerId, item.offerId);
    assert.equal((await post("image/query", { imageBase64: "xxxx" })).envelope.code, 40002);
  });
});
