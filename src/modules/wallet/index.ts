// The wallet module's public face: the developer balance as a double-entry ledger.
export { WalletService, type DeveloperLookup, type MoneyMove, type WalletDeps } from "./service.ts";
export { registerWalletAdminRoutes } from "./admin-routes.ts";
export { registerDeveloperWalletRoutes } from "./routes.ts";
export { TRANSACTION_KINDS, SYSTEM_ACCOUNT, type Balance, type LedgerEntry, type Statement, type TransactionKind } from "./model.ts";
