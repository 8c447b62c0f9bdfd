// The sandbox control module's public face: test clocks, triggers and resets.
export { SandboxClocks, parseDuration, type ClockState, type UserResetHook } from "./clocks.ts";
export { registerSandboxAdminRoutes, registerSandboxImPage, registerSandboxRoutes, type PurchaseResolver } from "./routes.ts";
