// Lines as operators write them, the fuel rule, the render's states, the country lists: no server.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../../../platform/http/errors.ts";
import { COUNTRY_CODES, isCurrencyCode, NOT_SERVED, REGIONS } from "./countries.ts";
import { canMoveRender, dayBefore, renderStateAt, withFuelFrom, type Surcharge } from "./model.ts";
import { SAMPLE_LINES } from "./seed.ts";
import { lineFromBody } from "./validate.ts";

type Body = Parameters<typeof lineFromBody>[1];

const body = (overrides: Partial<Body> = {}): Body => ({
  companyName: "Test",
  serviceCategory: "STANDARD",
  maxWeightG: 30_000,
  transitDays: { min: 5, max: 10 },
  zones: [{ code: "A", countries: ["US"], rate: { kind: "bands", roundToG: 100, bands: [{ fromG: 0, toG: 2000, perKgFen: 6000 }, { fromG: 2000, toG: 30_000, perKgFen: 5000 }] } }],
  ...overrides,
});

function refuses(input: Body, message: RegExp): void {
  assert.throws(
    () => lineFromBody("9", input),
    (err: unknown) => err instanceof ApiError && err.code === 40002 && message.test(err.message),
  );
}

describe("a line as operators write it", () => {
  test("defaults are filled in", () => {
    const line = lineFromBody("9", body());
    assert.equal(line.serviceId, "9");
    assert.equal(line.active, true);
    assert.equal(line.volumetricDivisor, null);
    assert.equal(line.throwMode, "full");
    assert.deepEqual(line.acceptedAttributes, []);
    assert.deepEqual(line.surcharges, []);
    assert.deepEqual(line.zones[0]!.postcodePrefixes, []);
  });

  test("unknown countries, bands overlapping or leaving gaps, a rate missing its members", () => {
    refuses(body({ zones: [{ code: "A", countries: ["US", "XK"], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 1, stepWeightG: 500, stepFeeFen: 1 } }] }), /^zones\[0\]\.countries\[1\] XK is not an ISO 3166-1 alpha-2 country code$/);
    const bands = (list: Array<{ fromG: number; toG: number; perKgFen?: number; flatFen?: number }>) => body({ zones: [{ code: "A", countries: ["US"], rate: { kind: "bands", bands: list } }] });
    refuses(bands([{ fromG: 0, toG: 2000, perKgFen: 1 }, { fromG: 1500, toG: 3000, perKgFen: 1 }]), /^zones\[0\]\.rate\.bands\[1\]\.fromG must be 2000: it overlaps the band before$/);
    refuses(bands([{ fromG: 0, toG: 2000, perKgFen: 1 }, { fromG: 2500, toG: 3000, perKgFen: 1 }]), /^zones\[0\]\.rate\.bands\[1\]\.fromG must be 2000: bands must leave no gap$/);
    refuses(bands([{ fromG: 100, toG: 2000, perKgFen: 1 }]), /bands\[0\]\.fromG must be 0: bands must leave no gap \(the first starts at 0\)/);
    refuses(bands([{ fromG: 0, toG: 2000 }]), /bands\[0\] must have exactly one of perKgFen and flatFen/);
    refuses(bands([{ fromG: 0, toG: 0, flatFen: 1 }]), /bands\[0\]\.toG must be greater than its fromG/);
    refuses(body({ zones: [{ code: "A", countries: ["US"], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 1, stepWeightG: 500 } }] }), /^zones\[0\]\.rate\.stepFeeFen is required for a steps rate$/);
  });

  test("a destination priced by two zones; zone codes; surcharge dates and zones; transit days", () => {
    const steps = { kind: "steps" as const, firstWeightG: 500, firstFeeFen: 1, stepWeightG: 500, stepFeeFen: 1 };
    refuses(body({ zones: [{ code: "A", countries: ["US"], rate: steps }, { code: "B", countries: ["CA", "US"], rate: steps }] }), /^zones\[1\]\.countries\[1\] US is already priced by another zone/);
    // The same country with postcode prefixes is another destination.
    lineFromBody("9", body({ zones: [{ code: "A", countries: ["US"], rate: steps }, { code: "B", countries: ["US"], postcodePrefixes: ["995"], rate: steps }] }));
    refuses(body({ zones: [{ code: "A", countries: ["US"], postcodePrefixes: ["99"], rate: steps }, { code: "B", countries: ["US"], postcodePrefixes: ["99"], rate: steps }] }), /US postcode 99 is already priced/);
    refuses(body({ zones: [{ code: "A", countries: ["US"], rate: steps }, { code: "A", countries: ["CA"], rate: steps }] }), /^zones\[1\]\.code A is used by another zone$/);
    refuses(body({ surcharges: [{ code: "FUEL", kind: "percent", amount: 1000, validFrom: "2025-02-30" }] }), /^surcharges\[0\]\.validFrom 2025-02-30 is not a date$/);
    refuses(body({ surcharges: [{ code: "FUEL", kind: "percent", amount: 1000, validFrom: "2025-02-01", validTo: "2025-01-31" }] }), /validTo must not be before its validFrom/);
    refuses(body({ surcharges: [{ code: "REMOTE", kind: "fixed", amount: 1000, zones: ["NOPE"] }] }), /^surcharges\[0\]\.zones\[0\] NOPE is not a zone of this line$/);
    refuses(body({ transitDays: { min: 9, max: 3 } }), /^transitDays\.min must not exceed transitDays\.max$/);
  });

  test("every sample line is a valid line, read back as written", () => {
    for (const sample of SAMPLE_LINES) {
      const { serviceId, ...rest } = sample;
      assert.deepEqual(lineFromBody(serviceId, rest as unknown as Body), sample, serviceId);
    }
  });
});

