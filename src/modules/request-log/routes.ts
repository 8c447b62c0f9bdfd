// Reading the request log: the developer's own (signed, GET /developer/requests, DESIGNED, outside
// /v2) and any developer's for operators (GET /admin/developers/{developId}/requests).
import { Type } from "typebox";
import { DevelopId, envelopeResponse, ID_PATTERN } from "../../platform/http/schemas.ts";
import { ok, okOperator, type App } from "../../platform/http/server.ts";
import type { RequestLog, RequestLogQuery } from "./service.ts";

const Entry = Type.Object(
  {
    id: Type.String({ description: "time-ordered id (19 digits); pass the last one seen as `cursor`" }),
    developerId: Type.String(),
    userId: Type.Union([Type.String(), Type.Null()], { description: "the user-id header as sent; null when absent" }),
    method: Type.String(),
    path: Type.String({ description: "the URL path, without the query string (at most 300 characters)" }),
    code: Type.Integer({ description: "the envelope's code (200 = success)" }),
    latencyMs: Type.Number({ description: "time from the request's arrival to the end of the answer, ms" }),
    requestId: Type.String({ description: "the envelope's requestId (also in the server logs)" }),
    msg: Type.Union([Type.String(), Type.Null()], { description: "for a failure, the envelope's msg (the reason of a refusal); null on success" }),
    at: Type.Number({ description: "when it was answered, epoch ms" }),
  },
  { title: "RequestLogEntry" },
);

const Page = Type.Object(
  {
    items: Type.Array(Entry, { description: "newest first" }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: "pass as `cursor` for the next (older) page; null on the last page" }),
  },
  { title: "RequestLogPage" },
);

const Query = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "cursor must be the id of an entry", description: "the previous page's nextCursor" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: "entries per page, 1 to 100" })),
  code: Type.Optional(Type.Integer({ minimum: 0, maximum: 99_999, description: "only entries that ended with this code" })),
  failed: Type.Optional(Type.Boolean({ description: "true: only failures (code ≠ 200); false: only successes" })),
});

function describe(days: number): string {
  return [
    "DESIGNED (openpon extension, outside the PandaPon contract).",
    "Signed calls of the developer, newest first: method, path (no query string), outcome code, latency and, for a failure, the reason as sent in `msg` (wrong signature, skewed timestamp, replayed nonce, missing header, rate limit…).",
    "Refusals with an unknown access-key name no developer and are not recorded. Never a secret, a signature or a body.",
    `Entries appear within about a second and are kept ${days} days (REQUEST_LOG_DAYS).`,
  ].join(" ");
}

export function registerRequestLogRoutes(app: App, log: RequestLog, days: number): void {
  app.get(
    "/developer/requests",
    {
      schema: {
        tags: ["developer: requests"],
        summary: "The developer's recent calls, newest first, with the reason of each refusal",
        description: describe(days),
        querystring: Query,
        response: envelopeResponse(Page, [40002]),
      },
    },
    async (request) => ok(request, await log.list(request.auth!.developerId, request.query as RequestLogQuery)),
  );
}

export function registerRequestLogAdminRoutes(app: App, log: RequestLog, days: number, developerExists: (id: string) => Promise<unknown>): void {
  app.get(
    "/admin/developers/:developId/requests",
    {
      schema: {
        tags: ["operator: identity"],
        summary: "A developer's recent calls, newest first (as GET /developer/requests shows them)",
        description: describe(days),
        params: Type.Object({ developId: DevelopId }),
        querystring: Query,
        response: envelopeResponse(Page, [40002, 40401], false),
      },
    },
    async (request) => {
      const { developId } = request.params as { developId: string };
      await developerExists(developId);
      return okOperator(request, await log.list(developId, request.query as RequestLogQuery));
    },
  );
}
