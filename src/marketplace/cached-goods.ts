// A TTL cache in front of any GoodsPort. Real connectors pay per upstream call and answer slowly,
// so product details, categories and sellers are kept for a while; searches are not cached (they are
// many and rarely repeat exactly). The cache returns exactly what the upstream returned: shapes never
// change, only how fresh the data is (fetchedAt tells; it is not part of the wire contract).
import type { GoodsPort, ImageQuery, KeywordQuery, Lang, Platform } from "./port.ts";

interface Entry<T> {
  value: T;
  fetchedAt: number;
  expiresAt: number;
}

export interface CachedGoodsOptions {
  ttlMs: number;
  maxEntries?: number;
  /** Real time; a test clock in tests. */
  now?: () => number;
}

export class CachedGoods implements GoodsPort {
  readonly #inner: GoodsPort;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<unknown>>();
  hits = 0;
  misses = 0;

  constructor(inner: GoodsPort, options: CachedGoodsOptions) {
    this.#inner = inner;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 50_000;
    this.#now = options.now ?? Date.now;
  }

  async #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const entry = this.#entries.get(key) as Entry<T> | undefined;
    if (entry && entry.expiresAt > now) {
      this.hits++;
      // Most recently used last: the oldest entry is evicted first when the cache is full.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.value;
    }
    this.misses++;
    const value = await load();
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, fetchedAt: now, expiresAt: now + this.#ttlMs });
    return value;
  }

  /** When the cached value for a product was fetched (undefined when not cached). */
  fetchedAt(platform: Platform, id: string, lang: Lang): number | undefined {
    return this.#entries.get(`product:${platform}:${id}:${lang}`)?.fetchedAt;
  }

  product(platform: Platform, id: string, lang: Lang) {
    return this.#cached(`product:${platform}:${id}:${lang}`, () => this.#inner.product(platform, id, lang));
  }
  category(platform: Platform, categoryId: number, lang: Lang) {
    return this.#cached(`category:${platform}:${categoryId}:${lang}`, () => this.#inner.category(platform, categoryId, lang));
  }
  seller(platform: Platform, sellerOpenId: string) {
    return this.#cached(`seller:${platform}:${sellerOpenId}`, () => this.#inner.seller(platform, sellerOpenId));
  }
  search(platform: Platform, query: KeywordQuery) {
    return this.#inner.search(platform, query);
  }
  searchByImage(platform: Platform, query: ImageQuery) {
    return this.#inner.searchByImage(platform, query);
  }
  recommend(platform: Platform, forUser: string | undefined, lang: Lang, offset: number, limit: number) {
    return this.#inner.recommend(platform, forUser, lang, offset, limit);
  }
  related(platform: Platform, productId: string, lang: Lang, offset: number, limit: number) {
    return this.#inner.related(platform, productId, lang, offset, limit);
  }
  topList(platform: Platform, categoryId: number, rankType: "complex" | "hot" | "goodPrice", lang: Lang, limit: number) {
    return this.#inner.topList(platform, categoryId, rankType, lang, limit);
  }
  image(platform: Platform, key: string) {
    return this.#inner.image(platform, key);
  }
}
