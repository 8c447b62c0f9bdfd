// The freight of goods on one shipping line: a pure function of the line, the destination, the goods
// and the date, explaining itself (which zone, which weight, which rule, each surcharge) or saying why
// the line refuses them. Integers only: grams, millimetres, fen, basis points.
//
// Rounding, everywhere the same:
// - volumetric weight = L × W × H (mm³) / divisor (cm³ per kg), which is grams, rounded UP to the gram;
// - half throw adds half the volumetric excess rounded UP to the gram;
// - steps: every started step counts (ceil); bands: the weight is rounded UP to the band's roundToG;
// - money from a product (per kg × weight, basis points × freight) is rounded HALF UP to the fen.
import type { GoodsAttribute, Rate, ShippingLine, Surcharge, SurchargeKind, Zone } from "./model.ts";

export interface Goods {
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  attributes: readonly string[];
}

export interface Destination {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  zip?: string | null;
}

export type AppliedRule =
  | { kind: "steps"; firstWeightG: number; firstFeeFen: number; stepWeightG: number; stepFeeFen: number; steps: number }
  | { kind: "band"; index: number; fromG: number; toG: number; perKgFen: number | null; flatFen: number | null };

export interface AppliedSurcharge {
  code: string;
  kind: SurchargeKind;
  amountFen: number;
}

export interface Quote {
  ok: true;
  serviceId: string;
  zone: string;
  actualWeightG: number;
  /** null when the line charges no volumetric weight. */
  volumetricWeightG: number | null;
  /** The weight the base freight was computed on, after throw, minimum and rounding. */
  chargeableWeightG: number;
  rule: AppliedRule;
  baseFen: number;
  surcharges: AppliedSurcharge[];
  totalFen: number;
  minDeliveryDays: number;
  maxDeliveryDays: number;
}

export const RefusalReason = {
  INACTIVE: "INACTIVE",
  COUNTRY_NOT_SERVED: "COUNTRY_NOT_SERVED",
  ATTRIBUTE_NOT_ACCEPTED: "ATTRIBUTE_NOT_ACCEPTED",
  TOO_HEAVY: "TOO_HEAVY",
  SIDE_TOO_LONG: "SIDE_TOO_LONG",
  GIRTH_TOO_LONG: "GIRTH_TOO_LONG",
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export interface Refusal {
  ok: false;
  serviceId: string;
  reason: RefusalReason;
  /** An English sentence for the caller. */
  message: string;
}

const refuse = (line: ShippingLine, reason: RefusalReason, message: string): Refusal => ({ ok: false, serviceId: line.serviceId, reason, message });

/** n / d rounded half up, for n ≥ 0 and d > 0 (exact for products below 2^53). */
export const divideHalfUp = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));

const divideUp = (n: number, d: number): number => Math.ceil(n / d);

/** A postcode compared by its letters and digits only, upper case ("sw1a 1aa" → "SW1A1AA"). */
export const normalizePostcode = (zip: string): string => zip.toUpperCase().replace(/[^0-9A-Z]/g, "");

// The zones of each line by country, built once per line object (lines are replaced, never mutated).
const zonesByCountry = new WeakMap<ShippingLine, Map<string, Zone[]>>();

function zonesFor(line: ShippingLine, country: string): readonly Zone[] {
  let index = zonesByCountry.get(line);
  if (!index) {
    index = new Map();
    for (const zone of line.zones) {
      for (const code of zone.countries) {
        const list = index.get(code);
        if (list) list.push(zone);
        else index.set(code, [zone]);
      }
    }
    zonesByCountry.set(line, index);
  }
  return index.get(country) ?? [];
}

/** Whether the line has a zone for the country at all (some postcode of it, at least). */
export const servesCountry = (line: ShippingLine, country: string): boolean => zonesFor(line, country).length > 0;

/**
 * The zone pricing a destination: among the zones listing the country, the one with the longest
 * postcode prefix the zip starts with; a zone without prefixes matches any zip (length 0); a zone
 * with prefixes does not match a destination without a zip. Ties: the first in the line's order.
 */
export function findZone(line: ShippingLine, to: Destination): Zone | undefined {
  const zip = to.zip ? normalizePostcode(to.zip) : "";
  let best: Zone | undefined;
  let bestLength = -1;
  for (const zone of zonesFor(line, to.country)) {
    let length = -1;
    if (zone.postcodePrefixes.length === 0) length = 0;
    else if (zip !== "") {
      for (const prefix of zone.postcodePrefixes) {
        const p = normalizePostcode(prefix);
        if (zip.startsWith(p) && p.length > length) length = p.length;
      }
    }
    if (length > bestLength) {
      best = zone;
      bestLength = length;
    }
  }
  return best;
}

