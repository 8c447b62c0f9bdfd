// The one durable job runner: every timeout, retry, poll, reconciliation and sandbox seller event is
// a row of `jobs`, claimed with FOR UPDATE SKIP LOCKED (so any number of nodes share the work and none
// runs a job twice), retried with backoff when it fails and dead-lettered with the reason when it keeps
// failing. It runs on every node.
//
// A job's due time is on its clock. 'developer' jobs follow the developer's time, which a TimeSource
// supplies (the sandbox's test clocks: a sandbox developer's own clock, real time for a live one);
// 'real' jobs follow real time whoever the developer is (the platform's own recovery work). A
// sandbox developer's `advance` runs that developer's due jobs in time order through `runDue`, the
// same claim-and-run path the background loop uses.
//
// A handler runs inside the transaction that claims its job and marks it DONE. Work that must not
// hold the database (an HTTP call, a marketplace call) goes in the AfterCommit it returns: the job is
// then RUNNING under a lease (real time) until that work ends; a node that dies meanwhile loses
// nothing, since an expired lease makes the job due again.
import { sql, type RawBuilder, type Selectable, type SelectQueryBuilder } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/index.ts";
import { writeInOneStatement, type PendingWrite } from "../db/one-statement.ts";
import type { IdGenerator } from "../ids.ts";

export type JobClock = "developer" | "real";
export type JobStatus = "PENDING" | "RUNNING" | "DONE" | "DEAD";

export interface Job {
  id: string;
  developerId: string | null;
  kind: string;
  payload: unknown;
  subject: string | null;
  dueAtMs: number;
  clock: JobClock;
  /** Failed attempts so far. */
  attempts: number;
}

export interface NewJob {
  /** Whose job it is (its clock, resets, listings); null for platform-wide work (real time only). */
  developerId: string | null;
  /** On the job's clock, epoch ms. */
  dueAtMs: number;
  kind: string;
  payload?: unknown;
  /** What it is about (an order, a purchase), for rescheduling, cancelling and resets. */
  subject?: string;
  clock?: JobClock;
}

/** Work to run after the claiming transaction commits; the job stays RUNNING under a lease until it ends. */
export type AfterCommit = () => Promise<void>;
/**
 * Runs a job inside the transaction that claims it; `now` is its due time on its clock (developer
 * jobs) or real time. Writes the handler pushes to `alongside` go to the database in the statement
 * that marks the job done (one round trip fewer; they must not touch what the handler wrote).
 */
export type JobHandler = (trx: Db, job: Job, now: number, alongside: PendingWrite[]) => Promise<void | AfterCommit | undefined>;

export interface JobKindOptions {
  /** Attempts before the job is dead-lettered (default 8). */
  maxAttempts?: number;
  /** The wait after the n-th failed attempt (1-based), on the job's clock. */
  backoffMs?: (attempt: number) => number;
}

/** Throw from a handler when the job cannot run yet (its subject is not ready): retried, and the reason kept. */
export class NotYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotYet";
  }
}

/** The developer's time, for 'developer' jobs. */
export interface TimeSource {
  now(developerId: string, db?: Db): Promise<number>;
  /** SQL: the time of the developer of the job row aliased `j`, epoch ms (real time when it has no test clock). */
  developerNowSql(realNowMs: number): RawBuilder<number>;
  /** SQL: true when the job row `j`'s developer follows a test clock (its jobs run in the background only when allowed). */
  onTestClockSql(): RawBuilder<boolean>;
}

export interface JobRunnerOptions {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** How long a claim whose work runs after commit may take before another node retries it. */
  leaseMs?: number;
  /** How often the background loop looks for due jobs. */
  pollMs?: number;
  /** Whether jobs on test clocks run in the background as their clocks move (false: only when advanced). */
  runTestClocksInBackground?: boolean;
  /** Finished (DONE) jobs are deleted this long after they finished; dead ones stay for operators. */
  retentionMs?: number;
  onError?: (err: unknown, job?: Job) => void;
}

export interface JobView {
  id: string;
  developerId: string | null;
  kind: string;
  subject: string | null;
  clock: JobClock;
  status: JobStatus;
  dueAtMs: number;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  payload: unknown;
  createdAt: number;
  doneAt: number | null;
}

const DEFAULT_MAX_ATTEMPTS = 8;
/**
 * 'PENDING' as a literal in the SQL, not a parameter: the partial indexes on pending jobs apply only
 * when the planner sees the value, which a prepared statement's generic plan does not.
 */
