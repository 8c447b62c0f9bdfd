// foundation-warehouse.md §2.2: prices the lines and keeps them as a render of the user, VALID for 30
// minutes of the developer's clock, booked at most once (statuses.md §8.1).
import type { FreightLineRequest, LogisticsOwner, PricedFreightLine } from "../../contracts.ts";
import { RENDER_TTL_MS } from "../model.ts";
import * as repo from "../repo.ts";
import { priceLines } from "./price-lines.ts";
import { chinaDay, type ShippingContext } from "./support.ts";

export interface Render {
  renderId: string;
  expireAtMs: number;
  totalFen: number;
  lines: PricedFreightLine[];
}

export async function render(
  ctx: ShippingContext,
  owner: LogisticsOwner,
  destination: { country: string; zip: string | null },
  lines: readonly FreightLineRequest[],
): Promise<Render> {
  const priced = await priceLines(ctx, owner, destination, lines, "renderItems");
  const totalFen = priced.lines.reduce((sum, line) => sum + line.freightFen, 0);
  const expireAtMs = priced.nowMs + RENDER_TTL_MS;
  const renderId = await repo.insertRender(ctx.db, {
    day: chinaDay(priced.nowMs),
    developerId: owner.developerId,
    userId: owner.userId,
    country: destination.country.toUpperCase(),
    zip: destination.zip,
    lines: priced.lines,
    totalFen,
    createdAtMs: priced.nowMs,
    expireAtMs,
  });
  return { renderId, expireAtMs, totalFen, lines: priced.lines };
}
