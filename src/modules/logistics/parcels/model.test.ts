// The international logistics order machine against statuses.md §8.2 (and its extension: packing,
// AWAITING_PAYMENT, the carrier's trace, EXCEPTION), the money rules of a packing and a cancel, how
// the packages' traces read as the order's status, and the waybill numbers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cancelRefundFen,
  canMoveParcel,
  isCancellable,
  isDeclarable,
  isWaybillNumber,
  packagesOf,
  paidFen,
  PARCEL_STATUSES,
  ParcelStatus,
  references,
  statusFromTracking,
  supplementFen,
  waybillNumber,
  WAYBILL_PATTERN,
  type ParcelStatus as Status,
} from "./model.ts";

const P = ParcelStatus;

/** statuses.md §8.2 rows, then the extension's, each move the map must allow. */
const ALLOWED: Array<[string, Status, Status]> = [
  ["§8.2 domestic update covering every line", P.BOOKED, P.DOMESTIC_DECLARED],
  ["§8.2 domestic update again (lists replaced)", P.DOMESTIC_DECLARED, P.DOMESTIC_DECLARED],
  ["§8.2 all parcels received", P.DOMESTIC_DECLARED, P.IN_WAREHOUSE],
  ["§8.2 operator cancels (booked)", P.BOOKED, P.CANCELLED],
  ["§8.2 operator cancels (declared)", P.DOMESTIC_DECLARED, P.CANCELLED],
  ["cancel while in the warehouse", P.IN_WAREHOUSE, P.CANCELLED],
  ["cancel of a packing never paid for", P.AWAITING_PAYMENT, P.CANCELLED],
  ["packed within what was paid, or the supplement debited", P.IN_WAREHOUSE, P.PACKED],
  ["packed, the supplement waits for balance", P.IN_WAREHOUSE, P.AWAITING_PAYMENT],
  ["the supplement debited later", P.AWAITING_PAYMENT, P.PACKED],
  ["re-declaration, all stored", P.IN_WAREHOUSE, P.IN_WAREHOUSE],
  ["re-declaration adds a parcel on its way", P.IN_WAREHOUSE, P.DOMESTIC_DECLARED],
  ["re-declaration unpacks (stored)", P.PACKED, P.IN_WAREHOUSE],
  ["re-declaration unpacks (on its way)", P.PACKED, P.DOMESTIC_DECLARED],
  ["re-declaration of an unpaid packing (stored)", P.AWAITING_PAYMENT, P.IN_WAREHOUSE],
  ["re-declaration of an unpaid packing (on its way)", P.AWAITING_PAYMENT, P.DOMESTIC_DECLARED],
  ["handed to the carrier", P.PACKED, P.SHIPPED],
  ["first scan", P.SHIPPED, P.IN_TRANSIT],
  ["delivered straight after the hand-over", P.SHIPPED, P.DELIVERED],
  ["held or lost right away", P.SHIPPED, P.EXCEPTION],
  ["delivered", P.IN_TRANSIT, P.DELIVERED],
  ["held at customs, or lost", P.IN_TRANSIT, P.EXCEPTION],
  ["released by customs", P.EXCEPTION, P.IN_TRANSIT],
  ["delivered after all", P.EXCEPTION, P.DELIVERED],
];

