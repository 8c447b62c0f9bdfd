// The marketplace inbox: connectors (the sandbox sellers, real pushes and polls) hand their events to
// the platform by appending them here, keyed by (connector, upstream event id) so that a duplicate is
// ignored. Each event is applied later, in the platform's own transaction, by a job of kind
// `marketplace.inbox` (claimed with SKIP LOCKED, retried, dead-lettered like every job), through the
// typed handler registered for its kind. Upstreams deliver out of order, so order comes from the
// handlers, not from arrival: one that finds its subject not ready yet (an order still being recorded,
// a price change before the line is built, a shipment before the payment is applied) throws NotYet,
// and the event waits and is retried, never marked done unapplied; one that finds its change already
// made (a stale or repeated event) says so and changes nothing. An event of a kind nobody handles is an error
// (retried, then dead-lettered for an operator), not a silent drop.
import { sql } from "kysely";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/index.ts";
import type { IdGenerator } from "../platform/ids.ts";
import type { PendingWrite } from "../platform/db/one-statement.ts";
import { failpoint } from "../platform/failpoints.ts";
import type { JobRunner } from "../platform/jobs/runner.ts";
import type { MarketplaceEvent, MarketplaceEventKind, MarketplaceEventOf, Platform } from "./port.ts";

export const INBOX_JOB = "marketplace.inbox";

/** An inbox job's payload: its row, and the event itself. */
interface InboxJob {
  inboxId: string;
  event: MarketplaceEvent;
}

/** What a handler did: applied a change, or found nothing to do (a stale or foreign event), with why. */
export type Applied = "applied" | { ignored: string };
export type InboxHandler<K extends MarketplaceEventKind> = (trx: Db, event: MarketplaceEventOf<K>) => Promise<Applied>;

export interface InboxEntry {
  /** Which connector it came from ("sandbox", "taobao-global", …). */
  connector: string;
  /** The upstream's own id of the event (a push's message id); a repeat is ignored. */
  eventKey: string;
  event: MarketplaceEvent;
}

/** Retries of a waiting event: 1 s, 2 s, 4 s … at most a minute apart, for about an hour. */
const waitBackoff = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);
const WAIT_ATTEMPTS = 70;

export class MarketplaceInbox {
  readonly #jobs: JobRunner;
  readonly #ids: IdGenerator;
  readonly #clock: Clock;
  readonly #handlers = new Map<string, InboxHandler<MarketplaceEventKind>>();

  constructor(deps: { jobs: JobRunner; ids: IdGenerator; clock: Clock }) {
    this.#jobs = deps.jobs;
    this.#ids = deps.ids;
    this.#clock = deps.clock;
    deps.jobs.on(INBOX_JOB, (trx, job, _now, alongside) => this.#apply(trx, job.payload as InboxJob, alongside), { maxAttempts: WAIT_ATTEMPTS, backoffMs: waitBackoff });
  }

  /** The handler of one kind of event of one platform's purchases (one per platform and kind). */
  on<K extends MarketplaceEventKind>(platform: Platform, kind: K, handler: InboxHandler<K>): void {
    const key = `${platform}:${kind}`;
    if (this.#handlers.has(key)) throw new Error(`an inbox handler for ${platform} ${kind} events is already registered`);
    this.#handlers.set(key, handler as unknown as InboxHandler<MarketplaceEventKind>);
  }

  /**
   * Appends events in the caller's transaction, one statement: the inbox rows, and a job for each row
   * that is new — a duplicate's insert returns nothing, so no job is made for it.
   */
  async append(trx: Db, entries: InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.#clock.now();
    const rows = entries.map((entry) => ({
      id: this.#ids.next(),
      connector: entry.connector,
      event_key: entry.eventKey,
      developer_id: entry.event.developerId,
      subject: `${entry.event.platform}:${entry.event.upstreamOrderId}`,
      kind: entry.event.kind,
      event: JSON.stringify(entry.event),
    }));
    const jobs = this.#jobs.jobRows(
      rows.map((row, i) => ({ developerId: row.developer_id, dueAtMs: now, kind: INBOX_JOB, clock: "real" as const, subject: `inbox:${row.subject}`, payload: { inboxId: row.id, event: entries[i]!.event } satisfies InboxJob })),
    );
    const inserted = trx.insertInto("marketplace_inbox").values(rows).onConflict((oc) => oc.columns(["connector", "event_key"]).doNothing()).returning("id");
    const planned = sql.join(
      jobs.map((job, i) => sql`(${job.id}::bigint, ${rows[i]!.id}::bigint, ${job.developer_id}::bigint, ${job.due_at_ms}::bigint, ${job.payload}, ${job.subject}, ${job.max_attempts}::int)`),
    );
    await sql`
      with added as (${inserted})
      insert into jobs (id, developer_id, due_at_ms, kind, payload, subject, clock, max_attempts)
      select p.job_id, p.developer_id, p.due_at_ms, ${INBOX_JOB}, p.payload, p.subject, 'real', p.max_attempts
        from (values ${planned}) as p(job_id, inbox_id, developer_id, due_at_ms, payload, subject, max_attempts)
        join added on added.id = p.inbox_id`.execute(trx);
  }

  /** Applies one event (carried by its job, so that the inbox row need not be read) and marks its row with the outcome. */
  async #apply(trx: Db, job: InboxJob, alongside: PendingWrite[]): Promise<void> {
    const handler = this.#handlers.get(`${job.event.platform}:${job.event.kind}`);
    if (!handler) throw new Error(`no inbox handler for ${job.event.platform} marketplace events of kind ${job.event.kind}`);
    const result = await handler(trx, job.event);
    failpoint("marketplace.inbox.applying");
    alongside.push(
      trx
        .updateTable("marketplace_inbox")
        .set({ status: result === "applied" ? "APPLIED" : "IGNORED", note: result === "applied" ? null : result.ignored.slice(0, 500), applied_at: new Date(this.#clock.now()) })
        .where("id", "=", job.inboxId)
        .where("status", "=", "PENDING"),
    );
  }
}
