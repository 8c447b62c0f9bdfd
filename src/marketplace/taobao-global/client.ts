// The wire client for the Taobao Global distributor API ("Panama"): builds and signs one request,
// sends it, and turns the answer into data or a typed error that keeps the upstream's own code.
// No policy lives here (rate limit, retry, circuit belong to the shared upstream policy): one
// call() is one HTTP request, except that TokenHolder refreshes an expired token and repeats the
// call once — safe even for create, because the gateway refuses a bad token before any business
// logic runs.
//
// Wire form (SEEN, Mlegbder/taobao-global `taobao/client.go`, `consts/api.go`, `types/*.go`):
// POST {baseUrl}{apiPath}, default base https://api.taobao.global/rest; all parameters, system and
// business, are strings in one JSON object (lists and objects as JSON strings); system params are
// app_key, timestamp (epoch ms), sign_method=sha256, access_token (when authorized), sign.
// The Lazada-family gateway also accepts form posts (its Java SDK's form); `wireFormat: "form"`
// sends that instead.
import type { ConnectorTokens } from "../live/live-connector.ts";
import { SIGN_METHOD, signRequest } from "./sign.ts";

export const DEFAULT_BASE_URL = "https://api.taobao.global/rest";
export const AUTHORIZE_URL = "https://api.taobao.global/oauth/authorize";

export const API = {
  tokenCreate: "/auth/token/create",
  tokenRefresh: "/auth/token/refresh",
  productGet: "/product/get",
  itemGet: "/traffic/item/get",
  itemSearch: "/traffic/item/search",
  uploadImage: "/upload/image",
  imageSearch: "/traffic/item/imgsearch",
  translate: "/product/translate/get",
  orderRender: "/purchase/order/render",
  orderCreate: "/purchase/order/create",
  orderBatchPay: "/purchase/order/batch/pay",
  orderCancel: "/purchase/order/asyn/cancel",
  ordersQuery: "/purchase/orders/query",
  logisticsDetail: "/logistics/detail/get",
  refundQuery: "/order/refund/query",
} as const;

/** The upstream's code for an invalid or expired access token (SEEN, the Go SDK's consts/error.go). */
export const ILLEGAL_ACCESS_TOKEN = "IllegalAccessToken";
/** Batch pay takes at most this many purchase ids per call (SEEN, types/order_batch_pay.go). */
export const BATCH_PAY_MAX = 10;

export type ParamValue = string | number | boolean | bigint | readonly unknown[] | Record<string, unknown> | null | undefined;
export type Params = Readonly<Record<string, ParamValue>>;

/** The answer's envelope: `code` "0" is success; the rest depends on the API. */
export interface Envelope {
  code: string;
  request_id?: string;
  _trace_id_?: string;
  [field: string]: unknown;
}

/**
 * The upstream answered with an error. `code` is the upstream's own (e.g. `IncompleteSignature`,
 * `IllegalAccessToken`, or a business `error_code`); `layer` says whether the gateway refused the
 * request (`code` ≠ "0", with `type` SYSTEM / ISV / ISP) or the API ran and said no
 * (`success: false` at the top or in a nested `result`).
 */
export class TaobaoGlobalError extends Error {
  readonly code: string;
  readonly layer: "gateway" | "business";
  readonly type: string | undefined;
  readonly requestId: string | undefined;
  readonly httpStatus: number;
  readonly apiPath: string;
  constructor(init: { code: string; message: string; layer: "gateway" | "business"; type?: string; requestId?: string; httpStatus: number; apiPath: string }) {
    super(`${init.apiPath}: ${init.code}: ${init.message}`);
    this.name = "TaobaoGlobalError";
    this.code = init.code;
    this.layer = init.layer;
    this.type = init.type;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.apiPath = init.apiPath;
  }
}

/** No usable answer: network failure, timeout, or a body that is not the upstream's JSON. */
export class TaobaoGlobalTransportError extends Error {
  readonly apiPath: string;
  readonly httpStatus: number | undefined;
  constructor(apiPath: string, message: string, httpStatus?: number, cause?: unknown) {
    super(`${apiPath}: ${message}`, { cause });
    this.name = "TaobaoGlobalTransportError";
    this.apiPath = apiPath;
    this.httpStatus = httpStatus;
  }
}

export interface ClientOptions {
  appKey: string;
  appSecret: string;
  /** Gateway base, the API path is appended; default https://api.taobao.global/rest. */
  baseUrl?: string;
  /** "json" (the Go SDK's form, default) or "form" (application/x-www-form-urlencoded). */
  wireFormat?: "json" | "form";
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}

/** Token state as a plain object (expiries computed from expires_in against the time the request was sent, so they err early): the caller stores it sealed, this module never persists. */
export type TokenState = ConnectorTokens;

