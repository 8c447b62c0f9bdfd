// The command line: `openpon callback …` through the operator API of a running server, and
// `openpon listen --forward-to …` forwarding the developer's messages signed like real deliveries.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT, startServer, tempDir, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { startReceiver, type TestReceiver } from "./helpers/receiver.ts";

const run = promisify(execFile);

describe("openpon callback and openpon listen", () => {
  let server: TestServer;
  let receiver: TestReceiver;
  let dev: TestDeveloper;
  let env: Record<string, string>;

  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0, sandboxItems: 200, callbackPollMs: 100 } });
    receiver = await startReceiver();
    dev = await server.createDeveloper();
    env = { ...(process.env as Record<string, string>), OPENPON_URL: server.url, OPERATOR_TOKEN: server.platform.operatorToken, DATA_DIR: tempDir("openpon-cb-cli-"), LOG_LEVEL: "silent" };
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
  });

  async function cli<T>(...args: string[]): Promise<T> {
    const { stdout } = await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args, "--json"], { cwd: ROOT, env });
    return JSON.parse(stdout) as T;
  }

  test("set (verified), show, verify, test, log, resend, feed, remove", async () => {
    const set = await cli<{ url: string; signingSecret: string; verification: { ok: boolean } }>("callback", "set", receiver.url, "--developer", dev.developId);
    assert.equal(set.url, receiver.url);
    assert.equal(set.verification.ok, true);
    receiver.secrets = { accessSecret: dev.accessSecret, signingSecret: set.signingSecret };
    const shown = await cli<{ url: string; signingSecret: string }>("callback", "show", "--developer", dev.developId);
    assert.deepEqual([shown.url, shown.signingSecret], [receiver.url, set.signingSecret]);
    assert.equal((await cli<{ ok: boolean }>("callback", "verify", "--developer", dev.developId)).ok, true);
    const queued = await cli<{ eventIds: string[] }>("callback", "test", "--developer", dev.developId, "--count", "2");
    assert.equal(queued.eventIds.length, 2);
    await receiver.waitFor((r) => r.deliveries.filter((d) => d.body.messageType !== "CALLBACK_URL_VERIFY").length >= 2, 5000, "2 test messages");
    assert.ok(receiver.deliveries.slice(1).every((d) => d.authorizationValid && d.webhookValid));
    let log = await cli<{ items: Array<{ eventId: string; messageId: string; status: string; attemptLog: unknown[] }> }>("callback", "log", "--developer", dev.developId);
    for (let i = 0; i < 50 && log.items.some((m) => m.status !== "DELIVERED"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      log = await cli("callback", "log", "--developer", dev.developId);
    }
    assert.deepEqual(log.items.map((m) => m.status), ["DELIVERED", "DELIVERED"]);
    const one = await cli<{ messageId: string; messageBody: { test: boolean } }>("callback", "message", log.items[0]!.messageId, "--developer", dev.developId);
    assert.equal(one.messageBody.test, true);
    const resent = await cli<{ round: number }>("callback", "resend", log.items[0]!.messageId, "--developer", dev.developId);
    assert.equal(resent.round, 2);
    const none = await cli<{ resent: number }>("callback", "resend", "--failed-since", "1h", "--developer", dev.developId);
    assert.equal(none.resent, 0);
    const feed = await cli<{ items: unknown[]; nextCursor: string }>("callback", "feed", "--developer", dev.developId);
    assert.ok(Array.isArray(feed.items));
    const removed = await cli<{ url: null }>("callback", "remove", "--developer", dev.developId);
    assert.equal(removed.url, null);
    // a failing verification exits non-zero and saves nothing
    receiver.answer = () => 500;
    await assert.rejects(run(process.execPath, [path.join(ROOT, "bin/openpon.js"), "callback", "set", receiver.url, "--developer", dev.developId], { cwd: ROOT, env }), /50201/);
    receiver.answer = () => 200;
    assert.equal((await cli<{ url: null }>("callback", "show", "--developer", dev.developId)).url, null);
  });

  test("listen forwards each new message, signed exactly as a delivery, and prints one line per message", async () => {
    const local = await startReceiver();
    const signing = await dev.client.request<{ signingSecret: string }>("GET", "/developer/callback");
    local.secrets = { accessSecret: dev.accessSecret, signingSecret: signing.signingSecret };
    let child: ChildProcess | undefined;
    try {
      child = spawn(
        process.execPath,
        [path.join(ROOT, "bin/openpon.js"), "listen", "--forward-to", local.url, "--url", server.url, "--access-key", dev.accessKey, "--access-secret", dev.accessSecret, "--user-id", dev.userId],
        { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout!.on("data", (chunk) => (out += chunk));
      child.stderr!.on("data", (chunk) => (out += chunk));
      const deadline = Date.now() + 20_000;
      while (!out.includes("Ready")) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`listen did not start:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const started = Date.now();
      const { eventIds } = await dev.client.request<{ eventIds: string[] }>("POST", "/developer/callback/test", { body: { count: 3, messageType: "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY" } });
      await local.waitForUnique(3, 10_000);
      const latency = Date.now() - started;
      assert.ok(latency < 5000, `forwarded within ${latency} ms`);
      for (const d of local.unique.values()) {
        assert.equal(d.authorizationValid, true);
        assert.equal(d.webhookValid, true);
        assert.equal(d.body.messageType, "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY");
        assert.equal(d.body.messagePlatform, 1);
        assert.deepEqual(Object.keys(d.body), ["messageType", "messageBody", "messagePlatform", "timestamp"]);
      }
      const log = await dev.client.request<{ items: Array<{ eventId: string; messageId: string }> }>("GET", "/developer/callback/messages", { query: { limit: 3 } });
      assert.deepEqual(new Set(log.items.map((m) => m.eventId)), new Set(eventIds));
      assert.deepEqual(new Set(local.unique.keys()), new Set(log.items.map((m) => m.messageId)), "forwarded with the messages' own ids");
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = out.split("\n").filter((line) => line.includes("-> 200"));
      assert.equal(lines.length, 3, out);
      assert.match(lines[0]!, /^\S+Z {2}1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY {2}[0-9a-f]{32} {2}-> 200$/);
    } finally {
      child?.kill("SIGTERM");
      await local.close();
    }
  });
});
