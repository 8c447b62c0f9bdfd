// foundation-warehouse.md §2.2 (and §2.4 without a render): each line on its own chosen service, as
// its own parcel. A service that is unknown, inactive, does not serve the destination or cannot take
// the goods is 40002 naming the line's serviceId.
import { invalid } from "../../../../platform/http/errors.ts";
import type { FreightLineRequest, LogisticsOwner, PricedFreightLine } from "../../contracts.ts";
import { quote } from "../pricing.ts";
import { chinaDate, countryOf, ownerNow, type ShippingContext } from "./support.ts";

export async function priceLines(
  ctx: ShippingContext,
  owner: LogisticsOwner,
  destination: { country: string; zip: string | null },
  lines: readonly FreightLineRequest[],
  field: string,
): Promise<{ lines: PricedFreightLine[]; nowMs: number }> {
  const country = countryOf(destination.country, "receiverAddress.country");
  const [snapshot, nowMs] = await Promise.all([ctx.lines.snapshot(), ownerNow(ctx, owner)]);
  const date = chinaDate(nowMs);
  // Services first (no catalogue call for a request that names an unknown one).
  const services = lines.map((line, i) => {
    const service = snapshot.byId.get(line.serviceId);
    if (!service) throw invalid(`${field}[${i}].freightInfo.serviceId ${line.serviceId} is not a shipping service`);
    return service;
  });
  const goods = await Promise.all(lines.map((line) => ctx.goods.goods(owner.sandbox, line.itemId, line.skuId, line.quantity)));
  const priced = lines.map((line, i): PricedFreightLine => {
    const service = services[i]!;
    const result = quote(service, { country, zip: destination.zip }, goods[i]!, date);
    if (!result.ok) throw invalid(`${field}[${i}].freightInfo.serviceId: ${result.message}`);
    return {
      itemId: line.itemId,
      skuId: line.skuId,
      quantity: line.quantity,
      serviceId: service.serviceId,
      companyName: service.companyName,
      serviceCategory: service.serviceCategory,
      freightFen: result.totalFen,
      chargeableWeightG: result.chargeableWeightG,
      weightG: goods[i]!.weightG,
      minDeliveryDays: result.minDeliveryDays,
      maxDeliveryDays: result.maxDeliveryDays,
    };
  });
  return { lines: priced, nowMs };
}
