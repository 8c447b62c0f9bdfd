// The warehouse's state machines (inbound parcels, items), when a parcel is settled, the storage-fee
// rule with hand-computed days, the size parser and the sandbox's measurements.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  canMoveInbound,
  canMoveItem,
  DAY_MS,
  DEFAULT_STORAGE_RULE,
  INBOUND_STATES,
  ITEM_STATES,
  nextStorageEvent,
  parseSize,
  sandboxMeasure,
  settledInboundState,
  storageDates,
  storageDue,
  storageReference,
  type InboundState,
  type WarehouseItemState,
} from "./model.ts";

const ITEM_MOVES: Array<[string, WarehouseItemState, WarehouseItemState]> = [
  ["the parcel arrives", "EXPECTED", "RECEIVED"],
  ["the check passes", "RECEIVED", "QC_PASSED"],
  ["the check finds an issue", "RECEIVED", "QC_ISSUE"],
  ["passed goods go on the shelf", "QC_PASSED", "STORED"],
  ["goods with an issue are checked again and pass", "QC_ISSUE", "QC_PASSED"],
  ["goods with an issue are kept as they are", "QC_ISSUE", "STORED"],
  ["goods with an issue go back to the seller", "QC_ISSUE", "RETURNED_TO_SELLER"],
  ["stored goods go to an international parcel", "STORED", "ALLOCATED"],
  ["stored goods go back to the seller", "STORED", "RETURNED_TO_SELLER"],
  ["stored goods pass the storage limit", "STORED", "ABANDONED"],
  ["allocated goods leave with their parcel", "ALLOCATED", "SHIPPED"],
  ["a cancelled parcel puts its goods back", "ALLOCATED", "STORED"],
];

const INBOUND_MOVES: Array<[string, InboundState, InboundState]> = [
  ["an announced parcel arrives", "EXPECTED", "RECEIVED"],
  ["every item checked", "RECEIVED", "STORED"],
  ["every item went back", "RECEIVED", "RETURNED_TO_SELLER"],
  ["a held parcel is claimed", "HELD", "RECEIVED"],
  ["a held parcel is not claimed in time", "HELD", "ABANDONED"],
];

describe("warehouse item states", () => {
  for (const [why, from, to] of ITEM_MOVES) it(`allows ${why}: ${from} → ${to}`, () => assert.equal(canMoveItem(from, to), true));

  it("allows nothing else (no self-loop, no way back from the end)", () => {
    for (const from of ITEM_STATES) {
      for (const to of ITEM_STATES) {
        const listed = ITEM_MOVES.some(([, f, t]) => f === from && t === to);
        assert.equal(canMoveItem(from, to), listed, `${from} → ${to}`);
      }
    }
  });

  it("SHIPPED, RETURNED_TO_SELLER and ABANDONED are terminal", () => {
    for (const end of ["SHIPPED", "RETURNED_TO_SELLER", "ABANDONED"] as const) assert.ok(ITEM_STATES.every((to) => !canMoveItem(end, to)), end);
  });
});

describe("inbound parcel states", () => {
  for (const [why, from, to] of INBOUND_MOVES) it(`allows ${why}: ${from} → ${to}`, () => assert.equal(canMoveInbound(from, to), true));

  it("allows nothing else", () => {
    for (const from of INBOUND_STATES) {
      for (const to of INBOUND_STATES) {
        const listed = INBOUND_MOVES.some(([, f, t]) => f === from && t === to);
        assert.equal(canMoveInbound(from, to), listed, `${from} → ${to}`);
      }
    }
  });

  it("a received parcel settles once no item is being received or checked", () => {
    const items = (...states: WarehouseItemState[]) => states.map((state) => ({ state }));
    assert.equal(settledInboundState(items("STORED", "RECEIVED")), undefined);
    assert.equal(settledInboundState(items("STORED", "QC_ISSUE")), undefined, "an issue waits for a decision");
    assert.equal(settledInboundState(items("STORED", "STORED")), "STORED");
    assert.equal(settledInboundState(items("STORED", "RETURNED_TO_SELLER")), "STORED");
    assert.equal(settledInboundState(items("ALLOCATED", "ABANDONED")), "STORED");
    assert.equal(settledInboundState(items("RETURNED_TO_SELLER", "RETURNED_TO_SELLER")), "RETURNED_TO_SELLER");
    assert.equal(settledInboundState([]), undefined, "a parcel without goods is not settled by its goods");
  });
});

