// The 1688 token holder, the token-refusal test, and the OAuth wire (with a stub fetch).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ConnectorTokens } from "../live/live-connector.ts";
import { AopClient, AopError, isAopTokenRefusal } from "./aop.ts";
import { aopAuthorizeLink, exchangeAopCode, refreshAopToken } from "./oauth.ts";
import { AopTokenHolder } from "./tokens.ts";

const T0 = Date.parse("2026-12-07T08:00:00Z");
const state = (over: Partial<ConnectorTokens> = {}): ConnectorTokens => ({ accessToken: "at-1", refreshToken: "rt-1", accessExpiresAt: T0 + 3600_000, refreshExpiresAt: T0 + 30 * 86400_000, ...over });

describe("AopTokenHolder", () => {
  test("uses the token until 5 minutes before expiry, then refreshes once and reports the new state", async () => {
    let now = T0;
    const reported: ConnectorTokens[] = [];
    let refreshes = 0;
    const holder = new AopTokenHolder(state(), {
      now: () => now,
      refresh: async (current) => {
        refreshes++;
        return { ...current, accessToken: `at-${refreshes + 1}`, accessExpiresAt: now + 3600_000 };
      },
      onTokens: (t) => void reported.push(t),
    });
    assert.equal(await holder.accessToken(), "at-1");
    now = T0 + 3600_000 - 5 * 60_000 - 1;
    assert.equal(await holder.accessToken(), "at-1");
    now += 1;
    const [a, b] = await Promise.all([holder.accessToken(), holder.accessToken()]);
    assert.equal(a, "at-2");
    assert.equal(b, "at-2");
    assert.equal(refreshes, 1, "concurrent callers share one refresh");
    assert.deepEqual(reported.map((t) => t.accessToken), ["at-2"]);
    // A refresh asked for a token already replaced does nothing.
    await holder.refresh("at-1");
    assert.equal(refreshes, 1);
  });

  test("a lapsed refresh token asks for a new authorization", async () => {
    const holder = new AopTokenHolder(state({ accessExpiresAt: T0 - 1, refreshExpiresAt: T0 - 1 }), { now: () => T0, refresh: async () => assert.fail("no refresh") });
    await assert.rejects(holder.accessToken(), (err: unknown) => err instanceof AopError && err.code === "refresh_token_expired" && /connector authorize alibaba-1688/.test(err.message));
  });
});

describe("the token refusal (INFERRED codes)", () => {
  test("gateway token codes count; signature, business and transient failures do not", () => {
    assert.ok(isAopTokenRefusal(new AopError("gw.InvalidAccessToken", "Invalid access_token", { httpStatus: 401 })));
    assert.ok(isAopTokenRefusal(new AopError("gw.AccessTokenExpired", "access_token expired", { httpStatus: 401 })));
    assert.ok(isAopTokenRefusal(new AopError("401", "Request need user authorized: access_token invalid", { httpStatus: 401 })));
    assert.ok(!isAopTokenRefusal(new AopError("gw.SignatureInvalid", "The request signature does not conform", { httpStatus: 401 })));
    assert.ok(!isAopTokenRefusal(new AopError("ORDER_NOT_EXIST", "order not found", { httpStatus: 200 })));
    assert.ok(!isAopTokenRefusal(new AopError("timeout", "access_token call timed out", { transient: true })));
  });

  test("the client refreshes once on a refused token and repeats the call once", async () => {
    const seen: string[] = [];
    const fetchStub = (async (_url: string, init: RequestInit) => {
      const token = new URLSearchParams(String(init.body)).get("access_token")!;
      seen.push(token);
      return token === "at-1"
        ? new Response(JSON.stringify({ error_code: "gw.AccessTokenExpired", error_message: "access_token expired" }), { status: 401 })
        : new Response(JSON.stringify({ success: true, result: { ok: 1 } }), { status: 200 });
    }) as typeof fetch;
    const holder = new AopTokenHolder(state(), { now: () => T0, refresh: async (c) => ({ ...c, accessToken: "at-2" }) });
    const client = new AopClient({ baseUrl: "http://127.0.0.1:9", appKey: "1", appSecret: "s", accessToken: holder, fetch: fetchStub, now: () => T0 });
    assert.deepEqual(await client.call("com.alibaba.trade", "x", {}), { success: true, result: { ok: 1 } });
    assert.deepEqual(seen, ["at-1", "at-2"]);
    // A second refusal after the refresh is the answer: no loop.
    const always401 = (async () => new Response(JSON.stringify({ error_code: "gw.InvalidAccessToken", error_message: "Invalid access_token" }), { status: 401 })) as typeof fetch;
    let refreshes = 0;
    const holder2 = new AopTokenHolder(state(), { now: () => T0, refresh: async (c) => ({ ...c, accessToken: `at-${++refreshes + 1}` }) });
    const client2 = new AopClient({ baseUrl: "http://127.0.0.1:9", appKey: "1", appSecret: "s", accessToken: holder2, fetch: always401, now: () => T0 });
    await assert.rejects(client2.call("com.alibaba.trade", "x", {}), (err: unknown) => err instanceof AopError && err.code === "gw.InvalidAccessToken");
    assert.equal(refreshes, 1);
  });
});

