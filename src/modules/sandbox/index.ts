// The sandbox control module's public face: test clocks and scheduled events.
export { SandboxClocks, parseDuration, type EventHandler, type ScheduledEvent, type ClockState } from "./clocks.ts";
export { registerSandboxAdminRoutes, registerSandboxRoutes } from "./routes.ts";
