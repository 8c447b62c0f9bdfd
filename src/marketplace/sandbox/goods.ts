// The goods half of the marketplace port, served by the sandbox catalogues: one Taobao and one 1688
// catalogue, each with a keyword index and an image index built at start (or loaded from DATA_DIR).
import type { Category, GoodsPort, ImageQuery, KeywordQuery, Lang, Platform, Product, SearchPage, Seller, Sku } from "../port.ts";
import { ImageInputError } from "../port.ts";
import { hasTag, SandboxCatalog, TAG_CODES, type ItemParams } from "./catalog.ts";
import { categoryById, childrenOf, isLeaf, type CategoryNode, type Term } from "./vocabulary.ts";
import { encodePng, renderItemImage, decodeImage, ImageDecodeError } from "./images.ts";
import { SearchIndexes } from "./indexes.ts";

const pick = (term: Term, lang: Lang): string => term[lang] || term.en;

export interface SandboxGoodsOptions {
  /** Absolute base of the platform's own address, for image URLs (e.g. http://localhost:8080). */
  publicUrl: string;
}

export class SandboxGoods implements GoodsPort {
  readonly #catalogs: Record<Platform, SandboxCatalog>;
  readonly #indexes: Record<Platform, SearchIndexes>;
  readonly #publicUrl: string;

  constructor(catalogs: Record<Platform, SandboxCatalog>, indexes: Record<Platform, SearchIndexes>, options: SandboxGoodsOptions) {
    this.#catalogs = catalogs;
    this.#indexes = indexes;
    this.#publicUrl = options.publicUrl.replace(/\/$/, "");
  }

  catalog(platform: Platform): SandboxCatalog {
    return this.#catalogs[platform];
  }

  imageUrl(platform: Platform, productId: string, n: number): string {
    return `${this.#publicUrl}/sandbox/img/${platform}/${productId}/${n}.png`;
  }

