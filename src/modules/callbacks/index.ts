// The callbacks module's public face: the developer's endpoint, message delivery with retries, the
// delivery log, replays, the feed and the live stream.
export { CallbackService, CALLBACK_CHANNEL, RETRY_EVENT_KIND, type CallbackDeps } from "./service.ts";
export { CallbackDispatcher } from "./dispatcher.ts";
export { registerCallbackAdminRoutes, registerCallbackRoutes } from "./routes.ts";
export * from "./model.ts";
