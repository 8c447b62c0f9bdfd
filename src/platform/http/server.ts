// The HTTP chassis every module plugs into: request ids, JSON parsing, validation, the envelope,
// error mapping (nothing escapes as a 5xx page), 40401 for unknown routes, logging and metrics.
import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { ApiError, Code, SUCCESS_MSG } from "./errors.ts";
import { BodyParseError, dropNullMembers, parseJsonBody } from "./json.ts";
import { validationMessage, validatorCompiler } from "./validation.ts";
import type { ErrorObject } from "ajv";
import type { Metrics } from "../metrics.ts";
import { runInRequestScope } from "../request-scope.ts";
import type { LogLevel } from "../../config.ts";

/** Who is calling, established by the identity module's authentication hook. */
export interface RequestAuth {
  developerId: string;
  userId: string;
  userName: string;
  accessKey: string;
  sandbox: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: RequestAuth | undefined;
    /** The body exactly as received (for body-covering signatures). */
    rawBody: string | undefined;
    /** The developer named by a known access-key, before authentication completes (error envelopes). */
    callerDevelopId: string | undefined;
    /** The envelope code this request ended with (metrics, logs). */
    outcomeCode: number;
    /** The envelope's msg when the request failed (the developer's request log). */
    outcomeMessage: string | undefined;
  }
}

export type App = FastifyInstance<
  import("node:http").Server,
  import("node:http").IncomingMessage,
  import("node:http").ServerResponse,
  import("fastify").FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A Fastify plugin over the typed App (route schemas are TypeBox). */
export type AppPlugin = (app: App) => Promise<void>;

/**
 * A module's HTTP surface, one plugin per scope that app.ts opens: the scope brings the hooks
 * (identity's signature checks, identity's operator token), the module brings only routes.
 */
export interface ModulePlugins {
  /** Routes of the signed PandaPon surface. */
  signed?: AppPlugin;
  /** Operator routes under /admin. */
  operator?: AppPlugin;
  /** Routes without authentication (sandbox pages and images). */
  public?: AppPlugin;
}

export interface Envelope<T> {
  requestId: string;
  code: number;
  developId: string | null;
  msg: string;
  data: T | null;
}

/** The success envelope (protocol.md §5) of a signed request. Field order follows the documented examples. */
export function ok<T>(request: FastifyRequest, data: T): { requestId: string; code: 200; developId: string; msg: "成功"; data: T } {
  request.outcomeCode = Code.SUCCESS;
  return { requestId: request.id, code: Code.SUCCESS, developId: request.auth!.developerId, msg: SUCCESS_MSG, data };
}

/**
 * A success envelope around a payload that is already JSON bytes (read models stored as text): the
 * same bytes ok() would produce, without parsing, re-serialising or re-encoding the payload.
 */
export function sendOkJson(request: FastifyRequest, reply: FastifyReply, dataJson: ReadonlyArray<Buffer | string>): FastifyReply {
  request.outcomeCode = Code.SUCCESS;
  const head = `{"requestId":"${request.id}","code":200,"developId":${JSON.stringify(request.auth!.developerId)},"msg":"${SUCCESS_MSG}","data":`;
  const parts = [head, ...dataJson, "}"].map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part));
  return reply.type("application/json; charset=utf-8").send(Buffer.concat(parts));
}

/** The success envelope of an operator request: no developer is calling, so developId is null. */
export function okOperator<T>(request: FastifyRequest, data: T): { requestId: string; code: 200; developId: null; msg: "成功"; data: T } {
  request.outcomeCode = Code.SUCCESS;
  return { requestId: request.id, code: Code.SUCCESS, developId: null, msg: SUCCESS_MSG, data };
}

function failure(request: FastifyRequest, code: number, msg: string): Envelope<null> {
  request.outcomeCode = code;
  request.outcomeMessage = msg;
  // protocol.md §5: developId is null only while the developer is not yet known (40001, 40101).
  return { requestId: request.id, code, developId: request.auth?.developerId ?? request.callerDevelopId ?? null, msg, data: null };
}

/** Sends an error envelope from a hook (HTTP 200, outcome in `code`, protocol.md §5). */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(200).type("application/json; charset=utf-8").send(failure(request, error.code, error.message));
}

