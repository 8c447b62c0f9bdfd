// The sandbox control module's public face: test clocks, scheduled events, triggers and resets.
export { SandboxClocks, parseDuration, type AfterCommit, type EventHandler, type ScheduledEvent, type ClockState, type UserResetHook } from "./clocks.ts";
export { registerSandboxAdminRoutes, registerSandboxImPage, registerSandboxRoutes, type PurchaseResolver } from "./routes.ts";
