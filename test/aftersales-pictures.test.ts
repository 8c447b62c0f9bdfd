// The after-sales picture store through HTTP: the 1688 voucher upload (alibaba-1688.md §4.3) checks,
// re-encodes and stores a picture; the public address serves it back to anyone who has it, only under
// the developer that stored it; adopt() keeps the tenant's own addresses and fetches the others
// through the SSRF guard. PGlite by default, PostgreSQL with DATABASE_URL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import http from "node:http";
import sharp, { type Sharp } from "sharp";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import type { ImageStore } from "../src/modules/aftersales/images/store.ts";

const UPLOAD = "/v2/alibaba/refund/voucher/upload";
const MB = 1024 * 1024;

interface Voucher {
  imageDomain: string;
  imageRelativeUrl: string;
  voucherUrl: string;
}

/** A 64×32 picture with a gradient (so re-encoding has something to do). */
function gradient(width = 64, height = 32): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([(x * 4) % 256, (y * 8) % 256, 128], (y * width + x) * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** Random pixels: JPEG cannot compress them, so the file is about as large as width × height × 3. */
const noise = (width: number, height: number) => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });

const EXIF = { IFD0: { Copyright: "secret owner", Artist: "the buyer's phone" } };

let server: TestServer;
let devA: TestDeveloper;
let devB: TestDeveloper;
let userA2: string;

before(async () => {
  server = await startServer({ config: { sandboxItems: 200, sandboxTickMs: 0 } });
  devA = await server.createDeveloper();
  devB = await server.createDeveloper();
  userA2 = await server.addUser(devA.developId, "second-buyer");
});
after(async () => server?.close());

async function upload(dev: TestDeveloper, body: unknown, userId?: string) {
  return (await dev.client.raw<Voucher>("POST", UPLOAD, { body, ...(userId ? { userId } : {}) })).envelope;
}
async function uploaded(dev: TestDeveloper, bytes: Buffer): Promise<Voucher> {
  const envelope = await upload(dev, { imageBase64: bytes.toString("base64"), fileName: "proof.jpg" });
  assert.equal(envelope.code, 200, envelope.msg);
  return envelope.data!;
}
/** The platform's address of a picture, reached on the test server's real port (PUBLIC_URL says port 0). */
const onServer = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);
async function served(url: string) {
  const response = await fetch(onServer(url));
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}
async function refused(dev: TestDeveloper, imageBase64: string, message: RegExp) {
  const envelope = await upload(dev, { imageBase64 });
  assert.equal(envelope.code, 40002, `expected 40002, got ${envelope.code} ${envelope.msg}`);
  assert.match(envelope.msg, /imageBase64/);
  assert.match(envelope.msg, message);
}

