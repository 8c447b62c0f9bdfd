// 1688's OAuth: the page an operator opens to authorize the app, the exchange of the code it
// redirects with for tokens, and the refresh of an access token.
//
// SEEN (several public 1688 clients, e.g. a C# SDK and PHP OAuth helpers; research §B.1):
// - authorize: https://auth.1688.com/oauth/authorize?client_id={appKey}&site=1688&redirect_uri=…&state=…
// - exchange:  POST {gateway}/openapi/http/1/system.oauth2/getToken/{appKey}, form grant_type=
//   authorization_code, need_refresh_token=true, client_id, client_secret, redirect_uri, code;
// - refresh:   POST {gateway}/openapi/param2/1/system.oauth2/getToken/{appKey}, form grant_type=
//   refresh_token, client_id, client_secret, refresh_token;
// - answer: access_token, expires_in (seconds; a C# SDK notes 10 hours), refresh_token (half a
//   year), refresh_token_timeout, aliId, memberId, resource_owner; a refresh answer carries no new
//   refresh token (the C# SDK warns not to overwrite it); errors as {error, error_description} or
//   the gateway's {error_code, error_message}.
// INFERRED: that these calls are unsigned (the clients above send none: the secret is in the form);
// refresh_token_timeout's form (1688's date form, with or without milliseconds); the research's
// note that the PHP SDK names the refresh parameter `refreshToken` — both names are sent.
import type { ConnectorTokens } from "../live/live-connector.ts";
import { AopError, parseAopDate, parseAopResponse } from "./aop.ts";

export const AOP_AUTHORIZE_URL = "https://auth.1688.com/oauth/authorize";

/** Used when the answer gives no refresh expiry (INFERRED from the C# SDK's "half a year"). */
const REFRESH_LIFETIME_MS = 180 * 24 * 3600_000;

export interface AopOAuthOptions {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export function aopAuthorizeLink(authorizeUrl: string, appKey: string, redirectUri: string, state: string): string {
  const url = new URL(authorizeUrl);
  url.searchParams.set("client_id", appKey);
  url.searchParams.set("site", "1688");
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("state", state);
  return url.toString();
}

export async function exchangeAopCode(o: AopOAuthOptions, code: string, redirectUri: string): Promise<ConnectorTokens> {
  const body = await tokenCall(o, "http", { grant_type: "authorization_code", need_refresh_token: "true", client_id: o.appKey, client_secret: o.appSecret, redirect_uri: redirectUri, code });
  return toTokens(body, (o.now ?? Date.now)());
}

/** A new access token for the refresh token; the refresh token (and its expiry) stays unless the answer brings a new one. */
export async function refreshAopToken(o: AopOAuthOptions, current: ConnectorTokens): Promise<ConnectorTokens> {
  const body = await tokenCall(o, "param2", { grant_type: "refresh_token", client_id: o.appKey, client_secret: o.appSecret, refresh_token: current.refreshToken, refreshToken: current.refreshToken });
  return toTokens(body, (o.now ?? Date.now)(), current);
}

async function tokenCall(o: AopOAuthOptions, protocol: "http" | "param2", form: Record<string, string>): Promise<Record<string, unknown>> {
  const url = `${o.baseUrl.replace(/\/+$/, "")}/openapi/${protocol}/1/system.oauth2/getToken/${o.appKey}`;
  let status: number;
  let text: string;
  try {
    const response = await (o.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
    });
    status = response.status;
    text = await response.text();
  } catch (err) {
    // Never the form in a message: it carries the secret and the code or refresh token.
    throw new AopError("network", `system.oauth2:getToken failed: ${(err as Error).message}`, { transient: true });
  }
  let parsed: Record<string, unknown> | undefined;
  try {
    const v: unknown = JSON.parse(text);
    parsed = v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined;
  }
  // The OAuth form of a refusal, {error, error_description}, which the gateway reader does not know.
  if (parsed && typeof parsed.error === "string" && parsed.error !== "" && !parsed.access_token) {
    throw new AopError(parsed.error, typeof parsed.error_description === "string" ? parsed.error_description : "token request refused", { httpStatus: status, transient: status >= 500 });
  }
  const body = parseAopResponse(status, text);
  if (typeof body.access_token !== "string" || body.access_token === "") throw new AopError("no_access_token", "system.oauth2:getToken answered without an access token", { httpStatus: status });
  return body;
}

function toTokens(body: Record<string, unknown>, now: number, previous?: ConnectorTokens): ConnectorTokens {
  const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
  const expiresIn = Number(str(body.expires_in));
  const refreshToken = str(body.refresh_token) || previous?.refreshToken || "";
  const refreshTimeout = str(body.refresh_token_timeout);
  // refresh_token_timeout may come without milliseconds: pad it to the full date form.
  const refreshAt = parseAopDate(refreshTimeout) ?? parseAopDate(refreshTimeout.replace(/^(\d{14})([+-]\d{4})$/, "$1000$2"));
  const tokens: ConnectorTokens = {
    accessToken: str(body.access_token),
    refreshToken,
    // INFERRED fallback of 10 hours (the C# SDK's note) when expires_in is missing.
    accessExpiresAt: now + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 10 * 3600_000),
    refreshExpiresAt: str(body.refresh_token) ? (refreshAt ?? now + REFRESH_LIFETIME_MS) : (previous?.refreshExpiresAt ?? refreshAt ?? now + REFRESH_LIFETIME_MS),
  };
  const account = str(body.resource_owner) || previous?.account;
  const userId = str(body.memberId) || previous?.userId;
  const sellerId = str(body.aliId) || previous?.sellerId;
  if (account) tokens.account = account;
  if (userId) tokens.userId = userId;
  if (sellerId) tokens.sellerId = sellerId;
  return tokens;
}
