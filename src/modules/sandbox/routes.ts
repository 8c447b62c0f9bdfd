// The sandbox control surface (outside the PandaPon contract): the developer's test clock, for the
// developer (signed, under /sandbox) and for operators (under /admin).
import { Type } from "typebox";
import type { FastifyRequest } from "fastify";
import { ApiError, conflict, invalid } from "../../platform/http/errors.ts";
import type { Platform } from "../../marketplace/port.ts";
import { TRIGGERS, type SandboxSeller, type TriggerName } from "../../marketplace/sandbox/seller/seller.ts";
import { DevelopId, envelopeResponse, ID_PATTERN } from "../../platform/http/schemas.ts";
import { ok, okOperator, type App } from "../../platform/http/server.ts";
import { formatCst } from "../../platform/time.ts";
import { parseDuration, type ClockState, type SandboxClocks } from "./clocks.ts";

const tags = ["sandbox"];
const State = Type.Object({
  now: Type.Integer({ description: "the developer's sandbox time, epoch ms" }),
  nowText: Type.String({ description: "yyyy-MM-dd HH:mm:ss, UTC+8" }),
  speed: Type.Number({ description: "how many sandbox seconds pass per real second (0 = stopped)" }),
  pendingEvents: Type.Integer(),
  nextEventAt: Type.Union([Type.Integer(), Type.Null()]),
});
const Advanced = Type.Object({
  ...State.properties,
  from: Type.Integer({ description: "sandbox time before the advance" }),
  to: Type.Integer({ description: "sandbox time the advance moved to (now keeps flowing from there)" }),
  ran: Type.Integer(),
  failed: Type.Integer(),
});
const Duration = Type.Union([Type.String({ maxLength: 32 }), Type.Integer({ minimum: 0 })], {
  "x-message": 'duration must look like "2d", "3h", "90m", "1d12h" or a number of milliseconds',
  description: '"2d", "3h", "90m", "1d12h", "45s" or milliseconds',
});
const SpeedBody = Type.Object({ speed: Type.Number({ minimum: 0, maximum: 1_000_000, description: "0 stops the clock; 60 = a minute per second" }) });

const TriggerBody = Type.Object({
  event: Type.Union(
    TRIGGERS.map((name) => Type.Literal(name)),
    {
      "x-message": `event must be one of ${TRIGGERS.join(", ")}`,
      description:
        "the seller event to make happen now (see the scenario table in the docs); build and build_fail apply to Taobao purchases only, confirm_receipt (the automatic receipt confirmation) to 1688 purchases only",
    },
  ),
  orderId: Type.Optional(
    Type.String({
      pattern: "^\\d{12}$|^\\d{19}$",
      "x-message": "orderId must be a taobaoPurchaseId (12 digits), a Taobao order id or a 1688 orderId (19 digits)",
      description: "a Taobao order (OrderV2VO.id: every shop's purchase in it), one upstream purchase (taobaoPurchaseId, 12 digits), or a 1688 orderId (19 digits); may be left out when refundId is given",
    }),
  ),
  lineId: Type.Optional(Type.String({ pattern: "^\\d{12}$|^\\d{19}$", "x-message": "lineId must be a taobaoSubPurchaseId or a 1688 order entry id", description: "which line (default: the first line the event applies to)" })),
  refundId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "which refund (the platform's refund id; default: the first of the order the event applies to); alone, it names its order too" }),
  ),
});
const Triggered = Type.Object({
  ...State.properties,
  event: Type.String(),
  orderId: Type.String({ description: "the order given, or the refund's upstream purchase when only refundId was" }),
  ran: Type.Integer({ description: "scheduled events run, the triggered one and any follow-ups already due" }),
  failed: Type.Integer(),
});
const Reset = Type.Object({ userId: Type.String(), reset: Type.Boolean() });

const view = (s: ClockState) => ({ now: s.now, nowText: formatCst(s.now), speed: s.speed, pendingEvents: s.pendingEvents, nextEventAt: s.nextEventAt });

function sandboxDeveloper(request: FastifyRequest): string {
  if (!request.auth!.sandbox) throw conflict("test clocks exist only for sandbox developers");
  return request.auth!.developerId;
}

async function advance(clocks: SandboxClocks, developerId: string, duration: string | number) {
  const result = await clocks.advance(developerId, parseDuration(duration));
  return { ...view(await clocks.state(developerId)), from: result.from, to: result.to, ran: result.ran, failed: result.failed };
}

/** The upstream purchases of one of the platform's own orders (a Taobao OrderV2VO.id), if it is one. */
export type PurchaseResolver = (developerId: string, orderId: string, userId?: string) => Promise<Array<{ platform: Platform; orderId: string }>>;

