// foundation-warehouse.md §2.1: every active line serving the destination that can take the goods,
// priced for `quantity` units as one parcel, cheapest first; [] when none can.
import type { LogisticsOwner } from "../../contracts.ts";
import { byPrice, quote, type Quote } from "../pricing.ts";
import { chinaDate, type ShippingContext } from "./support.ts";

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
  const [snapshot, goods, nowMs] = await Promise.all([
    ctx.lines.snapshot(),
    ctx.goods.goods(owner.sandbox, input.itemId, input.skuId, input.quantity),
    ctx.clocks.now(owner.developerId),
  ]);
  const date = chinaDate(nowMs);
  const to = { country: input.country, zip: input.zip };
  const found: Estimate[] = [];
  for (const line of snapshot.activeByCountry(input.country)) {
    const priced = quote(line, to, goods, date);
    if (priced.ok) found.push({ quote: priced, companyName: line.companyName, serviceCategory: line.serviceCategory });
  }
  return found.sort((a, b) => byPrice(a.quote, b.quote));
}
