import { test } from "node:test";
import assert from "node:assert/strict";
import { TickBatcher } from "./batch.ts";

test("calls made in one tick share one run, in order; later calls get a new run", async () => {
  const runs: number[][] = [];
  const batcher = new TickBatcher<number, number>(async (inputs) => {
    runs.push(inputs);
    return inputs.map((x) => x * 10);
  });
  const first = await Promise.all([1, 2, 3].map((x) => batcher.load(x)));
  assert.deepEqual(first, [10, 20, 30]);
  assert.equal(await batcher.load(4), 40);
  assert.deepEqual(runs, [[1, 2, 3], [4]]);
});

test("a failing run rejects every call of its batch only", async () => {
  let calls = 0;
  const batcher = new TickBatcher<number, number>(async (inputs) => {
    calls++;
    if (calls === 1) throw new Error("boom");
    return inputs;
  });
  const results = await Promise.allSettled([batcher.load(1), batcher.load(2)]);
  assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
  assert.equal(await batcher.load(3), 3);
});

test("a run returning the wrong number of results rejects its calls", async () => {
  const batcher = new TickBatcher<number, number>(async () => [1]);
  await assert.rejects(Promise.all([batcher.load(1), batcher.load(2)]), /2 inputs/);
});

test("batches are split at maxBatch", async () => {
  const sizes: number[] = [];
  const batcher = new TickBatcher<number, number>(async (inputs) => {
    sizes.push(inputs.length);
    return inputs;
  }, 2);
  await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.load(x)));
  assert.deepEqual(sizes, [2, 2, 1]);
});
