// The warehouse's public face (within logistics): the service, its routes, and what app.ts configures.
import type { ModulePlugins } from "../../../platform/http/server.ts";
import { registerWarehouseAdminRoutes } from "./admin-routes.ts";
import { registerWarehouseRoutes } from "./routes.ts";
import type { Warehouse } from "./warehouse.ts";
export { Warehouse, type QcInput } from "./warehouse.ts";
export type { SandboxGoodsReader, StoredHandler, WarehouseDeps, WarehouseSettings } from "./deps.ts";
export { DEFAULT_STORAGE_RULE, ITEM_STATUS_MESSAGE, type StorageRule } from "./model.ts";
export type { ItemView, InboundView } from "./view.ts";

/** The warehouse's routes: the integrators' view (signed) and the operators' (/admin). */
export function warehouseModule(deps: { warehouse: Warehouse }): ModulePlugins {
  return {
    signed: async (app) => registerWarehouseRoutes(app, deps.warehouse),
    operator: async (app) => registerWarehouseAdminRoutes(app, deps.warehouse),
  };
}
