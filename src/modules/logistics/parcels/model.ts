// International logistics orders ("parcels"; statuses.md §8.2 extended with packing, weighing, a
// supplementary charge and the carrier's trace): the named states and their transition map, and the
// pure rules the use cases apply — what a packing costs against what was paid, what a cancel gives
// back, how the packages' traces read as the order's status, and the international waybill number.
import { defineTransitions } from "../../../platform/transitions.ts";

export const ParcelStatus = {
  BOOKED: "BOOKED",
  DOMESTIC_DECLARED: "DOMESTIC_DECLARED",
  IN_WAREHOUSE: "IN_WAREHOUSE",
  PACKED: "PACKED",
  AWAITING_PAYMENT: "AWAITING_PAYMENT",
  SHIPPED: "SHIPPED",
  IN_TRANSIT: "IN_TRANSIT",
  DELIVERED: "DELIVERED",
  EXCEPTION: "EXCEPTION",
  CANCELLED: "CANCELLED",
} as const;
export type ParcelStatus = (typeof ParcelStatus)[keyof typeof ParcelStatus];

const P = ParcelStatus;
export const PARCEL_STATUSES: readonly ParcelStatus[] = Object.values(ParcelStatus);

/**
 * statuses.md §8.2 (from → allowed to), extended: packing and weighing (IN_WAREHOUSE → PACKED, or
 * AWAITING_PAYMENT while a supplementary charge waits for balance), the carrier's trace (SHIPPED →
 * IN_TRANSIT → DELIVERED, EXCEPTION for a customs hold or a loss, left again when the trace moves
 * on). A declaration (§2.3) is accepted until SHIPPED: it may add a parcel not yet stored (back to
 * DOMESTIC_DECLARED) and, once packed, unpacks the order (the goods go back on the shelf). Booking is
 * the insert (→ BOOKED), not a move.
 */
export const PARCEL_TRANSITIONS: Readonly<Record<ParcelStatus, readonly ParcelStatus[]>> = {
  BOOKED: [P.DOMESTIC_DECLARED, P.CANCELLED],
  // a declaration again (lists replaced) / every parcel stored / operator
  DOMESTIC_DECLARED: [P.DOMESTIC_DECLARED, P.IN_WAREHOUSE, P.CANCELLED],
  // a declaration again (all stored, or a parcel not yet) / packed and paid / packed, short of balance / operator
  IN_WAREHOUSE: [P.IN_WAREHOUSE, P.DOMESTIC_DECLARED, P.PACKED, P.AWAITING_PAYMENT, P.CANCELLED],
  // handed to the carrier / a declaration that changes the goods unpacks it
  PACKED: [P.SHIPPED, P.IN_WAREHOUSE, P.DOMESTIC_DECLARED],
  // the supplementary charge is debited / unpacked by a declaration / operator (nothing was charged for the packing)
  AWAITING_PAYMENT: [P.PACKED, P.IN_WAREHOUSE, P.DOMESTIC_DECLARED, P.CANCELLED],
  // the carrier's trace
  SHIPPED: [P.IN_TRANSIT, P.EXCEPTION, P.DELIVERED],
  IN_TRANSIT: [P.EXCEPTION, P.DELIVERED],
  // a hold released, or delivered after all; a lost parcel stays here
  EXCEPTION: [P.IN_TRANSIT, P.DELIVERED],
  DELIVERED: [],
  CANCELLED: [],
};

const machine = defineTransitions("international logistics order status", PARCEL_STATUSES, PARCEL_TRANSITIONS);

export const canMoveParcel = (from: ParcelStatus, to: ParcelStatus): boolean => machine.can(from, to);

export const isParcelStatus = (value: string): value is ParcelStatus => (PARCEL_STATUSES as readonly string[]).includes(value);

/** §2.3: domestic parcels may be declared until the order is handed to the carrier. */
export const DECLARABLE: readonly ParcelStatus[] = [P.BOOKED, P.DOMESTIC_DECLARED, P.IN_WAREHOUSE, P.PACKED, P.AWAITING_PAYMENT];
export const isDeclarable = (status: string): boolean => (DECLARABLE as readonly string[]).includes(status);

/** The states a cancel is allowed from (the goods have not left; freight is credited back). */
export const CANCELLABLE: readonly ParcelStatus[] = [P.BOOKED, P.DOMESTIC_DECLARED, P.IN_WAREHOUSE, P.AWAITING_PAYMENT];
export const isCancellable = (status: string): boolean => (CANCELLABLE as readonly string[]).includes(status);

/** States the carrier's trace moves the order between. */
export const TRACKED: readonly ParcelStatus[] = [P.SHIPPED, P.IN_TRANSIT, P.EXCEPTION, P.DELIVERED];
export const isTracked = (status: string): boolean => (TRACKED as readonly string[]).includes(status);

// ---------------------------------------------------------------------------------------------
// Money (integer fen)

/** What the developer has paid for an order's freight so far: the booking plus supplementary charges, less refunds. */
export function paidFen(order: { bookedFen: number; supplementFen: number; refundedFen: number }): number {
  return order.bookedFen + order.supplementFen - order.refundedFen;
}

/**
 * The supplementary charge a packing calls for: the actual freight of the packages less what was
 * paid, never negative. A packing that costs less than was paid gives nothing back: the booking's
 * price is the quote the developer accepted, and a later repacking may weigh more again.
 */