async function trigger(
  seller: SandboxSeller,
  clocks: SandboxClocks,
  resolve: PurchaseResolver,
  developerId: string,
  body: { event: string; orderId?: string; lineId?: string; refundId?: string },
  /** The signed caller's user-id: a developer's call reaches that user's orders only; operators' reach all. */
  userId?: string,
) {
  if (body.orderId === undefined) {
    // A refund alone: the seller finds its purchase (the caller's own refunds only).
    if (!body.refundId) throw invalid("orderId or refundId is required");
    if (body.lineId) throw invalid("lineId needs its orderId");
    const result = await seller.trigger(developerId, body.event as TriggerName, { refundId: body.refundId }, userId);
    return { ...view(await clocks.state(developerId)), event: body.event, orderId: result.orderId, ran: result.ran, failed: result.failed };
  }
  const orderId = body.orderId;
  // A platform order id (19 digits, like a 1688 orderId) stands for its purchases: every shop's.
  const resolved = orderId.length === 19 ? await resolve(developerId, orderId, userId) : [];
  const targets = resolved.length > 0 ? resolved : [{ platform: (orderId.length === 12 ? "taobao" : "alibaba") as Platform, orderId }];
  let ran = 0;
  let failed = 0;
  let refusal: unknown;
  for (const target of targets) {
    if (body.lineId && body.lineId.length !== target.orderId.length) throw invalid("lineId must belong to the same platform as orderId");
    try {
      const result = await seller.trigger(developerId, body.event as TriggerName, {
        ...target,
        ...(body.lineId ? { lineId: body.lineId } : {}),
        ...(body.refundId ? { refundId: body.refundId } : {}),
      }, userId);
      ran += result.ran;
      failed += result.failed;
    } catch (err) {
      // With several purchases, the event may apply to some of them only.
      if (targets.length === 1 || !(err instanceof ApiError)) throw err;
      refusal = err;
    }
  }
  if (ran === 0 && failed === 0 && refusal) throw refusal;
  return { ...view(await clocks.state(developerId)), event: body.event, orderId, ran, failed };
}

/** A stand-in for the sellers' chat page (the IM links of the sandbox point here). */
export function registerSandboxImPage(app: App): void {
  app.get(
    "/sandbox/im/:platform/:shopId",
    { schema: { hide: true, params: Type.Object({ platform: Type.String({ pattern: "^(taobao|alibaba)$" }), shopId: Type.String({ pattern: "^\\d{1,12}$" }) }) } },
    async (request, reply) => {
      const { platform, shopId } = request.params;
      const about = Object.entries(request.query as Record<string, string>)
        .filter(([key]) => key === "item" || key === "order")
        .map(([key, value]) => `${key} ${String(value).replace(/[^\w-]/g, "")}`)
        .join(", ");
      const html = `<!doctype html><meta charset="utf-8"><title>Sandbox chat</title><body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Sandbox seller chat</h1><p>This is where the ${platform === "taobao" ? "Taobao (旺旺)" : "1688 (旺旺)"} chat with shop ${shopId} would open${about ? ` about ${about}` : ""}.</p>
<p>The sandbox seller does not answer chats; use <code>POST /sandbox/trigger</code> to make it act.</p></body>`;
      return reply.type("text/html; charset=utf-8").send(html);
    },
  );
}

/** A scenario word as GET /sandbox/scenarios lists it. */
export interface ScenarioWord {
  word: string;
  /** Whose name carries it: an order's receiver (the sellers act on it) or a parcel booking's consignee (the warehouse and carrier). */
  on: "order" | "parcel";
  /** Which part it concerns: the order, its first line, every line, its first parcel, its refunds, the parcel. */
  scope: string;
  platforms: Platform[];
  /** What happens, per platform. */
  effect: Partial<Record<Platform, string>>;
}

const ScenarioView = Type.Object({
  word: Type.String(),
  on: Type.Union([Type.Literal("order"), Type.Literal("parcel")], { description: "order: put it in the order's receiver name; parcel: in the parcel booking's consignee name" }),
  scope: Type.String(),
  platforms: Type.Array(Type.String()),
  effect: Type.Record(Type.String(), Type.String(), { description: "what happens, per platform" }),
});

