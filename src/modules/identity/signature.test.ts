import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalQuery, computeHmacSignature, computeRequestSignature, hmacStringToSign, signatureMatches } from "./signature.ts";

// protocol.md §3.2, the SIBLING example and the two DESIGNED rows.
test("MD5 signature: worked example with a 10-digit timestamp (seconds)", () => {
  assert.equal(computeRequestSignature("testAccessKey123", "1700000000", "abcdefghijklmnopqrstuvwxyz012345", "testSecret456"), "C92ECD161C18715EDC1920FE2161513B");
});

test("MD5 signature: worked example with a 13-digit timestamp (milliseconds)", () => {
  assert.equal(computeRequestSignature("testAccessKey123", "1700000000000", "abcdefghijklmnopqrstuvwxyz012345", "testSecret456"), "D91E57A9935043A55B471B5180CFC5C1");
});

test("MD5 signature: an absent nonce contributes the empty string", () => {
  assert.equal(computeRequestSignature("testAccessKey123", "1700000000000", undefined, "testSecret456"), "AA2C61AB5CFE4F9CCD8AB11EB58B2B00");
});

test("signatures compare case-insensitively and reject any other value", () => {
  assert.equal(signatureMatches("C92ECD161C18715EDC1920FE2161513B", "c92ecd161c18715edc1920fe2161513b"), true);
  assert.equal(signatureMatches("C92ECD161C18715EDC1920FE2161513B", "C92ECD161C18715EDC1920FE2161513C"), false);
  assert.equal(signatureMatches("C92ECD161C18715EDC1920FE2161513B", "C92E"), false);
});

test("HMAC-SHA256 signature covers method, path, sorted query and the body hash", () => {
  const input = {
    accessKey: "testAccessKey123",
    timestamp: "1700000000000",
    nonceStr: "abc",
    method: "post",
    path: "/v2/taobao/order/page",
    query: "b=2&a=1&sign=zzz",
    body: '{"pageNum":1}',
  };
  assert.equal(
    hmacStringToSign(input),
    "testAccessKey123\n1700000000000\nabc\nPOST\n/v2/taobao/order/page\na=1&b=2\n" +
      "7db2b807ef5d60daf4716d938690434dc2d38f1278995eb37b9baa1de68a1e74",
  );
  // The DESIGNED test vector published in docs/signatures.md and used by the SDK tests.
  assert.equal(computeHmacSignature(input, "testSecret456"), "b83246feaa0e561f458b3891fed22792bf5ff7b31f51c753df4cacdfe18bcdf4");
  const signature = computeHmacSignature(input, "testSecret456");
  assert.match(signature, /^[0-9a-f]{64}$/);
  // Any change to the body, path, query or method changes the signature.
  assert.notEqual(computeHmacSignature({ ...input, body: '{"pageNum":2}' }, "testSecret456"), signature);
  assert.notEqual(computeHmacSignature({ ...input, path: "/v2/taobao/order/pagE" }, "testSecret456"), signature);
  assert.notEqual(computeHmacSignature({ ...input, query: "a=1&b=3" }, "testSecret456"), signature);
  assert.notEqual(computeHmacSignature({ ...input, method: "GET" }, "testSecret456"), signature);
  // The signature parameter itself and the parameter order do not matter.
  assert.equal(computeHmacSignature({ ...input, query: "a=1&b=2" }, "testSecret456"), signature);
});

test("canonical query sorts by name then value and encodes", () => {
  assert.equal(canonicalQuery("z=1&a=b c&a=a"), "a=a&a=b%20c&z=1");
  assert.equal(canonicalQuery(""), "");
});
