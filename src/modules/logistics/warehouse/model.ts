// The warehouse's model (research A.1, A.2, A.8): the states of an inbound parcel (a domestic China
// parcel arriving at the warehouse) and of a warehouse item (the goods of one purchased line in it),
// their transition maps, and the pure rules: storage fees per item and day, measurements operators
// type, and the sandbox's deterministic measurements.
import type { InboundState, WarehouseItemState } from "../../../platform/db/schema.ts";
import { defineTransitions } from "../../../platform/transitions.ts";

export type { InboundState, WarehouseItemState };

export const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Inbound parcels

export const INBOUND_STATES: readonly InboundState[] = ["EXPECTED", "RECEIVED", "STORED", "HELD", "RETURNED_TO_SELLER", "ABANDONED"];

/**
 * EXPECTED (announced: a purchase shipped, or declared by the user) → RECEIVED (arrived, being
 * checked) → STORED (every item checked and on the shelf, or gone back). HELD: arrived unannounced,
 * nobody's until a user claims it (→ RECEIVED) or the hold runs out (→ ABANDONED). A parcel whose
 * every item went back to the seller is RETURNED_TO_SELLER.
 */
export const INBOUND_TRANSITIONS: Readonly<Record<InboundState, readonly InboundState[]>> = {
  EXPECTED: ["RECEIVED"],
  RECEIVED: ["STORED", "RETURNED_TO_SELLER"],
  STORED: [],
  HELD: ["RECEIVED", "ABANDONED"],
  RETURNED_TO_SELLER: [],
  ABANDONED: [],
};

// HELD is where an unannounced parcel starts (a second entry point), ABANDONED its end.
const inboundMachine = defineTransitions("warehouse inbound parcel", INBOUND_STATES, INBOUND_TRANSITIONS, ["HELD", "ABANDONED"]);
export const canMoveInbound = (from: InboundState, to: InboundState): boolean => inboundMachine.can(from, to);

// ---------------------------------------------------------------------------------------------
// Warehouse items

export const ITEM_STATES: readonly WarehouseItemState[] = ["EXPECTED", "RECEIVED", "QC_PASSED", "QC_ISSUE", "STORED", "ALLOCATED", "SHIPPED", "RETURNED_TO_SELLER", "ABANDONED"];

/**
 * EXPECTED → RECEIVED → QC_PASSED | QC_ISSUE → STORED → ALLOCATED → SHIPPED. A checked item goes on
 * the shelf (QC_PASSED → STORED); one with an issue waits for a decision: checked again and passed,
 * kept as it is (→ STORED), or sent back (→ RETURNED_TO_SELLER, also from the shelf). Past the
 * storage limit a stored item is ABANDONED. A cancelled international parcel puts its items back
 * (ALLOCATED → STORED).
 */
export const ITEM_TRANSITIONS: Readonly<Record<WarehouseItemState, readonly WarehouseItemState[]>> = {
  EXPECTED: ["RECEIVED"],
  RECEIVED: ["QC_PASSED", "QC_ISSUE"],
  QC_PASSED: ["STORED"],
  QC_ISSUE: ["QC_PASSED", "STORED", "RETURNED_TO_SELLER"],
  STORED: ["ALLOCATED", "RETURNED_TO_SELLER", "ABANDONED"],
  ALLOCATED: ["SHIPPED", "STORED"],
  SHIPPED: [],
  RETURNED_TO_SELLER: [],
  ABANDONED: [],
};

const itemMachine = defineTransitions("warehouse item", ITEM_STATES, ITEM_TRANSITIONS);
export const canMoveItem = (from: WarehouseItemState, to: WarehouseItemState): boolean => itemMachine.can(from, to);

export const isItemState = (value: string): value is WarehouseItemState => (ITEM_STATES as readonly string[]).includes(value);
export const isInboundState = (value: string): value is InboundState => (INBOUND_STATES as readonly string[]).includes(value);

/** States of an item still being received or checked: its parcel is not done with. */
export const INTAKE_STATES: readonly WarehouseItemState[] = ["EXPECTED", "RECEIVED", "QC_PASSED", "QC_ISSUE"];
/** States an operator's check may start from (a first check, or a new one of an item with an issue). */
export const QC_FROM: readonly WarehouseItemState[] = ["RECEIVED", "QC_ISSUE"];

/**
 * What a received parcel becomes once none of its items is being received or checked: STORED when
 * any item reached the shelf (or went on from it), RETURNED_TO_SELLER when all went back; undefined
 * while some are still in intake.
 */
export function settledInboundState(items: ReadonlyArray<{ state: WarehouseItemState }>): "STORED" | "RETURNED_TO_SELLER" | undefined {
  if (items.length === 0 || items.some((i) => INTAKE_STATES.includes(i.state))) return undefined;
  return items.every((i) => i.state === "RETURNED_TO_SELLER") ? "RETURNED_TO_SELLER" : "STORED";
}

// ---------------------------------------------------------------------------------------------
// Storage (research A.2): free days from `storedAt`, then a fee per item and day, then abandonment.

