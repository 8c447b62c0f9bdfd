// The callbacks module's public face: the developer's endpoint, message delivery with retries, the
// delivery log, replays, the feed and the live stream.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerCallbackAdminRoutes, registerCallbackRoutes } from "./routes.ts";
import type { CallbackService } from "./service.ts";
export { CallbackService } from "./service.ts";
export { callbackExtensionOn } from "./endpoint.ts";
export { RETRY_EVENT_KIND } from "./delivery.ts";
export type { CallbackDeps, RetryScheduler } from "./deps.ts";
export { CallbackDispatcher } from "./dispatcher.ts";
export * from "./model.ts";

/** The callbacks module's routes: the developer's own endpoint and messages (signed), any developer's (operator). */
export function callbacksModule(deps: { callbacks: CallbackService }): ModulePlugins {
  return {
    signed: async (app) => registerCallbackRoutes(app, deps.callbacks),
    operator: async (app) => registerCallbackAdminRoutes(app, deps.callbacks),
  };
}
