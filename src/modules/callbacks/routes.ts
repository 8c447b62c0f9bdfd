// The callback console (protocol.md §7.2: "not part of the /v2 contract"): the developer's own, signed
// like every call, under /developer/callback; and the operator's, for any developer, under /admin.
import { Type, type TSchema } from "typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { conflict, invalid } from "../../platform/http/errors.ts";
import { DevelopId, envelopeResponse, PlainText, ID_PATTERN, ID_DIGITS } from "../../platform/http/schemas.ts";
import { idTimeOf } from "../../platform/ids.ts";
import { DurationError, parseDuration } from "../../platform/time.ts";
import { ok, okOperator, type App } from "../../platform/http/server.ts";
import { ATTEMPT_ERROR_KINDS, CALLBACK_EXTENSIONS, MESSAGE_STATUSES, MESSAGE_TYPES, type ExtensionsView, type MessageStatus } from "./model.ts";
import type { CallbackService } from "./service.ts";

const MOMENT_RANGE = "from year 1 to 9999 (epoch ms at most 253402300799999)";
const Ms = (description: string) => Type.Integer({ description });
const NullableMs = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });

const Endpoint = Type.Object({
  developId: Type.String(),
  url: Type.Union([Type.String(), Type.Null()], { description: "the verified callback URL; null = none (messages are logged as NO_ENDPOINT)" }),
  verifiedAt: NullableMs("when the saved URL passed verification, epoch ms"),
  signingSecret: Type.String({ description: "Standard Webhooks secret (whsec_…) of the webhook-signature header" }),
  allowsPrivate: Type.Boolean({ description: "plain http and private or loopback addresses allowed (sandbox developers, or CALLBACK_ALLOW_PRIVATE)" }),
});
const Verification = Type.Object({
  ok: Type.Boolean({ description: "HTTP 200 within the timeout" }),
  url: Type.String(),
  messageId: Type.String(),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  errorKind: Type.Union([Type.String({ enum: [...ATTEMPT_ERROR_KINDS] }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  latencyMs: Type.Integer(),
});
const Attempt = Type.Object({
  round: Type.Integer({ description: "1, then +1 for every replay" }),
  attempt: Type.Integer({ description: "1 to CALLBACK_MAX_ATTEMPTS within a round" }),
  at: Ms("moment of the attempt on the developer's clock (the envelope timestamp), epoch ms"),
  url: Type.String(),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  errorKind: Type.Union([Type.String({ enum: [...ATTEMPT_ERROR_KINDS] }), Type.Null()], { description: "null = delivered" }),
  error: Type.Union([Type.String(), Type.Null()]),
  latencyMs: Type.Integer(),
});
const Status = Type.String({ enum: [...MESSAGE_STATUSES] });
const Message = Type.Object({
  eventId: Type.String({ description: "the outbox event (time-ordered; cursor of pages and feed)" }),
  messageId: Type.String({ description: "X-Message-Id and webhook-id" }),
  messageType: Type.String(),
  messagePlatform: Type.Integer(),
  status: Status,
  round: Type.Integer(),
  attempts: Type.Integer(),
  nextAttemptAt: NullableMs("when the next attempt is due (sandbox retries: on the test clock)"),
  createdAt: Ms("epoch ms"),
  deliveredAt: NullableMs("epoch ms"),
  lastHttpStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  attemptLog: Type.Array(Attempt),
});
const MessageWithBody = Type.Object({ ...Message.properties, messageBody: Type.Unknown({ description: "the messageBody object" }) });
const Page = Type.Object({
  items: Type.Array(Message),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: "pass as cursor for the next (older) page; null at the end" }),
});
const FeedItem = Type.Object({
  eventId: Type.String(),
  messageId: Type.String(),
  messageType: Type.String(),
  messagePlatform: Type.Integer(),
  messageBody: Type.Unknown(),
  createdAt: Ms("epoch ms"),
  status: Status,
});
const Feed = Type.Object({
  items: Type.Array(FeedItem),
  nextCursor: Type.String({ description: "pass as after to continue; the same value when nothing new" }),
});
const ListQuery = Type.Object({
  type: Type.Optional(PlainText("type", { maxLength: 100, description: "messageType" })),
  status: Type.Optional(Status),
  failed: Type.Optional(Type.Boolean({ description: "only FAILED messages" })),
  from: Type.Optional(PlainText("from", { maxLength: 40, description: `created at or after: epoch ms, an ISO date, or a duration ago ("2h"); ${MOMENT_RANGE}` })),
  to: Type.Optional(PlainText("to", { maxLength: 40, description: "created before: same forms as from" })),
  cursor: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "cursor must be an eventId" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
const FeedQuery = Type.Object({
  after: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "after must be an eventId", description: "cursor: the last eventId seen" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
const UrlBody = Type.Object({ url: PlainText("url", { minLength: 1, maxLength: 2048 }) });
const OptionalUrlBody = Type.Object({ url: Type.Optional(PlainText("url", { minLength: 1, maxLength: 2048, description: "default: the saved URL" })) });
const SinceBody = Type.Object({
  since: PlainText("since", { maxLength: 40, description: `epoch ms, an ISO date, or a duration ago ("24h"); ${MOMENT_RANGE}` }),
});
const MessageParams = Type.Object({ messageId: Type.String({ pattern: `^(?:${ID_DIGITS}|[0-9a-f]{32})$`, "x-message": "messageId must be a 32-hex messageId or an eventId" }) });
const Resent = Type.Object({ resent: Type.Integer(), eventIds: Type.Array(Type.String()) });

/**
 * The moments from / to / since may name: years 1 to 9999. Both databases store them; a JS Date
 * ends at 8.64e15 ms (year 275760), PGlite cannot read the ISO text of a year past 9999 and
 * PostgreSQL none before 4713 BC, each a 50001 once in a query.
 */
const MOMENT_MIN = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
const MOMENT_MAX = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** epoch ms, ISO date, or a duration back from now ("2h"), within MOMENT_MIN..MOMENT_MAX. */
export function parseMoment(value: string, now: number, field: string): number {
  const text = value.trim();
  const outOfRange = () => invalid(`${field} must be an ISO date, epoch ms or a duration like "2h" within the supported date range (years 1 to 9999)`);
  let moment: number;
  if (/^\d{12,}$/.test(text)) moment = Number(text);
  else if (/^\d+(ms|s|m|h|d|w)(\d+(ms|s|m|h|d|w))*$/.test(text)) {
    try {
      moment = now - parseDuration(text);
    } catch (err) {
      if (err instanceof DurationError) throw outOfRange(); // the form matched: only its size can be wrong
      throw err;
    }
  } else {
    moment = Date.parse(text);
    if (Number.isNaN(moment)) throw invalid(`${field} must be epoch ms, an ISO date or a duration such as "2h"`);
  }
  if (!(moment >= MOMENT_MIN && moment <= MOMENT_MAX)) throw outOfRange();
  return moment;
}

type ListQueryT = { type?: string; status?: string; failed?: boolean; from?: string; to?: string; cursor?: string; limit?: number };
function filterOf(q: ListQueryT, now: number) {
  return {
    type: q.type,
    // failed=true is the FAILED status (it wins over a status given beside it).
    status: q.failed === true ? ("FAILED" as const) : (q.status as MessageStatus | undefined),
    from: q.from === undefined ? undefined : parseMoment(q.from, now, "from"),
    to: q.to === undefined ? undefined : parseMoment(q.to, now, "to"),
    cursor: q.cursor,
    limit: q.limit,
  };
}

const STREAM_OVERLAP_MS = 5000;
const STREAM_HEARTBEAT_MS = 15_000;
const STREAM_BATCH = 500;

/** Server-sent events of a developer's messages as they are created (`openpon listen`). */
async function stream(service: CallbackService, developerId: string, after: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  // "connection: close": the socket ends with the stream (a shutdown need not wait for it to idle out).
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "close", "x-accel-buffering": "no" });
  let cursor = after ?? service.nowCursor();
  const seen = new Map<string, bigint>(); // eventId → its time part, forgotten after the overlap
  let closed = false;
  let first = true;
  let wake: (() => void) | undefined;
  const onDue = () => wake?.();
  const onClosing = () => {
    closed = true;
    wake?.();
  };
  service.changes.on("due", onDue);
  service.changes.once("closing", onClosing);
  request.raw.on("close", onClosing);
  res.write(`: connected ${cursor}\n\n`);
  let lastWrite = Date.now();
  try {
    while (!closed) {
      const messages = await service.recent(developerId, cursor, STREAM_OVERLAP_MS, STREAM_BATCH);
      let fresh = 0;
      for (const m of messages) {
        if (seen.has(m.eventId)) continue;
        seen.set(m.eventId, idTimeOf(m.eventId));
        if (first && BigInt(m.eventId) <= BigInt(cursor)) continue; // at or before the starting cursor: not asked for
        res.write(`id: ${m.eventId}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`);
        lastWrite = Date.now();
        if (BigInt(m.eventId) > BigInt(cursor)) {
          cursor = m.eventId;
          fresh++;
        }
      }
      first = false;
      const horizon = idTimeOf(cursor) - BigInt(STREAM_OVERLAP_MS);
      for (const [id, ms] of seen) if (ms < horizon) seen.delete(id);
      if (fresh >= STREAM_BATCH) continue;
      if (Date.now() - lastWrite > STREAM_HEARTBEAT_MS) {
        res.write(": heartbeat\n\n");
        lastWrite = Date.now();
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } catch (err) {
    request.log.warn({ err }, "callback stream failed");
  } finally {
    service.changes.off("due", onDue);
    service.changes.off("closing", onClosing);
    res.end();
  }
}

function developerRoutes(app: App, service: CallbackService, prefix: string, who: (request: FastifyRequest) => Promise<string> | string, reply: typeof ok | typeof okOperator, auth: boolean, tags: string[]) {
  const env = <T extends TSchema>(schema: T, codes: Parameters<typeof envelopeResponse>[1]) => envelopeResponse(schema, codes, auth);
  // The schemas above document the data; the handlers are shared by both surfaces, so typed loosely.
  const answer = (request: FastifyRequest, data: unknown) => reply(request, data) as never;
  const params = auth ? {} : { params: Type.Object({ developId: DevelopId }) };
  const withMessage = auth ? { params: MessageParams } : { params: Type.Object({ developId: DevelopId, ...MessageParams.properties }) };
  const now = () => Date.now();

  app.get(prefix, { schema: { tags, summary: "Show the callback URL and the signing secret", ...params, response: env(Endpoint, [40401]) } }, async (request) =>
    answer(request, await service.show(await who(request))),
  );
  app.route({
    method: auth ? "POST" : "PUT",
    url: prefix,
    schema: {
        tags,
      summary: "Set the callback URL (verified first; saved only after HTTP 200)",
      description:
        "Sends a CALLBACK_URL_VERIFY message (protocol.md §7.2) to the URL, signed like every message; the URL is saved only when it answers HTTP 200 within the timeout. Otherwise 50201 and nothing changes. HTTPS only, except for sandbox developers (or CALLBACK_ALLOW_PRIVATE).",
      ...params,
      body: UrlBody,
        response: env(Type.Object({ ...Endpoint.properties, verification: Verification }), [40002, 40401, 50201]),
    },
    handler: async (request) => answer(request, await service.set(await who(request), (request.body as { url: string }).url)),
  });
  app.post(
    prefix + "/verify",
    {
      schema: { tags, summary: "Send the verify message to a URL (default: the saved one) without saving", ...params, body: OptionalUrlBody, response: env(Verification, [40002, 40401]) },
    },
    async (request) => answer(request, await service.verify(await who(request), (request.body as { url?: string }).url)),
  );
  app.post(prefix + "/remove", { schema: { tags, summary: "Remove the callback URL (messages are then logged as NO_ENDPOINT)", ...params, response: env(Endpoint, [40401]) } }, async (request) =>
    answer(request, await service.remove(await who(request))),
  );
  const extensionsDescription =
    "Callback families beyond PandaPon's, each off until opted in (receivers written for PandaPon see nothing new): `warehouse` sends WAREHOUSE_ITEM_STATUS_MODIFY on every change of a warehouse item, one message per item and change (body: the item as GET /warehouse/items/{id} shows it, without history, plus `previousState`; messagePlatform 0 Taobao, 1 1688, 0 for goods bought elsewhere), and PARCEL_STATUS_MODIFY on every status change of an international logistics order (body: the order as GET /logistics/parcels/{id} shows it plus `previousStatus`; messagePlatform 0).";
  const Extensions = Type.Object(
    Object.fromEntries(CALLBACK_EXTENSIONS.map((family) => [family, Type.Boolean()])) as Record<(typeof CALLBACK_EXTENSIONS)[number], ReturnType<typeof Type.Boolean>>,
  );
  app.get(prefix + "/extensions", { schema: { tags, summary: "The callback families beyond PandaPon's and whether each is on", description: extensionsDescription, ...params, response: env(Extensions, [40401]) } }, async (request) =>
    answer(request, await service.extensions(await who(request))),
  );
  app.route({
    // Signed: POST (what the SDK sends) or PUT; operators: PUT.
    method: auth ? ["PUT", "POST"] : "PUT",
    url: prefix + "/extensions",
    schema: {
        tags,
        summary: "Opt in or out of callback families beyond PandaPon's",
        description: `${extensionsDescription} Families left out keep their setting.`,
        ...params,
        body: Type.Partial(Extensions, { additionalProperties: false }),
        response: env(Extensions, [40002, 40401]),
    },
    handler: async (request) => answer(request, await service.setExtensions(await who(request), request.body as Partial<ExtensionsView>)),
  });
  app.get(
    prefix + "/messages",
    { schema: { tags, summary: "Delivery log: messages with their attempts, newest first", ...params, querystring: ListQuery, response: env(Page, [40002, 40401]) } },
    async (request) => answer(request, await service.listMessages(await who(request), filterOf(request.query as ListQueryT, now()))),
  );
  app.get(
    prefix + "/messages/:messageId",
    { schema: { tags, summary: "One message (by messageId or eventId) with its body and attempts", ...withMessage, response: env(MessageWithBody, [40002, 40401]) } },
    async (request) => answer(request, await service.getMessage(await who(request), (request.params as { messageId: string }).messageId)),
  );
  app.post(
    prefix + "/messages/:messageId/resend",
    { schema: { tags, summary: "Send a message again (a new round of attempts, same X-Message-Id)", ...withMessage, response: env(MessageWithBody, [40002, 40401, 40901]) } },
    async (request) => answer(request, await service.resend(await who(request), (request.params as { messageId: string }).messageId)),
  );
  app.post(
    prefix + "/resend",
    { schema: { tags, summary: "Send every FAILED message created since a moment again", ...params, body: SinceBody, response: env(Resent, [40002, 40401]) } },
    async (request) => answer(request, await service.resendFailed(await who(request), parseMoment((request.body as { since: string }).since, now(), "since"))),
  );
  app.post(
    prefix + "/test",
    {
      schema: {
        tags,
        summary: "Send test messages (body {\"test\": true, …}) through the normal delivery path",
        description: auth ? "Sandbox developers only (40901 otherwise)." : "Any developer.",
        ...params,
        body: Type.Object({
          messageType: Type.Optional(Type.String({ enum: Object.keys(MESSAGE_TYPES), description: "default TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY" })),
          count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
        }),
        response: env(Type.Object({ eventIds: Type.Array(Type.String()) }), [40002, 40401, 40901]),
      },
    },
    async (request) => {
      if (auth && !request.auth!.sandbox) throw conflict("test messages are for sandbox developers; operators can send them to anyone");
      return answer(request, await service.sendTest(await who(request), request.body as { messageType?: string; count?: number }));
    },
  );
  app.get(
    prefix + "/feed",
    {
      schema: {
        tags,
        summary: "Catch-up feed: messages after a cursor, oldest first, whatever their delivery status",
        description: "For receivers that were down: read pages until nextCursor stops moving; keep the last cursor. Messages younger than 2 s appear on a later call.",
        ...params,
        querystring: FeedQuery,
        response: env(Feed, [40002, 40401]),
      },
    },
    async (request) => {
      const q = request.query as { after?: string; limit?: number };
      return answer(request, await service.feed(await who(request), q.after, q.limit));
    },
  );
}

/** Signed routes of the developer's own callbacks (register inside the signed plugin). */
export function registerCallbackRoutes(app: App, service: CallbackService): void {
  const tags = ["developer: callbacks"];
  developerRoutes(app, service, "/developer/callback", (request) => request.auth!.developerId, ok, true, tags);
  // Open streams end before the server waits for its connections to finish.
  app.addHook("preClose", (done) => {
    service.changes.emit("closing");
    done();
  });
  app.get(
    "/developer/callback/stream",
    {
      schema: {
        tags,
        summary: "Server-sent events: the developer's messages as they are created (openpon listen)",
        description:
          "text/event-stream. Each `message` event's data is {eventId, messageId, messageType, messagePlatform, body}, where body is the exact delivery body a callback would carry now. Pass after=<eventId> to resume.",
        querystring: Type.Object({ after: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "after must be an eventId" })) }),
      },
    },
    async (request, reply) => stream(service, request.auth!.developerId, (request.query as { after?: string }).after, request, reply),
  );
}

/** Operator routes for any developer's callbacks (the CLI's `openpon callback …`). */
export function registerCallbackAdminRoutes(app: App, service: CallbackService): void {
  developerRoutes(app, service, "/admin/developers/:developId/callback", (request) => (request.params as { developId: string }).developId, okOperator, false, ["operator: callbacks"]);
}
