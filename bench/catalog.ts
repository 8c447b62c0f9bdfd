// Benchmark: the sandbox catalogue at N items per platform (env BENCH_ITEMS, default 100000):
// generation time (catalogue + keyword index + image index), resident memory, keyword search
// p50/p99 over a mix of zh, en and th queries, image search p50/p99 (fingerprint + nearest
// neighbours + paging + shaping the page), measured through the goods port the API uses.
//
//   node bench/catalog.ts                 BENCH_ITEMS=1000000 node bench/catalog.ts
import { SandboxCatalog, SandboxGoods, SearchIndexes } from "../src/marketplace/sandbox/index.ts";
import { decodeImage } from "../src/marketplace/sandbox/images.ts";
import { seededRandom } from "../src/platform/random.ts";

const N = Number(process.env["BENCH_ITEMS"] ?? 100_000);
const KEYWORD_RUNS = Number(process.env["BENCH_KEYWORD_RUNS"] ?? 2000);
const IMAGE_RUNS = Number(process.env["BENCH_IMAGE_RUNS"] ?? 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: Number(percentile(sorted, 50).toFixed(2)), p99: Number(percentile(sorted, 99).toFixed(2)), max: Number(sorted.at(-1)!.toFixed(2)) };
}

const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

console.log(`sandbox catalogue benchmark: ${N} items (Taobao), node ${process.version}`);
const rssBefore = rssMb();
let t = performance.now();
let last = 0;
const indexes = await SearchIndexes.build(new SandboxCatalog("taobao", 20261128, N), (done, total) => {
  const tenth = Math.floor((done / total) * 10);
  if (tenth !== last) {
    last = tenth;
    process.stdout.write(`  ${tenth * 10}% (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
  }
});
const generationSeconds = (performance.now() - t) / 1000;
global.gc?.();
const rssAfter = rssMb();
console.log(`generation: ${generationSeconds.toFixed(1)} s; resident memory ${rssAfter} MB (${rssAfter - rssBefore} MB for the catalogue)`);

t = performance.now();
const snapshot = indexes.toSnapshot();
const snapshotWrite = (performance.now() - t) / 1000;
t = performance.now();
SearchIndexes.fromSnapshot(new SandboxCatalog("taobao", 20261128, N), snapshot);
const snapshotLoad = (performance.now() - t) / 1000;
console.log(`snapshot: ${(snapshot.length / 1048576).toFixed(0)} MB, serialise ${snapshotWrite.toFixed(1)} s, load ${snapshotLoad.toFixed(1)} s`);

const goods = new SandboxGoods({ taobao: indexes.catalog, alibaba: indexes.catalog }, { taobao: indexes, alibaba: indexes }, { publicUrl: "http://bench" });

// Queries: type words and modifier + type combinations in three languages.
const QUERIES = [
  "连衣裙", "手机壳", "运动鞋", "保温杯", "笔记本电脑", "白色连衣裙", "纯棉T恤", "蓝牙耳机", "儿童玩具", "不锈钢锅",
  "dress", "phone case", "sneakers", "thermos cup", "laptop", "white dress", "cotton t-shirt", "bluetooth earphones", "kids toys", "stainless steel pot",
  "ชุดเดรส", "เคสโทรศัพท์", "รองเท้าผ้าใบ", "แก้วเก็บอุณหภูมิ", "แล็ปท็อป", "ชุดเดรส สีขาว", "เสื้อยืด", "หูฟังบลูทูธ", "ของเล่น", "หม้อ",
];
const keywordMs: number[] = [];
let matched = 0;
for (let r = 0; r < KEYWORD_RUNS; r++) {
  const keyword = QUERIES[r % QUERIES.length]!;
  const start = performance.now();
  const page = await goods.search("taobao", { keyword, lang: "en", offset: 0, limit: 20 });
  keywordMs.push(performance.now() - start);
  if (page.total > 0) matched++;
}
const keyword = summary(keywordMs);
console.log(`keyword search: p50 ${keyword.p50} ms, p99 ${keyword.p99} ms, max ${keyword.max} ms (${KEYWORD_RUNS} queries, ${matched} with hits)`);

const rand = seededRandom(7);
const imageMs: number[] = [];
let firstHits = 0;
for (let r = 0; r < IMAGE_RUNS; r++) {
  let i = Math.floor(rand() * N);
  while (!indexes.catalog.item(i).active) i = (i + 1) % N; // delisted items are not searchable
  const png = (await goods.image("taobao", `${indexes.catalog.ids.productId(i)}/0.png`))!;
  const start = performance.now();
  const page = await goods.searchByImage("taobao", { image: png, lang: "en", offset: 0, limit: 20 });
  imageMs.push(performance.now() - start);
  if (page.items[0]?.id === indexes.catalog.ids.productId(i)) firstHits++;
}
const image = summary(imageMs);
// Decoding is part of the request; report it apart so the index's own cost is visible.
const decodeStart = performance.now();
await decodeImage((await goods.image("taobao", `${indexes.catalog.ids.productId(0)}/0.png`))!);
console.log(
  `image search (decode + fingerprint + search + page): p50 ${image.p50} ms, p99 ${image.p99} ms; exact image first: ${firstHits}/${IMAGE_RUNS}; one decode ${(performance.now() - decodeStart).toFixed(1)} ms`,
);
console.log(
  JSON.stringify({ items: N, generationSeconds: Number(generationSeconds.toFixed(1)), rssMb: rssAfter, snapshotMb: Math.round(snapshot.length / 1048576), snapshotLoadSeconds: Number(snapshotLoad.toFixed(1)), keyword, image, imageFirstHit: `${firstHits}/${IMAGE_RUNS}` }),
);
