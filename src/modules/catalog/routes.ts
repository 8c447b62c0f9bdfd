// Goods endpoints (taobao.md §1; alibaba-1688.md §1 follows) and the sandbox's public image route.
import { Type } from "typebox";
import type { GoodsPort, Platform } from "../../marketplace/port.ts";
import { invalid } from "../../platform/http/errors.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import { ok, sendError, type App } from "../../platform/http/server.ts";
import { ApiError, Code } from "../../platform/http/errors.ts";
import { TAOBAO_SORT_KEYS, taobaoSort, type Catalogs } from "./service.ts";
import { taobaoProductView, taobaoSearchItemView } from "./taobao-view.ts";

const tags = ["taobao: goods"];
/** Image search bodies carry up to 3 MB of image as base64. */
export const IMAGE_BODY_LIMIT = 5 * 1024 * 1024;

const Property = Type.Object({ valueId: Type.Integer(), valueName: Type.String(), propId: Type.Integer(), propName: Type.String() });
const TaobaoSku = Type.Object({
  skuId: Type.String(),
  mpSkuId: Type.String({ description: "send as cart mpSkuId and order-line skuId" }),
  mpSkuld: Type.Union([Type.String(), Type.Null()], { description: "same as mpSkuId (v1 spelling)" }),
  price: Type.Integer({ description: "fen" }),
  promotionPrice: Type.Integer({ description: "fen" }),
  quantity: Type.Integer(),
  postFee: Type.Integer({ description: "fen" }),
  picUrl: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  properties: Type.Array(Property),
});
const TaobaoProduct = Type.Object(
  {
    itemId: Type.String({ description: "opaque v2 product id" }),
    mpId: Type.String({ description: "send as cart mpId and order-line itemId" }),
    title: Type.String(),
    picUrls: Type.Array(Type.String()),
    description: Type.String(),
    price: Type.Integer({ description: "fen" }),
    promotionPrice: Type.Integer({ description: "fen" }),
    quantity: Type.Integer(),
    beginAmount: Type.Integer(),
    categoryId: Type.String(),
    categoryName: Type.String(),
    categoryPath: Type.String(),
    productUnit: Type.Union([Type.String(), Type.Null()]),
    shopId: Type.Integer(),
    aliShopId: Type.String(),
    shopName: Type.String(),
    userNick: Type.String(),
    status: Type.String(),
    itemType: Type.String(),
    skuList: Type.Array(TaobaoSku),
  },
  { title: "TaoBaoProductDetailsV2VO" },
);
const SearchItem = Type.Object(
  {
    itemId: Type.String(),
    title: Type.String(),
    picUrl: Type.String(),
    price: Type.Integer({ description: "fen" }),
    promotionPrice: Type.Integer({ description: "fen" }),
    shopName: Type.String(),
    sales: Type.Integer({ description: "units sold in the last 30 days" }),
  },
  { title: "SearchItem" },
);
const SearchPage = Type.Object({ total: Type.Integer(), data: Type.Array(SearchItem) });

interface BatchParam {
  itemId: string;
  skuIds?: string[];
}

/** `params` is a JSON string (DOCUMENTED) or the array itself (DESIGNED). */
function batchParams(value: unknown): BatchParam[] {
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      throw invalid("params must be a JSON array of {itemId, skuIds}");
    }
  }
  if (!Array.isArray(list) || list.length < 1 || list.length > 20) throw invalid("params must be an array of 1 to 20 {itemId, skuIds}");
  return list.map((entry, i) => {
    const e = entry as { itemId?: unknown; skuIds?: unknown };
    if (typeof e !== "object" || e === null || (typeof e.itemId !== "string" && typeof e.itemId !== "number") || String(e.itemId).length === 0) {
      throw invalid(`params[${i}].itemId must be a string`);
    }
    if (e.skuIds !== undefined && e.skuIds !== null && (!Array.isArray(e.skuIds) || e.skuIds.some((s) => typeof s !== "string" && typeof s !== "number"))) {
      throw invalid(`params[${i}].skuIds must be an array of strings`);
    }
    return { itemId: String(e.itemId), skuIds: ((e.skuIds as unknown[] | undefined) ?? []).map(String) };
  });
}