  #category(node: CategoryNode, lang: Lang): Category {
    return { id: node.id, parentId: node.parentId, level: node.level, name: { zh: node.name.zh, trans: pick(node.name, lang) }, leaf: isLeaf(node) };
  }

  #seller(catalog: SandboxCatalog, s: number): Seller {
    const shop = catalog.shop(s);
    return { shopId: Number(catalog.ids.shopId(s)), shopName: shop.name, nick: shop.nick, sellerOpenId: catalog.ids.sellerOpenId(s), companyName: shop.companyName };
  }

  /** The port's product from the catalogue's item. */
  async product(platform: Platform, id: string, lang: Lang): Promise<Product | undefined> {
    const catalog = this.#catalogs[platform];
    const i = catalog.indexOf(id);
    return i === undefined ? undefined : this.productAt(platform, i, lang);
  }

  productAt(platform: Platform, i: number, lang: Lang): Product {
    const catalog = this.#catalogs[platform];
    const item = catalog.item(i);
    const id = catalog.ids.productId(i);
    const skus: Sku[] = item.skus.map((sku) => ({
      skuId: catalog.ids.skuId(i, sku.k),
      mpSkuId: platform === "taobao" ? catalog.ids.skuId(i, sku.k) : catalog.ids.specId(i, sku.k),
      priceFen: sku.priceFen,
      promotionPriceFen: item.promotionPriceFen === null ? null : Math.max(1, Math.round((sku.priceFen * item.promotionPriceFen) / item.priceFen)),
      stock: sku.stock,
      postFeeFen: item.postFeeFen,
      imageUrl: sku.values.length > 0 ? this.imageUrl(platform, id, 1 + (sku.k % 3)) : null,
      active: item.active,
      properties: sku.values.map(({ property, value }) => ({
        propId: property.propId,
        propName: { zh: property.name.zh, trans: pick(property.name, lang) },
        valueId: value.valueId,
        valueName: { zh: value.name.zh, trans: pick(value.name, lang) },
      })),
    }));
    return {
      platform,
      id,
      numericId: catalog.ids.numericId(i),
      mpId: catalog.ids.mpId(i),
      title: { zh: item.titles.zh, trans: item.titles[lang] || item.titles.en },
      description: `<div class="desc"><p>${item.titles.zh}</p><img src="${this.imageUrl(platform, id, 0)}"/></div>`,
      imageUrls: [0, 1, 2].map((n) => this.imageUrl(platform, id, n)),
      priceFen: item.priceFen,
      promotionPriceFen: item.promotionPriceFen,
      stock: item.stock,
      minQuantity: item.minQuantity,
      priceTiers: platform === "alibaba" ? tiers(item) : [],
      quoteType: platform === "alibaba" ? (skus.length === 0 ? 0 : item.index % 3 === 0 ? 2 : 1) : skus.length === 0 ? 0 : 1,
      unit: { zh: "件", trans: lang === "zh" ? "件" : "Piece" },
      categoryPath: item.path.map((node) => this.#category(node, lang)),
      seller: this.#seller(catalog, item.shop),
      active: item.active,
      sales30d: item.sales30d,
      commissionBp: item.commissionBp,
      repurchaseRatePct: item.repurchasePct,
      weightKg: item.leaf.weightKg,
      tags: TAG_CODES.filter((_, bit) => hasTag(item.tagMask, bit)),
      skus,
    };
  }

  async search(platform: Platform, query: KeywordQuery): Promise<SearchPage<Product>> {
    // No keyword: the whole range (a shop's offers), best sellers first.
    const hits = query.keyword.trim() === "" ? this.#indexes[platform].browse(query) : this.#indexes[platform].keyword(query);
    return { total: hits.total, items: hits.indexes.map((i) => this.productAt(platform, i, query.lang)) };
  }

  async searchByImage(platform: Platform, query: ImageQuery): Promise<SearchPage<Product>> {
    let image;
    try {
      image = await decodeImage(query.image);
    } catch (err) {
      if (err instanceof ImageDecodeError) throw new ImageInputError(err.message);
      throw err;
    }
    const hits = this.#indexes[platform].image(image, query);
    return { total: hits.total, items: hits.indexes.map((i) => this.productAt(platform, i, query.lang)) };
  }

  async category(_platform: Platform, categoryId: number, lang: Lang) {
    if (categoryId === 0) {
      const root: Category = { id: 0, parentId: 0, level: 0, name: { zh: "全部类目", trans: lang === "zh" ? "全部类目" : "All categories" }, leaf: false };
      return { category: root, children: childrenOf(0).map((c) => this.#category(c, lang)) };
    }
    const node = categoryById(categoryId);
    if (!node) return undefined;
    return { category: this.#category(node, lang), children: childrenOf(node.id).map((c) => this.#category(c, lang)) };
  }

  async seller(platform: Platform, sellerOpenId: string): Promise<Seller | undefined> {
    const catalog = this.#catalogs[platform];
    const s = catalog.ids.shopIndex(sellerOpenId);
    return s === undefined || s >= catalog.shopCount ? undefined : this.#seller(catalog, s);
  }

  async recommend(platform: Platform, forUser: string | undefined, lang: Lang, offset: number, limit: number): Promise<Product[]> {
    return this.#indexes[platform].recommend(forUser, offset, limit).map((i) => this.productAt(platform, i, lang));
  }

  async related(platform: Platform, productId: string, lang: Lang, offset: number, limit: number): Promise<Product[] | undefined> {
    const i = this.#catalogs[platform].indexOf(productId);
    if (i === undefined) return undefined;
    return this.#indexes[platform].related(i, offset, limit).map((j) => this.productAt(platform, j, lang));
  }

  async topList(platform: Platform, categoryId: number, rankType: "complex" | "hot" | "goodPrice", lang: Lang, limit: number): Promise<Product[] | undefined> {
    if (!categoryById(categoryId)) return undefined;
    return this.#indexes[platform].topList(categoryId, rankType, limit).map((i) => this.productAt(platform, i, lang));
  }

  /** "<productId>/<n>.png" of this catalogue → PNG bytes (rendered on demand, deterministic). */
  async image(platform: Platform, key: string): Promise<Buffer | undefined> {
    const match = /^([A-Za-z0-9_-]{22})\/([0-2])\.png$/.exec(key);
    if (!match) return undefined;
    const catalog = this.#catalogs[platform];
    const i = catalog.indexOf(match[1]!);
    if (i === undefined) return undefined;
    return encodePng(renderItemImage(SearchIndexes.imageSpec(catalog.item(i), Number(match[2])), 400));
  }
}

function tiers(item: ItemParams) {
  const base = item.priceFen;
  const first = Math.max(1, item.minQuantity);
  return [
    { startQuantity: first, priceFen: base, promotionPriceFen: item.promotionPriceFen },
    { startQuantity: first * 10, priceFen: Math.max(1, Math.round(base * 0.95)), promotionPriceFen: null },
    { startQuantity: first * 100, priceFen: Math.max(1, Math.round(base * 0.9)), promotionPriceFen: null },
  ];
}
