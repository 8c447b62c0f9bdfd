// The Taobao reverse order (statuses.md §3, §4; taobao.md §4): its status machine, the sub-order's
// mirror of it, who is awaited in each status, which (line status, goods status, refund type)
// combinations a buyer may ask for, the largest amount one may ask, and how an upstream case's words
// become the platform's numbers. Pure: no database, unit-tested in model.test.ts.
import type { RefundCaseStatus } from "../../../marketplace/port.ts";
import { defineTransitions } from "../../../platform/transitions.ts";

export const RefundStatus = {
  /** Buyer applied, waiting for the seller to agree. */
  REQUESTED: 1,
  /** Seller agreed, waiting for the buyer to send the goods back. */
  WAITING_RETURN: 2,
  /** Goods sent back, waiting for the seller to confirm receipt. */
  RETURN_SHIPPED: 3,
  CLOSED: 4,
  REFUNDED: 5,
  /** Seller refused; the buyer may modify or revoke. */
  REFUSED: 6,
} as const;
export type RefundStatus = (typeof RefundStatus)[keyof typeof RefundStatus];
export const REFUND_STATUSES: readonly RefundStatus[] = Object.values(RefundStatus);

/**
 * statuses.md §4.1 (from → allowed to). 1 → 1 is the buyer's modification; 6 → 1 the modification
 * after a refusal; 1 → 5 a refund-only agreed (or the seller's timeout); 3 → 6 a refusal after the
 * returned goods were inspected.
 */
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  1: [1, 2, 5, 6, 4],
  2: [3, 4],
  3: [5, 6],
  4: [],
  5: [],
  6: [1, 4],
};

const refundMachine = defineTransitions<RefundStatus>("Taobao reverse order status", REFUND_STATUSES, REFUND_TRANSITIONS);

export function canMoveRefund(from: RefundStatus, to: RefundStatus): boolean {
  return refundMachine.can(from, to);
}

/**
 * The moves leading from `from` to `to` (shortest, excluding `from`), or undefined when there is none:
 * a case first seen further along than requested (opened by the reconciliation after the seller
 * already acted) is walked there one allowed step at a time.
 */
export function refundPath(from: RefundStatus, to: RefundStatus): RefundStatus[] | undefined {
  if (from === to) return [];
  const previous = new Map<RefundStatus, RefundStatus>();
  const queue: RefundStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of refundMachine.targets(at)) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, at);
      if (next === to) {
        const path: RefundStatus[] = [to];
        for (let step = at; step !== from; step = previous.get(step)!) path.unshift(step);
        return path;
      }
      queue.push(next);
    }
  }
  return undefined;
}

/** Open statuses (taobao.md §4.6: messages may be added; one open case per sub-order). */
export const OPEN_STATUSES: readonly RefundStatus[] = [1, 2, 3, 6];
export const isFinal = (status: RefundStatus): boolean => status === RefundStatus.CLOSED || status === RefundStatus.REFUNDED;

/** What each buyer action is allowed in (statuses.md §4.1; taobao.md §4.4, §4.5, §4.6, §4.9). */
export const ACTION_STATUSES = {
  modify: [1, 6],
  cancel: [1, 2, 6],
  returnGoods: [2],
  message: [1, 2, 3, 6],
} as const satisfies Record<string, readonly RefundStatus[]>;
export type RefundAction = keyof typeof ACTION_STATUSES;

export function allows(action: RefundAction, status: RefundStatus): boolean {
  return (ACTION_STATUSES[action] as readonly RefundStatus[]).includes(status);
}

/** The sub-order's `refundStatus` (statuses.md §3) for each reverse-order status. */
export const LINE_REFUND_STATUS: Readonly<Record<RefundStatus, number>> = {
  1: 10,
  2: 20,
  3: 30,
  4: -20,
  5: 100,
  6: -10,
};
/** A line refunded once is refunded for good (statuses.md §3: 100 is final for the line). */
export const LINE_REFUNDED = 100;

export type TimeoutType = "SELLER_AGREE" | "BUYER_RETURN" | "SELLER_RECEIVE" | "BUYER_MODIFY" | "";

/** Whose action each status awaits (statuses.md §4.1); "" when final. */
export const TIMEOUT_TYPE: Readonly<Record<RefundStatus, TimeoutType>> = {
  1: "SELLER_AGREE",
  2: "BUYER_RETURN",
  3: "SELLER_RECEIVE",
  4: "",
  5: "",
  6: "BUYER_MODIFY",
};

