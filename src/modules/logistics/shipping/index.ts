// The shipping part of warehouse logistics: its service, its routes (signed freight endpoints,
// operator lines) and what other parts may use.
import type { ModulePlugins } from "../../../platform/http/server.ts";
import { registerShippingAdminRoutes } from "./admin-routes.ts";
import { registerShippingRoutes } from "./routes.ts";
import type { ShippingService } from "./service.ts";
export { ShippingService, type ShippingDeps } from "./service.ts";
export type { GoodsDefaults } from "./goods.ts";
export { ReceiverAddress, FreightInfo } from "./schemas.ts";
export { isCountryCode, isCurrencyCode } from "./countries.ts";

export function shippingModule(deps: { shipping: ShippingService }): ModulePlugins {
  return {
    signed: async (app) => registerShippingRoutes(app, deps.shipping),
    operator: async (app) => registerShippingAdminRoutes(app, deps.shipping),
  };
}
