// The console module: operator accounts, sign-in sessions (operators and developers), the operator
// scope's gate, and the console's pages at /console.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerConsolePages } from "./pages.ts";
import { registerOperatorAdminRoutes, registerSessionRoutes } from "./routes.ts";
import type { ConsoleAuth } from "./service.ts";
export { ConsoleAuth, type ConsoleDeps, type ConsoleDeveloper, type DeveloperDirectory, type OperatorView, type SessionView } from "./service.ts";
export { developerSessionAuth, operatorGate, SESSION_COOKIE, CSRF_HEADER } from "./routes.ts";
export { ROLES, mayCall, type Role } from "./roles.ts";

export function consoleModule(deps: { console: ConsoleAuth; secureCookie: boolean; lifetimeMs: number }): ModulePlugins {
  return {
    public: async (app) => {
      registerSessionRoutes(app, deps.console, { secureCookie: deps.secureCookie, lifetimeMs: deps.lifetimeMs });
      await registerConsolePages(app);
    },
    operator: async (app) => registerOperatorAdminRoutes(app, deps.console),
  };
}
