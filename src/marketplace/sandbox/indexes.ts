// The search side of one sandbox catalogue: the keyword index, the image index and the per-item
// attributes that searches filter and sort by (typed arrays, a few bytes per item). Built once from
// the catalogue, written to DATA_DIR as one snapshot file, and loaded from it on later starts.
import fs from "node:fs";
import path from "node:path";
import type { KeywordQuery } from "../port.ts";
import { SandboxCatalog, type ItemParams } from "./catalog.ts";
import { fingerprint, fingerprintItems, ImageIndex, ImageIndexBuilder } from "./image-index.ts";
import { IMAGE_STYLES, type RgbaImage } from "./images.ts";
import { TextIndex, TextIndexBuilder } from "./text-index.ts";
import { categoryPath, LANGS, leafCategories, type LeafCategory } from "./vocabulary.ts";

const SNAPSHOT_MAGIC = "OPSB";
const SNAPSHOT_VERSION = 2;
/** How many ranked results a search can reach (the 1688 upstream cap, alibaba-1688.md §1.2). */
export const MAX_REACHABLE = 2000;
/** Image search considers this many nearest images before filters and paging. */
const IMAGE_CANDIDATES = 500;

/** Product-type words (English) to the picture family that draws them. */
const STYLE_RULES: ReadonlyArray<[RegExp, (typeof IMAGE_STYLES)[number]]> = [
  [/dress|gown/, "dress"],
  [/skirt/, "skirt"],
  [/shirt|tee|hoodie|sweater|jacket|coat|top|blouse|vest|wear|pajama|uniform/, "t-shirt"],
  [/trouser|pant|jean|short|legging/, "trousers"],
  [/high-top|boot/, "sneaker-high"],
  [/shoe|sneaker|sandal|slipper|heel|loafer/, "shoe"],
  [/phone(?! case)|smartphone/, "phone"],
  [/laptop|notebook computer|computer|monitor|keyboard/, "laptop"],
  [/tablet|stand|holder/, "tablet-stand"],
  [/bowl|plate|dish/, "bowl"],
  [/mug|cup/, "mug"],
  [/bottle|thermos|flask/, "bottle"],
  [/teapot|kettle|pot/, "teapot"],
  [/handbag|purse|wallet|bag/, "handbag"],
  [/backpack|luggage|suitcase/, "backpack"],
  [/watch|clock/, "watch"],
  [/headphone|earphone|earbud|speaker/, "headphones"],
  [/lamp|light/, "lamp"],
  [/chair|stool/, "chair"],
  [/sofa|couch|bed|cushion|pillow/, "sofa"],
  [/cap|hat/, "cap"],
  [/umbrella/, "umbrella"],
  [/ring|necklace|earring|bracelet/, "ring"],
  [/outfit|suit|clothes|romper|onesie/, "t-shirt"],
  [/power bank|charger|cable|case/, "phone"],
  [/fan|heater|purifier|humidifier/, "lamp"],
  [/food|snack|treat|box|can|bin|basket/, "gift-box"],
];

/** The image family of a leaf: chosen from its main product type where one fits, else by id. */
export function styleOfLeaf(leaf: LeafCategory): number {
  const word = leaf.productTypes[0]!.en.toLowerCase();
  for (const [pattern, style] of STYLE_RULES) if (pattern.test(word)) return IMAGE_STYLES.indexOf(style);
  return (leaf.id * 7) % IMAGE_STYLES.length;
}

export interface Hits {
  total: number;
  /** Item indexes of the requested page. */
  indexes: number[];
}

interface Attributes {
  price: Uint32Array;
  sales: Uint32Array;
  commission: Uint16Array;
  repurchase: Uint8Array;
  leaf: Uint16Array;
  shop: Uint32Array;
  tagsLo: Uint32Array;
  tagsHi: Uint32Array;
  active: Uint8Array;
}

export interface BuildProgress {
  (done: number, total: number): void;
}

export class SearchIndexes {
  readonly catalog: SandboxCatalog;
  readonly #text: TextIndex;
  readonly #images: ImageIndex;
  readonly #attr: Attributes;
  readonly #leaves: readonly LeafCategory[];
  /** Items of each leaf (by leaf position), ascending. */
  readonly #byLeaf: Uint32Array[];
  /** Every category id (any level) → the leaf positions under it. */
  readonly #leavesUnder = new Map<number, number[]>();
  #bestSellers: Uint32Array | undefined;

