import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { seededRandom } from "../../platform/random.ts";
import {
  COLOUR_BYTES,
  FP_SIZE,
  fingerprint,
  fingerprintDistance,
  ImageIndex,
  ImageIndexBuilder,
  itemFingerprint,
  reduceImage,
  type Fingerprint,
} from "./image-index.ts";
import { cropImage, decodeImage, encodePng, IMAGE_STYLE_COUNT, renderItemImage, type ItemImageSpec, type RgbaImage } from "./images.ts";

function fp(h0: number, h1: number, fill: number): Fingerprint {
  return { hash: Uint32Array.of(h0, h1), colour: new Uint8Array(COLOUR_BYTES).fill(fill) };
}

async function raw(png: Buffer, width: number): Promise<RgbaImage> {
  const { data, info } = await sharp(png).resize(width, width).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

test("reduceImage area-averages any size to FP_SIZE and composites alpha over white", () => {
  const w = 37;
  const h = 23;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([200, 100, 50, 255], i * 4);
  const grid = reduceImage({ width: w, height: h, rgba });
  assert.equal(grid.length, FP_SIZE * FP_SIZE * 3);
  for (let i = 0; i < grid.length; i += 3) {
    assert.ok(Math.abs(grid[i]! - 200 / 255) < 1e-5);
    assert.ok(Math.abs(grid[i + 2]! - 50 / 255) < 1e-5);
  }
  const clear = new Uint8Array(4 * 4 * 4); // fully transparent black → white
  assert.ok(reduceImage({ width: 4, height: 4, rgba: clear }).every((v) => Math.abs(v - 1) < 1e-6));
});

test("fingerprints are deterministic and sized as documented", () => {
  const s: ItemImageSpec = { categoryId: 3, categoryStyle: 4, itemSeed: 5 };
  const a = itemFingerprint(s);
  const b = itemFingerprint(s);
  assert.deepEqual(a, b);
  assert.equal(a.hash.length, 2);
  assert.equal(a.colour.length, COLOUR_BYTES);
  assert.deepEqual(fingerprint(renderItemImage(s, 300)), fingerprint(renderItemImage(s, 300)));
});

describe("index mechanics", () => {
  test("ties are broken by docId, k is clamped, distances ascend", () => {
    const b = new ImageIndexBuilder(4);
    for (const id of [50, 7, 30, 2, 90]) b.add(id, fp(0xf0f0, 0x0f0f, 100));
    b.add(1, fp(0xffffffff, 0, 0));
    const index = b.build();
    assert.equal(index.size, 6);
    const hits = index.search(fp(0xf0f0, 0x0f0f, 100), 10);
    assert.deepEqual(
      hits.map((h) => h.docId),
      [2, 7, 30, 50, 90, 1],
    );
    assert.equal(hits[0]!.distance, 0);
    assert.ok(hits[5]!.distance > 0);
    assert.deepEqual(index.search(fp(0xf0f0, 0x0f0f, 100), 0), []);
    assert.equal(index.search(fp(0, 0, 0), 3).length, 3);
    assert.equal(new ImageIndexBuilder().build().search(fp(0, 0, 0), 5).length, 0);
  });

  test("bad input is refused", () => {
    const b = new ImageIndexBuilder();
    assert.throws(() => b.add(-1, fp(0, 0, 0)), RangeError);
    assert.throws(() => b.add(1.5, fp(0, 0, 0)), RangeError);
    assert.throws(() => b.add(2 ** 32, fp(0, 0, 0)), RangeError);
    assert.throws(() => b.add(1, { hash: new Uint32Array(1), colour: new Uint8Array(COLOUR_BYTES) }), TypeError);
    b.add(4, fp(0, 0, 0));
    b.add(4, fp(1, 1, 1));
    assert.throws(() => b.build(), /docId 4 added twice/);
    assert.throws(() => ImageIndex.fromBuffer(Buffer.from("nonsense")), /not an image index/);
  });

  test("toBuffer is byte-identical for the same entries (whatever the add order) and fromBuffer restores the index", () => {
    const rng = seededRandom(9);
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      docId: i * 3 + 1,
      fp: itemFingerprint({ categoryId: 1 + (i % 40), categoryStyle: i % IMAGE_STYLE_COUNT, itemSeed: i }),
    }));
    const shuffled = [...entries];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const build = (list: typeof entries) => {
      const b = new ImageIndexBuilder(16); // grows past its first capacity
      for (const e of list) b.add(e.docId, e.fp);
      return b.build();
    };
    const a = build(entries);
    const b = build(shuffled);
    const bytes = a.toBuffer();
    assert.ok(bytes.equals(b.toBuffer()));
    assert.ok(bytes.equals(build(entries).toBuffer()));
    const restored = ImageIndex.fromBuffer(bytes);
    assert.ok(restored.toBuffer().equals(bytes));
    for (const e of entries.slice(0, 50)) assert.deepEqual(restored.search(e.fp, 5), a.search(e.fp, 5));
    assert.throws(() => ImageIndex.fromBuffer(bytes.subarray(0, bytes.length - 1)), /truncated or corrupt/);
    assert.ok(a.memoryBytes > 3000 * 60);
  });
});

