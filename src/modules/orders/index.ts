// The orders module's public face: the app, the sandbox, tests and benches import from here only.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerCommerceAdminRoutes } from "./taobao/admin-routes.ts";
import type { TaobaoCommerce } from "./taobao/commerce.ts";
import { registerCommerceRoutes, registerOrderRoutes } from "./taobao/routes.ts";
import type { OrdersService } from "./taobao/service.ts";
export { OrdersService, type PageQuery } from "./taobao/service.ts";
export { TaobaoCommerce, type CommerceDeps, type PayResult } from "./taobao/commerce.ts";
export * from "./taobao/model.ts";
export type { OrderV2VO } from "./taobao/view.ts";

/** The orders module's routes: reading orders and the buying flow (signed), finance confirmation (operator). */
export function ordersModule(deps: { orders: OrdersService; commerce: TaobaoCommerce }): ModulePlugins {
  return {
    signed: async (app) => {
      registerOrderRoutes(app, deps.orders);
      registerCommerceRoutes(app, deps.commerce);
    },
    operator: async (app) => registerCommerceAdminRoutes(app, deps.commerce),
  };
}
