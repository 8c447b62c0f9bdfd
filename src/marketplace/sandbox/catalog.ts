// The sandbox catalogue: a deterministic Taobao or 1688 catalogue of `size` items computed from a
// seed. Item i is a pure function of (seed, platform, i), so nothing per item has to be stored:
// the typed arrays below hold only what searches filter and sort by, and the full product is
// rebuilt on demand.
import { seededRandom } from "../../platform/random.ts";
import type { Lang, Platform } from "../port.ts";
import { CatalogIds } from "./catalog-ids.ts";
import {
  categoryPath,
  composeTitle,
  leafCategories,
  LANGS,
  modifiersFor,
  skuProperty,
  type CategoryNode,
  type LeafCategory,
  type Modifier,
  type SkuProperty,
  type SkuValue,
  type Term,
} from "./vocabulary.ts";

/** 1688 filter codes an item may satisfy (alibaba-1688.md §0.7); bit i of the tag mask = code i. */
export const FILTER_CODES = [
  "shipInToday",
  "shipIn24Hours",
  "shipIn48Hours",
  "noReason7DReturn",
  "certifiedFactory",
  "totalEpScoreLv1",
  "totalEpScoreLv2",
  "totalEpScoreLv3",
  "totalEpScoreLv4",
  "getRate24HLv1",
  "getRate24HLv2",
  "getRate24HLv3",
  "getRate48HLv1",
  "getRate48HLv2",
  "getRate48HLv3",
  "isOnePsale",
  "isOnePsaleFreePost",
  "new7",
  "new30",
  "1688Selection",
  "isQqyx",
  "jxhy",
  "isSelect",
  "qrr0",
  "qrr1",
  "qrr5",
  "qrr10",
] as const;
/** Region exclusions: an item carrying one of these ships to that region. */
export const REGION_CODES = ["JPFL", "USFL", "KRFL", "VNFL", "SAFL", "RUFL", "KZFL", "HKFL", "MOFL", "TWFL"] as const;
export type TagCode = (typeof FILTER_CODES)[number] | (typeof REGION_CODES)[number];
export const TAG_CODES: readonly TagCode[] = [...FILTER_CODES, ...REGION_CODES];
const TAG_BIT = new Map<string, number>(TAG_CODES.map((code, i) => [code, i]));

/** Invented brands (no real trademarks), kept verbatim in every language. */
const BRANDS = ["Lumora", "Qinyu", "Haoxin", "Meilan", "Yunqi", "Zhuoya", "Kaiwen", "Baiyue", "Nanfeng", "Xingchen", "Ruibo", "Tianmo"];

const SHOP_PREFIX: readonly Term[] = [
  { zh: "优品", en: "Youpin", th: "Youpin", vi: "Youpin" },
  { zh: "星辰", en: "Xingchen", th: "Xingchen", vi: "Xingchen" },
  { zh: "晨光", en: "Chenguang", th: "Chenguang", vi: "Chenguang" },
  { zh: "锦绣", en: "Jinxiu", th: "Jinxiu", vi: "Jinxiu" },
  { zh: "悦享", en: "Yuexiang", th: "Yuexiang", vi: "Yuexiang" },
  { zh: "鑫源", en: "Xinyuan", th: "Xinyuan", vi: "Xinyuan" },
  { zh: "百汇", en: "Baihui", th: "Baihui", vi: "Baihui" },
  { zh: "嘉禾", en: "Jiahe", th: "Jiahe", vi: "Jiahe" },
];
const SHOP_SUFFIX = ["旗舰店", "专营店", "工厂店", "源头厂家", "精品店", "批发部"];
const CITIES = ["杭州", "广州", "深圳", "义乌", "泉州", "东莞", "苏州", "温州", "佛山", "宁波"];

const PLATFORM_SALT: Record<Platform, number> = { taobao: 0x7a0b, alibaba: 0x1688 };

function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

export interface SkuParams {
  k: number;
  values: Array<{ property: SkuProperty; value: SkuValue }>;
  priceFen: number;
  stock: number;
}

/** Everything an item is, before it is shaped for one API. */
export interface ItemParams {
  index: number;
  leaf: LeafCategory;
  path: CategoryNode[];
  type: Term;
  modifiers: Modifier[];
  brand: string | undefined;
  model: string | undefined;
  titles: Record<Lang, string>;
  priceFen: number;
  promotionPriceFen: number | null;
  stock: number;
  sales30d: number;
  commissionBp: number;
  repurchasePct: number;
  shop: number;
  tagMask: [number, number];
  active: boolean;
  minQuantity: number;
  postFeeFen: number;
  skus: SkuParams[];
  imageSeed: number;
}