export interface StorageRule {
  /** Days of free storage from the day the item is stored (day 0). */
  freeDays: number;
  /** Fee per item and day past the free days, fen (0: storage is free). */
  feeFenPerDay: number;
  /** The item is abandoned this many days after it was stored. */
  limitDays: number;
}

export const DEFAULT_STORAGE_RULE: StorageRule = { freeDays: 30, feeFenPerDay: 100, limitDays: 90 };

/** When free storage ends and when the item is abandoned. */
export function storageDates(storedAt: number, rule: StorageRule): { freeUntil: number; abandonAt: number } {
  return { freeUntil: storedAt + rule.freeDays * DAY_MS, abandonAt: storedAt + rule.limitDays * DAY_MS };
}

/**
 * The storage days of an item stored at `storedAt` that are due by `now` and not yet accounted
 * (`accountedDays` days from day 0 are), and whether it is past the limit. Day d (0-based) begins at
 * storedAt + d days and is charged when it begins, if d ≥ freeDays and d < limitDays; at
 * storedAt + limitDays days the item is abandoned (the day the limit is reached is not charged).
 */
export function storageDue(storedAt: number, accountedDays: number, now: number, rule: StorageRule): { days: number[]; accountedDays: number; abandon: boolean } {
  const started = now < storedAt ? 0 : Math.floor((now - storedAt) / DAY_MS) + 1; // days begun by now
  const through = Math.min(started, rule.limitDays); // days 0 … through-1 are due
  const days: number[] = [];
  if (rule.feeFenPerDay > 0) for (let d = Math.max(accountedDays, rule.freeDays); d < through; d++) days.push(d);
  return { days, accountedDays: Math.max(accountedDays, through), abandon: now >= storedAt + rule.limitDays * DAY_MS };
}

/** The next moment the storage rule has something to do for an item (its next chargeable day, or its abandonment). */
export function nextStorageEvent(storedAt: number, accountedDays: number, rule: StorageRule): number {
  const nextDay = Math.max(accountedDays, rule.feeFenPerDay > 0 ? rule.freeDays : rule.limitDays);
  return storedAt + Math.min(nextDay, rule.limitDays) * DAY_MS;
}

/** The wallet reference of one storage day of one item (the charge is idempotent on it). */
export const storageReference = (itemId: string, day: number): string => `warehouse-storage-${itemId}-${day}`;

// ---------------------------------------------------------------------------------------------
// Measurements

export interface SizeMm {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

const MAX_SIDE_MM = 10_000;
export const MAX_WEIGHT_G = 1_000_000;

/** "LxWxH" in millimetres (x, X, × or * between), three positive integers; undefined otherwise. */
export function parseSize(text: string): SizeMm | undefined {
  const match = /^\s*(\d{1,6})\s*[xX×*]\s*(\d{1,6})\s*[xX×*]\s*(\d{1,6})\s*$/.exec(text);
  if (!match) return undefined;
  const [l, w, h] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if ([l, w, h].some((n) => n <= 0 || n > MAX_SIDE_MM)) return undefined;
  return { lengthMm: l, widthMm: w, heightMm: h };
}

export const sizeText = (size: SizeMm): string => `${size.lengthMm}x${size.widthMm}x${size.heightMm}`;

/** FNV-1a over the text, then mixed: a 32-bit number the same on every machine. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** The unit weight the foundation assumes when the catalogue does not know the goods (foundation-warehouse.md §2.0). */
export const DEFAULT_UNIT_WEIGHT_KG = 0.5;

/**
 * What the sandbox warehouse measures for goods of `unitWeightKg` × `quantity`: the weight within
 * ±4% of it (packaging and scale) and a box of about 5 cm³ per gram, its proportions varying, all
 * derived from `key` (the seed and ids), so the same purchase measures the same everywhere.
 */
export function sandboxMeasure(key: string, unitWeightKg: number, quantity: number): { weightG: number } & SizeMm {
  const nominal = Math.max(1, Math.round(unitWeightKg * 1000 * quantity));
  const h = hash32(key);
  const deviation = ((h % 801) - 400) / 10_000; // -4.00% … +4.00%
  const weightG = Math.max(1, Math.round(nominal * (1 + deviation)));
  const side = Math.cbrt(nominal * 5) * 10; // mm of a cube holding ~5 cm³ per gram
  const a = 1 + ((h >>> 10) % 60) / 100; // 1.00 … 1.59
  const b = 0.7 + ((h >>> 16) % 40) / 100; // 0.70 … 1.09
  const mm = (x: number) => Math.min(MAX_SIDE_MM, Math.max(10, Math.round(x)));
  return { weightG, lengthMm: mm(side * a), widthMm: mm(side * b), heightMm: mm(side / (a * b)) };
}

// ---------------------------------------------------------------------------------------------
// Callbacks

/** The opt-in callback of an item's change (callbacks extension `warehouse`). */
export const ITEM_STATUS_MESSAGE = "WAREHOUSE_ITEM_STATUS_MODIFY";
