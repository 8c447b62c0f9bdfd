// Goods use cases over the marketplace port: Taobao and 1688 product detail, id mapping, keyword,
// image and shop search, categories, recommendations and hot lists (taobao.md §1, alibaba-1688.md §1).
import { ImageInputError, MAX_IMAGE_BYTES, type GoodsPort, type KeywordQuery, type Lang, type Platform, type Product } from "../../marketplace/port.ts";
import { ApiError, Code, invalid, notFound } from "../../platform/http/errors.ts";
import { yuanToFen } from "../../platform/money.ts";


export interface CatalogDeps {
  goods: GoodsPort;
  /** Fetches an image URL (SSRF-guarded, size-capped); throws ApiError 40002 with the reason. */
  fetchImage(url: string, field: string): Promise<Buffer>;
}

const TAOBAO_SORTS: Record<string, NonNullable<KeywordQuery["sort"]>> = {
  tk_rate_desc: { key: "commission", order: "desc" },
  tk_rate_asc: { key: "commission", order: "asc" },
  total_sales_desc: { key: "sales", order: "desc" },
  total_sales_asc: { key: "sales", order: "asc" },
  price_desc: { key: "price", order: "desc" },
  price_asc: { key: "price", order: "asc" },
};

export const TAOBAO_SORT_KEYS = Object.keys(TAOBAO_SORTS);

/** The upstream's short forms ending in `_des` are aliases of `_desc` (taobao.md §1.3). */
export function taobaoSort(value: string | undefined): KeywordQuery["sort"] {
  if (value === undefined || value === "") return undefined;
  const normal = value.endsWith("_des") ? `${value}c` : value;
  const sort = Object.hasOwn(TAOBAO_SORTS, normal) ? TAOBAO_SORTS[normal] : undefined;
  if (!sort) throw invalid(`sort must be one of ${TAOBAO_SORT_KEYS.join(", ")} (or a _des alias)`);
  return sort;
}

export function decodeBase64Image(text: string, field: string): Buffer {
  const body = text.replace(/^data:image\/[a-z+]+;base64,/i, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body) || body.length === 0) throw invalid(`${field} is not base64`);
  const bytes = Buffer.from(body, "base64");
  if (bytes.length > MAX_IMAGE_BYTES) throw invalid(`${field} is larger than 3 MB`);
  return bytes;
}

/** The 1688 group's language parameter: zh, en, th, vi; anything else falls back to en (README §2.8). */
export function langOf(code: string | undefined): Lang {
  const lang = (code ?? "en").toLowerCase();
  return lang === "zh" || lang === "th" || lang === "vi" || lang === "en" ? lang : "en";
}

const ALIBABA_SORT_KEYS: Record<string, NonNullable<KeywordQuery["sort"]>["key"]> = { price: "price", rePurchaseRate: "repurchase", monthSold: "sales" };
/** Accepted and ignored (alibaba-1688.md §0.7). */
const IGNORED_FILTERS = new Set(["ksCiphertext"]);

/** 1688 `filter`: comma-separated codes; unknown codes are 40002. */
export function alibabaFilter(text: string | undefined, known: readonly string[], extra: string[] = []): string[] {
  const codes = (text ?? "").split(",").map((c) => c.trim()).filter((c) => c !== "" && !IGNORED_FILTERS.has(c));
  for (const code of codes) if (!known.includes(code)) throw invalid(`filter has an unknown code: ${code}`);
  return [...new Set([...codes, ...extra])];
}

/** 1688 `sort`: a JSON string with one member, e.g. {"price":"desc"}. */
export function alibabaSort(text: string | undefined): NonNullable<KeywordQuery["sort"]> | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('sort must be a JSON string such as {"price":"desc"}');
  }
  const entries = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
  const [entry] = entries;
  if (entries.length !== 1 || !entry || !ALIBABA_SORT_KEYS[entry[0]] || (entry[1] !== "asc" && entry[1] !== "desc")) {
    throw invalid("sort must have one member price, rePurchaseRate or monthSold with the value asc or desc");
  }
  return { key: ALIBABA_SORT_KEYS[entry[0]]!, order: entry[1] };
}

export function yuanBound(text: string | undefined, field: string): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const fen = yuanToFen(text);
  if (fen === undefined) throw invalid(`${field} must be a decimal amount in yuan, e.g. "633.69"`);
  return fen;
}

/** The catalogue a developer's goods calls use: the sandbox's, or the live connectors'. */
export interface Catalogs {
  of(sandbox: boolean): CatalogService;
}

