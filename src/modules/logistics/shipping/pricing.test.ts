// The pricing rule without a server: every amount below is computed by hand in the comment beside it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { surcharge, type ShippingLine, type Surcharge } from "./model.ts";
import { byPrice, gramsToKg, packedSize, quote, type Goods, type Quote, type Refusal } from "./pricing.ts";

const DATE = "2025-03-15";

/** US and CA: first 500 g ¥100, each further started 500 g ¥20; /5000 full throw; 30 kg, 1 m side, 2 m girth. */
function line(overrides: Partial<ShippingLine> = {}): ShippingLine {
  return {
    serviceId: "T1",
    companyName: "Test Express",
    serviceCategory: "EXPRESS",
    active: true,
    volumetricDivisor: 5000,
    throwMode: "full",
    freeThrowLimitG: 0,
    minChargeableWeightG: 0,
    maxWeightG: 30_000,
    maxSideMm: 1000,
    maxGirthMm: 2000,
    acceptedAttributes: ["brand"],
    transitDays: { min: 5, max: 10 },
    zones: [{ code: "Z1", countries: ["US", "CA"], postcodePrefixes: [], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 10_000, stepWeightG: 500, stepFeeFen: 2000 } }],
    surcharges: [],
    ...overrides,
  };
}

/** A small box (100 × 100 × 100 mm = 1,000,000 mm³ → 200 g at /5000), so actual weight decides. */
const goods = (weightG: number, size: [number, number, number] = [100, 100, 100], attributes: string[] = []): Goods => ({
  weightG,
  lengthMm: size[0],
  widthMm: size[1],
  heightMm: size[2],
  attributes,
});


function ok(result: Quote | Refusal): Quote {
  assert.ok(result.ok, `expected a quote, got ${result.ok ? "" : `${result.reason}: ${result.message}`}`);
  return result;
}
function refused(result: Quote | Refusal, reason: Refusal["reason"], message: RegExp): void {
  assert.ok(!result.ok, "expected a refusal");
  assert.equal(result.reason, reason);
  assert.match(result.message, message);
}

const US = { country: "US" };

