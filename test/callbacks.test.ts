// Callbacks (protocol.md §7, issue #6) through real HTTP and the real database: signature vectors,
// URL verification, delivery verified by the npm `standardwebhooks` receiver, the delivery log,
// replays, the feed, retries on the test clock, failure kinds and the SSRF guard.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { callbackBody, callbackHeaders, computeCallbackSignature, computeStandardWebhookSignature, verifyCallbackSignature, verifyStandardWebhook } from "@openpon/sdk";
import { Webhook } from "standardwebhooks";
import type { EndpointView, MessageView } from "../src/modules/callbacks/model.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { startReceiver, type TestReceiver } from "./helpers/receiver.ts";

const MIN = 60_000;
const STATUS = "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("callback signatures (protocol.md §7.5)", () => {
  test("the two documented vectors", () => {
    const base1 =
      '{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY","messageBody":{"salesOrderId":"1131284688996925671","orderId":"1131284695074472264","status":1,"previousStatus":0},"messagePlatform":0,"timestamp":"1721297000000"}';
    assert.equal(computeCallbackSignature(base1, "testSecret456"), "470187c5319c9c51f9591e23422e1f09819a9a2b4a97bf09cb6ee3d1a3dc4d46");
    const base2 = '{"messageType":"X","messageBody":"{}","messagePlatform":0,"timestamp":1700000000000}';
    assert.equal(computeCallbackSignature(base2, "testSecret456"), "396c38dc512a3309aff776fb3ab0a82021fb840e7eb2f3c00be1af22b0da6597");
    // The delivery body builder writes exactly the documented bytes (messageBody an object, timestamp a string).
    assert.equal(
      callbackBody(STATUS, '{"salesOrderId":"1131284688996925671","orderId":"1131284695074472264","status":1,"previousStatus":0}', 0, 1721297000000),
      base1,
    );
    assert.ok(verifyCallbackSignature(base1, "470187C5319C9C51F9591E23422E1F09819A9A2B4A97BF09CB6EE3D1A3DC4D46", "testSecret456"), "upper-case hex passes");
    assert.ok(!verifyCallbackSignature(base1 + " ", "470187c5319c9c51f9591e23422e1f09819a9a2b4a97bf09cb6ee3d1a3dc4d46", "testSecret456"));
  });

  test("Standard Webhooks headers agree with the reference library", () => {
    const secret = `whsec_${Buffer.from("openpon-test-signing-key-32bytes").toString("base64")}`;
    const body = '{"messageType":"X","messageBody":{},"messagePlatform":0,"timestamp":"1"}';
    const now = Math.floor(Date.now() / 1000);
    const headers = callbackHeaders(body, { messageId: "0123456789abcdef0123456789abcdef", accessSecret: "s", signingSecret: secret, nowSeconds: now });
    assert.equal(headers["webhook-signature"], new Webhook(secret).sign("0123456789abcdef0123456789abcdef", new Date(now * 1000), body));
    assert.equal(headers["webhook-signature"], computeStandardWebhookSignature("0123456789abcdef0123456789abcdef", now, body, secret));
    assert.equal(headers.Authorization, computeCallbackSignature(body, "s"));
    assert.equal(headers["X-Message-Id"], headers["webhook-id"]);
    assert.ok(verifyStandardWebhook(body, headers, secret));
    assert.ok(!verifyStandardWebhook(body, headers, secret, { nowSeconds: now + 301 }), "outside the tolerance");
  });
});

