// The console module: operator accounts, sign-in sessions, and the operator scope's gate.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerOperatorAdminRoutes, registerSessionRoutes } from "./routes.ts";
import type { ConsoleAuth } from "./service.ts";
export { ConsoleAuth, type ConsoleDeps, type OperatorView, type SessionView } from "./service.ts";
export { operatorGate, SESSION_COOKIE, CSRF_HEADER } from "./routes.ts";
export { ROLES, mayCall, type Role } from "./roles.ts";

export function consoleModule(deps: { console: ConsoleAuth; secureCookie: boolean; lifetimeMs: number }): ModulePlugins {
  return {
    public: async (app) => registerSessionRoutes(app, deps.console, { secureCookie: deps.secureCookie, lifetimeMs: deps.lifetimeMs }),
    operator: async (app) => registerOperatorAdminRoutes(app, deps.console),
  };
}
