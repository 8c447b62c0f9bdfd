// 1688 goods endpoints (alibaba-1688.md §1).
import { Type, type TSchema } from "typebox";
import type { KeywordQuery, Product } from "../../marketplace/port.ts";
import { TAG_CODES } from "../../marketplace/sandbox/catalog.ts";
import { invalid } from "../../platform/http/errors.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import { ok, type App } from "../../platform/http/server.ts";
import { IMAGE_BODY_LIMIT } from "./routes.ts";
import {
  alibabaCategory,
  alibabaListItem,
  alibabaProductDetail,
  alibabaRankItem,
  alibabaRecommendItem,
  alibabaRelatedItem,
  alibabaSellerOfferItem,
} from "./alibaba-view.ts";
import { alibabaFilter, alibabaSort, langOf, yuanBound, type Catalogs } from "./service.ts";

const tags = ["1688: goods"];
/** Reachable results of a 1688 search (the upstream cap, alibaba-1688.md §1.2). */
const MAX_RESULTS = 2000;

const Yuan = Type.Union([Type.String(), Type.Null()], { description: "yuan, decimal string" });
const PriceInfo = Type.Object({ price: Type.String(), jxhyPrice: Yuan, pfJxhyPrice: Yuan, consignPrice: Yuan, promotionPrice: Yuan });
const ListItem = Type.Object(
  {
    imageUrl: Type.String(),
    subject: Type.String({ description: "original Chinese title" }),
    subjectTrans: Type.String({ description: "title in the requested language" }),
    offerId: Type.String({ description: "opaque product id" }),
    isJxhy: Type.Boolean(),
    priceInfo: PriceInfo,
    repurchaseRate: Type.String(),
    monthSold: Type.Integer(),
  },
  { title: "AlibabaProductListInfoV2VO" },
);
const SellerOfferItem = Type.Object({ ...ListItem.properties, isOnePsale: Type.Boolean() }, { title: "ProductSearchQuerySellerOfferListV2VO" });
const page = (item: TSchema) =>
  Type.Object({ totalRecords: Type.Integer(), totalPage: Type.Integer(), pageSize: Type.Integer(), currentPage: Type.Integer(), data: Type.Array(item) });

const searchMembers = {
  beginPage: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RESULTS, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 20 })),
  country: Type.Optional(Type.String({ maxLength: 10, description: "language of translated members (zh, en, th, vi; others fall back to en)" })),
  filter: Type.Optional(Type.String({ maxLength: 500, description: `comma-separated codes: ${TAG_CODES.join(", ")}; ksCiphertext is ignored` })),
  sort: Type.Optional(Type.String({ maxLength: 100, description: 'JSON string with one member: price, rePurchaseRate or monthSold → asc|desc, e.g. {"price":"desc"}; sorts within the page' })),
  outMemberId: Type.Optional(Type.String({ maxLength: 64 })),
  priceStart: Type.Optional(Type.String({ maxLength: 20, description: "lowest price, yuan (compared with the price paid: the promotion price when there is one)" })),
  priceEnd: Type.Optional(Type.String({ maxLength: 20, description: "highest price, yuan (compared with the price paid)" })),
};

interface SearchBody {
  keyword?: string;
  beginPage?: number;
  pageSize?: number;
  country?: string;
  filter?: string;
  sort?: string;
  priceStart?: string;
  priceEnd?: string;
  categoryId?: string | number;
}

/** The shared request handling of §0.7: paging, language, filters, price bounds, category. */
function searchQuery(body: SearchBody, extraFilters: string[] = []): { query: KeywordQuery; sort: KeywordQuery["sort"]; pageSize: number; beginPage: number } {
  const beginPage = body.beginPage ?? 1;
  const pageSize = body.pageSize ?? 20;
  const priceMinFen = yuanBound(body.priceStart, "priceStart");
  const priceMaxFen = yuanBound(body.priceEnd, "priceEnd");
  const categoryId = body.categoryId === undefined || body.categoryId === "" ? undefined : Number(body.categoryId);
  const query: KeywordQuery = {
    keyword: body.keyword ?? "",
    lang: langOf(body.country),
    offset: (beginPage - 1) * pageSize,
    limit: Math.max(0, Math.min(pageSize, MAX_RESULTS - (beginPage - 1) * pageSize)),
    tags: alibabaFilter(body.filter, TAG_CODES, extraFilters),
    ...(priceMinFen !== undefined ? { priceMinFen } : {}),
    ...(priceMaxFen !== undefined ? { priceMaxFen } : {}),
    ...(categoryId !== undefined && Number.isFinite(categoryId) ? { categoryId } : {}),
  };
  return { query, sort: alibabaSort(body.sort), pageSize, beginPage };
}

