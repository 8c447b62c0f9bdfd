// Callback use cases: the developer's endpoint (set after a passed verification, show, remove), one
// message per outbox event, attempts and their outcome, retries (on the test clock for sandbox
// developers), the delivery log, replays and the catch-up feed.
import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import { callbackBody, callbackHeaders } from "@openpon/sdk";
import type { Clock } from "../../platform/clock.ts";
import { randomHex, type SecretBox } from "../../platform/crypto.ts";
import type { DatabaseHandle, Db } from "../../platform/db/index.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../platform/http/errors.ts";
import { firstIdAt, idTimeOf, isInt8Id, type IdGenerator } from "../../platform/ids.ts";
import { forbiddenAddressReason, safeFetch, SafeFetchError } from "../../platform/net/safe-fetch.ts";
import type { Outbox, StoredEvent } from "../../platform/outbox.ts";
import type { IdentityService } from "../identity/index.ts";
import type { AfterCommit, SandboxClocks, ScheduledEvent } from "../sandbox/index.ts";
import {
  CALLBACK_URL_VERIFY,
  MESSAGE_TYPES,
  type AttemptOutcome,
  type AttemptView,
  type CallbackSettings,
  type EndpointView,
  type FeedItem,
  type MessageFilter,
  type MessageStatus,
  type MessageView,
  type VerifyResult,
} from "./model.ts";
import { CallbackDispatcher } from "./dispatcher.ts";
import { callbacksRepo, type ClaimedRow, type MessageRow, type Outcome } from "./repo.ts";

/** PostgreSQL channel: a message became due (new event, replay). Every node's dispatcher wakes. */
export const CALLBACK_CHANNEL = "openpon_callbacks";
/** Scheduled-event kind of a sandbox developer's retry, due on their test clock. */
export const RETRY_EVENT_KIND = "callback.retry";
/** The feed only hands out events older than this, so a cursor never passes a transaction still open. */
const FEED_SETTLE_MS = 2000;
const MAX_ANSWER_BYTES = 1 << 20;
const MAX_URL_LENGTH = 2048;

export interface CallbackDeps {
  db: Db;
  database: DatabaseHandle;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretBox;
  identity: Pick<IdentityService, "getDeveloper" | "currentSecret" | "signers">;
  clocks: SandboxClocks;
  outbox: Outbox;
  settings: CallbackSettings;
}

/** What an attempt needs to know about the developer, read once per batch. */
interface DeveloperContext {
  developerId: string;
  sandbox: boolean;
  accessSecret: string;
  url: string | null;
  signingSecret: string | null;
  /** The developer's clock minus the platform clock (0 unless a sandbox clock was moved). */
  offsetMs: number;
}


export class CallbackService {
  readonly #deps: CallbackDeps;
  /** Emits "due" whenever any node made messages due (new events, replays) or the channel was re-established; "closing" on shutdown. */
  readonly changes = new EventEmitter();

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
    this.changes.setMaxListeners(0);
    deps.outbox.follow({ writes: (trx, events) => [this.#messagesFor(trx, events)], notify: CALLBACK_CHANNEL });
    deps.clocks.on(RETRY_EVENT_KIND, (trx, event, now) => this.#retryOnClock(trx, event, now));
  }

  get settings(): CallbackSettings {
    return this.#deps.settings;
  }

  /** This node's delivery worker, when started. */
  dispatcher: CallbackDispatcher | undefined;

  /**
   * Listens on the channel (post-commit notifications from this node and every other, which also
   * wake live streams) and, with `dispatch`, runs the delivery worker. Returns the stop function.
   */
  async start(options: { dispatch: boolean; onError?: (err: unknown) => void }): Promise<() => Promise<void>> {
    const unlisten = await this.#deps.database.listen(CALLBACK_CHANNEL, () => this.changes.emit("due"));
    if (options.dispatch) {
      this.dispatcher = new CallbackDispatcher(this, options.onError ? { onError: options.onError } : {});
      this.dispatcher.start();
    }
    return async () => {
      this.changes.emit("closing");
      await this.dispatcher?.stop();
      await unlisten();
    };
  }

  #at(): Date {
    return new Date(this.#deps.clock.now());
  }

  // -------------------------------------------------------------------------------------------------
  // Messages: one per outbox event, in the event's transaction.

  #messagesFor(trx: Db, events: StoredEvent[]) {
    const at = this.#at();
    return callbacksRepo.insertMessages(
      trx,
      events.map((e) => ({ eventId: e.id, messageId: randomHex(16), developerId: e.developerId, type: e.type, platform: e.platform, at })),
    );
  }

  /**
   * Test messages (the console's "send a test message"): real outbox events of a documented type whose
   * body says {"test": true}, delivered, logged and retried like any other.
   */
  async sendTest(developerId: string, options: { messageType?: string | undefined; count?: number | undefined } = {}): Promise<{ eventIds: string[] }> {
    await this.#deps.identity.getDeveloper(developerId);
    const type = options.messageType ?? "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
    const platform = MESSAGE_TYPES[type];
    if (platform === undefined) throw invalid(`messageType must be one of ${Object.keys(MESSAGE_TYPES).join(", ")}`);
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw invalid("count must be between 1 and 1000");
    const now = this.#deps.clock.now();
    const eventIds = await this.#deps.db.transaction().execute((trx) =>
      this.#deps.outbox.append(
        trx,
        Array.from({ length: count }, (_, i) => ({
          developerId,
          userId: null,
          type,
          platform,
          aggregateId: null,
          occurredAt: now,
          body: { test: true, seq: i + 1, note: "openpon test message" },
        })),
      ),
    );
    return { eventIds };
  }

