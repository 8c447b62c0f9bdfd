// 1688 refunds (statuses.md §6; alibaba-1688.md §4): the refund status machine as a typed transition
// map, which goods statuses and dispute requests an order allows (§6.2, §6.3), how the upstream's case
// statuses read as 1688 statuses, which refunds keep a line busy, and the pure money rules: what a
// line may still ask back, and how a refund's goods amount is spread over its lines.
import type { RefundCaseStatus } from "../../../marketplace/port.ts";
import { AlibabaStatus } from "../../orders/index.ts";
import { defineTransitions } from "../../../platform/transitions.ts";

export const RefundStatus = {
  WAIT_SELLER_AGREE: "waitselleragree",
  WAIT_BUYER_MODIFY: "waitbuyermodify",
  WAIT_BUYER_SEND: "waitbuyersend",
  WAIT_SELLER_RECEIVE: "waitsellerreceive",
  SUCCESS: "refundsuccess",
  CLOSE: "refundclose",
} as const;
export type RefundStatus = (typeof RefundStatus)[keyof typeof RefundStatus];

const R = RefundStatus;
export const REFUND_STATUSES: readonly RefundStatus[] = Object.values(RefundStatus);

/** statuses.md §6.1 (from → allowed to). Creation is the insert (→ waitselleragree), not a move. */
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  // the seller agrees a refund (or times out) / agrees a return / refuses
  waitselleragree: [R.SUCCESS, R.WAIT_BUYER_SEND, R.WAIT_BUYER_MODIFY],
  // re-application for the same lines, or the buyer's time runs out
  waitbuyermodify: [R.CLOSE],
  // the buyer ships the return / the buyer's time runs out
  waitbuyersend: [R.WAIT_SELLER_RECEIVE, R.CLOSE],
  // the seller confirms receipt (or times out) / refuses after inspection
  waitsellerreceive: [R.SUCCESS, R.WAIT_BUYER_MODIFY],
  refundsuccess: [],
  refundclose: [],
};

const machine = defineTransitions("1688 refund status", REFUND_STATUSES, REFUND_TRANSITIONS);

export const canMoveRefund = (from: RefundStatus, to: RefundStatus): boolean => machine.can(from, to);

export const isRefundStatus = (value: string): value is RefundStatus => (REFUND_STATUSES as readonly string[]).includes(value);

/** Terminal: the lines may be refunded again after a close (statuses.md §6.1). */
export const isFinal = (status: string): boolean => status === R.SUCCESS || status === R.CLOSE;

/** A refund in one of these keeps its lines: no second refund may start on them (alibaba-1688.md §4.4). */
export const OPEN_STATUSES: readonly RefundStatus[] = [R.WAIT_SELLER_AGREE, R.WAIT_BUYER_SEND, R.WAIT_SELLER_RECEIVE];
/** A refused refund's lines may be applied for again; the new application closes it (statuses.md §6.1). */
export const REAPPLICABLE_STATUS = R.WAIT_BUYER_MODIFY;

export const isOpen = (status: string): boolean => (OPEN_STATUSES as readonly string[]).includes(status);

/** How the upstream's case statuses (marketplace/port.ts) read as 1688 refund statuses. */
export const CASE_STATUS: Readonly<Record<RefundCaseStatus, RefundStatus>> = {
  requested: R.WAIT_SELLER_AGREE,
  refused: R.WAIT_BUYER_MODIFY,
  waiting_return: R.WAIT_BUYER_SEND,
  return_shipped: R.WAIT_SELLER_RECEIVE,
  refunded: R.SUCCESS,
  closed: R.CLOSE,
};

// ---------------------------------------------------------------------------------------------
// What may be asked (statuses.md §5 actions, §6.2, §6.3)

export const DISPUTE_REQUESTS = ["refund", "returnRefund"] as const;
export type DisputeRequest = (typeof DISPUTE_REQUESTS)[number];

export const GOODS_STATUSES = ["refundWaitSellerSend", "refundWaitBuyerReceive", "refundBuyerReceived", "aftersaleBuyerNotReceived", "aftersaleBuyerReceived"] as const;
export type GoodsStatus = (typeof GOODS_STATUSES)[number];

export const isGoodsStatus = (value: string): value is GoodsStatus => (GOODS_STATUSES as readonly string[]).includes(value);

const S = AlibabaStatus;

/** statuses.md §6.3: the order statuses each goods status may be declared in, and the requests it allows. */
export const GOODS_STATUS_RULES: Readonly<Record<GoodsStatus, { orderStatuses: readonly AlibabaStatus[]; disputeRequests: readonly DisputeRequest[] }>> = {
  refundWaitSellerSend: { orderStatuses: [S.WAIT_SELLER_SEND], disputeRequests: ["refund"] },
  refundWaitBuyerReceive: { orderStatuses: [S.WAIT_BUYER_RECEIVE], disputeRequests: ["refund"] },
  refundBuyerReceived: { orderStatuses: [S.WAIT_BUYER_RECEIVE], disputeRequests: ["refund", "returnRefund"] },
  aftersaleBuyerNotReceived: { orderStatuses: [S.CONFIRM_GOODS, S.SUCCESS], disputeRequests: ["refund"] },
  aftersaleBuyerReceived: { orderStatuses: [S.CONFIRM_GOODS, S.SUCCESS], disputeRequests: ["refund", "returnRefund"] },
};

