// The operators' connector settings over /admin on a deployment that keeps the SSRF guard on (the
// default): gateways must be https and public, a loopback one is refused when called, secrets are
// never shown, and wrong names, orders of steps and input get precise codes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type TestServer } from "./helpers/server.ts";

describe("connector settings (SSRF guard on)", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { connectorPollEverySec: 0 } });
  });
  after(async () => {
    await server?.close();
  });

  test("a gateway over plain http, or with credentials in it, is refused naming the field", async () => {
    const http = await server.admin("PUT", "/admin/connectors/taobao-global", { appKey: "500000", appSecret: "s3cret-value", baseUrl: "http://api.example.com/rest" });
    assert.equal(http.code, 40002);
    assert.match(http.msg, /baseUrl: must be an https URL/);
    const creds = await server.admin("PUT", "/admin/connectors/taobao-global", { appKey: "500000", appSecret: "s3cret-value", baseUrl: "https://user:pw@api.example.com/rest" });
    assert.equal(creds.code, 40002);
    assert.match(creds.msg, /baseUrl: must not carry/);
    const noSecret = await server.admin("PUT", "/admin/connectors/alibaba-1688", { appKey: "1234567" });
    assert.equal(noSecret.code, 40002);
    assert.match(noSecret.msg, /appSecret/);
    assert.equal((await server.admin("PUT", "/admin/connectors/ebay", { appKey: "1", appSecret: "2" })).code, 40401);
    assert.equal((await server.admin("GET", "/admin/connectors/alibaba-1688/authorize")).code, 40901, "authorize before configure");
  });

  test("a gateway that resolves to loopback is never contacted: the code exchange answers 50201 naming the guard", async () => {
    const set = await server.admin<{ configured: boolean; authorized: boolean }>("PUT", "/admin/connectors/taobao-global", { appKey: "500000", appSecret: "s3cret-value", baseUrl: "https://127.0.0.1:9/rest" });
    assert.equal(set.code, 200, set.msg);
    assert.deepEqual([set.data.configured, set.data.authorized], [true, false]);
    const exchange = await server.admin("POST", "/admin/connectors/taobao-global/authorize", { code: "0_500000_abc" });
    assert.equal(exchange.code, 50201);
    assert.match(exchange.msg, /loopback|not allowed/);
  });

  test("the secret is never shown, and a new app key needs its secret again", async () => {
    const all = await server.admin<unknown[]>("GET", "/admin/connectors");
    assert.equal(all.code, 200);
    assert.ok(!JSON.stringify(all.data).includes("s3cret-value"));
    const sameKey = await server.admin("PUT", "/admin/connectors/taobao-global", { appKey: "500000", tuning: { ratePerSec: 5 } });
    assert.equal(sameKey.code, 200, "the stored secret is kept for the same app key");
    const newKey = await server.admin("PUT", "/admin/connectors/taobao-global", { appKey: "500001" });
    assert.equal(newKey.code, 40002);
    assert.match(newKey.msg, /appSecret/);
  });

  test("a push for a connector that is not usable is refused with 404 and logged", async () => {
    const res = await fetch(`${server.url}/upstream/taobao-global/push`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(res.status, 404);
    const unknown = await fetch(`${server.url}/upstream/ebay/push`, { method: "POST", body: "{}" });
    assert.equal(unknown.status, 404);
    const pushes = await server.admin<Array<{ accepted: boolean; note: string }>>("GET", "/admin/connectors/taobao-global/pushes");
    assert.equal(pushes.code, 200);
    assert.ok(pushes.data.length >= 1 && pushes.data.every((p) => !p.accepted));
  });
});
