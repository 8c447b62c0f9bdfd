// Shipping lines and their rate tables (foundation-warehouse.md §2.0 "Services"; research A.5, A.8;
// the shape of Karrio's rate sheets: zones, weight bands, surcharges, a volumetric factor), and the
// freight render's states (statuses.md §8.1). Integer units throughout: grams, millimetres, fen, and
// basis points for percentages (1250 = 12.5 %).
import { defineTransitions } from "../../../platform/transitions.ts";

export const SERVICE_CATEGORIES = ["EXPRESS", "STANDARD", "ECONOMY"] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** Goods attributes a line may accept (research A.4: sensitive goods need dedicated lines). */
export const GOODS_ATTRIBUTES = ["battery", "liquid", "powder", "brand"] as const;
export type GoodsAttribute = (typeof GOODS_ATTRIBUTES)[number];

/** Volumetric divisors in cm³ per kg (research A.5): 5000 commercial express, 6000 IATA air, 8000 EMS. */
export const VOLUMETRIC_DIVISORS = [5000, 6000, 8000] as const;
export type VolumetricDivisor = (typeof VOLUMETRIC_DIVISORS)[number];

/**
 * How volumetric weight counts (research A.5): `full` bills max(actual, volumetric); `half` bills
 * actual + half the excess of volumetric over actual; `free` bills actual while the excess stays
 * within `freeThrowLimitG`, and full throw beyond it.
 */
export const THROW_MODES = ["full", "half", "free"] as const;
export type ThrowMode = (typeof THROW_MODES)[number];

export const SURCHARGE_KINDS = ["fixed", "perKg", "percent"] as const;
export type SurchargeKind = (typeof SURCHARGE_KINDS)[number];

/** The surcharge code the monthly fuel update (admin, CLI) maintains. */
export const FUEL = "FUEL";

export interface TransitDays {
  min: number;
  max: number;
}

/** First weight and continued steps: firstFeeFen up to firstWeightG, then stepFeeFen per started stepWeightG. */
export interface StepRate {
  kind: "steps";
  firstWeightG: number;
  firstFeeFen: number;
  stepWeightG: number;
  stepFeeFen: number;
}

/** One weight band: fromG < chargeable ≤ toG; either a price per kg or one flat price. */
export interface WeightBand {
  fromG: number;
  toG: number;
  perKgFen?: number;
  flatFen?: number;
}

/** Weight bands, contiguous from 0 (each starts where the previous ends); the chargeable weight is first rounded up to roundToG. */
export interface BandRate {
  kind: "bands";
  roundToG: number;
  bands: WeightBand[];
}

export type Rate = StepRate | BandRate;

/**
 * Destinations priced alike: countries, optionally only the postcodes starting with one of the
 * prefixes (e.g. a remote-area zone). For a destination the zone with the longest matching prefix
 * wins; a zone without prefixes matches the whole country.
 */
export interface Zone {
  code: string;
  countries: string[];
  postcodePrefixes: string[];
  rate: Rate;
  /** Overrides the line's transit days for this zone. */
  transitDays?: TransitDays;
}

/**
 * An amount added to the base freight: `fixed` fen per parcel, `perKg` fen per kg of chargeable
 * weight, `percent` basis points of the base freight (a fuel surcharge is one). Valid on the dates
 * from validFrom to validTo inclusive (China dates, yyyy-MM-dd; null = open), in the listed zones
 * (empty = all). `minFen` is the least a perKg or percent surcharge charges.
 */
export interface Surcharge {
  code: string;
  kind: SurchargeKind;
  amount: number;
  minFen: number;
  validFrom: string | null;
  validTo: string | null;
  zones: string[];
}

/** A shipping line (a `serviceId` on the wire) with its limits, zones, rates and surcharges. */
export interface ShippingLine {
  serviceId: string;
  companyName: string;
  serviceCategory: ServiceCategory;
  active: boolean;
  /** cm³ per kg; null = volumetric weight is not charged. */
  volumetricDivisor: VolumetricDivisor | null;
  throwMode: ThrowMode;
  /** `free` throw: the volumetric excess over actual weight billed as nothing, grams. */
  freeThrowLimitG: number;
  minChargeableWeightG: number;
  /** The heaviest parcel (actual weight) the line takes. */
  maxWeightG: number;
  /** Longest side; null = no limit. */
  maxSideMm: number | null;
  /** Length + 2 × (width + height), length being the longest side; null = no limit. */
  maxGirthMm: number | null;
  acceptedAttributes: GoodsAttribute[];
  transitDays: TransitDays;
  zones: Zone[];
  surcharges: Surcharge[];
}

/** A surcharge in every zone, always valid, without a minimum unless `extra` says otherwise. */
export const surcharge = (code: string, kind: SurchargeKind, amount: number, extra: Partial<Surcharge> = {}): Surcharge => ({
  code,
  kind,
  amount,
  minFen: 0,
  validFrom: null,
  validTo: null,
  zones: [],
  ...extra,
});

export interface StoredLine extends ShippingLine {
  /** Increases by one with every write. */
  revision: number;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------
// Freight renders (statuses.md §8.1).

export const RenderStatus = { VALID: "VALID", USED: "USED", EXPIRED: "EXPIRED" } as const;
export type RenderStatus = (typeof RenderStatus)[keyof typeof RenderStatus];

const RENDER_STATUSES: readonly RenderStatus[] = ["VALID", "USED", "EXPIRED"];

/** statuses.md §8.1: a render is booked once (USED) or runs out (EXPIRED, 30 minutes after creation). */
const renderMachine = defineTransitions<RenderStatus>("freight render", RENDER_STATUSES, {
  VALID: ["USED", "EXPIRED"],
  USED: [],
  EXPIRED: [],
});

export const canMoveRender = (from: RenderStatus, to: RenderStatus): boolean => renderMachine.can(from, to);

/** A render lives this long (foundation-warehouse.md §2.2 expireTime). */
export const RENDER_TTL_MS = 30 * 60_000;

/**
 * The render's state at `nowMs`: EXPIRED is read from the clock (the developer's, so a sandbox test
 * clock moved past expireTime expires it) rather than written by a sweeper; only USED is stored.
 */
export function renderStateAt(stored: RenderStatus, expireAtMs: number, nowMs: number): RenderStatus {
  if (stored === "VALID" && nowMs >= expireAtMs && canMoveRender("VALID", "EXPIRED")) return "EXPIRED";
  return stored;
}

/** "FF" + yyyyMMdd (UTC+8) + the day's sequence, at least 5 digits (foundation-warehouse.md §2.2). */
export const RENDER_ID = /^FF\d{8}\d{5,}$/;

// ---------------------------------------------------------------------------------------------------
// The monthly fuel percentage.

/** The China date before a yyyy-MM-dd date. */
export function dayBefore(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The surcharges with a new fuel percentage from `from` on, open-ended: fuel periods starting on or
 * after `from` are superseded (dropped), the one in force on `from` ends the day before, the others
 * (already ended) stay as the record of past months.
 */
export function withFuelFrom(surcharges: readonly Surcharge[], percentBp: number, from: string): Surcharge[] {
  const kept: Surcharge[] = [];
  for (const s of surcharges) {
    if (s.code !== FUEL) kept.push(s);
    else if (s.validFrom !== null && s.validFrom >= from) continue;
    else if (s.validTo === null || s.validTo >= from) kept.push({ ...s, validTo: dayBefore(from) });
    else kept.push(s);
  }
  kept.push({ code: FUEL, kind: "percent", amount: percentBp, minFen: 0, validFrom: from, validTo: null, zones: [] });
  return kept;
}