describe("chargeable weight: throw rules", () => {
  // 400 × 250 × 100 mm = 10,000,000 mm³ / 5000 = 2000 g volumetric; actual 1000 g.
  const bulky = goods(1000, [400, 250, 100]);

  test("full throw: max(actual, volumetric)", () => {
    const q = ok(quote(line(), US, bulky, DATE));
    assert.equal(q.actualWeightG, 1000);
    assert.equal(q.volumetricWeightG, 2000);
    // 2000 g: first 500 g + ceil(1500 / 500) = 3 steps → 2000 g, 10000 + 3 × 2000 = 16000 fen.
    assert.equal(q.chargeableWeightG, 2000);
    assert.deepEqual(q.rule, { kind: "steps", firstWeightG: 500, firstFeeFen: 10_000, stepWeightG: 500, stepFeeFen: 2000, steps: 3 });
    assert.equal(q.baseFen, 16_000);
    assert.equal(q.totalFen, 16_000);
  });

  test("full throw: a heavy small parcel is charged by its actual weight", () => {
    // 1000 g actual, 200 g volumetric → 1000 g: 1 step → 12000 fen.
    const q = ok(quote(line(), US, goods(1000), DATE));
    assert.equal(q.volumetricWeightG, 200);
    assert.equal(q.chargeableWeightG, 1000);
    assert.equal(q.totalFen, 12_000);
  });

  test("half throw: actual + half the excess", () => {
    // 1000 + (2000 − 1000) / 2 = 1500 g → 2 steps → 1500 g, 10000 + 2 × 2000 = 14000 fen.
    const q = ok(quote(line({ throwMode: "half" }), US, bulky, DATE));
    assert.equal(q.chargeableWeightG, 1500);
    assert.equal(q.totalFen, 14_000);
  });

  test("half throw: half of an odd excess is rounded up to the gram", () => {
    // 345 × 290 × 100 = 10,005,000 mm³ / 5000 = 2001 g; 1000 + ceil(1001 / 2) = 1501 g.
    // Per kg band ¥100/kg, no rounding: 1501 × 10000 / 1000 = 15010 fen.
    const bands = line({ throwMode: "half", zones: [{ code: "Z1", countries: ["US"], postcodePrefixes: [], rate: { kind: "bands", roundToG: 1, bands: [{ fromG: 0, toG: 30_000, perKgFen: 10_000 }] } }] });
    const q = ok(quote(bands, US, goods(1000, [345, 290, 100]), DATE));
    assert.equal(q.volumetricWeightG, 2001);
    assert.equal(q.chargeableWeightG, 1501);
    assert.equal(q.totalFen, 15_010);
  });

  test("free throw: actual while the excess stays within the limit, full beyond it", () => {
    const free = line({ throwMode: "free", freeThrowLimitG: 500 });
    // 350 × 200 × 100 = 7,000,000 / 5000 = 1400 g: excess 400 ≤ 500 → 1000 g, 1 step → 12000 fen.
    const within = ok(quote(free, US, goods(1000, [350, 200, 100]), DATE));
    assert.equal(within.volumetricWeightG, 1400);
    assert.equal(within.chargeableWeightG, 1000);
    assert.equal(within.totalFen, 12_000);
    // 2000 g volumetric: excess 1000 > 500 → 2000 g, 3 steps → 16000 fen.
    const beyond = ok(quote(free, US, bulky, DATE));
    assert.equal(beyond.chargeableWeightG, 2000);
    assert.equal(beyond.totalFen, 16_000);
  });

  test("no divisor: volumetric weight is not charged", () => {
    const q = ok(quote(line({ volumetricDivisor: null }), US, bulky, DATE));
    assert.equal(q.volumetricWeightG, null);
    assert.equal(q.chargeableWeightG, 1000);
    assert.equal(q.totalFen, 12_000);
  });

  test("divisor 6000: 600 × 500 × 400 mm = 120,000,000 mm³ → 20000 g", () => {
    const q = ok(quote(line({ volumetricDivisor: 6000, maxGirthMm: null }), US, goods(1000, [600, 500, 400]), DATE));
    assert.equal(q.volumetricWeightG, 20_000);
    // 20000 g: ceil(19500 / 500) = 39 steps → 10000 + 39 × 2000 = 88000 fen.
    assert.equal(q.totalFen, 88_000);
  });
});

describe("first weight and steps", () => {
  test("every started step counts", () => {
    // 300 g: within the first weight → 500 g, 10000 fen.
    const light = ok(quote(line(), US, goods(300), DATE));
    assert.equal(light.chargeableWeightG, 500);
    assert.equal(light.totalFen, 10_000);
    assert.equal(light.rule.kind === "steps" && light.rule.steps, 0);
    // 500 g exactly: no step.
    assert.equal(ok(quote(line(), US, goods(500), DATE)).totalFen, 10_000);
    // 501 g: one started step → 1000 g, 12000 fen.
    const over = ok(quote(line(), US, goods(501), DATE));
    assert.equal(over.chargeableWeightG, 1000);
    assert.equal(over.totalFen, 12_000);
    // 5010 g: ceil(4510 / 500) = 10 steps → 5500 g, 10000 + 20000 = 30000 fen.
    const heavy = ok(quote(line(), US, goods(5010), DATE));
    assert.equal(heavy.chargeableWeightG, 5500);
    assert.equal(heavy.totalFen, 30_000);
  });

  test("minimum chargeable weight", () => {
    // 300 g raised to 2000 g: 3 steps → 16000 fen.
    const q = ok(quote(line({ minChargeableWeightG: 2000 }), US, goods(300), DATE));
    assert.equal(q.chargeableWeightG, 2000);
    assert.equal(q.totalFen, 16_000);
  });
});

