// The sandbox control surface (outside the PandaPon contract): the developer's test clock, for the
// developer (signed, under /sandbox) and for operators (under /admin).
import { Type } from "typebox";
import type { FastifyRequest } from "fastify";
import { conflict } from "../../platform/http/errors.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
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

const view = (s: ClockState) => ({ now: s.now, nowText: formatCst(s.now), speed: s.speed, pendingEvents: s.pendingEvents, nextEventAt: s.nextEventAt });

function sandboxDeveloper(request: FastifyRequest): string {
  if (!request.auth!.sandbox) throw conflict("test clocks exist only for sandbox developers");
  return request.auth!.developerId;
}

async function advance(clocks: SandboxClocks, developerId: string, duration: string | number) {
  const result = await clocks.advance(developerId, parseDuration(duration));
  return { ...view(await clocks.state(developerId)), from: result.from, to: result.to, ran: result.ran, failed: result.failed };
}

/** Signed routes for the developer's own clock. */
export function registerSandboxRoutes(app: App, clocks: SandboxClocks): void {
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

/** Operator routes for any developer's clock (the CLI's `openpon sandbox clock|advance|speed`). */
export function registerSandboxAdminRoutes(app: App, clocks: SandboxClocks, developerExists: (id: string) => Promise<unknown>): void {
  const params = Type.Object({ developId: Type.String({ pattern: "^\\d{1,19}$", "x-message": "developId must be a numeric string" }) });
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
}
