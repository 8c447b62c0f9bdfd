// Idempotent requests (src/platform/idempotency.ts) on the real database: a first request reserves
// the key; repeats wait and replay its answer; another body under the key is refused; a holder that
// died is taken over — or, if its work had committed a checkpoint, that answer is replayed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { Idempotency } from "../src/platform/idempotency.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let idempotency: Idempotency;
const key = (k: string) => ({ developerId: "1", userId: "2100000000001", scope: "test", key: k });

before(async () => {
  server = await startServer();
  idempotency = new Idempotency(server.platform.database.db);
});
after(async () => {
  await server?.close();
});

const db = () => server.platform.database.db;
const age = (k: string) => sql`update idempotency_keys set updated_at = now() - interval '2 minutes' where key = ${k}`.execute(db());

test("first request reserves, a repeat replays the answer, another body is refused", async () => {
  assert.deepEqual(await idempotency.begin(key("a"), "h1"), { kind: "new" });
  await db().transaction().execute((trx) => idempotency.complete(trx, key("a"), '{"ok":1}'));
  assert.deepEqual(await idempotency.begin(key("a"), "h1"), { kind: "replay", response: '{"ok":1}', generation: 1 });
  await assert.rejects(idempotency.begin(key("a"), "h2"), (e: { code?: number }) => e.code === 40901);
});

test("a repeat waits for the running first request and gets its answer", async () => {
  assert.deepEqual(await idempotency.begin(key("b"), "h"), { kind: "new" });
  const repeat = idempotency.begin(key("b"), "h");
  await new Promise((resolve) => setTimeout(resolve, 100));
  await db().transaction().execute((trx) => idempotency.complete(trx, key("b"), '"done"'));
  assert.deepEqual(await repeat, { kind: "replay", response: '"done"', generation: 1 });
});

test("a dead holder's key is taken over; a checkpointed one replays the checkpoint", async () => {
  assert.deepEqual(await idempotency.begin(key("c"), "h"), { kind: "new" });
  await age("c");
  assert.deepEqual(await idempotency.begin(key("c"), "h"), { kind: "new" }, "nothing committed: run again");

  assert.deepEqual(await idempotency.begin(key("d"), "h"), { kind: "new" });
  await db().transaction().execute((trx) => idempotency.checkpoint(trx, key("d"), '{"status":2}'));
  const waiting = await Promise.race([idempotency.begin(key("d"), "h"), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 200))]);
  assert.equal(waiting, "still waiting", "a live holder's checkpoint is not the final answer");
  await age("d");
  assert.deepEqual(await idempotency.begin(key("d"), "h"), { kind: "replay", response: '{"status":2}', generation: 0 });
});

test("reclaim takes back only the answer its caller saw (a slower request cannot reclaim a newer one)", async () => {
  assert.deepEqual(await idempotency.begin(key("r"), "n"), { kind: "new" });
  await db().transaction().execute((trx) => idempotency.complete(trx, key("r"), "first"));
  const slow = await idempotency.begin(key("r"), "n");
  const quick = await idempotency.begin(key("r"), "n");
  assert.ok(slow.kind === "replay" && quick.kind === "replay");
  assert.equal(await idempotency.reclaim(key("r"), "n", quick.generation), true, "the quick one takes it back");
  await db().transaction().execute((trx) => idempotency.complete(trx, key("r"), "second"));
  assert.equal(await idempotency.reclaim(key("r"), "n", slow.generation), false, "the slow one saw an older answer");
  assert.deepEqual(await idempotency.begin(key("r"), "n"), { kind: "replay", response: "second", generation: 3 });
});

test("a failed request gives its key back", async () => {
  assert.deepEqual(await idempotency.begin(key("e"), "h"), { kind: "new" });
  await idempotency.release(key("e"));
  assert.deepEqual(await idempotency.begin(key("e"), "other body"), { kind: "new" });
});
