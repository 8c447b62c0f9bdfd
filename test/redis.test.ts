// With REDIS_URL, rate limits (and nonces) live in Redis so that several nodes act as one.
// Needs TEST_REDIS_URL; with DATABASE_URL as well, two nodes share one schema and one bucket.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Redis } from "ioredis";
import { OpenponClient } from "@openpon/sdk";
import { freshSchema, POSTGRES_URL, startServer, TEST_REDIS_URL, type TestServer } from "./helpers/server.ts";

describe("Redis-backed rate limits and nonces", { skip: TEST_REDIS_URL ? false : "needs TEST_REDIS_URL" }, () => {
  const shared = { databaseSchema: freshSchema(), masterKey: randomBytes(32).toString("hex"), operatorToken: "t".repeat(32) };
  const config = { redisUrl: TEST_REDIS_URL!, rateLimitPerSecond: 1, rateLimitBurst: 3, ...shared };
  let a: TestServer;
  let b: TestServer | undefined;
  let redis: Redis;

  before(async () => {
    redis = new Redis(TEST_REDIS_URL!);
    a = await startServer({ config });
    // A second node on the same PostgreSQL schema when there is one (PGlite cannot be shared).
    if (POSTGRES_URL) b = await startServer({ config });
  });
  after(async () => {
    await b?.platform.app.close();
    await b?.platform.close();
    if (b) fs.rmSync(b.config.dataDir, { recursive: true, force: true });
    await a?.close(); // drops the shared schema
    redis?.disconnect();
  });

  test("the token bucket is kept in Redis and shared by every node", async () => {
    const dev = await a.createDeveloper();
    const other = b ? new OpenponClient({ ...dev.client.options, baseUrl: b.url }) : dev.client;
    const codes: number[] = [];
    for (const client of [dev.client, other, dev.client, other]) {
      codes.push((await client.raw("POST", "/v2/taobao/order/page", { body: {} })).envelope.code);
    }
    assert.deepEqual(codes, [200, 200, 200, 42901], "burst 3 across the nodes, then refused");
    assert.equal(await redis.exists(`openpon:rl:${dev.accessKey}`), 1);
  });

  test("nonces are recorded in Redis with their 1200 s lifetime", async () => {
    const dev = await a.createDeveloper();
    const headers = dev.client.signHeaders("POST", "/v2/open/address/get", "{}");
    const send = (url: string) =>
      fetch(`${url}/v2/open/address/get`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: "{}" }).then(
        (r) => r.json() as Promise<{ code: number }>,
      );
    assert.equal((await send(a.url)).code, 200);
    assert.equal((await send((b ?? a).url)).code, 40104);
    const ttl = await redis.ttl(`openpon:nonce:${dev.accessKey}:${headers["nonce-str"]}`);
    assert.ok(ttl > 1190 && ttl <= 1200, `ttl ${ttl}`);
  });
});