  // -------------------------------------------------------------------------------------------------
  // The endpoint

  #allowsPrivate(sandbox: boolean): boolean {
    return sandbox || this.#deps.settings.allowPrivate;
  }

  /** 40002 for a URL that can never pass; addresses a name resolves to are judged when connecting. */
  #checkUrl(url: string, allowPrivate: boolean): string {
    const text = url.trim();
    if (text.length === 0 || text.length > MAX_URL_LENGTH) throw invalid(`url must be 1 to ${MAX_URL_LENGTH} characters`);
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw invalid("url must be an absolute http(s) URL");
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw invalid("url must be an https URL");
    if (parsed.protocol === "http:" && !allowPrivate) throw invalid("url must be an https URL (plain http only in the sandbox)");
    if (parsed.username || parsed.password) throw invalid("url must not carry a user name or password");
    if (parsed.hash) throw invalid("url must not have a #fragment");
    if (!allowPrivate) {
      const host = parsed.hostname.replace(/^\[|\]$/g, "");
      if (host === "localhost" || host.endsWith(".localhost")) throw invalid("url must not point at localhost (only in the sandbox)");
      if (/^[\d.]+$/.test(host) || host.includes(":")) {
        const reason = forbiddenAddressReason(host);
        if (reason) throw invalid(`url points at ${host}, which is ${reason}: not allowed (only in the sandbox)`);
      }
    }
    return parsed.toString();
  }

  async #endpoint(developerId: string, db: Db = this.#deps.db) {
    let row = await callbacksRepo.findEndpoint(db, developerId);
    if (!row) {
      const secret = `whsec_${randomBytes(32).toString("base64")}`;
      await callbacksRepo.insertEndpointIfAbsent(db, developerId, this.#deps.secrets.seal(secret), this.#at());
      row = (await callbacksRepo.findEndpoint(db, developerId))!;
    }
    return row;
  }

  async show(developerId: string): Promise<EndpointView> {
    const developer = await this.#deps.identity.getDeveloper(developerId);
    const row = await this.#endpoint(developerId);
    return {
      developId: developerId,
      url: row.url,
      verifiedAt: row.verified_at ? row.verified_at.getTime() : null,
      signingSecret: this.#deps.secrets.open(row.signing_secret),
      allowsPrivate: this.#allowsPrivate(developer.sandbox),
    };
  }

  /** Sends CALLBACK_URL_VERIFY (protocol.md §7.2) to `url` (default: the saved URL); passes on HTTP 200 in time. */
  async verify(developerId: string, url?: string): Promise<VerifyResult> {
    const developer = await this.#deps.identity.getDeveloper(developerId);
    const row = await this.#endpoint(developerId);
    const target = url ?? row.url;
    if (!target) throw invalid("url is required: no callback URL is saved");
    const allowPrivate = this.#allowsPrivate(developer.sandbox);
    const checked = this.#checkUrl(target, allowPrivate);
    const offsetMs = developer.sandbox ? (await this.#deps.clocks.now(developerId)) - this.#deps.clock.now() : 0;
    const messageId = randomHex(16);
    const body = callbackBody(CALLBACK_URL_VERIFY, "{}", 0, this.#deps.clock.now() + offsetMs);
    const headers = callbackHeaders(body, {
      messageId,
      accessSecret: await this.#deps.identity.currentSecret(developerId),
      signingSecret: this.#deps.secrets.open(row.signing_secret),
      nowSeconds: Math.floor(this.#deps.clock.realNow() / 1000),
    });
    const { atMs: _at, ...outcome } = await this.#post(checked, body, headers, allowPrivate, 0);
    return { ...outcome, ok: outcome.errorKind === null, messageId };
  }

  /** Verifies `url` and saves it only when the verification passed (protocol.md §7.2). */
  async set(developerId: string, url: string): Promise<EndpointView & { verification: VerifyResult }> {
    const verification = await this.verify(developerId, url);
    if (!verification.ok) {
      throw new ApiError(
        Code.UPSTREAM_FAILURE,
        `callback URL verification failed (${verification.httpStatus !== null ? `HTTP ${verification.httpStatus}` : verification.errorKind}: ${verification.error ?? "not 200"}); the URL was not saved`,
      );
    }
    await callbacksRepo.setUrl(this.#deps.db, developerId, verification.url, this.#at());
    return { ...(await this.show(developerId)), verification };
  }

  async remove(developerId: string): Promise<EndpointView> {
    await this.#deps.identity.getDeveloper(developerId);
    await this.#endpoint(developerId);
    await callbacksRepo.setUrl(this.#deps.db, developerId, null, this.#at());
    return this.show(developerId);
  }

  // -------------------------------------------------------------------------------------------------
  // Attempts

  async #post(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean, atMs: number): Promise<AttemptOutcome> {
    const { timeoutMs, connectTimeoutMs } = this.#deps.settings;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await safeFetch(url, {
        method: "POST",
        headers,
        body,
        timeoutMs,
        connectTimeoutMs: Math.min(connectTimeoutMs, timeoutMs),
        maxBytes: MAX_ANSWER_BYTES,
        allowPrivate,
        allowHttp: allowPrivate,
      });
      const latencyMs = elapsed();
      if (response.status === 200) return { url, atMs, httpStatus: 200, errorKind: null, error: null, latencyMs };
      if (response.status >= 300 && response.status < 400) {
        return { url, atMs, httpStatus: response.status, errorKind: "redirect", error: `answered ${response.status} (redirects are not followed)`, latencyMs };
      }
      return { url, atMs, httpStatus: response.status, errorKind: "http_status", error: `answered ${response.status}, not 200`, latencyMs };
    } catch (err) {
      const latencyMs = elapsed();
      if (err instanceof SafeFetchError) return { url, atMs, httpStatus: null, errorKind: err.kind, error: err.message.slice(0, 500), latencyMs };
      return { url, atMs, httpStatus: null, errorKind: "http_error", error: String((err as Error)?.message ?? err).slice(0, 500), latencyMs };
    }
  }

  /**
   * What delivering to these developers needs (signing secrets, endpoint, sandbox time offset): three
   * reads however many developers. `sandboxNow` is the sandbox time to use for all of them (a clock's
   * event runs at its due time); otherwise each sandbox developer's clock is read.
   */
  async #contexts(db: Db, developerIds: string[], sandboxNow?: number): Promise<Map<string, DeveloperContext | undefined>> {
    const ids = [...new Set(developerIds)];
    // Independent reads, at once (on a pool they run in parallel; in a transaction pg queues them).
    const [signers, endpoints] = await Promise.all([this.#deps.identity.signers(ids, db), callbacksRepo.findEndpoints(db, ids.filter(isInt8Id))]);
    const sandboxIds = ids.filter((id) => signers.get(id)?.sandbox);
    const sandboxTimes = sandboxNow === undefined ? await this.#deps.clocks.nowOf(sandboxIds, db) : new Map(sandboxIds.map((id) => [id, sandboxNow]));
    const endpointOf = new Map(endpoints.map((row) => [row.developer_id, row]));
    const realNow = this.#deps.clock.now();
    return new Map(
      ids.map((developerId) => {
        const signer = signers.get(developerId);
        if (!signer) return [developerId, undefined];
        const row = endpointOf.get(developerId);
        const context: DeveloperContext = {
          developerId,
          sandbox: signer.sandbox,
          accessSecret: signer.accessSecret,
          url: row?.url ?? null,
          signingSecret: row ? this.#deps.secrets.open(row.signing_secret) : null,
          offsetMs: signer.sandbox ? sandboxTimes.get(developerId)! - realNow : 0,
        };
        return [developerId, context];
      }),
    );
  }

  async #attempt(ctx: DeveloperContext, message: { messageId: string; type: string; platform: number; payload: string }, atMs = this.#deps.clock.now() + ctx.offsetMs): Promise<AttemptOutcome> {
    const body = callbackBody(message.type, message.payload, message.platform, atMs);
    const headers = callbackHeaders(body, {
      messageId: message.messageId,
      accessSecret: ctx.accessSecret,
      signingSecret: ctx.signingSecret,
      nowSeconds: Math.floor(this.#deps.clock.realNow() / 1000),
    });
    return this.#post(ctx.url!, body, headers, this.#allowsPrivate(ctx.sandbox), atMs);
  }

  /** The state after an attempt: delivered, failed for good, or waiting for the next one. */
  #next(outcome: AttemptOutcome, countedAttempts: number, sandbox: boolean): { status: MessageStatus; dueMs: number; onClock: boolean } {
    if (outcome.errorKind === null) return { status: "DELIVERED", dueMs: 0, onClock: false };
    if (countedAttempts >= this.#deps.settings.maxAttempts) return { status: "FAILED", dueMs: 0, onClock: false };
    return { status: "RETRY_WAIT", dueMs: outcome.atMs + this.#deps.settings.retryDelayMs, onClock: sandbox };
  }

  // -------------------------------------------------------------------------------------------------
  // The dispatcher's steps (see dispatcher.ts)

  /** Claims due messages (SKIP LOCKED) for one attempt each. */
  claim(limit: number, token: string): Promise<ClaimedRow[]> {
    const { clock, settings, db } = this.#deps;
    return callbacksRepo.claim(db, clock.now(), limit, token, clock.realNow() + settings.leaseMs, this.#at());
  }

  /** Gives messages of dead claimers back (their lost attempt logged as abandoned). */
  reclaimExpired(): Promise<number> {
    const { clock, db } = this.#deps;
    return callbacksRepo.reclaimExpired(db, clock.realNow(), clock.now(), this.#at());
  }

  /** Reads what the claimed messages' developers need, for all of them at once. */
  contexts(developerIds: Iterable<string>): Promise<Map<string, DeveloperContext | undefined>> {
    return this.#contexts(this.#deps.db, [...developerIds]);
  }

  /** Makes one attempt of a claimed message; no database access. */
  async deliver(claimed: ClaimedRow, ctx: DeveloperContext | undefined, token: string, atMs?: number): Promise<Outcome> {
    const base = { eventId: claimed.event_id, token, round: claimed.round, attempt: claimed.attempts, deliveredAt: null };
    if (!ctx || !ctx.url) {
      return { ...base, status: "NO_ENDPOINT", attemptsDelta: -1, dueMs: 0, onClock: false, attemptRow: null };
    }
    const outcome = await this.#attempt(ctx, { messageId: claimed.message_id, type: claimed.message_type, platform: claimed.platform, payload: claimed.payload }, atMs);
    const next = this.#next(outcome, claimed.attempts - claimed.abandoned, ctx.sandbox);
    return {
      ...base,
      ...next,
      attemptsDelta: 0,
      deliveredAt: next.status === "DELIVERED" ? this.#at() : null,
      attemptRow: outcome,
      developerId: ctx.developerId,
    };
  }

  /** Writes a batch of outcomes in one statement; sandbox retries are scheduled on the test clock with it. */
  async record(outcomes: Outcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    if (!outcomes.some((o) => o.onClock && o.status === "RETRY_WAIT" && o.developerId)) {
      await callbacksRepo.recordOutcomes(this.#deps.db, outcomes, this.#at());
      return;
    }
    await this.#deps.db.transaction().execute(async (trx) => {
      const mine = await callbacksRepo.recordOutcomes(trx, outcomes, this.#at());
      for (const o of outcomes) {
        if (o.onClock && o.status === "RETRY_WAIT" && o.developerId && mine.has(o.eventId)) {
          await this.#deps.clocks.schedule(trx, {
            developerId: o.developerId,
            dueAtMs: o.dueMs,
            kind: RETRY_EVENT_KIND,
            payload: { eventId: o.eventId, round: o.round, attempt: o.attempt + 1 },
            subject: `callback:${o.eventId}`,
          });
        }
      }
    });
  }

  /**
   * A sandbox retry, run by the test clock at its due time. The clock's transaction only claims the
   * message (as the dispatcher does, under a lease); the HTTP attempt runs after it commits, so a slow
   * receiver never holds the database (on PGlite, the only connection). If this node dies mid-attempt
   * the lease runs out and the dispatcher logs the attempt abandoned and makes the message due again.
   */
  async #retryOnClock(trx: Db, event: ScheduledEvent, now: number): Promise<AfterCommit | undefined> {
    const p = event.payload as { eventId: string; round: number; attempt: number };
    const row = await callbacksRepo.lockMessage(trx, p.eventId);
    if (!row || row.status !== "RETRY_WAIT" || !row.retry_on_clock || row.round !== p.round || row.attempts + 1 !== p.attempt) return undefined; // replayed or superseded
    const token = `clock.${randomHex(8)}`;
    await callbacksRepo.claimLocked(trx, p.eventId, token, this.#deps.clock.realNow() + this.#deps.settings.leaseMs, this.#at());
    const claimed: ClaimedRow = { ...row, attempts: row.attempts + 1 };
    return async () => {
      const ctx = (await this.#contexts(this.#deps.db, [row.developer_id], now)).get(row.developer_id);
      await this.record([await this.deliver(claimed, ctx, token, now)]);
    };
  }

  // -------------------------------------------------------------------------------------------------
  // The delivery log, replays, the feed

  #view(row: MessageRow, attempts: AttemptView[]): MessageView {
    return {
      eventId: row.event_id,
      messageId: row.message_id,
      messageType: row.message_type,
      messagePlatform: row.platform,
      status: row.status,
      round: row.round,
      attempts: row.attempts,
      nextAttemptAt: row.status === "RETRY_WAIT" ? Number(row.due_ms) : row.status === "PENDING" ? row.created_at.getTime() : null,
      createdAt: row.created_at.getTime(),
      deliveredAt: row.delivered_at ? row.delivered_at.getTime() : null,
      lastHttpStatus: row.last_http_status,
      lastError: row.last_error,
      attemptLog: attempts,
    };
  }

  async #views(rows: MessageRow[]): Promise<MessageView[]> {
    const attempts = await callbacksRepo.attemptsOf(
      this.#deps.db,
      rows.map((r) => r.event_id),
    );
    const by = new Map<string, AttemptView[]>();
    for (const a of attempts) {
      const list = by.get(a.event_id) ?? [];
      list.push({ round: a.round, attempt: a.attempt, at: Number(a.at_ms), url: a.url, httpStatus: a.http_status, errorKind: a.error_kind, error: a.error, latencyMs: a.latency_ms });
      by.set(a.event_id, list);
    }
    return rows.map((r) => this.#view(r, by.get(r.event_id) ?? []));
  }

  async listMessages(developerId: string, filter: MessageFilter): Promise<{ items: MessageView[]; nextCursor: string | null }> {
    await this.#deps.identity.getDeveloper(developerId);
    const limit = Math.min(Math.max(filter.limit ?? 20, 1), 100);
    if (filter.cursor !== undefined && !isInt8Id(filter.cursor)) throw invalid("cursor must be an eventId");
    const rows = await callbacksRepo.listMessages(this.#deps.db, developerId, { ...filter, limit });
    return { items: await this.#views(rows), nextCursor: rows.length === limit ? rows.at(-1)!.event_id : null };
  }

  async getMessage(developerId: string, id: string): Promise<MessageView & { messageBody: unknown }> {
    await this.#deps.identity.getDeveloper(developerId);
    const row = isInt8Id(id) || /^[0-9a-f]{32}$/.test(id) ? await callbacksRepo.findMessage(this.#deps.db, developerId, id) : undefined;
    if (!row) throw notFound(`message ${id}`);
    const [view] = await this.#views([row]);
    return { ...view!, messageBody: JSON.parse(row.payload) };
  }

  /** Sends one message again: a new round of attempts, same X-Message-Id. */
  async resend(developerId: string, id: string): Promise<MessageView & { messageBody: unknown }> {
    const existing = await this.getMessage(developerId, id);
    const replayed = await this.#deps.db.transaction().execute(async (trx) => {
      const ids = await callbacksRepo.replay(trx, developerId, { eventId: existing.eventId }, this.#at());
      if (ids.length > 0) await callbacksRepo.notify(trx, CALLBACK_CHANNEL);
      return ids;
    });
    if (replayed.length === 0) throw conflict(`message ${id} is being delivered right now; try again in a moment`);
    return this.getMessage(developerId, existing.eventId);
  }

  /** Sends every FAILED message created since `since` again; returns how many. */
  async resendFailed(developerId: string, since: number): Promise<{ resent: number; eventIds: string[] }> {
    await this.#deps.identity.getDeveloper(developerId);
    const ids = await this.#deps.db.transaction().execute(async (trx) => {
      const replayed = await callbacksRepo.replay(trx, developerId, { failedSince: new Date(since) }, this.#at());
      if (replayed.length > 0) await callbacksRepo.notify(trx, CALLBACK_CHANNEL);
      return replayed;
    });
    return { resent: ids.length, eventIds: ids };
  }

  /**
   * Catch-up feed: the developer's messages after `after` (an eventId), oldest first, whatever their
   * delivery status. Only messages at least FEED_SETTLE_MS old are handed out, so that a cursor never
   * moves past an event whose transaction has not committed yet.
   */
  async feed(developerId: string, after: string | undefined, limit = 100): Promise<{ items: FeedItem[]; nextCursor: string }> {
    await this.#deps.identity.getDeveloper(developerId);
    if (after !== undefined && !isInt8Id(after)) throw invalid("after must be an eventId");
    const n = Math.min(Math.max(limit, 1), 500);
    const before = firstIdAt(this.#deps.ids.timeNow() - BigInt(FEED_SETTLE_MS));
    const rows = await callbacksRepo.feed(this.#deps.db, developerId, after ?? "0", n, before);
    return {
      items: rows.map((r) => ({
        eventId: r.event_id,
        messageId: r.message_id,
        messageType: r.message_type,
        messagePlatform: r.platform,
        messageBody: JSON.parse(r.payload),
        createdAt: r.created_at.getTime(),
        status: r.status,
      })),
      nextCursor: rows.at(-1)?.event_id ?? after ?? "0",
    };
  }

  /**
   * For live streams (`openpon listen`): the developer's messages after `after` (at most `limit`), plus
   * those up to `overlapMs` older than it that committed late (the caller skips the ones it has seen),
   * each with the exact body a delivery would carry now.
   */
  async recent(
    developerId: string,
    after: string,
    overlapMs: number,
    limit = 500,
  ): Promise<Array<{ eventId: string; messageId: string; messageType: string; messagePlatform: number; body: string }>> {
    const from = firstIdAt(idTimeOf(after) - BigInt(overlapMs));
    const late = await callbacksRepo.feed(this.#deps.db, developerId, from, 2000, (BigInt(after) + 1n).toString());
    const fresh = await callbacksRepo.feed(this.#deps.db, developerId, after, limit);
    const rows = [...late, ...fresh];
    if (rows.length === 0) return [];
    // Only the envelope's time is needed: the developer's sandbox time, or the platform's. Read fresh
    // (nowOf, never the request's memo): a stream is one request that lasts while clocks move.
    const developer = await this.#deps.identity.getDeveloper(developerId);
    const atMs = developer.sandbox ? (await this.#deps.clocks.nowOf([developerId])).get(developerId)! : this.#deps.clock.now();
    return rows.map((row) => ({
      eventId: row.event_id,
      messageId: row.message_id,
      messageType: row.message_type,
      messagePlatform: row.platform,
      body: callbackBody(row.message_type, row.payload, row.platform, atMs),
    }));
  }

  /** The current id's time part, as a cursor "now" for streams. */
  nowCursor(): string {
    return firstIdAt(this.#deps.ids.timeNow());
  }
}
