// 1688 order and line state machines (statuses.md §5) as typed transition maps, and the pure rules of
// 1688 orders: amounts, the upstream time format, flows and trade types (statuses.md §6.5).
import { ALIBABA_TRADE_MODES, type AlibabaAddress } from "../../cart/index.ts";
import { defineTransitions } from "../../../platform/transitions.ts";

export const AlibabaStatus = {
  WAIT_BUYER_PAY: "waitbuyerpay",
  WAIT_SELLER_SEND: "waitsellersend",
  WAIT_BUYER_RECEIVE: "waitbuyerreceive",
  CONFIRM_GOODS: "confirm_goods",
  SUCCESS: "success",
  CANCEL: "cancel",
  TERMINATED: "terminated",
} as const;
export type AlibabaStatus = (typeof AlibabaStatus)[keyof typeof AlibabaStatus];

/** Upstream values statuses.md §5 reserves: accepted by the page filter, never emitted. */
const RESERVED_STATUSES = ["waitlogisticstakein", "waitbuyersign", "signinsuccess"] as const;
export const STATUS_FILTER_VALUES: readonly string[] = [...Object.values(AlibabaStatus), ...RESERVED_STATUSES];

const S = AlibabaStatus;

/** statuses.md §5 (from → allowed to). The self-loop is the seller's price change before payment. */
export const ORDER_TRANSITIONS: Readonly<Record<AlibabaStatus, readonly AlibabaStatus[]>> = {
  waitbuyerpay: [S.WAIT_BUYER_PAY, S.WAIT_SELLER_SEND, S.CANCEL],
  waitsellersend: [S.WAIT_BUYER_RECEIVE, S.TERMINATED],
  waitbuyerreceive: [S.CONFIRM_GOODS, S.TERMINATED],
  confirm_goods: [S.SUCCESS],
  success: [],
  cancel: [],
  terminated: [],
};

/** A line takes the order's values (statuses.md §5, DESIGNED); it may ship or be confirmed alone. */
export const LINE_TRANSITIONS: Readonly<Record<AlibabaStatus, readonly AlibabaStatus[]>> = {
  waitbuyerpay: [S.WAIT_SELLER_SEND, S.CANCEL],
  waitsellersend: [S.WAIT_BUYER_RECEIVE, S.TERMINATED],
  waitbuyerreceive: [S.CONFIRM_GOODS, S.TERMINATED],
  confirm_goods: [S.SUCCESS],
  success: [],
  cancel: [],
  terminated: [],
};

const STATES = Object.values(AlibabaStatus);
const orderMachine = defineTransitions("1688 order status", STATES, ORDER_TRANSITIONS);
const lineMachine = defineTransitions("1688 order line status", STATES, LINE_TRANSITIONS);

export const canMoveOrder = (from: AlibabaStatus, to: AlibabaStatus): boolean => orderMachine.can(from, to);
export const canMoveLine = (from: AlibabaStatus, to: AlibabaStatus): boolean => lineMachine.can(from, to);

export type CloseReason = "BUYER_NO_PAY" | "BUYER_CANCEL" | "SELLER_CLOSED" | "UPSTREAM_PAY_FAILED";

/** statuses.md §6.5: every listed flow is accepted and behaves like `general`. */
export const FLOWS = ["general", "fenxiao", "fenxiaonew", "saleproxy", "boutiquefenxiao", "boutiquepifa", "paired"] as const;
/** statuses.md §6.5: a tradeType must be one of the preview's tradeModeNameList (the cart's pricing policy offers them). */
export const TRADE_TYPES: readonly string[] = ALIBABA_TRADE_MODES.map((mode) => mode.tradeType);
export const DEFAULT_TRADE_TYPE = "assureTrade";

export const ALIBABA_STATUS_MESSAGE = "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
export const ALIBABA_PRICE_MESSAGE = "1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY";

/** The receiving address as stored on an order: the checked addressParam (alibaba-1688.md §0.2). */
export type StoredAddress = AlibabaAddress;

export type PayMode = "balance" | "cashier";

/** What the buyer owes for an order: goods + shipping + discount (the discount is ≤ 0, upstream convention). */
export function totalFen(order: { goods_fen: string; shipping_fen: string; discount_fen: string }): number {
  return Math.max(0, Number(order.goods_fen) + Number(order.shipping_fen) + Number(order.discount_fen));
}

/** Fen as the yuan number of the order detail (alibaba-1688.md §0.4): 1990 → 19.9. */
export function yuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** The upstream time form `yyyyMMddHHmmssSSS+0800` (China time), e.g. "20170913231708000+0800". */
export function upstreamTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${p(d.getUTCMilliseconds(), 3)}+0800`;
}

/** "yyyy-MM-dd HH:mm:ss" in China time (trace steps, page filters). */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

/** Parses "yyyy-MM-dd HH:mm:ss" (China time) to epoch ms; undefined when malformed or not a real date. */
export function parseChinaTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms - 8 * 3600_000;
}

/** Which of an order's lines a receipt confirmation names: all shipped ones when none is named. */
export function linesToConfirm<L extends { id: string; status: string }>(lines: readonly L[], named: readonly string[]): { lines: L[]; error?: string } {
  if (named.length === 0) {
    const shipped = lines.filter((l) => l.status === S.WAIT_BUYER_RECEIVE);
    return shipped.length > 0 ? { lines: shipped } : { lines: [], error: "no line of this order is waiting for receipt" };
  }
  const picked: L[] = [];
  for (const id of new Set(named)) {
    const line = lines.find((l) => l.id === id);
    if (!line) return { lines: [], error: `order entry ${id} is not a line of this order` };
    if (line.status !== S.WAIT_BUYER_RECEIVE) return { lines: [], error: `order entry ${id} is ${line.status}, not waitbuyerreceive` };
    picked.push(line);
  }
  return { lines: picked };
}
