// 1688 message pushes: the signature's golden vector and which orders each topic names.
//
// Where the vector comes from: the researcher computed it (warehouse-connectors.md §B.1, marked
// INFERRED there) and we RECOMPUTED it here with plain node:crypto HMAC-SHA1 over "message" + the
// message: it matches (3270BA12…FEAC59). Both computations are ours, so it checks that our helper
// follows the SEEN algorithm (go1688 message/message.go: Sign("", {message})), not the real upstream.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { PushRefused } from "../live/live-connector.ts";
import { aopPushBody, aopPushSignature, readAopPush } from "./push.ts";

const SECRET = "testsecret";
const GOLDEN_MESSAGE = '{"msgId":1,"gmtBorn":1700000000000,"data":{"orderId":167539019420540000,"currentStatus":"waitbuyerpay"},"userInfo":"b2b-665170100","type":"ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY"}';
const GOLDEN_SIGNATURE = "3270BA12BE0035903CBC27711D101DA0A5FEAC59";

const body = (message: string, secret = SECRET) => Buffer.from(aopPushBody(secret, message));
const message = (type: string, data: string, msgId = "7") => `{"msgId":${msgId},"gmtBorn":1700000000000,"data":${data},"userInfo":"b2b-1","type":"${type}"}`;

describe("1688 push signature", () => {
  test("the research's worked example (computed by the researcher, recomputed here with node:crypto: matches)", () => {
    assert.equal(createHmac("sha1", SECRET).update("message" + GOLDEN_MESSAGE).digest("hex").toUpperCase(), GOLDEN_SIGNATURE);
    assert.equal(aopPushSignature(SECRET, GOLDEN_MESSAGE), GOLDEN_SIGNATURE);
    const notices = readAopPush(SECRET, Buffer.from(new URLSearchParams({ message: GOLDEN_MESSAGE, _aop_signature: GOLDEN_SIGNATURE }).toString()));
    assert.deepEqual(notices, [{ messageId: "1", upstreamOrderId: "167539019420540000", topic: "ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY" }]);
  });

  test("a lower-case signature of the right value is accepted", () => {
    const raw = Buffer.from(new URLSearchParams({ message: GOLDEN_MESSAGE, _aop_signature: GOLDEN_SIGNATURE.toLowerCase() }).toString());
    assert.equal(readAopPush(SECRET, raw).length, 1);
  });

  test("a bad, missing or wrongly keyed signature, no message, or a message that is not JSON → PushRefused", () => {
    const refused = (raw: string | Buffer, why: RegExp) =>
      assert.throws(() => readAopPush(SECRET, Buffer.isBuffer(raw) ? raw : Buffer.from(raw)), (err: unknown) => err instanceof PushRefused && why.test(err.reason));
    refused(new URLSearchParams({ message: GOLDEN_MESSAGE, _aop_signature: GOLDEN_SIGNATURE.replace("3", "4") }).toString(), /bad _aop_signature/);
    refused(new URLSearchParams({ message: GOLDEN_MESSAGE, _aop_signature: "ABC" }).toString(), /bad _aop_signature/);
    refused(new URLSearchParams({ message: GOLDEN_MESSAGE }).toString(), /no _aop_signature/);
    refused(new URLSearchParams({ _aop_signature: GOLDEN_SIGNATURE }).toString(), /no message/);
    refused(body(GOLDEN_MESSAGE, "another-secret"), /bad _aop_signature/);
    // The message changed after signing (one digit of the order id).
    refused(new URLSearchParams({ message: GOLDEN_MESSAGE.replace("167539019420540000", "167539019420540001"), _aop_signature: GOLDEN_SIGNATURE }).toString(), /bad _aop_signature/);
    refused(body("not json"), /not JSON/);
    refused(body('{"data":{}}'), /no type or msgId/);
    refused(Buffer.alloc(0), /no message/);
  });
});

describe("1688 push topics → order notices", () => {
  const ID = "1675390194205400001"; // 19 digits, beyond 2^53: a JS number would make it …400000
  test("an order topic names data.orderId, every digit of a 19-digit id kept", () => {
    assert.notEqual(String(Number(ID)), ID, "the id is one a double cannot hold");
    const notices = readAopPush(SECRET, body(message("ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS", `{"orderId":${ID},"currentStatus":"waitbuyerreceive"}`, "9007199254740993")));
    assert.deepEqual(notices, [{ messageId: "9007199254740993", upstreamOrderId: ID, topic: "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS" }]);
  });

  test("refund topics name the order; an id written as a string is read too", () => {
    for (const topic of ["ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES", "ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES"]) {
      const notices = readAopPush(SECRET, body(message(topic, `{"orderId":"${ID}","refundAction":"SELLER_AGREE_REFUND"}`)));
      assert.deepEqual(notices, [{ messageId: "7", upstreamOrderId: ID, topic }]);
    }
  });

  test("ORDER_BATCH_PAY names each order of data.batchPay[]", () => {
    const other = "1675390194205400003";
    const notices = readAopPush(SECRET, body(message("ORDER_BATCH_PAY", `{"batchPay":[{"orderId":"${ID}","status":"successed"},{"orderId":${other},"status":"ACCOUNT_BALANCE_NOT_ENOUGH"}]}`)));
    assert.deepEqual(notices.map((n) => n.upstreamOrderId), [ID, other]);
  });

  test("logistics topics name the orders of orderLogsItems[], once each", () => {
    const other = "1675390194205400009";
    const items = `[{"orderId":${ID},"orderEntryId":1675390194205400002},{"orderId":${ID},"orderEntryId":1675390194205400004},{"orderId":${other},"orderEntryId":1675390194205400010}]`;
    const trace = readAopPush(SECRET, body(message("LOGISTICS_BUYER_VIEW_TRACE", `{"OrderLogisticsTracingModel":{"logisticsId":"LP1","mailNo":"YT1","statusChanged":"ACCEPT","orderLogsItems":${items}}}`)));
    assert.deepEqual(trace.map((n) => n.upstreamOrderId), [ID, other]);
    const mail = readAopPush(SECRET, body(message("LOGISTICS_MAIL_NO_CHANGE", `{"MailNoChangeModel":{"oldMailNo":"A","newMailNo":"B","orderLogsItems":${items}}}`)));
    assert.deepEqual(mail.map((n) => n.topic), ["LOGISTICS_MAIL_NO_CHANGE", "LOGISTICS_MAIL_NO_CHANGE"]);
  });

  test("topics we do not follow (products, unknown) → no notice, but still verified", () => {
    assert.deepEqual(readAopPush(SECRET, body(message("PRODUCT_RELATION_VIEW_PRODUCT_EXPIRE", '{"productIds":"610947572360"}'))), []);
    assert.deepEqual(readAopPush(SECRET, body(message("SOMETHING_NEW", `{"orderId":${ID}}`))), []);
    assert.throws(() => readAopPush("wrong", body(message("SOMETHING_NEW", "{}"))), PushRefused);
  });
});
