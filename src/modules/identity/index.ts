// The identity module's public face.
export { IdentityService, IDENTITY_CHANNEL, type NewDeveloper } from "./service.ts";
export { createAuthHooks, timestampToMs, type SignedRouteConfig } from "./authenticate.ts";
export { DatabaseNonceStore, RedisNonceStore, type NonceStore } from "./nonces.ts";
export { registerIdentityAdminRoutes } from "./admin-routes.ts";
export { computeRequestSignature, computeHmacSignature, SIGNATURE_METHOD_HEADER } from "./signature.ts";
export type { Credentials, Developer, User } from "./model.ts";