/** Marker for a body that could not be parsed; validation reports it after authentication ran. */
class UnparsableBody {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** Query-string fields that are signatures and must never reach a log line. */
const SECRET_QUERY_KEYS = /([?&](?:sign|signature)=)[^&]*/gi;

export interface HttpServerOptions {
  logLevel: LogLevel;
  bodyLimitBytes: number;
  metrics: Metrics;
  /** Extra pino destination (tests capture logs to assert that secrets never appear). */
  logStream?: NodeJS.WritableStream;
}

export function createHttpServer(options: HttpServerOptions): App {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: {
        paths: ["req.headers.signature", "req.headers['access-key']", "req.headers.authorization", "req.headers.cookie"],
        censor: "[redacted]",
      },
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: req.url.replace(SECRET_QUERY_KEYS, "$1[redacted]"),
          remoteAddress: req.ip,
        }),
      },
    },
    genReqId: () => randomUUID().replaceAll("-", ""),
    logController: new LogController({ requestIdLogLabel: "requestId" }),
    requestIdHeader: false,
    bodyLimit: options.bodyLimitBytes,
    schemaErrorFormatter: (errors, dataVar) => new Error(validationMessage(errors, dataVar)),
    // Malformed URLs (bad percent-encoding, over-long parameters) still get an envelope.
    frameworkErrors: (error, request, reply) => {
      sendError(request, reply, new ApiError(Code.NOT_FOUND, `no endpoint for this URL (${error.message})`));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest("auth", undefined);
  app.decorateRequest("rawBody", undefined);
  app.decorateRequest("callerDevelopId", undefined);
  app.decorateRequest("outcomeCode", 0);
  app.decorateRequest("outcomeMessage", undefined);

  // Every body is read as text: kept raw for signatures, parsed big-integer-safely, and a parse
  // failure is carried to the validation step so authentication errors take precedence.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    let value: unknown;
    try {
      value = parseJsonBody(text);
      if (value !== undefined) dropNullMembers(value);
    } catch (err) {
      // Anything a body can make the parser do (bad JSON, nesting deep enough to exhaust the stack)
      // is the client's problem, reported as 40002 once authentication has answered.
      const message = err instanceof BodyParseError ? err.message : "body is not valid JSON (too deeply nested)";
      done(null, new UnparsableBody(message));
      return;
    }
    done(null, value);
  });

  app.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route) as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
    if (route.httpPart !== "body") return validate as ReturnType<typeof validatorCompiler>;
    return ((data: unknown) => {
      if (data instanceof UnparsableBody) return { error: new ApiError(Code.VALIDATION_ERROR, data.message) };
      // No body at all is the empty object: {} is valid wherever every field is optional.
      const value = data === null || data === undefined ? {} : data;
      if (validate(value)) return { value };
      return { error: new ApiError(Code.VALIDATION_ERROR, validationMessage(validate.errors ?? [], "body")) };
    }) as unknown as ReturnType<typeof validatorCompiler>;
  });
  // Responses are documented with schemas (OpenAPI) but written as built: key order and null
  // members are part of the contract and must not be reshaped by a schema-driven serializer.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return sendError(request, reply, error);
    const fe = error as FastifyError;
    if (fe.validation || fe.code === "FST_ERR_VALIDATION") {
      return sendError(request, reply, new ApiError(Code.VALIDATION_ERROR, fe.message));
    }
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendError(request, reply, new ApiError(Code.VALIDATION_ERROR, `body is larger than ${request.routeOptions.bodyLimit ?? options.bodyLimitBytes} bytes`));
    }
    if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendError(request, reply, new ApiError(Code.VALIDATION_ERROR, fe.message || "bad request"));
    }
    request.log.error({ err: error }, "unexpected failure");
    return sendError(request, reply, new ApiError(Code.INTERNAL_ERROR, "internal error"));
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, new ApiError(Code.NOT_FOUND, `no endpoint ${request.method} ${request.url.split("?")[0]}`));
  });

  // Handlers run in a request scope (request-scope.ts). preHandler, not onRequest: it runs after the
  // body is read, so the scope is the handler's own async context. A NUL can reach a path parameter or
  // a query value only percent-encoded; PostgreSQL cannot compare text holding one (the query fails)
  // and no id, name or filter holds one, so it is refused here, once the caller is authenticated.
  app.addHook("preHandler", (request, _reply, done) => {
    if (request.url.includes("%00")) done(new ApiError(Code.VALIDATION_ERROR, "the path and query must not contain the NUL character (%00)"));
    else runInRequestScope(done);
  });

  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    options.metrics.observeRequest(route, request.method, request.outcomeCode || reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  return app as unknown as App;
}
