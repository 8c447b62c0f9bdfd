// What every warehouse use case shares: the job kinds, the actors, and `commit`, which saves a parcel
// and does in the same transaction what follows from its changes — the opt-in callbacks, the parcels
// waiting for the goods, the storage clock, the sandbox's next step.
import type { Db } from "../../../../platform/db/index.ts";
import type { OutboxEvent } from "../../../../platform/outbox.ts";
import { callbackExtensionOn } from "../../../callbacks/index.ts";
import type { InboundAggregate, SavedChanges } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { ITEM_STATUS_MESSAGE, nextStorageEvent } from "../model.ts";
import { itemView } from "../view.ts";

/** The daily storage run of one developer (fees, abandonment), on the developer's clock. */
export const STORAGE_JOB = "warehouse.storage";
export const STORAGE_SUBJECT = "warehouse-storage";
/** A HELD parcel nobody claimed in time. */
export const HELD_EXPIRY_JOB = "warehouse.held-expiry";
/** Sandbox: a declared parcel arrives. */
export const SANDBOX_ARRIVAL_JOB = "warehouse.sandbox-arrival";
/** Sandbox: the warehouse checks the goods of a received parcel. */
export const SANDBOX_QC_JOB = "warehouse.sandbox-qc";

export const inboundSubject = (inboundId: string): string => `warehouse-inbound:${inboundId}`;

export const ACTOR = { carrier: "carrier", warehouse: "warehouse", sandbox: "sandbox warehouse", user: "user", storage: "storage" } as const;

/** The developer's now (test clock in the sandbox), read in the caller's transaction when given. */
export function nowOf(ctx: WarehouseContext, developerId: string, db?: Db): Promise<number> {
  return ctx.clocks.now(developerId, db);
}

/** Saves the parcel and does what follows from what moved, in the caller's transaction. */
export async function commit(ctx: WarehouseContext, trx: Db, agg: InboundAggregate, at: number): Promise<SavedChanges> {
  const saved = await agg.save(trx);
  const developerId = saved.parcel.developer_id;
  if (saved.items.length > 0 && (await callbackExtensionOn(trx, developerId, "warehouse"))) {
    await ctx.outbox.append(trx, saved.items.map((change): OutboxEvent => ({
      developerId,
      userId: change.item.user_id,
      type: ITEM_STATUS_MESSAGE,
      // messagePlatform: the goods' platform (0 Taobao, 1 1688); declared goods bought elsewhere count as 0.
      platform: change.item.platform === "alibaba" ? 1 : 0,
      aggregateId: change.item.id,
      body: { ...itemView(change.item, saved.parcel), previousState: change.previousState },
      occurredAt: at,
    })));
  }
  if (saved.parcel.state === "STORED" && saved.previousParcelState !== "STORED") {
    for (const handler of ctx.storedHandlers) await handler(trx, { developerId, trackingNumber: saved.parcel.tracking_number, at });
  }
  const stored = saved.items.filter((c) => c.item.state === "STORED" && c.item.stored_at !== null).map((c) => nextStorageEvent(c.item.stored_at!.getTime(), c.item.storage_days, ctx.settings.storage));
  if (stored.length > 0) await ensureStorageRun(ctx, trx, developerId, Math.min(...stored), at);
  return saved;
}

/**
 * Makes sure the developer's storage run comes by `dueAt`: schedules one, or brings the next one
 * forward. A run due by `now` may be the one running now (it sees nothing of this transaction), so
 * only a later one counts; an extra run finds nothing to do.
 */
export async function ensureStorageRun(ctx: WarehouseContext, trx: Db, developerId: string, dueAt: number, now: number): Promise<void> {
  const later = (await ctx.jobs.pending(trx, developerId, STORAGE_SUBJECT, [STORAGE_JOB])).filter((job) => job.dueAtMs > now);
  if (later.length === 0) await ctx.jobs.schedule(trx, { developerId, dueAtMs: Math.max(dueAt, now), kind: STORAGE_JOB, subject: STORAGE_SUBJECT });
  else if (later[0]!.dueAtMs > dueAt) await ctx.jobs.reschedule(trx, developerId, [later[0]!.id], Math.max(dueAt, now));
}

/** Sandbox: the goods of a received parcel are checked `sandboxQcMs` later (once per parcel). */
export async function scheduleSandboxQc(ctx: WarehouseContext, trx: Db, developerId: string, inboundId: string, receivedAt: number): Promise<void> {
  const pending = await ctx.jobs.pending(trx, developerId, inboundSubject(inboundId), [SANDBOX_QC_JOB]);
  if (pending.length > 0) return;
  await ctx.jobs.schedule(trx, { developerId, dueAtMs: receivedAt + ctx.settings.sandboxQcMs, kind: SANDBOX_QC_JOB, subject: inboundSubject(inboundId), payload: { inboundId } });
}