const PENDING = sql.lit<"PENDING">("PENDING");
/** 10 s, 30 s, 1.5 min, … ×3 each time, at most 6 h. */
export const defaultBackoff = (attempt: number): number => Math.min(10_000 * 3 ** (attempt - 1), 6 * 3_600_000);

/** A query for the next due job (aliased `j`, one row), to claim or to peek at. */
type DueQuery = SelectQueryBuilder<Database & { j: Database["jobs"] }, "j", Selectable<Database["jobs"]>>;

type JobRow = {
  id: string;
  developer_id: string | null;
  kind: string;
  payload: string;
  subject: string | null;
  due_at_ms: string;
  clock: JobClock;
  attempts: number;
  max_attempts: number;
};

function jobOf(row: JobRow): Job {
  return {
    id: row.id,
    developerId: row.developer_id,
    kind: row.kind,
    payload: JSON.parse(row.payload),
    subject: row.subject,
    dueAtMs: Number(row.due_at_ms),
    clock: row.clock,
    attempts: row.attempts,
  };
}

const errorText = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 500);

export class JobRunner {
  readonly #db: Db;
  readonly #real: Clock;
  readonly #ids: IdGenerator;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #testClocksInBackground: boolean;
  readonly #retentionMs: number;
  #lastPrune = 0;
  readonly #onError: (err: unknown, job?: Job) => void;
  readonly #handlers = new Map<string, { run: JobHandler; maxAttempts: number; backoffMs: (attempt: number) => number }>();
  readonly #owner = `node-${Math.random().toString(36).slice(2, 10)}`;
  #time: TimeSource | undefined;
  #timer: NodeJS.Timeout | undefined;
  #loop: Promise<void> = Promise.resolve();
  #stopped = true;