/** Turns business params into the wire's strings: lists and objects become JSON, absent ones are dropped. */
export function encodeParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    if (s !== "") out[k] = s;
  }
  return out;
}

export class TaobaoGlobalClient {
  readonly appKey: string;
  readonly baseUrl: string;
  readonly #appSecret: string;
  readonly #wireFormat: "json" | "form";
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly now: () => number;

  constructor(options: ClientOptions) {
    this.appKey = options.appKey;
    this.#appSecret = options.appSecret;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.#wireFormat = options.wireFormat ?? "json";
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }

  /**
   * The URL an operator opens to authorize the app; the redirect brings back `code`. `base` is the
   * operator's configured authorize page (a test points it at a fake); the real one by default.
   */
  authorizeUrl(redirectUri: string, state?: string, base: string = AUTHORIZE_URL): string {
    const q = new URLSearchParams({ response_type: "code", force_auth: "true", redirect_uri: redirectUri, client_id: this.appKey });
    if (state) q.set("state", state);
    return `${base}${base.includes("?") ? "&" : "?"}${q}`;
  }

  /** The signed parameter set for one request (exposed so tests and the fake can check the wire). */
  signedParams(apiPath: string, params: Params, accessToken?: string): Record<string, string> {
    const wire = encodeParams(params);
    wire["app_key"] = this.appKey;
    wire["sign_method"] = SIGN_METHOD;
    wire["timestamp"] = String(this.now());
    if (accessToken) wire["access_token"] = accessToken;
    delete wire["sign"];
    wire["sign"] = signRequest(apiPath, wire, this.#appSecret);
    return wire;
  }

  /** One signed request. Resolves to the envelope on success; throws TaobaoGlobalError / TaobaoGlobalTransportError. */
  async call<T extends Envelope = Envelope>(apiPath: string, params: Params = {}, options: { accessToken?: string } = {}): Promise<T> {
    if (!apiPath.startsWith("/")) throw new TypeError(`API path must start with "/": ${apiPath}`);
    const wire = this.signedParams(apiPath, params, options.accessToken);
    const body = this.#wireFormat === "json" ? JSON.stringify(wire) : new URLSearchParams(wire).toString();
    const contentType = this.#wireFormat === "json" ? "application/json;charset=utf-8" : "application/x-www-form-urlencoded;charset=utf-8";
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(this.baseUrl + apiPath, {
        method: "POST",
        headers: { "content-type": contentType, accept: "application/json" },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new TaobaoGlobalTransportError(apiPath, `request failed: ${(err as Error).message}`, undefined, err);
    }
    let json: unknown;
    try {
      json = parseAnswer(text);
    } catch {
      throw new TaobaoGlobalTransportError(apiPath, `HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`, res.status);
    }
    if (!json || typeof json !== "object" || typeof (json as Envelope).code !== "string") {
      throw new TaobaoGlobalTransportError(apiPath, `HTTP ${res.status}, no envelope: ${text.slice(0, 200)}`, res.status);
    }
    const env = json as Envelope;
    if (env.code !== "0") {
      // Gateway form (SEEN on Lazada's gateway): {type, code, message, request_id}.
      throw new TaobaoGlobalError({
        code: env.code, message: str(env["message"]) ?? str(env["msg"]) ?? "", layer: "gateway",
        type: str(env["type"]), requestId: str(env.request_id), httpStatus: res.status, apiPath,
      });
    }
    const failure = businessFailure(env);
    if (failure) throw new TaobaoGlobalError({ ...failure, layer: "business", requestId: str(env.request_id), httpStatus: res.status, apiPath });
    if (!res.ok) throw new TaobaoGlobalTransportError(apiPath, `HTTP ${res.status} with code "0"`, res.status);
    return env as T;
  }

  /** Exchanges the OAuth `code` from the redirect for tokens. */
  async createToken(code: string): Promise<TokenState> {
    const sentAt = this.now();
    return toTokenState(await this.call(API.tokenCreate, { code }), sentAt, API.tokenCreate);
  }

  async refreshToken(refreshToken: string): Promise<TokenState> {
    const sentAt = this.now();
    return toTokenState(await this.call(API.tokenRefresh, { refresh_token: refreshToken }), sentAt, API.tokenRefresh);
  }
}

/**
 * The answer's JSON, with every integer beyond 2^53 kept as its digits (a string): ids are int64 on
 * the wire (SEEN, the SDK's types) and a double would silently change them. Other numbers stay
 * numbers. Uses the reviver's `context.source` (V8, Node ≥ 21).
 */
export function parseAnswer(text: string): unknown {
  type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;
  const reviver: Reviver = (_key, value, context) =>
    typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source) ? context.source : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

const isFalse = (v: unknown) => v === false || v === "false";

// Business failures come as `success: false` with `error_code` / `error_msg` at the top (create,
// query, batch pay, cancel), or inside `result` (render, logistics, refund query) — SEEN in the Go
// SDK's types. A `data.success: false` on create is a partial outcome the caller reads, not an error.
function businessFailure(env: Envelope): { code: string; message: string } | undefined {
  const pick = (o: Record<string, unknown>) => ({
    code: str(o["error_code"]) ?? str(o["errorCode"]) ?? "UNKNOWN_ERROR",
    message: str(o["error_msg"]) ?? str(o["error_message"]) ?? str(o["errorMessage"]) ?? "",
  });
  if (isFalse(env["success"])) return pick(env);
  const result = env["result"];
  if (result && typeof result === "object" && isFalse((result as Record<string, unknown>)["success"])) return pick(result as Record<string, unknown>);
  return undefined;
}

function toTokenState(env: Envelope, sentAt: number, apiPath: string): TokenState {
  const accessToken = str(env["access_token"]);
  const refreshToken = str(env["refresh_token"]);
  const expiresIn = Number(env["expires_in"]);
  const refreshExpiresIn = Number(env["refresh_expires_in"]);
  if (!accessToken || !refreshToken || !Number.isFinite(expiresIn) || !Number.isFinite(refreshExpiresIn)) {
    throw new TaobaoGlobalTransportError(apiPath, "token answer without access_token / refresh_token / expiries");
  }
  const state: TokenState = {
    accessToken, refreshToken,
    accessExpiresAt: sentAt + expiresIn * 1000,
    refreshExpiresAt: sentAt + refreshExpiresIn * 1000,
  };
  const account = str(env["account"]);
  const userId = str(env["user_id"]);
  const sellerId = str(env["seller_id"]);
  if (account) state.account = account;
  if (userId) state.userId = userId;
  if (sellerId) state.sellerId = sellerId;
  return state;
}

export interface TokenHolderOptions {
  /** Refresh this long before the access token expires (default 5 minutes). */
  refreshAheadMs?: number;
  /** Called with every new state (already in use by the holder): the caller seals and stores it. */
  onChange?: (state: TokenState) => void | Promise<void>;
}

/**
 * Holds one authorization's tokens: refreshes ahead of expiry, and once more when the upstream
 * answers IllegalAccessToken (revoked or expired early), then repeats the call once. Concurrent
 * callers share one refresh.
 */
export class TokenHolder {
  readonly #client: TaobaoGlobalClient;
  #state: TokenState;
  #refreshing: Promise<TokenState> | undefined;
  readonly #refreshAheadMs: number;
  readonly #onChange: TokenHolderOptions["onChange"];

  constructor(client: TaobaoGlobalClient, state: TokenState, options: TokenHolderOptions = {}) {
    this.#client = client;
    this.#state = { ...state };
    this.#refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
    this.#onChange = options.onChange;
  }

  get state(): TokenState {
    return { ...this.#state };
  }

  async accessToken(): Promise<string> {
    if (this.#client.now() >= this.#state.accessExpiresAt - this.#refreshAheadMs) await this.refresh(this.#state.accessToken);
    return this.#state.accessToken;
  }

  /** Refreshes unless another caller already replaced `staleToken`; one refresh at a time. */
  async refresh(staleToken: string = this.#state.accessToken): Promise<TokenState> {
    if (this.#refreshing) return this.#refreshing;
    if (this.#state.accessToken !== staleToken) return this.state;
    if (this.#client.now() >= this.#state.refreshExpiresAt) {
      // INFERRED local code: the refresh token has lapsed, an operator must authorize again.
      throw new TaobaoGlobalError({ code: "RefreshTokenExpired", message: "the refresh token has expired; authorize the app again", layer: "gateway", httpStatus: 0, apiPath: API.tokenRefresh });
    }
    this.#refreshing = (async () => {
      const next = await this.#client.refreshToken(this.#state.refreshToken);
      // Adopt the new pair before storing it: the upstream may already have retired the old one,
      // so a failed store must not leave this holder with dead tokens.
      this.#state = next;
      await this.#onChange?.({ ...next });
      return { ...next };
    })();
    try {
      return await this.#refreshing;
    } finally {
      this.#refreshing = undefined;
    }
  }

  async call<T extends Envelope = Envelope>(apiPath: string, params: Params = {}): Promise<T> {
    const token = await this.accessToken();
    try {
      return await this.#client.call<T>(apiPath, params, { accessToken: token });
    } catch (err) {
      if (!(err instanceof TaobaoGlobalError) || err.code !== ILLEGAL_ACCESS_TOKEN) throw err;
      await this.refresh(token);
      return await this.#client.call<T>(apiPath, params, { accessToken: this.#state.accessToken });
    }
  }
}
