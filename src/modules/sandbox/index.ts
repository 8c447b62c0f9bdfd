// The sandbox control module's public face: test clocks, triggers and resets.
import type { SandboxSeller } from "../../marketplace/sandbox/seller/seller.ts";
import type { ModulePlugins } from "../../platform/http/server.ts";
import type { SandboxClocks } from "./clocks.ts";
import { registerSandboxAdminRoutes, registerSandboxImPage, registerSandboxRoutes, type PurchaseResolver, type ScenarioWord } from "./routes.ts";
export { SandboxClocks, parseDuration, type ClockState, type UserResetHook } from "./clocks.ts";
export type { PurchaseResolver, ScenarioWord } from "./routes.ts";

export interface SandboxModuleDeps {
  clocks: SandboxClocks;
  seller: SandboxSeller;
  /** Turns an order id given to a trigger into its purchases. */
  resolvePurchases: PurchaseResolver;
  /** Throws 40401 for an unknown developer (operator routes). */
  developerExists: (id: string) => Promise<unknown>;
  /** Throws 40401 unless the user belongs to the developer (operator routes). */
  userOf: (developerId: string, userId: string) => Promise<unknown>;
  /** Every scenario word the sandbox honours: the sellers' (orders) and the warehouse's (parcels). */
  scenarios: readonly ScenarioWord[];
}

/** The sandbox module's routes: the developer's own clock and triggers (signed), any developer's (operator), the sellers' chat page (public). */
export function sandboxModule(deps: SandboxModuleDeps): ModulePlugins {
  return {
    signed: async (app) => registerSandboxRoutes(app, deps.clocks, deps.seller, deps.resolvePurchases, deps.scenarios),
    public: async (app) => registerSandboxImPage(app),
    operator: async (app) => registerSandboxAdminRoutes(app, deps.clocks, deps.seller, deps.resolvePurchases, deps.developerExists, deps.userOf),
  };
}
