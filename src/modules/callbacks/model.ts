// Callback messages and their delivery (protocol.md §7, statuses.md §9).

export const CALLBACK_URL_VERIFY = "CALLBACK_URL_VERIFY";

/** PostgreSQL channel: a message became due (new event, replay). Every node's dispatcher wakes. */
export const CALLBACK_CHANNEL = "openpon_callbacks";

/** The message types of protocol.md §7.6 that orders and refunds produce, with their messagePlatform. */
export const MESSAGE_TYPES: Readonly<Record<string, 0 | 1>> = {
  TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY: 0,
  TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY: 0,
  TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND: 0,
  "1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY": 1,
  "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY": 1,
  "1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND": 1,
};

/**
 * Callback families beyond PandaPon's (protocol.md §7.6 lists only order and refund messages), each
 * off until the developer opts in, so receivers written for PandaPon see nothing new:
 * `warehouse` = WAREHOUSE_ITEM_STATUS_MODIFY (warehouse items) and PARCEL_STATUS_MODIFY (international
 * logistics orders): the goods' way from the warehouse to the consignee.
 */
export const CALLBACK_EXTENSIONS = ["warehouse"] as const;
export type CallbackExtension = (typeof CALLBACK_EXTENSIONS)[number];
export type ExtensionsView = Record<CallbackExtension, boolean>;

/** statuses.md §9, plus NO_ENDPOINT: the developer had no callback URL when the message was due. */
export const MESSAGE_STATUSES = ["PENDING", "DELIVERING", "DELIVERED", "RETRY_WAIT", "FAILED", "NO_ENDPOINT"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Why an attempt failed; null (absent) when the receiver answered HTTP 200 in time. */
export const ATTEMPT_ERROR_KINDS = [
  "http_status", // answered, but not 200
  "redirect", // answered 3xx: not followed
  "timeout", // no complete answer within the timeout
  "connect_failed", // refused, unreachable, TLS failure, unknown host
  "forbidden_address", // the URL resolves to a private or loopback address (SSRF guard)
  "bad_url", // not an acceptable URL (e.g. http for a live developer)
  "too_large", // the answer was larger than we read
  "http_error", // the connection broke mid-exchange
  "abandoned", // the node making the attempt stopped before reporting (not counted)
] as const;
export type AttemptErrorKind = (typeof ATTEMPT_ERROR_KINDS)[number];

export interface CallbackSettings {
  timeoutMs: number;
  connectTimeoutMs: number;
  /** The wait after every failed attempt, when no retryScheduleMs is given. */
  retryDelayMs: number;
  /** Attempts per round, the first included, when no retryScheduleMs is given. */
  maxAttempts: number;
  /** The waits after the 1st, 2nd, … failed attempt of a round; a round has length + 1 attempts (CALLBACK_RETRY_SCHEDULE). */
  retryScheduleMs?: readonly number[];
  /** Live developers may use http and private addresses too. */
  allowPrivate: boolean;
  leaseMs: number;
  pollMs: number;
  concurrency: number;
}

export interface EndpointView {
  developId: string;
  /** The verified callback URL; null when none is set. */
  url: string | null;
  verifiedAt: number | null;
  /** Standard Webhooks secret (whsec_…) for the webhook-signature header. */
  signingSecret: string;
  /** Whether plain http and private addresses are allowed for this developer. */
  allowsPrivate: boolean;
}

export interface AttemptOutcome {
  url: string;
  /** The attempt's moment on the developer's clock (the envelope timestamp). */
  atMs: number;
  httpStatus: number | null;
  errorKind: AttemptErrorKind | null;
  error: string | null;
  latencyMs: number;
}

export interface VerifyResult extends Omit<AttemptOutcome, "atMs"> {
  ok: boolean;
  messageId: string;
}

export interface AttemptView {
  round: number;
  attempt: number;
  at: number;
  url: string;
  httpStatus: number | null;
  errorKind: string | null;
  error: string | null;
  latencyMs: number;
}

export interface MessageView {
  eventId: string;
  messageId: string;
  messageType: string;
  messagePlatform: number;
  status: MessageStatus;
  round: number;
  attempts: number;
  /** When the next attempt is due (platform clock; the test clock for sandbox retries), or null. */
  nextAttemptAt: number | null;
  createdAt: number;
  deliveredAt: number | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  attemptLog: AttemptView[];
}

export interface MessageFilter {
  type?: string | undefined;
  status?: MessageStatus | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** The eventId of the last message of the previous page (pages go newest first). */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface FeedItem {
  eventId: string;
  messageId: string;
  messageType: string;
  messagePlatform: number;
  messageBody: unknown;
  createdAt: number;
  status: MessageStatus;
}