describe("callbacks over HTTP", () => {
  let server: TestServer;
  let receiver: TestReceiver;
  let dev: TestDeveloper;
  let endpoint: EndpointView;

  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0, sandboxItems: 200, callbackTimeoutMs: 300, callbackPollMs: 100 } });
    receiver = await startReceiver();
    dev = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
  });

  const messages = (d: TestDeveloper, query: Record<string, string | number | boolean | undefined> = {}) =>
    d.client.request<{ items: MessageView[]; nextCursor: string | null }>("GET", "/developer/callback/messages", { query });
  const message = (d: TestDeveloper, id: string) => d.client.request<MessageView & { messageBody: unknown }>("GET", `/developer/callback/messages/${id}`);
  async function append(developerId: string, count = 1, body: (i: number) => unknown = (i) => ({ salesOrderId: `10000${i}`, status: 1, previousStatus: 0 })) {
    const { outbox } = server.platform.services;
    return server.platform.database.db.transaction().execute((trx) =>
      outbox.append(
        trx,
        Array.from({ length: count }, (_, i) => ({ developerId, userId: null, type: STATUS, platform: 0 as const, aggregateId: null, body: body(i), occurredAt: Date.now() })),
      ),
    );
  }

  test("show creates the signing secret; with no URL, messages are logged as NO_ENDPOINT and stay in the feed", async () => {
    endpoint = await dev.client.request<EndpointView>("GET", "/developer/callback");
    assert.equal(endpoint.url, null);
    assert.match(endpoint.signingSecret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(endpoint.allowsPrivate, true, "a sandbox developer");
    const [eventId] = await append(dev.developId);
    await waitUntil(async () => (await message(dev, eventId!)).status === "NO_ENDPOINT", 5000, "NO_ENDPOINT");
    const m = await message(dev, eventId!);
    assert.equal(m.attempts, 0);
    assert.deepEqual(m.attemptLog, []);
    assert.deepEqual(m.messageBody, { salesOrderId: "100000", status: 1, previousStatus: 0 });
  });

  test("verification: the URL is saved only after an HTTP 200", async () => {
    receiver.answer = () => 500;
    const failed = await dev.client.raw("POST", "/developer/callback", { body: { url: receiver.url } });
    assert.equal(failed.envelope.code, 50201);
    assert.match(failed.envelope.msg, /HTTP 500.*not saved/);
    assert.equal((await dev.client.request<EndpointView>("GET", "/developer/callback")).url, null);
    const verify = receiver.deliveries.at(-1)!;
    assert.deepEqual(Object.keys(verify.body), ["messageType", "messageBody", "messagePlatform", "timestamp"]);
    assert.equal(verify.body.messageType, "CALLBACK_URL_VERIFY");
    assert.deepEqual(verify.body.messageBody, {});
    assert.equal(verify.body.messagePlatform, 0);
    assert.match(verify.body.timestamp, /^\d{13}$/);
    // signed like any message
    assert.ok(verifyCallbackSignature(verify.raw, verify.headers.authorization, dev.accessSecret));
    assert.ok(verifyStandardWebhook(verify.raw, verify.headers as Record<string, string>, endpoint.signingSecret));

    // verify alone never saves
    receiver.answer = () => 200;
    const check = await dev.client.request<{ ok: boolean; httpStatus: number }>("POST", "/developer/callback/verify", { body: { url: receiver.url } });
    assert.deepEqual([check.ok, check.httpStatus], [true, 200]);
    assert.equal((await dev.client.request<EndpointView>("GET", "/developer/callback")).url, null);

    const saved = await dev.client.request<EndpointView & { verification: { ok: boolean } }>("POST", "/developer/callback", { body: { url: receiver.url } });
    assert.equal(saved.url, receiver.url);
    assert.equal(saved.verification.ok, true);
    assert.ok(saved.verifiedAt);
    receiver.secrets.accessSecret = dev.accessSecret;
    receiver.secrets.signingSecret = saved.signingSecret;
  });

  test("a delivery: the documented envelope, both signatures (standardwebhooks verifies), X-Message-Id, logged", async () => {
    const before = receiver.deliveries.length;
    const [eventId] = await append(dev.developId, 1, () => ({ salesOrderId: "1131284688996925671", orderId: "1131284695074472264", status: 1, previousStatus: 0 }));
    await receiver.waitFor((r) => r.deliveries.length > before, 5000, "delivery");
    const d = receiver.deliveries.at(-1)!;
    assert.equal(d.authorizationValid, true);
    assert.equal(d.webhookValid, true, "standardwebhooks' Webhook.verify accepts our delivery");
    assert.match(d.messageId, /^[0-9a-f]{32}$/);
    assert.equal(d.headers["webhook-id"], d.messageId);
    assert.equal(d.headers["content-type"], "application/json");
    assert.equal(
      d.raw,
      `{"messageType":"${STATUS}","messageBody":{"salesOrderId":"1131284688996925671","orderId":"1131284695074472264","status":1,"previousStatus":0},"messagePlatform":0,"timestamp":"${d.body.timestamp}"}`,
    );
    await waitUntil(async () => (await message(dev, eventId!)).status === "DELIVERED", 5000, "DELIVERED");
    const m = await message(dev, d.messageId);
    assert.equal(m.eventId, eventId);
    assert.equal(m.attempts, 1);
    assert.equal(m.attemptLog.length, 1);
    assert.equal(m.attemptLog[0]!.httpStatus, 200);
    assert.equal(m.attemptLog[0]!.errorKind, null);
    assert.equal(m.attemptLog[0]!.at, Number(d.body.timestamp));
    assert.ok(m.attemptLog[0]!.latencyMs >= 0);
  });

  test("failure kinds: HTTP 500, timeout, connection refused, redirect (not followed) — each a failed attempt", async () => {
    const other = await startReceiver();
    const closed = await startReceiver();
    const refusedUrl = closed.url;
    await closed.close();
    try {
      const cases: Array<[string, () => void, string, number | null]> = [
        ["http_status", () => (receiver.answer = () => 500), receiver.url, 500],
        ["timeout", () => (receiver.answer = () => "hang"), receiver.url, null],
        ["redirect", () => (receiver.answer = () => ({ redirect: other.url })), receiver.url, 302],
        ["connect_failed", () => {}, refusedUrl, null],
      ];
      for (const [kind, arrange, url, httpStatus] of cases) {
        // point the saved URL at the target (as if it changed after verification)
        await server.platform.database.db.updateTable("callback_endpoints").set({ url }).where("developer_id", "=", dev.developId).execute();
        arrange();
        const [eventId] = await append(dev.developId);
        await waitUntil(async () => (await message(dev, eventId!)).status === "RETRY_WAIT", 5000, `${kind} attempt`);
        const m = await message(dev, eventId!);
        assert.equal(m.attempts, 1, kind);
        assert.equal(m.attemptLog[0]!.errorKind, kind);
        assert.equal(m.attemptLog[0]!.httpStatus, httpStatus, kind);
        if (kind === "timeout") assert.ok(m.attemptLog[0]!.latencyMs >= 250 && m.attemptLog[0]!.latencyMs < 1500, `timeout after ~300 ms, took ${m.attemptLog[0]!.latencyMs}`);
        assert.equal(m.nextAttemptAt! - m.attemptLog[0]!.at, 30 * MIN, "retry in 30 minutes");
      }
      assert.equal(other.deliveries.length, 0, "the redirect was not followed");
    } finally {
      await other.close();
      await server.platform.database.db.updateTable("callback_endpoints").set({ url: receiver.url }).where("developer_id", "=", dev.developId).execute();
      receiver.answer = () => 200;
    }
  });

  test("sandbox retries run on the test clock: `advance 3h` makes all 6 attempts, 30 min apart, then FAILED; resend delivers", async () => {
    const d2 = await server.createDeveloper();
    const r2 = await startReceiver({ accessSecret: d2.accessSecret });
    try {
      await d2.client.request("POST", "/developer/callback", { body: { url: r2.url } });
      r2.answer = () => 503;
      const [eventId] = await append(d2.developId);
      await waitUntil(async () => (await message(d2, eventId!)).status === "RETRY_WAIT", 5000, "first attempt");
      const t0 = (await message(d2, eventId!)).attemptLog[0]!.at;
      const advanced = await server.admin<{ ran: number }>("POST", `/admin/developers/${d2.developId}/sandbox/clock/advance`, { duration: "3h" });
      assert.equal(advanced.code, 200);
      assert.equal(advanced.data.ran, 5, "five retries ran during the advance");
      const m = await message(d2, eventId!);
      assert.equal(m.status, "FAILED");
      assert.equal(m.attempts, 6);
      assert.deepEqual(
        m.attemptLog.map((a) => [a.attempt, (a.at - t0) / MIN, a.httpStatus, a.errorKind]),
        [0, 30, 60, 90, 120, 150].map((offset, i) => [i + 1, offset, 503, "http_status"]),
      );
      const verifyAndMessages = r2.deliveries.filter((d) => d.messageId === m.messageId);
      assert.equal(verifyAndMessages.length, 6);
      assert.ok(verifyAndMessages.every((d) => d.authorizationValid), "every retry signed");
      assert.deepEqual(new Set(verifyAndMessages.map((d) => d.body.timestamp)).size, 6, "each attempt has its own timestamp");

      // Failed messages are listed with failed=true and can be resent (a new round, same message id).
      const failed = await messages(d2, { failed: true });
      assert.deepEqual(failed.items.map((x) => x.eventId), [eventId]);
      r2.answer = () => 200;
      const resent = await d2.client.request<MessageView>("POST", `/developer/callback/messages/${m.messageId}/resend`);
      assert.equal(resent.round, 2);
      await waitUntil(async () => (await message(d2, eventId!)).status === "DELIVERED", 5000, "redelivery");
      const done = await message(d2, eventId!);
      assert.deepEqual(done.attemptLog.at(-1)!.round, 2);
      assert.deepEqual(done.attemptLog.at(-1)!.attempt, 1);
      assert.equal(r2.deliveries.at(-1)!.messageId, m.messageId, "same X-Message-Id on a replay");
    } finally {
      await r2.close();
    }
  });

  test("resend all failed since a moment; the log filters and pages", async () => {
    const d3 = await server.createDeveloper();
    const r3 = await startReceiver({ accessSecret: d3.accessSecret });
    try {
      await d3.client.request("POST", "/developer/callback", { body: { url: r3.url } });
      r3.answer = () => 500;
      const ids = await append(d3.developId, 5);
      await waitUntil(async () => (await messages(d3, { status: "RETRY_WAIT" })).items.length === 5, 5000, "5 failures");
      await server.admin("POST", `/admin/developers/${d3.developId}/sandbox/clock/advance`, { duration: "3h" });
      assert.equal((await messages(d3, { failed: true, limit: 100 })).items.length, 5);
      // paging, newest first
      const p1 = await messages(d3, { limit: 2 });
      const p2 = await messages(d3, { limit: 2, cursor: p1.nextCursor! });
      const p3 = await messages(d3, { limit: 2, cursor: p2.nextCursor! });
      assert.deepEqual([...p1.items, ...p2.items, ...p3.items].map((m) => m.eventId), [...ids].reverse());
      assert.equal(p3.nextCursor, null);
      assert.equal((await messages(d3, { type: "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY" })).items.length, 0);
      assert.equal((await messages(d3, { from: String(Date.now() + 60_000) })).items.length, 0);
      assert.equal((await messages(d3, { from: "1h", to: String(Date.now() + 1000) })).items.length, 5);
      // resend everything that failed in the last hour
      r3.answer = () => 200;
      const resent = await d3.client.request<{ resent: number }>("POST", "/developer/callback/resend", { body: { since: "1h" } });
      assert.equal(resent.resent, 5);
      await waitUntil(async () => (await messages(d3, { status: "DELIVERED" })).items.length === 5, 5000, "5 redelivered");
      // the operator sees the same log
      const viaAdmin = await server.admin<{ items: MessageView[] }>("GET", `/admin/developers/${d3.developId}/callback/messages?status=DELIVERED&limit=10`);
      assert.equal(viaAdmin.data.items.length, 5);
    } finally {
      await r3.close();
    }
  });

  test("the catch-up feed pages every message after a cursor, whatever its status", async () => {
    const d4 = await server.createDeveloper();
    const ids = await append(d4.developId, 7);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the feed hands out messages once settled (2 s)
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await d4.client.request<{ items: Array<{ eventId: string; status: string; messageBody: unknown }>; nextCursor: string }>("GET", "/developer/callback/feed", {
        query: { limit: 3, ...(cursor ? { after: cursor } : {}) },
      });
      seen.push(...page.items.map((item) => item.eventId));
      if (page.nextCursor === cursor) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(seen, ids);
    const viaAdmin = await server.admin<{ items: unknown[] }>("GET", `/admin/developers/${d4.developId}/callback/feed?after=${ids[3]}`);
    assert.equal(viaAdmin.data.items.length, 3);
  });

  test("SSRF: a live developer needs https and a public address; private targets are refused even later", async () => {
    const live = await server.admin<{ developer: { developId: string } }>("POST", "/admin/developers", { name: "live", sandbox: false, userName: "live-user" });
    const id = live.data.developer.developId;
    const set = (url: string) => server.admin("PUT", `/admin/developers/${id}/callback`, { url });
    assert.match((await set(receiver.url)).msg, /https/);
    for (const url of ["https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest"]) {
      const reply = await set(url);
      assert.equal(reply.code, 40002, url);
    }
    // A saved URL whose name later resolves to a private address (DNS changed): the attempt is refused.
    await server.platform.services.callbacks.show(id);
    await server.platform.database.db.updateTable("callback_endpoints").set({ url: `https://127.0.0.1:${receiver.port}/hook` }).where("developer_id", "=", id).execute();
    const before = receiver.deliveries.length;
    const [eventId] = await append(id);
    await waitUntil(async () => (await server.admin<MessageView>("GET", `/admin/developers/${id}/callback/messages/${eventId}`)).data.status === "RETRY_WAIT", 5000, "refused attempt");
    const m = (await server.admin<MessageView>("GET", `/admin/developers/${id}/callback/messages/${eventId}`)).data;
    assert.equal(m.attemptLog[0]!.errorKind, "forbidden_address");
    assert.equal(receiver.deliveries.length, before, "nothing reached the loopback receiver");
    // test messages are for sandbox developers on the signed surface
    const liveKey = await server.admin<{ accessKey: string }>("GET", `/admin/developers/${id}/key`);
    assert.equal(liveKey.code, 200);
  });

  test("operator surface: show, set (verified), verify, remove", async () => {
    const d5 = await server.createDeveloper();
    const r5 = await startReceiver();
    try {
      const shown = await server.admin<EndpointView>("GET", `/admin/developers/${d5.developId}/callback`);
      assert.equal(shown.data.url, null);
      const set = await server.admin<EndpointView>("PUT", `/admin/developers/${d5.developId}/callback`, { url: r5.url });
      assert.equal(set.data.url, r5.url);
      const verified = await server.admin<{ ok: boolean }>("POST", `/admin/developers/${d5.developId}/callback/verify`, {});
      assert.equal(verified.data.ok, true);
      assert.equal(r5.deliveries.length, 2);
      const test = await server.admin<{ eventIds: string[] }>("POST", `/admin/developers/${d5.developId}/callback/test`, { count: 3 });
      assert.equal(test.data.eventIds.length, 3);
      await r5.waitForUnique(5);
      const removed = await server.admin<EndpointView>("POST", `/admin/developers/${d5.developId}/callback/remove`);
      assert.equal(removed.data.url, null);
      assert.equal((await server.admin("GET", `/admin/developers/999/callback`)).code, 40401);
      assert.equal((await server.admin("GET", `/admin/developers/${d5.developId}/callback/messages/0123456789abcdef0123456789abcdef`)).code, 40401);
    } finally {
      await r5.close();
    }
  });

  test("after an Access Secret reset the next attempt is signed with the new secret", async () => {
    const reset = await server.admin<{ accessSecret: string }>("POST", `/admin/developers/${dev.developId}/key/reset`);
    receiver.secrets.accessSecret = reset.data.accessSecret;
    const before = receiver.deliveries.length;
    await append(dev.developId);
    await receiver.waitFor((r) => r.deliveries.length > before, 5000, "delivery");
    assert.equal(receiver.deliveries.at(-1)!.authorizationValid, true);
    assert.equal(verifyCallbackSignature(receiver.deliveries.at(-1)!.raw, receiver.deliveries.at(-1)!.headers.authorization, dev.accessSecret), false);
  });

  test("the signed stream resumes after a cursor and carries the exact delivery body", async () => {
    const d6 = await server.createDeveloper();
    const ids = await append(d6.developId, 3);
    const pathAndQuery = `/developer/callback/stream?after=${ids[0]}`;
    const controller = new AbortController();
    const response = await fetch(server.url + pathAndQuery, { headers: d6.client.signHeaders("GET", pathAndQuery, ""), signal: controller.signal });
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    const got: Array<{ eventId: string; messageId: string; body: string }> = [];
    let buffer = "";
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (const block of buffer.split("\n\n").slice(0, -1)) {
        const data = block.split("\n").find((line) => line.startsWith("data: "));
        if (data) got.push(JSON.parse(data.slice(6)));
      }
      buffer = buffer.slice(buffer.lastIndexOf("\n\n") + 2);
      if (got.length >= 2) break;
    }
    controller.abort();
    assert.deepEqual(got.map((m) => m.eventId), ids.slice(1));
    const body = JSON.parse(got[0]!.body) as { messageType: string; messageBody: unknown; messagePlatform: number; timestamp: string };
    assert.deepEqual(Object.keys(body), ["messageType", "messageBody", "messagePlatform", "timestamp"]);
    assert.deepEqual(body.messageBody, { salesOrderId: "100001", status: 1, previousStatus: 0 });
    // a stream without valid signature headers gets the envelope, not a stream
    const refused = await fetch(server.url + "/developer/callback/stream");
    assert.equal(((await refused.json()) as { code: number }).code, 40001);
  });

  test("the endpoints are in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ["/developer/callback", "/developer/callback/verify", "/developer/callback/messages", "/developer/callback/feed", "/developer/callback/stream", "/admin/developers/{developId}/callback"]) {
      assert.ok(doc.paths[p], p);
    }
  });
});

