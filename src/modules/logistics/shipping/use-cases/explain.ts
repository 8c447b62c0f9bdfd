// For operators: what every line (active or not) makes of some goods to a destination — its quote
// with the rule and surcharges that built it, or why it is left out of estimates (inactive, country
// not served, an attribute it refuses, too heavy, too long).
import type { Goods, Quote, Refusal } from "../pricing.ts";
import { quote } from "../pricing.ts";
import { chinaDate, type ShippingContext } from "./support.ts";

export interface CatalogueGoods {
  /** Whose catalogue weighs the goods: the sandbox's or the live one. */
  sandbox: boolean;
  itemId: string;
  skuId: string;
  quantity: number;
}

/** Goods from a catalogue, or typed as measured (the operators' quote simulator). */
export type ExplainInput = ({ catalogue: CatalogueGoods } | { goods: Goods }) & {
  country: string;
  zip: string | null;
  /** The China date surcharges are read at (yyyy-MM-dd); today when absent. */
  date: string | null;
};

export interface Explanation {
  goods: Goods;
  date: string;
  lines: Array<{ serviceId: string; companyName: string; result: Quote | Refusal }>;
}

export async function explain(ctx: ShippingContext, input: ExplainInput): Promise<Explanation> {
  const weigh = async (): Promise<Goods> => {
    if ("goods" in input) return input.goods;
    const { sandbox, itemId, skuId, quantity } = input.catalogue;
    return ctx.goods.goods(sandbox, itemId, skuId, quantity);
  };
  const [snapshot, goods] = await Promise.all([ctx.lines.snapshot(), weigh()]);
  const date = input.date ?? chinaDate(ctx.clock.now());
  const to = { country: input.country, zip: input.zip };
  return { goods, date, lines: snapshot.all.map((line) => ({ serviceId: line.serviceId, companyName: line.companyName, result: quote(line, to, goods, date) })) };
}
