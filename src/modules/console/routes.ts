// Console sign-in (/console/api/session) and operator accounts (/admin/operators, admin only), and
// the operator scope's gate: the /admin bearer token for scripts, or an operator's session cookie —
// with its CSRF token on every change and the route allowed to one of the operator's roles.
import { parseCookie, stringifySetCookie } from "cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { constantTimeEqual } from "../../platform/crypto.ts";
import { ApiError, Code } from "../../platform/http/errors.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import { okOperator, sendError, type App } from "../../platform/http/server.ts";
import { mayCall, ROLES } from "./roles.ts";
import type { SessionHolder } from "../identity/index.ts";
import type { ConsoleAuth, SessionView } from "./service.ts";

export const SESSION_COOKIE = "openpon_session";
export const CSRF_HEADER = "x-csrf-token";
const READ = new Set(["GET", "HEAD", "OPTIONS"]);

const OperatorView = Type.Object({ id: Type.String(), name: Type.String(), roles: Type.Array(Type.String()), disabled: Type.Boolean(), createdAt: Type.Number() });
const OperatorSessionBody = Type.Object({ kind: Type.Literal("operator"), operator: OperatorView, csrfToken: Type.String(), expiresAt: Type.Number() });
const DeveloperSessionBody = Type.Object({
  kind: Type.Literal("developer"),
  developer: Type.Object({ developId: Type.String(), name: Type.String(), sandbox: Type.Boolean(), accessKey: Type.String() }),
  users: Type.Array(Type.Object({ userId: Type.String(), userName: Type.String(), enabled: Type.Boolean() })),
  userId: Type.String({ description: "the user-id signed routes act as when the request names none (user-id header)" }),
  csrfToken: Type.String(),
  expiresAt: Type.Number(),
});
const SessionBody = Type.Union([OperatorSessionBody, DeveloperSessionBody]);

const Roles = Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, maxItems: 4, description: "admin, finance, warehouse, support" });

function sessionToken(request: FastifyRequest): string {
  const header = request.headers.cookie;
  return header ? (parseCookie(header)[SESSION_COOKIE] ?? "") : "";
}

/**
 * The operator scope's onRequest hook. A missing or wrong credential answers 40101; a session change
 * without its CSRF token, or a route none of the operator's roles may call, answers 40301.
 */
export function operatorGate(operatorToken: string, console: ConsoleAuth): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  return async (request, reply) => {
    const header = request.headers.authorization ?? "";
    if (header !== "") {
      const token = header.startsWith("Bearer ") ? header.slice(7) : "";
      if (token && constantTimeEqual(token, operatorToken)) return undefined;
      sendError(request, reply, new ApiError(Code.UNKNOWN_ACCESS_KEY, "operator token required (Authorization: Bearer …)"));
      return reply;
    }
    const session = await console.session(sessionToken(request));
    if (!session || session.kind !== "operator") {
      sendError(request, reply, new ApiError(Code.UNKNOWN_ACCESS_KEY, "operator token required (Authorization: Bearer …), or sign in to the console"));
      return reply;
    }
    if (!READ.has(request.method) && !console.csrfMatches(session, headerOf(request, CSRF_HEADER))) {
      sendError(request, reply, new ApiError(Code.FORBIDDEN_USER, `a change made with a console session needs its CSRF token in the ${CSRF_HEADER} header`));
      return reply;
    }
    const route = request.routeOptions.url ?? request.url;
    if (!mayCall(session.operator.roles, request.method, route)) {
      sendError(request, reply, new ApiError(Code.FORBIDDEN_USER, `operator ${session.operator.name} (${session.operator.roles.join(", ")}) may not ${request.method} ${route}`));
      return reply;
    }
    return undefined;
  };
}

/**
 * The signed surface's second way in: a request without an access-key header but with a developer's
 * console session proves it holds the developer's key — a change only with the session's CSRF token.
 * Identity then admits it as a signed call (the user-id it names or the session's default, the key's
 * rate bucket). Answers undefined when the request carries no session cookie at all (the signature
 * checks then report what is missing).
 */
