// SQL of the callbacks module: callback_endpoints, callback_messages, callback_attempts (and the
// outbox payloads it delivers).
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { AttemptOutcome, MessageFilter, MessageStatus } from "./model.ts";

export interface MessageRow {
  event_id: string;
  message_id: string;
  developer_id: string;
  message_type: string;
  platform: number;
  status: MessageStatus;
  round: number;
  attempts: number;
  abandoned: number;
  due_ms: string;
  retry_on_clock: boolean;
  last_http_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface ClaimedRow {
  event_id: string;
  message_id: string;
  developer_id: string;
  message_type: string;
  platform: number;
  round: number;
  attempts: number;
  abandoned: number;
  payload: string;
}

/** What one finished attempt changes. */
export interface Outcome {
  eventId: string;
  developerId?: string;
  token: string;
  round: number;
  attempt: number;
  status: MessageStatus;
  /** -1 when the attempt is given back (no endpoint). */
  attemptsDelta: number;
  dueMs: number;
  onClock: boolean;
  deliveredAt: Date | null;
  /** null: no attempt row (no endpoint). */
  attemptRow: AttemptOutcome | null;
}

export const callbacksRepo = {
  async findEndpoint(db: Db, developerId: string) {
    return db.selectFrom("callback_endpoints").selectAll().where("developer_id", "=", developerId).executeTakeFirst();
  },

  async findEndpoints(db: Db, developerIds: string[]) {
    if (developerIds.length === 0) return [];
    return db.selectFrom("callback_endpoints").selectAll().where("developer_id", "in", developerIds).execute();
  },

  async insertEndpointIfAbsent(db: Db, developerId: string, sealedSecret: string, at: Date): Promise<void> {
    await db
      .insertInto("callback_endpoints")
      .values({ developer_id: developerId, url: null, verified_at: null, signing_secret: sealedSecret, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column("developer_id").doNothing())
      .execute();
  },

  async setUrl(db: Db, developerId: string, url: string | null, at: Date): Promise<void> {
    await db
      .updateTable("callback_endpoints")
      .set({ url, verified_at: url === null ? null : at, updated_at: at })
      .where("developer_id", "=", developerId)
      .execute();
  },

  /** The callback families beyond PandaPon's the developer opted into (none without an endpoint row). */
  async extensionsOf(db: Db, developerId: string): Promise<string[]> {
    const row = await db.selectFrom("callback_endpoints").select("extensions").where("developer_id", "=", developerId).executeTakeFirst();
    return row?.extensions ?? [];
  },

  async setExtensions(db: Db, developerId: string, extensions: readonly string[], at: Date): Promise<void> {
    await db.updateTable("callback_endpoints").set({ extensions: [...extensions], updated_at: at }).where("developer_id", "=", developerId).execute();
  },

  /** The insert of new messages (not run: the outbox runs it in the events' own statement). */
  insertMessages(db: Db, rows: Array<{ eventId: string; messageId: string; developerId: string; type: string; platform: number; at: Date }>) {
    return db
      .insertInto("callback_messages")
      .values(
        rows.map((r) => ({
          event_id: r.eventId,
          message_id: r.messageId,
          developer_id: r.developerId,
          message_type: r.type,
          platform: r.platform,
          created_at: r.at,
          updated_at: r.at,
        })),
      );
  },

  async notify(db: Db, channel: string): Promise<void> {
    await sql`select pg_notify(${channel}, '')`.execute(db);
  },

  /**
   * Claims up to `limit` due messages for one attempt each: they become DELIVERING under `token`
   * until `leaseUntilMs`. SKIP LOCKED: concurrent claimers (any node) never get the same message.
   */
  async claim(db: Db, nowMs: number, limit: number, token: string, leaseUntilMs: number, at: Date): Promise<ClaimedRow[]> {
    const result = await sql<ClaimedRow>`
      with due as (
        select event_id from callback_messages
         where status in ('PENDING', 'RETRY_WAIT') and not retry_on_clock and due_ms <= ${nowMs}
         order by due_ms, event_id
         limit ${limit}
         for update skip locked
      ), claimed as (
        update callback_messages m
           set status = 'DELIVERING', attempts = m.attempts + 1, lease_until_ms = ${leaseUntilMs},
               claim_token = ${token}, updated_at = ${at}
          from due
         where m.event_id = due.event_id
        returning m.event_id, m.message_id, m.developer_id, m.message_type, m.platform, m.round, m.attempts, m.abandoned
      )
      select c.*, e.payload from claimed c join outbox_events e on e.id = c.event_id`.execute(db);
    return result.rows;
  },

  /**
   * Messages whose claimer did not report before its lease ran out (the node died): the lost attempt
   * is logged as abandoned and the message is due again at once.
   */
  async reclaimExpired(db: Db, realNowMs: number, nowMs: number, at: Date, limit = 500): Promise<number> {
    const result = await sql<{ event_id: string }>`
      with expired as (
        select event_id from callback_messages
         where status = 'DELIVERING' and lease_until_ms < ${realNowMs}
         limit ${limit}
         for update skip locked
      ), released as (
        update callback_messages m
           set status = 'PENDING', due_ms = 0, abandoned = m.abandoned + 1, lease_until_ms = null,
               claim_token = null, updated_at = ${at}
          from expired
         where m.event_id = expired.event_id
        returning m.event_id, m.round, m.attempts
      ), logged as (
        insert into callback_attempts (event_id, round, attempt, at_ms, url, http_status, error_kind, error, latency_ms)
        select event_id, round, attempts, ${nowMs}, '', null, 'abandoned', 'the node making this attempt stopped before reporting its outcome', 0
          from released
        on conflict do nothing
      )
      select event_id from released`.execute(db);
    return result.rows.length;
  },

  /** Writes finished attempts; returns the event ids whose message still belonged to the claim. */
  async recordOutcomes(db: Db, outcomes: Outcome[], at: Date): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const values = outcomes.map(
      (o) =>
        sql`(${o.eventId}::bigint, ${o.token}::text, ${o.status}::text, ${o.attemptsDelta}::int, ${o.dueMs}::bigint, ${o.onClock}::boolean,
             ${o.attemptRow?.httpStatus ?? null}::int, ${o.attemptRow?.error ?? null}::text, ${o.deliveredAt}::timestamptz)`,
    );
    // One statement: the messages' new states and, beside them, the attempts made.
    const attempts = callbacksRepo.attemptsInsert(
      db,
      outcomes.flatMap((o) => (o.attemptRow ? [{ eventId: o.eventId, round: o.round, attempt: o.attempt, outcome: o.attemptRow }] : [])),
    );
    const updated = await sql<{ event_id: string }>`
      with updated as (
      update callback_messages m
         set status = v.status, attempts = m.attempts + v.attempts_delta, due_ms = v.due_ms, retry_on_clock = v.on_clock,
             lease_until_ms = null, claim_token = null, last_http_status = v.http_status, last_error = v.error,
             delivered_at = coalesce(v.delivered_at, m.delivered_at), updated_at = ${at}
        from (values ${sql.join(values)}) as v(event_id, token, status, attempts_delta, due_ms, on_clock, http_status, error, delivered_at)
       where m.event_id = v.event_id and m.claim_token = v.token and m.status = 'DELIVERING'
      returning m.event_id)${attempts ? sql`, attempts as (${attempts})` : sql``}
      select event_id from updated`.execute(db);
    return new Set(updated.rows.map((r) => r.event_id));
  },

  /** Attempt rows' insert, not run (undefined when there is nothing to insert); an abandoned row of the same attempt is replaced by the real outcome. */
  attemptsInsert(db: Db, rows: Array<{ eventId: string; round: number; attempt: number; outcome: AttemptOutcome }>) {
    if (rows.length === 0) return undefined;
    return db
      .insertInto("callback_attempts")
      .values(
        rows.map((r) => ({
          event_id: r.eventId,
          round: r.round,
          attempt: r.attempt,
          at_ms: String(r.outcome.atMs),
          url: r.outcome.url,
          http_status: r.outcome.httpStatus,
          error_kind: r.outcome.errorKind,
          error: r.outcome.error,
          latency_ms: r.outcome.latencyMs,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["event_id", "round", "attempt"])
          .doUpdateSet((eb) => ({
            at_ms: eb.ref("excluded.at_ms"),
            url: eb.ref("excluded.url"),
            http_status: eb.ref("excluded.http_status"),
            error_kind: eb.ref("excluded.error_kind"),
            error: eb.ref("excluded.error"),
            latency_ms: eb.ref("excluded.latency_ms"),
          }))
          .where("callback_attempts.error_kind", "=", "abandoned"),
      );
  },

  /** Claims one locked message for an attempt under `token`, as claim() does for a batch (off the test clock while it is attempted: an expired lease makes it due in real time). */
  async claimLocked(db: Db, eventId: string, token: string, leaseUntilMs: number, at: Date): Promise<void> {
    await db
      .updateTable("callback_messages")
      .set({ status: "DELIVERING", attempts: sql`attempts + 1`, retry_on_clock: false, lease_until_ms: String(leaseUntilMs), claim_token: token, updated_at: at })
      .where("event_id", "=", eventId)
      .execute();
  },

  async lockMessage(db: Db, eventId: string): Promise<(MessageRow & { payload: string }) | undefined> {
    const result = await sql<MessageRow & { payload: string }>`
      select m.*, e.payload from callback_messages m join outbox_events e on e.id = m.event_id
       where m.event_id = ${eventId} for update of m`.execute(db);
    return result.rows[0];
  },

  async listMessages(db: Db, developerId: string, filter: MessageFilter & { limit: number }): Promise<MessageRow[]> {
    let query = db.selectFrom("callback_messages").selectAll().where("developer_id", "=", developerId);
    if (filter.type) query = query.where("message_type", "=", filter.type);
    if (filter.status) query = query.where("status", "=", filter.status);
    if (filter.from !== undefined) query = query.where("created_at", ">=", new Date(filter.from));
    if (filter.to !== undefined) query = query.where("created_at", "<", new Date(filter.to));
    if (filter.cursor) query = query.where("event_id", "<", filter.cursor);
    return (await query.orderBy("event_id", "desc").limit(filter.limit).execute()) as MessageRow[];
  },

  async attemptsOf(db: Db, eventIds: string[]) {
    if (eventIds.length === 0) return [];
    return db
      .selectFrom("callback_attempts")
      .selectAll()
      .where("event_id", "in", eventIds)
      .orderBy("event_id")
      .orderBy("round")
      .orderBy("attempt")
      .execute();
  },

  async findMessage(db: Db, developerId: string, id: string): Promise<(MessageRow & { payload: string }) | undefined> {
    const byMessageId = /^[0-9a-f]{32}$/.test(id);
    const result = await sql<MessageRow & { payload: string }>`
      select m.*, e.payload from callback_messages m join outbox_events e on e.id = m.event_id
       where m.developer_id = ${developerId} and ${byMessageId ? sql`m.message_id = ${id}` : sql`m.event_id = ${id}`}`.execute(db);
    return result.rows[0];
  },

  /** A new round: attempts start again at 1, same X-Message-Id (statuses.md §9 replay). */
  async replay(db: Db, developerId: string, where: { eventId: string } | { failedSince: Date }, at: Date): Promise<string[]> {
    const cond =
      "eventId" in where
        ? sql`event_id = ${where.eventId} and status <> 'DELIVERING'`
        : sql`status = 'FAILED' and created_at >= ${where.failedSince}`;
    const result = await sql<{ event_id: string }>`
      update callback_messages
         set status = 'PENDING', round = round + 1, attempts = 0, abandoned = 0, due_ms = 0, retry_on_clock = false,
             lease_until_ms = null, claim_token = null, last_http_status = null, last_error = null, delivered_at = null, updated_at = ${at}
       where developer_id = ${developerId} and ${cond}
      returning event_id`.execute(db);
    return result.rows.map((r) => r.event_id);
  },

  /** Messages with their payloads after an event id, oldest first, below `beforeId` when given. */
  async feed(db: Db, developerId: string, afterId: string, limit: number, beforeId?: string): Promise<Array<MessageRow & { payload: string }>> {
    const result = await sql<MessageRow & { payload: string }>`
      select m.*, e.payload from callback_messages m join outbox_events e on e.id = m.event_id
       where m.developer_id = ${developerId} and m.event_id > ${afterId} ${beforeId ? sql`and m.event_id < ${beforeId}` : sql``}
       order by m.event_id
       limit ${limit}`.execute(db);
    return result.rows;
  },
};
