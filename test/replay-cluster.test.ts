// Replay refusal and key invalidation across two server processes that share one PostgreSQL
// (protocol.md §3.4, §8): once with the nonces in PostgreSQL, once with them in Redis (REDIS_URL).
// PGlite cannot be shared between processes, so everything here needs DATABASE_URL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { computeRequestSignature, generateNonce } from "@openpon/sdk";
import { dropSchema, freshSchema, POSTGRES_URL, spawnServer, tempDir, TEST_REDIS_URL, type ChildServer } from "./helpers/server.ts";

const ADDRESS_GET = "/v2/open/address/get";

interface Envelope {
  requestId: string;
  code: number;
  developId: string | null;
  msg: string;
  data: unknown;
}

interface Credentials {
  developId: string;
  accessKey: string;
  accessSecret: string;
  userId: string;
}

interface Cluster {
  a: ChildServer;
  b: ChildServer;
  schema: string;
  operatorToken: string;
  stop(): Promise<void>;
}

/** Two nodes on one schema, the same master key and operator token, separate data directories. */
async function startCluster(extraEnv: Record<string, string>): Promise<Cluster> {
  const schema = freshSchema();
  const operatorToken = randomBytes(24).toString("hex");
  const env = {
    DATABASE_URL: POSTGRES_URL!,
    DATABASE_SCHEMA: schema,
    MASTER_KEY: randomBytes(32).toString("hex"),
    OPERATOR_TOKEN: operatorToken,
    BOOTSTRAP_SANDBOX: "false",
    REDIS_URL: "",
    ...extraEnv,
  };
  const dirs = [tempDir(), tempDir()];
  const children: ChildServer[] = [];
  const stop = async () => {
    for (const child of children) await child.stop();
    await dropSchema(schema);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // One after the other: both run the migrations at start (under an advisory lock).
    children.push(await spawnServer({ ...env, DATA_DIR: dirs[0]!, NODE_ID: "1" }));
    children.push(await spawnServer({ ...env, DATA_DIR: dirs[1]!, NODE_ID: "2" }));
  } catch (err) {
    await stop();
    throw err;
  }
  return { a: children[0]!, b: children[1]!, schema, operatorToken, stop };
}