/** statuses.md §4.2: 1 refund only, 3 return and refund (there is no 2). */
export const RefundType = { REFUND: 1, RETURN_REFUND: 3 } as const;
export type RefundType = (typeof RefundType)[keyof typeof RefundType];
export const REFUND_TYPES: readonly RefundType[] = [1, 3];

/** statuses.md §4.3: the goods statuses a buyer may declare (6, 3, 5 are reserved, not accepted). */
export const GoodsStatus = { NOT_SHIPPED: 4, NOT_RECEIVED: 1, RECEIVED: 2 } as const;
export type GoodsStatus = (typeof GoodsStatus)[keyof typeof GoodsStatus];
export const GOODS_STATUSES: readonly GoodsStatus[] = [4, 1, 2];

export type RefundableLineStatus = "WAIT_SELLER_SEND_GOODS" | "WAIT_BUYER_CONFIRM_GOODS";

/** statuses.md §4.4: the goods statuses a line in each status may declare, and the refund types of each. */
const COMBINATIONS: Readonly<Record<RefundableLineStatus, ReadonlyArray<[GoodsStatus, readonly RefundType[]]>>> = {
  WAIT_SELLER_SEND_GOODS: [[4, [1]]],
  WAIT_BUYER_CONFIRM_GOODS: [
    [1, [1]],
    [2, [1, 3]],
  ],
};

export function isRefundableLineStatus(status: string): status is RefundableLineStatus {
  return status in COMBINATIONS;
}

/** The render's goodsStatusList (taobao.md §4.2): the goods statuses the line may declare, as strings. */
export function goodsStatusList(lineStatus: string): string[] {
  return isRefundableLineStatus(lineStatus) ? COMBINATIONS[lineStatus].map(([goods]) => String(goods)) : [];
}

/** statuses.md §4.4: whether a line in `lineStatus` may ask this refund type with this goods status. */
export function combinationAllowed(lineStatus: string, goodsStatus: number, refundType: number): boolean {
  if (!isRefundableLineStatus(lineStatus)) return false;
  return COMBINATIONS[lineStatus].some(([goods, types]) => goods === goodsStatus && (types as readonly number[]).includes(refundType));
}

/** After-sales on a line is possible only in these order statuses (statuses.md §1 "after-sales on a line"). */
export const REFUNDABLE_ORDER_STATUSES: readonly number[] = [10, 11];

/**
 * taobao.md §4.2: the most a reverse order may ask (and the "full refundable amount" of statuses.md
 * §2.2): the goods and the domestic shipping while the goods are not shipped (goodsStatus 4), the
 * goods only once they are.
 */
export function maxRefundFee(line: { purchaseAmountFen: number; domesticPostFeeFen: number }, goodsStatus: number): number {
  return goodsStatus === GoodsStatus.NOT_SHIPPED ? line.purchaseAmountFen + line.domesticPostFeeFen : line.purchaseAmountFen;
}
export const MIN_REFUND_FEE = 1;

export function feeTips(max: number): string {
  return `refundFee between ${MIN_REFUND_FEE} and ${max} fen`;
}

/** The platform's status for an upstream case status (port.ts RefundCaseStatus). */
export const STATUS_OF_CASE: Readonly<Record<RefundCaseStatus, RefundStatus>> = {
  requested: 1,
  waiting_return: 2,
  return_shipped: 3,
  closed: 4,
  refunded: 5,
  refused: 6,
};

export function refundTypeOfCase(type: "refund" | "return_refund"): RefundType {
  return type === "refund" ? RefundType.REFUND : RefundType.RETURN_REFUND;
}

export function caseTypeOf(refundType: RefundType): "refund" | "return_refund" {
  return refundType === RefundType.REFUND ? "refund" : "return_refund";
}

/** Whole seconds from `now` to `deadline` (never negative), as taobao.md §0.6 `remainingTime` wants them. */
export function remainingSeconds(deadline: number, now: number): number {
  return Math.max(0, Math.floor((deadline - now) / 1000));
}

/** What a refund message (and a case's pictures) may carry: taobao.md §4.6, §4.7. */
export const MAX_PICTURES = 5;
export const MAX_MESSAGE = 500;
export const MAX_DESCRIPTION = 500;

/** taobao.md §4.6/§4.7 `refundImages`: comma-separated addresses, blanks dropped; undefined when more than MAX_PICTURES. */
export function splitImages(text: string | undefined): string[] | undefined {
  if (text === undefined) return [];
  const urls = text
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  return urls.length > MAX_PICTURES ? undefined : urls;
}

export const TAOBAO_REFUND_MESSAGE = "TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND";
