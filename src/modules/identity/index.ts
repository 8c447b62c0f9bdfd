// The identity module's public face.
import type { ModulePlugins } from "../../platform/http/server.ts";
import type { RateLimiter } from "../../platform/ratelimit.ts";
import { registerIdentityAdminRoutes } from "./admin-routes.ts";
import { registerIdentityDeveloperRoutes } from "./developer-routes.ts";
import type { IdentityService } from "./service.ts";
export { IdentityService, IDENTITY_CHANNEL, type NewDeveloper } from "./service.ts";
export { createAuthHooks, timestampToMs, type SessionHolder, type SignedRouteConfig } from "./authenticate.ts";
export { DatabaseNonceStore, RedisNonceStore, type NonceStore } from "./nonces.ts";
export { computeRequestSignature, computeHmacSignature, SIGNATURE_METHOD_HEADER } from "./signature.ts";
export type { Credentials, Developer, User } from "./model.ts";

/** The identity module's routes: developers, keys and users for operators; the developer's own key reset (signed). */
export function identityModule(deps: { identity: IdentityService; rateLimiter: RateLimiter }): ModulePlugins {
  return {
    signed: async (app) => registerIdentityDeveloperRoutes(app, deps.identity, deps.rateLimiter),
    operator: async (app) => registerIdentityAdminRoutes(app, deps.identity),
  };
}
