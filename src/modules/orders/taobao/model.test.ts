// The Taobao order and sub-order state machines against statuses.md §1 (T1–T15) and §2.2.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canMoveOrder, canMoveSubOrder, OrderStatus, type SubOrderStatus } from "./model.ts";

const { WAIT_BUYER_PAY, PAID, FINANCE_PASSED, FINANCE_REFUSED, CANCELLED, WAIT_SELLER_SEND_GOODS, SHIPPED } = OrderStatus;
const ORDER_STATUSES = Object.values(OrderStatus);
const SUB_ORDER_STATUSES: readonly SubOrderStatus[] = ["BULIDING", "WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_CLOSED"];

/** statuses.md §1: every allowed order move, by its row (T1 is the insert: no move). */
const ALLOWED_ORDER_MOVES: Array<[string, OrderStatus, OrderStatus]> = [
  ["T2 a line is built or fails", WAIT_BUYER_PAY, WAIT_BUYER_PAY],
  ["T3 seller changes a price", WAIT_BUYER_PAY, WAIT_BUYER_PAY],
  ["T4 pay", WAIT_BUYER_PAY, PAID],
  ["T5 cancel / unpaid timeout / nothing built", WAIT_BUYER_PAY, CANCELLED],
  ["T6 finance confirms", PAID, FINANCE_PASSED],
  ["T7 finance rejects", PAID, FINANCE_REFUSED],
  ["T8 pay again", FINANCE_REFUSED, PAID],
  ["T9 cancel / unpaid timeout after rejection", FINANCE_REFUSED, CANCELLED],
  ["T10 upstream purchase paid", FINANCE_PASSED, WAIT_SELLER_SEND_GOODS],
  ["T11 upstream refuses payment", FINANCE_PASSED, CANCELLED],
  ["T12 some lines ship or close", WAIT_SELLER_SEND_GOODS, WAIT_SELLER_SEND_GOODS],
  ["T13 every open line shipped", WAIT_SELLER_SEND_GOODS, SHIPPED],
  ["T14 every line refunded before shipping", WAIT_SELLER_SEND_GOODS, CANCELLED],
  ["T15 every line refunded after shipping", SHIPPED, CANCELLED],
];

describe("Taobao order status (statuses.md §1)", () => {
  for (const [row, from, to] of ALLOWED_ORDER_MOVES) {
    it(`allows ${row}: ${from} → ${to}`, () => assert.equal(canMoveOrder(from, to), true));
  }

  it("refuses every move the table does not list", () => {
    const allowed = new Set(ALLOWED_ORDER_MOVES.map(([, from, to]) => `${from}→${to}`));
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        assert.equal(canMoveOrder(from, to), allowed.has(`${from}→${to}`), `${from} → ${to}`);
      }
    }
  });

  it("refuses a sample of tempting shortcuts", () => {
    assert.equal(canMoveOrder(WAIT_BUYER_PAY, FINANCE_PASSED), false, "pay skips finance");
    assert.equal(canMoveOrder(PAID, CANCELLED), false, "a paid order is not cancelled");
    assert.equal(canMoveOrder(PAID, PAID), false, "no self-loop at 1");
    assert.equal(canMoveOrder(FINANCE_PASSED, SHIPPED), false, "ships only from 10");
    assert.equal(canMoveOrder(SHIPPED, WAIT_SELLER_SEND_GOODS), false, "shipping is not undone");
    assert.equal(canMoveOrder(FINANCE_REFUSED, FINANCE_PASSED), false, "a rejection is not confirmed");
  });

  it("has no exit from the terminal status 4", () => {
    for (const to of ORDER_STATUSES) assert.equal(canMoveOrder(CANCELLED, to), false, `4 → ${to}`);
  });
});

/** statuses.md §2.2: every allowed line move. */
const ALLOWED_LINE_MOVES: Array<[SubOrderStatus, SubOrderStatus]> = [
  ["BULIDING", "WAIT_BUYER_PAY"],
  ["BULIDING", "TRADE_CLOSED"],
  ["WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS"],
  ["WAIT_BUYER_PAY", "TRADE_CLOSED"],
  ["WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS"],
  ["WAIT_SELLER_SEND_GOODS", "TRADE_CLOSED"],
  ["WAIT_BUYER_CONFIRM_GOODS", "TRADE_CLOSED"],
];

describe("Taobao sub-order status (statuses.md §2.2)", () => {
  it("allows exactly the table's moves", () => {
    const allowed = new Set(ALLOWED_LINE_MOVES.map(([from, to]) => `${from}→${to}`));
    for (const from of SUB_ORDER_STATUSES) {
      for (const to of SUB_ORDER_STATUSES) {
        assert.equal(canMoveSubOrder(from, to), allowed.has(`${from}→${to}`), `${from} → ${to}`);
      }
    }
  });

  it("has no exit from TRADE_CLOSED", () => {
    for (const to of SUB_ORDER_STATUSES) assert.equal(canMoveSubOrder("TRADE_CLOSED", to), false);
  });

  it("refuses skipping payment or going back", () => {
    assert.equal(canMoveSubOrder("BULIDING", "WAIT_SELLER_SEND_GOODS"), false);
    assert.equal(canMoveSubOrder("WAIT_BUYER_CONFIRM_GOODS", "WAIT_SELLER_SEND_GOODS"), false);
    assert.equal(canMoveSubOrder("WAIT_BUYER_PAY", "BULIDING"), false);
  });
});
