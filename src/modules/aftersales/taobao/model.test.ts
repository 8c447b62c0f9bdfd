// The Taobao reverse order's rules against statuses.md §3, §4 and taobao.md §4.2.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  allows,
  canMoveRefund,
  combinationAllowed,
  goodsStatusList,
  LINE_REFUND_STATUS,
  maxRefundFee,
  REFUND_STATUSES,
  refundPath,
  remainingSeconds,
  splitImages,
  STATUS_OF_CASE,
  TIMEOUT_TYPE,
  type RefundStatus,
} from "./model.ts";

/** statuses.md §4.1, every row. */
const ALLOWED: Array<[string, RefundStatus, RefundStatus]> = [
  ["modify", 1, 1],
  ["seller agrees a return (or times out on one)", 1, 2],
  ["seller agrees a refund only (or times out on one)", 1, 5],
  ["seller refuses", 1, 6],
  ["buyer revokes", 1, 4],
  ["return shipped", 2, 3],
  ["buyer revokes / return timeout", 2, 4],
  ["seller confirms receipt / receipt timeout", 3, 5],
  ["seller refuses after inspection", 3, 6],
  ["buyer modifies after a refusal", 6, 1],
  ["buyer revokes / modification timeout", 6, 4],
];

describe("Taobao reverse order status (statuses.md §4.1)", () => {
  for (const [row, from, to] of ALLOWED) it(`allows ${row}: ${from} → ${to}`, () => assert.equal(canMoveRefund(from, to), true));

  it("refuses every move the table does not list; 4 and 5 are terminal", () => {
    const allowed = new Set(ALLOWED.map(([, from, to]) => `${from}→${to}`));
    for (const from of REFUND_STATUSES) for (const to of REFUND_STATUSES) assert.equal(canMoveRefund(from, to), allowed.has(`${from}→${to}`), `${from} → ${to}`);
  });

  it("walks a case first seen further along one allowed step at a time", () => {
    assert.deepEqual(refundPath(1, 1), []);
    assert.deepEqual(refundPath(1, 5), [5]);
    assert.deepEqual(refundPath(1, 3), [2, 3]);
    assert.deepEqual(refundPath(6, 5), [1, 5]);
    assert.equal(refundPath(5, 1), undefined);
    assert.equal(refundPath(4, 6), undefined);
  });

  it("allows each buyer action only where the contract does", () => {
    assert.deepEqual(REFUND_STATUSES.filter((s) => allows("modify", s)), [1, 6]);
    assert.deepEqual(REFUND_STATUSES.filter((s) => allows("cancel", s)), [1, 2, 6]);
    assert.deepEqual(REFUND_STATUSES.filter((s) => allows("returnGoods", s)), [2]);
    assert.deepEqual(REFUND_STATUSES.filter((s) => allows("message", s)), [1, 2, 3, 6]);
  });

  it("names who is awaited, and nobody when final", () => {
    assert.deepEqual(REFUND_STATUSES.map((s) => TIMEOUT_TYPE[s]), ["SELLER_AGREE", "BUYER_RETURN", "SELLER_RECEIVE", "", "", "BUYER_MODIFY"]);
  });
});

describe("the sub-order's refundStatus (statuses.md §3)", () => {
  it("mirrors the reverse order", () => {
    assert.deepEqual(REFUND_STATUSES.map((s) => LINE_REFUND_STATUS[s]), [10, 20, 30, -20, 100, -10]);
  });
});

describe("upstream case statuses", () => {
  it("map to the platform's", () => {
    assert.deepEqual(STATUS_OF_CASE, { requested: 1, waiting_return: 2, return_shipped: 3, closed: 4, refunded: 5, refused: 6 });
  });
});

describe("allowed combinations (statuses.md §4.4) and goods statuses (taobao.md §4.2)", () => {
  it("lets an unshipped line ask a refund only, declaring the goods not shipped", () => {
    assert.equal(combinationAllowed("WAIT_SELLER_SEND_GOODS", 4, 1), true);
    assert.equal(combinationAllowed("WAIT_SELLER_SEND_GOODS", 4, 3), false);
    assert.equal(combinationAllowed("WAIT_SELLER_SEND_GOODS", 1, 1), false);
    assert.deepEqual(goodsStatusList("WAIT_SELLER_SEND_GOODS"), ["4"]);
  });

  it("lets a shipped line ask a refund when not received, a refund or a return when received", () => {
    assert.equal(combinationAllowed("WAIT_BUYER_CONFIRM_GOODS", 1, 1), true);
    assert.equal(combinationAllowed("WAIT_BUYER_CONFIRM_GOODS", 1, 3), false);
    assert.equal(combinationAllowed("WAIT_BUYER_CONFIRM_GOODS", 2, 1), true);
    assert.equal(combinationAllowed("WAIT_BUYER_CONFIRM_GOODS", 2, 3), true);
    assert.equal(combinationAllowed("WAIT_BUYER_CONFIRM_GOODS", 4, 1), false);
    assert.deepEqual(goodsStatusList("WAIT_BUYER_CONFIRM_GOODS"), ["1", "2"]);
  });

  it("refuses every other line status", () => {
    for (const status of ["BULIDING", "WAIT_BUYER_PAY", "TRADE_CLOSED"]) {
      assert.deepEqual(goodsStatusList(status), []);
      for (const goods of [1, 2, 4]) for (const type of [1, 3]) assert.equal(combinationAllowed(status, goods, type), false);
    }
  });
});

describe("the largest refund (taobao.md §4.2)", () => {
  const line = { purchaseAmountFen: 12_000, domesticPostFeeFen: 800 };
  it("is goods and shipping while unshipped, goods only after", () => {
    assert.equal(maxRefundFee(line, 4), 12_800);
    assert.equal(maxRefundFee(line, 1), 12_000);
    assert.equal(maxRefundFee(line, 2), 12_000);
  });
});

describe("small rules", () => {
  it("counts whole seconds left, never below zero", () => {
    assert.equal(remainingSeconds(10_999, 0), 10);
    assert.equal(remainingSeconds(0, 5_000), 0);
  });

  it("splits refundImages on commas, dropping blanks, at most five", () => {
    assert.deepEqual(splitImages(undefined), []);
    assert.deepEqual(splitImages(""), []);
    assert.deepEqual(splitImages(" a , ,b"), ["a", "b"]);
    assert.equal(splitImages("1,2,3,4,5,6"), undefined);
    assert.deepEqual(splitImages("1,2,3,4,5"), ["1", "2", "3", "4", "5"]);
  });
});
