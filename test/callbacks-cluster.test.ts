// Callback delivery across processes: two dispatchers on one PostgreSQL schema never make the same
// attempt twice, and a server killed with SIGKILL in the middle of deliveries loses nothing: after a
// restart every message is delivered at least once and the log is consistent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { dropSchema, freshSchema, POSTGRES_URL, spawnServer, startServer, tempDir, type ChildServer } from "./helpers/server.ts";
import { startReceiver } from "./helpers/receiver.ts";

const STATUS = "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";

test("two dispatchers racing on one PostgreSQL schema never deliver an attempt twice", { skip: !POSTGRES_URL && "needs DATABASE_URL (PostgreSQL)" }, async () => {
  const schema = freshSchema();
  const masterKey = randomBytes(32).toString("hex");
  const config = { databaseSchema: schema, masterKey, sandboxTickMs: 0, sandboxItems: 200, callbackPollMs: 200, callbackConcurrency: 16 };
  const a = await startServer({ config });
  const b = await startServer({ config: { ...config, dataDir: tempDir() } });
  const receiver = await startReceiver({ delayMs: 2 });
  try {
    const dev = await a.createDeveloper();
    await dev.client.request("POST", "/developer/callback", { body: { url: receiver.url } });
    receiver.secrets.accessSecret = dev.accessSecret;
    const total = 1200;
    // Events committed on both nodes, in batches, while both dispatchers run.
    for (let i = 0; i < total / 50; i++) {
      const node = i % 2 === 0 ? a : b;
      await node.platform.database.db.transaction().execute((trx) =>
        node.platform.services.outbox.append(
          trx,
          Array.from({ length: 50 }, (_, k) => ({ developerId: dev.developId, userId: null, type: STATUS, platform: 0 as const, aggregateId: null, body: { n: i * 50 + k }, occurredAt: Date.now() })),
        ),
      );
    }
    await receiver.waitFor((r) => r.deliveries.length >= total + 1, 30_000, "all deliveries");
    await new Promise((resolve) => setTimeout(resolve, 300)); // any duplicate would arrive now
    const messages = receiver.deliveries.filter((d) => d.body.messageType === STATUS);
    assert.equal(messages.length, total, "exactly one delivery per message");
    assert.equal(new Set(messages.map((d) => d.messageId)).size, total);
    assert.ok(messages.every((d) => d.authorizationValid));
    const statsA = a.platform.services.callbacks.dispatcher!.stats;
    const statsB = b.platform.services.callbacks.dispatcher!.stats;
    assert.ok(statsA.claimed > 0 && statsB.claimed > 0, `both nodes delivered (${statsA.claimed} + ${statsB.claimed})`);
    assert.equal(statsA.claimed + statsB.claimed, total);
    await a.platform.services.callbacks.dispatcher!.idle();
    await b.platform.services.callbacks.dispatcher!.idle();
    const db = a.platform.database.db;
    const attempts = await db.selectFrom("callback_attempts").select(["event_id", "attempt", "http_status"]).execute();
    assert.equal(attempts.length, total, "one attempt row per message");
    assert.ok(attempts.every((row) => row.attempt === 1 && row.http_status === 200));
    const statuses = await db.selectFrom("callback_messages").select((eb) => ["status", eb.fn.countAll<string>().as("n")]).groupBy("status").execute();
    assert.deepEqual(statuses.map((s) => [s.status, Number(s.n)]), [["DELIVERED", total]]);
  } finally {
    await b.platform.app.close();
    await b.platform.close();
    await a.close();
    await receiver.close();
  }
});

