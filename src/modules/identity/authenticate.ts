// The request check of protocol.md §3.5, as Fastify hooks for the signed /v2 surface.
//
// MD5 requests are checked completely in onRequest, before the body is read. HMAC-SHA256 requests
// (our DESIGNED option) sign the body too, so their signature, nonce, user and rate checks run in
// preValidation, once the raw body is in; a body that is not JSON is reported after them either way.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../platform/clock.ts";
import { ApiError, Code } from "../../platform/http/errors.ts";
import { sendError } from "../../platform/http/server.ts";
import type { RateLimiter } from "../../platform/ratelimit.ts";
import { NONCE_PATTERN, type KeyRecord } from "./model.ts";
import type { NonceStore } from "./nonces.ts";
import type { IdentityService } from "./service.ts";
import {
  computeHmacSignature,
  computeRequestSignature,
  SIGNATURE_METHOD_HEADER,
  signatureMatches,
  type SignatureMethod,
} from "./signature.ts";

export interface AuthOptions {
  identity: IdentityService;
  nonces: NonceStore;
  rateLimiter: RateLimiter;
  clock: Clock;
  requireNonce: boolean;
  timestampWindowSeconds: number;
  defaultRateLimit: { perSecond: number; burst: number };
  /**
   * Another proof of holding a key, for a request that carries no access-key header (the console's
   * developer session): whose key and the user-id to act as when the request names none; an
   * ApiError thrown when the session is refused; undefined when the request has none.
   */
  sessionAuth?: (request: FastifyRequest) => Promise<SessionHolder | undefined>;
}

export interface SessionHolder {
  accessKey: string;
  userId: string;
}

/** Route config flag: the warehouse endpoints also take ?timestamp=&sign= (protocol.md §2.2). */
export interface SignedRouteConfig {
  querySignature?: boolean;
}

interface PendingCheck {
  method: SignatureMethod;
  accessKey: string;
  timestamp: string;
  nonce: string | undefined;
  signature: string;
  userId: string;
  record: KeyRecord;
}

