// The logistics module's public face (addresses now; warehouse logistics later).
import type { ModulePlugins } from "../../platform/http/server.ts";
import type { AddressService } from "./addresses.ts";
import { registerAddressRoutes } from "./routes.ts";
export { AddressService, MAX_ADDRESSES_PER_USER, type Address, type AddressInput } from "./addresses.ts";

/** The logistics module's routes: the user's addresses (signed). */
export function logisticsModule(deps: { addresses: AddressService }): ModulePlugins {
  return { signed: async (app) => registerAddressRoutes(app, deps.addresses) };
}

// Shipping: lines, rate tables, freight estimates and renders; the parcels part's FreightPricing.
export { ShippingService, shippingModule, type ShippingDeps, type GoodsDefaults } from "./shipping/index.ts";
export { Warehouse, warehouseModule, DEFAULT_STORAGE_RULE, type InboundView, type ItemView, type SandboxGoodsReader, type StorageRule, type WarehouseSettings } from "./warehouse/index.ts";
export { Parcels, parcelsModule, type ParcelDeps, type OwnedSummary as ParcelSummaryData, type OwnedView as ParcelViewData } from "./parcels/index.ts";
