// foundation-warehouse.md §2.1: every active line serving the destination that can take the goods,
// priced for `quantity` units as one parcel, cheapest first; [] when none can.
import type { LogisticsOwner } from "../../contracts.ts";
import { byPrice, quote, type Quote } from "../pricing.ts";
import { chinaDate, ownerNow, type ShippingContext } from "./support.ts";

export interface EstimateInput {
  itemId: string;
  skuId: string;
  quantity: number;
  country: string;
  zip: string | null;
}

export interface Estimate {
  quote: Quote;
  companyName: string;
  serviceCategory: string;
}

export async function estimate(ctx: ShippingContext, owner: LogisticsOwner, input: EstimateInput): Promise<Estimate[]> {
  const lines = (await ctx.lines.snapshot()).activeByCountry(input.country);
  // The date only matters to dated surcharges (a monthly fuel percentage): without one the
  // developer's clock is not read.
  const dated = lines.some((line) => line.surcharges.some((s) => s.validFrom !== null || s.validTo !== null));
  const [goods, nowMs] = await Promise.all([ctx.goods.goods(owner.sandbox, input.itemId, input.skuId, input.quantity), dated ? ownerNow(ctx, owner) : ctx.clock.now()]);
  const date = chinaDate(nowMs);
  const to = { country: input.country, zip: input.zip };
  const found: Estimate[] = [];
  for (const line of lines) {
    const priced = quote(line, to, goods, date);
    if (priced.ok) found.push({ quote: priced, companyName: line.companyName, serviceCategory: line.serviceCategory });
  }
  return found.sort((a, b) => byPrice(a.quote, b.quote));
}