export interface ShopParams {
  index: number;
  topCategory: CategoryNode;
  name: string;
  nick: string;
  companyName: string;
  city: string;
}

export class SandboxCatalog {
  readonly platform: Platform;
  readonly seed: number;
  readonly size: number;
  readonly ids: CatalogIds;
  readonly shopCount: number;
  readonly #leaves: readonly LeafCategory[];
  readonly #tops: CategoryNode[];
  // Per-leaf facts every item of the leaf shares, computed once (item() is on the generation path).
  readonly #paths = new Map<number, CategoryNode[]>();
  readonly #modifiers = new Map<string, Modifier[]>();
  readonly #properties = new Map<number, SkuProperty[]>();

  constructor(platform: Platform, seed: number, size: number) {
    if (!Number.isInteger(size) || size < 1 || size > 2_000_000) throw new RangeError("catalogue size must be 1..2,000,000");
    this.platform = platform;
    this.seed = seed >>> 0;
    this.size = size;
    this.ids = new CatalogIds(this.seed, platform);
    this.#leaves = leafCategories();
    const tops = new Map<number, CategoryNode>();
    for (const leaf of this.#leaves) {
      const top = categoryPath(leaf.id)[0]!;
      tops.set(top.id, top);
    }
    this.#tops = [...tops.values()];
    this.shopCount = Math.max(this.#tops.length * 4, Math.ceil(size / 150));
  }

  #rand(i: number, salt: number): () => number {
    return seededRandom(mix(this.seed, PLATFORM_SALT[this.platform] + salt, i));
  }

  shop(s: number): ShopParams {
    const r = this.#rand(s, 1);
    const top = this.#tops[s % this.#tops.length]!;
    const prefix = SHOP_PREFIX[Math.floor(r() * SHOP_PREFIX.length)]!;
    const suffix = SHOP_SUFFIX[Math.floor(r() * SHOP_SUFFIX.length)]!;
    const city = CITIES[Math.floor(r() * CITIES.length)]!;
    const serial = 1 + Math.floor(r() * 899);
    return {
      index: s,
      topCategory: top,
      name: `${prefix.zh}${top.name.zh}${suffix}${serial}`,
      nick: `${prefix.zh}${city}${serial}`,
      companyName: `${city}${prefix.zh}${top.name.zh}有限公司`,
      city,
    };
  }

  /** The leaf category of item i: the first draw of item(i), without the rest. */
  leafOf(i: number): LeafCategory {
    return this.#leaves[Math.floor(this.#rand(i, 0)() * this.#leaves.length)]!;
  }

  /** The seed of item i's pictures (as item(i).imageSeed). */
  imageSeedOf(i: number): number {
    return mix(this.seed, PLATFORM_SALT[this.platform], i ^ 0x5bd1e995);
  }

