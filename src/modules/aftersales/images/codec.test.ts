import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { cleanPicture, decodeBase64Picture, sizeText, sniff } from "./codec.ts";

const refusal = (message: RegExp) => (err: { code?: number; message: string }) => {
  assert.equal(err.code, 40002);
  assert.match(err.message, message);
  return true;
};

test("base64: plain, URL alphabet, unpadded, line-wrapped or a data:image URL; anything else refused by name", () => {
  const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0xfe, 0xfb]);
  for (const text of [
    bytes.toString("base64"),
    bytes.toString("base64url"),
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64").replace(/(.{4})/g, "$1\r\n"),
    `data:image/jpeg;base64,${bytes.toString("base64")}`,
    `DATA:image/x-whatever;name=a.jpg;base64,${bytes.toString("base64")}`,
  ]) {
    assert.deepEqual(decodeBase64Picture(text, "pic", 100), bytes, text);
  }
  assert.throws(() => decodeBase64Picture("", "pic", 100), refusal(/^pic is empty$/));
  assert.throws(() => decodeBase64Picture(" \n", "pic", 100), refusal(/^pic is empty$/));
  assert.throws(() => decodeBase64Picture("abc$", "pic", 100), refusal(/^pic is not valid base64$/));
  assert.throws(() => decodeBase64Picture("abcde", "pic", 100), refusal(/^pic is not valid base64$/), "one character too many");
  assert.throws(() => decodeBase64Picture("ab=", "pic", 100), refusal(/^pic is not valid base64$/), "padding to no boundary");
  assert.throws(() => decodeBase64Picture("data:text/plain;base64,AAAA", "pic", 100), refusal(/^pic must be base64 or a data:image/));
  assert.throws(() => decodeBase64Picture("data:image/png,AAAA", "pic", 100), refusal(/^pic must be base64 or a data:image/));
  // The size is known before decoding: 4 characters are 3 bytes.
  assert.equal(decodeBase64Picture("A".repeat(4096), "pic", 3072).length, 3072);
  assert.throws(() => decodeBase64Picture("A".repeat(4100), "pic", 3072), refusal(/^pic is larger than 3 KB$/));
});

test("sizes as people say them", () => {
  assert.equal(sizeText(3 * 1024 * 1024), "3 MB");
  assert.equal(sizeText(512 * 1024), "512 KB");
  assert.equal(sizeText(1000), "1000 bytes");
});

test("the signature decides the format, before any decoder runs", () => {
  assert.equal(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xdb])), "image/jpeg");
  assert.equal(sniff(Buffer.from("\x89PNG\r\n\x1a\n....", "latin1")), "image/png");
  assert.equal(sniff(Buffer.from("RIFF\0\0\0\0WEBPVP8 ", "latin1")), "image/webp");
  assert.equal(sniff(Buffer.from("RIFF\0\0\0\0WAVEfmt ", "latin1")), null);
  assert.equal(sniff(Buffer.from("GIF89a")), null);
  assert.equal(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  assert.equal(sniff(Buffer.from([0xff, 0xd8])), null);
});

test("an animated WebP keeps its first frame only", async () => {
  const frame = (r: number) => sharp({ create: { width: 16, height: 16, channels: 3, background: { r, g: 0, b: 0 } } }).png().toBuffer();
  const animated = await sharp([await frame(255), await frame(0), await frame(128)], { join: { animated: true } }).webp().toBuffer();
  assert.equal((await sharp(animated).metadata()).pages, 3);
  const clean = await cleanPicture(animated, "pic", { maxBytes: 1024 * 1024, maxPixels: 1_000_000 });
  const meta = await sharp(clean.bytes).metadata();
  assert.deepEqual([clean.contentType, clean.width, clean.height, meta.pages ?? 1], ["image/webp", 16, 16, 1]);
  const [r] = (await sharp(clean.bytes).raw().toBuffer()).subarray(0, 1);
  assert.ok(r! > 200, "the first (red) frame");
});

test("the pixel limit is checked from the header, before decoding", async () => {
  const wide = await sharp({ create: { width: 2000, height: 600, channels: 3, background: "#fff" } }).png().toBuffer();
  await assert.rejects(cleanPicture(wide, "pic", { maxBytes: 1024 * 1024, maxPixels: 1_000_000 }), refusal(/^pic has more than 1 million pixels$/));
  assert.equal((await cleanPicture(wide, "pic", { maxBytes: 1024 * 1024, maxPixels: 1_200_000 })).width, 2000);
});
