// The 1688 open platform's ("AOP") wire layer: how a call is addressed, signed, sent and how its
// answer (or refusal) is read. Nothing here knows about orders or products; the connector does.
// Source: ../shared/research/warehouse-connectors.md §B.1 (bububa/go1688, duanyasong/1688-sdk-php).
import { createHmac, timingSafeEqual } from "node:crypto";

/** The production gateway; tests and sandboxes always pass their own base URL. */
export const AOP_GATEWAY = "https://gw.open.1688.com";

/** `param2/{version}/{namespace}/{apiName}/{appKey}`: the signed path (no leading `/openapi/`). */
export function aopUrlPath(namespace: string, apiName: string, appKey: string, version = 1): string {
  return `param2/${version}/${namespace}/${apiName}/${appKey}`;
}

/**
 * The string HMAC'd: the URL path followed by every `key+value`, the pairs sorted *as strings* in
 * UTF-16 code-unit order. This is the official PHP SDK's form (it sorts the concatenated pairs); the
 * Go SDKs sort by key, which differs only when one key is a prefix of another, and `localeCompare`
 * (seen in a TS snippet) is not code-unit order at all — both are avoided on purpose.
 */
export function aopSigningString(urlPath: string, params: Record<string, string>): string {
  const pairs = Object.entries(params)
    .filter(([key]) => key !== "_aop_signature")
    .map(([key, value]) => key + value);
  pairs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return urlPath + pairs.join("");
}

/** `_aop_signature`: upper hex HMAC-SHA1 keyed by the app secret over the signing string. */
export function aopSignature(appSecret: string, urlPath: string, params: Record<string, string>): string {
  return createHmac("sha1", appSecret).update(aopSigningString(urlPath, params), "utf8").digest("hex").toUpperCase();
}

/** Constant-time check of a received signature (the fake gateway, and later the push receiver). */
export function aopSignatureMatches(appSecret: string, urlPath: string, params: Record<string, string>, received: string): boolean {
  const expected = Buffer.from(aopSignature(appSecret, urlPath, params));
  const got = Buffer.from(received.toUpperCase());
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** Form values: strings as they are, numbers and booleans as text, objects and arrays as JSON strings; null/undefined left out. */
export function encodeAopParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return out;
}

/**
 * A refusal or failure of an AOP call. `code` is the upstream's own code (gateway `error_code`, or
 * the API's `code`/`errorCode`) so that callers and logs keep it; `transient` says whether trying
 * again later may succeed (network, timeout, 5xx, throttling) — business refusals never are.
 */
