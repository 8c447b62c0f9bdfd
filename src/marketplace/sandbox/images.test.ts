import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import {
  cropImage,
  decodeImage,
  encodePng,
  IMAGE_STYLE_COUNT,
  IMAGE_STYLES,
  ImageDecodeError,
  MAX_IMAGE_BYTES,
  renderItemImage,
  type ItemImageSpec,
  type RgbaImage,
} from "./images.ts";
import { colourDistance, fingerprint, fingerprintDistance, hammingDistance, itemFingerprint } from "./image-index.ts";

const digest = (im: RgbaImage) => createHash("sha256").update(im.rgba).digest("hex");
const spec = (categoryId: number, itemSeed: number, categoryStyle = categoryId % IMAGE_STYLE_COUNT): ItemImageSpec => ({
  categoryId,
  categoryStyle,
  itemSeed,
});

/** Mean absolute difference per channel (0..255) between two same-size images. */
function meanDiff(a: RgbaImage, b: RgbaImage): number {
  let s = 0;
  for (let i = 0; i < a.rgba.length; i++) if ((i & 3) !== 3) s += Math.abs(a.rgba[i]! - b.rgba[i]!);
  return s / ((a.rgba.length / 4) * 3);
}

async function rejectsWith(bytes: Buffer, kind: string, message: RegExp) {
  await assert.rejects(decodeImage(bytes), (err: unknown) => {
    assert.ok(err instanceof ImageDecodeError, String(err));
    assert.equal(err.kind, kind, err.message);
    assert.match(err.message, message);
    return true;
  });
}

test("a spec always renders the same pixels, at any size, opaque", () => {
  for (const size of [16, 64, 400]) {
    const a = renderItemImage(spec(12, 345), size);
    const b = renderItemImage(spec(12, 345), size);
    assert.equal(a.width, size);
    assert.equal(a.height, size);
    assert.equal(a.rgba.length, size * size * 4);
    assert.equal(digest(a), digest(b));
    for (let i = 3; i < a.rgba.length; i += 4) assert.equal(a.rgba[i], 255);
  }
  assert.throws(() => renderItemImage(spec(1, 1), 0), RangeError);
});

test("there are at least 16 style families, and they draw different silhouettes", () => {
  assert.ok(IMAGE_STYLE_COUNT >= 16);
  assert.equal(new Set(IMAGE_STYLES).size, IMAGE_STYLE_COUNT);
  // Same category palette and item seed, different style: the structure hash must differ a lot.
  const fps = IMAGE_STYLES.map((_, style) => itemFingerprint(spec(77, 5, style)));
  for (let i = 0; i < fps.length; i++) {
    for (let j = i + 1; j < fps.length; j++) assert.ok(hammingDistance(fps[i]!, fps[j]!) >= 6, `${IMAGE_STYLES[i]} vs ${IMAGE_STYLES[j]}`);
  }
  // categoryStyle is taken modulo the count
  assert.equal(digest(renderItemImage(spec(3, 9, 2), 32)), digest(renderItemImage(spec(3, 9, 2 + IMAGE_STYLE_COUNT), 32)));
});

test("every item of a category differs visibly and measurably from the others", () => {
  const images = Array.from({ length: 60 }, (_, k) => renderItemImage(spec(40, 1000 + k), 64));
  assert.equal(new Set(images.map(digest)).size, images.length);
  const fps = Array.from({ length: 300 }, (_, k) => itemFingerprint(spec(40, 1000 + k)));
  const keys = new Set(fps.map((f) => `${f.hash[0]}:${f.hash[1]}:${Buffer.from(f.colour).toString("hex")}`));
  assert.equal(keys.size, fps.length, "300 items, 300 fingerprints");
  let minDiff = Infinity;
  for (let i = 0; i < images.length; i++) for (let j = i + 1; j < images.length; j++) minDiff = Math.min(minDiff, meanDiff(images[i]!, images[j]!));
  assert.ok(minDiff > 2, `closest pair differs by ${minDiff.toFixed(2)} per channel`);
});

test("items of one category look alike: closer to each other than to other categories of the same style", () => {
  let within = 0;
  let across = 0;
  let pairs = 0;
  for (let c = 0; c < 20; c++) {
    const a = 100 + c * IMAGE_STYLE_COUNT; // same style (a % count) for every c
    const b = a + IMAGE_STYLE_COUNT;
    for (let k = 0; k < 10; k++) {
      const x = itemFingerprint(spec(a, k));
      const y = itemFingerprint(spec(a, k + 50));
      const z = itemFingerprint(spec(b, k + 50));
      within += colourDistance(x, y) + 4 * hammingDistance(x, y);
      across += colourDistance(x, z) + 4 * hammingDistance(x, z);
      pairs++;
    }
  }
  assert.ok(within / pairs < 0.7 * (across / pairs), `within ${within / pairs}, across ${across / pairs}`);
});

