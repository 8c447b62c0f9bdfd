// The callbacks module's public face: the developer's endpoint, message delivery with retries, the
// delivery log, replays, the feed and the live stream.
export { CallbackService } from "./service.ts";
export { RETRY_EVENT_KIND } from "./delivery.ts";
export type { CallbackDeps, RetryScheduler } from "./deps.ts";
export { CallbackDispatcher } from "./dispatcher.ts";
export { registerCallbackAdminRoutes, registerCallbackRoutes } from "./routes.ts";
export * from "./model.ts";