/** The 1688 page; `sort` applies within the page, as the upstream does (alibaba-1688.md §0.7). */
function alibabaPage<T>(result: { total: number; items: Product[] }, s: ReturnType<typeof searchQuery>, shape: (p: Product) => T) {
  const items = [...result.items];
  if (s.sort) {
    const value = (p: Product) => (s.sort!.key === "price" ? (p.priceTiers[0]?.priceFen ?? p.priceFen) : s.sort!.key === "sales" ? p.sales30d : p.repurchaseRatePct);
    const sign = s.sort.order === "asc" ? 1 : -1;
    items.sort((a, b) => sign * (value(a) - value(b)));
  }
  const totalRecords = Math.min(result.total, MAX_RESULTS);
  return { totalRecords, totalPage: Math.ceil(totalRecords / s.pageSize), pageSize: s.pageSize, currentPage: s.beginPage, data: items.map(shape) };
}

const ProductDetail = Type.Object(
  {
    offerId: Type.String(),
    categoryId: Type.Integer(),
    categoryName: Type.Union([Type.String(), Type.Null()]),
    topCategoryId: Type.Integer(),
    secondCategoryId: Type.Integer(),
    thirdCategoryId: Type.Integer(),
    subject: Type.String(),
    subjectTrans: Type.String(),
    description: Type.String(),
    productSkuInfos: Type.Array(Type.Object({ skuId: Type.Integer(), specId: Type.String(), amountOnSale: Type.Integer(), price: Yuan, consignPrice: Yuan })),
    productSaleInfo: Type.Object({
      amountOnSale: Type.Integer(),
      priceRangeList: Type.Array(Type.Object({ startQuantity: Type.Integer(), price: Type.String(), promotionPrice: Yuan })),
      quoteType: Type.Integer(),
    }),
    sellerOpenId: Type.String(),
    minOrderQuantity: Type.Integer(),
    status: Type.String(),
  },
  { title: "ProductDetail", description: "All members of alibaba-1688.md §1.1; the main ones are listed here." },
);

const Category: TSchema = Type.Object({
  categoryId: Type.Integer(),
  chineseName: Type.String(),
  translatedName: Type.String(),
  language: Type.String(),
  leaf: Type.Boolean(),
  level: Type.Integer(),
  parentCateId: Type.Integer(),
  children: Type.Optional(Type.Array(Type.Object({}))),
});