describe("a live developer's retries follow the platform clock", () => {
  test("500 six times, 30 minutes apart on the platform clock, then FAILED", async () => {
    const clock = new ManualClock(Date.parse("2026-11-28T00:00:00Z"));
    const server = await startServer({ clock, config: { sandboxTickMs: 0, sandboxItems: 200, callbackPollMs: 50, callbackAllowPrivate: true } });
    const receiver = await startReceiver();
    try {
      const created = await server.admin<{ developer: { developId: string }; credentials: { accessSecret: string } }>("POST", "/admin/developers", { name: "live", sandbox: false, userName: "live-retry" });
      const id = created.data.developer.developId;
      assert.equal((await server.admin("PUT", `/admin/developers/${id}/callback`, { url: receiver.url })).code, 200, "CALLBACK_ALLOW_PRIVATE lets a live developer use a loopback http URL");
      receiver.answer = () => 500;
      const [eventId] = await server.platform.database.db.transaction().execute((trx) =>
        server.platform.services.outbox.append(trx, [{ developerId: id, userId: null, type: STATUS, platform: 0, aggregateId: null, body: {}, occurredAt: clock.now() }]),
      );
      const get = async () => (await server.admin<MessageView>("GET", `/admin/developers/${id}/callback/messages/${eventId}`)).data;
      for (let attempt = 1; attempt <= 6; attempt++) {
        await waitUntil(async () => (await get()).attempts === attempt && (await get()).status !== "DELIVERING", 5000, `attempt ${attempt}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
        assert.equal((await get()).attempts, attempt, "nothing more until the clock moves");
        clock.advance(30 * MIN);
      }
      const m = await get();
      assert.equal(m.status, "FAILED");
      assert.deepEqual(m.attemptLog.map((a) => (a.at - m.attemptLog[0]!.at) / MIN), [0, 30, 60, 90, 120, 150]);
      assert.equal(receiver.deliveries.filter((d) => d.messageId === m.messageId).length, 6);

      // Shutting down does not wait for open streams (openpon listen) to go idle.
      const dev = await server.createDeveloper();
      const p = "/developer/callback/stream";
      const stream = await fetch(server.url + p, { headers: dev.client.signHeaders("GET", p, "") });
      await (stream.body as ReadableStream<Uint8Array>).getReader().read();
      const started = Date.now();
      await server.platform.app.close();
      assert.ok(Date.now() - started < 2000, `closed in ${Date.now() - started} ms with a stream open`);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});

test("a sandbox retry's HTTP attempt runs outside the clock's transaction: a hanging receiver holds no database connection", async () => {
  // On PGlite the database has one connection: an attempt made inside the clock's transaction would
  // stall every other request until the receiver answered or timed out.
  const server = await startServer({ config: { sandboxTickMs: 0, sandboxItems: 200, callbackTimeoutMs: 20_000, callbackPollMs: 50 } });
  const dev = await server.createDeveloper();
  const receiver = await startReceiver({ accessSecret: dev.accessSecret });
  try {
    const message = (id: string) => dev.client.request<MessageView>("GET", `/developer/callback/messages/${id}`);
    await dev.client.request("POST", "/developer/callback", { body: { url: receiver.url } });
    receiver.answer = () => 503;
    const [eventId] = await server.platform.database.db.transaction().execute((trx) =>
      server.platform.services.outbox.append(trx, [{ developerId: dev.developId, userId: null, type: STATUS, platform: 0, aggregateId: null, body: { n: 1 }, occurredAt: Date.now() }]),
    );
    await waitUntil(async () => (await message(eventId!)).status === "RETRY_WAIT", 5000, "first attempt");
    receiver.answer = () => "hang";
    const advancing = server.admin<{ ran: number }>("POST", `/admin/developers/${dev.developId}/sandbox/clock/advance`, { duration: "30m" });
    await receiver.waitFor((r) => r.deliveries.length === 3, 5000, "the retry"); // verification, first attempt, retry
    // While the receiver holds the retry, the database answers, and shows the attempt under way.
    const during = await message(eventId!);
    assert.equal(during.status, "DELIVERING");
    assert.equal(during.attempts, 2);
    await receiver.close(); // the hanging answer is dropped: the attempt fails
    const advanced = await advancing;
    assert.equal(advanced.code, 200);
    assert.equal(advanced.data.ran, 1);
    const after = await message(eventId!);
    assert.equal(after.status, "RETRY_WAIT");
    assert.equal(after.attempts, 2);
    assert.equal(after.attemptLog.length, 2);
    assert.notEqual(after.attemptLog[1]!.errorKind, null);
    const next = await server.admin<{ pendingEvents: number }>("GET", `/admin/developers/${dev.developId}/sandbox/clock`);
    assert.equal(next.data.pendingEvents, 1, "the third attempt is scheduled on the clock");
  } finally {
    await receiver.close().catch(() => {});
    await server.close();
  }
});
