// What a real (live) connector offers beyond the marketplace port, and how the platform builds one
// from an operator's settings. The platform keeps the settings (secrets and tokens sealed with the
// master key), builds each configured connector through its kit, and keeps it in step with the
// upstream in one way for both marketplaces: a push or a poll only says *which* upstream orders
// changed (a notice); a sync job then reads each such order through the port and hands what it
// finds to the marketplace inbox. A push's own payload is never trusted for state, so duplicate,
// reordered and lost pushes all end the same: the order as the upstream has it now.
import type { Connector, Platform } from "../port.ts";
import type { HealthSnapshot } from "./policy.ts";

export type LiveConnectorName = "taobao-global" | "alibaba-1688";
export const LIVE_CONNECTOR_NAMES: readonly LiveConnectorName[] = ["taobao-global", "alibaba-1688"];
export const PLATFORM_OF: Record<LiveConnectorName, Platform> = { "taobao-global": "taobao", "alibaba-1688": "alibaba" };

/** An authorization's tokens, as the platform stores them (sealed). */
export interface ConnectorTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** Who authorized (the upstream's account name or member id), for `connector status`. */
  account?: string;
  userId?: string;
  sellerId?: string;
}

/** Rate, timeout and wire knobs an operator may set (absent = the connector's defaults). */
export interface ConnectorTuning {
  /** Token bucket: sustained calls per second, and burst. */
  ratePerSec?: number;
  burst?: number;
  timeoutMs?: number;
  /** Seconds between polls for changed orders (default 60; 0 = no polling). */
  pollEverySec?: number;
  /** Seconds between reads of a parcel still on its way (carriers' steps are not pushed as order changes; default 1800). */
  trackEverySec?: number;
}

/** One connector's settings, unsealed. */
export interface ConnectorSettings {
  name: LiveConnectorName;
  appKey: string;
  appSecret: string;
  /** The API gateway (Taobao Global: …/rest; 1688: https://gw.open.1688.com). */
  baseUrl: string;
  /** Where an operator is sent to authorize the app. */
  authorizeUrl: string;
  /** Where the upstream redirects after authorization (the code is then given to `connector authorize`). */
  redirectUri: string;
  tokens: ConnectorTokens | null;
  tuning: ConnectorTuning;
}

/** An inbound push as received: the raw body is kept for the signature. Header names are lower-case. */
export interface PushRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** What a verified push says: this upstream order changed (why, for the log). */
export interface UpstreamNotice {
  /** The upstream's id of the message (logged; several notices may share one). */
  messageId: string;
  upstreamOrderId: string;
  /** The upstream's topic or message type, e.g. "3", "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS". */
  topic: string;
}

/** A push that failed verification (bad or missing signature, unknown app key, unreadable body): refused, never applied. */
export class PushRefused extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = "PushRefused";
    this.reason = reason;
  }
}

export interface ConnectorHealth extends HealthSnapshot {
  connector: LiveConnectorName;
  baseUrl: string;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  /** Port methods this connector answers with 50201 not_implemented. */
  notImplemented: readonly string[];
}

export interface LiveConnector extends Connector {
  readonly name: LiveConnectorName;
  status(): ConnectorHealth;
  /** Verifies a push (throws PushRefused) and says which orders it concerns (none for a topic we do not follow). */
  readPush(push: PushRequest): UpstreamNotice[];
  /** What the upstream expects back for an accepted push. */
  readonly pushAck: { status: number; contentType: string; body: string };
  /** The upstream orders modified in [from, to) (epoch ms), all pages: the poll that catches lost pushes. */
  changedOrders(from: number, to: number): Promise<string[]>;
}

export interface LiveConnectorHooks {
  /** Called with every new token state (refreshed): the platform seals and stores it. */
  onTokens(tokens: ConnectorTokens): Promise<void>;
  /** For tests: the fetch and clock the connector uses. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Ties of the platform's refund ids to the upstream's, kept in the database. */
  refundLinks?: RefundLinkStore;
}

/** The platform's refund id → the upstream's refund id and the order it is about. */
export interface RefundLink {
  upstreamRefundId: string;
  upstreamOrderId: string;
}

export interface RefundLinkStore {
  get(refundId: string): RefundLink | undefined | Promise<RefundLink | undefined>;
  set(refundId: string, link: RefundLink): void | Promise<void>;
}

/** How the platform builds and authorizes one kind of live connector. */
export interface LiveConnectorKit {
  name: LiveConnectorName;
  platform: Platform;
  defaults: { baseUrl: string; authorizeUrl: string };
  /** Builds the connector; throws when the settings lack what it needs (e.g. tokens). */
  create(settings: ConnectorSettings, hooks: LiveConnectorHooks): LiveConnector;
  /** The page the operator opens to authorize the app. */
  authorizeLink(settings: ConnectorSettings, state: string): string;
  /** Exchanges the authorization code from the redirect for tokens. */
  exchangeCode(settings: ConnectorSettings, code: string, hooks: Pick<LiveConnectorHooks, "fetch" | "now">): Promise<ConnectorTokens>;
}
