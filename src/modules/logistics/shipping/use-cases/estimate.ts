// foundation-warehouse.md §2.1: every active line serving the destination that can take the goods,
// priced for `quantity` units as one parcel, cheapest first; [] when none can.
import type { LogisticsOwner } from "../../contracts.ts";
import { fenToYuan } from "../../../../platform/money.ts";
import type { StoredLine } from "../model.ts";
import { byPrice, gramsToKg, quote, type Quote } from "../pricing.ts";
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

/** The §2.1 answer's `data` as JSON: from the snapshot's answers when the same estimate was made today. */
export async function estimateJson(ctx: ShippingContext, owner: LogisticsOwner, input: EstimateInput): Promise<string> {
  const snapshot = await ctx.lines.snapshot();
  const lines = snapshot.activeByCountry(input.country);
  const date = chinaDate(await dayOf(ctx, owner, lines));
  const key = JSON.stringify([owner.sandbox, input.itemId, input.skuId, input.quantity, input.country, input.zip, date]);
  const known = snapshot.answers.get(key);
  if (known !== undefined) return known;
  const json = JSON.stringify((await priceAll(ctx, owner, input, lines, date)).map(estimateView));
  snapshot.answers.set(key, json);
  return json;
}

/** One quote as §2.1 shows it (freight in yuan, chargeable weight in kg, both decimal strings). */
function estimateView({ quote, companyName, serviceCategory }: Estimate) {
  return {
    serviceId: quote.serviceId,
    companyName,
    serviceCategory,
    freight: fenToYuan(quote.totalFen),
    currency: "CNY" as const,
    chargeableWeight: gramsToKg(quote.chargeableWeightG),
    minDeliveryDays: quote.minDeliveryDays,
    maxDeliveryDays: quote.maxDeliveryDays,
  };
}

/** The time whose China date prices the goods: the developer's clock only when a line has dated surcharges (a monthly fuel percentage). */
function dayOf(ctx: ShippingContext, owner: LogisticsOwner, lines: readonly StoredLine[]): Promise<number> | number {
  const dated = lines.some((line) => line.surcharges.some((s) => s.validFrom !== null || s.validTo !== null));
  return dated ? ownerNow(ctx, owner) : ctx.clock.now();
}

async function priceAll(ctx: ShippingContext, owner: LogisticsOwner, input: EstimateInput, lines: readonly StoredLine[], date: ReturnType<typeof chinaDate>): Promise<Estimate[]> {
  const goods = await ctx.goods.goods(owner.sandbox, input.itemId, input.skuId, input.quantity);
  const to = { country: input.country, zip: input.zip };
  const found: Estimate[] = [];
  for (const line of lines) {
    const priced = quote(line, to, goods, date);
    if (priced.ok) found.push({ quote: priced, companyName: line.companyName, serviceCategory: line.serviceCategory });
  }
  return found.sort((a, b) => byPrice(a.quote, b.quote));
}
