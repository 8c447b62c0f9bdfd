// Sandbox scenarios, chosen by magic words (in the spirit of Stripe's test card numbers): put one or
// more of these words in the receiver's name of an order (a Taobao order's `receiver.name`, a 1688
// order's `addressParam.fullName`) and the sandbox sellers behave so. Every other order takes the
// happy path. This table is the single source: the docs page and the tests
// are generated from / checked against it.
import { parseDuration } from "../../../platform/time.ts";
import type { Platform } from "../../port.ts";

export interface Scenario {
  word: string;
  /** The platforms whose sandbox sellers honour the word (the docs table's "platforms" column). */
  platforms: readonly Platform[];
  /** What the integrator will see, per platform (one entry for each of `platforms`). */
  effect: Partial<Record<Platform, string>>;
  /** Which line it concerns. */
  scope: "order" | "first line" | "every line" | "first parcel" | "refunds";
  /** Trigger names that reproduce it on a running purchase, per platform. */
  trigger?: Partial<Record<Platform, string>>;
}

const BOTH = ["taobao", "alibaba"] as const;

export const SCENARIOS: readonly Scenario[] = [
  {
    word: "OUT_OF_STOCK",
    platforms: BOTH,
    scope: "first line",
    effect: {
      taobao: "the line fails to build: errorCode OUT_OF_STOCK (库存不足)",
      alibaba: "the line is refused at creation: status cancel, errorCode OUT_OF_STOCK (库存不足)",
    },
    trigger: { taobao: "build_fail" },
  },
  {
    word: "DELISTED",
    platforms: BOTH,
    scope: "first line",
    effect: {
      taobao: "the line fails to build: errorCode ITEM_DELISTED (商品已下架)",
      alibaba: "the line is refused at creation: status cancel, errorCode ITEM_DELISTED (商品已下架)",
    },
  },
  {
    word: "BUILD_FAIL",
    platforms: BOTH,
    scope: "first line",
    effect: { taobao: "the line fails to build: errorCode BUILD_FAILED", alibaba: "the line is refused at creation: status cancel, errorCode BUILD_FAILED" },
    trigger: { taobao: "build_fail" },
  },
  {
    word: "BUILD_FAIL_ALL",
    platforms: BOTH,
    scope: "every line",
    effect: {
      taobao: "every line fails to build, so the order closes",
      alibaba: "every line is refused at creation (BUILD_FAILED), so every purchase is created in status cancel",
    },
  },
  {
    word: "PRICE_UP",
    platforms: BOTH,
    scope: "first line",
    effect: {
      taobao: "after building, the seller raises the unit price by 10% (at least ¥1) before payment",
      alibaba: "after creation, the seller raises the unit price by 10% (at least ¥1) before payment",
    },
    trigger: { taobao: "price_change", alibaba: "price_change" },
  },
  {
    word: "PAY_REFUSED",
    platforms: BOTH,
    scope: "order",
    effect: {
      taobao: "the upstream refuses the payment; the purchase closes (UPSTREAM_PAY_FAILED)",
      alibaba: "the upstream refuses the payment; the purchase goes to cancel",
    },
  },
  {
    word: "SLOW_SHIP",
    platforms: BOTH,
    scope: "order",
    effect: { taobao: "the seller ships after 3 days instead of hours", alibaba: "the seller ships after 3 days instead of hours" },
    trigger: { taobao: "ship", alibaba: "ship" },
  },
  {
    word: "PARTIAL_SHIP",
    platforms: BOTH,
    scope: "order",
    effect: {
      taobao: "the first line ships on time, the other lines of the shop 2 days later in a second parcel",
      alibaba: "the first line ships on time, the other lines of the seller 2 days later in a second parcel; the purchase is waitbuyerreceive only once every line shipped",
    },
    trigger: { taobao: "ship", alibaba: "ship" },
  },
  {
    word: "LOST_PARCEL",
    platforms: BOTH,
    scope: "first parcel",
    effect: {
      taobao: "the parcel is lost in transit: the trace ends with FAILED and never reaches SIGN",
      alibaba: "the parcel is lost in transit: the trace ends with FAILED and never reaches SIGN",
    },
    trigger: { taobao: "lose_parcel", alibaba: "lose_parcel" },
  },
  {
    word: "REFUND_REFUSED",
    platforms: BOTH,
    scope: "refunds",
    effect: { taobao: "the seller refuses refund requests on this order", alibaba: "the seller refuses refund requests on this order" },
    trigger: { taobao: "refund_refuse", alibaba: "refund_refuse" },
  },
  {
    word: "RETURN_REQUIRED",
    platforms: BOTH,
    scope: "refunds",
    effect: {
      taobao: "the seller asks for the goods back before refunding, giving a return address",
      alibaba: "the seller asks for the goods back before refunding, giving a return address",
    },
    trigger: { taobao: "refund_ask_return", alibaba: "refund_ask_return" },
  },
  {
    word: "UPSTREAM_TIMEOUT",
    platforms: BOTH,
    scope: "order",
    effect: {
      taobao: "creating the order times out at the upstream (the API answers 50201; nothing is created)",
      alibaba: "creating the order times out at the upstream (the API answers 50201; nothing is created)",
    },
  },
  {
    word: "UPSTREAM_5XX",
    platforms: BOTH,
    scope: "order",
    effect: {
      taobao: "creating the order fails with an upstream 5xx (the API answers 50201; nothing is created)",
      alibaba: "creating the order fails with an upstream 5xx (the API answers 50201; nothing is created)",
    },
  },
];

/** The scenario table's words that a platform's sellers honour. */
export function scenarioWords(platform: Platform): string[] {
  return SCENARIOS.filter((s) => s.platforms.includes(platform)).map((s) => s.word);
}

const WORDS = new Set(SCENARIOS.map((s) => s.word));

/** The scenario words in a receiver name (case-insensitive, as whole words), for a platform's sellers when given. */
export function scenariosIn(text: string | undefined, platform?: Platform): string[] {
  if (!text) return [];
  const words = platform ? new Set(scenarioWords(platform)) : WORDS;
  const found = new Set<string>();
  for (const match of text.toUpperCase().matchAll(/[A-Z0-9_]+/g)) {
    if (words.has(match[0])) found.add(match[0]);
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