describe("the 1688 voucher upload", () => {
  test("a JPEG with EXIF comes back upright, re-encoded, without any metadata", async () => {
    const input = await gradient().jpeg({ quality: 95 }).withMetadata({ orientation: 6, exif: EXIF }).toBuffer();
    const before = await sharp(input).metadata();
    assert.ok(before.exif && before.orientation === 6, "the input carries EXIF");

    const voucher = await uploaded(devA, input);
    assert.equal(voucher.voucherUrl, voucher.imageDomain + voucher.imageRelativeUrl);
    assert.equal(voucher.imageDomain, server.config.publicUrl);
    assert.match(voucher.imageRelativeUrl, new RegExp(`^/aftersales/pictures/${devA.developId}/[A-Za-z0-9_-]{43}\\.jpg$`));

    const { response, bytes } = await served(voucher.voucherUrl);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "image/jpeg");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("cache-control"), "private, max-age=86400");
    assert.equal(response.headers.get("content-disposition"), "inline");
    assert.notDeepEqual(bytes, input);
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.format, "jpeg");
    assert.deepEqual([meta.width, meta.height], [32, 64], "turned upright by its orientation");
    assert.equal(meta.exif, undefined);
    assert.equal(meta.orientation, undefined);
    assert.equal(meta.icc, undefined);
    assert.equal(meta.xmp, undefined);
    assert.ok(!bytes.includes(Buffer.from("secret owner")));

    const row = await server.platform.database.db
      .selectFrom("aftersales_images")
      .select(["developer_id", "user_id", "content_type", "width", "height", "sha256"])
      .where("developer_id", "=", devA.developId)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...row, sha256: row.sha256.length }, { developer_id: devA.developId, user_id: devA.userId, content_type: "image/jpeg", width: 32, height: 64, sha256: 64 });
  });

  test("PNG and WebP keep their format; a data: URL is accepted", async () => {
    const png = await gradient().png().withExif(EXIF).toBuffer();
    const webp = await gradient().webp().withExif(EXIF).withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret/></x:xmpmeta>').toBuffer();
    assert.ok((await sharp(webp).metadata()).xmp, "the WebP input carries XMP");
    const cases: Array<[Buffer, string, string, string]> = [
      [png, "image/png", "png", `data:image/png;base64,${png.toString("base64")}`],
      [webp, "image/webp", "webp", webp.toString("base64")],
    ];
    for (const [input, type, format, imageBase64] of cases) {
      const envelope = await upload(devA, { imageBase64 });
      assert.equal(envelope.code, 200, envelope.msg);
      assert.ok(envelope.data!.voucherUrl.endsWith(`.${format === "png" ? "png" : "webp"}`));
      const { response, bytes } = await served(envelope.data!.voucherUrl);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), type);
      assert.notDeepEqual(bytes, input);
      const meta = await sharp(bytes).metadata();
      assert.equal(meta.format, format);
      assert.deepEqual([meta.width, meta.height, meta.exif, meta.xmp, meta.icc], [64, 32, undefined, undefined, undefined]);
    }
  });

  test("the same picture from the same buyer keeps its address; another buyer gets their own", async () => {
    const input = await gradient(40, 40).jpeg().toBuffer();
    const first = await uploaded(devA, input);
    const again = await uploaded(devA, input);
    assert.equal(again.voucherUrl, first.voucherUrl);
    const other = await upload(devA, { imageBase64: input.toString("base64") }, userA2);
    assert.equal(other.code, 200);
    assert.notEqual(other.data!.voucherUrl, first.voucherUrl);
  });

  test("a picture of almost 3 MB, sent as line-wrapped base64 (over 4 MB of body), fits", async () => {
    const jpeg = (side: number) => noise(side, side).jpeg({ quality: 100, chromaSubsampling: "4:4:4" }).toBuffer();
    let input = await jpeg(1040);
    for (let side = 1035; input.length > 3 * MB; side -= 5) input = await jpeg(side);
    assert.ok(input.length > 2.9 * MB, `a large picture (${input.length} bytes)`);
    const wrapped = input.toString("base64").replace(/.{76}/g, "$&\r\n");
    assert.ok(JSON.stringify({ imageBase64: wrapped }).length > 4 * MB);
    const envelope = await upload(devA, { imageBase64: wrapped });
    assert.equal(envelope.code, 200, envelope.msg);
  });

  test("refusals name imageBase64 and the reason", async () => {
    const jpeg = await noise(300, 300).jpeg().toBuffer();
    const gif = await gradient().gif().toBuffer();
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#fff" } }).png().toBuffer();
    assert.ok(bomb.length < 1 * MB, "a small file of 48 million pixels");
    const oversized = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(3 * MB - 2)]);

    await refused(devA, oversized.toString("base64"), /larger than 3 MB/);
    await refused(devA, Buffer.from("just some words, no picture").toString("base64"), /not a JPEG, PNG or WebP image/);
    await refused(devA, jpeg.subarray(0, Math.floor(jpeg.length / 2)).toString("base64"), /damaged or truncated JPEG/);
    await refused(devA, "this is not base64!", /not valid base64/);
    await refused(devA, "", /empty/);
    await refused(devA, gif.toString("base64"), /not a JPEG, PNG or WebP image/);
    await refused(devA, `data:text/plain;base64,${jpeg.toString("base64")}`, /data:image/);
    await refused(devA, bomb.toString("base64"), /more than 40 million pixels/);

    const missing = await upload(devA, { fileName: "x.jpg" });
    assert.equal(missing.code, 40002);
    assert.match(missing.msg, /imageBase64 is required/);
  });

  test("the upload is signed", async () => {
    const response = await fetch(server.url + UPLOAD, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ imageBase64: "AAAA" }) });
    assert.equal(((await response.json()) as { code: number }).code, 40001);
  });

  test("the address serves only under its developer: another developer id, an unknown token or another extension is a plain 404", async () => {
    const voucher = await uploaded(devA, await gradient(20, 20).png().toBuffer());
    const url = onServer(voucher.voucherUrl);
    for (const wrong of [
      url.replace(`/${devA.developId}/`, `/${devB.developId}/`),
      url.replace(/\/[A-Za-z0-9_-]{43}\./, `/${randomBytes(32).toString("base64url")}.`),
      url.replace(/\.png$/, ".jpg"),
      url.replace(`/${devA.developId}/`, "/not-a-developer/"),
      url.replace(`/${devA.developId}/`, "/99999999999999999999999/"),
    ]) {
      const response = await fetch(wrong);
      assert.equal(response.status, 404, wrong);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
    }
    assert.equal((await fetch(url.replace(/\.png$/, ""))).status, 200, "the token alone serves too");
  });

  test("the OpenAPI document lists the upload (errors included) and the public address", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: { "x-codes"?: number[] } }> }> }>> };
    const upload = doc.paths[UPLOAD]?.["post"];
    assert.ok(upload?.requestBody);
    assert.ok(upload.responses["200"]?.content?.["application/json"]?.schema["x-codes"]?.includes(40002));
    assert.deepEqual(doc.paths["/aftersales/pictures/{developerId}/{file}"]?.["get"]?.security, []);
  });
});

