// International logistics orders' public face: the service, its routes (signed §2.3, §2.4 and the
// integrators' view; the operators' /admin), and what the CLI and the sandbox docs read.
import type { ModulePlugins } from "../../../platform/http/server.ts";
import { registerParcelAdminRoutes } from "./admin-routes.ts";
import type { Parcels } from "./parcels.ts";
import { registerParcelRoutes } from "./routes.ts";
export { Parcels } from "./parcels.ts";
export type { ParcelDeps, ParcelClocks } from "./deps.ts";
export { PARCEL_SCENARIOS, type ParcelScenario } from "./sandbox.ts";
export { ParcelStatus, PARCEL_STATUSES, TRACKING_STATUSES, PARCEL_STATUS_MESSAGE } from "./model.ts";
export { ParcelSummary, ParcelView } from "./schemas.ts";
export type { OwnedSummary, OwnedView } from "./use-cases/read.ts";

export function parcelsModule(deps: { parcels: Parcels }): ModulePlugins {
  return {
    signed: async (app) => registerParcelRoutes(app, deps.parcels),
    operator: async (app) => registerParcelAdminRoutes(app, deps.parcels),
  };
}