export function registerAlibabaGoodsRoutes(app: App, catalogs: Catalogs, publicUrl: string): void {
  app.post(
    "/v2/alibaba/product/detail/get",
    {
      schema: {
        tags,
        summary: "1688 product detail query",
        body: Type.Object({
          offerId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 0 })])),
          offerMapId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "alias of offerId" })),
          country: Type.Optional(Type.String({ maxLength: 10 })),
          outMemberId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: envelopeResponse(ProductDetail, [40401]),
      },
    },
    async (request) => {
      const id = request.body.offerId ?? request.body.offerMapId;
      if (id === undefined) throw invalid("offerId is required");
      return ok(request, alibabaProductDetail(await catalogs.of(request.auth!.sandbox).product("alibaba", String(id), langOf(request.body.country))));
    },
  );

  const keywordSearch = (path: string, summary: string, extra: string[]) =>
    app.post(
      path,
      {
        schema: {
          tags,
          summary,
          description: extra.length ? `The keyword query restricted to the filter code ${extra.join(", ")} (added to the caller's filter).` : "At most 2000 results are reachable.",
          body: Type.Object({ keyword: Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" }), ...searchMembers, categoryId: Type.Optional(Type.String({ maxLength: 20 })) }),
          response: envelopeResponse(page(ListItem), []),
        },
      },
      async (request) => {
        const s = searchQuery(request.body, extra);
        return ok(request, alibabaPage(await catalogs.of(request.auth!.sandbox).search("alibaba", s.query), s, alibabaListItem));
      },
    );
  keywordSearch("/v2/alibaba/product/keywords/query", "1688 product keyword query", []);
  keywordSearch("/v2/alibaba/product/globalSelection/keywords/query", "Global strictly selected keyword query", ["isQqyx"]);
  keywordSearch("/v2/alibaba/product/selection/keywords/query", "1688 strictly selected keyword query", ["1688Selection"]);

  app.post(
    "/v2/alibaba/product/image/query",
    {
      bodyLimit: IMAGE_BODY_LIMIT,
      schema: {
        tags,
        summary: "1688 product image search",
        description: "`imageAddress` wins over `imageBase64` when both are sent (the documented example sends a placeholder as imageBase64).",
        body: Type.Object({
          imageBase64: Type.Optional(Type.String({ maxLength: 4 * 1024 * 1024 + 100 })),
          imageAddress: Type.Optional(Type.String({ maxLength: 2048 })),
          ...searchMembers,
          categoryId: Type.Optional(Type.Integer({ minimum: 0 })),
          region: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: envelopeResponse(page(ListItem), []),
      },
    },
    async (request) => {
      const { imageAddress, imageBase64 } = request.body;
      const image = await catalogs.of(request.auth!.sandbox).imageBytes(
        imageAddress ? { url: imageAddress, base64Field: "imageBase64", urlField: "imageAddress" } : { base64: imageBase64, base64Field: "imageBase64", urlField: "imageAddress" },
      );
      const s = searchQuery(request.body);
      return ok(request, alibabaPage(await catalogs.of(request.auth!.sandbox).searchByImage("alibaba", image, s.query), s, alibabaListItem));
    },
  );

  app.post(
    "/v2/alibaba/product/query/selleroffer",
    {
      schema: {
        tags,
        summary: "1688 multilingual store search",
        description: "A seller's products; without `keyword` the whole shop, best sellers first. Unknown seller: 40401.",
        body: Type.Object({
          sellerOpenId: Type.String({ minLength: 1, maxLength: 64 }),
          keyword: Type.Optional(Type.String({ maxLength: 100 })),
          ...searchMembers,
          categoryId: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: envelopeResponse(page(SellerOfferItem), [40401]),
      },
    },
    async (request) => {
      await catalogs.of(request.auth!.sandbox).seller(request.body.sellerOpenId);
      const s = searchQuery(request.body);
      const result = await catalogs.of(request.auth!.sandbox).search("alibaba", { ...s.query, sellerOpenId: request.body.sellerOpenId });
      return ok(request, alibabaPage(result, s, alibabaSellerOfferItem));
    },
  );

  app.post(
    "/v2/alibaba/product/category/get",
    {
      schema: {
        tags,
        summary: "Query multilingual category by category ID",
        description: "`categoryId` 0 is the root: its children are the level-1 categories. `language` is accepted as an alias of `country`.",
        body: Type.Object({
          categoryId: Type.Integer({ minimum: 0 }),
          country: Type.Optional(Type.String({ maxLength: 10 })),
          language: Type.Optional(Type.String({ maxLength: 10 })),
          parentCateId: Type.Optional(Type.Integer({ minimum: 0 })),
          outMemberId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: envelopeResponse(Category, [40401]),
      },
    },
    async (request) => {
      const lang = langOf(request.body.country ?? request.body.language);
      const found = await catalogs.of(request.auth!.sandbox).category(request.body.categoryId, lang);
      return ok(request, alibabaCategory(found.category, lang, found.children));
    },
  );

  app.post(
    "/v2/alibaba/product/productRecommendQuery",
    {
      schema: {
        tags,
        summary: "Product recommendation",
        description: "Personalised by `outMemberId` (a stable list per end user); without it, the best sellers.",
        body: Type.Object({
          beginPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 20 })),
          country: Type.Optional(Type.String({ maxLength: 10 })),
          outMemberId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: envelopeResponse(Type.Array(Type.Object({ offerId: Type.String(), subject: Type.String(), subjectTrans: Type.String() })), []),
      },
    },
    async (request) => {
      const { beginPage = 1, pageSize = 20, country, outMemberId } = request.body;
      const list = await catalogs.of(request.auth!.sandbox).recommend(outMemberId || undefined, langOf(country), (beginPage - 1) * pageSize, pageSize);
      return ok(request, list.map((p) => alibabaRecommendItem(p, publicUrl)));
    },
  );

  app.post(
    "/v2/alibaba/product/productRelatedRecommendQuery",
    {
      schema: {
        tags,
        summary: "Related product recommendation",
        description: "Products of the same category, closest in price first. Unknown offerId: 40401.",
        body: Type.Object({
          offerId: Type.String({ minLength: 1, maxLength: 64 }),
          pageNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 10 })),
          language: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: envelopeResponse(Type.Array(Type.Object({ offerId: Type.String(), subject: Type.String(), subjectTrans: Type.String() })), [40401]),
      },
    },
    async (request) => {
      const { offerId, pageNo = 1, pageSize = 10, language } = request.body;
      const list = await catalogs.of(request.auth!.sandbox).related(offerId, langOf(language), (pageNo - 1) * pageSize, pageSize);
      return ok(request, list.map(alibabaRelatedItem));
    },
  );

  app.post(
    "/v2/alibaba/product/topList/query",
    {
      schema: {
        tags,
        summary: "Hot list query",
        description: "rankType complex (sales and repurchase), hot (sales), goodPrice (sales per yuan). Unknown category: 40401.",
        body: Type.Object({
          rankId: Type.String({ pattern: "^\\d{1,12}$", "x-message": "rankId must be a category id" }),
          rankType: Type.Optional(Type.Union([Type.Literal("complex"), Type.Literal("hot"), Type.Literal("goodPrice")], { "x-message": "rankType must be complex, hot or goodPrice" })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 20 })),
          language: Type.Optional(Type.String({ maxLength: 10 })),
          country: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: envelopeResponse(
          Type.Object({ rankId: Type.String(), rankName: Type.String(), rankType: Type.String(), rankProductModels: Type.Array(Type.Object({ itemId: Type.String(), sort: Type.Integer() })) }),
          [40401],
        ),
      },
    },
    async (request) => {
      const { rankId, rankType = "complex", limit = 20, language, country } = request.body;
      const lang = langOf(language ?? country);
      const list = await catalogs.of(request.auth!.sandbox).topList(Number(rankId), rankType, lang, limit);
      const names = { complex: "Comprehensive List", hot: "Hot Selling List", goodPrice: "Good Price List" };
      return ok(request, { rankId, rankName: names[rankType], rankType, rankProductModels: list.map((p, i) => alibabaRankItem(p, i + 1)) });
    },
  );
}