export function developerSessionAuth(console: ConsoleAuth): (request: FastifyRequest) => Promise<SessionHolder | undefined> {
  return async (request) => {
    const token = sessionToken(request);
    if (token === "") return undefined;
    const session = await console.session(token);
    if (!session || session.kind !== "developer") throw new ApiError(Code.UNKNOWN_ACCESS_KEY, "the console session ended: sign in again, or sign the request");
    request.callerDevelopId = session.developer.developId;
    if (!READ.has(request.method) && !console.csrfMatches(session, headerOf(request, CSRF_HEADER))) {
      throw new ApiError(Code.FORBIDDEN_USER, `a change made with a console session needs its CSRF token in the ${CSRF_HEADER} header`);
    }
    return { accessKey: session.developer.accessKey, userId: session.userId };
  };
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Sign-in, the current session, sign-out and sign-out everywhere (public routes: they read the cookie themselves). */
export function registerSessionRoutes(app: App, console: ConsoleAuth, options: { secureCookie: boolean; lifetimeMs: number }): void {
  const tags = ["console"];
  const setCookie = (reply: FastifyReply, value: string, maxAgeSec: number) =>
    reply.header("set-cookie", stringifySetCookie({ name: SESSION_COOKIE, value, httpOnly: true, sameSite: "strict", secure: options.secureCookie, path: "/", maxAge: maxAgeSec }));
  const current = async (request: FastifyRequest): Promise<SessionView> => {
    const session = await console.session(sessionToken(request));
    if (!session) throw new ApiError(Code.UNKNOWN_ACCESS_KEY, "not signed in, or the session ended");
    return session;
  };
  const withCsrf = async (request: FastifyRequest): Promise<SessionView> => {
    const session = await current(request);
    if (!console.csrfMatches(session, headerOf(request, CSRF_HEADER))) throw new ApiError(Code.FORBIDDEN_USER, `the ${CSRF_HEADER} header must carry the session's CSRF token`);
    return session;
  };

  app.post(
    "/console/api/session",
    {
      schema: {
        tags,
        summary: "Sign an operator in",
        description: `Sets the ${SESSION_COOKIE} cookie (HTTP-only, SameSite=Strict). Changes made with it must send the answer's csrfToken in ${CSRF_HEADER}. Attempts are limited per account and per address (42901).`,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: envelopeResponse(SessionBody, [40002, 40101, 42901], false),
      },
    },
    async (request, reply) => {
      const { token, session } = await console.signIn(request.body.name, request.body.password, request.ip);
      setCookie(reply, token, Math.floor(options.lifetimeMs / 1000));
      return okOperator(request, session);
    },
  );
  app.post(
    "/console/api/session/developer",
    {
      schema: {
        tags,
        summary: "Sign a developer in with the access key and secret",
        description:
          `Sets the ${SESSION_COOKIE} cookie (HTTP-only, SameSite=Strict). With it, the signed routes (/v2, /developer, /sandbox, /warehouse, /logistics) ` +
          `answer without a signature, as the user-id header names (default: the answer's userId); changes must send csrfToken in ${CSRF_HEADER}. ` +
          "Resetting the access secret ends these sessions. Attempts are limited per key and per address (42901).",
        body: Type.Object({ accessKey: Type.String({ minLength: 1, maxLength: 64 }), accessSecret: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: envelopeResponse(DeveloperSessionBody, [40002, 40101, 40301, 42901], false),
      },
    },
    async (request, reply) => {
      const { token, session } = await console.signInDeveloper(request.body.accessKey, request.body.accessSecret, request.ip);
      setCookie(reply, token, Math.floor(options.lifetimeMs / 1000));
      return okOperator(request, session);
    },
  );
  app.get(
    "/console/api/session",
    { schema: { tags, summary: "Who is signed in (an operator with roles, or a developer with users) and the CSRF token", response: envelopeResponse(SessionBody, [40101], false) } },
    async (request) => okOperator(request, await current(request)),
  );
  app.delete(
    "/console/api/session",
    { schema: { tags, summary: "Sign out (this browser)", response: envelopeResponse(Type.Null(), [40101, 40301], false) } },
    async (request, reply) => {
      await withCsrf(request);
      await console.signOut(sessionToken(request));
      setCookie(reply, "", 0);
      return okOperator(request, null);
    },
  );
  app.post(
    "/console/api/session/everywhere",
    { schema: { tags, summary: "Sign out everywhere (every session of this operator or developer)", response: envelopeResponse(Type.Object({ ended: Type.Number() }), [40101, 40301], false) } },
    async (request, reply) => {
      const session = await withCsrf(request);
      const ended = await console.signOutEverywhere(session);
      setCookie(reply, "", 0);
      return okOperator(request, { ended });
    },
  );
}

/** Operator accounts, for admins (the role map leaves /admin/operators to them). */
export function registerOperatorAdminRoutes(app: App, console: ConsoleAuth): void {
  const tags = ["operator: operators"];
  app.get("/admin/operators", { schema: { tags, summary: "Operator accounts", response: envelopeResponse(Type.Array(OperatorView), [], false) } }, async (request) =>
    okOperator(request, await console.operators()),
  );
  app.post(
    "/admin/operators",
    {
      schema: {
        tags,
        summary: "Create an operator account",
        body: Type.Object({ name: Type.String({ maxLength: 40 }), password: Type.String({ maxLength: 200, description: "at least 12 characters; stored as a scrypt hash" }), roles: Roles }, { additionalProperties: false }),
        response: envelopeResponse(OperatorView, [40002, 40901], false),
      },
    },
    async (request) => okOperator(request, await console.createOperator(request.body)),
  );
  app.put(
    "/admin/operators/:name",
    {
      schema: {
        tags,
        summary: "Change an operator's roles, password or disabled flag (a new password or a disable ends its sessions)",
        params: Type.Object({ name: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ roles: Type.Optional(Roles), password: Type.Optional(Type.String({ maxLength: 200 })), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: envelopeResponse(OperatorView, [40002, 40401], false),
      },
    },
    async (request) => okOperator(request, await console.updateOperator(request.params.name, request.body)),
  );
}
