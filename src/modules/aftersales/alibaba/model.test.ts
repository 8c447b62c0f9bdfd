// The 1688 refund machine against statuses.md §6.1, the goods-status rules of §6.3 and §5, the
// dispute type of §6.2, the case-status mapping, and the money rules (caps and allocation).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  allocate,
  canMoveRefund,
  CASE_STATUS,
  disputeType,
  GOODS_STATUSES,
  isFinal,
  isOpen,
  lineCapFen,
  REFUND_STATUSES,
  RefundStatus,
  remainingFen,
  requestConflict,
  type RefundStatus as Status,
} from "./model.ts";

const R = RefundStatus;

/** statuses.md §6.1: every allowed move, by its row. */
const ALLOWED: Array<[string, Status, Status]> = [
  ["seller agrees a refund, or times out", R.WAIT_SELLER_AGREE, R.SUCCESS],
  ["seller agrees a return, or times out", R.WAIT_SELLER_AGREE, R.WAIT_BUYER_SEND],
  ["seller refuses", R.WAIT_SELLER_AGREE, R.WAIT_BUYER_MODIFY],
  ["re-application, or buyer timeout", R.WAIT_BUYER_MODIFY, R.CLOSE],
  ["buyer ships the return", R.WAIT_BUYER_SEND, R.WAIT_SELLER_RECEIVE],
  ["buyer return timeout", R.WAIT_BUYER_SEND, R.CLOSE],
  ["seller confirms receipt, or times out", R.WAIT_SELLER_RECEIVE, R.SUCCESS],
  ["seller refuses after inspection", R.WAIT_SELLER_RECEIVE, R.WAIT_BUYER_MODIFY],
];

describe("1688 refund status (statuses.md §6.1)", () => {
  for (const [row, from, to] of ALLOWED) it(`allows ${row}: ${from} → ${to}`, () => assert.equal(canMoveRefund(from, to), true));

  it("allows nothing else (no self-loop either)", () => {
    for (const from of REFUND_STATUSES) {
      for (const to of REFUND_STATUSES) {
        const listed = ALLOWED.some(([, f, t]) => f === from && t === to);
        assert.equal(canMoveRefund(from, to), listed, `${from} → ${to}`);
      }
    }
  });

  it("refundsuccess and refundclose are final; open statuses keep the lines, a refused one does not", () => {
    assert.deepEqual(REFUND_STATUSES.filter(isFinal), [R.SUCCESS, R.CLOSE]);
    assert.deepEqual(REFUND_STATUSES.filter(isOpen), [R.WAIT_SELLER_AGREE, R.WAIT_BUYER_SEND, R.WAIT_SELLER_RECEIVE]);
  });

  it("reads every upstream case status as one 1688 status", () => {
    assert.deepEqual(CASE_STATUS, {
      requested: "waitselleragree",
      refused: "waitbuyermodify",
      waiting_return: "waitbuyersend",
      return_shipped: "waitsellerreceive",
      refunded: "refundsuccess",
      closed: "refundclose",
    });
  });
});

