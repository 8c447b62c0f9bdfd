// The sandbox warehouse's measurements and the sandbox carrier's trace, by scenario word.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PARCEL_SCENARIOS, sandboxMeasure, sandboxMeasures, sandboxSplit, scenarioWords, tracePlan } from "./sandbox.ts";

describe("sandbox parcels", () => {
  it("reads the words from the consignee's name, case ignored, whole words only", () => {
    assert.deepEqual([...scenarioWords("Ofir overweight customs_hold")].sort(), ["CUSTOMS_HOLD", "OVERWEIGHT"]);
    assert.deepEqual([...scenarioWords("NOT_OVERWEIGHTED")], []);
    assert.deepEqual([...scenarioWords(null)], []);
    assert.deepEqual(PARCEL_SCENARIOS.map((s) => s.word), ["OVERWEIGHT", "CUSTOMS_HOLD", "PARCEL_LOST"]);
  });

  it("packs the measured goods plus packaging, within the booked weight; OVERWEIGHT twice the booked weight plus 500 g", () => {
    assert.equal(sandboxMeasure({ weightG: 1_000, chargeableWeightG: 1_500, measuredG: 900 }, false).weightG, 1_050);
    assert.equal(sandboxMeasure({ weightG: 1_000, chargeableWeightG: 1_000, measuredG: 950 }, false).weightG, 1_000);
    assert.equal(sandboxMeasure({ weightG: 1_000, chargeableWeightG: 1_000, measuredG: null }, false).weightG, 1_000);
    assert.equal(sandboxMeasure({ weightG: 1_000, chargeableWeightG: 1_500, measuredG: 900 }, true).weightG, 3_500);
  });

  it("falls back to lighter excesses for OVERWEIGHT, each still over the booked weight", () => {
    const tries = sandboxMeasures({ weightG: 1_000, chargeableWeightG: 1_500, measuredG: 900 }, true).map((m) => m.weightG);
    assert.deepEqual(tries, [3_500, 2_500, 1_600]);
    assert.equal(sandboxMeasures({ weightG: 1_000, chargeableWeightG: 1_500, measuredG: 900 }, false).length, 1);
  });

  it("packs densely: the volumetric weight stays below the actual one at divisor 6000 and 5000", () => {
    for (const grams of [200, 1_000, 7_500, 20_000]) {
      const box = sandboxMeasure({ weightG: grams, chargeableWeightG: grams, measuredG: grams }, false);
      const volumetricG = ((box.lengthMm / 10) * (box.widthMm / 10) * (box.heightMm / 10) * 1000) / 5000;
      assert.ok(volumetricG <= Math.max(box.weightG, 100), `${grams} g: ${volumetricG} g volumetric`);
    }
  });

  it("splits a packing into equal parts: the weight divided (rounded up), each side about ∛n smaller", () => {
    const whole = sandboxMeasure({ weightG: 40_000, chargeableWeightG: 40_000, measuredG: 41_000 }, false);
    assert.equal(sandboxSplit(whole, 2).weightG, 20_000);
    assert.equal(sandboxSplit({ weightG: 40_001 }, 3).weightG, 13_334);
    const eighth = sandboxSplit(whole, 8);
    assert.equal(eighth.weightG, 5_000);
    assert.ok(Math.abs(eighth.lengthMm - whole.lengthMm / 2) <= 1 && Math.abs(eighth.heightMm - whole.heightMm / 2) <= 1, "8 parts: each side halved");
  });

  it("traces to Delivered; CUSTOMS_HOLD holds 2 days; PARCEL_LOST ends in Exception", () => {
    const happy = tracePlan(new Set(), "US");
    assert.equal(happy.at(-1)!.status, "Delivered");
    assert.ok(happy.every((s, i) => i === 0 || s.afterMs > happy[i - 1]!.afterMs), "steps in time order");
    const held = tracePlan(new Set(["CUSTOMS_HOLD"]), "US");
    const hold = held.findIndex((s) => s.status === "Exception");
    assert.ok(hold > 0);
    assert.equal(held[hold + 1]!.afterMs - held[hold]!.afterMs, 2 * 86_400_000);
    assert.equal(held.at(-1)!.status, "Delivered");
    assert.equal(held.at(-1)!.afterMs - happy.at(-1)!.afterMs, 2 * 86_400_000);
    const lost = tracePlan(new Set(["PARCEL_LOST"]), "US");
    assert.equal(lost.at(-1)!.status, "Exception");
    assert.ok(lost.every((s) => s.status !== "Delivered"));
  });
});
