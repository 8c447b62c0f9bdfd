import { test } from "node:test";
import assert from "node:assert/strict";
import { CachedGoods } from "./cached-goods.ts";
import { SandboxCatalog, SearchIndexes, SandboxGoods } from "./sandbox/index.ts";

async function sandbox() {
  const taobao = await SearchIndexes.build(new SandboxCatalog("taobao", 3, 300));
  const alibaba = await SearchIndexes.build(new SandboxCatalog("alibaba", 3, 300));
  return new SandboxGoods({ taobao: taobao.catalog, alibaba: alibaba.catalog }, { taobao, alibaba }, { publicUrl: "http://x" });
}

test("a cached product is the upstream's value, unchanged, until the TTL passes", async () => {
  const inner = await sandbox();
  let now = 1_000;
  let calls = 0;
  const counting = Object.assign(Object.create(inner), {
    product: (...args: Parameters<SandboxGoods["product"]>) => {
      calls++;
      return inner.product(...args);
    },
  });
  const cache = new CachedGoods(counting, { ttlMs: 60_000, now: () => now });
  const id = inner.catalog("taobao").ids.productId(5);
  const first = await cache.product("taobao", id, "en");
  assert.deepEqual(first, await inner.product("taobao", id, "en"), "same shape and values as the upstream");
  assert.equal(await cache.product("taobao", id, "en"), first);
  assert.equal(calls, 1);
  assert.equal(cache.fetchedAt("taobao", id, "en"), 1_000);
  now += 60_001;
  await cache.product("taobao", id, "en");
  assert.equal(calls, 2, "refetched after the TTL");
  assert.equal(cache.fetchedAt("taobao", id, "en"), 61_001);
  // Unknown products are cached as unknown too (no upstream storm for bad ids).
  assert.equal(await cache.product("taobao", "nope", "en"), undefined);
  assert.equal(await cache.product("taobao", "nope", "en"), undefined);
  assert.equal(calls, 3);
});

test("the cache is bounded: the least recently used entry goes first", async () => {
  const inner = await sandbox();
  const cache = new CachedGoods(inner, { ttlMs: 60_000, maxEntries: 2 });
  const ids = [0, 1, 2].map((i) => inner.catalog("alibaba").ids.productId(i));
  await cache.product("alibaba", ids[0]!, "en");
  await cache.product("alibaba", ids[1]!, "en");
  await cache.product("alibaba", ids[0]!, "en"); // 0 is now the most recent
  await cache.product("alibaba", ids[2]!, "en"); // evicts 1
  assert.notEqual(cache.fetchedAt("alibaba", ids[0]!, "en"), undefined);
  assert.equal(cache.fetchedAt("alibaba", ids[1]!, "en"), undefined);
});