test("kill -9 in the middle of deliveries, restart: every message is delivered at least once and the log is consistent", { timeout: 180_000 }, async () => {
  const dataDir = tempDir("openpon-cb-kill-");
  const schema = freshSchema();
  const token = randomBytes(12).toString("hex");
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: POSTGRES_URL ?? "",
    DATABASE_SCHEMA: schema,
    OPERATOR_TOKEN: token,
    MASTER_KEY: randomBytes(32).toString("hex"),
    BOOTSTRAP_SANDBOX: "false",
    SANDBOX_ITEMS: "200",
    SANDBOX_TICK_MS: "0",
    CALLBACK_LEASE_SECONDS: "2",
    CALLBACK_POLL_MS: "200",
    CALLBACK_CONCURRENCY: "8",
    REDIS_URL: "",
  };
  const receiver = await startReceiver({ delayMs: 20 });
  let server: ChildServer | undefined;
  const admin = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const response = await fetch(server!.url + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const envelope = (await response.json()) as { code: number; msg: string; data: T };
    if (envelope.code !== 200) throw new Error(`${p}: ${envelope.code} ${envelope.msg}`);
    return envelope.data;
  };
  try {
    server = await spawnServer(env);
    const created = await admin<{ developer: { developId: string }; credentials: { accessSecret: string } }>("POST", "/admin/developers", { name: "kill", userName: "kill-user" });
    const id = created.developer.developId;
    receiver.secrets.accessSecret = created.credentials.accessSecret;
    await admin("PUT", `/admin/developers/${id}/callback`, { url: receiver.url });
    const total = 600;
    const eventIds: string[] = [];
    for (let i = 0; i < total / 200; i++) eventIds.push(...(await admin<{ eventIds: string[] }>("POST", `/admin/developers/${id}/callback/test`, { count: 200 })).eventIds);
    const tests = () => [...receiver.unique.values()].filter((d) => d.body.messageType !== "CALLBACK_URL_VERIFY");
    await receiver.waitFor(() => tests().length >= 100, 30_000, "deliveries under way");
    server.process.kill("SIGKILL");
    await new Promise((resolve) => server!.process.once("exit", resolve));
    const deliveredBeforeKill = tests().length;
    assert.ok(deliveredBeforeKill < total, `killed mid-way (${deliveredBeforeKill} of ${total})`);

    server = await spawnServer(env);
    await receiver.waitFor(() => tests().length >= total, 60_000, "every message after the restart");
    assert.ok(tests().every((d) => d.authorizationValid), "every delivery signed");

    // The log: every message DELIVERED, its last attempt a 200; lost attempts are logged as abandoned.
    let messages: Array<{ eventId: string; messageId: string; status: string; attempts: number; attemptLog: Array<{ attempt: number; httpStatus: number | null; errorKind: string | null }> }> = [];
    for (let round = 0; round < 100; round++) {
      messages = [];
      let cursor: string | null = null;
      do {
        const page: { items: typeof messages; nextCursor: string | null } = await admin("GET", `/admin/developers/${id}/callback/messages?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
        messages.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (messages.every((m) => m.status === "DELIVERED")) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(new Set(messages.map((m) => m.eventId)), new Set(eventIds));
    for (const m of messages) {
      assert.equal(m.status, "DELIVERED", m.eventId);
      assert.equal(m.attemptLog.at(-1)!.httpStatus, 200);
      assert.deepEqual(
        m.attemptLog.map((a) => a.attempt),
        Array.from({ length: m.attempts }, (_, i) => i + 1),
        "attempts numbered 1..n without gaps or repeats",
      );
      assert.ok(m.attemptLog.slice(0, -1).every((a) => a.errorKind === "abandoned"), "only abandoned attempts before the delivery");
      assert.ok(receiver.unique.has(m.messageId));
    }
    const duplicates = tests().length === receiver.deliveries.length - 1 ? 0 : receiver.deliveries.length - 1 - tests().length;
    process.stdout.write(`# kill -9: ${deliveredBeforeKill} delivered before the kill, ${messages.filter((m) => m.attempts > 1).length} retried after it, ${duplicates} duplicate deliveries\n`);
  } finally {
    await server?.stop();
    await receiver.close();
    await dropSchema(schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
