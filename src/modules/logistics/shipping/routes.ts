// The freight endpoints (foundation-warehouse.md §2.1, §2.2): signed, and also signed by the
// documented query form ?timestamp=&sign= (§2.0).
import { fenToYuan } from "../../../platform/money.ts";
import { ok, sendOkJson, type App } from "../../../platform/http/server.ts";
import { envelopeResponse } from "../../../platform/http/schemas.ts";
import { invalid } from "../../../platform/http/errors.ts";
import { formatCst } from "../../../platform/time.ts";
import type { SignedRouteConfig } from "../../identity/index.ts";
import type { LogisticsOwner } from "../contracts.ts";
import { isCurrencyCode } from "./countries.ts";
import { ItemFreightBody, ItemFreightQuote, RenderBody, RenderView } from "./schemas.ts";
import type { ShippingService } from "./service.ts";
import { countryOf } from "./use-cases/support.ts";
import { Type } from "typebox";

const tags = ["warehouse"];
const config: SignedRouteConfig = { querySignature: true };
const SIGNED_BY_QUERY = " Signed by the five headers, or with `?timestamp=&sign=` in place of the timestamp and signature headers (foundation-warehouse.md §2.0).";

function currencyOf(value: string, field: string): string {
  const code = value.toUpperCase();
  if (!isCurrencyCode(code)) throw invalid(`${field} ${value} is not an ISO 4217 currency code`);
  return code;
}

export function registerShippingRoutes(app: App, shipping: ShippingService): void {
  const ownerOf = (auth: { developerId: string; userId: string; sandbox: boolean }): LogisticsOwner => ({ developerId: auth.developerId, userId: auth.userId, sandbox: auth.sandbox });

  app.post(
    "/v2/open/pp/logistics/itemLogisticsPrice",
    {
      config,
      schema: {
        tags,
        summary: "Item overseas freight estimate",
        description:
          "Quotes of every active shipping service that serves `receiverAddress.country` (and its postcode) and can take the goods, cheapest first; `[]` when none can. The goods are `quantity` units of the SKU as one parcel: the unit weight from the catalogue (0.5 kg when the pair is unknown), a default unit size, attributes (battery, liquid, powder) from the category; a service refusing an attribute, the weight or the size is left out. Read-only." +
          SIGNED_BY_QUERY,
        body: ItemFreightBody,
        response: envelopeResponse(Type.Array(ItemFreightQuote), []),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const country = countryOf(body.receiverAddress.country, "receiverAddress.country");
      currencyOf(body.currency, "currency");
      return sendOkJson(request, reply, [await shipping.estimateJson(ownerOf(request.auth!), { itemId: body.itemId, skuId: body.skuId, quantity: body.quantity, country, zip: body.receiverAddress.zip ?? null })]);
    },
  );

  app.post(
    "/v2/open/pp/logistics/orderRenderFreight",
    {
      config,
      schema: {
        tags,
        summary: "Order overseas freight preview",
        description:
          "Prices each line on its own chosen `freightInfo.serviceId` and keeps the result as a render of the user: `renderId` (\"FF\" + yyyyMMdd + daily sequence), bookable once by orderBookingFreight until `expireTime` (30 minutes, the developer's clock; statuses.md §8.1). A service that is unknown, does not serve the destination or cannot take the line's goods: 40002 naming `renderItems[i].freightInfo.serviceId`. `currency` defaults to CNY and `price` to \"0\"." +
          SIGNED_BY_QUERY,
        body: RenderBody,
        response: envelopeResponse(RenderView, []),
      },
    },
    async (request) => {
      const body = request.body;
      const country = countryOf(body.receiverAddress.country, "receiverAddress.country");
      body.renderItems.forEach((item, i) => currencyOf(item.currency ?? "CNY", `renderItems[${i}].currency`));
      const lines = body.renderItems.map((item) => ({ itemId: item.itemId, skuId: item.skuId, quantity: item.quantity, serviceId: item.freightInfo.serviceId }));
      const rendered = await shipping.render(ownerOf(request.auth!), { country, zip: body.receiverAddress.zip ?? null }, lines);
      return ok(request, {
        renderId: rendered.renderId,
        expireTime: formatCst(rendered.expireAtMs),
        currency: "CNY" as const,
        totalFreight: fenToYuan(rendered.totalFen),
        renderItems: rendered.lines.map((line) => ({
          itemId: line.itemId,
          skuId: line.skuId,
          quantity: line.quantity,
          freightInfo: { serviceId: line.serviceId, companyName: line.companyName, serviceCategory: line.serviceCategory },
          freight: fenToYuan(line.freightFen),
          minDeliveryDays: line.minDeliveryDays,
          maxDeliveryDays: line.maxDeliveryDays,
        })),
      });
    },
  );
}