describe("weight bands", () => {
  // Rounded up to 100 g; up to 2 kg ¥60/kg, to 30 kg ¥50/kg, to 50 kg ¥2000 flat.
  const banded = line({
    maxWeightG: 60_000,
    maxSideMm: null,
    maxGirthMm: null,
    zones: [
      {
        code: "Z1",
        countries: ["US"],
        postcodePrefixes: [],
        rate: {
          kind: "bands",
          roundToG: 100,
          bands: [
            { fromG: 0, toG: 2000, perKgFen: 6000 },
            { fromG: 2000, toG: 30_000, perKgFen: 5000 },
            { fromG: 30_000, toG: 50_000, flatFen: 200_000 },
          ],
        },
      },
    ],
  });

  test("the weight is rounded up to the band's step, then priced per kg", () => {
    // 1234 g → 1300 g, first band: 1300 × 6000 / 1000 = 7800 fen.
    const q = ok(quote(banded, US, goods(1234), DATE));
    assert.equal(q.chargeableWeightG, 1300);
    assert.deepEqual(q.rule, { kind: "band", index: 0, fromG: 0, toG: 2000, perKgFen: 6000, flatFen: null });
    assert.equal(q.totalFen, 7800);
  });

  test("a band includes its upper bound, the next one starts above it", () => {
    // 2000 g: first band, 2 × 6000 = 12000 fen. 2001 g → 2100 g: second band, 2.1 × 5000 = 10500 fen.
    assert.equal(ok(quote(banded, US, goods(2000), DATE)).totalFen, 12_000);
    const next = ok(quote(banded, US, goods(2001), DATE));
    assert.equal(next.chargeableWeightG, 2100);
    assert.equal(next.rule.kind === "band" && next.rule.index, 1);
    assert.equal(next.totalFen, 10_500);
  });

  test("a flat band", () => {
    const q = ok(quote(banded, US, goods(35_000), DATE));
    assert.equal(q.rule.kind === "band" && q.rule.flatFen, 200_000);
    assert.equal(q.totalFen, 200_000);
  });

  test("per kg amounts are rounded half up to the fen", () => {
    // 1500 g × ¥3.33/kg = 499.5 fen → 500; 1400 g × 333 = 466.2 → 466.
    const odd = line({ zones: [{ code: "Z1", countries: ["US"], postcodePrefixes: [], rate: { kind: "bands", roundToG: 1, bands: [{ fromG: 0, toG: 30_000, perKgFen: 333 }] } }] });
    assert.equal(ok(quote(odd, US, goods(1500), DATE)).totalFen, 500);
    assert.equal(ok(quote(odd, US, goods(1400), DATE)).totalFen, 466);
  });

  test("beyond the last band the line refuses", () => {
    refused(quote(banded, US, goods(50_001), DATE), "TOO_HEAVY", /prices up to 50 kg to US; the goods count as 50\.001 kg/);
  });
});

describe("limits and refusals", () => {
  test("too heavy (actual weight above the maximum)", () => {
    assert.equal(ok(quote(line(), US, goods(30_000), DATE)).chargeableWeightG, 30_000);
    refused(quote(line(), US, goods(30_001), DATE), "TOO_HEAVY", /at most 30 kg; the goods weigh 30\.001 kg/);
  });

  test("longest side", () => {
    ok(quote(line({ maxGirthMm: null }), US, goods(1000, [100, 1000, 100]), DATE));
    refused(quote(line({ maxGirthMm: null }), US, goods(1000, [100, 1001, 100]), DATE), "SIDE_TOO_LONG", /sides up to 1000 mm; the longest is 1001 mm/);
  });

  test("girth: the longest side + 2 × (the other two)", () => {
    // 900 + 2 × (300 + 250) = 2000 ≤ 2000; with 251: 2002 > 2000.
    ok(quote(line(), US, goods(1000, [300, 900, 250]), DATE));
    refused(quote(line(), US, goods(1000, [300, 900, 251]), DATE), "GIRTH_TOO_LONG", /girth up to 2000 mm; the goods measure 2002 mm/);
  });

  test("goods attributes the line does not accept", () => {
    ok(quote(line(), US, goods(500, undefined, ["brand"]), DATE));
    refused(quote(line(), US, goods(500, undefined, ["brand", "battery"]), DATE), "ATTRIBUTE_NOT_ACCEPTED", /does not accept battery goods/);
  });

  test("a country not served, an inactive line", () => {
    refused(quote(line(), { country: "TH" }, goods(500), DATE), "COUNTRY_NOT_SERVED", /does not serve TH/);
    refused(quote(line({ active: false }), US, goods(500), DATE), "INACTIVE", /not active/);
  });
});

