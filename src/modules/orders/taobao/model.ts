// Taobao order and sub-order state machines (statuses.md §1–§2), as typed transition maps.
import { defineTransitions } from "../../../platform/transitions.ts";

export const OrderStatus = {
  WAIT_BUYER_PAY: 0,
  PAID: 1,
  FINANCE_PASSED: 2,
  FINANCE_REFUSED: 3,
  CANCELLED: 4,
  WAIT_SELLER_SEND_GOODS: 10,
  SHIPPED: 11,
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Values the page filter accepts: the seven emitted plus the reserved 5, 9, 12 that match nothing. */
export const ORDER_STATUS_FILTER_VALUES = [0, 1, 2, 3, 4, 5, 9, 10, 11, 12] as const;
export const EMITTED_ORDER_STATUSES: readonly number[] = Object.values(OrderStatus);

export type SubOrderStatus = "BULIDING" | "WAIT_BUYER_PAY" | "WAIT_SELLER_SEND_GOODS" | "WAIT_BUYER_CONFIRM_GOODS" | "TRADE_CLOSED";

export type CloseReason = "BUYER_CANCEL" | "UNPAID_TIMEOUT" | "BUILD_FAILED" | "UPSTREAM_PAY_FAILED" | "REFUNDED";

/** statuses.md §1, transitions T1–T15 (from → allowed to); the self-loops are T2/T3 and T12. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  0: [0, 1, 4], // T2/T3 line news and repricing; T4 pay; T5 cancel, unpaid timeout, nothing built
  1: [2, 3], // T6 finance confirms; T7 finance rejects
  2: [10, 4], // T10 upstream paid; T11 upstream refused
  3: [1, 4], // T8 pay again; T9 cancel or unpaid timeout
  4: [], // terminal
  10: [10, 11, 4], // T12 some lines ship; T13 every open line shipped; T14 every line refunded
  11: [4], // T15 every line refunded
};

/** statuses.md §2.2. */
export const SUB_ORDER_TRANSITIONS: Readonly<Record<SubOrderStatus, readonly SubOrderStatus[]>> = {
  BULIDING: ["WAIT_BUYER_PAY", "TRADE_CLOSED"],
  WAIT_BUYER_PAY: ["WAIT_SELLER_SEND_GOODS", "TRADE_CLOSED"],
  WAIT_SELLER_SEND_GOODS: ["WAIT_BUYER_CONFIRM_GOODS", "TRADE_CLOSED"],
  WAIT_BUYER_CONFIRM_GOODS: ["TRADE_CLOSED"],
  TRADE_CLOSED: [],
};

// Checked at load (see defineTransitions); the first state listed is where every order or line starts.
const orderMachine = defineTransitions("Taobao order status", Object.values(OrderStatus), ORDER_TRANSITIONS);
const subOrderMachine = defineTransitions<SubOrderStatus>(
  "Taobao sub-order status",
  ["BULIDING", "WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_CLOSED"],
  SUB_ORDER_TRANSITIONS,
);

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return orderMachine.can(from, to);
}

export function canMoveSubOrder(from: SubOrderStatus, to: SubOrderStatus): boolean {
  return subOrderMachine.can(from, to);
}

/** Unpaid orders close this long after creation (statuses.md §1 T5; DESIGNED default 24 h). */
export const DEFAULT_UNPAID_TIMEOUT_MS = 24 * 3600 * 1000;

export const TAOBAO_STATUS_MESSAGE = "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
export const TAOBAO_PRICE_MESSAGE = "TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY";

/** The China-side receiving address given at creation (taobao.md §0.5), already validated. */
export interface ReceiverInput {
  name: string;
  phone?: string | null;
  mobilePhone?: string | null;
  country?: string | null;
  state: string;
  city: string;
  district?: string | null;
  address: string;
  zip?: string | null;
  taxId?: string | null;
}

/** One line as the upstream created it (the marketplace port supplies the purchase ids). */
export interface PlacedLine {
  orderLineNo?: string | null;
  quantity: number;
  title: string;
  requestedUnitPrice?: number | null;
  itemMapId: string;
  mpId?: string | null;
  mpSkuId?: string | null;
  skuId: string;
  skuImageUrl?: string | null;
  /** JSON text mapping property name to value, zh and en (kept as text: its key order is shown). */
  skuPropsZh?: string | null;
  skuPropsEn?: string | null;
  sellerNick?: string | null;
  shopId?: string | null;
  taobaoPurchaseId: string;
  taobaoSubPurchaseId: string;
}

export interface PlaceOrderInput {
  owner: { developerId: string; userId: string; userName: string };
  sellerOrderNumber?: string | null;
  orderSource?: string | null;
  remark?: string | null;
  receiver: ReceiverInput;
  lines: PlacedLine[];
}
