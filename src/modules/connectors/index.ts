// The connectors module: the operators' real marketplace connectors (settings, authorization,
// health) and the upstreams' pushes.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerConnectorAdminRoutes, registerPushRoutes } from "./routes.ts";
import type { LiveConnectors } from "./service.ts";
export { LiveConnectors, SYNC_JOB, POLL_JOB, type ConnectorStatus, type ConnectorsDeps, type PushLogEntry } from "./service.ts";

export function connectorsModule(deps: { connectors: LiveConnectors }): ModulePlugins {
  return {
    operator: async (app) => registerConnectorAdminRoutes(app, deps.connectors),
    public: async (app) => registerPushRoutes(app, deps.connectors),
  };
}
