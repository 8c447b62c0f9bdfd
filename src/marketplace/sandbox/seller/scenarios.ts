// Sandbox scenarios, chosen by magic words (in the spirit of Stripe's test card numbers): put one or
// more of these words in the receiver's `name` of an order and the sandbox sellers behave so. Every
// other order takes the happy path. This table is the single source: the docs page and the tests
// are generated from / checked against it.
import { parseDuration } from "../../../platform/time.ts";

export interface Scenario {
  word: string;
  /** What the integrator will see. */
  effect: string;
  /** Which line it concerns. */
  scope: "order" | "first line" | "every line" | "first parcel" | "refunds";
  /** Trigger names that reproduce it on a running order. */
  trigger?: string;
}

export const SCENARIOS: readonly Scenario[] = [
  { word: "OUT_OF_STOCK", scope: "first line", effect: "the line fails to build: errorCode OUT_OF_STOCK (库存不足)", trigger: "build_fail" },
  { word: "DELISTED", scope: "first line", effect: "the line fails to build: errorCode ITEM_DELISTED (商品已下架)" },
  { word: "BUILD_FAIL", scope: "first line", effect: "the line fails to build: errorCode BUILD_FAILED", trigger: "build_fail" },
  { word: "BUILD_FAIL_ALL", scope: "every line", effect: "every line fails to build, so the order closes" },
  { word: "PRICE_UP", scope: "first line", effect: "after building, the seller raises the unit price by 10% (at least ¥1) before payment", trigger: "price_change" },
  { word: "PAY_REFUSED", scope: "order", effect: "the upstream refuses the payment; the purchase closes (UPSTREAM_PAY_FAILED)" },
  { word: "SLOW_SHIP", scope: "order", effect: "the seller ships after 3 days instead of hours" },
  { word: "PARTIAL_SHIP", scope: "order", effect: "the first line ships on time, the other lines of the shop 2 days later in a second parcel" },
  { word: "LOST_PARCEL", scope: "first parcel", effect: "the parcel is lost in transit: the trace ends with FAILED and never reaches SIGN", trigger: "lose_parcel" },
  { word: "REFUND_REFUSED", scope: "refunds", effect: "the seller refuses refund requests on this order", trigger: "refund_refuse" },
  { word: "RETURN_REQUIRED", scope: "refunds", effect: "the seller asks for the goods back before refunding, giving a return address", trigger: "refund_ask_return" },
  { word: "UPSTREAM_TIMEOUT", scope: "order", effect: "creating the order times out at the upstream (the API answers 50201; nothing is created)" },
  { word: "UPSTREAM_5XX", scope: "order", effect: "creating the order fails with an upstream 5xx (the API answers 50201; nothing is created)" },
];

const WORDS = new Set(SCENARIOS.map((s) => s.word));

/** The scenario words in a receiver name (case-insensitive, as whole words). */
export function scenariosIn(text: string | undefined): string[] {
  if (!text) return [];
  const found = new Set<string>();
  for (const match of text.toUpperCase().matchAll(/[A-Z0-9_]+/g)) {
    if (WORDS.has(match[0])) found.add(match[0]);
  }
  return [...found].sort();
}

/** How long sellers and carriers take, in sandbox milliseconds. */
export interface SellerTimings {
  /** Creating (building) a Taobao line; later lines of a purchase follow 20 s apart. */
  build: number;
  /** From build to a seller's price change (PRICE_UP). */
  priceChange: number;
  /** From payment to shipment. */
  ship: number;
  /** From payment to shipment, SLOW_SHIP. */
  slowShip: number;
  /** Between the two parcels of PARTIAL_SHIP. */
  partialGap: number;
  /** From shipment to the warehouse signing for the parcel. */
  transit: number;
  /** From a refund request to the seller's answer. */
  refundDecision: number;
  /** From the buyer's return shipment to the seller's receipt. */
  returnReceipt: number;
  /** 1688: automatic receipt confirmation after the last shipment. */
  autoConfirm: number;
  /** How long UPSTREAM_TIMEOUT makes the caller wait (real time) before failing. */
  upstreamTimeout: number;
}

export const DEFAULT_TIMINGS: SellerTimings = {
  build: 2 * 60_000,
  priceChange: 10 * 60_000,
  ship: 6 * 3_600_000,
  slowShip: 3 * 86_400_000,
  partialGap: 2 * 86_400_000,
  transit: 36 * 3_600_000,
  refundDecision: 2 * 3_600_000,
  returnReceipt: 2 * 86_400_000,
  autoConfirm: 10 * 86_400_000,
  upstreamTimeout: 2000,
};

/** "build=5m,ship=2h,transit=1d" (SANDBOX_TIMINGS) over the defaults. */
export function parseTimings(text: string | undefined): SellerTimings {
  const timings = { ...DEFAULT_TIMINGS };
  if (!text) return timings;
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.split("=").map((p) => p.trim());
    if (!key || !value || !(key in timings)) {
      throw new Error(`SANDBOX_TIMINGS: "${part}" is not one of ${Object.keys(DEFAULT_TIMINGS).join(", ")} = duration`);
    }
    timings[key as keyof SellerTimings] = parseDuration(value);
  }
  return timings;
}
