// Benchmark of sandbox image search: fingerprinting the catalog, index memory, search latency, recall.
//
//   node bench/image-index.ts                      (100,000 items)
//   BENCH_ITEMS=1000000 node bench/image-index.ts
//
// Environment:
//   BENCH_ITEMS       catalog items (default 100000)
//   BENCH_CATEGORIES  categories (default items / 500, at least 50): items are spread over them by a hash
//   BENCH_QUERIES     items sampled for the recall figures (default 200)
//   BENCH_SEARCHES    timed searches for the latency figures (default 1000)
//   BENCH_EXACT       1 to also rank every sampled query exhaustively (no coarse pass) and report how
//                     often the coarse pass lost the item (slow at 1M)
//
// What is measured:
//   - fingerprint time: fingerprintItems() over the whole catalogue (a 32 px render per item, no PNG,
//     on worker threads, one per core), and the one-thread cost per item on a sample;
//   - build time and index memory (toBuffer() size is the same arrays);
//   - search latency p50/p99 over BENCH_SEARCHES queries (fingerprint already computed; half are
//     uploaded pictures with their crop hypotheses), and the time to fingerprint an upload;
//   - recall on BENCH_QUERIES sampled items: the 400 px catalog picture encoded as PNG and decoded
//     (must come FIRST), resized to 50% and 150%, recompressed as JPEG quality 75, and cropped by up
//     to 5% on each side (must be in the TOP 5); and how many of the top 10 share the item's category.
import os from "node:os";
import sharp, { type Sharp } from "sharp";
import { cropImage, decodeImage, encodePng, IMAGE_STYLE_COUNT, renderItemImage, type ItemImageSpec, type RgbaImage } from "../src/marketplace/sandbox/images.ts";
import {
  fingerprint,
  fingerprintDistance,
  fingerprintItems,
  ImageIndex,
  ImageIndexBuilder,
  itemFingerprint,
  type Fingerprint,
} from "../src/marketplace/sandbox/image-index.ts";
import { seededRandom } from "../src/platform/random.ts";

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const C = Number(process.env.BENCH_CATEGORIES ?? Math.max(50, Math.round(N / 500)));
const Q = Number(process.env.BENCH_QUERIES ?? 200);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 1000);
const EXACT = process.env.BENCH_EXACT === "1";

