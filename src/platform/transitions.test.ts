// defineTransitions: a good map answers can/targets; a bad map fails when it is defined.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineTransitions } from "./transitions.ts";

type Light = "red" | "green" | "amber" | "off";
const lights = ["red", "green", "amber", "off"] as const satisfies readonly Light[];

describe("defineTransitions", () => {
  const machine = defineTransitions<Light>("light", lights, { red: ["green", "off"], green: ["amber"], amber: ["red"], off: [] });

  it("allows exactly the listed moves", () => {
    assert.equal(machine.can("red", "green"), true);
    assert.equal(machine.can("amber", "red"), true);
    assert.equal(machine.can("green", "red"), false);
    assert.equal(machine.can("red", "red"), false, "no self-loop unless listed");
    assert.deepEqual(machine.targets("red"), ["green", "off"]);
  });

  it("gives a terminal state no exits", () => {
    assert.deepEqual(machine.targets("off"), []);
    for (const to of lights) assert.equal(machine.can("off", to), false);
  });

  it("works with numeric states", () => {
    const numeric = defineTransitions("numeric", [0, 1, 2], { 0: [0, 1], 1: [2], 2: [] });
    assert.equal(numeric.can(0, 0), true);
    assert.equal(numeric.can(0, 2), false);
    assert.deepEqual(numeric.targets(1), [2]);
  });

  it("throws on a target that is not a state", () => {
    assert.throws(() => defineTransitions<string>("bad", ["a", "b"], { a: ["b", "c"], b: [] }), /a → c leads to a state that is not in the states list/);
  });

  it("throws on a state missing from the map", () => {
    assert.throws(() => defineTransitions("bad", ["a", "b"] as const, { a: ["b"] } as unknown as Record<"a" | "b", readonly ("a" | "b")[]>), /state b is missing from the map/);
  });

  it("throws on a map key that is not a state", () => {
    assert.throws(() => defineTransitions<string>("bad", ["a"], { a: [], z: [] }), /state z that is not in the states list/);
  });

  it("throws on a state unreachable from the initial one, unless allowed", () => {
    const map = { a: ["b"], b: [], c: ["a"] } as const;
    assert.throws(() => defineTransitions("bad", ["a", "b", "c"] as const, map), /no path from a to c/);
    const allowed = defineTransitions("ok", ["a", "b", "c"] as const, map, ["c"]);
    assert.equal(allowed.can("c", "a"), true);
  });

  it("throws on a state listed twice", () => {
    assert.throws(() => defineTransitions("bad", ["a", "a"] as const, { a: [] }), /listed twice/);
  });
});
