// The one outbox (DESIGN.md "The two paths data takes"): a module appends its events in the same
// transaction as the change that caused them; dispatchers (callbacks, order updates) read them later.
import type { Db } from "./db/index.ts";
import { writeInOneStatement, type PendingWrite } from "./db/one-statement.ts";
import type { IdGenerator } from "./ids.ts";

export interface OutboxEvent {
  developerId: string;
  userId: string | null;
  /** The callback messageType, e.g. TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY. */
  type: string;
  /** messagePlatform: 0 Taobao, 1 1688. */
  platform: 0 | 1;
  aggregateId: string | null;
  /** The messageBody; serialised here once, so every delivery sends the same bytes. */
  body: unknown;
  occurredAt: number;
}

export interface StoredEvent extends Omit<OutboxEvent, "body"> {
  id: string;
  payload: string;
}

/**
 * What follows from appended events in the same transaction (e.g. callback messages). Its writes run
 * in the append's own statement, as data-modifying CTEs beside the events' insert, so events and
 * everything derived from them cost one round trip however many modules follow them.
 */
export interface OutboxCompanion {
  /** Data-modifying statements without RETURNING (inserts built on the appending transaction). */
  writes(trx: Db, events: StoredEvent[]): PendingWrite[];
  /** A channel to NOTIFY once per append (delivered after commit, like every NOTIFY). */
  notify?: string;
}

export class Outbox {
  readonly #ids: IdGenerator;
  readonly #companions: OutboxCompanion[] = [];
  constructor(ids: IdGenerator) {
    this.#ids = ids;
  }

  /** Companions write for every appended event in the appending transaction, so none can be missed. */
  follow(companion: OutboxCompanion): void {
    this.#companions.push(companion);
  }

  /** Appends events inside the caller's transaction: one statement with what follows from them. */
  async append(trx: Db, events: OutboxEvent[]): Promise<string[]> {
    const prepared = this.prepare(trx, events);
    await writeInOneStatement(trx, prepared.writes, prepared.notify);
    return prepared.ids;
  }

  /**
   * The writes that append `events` (their insert and their companions'), not run: for a caller that
   * sends them in one statement with its own writes (writeInOneStatement), in its transaction.
   */
  prepare(trx: Db, events: OutboxEvent[]): { ids: string[]; writes: PendingWrite[]; notify: string[] } {
    if (events.length === 0) return { ids: [], writes: [], notify: [] };
    const rows = events.map((event) => ({
      id: this.#ids.next(),
      developer_id: event.developerId,
      user_id: event.userId,
      event_type: event.type,
      platform: event.platform,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.body),
      occurred_at: new Date(event.occurredAt),
    }));
    const stored: StoredEvent[] = rows.map((row, i) => ({
      id: row.id,
      developerId: events[i]!.developerId,
      userId: events[i]!.userId,
      type: events[i]!.type,
      platform: events[i]!.platform,
      aggregateId: events[i]!.aggregateId,
      payload: row.payload,
      occurredAt: events[i]!.occurredAt,
    }));
    return {
      ids: rows.map((row) => row.id),
      writes: [trx.insertInto("outbox_events").values(rows), ...this.#companions.flatMap((c) => c.writes(trx, stored))],
      notify: this.#companions.flatMap((c) => (c.notify ? [c.notify] : [])),
    };
  }

  /** Events of one developer after a cursor (an event id), oldest first. */
  async list(db: Db, developerId: string, options: { after?: string; type?: string; limit?: number } = {}): Promise<StoredEvent[]> {
    let query = db.selectFrom("outbox_events").selectAll().where("developer_id", "=", developerId);
    if (options.after) query = query.where("id", ">", options.after);
    if (options.type) query = query.where("event_type", "=", options.type);
    const rows = await query.orderBy("id").limit(options.limit ?? 100).execute();
    return rows.map((row) => ({
      id: row.id,
      developerId: row.developer_id,
      userId: row.user_id,
      type: row.event_type,
      platform: row.platform as 0 | 1,
      aggregateId: row.aggregate_id,
      payload: row.payload,
      occurredAt: row.occurred_at.getTime(),
    }));
  }
}
