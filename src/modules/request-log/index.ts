// The request-log module: each developer's recent signed calls (the developer console's view).
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerRequestLogAdminRoutes, registerRequestLogRoutes } from "./routes.ts";
import type { RequestLog } from "./service.ts";
export { RequestLog, type RequestLogDeps, type RequestLogEntry, type RequestLogPage, type RequestLogQuery } from "./service.ts";

export function requestLogModule(deps: { log: RequestLog; days: number; developerExists: (id: string) => Promise<unknown> }): ModulePlugins {
  return {
    signed: async (app) => registerRequestLogRoutes(app, deps.log, deps.days),
    operator: async (app) => registerRequestLogAdminRoutes(app, deps.log, deps.days, deps.developerExists),
  };
}