/** Volumetric grams of a box: mm³ / (cm³ per kg) is grams (1 cm³ = 1000 mm³, 1 kg = 1000 g); rounded up. */
export const volumetricWeightG = (lengthMm: number, widthMm: number, heightMm: number, divisor: number): number =>
  divideUp(lengthMm * widthMm * heightMm, divisor);

/** The weight after the line's throw rule (before the minimum and the rate's rounding). */
export function thrownWeightG(line: ShippingLine, actualG: number, volumetricG: number | null): number {
  if (volumetricG === null || volumetricG <= actualG) return actualG;
  switch (line.throwMode) {
    case "full":
      return volumetricG;
    case "half":
      return actualG + divideUp(volumetricG - actualG, 2);
    case "free":
      return volumetricG - actualG > line.freeThrowLimitG ? volumetricG : actualG;
  }
}

/** Sides in descending order, and the girth L + 2 × (W + H) with L the longest. */
export function measure(goods: Goods): { sides: [number, number, number]; girthMm: number } {
  const sides = [goods.lengthMm, goods.widthMm, goods.heightMm].sort((a, b) => b - a) as [number, number, number];
  return { sides, girthMm: sides[0] + 2 * (sides[1] + sides[2]) };
}

type Priced = { chargeableWeightG: number; baseFen: number; rule: AppliedRule } | { beyondG: number };

function applyRate(rate: Rate, weightG: number): Priced {
  if (rate.kind === "steps") {
    const steps = weightG <= rate.firstWeightG ? 0 : divideUp(weightG - rate.firstWeightG, rate.stepWeightG);
    return {
      chargeableWeightG: rate.firstWeightG + steps * rate.stepWeightG,
      baseFen: rate.firstFeeFen + steps * rate.stepFeeFen,
      rule: { kind: "steps", firstWeightG: rate.firstWeightG, firstFeeFen: rate.firstFeeFen, stepWeightG: rate.stepWeightG, stepFeeFen: rate.stepFeeFen, steps },
    };
  }
  const rounded = divideUp(weightG, rate.roundToG) * rate.roundToG;
  const index = rate.bands.findIndex((band) => band.fromG < rounded && rounded <= band.toG);
  if (index === -1) return { beyondG: rate.bands.at(-1)?.toG ?? 0 };
  const band = rate.bands[index]!;
  const baseFen = band.flatFen !== undefined ? band.flatFen : divideHalfUp(rounded * band.perKgFen!, 1000);
  return {
    chargeableWeightG: rounded,
    baseFen,
    rule: { kind: "band", index, fromG: band.fromG, toG: band.toG, perKgFen: band.perKgFen ?? null, flatFen: band.flatFen ?? null },
  };
}

/** Whether a surcharge applies on a China date (yyyy-MM-dd) in a zone. */
export const surchargeApplies = (surcharge: Surcharge, date: string, zone: string): boolean =>
  (surcharge.validFrom === null || surcharge.validFrom <= date) &&
  (surcharge.validTo === null || date <= surcharge.validTo) &&
  (surcharge.zones.length === 0 || surcharge.zones.includes(zone));

/** fixed: the amount; perKg: per kg of chargeable weight; percent: basis points of the base freight. Never below minFen (perKg, percent). */
export function surchargeFen(surcharge: Surcharge, chargeableWeightG: number, baseFen: number): number {
  switch (surcharge.kind) {
    case "fixed":
      return surcharge.amount;
    case "perKg":
      return Math.max(surcharge.minFen, divideHalfUp(chargeableWeightG * surcharge.amount, 1000));
    case "percent":
      return Math.max(surcharge.minFen, divideHalfUp(baseFen * surcharge.amount, 10_000));
  }
}

const kg = (g: number) => `${g / 1000} kg`;

/**
 * The freight of `goods` (one parcel) on `line` to `to` on the China date `date` (yyyy-MM-dd, for
 * dated surcharges such as the monthly fuel percentage). Checks, in order: the line is active, serves
 * the destination, accepts every attribute, takes the actual weight, the longest side and the girth;
 * then the chargeable weight (throw rule, minimum, the rate's rounding) must fall in the rate table.
 */
