// Operator API for identity (/admin/...), outside the PandaPon contract. The CLI speaks to it over
// HTTP while a server runs, and in-process when it does not (see src/cli/).
import { Type } from "typebox";
import { okOperator, type App } from "../../platform/http/server.ts";
import { DevelopId, envelopeResponse } from "../../platform/http/schemas.ts";
import type { IdentityService } from "./service.ts";

export const UserId = Type.String({ pattern: "^21\\d{11}$", "x-message": "userId must be 13 digits starting with 21" });

const Developer = Type.Object({
  developId: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal("ENABLED"), Type.Literal("DISABLED")]),
  sandbox: Type.Boolean(),
  rateLimitPerSecond: Type.Union([Type.Integer(), Type.Null()]),
  rateLimitBurst: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
});
export const User = Type.Object({
  userId: Type.String(),
  developId: Type.String(),
  userName: Type.String(),
  status: Type.Union([Type.Literal("ENABLED"), Type.Literal("DISABLED")]),
  createdAt: Type.String(),
});
const Credentials = Type.Object({ developId: Type.String(), accessKey: Type.String(), accessSecret: Type.String() });
const tags = ["operator: identity"];

export function registerIdentityAdminRoutes(app: App, identity: IdentityService): void {
  app.post(
    "/admin/developers",
    {
      schema: {
        tags,
        summary: "Create a developer with its Access Key and Secret (the Secret is shown only here and on reset)",
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          sandbox: Type.Optional(Type.Boolean({ default: true })),
          userName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "also create a first user" })),
        }),
        response: envelopeResponse(Type.Object({ developer: Developer, credentials: Credentials, user: Type.Union([User, Type.Null()]) }), [40002], false),
      },
    },
    async (request) => {
      const created = await identity.createDeveloper(request.body);
      return okOperator(request, { ...created, user: created.user ?? null });
    },
  );

  app.get(
    "/admin/developers",
    {
      schema: {
        tags,
        summary: "List developers",
        response: envelopeResponse(Type.Array(Type.Intersect([Developer, Type.Object({ accessKey: Type.Union([Type.String(), Type.Null()]), users: Type.Integer() })])), [], false),
      },
    },
    async (request) => okOperator(request, await identity.listDevelopers()),
  );

  app.get(
    "/admin/developers/:developId",
    { schema: { tags, summary: "One developer", params: Type.Object({ developId: DevelopId }), response: envelopeResponse(Developer, [40401], false) } },
    async (request) => okOperator(request, await identity.getDeveloper(request.params.developId)),
  );

  for (const [action, status] of [["disable", "DISABLED"], ["enable", "ENABLED"]] as const) {
    app.post(
      `/admin/developers/:developId/${action}`,
      {
        schema: {
          tags,
          summary: `${action === "disable" ? "Disable" : "Enable"} a developer (a disabled developer's key answers 40101)`,
          params: Type.Object({ developId: DevelopId }),
          response: envelopeResponse(Developer, [40401], false),
        },
      },
      async (request) => okOperator(request, await identity.setDeveloperStatus(request.params.developId, status)),
    );
    app.post(
      `/admin/users/:userId/${action}`,
      {
        schema: {
          tags,
          summary: `${action === "disable" ? "Disable" : "Enable"} a user (a disabled user-id answers 40301; its objects are kept)`,
          params: Type.Object({ userId: UserId }),
          response: envelopeResponse(User, [40401], false),
        },
      },
      async (request) => okOperator(request, await identity.setUserStatus(request.params.userId, status)),
    );
  }

  app.put(
    "/admin/developers/:developId/rate-limit",
    {
      schema: {
        tags,
        summary: "Set the developer's token bucket (null = the server default)",
        params: Type.Object({ developId: DevelopId }),
        // Optional: a null member arrives as absent (null members are dropped before validation).
        body: Type.Object({
          perSecond: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
          burst: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
        }),
        response: envelopeResponse(Developer, [40002, 40401], false),
      },
    },
    async (request) => okOperator(request, await identity.setRateLimit(request.params.developId, request.body.perSecond ?? null, request.body.burst ?? null)),
  );

  app.post(
    "/admin/developers/:developId/users",
    {
      schema: {
        tags,
        summary: "Add a user (sub-account) to a developer",
        params: Type.Object({ developId: DevelopId }),
        body: Type.Object({ userName: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: envelopeResponse(User, [40002, 40401, 40901], false),
      },
    },
    async (request) => okOperator(request, await identity.addUser(request.params.developId, request.body.userName)),
  );

  app.get(
    "/admin/developers/:developId/users",
    { schema: { tags, summary: "List a developer's users", params: Type.Object({ developId: DevelopId }), response: envelopeResponse(Type.Array(User), [40401], false) } },
    async (request) => okOperator(request, await identity.listUsers(request.params.developId)),
  );

  app.get(
    "/admin/users/:userId",
    { schema: { tags, summary: "One user", params: Type.Object({ userId: UserId }), response: envelopeResponse(User, [40401], false) } },
    async (request) => okOperator(request, await identity.getUser(request.params.userId)),
  );

  app.get(
    "/admin/developers/:developId/key",
    {
      schema: {
        tags,
        summary: "Show the Access Key; the Secret only with reveal=true",
        params: Type.Object({ developId: DevelopId }),
        querystring: Type.Object({ reveal: Type.Optional(Type.Boolean({ default: false })) }),
        response: envelopeResponse(
          Type.Object({ developId: Type.String(), accessKey: Type.String(), accessSecret: Type.Union([Type.String(), Type.Null()]), rotatedAt: Type.String() }),
          [40401],
          false,
        ),
      },
    },
    async (request) => okOperator(request, await identity.showKey(request.params.developId, request.query.reveal === true)),
  );

  app.post(
    "/admin/developers/:developId/key/reset",
    {
      schema: {
        tags,
        summary: "Reset the Access Secret; the old one stops working at once",
        params: Type.Object({ developId: DevelopId }),
        response: envelopeResponse(Credentials, [40401], false),
      },
    },
    async (request) => okOperator(request, await identity.resetSecret(request.params.developId)),
  );
}