export class CatalogService {
  readonly #deps: CatalogDeps;
  constructor(deps: CatalogDeps) {
    this.#deps = deps;
  }

  async product(platform: Platform, id: string, lang: Lang): Promise<Product> {
    const product = await this.find(platform, id, lang);
    if (!product) throw notFound(`product ${id}`);
    return product;
  }

  /** The product as buyers see it, or undefined: a delisted product is not found (taobao.md §1.1). */
  async find(platform: Platform, id: string, lang: Lang): Promise<Product | undefined> {
    const product = await this.#deps.goods.product(platform, id, lang);
    return product?.active ? product : undefined;
  }

  /**
   * The product as the upstream has it, delisted ones included (undefined only when unknown): carts
   * and previews report a delisted product as OFFLINE rather than as unknown.
   */
  lookup(platform: Platform, id: string, lang: Lang): Promise<Product | undefined> {
    return this.#deps.goods.product(platform, id, lang);
  }

  /** taobao.md §1.2: map item and SKU ids to the distribution ids orders need. */
  async taobaoBatchCheck(params: Array<{ itemId: string; skuIds?: string[] }>) {
    const mpProducts: Array<{ itemId: string; mpId: string; mpSkuList: Array<{ skuId: string; mpSkuId: string }> }> = [];
    const noMpProductItemIds: string[] = [];
    const noMpReasonList: Array<{ itemId: string; reason: string }> = [];
    for (const { itemId, skuIds = [] } of params) {
      const product = await this.#deps.goods.product("taobao", itemId, "zh");
      if (!product || !product.active) {
        noMpProductItemIds.push(itemId);
        noMpReasonList.push({ itemId, reason: product ? "OFFLINE" : "NOT_FOUND" });
        continue;
      }
      const wanted = skuIds.length === 0 ? product.skus : product.skus.filter((sku) => skuIds.includes(sku.skuId) || skuIds.includes(sku.mpSkuId));
      for (const skuId of skuIds) {
        if (!product.skus.some((sku) => sku.skuId === skuId || sku.mpSkuId === skuId)) noMpReasonList.push({ itemId, reason: `SKU_NOT_FOUND:${skuId}` });
      }
      mpProducts.push({ itemId, mpId: product.mpId, mpSkuList: wanted.map((sku) => ({ skuId: sku.skuId, mpSkuId: sku.mpSkuId })) });
    }
    return { mpProducts, noMpProductItemIds, noMpReasonList };
  }

  search(platform: Platform, query: KeywordQuery) {
    return this.#deps.goods.search(platform, query);
  }

  async seller(sellerOpenId: string) {
    const seller = await this.#deps.goods.seller("alibaba", sellerOpenId);
    if (!seller) throw notFound(`seller ${sellerOpenId}`);
    return seller;
  }

  async category(categoryId: number, lang: Lang) {
    const found = await this.#deps.goods.category("alibaba", categoryId, lang);
    if (!found) throw notFound(`category ${categoryId}`);
    return found;
  }

  recommend(forUser: string | undefined, lang: Lang, offset: number, limit: number) {
    return this.#deps.goods.recommend("alibaba", forUser, lang, offset, limit);
  }

  async related(offerId: string, lang: Lang, offset: number, limit: number) {
    const list = await this.#deps.goods.related("alibaba", offerId, lang, offset, limit);
    if (!list) throw notFound(`product ${offerId}`);
    return list;
  }

  async topList(categoryId: number, rankType: "complex" | "hot" | "goodPrice", lang: Lang, limit: number) {
    const list = await this.#deps.goods.topList("alibaba", categoryId, rankType, lang, limit);
    if (!list) throw notFound(`category ${categoryId}`);
    return list;
  }

  /** The image bytes of a request: base64 wins over a URL unless the endpoint says otherwise. */
  async imageBytes(source: { base64?: string | undefined; url?: string | undefined; base64Field: string; urlField: string }): Promise<Buffer> {
    if (source.base64) return decodeBase64Image(source.base64, source.base64Field);
    if (source.url) return this.#deps.fetchImage(source.url, source.urlField);
    throw invalid(`${source.base64Field} or ${source.urlField} is required`);
  }

  async searchByImage(platform: Platform, image: Buffer, query: Omit<KeywordQuery, "keyword">) {
    try {
      return await this.#deps.goods.searchByImage(platform, { ...query, image });
    } catch (err) {
      if (err instanceof ImageInputError) throw new ApiError(Code.VALIDATION_ERROR, err.message);
      throw err;
    }
  }
}