async function admin<T>(cluster: Cluster, node: ChildServer, method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
  const response = await fetch(node.url + path, {
    method,
    headers: { authorization: `Bearer ${cluster.operatorToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const envelope = (await response.json()) as Envelope;
  assert.equal(envelope.code, 200, `${method} ${path}: ${envelope.code} ${envelope.msg}`);
  return envelope.data as T;
}

async function createDeveloper(cluster: Cluster, node: ChildServer): Promise<Credentials> {
  const data = await admin<{ developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } }>(
    cluster,
    node,
    "POST",
    "/admin/developers",
    { name: `cluster-${generateNonce(6)}`, userName: `u${generateNonce(8)}` },
  );
  return { developId: data.developer.developId, accessKey: data.credentials.accessKey, accessSecret: data.credentials.accessSecret, userId: data.user.userId };
}

/** nonce: a given one, a fresh one when omitted, none with null. */
function signedHeaders(c: Credentials, nonceOrNull?: string | null, secret = c.accessSecret): Record<string, string> {
  const timestamp = String(Date.now());
  const nonce = nonceOrNull === null ? undefined : (nonceOrNull ?? generateNonce());
  return {
    "access-key": c.accessKey,
    timestamp,
    ...(nonce === undefined ? {} : { "nonce-str": nonce }),
    "user-id": c.userId,
    signature: computeRequestSignature(c.accessKey, timestamp, nonce, secret),
    "content-type": "application/json",
  };
}

async function call(node: ChildServer, headers: Record<string, string>): Promise<Envelope> {
  const response = await fetch(node.url + ADDRESS_GET, { method: "POST", headers, body: "{}" });
  assert.equal(response.status, 200);
  return (await response.json()) as Envelope;
}

/** Polls `probe` until it returns true; returns the elapsed ms, or undefined after `limitMs`. */
async function within(limitMs: number, probe: () => Promise<boolean>): Promise<number | undefined> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > limitMs) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function scenario(name: string, extraEnv: () => Record<string, string>, skip: string | false, nonceStored: (cluster: Cluster, c: Credentials, nonce: string) => Promise<boolean>) {
  describe(name, { skip }, () => {
    let cluster: Cluster;
    let dev: Credentials;

    before(async () => {
      cluster = await startCluster(extraEnv());
      dev = await createDeveloper(cluster, cluster.a);
      // Plenty of room: this suite is about nonces, not rate limits.
      await admin(cluster, cluster.a, "PUT", `/admin/developers/${dev.developId}/rate-limit`, { perSecond: 1000, burst: 1000 });
    });

    after(async () => {
      await cluster?.stop();
    });

    test("a nonce accepted by node A is refused by node B (40104), and the other way round", async () => {
      const nonce = generateNonce();
      const headers = signedHeaders(dev, nonce);
      const first = await call(cluster.a, headers);
      assert.equal(first.code, 200, first.msg);
      assert.equal(first.developId, dev.developId);
      const replay = await call(cluster.b, headers);
      assert.equal(replay.code, 40104, replay.msg);
      assert.equal(replay.data, null);
      assert.ok(await nonceStored(cluster, dev, nonce), "the nonce was not recorded in the expected store");

      const other = signedHeaders(dev);
      assert.equal((await call(cluster.b, other)).code, 200);
      assert.equal((await call(cluster.a, other)).code, 40104);
      // still refused later, with a fresh timestamp
      assert.equal((await call(cluster.a, signedHeaders(dev, nonce))).code, 40104);
      assert.equal((await call(cluster.b, signedHeaders(dev, nonce))).code, 40104);
    });

    test("20 nonces raced on both nodes at once: exactly one success per nonce", async () => {
      const nonces = Array.from({ length: 20 }, () => generateNonce());
      const results = await Promise.all(
        nonces.map(async (nonce) => {
          const headers = signedHeaders(dev, nonce);
          // Two copies to each node, all in flight together.
          const replies = await Promise.all([call(cluster.a, headers), call(cluster.b, headers), call(cluster.a, headers), call(cluster.b, headers)]);
          return replies.map((r) => r.code);
        }),
      );
      for (const [i, codes] of results.entries()) {
        assert.equal(codes.filter((c) => c === 200).length, 1, `nonce ${nonces[i]}: codes ${codes.join(",")}`);
        assert.equal(codes.filter((c) => c === 40104).length, 3, `nonce ${nonces[i]}: codes ${codes.join(",")}`);
      }
    });

    test("without nonce-str the same request passes on both nodes (no replay check)", async () => {
      const headers = signedHeaders(dev, null);
      assert.equal(headers["nonce-str"], undefined);
      assert.equal((await call(cluster.a, headers)).code, 200);
      assert.equal((await call(cluster.b, headers)).code, 200);
      assert.equal((await call(cluster.a, headers)).code, 200);
    });

    test("a key reset on node A makes the old secret fail on node B within 1 s; the new one works on both", async () => {
      const d = await createDeveloper(cluster, cluster.a);
      // Node B has the key record and secret cached.
      assert.equal((await call(cluster.b, signedHeaders(d))).code, 200);
      assert.equal((await call(cluster.b, signedHeaders(d))).code, 200);
      const reset = await admin<{ accessKey: string; accessSecret: string }>(cluster, cluster.a, "POST", `/admin/developers/${d.developId}/key/reset`);
      assert.equal(reset.accessKey, d.accessKey);
      assert.notEqual(reset.accessSecret, d.accessSecret);
      let last: Envelope | undefined;
      const elapsed = await within(1000, async () => {
        last = await call(cluster.b, signedHeaders(d));
        return last.code === 40103;
      });
      assert.ok(elapsed !== undefined, `old secret still accepted by node B 1 s after the reset (last code ${last?.code})`);
      assert.equal((await call(cluster.a, signedHeaders(d))).code, 40103);
      const renewed = { ...d, accessSecret: reset.accessSecret };
      assert.equal((await call(cluster.b, signedHeaders(renewed))).code, 200);
      assert.equal((await call(cluster.a, signedHeaders(renewed))).code, 200);
    });

    test("a developer disabled on node A is refused by node B within 1 s (40101)", async () => {
      const d = await createDeveloper(cluster, cluster.a);
      assert.equal((await call(cluster.b, signedHeaders(d))).code, 200);
      await admin(cluster, cluster.a, "POST", `/admin/developers/${d.developId}/disable`);
      const elapsed = await within(1000, async () => (await call(cluster.b, signedHeaders(d))).code === 40101);
      assert.ok(elapsed !== undefined, "node B still accepts a developer disabled on node A after 1 s");
      await admin(cluster, cluster.a, "POST", `/admin/developers/${d.developId}/enable`);
      const back = await within(1000, async () => (await call(cluster.b, signedHeaders(d))).code === 200);
      assert.ok(back !== undefined, "node B still refuses a developer enabled again on node A after 1 s");
    });
  });
}

async function nonceInPostgres(cluster: Cluster, c: Credentials, nonce: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const result = await client.query(`select 1 from ${cluster.schema}.request_nonces where access_key = $1 and nonce = $2`, [c.accessKey, nonce]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

async function nonceInRedis(cluster: Cluster, c: Credentials, nonce: string): Promise<boolean> {
  const redis = new Redis(TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
  try {
    const inRedis = (await redis.exists(`openpon:nonce:${c.accessKey}:${nonce}`)) === 1;
    // ...and not in PostgreSQL: the nodes really used Redis.
    return inRedis && !(await nonceInPostgres(cluster, c, nonce));
  } finally {
    redis.disconnect();
  }
}

const noPostgres = POSTGRES_URL ? false : "needs PostgreSQL (DATABASE_URL); PGlite cannot be shared between processes";

scenario("two nodes, nonces in PostgreSQL", () => ({}), noPostgres, nonceInPostgres);
scenario(
  "two nodes, nonces in Redis",
  () => ({ REDIS_URL: TEST_REDIS_URL! }),
  noPostgres || (TEST_REDIS_URL ? false : "needs Redis (TEST_REDIS_URL)"),
  nonceInRedis,
);