test("a small render fingerprints like the downscale of the big one", () => {
  let worstHam = 0;
  let worstColour = 0;
  let sumColour = 0;
  for (let k = 0; k < 48; k++) {
    const s = spec(200 + k, 31 * k + 7);
    const small = itemFingerprint(s);
    const big = fingerprint(renderItemImage(s, 400));
    worstHam = Math.max(worstHam, hammingDistance(small, big));
    worstColour = Math.max(worstColour, colourDistance(small, big));
    sumColour += colourDistance(small, big);
    // nearer to its own small render than to any of 40 siblings of its category
    const own = fingerprintDistance(small, big);
    for (let j = 1; j <= 40; j++) {
      const sibling = itemFingerprint(spec(200 + k, 31 * k + 7 + j * 1013));
      assert.ok(fingerprintDistance(sibling, big) > own, `item ${k}: sibling ${j} is nearer than the item itself`);
    }
  }
  assert.ok(worstHam <= 12, `hash distance up to ${worstHam}`);
  assert.ok(worstColour <= 120, `colour distance up to ${worstColour} (of 48 × 255)`);
  assert.ok(sumColour / 48 <= 40, `mean colour distance ${sumColour / 48}`);
});

test("encodePng: deterministic bytes, lossless round trip through decodeImage (RGB and RGBA)", async () => {
  const im = renderItemImage(spec(5, 6), 120);
  const png = encodePng(im);
  assert.deepEqual(png.subarray(0, 8), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  assert.ok(encodePng(im).equals(png));
  const back = await decodeImage(png);
  assert.equal(back.width, 120);
  assert.equal(back.height, 120);
  assert.equal(digest(back), digest(im));

  const rgba = new Uint8Array(7 * 5 * 4).map((_, i) => (i * 37) & 255);
  const translucent = { width: 7, height: 5, rgba };
  const back2 = await decodeImage(encodePng(translucent));
  assert.deepEqual(back2.rgba, rgba);
  assert.throws(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(3) }), RangeError);
});

test("decodeImage reads JPEG", async () => {
  const png = encodePng(renderItemImage(spec(8, 9), 200));
  const jpeg = await sharp(png).jpeg({ quality: 75 }).toBuffer();
  const im = await decodeImage(jpeg);
  assert.equal(im.width, 200);
  assert.equal(im.height, 200);
  assert.ok(meanDiff(im, renderItemImage(spec(8, 9), 200)) < 6);
  const progressive = await sharp(png).jpeg({ quality: 80, progressive: true }).toBuffer();
  assert.equal((await decodeImage(progressive)).width, 200);
});

test("decodeImage refuses empty, oversized, foreign and malformed input, naming the problem", async () => {
  await rejectsWith(Buffer.alloc(0), "empty", /empty/);
  await rejectsWith(Buffer.alloc(MAX_IMAGE_BYTES + 1, 0xff), "too_large", /3 MB/);
  await rejectsWith(Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"), "unsupported_format", /neither JPEG nor PNG/);
  await rejectsWith(await sharp(encodePng(renderItemImage(spec(1, 2), 32))).webp().toBuffer(), "unsupported_format", /neither JPEG nor PNG/);
  await rejectsWith(Buffer.from("hello, this is not a picture"), "unsupported_format", /neither JPEG nor PNG/);
  const png = encodePng(renderItemImage(spec(1, 2), 64));
  await rejectsWith(png.subarray(0, 60), "malformed", /PNG image is malformed/);
  const jpeg = await sharp(png).jpeg().toBuffer();
  await rejectsWith(jpeg.subarray(0, 40), "malformed", /JPEG image is malformed/);
});

test("decodeImage refuses pictures above 20 megapixels from their header alone", async () => {
  // A PNG that claims 5000 × 4001 pixels but carries almost no data: only the header is read.
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(5000, 0);
  ihdr.writeUInt32BE(4001, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    // CRC left to a real encoder: compute it with zlib.crc32
    return out;
  };
  const { crc32 } = await import("node:zlib");
  const withCrc = (c: Buffer) => {
    c.writeUInt32BE(crc32(c.subarray(4, c.length - 4)), c.length - 4);
    return c;
  };
  const bomb = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    withCrc(chunk("IHDR", ihdr)),
    withCrc(chunk("IDAT", deflateSync(Buffer.alloc(1000)))),
    withCrc(chunk("IEND", Buffer.alloc(0))),
  ]);
  await rejectsWith(bomb, "too_many_pixels", /5000×4001 pixels, more than the 20 megapixel limit/);
  const bigJpeg = await sharp({ create: { width: 5000, height: 4001, channels: 3, background: "#fff" } }).jpeg({ quality: 10 }).toBuffer();
  assert.ok(bigJpeg.length < MAX_IMAGE_BYTES);
  await rejectsWith(bigJpeg, "too_many_pixels", /20 megapixel/);
});

test("cropImage cuts a clamped rectangle", () => {
  const im = renderItemImage(spec(2, 3), 50);
  const c = cropImage(im, 10, 5, 30, 45);
  assert.equal(c.width, 20);
  assert.equal(c.height, 40);
  assert.deepEqual(c.rgba.subarray(0, 4), im.rgba.subarray((5 * 50 + 10) * 4, (5 * 50 + 10) * 4 + 4));
  const clamped = cropImage(im, -5, -5, 500, 500);
  assert.equal(clamped.width, 50);
  assert.equal(clamped.height, 50);
});
