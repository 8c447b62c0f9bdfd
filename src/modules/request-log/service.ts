// Each developer's recent signed calls, for the developer console: when, what, how it ended, how long
// it took and, for a refusal, the exact reason. Never a secret, a signature or a body.
//
// Nothing is written on the request path: entries wait in memory and are written in one multi-row
// insert every FLUSH_MS or every FLUSH_ROWS entries. The log is diagnostics, not a ledger: a flush
// that fails is dropped with a warning, a crash loses what was not yet flushed (at most FLUSH_MS),
// and past MAX_BUFFERED waiting entries (a database outage) new ones are dropped, so memory stays bounded.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { invalid } from "../../platform/http/errors.ts";
import { firstIdAt, isInt8Id, type IdGenerator } from "../../platform/ids.ts";

export const FLUSH_MS = 500;
export const FLUSH_ROWS = 500;
export const MAX_BUFFERED = 10_000;
const PRUNE_EVERY_MS = 3_600_000;
const TEXT_CAP = 300;
const USER_ID_CAP = 64;
const DAY_MS = 86_400_000;

export interface RequestLogEntry {
  id: string;
  developerId: string;
  userId: string | null;
  method: string;
  path: string;
  code: number;
  latencyMs: number;
  requestId: string;
  msg: string | null;
  at: number;
}

export interface RequestLogQuery {
  cursor?: string;
  limit?: number;
  code?: number;
  failed?: boolean;
}

export interface RequestLogPage {
  items: RequestLogEntry[];
  nextCursor: string | null;
}

export interface RequestLogDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** Days entries are kept; 0 records nothing. */
  days: number;
  warn: (details: object, message: string) => void;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}

/**
 * The reason as the developer saw it, minus what could quote the body: a JSON parser's message
 * carries a piece of the text it choked on.
 */
function safeMessage(msg: string): string {
  if (msg.startsWith("body is not valid JSON")) return "body is not valid JSON";
  return msg.slice(0, TEXT_CAP);
}

export class RequestLog {
  readonly #deps: RequestLogDeps;
  #buffer: RequestLogEntry[] = [];
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastPruneMs = 0;
  #dropped = 0;

  constructor(deps: RequestLogDeps) {
    this.#deps = deps;
  }

  get enabled(): boolean {
    return this.#deps.days > 0;
  }

  /** Starts the flush timer; returns the cleanup that stops it and writes what is still waiting. */
  async start(): Promise<() => Promise<void>> {
    if (!this.enabled) {
      // "Keep none": what earlier runs recorded goes too.
      await this.#deps.db.deleteFrom("request_log").execute().catch((err: unknown) => this.#deps.warn({ err }, "request log: prune failed"));
      return async () => {};
    }
    // Unref'd: a pending flush never keeps the process alive; close() writes the rest.
    this.#timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.#timer.unref();
    return async () => {
      clearInterval(this.#timer);
      this.#timer = undefined;
      // A flush already under way may have passed the entries queued during its last insert.
      while (this.#flushing || this.#buffer.length > 0) await this.flush();
    };
  }

  /** The onResponse hook of the signed surface: queues the entry, never waits for the database. */
  readonly onResponse = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const developerId = request.auth?.developerId ?? request.callerDevelopId;
    // Refusals with an unknown access-key name no developer: nobody to show them to.
    if (developerId !== undefined && this.enabled) this.#record(request, reply, developerId);
    done();
  };

  #record(request: FastifyRequest, reply: FastifyReply, developerId: string): void {
    if (this.#buffer.length >= MAX_BUFFERED) {
      this.#dropped++;
      return;
    }
    const q = request.url.indexOf("?");
    const code = request.outcomeCode || reply.statusCode;
    const message = request.outcomeMessage;
    this.#buffer.push({
      id: this.#deps.ids.next(),
      developerId,
      userId: header(request, "user-id")?.slice(0, USER_ID_CAP) ?? null,
      method: request.method,
      path: (q === -1 ? request.url : request.url.slice(0, q)).slice(0, TEXT_CAP),
      code,
      latencyMs: Math.round(reply.elapsedTime * 1000) / 1000,
      requestId: request.id,
      msg: code !== 200 && message !== undefined ? safeMessage(message) : null,
      at: this.#deps.clock.realNow(),
    });
    if (this.#buffer.length >= FLUSH_ROWS) void this.flush();
  }

  /** Writes the waiting entries (one insert per FLUSH_ROWS) and prunes at most hourly. One flush at a time. */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    this.#flushing = this.#write().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #write(): Promise<void> {
    if (this.#dropped > 0) {
      this.#deps.warn({ dropped: this.#dropped }, "request log: buffer full, entries dropped");
      this.#dropped = 0;
    }
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.splice(0, FLUSH_ROWS);
      try {
        await this.#deps.db
          .insertInto("request_log")
          .values(
            batch.map((e) => ({
              id: e.id,
              developer_id: e.developerId,
              user_id: e.userId,
              method: e.method,
              path: e.path,
              code: e.code,
              latency_ms: e.latencyMs,
              request_id: e.requestId,
              msg: e.msg,
              at: new Date(e.at),
            })),
          )
          .execute();
      } catch (err) {
        // Diagnostics, not a ledger: the batch is lost rather than retried into a growing backlog.
        this.#deps.warn({ err, dropped: batch.length }, "request log: flush failed, entries dropped");
      }
    }
    const now = this.#deps.clock.realNow();
    if (now - this.#lastPruneMs >= PRUNE_EVERY_MS) {
      this.#lastPruneMs = now;
      await this.prune();
    }
  }

  /** Deletes entries older than the retention: one id range, ids being time-ordered. */
  async prune(): Promise<void> {
    const oldest = firstIdAt(this.#deps.ids.timeNow() - BigInt(this.#deps.days * DAY_MS));
    await this.#deps.db
      .deleteFrom("request_log")
      .where("id", "<", oldest)
      .execute()
      .catch((err: unknown) => this.#deps.warn({ err }, "request log: prune failed"));
  }

  /** A developer's entries, newest first; `cursor` is the last id of the previous page. */
  async list(developerId: string, query: RequestLogQuery): Promise<RequestLogPage> {
    const limit = query.limit ?? 50;
    if (query.cursor !== undefined && !isInt8Id(query.cursor)) throw invalid("cursor must be the id of an entry");
    let select = this.#deps.db.selectFrom("request_log").selectAll().where("developer_id", "=", developerId);
    if (query.cursor !== undefined) select = select.where("id", "<", query.cursor);
    if (query.code !== undefined) select = select.where("code", "=", query.code);
    if (query.failed === true) select = select.where("code", "<>", 200);
    else if (query.failed === false) select = select.where("code", "=", 200);
    const rows = await select.orderBy("id", "desc").limit(limit + 1).execute();
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      developerId: r.developer_id,
      userId: r.user_id,
      method: r.method,
      path: r.path,
      code: r.code,
      latencyMs: Number(r.latency_ms),
      requestId: r.request_id,
      msg: r.msg,
      at: r.at.getTime(),
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }
}
