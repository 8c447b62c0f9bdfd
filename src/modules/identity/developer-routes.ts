// The developer's own key (signed, DESIGNED, outside /v2): a new Access Secret after proving the
// current one again, for the developer console.
import { Type } from "typebox";
import { ApiError, Code } from "../../platform/http/errors.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import { ok, type App } from "../../platform/http/server.ts";
import type { BucketLimits, RateLimiter } from "../../platform/ratelimit.ts";
import type { IdentityService } from "./service.ts";

/** Attempts per developer: 5, then one more every 3 minutes (5 per 15 minutes). */
export const KEY_RESET_LIMITS: BucketLimits = { perSecond: 5 / (15 * 60), burst: 5 };

export function registerIdentityDeveloperRoutes(app: App, identity: IdentityService, rateLimiter: RateLimiter): void {
  app.post(
    "/developer/key/reset",
    {
      schema: {
        tags: ["developer: keys"],
        summary: "Reset the calling developer's Access Secret, re-authenticating with the current one",
        description: [
          "DESIGNED (openpon extension, outside the PandaPon contract). `currentSecret` must be the current Access Secret (compared in constant time), else 40103.",
          "Answers the new Secret; the old one stops working at once, exactly as the operator's POST /admin/developers/{developId}/key/reset.",
          "At most 5 attempts per developer per 15 minutes, right or wrong (42901 beyond).",
        ].join(" "),
        body: Type.Object({ currentSecret: Type.String({ minLength: 1, maxLength: 128, description: "the Access Secret in use now" }) }),
        response: envelopeResponse(Type.Object({ accessKey: Type.String(), accessSecret: Type.String() }, { title: "NewAccessSecret" }), [40103, 42901]),
      },
    },
    async (request) => {
      const { developerId } = request.auth!;
      if (!(await rateLimiter.take(`key-reset:${developerId}`, KEY_RESET_LIMITS))) {
        throw new ApiError(Code.RATE_LIMITED, "too many key reset attempts: at most 5 per 15 minutes");
      }
      const { accessKey, accessSecret } = await identity.resetSecret(developerId, request.body.currentSecret);
      return ok(request, { accessKey, accessSecret });
    },
  );
}