describe("international logistics order status (statuses.md §8.2, extended)", () => {
  for (const [row, from, to] of ALLOWED) it(`allows ${row}: ${from} → ${to}`, () => assert.equal(canMoveParcel(from, to), true));

  it("allows nothing else", () => {
    const allowed = new Set(ALLOWED.map(([, from, to]) => `${from}>${to}`));
    for (const from of PARCEL_STATUSES) {
      for (const to of PARCEL_STATUSES) assert.equal(canMoveParcel(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
    }
  });

  it("has DELIVERED and CANCELLED as its only terminal states", () => {
    const terminal = PARCEL_STATUSES.filter((s) => PARCEL_STATUSES.every((t) => !canMoveParcel(s, t)));
    assert.deepEqual(terminal.sort(), [P.CANCELLED, P.DELIVERED]);
  });

  it("takes declarations until SHIPPED (§2.3) and cancels only while the goods have not left", () => {
    assert.deepEqual(PARCEL_STATUSES.filter(isDeclarable), [P.BOOKED, P.DOMESTIC_DECLARED, P.IN_WAREHOUSE, P.PACKED, P.AWAITING_PAYMENT]);
    assert.deepEqual(PARCEL_STATUSES.filter(isCancellable), [P.BOOKED, P.DOMESTIC_DECLARED, P.IN_WAREHOUSE, P.AWAITING_PAYMENT]);
  });
});

describe("the money of a packing and a cancel (integer fen)", () => {
  it("paid = booking + supplements − refunds", () => {
    assert.equal(paidFen({ bookedFen: 12_345, supplementFen: 1_000, refundedFen: 0 }), 13_345);
    assert.equal(paidFen({ bookedFen: 12_345, supplementFen: 1_000, refundedFen: 13_345 }), 0);
  });

  it("a packing heavier than paid calls for the difference; lighter or equal, for nothing (no refund)", () => {
    assert.equal(supplementFen(15_600, 12_345), 3_255);
    assert.equal(supplementFen(12_345, 12_345), 0);
    assert.equal(supplementFen(9_000, 12_345), 0);
  });

  it("a repacking after a paid supplement counts the supplement as paid", () => {
    const paid = paidFen({ bookedFen: 10_000, supplementFen: 2_000, refundedFen: 0 });
    assert.equal(supplementFen(13_500, paid), 1_500);
    assert.equal(supplementFen(11_000, paid), 0);
  });

  it("a cancel gives back everything paid for the freight, once", () => {
    assert.equal(cancelRefundFen({ bookedFen: 10_000, supplementFen: 2_000, refundedFen: 0 }), 12_000);
    assert.equal(cancelRefundFen({ bookedFen: 10_000, supplementFen: 0, refundedFen: 10_000 }), 0);
  });

  it("names one wallet reference per money move", () => {
    assert.equal(references.freight("1"), "parcel-freight:1");
    assert.equal(references.supplement("1", 2), "parcel-supplement:1:2");
    assert.notEqual(references.supplement("1", 1), references.supplement("1", 2));
    assert.equal(references.refund("1"), "parcel-refund:1");
  });

  it("packs one package per service, summing what its lines were booked for", () => {
    const shares = packagesOf([
      { serviceId: "1", freightFen: 5_000, weightG: 500, chargeableWeightG: 1_000 },
      { serviceId: "2", freightFen: 8_000, weightG: 1_200, chargeableWeightG: 1_500 },
      { serviceId: "1", freightFen: 3_000, weightG: 300, chargeableWeightG: 500 },
    ]);
    assert.deepEqual(shares, [
      { serviceId: "1", bookedFen: 8_000, weightG: 800, chargeableWeightG: 1_500 },
      { serviceId: "2", bookedFen: 8_000, weightG: 1_200, chargeableWeightG: 1_500 },
    ]);
  });
});

describe("the order's status from its packages' traces", () => {
  it("SHIPPED until a scan, IN_TRANSIT while moving, DELIVERED when every package is", () => {
    assert.equal(statusFromTracking(["InfoReceived"]), P.SHIPPED);
    assert.equal(statusFromTracking([null]), P.SHIPPED);
    assert.equal(statusFromTracking(["InTransit"]), P.IN_TRANSIT);
    assert.equal(statusFromTracking(["OutForDelivery"]), P.IN_TRANSIT);
    assert.equal(statusFromTracking(["AttemptFail"]), P.IN_TRANSIT);
    assert.equal(statusFromTracking(["Delivered"]), P.DELIVERED);
    assert.equal(statusFromTracking(["Delivered", "InTransit"]), P.IN_TRANSIT);
    assert.equal(statusFromTracking(["Delivered", "InfoReceived"]), P.IN_TRANSIT);
    assert.equal(statusFromTracking(["Delivered", "Delivered"]), P.DELIVERED);
  });

  it("EXCEPTION while any package is held, lost or silent", () => {
    assert.equal(statusFromTracking(["Exception"]), P.EXCEPTION);
    assert.equal(statusFromTracking(["Expired"]), P.EXCEPTION);
    assert.equal(statusFromTracking(["Delivered", "Exception"]), P.EXCEPTION);
  });
});

describe("international waybill numbers", () => {
  it("reads FAR + country + yyMM (UTC+8) + sequence + two check letters", () => {
    // 2024-07-31 17:00 UTC is already August in China.
    const number = waybillNumber("JP", Date.UTC(2024, 6, 31, 17), 13);
    assert.match(number, /^FARJP2408000013[A-Z]{2}$/);
    assert.match(number, WAYBILL_PATTERN);
    assert.equal(isWaybillNumber(number), true);
  });

  it("tells apart numbers with a different sequence, country or check letters", () => {
    const at = Date.UTC(2025, 0, 10);
    const a = waybillNumber("US", at, 1);
    const b = waybillNumber("US", at, 2);
    assert.notEqual(a, b);
    assert.equal(isWaybillNumber(`${a.slice(0, -2)}${a.slice(-2) === "AA" ? "AB" : "AA"}`), false);
    assert.equal(isWaybillNumber(a.replace("FARUS", "FARDE")), false);
    assert.equal(waybillNumber("US", at, 1_234_567).length, a.length + 1, "the sequence grows past 6 digits");
  });
});
