// Contract tests of the Taobao Global connector's search by image (/upload/image, then
// /traffic/item/imgsearch) against the local fake, which checks every signature and token. No real
// host is contacted: every connector points at the fake's 127.0.0.1 port.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ImageInputError, MAX_IMAGE_BYTES, UpstreamError, type ImageQuery } from "../src/marketplace/port.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { API, TaobaoGlobalClient } from "../src/marketplace/taobao-global/client.ts";
import { NOT_IMPLEMENTED, TaobaoGlobalConnector } from "../src/marketplace/taobao-global/connector.ts";
import { checkUploadImage, sniffImage } from "../src/marketplace/taobao-global/image.ts";
import { encodePng } from "../src/marketplace/sandbox/images.ts";
import { TaobaoGlobalFake, startTaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

/** A real (decodable) PNG: `seed` changes its pixels, so each test can have its own picture. */
function png(seed: number, size = 8): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let k = 0; k < rgba.length; k++) rgba[k] = (k * 31 + seed * 17) & 0xff;
  return encodePng({ width: size, height: size, rgba });
}

describe("taobao-global search by image against the fake distributor gateway", () => {
  let fake: TaobaoGlobalFake;
  const fakeNow = Date.parse("2026-12-07T08:00:00Z");

  before(async () => {
    fake = await startTaobaoGlobalFake({ now: () => fakeNow });
  });
  after(async () => {
    await fake?.close();
  });

  async function connect(overrides: { appSecret?: string } = {}): Promise<TaobaoGlobalConnector> {
    const client = new TaobaoGlobalClient({ baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, now: () => fakeNow });
    return new TaobaoGlobalConnector({
      baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: overrides.appSecret ?? fake.appSecret, tokens: await client.createToken(fake.issueAuthCode()), timeoutMs: 2000,
      policy: { ratePerSec: 1000, burst: 1000, maxAttempts: 3, circuitThreshold: 5, circuitCoolDownMs: 60_000, now: () => fakeNow, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits() },
    });
  }
  const callsOf = (apiPath: string) => fake.calls.filter((c) => c.apiPath === apiPath);
  const query = (image: Buffer, more: Partial<ImageQuery> = {}): ImageQuery => ({ image, lang: "en", offset: 0, limit: 10, ...more });

  test("searchByImage is no longer listed as not implemented", () => {
    assert.ok(!(NOT_IMPLEMENTED as readonly string[]).includes("searchByImage"));
  });

  test("a PNG: uploaded as base64, searched by the image_id answered, mapped like search results", async () => {
    const connector = await connect();
    const picture = png(1);
    fake.registerImage(picture, [700000000003, 700000000001]);
    const page = await connector.searchByImage(query(picture));
    assert.equal(page.total, 2);
    assert.deepEqual(page.items.map((p) => p.id), ["700000000003", "700000000001"]);
    const [glass, mug] = page.items;
    assert.deepEqual(glass!.title, { zh: "玻璃杯 马克杯 透明", trans: "Glass mug, clear" });
    assert.equal(glass!.priceFen, 1290);
    assert.equal(mug!.priceFen, 2590, "the search form's price is the promotional one, yuan → fen");
    assert.equal(mug!.stock, 150);
    assert.deepEqual(mug!.imageUrls, ["https://img.example.invalid/mug-1.jpg"]);
    assert.equal(mug!.seller.shopName, "杯子旗舰店");
    // The same item through the keyword search maps to the same product.
    const viaSearch = (await connector.search({ keyword: "陶瓷", lang: "en", offset: 0, limit: 10 })).items[0];
    assert.deepEqual(mug, viaSearch);

    const upload = callsOf(API.uploadImage).at(-1)!;
    assert.equal(upload.refused, undefined);
    assert.ok(Buffer.from(upload.params["image_base64"]!, "base64").equals(picture), "the picture's bytes, base64");
    assert.ok(upload.params["access_token"], "an authorized call");
    const search = callsOf(API.imageSearch).at(-1)!;
    assert.ok(fake.images.has(search.params["image_id"]!), "searched by the id the upload answered");
    assert.equal(search.params["language"], "en");
  });

  test("zh asks for no translation; an unregistered picture finds the whole catalogue in order", async () => {
    const connector = await connect();
    const page = await connector.searchByImage(query(png(2), { lang: "zh" }));
    assert.deepEqual(page.items.map((p) => p.id), fake.catalogue.map((i) => String(i.item_id)));
    assert.equal(page.total, fake.catalogue.length);
    assert.equal(page.items[0]!.title.trans, page.items[0]!.title.zh);
    assert.equal(callsOf(API.imageSearch).at(-1)!.params["language"], undefined);
  });

  test("paging: [offset, offset + limit) of the one list, with its exact total", async () => {
    const connector = await connect();
    const picture = png(3);
    fake.registerImage(picture, [700000000002, 700000000003, 700000000001]);
    const first = await connector.searchByImage(query(picture, { offset: 0, limit: 2 }));
    assert.deepEqual(first.items.map((p) => p.id), ["700000000002", "700000000003"]);
    assert.equal(first.total, 3);
    const second = await connector.searchByImage(query(picture, { offset: 2, limit: 2 }));
    assert.deepEqual(second.items.map((p) => p.id), ["700000000001"]);
    assert.equal(second.total, 3);
    const beyond = await connector.searchByImage(query(picture, { offset: 5, limit: 2 }));
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, 3);
  });

  test("price filter and price sort are applied to the list (the upstream takes neither)", async () => {
    const connector = await connect();
    const picture = png(4);
    fake.registerImage(picture, [700000000001, 700000000002, 700000000003]);
    const cheap = await connector.searchByImage(query(picture, { priceMaxFen: 3000, sort: { key: "price", order: "desc" } }));
    assert.deepEqual(cheap.items.map((p) => p.priceFen), [2590, 1290]);
    assert.equal(cheap.total, 2);
    const search = callsOf(API.imageSearch).at(-1)!;
    assert.deepEqual(Object.keys(search.params).filter((k) => /price|sort|page/.test(k)), [], "nothing the SDK does not send");
  });

  test("a non-image and an oversized picture are ImageInputError before any call", async () => {
    const connector = await connect();
    const n = fake.calls.length;
    for (const bad of [Buffer.from("plain text, not a picture"), Buffer.alloc(0), Buffer.from("GIF89a0000000000")]) {
      await assert.rejects(connector.searchByImage(query(bad)), ImageInputError);
    }
    const huge = Buffer.concat([png(5), Buffer.alloc(MAX_IMAGE_BYTES)]);
    await assert.rejects(connector.searchByImage(query(huge)), (e: unknown) => e instanceof ImageInputError && /3 MB/.test(e.message));
    assert.equal(fake.calls.length, n, "the fake saw no call");
  });

  test("the magic bytes: JPEG, PNG and WebP pass, exactly MAX_IMAGE_BYTES passes", () => {
    assert.equal(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), "jpeg");
    assert.equal(sniffImage(png(6)), "png");
    assert.equal(sniffImage(Buffer.from("RIFF\x10\x00\x00\x00WEBPVP8 ", "latin1")), "webp");
    assert.equal(sniffImage(Buffer.from("RIFF\x10\x00\x00\x00WAVEfmt ", "latin1")), undefined);
    const atLimit = Buffer.alloc(MAX_IMAGE_BYTES);
    png(7).copy(atLimit);
    assert.equal(checkUploadImage(atLimit), "png");
  });

  test("an unknown image id: the search's business error is a 50201 keeping the upstream's code", async () => {
    const connector = await connect();
    fake.loseUploads(1);
    const err = await connector.searchByImage(query(png(8))).then(() => assert.fail("expected a refusal"), (e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "IMAGE_NOT_FOUND");
    assert.match(err.message, /\/traffic\/item\/imgsearch.*IMAGE_NOT_FOUND.*request /);
    const lostId = callsOf(API.imageSearch).at(-1)!.params["image_id"]!;
    assert.ok(lostId, "the search was asked with the id the upload answered");
    assert.ok(!fake.images.has(lostId), "an id the fake does not know");
  });

  test("an upload refused by the upstream is a 50201 with its code, and no search follows", async () => {
    const connector = await connect();
    fake.refuseGoodsOnce(API.uploadImage, "IMAGE_SECURITY_LIMIT");
    const searches = callsOf(API.imageSearch).length;
    const err = await connector.searchByImage(query(png(9))).then(() => assert.fail("expected a refusal"), (e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "IMAGE_SECURITY_LIMIT");
    assert.equal(callsOf(API.imageSearch).length, searches);
  });

  test("the fake checks the upload's signature: a wrong secret is refused with IncompleteSignature", async () => {
    const connector = await connect({ appSecret: "not-the-secret" });
    const err = await connector.searchByImage(query(png(10))).then(() => assert.fail("expected a refusal"), (e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.reason, "IncompleteSignature");
    const last = fake.calls.at(-1)!;
    assert.equal(last.apiPath, API.uploadImage);
    assert.equal(last.refused, "IncompleteSignature");
  });

  test("a transient failure of the upload is retried (it makes nothing the buyer pays for)", async () => {
    const connector = await connect();
    fake.failNext({ status: 502 });
    const page = await connector.searchByImage(query(png(11)));
    assert.equal(page.items.length, fake.catalogue.length);
    const uploads = callsOf(API.uploadImage).slice(-2);
    assert.deepEqual(uploads.map((c) => c.refused), ["HTTP 502", undefined], "the upload failed once, then went through");
  });

  test("a picture of exactly 3 MB goes through the signed JSON post (4 MB of base64)", async () => {
    const connector = await connect();
    const big = Buffer.alloc(MAX_IMAGE_BYTES);
    png(12).copy(big);
    fake.registerImage(big, [700000000002]);
    const page = await connector.searchByImage(query(big));
    assert.deepEqual(page.items.map((p) => p.id), ["700000000002"]);
    assert.equal(callsOf(API.uploadImage).at(-1)!.params["image_base64"]!.length, Math.ceil(MAX_IMAGE_BYTES / 3) * 4);
  });

  test("the fake itself refuses a picture that is not JPG/PNG/WEBP (a client that skipped the check)", async () => {
    const client = new TaobaoGlobalClient({ baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret, now: () => fakeNow });
    const tokens = await client.createToken(fake.issueAuthCode());
    const body = await client.call(API.uploadImage, { image_base64: Buffer.from("not a picture").toString("base64") }, { accessToken: tokens.accessToken });
    assert.equal(body["biz_error_code"], "IMAGE_FORMAT_ERROR");
    const unknown = await client.call(API.imageSearch, { image_id: "img_nope" }, { accessToken: tokens.accessToken });
    assert.equal(unknown["biz_error_code"], "IMAGE_NOT_FOUND");
  });
});
