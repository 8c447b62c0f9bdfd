// What the logistics order use cases share: the developer's time, the follow-up work a state calls
// for (the sandbox warehouse's next step, the supplementary charge's retry), and the lookups of an
// order by its id for the owner or an operator.
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { notFound } from "../../../../platform/http/errors.ts";
import type { NewJob } from "../../../../platform/jobs/runner.ts";
import type { ParcelAggregate } from "../aggregate.ts";
import { JOBS, parcelSubject, type ParcelDeps } from "../deps.ts";
import { ParcelStatus } from "../model.ts";
import { SANDBOX_PARCEL_TIMINGS, scenarioWords, tracePlan } from "../sandbox.ts";

export type { ParcelDeps };

/** Who may see an order: its user (integrators), or any of the developer's (operators: no key). */
export interface ParcelKey {
  id: string;
  developerId?: string;
  userId?: string;
}

/** The developer's time: the test clock in the sandbox, real time otherwise. */
export function developerNow(deps: ParcelDeps, developerId: string, db?: Db): Promise<number> {
  return deps.clocks.now(developerId, db);
}

export const missing = (id: string) => notFound(`logistics order ${id}`);

/** The consignee's postcode, which prices remote zones at packing as it did at booking. */
export function zipOf(row: { receiver: string }): string | null {
  return (JSON.parse(row.receiver) as { zip?: string | null }).zip ?? null;
}

/** The consignee's name, for the sandbox's scenario words. */
export function consigneeName(agg: ParcelAggregate): string | null {
  return (JSON.parse(agg.row.receiver) as { name?: string | null }).name ?? null;
}

/**
 * The jobs the order's new state calls for, to write with its save: the supplementary charge's retry
 * while it waits for balance, and in the sandbox the warehouse's next step (pack once everything is
 * stored, ship once packed, the first trace step once shipped). Each job carries the packing round it
 * was scheduled in, so a job made stale by a later change finds nothing to do.
 */
export function followUps(deps: ParcelDeps, trx: Db, agg: ParcelAggregate, atMs: number): PendingWrite[] {
  const base = { developerId: agg.row.developer_id, subject: parcelSubject(agg.id), clock: "developer" as const };
  const payload = { parcelId: agg.id, round: agg.row.pack_round };
  const jobs: NewJob[] = [];
  if (agg.status === ParcelStatus.AWAITING_PAYMENT) {
    jobs.push({ ...base, kind: JOBS.supplement, dueAtMs: atMs + deps.supplementRetryMs, payload });
  } else if (agg.row.sandbox) {
    if (agg.status === ParcelStatus.IN_WAREHOUSE) jobs.push({ ...base, kind: JOBS.sandboxPack, dueAtMs: atMs + SANDBOX_PARCEL_TIMINGS.pack, payload });
    if (agg.status === ParcelStatus.PACKED) jobs.push({ ...base, kind: JOBS.sandboxShip, dueAtMs: atMs + SANDBOX_PARCEL_TIMINGS.ship, payload });
    if (agg.status === ParcelStatus.SHIPPED) {
      const first = tracePlan(scenarioWords(consigneeName(agg)), agg.row.country)[0];
      if (first) jobs.push({ ...base, kind: JOBS.sandboxTrace, dueAtMs: atMs + first.afterMs, payload: { parcelId: agg.id, step: 0, shippedAt: atMs } });
    }
  }
  return jobs.length === 0 ? [] : [deps.jobs.scheduleWrite(trx, jobs).write];
}