describe("the fuel percentage", () => {
  const fuel = (amount: number, validFrom: string | null, validTo: string | null): Surcharge => ({ code: "FUEL", kind: "percent", amount, minFen: 0, validFrom, validTo, zones: [] });
  const other: Surcharge = { code: "DDP", kind: "fixed", amount: 2500, minFen: 0, validFrom: null, validTo: null, zones: [] };

  test("the period in force ends the day before; later ones are superseded; past ones stay", () => {
    const before = [fuel(800, "2024-11-01", "2024-11-30"), other, fuel(1000, "2024-12-01", null), fuel(1500, "2025-03-01", null)];
    assert.deepEqual(withFuelFrom(before, 1200, "2025-02-01"), [fuel(800, "2024-11-01", "2024-11-30"), other, fuel(1000, "2024-12-01", "2025-01-31"), fuel(1200, "2025-02-01", null)]);
    // An undated fuel percentage (always) ends too.
    assert.deepEqual(withFuelFrom([fuel(900, null, null)], 1100, "2025-01-01"), [fuel(900, null, "2024-12-31"), fuel(1100, "2025-01-01", null)]);
  });

  test("the day before, across months and a leap day", () => {
    assert.deepEqual(["2025-03-01", "2024-03-01", "2025-01-01"].map(dayBefore), ["2025-02-28", "2024-02-29", "2024-12-31"]);
  });
});

describe("the render's states (statuses.md §8.1)", () => {
  test("VALID until expireTime, then EXPIRED; USED stays USED", () => {
    assert.equal(renderStateAt("VALID", 1000, 999), "VALID");
    assert.equal(renderStateAt("VALID", 1000, 1000), "EXPIRED");
    assert.equal(renderStateAt("USED", 1000, 5000), "USED");
    assert.ok(canMoveRender("VALID", "USED") && canMoveRender("VALID", "EXPIRED"));
    assert.ok(!canMoveRender("USED", "VALID") && !canMoveRender("EXPIRED", "USED"));
  });
});

describe("countries and currencies", () => {
  test("249 assigned codes, each named by ICU; the regions and the unserved ones cover each exactly once", () => {
    assert.equal(new Set(COUNTRY_CODES).size, 249);
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    for (const code of COUNTRY_CODES) assert.ok(names.of(code), `${code} is a region ICU knows`);
    const seen = [...Object.values(REGIONS).flatMap((list) => list.split(" ")), ...NOT_SERVED];
    assert.equal(seen.length, new Set(seen).size, "no code twice");
    assert.deepEqual([...seen].sort(), [...COUNTRY_CODES].sort());
  });

  test("ISO 4217", () => {
    assert.ok(isCurrencyCode("CNY") && isCurrencyCode("USD") && isCurrencyCode("THB"));
    assert.ok(!isCurrencyCode("XXY") && !isCurrencyCode("usd"));
  });
});
