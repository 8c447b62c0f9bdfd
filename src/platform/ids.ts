// 64-bit time-ordered ids (snowflake layout: 41 bits of milliseconds since EPOCH, 10 bits of node
// id, 12 bits of sequence). With a 2015 epoch every id issued from 2023 to 2084 has 19 digits,
// the length the contract shows for developId and order ids. Always strings outside this file.
import { randomInt } from "node:crypto";
import type { Clock } from "./clock.ts";

const EPOCH_MS = 1_420_070_400_000n; // 2015-01-01T00:00:00Z
const NODE_BITS = 10n;
const SEQUENCE_BITS = 12n;
const MAX_SEQUENCE = (1n << SEQUENCE_BITS) - 1n;
const TIME_SHIFT = NODE_BITS + SEQUENCE_BITS;

/** An id's time part: milliseconds since the id epoch (ids are ordered by it). */
export const idTimeOf = (id: string): bigint => BigInt(id) >> TIME_SHIFT;

/** The smallest id with this time part: a cursor that every id issued from that time on passes. */
export const firstIdAt = (time: bigint): string => (time < 0n ? 0n : time << TIME_SHIFT).toString();

export class IdGenerator {
  readonly nodeId: bigint;
  #lastMs = -1n;
  #sequence = 0n;
  readonly #clock: Clock;

  constructor(clock: Clock, nodeId: number = randomInt(0, 1024)) {
    if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId > 1023) throw new RangeError("nodeId must be 0..1023");
    this.nodeId = BigInt(nodeId);
    this.#clock = clock;
  }

  /** The time part of an id issued now (without issuing one). */
  timeNow(): bigint {
    return this.#realMs() - EPOCH_MS;
  }

  // Real time, not the (possibly travelling) test clock: ids must stay unique and ordered.
  #realMs(): bigint {
    return BigInt(Math.max(Date.now(), this.#clock.realNow()));
  }

  /** A new id as a decimal string. */
  next(): string {
    let ms = this.#realMs();
    if (ms < this.#lastMs) ms = this.#lastMs; // wall clock stepped back: keep counting on the last ms
    if (ms === this.#lastMs) {
      this.#sequence = (this.#sequence + 1n) & MAX_SEQUENCE;
      if (this.#sequence === 0n) ms = this.#lastMs + 1n; // 4096 ids in one ms: borrow the next ms
    } else {
      this.#sequence = 0n;
    }
    this.#lastMs = ms;
    return (((ms - EPOCH_MS) << (NODE_BITS + SEQUENCE_BITS)) | (this.nodeId << SEQUENCE_BITS) | this.#sequence).toString();
  }
}

/** The largest bigint (PostgreSQL int8, a Java long upstream): no id is larger. */
export const INT8_MAX = 9_223_372_036_854_775_807n;

/**
 * Whether a decimal text can name a row of a bigint id column. Anything else names no row — and
 * sent as a query parameter it would fail the query (a 50001), so callers answer 40401 instead.
 */
export function isInt8Id(text: string): boolean {
  return /^\d{1,19}$/.test(text) && BigInt(text) <= INT8_MAX;
}