declare module "fastify" {
  interface FastifyRequest {
    pendingAuth: PendingCheck | undefined;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}

function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** "13 digits = milliseconds, 9 or 10 digits = seconds, anything else is rejected" (protocol.md §3.3). */
export function timestampToMs(text: string): number | undefined {
  if (/^\d{13}$/.test(text)) return Number(text);
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  return undefined;
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf("?");
  return q === -1 ? { path: url, query: "" } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

export function createAuthHooks(options: AuthOptions) {
  const { identity } = options;

  /** Steps 4 to 7: signature, nonce, user, rate limit. */
  async function finish(request: FastifyRequest, check: PendingCheck): Promise<void> {
    const secret = identity.secretOf(check.record);
    let expected: string;
    if (check.method === "MD5") {
      expected = computeRequestSignature(check.accessKey, check.timestamp, check.nonce, secret);
    } else {
      const { path, query } = splitUrl(request.url);
      expected = computeHmacSignature(
        { accessKey: check.accessKey, timestamp: check.timestamp, nonceStr: check.nonce, method: request.method, path, query, body: request.rawBody ?? "" },
        secret,
      );
    }
    if (!signatureMatches(expected, check.signature)) throw new ApiError(Code.BAD_SIGNATURE, "signature mismatch");

    // Recorded only now, after the signature verified (protocol.md §3.4).
    if (check.nonce !== undefined && !(await options.nonces.claim(check.accessKey, check.nonce))) {
      throw new ApiError(Code.NONCE_REPLAY, "nonce-str already used");
    }

    await admit(request, check.record, check.accessKey);
  }

  /** Steps 6 and 7, whoever proved to hold the key (a signature or a console session): the user, the rate limit. */
  async function admit(request: FastifyRequest, record: KeyRecord, accessKey: string): Promise<void> {
    const user = record.user;
    if (!user || user.status !== "ENABLED") throw new ApiError(Code.FORBIDDEN_USER, "user-id not allowed");

    const limits = {
      perSecond: record.rateLimitPerSecond ?? options.defaultRateLimit.perSecond,
      burst: record.rateLimitBurst ?? options.defaultRateLimit.burst,
    };
    if (!(await options.rateLimiter.take(accessKey, limits))) throw new ApiError(Code.RATE_LIMITED, "rate limit exceeded");

    request.auth = { developerId: record.developerId, userId: user.id, userName: user.name, accessKey, sandbox: record.sandbox };
  }

  /** A console session stands in for steps 1 to 5; the key record (cached) is read as for a signed call. */
  async function admitSession(request: FastifyRequest, holder: SessionHolder): Promise<void> {
    const record = await identity.findKeyRecord(holder.accessKey, header(request, "user-id") ?? holder.userId);
    if (!record || record.developerStatus !== "ENABLED") throw new ApiError(Code.UNKNOWN_ACCESS_KEY, "unknown access-key");
    request.callerDevelopId = record.developerId;
    await admit(request, record, holder.accessKey);
  }

  async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    try {
      const config = request.routeOptions.config as SignedRouteConfig;
      const fromQuery = config.querySignature === true;
      const accessKey = header(request, "access-key");
      if (accessKey === undefined && options.sessionAuth) {
        const holder = await options.sessionAuth(request);
        if (holder) {
          await admitSession(request, holder);
          return undefined;
        }
      }
      const timestamp = header(request, "timestamp") ?? (fromQuery ? queryParam(request, "timestamp") : undefined);
      const userId = header(request, "user-id");
      const signature = header(request, "signature") ?? (fromQuery ? queryParam(request, "sign") : undefined);
      const nonce = header(request, "nonce-str");

      // 1. headers
      const missing = !accessKey ? "access-key" : !timestamp ? "timestamp" : !userId ? "user-id" : !signature ? "signature" : undefined;
      if (missing) throw new ApiError(Code.MISSING_HEADER, `missing header: ${missing}`);
      if (options.requireNonce && nonce === undefined) throw new ApiError(Code.MISSING_HEADER, "missing header: nonce-str");
      if (nonce !== undefined && !NONCE_PATTERN.test(nonce)) {
        throw new ApiError(Code.MISSING_HEADER, "header nonce-str must be 1 to 64 characters of A-Z a-z 0-9 _ -");
      }
      const methodHeader = header(request, SIGNATURE_METHOD_HEADER)?.toUpperCase() ?? "MD5";
      if (methodHeader !== "MD5" && methodHeader !== "HMAC-SHA256") {
        throw new ApiError(Code.MISSING_HEADER, `header ${SIGNATURE_METHOD_HEADER} must be MD5 or HMAC-SHA256`);
      }

      // 2. access key
      const record = await identity.findKeyRecord(accessKey!, userId!);
      if (!record || record.developerStatus !== "ENABLED") throw new ApiError(Code.UNKNOWN_ACCESS_KEY, "unknown access-key");
      request.callerDevelopId = record.developerId;

      // 3. timestamp
      const sentMs = timestampToMs(timestamp!);
      if (sentMs === undefined) {
        throw new ApiError(Code.TIMESTAMP_OUT_OF_WINDOW, "timestamp must be epoch seconds (9 or 10 digits) or milliseconds (13 digits)");
      }
      if (Math.abs(options.clock.now() - sentMs) > options.timestampWindowSeconds * 1000) {
        throw new ApiError(Code.TIMESTAMP_OUT_OF_WINDOW, `timestamp outside the ${options.timestampWindowSeconds} s window`);
      }

      const check: PendingCheck = { method: methodHeader, accessKey: accessKey!, timestamp: timestamp!, nonce, signature: signature!, userId: userId!, record };
      if (methodHeader === "MD5") await finish(request, check);
      else request.pendingAuth = check;
      return undefined;
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(request, reply, err);
        return reply;
      }
      throw err;
    }
  }

  // Callback style: for MD5 requests (nothing pending) this is a plain function call, no promise.
  function preValidation(request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
    const check = request.pendingAuth;
    if (!check) return done();
    request.pendingAuth = undefined;
    finish(request, check).then(
      () => done(),
      (err: unknown) => {
        if (err instanceof ApiError) sendError(request, reply, err);
        else done(err as Error);
      },
    );
  }

  return { onRequest, preValidation };
}