  constructor(options: JobRunnerOptions) {
    this.#db = options.db;
    this.#real = options.clock;
    this.#ids = options.ids;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 1000;
    this.#testClocksInBackground = options.runTestClocksInBackground ?? true;
    this.#retentionMs = options.retentionMs ?? 7 * 86_400_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Where 'developer' jobs take their time from (the sandbox's test clocks). Without one, real time. */
  useTimeSource(time: TimeSource): void {
    this.#time = time;
  }

  /** Modules register what each kind of job does. */
  on(kind: string, handler: JobHandler, options: JobKindOptions = {}): void {
    if (this.#handlers.has(kind)) throw new Error(`a handler for job kind ${kind} is already registered`);
    this.#handlers.set(kind, { run: handler, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, backoffMs: options.backoffMs ?? defaultBackoff });
  }

  /** The time on a clock: the developer's (test clock or real) or real time. */
  async now(developerId: string | null, clock: JobClock = "developer", db?: Db): Promise<number> {
    if (clock === "real" || developerId === null || !this.#time) return this.#real.now();
    return this.#time.now(developerId, db);
  }

  // -------------------------------------------------------------------------------------------
  // Scheduling (in the caller's transaction)

  async schedule(trx: Db, job: NewJob): Promise<string> {
    const { id, write } = this.scheduleWrite(trx, [job]);
    await writeInOneStatement(trx, [write]);
    return id[0]!;
  }

  /** schedule's insert for several jobs, not run: for a caller's one statement (writeInOneStatement). */
  scheduleWrite(trx: Db, jobs: NewJob[]): { id: string[]; write: PendingWrite } {
    const rows = this.jobRows(jobs);
    return { id: rows.map((row) => row.id), write: trx.insertInto("jobs").values(rows) };
  }

  /** The rows of new jobs (ids issued, kinds checked), for callers that build their own insert. */
  jobRows(jobs: NewJob[]) {
    return jobs.map((job) => {
      const kind = this.#handlers.get(job.kind);
      if (!kind) throw new Error(`no handler for job kind ${job.kind}`);
      return {
        id: this.#ids.next(),
        developer_id: job.developerId,
        due_at_ms: String(Math.floor(job.dueAtMs)),
        kind: job.kind,
        payload: JSON.stringify(job.payload ?? null),
        subject: job.subject ?? null,
        clock: job.developerId === null ? ("real" as const) : (job.clock ?? "developer"),
        max_attempts: kind.maxAttempts,
      };
    });
  }

  /** Pending jobs about `subject`, earliest first (optionally of some kinds only). */
  async pending(trx: Db, developerId: string, subject: string, kinds?: string[]): Promise<Job[]> {
    let query = trx.selectFrom("jobs").selectAll().where("developer_id", "=", developerId).where("subject", "=", subject).where("status", "=", PENDING);
    if (kinds && kinds.length > 0) query = query.where("kind", "in", kinds);
    return (await query.orderBy("due_at_ms").orderBy("id").execute()).map(jobOf);
  }

  // Rescheduling and cancelling skip jobs that are running right now (locked by a runner): the runner
  // holds its job and then locks the order or purchase it is about, while callers of these hold that
  // order or purchase — waiting here would deadlock. Handlers check state, so a job that runs anyway
  // finds nothing to do.

  /** Moves pending jobs (by id) to `dueAtMs`. */
  async reschedule(trx: Db, developerId: string, jobIds: string[], dueAtMs: number): Promise<void> {
    if (jobIds.length === 0) return;
    await trx
      .updateTable("jobs")
      .set({ due_at_ms: String(dueAtMs) })
      .where("id", "in", (eb) => eb.selectFrom("jobs").select("id").where("developer_id", "=", developerId).where("id", "in", jobIds).where("status", "=", PENDING).forUpdate().skipLocked())
      .execute();
  }

  /** Forgets pending jobs about these subjects. */
  async cancel(trx: Db, developerId: string, subjects: string[], kinds?: string[]): Promise<number> {
    if (subjects.length === 0) return 0;
    const result = await this.cancelWrite(trx, developerId, subjects, kinds).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** cancel's delete, not run: for a caller's one statement (writeInOneStatement). */
  cancelWrite(trx: Db, developerId: string, subjects: string[], kinds?: string[]) {
    return trx.deleteFrom("jobs").where("id", "in", (eb) => {
      let pending = eb.selectFrom("jobs").select("id").where("developer_id", "=", developerId).where("subject", "in", subjects).where("status", "=", PENDING);
      if (kinds && kinds.length > 0) pending = pending.where("kind", "in", kinds);
      return pending.forUpdate().skipLocked();
    });
  }

  /** A developer's pending jobs on its own clock: how many, and the next one's due time. */
  async pendingOf(developerId: string, db: Db = this.#db): Promise<{ pending: number; nextDueAtMs: number | null }> {
    const row = await db
      .selectFrom("jobs")
      .select((eb) => [eb.fn.countAll<string>().as("pending"), eb.fn.min("due_at_ms").as("next")])
      .where("developer_id", "=", developerId)
      .where("clock", "=", "developer")
      .where("status", "=", PENDING)
      .executeTakeFirstOrThrow();
    return { pending: Number(row.pending), nextDueAtMs: row.next === null ? null : Number(row.next) };
  }

  // -------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs one developer's due jobs, one transaction each, until none is due: its 'developer' jobs due at
   * or before `upToMs` (earliest first, ties in creation order) and its 'real' jobs due by real time
   * (first: they are what the previous job set off). Jobs scheduled meanwhile run too when due.
   * The counts are of the developer's own-clock jobs (its scheduled events); the real-time ones
   * (inbox applications, reconciliations) are the platform's bookkeeping.
   */
  async runDue(developerId: string, upToMs: number): Promise<{ ran: number; failed: number }> {
    const real = () => this.#real.now();
    return this.#drain(
      (db) =>
      db
        .selectFrom("jobs as j")
        .selectAll("j")
        .where("j.developer_id", "=", developerId)
        .where("j.status", "=", PENDING)
        .where((eb) => eb.or([eb.and([eb("j.clock", "=", "developer"), eb("j.due_at_ms", "<=", String(upToMs))]), eb.and([eb("j.clock", "=", "real"), eb("j.due_at_ms", "<=", String(real()))])]))
        .orderBy(sql`case when j.clock = 'real' then 0 else 1 end`)
        .orderBy("j.due_at_ms")
        .orderBy("j.id")
        .limit(1),
      Number.POSITIVE_INFINITY,
      (job) => job.clock === "developer",
      true,
    );
  }

  /**
   * One background pass: everything due now, for every developer (and platform-wide jobs). Jobs on
   * test clocks are included unless `testClocks` is false (the background loop's setting).
   */
  async runAllDue(options: { budget?: number; testClocks?: boolean } = {}): Promise<{ ran: number; failed: number }> {
    const budget = options.budget ?? 500;
    const testClocks = options.testClocks ?? true;
    await this.reclaimExpired();
    const real = this.#real.now();
    const time = this.#time;
    return this.#drain((db) => {
      let query = db.selectFrom("jobs as j").selectAll("j").where("j.status", "=", PENDING);
      if (time) {
        const devNow = time.developerNowSql(real);
        const background = testClocks ? sql<boolean>`true` : sql<boolean>`not ${time.onTestClockSql()}`;
        query = query.where(
          // Parenthesised whole: Kysely joins a raw condition to the others with AND as it stands.
          sql<boolean>`(((j.clock = 'real' or j.developer_id is null) and j.due_at_ms <= ${real}) or (j.clock = 'developer' and j.developer_id is not null and ${background} and j.due_at_ms <= ${devNow}))`,
        );
      } else {
        query = query.where("j.due_at_ms", "<=", String(real));
      }
      return query.orderBy("j.due_at_ms").orderBy("j.id").limit(1);
    }, budget);
  }

  /** Deletes DONE jobs finished longer ago than the retention (a batch at a time); answers how many. */
  async prune(limit = 5000): Promise<number> {
    const before = new Date(this.#real.now() - this.#retentionMs);
    const result = await this.#db
      .deleteFrom("jobs")
      .where("id", "in", (eb) => eb.selectFrom("jobs").select("id").where("status", "=", sql.lit<"DONE">("DONE")).where("done_at", "<", before).limit(limit))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Gives back jobs whose claimer died mid-work (lease expired): they count a failed attempt and are due again. */
  async reclaimExpired(): Promise<number> {
    const real = this.#real.now();
    const rows = await this.#db
      .updateTable("jobs")
      .set((eb) => ({
        status: sql<"PENDING" | "DEAD">`case when ${eb.ref("attempts")} + 1 >= ${eb.ref("max_attempts")} then 'DEAD' else 'PENDING' end`,
        attempts: sql<number>`attempts + 1`,
        last_error: "lease expired: the node running it stopped before finishing",
        lease_owner: null,
        lease_until_ms: null,
      }))
      .where("status", "=", "RUNNING")
      .where("lease_until_ms", "<", String(real))
      .returning("id")
      .execute();
    return rows.length;
  }

  /**
   * Runs the jobs `next` finds, one transaction each, until none is left or the budget is spent.
   * `waitForOthers`: a due job another node (or the background loop) holds is waited for instead of
   * skipped, so that when an advance returns every job due by its time has run, wherever it ran.
   */
  async #drain(next: (db: Db) => DueQuery, budget = Number.POSITIVE_INFINITY, counts: (job: Job) => boolean = () => true, waitForOthers = false): Promise<{ ran: number; failed: number }> {
    let ran = 0;
    let failed = 0;
    for (let steps = 0, more = true; more && steps < budget; steps++) {
      let claimed: Job | undefined;
      let kind: { run: JobHandler; maxAttempts: number; backoffMs: (attempt: number) => number } | undefined;
      let now = 0;
      try {
        const step = await this.#db.transaction().execute(async (trx) => {
          const due = next(trx).forUpdate();
          const row = (await (waitForOthers ? due : due.skipLocked()).executeTakeFirst()) as JobRow | undefined;
          if (!row) return undefined;
          claimed = jobOf(row);
          kind = this.#handlers.get(row.kind);
          if (!kind) throw new Error(`no handler for job kind ${row.kind}`);
          now = claimed.clock === "developer" && claimed.developerId !== null ? claimed.dueAtMs : this.#real.now();
          const alongside: PendingWrite[] = [];
          const after = (await kind.run(trx, claimed, now, alongside)) ?? undefined;
          const mark = trx
            .updateTable("jobs")
            .set(after ? { status: "RUNNING", lease_owner: this.#owner, lease_until_ms: String(this.#real.now() + this.#leaseMs) } : { status: "DONE", done_at: new Date(this.#real.now()) })
            .where("id", "=", row.id);
          // Marked, and whether another is due (asked here rather than by an empty transaction after
          // the last one): one statement; its select sees this job as it was, hence the id <> row.id.
          const writes = [sql`marked as (${mark})`, ...alongside.map((write, i) => sql`${sql.ref(`also${i}`)} as (${write})`)];
          const peek = next(trx).clearSelect().select("j.id").where("j.id", "<>", row.id);
          const { rows: another } = await sql<{ id: string }>`with ${sql.join(writes)} ${peek}`.execute(trx);
          return { after, more: another.length > 0 };
        });
        if (!step) {
          // The locking read sorted what it saw before it waited: a job the awaited one made due (an
          // inbox event appended by a seller event) is not among them, so look once more.
          if (waitForOthers && (await next(this.#db).clearSelect().select("j.id").executeTakeFirst())) continue;
          break;
        }
        more = step.more;
        if (step.after) {
          more = true; // the work may make more jobs due: look again
          try {
            await step.after();
            await this.#db
              .updateTable("jobs")
              .set({ status: "DONE", done_at: new Date(this.#real.now()), lease_owner: null, lease_until_ms: null })
              .where("id", "=", claimed!.id)
              .where("status", "=", "RUNNING")
              .where("lease_owner", "=", this.#owner)
              .execute();
          } catch (err) {
            await this.#failed(claimed!, kind!, now, err, "RUNNING");
            if (counts(claimed!)) failed++;
            continue;
          }
        }
        if (counts(claimed!)) ran++;
      } catch (err) {
        if (!claimed) throw err;
        // The handler failed and its transaction, writes included, rolled back: count the attempt.
        await this.#failed(claimed, kind, now, err, "PENDING");
        if (counts(claimed)) failed++;
      }
    }
    return { ran, failed };
  }

  /** A failed attempt: due again after the kind's backoff (on the job's clock), or dead-lettered with the reason. */
  async #failed(job: Job, kind: { maxAttempts: number; backoffMs: (attempt: number) => number } | undefined, now: number, err: unknown, from: JobStatus): Promise<void> {
    if (!(err instanceof NotYet)) this.#onError(err, job);
    const attempts = job.attempts + 1;
    const maxAttempts = kind?.maxAttempts ?? 1;
    const dead = attempts >= maxAttempts;
    const base = job.clock === "developer" && job.developerId !== null ? Math.max(now, job.dueAtMs) : this.#real.now();
    await this.#db
      .updateTable("jobs")
      .set({
        status: dead ? "DEAD" : "PENDING",
        attempts,
        last_error: dead && !kind ? `no handler for job kind ${job.kind}` : errorText(err),
        due_at_ms: dead ? String(job.dueAtMs) : String(base + kind!.backoffMs(attempts)),
        lease_owner: null,
        lease_until_ms: null,
        ...(dead ? { done_at: new Date(this.#real.now()) } : {}),
      })
      .where("id", "=", job.id)
      .where("status", "=", from)
      .execute()
      .catch((e: unknown) => this.#onError(e, job));
  }

  // -------------------------------------------------------------------------------------------
  // The background loop (every node)

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#loop = this.runAllDue({ testClocks: this.#testClocksInBackground })
        .then(async () => {
          // Finished jobs are pruned now and then (every node may; a deletion is idempotent).
          if (this.#real.now() - this.#lastPrune < 600_000) return;
          this.#lastPrune = this.#real.now();
          await this.prune();
        })
        .then(() => undefined, (err: unknown) => this.#onError(err))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#pollMs).unref();
        });
    };
    this.#timer = setTimeout(tick, this.#pollMs).unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#loop;
  }

  // -------------------------------------------------------------------------------------------
  // Operators

  async list(filter: { status?: JobStatus; kind?: string; developerId?: string; after?: string; limit?: number }): Promise<{ items: JobView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    let query = this.#db.selectFrom("jobs").selectAll();
    if (filter.status) query = query.where("status", "=", filter.status);
    if (filter.kind) query = query.where("kind", "=", filter.kind);
    if (filter.developerId) query = query.where("developer_id", "=", filter.developerId);
    if (filter.after) query = query.where("id", "<", filter.after);
    const rows = await query.orderBy("id", "desc").limit(limit).execute();
    return { items: rows.map(viewOf), nextCursor: rows.length === limit ? rows.at(-1)!.id : null };
  }

  async get(id: string): Promise<JobView | undefined> {
    const row = await this.#db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
    return row && viewOf(row);
  }

  /** A dead job gets a new round of attempts, due now on its clock. Undefined when there is no such dead job. */
  async retry(id: string): Promise<JobView | undefined> {
    const row = await this.#db.selectFrom("jobs").select(["developer_id", "clock"]).where("id", "=", id).where("status", "=", "DEAD").executeTakeFirst();
    if (!row) return undefined;
    const due = await this.now(row.developer_id, row.clock);
    await this.#db.updateTable("jobs").set({ status: "PENDING", attempts: 0, due_at_ms: String(due), done_at: null }).where("id", "=", id).where("status", "=", "DEAD").execute();
    return this.get(id);
  }
}

function viewOf(row: { id: string; developer_id: string | null; kind: string; subject: string | null; clock: JobClock; status: JobStatus; due_at_ms: string; attempts: number; max_attempts: number; last_error: string | null; payload: string; created_at: Date; done_at: Date | null }): JobView {
  return {
    id: row.id,
    developerId: row.developer_id,
    kind: row.kind,
    subject: row.subject,
    clock: row.clock,
    status: row.status,
    dueAtMs: Number(row.due_at_ms),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    payload: JSON.parse(row.payload),
    createdAt: row.created_at.getTime(),
    doneAt: row.done_at ? row.done_at.getTime() : null,
  };
}
