// The 1688 order and line state machines against statuses.md §5, and the pure rules of 1688 orders:
// the amount owed, the detail's units and time forms, the page's time filter, and which lines a
// receipt confirmation names.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AlibabaStatus, canMoveLine, canMoveOrder, chinaTime, linesToConfirm, parseChinaTime, totalFen, upstreamTime, yuan } from "./model.ts";

const S = AlibabaStatus;
const STATES = Object.values(AlibabaStatus);

/** statuses.md §5: every allowed order move, by its row (creation is the insert: no move). */
const ALLOWED: Array<[string, AlibabaStatus, AlibabaStatus]> = [
  ["seller changes the price before payment", S.WAIT_BUYER_PAY, S.WAIT_BUYER_PAY],
  ["paid", S.WAIT_BUYER_PAY, S.WAIT_SELLER_SEND],
  ["cancel / unpaid timeout", S.WAIT_BUYER_PAY, S.CANCEL],
  ["every line shipped", S.WAIT_SELLER_SEND, S.WAIT_BUYER_RECEIVE],
  ["every line refunded before shipment", S.WAIT_SELLER_SEND, S.TERMINATED],
  ["receipt confirmed", S.WAIT_BUYER_RECEIVE, S.CONFIRM_GOODS],
  ["every line refunded after shipment", S.WAIT_BUYER_RECEIVE, S.TERMINATED],
  ["settled", S.CONFIRM_GOODS, S.SUCCESS],
];

describe("1688 order status (statuses.md §5)", () => {
  for (const [row, from, to] of ALLOWED) it(`allows ${row}: ${from} → ${to}`, () => assert.equal(canMoveOrder(from, to), true));

  it("allows nothing else", () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const listed = ALLOWED.some(([, f, t]) => f === from && t === to);
        assert.equal(canMoveOrder(from, to), listed, `${from} → ${to}`);
      }
    }
  });

  it("cancel, success and terminated are terminal", () => {
    for (const end of [S.CANCEL, S.SUCCESS, S.TERMINATED]) assert.ok(STATES.every((to) => !canMoveOrder(end, to)), end);
  });

  it("a line follows the order's steps but never loops on itself", () => {
    assert.equal(canMoveLine(S.WAIT_BUYER_PAY, S.WAIT_BUYER_PAY), false);
    assert.equal(canMoveLine(S.WAIT_SELLER_SEND, S.WAIT_BUYER_RECEIVE), true);
    assert.equal(canMoveLine(S.WAIT_BUYER_RECEIVE, S.CONFIRM_GOODS), true);
    assert.equal(canMoveLine(S.CONFIRM_GOODS, S.SUCCESS), true);
    assert.equal(canMoveLine(S.WAIT_BUYER_RECEIVE, S.SUCCESS), false);
    assert.equal(canMoveLine(S.CANCEL, S.WAIT_SELLER_SEND), false);
  });
});

describe("1688 order rules", () => {
  it("the amount owed is goods + shipping + the (negative) discount, never below 0", () => {
    assert.equal(totalFen({ goods_fen: "1900", shipping_fen: "600", discount_fen: "-500" }), 2000);
    assert.equal(totalFen({ goods_fen: "100", shipping_fen: "0", discount_fen: "-500" }), 0);
  });

  it("yuan numbers of the detail keep every fen", () => {
    assert.equal(yuan(1900), 19);
    assert.equal(yuan(1990), 19.9);
    assert.equal(yuan(1), 0.01);
  });

  it("upstream times are China time in yyyyMMddHHmmssSSS+0800", () => {
    assert.equal(upstreamTime(Date.parse("2017-09-13T15:17:08.000Z")), "20170913231708000+0800");
    assert.equal(upstreamTime(Date.parse("2026-12-31T16:00:00.123Z")), "20270101000000123+0800");
    assert.equal(upstreamTime(null), null);
  });

  it("page times read China time and refuse what is not a real date", () => {
    const ms = Date.parse("2026-11-28T02:00:00Z");
    assert.equal(chinaTime(ms), "2026-11-28 10:00:00");
    assert.equal(parseChinaTime("2026-11-28 10:00:00"), ms);
    for (const bad of ["2026-13-01 00:00:00", "2026-02-30 00:00:00", "2026-01-01 24:00:00", "2026-01-01", "2026-01-01T00:00:00"]) assert.equal(parseChinaTime(bad), undefined, bad);
  });

  it("a receipt names every shipped line when none is named, and refuses lines not waiting for receipt", () => {
    const lines = [
      { id: "1", status: S.WAIT_BUYER_RECEIVE },
      { id: "2", status: S.CONFIRM_GOODS },
      { id: "3", status: S.WAIT_BUYER_RECEIVE },
    ];
    assert.deepEqual(linesToConfirm(lines, []).lines.map((l) => l.id), ["1", "3"]);
    assert.deepEqual(linesToConfirm(lines, ["3", "3"]).lines.map((l) => l.id), ["3"]);
    assert.match(linesToConfirm(lines, ["2"]).error ?? "", /confirm_goods/);
    assert.match(linesToConfirm(lines, ["9"]).error ?? "", /not a line/);
    assert.match(linesToConfirm([{ id: "1", status: S.WAIT_SELLER_SEND }], []).error ?? "", /no line/);
  });
});
