// The sandbox warehouse's international side, on the developer's test clock: once a logistics order's
// goods are all on the shelf it is packed (the goods' measured weights plus packaging), handed to the
// carrier a few hours later, and the carrier's trace moves on over days to Delivered. Magic words in
// the consignee's name (receiverAddress.name) rehearse what goes wrong; they are listed here, the
// single source of the "International parcels" section of docs/sandbox-scenarios.md.
import { SANDBOX_PACKAGING_G, type TrackingStatus } from "./model.ts";

export interface ParcelScenario {
  word: string;
  effect: string;
}

export const PARCEL_SCENARIOS: readonly ParcelScenario[] = [
  {
    word: "OVERWEIGHT",
    effect:
      "the parcel is packed heavier than estimated (twice the booked weight plus 500 g, or a smaller excess when the line's weight limit refuses that): the actual freight exceeds what was paid and the difference is debited as a supplementary charge (AWAITING_PAYMENT while the balance cannot cover it)",
  },
  { word: "CUSTOMS_HOLD", effect: "a day after shipping the parcel is held at customs (Exception) for 2 days, then released and delivered 2 days later than usual" },
  { word: "PARCEL_LOST", effect: "the trace stops in transit: 3 days after shipping the carrier reports the parcel lost (Exception) and it is never delivered" },
];

/** The words a consignee's name carries (case ignored). */
export function scenarioWords(name: string | null | undefined): Set<string> {
  const text = (name ?? "").toUpperCase();
  return new Set(PARCEL_SCENARIOS.map((s) => s.word).filter((word) => new RegExp(`(^|[^A-Z0-9_])${word}($|[^A-Z0-9_])`).test(text)));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Sandbox timings of the international side (developer time). */
export const SANDBOX_PARCEL_TIMINGS = {
  /** From the goods all stored to packed. */
  pack: 2 * HOUR,
  /** From packed (and paid) to handed to the carrier. */
  ship: 4 * HOUR,
};

/** A box of `weightG` packed densely (400 kg/m³), so its volumetric weight stays below the actual one on every usual divisor. */
function box(weightG: number): { weightG: number; lengthMm: number; widthMm: number; heightMm: number } {
  // volume in mm³ at 400 kg/m³ = 0.4 g/cm³ → cm³ = g / 0.4
  const side = Math.cbrt((weightG / 0.4) * 1000);
  return { weightG, lengthMm: Math.max(100, Math.ceil(side * 1.4)), widthMm: Math.max(80, Math.ceil(side)), heightMm: Math.max(50, Math.ceil(side / 1.4)) };
}

/**
 * The package the sandbox warehouse packs for a service's goods: their measured weight (the booked
 * goods weight where the warehouse has none) plus packaging, never heavier than the booking's
 * chargeable weight on the happy path (so its price stays within the quote); OVERWEIGHT packs twice
 * the chargeable weight plus 500 g.
 */
export function sandboxMeasure(share: { weightG: number; chargeableWeightG: number; measuredG: number | null }, overweight: boolean): { weightG: number; lengthMm: number; widthMm: number; heightMm: number } {
  return sandboxMeasures(share, overweight)[0]!;
}

/**
 * The packings the sandbox warehouse tries, heaviest first: OVERWEIGHT falls back to lighter excesses
 * (half again plus 250 g, then 100 g over) when the service cannot take the heavier ones (its weight
 * limit), so the scenario still ends in a supplementary charge.
 */
export function sandboxMeasures(share: { weightG: number; chargeableWeightG: number; measuredG: number | null }, overweight: boolean): Array<{ weightG: number; lengthMm: number; widthMm: number; heightMm: number }> {
  const estimated = Math.max(1, share.chargeableWeightG, share.weightG);
  if (overweight) return [estimated * 2 + 500, Math.ceil(estimated * 1.5) + 250, estimated + 100].map(box);
  const goods = share.measuredG !== null && share.measuredG > 0 ? share.measuredG : share.weightG;
  return [box(Math.max(1, Math.min(goods + SANDBOX_PACKAGING_G, estimated)))];
}

/** The most packages the sandbox warehouse splits one service's goods into. */
export const SANDBOX_MAX_SPLIT = 20;

/**
 * One of `count` equal packages a packing of `packing.weightG` is split into: the weight divided
 * (rounded up), boxed at the same density, so each side shrinks by about ∛count.
 */
export function sandboxSplit(packing: { weightG: number }, count: number): { weightG: number; lengthMm: number; widthMm: number; heightMm: number } {
  return box(Math.max(1, Math.ceil(packing.weightG / count)));
}

export interface TraceStep {
  /** After the hand-over to the carrier, ms. */
  afterMs: number;
  status: TrackingStatus;
  /** The carrier's own code. */
  carrierStatus: string;
  text: string;
  location: string;
}

/** The sandbox carrier's trace after the hand-over, by the scenario words. */
export function tracePlan(words: ReadonlySet<string>, destination: string): TraceStep[] {
  const steps: TraceStep[] = [
    { afterMs: 3 * HOUR, status: "InTransit", carrierStatus: "departed", text: "Departed the origin facility", location: "Shenzhen, CN" },
    { afterMs: 20 * HOUR, status: "InTransit", carrierStatus: "in_transit", text: "Departed on flight to the destination country", location: "Hong Kong, HK" },
  ];
  if (words.has("PARCEL_LOST")) {
    steps.push({ afterMs: 3 * DAY, status: "Exception", carrierStatus: "lost", text: "Parcel lost in transit; a claim can be made", location: "Hong Kong, HK" });
    return steps;
  }
  let delay = 0;
  steps.push({ afterMs: DAY, status: "InTransit", carrierStatus: "arrived", text: "Arrived in the destination country", location: destination });
  if (words.has("CUSTOMS_HOLD")) {
    steps.push({ afterMs: DAY + 2 * HOUR, status: "Exception", carrierStatus: "customs_hold", text: "Held by customs: awaiting clearance", location: destination });
    delay = 2 * DAY;
    steps.push({ afterMs: DAY + 2 * HOUR + delay, status: "InTransit", carrierStatus: "customs_clearance", text: "Released by customs", location: destination });
  } else {
    steps.push({ afterMs: DAY + 6 * HOUR, status: "InTransit", carrierStatus: "customs_clearance", text: "Cleared customs", location: destination });
  }
  steps.push(
    { afterMs: 3 * DAY + delay, status: "OutForDelivery", carrierStatus: "out_for_delivery", text: "Out for delivery", location: destination },
    { afterMs: 3 * DAY + 8 * HOUR + delay, status: "Delivered", carrierStatus: "delivered", text: "Delivered to the consignee", location: destination },
  );
  return steps;
}

/** The sandbox carrier's tracking number of an order's package (deterministic: the order's id and the package's place). */
export function sandboxTrackingNumber(parcelId: string, position: number): string {
  return `SBX${parcelId.slice(-10)}${position + 1}CN`;
}
