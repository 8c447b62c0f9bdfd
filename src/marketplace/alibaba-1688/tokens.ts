// Holds one 1688 authorization's tokens for the AOP client: refreshes ahead of expiry, and once
// more when the gateway refuses the token (revoked or expired early — see isAopTokenRefusal), after
// which the client repeats its call once. Concurrent callers share one refresh; every new state is
// handed to `onTokens` so that the platform seals and stores it.
import type { ConnectorTokens } from "../live/live-connector.ts";
import { AopError, type AopTokenSource } from "./aop.ts";

export interface AopTokenHolderOptions {
  /** Gets a new state for the current one (refreshAopToken, bound to the app's settings). */
  refresh: (current: ConnectorTokens) => Promise<ConnectorTokens>;
  onTokens?: (tokens: ConnectorTokens) => void | Promise<void>;
  now?: () => number;
  /** Refresh this long before the access token expires (default 5 minutes). */
  refreshAheadMs?: number;
}

export class AopTokenHolder implements AopTokenSource {
  #state: ConnectorTokens;
  #refreshing: Promise<ConnectorTokens> | undefined;
  readonly #o: Required<Omit<AopTokenHolderOptions, "onTokens">> & Pick<AopTokenHolderOptions, "onTokens">;

  constructor(state: ConnectorTokens, options: AopTokenHolderOptions) {
    this.#state = { ...state };
    this.#o = { ...options, now: options.now ?? Date.now, refreshAheadMs: options.refreshAheadMs ?? 5 * 60_000 };
  }

  get state(): ConnectorTokens {
    return { ...this.#state };
  }

  async accessToken(): Promise<string> {
    if (this.#o.now() >= this.#state.accessExpiresAt - this.#o.refreshAheadMs) await this.refresh(this.#state.accessToken);
    return this.#state.accessToken;
  }

  async refresh(staleToken: string = this.#state.accessToken): Promise<ConnectorTokens> {
    if (this.#refreshing) return this.#refreshing;
    if (this.#state.accessToken !== staleToken) return this.state;
    if (this.#o.now() >= this.#state.refreshExpiresAt) {
      // A local code: the refresh token has lapsed, an operator must authorize again.
      throw new AopError("refresh_token_expired", "the 1688 refresh token has expired; run `openpon connector authorize alibaba-1688` again");
    }
    this.#refreshing = (async () => {
      const next = await this.#o.refresh(this.state);
      // Adopt the new state before storing it: the upstream may already have retired the old
      // token, so a failed store must not leave this holder with a dead one.
      this.#state = { ...next };
      await this.#o.onTokens?.({ ...next });
      return { ...next };
    })();
    try {
      return await this.#refreshing;
    } finally {
      this.#refreshing = undefined;
    }
  }
}
