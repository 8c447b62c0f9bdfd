// Delivery: one message per outbox event (in the event's transaction), attempts and their outcome,
// the state after an attempt, and the steps the dispatcher runs (claim, reclaim, contexts, deliver,
// record). A sandbox developer's retries are scheduled on their test clock and run by it.
import { callbackBody, callbackHeaders } from "@openpon/sdk";
import { randomHex } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/index.ts";
import { invalid } from "../../platform/http/errors.ts";
import { isInt8Id } from "../../platform/ids.ts";
import { safeFetch, SafeFetchError } from "../../platform/net/safe-fetch.ts";
import type { StoredEvent } from "../../platform/outbox.ts";
import type { AfterCommit, CallbackDeps, DueJob } from "./deps.ts";
import { CALLBACK_CHANNEL, MESSAGE_TYPES, type AttemptOutcome, type CallbackSettings, type MessageStatus } from "./model.ts";
import { callbacksRepo, type ClaimedRow, type Outcome } from "./repo.ts";

/** Scheduled-job kind of a sandbox developer's retry, due on their test clock. */
export const RETRY_EVENT_KIND = "callback.retry";
const MAX_ANSWER_BYTES = 1 << 20;

/** What an attempt needs to know about the developer, read once per batch. */
export interface DeveloperContext {
  developerId: string;
  sandbox: boolean;
  accessSecret: string;
  url: string | null;
  signingSecret: string | null;
  /** The developer's clock minus the platform clock (0 unless a sandbox clock was moved). */
  offsetMs: number;
}

/** Plain http and private addresses: sandbox developers, or everyone with CALLBACK_ALLOW_PRIVATE. */
export function allowsPrivate(settings: Pick<CallbackSettings, "allowPrivate">, sandbox: boolean): boolean {
  return sandbox || settings.allowPrivate;
}

/** One HTTP attempt: its outcome, never an exception. */
export async function postCallback(
  settings: Pick<CallbackSettings, "timeoutMs" | "connectTimeoutMs">,
  url: string,
  body: string,
  headers: Record<string, string>,
  allowPrivate: boolean,
  atMs: number,
): Promise<AttemptOutcome> {
  const { timeoutMs, connectTimeoutMs } = settings;
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

/** The waits after the 1st, 2nd, … failed attempt: the configured schedule, or maxAttempts - 1 waits of retryDelayMs. */
export function retrySchedule(settings: Pick<CallbackSettings, "retryScheduleMs" | "maxAttempts" | "retryDelayMs">): readonly number[] {
  return settings.retryScheduleMs ?? Array.from({ length: Math.max(0, settings.maxAttempts - 1) }, () => settings.retryDelayMs);
}

/**
 * The state after the `countedAttempts`-th attempt of a round: delivered, failed for good once the
 * schedule has no wait left, or waiting schedule[countedAttempts - 1] from the attempt's moment.
 */
export function nextState(
  outcome: Pick<AttemptOutcome, "errorKind" | "atMs">,
  countedAttempts: number,
  sandbox: boolean,
  schedule: readonly number[],
): { status: MessageStatus; dueMs: number; onClock: boolean } {
  if (outcome.errorKind === null) return { status: "DELIVERED", dueMs: 0, onClock: false };
  const wait = countedAttempts >= 1 ? schedule[countedAttempts - 1] : undefined;
  if (wait === undefined) return { status: "FAILED", dueMs: 0, onClock: false };
  return { status: "RETRY_WAIT", dueMs: outcome.atMs + wait, onClock: sandbox };
}

export class CallbackDelivery {
  readonly #deps: CallbackDeps;
  readonly #schedule: readonly number[];

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
    this.#schedule = retrySchedule(deps.settings);
    deps.outbox.follow({ writes: (trx, events) => [this.#messagesFor(trx, events)], notify: CALLBACK_CHANNEL });
    deps.clocks.on(RETRY_EVENT_KIND, (trx, event, now) => this.#retryOnClock(trx, event, now));
  }

  get settings(): CallbackSettings {
    return this.#deps.settings;
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
  // Attempts

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
    return postCallback(this.#deps.settings, ctx.url!, body, headers, allowsPrivate(this.#deps.settings, ctx.sandbox), atMs);
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
    const next = nextState(outcome, claimed.attempts - claimed.abandoned, ctx.sandbox, this.#schedule);
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
  async #retryOnClock(trx: Db, event: DueJob, now: number): Promise<AfterCommit | undefined> {
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
}