  /** The item at index i (0 <= i < size). */
  item(i: number): ItemParams {
    const r = this.#rand(i, 0);
    const leaf = this.#leaves[Math.floor(r() * this.#leaves.length)]!;
    let path = this.#paths.get(leaf.id);
    if (!path) this.#paths.set(leaf.id, (path = categoryPath(leaf.id)));
    // The main product type most of the time, so that type words find many items.
    const type = r() < 0.6 ? leaf.productTypes[0]! : leaf.productTypes[Math.floor(r() * leaf.productTypes.length)]!;
    const modifierKey = `${leaf.id}:${type.zh}`;
    let candidates = this.#modifiers.get(modifierKey);
    if (!candidates) this.#modifiers.set(modifierKey, (candidates = modifiersFor(leaf, type)));
    const modifiers: Modifier[] = [];
    const kinds = new Set<string>();
    const wanted = candidates.length === 0 ? 0 : 1 + Math.floor(r() * 3);
    for (let tries = 0; modifiers.length < wanted && tries < 12; tries++) {
      const m = candidates[Math.floor(r() * candidates.length)]!;
      if (kinds.has(m.kind)) continue;
      kinds.add(m.kind);
      modifiers.push(m);
    }
    const brand = r() < 0.3 ? BRANDS[Math.floor(r() * BRANDS.length)] : undefined;
    const model = r() < 0.15 ? `${"ABKMSX"[Math.floor(r() * 6)]}${10 + Math.floor(r() * 90)}` : undefined;
    const titles = {} as Record<Lang, string>;
    for (const lang of LANGS) titles[lang] = composeTitle({ modifiers, type, ...(brand ? { brand } : {}), ...(model ? { model } : {}) }, lang);

    const [min, max] = leaf.priceRangeFen;
    // Log-uniform within the category's range, ending in 9 or 0 like real price tags.
    const raw = Math.exp(Math.log(min) + r() * (Math.log(max) - Math.log(min)));
    const priceFen = Math.max(1, raw >= 1000 ? Math.round(raw / 100) * 100 - (r() < 0.5 ? 1 : 0) : Math.round(raw / 10) * 10 - (r() < 0.5 ? 1 : 0));
    const promotionPriceFen = r() < 0.4 ? Math.max(1, Math.round(priceFen * (0.8 + r() * 0.15))) : null;
    const sales30d = Math.floor(Math.exp(r() * 9)) - 1;
    const commissionBp = 100 + Math.floor(r() * 2900);
    const repurchasePct = 5 + Math.floor(r() * 55);
    const tops = this.#tops.length;
    const topIndex = this.#tops.findIndex((t) => t.id === path[0]!.id);
    const perTop = Math.max(1, Math.floor(this.shopCount / tops));
    const shop = topIndex + tops * Math.floor(r() * perTop);
    let lo = 0;
    let hi = 0;
    TAG_CODES.forEach((_, bit) => {
      if (r() < (bit < FILTER_CODES.length ? 0.3 : 0.6)) {
        if (bit < 32) lo |= 1 << bit;
        else hi |= 1 << (bit - 32);
      }
    });
    const active = r() >= 0.02;
    const minQuantity = this.platform === "alibaba" ? 1 + Math.floor(r() * 5) : r() < 0.1 ? 2 : 0;
    const postFeeFen = r() < 0.6 ? 0 : 500 + Math.floor(r() * 10) * 100;

    // SKUs: up to two of the leaf's properties, 1..5 values each.
    const skus: SkuParams[] = [];
    let props = this.#properties.get(leaf.id);
    if (!props) this.#properties.set(leaf.id, (props = leaf.propertySets.slice(0, 2).map(skuProperty)));
    const chosen = props.map((property) => {
      const count = Math.min(property.values.length, 1 + Math.floor(r() * 5));
      const start = Math.floor(r() * property.values.length);
      return Array.from({ length: count }, (_, j) => ({ property, value: property.values[(start + j) % property.values.length]! }));
    });
    const combos: Array<SkuParams["values"]> = chosen.reduce<Array<SkuParams["values"]>>(
      (acc, values) => acc.flatMap((combo) => values.map((v) => [...combo, v])),
      [[]],
    );
    for (const [k, values] of combos.slice(0, 24).entries()) {
      const delta = 1 + (r() - 0.3) * 0.3;
      skus.push({ k, values, priceFen: Math.max(1, Math.round((priceFen * delta) / 10) * 10 - 1), stock: Math.floor(r() * 800) });
    }
    if (skus.length > 0) skus[0]!.priceFen = priceFen; // the listed price is a real SKU's price
    const stock = skus.length > 0 ? skus.reduce((sum, s) => sum + s.stock, 0) : 50 + Math.floor(r() * 5000);
    return {
      index: i,
      leaf,
      path,
      type,
      modifiers,
      brand,
      model,
      titles,
      priceFen,
      promotionPriceFen,
      stock,
      sales30d,
      commissionBp,
      repurchasePct,
      shop,
      tagMask: [lo >>> 0, hi >>> 0],
      active,
      minQuantity,
      postFeeFen,
      skus,
      imageSeed: this.imageSeedOf(i),
    };
  }

  /** Item index of any product id, or undefined when it is not one of this catalogue's. */
  indexOf(id: string): number | undefined {
    const i = this.ids.productIndex(id);
    return i !== undefined && i < this.size ? i : undefined;
  }

  static tagBit(code: string): number | undefined {
    return TAG_BIT.get(code);
  }
}

export function hasTag(mask: readonly [number, number], bit: number): boolean {
  return bit < 32 ? ((mask[0] >>> bit) & 1) === 1 : ((mask[1] >>> (bit - 32)) & 1) === 1;
}
