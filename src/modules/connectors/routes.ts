// Operators configure, authorize and watch the real connectors under /admin/connectors (and
// `openpon connector …` speaks to these routes); upstreams push to /upstream/{connector}/push.
import { Type } from "typebox";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import { ApiError } from "../../platform/http/errors.ts";
import { okOperator, type App } from "../../platform/http/server.ts";
import type { LiveConnectors } from "./service.ts";

const tags = ["operator: connectors"];
const NameParam = Type.Object({ name: Type.String({ pattern: "^[a-z0-9-]{1,40}$", description: "taobao-global or alibaba-1688" }) });

const Tuning = Type.Object(
  {
    ratePerSec: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: "sustained upstream calls per second (token bucket per app key)" })),
    burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
    pollEverySec: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: "seconds between polls for changed orders; 0 = no polling" })),
    trackEverySec: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: "seconds between reads of an order whose parcel is on its way; 0 = only when pushed or polled" })),
  },
  { additionalProperties: false },
);

const ConfigureBody = Type.Object(
  {
    appKey: Type.String({ minLength: 1, maxLength: 64 }),
    appSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "required for a new connector or a new app key; kept sealed, never shown" })),
    baseUrl: Type.Optional(Type.String({ maxLength: 500, description: "the API gateway (default: the upstream's production gateway)" })),
    authorizeUrl: Type.Optional(Type.String({ maxLength: 500 })),
    redirectUri: Type.Optional(Type.String({ maxLength: 500, description: "the app's registered redirect URI" })),
    tuning: Type.Optional(Tuning),
  },
  { additionalProperties: false },
);

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Health = Type.Object({
  connector: Type.String(),
  baseUrl: Type.String(),
  lastCallAt: NullableNumber,
  lastSuccessAt: NullableNumber,
  lastErrorAt: NullableNumber,
  lastError: NullableString,
  lastRefusal: NullableString,
  calls: Type.Number({ description: "calls within the health window" }),
  errors: Type.Number(),
  errorRate: Type.Number(),
  circuit: Type.String({ description: "closed, open (calls answer 50201 at once) or half_open" }),
  circuitReason: NullableString,
  accessExpiresAt: NullableNumber,
  refreshExpiresAt: NullableNumber,
  notImplemented: Type.Array(Type.String(), { description: "port methods this connector answers with 50201 not_implemented" }),
});
const StatusView = Type.Object({
  name: Type.String(),
  platform: Type.String(),
  configured: Type.Boolean(),
  authorized: Type.Boolean(),
  problem: NullableString,
  appKey: NullableString,
  baseUrl: NullableString,
  redirectUri: NullableString,
  tuning: Tuning,
  pollEverySec: Type.Number(),
  pollCursor: NullableNumber,
  lastPollAt: NullableNumber,
  lastPollError: NullableString,
  pushes: Type.Object({ accepted: Type.Number(), refused: Type.Number(), lastAt: NullableNumber, lastRefusal: NullableString }),
  health: Type.Union([Health, Type.Null()]),
});

export function registerConnectorAdminRoutes(app: App, connectors: LiveConnectors): void {
  app.get(
    "/admin/connectors",
    { schema: { tags, summary: "Every real connector: configured, authorized, health, polls and pushes", response: envelopeResponse(Type.Array(StatusView), [], false) } },
    async (request) => okOperator(request, await connectors.statuses()),
  );
  app.get(
    "/admin/connectors/:name",
    { schema: { tags, summary: "One connector's status", params: NameParam, response: envelopeResponse(StatusView, [40401], false) } },
    async (request) => okOperator(request, await connectors.status(request.params.name)),
  );
  app.put(
    "/admin/connectors/:name",
    {
      schema: {
        tags,
        summary: "Configure a connector (app key and secret, gateway, tuning)",
        description: "The secret is sealed with the master key and never shown again. A new app key drops the stored tokens: authorize again.",
        params: NameParam,
        body: ConfigureBody,
        response: envelopeResponse(StatusView, [40002, 40401], false),
      },
    },
    async (request) => okOperator(request, await connectors.configure(request.params.name, request.body)),
  );
  app.delete(
    "/admin/connectors/:name",
    { schema: { tags, summary: "Forget a connector's settings and tokens (live developers then get 50201)", params: NameParam, response: envelopeResponse(Type.Null(), [40401], false) } },
    async (request) => {
      await connectors.remove(request.params.name);
      return okOperator(request, null);
    },
  );
  app.get(
    "/admin/connectors/:name/authorize",
    {
      schema: {
        tags,
        summary: "The page to open to authorize the app",
        description: "Open `url`, approve, and give the `code` of the redirect to POST …/authorize (with this `state`).",
        params: NameParam,
        response: envelopeResponse(Type.Object({ url: Type.String(), state: Type.String() }), [40401, 40901], false),
      },
    },
    async (request) => okOperator(request, await connectors.authorizeLink(request.params.name)),
  );
  app.post(
    "/admin/connectors/:name/authorize",
    {
      schema: {
        tags,
        summary: "Exchange the authorization code for tokens (stored sealed, refreshed before they expire)",
        params: NameParam,
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 512 }), state: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: envelopeResponse(StatusView, [40002, 40401, 40901, 50201], false),
      },
    },
    async (request) => okOperator(request, await connectors.authorize(request.params.name, request.body.code, request.body.state)),
  );
  app.post(
    "/admin/connectors/:name/poll",
    { schema: { tags, summary: "Poll the upstream for changed orders now", params: NameParam, response: envelopeResponse(StatusView, [40401, 40901], false) } },
    async (request) => okOperator(request, await connectors.pollNow(request.params.name)),
  );
  app.get(
    "/admin/connectors/:name/pushes",
    {
      schema: {
        tags,
        summary: "The latest pushes received from the upstream, accepted or refused (with why)",
        params: NameParam,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: envelopeResponse(Type.Array(Type.Object({ id: Type.String(), at: Type.Number(), accepted: Type.Boolean(), note: Type.String(), orders: Type.Number() })), [40401], false),
      },
    },
    async (request) => okOperator(request, await connectors.pushes(request.params.name, request.query.limit)),
  );
}

/** The upstreams' pushes: the raw body is kept for the signature; the answer is what the upstream expects. */
export async function registerPushRoutes(app: App, connectors: LiveConnectors): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.post(
    "/upstream/:name/push",
    {
      schema: {
        tags: ["upstream pushes"],
        summary: "Where an upstream marketplace pushes its messages (verified, then the orders they name are read and followed)",
        params: NameParam,
      },
    },
    async (request, reply) => {
      const headers: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(request.headers)) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const ack = await connectors.receivePush(request.params.name, { path: request.url.split("?")[0]!, query: request.query as Record<string, string>, headers, rawBody });
        return reply.code(ack.status).type(ack.contentType).send(ack.body);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return reply.code(err.code === 40401 ? 404 : 401).type("application/json; charset=utf-8").send({ code: err.code, msg: err.message });
      }
    },
  );
}
