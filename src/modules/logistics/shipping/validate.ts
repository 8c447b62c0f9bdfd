// An operator's line as written (admin PUT, CLI `line set`) turned into a ShippingLine, refusing with
// 40002 naming the field what the schema alone cannot see: unknown countries, a rate missing the
// members of its kind, bands that overlap or leave gaps, a country priced by two zones, dates.
import type { Static } from "typebox";
import { invalid } from "../../../platform/http/errors.ts";
import { parseDateBound } from "../../../platform/time.ts";
import { isCountryCode } from "./countries.ts";
import type { LineBody } from "./schemas.ts";
import type { Rate, ShippingLine, Surcharge, WeightBand, Zone } from "./model.ts";

type Body = Static<typeof LineBody>;
type RateBody = Body["zones"][number]["rate"];

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && parseDateBound(text) !== undefined;

function days(value: { min: number; max: number }, field: string) {
  if (value.min > value.max) throw invalid(`${field}.min must not exceed ${field}.max`);
  return { min: value.min, max: value.max };
}

function rateOf(body: RateBody, field: string): Rate {
  const need = <K extends keyof RateBody>(key: K): NonNullable<RateBody[K]> => {
    const value = body[key];
    if (value === undefined) throw invalid(`${field}.${String(key)} is required for a ${body.kind} rate`);
    return value as NonNullable<RateBody[K]>;
  };
  if (body.kind === "steps") {
    return { kind: "steps", firstWeightG: need("firstWeightG"), firstFeeFen: need("firstFeeFen"), stepWeightG: need("stepWeightG"), stepFeeFen: need("stepFeeFen") };
  }
  const bands: WeightBand[] = need("bands").map((band, i) => {
    const at = `${field}.bands[${i}]`;
    if (band.toG <= band.fromG) throw invalid(`${at}.toG must be greater than its fromG (${band.fromG})`);
    if ((band.perKgFen === undefined) === (band.flatFen === undefined)) throw invalid(`${at} must have exactly one of perKgFen and flatFen`);
    return { fromG: band.fromG, toG: band.toG, ...(band.perKgFen !== undefined ? { perKgFen: band.perKgFen } : { flatFen: band.flatFen! }) };
  });
  bands.forEach((band, i) => {
    const expected = i === 0 ? 0 : bands[i - 1]!.toG;
    if (band.fromG < expected) throw invalid(`${field}.bands[${i}].fromG must be ${expected}: it overlaps the band before`);
    if (band.fromG > expected) throw invalid(`${field}.bands[${i}].fromG must be ${expected}: bands must leave no gap${i === 0 ? " (the first starts at 0)" : ""}`);
  });
  return { kind: "bands", roundToG: body.roundToG ?? 1, bands };
}

/** The line `serviceId` as the body describes it, or 40002 naming the first wrong field. */
export function lineFromBody(serviceId: string, body: Body): ShippingLine {
  const zoneCodes = new Set<string>();
  // country → prefixes priced (undefined key "" = the whole country), to refuse two zones pricing the same destinations.
  const priced = new Map<string, Set<string>>();
  const zones: Zone[] = body.zones.map((zone, z) => {
    const at = `zones[${z}]`;
    if (zoneCodes.has(zone.code)) throw invalid(`${at}.code ${zone.code} is used by another zone`);
    zoneCodes.add(zone.code);
    const prefixes = (zone.postcodePrefixes ?? []).map((p) => p.toUpperCase().replace(/[^0-9A-Z]/g, ""));
    prefixes.forEach((p, i) => {
      if (p === "") throw invalid(`${at}.postcodePrefixes[${i}] must contain a letter or digit`);
    });
    const keys = prefixes.length === 0 ? [""] : prefixes;
    zone.countries.forEach((country, c) => {
      if (!isCountryCode(country)) throw invalid(`${at}.countries[${c}] ${country} is not an ISO 3166-1 alpha-2 country code`);
      const taken = priced.get(country) ?? new Set<string>();
      for (const key of keys) {
        if (taken.has(key)) {
          throw invalid(`${at}.countries[${c}] ${country}${key ? ` postcode ${key}` : ""} is already priced by another zone (or listed twice)`);
        }
        taken.add(key);
      }
      priced.set(country, taken);
    });
    return {
      code: zone.code,
      countries: [...zone.countries],
      postcodePrefixes: prefixes,
      rate: rateOf(zone.rate, `${at}.rate`),
      ...(zone.transitDays ? { transitDays: days(zone.transitDays, `${at}.transitDays`) } : {}),
    };
  });
  const surcharges: Surcharge[] = (body.surcharges ?? []).map((s, i) => {
    const at = `surcharges[${i}]`;
    // Absent and null alike mean "open" (a line read back from GET has nulls).
    const validFrom = s.validFrom ?? null;
    const validTo = s.validTo ?? null;
    if (validFrom !== null && !isDate(validFrom)) throw invalid(`${at}.validFrom ${validFrom} is not a date`);
    if (validTo !== null && !isDate(validTo)) throw invalid(`${at}.validTo ${validTo} is not a date`);
    if (validFrom !== null && validTo !== null && validTo < validFrom) throw invalid(`${at}.validTo must not be before its validFrom`);
    if (s.kind === "percent" && s.amount > 100_000) throw invalid(`${at}.amount must be at most 100000 basis points (1000 %)`);
    (s.zones ?? []).forEach((code, z) => {
      if (!zoneCodes.has(code)) throw invalid(`${at}.zones[${z}] ${code} is not a zone of this line`);
    });
    return { code: s.code, kind: s.kind, amount: s.amount, minFen: s.minFen ?? 0, validFrom, validTo, zones: [...(s.zones ?? [])] };
  });
  return {
    serviceId,
    companyName: body.companyName,
    serviceCategory: body.serviceCategory,
    active: body.active ?? true,
    volumetricDivisor: body.volumetricDivisor ?? null,
    throwMode: body.throwMode ?? "full",
    freeThrowLimitG: body.freeThrowLimitG ?? 0,
    minChargeableWeightG: body.minChargeableWeightG ?? 0,
    maxWeightG: body.maxWeightG,
    maxSideMm: body.maxSideMm ?? null,
    maxGirthMm: body.maxGirthMm ?? null,
    acceptedAttributes: [...(body.acceptedAttributes ?? [])],
    transitDays: days(body.transitDays, "transitDays"),
    zones,
    surcharges,
  };
}