export function supplementFen(actualFen: number, alreadyPaidFen: number): number {
  return Math.max(0, actualFen - alreadyPaidFen);
}

/** A cancel credits back everything paid for the order's freight (booking and supplements). */
export const cancelRefundFen = (order: { bookedFen: number; supplementFen: number; refundedFen: number }): number => Math.max(0, paidFen(order));

/** The wallet references of an order's money moves (one each, so a retry never moves money twice). */
export const references = {
  freight: (parcelId: string) => `parcel-freight:${parcelId}`,
  supplement: (parcelId: string, round: number) => `parcel-supplement:${parcelId}:${round}`,
  refund: (parcelId: string) => `parcel-refund:${parcelId}`,
};

// ---------------------------------------------------------------------------------------------
// The carrier's trace (research A.6: one vocabulary, the carrier's own code and text kept)

export const TRACKING_STATUSES = ["InfoReceived", "InTransit", "OutForDelivery", "AttemptFail", "Delivered", "Exception", "Expired"] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/**
 * The order's status its packages' latest tracking statuses call for: every package delivered →
 * DELIVERED; any in trouble (Exception, Expired) → EXCEPTION; any moving (or delivered) → IN_TRANSIT;
 * otherwise SHIPPED (handed over, nothing scanned yet). A package without events counts as just
 * handed over.
 */
export function statusFromTracking(latest: ReadonlyArray<TrackingStatus | null>): ParcelStatus {
  if (latest.length > 0 && latest.every((s) => s === "Delivered")) return P.DELIVERED;
  if (latest.some((s) => s === "Exception" || s === "Expired")) return P.EXCEPTION;
  if (latest.some((s) => s === "InTransit" || s === "OutForDelivery" || s === "AttemptFail" || s === "Delivered")) return P.IN_TRANSIT;
  return P.SHIPPED;
}

// ---------------------------------------------------------------------------------------------
// International waybill numbers (the lines' logisticNumer, e.g. FARJP2408000013YQ)

const LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/**
 * "FAR" + destination country + yyMM (UTC+8) + a sequence of at least 6 digits + two check letters
 * computed from the rest, so a mistyped number is told apart from another order's. Unique because
 * the sequence is.
 */
export function waybillNumber(country: string, atMs: number, sequence: bigint | number): string {
  const d = new Date(atMs + 8 * 3600 * 1000);
  const yymm = `${String(d.getUTCFullYear() % 100).padStart(2, "0")}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  const body = `FAR${country.toUpperCase()}${yymm}${String(sequence).padStart(6, "0")}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum = (sum * 31 + body.charCodeAt(i)) % (LETTERS.length * LETTERS.length);
  return `${body}${LETTERS[Math.floor(sum / LETTERS.length)]}${LETTERS[sum % LETTERS.length]}`;
}

export const WAYBILL_PATTERN = /^FAR[A-Z]{2}\d{4}\d{6,}[A-Z]{2}$/;

/** Whether a waybill number's check letters are right. */
export function isWaybillNumber(text: string): boolean {
  const m = /^FAR([A-Z]{2})(\d{2})(\d{2})(\d{6,})[A-Z]{2}$/.exec(text);
  if (!m) return false;
  const month = Number(m[3]);
  if (month < 1 || month > 12) return false;
  const at = Date.UTC(2000 + Number(m[2]), month - 1, 15) - 8 * 3600 * 1000;
  return waybillNumber(m[1]!, at, BigInt(m[4]!)) === text;
}

// ---------------------------------------------------------------------------------------------
// Limits of the wire (foundation-warehouse.md §2.0.1, §2.4)

export const MAX_LINES = 50;
/** Units of one line: far beyond any parcel, and within what the weights' columns hold. */
export const MAX_QUANTITY = 9_999;
export const REMARK_MAX = 500;
export const MAX_DOMESTIC_PER_LINE = 50;
/** A domestic tracking number: what carriers print (letters, digits, dashes), 4 to 40 characters. */
export const DOMESTIC_TRACKING = /^[A-Za-z0-9][A-Za-z0-9-]{3,39}$/;
/** The default packaging the sandbox warehouse adds to the goods' weight, grams. */
export const SANDBOX_PACKAGING_G = 150;

/** A service's share of an order: the lines it carries and what was paid for them at booking. */
export interface ServiceShare {
  serviceId: string;
  bookedFen: number;
  weightG: number;
  chargeableWeightG: number;
}

/**
 * The order's services and each one's share of its lines, in the order the lines first name them. A
 * service's goods pack into at least one package (several when the service cannot take them as one).
 */
export function packagesOf(lines: ReadonlyArray<{ serviceId: string; freightFen: number; weightG: number; chargeableWeightG: number }>): ServiceShare[] {
  const shares = new Map<string, ServiceShare>();
  for (const line of lines) {
    const share = shares.get(line.serviceId) ?? { serviceId: line.serviceId, bookedFen: 0, weightG: 0, chargeableWeightG: 0 };
    share.bookedFen += line.freightFen;
    share.weightG += line.weightG;
    share.chargeableWeightG += line.chargeableWeightG;
    shares.set(line.serviceId, share);
  }
  return [...shares.values()];
}

/** The event of the opt-in callback family (off by default: PandaPon receivers see nothing new). */
export const PARCEL_STATUS_MESSAGE = "PARCEL_STATUS_MODIFY";