describe("1688 OAuth wire", () => {
  test("the authorize link carries client_id, site=1688, redirect_uri and state", () => {
    const link = new URL(aopAuthorizeLink("https://auth.1688.com/oauth/authorize", "1234567", "https://op.example/cb?x=1", "st&ate"));
    assert.equal(link.origin + link.pathname, "https://auth.1688.com/oauth/authorize");
    assert.deepEqual(Object.fromEntries(link.searchParams), { client_id: "1234567", site: "1688", redirect_uri: "https://op.example/cb?x=1", state: "st&ate" });
  });

  test("exchange: http/1 getToken with the code; refresh: param2 getToken, the refresh token kept", async () => {
    const requests: Array<{ url: string; form: Record<string, string> }> = [];
    let answer: unknown = {};
    const fetchStub = (async (url: string, init: RequestInit) => {
      requests.push({ url, form: Object.fromEntries(new URLSearchParams(String(init.body))) });
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as typeof fetch;
    const o = { baseUrl: "http://gw.test/", appKey: "1234567", appSecret: "sec", fetch: fetchStub, now: () => T0 };
    answer = { access_token: "AT", refresh_token: "RT", expires_in: "36000", refresh_token_timeout: "20270605160000000+0800", aliId: "88", memberId: "b2b-88", resource_owner: "buyer" };
    const tokens = await exchangeAopCode(o, "CODE", "https://op.example/cb");
    assert.equal(requests[0]!.url, "http://gw.test/openapi/http/1/system.oauth2/getToken/1234567");
    assert.deepEqual(requests[0]!.form, { grant_type: "authorization_code", need_refresh_token: "true", client_id: "1234567", client_secret: "sec", redirect_uri: "https://op.example/cb", code: "CODE" });
    assert.deepEqual(tokens, { accessToken: "AT", refreshToken: "RT", accessExpiresAt: T0 + 36_000_000, refreshExpiresAt: Date.parse("2027-06-05T08:00:00Z"), account: "buyer", userId: "b2b-88", sellerId: "88" });

    answer = { access_token: "AT2", expires_in: 36000, aliId: "88", memberId: "b2b-88", resource_owner: "buyer" };
    const next = await refreshAopToken(o, tokens);
    assert.equal(requests[1]!.url, "http://gw.test/openapi/param2/1/system.oauth2/getToken/1234567");
    assert.equal(requests[1]!.form.grant_type, "refresh_token");
    assert.equal(requests[1]!.form.refresh_token, "RT");
    assert.deepEqual(next, { ...tokens, accessToken: "AT2" });

    answer = { error: "invalid_grant", error_description: "the code is unknown" };
    await assert.rejects(exchangeAopCode(o, "BAD", "https://op.example/cb"), (err: unknown) => err instanceof AopError && err.code === "invalid_grant" && !/sec|BAD/.test(err.message));
  });
});
