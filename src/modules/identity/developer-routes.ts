// The developer's own key and users (signed, DESIGNED, outside /v2), for the developer console: a new
// Access Secret after proving the current one again, and the developer's sub-accounts (user-ids).
import { Type } from "typebox";
import { ApiError, Code, conflict, notFound } from "../../platform/http/errors.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import { ok, type App } from "../../platform/http/server.ts";
import type { BucketLimits, RateLimiter } from "../../platform/ratelimit.ts";
import { User, UserId } from "./admin-routes.ts";
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

  const tags = ["developer: users"];
  app.get(
    "/developer/users",
    { schema: { tags, summary: "The calling developer's users (sub-accounts), enabled or not", response: envelopeResponse(Type.Array(User), []) } },
    async (request) => ok(request, await identity.listUsers(request.auth!.developerId)),
  );
  app.post(
    "/developer/users",
    {
      schema: {
        tags,
        summary: "Add a user (sub-account): a new user-id the developer's requests may act as",
        body: Type.Object({ userName: Type.String({ minLength: 1, maxLength: 64, description: "unique among the developer's users" }) }, { additionalProperties: false }),
        response: envelopeResponse(User, [40002, 40901]),
      },
    },
    async (request) => ok(request, await identity.addUser(request.auth!.developerId, request.body.userName)),
  );
  for (const action of ["disable", "enable"] as const) {
    app.post(
      `/developer/users/:userId/${action}`,
      {
        schema: {
          tags,
          summary: `${action === "disable" ? "Disable" : "Enable"} one of the developer's users (a disabled user-id answers 40301; its orders and carts are kept)`,
          description: action === "disable" ? "A request cannot disable the user-id it acts as (40901): act as another user to do it." : undefined,
          params: Type.Object({ userId: UserId }),
          response: envelopeResponse(User, [40002, 40401, 40901]),
        },
      },
      async (request) => {
        const { developerId, userId: actingAs } = request.auth!;
        const user = await identity.getUser(request.params.userId).catch(() => undefined);
        if (!user || user.developId !== developerId) throw notFound(`user ${request.params.userId}`);
        if (action === "disable" && user.userId === actingAs) throw conflict("userId: a request cannot disable the user-id it acts as; act as another user");
        return ok(request, await identity.setUserStatus(user.userId, action === "disable" ? "DISABLED" : "ENABLED"));
      },
    );
  }
}
