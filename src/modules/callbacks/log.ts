// The delivery log (each message with its attempts), replays, the catch-up feed, and what live
// streams read.
import { callbackBody } from "@openpon/sdk";
import { conflict, invalid, notFound } from "../../platform/http/errors.ts";
import { firstIdAt, idTimeOf, isInt8Id } from "../../platform/ids.ts";
import type { CallbackDeps } from "./deps.ts";
import { CALLBACK_CHANNEL, type AttemptView, type FeedItem, type MessageFilter, type MessageView } from "./model.ts";
import { callbacksRepo, type MessageRow } from "./repo.ts";

/** The feed only hands out events older than this, so a cursor never passes a transaction still open. */
const FEED_SETTLE_MS = 2000;

function viewOf(row: MessageRow, attempts: AttemptView[]): MessageView {
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

export class CallbackLog {
  readonly #deps: CallbackDeps;

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
  }

  #at(): Date {
    return new Date(this.#deps.clock.now());
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
    return rows.map((r) => viewOf(r, by.get(r.event_id) ?? []));
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
