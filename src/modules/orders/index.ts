// The orders module's public face.
export { OrdersService, type PageQuery } from "./service.ts";
export { registerOrderRoutes } from "./routes.ts";
export * from "./model.ts";
export type { OrderV2VO } from "./view.ts";