/** statuses.md §5 "refund (§4.4)": the order statuses a refund may be asked in. */
export const REFUNDABLE_ORDER_STATUSES: readonly AlibabaStatus[] = [S.WAIT_SELLER_SEND, S.WAIT_BUYER_RECEIVE, S.CONFIRM_GOODS, S.SUCCESS];

/** statuses.md §6.2: 1 in-sale (goods status refund…), 2 after-sale (aftersale…). */
export function disputeType(goodsStatus: GoodsStatus): 1 | 2 {
  return goodsStatus.startsWith("refund") ? 1 : 2;
}

/** Why a request (order status, goods status, dispute request) is refused, or undefined when allowed. */
export function requestConflict(orderStatus: string, goodsStatus: GoodsStatus, request: DisputeRequest): string | undefined {
  if (!(REFUNDABLE_ORDER_STATUSES as readonly string[]).includes(orderStatus)) {
    return `order status ${orderStatus} does not allow a refund (only ${REFUNDABLE_ORDER_STATUSES.join(", ")})`;
  }
  const rule = GOODS_STATUS_RULES[goodsStatus];
  if (!(rule.orderStatuses as readonly string[]).includes(orderStatus)) {
    return `goodsStatus ${goodsStatus} cannot be declared for an order in ${orderStatus} (only in ${rule.orderStatuses.join(", ")})`;
  }
  if (!rule.disputeRequests.includes(request)) {
    return `disputeRequest ${request} is not allowed with goodsStatus ${goodsStatus} (returnRefund needs received goods)`;
  }
  return undefined;
}

/**
 * The seller's refusal reason id (AlibabaRefundInfo.rejectReasonId): upstream cases carry the refusal
 * as text only, so every refusal with a reason reads as this one id ("the seller's refusal, see
 * rejectReason"); null when the seller gave none.
 */
export const SELLER_REFUSAL_REASON_ID = 30001;

// ---------------------------------------------------------------------------------------------
// Money (integer fen)

export interface LineMoney {
  id: string;
  /** The line's paid amount (amount_fen). */
  amountFen: number;
  /** Refunded so far (refunded_fen). */
  refundedFen: number;
  unitPriceFen: number;
  quantity: number;
}

/** What a line may still give back: paid minus refunded. */
export const remainingFen = (line: Pick<LineMoney, "amountFen" | "refundedFen">): number => Math.max(0, line.amountFen - line.refundedFen);

/**
 * The most a refund may ask for a line: its remaining amount, or — when `count` units are named
 * (orderEntryCountList) — unit price × count, never above the remaining amount.
 */
export function lineCapFen(line: LineMoney, count?: number): number {
  const remaining = remainingFen(line);
  return count === undefined ? remaining : Math.min(remaining, line.unitPriceFen * count);
}

/**
 * Spreads a refunded goods amount over the refund's lines, proportionally to what each may still
 * give back (largest remainder, so the shares add up to the amount exactly), never above a line's
 * remaining amount. An amount above the lines' total remaining is capped at that total.
 */
export function allocate(amountFen: number, lines: ReadonlyArray<Pick<LineMoney, "id" | "amountFen" | "refundedFen">>): Map<string, number> {
  const remaining = lines.map((l) => remainingFen(l));
  const total = remaining.reduce((s, r) => s + r, 0);
  const amount = Math.max(0, Math.min(Math.floor(amountFen), total));
  const shares = new Map<string, number>(lines.map((l) => [l.id, 0]));
  if (amount === 0 || total === 0) return shares;
  // BigInt: amount × remaining may pass 2^53 for large orders.
  const parts = lines.map((l, i) => {
    const exact = BigInt(amount) * BigInt(remaining[i]!);
    return { id: l.id, share: Number(exact / BigInt(total)), rest: exact % BigInt(total), cap: remaining[i]!, index: i };
  });
  let left = amount - parts.reduce((s, p) => s + p.share, 0);
  const order = [...parts].sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  while (left > 0) {
    let moved = false;
    for (const part of order) {
      if (left === 0) break;
      if (part.share < part.cap) {
        part.share += 1;
        left -= 1;
        moved = true;
      }
    }
    if (!moved) break;
  }
  for (const part of parts) shares.set(part.id, part.share);
  return shares;
}

/** The description's bounds (alibaba-1688.md §4.4). */
export const DESCRIPTION_MIN = 2;
export const DESCRIPTION_MAX = 150;
/** Vouchers a refund or a return may carry. */
export const MAX_VOUCHERS = 10;
/** A return's tracking number (alibaba-1688.md §4.5). */
export const FREIGHT_BILL_MIN = 4;
export const FREIGHT_BILL_MAX = 40;

/** The 1688 refund callback (alibaba-1688.md §5.3; statuses.md §10). */
export const ALIBABA_REFUND_MESSAGE = "1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND";
