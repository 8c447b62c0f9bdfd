// The request log (GET /developer/requests, DESIGNED; GET /admin/developers/{developId}/requests):
// every signed call of a known developer, refusals with their exact reason, newest first, within a
// second; never a secret, a signature or a body; never another developer's; REQUEST_LOG_DAYS=0 keeps none.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { RequestLog } from "../src/modules/request-log/index.ts";
import { systemClock } from "../src/platform/clock.ts";
import { firstIdAt, IdGenerator } from "../src/platform/ids.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";

interface Entry {
  id: string;
  developerId: string;
  userId: string | null;
  method: string;
  path: string;
  code: number;
  latencyMs: number;
  requestId: string;
  msg: string | null;
  at: number;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const PATH = "/v2/open/address/get";
const BAD_SIGNATURE = "0123456789abcdef0123456789abcdef";
const BODY_MARKER = "BODY-MARKER-7f3a";

let server: TestServer;
let dev: TestDeveloper;
let other: TestDeveloper;
/** The calls made in `before`, oldest first. */
const sent: Array<{ requestId: string; code: number }> = [];
let replayedSignature = "";

async function requests(d: TestDeveloper, query: Record<string, string | number | boolean | undefined> = {}) {
  return (await d.client.raw<Page>("GET", "/developer/requests", { query })).envelope;
}

const withoutReads = (items: Entry[]) => items.filter((e) => e.path !== "/developer/requests");

before(async () => {
  server = await startServer();
  dev = await server.createDeveloper();
  other = await server.createDeveloper();
  const call = async (options: Parameters<TestDeveloper["client"]["raw"]>[2]) => {
    const { envelope } = await dev.client.raw("POST", PATH, options);
    sent.push({ requestId: envelope.requestId, code: envelope.code });
    return envelope.code;
  };
  assert.equal(await call({ body: {} }), 200);
  assert.equal(await call({ body: {}, headers: { signature: BAD_SIGNATURE } }), 40103);
  assert.equal(await call({ body: {}, headers: { timestamp: String(Date.now() - 3_600_000) } }), 40102);
  // The same signed headers twice: the second one replays the nonce.
  const signed = dev.client.signHeaders("POST", PATH, "{}");
  replayedSignature = signed["signature"]!;
  assert.equal(await call({ body: {}, headers: signed }), 200);
  assert.equal(await call({ body: {}, headers: signed }), 40104);
  // A body that is not JSON: the parser's message would quote it.
  assert.equal(await call({ body: `{"note":"${BODY_MARKER}", ` }), 40002);
});

after(async () => {
  await server?.close();
});

describe("the request log", () => {
  test("successes and refusals appear within a second, newest first, with their codes and reasons", async () => {
    const ids = new Set(sent.map((s) => s.requestId));
    const page = await until(
      "the calls in the request log",
      () => requests(dev, { limit: 100 }),
      (e) => e.code === 200 && e.data!.items.filter((i) => ids.has(i.requestId)).length === sent.length,
      5_000,
    );
    const mine = withoutReads(page.data!.items);
    assert.deepEqual(
      mine.map((e) => [e.requestId, e.code]),
      [...sent].reverse().map((s) => [s.requestId, s.code]),
    );
    const byCode = new Map(mine.map((e) => [e.code, e]));
    assert.equal(byCode.get(40103)!.msg, "signature mismatch");
    assert.match(byCode.get(40102)!.msg!, /^timestamp outside the \d+ s window$/);
    assert.equal(byCode.get(40104)!.msg, "nonce-str already used");
    assert.equal(byCode.get(40002)!.msg, "body is not valid JSON");
    for (const e of mine) {
      assert.equal(e.developerId, dev.developId);
      assert.equal(e.userId, dev.userId);
      assert.equal(e.method, "POST");
      assert.equal(e.path, PATH);
      assert.equal(typeof e.id, "string");
      assert.ok(e.latencyMs >= 0);
      assert.ok(Math.abs(e.at - Date.now()) < 60_000);
      if (e.code === 200) assert.equal(e.msg, null);
    }
    const ordered = page.data!.items.map((e) => BigInt(e.id));
    for (let i = 1; i < ordered.length; i++) assert.ok(ordered[i - 1]! > ordered[i]!, "newest first");
  });

  test("no stored column holds the secret, a signature or the body", async () => {
    const rows = await server.platform.database.db.selectFrom("request_log").selectAll().execute();
    assert.ok(rows.length >= sent.length);
    const text = JSON.stringify(rows);
    for (const secret of [dev.accessSecret, other.accessSecret, BAD_SIGNATURE, replayedSignature, BODY_MARKER]) {
      assert.ok(!text.includes(secret), `the table holds ${secret}`);
    }
  });

  test("a refusal with an unknown access-key is not recorded", async () => {
    const { envelope } = await dev.client.raw("POST", PATH, { body: {}, headers: { "access-key": "nobody-has-this-key" } });
    assert.equal(envelope.code, 40101);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const rows = await server.platform.database.db.selectFrom("request_log").select("id").where("request_id", "=", envelope.requestId).execute();
    assert.deepEqual(rows, []);
  });

  test("another developer never sees them; the operator does", async () => {
    const ids = new Set(sent.map((s) => s.requestId));
    const theirs = await requests(other, { limit: 100 });
    assert.equal(theirs.code, 200);
    assert.ok(theirs.data!.items.every((e) => e.developerId === other.developId && !ids.has(e.requestId)));

    const operator = await server.admin<Page>("GET", `/admin/developers/${dev.developId}/requests?limit=100`);
    assert.equal(operator.code, 200);
    assert.equal(operator.data.items.filter((e) => ids.has(e.requestId)).length, sent.length);
    assert.equal((await server.admin("GET", "/admin/developers/999999/requests")).code, 40401);
  });

  test("cursor paging, failed=true and code filters", async () => {
    const failures = sent.filter((s) => s.code !== 200).reverse();
    const first = await requests(dev, { failed: true, limit: 3 });
    assert.equal(first.code, 200);
    assert.deepEqual(first.data!.items.map((e) => e.requestId), failures.slice(0, 3).map((s) => s.requestId));
    assert.equal(first.data!.nextCursor, first.data!.items[2]!.id);
    const second = await requests(dev, { failed: true, limit: 3, cursor: first.data!.nextCursor! });
    assert.deepEqual(second.data!.items.map((e) => e.requestId), failures.slice(3).map((s) => s.requestId));
    assert.equal(second.data!.nextCursor, null);

    const bad = await requests(dev, { code: 40103 });
    assert.deepEqual(bad.data!.items.map((e) => [e.code, e.msg]), [[40103, "signature mismatch"]]);

    // Unfiltered pages of 2 walk back without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await requests(dev, { limit: 2, ...(cursor ? { cursor } : {}) });
      assert.ok(page.data!.items.length <= 2);
      seen.push(...page.data!.items.map((e) => e.id));
      if (!page.data!.nextCursor) break;
      cursor = page.data!.nextCursor;
    }
    assert.deepEqual(seen, [...seen].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)));
    assert.equal(new Set(seen).size, seen.length);
    const all = (await requests(dev, { limit: 100 })).data!.items;
    for (const s of sent) assert.ok(seen.includes(all.find((e) => e.requestId === s.requestId)!.id));

    assert.equal((await requests(dev, { limit: 0 })).code, 40002);
    assert.equal((await requests(dev, { limit: 101 })).code, 40002);
    assert.equal((await requests(dev, { cursor: "abc" })).code, 40002);
  });

  test("the OpenAPI document lists the route with its error codes", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const route = JSON.stringify(doc.paths["/developer/requests"]?.["get"]);
    for (const code of ["40002", "40102", "40103", "40104", "42901"]) assert.ok(route.includes(code), `documents ${code}`);
    assert.ok(doc.paths["/admin/developers/{developId}/requests"]?.["get"]);
  });
});

