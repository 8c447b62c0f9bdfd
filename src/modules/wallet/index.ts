// The wallet module's public face: the developer balance as a double-entry ledger.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerWalletAdminRoutes } from "./admin-routes.ts";
import { registerDeveloperWalletRoutes } from "./routes.ts";
import type { WalletService } from "./service.ts";
export { WalletService, type DeveloperLookup, type MoneyMove, type WalletDeps } from "./service.ts";
export { TRANSACTION_KINDS, SYSTEM_ACCOUNT, type Balance, type LedgerEntry, type Statement, type TransactionKind } from "./model.ts";

/** The wallet module's routes: the developer's own wallet (signed), top-ups, adjustments and checks (operator). */
export function walletModule(deps: { wallet: WalletService; developerExists: (id: string) => Promise<unknown> }): ModulePlugins {
  return {
    signed: async (app) => registerDeveloperWalletRoutes(app, deps.wallet),
    operator: async (app) => registerWalletAdminRoutes(app, deps.wallet, deps.developerExists),
  };
}