function categoryOf(docId: number): number {
  return ((Math.imul(docId ^ 0x2545f491, 0x9e3779b1) >>> 0) % C) + 1;
}
function specOf(docId: number): ItemImageSpec {
  const categoryId = categoryOf(docId);
  return {
    categoryId,
    categoryStyle: (Math.imul(categoryId, 0x45d9f3b) >>> 7) % IMAGE_STYLE_COUNT,
    itemSeed: Math.imul(docId + 0x632be5ab, 0x85ebca6b) >>> 0,
  };
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

async function rawOf(pipeline: Sharp): Promise<RgbaImage> {
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

console.log(`image index bench: ${N} items, ${C} categories, ${Q} recall queries, ${SEARCHES} timed searches`);

// Fingerprinting (worker threads, as at catalogue generation) and build.
const specs = { categoryId: new Uint32Array(N), categoryStyle: new Uint32Array(N), itemSeed: new Uint32Array(N) };
for (let d = 0; d < N; d++) {
  const s = specOf(d);
  specs.categoryId[d] = s.categoryId;
  specs.categoryStyle[d] = s.categoryStyle;
  specs.itemSeed[d] = s.itemSeed;
}
const t0 = performance.now();
const packed = await fingerprintItems(specs);
const t1 = performance.now();
const builder = new ImageIndexBuilder(N);
for (let d = 0; d < N; d++) builder.addPacked(d, packed, d);
const fps: Fingerprint[] | null = EXACT
  ? Array.from({ length: N }, (_, d) => ({ hash: packed.hashes.subarray(d * 2, d * 2 + 2), colour: packed.colours.subarray(d * 48, d * 48 + 48) }))
  : null;
const index = builder.build();
const t2 = performance.now();
const buf = index.toBuffer();
const t3 = performance.now();
const reloaded = ImageIndex.fromBuffer(buf);
const t4 = performance.now();
// one thread, on a sample
const SAMPLE = Math.min(N, 20_000);
const ts = performance.now();
for (let d = 0; d < SAMPLE; d++) itemFingerprint(specOf(d));
const singleMicros = ((performance.now() - ts) * 1000) / SAMPLE;
const fpSeconds = (t1 - t0) / 1000;
console.log(
  `fingerprinting: ${fpSeconds.toFixed(2)} s on ${os.availableParallelism()} threads (${(((t1 - t0) * 1000) / N).toFixed(1)} µs/item); one thread: ${singleMicros.toFixed(1)} µs/item`,
);
console.log(`build: ${((t2 - t1) / 1000).toFixed(2)} s; toBuffer ${(t3 - t2).toFixed(0)} ms; fromBuffer ${(t4 - t3).toFixed(0)} ms`);
console.log(`index memory: ${(index.memoryBytes / 1048576).toFixed(1)} MiB (${(index.memoryBytes / N).toFixed(0)} B/item); serialised ${(buf.length / 1048576).toFixed(1)} MiB`);

// Recall.
const rng = seededRandom(20261128);
type Variant = "exact" | "resize50" | "resize150" | "jpeg75" | "crop5";
const VARIANTS: Variant[] = ["exact", "resize50", "resize150", "jpeg75", "crop5"];
const ranks: Record<Variant, number[]> = { exact: [], resize50: [], resize150: [], jpeg75: [], crop5: [] };
const lost: Record<Variant, number> = { exact: 0, resize50: 0, resize150: 0, jpeg75: 0, crop5: 0 };
const sameCategory: number[] = [];
const queryFps: Fingerprint[] = [];
const queryFpMs: number[] = [];
const tq = performance.now();
for (let q = 0; q < Q; q++) {
  const d = Math.floor(rng() * N);
  const spec = specOf(d);
  const png = encodePng(renderItemImage(spec, 400));
  const decoded = await decodeImage(png);
  const l = Math.floor(rng() * 21);
  const t = Math.floor(rng() * 21);
  const r = Math.floor(rng() * 21);
  const b = Math.floor(rng() * 21);
  const images: Record<Variant, RgbaImage> = {
    exact: decoded,
    resize50: await rawOf(sharp(png).resize(200, 200)),
    resize150: await rawOf(sharp(png).resize(600, 600)),
    jpeg75: await decodeImage(await sharp(png).jpeg({ quality: 75 }).toBuffer()),
    crop5: cropImage(decoded, l, t, 400 - r, 400 - b),
  };
  for (const v of VARIANTS) {
    const tf = performance.now();
    const fp = fingerprint(images[v]);
    queryFpMs.push(performance.now() - tf);
    queryFps.push(fp);
    const hits = reloaded.search(fp, 10);
    const pos = hits.findIndex((h) => h.docId === d);
    ranks[v].push(pos < 0 ? 99 : pos);
    if (v === "exact") sameCategory.push(hits.filter((h) => categoryOf(h.docId) === spec.categoryId).length);
    if (fps && pos < 0) {
      // Was it the coarse pass? Rank exhaustively.
      const dt = fingerprintDistance(fp, fps[d]!);
      let better = 0;
      for (let i = 0; i < N; i++) {
        const di = fingerprintDistance(fp, fps[i]!);
        if (di < dt || (di === dt && i < d)) better++;
      }
      if (better < 10) lost[v]++;
    }
  }
}
const tqEnd = performance.now();

// Latency: queries cycle through the recall fingerprints (real uploads) and catalog fingerprints.
const lat: number[] = [];
for (let s = 0; s < SEARCHES; s++) {
  const fp = s % 2 === 0 && queryFps.length > 0 ? queryFps[s % queryFps.length]! : itemFingerprint(specOf(Math.floor(rng() * N)));
  const a = performance.now();
  reloaded.search(fp, 20);
  lat.push(performance.now() - a);
}

const rate = (xs: number[], f: (x: number) => boolean) => xs.filter(f).length / xs.length;
const result = {
  items: N,
  categories: C,
  fingerprintSeconds: Number(fpSeconds.toFixed(2)),
  fingerprintMicrosPerItem: Number((((t1 - t0) * 1000) / N).toFixed(1)),
  fingerprintThreads: os.availableParallelism(),
  fingerprintMicrosPerItemOneThread: Number(singleMicros.toFixed(1)),
  buildSeconds: Number(((t2 - t1) / 1000).toFixed(2)),
  indexMiB: Number((index.memoryBytes / 1048576).toFixed(1)),
  searchP50Ms: Number(pct(lat, 0.5).toFixed(2)),
  searchP99Ms: Number(pct(lat, 0.99).toFixed(2)),
  searchMaxMs: Number(Math.max(...lat).toFixed(2)),
  queryFingerprintP50Ms: Number(pct(queryFpMs, 0.5).toFixed(2)),
  recall: Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      {
        first: Number(rate(ranks[v], (x) => x === 0).toFixed(3)),
        top5: Number(rate(ranks[v], (x) => x < 5).toFixed(3)),
        top10: Number(rate(ranks[v], (x) => x < 10).toFixed(3)),
        ...(EXACT ? { lostByCoarsePass: lost[v] } : {}),
      },
    ]),
  ),
  sameCategoryInTop10: Number((sameCategory.reduce((a, b) => a + b, 0) / Math.max(1, sameCategory.length)).toFixed(2)),
  recallSeconds: Number(((tqEnd - tq) / 1000).toFixed(1)),
};
console.log(`search: p50 ${result.searchP50Ms} ms, p99 ${result.searchP99Ms} ms, max ${result.searchMaxMs} ms (query fingerprint p50 ${result.queryFingerprintP50Ms} ms)`);
for (const v of VARIANTS) {
  const r = result.recall[v] as { first: number; top5: number; top10: number };
  console.log(`recall ${v.padEnd(9)} first ${r.first.toFixed(3)}  top5 ${r.top5.toFixed(3)}  top10 ${r.top10.toFixed(3)}`);
}
console.log(`same category in the top 10 of an exact query: ${result.sameCategoryInTop10} of 10`);
console.log(JSON.stringify(result));