describe("zones by postcode", () => {
  const remote = line({
    zones: [
      { code: "US", countries: ["US"], postcodePrefixes: [], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 10_000, stepWeightG: 500, stepFeeFen: 2000 } },
      { code: "US-AK", countries: ["US"], postcodePrefixes: ["995", "996"], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 15_000, stepWeightG: 500, stepFeeFen: 3000 }, transitDays: { min: 8, max: 14 } },
      { code: "CA-ONLY-M", countries: ["CA"], postcodePrefixes: ["M"], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 12_000, stepWeightG: 500, stepFeeFen: 2000 } },
    ],
  });

  test("the longest matching prefix wins; without a zip the whole-country zone prices", () => {
    const alaska = ok(quote(remote, { country: "US", zip: "99501" }, goods(500), DATE));
    assert.equal(alaska.zone, "US-AK");
    assert.equal(alaska.totalFen, 15_000);
    assert.deepEqual([alaska.minDeliveryDays, alaska.maxDeliveryDays], [8, 14]);
    assert.equal(ok(quote(remote, { country: "US", zip: "10001" }, goods(500), DATE)).zone, "US");
    assert.equal(ok(quote(remote, { country: "US" }, goods(500), DATE)).zone, "US");
    assert.deepEqual([ok(quote(remote, US, goods(500), DATE)).minDeliveryDays, ok(quote(remote, US, goods(500), DATE)).maxDeliveryDays], [5, 10]);
  });

  test("a country served only for some postcodes: postcodes compared by letters and digits", () => {
    assert.equal(ok(quote(remote, { country: "CA", zip: "m5v 3l9" }, goods(500), DATE)).totalFen, 12_000);
    refused(quote(remote, { country: "CA", zip: "V6B 1A1" }, goods(500), DATE), "COUNTRY_NOT_SERVED", /does not serve CA postcode V6B 1A1/);
    refused(quote(remote, { country: "CA" }, goods(500), DATE), "COUNTRY_NOT_SERVED", /does not serve CA postcode \(none given\)/);
  });
});

