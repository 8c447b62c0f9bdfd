// The warehouse's side of international parcels (contracts.ts WarehouseStock): which domestic parcels
// it knows, and the goods of stored ones allocated to an international parcel, then shipped with it
// or put back on the shelf when it is cancelled. Parcels are locked in id order, as the storage run
// locks them, so the two never wait for each other in a circle.
import type { Db } from "../../../../platform/db/index.ts";
import { conflict } from "../../../../platform/http/errors.ts";
import type { InboundParcel } from "../../contracts.ts";
import { loadInbound } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { warehouseRepo } from "../repo.ts";
import { ACTOR, commit } from "./support.ts";

export async function inboundParcels(db: Db, developerId: string, trackingNumbers: readonly string[]): Promise<InboundParcel[]> {
  const rows = await warehouseRepo.inboundByTracking(db, developerId, [...new Set(trackingNumbers)]);
  const byNumber = new Map(rows.map((r) => [r.tracking_number, r]));
  return trackingNumbers.flatMap((n) => {
    const row = byNumber.get(n);
    return row ? [{ trackingNumber: row.tracking_number, carrier: row.carrier, state: row.state, weightG: row.weight_g }] : [];
  });
}

/**
 * The stored goods of these domestic parcels go to an international parcel (STORED → ALLOCATED).
 * Every parcel must be the owner's and STORED (40901 otherwise, nothing changed); goods already allocated to this
 * parcel stay so (a repeat changes nothing), to another one: 40901.
 */
export async function allocate(ctx: WarehouseContext, trx: Db, owner: { developerId: string; userId: string }, trackingNumbers: readonly string[], parcelId: string, at: number): Promise<void> {
  const rows = await warehouseRepo.inboundByTracking(trx, owner.developerId, [...new Set(trackingNumbers)]);
  for (const n of new Set(trackingNumbers)) if (!rows.some((r) => r.tracking_number === n)) throw conflict(`domestic parcel ${n} has not arrived at the warehouse`);
  const when = new Date(at);
  for (const id of rows.map((r) => r.id).sort()) {
    const agg = (await loadInbound(trx, { id }))!;
    if (agg.parcel.user_id !== owner.userId) throw conflict(`domestic parcel ${agg.parcel.tracking_number} is another user's`);
    if (agg.parcel.state !== "STORED") throw conflict(`domestic parcel ${agg.parcel.tracking_number} is ${agg.parcel.state}, not yet STORED`);
    for (const item of agg.items) {
      if (item.state === "ALLOCATED" && item.parcel_id !== parcelId) throw conflict(`warehouse item ${item.id} of ${agg.parcel.tracking_number} is allocated to parcel ${item.parcel_id}`);
      if (item.state !== "STORED") continue;
      item.parcel_id = parcelId;
      agg.moveItem(item, "ALLOCATED", `allocated to international parcel ${parcelId}`, ACTOR.warehouse, when);
    }
    await commit(ctx, trx, agg, at);
  }
}

/** The goods allocated to an international parcel left with it (SHIPPED) or go back on the shelf (STORED). */
export async function release(ctx: WarehouseContext, trx: Db, developerId: string, parcelId: string, outcome: "shipped" | "restocked", at: number): Promise<void> {
  const when = new Date(at);
  for (const id of await warehouseRepo.inboundIdsWithItems(trx, developerId, { states: ["ALLOCATED"], parcelId })) {
    const agg = (await loadInbound(trx, { id }))!;
    for (const item of agg.items) {
      if (item.state !== "ALLOCATED" || item.parcel_id !== parcelId) continue;
      if (outcome === "shipped") {
        agg.moveItem(item, "SHIPPED", `shipped in international parcel ${parcelId}`, ACTOR.warehouse, when);
      } else {
        item.parcel_id = null;
        agg.moveItem(item, "STORED", `international parcel ${parcelId} cancelled: back on the shelf`, ACTOR.warehouse, when);
      }
    }
    await commit(ctx, trx, agg, at);
  }
}