  private constructor(catalog: SandboxCatalog, text: TextIndex, images: ImageIndex, attr: Attributes) {
    this.catalog = catalog;
    this.#text = text;
    this.#images = images;
    this.#attr = attr;
    this.#leaves = leafCategories();
    const counts = new Uint32Array(this.#leaves.length);
    for (let i = 0; i < catalog.size; i++) counts[attr.leaf[i]!]!++;
    this.#byLeaf = [...counts].map((n) => new Uint32Array(n));
    const fill = new Uint32Array(this.#leaves.length);
    for (let i = 0; i < catalog.size; i++) {
      const l = attr.leaf[i]!;
      this.#byLeaf[l]![fill[l]!++] = i;
    }
    this.#leaves.forEach((leaf, position) => {
      for (const node of categoryPath(leaf.id)) {
        const list = this.#leavesUnder.get(node.id) ?? [];
        list.push(position);
        this.#leavesUnder.set(node.id, list);
      }
    });
  }

  /**
   * Builds everything from the catalogue (the slow path: seconds per 100,000 items). The pictures are
   * fingerprinted on worker threads while this thread builds the attributes and the keyword index.
   */
  static async build(catalog: SandboxCatalog, progress?: BuildProgress): Promise<SearchIndexes> {
    const n = catalog.size;
    progress?.(0, n);
    const leafPosition = new Map(leafCategories().map((leaf, i) => [leaf.id, i]));
    const specs = { categoryId: new Uint32Array(n), categoryStyle: new Uint32Array(n), itemSeed: new Uint32Array(n) };
    const styles = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const leaf = catalog.leafOf(i);
      let style = styles.get(leaf.id);
      if (style === undefined) styles.set(leaf.id, (style = styleOfLeaf(leaf)));
      specs.categoryId[i] = leaf.id;
      specs.categoryStyle[i] = style;
      specs.itemSeed[i] = catalog.imageSeedOf(i);
    }
    const fingerprints = fingerprintItems(specs);
    // Keep the worker threads' failure from surfacing as an unhandled rejection while we work.
    fingerprints.catch(() => {});

