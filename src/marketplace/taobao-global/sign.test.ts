// Golden vectors for the Taobao Global (Lazada-family) request signature. The first is the one
// officially published example we found; every other expected value was COMPUTED BY US (with an
// independent one-line HMAC in a shell, not with this module) and says so.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { signPush, signRequest, stringToSign, verifyPush, verifyRequest } from "./sign.ts";

describe("Taobao Global request signature", () => {
  test("official example: Lazada Open Platform 'HTTP request sample' (GetOrder)", () => {
    // Source: https://open.alitrip.com/docs/doc.htm?articleId=108069&docType=1&treeId=499
    // (Lazada Open Platform, same gateway family and scheme as api.taobao.global): secret
    // "helloworld", the string and the expected sign are quoted from the page.
    const params = { app_key: "123456", access_token: "test", timestamp: "1517820392000", sign_method: "sha256", order_id: "1234" };
    assert.equal(stringToSign("/order/get", params), "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256timestamp1517820392000");
    assert.equal(signRequest("/order/get", params, "helloworld"), "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A");
  });

  test("official ordering example (Lazada 'Signature algorithm'), hash computed by us", () => {
    // Source of the ordering and the string: https://open.alitrip.com/docs/doc.htm?articleId=108068&docType=1&treeId=499
    // ("foo=1, bar=2, foo_bar=3, foobar=4" → "/test/apibar2foo1foo_bar3foobar4"). The page gives no
    // hash; the expected value is our own computation.
    const params = { foo: "1", bar: "2", foo_bar: "3", foobar: "4" };
    assert.equal(stringToSign("/test/api", params), "/test/apibar2foo1foo_bar3foobar4");
    assert.equal(signRequest("/test/api", params, "helloworld"), "BD011266EC150C787B2201495AA2D6F326BB6910DE77E84EA28F5215DCD7FA5E");
  });

  test("research worked example (computed, ../shared/research part B.3) agrees", () => {
    const params = { access_token: "TOKEN", app_key: "500000", purchase_id: "200001", sign_method: "sha256", timestamp: "1700000000000" };
    assert.equal(signRequest("/purchase/orders/query", params, "testsecret"), "A3EAEE1467D0AB38065E31FB343DFCD5CCC4EB2DE73405510A19C393DE94B106");
  });

  test("code-unit ordering, not locale ordering: camelCase before snake_case (computed by us)", () => {
    // 'O' (0x4F) sorts before '_' (0x5F): purchaseOrderIdList comes before purchase_id. A
    // localeCompare sort would put them the other way round and sign something else.
    const params = {
      timestamp: "1700000000000", purchase_id: "1", sign_method: "sha256", app_key: "500000",
      purchaseOrderIdList: "[2000000000001,2000000000002]", access_token: "TOKEN",
    };
    assert.equal(
      stringToSign("/purchase/order/batch/pay", params),
      "/purchase/order/batch/payaccess_tokenTOKENapp_key500000purchaseOrderIdList[2000000000001,2000000000002]purchase_id1sign_methodsha256timestamp1700000000000",
    );
    assert.equal(signRequest("/purchase/order/batch/pay", params, "testsecret"), "74BF58CEE5BBBC9212879F2D1359BA40C74C1423778BFD23275597396E22C8FD");
  });

  test("unicode values are signed as UTF-8, JSON objects as their sent string (computed by us)", () => {
    const receiver = JSON.stringify({ name: "张三", phone: "13800000000", country: "CN", state: "浙江省", city: "杭州市", district: "余杭区", address: "文一西路 969 号 🏠", zip: "311121" });
    const params = { app_key: "500000", access_token: "TOKEN", timestamp: "1700000000000", sign_method: "sha256", outer_purchase_id: "OP-1", purchase_amount: "12345", receiver };
    assert.equal(signRequest("/purchase/order/create", params, "testsecret"), "F778A86EF9815348CF36A901C74B986F136369F7B9BAB85CFDC09BDFC66B1EB8");
  });

  test("the path is the API path without the /rest gateway prefix (computed by us)", () => {
    const params = { app_key: "123456", access_token: "test", timestamp: "1517820392000", sign_method: "sha256", order_id: "1234" };
    const withRest = signRequest("/rest/order/get", params, "helloworld");
    assert.equal(withRest, "BAB59C3F577167B8AB54D58CDF6FE5429996F6F0D28DCE51B9389EDC55AA55DD");
    assert.notEqual(withRest, signRequest("/order/get", params, "helloworld"));
  });

  test("token create without access_token (computed by us)", () => {
    const params = { app_key: "500000", code: "0_100132_abcdef", sign_method: "sha256", timestamp: "1700000000000" };
    assert.equal(signRequest("/auth/token/create", params, "testsecret"), "DA860FFA5913368B05538E48272CD6BCAA2DB6AA58FA5EE644D1DC345D742625");
  });

  test("sign and empty values take no part; verification is case-insensitive on the hex", () => {
    const params = { app_key: "123456", access_token: "test", timestamp: "1517820392000", sign_method: "sha256", order_id: "1234" };
    const sign = signRequest("/order/get", params, "helloworld");
    assert.equal(signRequest("/order/get", { ...params, sign: "whatever", note: "" }, "helloworld"), sign);
    assert.ok(verifyRequest("/order/get", { ...params, sign: sign.toLowerCase() }, "helloworld"));
    assert.ok(!verifyRequest("/order/get", { ...params, sign }, "wrongsecret"));
    assert.ok(!verifyRequest("/order/get", params, "helloworld"), "no sign, no entry");
  });

  test("push signature: lower hex HMAC-SHA256(secret, appKey + raw body) (computed by us)", () => {
    const body = JSON.stringify({ message_type: 3, data: { purchase_id: 2000000000001, status: "WAIT_SELLER_SEND_GOODS" } });
    assert.equal(signPush("500000", body, "testsecret"), "8a97724422ccdd97978f35292306edcda9fc73eb137ce3f9c6cb7056784f3d54");
    assert.ok(verifyPush("500000", body, "testsecret", "8a97724422ccdd97978f35292306edcda9fc73eb137ce3f9c6cb7056784f3d54"));
    assert.ok(!verifyPush("500000", body + " ", "testsecret", "8a97724422ccdd97978f35292306edcda9fc73eb137ce3f9c6cb7056784f3d54"));
  });
});
