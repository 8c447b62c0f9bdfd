// Test clocks (modelled on Stripe's): every sandbox developer has its own time. It runs with real
// time until told otherwise; `advance` jumps it forward and runs every job that falls due on the
// way, in time order, as if the time had passed; `speed` makes it run faster than real time.
// The clock lives in the database, so every node agrees on it and it survives restarts. It is the
// job runner's time source: a developer with a clock row is a sandbox developer whose 'developer'
// jobs follow it; a live developer has none and follows real time.
import { sql } from "kysely";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { TickBatcher } from "../../platform/batch.ts";
import { invalid } from "../../platform/http/errors.ts";
import type { JobRunner, TimeSource } from "../../platform/jobs/runner.ts";
import { DurationError, parseDuration as parseTimeDuration } from "../../platform/time.ts";
import { memoInRequest, setInRequest } from "../../platform/request-scope.ts";

export interface ClockState {
  /** The developer's sandbox time, epoch ms. */
  now: number;
  speed: number;
  pendingEvents: number;
  nextEventAt: number | null;
}

/** Drops what one user owns in a developer's sandbox, inside the reset's transaction. */
export type UserResetHook = (trx: Db, developerId: string, userId: string) => Promise<void>;

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

/** The clocks of some developers (those without one are absent), in one read. */
async function anchorsOf(db: Db, developerIds: readonly string[]): Promise<Map<string, ClockAnchor | null>> {
  if (developerIds.length === 0) return new Map();
  const rows = await db.selectFrom("sandbox_clocks").select(["developer_id", "sim_anchor_ms", "real_anchor_ms", "speed"]).where("developer_id", "in", [...new Set(developerIds)]).execute();
  return new Map(rows.map((row) => [row.developer_id, anchorOf(row)]));
}

/** platform/time's parseDuration, its errors as 40002. */
export function parseDuration(value: string | number): number {
  try {
    return parseTimeDuration(value);
  } catch (err) {
    if (err instanceof DurationError) throw invalid(err.message);
    throw err;
  }
}

/** At most this far per advance (a year): beyond it a typo, not a test. */
const MAX_ADVANCE_MS = 366 * 86_400_000;

export class SandboxClocks implements TimeSource {
  readonly #db: Db;
  readonly #real: Clock;
  readonly #jobs: JobRunner;
  readonly #resetHooks: UserResetHook[] = [];
  /**
   * Reads outside a transaction, every developer's asked during one turn of the event loop in one
   * statement: each request reads its developer's clock, and under load they would otherwise cost a
   * round trip each. A read joins a statement sent after it was asked, so it still sees every advance
   * committed before it. On the database's shared-reads pool (none on PGlite), since a request may
   * await its read inside a transaction.
   */
  readonly #anchors: TickBatcher<string, ClockAnchor | null> | undefined;

  constructor(db: Db, realClock: Clock, jobs: JobRunner, sharedReads: Db | undefined) {
    this.#db = db;
    this.#anchors = !sharedReads ? undefined : new TickBatcher(async (developerIds) => {
      const anchors = await anchorsOf(sharedReads, developerIds);
      return developerIds.map((id) => anchors.get(id) ?? null);
    });
    this.#real = realClock;
    this.#jobs = jobs;
    jobs.useTimeSource(this);
  }

  /**
   * The developer's sandbox time (real time for a developer without a test clock: a live one). The
   * clock's row is read once per HTTP request (request-scope.ts): it changes only by advance, speed
   * and reset, and a request may take it as of its start.
   */
  async now(developerId: string, db: Db = this.#db): Promise<number> {
    return this.#timeOf(await this.#anchor(developerId, db));
  }

  #anchor(developerId: string, db: Db): Promise<ClockAnchor | null> {
    return memoInRequest(clockKey(developerId), async () => {
      if (db === this.#db && this.#anchors) return this.#anchors.load(developerId);
      const row = await db.selectFrom("sandbox_clocks").select(["sim_anchor_ms", "real_anchor_ms", "speed"]).where("developer_id", "=", developerId).executeTakeFirst();
      return anchorOf(row);
    });
  }

  /** Several developers' sandbox times in one read (for batches outside a request, e.g. deliveries). */
  async nowOf(developerIds: string[], db: Db = this.#db): Promise<Map<string, number>> {
    const anchors = await anchorsOf(db, developerIds);
    return new Map(developerIds.map((id) => [id, this.#timeOf(anchors.get(id) ?? null)]));
  }

  #timeOf(anchor: ClockAnchor | null): number {
    const real = this.#real.now();
    return anchor ? Math.floor(anchor.simMs + (real - anchor.realMs) * anchor.speed) : real;
  }

  developerNowSql(realNowMs: number) {
    return sql<number>`coalesce((select floor(c.sim_anchor_ms + (${realNowMs}::bigint - c.real_anchor_ms) * c.speed) from sandbox_clocks c where c.developer_id = j.developer_id), ${realNowMs}::bigint)`;
  }

  onTestClockSql() {
    return sql<boolean>`exists (select 1 from sandbox_clocks c where c.developer_id = j.developer_id)`;
  }

  /** A new sandbox developer's test clock (real time until moved), in the transaction that creates it. */
  async open(trx: Db, developerId: string): Promise<void> {
    await trx
      .insertInto("sandbox_clocks")
      .values({ developer_id: developerId, sim_anchor_ms: "0", real_anchor_ms: "0", speed: 1 })
      .onConflict((oc) => oc.column("developer_id").doNothing())
      .execute();
  }

  /** The clock and its pending jobs. */
  async state(developerId: string): Promise<ClockState> {
    const anchor = await this.#anchor(developerId, this.#db);
    const pending = await this.#jobs.pendingOf(developerId);
    return { now: this.#timeOf(anchor), speed: anchor?.speed ?? 1, pendingEvents: pending.pending, nextEventAt: pending.nextDueAtMs };
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

  /** Moves the developer's time forward by `ms`, running every job due on the way, in time order. */
  async advance(developerId: string, ms: number): Promise<{ from: number; to: number; ran: number; failed: number }> {
    if (ms > MAX_ADVANCE_MS) throw invalid("duration must be at most 366 days");
    const from = await this.now(developerId);
    const to = from + ms;
    const result = await this.#jobs.runDue(developerId, to);
    // Pin after running, so jobs scheduled while running that are still in the future stay pending.
    await this.#setTime(developerId, to);
    return { from, to, ...result };
  }

  async setSpeed(developerId: string, speed: number): Promise<ClockState> {
    if (!(speed >= 0 && speed <= 1_000_000)) throw invalid("speed must be between 0 (stopped) and 1000000");
    const now = await this.now(developerId);
    await this.#setTime(developerId, now, speed);
    return this.state(developerId);
  }

  /** Runs the developer's jobs due by its time now (triggers). */
  async runDueNow(developerId: string): Promise<{ ran: number; failed: number; now: number }> {
    const now = await this.now(developerId);
    return { ...(await this.#jobs.runDue(developerId, now)), now };
  }
}
