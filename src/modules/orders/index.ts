// The orders module's public face.
export { OrdersService, type PageQuery } from "./service.ts";
export { registerOrderRoutes } from "./routes.ts";
export { TaobaoCommerce, type CommerceDeps, type PayResult } from "./commerce.ts";
export { registerCommerceAdminRoutes, registerCommerceRoutes } from "./commerce-routes.ts";
export * from "./model.ts";
export type { OrderV2VO } from "./view.ts";
