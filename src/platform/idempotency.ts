// Requests that must take effect once (the `Idempotency-Key` header, a Taobao order's
// sellerOrderNumber). A key is reserved before the work starts; the work completes it with its
// answer inside the work's own transaction, so "done" and the answer can never disagree. A repeat
// of a finished request gets the first answer; a repeat that arrives while the first is still
// running waits for it; the same key with a different request is refused (40901). A reservation
// left behind by a crashed node expires, so the client's retry goes through.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import type { PendingWrite } from "./db/one-statement.ts";
import type { Db } from "./db/index.ts";
import { conflict, invalid } from "./http/errors.ts";

export interface IdempotencyScope {
  developerId: string;
  userId: string;
  /** What kind of request, e.g. "taobao.order.create". */
  scope: string;
  key: string;
}

export type Reservation = { kind: "new" } | { kind: "replay"; response: string; generation: number };

/** A pending reservation older than this is presumed abandoned (its node died mid-request). */
const STALE_MS = 60_000;
/** How long a repeat waits for the first request before answering 40901. */
const WAIT_MS = 15_000;

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw invalid("Idempotency-Key must be 1 to 255 visible ASCII characters");
  return key;
}

/** A stable digest of a request body (key order does not matter). */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash("sha256").update(JSON.stringify(canonical(value) ?? null)).digest("hex");
}

export class Idempotency {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** Reserves the key, or returns the first answer; waits while another request holds it. */
  async begin(id: IdempotencyScope, hash: string): Promise<Reservation> {
    const reserve = (db: Db) =>
      db
        .insertInto("idempotency_keys")
        .values({ developer_id: id.developerId, user_id: id.userId, scope: id.scope, key: id.key, request_hash: hash, state: "PENDING" })
        .onConflict((oc) => oc.doNothing())
        .returning("key")
        .executeTakeFirst();
    // The usual case, a key not seen before, is one statement; a key that exists is examined below.
    if (await reserve(this.#db)) return { kind: "new" };
    const deadline = Date.now() + WAIT_MS;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const outcome = await this.#db.transaction().execute(async (trx) => {
        if (await reserve(trx)) return { kind: "new" } as const;
        const row = await this.#where(trx.selectFrom("idempotency_keys").selectAll(), id).forUpdate().executeTakeFirst();
        if (!row) return "retry" as const;
        if (row.request_hash !== hash) throw conflict("this idempotency key was already used for a different request");
        if (row.state === "DONE") return { kind: "replay", response: row.response ?? "null", generation: row.generation } as const;
        if (Date.now() - row.updated_at.getTime() > STALE_MS) {
          // Its holder died after the work's own commit recorded a checkpoint: that is the answer.
          if (row.response !== null) return { kind: "replay", response: row.response, generation: row.generation } as const;
          await this.#where(trx.updateTable("idempotency_keys").set({ updated_at: sql`now()` }), id).execute();
          return { kind: "new" } as const;
        }
        return "wait" as const;
      });
      if (outcome !== "wait" && outcome !== "retry") return outcome;
      if (Date.now() > deadline) throw conflict("a request with the same idempotency key is still being processed; retry later");
      await sleep(delay);
    }
  }

  /** Records the answer: inside the transaction of the work it answers, or alone (one statement) after it. */
  async complete(db: Db, id: IdempotencyScope, response: string): Promise<void> {
    await this.#where(db.updateTable("idempotency_keys").set({ state: "DONE", response, generation: sql`generation + 1`, updated_at: sql`now()` }), id).execute();
  }

  /**
   * Takes a finished reservation back for new work (its result no longer stands, e.g. the order it
   * made was cancelled). Atomic: of several requests that saw it finished, exactly one gets true; the
   * others' begin() then waits for that one. Only the `generation` the caller saw is taken: if another
   * request reclaimed and completed it meanwhile, its fresh answer stands.
   */
  async reclaim(id: IdempotencyScope, hash: string, generation: number): Promise<boolean> {
    const row = await this.#where(
      this.#db.updateTable("idempotency_keys").set({ state: "PENDING", request_hash: hash, response: null, generation: sql`generation + 1`, updated_at: sql`now()` }),
      id,
    )
      .where("state", "=", "DONE")
      .where("generation", "=", generation)
      .returning("key")
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Records the answer known when the work's effect commits, inside that transaction, while the
   * key stays held: repeats keep waiting for the final answer, but if the holder dies before giving
   * it, the checkpoint is what a later repeat gets.
   */
  async checkpoint(trx: Db, id: IdempotencyScope, response: string): Promise<void> {
    await this.#where(trx.updateTable("idempotency_keys").set({ response, updated_at: sql`now()` }), id).execute();
  }

  /** The same checkpoint as a write not run (see writeInOneStatement), to go in the statement of the effect. */
  checkpointWrite(db: Db, id: IdempotencyScope, response: string): PendingWrite {
    return this.#where(db.updateTable("idempotency_keys").set({ response, updated_at: sql`now()` }), id);
  }

  /**
   * Takes over a key whose holder died after checkpointing `seen` (work that was started, not an
   * answer): the checkpoint is cleared and the key held anew. Atomic: of several repeats that saw
   * the same checkpoint, exactly one gets true.
   */
  async takeOver(id: IdempotencyScope, seen: string): Promise<boolean> {
    const row = await this.#where(this.#db.updateTable("idempotency_keys").set({ response: null, updated_at: sql`now()` }), id)
      .where("state", "=", "PENDING")
      .where("response", "=", seen)
      .returning("key")
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Gives the key up (the work failed without effect), so a retry runs again. */
  async release(id: IdempotencyScope, db: Db = this.#db): Promise<void> {
    await this.#where(db.deleteFrom("idempotency_keys"), id).execute();
  }

  /** Drops every key of a user (sandbox reset). */
  async forgetUser(trx: Db, developerId: string, userId: string): Promise<void> {
    await trx.deleteFrom("idempotency_keys").where("developer_id", "=", developerId).where("user_id", "=", userId).execute();
  }

  #where<Q extends { where: (...args: never[]) => unknown }>(query: Q, id: IdempotencyScope): Q {
    const q = query as unknown as { where(column: string, op: string, value: string): typeof q };
    return q.where("developer_id", "=", id.developerId).where("user_id", "=", id.userId).where("scope", "=", id.scope).where("key", "=", id.key) as unknown as Q;
  }
}
