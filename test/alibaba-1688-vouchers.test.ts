// Contract tests of the 1688 connector's refund evidence against the local AOP fake: pictures are
// re-encoded as JPEGs under 1 MB, uploaded by uploadRefundVoucher (multipart, signature checked by
// the fake over the text fields) and named in createRefund's vouchers. No real host is contacted.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { UpstreamError, UpstreamRejection, type RefundRequest } from "../src/marketplace/port.ts";
import { RateLimits } from "../src/marketplace/live/policy.ts";
import { Alibaba1688Connector, type Alibaba1688Options } from "../src/marketplace/alibaba-1688/connector.ts";
import { AopFake, FAKE_VOUCHER_MAX_BYTES } from "./fakes/aop-fake.ts";
import { APP_KEY, SECRET, TOKEN, OWNER, RECEIVER, RED, dress } from "./fakes/aop-fixtures.ts";

const DRESS = dress({ skus: [{ ...RED }] });
const DUE = 1250 + 600;
const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** A small PNG with a transparent half. */
const png = () => sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();
/** A noisy JPEG well over 1 MB (noise does not compress). */
async function largeJpeg(): Promise<Buffer> {
  const width = 2400;
  const height = 2000;
  const raw = Buffer.alloc(width * height * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = x >>> 16;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

describe("1688 connector: refund vouchers against the fake AOP gateway", () => {
  let fake: AopFake;
  const fakeNow = Date.parse("2026-12-07T08:00:00Z");
  let ref = 0;
  const connect = (overrides: Partial<Alibaba1688Options> = {}) =>
    new Alibaba1688Connector({
      baseUrl: fake.url,
      appKey: APP_KEY,
      appSecret: SECRET,
      accessToken: TOKEN,
      timeoutMs: 5000,
      ...overrides,
      policy: { ratePerSec: 1000, burst: 1000, maxAttempts: 3, circuitThreshold: 5, circuitCoolDownMs: 60_000, random: () => 0.5, sleep: async () => {}, rateLimits: new RateLimits(), now: () => fakeNow },
    });
  const shippedOrder = async (connector: Alibaba1688Connector) => {
    const [order] = await connector.createOrder(OWNER, [{ lineNo: "L1", productId: DRESS.productID, skuId: "4397455896451", quantity: 1 }], RECEIVER, `v-${++ref}`);
    assert.ok(order);
    assert.deepEqual(await connector.payOrder(OWNER, order.upstreamOrderId, DUE), { paid: true, at: fakeNow });
    fake.ship(order.upstreamOrderId, { billNo: `YT${ref}`, carrierName: "圆通速递", carrierNo: "YTO" });
    return order;
  };
  const request = (order: { upstreamOrderId: string; lines: Array<{ upstreamLineId: string }> }, extra: Partial<RefundRequest> = {}): RefundRequest => ({
    refundId: `R-V${++ref}`,
    upstreamOrderId: order.upstreamOrderId,
    upstreamLineIds: [order.lines[0]!.upstreamLineId],
    type: "refund",
    amountFen: 1250,
    carriageFen: 0,
    reason: "质量问题",
    description: "破了一个洞",
    ...extra,
  });

  before(async () => {
    fake = await AopFake.start({ appKey: APP_KEY, appSecret: SECRET, tokens: { [TOKEN]: fakeNow + 100 * 3600_000 }, products: [structuredClone(DRESS)], now: () => fakeNow });
  });
  after(async () => {
    await fake?.close();
  });

  test("a PNG and a JPEG over 1 MB reach the fake as JPEGs under 1 MB, and the refund holds both vouchers in order", async () => {
    const connector = connect();
    const order = await shippedOrder(connector);
    const big = await largeJpeg();
    assert.ok(big.length > FAKE_VOUCHER_MAX_BYTES, `test picture is ${big.length} bytes`);
    const uploadsBefore = fake.callsOf("alibaba.trade.uploadRefundVoucher").length;
    const kase = await connector.requestRefund(OWNER, request(order, { evidence: [{ contentType: "image/png", bytes: await png() }, { contentType: "image/jpeg", bytes: big }] }));
    const uploads = fake.callsOf("alibaba.trade.uploadRefundVoucher").slice(uploadsBefore);
    assert.equal(uploads.length, 2);
    for (const call of uploads) {
      assert.equal(call.status, 200);
      const image = call.files?.imageData;
      assert.ok(image && isJpeg(image.bytes) && image.bytes.length <= FAKE_VOUCHER_MAX_BYTES, `upload of ${image?.bytes.length} bytes`);
      assert.ok(call.params._aop_signature, "the upload is signed");
      assert.equal(call.params.imageData, undefined, "the file is no text param");
    }
    const refund = [...fake.refunds.values()].find((r) => r.orderId === order.upstreamOrderId)!;
    assert.equal(refund.vouchers.length, 2);
    assert.deepEqual(refund.vouchers.map((url) => fake.vouchers.get(url)?.bytes), uploads.map((c) => c.files!.imageData!.bytes));
    // The PNG's picture survives: still 64 × 48 after its trip.
    const meta = await sharp(fake.vouchers.get(refund.vouchers[0]!)!.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["jpeg", 64, 48]);
    assert.equal(kase.status, "requested");
    // A repeat of the same request is the same case: nothing uploaded or created again.
    const again = await connector.requestRefund(OWNER, { ...request(order), refundId: kase.refundId, evidence: [{ contentType: "image/png", bytes: await png() }] });
    assert.equal(again.refundId, kase.refundId);
    assert.equal(fake.callsOf("alibaba.trade.uploadRefundVoucher").length, uploadsBefore + 2);
    assert.equal([...fake.refunds.values()].filter((r) => r.orderId === order.upstreamOrderId).length, 1);
  });

  test("no evidence: no upload and no vouchers param; a reason that needs a voucher is then refused, and accepted with one", async () => {
    const connector = connect();
    fake.requireVoucher(20023);
    const order = await shippedOrder(connector);
    const uploadsBefore = fake.callsOf("alibaba.trade.uploadRefundVoucher").length;
    await assert.rejects(connector.requestRefund(OWNER, request(order, { reason: "发错货" })), (err: unknown) => err instanceof UpstreamRejection && err.code === "VOUCHER_REQUIRED");
    assert.equal(fake.callsOf("alibaba.trade.uploadRefundVoucher").length, uploadsBefore);
    assert.equal(fake.callsOf("alibaba.trade.createRefund").at(-1)!.params.vouchers, undefined);
    await connector.requestRefund(OWNER, request(order, { reason: "发错货", evidence: [{ contentType: "image/png", bytes: await png() }] }));
    const refund = [...fake.refunds.values()].find((r) => r.orderId === order.upstreamOrderId)!;
    assert.equal(refund.reasonId, "20023");
    assert.equal(refund.vouchers.length, 1);
  });

  test("the upload is signed with the app secret over its text fields: a wrong secret or a forged signature is refused, and no case is opened", async () => {
    const { AopClient } = await import("../src/marketplace/alibaba-1688/aop.ts");
    const jpeg = await sharp(await png()).jpeg().toBuffer();
    const file = { imageData: { bytes: jpeg, contentType: "image/jpeg", fileName: "v.jpg" } };
    const upload = (secret: string) => new AopClient({ baseUrl: fake.url, appKey: APP_KEY, appSecret: secret, accessToken: TOKEN }).callMultipart("com.alibaba.trade", "alibaba.trade.uploadRefundVoucher", {}, file);
    const accepted = await upload(SECRET);
    assert.match(JSON.stringify(accepted), /imageRelativeURL/);
    await assert.rejects(upload("not-the-secret"), /gw\.SignatureInvalid/);
    // The connector's own upload, its signature forged on the way: refused, and nothing is created.
    const order = await shippedOrder(connect());
    const creates = fake.callsOf("alibaba.trade.createRefund").length;
    const uploadsBefore = fake.callsOf("alibaba.trade.uploadRefundVoucher").length;
    const forging: typeof fetch = async (input, init) => {
      if (String(input).includes("uploadRefundVoucher") && init?.body instanceof Uint8Array) {
        const text = Buffer.from(init.body).toString("latin1");
        const forged = text.replace(/(name="_aop_signature"\r\n\r\n)[0-9A-F]{40}/, `$1${"0".repeat(40)}`);
        assert.notEqual(forged, text, "the signature field was found");
        return fetch(input, { ...init, body: Buffer.from(forged, "latin1") });
      }
      return fetch(input, init);
    };
    await assert.rejects(connect({ fetch: forging }).requestRefund(OWNER, request(order, { evidence: [{ contentType: "image/png", bytes: await png() }] })), (err: unknown) => err instanceof UpstreamError);
    const uploads = fake.callsOf("alibaba.trade.uploadRefundVoucher").slice(uploadsBefore);
    assert.ok(uploads.length >= 1 && uploads.every((c) => c.status === 401));
    assert.equal(fake.callsOf("alibaba.trade.createRefund").length, creates);
  });

  test("an upload whose answer is lost is sent again (retry-safe): the case holds the one voucher answered", async () => {
    const connector = connect();
    const order = await shippedOrder(connector);
    const uploadsBefore = fake.callsOf("alibaba.trade.uploadRefundVoucher").length;
    fake.dropResponseOnce("alibaba.trade.uploadRefundVoucher");
    await connector.requestRefund(OWNER, request(order, { evidence: [{ contentType: "image/webp", bytes: await sharp(await png()).webp().toBuffer() }] }));
    assert.equal(fake.callsOf("alibaba.trade.uploadRefundVoucher").length, uploadsBefore + 2);
    const refund = [...fake.refunds.values()].find((r) => r.orderId === order.upstreamOrderId)!;
    assert.equal(refund.vouchers.length, 1);
  });

  test("a picture that cannot be made small enough, or is no picture, is refused before any call", async () => {
    const { voucherJpeg } = await import("../src/marketplace/alibaba-1688/voucher.ts");
    await assert.rejects(voucherJpeg(await largeJpeg(), 0, 2000), (err: unknown) => err instanceof UpstreamRejection && err.code === "VOUCHER_TOO_LARGE");
    const callsBefore = fake.calls.length;
    await assert.rejects(
      connect().requestRefund(OWNER, { refundId: "R-VX", upstreamOrderId: "1", upstreamLineIds: ["2"], type: "refund", amountFen: 1, carriageFen: 0, reason: "质量问题", description: "坏了", evidence: [{ contentType: "image/png", bytes: Buffer.from("not a picture") }] }),
      (err: unknown) => err instanceof UpstreamRejection && err.code === "VOUCHER_UNREADABLE",
    );
    assert.equal(fake.calls.length, callsBefore);
  });

  test("the fake refuses what 1688 refuses: a PNG or an oversized JPEG upload, an unknown voucher address", async () => {
    const { AopClient } = await import("../src/marketplace/alibaba-1688/aop.ts");
    const client = new AopClient({ baseUrl: fake.url, appKey: APP_KEY, appSecret: SECRET, accessToken: TOKEN });
    const upload = (bytes: Buffer, contentType: string) => client.callMultipart("com.alibaba.trade", "alibaba.trade.uploadRefundVoucher", {}, { imageData: { bytes, contentType, fileName: "v" } });
    await assert.rejects(upload(await png(), "image/png"), /IMAGE_TYPE_NOT_SUPPORT/);
    await assert.rejects(upload(await largeJpeg(), "image/jpeg"), /IMAGE_SIZE_TOO_LARGE/);
    const order = await shippedOrder(connect());
    await assert.rejects(
      client.call("com.alibaba.trade", "alibaba.trade.createRefund", { orderId: order.upstreamOrderId, orderEntryIds: `[${order.lines[0]!.upstreamLineId}]`, disputeRequest: "refund", applyPayment: 100, applyCarriage: 0, applyReasonId: 20022, description: "坏了", goodsStatus: "refundBuyerReceived", vouchers: ["https://cbu01.alicdn.com/img/ibank/refund/unknown.jpg"] }),
      /VOUCHER_NOT_EXIST/,
    );
  });
});