describe("storage fees (30 free days, 100 fen a day, abandoned at 90 days)", () => {
  const rule = DEFAULT_STORAGE_RULE;
  const stored = Date.parse("2027-01-01T10:00:00Z");
  const at = (days: number, hours = 0) => stored + days * DAY_MS + hours * 3_600_000;

  it("the defaults", () => assert.deepEqual(rule, { freeDays: 30, feeFenPerDay: 100, limitDays: 90 }));

  it("free and abandonment dates", () => {
    assert.deepEqual(storageDates(stored, rule), { freeUntil: Date.parse("2027-01-31T10:00:00Z"), abandonAt: Date.parse("2027-04-01T10:00:00Z") });
  });

  it("nothing is due during the free days; the days begun are accounted", () => {
    assert.deepEqual(storageDue(stored, 0, stored, rule), { days: [], accountedDays: 1, abandon: false });
    assert.deepEqual(storageDue(stored, 0, at(29, 23), rule), { days: [], accountedDays: 30, abandon: false });
  });

  it("day 30 (the 31st day) is charged when it begins, not a moment before", () => {
    assert.deepEqual(storageDue(stored, 30, at(30) - 1, rule).days, []);
    assert.deepEqual(storageDue(stored, 30, at(30), rule), { days: [30], accountedDays: 31, abandon: false });
  });

  it("a late run catches up every day due since, each once", () => {
    assert.deepEqual(storageDue(stored, 0, at(32, 5), rule), { days: [30, 31, 32], accountedDays: 33, abandon: false });
    assert.deepEqual(storageDue(stored, 33, at(32, 6), rule).days, [], "already accounted");
  });

  it("at the limit: days 30 to 89 charged (60 days, 6000 fen) and the goods abandoned", () => {
    const due = storageDue(stored, 0, at(90), rule);
    assert.equal(due.days.length, 60);
    assert.deepEqual([due.days[0], due.days.at(-1)], [30, 89]);
    assert.equal(due.days.length * rule.feeFenPerDay, 6000);
    assert.equal(due.abandon, true);
    assert.equal(storageDue(stored, 90, at(89, 23), rule).abandon, false);
  });

  it("free storage (fee 0) charges nothing and still abandons", () => {
    const free = { ...rule, feeFenPerDay: 0 };
    assert.deepEqual(storageDue(stored, 0, at(95), free), { days: [], accountedDays: 90, abandon: true });
    assert.equal(nextStorageEvent(stored, 0, free), at(90));
  });

  it("the next moment something is due", () => {
    assert.equal(nextStorageEvent(stored, 0, rule), at(30));
    assert.equal(nextStorageEvent(stored, 31, rule), at(31));
    assert.equal(nextStorageEvent(stored, 90, rule), at(90), "then the abandonment");
  });

  it("one wallet reference per item and day", () => {
    assert.equal(storageReference("1579389021339242497", 30), "warehouse-storage-1579389021339242497-30");
    assert.notEqual(storageReference("1", 30), storageReference("1", 31));
  });
});

describe("measurements", () => {
  it("sizes are three positive whole millimetres", () => {
    assert.deepEqual(parseSize("300x200x120"), { lengthMm: 300, widthMm: 200, heightMm: 120 });
    assert.deepEqual(parseSize(" 30 X 20 × 12 "), { lengthMm: 30, widthMm: 20, heightMm: 12 });
    for (const bad of ["", "300x200", "300x0x120", "-3x2x1", "3.5x2x1", "axbxc", "300x200x120x5", "99999999x1x1"]) assert.equal(parseSize(bad), undefined, bad);
  });

  it("the sandbox measures deterministically, within ±4% of the catalogue weight", () => {
    const a = sandboxMeasure("20261128:SF1:taobao:1", 0.5, 2);
    assert.deepEqual(a, sandboxMeasure("20261128:SF1:taobao:1", 0.5, 2), "the same key measures the same");
    assert.ok(a.weightG >= 960 && a.weightG <= 1040, `${a.weightG} g`);
    const weights = new Set(Array.from({ length: 50 }, (_, i) => sandboxMeasure(`k${i}`, 1.2, 1).weightG));
    assert.ok(weights.size > 10, "varies with the key");
    for (const w of weights) assert.ok(w >= 1152 && w <= 1248, `${w} g`);
    assert.ok([a.lengthMm, a.widthMm, a.heightMm].every((n) => Number.isInteger(n) && n >= 10));
  });
});
