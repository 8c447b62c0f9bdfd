// What every shipping use case works with: the database, the clocks, the lines in memory and the
// goods' measurements; and the dates freight is priced on.
import type { Clock } from "../../../../platform/clock.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { invalid } from "../../../../platform/http/errors.ts";
import { formatCst } from "../../../../platform/time.ts";
import type { GoodsMeasure } from "../goods.ts";
import type { LineBook } from "../lines.ts";
import { isCountryCode } from "../countries.ts";
import type { LogisticsOwner } from "../../contracts.ts";

export interface ShippingContext {
  db: Db;
  /** Real time (operators' writes, a parcel priced without an owner). */
  clock: Clock;
  /** The developer's time: the sandbox test clock, real time for live developers. */
  clocks: { now(developerId: string, db?: Db): Promise<number> };
  lines: LineBook;
  goods: GoodsMeasure;
}

/** The owner's time: a sandbox developer's test clock (a query); a live developer's is real time (none). */
export const ownerNow = (ctx: ShippingContext, owner: LogisticsOwner): Promise<number> => (owner.sandbox ? ctx.clocks.now(owner.developerId) : Promise.resolve(ctx.clock.now()));

/** yyyy-MM-dd in China (UTC+8): the date dated surcharges are looked up on. */
export const chinaDate = (ms: number): string => formatCst(ms).slice(0, 10);

/** yyyyMMdd in China (UTC+8): the day part of a render id. */
export const chinaDay = (ms: number): string => chinaDate(ms).replaceAll("-", "");

/** The destination country, upper case, or 40002 naming `field`. */
export function countryOf(value: string, field: string): string {
  const country = value.toUpperCase();
  if (!isCountryCode(country)) throw invalid(`${field} ${value} is not an ISO 3166-1 alpha-2 country code`);
  return country;
}
