// DOMESTIC_DECLARED → IN_WAREHOUSE (statuses.md §8.2) once every declared domestic parcel is stored.
// The warehouse tells us in the transaction that stores a parcel (WarehouseStock.onStored); we only
// schedule a check there — the warehouse holds its rows' locks while the declaration holds the
// order's and then announces parcels to the warehouse, so moving the order inside the warehouse's
// transaction would take the two kinds of locks in opposite orders. The check runs right after, in
// its own transaction: the order's lock first, then the warehouse's read.
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { loadParcel } from "../aggregate.ts";
import { actors, JOBS } from "../deps.ts";
import { ParcelStatus } from "../model.ts";
import { parcelRepo } from "../repo.ts";
import { allStored } from "./declare.ts";
import { followUps, type ParcelDeps } from "./support.ts";

export interface ArrivalPayload {
  /** One order to check (after a declaration), or every order waiting for a stored parcel. */
  parcelId?: string;
  trackingNumber?: string;
  /** When the parcel was stored (or the order declared), developer time. */
  at: number;
}

/** The warehouse's hook: an order waiting for the stored parcel is checked right after (real time). */
export async function onParcelStored(deps: ParcelDeps, trx: Db, event: { developerId: string; trackingNumber: string; at: number }): Promise<void> {
  const waiting = await parcelRepo.waitingFor(trx, event.developerId, event.trackingNumber);
  if (waiting.length === 0) return;
  await deps.jobs.schedule(trx, {
    developerId: event.developerId,
    kind: JOBS.arrival,
    clock: "real",
    dueAtMs: deps.clock.now(),
    subject: `parcel-inbound:${event.trackingNumber}`,
    payload: { trackingNumber: event.trackingNumber, at: event.at } satisfies ArrivalPayload,
  });
}

/** The check (a job, inside its transaction): each order waiting whose parcels are now all stored moves to IN_WAREHOUSE. */
export async function checkArrival(deps: ParcelDeps, trx: Db, developerId: string, payload: ArrivalPayload): Promise<void> {
  const ids = payload.parcelId !== undefined ? [payload.parcelId] : await parcelRepo.waitingFor(trx, developerId, payload.trackingNumber ?? "");
  for (const id of ids) {
    const agg = await loadParcel(trx, { id, developerId });
    if (!agg || agg.status !== ParcelStatus.DOMESTIC_DECLARED) continue;
    if (!(await allStored(deps, trx, agg))) continue;
    const at = new Date(Math.max(payload.at, agg.row.updated_at.getTime()));
    agg.move(ParcelStatus.IN_WAREHOUSE, "every domestic parcel is stored at the warehouse", actors.warehouse, at);
    const alongside: PendingWrite[] = followUps(deps, trx, agg, at.getTime());
    await agg.save(trx, deps, at.getTime(), alongside);
  }
}
