// How the platform builds and authorizes the Taobao Global connector from an operator's settings
// (the LiveConnectorKit contract, ../live/live-connector.ts). The settings' tokens arrive unsealed;
// every refreshed pair goes back through hooks.onTokens to be sealed and stored.
import type { ConnectorSettings, ConnectorTokens, LiveConnector, LiveConnectorHooks, LiveConnectorKit } from "../live/live-connector.ts";
import { AUTHORIZE_URL, DEFAULT_BASE_URL, TaobaoGlobalClient, type TokenState } from "./client.ts";
import { TaobaoGlobalConnector } from "./connector.ts";

/** Only the members a stored token state has (the upstream's answer may carry more). */
function toTokens(s: TokenState): ConnectorTokens {
  const t: ConnectorTokens = { accessToken: s.accessToken, refreshToken: s.refreshToken, accessExpiresAt: s.accessExpiresAt, refreshExpiresAt: s.refreshExpiresAt };
  if (s.account) t.account = s.account;
  if (s.userId) t.userId = s.userId;
  if (s.sellerId) t.sellerId = s.sellerId;
  return t;
}

function client(settings: ConnectorSettings, hooks: Pick<LiveConnectorHooks, "fetch" | "now">): TaobaoGlobalClient {
  return new TaobaoGlobalClient({
    baseUrl: settings.baseUrl, appKey: settings.appKey, appSecret: settings.appSecret,
    timeoutMs: settings.tuning.timeoutMs, fetch: hooks.fetch, now: hooks.now,
  });
}

export const taobaoGlobalKit: LiveConnectorKit = {
  name: "taobao-global",
  platform: "taobao",
  defaults: { baseUrl: DEFAULT_BASE_URL, authorizeUrl: AUTHORIZE_URL },

  create(settings: ConnectorSettings, hooks: LiveConnectorHooks): LiveConnector {
    if (!settings.tokens) throw new Error("taobao-global is not authorized: run `openpon connector authorize taobao-global`");
    const { ratePerSec, burst, timeoutMs } = settings.tuning;
    return new TaobaoGlobalConnector({
      baseUrl: settings.baseUrl,
      appKey: settings.appKey,
      appSecret: settings.appSecret,
      tokens: { ...settings.tokens },
      onTokenChange: (state) => hooks.onTokens(toTokens(state)),
      timeoutMs,
      fetch: hooks.fetch,
      policy: { ratePerSec, burst, now: hooks.now },
    });
  },

  authorizeLink(settings: ConnectorSettings, state: string): string {
    return new TaobaoGlobalClient({ appKey: settings.appKey, appSecret: settings.appSecret, baseUrl: settings.baseUrl })
      .authorizeUrl(settings.redirectUri, state, settings.authorizeUrl || AUTHORIZE_URL);
  },

  async exchangeCode(settings: ConnectorSettings, code: string, hooks: Pick<LiveConnectorHooks, "fetch" | "now">): Promise<ConnectorTokens> {
    return toTokens(await client(settings, hooks).createToken(code));
  },
};
