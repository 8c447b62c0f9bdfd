import { test } from "node:test";
import assert from "node:assert/strict";
import { computeCallbackSignature, verifyCallbackSignature, generateNonce, OpenponClient } from "../src/index.ts";

// protocol.md §7.5 vectors.
test("callback signature: worked example", () => {
  const base =
    '{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY","messageBody":{"salesOrderId":"1131284688996925671","orderId":"1131284695074472264","status":1,"previousStatus":0},"messagePlatform":0,"timestamp":"1721297000000"}';
  assert.equal(computeCallbackSignature(base, "testSecret456"), "470187c5319c9c51f9591e23422e1f09819a9a2b4a97bf09cb6ee3d1a3dc4d46");
  assert.equal(verifyCallbackSignature(base, "470187C5319C9C51F9591E23422E1F09819A9A2B4A97BF09CB6EE3D1A3DC4D46", "testSecret456"), true);
  assert.equal(verifyCallbackSignature(base + " ", "470187c5319c9c51f9591e23422e1f09819a9a2b4a97bf09cb6ee3d1a3dc4d46", "testSecret456"), false);
  assert.equal(verifyCallbackSignature(base, undefined, "testSecret456"), false);
});

test("callback signature: second vector", () => {
  const base = '{"messageType":"X","messageBody":"{}","messagePlatform":0,"timestamp":1700000000000}';
  assert.equal(computeCallbackSignature(base, "testSecret456"), "396c38dc512a3309aff776fb3ab0a82021fb840e7eb2f3c00be1af22b0da6597");
});

test("nonces are 32 alphanumerics and do not repeat", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const nonce = generateNonce();
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    seen.add(nonce);
  }
  assert.equal(seen.size, 1000);
});

test("signed headers follow the MD5 formula with a fixed clock", () => {
  const client = new OpenponClient({
    baseUrl: "http://x",
    accessKey: "testAccessKey123",
    accessSecret: "testSecret456",
    userId: "2100007341207",
    nonce: false,
    now: () => 1_700_000_000_000,
  });
  const headers = client.signHeaders("POST", "/v2/taobao/order/page", "{}");
  assert.deepEqual(headers, {
    "access-key": "testAccessKey123",
    timestamp: "1700000000000",
    "user-id": "2100007341207",
    signature: "AA2C61AB5CFE4F9CCD8AB11EB58B2B00",
  });
  const seconds = new OpenponClient({ ...client.options, timestampUnit: "s" }).signHeaders("POST", "/x", "");
  assert.equal(seconds.timestamp, "1700000000");
});

test("HMAC headers carry the method header and the published vector", () => {
  const client = new OpenponClient({
    baseUrl: "http://x",
    accessKey: "testAccessKey123",
    accessSecret: "testSecret456",
    userId: "2100007341207",
    signatureMethod: "HMAC-SHA256",
    now: () => 1_700_000_000_000,
  });
  const headers = client.signHeaders("POST", "/v2/taobao/order/page?b=2&a=1", '{"pageNum":1}');
  assert.equal(headers["signature-method"], "HMAC-SHA256");
  assert.match(headers.signature!, /^[0-9a-f]{64}$/);
});
