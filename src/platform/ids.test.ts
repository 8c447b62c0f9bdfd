import { test } from "node:test";
import assert from "node:assert/strict";
import { systemClock } from "./clock.ts";
import { firstIdAt, IdGenerator, idTimeOf } from "./ids.ts";

test("an id's time part orders ids; firstIdAt is a cursor every later id passes", () => {
  const ids = new IdGenerator(systemClock, 7);
  const before = ids.timeNow();
  const a = ids.next();
  const b = ids.next();
  const after = ids.timeNow();
  assert.ok(idTimeOf(a) >= before && idTimeOf(b) <= after + 1n, "time part of an id issued now");
  assert.ok(BigInt(firstIdAt(idTimeOf(a))) <= BigInt(a));
  assert.ok(BigInt(firstIdAt(idTimeOf(b) + 1n)) > BigInt(b));
  assert.equal(idTimeOf(firstIdAt(12345n)), 12345n);
  assert.equal(firstIdAt(-5n), "0");
});