export class AopError extends Error {
  readonly code: string;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  readonly transient: boolean;
  constructor(code: string, message: string, options: { httpStatus?: number | null; requestId?: string | null; transient?: boolean } = {}) {
    super(`${code}: ${message}`);
    this.name = "AopError";
    this.code = code;
    this.httpStatus = options.httpStatus ?? null;
    this.requestId = options.requestId ?? null;
    this.transient = options.transient ?? false;
  }
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

// INFERRED: gateway throttling codes are not in the research; any code naming a flow/frequency
// limit is treated as transient so the policy backs off instead of failing the purchase.
const THROTTLE = /(flow|freq|limit|throttl|busy)/i;

/**
 * 1688 order and entry ids are 19-digit longs sent as JSON numbers (`id`, `subItemID`): a JS number
 * would round them, so integers beyond 2^53 are kept as their source text (JSON.parse source access).
 */
function keepLongIds(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source ? context.source : value;
}

/**
 * Reads an answer: returns the JSON body of a success, throws AopError for
 * - HTTP 5xx (transient, whatever the body),
 * - a gateway error `{error_code, error_message, request_id}` (any HTTP status),
 * - an API-level refusal `{success:false, code|errorCode, message|errorMsg|errorMessage}`,
 * - the nested form `{result:{success:false, code, message}}` some APIs use.
 */
export function parseAopResponse(httpStatus: number, bodyText: string): Json {
  let body: unknown;
  try {
    body = bodyText === "" ? undefined : JSON.parse(bodyText, keepLongIds);
  } catch {
    body = undefined;
  }
  const obj = body && typeof body === "object" && !Array.isArray(body) ? (body as Json) : undefined;
  const gatewayCode = obj ? str(obj.error_code) : undefined;
  if (httpStatus >= 500) {
    throw new AopError(gatewayCode ?? `http.${httpStatus}`, (obj && str(obj.error_message)) ?? `gateway answered HTTP ${httpStatus}`, {
      httpStatus,
      requestId: obj ? (str(obj.request_id) ?? null) : null,
      transient: true,
    });
  }
  if (gatewayCode) {
    throw new AopError(gatewayCode, str(obj!.error_message) ?? "gateway error", { httpStatus, requestId: str(obj!.request_id) ?? null, transient: THROTTLE.test(gatewayCode) });
  }
  if (!obj) throw new AopError(`http.${httpStatus}`, `unreadable answer (HTTP ${httpStatus})`, { httpStatus, transient: httpStatus === 429 });
  if (httpStatus >= 400) throw new AopError(`http.${httpStatus}`, `gateway answered HTTP ${httpStatus}`, { httpStatus, transient: httpStatus === 429 });
  const refusal = (o: Json): AopError | undefined => {
    if (o.success !== false && o.success !== "false") return undefined;
    const code = str(o.code) ?? str(o.errorCode) ?? "success_false";
    const message = str(o.message) ?? str(o.errorMsg) ?? str(o.errorMessage) ?? str(o.errorInfo) ?? "the API refused the call";
    return new AopError(code, message, { httpStatus, transient: THROTTLE.test(code) });
  };
  const top = refusal(obj);
  if (top) throw top;
  const nested = obj.result && typeof obj.result === "object" && !Array.isArray(obj.result) ? refusal(obj.result as Json) : undefined;
  if (nested) throw nested;
  return obj;
}

/**
 * Where a client gets its access token when it is not a fixed one: the token holder (tokens.ts),
 * which refreshes ahead of expiry and on demand after the gateway refused a token.
 */
export interface AopTokenSource {
  accessToken(): Promise<string>;
  /** Replaces `staleToken` (unless another caller already did); resolves when the new one is in use. */
  refresh(staleToken: string): Promise<unknown>;
}

/**
 * Whether the gateway refused the access token itself (invalid, expired early, revoked): the one
 * refusal worth a token refresh and one repeat of the call. A repeat is safe even for a create,
 * because the gateway refuses a bad token before any business logic runs.
 * INFERRED: 1688's codes for this are not in the research or the SDKs; any gateway code or message
 * naming the access token counts (the fake answers gw.InvalidAccessToken / gw.AccessTokenExpired).
 */
export function isAopTokenRefusal(err: unknown): boolean {
  if (!(err instanceof AopError) || err.transient) return false;
  return /access_?token|token.?(expired|invalid)|invalid.?token/i.test(err.code) || (/^(gw\.|http\.401|401$)/i.test(err.code) && /access_?token/i.test(err.message));
}

/** `yyyyMMddHHmmssSSS+0800` → epoch ms (null when absent or unreadable). */
export function parseAopDate(v: unknown): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})([+-])(\d{2})(\d{2})$/.exec(typeof v === "string" ? v : "");
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  const offset = (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

/** Epoch ms → `yyyyMMddHHmmssSSS+0800`, China time (SEEN form: bububa types.go, research §B.1). */
export function formatAopDate(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${p(d.getUTCMilliseconds(), 3)}+0800`;
}

/** A file field of a multipart call; never part of the signature. */
export interface AopFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export interface AopClientOptions {
  /** e.g. https://gw.open.1688.com (no trailing /openapi). */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** A fixed token, or a holder that refreshes it. */
  accessToken: string | AopTokenSource;
  /** Per-call timeout; a timeout is a transient failure. */
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** Sends one signed form POST and reads the answer; retries and rate limits are the policy's business. */
export class AopClient {
  readonly #o: Required<AopClientOptions>;
  constructor(options: AopClientOptions) {
    // Members given as undefined keep their defaults.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as AopClientOptions;
    this.#o = { timeoutMs: 15_000, now: Date.now, fetch: globalThis.fetch, ...given, baseUrl: options.baseUrl.replace(/\/+$/, "") };
  }

  get baseUrl(): string {
    return this.#o.baseUrl;
  }
  get appKey(): string {
    return this.#o.appKey;
  }

  /** The form a call sends, signed (exposed for tests and for the fake's own checks). */
  signedForm(namespace: string, apiName: string, params: Record<string, unknown>, version = 1, accessToken?: string): { url: string; form: Record<string, string> } {
    const urlPath = aopUrlPath(namespace, apiName, this.#o.appKey, version);
    const token = accessToken ?? (typeof this.#o.accessToken === "string" ? this.#o.accessToken : undefined);
    const form = encodeAopParams({ ...params, access_token: token, _aop_timestamp: this.#o.now() });
    form._aop_signature = aopSignature(this.#o.appSecret, urlPath, form);
    return { url: `${this.#o.baseUrl}/openapi/${urlPath}`, form };
  }

  /** One call; with a token holder, a refused token is refreshed once and the call repeated once. */
  async call(namespace: string, apiName: string, params: Record<string, unknown>, version = 1): Promise<Json> {
    return this.#withToken((token) => this.#send(namespace, apiName, params, version, token));
  }

  /**
   * One call sent as multipart/form-data, with files (e.g. uploadRefundVoucher's `imageData`). The
   * signature covers the text params only: file fields are left out of the signing string (SEEN,
   * research §B.1, all three SDKs), so it is computed exactly as for a plain form.
   */
  async callMultipart(namespace: string, apiName: string, params: Record<string, unknown>, files: Record<string, AopFile>, version = 1): Promise<Json> {
    return this.#withToken((token) => this.#send(namespace, apiName, params, version, token, files));
  }

  async #withToken(send: (token: string) => Promise<Json>): Promise<Json> {
    const source = this.#o.accessToken;
    if (typeof source === "string") return send(source);
    const token = await source.accessToken();
    try {
      return await send(token);
    } catch (err) {
      if (!isAopTokenRefusal(err)) throw err;
      await source.refresh(token);
      return send(await source.accessToken());
    }
  }

  async #send(namespace: string, apiName: string, params: Record<string, unknown>, version: number, accessToken: string, files?: Record<string, AopFile>): Promise<Json> {
    const { url, form } = this.signedForm(namespace, apiName, params, version, accessToken);
    let body: string | Uint8Array;
    const headers: Record<string, string> = {};
    if (files) {
      // Encoded here (by the standard Response, with its own boundary) and sent as bytes, so that any
      // fetch — the platform's SSRF-guarded one takes only strings and bytes — sends the same thing.
      const multipart = new FormData();
      for (const [key, value] of Object.entries(form)) multipart.append(key, value);
      for (const [key, file] of Object.entries(files)) multipart.append(key, new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName);
      const encoded = new Response(multipart);
      headers["content-type"] = encoded.headers.get("content-type")!;
      body = new Uint8Array(await encoded.arrayBuffer());
    } else {
      headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
      body = new URLSearchParams(form).toString();
    }
    let response: Response;
    let text: string;
    try {
      response = await this.#o.fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(this.#o.timeoutMs) });
      text = await response.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      // The message names the API, never the form: the form carries the access token.
      throw new AopError(timedOut ? "timeout" : "network", `${namespace}:${apiName} ${timedOut ? "timed out" : `failed: ${(err as Error).message}`}`, { transient: true });
    }
    return parseAopResponse(response.status, text);
  }
}