/** Signed routes for the developer's own sandbox: its clock, triggers, reset and the scenario words. */
export function registerSandboxRoutes(app: App, clocks: SandboxClocks, seller: SandboxSeller, resolve: PurchaseResolver, scenarios: readonly ScenarioWord[]): void {
  app.get(
    "/sandbox/scenarios",
    {
      schema: {
        tags,
        summary: "The scenario words: put one in a name to rehearse what goes wrong",
        description: "Every word the sandbox honours, where it goes and what it does on each platform (docs/sandbox-scenarios.md has the timings). Live developers get the list too; only sandbox purchases act on it.",
        response: envelopeResponse(Type.Array(ScenarioView), []),
      },
    },
    async (request) => ok(request, [...scenarios]),
  );
  app.post(
    "/sandbox/trigger",
    {
      schema: {
        tags,
        summary: "Make a seller event happen now",
        description:
          "Runs the named seller event on one of the developer's upstream purchases (Taobao or 1688) now (e.g. ship, deliver, price_change, confirm_receipt, refund_refuse, refund_timeout), with everything that follows from it and is already due. A refund's events may name the refund alone (refundId, without orderId). 40401: no such purchase or refund of the calling user; 40901: the event cannot happen in the purchase's or refund's current state, or does not exist on its platform.",
        body: TriggerBody,
        response: envelopeResponse(Triggered, [40002, 40401, 40901]),
      },
    },
    async (request) => ok(request, await trigger(seller, clocks, resolve, sandboxDeveloper(request), request.body, request.auth!.userId)),
  );
  app.post(
    "/sandbox/reset",
    {
      schema: {
        tags,
        summary: "Reset the calling user's sandbox state",
        description: "Deletes everything the user (the user-id header) owns in the developer's sandbox: orders, purchases, refunds, carts and their pending events. The clock and the balance are kept.",
        response: envelopeResponse(Reset, [40901]),
      },
    },
    async (request) => {
      const developerId = sandboxDeveloper(request);
      await clocks.resetUser(developerId, request.auth!.userId);
      return ok(request, { userId: request.auth!.userId, reset: true });
    },
  );
  app.get(
    "/sandbox/clock",
    { schema: { tags, summary: "Read the test clock", response: envelopeResponse(State, [40901]) } },
    async (request) => ok(request, view(await clocks.state(sandboxDeveloper(request)))),
  );
  app.post(
    "/sandbox/clock/advance",
    {
      schema: {
        tags,
        summary: "Advance the test clock",
        description: "Moves the developer's sandbox time forward and runs every event due on the way, in time order, as if the time had passed.",
        body: Type.Object({ duration: Duration }),
        response: envelopeResponse(Advanced, [40901]),
      },
    },
    async (request) => ok(request, await advance(clocks, sandboxDeveloper(request), request.body.duration)),
  );
  app.post(
    "/sandbox/clock/speed",
    { schema: { tags, summary: "Set the test clock's speed", body: SpeedBody, response: envelopeResponse(State, [40901]) } },
    async (request) => ok(request, view(await clocks.setSpeed(sandboxDeveloper(request), request.body.speed))),
  );
}

/** Operator routes for any developer's clock (the CLI's `openpon sandbox clock|advance|speed|trigger|reset`). */
export function registerSandboxAdminRoutes(
  app: App,
  clocks: SandboxClocks,
  seller: SandboxSeller,
  resolve: PurchaseResolver,
  developerExists: (id: string) => Promise<unknown>,
  userOf: (developerId: string, userId: string) => Promise<unknown>,
): void {
  const params = Type.Object({ developId: DevelopId });
  app.get(
    "/admin/developers/:developId/sandbox/clock",
    { schema: { tags: ["operator: sandbox"], summary: "Read a developer's test clock", params, response: envelopeResponse(State, [40401], false) } },
    async (request) => {
      await developerExists(request.params.developId);
      return okOperator(request, view(await clocks.state(request.params.developId)));
    },
  );
  app.post(
    "/admin/developers/:developId/sandbox/clock/advance",
    {
      schema: {
        tags: ["operator: sandbox"],
        summary: "Advance a developer's test clock",
        params,
        body: Type.Object({ duration: Duration }),
        response: envelopeResponse(Advanced, [40002, 40401], false),
      },
    },
    async (request) => {
      await developerExists(request.params.developId);
      return okOperator(request, await advance(clocks, request.params.developId, request.body.duration));
    },
  );
  app.post(
    "/admin/developers/:developId/sandbox/clock/speed",
    { schema: { tags: ["operator: sandbox"], summary: "Set a developer's test clock speed", params, body: SpeedBody, response: envelopeResponse(State, [40002, 40401], false) } },
    async (request) => {
      await developerExists(request.params.developId);
      return okOperator(request, view(await clocks.setSpeed(request.params.developId, request.body.speed)));
    },
  );
  app.post(
    "/admin/developers/:developId/sandbox/trigger",
    {
      schema: { tags: ["operator: sandbox"], summary: "Make a seller event happen now", params, body: TriggerBody, response: envelopeResponse(Triggered, [40002, 40401, 40901], false) },
    },
    async (request) => {
      await developerExists(request.params.developId);
      return okOperator(request, await trigger(seller, clocks, resolve, request.params.developId, request.body));
    },
  );
  app.post(
    "/admin/developers/:developId/users/:userId/sandbox/reset",
    {
      schema: {
        tags: ["operator: sandbox"],
        summary: "Reset one user's sandbox state",
        params: Type.Object({ developId: DevelopId, userId: Type.String({ pattern: ID_PATTERN, "x-message": "userId must be a numeric string" }) }),
        response: envelopeResponse(Reset, [40401], false),
      },
    },
    async (request) => {
      await userOf(request.params.developId, request.params.userId);
      await clocks.resetUser(request.params.developId, request.params.userId);
      return okOperator(request, { userId: request.params.userId, reset: true });
    },
  );
}
