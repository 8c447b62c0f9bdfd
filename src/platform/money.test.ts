import { test } from "node:test";
import assert from "node:assert/strict";
import { fenToYuan, yuanToFen } from "./money.ts";

test("fen to yuan strings without trailing zeros", () => {
  assert.deepEqual([1350, 1590, 1900, 5, 10, 0, 63369, -250].map(fenToYuan), ["13.5", "15.9", "19", "0.05", "0.1", "0", "633.69", "-2.5"]);
});

test("yuan strings to fen, half up, refusing non-decimals", () => {
  assert.deepEqual(["633.69", "647.60", "19", "0.005", "0.004", "1.999"].map(yuanToFen), [63369, 64760, 1900, 1, 0, 200]);
  for (const bad of ["", "-1", "1e3", "abc", "1.2.3", "١٢"]) assert.equal(yuanToFen(bad), undefined, bad);
});
