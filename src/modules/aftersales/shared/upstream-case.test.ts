import assert from "node:assert/strict";
import { test } from "node:test";
import { judgeReport } from "./upstream-case.ts";

test("a report of the applied revision is a repeat, an older one stale, whatever the move", () => {
  assert.deepEqual(judgeReport(3, 3, true), { apply: false, why: "repeat" });
  assert.deepEqual(judgeReport(3, 2, true), { apply: false, why: "stale" });
  assert.deepEqual(judgeReport(3, 1, false), { apply: false, why: "stale" });
});

test("news is applied when the machine takes it", () => {
  assert.deepEqual(judgeReport(3, 4, true), { apply: true });
  assert.deepEqual(judgeReport(0, 7, true), { apply: true });
});

test("news the machine cannot take waits when an earlier revision is missing, else it is impossible", () => {
  assert.deepEqual(judgeReport(3, 5, false), { apply: false, why: "gap" });
  assert.deepEqual(judgeReport(3, 4, false), { apply: false, why: "impossible" });
});