export function registerTaobaoGoodsRoutes(app: App, catalogs: Catalogs): void {
  app.get(
    "/v2/taobao/product/get",
    {
      schema: {
        tags,
        summary: "Query product by Taobao product ID",
        description: "`itemId` is the opaque v2 id; a numeric Taobao id or an mpId is accepted too. Unknown or delisted: 40401.",
        querystring: Type.Object({ itemId: Type.String({ minLength: 1, maxLength: 64, description: "opaque product id (or numeric id)" }) }),
        response: envelopeResponse(TaobaoProduct, [40401, 50201]),
      },
    },
    async (request) => ok(request, taobaoProductView(await catalogs.of(request.auth!.sandbox).product("taobao", request.query.itemId, "zh"))),
  );

  app.post(
    "/v2/taobao/product/batch/check",
    {
      schema: {
        tags,
        summary: "Batch query products by Taobao product IDs",
        description:
          "Maps item and SKU ids to the distribution ids (`mpId`, `mpSkuId`) that carts and orders need. `params` is a JSON-encoded array of `{itemId, skuIds}` (or the array itself), 1 to 20 items; empty `skuIds` = all SKUs. Reasons: NOT_FOUND, OFFLINE, SKU_NOT_FOUND:<skuId>.",
        body: Type.Object({
          params: Type.Union([Type.String({ maxLength: 20_000 }), Type.Array(Type.Object({}), { maxItems: 20 })], {
            "x-message": "params must be a JSON array of {itemId, skuIds}",
          }),
        }),
        response: envelopeResponse(
          Type.Object({
            mpProducts: Type.Array(
              Type.Object({ itemId: Type.String(), mpId: Type.String(), mpSkuList: Type.Array(Type.Object({ skuId: Type.String(), mpSkuId: Type.String() })) }),
            ),
            noMpProductItemIds: Type.Array(Type.String()),
            noMpReasonList: Type.Array(Type.Object({ itemId: Type.String(), reason: Type.String() })),
          }),
          [50201],
        ),
      },
    },
    async (request) => ok(request, await catalogs.of(request.auth!.sandbox).taobaoBatchCheck(batchParams(request.body.params))),
  );

  app.post(
    "/v2/taobao/product/item/search",
    {
      schema: {
        tags,
        summary: "Taobao product keyword search",
        description:
          "Keywords in Chinese, English, Thai or Vietnamese. Without `sort`: relevance (an exact product-type word ranks that type first). `sort`: tk_rate_desc|asc, total_sales_desc|asc, price_desc|asc (`_des` accepted for `_desc`).",
        body: Type.Object({
          keyword: Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" }),
          pageNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 40, default: 20 })),
          sort: Type.Optional(Type.String({ maxLength: 40, description: TAOBAO_SORT_KEYS.join(", ") })),
        }),
        response: envelopeResponse(SearchPage, [50201]),
      },
    },
    async (request) => {
      const { keyword, pageNo = 1, pageSize = 20, sort } = request.body;
      const order = taobaoSort(sort);
      const page = await catalogs.of(request.auth!.sandbox).search("taobao", {
        keyword,
        lang: "zh",
        offset: (pageNo - 1) * pageSize,
        limit: pageSize,
        ...(order ? { sort: order } : {}),
      });
      return ok(request, { total: page.total, data: page.items.map(taobaoSearchItemView) });
    },
  );

  app.post(
    "/v2/taobao/product/image/search",
    {
      bodyLimit: IMAGE_BODY_LIMIT,
      schema: {
        tags,
        summary: "Taobao image search",
        description:
          "`imageBase64` (JPEG or PNG, at most 3 MB decoded) or `picUrl` (fetched with an SSRF guard: no private or loopback addresses except the platform's own sandbox images; size cap, timeout). `imageBase64` wins when both are sent.",
        body: Type.Object({
          picUrl: Type.Optional(Type.String({ maxLength: 2048 })),
          imageBase64: Type.Optional(Type.String({ maxLength: 4 * 1024 * 1024 + 100 })),
          pageNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 40, default: 20 })),
        }),
        response: envelopeResponse(SearchPage, [50201]),
      },
    },
    async (request) => {
      const { picUrl, imageBase64, pageNo = 1, pageSize = 20 } = request.body;
      const image = await catalogs.of(request.auth!.sandbox).imageBytes({ base64: imageBase64, url: picUrl, base64Field: "imageBase64", urlField: "picUrl" });
      const page = await catalogs.of(request.auth!.sandbox).searchByImage("taobao", image, { lang: "zh", offset: (pageNo - 1) * pageSize, limit: pageSize });
      return ok(request, { total: page.total, data: page.items.map(taobaoSearchItemView) });
    },
  );
}

/** Public catalogue images (like the upstreams' CDN): no signature, cacheable forever. */
export function registerSandboxImageRoute(app: App, goods: GoodsPort): void {
  app.get(
    "/sandbox/img/:platform/:id/:file",
    { schema: { hide: true, params: Type.Object({ platform: Type.String(), id: Type.String(), file: Type.String() }) } },
    async (request, reply) => {
      const { platform, id, file } = request.params;
      if (platform !== "taobao" && platform !== "alibaba") return sendError(request, reply, new ApiError(Code.NOT_FOUND, "image not found"));
      const png = await goods.image(platform as Platform, `${id}/${file}`);
      if (!png) return sendError(request, reply, new ApiError(Code.NOT_FOUND, "image not found"));
      return reply.header("cache-control", "public, max-age=31536000, immutable").type("image/png").send(png);
    },
  );
}
