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
    effect: {
      taobao:
        "the seller refuses every refund request on this order 2 h after it is made (and after each modification): refundStatus 6 with a refusal reason; the buyer modifies (back to the seller) or revokes, else it closes (4) after 7 days",
      alibaba:
        "the seller refuses every refund on this order 2 h after it is made: waitbuyermodify with rejectReason; a new refund for the same lines closes it (refundclose) and goes to the seller again, else it closes after 7 days",
    },
    trigger: { taobao: "refund_refuse", alibaba: "refund_refuse" },
  },
  {
    word: "RETURN_REQUIRED",
    platforms: BOTH,
    scope: "refunds",
    effect: {
      taobao:
        "once the goods have shipped, the seller answers a request by asking for them back: refundStatus 2 with a return address and a note (a refund-only request becomes return and refund); the return must be sent within 7 days, the seller refunds 2 days after it; goods not shipped yet are refunded at once",
      alibaba:
        "once the goods have shipped, the seller answers a refund by asking for them back: waitbuyersend with sellerReceiveAddress (disputeRequest becomes returnRefund); the return must be sent within 7 days, the seller refunds 2 days after it; goods not shipped yet are refunded at once",
    },
    trigger: { taobao: "refund_ask_return", alibaba: "refund_ask_return" },
  },
  {
    word: "SELLER_SILENT",
    platforms: BOTH,
    scope: "refunds",
    effect: {
      taobao:
        "the seller never answers: 48 h after a request it counts as agreed (timeoutType SELLER_AGREE: a refund-only request is refunded, a return request waits for the goods), and a returned parcel is never confirmed: 10 days after it was sent it is refunded (SELLER_RECEIVE)",
      alibaba:
        "the seller never answers: 48 h after a refund it counts as agreed (refund → refundsuccess, returnRefund → waitbuyersend), and a returned parcel is never confirmed: 10 days after it was sent it is refunded",
    },
    trigger: { taobao: "refund_timeout", alibaba: "refund_timeout" },
  },
  {
    word: "INSPECTION_FAILED",
    platforms: BOTH,
    scope: "refunds",
    effect: {
      taobao:
        "the seller receives the returned goods 2 days after they were sent and refuses after inspection: refundStatus 6, 验货不通过 (inspection failed); the buyer modifies or revokes, else it closes after 7 days",
      alibaba: "the seller receives the returned goods 2 days after they were sent and refuses after inspection: waitbuyermodify, 验货不通过 (inspection failed), goodsReceived true",
    },
    trigger: { taobao: "return_refuse", alibaba: "return_refuse" },
  },
  {
    word: "QC_DAMAGED",
    platforms: BOTH,
    scope: "first line",
    effect: {
      taobao: "the sandbox warehouse's check fails the first line's goods: QC_ISSUE with a damage note and a photo showing the damage (the other lines pass)",
      alibaba: "the sandbox warehouse's check fails the first line's goods: QC_ISSUE with a damage note and a photo showing the damage (the other lines pass)",
    },
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
  /** From a refund request (or a modification of a refused one) to the seller's answer. */
  refundDecision: number;
  /** From the buyer's return shipment to the seller's receipt. */
  returnReceipt: number;
  /** The seller's time to answer a request; then it counts as agreed (statuses.md §4.1 SELLER_AGREE). */
  sellerAgreeTimeout: number;
  /** The buyer's time to send the goods back once asked; then the case closes (BUYER_RETURN). */
  buyerReturnTimeout: number;
  /** The seller's time to confirm a returned parcel; then it is refunded (SELLER_RECEIVE). */
  sellerReceiveTimeout: number;
  /** The buyer's time to modify (or, on 1688, re-apply) after a refusal; then the case closes (BUYER_MODIFY). */
  buyerModifyTimeout: number;
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
  sellerAgreeTimeout: 48 * 3_600_000,
  buyerReturnTimeout: 7 * 86_400_000,
  sellerReceiveTimeout: 10 * 86_400_000,
  buyerModifyTimeout: 7 * 86_400_000,
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