describe("what may be asked (statuses.md §5, §6.2, §6.3)", () => {
  it("disputeType is 1 for in-sale goods statuses, 2 for after-sale ones", () => {
    assert.deepEqual(
      GOODS_STATUSES.map((g) => [g, disputeType(g)]),
      [
        ["refundWaitSellerSend", 1],
        ["refundWaitBuyerReceive", 1],
        ["refundBuyerReceived", 1],
        ["aftersaleBuyerNotReceived", 2],
        ["aftersaleBuyerReceived", 2],
      ],
    );
  });

  it("allows exactly the §6.3 table", () => {
    const table: Record<string, { orders: string[]; requests: string[] }> = {
      refundWaitSellerSend: { orders: ["waitsellersend"], requests: ["refund"] },
      refundWaitBuyerReceive: { orders: ["waitbuyerreceive"], requests: ["refund"] },
      refundBuyerReceived: { orders: ["waitbuyerreceive"], requests: ["refund", "returnRefund"] },
      aftersaleBuyerNotReceived: { orders: ["confirm_goods", "success"], requests: ["refund"] },
      aftersaleBuyerReceived: { orders: ["confirm_goods", "success"], requests: ["refund", "returnRefund"] },
    };
    const orderStatuses = ["waitbuyerpay", "waitsellersend", "waitbuyerreceive", "confirm_goods", "success", "cancel", "terminated"];
    for (const goods of GOODS_STATUSES) {
      for (const order of orderStatuses) {
        for (const request of ["refund", "returnRefund"] as const) {
          const allowed = table[goods]!.orders.includes(order) && table[goods]!.requests.includes(request);
          assert.equal(requestConflict(order, goods, request) === undefined, allowed, `${order} ${goods} ${request}`);
        }
      }
    }
  });

  it("says why: unpaid or ended orders, a goods status of another stage, a return of goods not received", () => {
    assert.match(requestConflict("waitbuyerpay", "refundWaitSellerSend", "refund")!, /order status waitbuyerpay does not allow a refund/);
    assert.match(requestConflict("terminated", "refundWaitSellerSend", "refund")!, /terminated/);
    assert.match(requestConflict("confirm_goods", "refundWaitSellerSend", "refund")!, /goodsStatus refundWaitSellerSend cannot be declared/);
    assert.match(requestConflict("waitbuyerreceive", "refundWaitBuyerReceive", "returnRefund")!, /returnRefund needs received goods/);
  });
});

describe("money (fen)", () => {
  const line = (id: string, amountFen: number, refundedFen = 0, unitPriceFen = amountFen, quantity = 1) => ({ id, amountFen, refundedFen, unitPriceFen, quantity });

  it("a line may give back what was paid minus what was refunded; a count caps it at unit price × count", () => {
    assert.equal(remainingFen(line("a", 1000, 300)), 700);
    assert.equal(remainingFen(line("a", 1000, 1000)), 0);
    assert.equal(lineCapFen(line("a", 1000, 300, 200, 5)), 700);
    assert.equal(lineCapFen(line("a", 1000, 300, 200, 5), 2), 400);
    assert.equal(lineCapFen(line("a", 1000, 300, 200, 5), 5), 700, "never above the remaining amount");
  });

  it("spreads proportionally to the remaining amounts, exactly, with the largest remainders rounding up", () => {
    assert.deepEqual([...allocate(100, [line("a", 100), line("b", 200)])], [["a", 33], ["b", 67]]);
    assert.deepEqual([...allocate(10, [line("a", 100), line("b", 100), line("c", 100)])], [["a", 4], ["b", 3], ["c", 3]], "ties go to the first line");
    assert.deepEqual([...allocate(300, [line("a", 100), line("b", 200)])], [["a", 100], ["b", 200]], "everything: each line fully");
    assert.deepEqual([...allocate(150, [line("a", 100, 50), line("b", 200, 100)])], [["a", 50], ["b", 100]], "by what remains, not by what was paid");
  });

  it("never gives a line more than it has left, and caps an amount above the total", () => {
    assert.deepEqual([...allocate(1000, [line("a", 100), line("b", 200, 150)])], [["a", 100], ["b", 50]]);
    assert.deepEqual([...allocate(7, [line("a", 0), line("b", 10, 10)])], [["a", 0], ["b", 0]]);
    assert.deepEqual([...allocate(0, [line("a", 100)])], [["a", 0]]);
  });

  it("adds up exactly for many odd splits, and handles amounts beyond 2^53 / total", () => {
    for (let n = 1; n <= 7; n++) {
      for (let amount = 0; amount <= 97; amount += 7) {
        const lines = Array.from({ length: n }, (_, i) => line(String(i), 13 + i * 29, i % 3));
        const total = lines.reduce((s, l) => s + remainingFen(l), 0);
        const shares = allocate(amount, lines);
        const sum = [...shares.values()].reduce((s, v) => s + v, 0);
        assert.equal(sum, Math.min(amount, total));
        for (const l of lines) assert.ok(shares.get(l.id)! <= remainingFen(l));
      }
    }
    const big = allocate(9_000_000_000, [line("a", 9_000_000_000), line("b", 9_000_000_000)]);
    assert.deepEqual([...big], [["a", 4_500_000_000], ["b", 4_500_000_000]]);
  });
});
