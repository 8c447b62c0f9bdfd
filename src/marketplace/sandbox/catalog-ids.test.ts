import { test } from "node:test";
import assert from "node:assert/strict";
import { CatalogIds } from "./catalog-ids.ts";

for (const platform of ["taobao", "alibaba"] as const) {
  test(`${platform}: every id maps back to its index; shapes match the reference`, () => {
    const ids = new CatalogIds(42, platform);
    for (const i of [0, 1, 2, 999, 123_456, 999_999]) {
      const opaque = ids.productId(i);
      assert.match(opaque, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(ids.productIndex(opaque), i);
      assert.match(ids.numericId(i), /^\d{12}$/);
      assert.equal(ids.productIndex(ids.numericId(i)), i);
      assert.equal(ids.productIndex(ids.mpId(i)), i);
      assert.match(ids.skuId(i, 5), /^\d{13}$/);
      assert.deepEqual(ids.skuIndex(ids.skuId(i, 5)), [i, 5]);
      assert.match(ids.specId(i, 3), /^[0-9a-f]{32}$/);
    }
    if (platform === "taobao") assert.match(ids.mpId(7), /^2048\d{12}$/);
    assert.match(ids.sellerOpenId(3), /^BBB[A-Za-z0-9_-]{22}$/);
    assert.equal(ids.shopIndex(ids.sellerOpenId(3)), 3);
    assert.equal(ids.shopIndex(ids.shopId(17)), 17);
    assert.match(ids.shopId(17), /^\d{9}$/);
  });
}

test("ids are distinct, seed-dependent and not confused across platforms or kinds", () => {
  const a = new CatalogIds(1, "taobao");
  const b = new CatalogIds(2, "taobao");
  const c = new CatalogIds(1, "alibaba");
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) seen.add(a.productId(i));
  assert.equal(seen.size, 5000);
  assert.notEqual(a.productId(0), b.productId(0));
  assert.equal(c.productIndex(a.productId(0)), undefined);
  assert.equal(a.productIndex("WUnUC1cILiBjt-Jv3lDdlQ"), undefined);
  assert.equal(a.productIndex("not an id"), undefined);
  assert.equal(a.shopIndex(a.productId(3).slice(0)), undefined);
});
