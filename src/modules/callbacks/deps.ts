// What the callbacks module needs from the rest of the platform, declared here so that it depends
// on shapes, not on the modules that provide them (the sandbox's test clocks in particular).
import type { Clock } from "../../platform/clock.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { DatabaseHandle, Db } from "../../platform/db/index.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import type { Outbox } from "../../platform/outbox.ts";
import type { IdentityService } from "../identity/index.ts";
import type { CallbackSettings } from "./model.ts";

/** Work to run after the scheduler's transaction commits (an HTTP attempt must not hold the database). */
export type AfterCommit = () => Promise<void>;

/** A job the scheduler hands back at its due time. */
export interface DueJob {
  payload: unknown;
}

/**
 * Schedules a sandbox developer's retries on their test clock, and tells that clock's time. Any
 * object of this shape will do (today the sandbox's test clocks).
 */
export interface RetryScheduler {
  /** Registers what a job of `kind` does; `now` is its due time on the developer's clock. */
  on(kind: string, handler: (trx: Db, job: DueJob, now: number) => Promise<void | AfterCommit>): void;
  /** Records a job due at `dueAtMs` of the developer's clock, in the caller's transaction. */
  schedule(trx: Db, job: { developerId: string; dueAtMs: number; kind: string; payload: unknown; subject?: string }): Promise<string>;
  /** The developer's time (may be memoised per request). */
  now(developerId: string, db?: Db): Promise<number>;
  /** Several developers' times, read fresh. */
  nowOf(developerIds: string[], db?: Db): Promise<Map<string, number>>;
}

export interface CallbackDeps {
  db: Db;
  database: DatabaseHandle;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretBox;
  identity: Pick<IdentityService, "getDeveloper" | "currentSecret" | "signers">;
  clocks: RetryScheduler;
  outbox: Outbox;
  settings: CallbackSettings;
}