describe("adopting picture addresses", () => {
  let pictures: ImageStore;
  let own: string;
  let origin: http.Server;
  let originUrl: string;
  let png: Buffer;

  before(async () => {
    pictures = server.platform.services.pictures;
    own = (await uploaded(devA, await gradient(30, 30).jpeg().toBuffer())).voucherUrl;
    png = await gradient(48, 24).png().withExif(EXIF).toBuffer();
    // An image host on this machine: only a platform that allows private addresses may fetch it.
    origin = http.createServer((request, response) => {
      if (request.url === "/pic.png") response.writeHead(200, { "content-type": "image/png" }).end(png);
      else if (request.url === "/page.html") response.writeHead(200, { "content-type": "text/html" }).end("<html>not a picture</html>");
      else if (request.url === "/huge.jpg") response.writeHead(200, { "content-type": "image/jpeg" }).end(Buffer.alloc(3 * MB + 10, 0xff));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
    originUrl = `http://127.0.0.1:${(origin.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => origin?.close(() => resolve())));

  const ownerA = () => ({ developerId: devA.developId, userId: devA.userId });

  async function adoptRefused(urls: string[], message: RegExp, owner = ownerA()) {
    await assert.rejects(pictures.adopt(owner, urls, "pictures"), (err: { code: number; message: string }) => {
      assert.equal(err.code, 40002);
      assert.match(err.message, message);
      return true;
    });
  }

  test("the developer's own addresses are kept without a request, on the public host or loopback", async () => {
    const loopback = own.replace(/^https?:\/\/[^/]+/, "http://127.0.0.1:9");
    assert.deepEqual(await pictures.adopt(ownerA(), [own, loopback], "pictures"), [own, own]);
    assert.deepEqual(await pictures.adopt(ownerA(), [], "pictures"), []);
  });

  test("another developer's address or an unknown token on the picture route is refused", async () => {
    await adoptRefused([own], /pictures\[0\] is not a picture stored by this developer/, { developerId: devB.developId, userId: devB.userId });
    await adoptRefused([own, own.replace(/\/[A-Za-z0-9_-]{43}\./, `/${randomBytes(32).toString("base64url")}.`)], /pictures\[1\] is not a picture stored by this developer/);
  });

  test("the SSRF guard refuses private addresses (the default)", async () => {
    await adoptRefused([own, `${originUrl}/pic.png`], /pictures\[1\] cannot be fetched: .*127\.0\.0\.1.*loopback/);
    await adoptRefused(["ftp://example.com/a.png"], /pictures\[0\] is not an absolute http\(s\) URL/);
    await adoptRefused(["not a url"], /pictures\[0\] is not an absolute http\(s\) URL/);
  });

  test("with AFTERSALES_PICTURE_ALLOW_PRIVATE a fetched picture is checked, re-encoded, stored and served", async () => {
    const trusting = await startServer({ config: { aftersalesPictureAllowPrivate: true, sandboxItems: 200, sandboxTickMs: 0 } });
    try {
      const dev = await trusting.createDeveloper();
      const owner = { developerId: dev.developId, userId: dev.userId };
      const store = trusting.platform.services.pictures;
      const [url] = await store.adopt(owner, [`${originUrl}/pic.png`], "pictures");
      assert.match(url!, new RegExp(`^${trusting.config.publicUrl}/aftersales/pictures/${dev.developId}/[A-Za-z0-9_-]{43}\\.png$`));
      const response = await fetch(url!.replace(/^https?:\/\/[^/]+/, trusting.url));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "image/png");
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.notDeepEqual(bytes, png);
      const meta = await sharp(bytes).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ["png", 48, 24, undefined]);
      // Adopting the stored address again keeps it.
      assert.deepEqual(await store.adopt(owner, [url!], "pictures"), [url]);

      const failing = async (path: string, message: RegExp) =>
        assert.rejects(store.adopt(owner, [url!, `${originUrl}${path}`], "vouchers"), (err: { code: number; message: string }) => {
          assert.equal(err.code, 40002);
          assert.match(err.message, message);
          return true;
        });
      await failing("/missing.png", /vouchers\[1\] answered HTTP 404/);
      await failing("/page.html", /vouchers\[1\] is not a JPEG, PNG or WebP image/);
      await failing("/huge.jpg", /vouchers\[1\] is larger than 3 MB/);
    } finally {
      await trusting.close();
    }
  });
});
