// Mapping of the Taobao Global goods answers onto the port's Product. Field names are SEEN in the Go
// SDK's types (Mlegbder/taobao-global types/product_query.go, item_search.go): /product/get prices
// are fen integers, /traffic/item/search prices are yuan strings. Kept apart from connector.ts so the
// mapping can be read (and tested) without the wire.
import type { KeywordQuery, Lang, LocalizedText, Product, Sku, SkuProperty } from "../port.ts";

/** /traffic/item/search's largest page (SEEN: "默认 10，上限 20"). */
export const SEARCH_PAGE_MAX = 20;
/**
 * /traffic/item/imgsearch answers one list of at most this many items and takes no paging
 * parameters (SEEN, types/item_img_search.go: "搜索结果 (最多100条)"; request fields pic_url,
 * include_tags, language, image_id only), so its pages are cut from that one list.
 */
export const IMAGE_SEARCH_MAX = 100;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown, fallback = 0): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);

/**
 * The upstream's translation language for a port language, or undefined for the original Chinese.
 * The upstream offers en, vi, ru, ko, ja (SEEN); Thai is not among them, and the port says a
 * translation falls back to English, so th asks for en.
 */
export function upstreamLanguage(lang: Lang): string | undefined {
  switch (lang) {
    case "zh":
      return undefined;
    case "vi":
      return "vi";
    default:
      return "en";
  }
}

/** Port sort → the upstream's (SEEN: PRICE_ASC/DESC, SALE_QTY_ASC/DESC). Commission and repurchase have none: relevance. */
export function searchSort(sort: KeywordQuery["sort"]): string | undefined {
  if (!sort) return undefined;
  const dir = sort.order === "asc" ? "ASC" : "DESC";
  if (sort.key === "price") return `PRICE_${dir}`;
  if (sort.key === "sales") return `SALE_QTY_${dir}`;
  return undefined;
}

/** "12.90" yuan → 1290 fen, rounding away float noise. */
export function yuanToFen(v: unknown): number {
  const n = num(v, NaN);
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}

const same = (zh: string): LocalizedText => ({ zh, trans: zh });

/** INFERRED: the SDK shows status strings but not their values; anything saying off-shelf or deleted is inactive. */
const isActive = (status: unknown): boolean => !/delete|off|instock|inactive|invalid/i.test(text(status));

/** A /product/get `data` → Product; `translatedTitle` when the upstream had one in the asked language. */
export function toProduct(d: Json, translatedTitle?: string): Product {
  const title = text(d["title"]);
  const skus: Sku[] = arr(d["sku_list"]).map((raw) => {
    const s = obj(raw);
    const promo = num(s["promotion_price"]);
    return {
      skuId: text(s["sku_id"]),
      mpSkuId: text(s["mp_skuId"]),
      priceFen: num(s["price"]),
      // 0 on the wire means "no promotion" (the fake's reading; INFERRED).
      promotionPriceFen: promo > 0 ? promo : null,
      stock: num(s["quantity"]),
      postFeeFen: num(s["postFee"]),
      imageUrl: text(s["pic_url"]) || null,
      active: isActive(s["status"]),
      properties: arr(s["properties"]).map((p): SkuProperty => {
        const q = obj(p);
        // /product/get gives the Chinese names only; translated ones need /product/translate/get's sku_properties (not read yet).
        return { propId: num(q["prop_id"]), propName: same(text(q["prop_name"])), valueId: num(q["value_id"]), valueName: same(text(q["value_name"])) };
      }),
    };
  });
  const promo = num(d["promotion_price"]);
  const categoryName = text(d["category_name"]);
  return {
    platform: "taobao",
    id: text(d["item_id"]),
    numericId: text(d["item_id"]),
    mpId: text(d["mp_id"]),
    title: { zh: title, trans: translatedTitle || title },
    description: text(d["description"]),
    imageUrls: arr(d["pic_urls"]).map(text).filter(Boolean),
    priceFen: num(d["price"]),
    promotionPriceFen: promo > 0 ? promo : null,
    stock: num(d["quantity"]),
    minQuantity: num(d["begin_amount"]),
    priceTiers: [],
    quoteType: skus.length > 0 ? 1 : 0,
    unit: same(text(d["product_unit"])),
    // Only the leaf is known by id (category_path is names only).
    categoryPath: text(d["category_id"]) ? [{ id: num(d["category_id"]), parentId: 0, level: 1, name: same(categoryName), leaf: true }] : [],
    seller: { shopId: num(d["shop_id"]), shopName: text(d["shop_name"]), nick: text(d["user_nick"]), sellerOpenId: "", companyName: "" },
    active: isActive(d["status"]),
    // Not in the answer.
    sales30d: 0,
    commissionBp: 0,
    repurchaseRatePct: 0,
    weightKg: 0,
    tags: [],
    skus,
  };
}

/** A /traffic/item/search entry → Product: a summary (no SKUs, no mp_id); `product()` reads the rest. */
export function searchItemToProduct(i: Json): Product {
  const title = text(i["title"]);
  const image = text(i["main_image_url"]);
  return {
    platform: "taobao",
    id: text(i["item_id"]),
    numericId: text(i["item_id"]),
    mpId: "",
    title: { zh: title, trans: text(obj(i["multi_language_info"])["title"]) || title },
    description: "",
    imageUrls: image ? [image] : [],
    // The search's price is already the promotional one (SEEN: "优惠价"), so there is no second price.
    priceFen: yuanToFen(i["price"]),
    promotionPriceFen: null,
    stock: num(i["inventory"]),
    minQuantity: 0,
    priceTiers: [],
    quoteType: 0,
    unit: same(""),
    categoryPath: [],
    seller: { shopId: 0, shopName: text(i["shop_name"]), nick: "", sellerOpenId: "", companyName: "" },
    active: true,
    sales30d: 0,
    commissionBp: 0,
    repurchaseRatePct: 0,
    weightKg: 0,
    // The search's tags are activity codes, not the port's filter codes.
    tags: [],
    skus: [],
  };
}
