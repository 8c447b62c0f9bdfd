// The order page's hot path, shared by every platform's orders: the storefront's everyday pages (no
// filter, or a status tab) of all concurrent requests are answered by one query per tick, and the
// stored views come back as cached UTF-8 bytes. A platform supplies the two queries over its tables.
import { TickBatcher } from "../../../platform/batch.ts";
import { ViewBytesCache } from "./view-cache.ts";

export interface OwnerPageRequest {
  developerId: string;
  userId: string;
  status: number | undefined;
  offset: number;
  limit: number;
}

/** An order of a page: its id and view version (the view's bytes come from the cache or viewsOf). */
export interface PageEntry {
  id: string;
  version: number;
}

export interface PageResult {
  total: number;
  entries: PageEntry[];
}

/** The queries a platform's repo answers for its orders. */
export interface StoredViewSource {
  /** One page per request, in request order, with totals: one round trip for the batch. */
  ownerPages(requests: readonly OwnerPageRequest[]): Promise<PageResult[]>;
  /** The stored views of some orders, with the version each was read at. */
  viewsOf(ids: readonly string[]): Promise<Array<{ id: string; version: number; view_json: string }>>;
}

export class PageBatcher {
  readonly #source: StoredViewSource;
  readonly #ownerPages: TickBatcher<OwnerPageRequest, PageResult>;
  readonly #views: ViewBytesCache;

  constructor(source: StoredViewSource, cacheBytes = 64 * 1024 * 1024) {
    this.#source = source;
    this.#ownerPages = new TickBatcher((requests) => source.ownerPages(requests));
    this.#views = new ViewBytesCache(cacheBytes);
  }

  /** An unfiltered or status-only page, batched with the other requests of this tick. */
  ownerPage(request: OwnerPageRequest): Promise<PageResult> {
    return this.#ownerPages.load(request);
  }

  /**
   * The UTF-8 bytes of stored views. A view changes only with its version, so (id, version) names
   * its bytes forever: they are kept in a bounded cache and served without decoding the text from
   * the database and encoding it again, which was a fifth of the order page's CPU.
   */
  async viewBytes(entries: readonly PageEntry[]): Promise<Buffer[]> {
    const out: Array<Buffer | undefined> = entries.map((e) => this.#views.get(e.id, e.version));
    const missing = entries.filter((_, i) => out[i] === undefined).map((e) => e.id);
    if (missing.length > 0) {
      const fetched = new Map((await this.#source.viewsOf(missing)).map((row) => [row.id, row]));
      entries.forEach((entry, i) => {
        const row = fetched.get(entry.id);
        // An order removed between the two reads (a sandbox reset) is left out of the page.
        if (out[i] === undefined && row) out[i] = this.#views.set(row.id, row.version, Buffer.from(row.view_json, "utf8"));
      });
    }
    return out.filter((bytes): bytes is Buffer => bytes !== undefined);
  }
}
