// Test clocks (modelled on Stripe's): every developer's sandbox has its own time. It runs with real
// time until told otherwise; `advance` jumps it forward and runs every event that falls due on the
// way, in time order, as if the time had passed; `speed` makes it run faster than real time.
// The clock lives in the database, so every node agrees on it and it survives restarts.
import { sql } from "kysely";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { invalid } from "../../platform/http/errors.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import { writeInOneStatement, type PendingWrite } from "../../platform/db/one-statement.ts";
import { memoInRequest, setInRequest } from "../../platform/request-scope.ts";

export interface ClockState {
  /** The developer's sandbox time, epoch ms. */
  now: number;
  speed: number;
  pendingEvents: number;
  nextEventAt: number | null;
}

export interface ScheduledEvent {
  id: string;
  developerId: string;
  dueAtMs: number;
  kind: string;
  payload: unknown;
  subject: string | null;
}

/** Drops what one user owns in a developer's sandbox, inside the reset's transaction. */
export type UserResetHook = (trx: Db, developerId: string, userId: string) => Promise<void>;

/**
 * Runs one event inside the transaction that marks it done; `now` is the event's due time. Work that
 * must not hold the database (an HTTP call, a marketplace port call) goes in the returned function: it
 * runs after that transaction commits and before the next event, so an advance still sees its effects
 * (e.g. the follow-up events it schedules). If it fails, the event stays done and the error is kept
 * in its last_error; such work leaves the state it needs to be retried or is best effort.
 */
export type EventHandler = (trx: Db, event: ScheduledEvent, now: number) => Promise<void | AfterCommit>;
export type AfterCommit = () => Promise<void>;

/** An event to schedule: work due at `dueAtMs` of the developer's sandbox time. */
export interface NewEvent {
  developerId: string;
  dueAtMs: number;
  kind: string;
  payload: unknown;
  /** What it is about (an order, a refund), for triggers and resets. */
  subject?: string;
}

interface ClockAnchor {
  /** Sandbox time at realMs. */
  simMs: number;
  realMs: number;
  speed: number;
}

const clockKey = (developerId: string) => `sandbox-clock:${developerId}`;

/** A sandbox_clocks row (int8 columns as strings) as numbers; null when the developer has none. */
function anchorOf(row: { sim_anchor_ms: string | null; real_anchor_ms: string | null; speed: number | null } | undefined): ClockAnchor | null {
  return row && row.sim_anchor_ms !== null ? { simMs: Number(row.sim_anchor_ms), realMs: Number(row.real_anchor_ms), speed: Number(row.speed) } : null;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "2d", "3h", "90m", "1d12h", "45s", "500ms" or a number of milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw invalid("duration must be a non-negative number of milliseconds");
    return value;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) throw invalid('duration must look like "2d", "3h", "90m", "1d12h" or a number of milliseconds');
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0);
}

/** At most this far per advance (a year): beyond it a typo, not a test. */
const MAX_ADVANCE_MS = 366 * 86_400_000;

export class SandboxClocks {
  readonly #db: Db;
  readonly #real: Clock;
  readonly #ids: IdGenerator;
  readonly #handlers = new Map<string, EventHandler>();
  readonly #resetHooks: UserResetHook[] = [];

  constructor(db: Db, realClock: Clock, ids: IdGenerator) {
    this.#db = db;
    this.#real = realClock;
    this.#ids = ids;
  }

