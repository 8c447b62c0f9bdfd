// Benchmark: the sandbox marketplace's multilingual text index over N synthetic items whose titles are
// composed from the vocabulary (4 languages per item, product-type words boosted), as the catalogue
// generator will do.
//
//   node --expose-gc bench/text-index.ts                 (N = 100000)
//   BENCH_N=1000000 node --expose-gc bench/text-index.ts
//
// Environment:
//   BENCH_N        items (default 100000)
//   BENCH_QUERIES  measured queries (default 3000; zh, en, th, vi mix)
//   BENCH_SEED     seed of the synthetic catalogue (default 42)
//
// Reports: index build time (add() calls + build(), without title generation), total time with the
// generation, heap and array-buffer memory after the build (and the peak seen while building),
// serialize / load times and image size, and search() / match() latency p50 / p90 / p99 / max.
import { performance } from "node:perf_hooks";
import { seededRandom } from "../src/platform/random.ts";
import { TextIndex, TextIndexBuilder } from "../src/marketplace/sandbox/text-index.ts";
import {
  composeTitle,
  leafCategories,
  modifiersFor,
  type Lang,
  type LeafCategory,
  type Modifier,
  type Term,
} from "../src/marketplace/sandbox/vocabulary.ts";

const N = Number(process.env.BENCH_N ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 3000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const LANGS: readonly Lang[] = ["zh", "en", "th", "vi"];
const BRANDS = ["Xiaomi", "Anker", "UGREEN", "Baseus", "Lenovo", "Midea", "Supor", "Li-Ning", "ANTA", "Deli", "Joyoung", "Bear", "LEGO", "Pop Mart"];

const gc = (globalThis as { gc?: () => void }).gc;
const MB = (n: number): string => (n / 1048576).toFixed(0);

interface Item {
  titles: string[];
  types: string[];
  leaf: LeafCategory;
  type: Term;
  mods: Modifier[];
  brand: string | undefined;
}

const leaves = leafCategories();
const modsCache = new Map<string, Modifier[]>();
function modsOf(leaf: LeafCategory, type: Term): Modifier[] {
  const key = `${leaf.id}/${type.zh}`;
  let m = modsCache.get(key);
  if (m === undefined) {
    m = modifiersFor(leaf, type);
    modsCache.set(key, m);
  }
  return m;
}

function makeItem(rand: () => number): Item {
  const leaf = leaves[Math.floor(rand() * leaves.length)]!;
  const type = leaf.productTypes[Math.floor(rand() * leaf.productTypes.length)]!;
  const pool = modsOf(leaf, type);
  const count = 1 + Math.floor(rand() * 4);
  const mods: Modifier[] = [];
  const kinds = new Set<string>();
  for (let tries = 0; mods.length < count && tries < 12; tries++) {
    const m = pool[Math.floor(rand() * pool.length)]!;
    if (kinds.has(m.kind)) continue;
    kinds.add(m.kind);
    mods.push(m);
  }
  const brand = rand() < 0.3 ? BRANDS[Math.floor(rand() * BRANDS.length)]! : undefined;
  const model = rand() < 0.15 ? `${"KXSTP"[Math.floor(rand() * 5)]}${10 + Math.floor(rand() * 90)}` : undefined;
  const parts = { modifiers: mods, type, brand, model };
  return {
    titles: LANGS.map((lang) => composeTitle(parts, lang)),
    types: LANGS.map((lang) => type[lang]),
    leaf,
    type,
    mods,
    brand,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function main(): void {
  console.log(`text index bench: N=${N}, node ${process.version}, gc ${gc ? "exposed" : "not exposed"}`);
  gc?.();
  const base = process.memoryUsage();
  const rand = seededRandom(SEED);
  const builder = new TextIndexBuilder();
  let addNs = 0n;
  let peakHeap = 0;
  let peakArrays = 0;
  const sample: Item[] = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const item = makeItem(rand);
    if (i % Math.max(1, Math.floor(N / 2000)) === 0) sample.push(item);
    const a = process.hrtime.bigint();
    builder.add(i, item.titles, item.types);
    addNs += process.hrtime.bigint() - a;
    if (i % 100_000 === 99_999) {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakArrays = Math.max(peakArrays, m.arrayBuffers);
    }
  }
  const tAdded = performance.now();
  const tb = performance.now();
  const index = builder.build();
  const buildMs = performance.now() - tb;
  const totalMs = performance.now() - t0;
  const afterBuild = process.memoryUsage();
  peakHeap = Math.max(peakHeap, afterBuild.heapUsed);
  peakArrays = Math.max(peakArrays, afterBuild.arrayBuffers);
  gc?.();
  const settled = process.memoryUsage();
  const addMs = Number(addNs) / 1e6;
  console.log(`example titles:`);
  for (const title of sample[1]!.titles) console.log(`  ${title}`);
  console.log(
    `build: add() ${(addMs / 1000).toFixed(2)} s + build() ${(buildMs / 1000).toFixed(2)} s = ${((addMs + buildMs) / 1000).toFixed(2)} s ` +
      `(with title generation: ${(totalMs / 1000).toFixed(2)} s; generation ≈ ${((tAdded - t0 - addMs) / 1000).toFixed(2)} s)`,
  );
  console.log(
    `index: ${index.docCount} docs, ${index.termCount} terms, ${index.postingCount} postings (${(index.postingCount / N).toFixed(1)}/doc), arrays ${MB(index.arrayBytes)} MB`,
  );
  console.log(
    `memory after build (gc): heapUsed ${MB(settled.heapUsed)} MB (${MB(base.heapUsed)} MB before), arrayBuffers ${MB(settled.arrayBuffers)} MB, rss ${MB(settled.rss)} MB; ` +
      `peak seen while building: heapUsed ${MB(peakHeap)} MB, arrayBuffers ${MB(peakArrays)} MB, heap+arrays ${MB(peakHeap + peakArrays)} MB; ` +
      `max rss ${MB(process.resourceUsage().maxRSS * 1024)} MB`,
  );

  // persistence
  const ts = performance.now();
  const image = index.toBuffer();
  const serializeMs = performance.now() - ts;
  const tl = performance.now();
  const loaded = TextIndex.fromBuffer(image);
  const loadMs = performance.now() - tl;

  // queries: zh / en / th / vi, 1–3 words: type, modifier + type, brand + type, two modifiers + type
  const qrand = seededRandom(SEED + 1);
  const queries: { lang: Lang; q: string }[] = [];
  const langMix: Lang[] = ["zh", "zh", "zh", "en", "en", "en", "th", "th", "th", "vi"];
  for (let i = 0; i < QUERIES; i++) {
    const item = sample[Math.floor(qrand() * sample.length)]!;
    const lang = langMix[i % langMix.length]!;
    const shape = qrand();
    const words: string[] = [];
    if (shape < 0.35) words.push(item.type[lang]);
    else if (shape < 0.75 && item.mods.length > 0) {
      const m = item.mods[Math.floor(qrand() * item.mods.length)]!;
      words.push(...(lang === "zh" || lang === "en" ? [m[lang], item.type[lang]] : [item.type[lang], m[lang]]));
    } else if (shape < 0.85 && item.brand !== undefined) words.push(item.brand, item.type[lang]);
    else {
      const ms = item.mods.slice(0, 2).map((m) => m[lang]);
      words.push(...(lang === "zh" || lang === "en" ? [...ms, item.type[lang]] : [item.type[lang], ...ms]));
    }
    // Chinese shoppers type without spaces; the others with spaces
    queries.push({ lang, q: lang === "zh" ? words.join("") : words.join(" ") });
  }
  // same results after a round trip through the image
  for (const { q } of queries.slice(0, 50)) {
    const a = index.search(q);
    const b = loaded.search(q);
    if (a.docIds.length !== b.docIds.length || a.docIds.some((d, i) => d !== b.docIds[i])) {
      throw new Error(`round trip changed the results of ${q}`);
    }
  }
  for (const { q } of queries) index.search(q); // warm-up
  // reps > 1: each query's time is the best of `reps` runs (filters scheduler noise on a shared host)
  const measure = (fn: (q: string) => { docIds: Uint32Array }, lang?: Lang, reps = 1) => {
    const times: number[] = [];
    let hits = 0;
    for (const { q, lang: l } of queries) {
      if (lang !== undefined && l !== lang) continue;
      let best = Infinity;
      for (let r = 0; r < reps; r++) {
        const s = performance.now();
        const res = fn(q);
        best = Math.min(best, performance.now() - s);
        if (r === 0) hits += res.docIds.length;
      }
      times.push(best);
    }
    times.sort((x, y) => x - y);
    return {
      n: times.length,
      p50: percentile(times, 50),
      p90: percentile(times, 90),
      p99: percentile(times, 99),
      max: times[times.length - 1]!,
      avgHits: hits / times.length,
    };
  };
  const fmt = (r: ReturnType<typeof measure>): string =>
    `p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms (${r.n} queries, ${r.avgHits.toFixed(0)} hits avg)`;
  console.log(`persistence: toBuffer ${serializeMs.toFixed(0)} ms, ${MB(image.length)} MB image; fromBuffer ${loadMs.toFixed(0)} ms`);
  console.log(`search (sorted, all matches):  ${fmt(measure((q) => index.search(q)))}`);
  for (const lang of ["zh", "en", "th", "vi"] as const) console.log(`  ${lang}: ${fmt(measure((q) => index.search(q), lang))}`);
  console.log(`match (unsorted):              ${fmt(measure((q) => index.match(q)))}`);
  console.log(`search on the loaded image:    ${fmt(measure((q) => loaded.search(q)))}`);
  console.log(`search, best of 3 per query:   ${fmt(measure((q) => index.search(q), undefined, 3))}`);
  for (const lang of ["zh", "en", "th", "vi"] as const) console.log(`  ${lang}: ${fmt(measure((q) => index.search(q), lang, 3))}`);
  console.log(`sample queries: ${queries.slice(0, 10).map((x) => JSON.stringify(x.q)).join(", ")}`);
}

main();