    const attr: Attributes = {
      price: new Uint32Array(n),
      sales: new Uint32Array(n),
      commission: new Uint16Array(n),
      repurchase: new Uint8Array(n),
      leaf: new Uint16Array(n),
      shop: new Uint32Array(n),
      tagsLo: new Uint32Array(n),
      tagsHi: new Uint32Array(n),
      active: new Uint8Array(n),
    };
    const text = new TextIndexBuilder();
    const step = Math.max(1, Math.floor(n / 100));
    for (let i = 0; i < n; i++) {
      const item = catalog.item(i);
      attr.price[i] = item.promotionPriceFen ?? item.priceFen;
      attr.sales[i] = item.sales30d;
      attr.commission[i] = item.commissionBp;
      attr.repurchase[i] = item.repurchasePct;
      attr.leaf[i] = leafPosition.get(item.leaf.id)!;
      attr.shop[i] = item.shop;
      attr.tagsLo[i] = item.tagMask[0];
      attr.tagsHi[i] = item.tagMask[1];
      attr.active[i] = item.active ? 1 : 0;
      text.add(
        i,
        LANGS.map((lang) => item.titles[lang]),
        LANGS.map((lang) => item.type[lang]),
      );
      // The first 90% of the progress is this loop; the rest waits for the pictures.
      if (progress && (i + 1) % step === 0) progress(Math.floor(((i + 1) * 9) / 10), n);
      // Let the event loop breathe (the workers report through it) every few thousand items.
      if ((i & 0x3fff) === 0x3fff) await new Promise((resolve) => setImmediate(resolve));
    }
    const packed = await fingerprints;
    const images = new ImageIndexBuilder(n);
    for (let i = 0; i < n; i++) images.addPacked(i, packed, i);
    progress?.(n, n);
    return new SearchIndexes(catalog, text.build(), images.build(), attr);
  }

  /** The image of an item: n = 0 is the main image (the one indexed). */
  static imageSpec(item: ItemParams, n: number) {
    // n = 0 must equal the spec build() fingerprints: same leaf, style and seed.
    return { categoryId: item.leaf.id, categoryStyle: styleOfLeaf(item.leaf), itemSeed: (item.imageSeed + n * 0x9e3779b1) >>> 0 };
  }

  static snapshotPath(dir: string, catalog: SandboxCatalog): string {
    return path.join(dir, `${catalog.platform}-seed${catalog.seed}-${catalog.size}.snapshot`);
  }

  /** Loads the snapshot for this catalogue from `dir`, or builds and writes it. */
  static async loadOrBuild(catalog: SandboxCatalog, dir: string, progress?: BuildProgress): Promise<{ indexes: SearchIndexes; loaded: boolean }> {
    const file = SearchIndexes.snapshotPath(dir, catalog);
    if (fs.existsSync(file)) {
      try {
        return { indexes: SearchIndexes.fromSnapshot(catalog, fs.readFileSync(file)), loaded: true };
      } catch {
        // A damaged or older snapshot is rebuilt below.
      }
    }
    const indexes = await SearchIndexes.build(catalog, progress);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, indexes.toSnapshot());
    fs.renameSync(tmp, file); // atomic: a half-written snapshot is never read
    return { indexes, loaded: false };
  }

  toSnapshot(): Buffer {
    const a = this.#attr;
    const parts: Buffer[] = [
      Buffer.from(a.price.buffer, a.price.byteOffset, a.price.byteLength),
      Buffer.from(a.sales.buffer, a.sales.byteOffset, a.sales.byteLength),
      Buffer.from(a.commission.buffer, a.commission.byteOffset, a.commission.byteLength),
      Buffer.from(a.repurchase.buffer, a.repurchase.byteOffset, a.repurchase.byteLength),
      Buffer.from(a.leaf.buffer, a.leaf.byteOffset, a.leaf.byteLength),
      Buffer.from(a.shop.buffer, a.shop.byteOffset, a.shop.byteLength),
      Buffer.from(a.tagsLo.buffer, a.tagsLo.byteOffset, a.tagsLo.byteLength),
      Buffer.from(a.tagsHi.buffer, a.tagsHi.byteOffset, a.tagsHi.byteLength),
      Buffer.from(a.active.buffer, a.active.byteOffset, a.active.byteLength),
      this.#text.toBuffer(),
      this.#images.toBuffer(),
    ];
    const header = Buffer.alloc(8 + 4 + 4 + 4 + parts.length * 8);
    header.write(SNAPSHOT_MAGIC, 0, "latin1");
    header.writeUInt32LE(SNAPSHOT_VERSION, 4);
    header.writeUInt32LE(this.catalog.seed, 8);
    header.writeUInt32LE(this.catalog.size, 12);
    header.writeUInt32LE(parts.length, 16);
    parts.forEach((part, i) => header.writeDoubleLE(part.length, 20 + i * 8));
    return Buffer.concat([header, ...parts]);
  }

  static fromSnapshot(catalog: SandboxCatalog, buf: Buffer): SearchIndexes {
    if (buf.toString("latin1", 0, 4) !== SNAPSHOT_MAGIC || buf.readUInt32LE(4) !== SNAPSHOT_VERSION) throw new Error("not a catalogue snapshot");
    if (buf.readUInt32LE(8) !== catalog.seed || buf.readUInt32LE(12) !== catalog.size) throw new Error("snapshot of another catalogue");
    const count = buf.readUInt32LE(16);
    let offset = 20 + count * 8;
    const parts: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const length = buf.readDoubleLE(20 + i * 8);
      // Copy into fresh aligned memory: typed arrays need aligned offsets.
      parts.push(Buffer.from(buf.subarray(offset, offset + length)));
      offset += length;
    }
    const view = <T>(Ctor: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }, part: Buffer): T => {
      const copy = new Uint8Array(part.length);
      copy.set(part);
      return new Ctor(copy.buffer, 0, part.length / Ctor.BYTES_PER_ELEMENT);
    };
    const attr: Attributes = {
      price: view(Uint32Array, parts[0]!),
      sales: view(Uint32Array, parts[1]!),
      commission: view(Uint16Array, parts[2]!),
      repurchase: view(Uint8Array, parts[3]!),
      leaf: view(Uint16Array, parts[4]!),
      shop: view(Uint32Array, parts[5]!),
      tagsLo: view(Uint32Array, parts[6]!),
      tagsHi: view(Uint32Array, parts[7]!),
      active: view(Uint8Array, parts[8]!),
    };
    return new SearchIndexes(catalog, TextIndex.fromBuffer(parts[9]!), ImageIndex.fromBuffer(parts[10]!), attr);
  }

  #filter(query: Omit<KeywordQuery, "keyword">): (i: number) => boolean {
    const a = this.#attr;
    const min = query.priceMinFen;
    const max = query.priceMaxFen;
    const leaves = query.categoryId !== undefined ? new Set(this.#leavesUnder.get(query.categoryId) ?? []) : undefined;
    const shop = query.sellerOpenId !== undefined ? this.catalog.ids.shopIndex(query.sellerOpenId) : undefined;
    let lo = 0;
    let hi = 0;
    for (const code of query.tags ?? []) {
      const bit = SandboxCatalog.tagBit(code);
      if (bit === undefined) continue;
      if (bit < 32) lo |= 1 << bit;
      else hi |= 1 << (bit - 32);
    }
    lo >>>= 0;
    hi >>>= 0;
    return (i) =>
      a.active[i] === 1 &&
      (min === undefined || a.price[i]! >= min) &&
      (max === undefined || a.price[i]! <= max) &&
      (leaves === undefined || leaves.has(a.leaf[i]!)) &&
      (query.sellerOpenId === undefined || a.shop[i] === shop) &&
      ((a.tagsLo[i]! & lo) >>> 0) === lo &&
      ((a.tagsHi[i]! & hi) >>> 0) === hi;
  }

  #sortKey(key: NonNullable<KeywordQuery["sort"]>["key"]): ArrayLike<number> {
    const a = this.#attr;
    return key === "price" ? a.price : key === "sales" ? a.sales : key === "commission" ? a.commission : a.repurchase;
  }

  /** Ranked (or sorted) matches, filtered, paged. */
  #page(ranked: ArrayLike<number>, query: Omit<KeywordQuery, "keyword">): Hits {
    const keep = this.#filter(query);
    const matches: number[] = [];
    for (let r = 0; r < ranked.length; r++) {
      const i = ranked[r]!;
      if (keep(i)) matches.push(i);
    }
    if (query.sort) {
      const values = this.#sortKey(query.sort.key);
      const sign = query.sort.order === "asc" ? 1 : -1;
      const rank = new Map(matches.map((i, r) => [i, r]));
      // Stable on relevance: equal values keep their ranking order.
      matches.sort((x, y) => sign * (values[x]! - values[y]!) || rank.get(x)! - rank.get(y)!);
    }
    return { total: matches.length, indexes: matches.slice(query.offset, query.offset + query.limit) };
  }

  keyword(query: KeywordQuery): Hits {
    return this.#page(this.#text.search(query.keyword).docIds, query);
  }

  /** With no keyword (a shop's whole range): every item, best sellers first. */
  browse(query: Omit<KeywordQuery, "keyword">): Hits {
    return this.#page(this.#bestSellingOrder(), query);
  }

  image(image: RgbaImage, query: Omit<KeywordQuery, "keyword">): Hits {
    const hits = this.#images.search(fingerprint(image), IMAGE_CANDIDATES);
    return this.#page(
      hits.map((h) => h.docId),
      query,
    );
  }

  #bestSellingOrder(): Uint32Array {
    if (!this.#bestSellers) {
      const order = Uint32Array.from({ length: this.catalog.size }, (_, i) => i);
      const sales = this.#attr.sales;
      order.sort((x, y) => sales[y]! - sales[x]! || x - y);
      this.#bestSellers = order;
    }
    return this.#bestSellers;
  }

  /** Best sellers, rotated by a hash of the end user so each one sees a stable personal list. */
  recommend(forUser: string | undefined, offset: number, limit: number): number[] {
    const order = this.#bestSellingOrder();
    const pool = Math.min(order.length, MAX_REACHABLE);
    let h = 0;
    for (const ch of forUser ?? "") h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    const start = forUser ? h % pool : 0;
    const out: number[] = [];
    for (let k = offset; k < Math.min(offset + limit, pool); k++) {
      const i = order[(start + k) % pool]!;
      if (this.#attr.active[i] === 1) out.push(i);
    }
    return out;
  }

  /** Items of the same leaf category, closest in price first. */
  related(i: number, offset: number, limit: number): number[] {
    const siblings = this.#byLeaf[this.#attr.leaf[i]!]!;
    const price = this.#attr.price;
    const candidates = Array.from(siblings).filter((j) => j !== i && this.#attr.active[j] === 1);
    candidates.sort((x, y) => Math.abs(price[x]! - price[i]!) - Math.abs(price[y]! - price[i]!) || x - y);
    return candidates.slice(offset, offset + limit);
  }

  /** The ranking of a category: complex (sales × repurchase), hot (sales), goodPrice (sales per yuan). */
  topList(categoryId: number, rankType: "complex" | "hot" | "goodPrice", limit: number): number[] {
    const a = this.#attr;
    const score = (i: number) =>
      rankType === "hot" ? a.sales[i]! : rankType === "goodPrice" ? a.sales[i]! / Math.max(1, a.price[i]! / 100) : a.sales[i]! * (1 + a.repurchase[i]! / 100);
    const best: number[] = [];
    for (const leaf of this.#leavesUnder.get(categoryId) ?? []) {
      for (const i of this.#byLeaf[leaf]!) {
        if (a.active[i] !== 1) continue;
        best.push(i);
        if (best.length > limit * 8) {
          best.sort((x, y) => score(y) - score(x) || x - y);
          best.length = limit;
        }
      }
    }
    best.sort((x, y) => score(y) - score(x) || x - y);
    return best.slice(0, limit);
  }
}
