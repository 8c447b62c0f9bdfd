// The orders module's public face: the app, the sandbox, tests and benches import from here only.
export { OrdersService, type PageQuery } from "./taobao/service.ts";
export { registerCommerceRoutes, registerOrderRoutes } from "./taobao/routes.ts";
export { registerCommerceAdminRoutes } from "./taobao/admin-routes.ts";
export { TaobaoCommerce, type CommerceDeps, type PayResult } from "./taobao/commerce.ts";
export * from "./taobao/model.ts";
export type { OrderV2VO } from "./taobao/view.ts";
