// Push verification and reading. The golden vector below was COMPUTED BY US (an independent
// one-line HMAC with node:crypto in a shell, not with this module); no published example exists.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { PushRefused, type PushRequest } from "../live/live-connector.ts";
import { PUSH_ACK, parseKeepingNumbers, readPush } from "./push.ts";

const KEY = "500000";
const SECRET = "testsecret";
const sign = (body: string) => createHmac("sha256", SECRET).update(KEY + body).digest("hex");
/** A push as received; `null` sends no authorization header at all. */
const push = (body: string, authorization: string | null = sign(body)): PushRequest => ({
  path: "/push/taobao-global", query: {}, headers: authorization === null ? {} : { authorization }, rawBody: Buffer.from(body),
});
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PushRefused, String(err));
    return err.reason;
  }
  assert.fail("not refused");
};

describe("taobao-global push", () => {
  const GOLDEN_BODY = '{"message_type":3,"seller_id":"2200000000001","timestamp":1765094400000,"data":{"purchase_id":2000000000001,"order_status":"WAIT_BUYER_P"}}';
  const GOLDEN_SIG = "e3563162b045d86a27eafd4a33afb621f050c966c9e519f1b187228365cb7bb5"; // computed by us

  test("golden vector (computed by us): a correctly signed status push names its purchase", () => {
    const notices = readPush(push(GOLDEN_BODY, GOLDEN_SIG), KEY, SECRET);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.upstreamOrderId, "2000000000001");
    assert.equal(notices[0]!.topic, "3");
    assert.match(notices[0]!.messageId, /^sha256:[0-9a-f]{32}$/, "no message id in the body: its digest names it");
    assert.deepEqual(readPush(push(GOLDEN_BODY, ` ${GOLDEN_SIG.toUpperCase()} `), KEY, SECRET), notices, "case and surrounding blanks of the header do not matter; a repeat has the same message id");
  });

  test("missing or bad signature, wrong secret, tampered body → PushRefused", () => {
    assert.match(refusal(() => readPush(push(GOLDEN_BODY, null), KEY, SECRET)), /missing/);
    assert.match(refusal(() => readPush(push(GOLDEN_BODY, ""), KEY, SECRET)), /missing/);
    assert.match(refusal(() => readPush(push(GOLDEN_BODY, GOLDEN_SIG.slice(0, -1) + "0"), KEY, SECRET)), /bad signature/);
    assert.match(refusal(() => readPush(push(GOLDEN_BODY, GOLDEN_SIG.slice(0, 10)), KEY, SECRET)), /bad signature/, "a short value is refused, not compared");
    assert.match(refusal(() => readPush(push(GOLDEN_BODY, GOLDEN_SIG), KEY, "other-secret")), /bad signature/);
    assert.match(refusal(() => readPush(push(GOLDEN_BODY, GOLDEN_SIG), "500001", SECRET)), /bad signature/, "the app key is part of the signed text");
    assert.match(refusal(() => readPush(push(GOLDEN_BODY.replace("2000000000001", "2000000000002"), GOLDEN_SIG), KEY, SECRET)), /bad signature/);
  });

  test("a signed but unreadable body is refused", () => {
    assert.match(refusal(() => readPush(push("not json"), KEY, SECRET)), /not JSON/);
    assert.match(refusal(() => readPush(push("[3]"), KEY, SECRET)), /not a JSON object/);
    assert.match(refusal(() => readPush(push('{"data":{"purchase_id":1}}'), KEY, SECRET)), /message_type/);
    assert.match(refusal(() => readPush(push('{"message_type":3,"data":{}}'), KEY, SECRET)), /without a purchase id/);
  });

  test("types 3, 8 and 9 are followed (number or string); a 64-bit id keeps every digit; other types give none", () => {
    const big = "9223372036854775807"; // beyond 2^53: a double would make it …5808
    const body = `{"message_type":8,"timestamp":1,"data":{"purchase_id":${big},"sub_purchase_order_id":12,"price":100}}`;
    assert.deepEqual(readPush(push(body), KEY, SECRET).map((n) => [n.upstreamOrderId, n.topic]), [[big, "8"]]);
    const refund = `{"message_type":"9","message_id":"m-1","data":{"purchase_order_id":"${big}","refund_id":77}}`;
    assert.deepEqual(readPush(push(refund), KEY, SECRET), [{ messageId: "m-1", upstreamOrderId: big, topic: "9" }]);
    assert.deepEqual(readPush(push('{"message_type":5,"data":{"purchase_id":1}}'), KEY, SECRET), []);
    assert.deepEqual(readPush(push('{"message_type":0,"data":{}}'), KEY, SECRET), [], "an unfollowed type needs no purchase id");
  });

  test("numbers are kept as their source text; the ack is the gateway's success envelope", () => {
    assert.deepEqual(parseKeepingNumbers('{"a":12345678901234567890,"b":[1.50,-2]}'), { a: "12345678901234567890", b: ["1.50", "-2"] });
    assert.deepEqual(PUSH_ACK, { status: 200, contentType: "application/json", body: '{"code":"0"}' });
  });
});
