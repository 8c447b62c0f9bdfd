// How the platform builds and authorizes the 1688 connector from an operator's settings
// (../live/live-connector.ts): the settings' tokens go into a holder that refreshes them and hands
// every new state to hooks.onTokens for the platform to seal and store.
import type { ConnectorSettings, LiveConnectorHooks, LiveConnectorKit } from "../live/live-connector.ts";
import { AOP_GATEWAY } from "./aop.ts";
import { Alibaba1688Connector } from "./connector.ts";
import { AOP_AUTHORIZE_URL, aopAuthorizeLink, exchangeAopCode, refreshAopToken, type AopOAuthOptions } from "./oauth.ts";
import { AopTokenHolder } from "./tokens.ts";

function oauthOptions(settings: ConnectorSettings, hooks: Pick<LiveConnectorHooks, "fetch" | "now">): AopOAuthOptions {
  return { baseUrl: settings.baseUrl, appKey: settings.appKey, appSecret: settings.appSecret, fetch: hooks.fetch, now: hooks.now, timeoutMs: settings.tuning.timeoutMs };
}

export const alibaba1688Kit: LiveConnectorKit = {
  name: "alibaba-1688",
  platform: "alibaba",
  defaults: { baseUrl: AOP_GATEWAY, authorizeUrl: AOP_AUTHORIZE_URL },

  create(settings: ConnectorSettings, hooks: LiveConnectorHooks): Alibaba1688Connector {
    if (!settings.tokens) throw new Error("alibaba-1688 is not authorized: run `openpon connector authorize alibaba-1688`");
    const oauth = oauthOptions(settings, hooks);
    const holder = new AopTokenHolder(settings.tokens, {
      refresh: (current) => refreshAopToken(oauth, current),
      onTokens: (tokens) => hooks.onTokens(tokens),
      now: hooks.now,
    });
    const { ratePerSec, burst, timeoutMs } = settings.tuning;
    return new Alibaba1688Connector({
      baseUrl: settings.baseUrl,
      appKey: settings.appKey,
      appSecret: settings.appSecret,
      accessToken: holder,
      timeoutMs,
      fetch: hooks.fetch,
      refundLinks: hooks.refundLinks,
      policy: { ratePerSec, burst, now: hooks.now },
    });
  },

  authorizeLink(settings: ConnectorSettings, state: string): string {
    return aopAuthorizeLink(settings.authorizeUrl, settings.appKey, settings.redirectUri, state);
  },

  exchangeCode(settings: ConnectorSettings, code: string, hooks: Pick<LiveConnectorHooks, "fetch" | "now">) {
    return exchangeAopCode(oauthOptions(settings, hooks), code, settings.redirectUri);
  },
};