describe("surcharges", () => {
  // 1000 g actual in a small box: chargeable 1000 g, base 12000 fen.
  const base = (surcharges: Surcharge[]) => ok(quote(line({ surcharges }), US, goods(1000), DATE));

  test("fixed per parcel", () => {
    const q = base([surcharge("REGISTRATION", "fixed", 1800)]);
    assert.deepEqual(q.surcharges, [{ code: "REGISTRATION", kind: "fixed", amountFen: 1800 }]);
    assert.equal(q.totalFen, 12_000 + 1800);
  });

  test("per kg of chargeable weight, with a minimum", () => {
    // 1000 g × 500 fen/kg = 500 fen; with minFen 800 → 800.
    assert.equal(base([surcharge("BATTERY", "perKg", 500)]).totalFen, 12_500);
    assert.equal(base([surcharge("BATTERY", "perKg", 500, { minFen: 800 })]).totalFen, 12_800);
    // 1500 g (chargeable after steps) × 333 fen/kg = 499.5 → 500 (half up).
    const q = ok(quote(line({ surcharges: [surcharge("X", "perKg", 333)] }), US, goods(1001), DATE));
    assert.equal(q.chargeableWeightG, 1500);
    assert.deepEqual(q.surcharges, [{ code: "X", kind: "perKg", amountFen: 500 }]);
  });

  test("percent of the base freight, rounded half up", () => {
    // 12.5 % of 12000 = 1500.
    assert.equal(base([surcharge("FUEL", "percent", 1250)]).totalFen, 13_500);
    // 12.5 % of a flat 10004 = 1250.5 → 1251; of 10001 = 1250.125 → 1250.
    const flat = (fen: number) =>
      ok(quote(line({ zones: [{ code: "Z1", countries: ["US"], postcodePrefixes: [], rate: { kind: "bands", roundToG: 1, bands: [{ fromG: 0, toG: 30_000, flatFen: fen }] } }], surcharges: [surcharge("FUEL", "percent", 1250)] }), US, goods(1000), DATE));
    assert.equal(flat(10_004).surcharges[0]!.amountFen, 1251);
    assert.equal(flat(10_001).surcharges[0]!.amountFen, 1250);
    // A percentage applies to the base freight only, not to the other surcharges: 12000 + 1800 + 10 % × 12000 = 15000.
    assert.equal(base([surcharge("REGISTRATION", "fixed", 1800), surcharge("FUEL", "percent", 1000)]).totalFen, 15_000);
  });

  test("the monthly fuel percentage follows the date", () => {
    const fuel = [surcharge("FUEL", "percent", 1000, { validFrom: "2025-01-01", validTo: "2025-01-31" }), surcharge("FUEL", "percent", 1200, { validFrom: "2025-02-01" })];
    const on = (date: string) => ok(quote(line({ surcharges: fuel }), US, goods(1000), date));
    assert.deepEqual(on("2024-12-31").surcharges, []);
    assert.equal(on("2025-01-01").totalFen, 13_200); // 10 % of 12000
    assert.equal(on("2025-01-31").totalFen, 13_200);
    assert.equal(on("2025-02-01").totalFen, 13_440); // 12 % of 12000
    assert.equal(on("2030-06-30").totalFen, 13_440);
  });

  test("a surcharge limited to zones", () => {
    const l = line({
      zones: [
        { code: "Z1", countries: ["US"], postcodePrefixes: [], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 10_000, stepWeightG: 500, stepFeeFen: 2000 } },
        { code: "REMOTE", countries: ["US"], postcodePrefixes: ["99"], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 10_000, stepWeightG: 500, stepFeeFen: 2000 } },
      ],
      surcharges: [surcharge("REMOTE", "perKg", 360, { minFen: 18_000, zones: ["REMOTE"] })],
    });
    assert.equal(ok(quote(l, { country: "US", zip: "10001" }, goods(1000), DATE)).totalFen, 12_000);
    // 1 kg × 360 = 360 < minimum 18000 → 18000.
    assert.equal(ok(quote(l, { country: "US", zip: "99501" }, goods(1000), DATE)).totalFen, 30_000);
  });
});

describe("helpers", () => {
  test("cheapest first, then fastest, then by service id", () => {
    const q = (serviceId: string, totalFen: number, maxDeliveryDays: number) => ({ serviceId, totalFen, maxDeliveryDays }) as Quote;
    const sorted = [q("10", 500, 9), q("2", 500, 9), q("3", 400, 20), q("1", 500, 5)].sort(byPrice).map((x) => x.serviceId);
    assert.deepEqual(sorted, ["3", "1", "2", "10"]);
  });

  test("units pack into the unit's shape scaled by the cube root of the quantity", () => {
    assert.deepEqual(packedSize({ lengthMm: 150, widthMm: 100, heightMm: 80 }, 1), { lengthMm: 150, widthMm: 100, heightMm: 80 });
    // ∛8 = 2 exactly.
    assert.deepEqual(packedSize({ lengthMm: 150, widthMm: 100, heightMm: 80 }, 8), { lengthMm: 300, widthMm: 200, heightMm: 160 });
    // ∛2 → 1.260 (1259³ < 2·10⁹ ≤ 1260³): 189, 126, 100.8 → 101.
    assert.deepEqual(packedSize({ lengthMm: 150, widthMm: 100, heightMm: 80 }, 2), { lengthMm: 189, widthMm: 126, heightMm: 101 });
  });

  test("grams as a kilogram string", () => {
    assert.deepEqual([1500, 2000, 1234, 50, 0, 30_001].map(gramsToKg), ["1.5", "2", "1.234", "0.05", "0", "30.001"]);
  });
});
