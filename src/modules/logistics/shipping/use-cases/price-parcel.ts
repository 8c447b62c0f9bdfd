// The freight of a packed parcel by its measurements (the parcels part prices what it actually
// ships), on the date of real time: the parcel has no owner whose test clock would apply.
import type { MeasuredParcel } from "../../contracts.ts";
import { quote } from "../pricing.ts";
import { chinaDate, type ShippingContext } from "./support.ts";

export async function priceParcel(ctx: ShippingContext, serviceId: string, country: string, parcel: MeasuredParcel, zip: string | null = null): Promise<{ freightFen: number; chargeableWeightG: number } | { refused: string }> {
  const line = (await ctx.lines.snapshot()).byId.get(serviceId);
  if (!line) return { refused: `service ${serviceId} is not a shipping service` };
  const result = quote(line, { country: country.toUpperCase(), zip }, parcel, chinaDate(ctx.clock.now()));
  return result.ok ? { freightFen: result.totalFen, chargeableWeightG: result.chargeableWeightG } : { refused: result.message };
}