describe("recall over 6,000 catalog items in 120 categories", () => {
  const N = 6000;
  const C = 120;
  const categoryOf = (docId: number) => 1 + ((Math.imul(docId, 0x9e3779b1) >>> 0) % C);
  const specOf = (docId: number, seed = docId): ItemImageSpec => {
    const categoryId = categoryOf(docId);
    return { categoryId, categoryStyle: (categoryId * 7) % IMAGE_STYLE_COUNT, itemSeed: Math.imul(seed + 1, 0x85ebca6b) >>> 0 };
  };
  let index: ImageIndex;
  const sample: number[] = [];
  before(() => {
    const b = new ImageIndexBuilder(N);
    for (let d = 0; d < N; d++) b.add(d, itemFingerprint(specOf(d)));
    index = b.build();
    const rng = seededRandom(2024);
    while (sample.length < 24) sample.push(Math.floor(rng() * N));
  });

  const rankOf = (q: Fingerprint, docId: number, k = 10) => index.search(q, k).findIndex((h) => h.docId === docId);

  test("the catalog picture (400 px, PNG, decoded) finds its item first", async () => {
    for (const d of sample) {
      const decoded = await decodeImage(encodePng(renderItemImage(specOf(d), 400)));
      assert.equal(rankOf(fingerprint(decoded), d), 0, `item ${d}`);
    }
  });

  test("resized to 50% and 150%, and recompressed as JPEG quality 75: in the top 5", async () => {
    for (const d of sample) {
      const png = encodePng(renderItemImage(specOf(d), 400));
      for (const width of [200, 600]) {
        const r = rankOf(fingerprint(await raw(png, width)), d);
        assert.ok(r >= 0 && r < 5, `item ${d} at ${width} px: rank ${r}`);
      }
      const jpeg = await sharp(png).jpeg({ quality: 75 }).toBuffer();
      const r = rankOf(fingerprint(await decodeImage(jpeg)), d);
      assert.ok(r >= 0 && r < 5, `item ${d} as JPEG: rank ${r}`);
    }
  });

  test("cropped by up to 5% on each side: in the top 5", async () => {
    const rng = seededRandom(77);
    for (const d of sample) {
      const decoded = await decodeImage(encodePng(renderItemImage(specOf(d), 400)));
      const [l, t, r, b] = [0, 0, 0, 0].map(() => Math.floor(rng() * 21)) as [number, number, number, number];
      const rank = rankOf(fingerprint(cropImage(decoded, l, t, 400 - r, 400 - b)), d);
      assert.ok(rank >= 0 && rank < 5, `item ${d} cropped ${l}/${t}/${r}/${b}: rank ${rank}`);
    }
  });

  test("another item of the category (not indexed) brings mostly items of that category", async () => {
    let same = 0;
    for (const d of sample) {
      const png = encodePng(renderItemImage(specOf(d, d + 1_000_000), 400));
      const hits = index.search(fingerprint(await decodeImage(png)), 10);
      same += hits.filter((h) => categoryOf(h.docId) === categoryOf(d)).length;
    }
    assert.ok(same / sample.length >= 7, `on average ${same / sample.length} of the top 10 share the category`);
  });

  test("the distance reported is the fingerprint distance", () => {
    const q = itemFingerprint(specOf(17, 99));
    const hits = index.search(q, 5);
    for (const h of hits) assert.equal(h.distance, fingerprintDistance(q, itemFingerprint(specOf(h.docId))));
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.distance <= hits[i]!.distance);
  });
});
