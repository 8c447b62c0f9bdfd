// Test clocks: each developer's sandbox time, advanced on demand with every due event run in time
// order; speed; isolation between developers; events survive a restart of the platform.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { parseDuration } from "../src/modules/sandbox/index.ts";
import { freshSchema, POSTGRES_URL, startServer, tempDir, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const HOUR = 3_600_000;

describe("sandbox test clocks", () => {
  const real = new ManualClock(Date.parse("2026-11-28T00:00:00Z"));
  let server: TestServer;
  let a: TestDeveloper;
  let b: TestDeveloper;
  const log: Array<{ developer: string; label: string; at: number }> = [];

  before(async () => {
    server = await startServer({ clock: real, config: { sandboxTickMs: 0 } });
    const jobs = server.platform.services.jobs;
    jobs.on("test.record", async (_trx, event, now) => {
      const payload = event.payload as { label: string; then?: { label: string; afterMs: number } };
      log.push({ developer: event.developerId!, label: payload.label, at: now });
      // A handler may schedule follow-ups on the same clock (a seller ships, then the parcel moves).
      if (payload.then) {
        await jobs.schedule(_trx, { developerId: event.developerId, dueAtMs: now + payload.then.afterMs, kind: "test.record", payload: { label: payload.then.label } });
      }
    });
    // Two attempts, a minute apart (on the developer's clock), then dead-lettered.
    jobs.on("test.fail", async (trx) => {
      await trx.insertInto("user_addresses").values({ developer_id: "1", user_id: "1", name: "x", province: "x", city: "x", address: "x", phone: "12345", created_at: new Date(), updated_at: new Date() }).execute();
      throw new Error("seller system down");
    }, { maxAttempts: 2, backoffMs: () => 60_000 });
    a = await server.createDeveloper();
    b = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });

  async function schedule(developerId: string, afterMs: number, label: string, then?: { label: string; afterMs: number }) {
    const now = await server.platform.services.clocks.now(developerId);
    await server.platform.database.db.transaction().execute((trx) =>
      server.platform.services.jobs.schedule(trx, { developerId, dueAtMs: now + afterMs, kind: "test.record", payload: { label, ...(then ? { then } : {}) } }),
    );
  }

  test("durations", () => {
    assert.equal(parseDuration("2d"), 2 * 86_400_000);
    assert.equal(parseDuration("1d12h"), 36 * HOUR);
    assert.equal(parseDuration("90m"), 90 * 60_000);
    assert.equal(parseDuration("500ms"), 500);
    assert.equal(parseDuration(1234), 1234);
    for (const bad of ["2x", "d", "-1h", "1h 2m", ""]) assert.throws(() => parseDuration(bad), /duration/, bad);
  });

  test("the clock follows real time until advanced", async () => {
    const state = await a.client.request<{ now: number; nowText: string; speed: number; pendingEvents: number }>("GET", "/sandbox/clock");
    assert.equal(state.now, real.now());
    assert.equal(state.nowText, "2026-11-28 08:00:00");
    assert.equal(state.speed, 1);
    real.advance(5000);
    assert.equal((await a.client.request<{ now: number }>("GET", "/sandbox/clock")).now, real.now());
  });

  test("advancing runs the developer's due events in time order, follow-ups included, and only theirs", async () => {
    log.length = 0;
    const start = await server.platform.services.clocks.now(a.developId);
    await schedule(a.developId, 3 * HOUR, "shipped", { label: "arrived", afterMs: 20 * HOUR });
    await schedule(a.developId, 1 * HOUR, "built");
    await schedule(a.developId, 2 * HOUR, "priced");
    await schedule(a.developId, 30 * HOUR, "too late");
    await schedule(b.developId, 1 * HOUR, "other developer");

    const result = await a.client.request<{ from: number; now: number; ran: number; pendingEvents: number; nextEventAt: number }>("POST", "/sandbox/clock/advance", {
      body: { duration: "1d" },
    });
    assert.equal(result.from, start);
    assert.equal(result.now, start + 24 * HOUR);
    assert.equal(result.ran, 4);
    assert.deepEqual(
      log.map((e) => [e.label, (e.at - start) / HOUR]),
      [
        ["built", 1],
        ["priced", 2],
        ["shipped", 3],
        ["arrived", 23],
      ],
    );
    assert.ok(log.every((e) => e.developer === a.developId));
    assert.equal(result.pendingEvents, 1, "the 30 h event waits");
    assert.equal(result.nextEventAt, start + 30 * HOUR);
    // The other developer's clock and events did not move.
    const other = await b.client.request<{ now: number; pendingEvents: number }>("GET", "/sandbox/clock");
    assert.equal(other.now, real.now());
    assert.equal(other.pendingEvents, 1);
    // Time stays advanced and keeps flowing with real time.
    real.advance(1000);
    assert.equal((await a.client.request<{ now: number }>("GET", "/sandbox/clock")).now, start + 24 * HOUR + 1000);
  });

  // Another node's runner holding a due job (its row lock) is waited for: when the advance answers,
  // the job has run. Skipping it answered with the job still pending (a line left BULIDING).
  test("an advance waits for a due job another runner holds, then runs it", { skip: POSTGRES_URL ? false : "needs a second connection (PostgreSQL)" }, async () => {
    log.length = 0;
    const start = await server.platform.services.clocks.now(a.developId);
    await schedule(a.developId, HOUR, "held elsewhere");
    let answered = false;
    let advance: Promise<{ ran: number; now: number }> | undefined;
    await server.platform.database.db.transaction().execute(async (trx) => {
      await trx.selectFrom("jobs").select("id").where("developer_id", "=", a.developId).where("status", "=", "PENDING").forUpdate().execute();
      advance = a.client.request<{ ran: number; now: number }>("POST", "/sandbox/clock/advance", { body: { duration: "2h" } });
      void advance.then(() => (answered = true), () => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(answered, false, "the advance waits while the job is held");
    });
    const result = await advance!;
    assert.equal(result.now, start + 2 * HOUR);
    assert.deepEqual(log.map((e) => [e.label, (e.at - start) / HOUR]), [["held elsewhere", 1]]);
    assert.equal(result.ran, 1);
  });

  test("speed: sandbox time runs faster than real time; 0 stops it", async () => {
    const before = await b.client.request<{ now: number }>("GET", "/sandbox/clock");
    await b.client.request("POST", "/sandbox/clock/speed", { body: { speed: 3600 } });
    real.advance(2000);
    const after = await b.client.request<{ now: number; speed: number }>("GET", "/sandbox/clock");
    assert.equal(after.speed, 3600);
    assert.equal(after.now, before.now + 2 * HOUR);
    // The background runner's pass runs B's event, now due on B's fast clock.
    log.length = 0;
    await server.platform.services.jobs.runAllDue();
    assert.deepEqual(log.map((e) => e.label), ["other developer"]);
    await b.client.request("POST", "/sandbox/clock/speed", { body: { speed: 0 } });
    const stopped = (await b.client.request<{ now: number }>("GET", "/sandbox/clock")).now;
    real.advance(60_000);
    assert.equal((await b.client.request<{ now: number }>("GET", "/sandbox/clock")).now, stopped);
  });

  test("a failing job is retried with backoff, its writes undone each time, then dead-lettered with the reason; the others still run", async () => {
    const jobs = server.platform.services.jobs;
    const now = await server.platform.services.clocks.now(a.developId);
    await server.platform.database.db.transaction().execute(async (trx) => {
      await jobs.schedule(trx, { developerId: a.developId, dueAtMs: now + 1000, kind: "test.fail", payload: {} });
      await jobs.schedule(trx, { developerId: a.developId, dueAtMs: now + 2000, kind: "test.record", payload: { label: "after failure" } });
    });
    log.length = 0;
    const result = await a.client.request<{ ran: number; failed: number }>("POST", "/sandbox/clock/advance", { body: { duration: "10s" } });
    assert.equal(result.failed, 1);
    assert.equal(result.ran, 1);
    assert.deepEqual(log.map((e) => e.label), ["after failure"]);
    const row = () => server.platform.database.db.selectFrom("jobs").select(["status", "last_error", "attempts", "due_at_ms"]).where("kind", "=", "test.fail").executeTakeFirstOrThrow();
    const waiting = await row();
    assert.deepEqual([waiting.status, waiting.last_error, waiting.attempts, Number(waiting.due_at_ms)], ["PENDING", "seller system down", 1, now + 1000 + 60_000], "due again a minute later");
    // The second attempt fails too: dead-lettered with the reason, listed for operators, and retryable.
    const second = await a.client.request<{ ran: number; failed: number }>("POST", "/sandbox/clock/advance", { body: { duration: "2m" } });
    assert.equal(second.failed, 1);
    const dead = await row();
    assert.deepEqual([dead.status, dead.last_error, dead.attempts], ["DEAD", "seller system down", 2]);
    const listed = await server.admin<{ items: Array<{ id: string; kind: string; status: string; lastError: string }> }>("GET", "/admin/jobs?status=DEAD&kind=test.fail");
    assert.equal(listed.code, 200);
    assert.deepEqual(listed.data.items.map((j) => [j.kind, j.status, j.lastError]), [["test.fail", "DEAD", "seller system down"]]);
    const retried = await server.admin<{ status: string; attempts: number }>("POST", `/admin/jobs/${listed.data.items[0]!.id}/retry`);
    assert.deepEqual([retried.data.status, retried.data.attempts], ["PENDING", 0]);
    assert.equal((await server.admin("POST", `/admin/jobs/${listed.data.items[0]!.id}/retry`)).code, 40401, "only a dead job can be retried");
    assert.equal((await server.admin("GET", "/admin/jobs?status=LOST")).code, 40002);
    const leaked = await server.platform.database.db.selectFrom("user_addresses").select("id").where("developer_id", "=", "1").execute();
    assert.deepEqual(leaked, [], "the failed handler's writes were rolled back");
  });

  test("bad input is 40002; operators reach any developer's clock", async () => {
    for (const body of [{ duration: "soon" }, { duration: -5 }, { duration: "400d" }, {}]) {
      const { envelope } = await a.client.raw("POST", "/sandbox/clock/advance", { body });
      assert.equal(envelope.code, 40002, JSON.stringify(body));
      assert.match(envelope.msg, /duration/);
    }
    assert.equal((await a.client.raw("POST", "/sandbox/clock/speed", { body: { speed: -1 } })).envelope.code, 40002);
    const state = await server.admin<{ now: number }>("GET", `/admin/developers/${a.developId}/sandbox/clock`);
    assert.equal(state.code, 200);
    const advanced = await server.admin<{ to: number; from: number }>("POST", `/admin/developers/${a.developId}/sandbox/clock/advance`, { duration: "2h" });
    assert.equal(advanced.data.to - advanced.data.from, 2 * HOUR);
    assert.equal((await server.admin("GET", "/admin/developers/123/sandbox/clock")).code, 40401);
  });

  test("finished jobs are deleted after the retention; pending ones stay", async () => {
    const jobs = server.platform.services.jobs;
    const db = server.platform.database.db;
    const now = await server.platform.services.clocks.now(b.developId);
    await db.transaction().execute(async (trx) => {
      await jobs.schedule(trx, { developerId: b.developId, dueAtMs: now + 1000, kind: "test.record", payload: { label: "soon done" } });
      await jobs.schedule(trx, { developerId: b.developId, dueAtMs: now + 30 * 86_400_000, kind: "test.record", payload: { label: "a month away" } });
    });
    await b.client.request("POST", "/sandbox/clock/advance", { body: { duration: "2s" } });
    const byLabel = async () =>
      new Map(
        (await db.selectFrom("jobs").select(["status", "payload"]).where("developer_id", "=", b.developId).where("kind", "=", "test.record").execute()).map((row) => [(JSON.parse(row.payload) as { label: string }).label, row.status]),
      );
    assert.equal((await byLabel()).get("soon done"), "DONE");
    assert.equal(await jobs.prune(), 0, "finished a moment ago: kept");
    real.advance(8 * 86_400_000);
    assert.ok((await jobs.prune()) >= 1);
    const left = await byLabel();
    assert.equal(left.has("soon done"), false, "deleted after the retention (7 days)");
    assert.equal(left.get("a month away"), "PENDING");
  });
});

test("scheduled events and an advanced clock survive a restart", async () => {
  const dataDir = tempDir("openpon-clock-");
  const config = { dataDir, databaseUrl: POSTGRES_URL, databaseSchema: freshSchema(), sandboxTickMs: 0, sandboxItems: 500 };
  const seen: string[] = [];
  const first = await startServer({ config });
  const dev = await first.createDeveloper();
  first.platform.services.jobs.on("test.restart", async () => {});
  await first.platform.services.clocks.advance(dev.developId, 5 * HOUR);
  const now = await first.platform.services.clocks.now(dev.developId);
  await first.platform.database.db.transaction().execute((trx) =>
    first.platform.services.jobs.schedule(trx, { developerId: dev.developId, dueAtMs: now + HOUR, kind: "test.restart", payload: { label: "after restart" } }),
  );
  await first.platform.app.close();
  await first.platform.close();

  const second = await startServer({ config });
  try {
    second.platform.services.jobs.on("test.restart", async (_trx, event) => void seen.push((event.payload as { label: string }).label));
    const restored = await second.platform.services.clocks.now(dev.developId);
    assert.ok(restored >= now && restored < now + 60_000, "the advanced time is kept");
    assert.equal((await second.platform.services.clocks.advance(dev.developId, 2 * HOUR)).ran, 1);
    assert.deepEqual(seen, ["after restart"]);
  } finally {
    await second.close();
  }
});