  /** Modules register what each kind of scheduled event does. */
  on(kind: string, handler: EventHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`a handler for ${kind} is already registered`);
    this.#handlers.set(kind, handler);
  }

  /**
   * The developer's sandbox time. The clock's row is read once per HTTP request (request-scope.ts):
   * it changes only by advance, speed and reset, and a request may take it as of its start.
   */
  async now(developerId: string, db: Db = this.#db): Promise<number> {
    return this.#timeOf(await this.#anchor(developerId, db));
  }

  #anchor(developerId: string, db: Db): Promise<ClockAnchor | null> {
    return memoInRequest(clockKey(developerId), async () => {
      const row = await db.selectFrom("sandbox_clocks").select(["sim_anchor_ms", "real_anchor_ms", "speed"]).where("developer_id", "=", developerId).executeTakeFirst();
      return anchorOf(row);
    });
  }

  /** Several developers' sandbox times in one read (for batches outside a request, e.g. deliveries). */
  async nowOf(developerIds: string[], db: Db = this.#db): Promise<Map<string, number>> {
    const rows = developerIds.length === 0 ? [] : await db.selectFrom("sandbox_clocks").select(["developer_id", "sim_anchor_ms", "real_anchor_ms", "speed"]).where("developer_id", "in", developerIds).execute();
    const anchors = new Map(rows.map((row) => [row.developer_id, anchorOf(row)]));
    return new Map(developerIds.map((id) => [id, this.#timeOf(anchors.get(id) ?? null)]));
  }

  #timeOf(anchor: ClockAnchor | null): number {
    const real = this.#real.now();
    return anchor ? Math.floor(anchor.simMs + (real - anchor.realMs) * anchor.speed) : real;
  }

  /** The clock and its pending events, in one read. */
  async state(developerId: string): Promise<ClockState> {
    const { rows } = await sql<{ sim_anchor_ms: string | null; real_anchor_ms: string | null; speed: number | null; pending: string; next: string | null }>`
      select c.sim_anchor_ms, c.real_anchor_ms, c.speed, p.pending, p.next
        from (select count(*) as pending, min(due_at_ms) as next
                from scheduled_events where developer_id = ${developerId} and status = 'PENDING') p
        left join sandbox_clocks c on c.developer_id = ${developerId}`.execute(this.#db);
    const row = rows[0]!;
    const anchor = anchorOf(row);
    return { now: this.#timeOf(anchor), speed: anchor?.speed ?? 1, pendingEvents: Number(row.pending), nextEventAt: row.next === null ? null : Number(row.next) };
  }

  /**
   * Records work due at `dueAtMs` of the developer's sandbox time, in the caller's transaction.
   * `subject` names what it is about (an order, a refund), for triggers and resets.
   */
  async schedule(trx: Db, event: NewEvent): Promise<string> {
    const { id, write } = this.scheduleWrite(trx, [event]);
    await writeInOneStatement(trx, [write]);
    return id[0]!;
  }

  /** schedule's insert for several events, not run: for a caller's one statement (writeInOneStatement). */
  scheduleWrite(trx: Db, events: NewEvent[]): { id: string[]; write: PendingWrite } {
    for (const event of events) if (!this.#handlers.has(event.kind)) throw new Error(`no handler for scheduled event ${event.kind}`);
    const rows = events.map((event) => ({
      id: this.#ids.next(),
      developer_id: event.developerId,
      due_at_ms: String(event.dueAtMs),
      kind: event.kind,
      payload: JSON.stringify(event.payload ?? null),
      subject: event.subject ?? null,
    }));
    return { id: rows.map((row) => row.id), write: trx.insertInto("scheduled_events").values(rows) };
  }

  /** Pending events about `subject`, earliest first (optionally of some kinds only). */
  async pending(trx: Db, developerId: string, subject: string, kinds?: string[]): Promise<ScheduledEvent[]> {
    let query = trx
      .selectFrom("scheduled_events")
      .selectAll()
      .where("developer_id", "=", developerId)
      .where("subject", "=", subject)
      .where("status", "=", "PENDING");
    if (kinds && kinds.length > 0) query = query.where("kind", "in", kinds);
    const rows = await query.orderBy("due_at_ms").orderBy("id").execute();
    return rows.map((row) => ({ id: row.id, developerId, dueAtMs: Number(row.due_at_ms), kind: row.kind, payload: JSON.parse(row.payload), subject: row.subject }));
  }

  // Rescheduling and cancelling skip events that are running right now (locked by a runner): the
  // runner holds its event and then locks the order or purchase it is about, while callers of these
  // hold that order or purchase — waiting here would deadlock. Handlers check state, so an event
  // that runs anyway finds nothing to do.

  /** Moves pending events (by id) to `dueAtMs`, keeping their relative order. */
  async reschedule(trx: Db, developerId: string, eventIds: string[], dueAtMs: number): Promise<void> {
    if (eventIds.length === 0) return;
    await trx
      .updateTable("scheduled_events")
      .set({ due_at_ms: String(dueAtMs) })
      .where("id", "in", (eb) =>
        eb.selectFrom("scheduled_events").select("id").where("developer_id", "=", developerId).where("id", "in", eventIds).where("status", "=", "PENDING").forUpdate().skipLocked(),
      )
      .execute();
  }

  /** Forgets pending events about these subjects (cancelled orders, reset users). */
  async cancel(trx: Db, developerId: string, subjects: string[], kinds?: string[]): Promise<number> {
    if (subjects.length === 0) return 0;
    const result = await this.cancelWrite(trx, developerId, subjects, kinds).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** cancel's delete, not run: for a caller's one statement (writeInOneStatement). */
  cancelWrite(trx: Db, developerId: string, subjects: string[], kinds?: string[]) {
    return trx
      .deleteFrom("scheduled_events")
      .where("id", "in", (eb) => {
        let pending = eb.selectFrom("scheduled_events").select("id").where("developer_id", "=", developerId).where("subject", "in", subjects).where("status", "=", "PENDING");
        if (kinds && kinds.length > 0) pending = pending.where("kind", "in", kinds);
        return pending.forUpdate().skipLocked();
      });
  }

  /** Modules register how to drop one user's sandbox state. */
  onUserReset(hook: UserResetHook): void {
    this.#resetHooks.push(hook);
  }

  /** Drops one user's sandbox state in every module, in one transaction. */
  async resetUser(developerId: string, userId: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const hook of this.#resetHooks) await hook(trx, developerId, userId);
    });
  }

  /** Pins the developer's time to `simMs` from now on, keeping the speed unless one is given. One statement. */
  async #setTime(developerId: string, simMs: number, speed?: number): Promise<void> {
    const real = this.#real.now();
    const row = await this.#db
      .insertInto("sandbox_clocks")
      .values({ developer_id: developerId, sim_anchor_ms: String(simMs), real_anchor_ms: String(real), speed: speed ?? 1 })
      .onConflict((oc) =>
        oc.column("developer_id").doUpdateSet((eb) => ({
          sim_anchor_ms: String(simMs),
          real_anchor_ms: String(real),
          speed: speed ?? eb.ref("sandbox_clocks.speed"),
          updated_at: sql`now()`,
        })),
      )
      .returning("speed")
      .executeTakeFirstOrThrow();
    setInRequest(clockKey(developerId), { simMs, realMs: real, speed: row.speed });
  }

  /** Moves the developer's time forward by `ms`, running every event due on the way, in time order. */
  async advance(developerId: string, ms: number): Promise<{ from: number; to: number; ran: number; failed: number }> {
    if (ms > MAX_ADVANCE_MS) throw invalid("duration must be at most 366 days");
    const from = await this.now(developerId);
    const to = from + ms;
    const result = await this.runDue(developerId, to);
    // Pin after running, so events scheduled while running that are still in the future stay pending.
    await this.#setTime(developerId, to);
    return { from, to, ...result };
  }

  async setSpeed(developerId: string, speed: number): Promise<ClockState> {
    if (!(speed >= 0 && speed <= 1_000_000)) throw invalid("speed must be between 0 (stopped) and 1000000");
    const now = await this.now(developerId);
    await this.#setTime(developerId, now, speed);
    return this.state(developerId);
  }

  /**
   * Runs the developer's pending events due at or before `upToMs`, one transaction each, earliest
   * first (ties in creation order). Events scheduled by a handler run too when they fall in range.
   * Several nodes may call this at once: SKIP LOCKED hands each event to exactly one of them.
   */
  async runDue(developerId: string, upToMs: number): Promise<{ ran: number; failed: number }> {
    let ran = 0;
    let failed = 0;
    const due = (db: Db) =>
      db
        .selectFrom("scheduled_events")
        .where("developer_id", "=", developerId)
        .where("status", "=", "PENDING")
        .where("due_at_ms", "<=", String(upToMs))
        .orderBy("due_at_ms")
        .orderBy("id")
        .limit(1);
    for (let more = true; more; ) {
      let claimed: ScheduledEvent | undefined;
      try {
        const step = await this.#db.transaction().execute(async (trx) => {
          const row = await due(trx).selectAll().forUpdate().skipLocked().executeTakeFirst();
          if (!row) return { ran: false, more: false, after: undefined };
          claimed = { id: row.id, developerId, dueAtMs: Number(row.due_at_ms), kind: row.kind, payload: JSON.parse(row.payload), subject: row.subject };
          const handler = this.#handlers.get(row.kind);
          if (!handler) throw new Error(`no handler for ${row.kind}`);
          const after = await handler(trx, claimed, claimed.dueAtMs);
          // Done, and whether to go on (asked here rather than by an empty transaction after the last
          // event): one statement; its select sees the event as it was, hence the id <> row.id.
          const marked = trx.updateTable("scheduled_events").set({ status: "DONE", done_at: new Date(this.#real.now()) }).where("id", "=", row.id);
          const { rows: next } = await sql<{ id: string }>`with done as (${marked}) ${due(trx).select("id").where("id", "<>", row.id)}`.execute(trx);
          return { ran: true, more: next.length > 0, after: after ?? undefined };
        });
        if (step.ran) ran++;
        more = step.more;
        if (step.after) {
          await this.#afterCommit(claimed!.id, step.after);
          more = true; // the work may have scheduled events inside the range: look again
        }
      } catch (err) {
        if (!claimed) throw err;
        // The handler failed and its transaction, writes included, rolled back: record the failure
        // (unless another runner has run the event meanwhile) and go on with the next one.
        await this.#db
          .updateTable("scheduled_events")
          .set({ status: "FAILED", last_error: String((err as Error).message ?? err).slice(0, 500), done_at: new Date(this.#real.now()) })
          .where("id", "=", claimed.id)
          .where("status", "=", "PENDING")
          .execute();
        failed++;
      }
    }
    return { ran, failed };
  }

  async #afterCommit(eventId: string, work: AfterCommit): Promise<void> {
    try {
      await work();
    } catch (err) {
      await this.#db
        .updateTable("scheduled_events")
        .set({ last_error: `after commit: ${String((err as Error).message ?? err)}`.slice(0, 500) })
        .where("id", "=", eventId)
        .execute()
        .catch(() => {});
    }
  }

  /** Developers with events due by their own sandbox time (the background runner's work list). */
  async developersWithDueEvents(limit = 100): Promise<string[]> {
    const real = this.#real.now();
    const rows = await sql<{ developer_id: string }>`
      select distinct e.developer_id
        from scheduled_events e
        left join sandbox_clocks c on c.developer_id = e.developer_id
       where e.status = 'PENDING'
         and e.due_at_ms <= coalesce(floor(c.sim_anchor_ms + (${real}::bigint - c.real_anchor_ms) * c.speed), ${real}::bigint)
       limit ${limit}`.execute(this.#db);
    return rows.rows.map((r) => r.developer_id);
  }

  /** One pass of the background runner: everything due now, for every developer. */
  async runAllDue(): Promise<number> {
    let ran = 0;
    for (const developerId of await this.developersWithDueEvents()) {
      ran += (await this.runDue(developerId, await this.now(developerId))).ran;
    }
    return ran;
  }
}