export function quote(line: ShippingLine, to: Destination, goods: Goods, date: string): Quote | Refusal {
  if (!line.active) return refuse(line, RefusalReason.INACTIVE, `service ${line.serviceId} is not active`);
  const zone = findZone(line, to);
  if (!zone) {
    const where = servesCountry(line, to.country) ? `${to.country} postcode ${to.zip ?? "(none given)"}` : to.country;
    return refuse(line, RefusalReason.COUNTRY_NOT_SERVED, `service ${line.serviceId} does not serve ${where}`);
  }
  const refused = goods.attributes.find((a) => !(line.acceptedAttributes as readonly string[]).includes(a as GoodsAttribute));
  if (refused !== undefined) return refuse(line, RefusalReason.ATTRIBUTE_NOT_ACCEPTED, `service ${line.serviceId} does not accept ${refused} goods`);
  if (goods.weightG > line.maxWeightG) {
    return refuse(line, RefusalReason.TOO_HEAVY, `service ${line.serviceId} takes at most ${kg(line.maxWeightG)}; the goods weigh ${kg(goods.weightG)}`);
  }
  const { sides, girthMm } = measure(goods);
  if (line.maxSideMm !== null && sides[0] > line.maxSideMm) {
    return refuse(line, RefusalReason.SIDE_TOO_LONG, `service ${line.serviceId} takes sides up to ${line.maxSideMm} mm; the longest is ${sides[0]} mm`);
  }
  if (line.maxGirthMm !== null && girthMm > line.maxGirthMm) {
    return refuse(line, RefusalReason.GIRTH_TOO_LONG, `service ${line.serviceId} takes a girth up to ${line.maxGirthMm} mm; the goods measure ${girthMm} mm`);
  }

  const volumetricG = line.volumetricDivisor === null ? null : volumetricWeightG(goods.lengthMm, goods.widthMm, goods.heightMm, line.volumetricDivisor);
  const weighedG = Math.max(line.minChargeableWeightG, thrownWeightG(line, goods.weightG, volumetricG));
  const priced = applyRate(zone.rate, weighedG);
  if ("beyondG" in priced) {
    return refuse(line, RefusalReason.TOO_HEAVY, `service ${line.serviceId} prices up to ${kg(priced.beyondG)} to ${to.country}; the goods count as ${kg(weighedG)}`);
  }
  const surcharges = line.surcharges
    .filter((s) => surchargeApplies(s, date, zone.code))
    .map((s) => ({ code: s.code, kind: s.kind, amountFen: surchargeFen(s, priced.chargeableWeightG, priced.baseFen) }));
  const transit = zone.transitDays ?? line.transitDays;
  return {
    ok: true,
    serviceId: line.serviceId,
    zone: zone.code,
    actualWeightG: goods.weightG,
    volumetricWeightG: volumetricG,
    chargeableWeightG: priced.chargeableWeightG,
    rule: priced.rule,
    baseFen: priced.baseFen,
    surcharges,
    totalFen: surcharges.reduce((sum, s) => sum + s.amountFen, priced.baseFen),
    minDeliveryDays: transit.min,
    maxDeliveryDays: transit.max,
  };
}

/** Cheapest first; then fastest (max days), then by service id (numerically when both are numbers). */
export function byPrice(a: Quote, b: Quote): number {
  return a.totalFen - b.totalFen || a.maxDeliveryDays - b.maxDeliveryDays || a.serviceId.localeCompare(b.serviceId, "en", { numeric: true });
}

/**
 * The box `quantity` units of one size pack into: the unit's shape scaled by ∛quantity (its volume
 * times quantity), each side rounded up to the millimetre. The scale is taken in thousandths, the
 * smallest k with k³ ≥ quantity × 10⁹, so it is exact integer arithmetic.
 */
export function packedSize(unit: { lengthMm: number; widthMm: number; heightMm: number }, quantity: number): { lengthMm: number; widthMm: number; heightMm: number } {
  if (quantity <= 1) return { lengthMm: unit.lengthMm, widthMm: unit.widthMm, heightMm: unit.heightMm };
  const target = quantity * 1e9;
  let k = Math.round(Math.cbrt(quantity) * 1000);
  while (k * k * k < target) k++;
  while ((k - 1) ** 3 >= target) k--;
  const scale = (side: number) => divideUp(side * k, 1000);
  return { lengthMm: scale(unit.lengthMm), widthMm: scale(unit.widthMm), heightMm: scale(unit.heightMm) };
}

/** Grams as a kilogram decimal string: 1500 → "1.5", 2000 → "2", 1234 → "1.234". */
export function gramsToKg(g: number): string {
  const whole = Math.floor(g / 1000);
  const rest = g % 1000;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(3, "0").replace(/0+$/, "")}`;
}