describe("retention", () => {
  test("pruning deletes the entries older than the retention and keeps the rest", async () => {
    const ids = new IdGenerator(systemClock, 1);
    const db = server.platform.database.db;
    const log = new RequestLog({ db, clock: systemClock, ids, days: 7, warn: () => {} });
    const row = (id: string) => ({ id, developer_id: dev.developId, user_id: null, method: "GET", path: "/x", code: 200, latency_ms: 1, request_id: "0".repeat(32), msg: null, at: new Date() });
    const old = firstIdAt(ids.timeNow() - 8n * 86_400_000n);
    const recent = firstIdAt(ids.timeNow() - 6n * 86_400_000n);
    await db.insertInto("request_log").values([row(old), row(recent)]).execute();
    await log.prune();
    const left = (await db.selectFrom("request_log").select("id").where("id", "in", [old, recent]).execute()).map((r) => r.id);
    assert.deepEqual(left, [recent]);
    await db.deleteFrom("request_log").where("id", "=", recent).execute();
  });
});

describe("REQUEST_LOG_DAYS=0", () => {
  test("records nothing", async () => {
    const quiet = await startServer({ config: { requestLogDays: 0 } });
    try {
      const d = await quiet.createDeveloper();
      assert.equal((await d.client.raw("POST", PATH, { body: {} })).envelope.code, 200);
      assert.equal((await d.client.raw("POST", PATH, { body: {}, headers: { signature: BAD_SIGNATURE } })).envelope.code, 40103);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const page = await requests(d);
      assert.equal(page.code, 200);
      assert.deepEqual(page.data!.items, []);
      assert.deepEqual(await quiet.platform.database.db.selectFrom("request_log").select("id").execute(), []);
    } finally {
      await quiet.close();
    }
  });
});
