// POST /v2/open/pp/logistics/updateLogisticInfo (foundation-warehouse.md §2.3): the domestic parcels
// that carry each line to the warehouse. A line's list is replaced (the same body twice changes
// nothing), the parcels are announced to the warehouse in the same transaction, and the order moves:
// BOOKED → DOMESTIC_DECLARED once every line has a parcel, → IN_WAREHOUSE when every declared parcel
// is already stored. Accepted until SHIPPED: a changed declaration of a packed order unpacks it (the
// goods go back on the shelf; supplementary charges already paid stay paid and count at the next
// packing).
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { conflict, invalid } from "../../../../platform/http/errors.ts";
import type { LogisticsOwner } from "../../contracts.ts";
import { loadParcel, type ParcelAggregate } from "../aggregate.ts";
import { actors, JOBS, parcelSubject } from "../deps.ts";
import { checkDeclaration, type DeclarationInput } from "../input.ts";
import { isDeclarable, ParcelStatus } from "../model.ts";
import { parcelRepo } from "../repo.ts";
import { developerNow, followUps, missing, type ParcelDeps } from "./support.ts";

/** How long after a declaration that leaves parcels on their way the order checks the warehouse once more (real time), ms. */
const RECHECK_AFTER_MS = 30_000;

/** Whether every domestic parcel of the order is stored at the warehouse (read in the caller's transaction). */
export async function allStored(deps: ParcelDeps, trx: ParcelDeps["db"], agg: ParcelAggregate): Promise<boolean> {
  const numbers = agg.trackingNumbers;
  if (numbers.length === 0 || !agg.fullyDeclared) return false;
  const stored = new Set((await deps.warehouse.inbound(trx, agg.row.developer_id, numbers)).filter((p) => p.state === "STORED").map((p) => p.trackingNumber));
  return numbers.every((n) => stored.has(n));
}

/** Unpacks a packed order: the goods go back on the shelf, the measurements and a waiting charge are dropped. */
export async function unpack(deps: ParcelDeps, trx: ParcelDeps["db"], agg: ParcelAggregate, at: Date): Promise<void> {
  if (agg.row.allocated) await deps.warehouse.release(trx, agg.row.developer_id, agg.id, "restocked", at.getTime());
  agg.row.allocated = false;
  agg.row.supplement_due_fen = "0";
  agg.setPackages([]);
}

export async function declareDomestic(deps: ParcelDeps, owner: LogisticsOwner, input: DeclarationInput): Promise<true> {
  const declaration = checkDeclaration(input);
  await deps.db.transaction().execute(async (trx) => {
    let id = declaration.orderId;
    if (id === null) {
      const found = await parcelRepo.findByTmall(trx, owner.developerId, owner.userId, declaration.tmallOrderId!);
      if (!found) throw missing(`of tmallOrderId ${declaration.tmallOrderId}`);
      id = found.id;
    }
    const agg = await loadParcel(trx, { id, developerId: owner.developerId, userId: owner.userId });
    if (!agg) throw missing(id);
    if (declaration.tmallOrderId !== null && agg.row.tmall_order_id !== declaration.tmallOrderId) {
      throw invalid(`orderId ${id} and tmallOrderId ${declaration.tmallOrderId} name different logistics orders`);
    }
    if (!isDeclarable(agg.status)) throw conflict(`logistics order ${id} is ${agg.status}: domestic parcels can be declared until it is shipped`);

    const lines = declaration.lines.map((entry, i) => {
      const line = agg.lines.find((l) => l.item_id === entry.itemId && l.sku_id === entry.skuId);
      if (!line) throw invalid(`logisticInfos[${i}].lineItem (itemId ${entry.itemId}, skuId ${entry.skuId}) is not a line of logistics order ${id}`);
      if (entry.waybill !== null && entry.waybill !== line.waybill) {
        throw invalid(`logisticInfos[${i}].logisticNumer ${entry.waybill} is not the line's waybill number (${line.waybill})`);
      }
      return { line, parcels: entry.parcels };
    });
    const nowMs = await developerNow(deps, owner.developerId, trx);
    const at = new Date(nowMs);
    let changed = false;
    for (const { line, parcels } of lines) changed = agg.replaceDomestic(line.id, parcels) || changed;
    await deps.warehouse.expect(
      trx,
      owner,
      lines.flatMap(({ line, parcels }) =>
        // The units of a line are spread over its parcels (at least one each): the warehouse counts them at receipt.
        parcels.map((p, j) => ({
          trackingNumber: p.trackingNumber,
          carrier: p.carrier,
          itemId: line.item_id,
          skuId: line.sku_id,
          quantity: Math.max(1, Math.floor(line.quantity / parcels.length) + (j < line.quantity % parcels.length ? 1 : 0)),
        })),
      ),
      nowMs,
    );

    const alongside: PendingWrite[] = [];
    if (agg.fullyDeclared && (changed || agg.status === ParcelStatus.BOOKED)) {
      const reason = agg.status === ParcelStatus.BOOKED ? "every line has a domestic parcel" : "domestic parcels declared again";
      if (agg.status === ParcelStatus.PACKED || agg.status === ParcelStatus.AWAITING_PAYMENT) await unpack(deps, trx, agg, at);
      const stored = await allStored(deps, trx, agg);
      if (agg.status === ParcelStatus.BOOKED) {
        agg.move(ParcelStatus.DOMESTIC_DECLARED, reason, actors.user(owner), at);
        if (stored) agg.move(ParcelStatus.IN_WAREHOUSE, "every domestic parcel is stored at the warehouse", actors.warehouse, at);
      } else {
        agg.move(stored ? ParcelStatus.IN_WAREHOUSE : ParcelStatus.DOMESTIC_DECLARED, reason, actors.user(owner), at);
      }
      if (!stored) {
        // A parcel stored while this transaction runs may not see the declaration; look once more after it commits.
        alongside.push(
          deps.jobs.scheduleWrite(trx, [
            { developerId: owner.developerId, kind: JOBS.arrival, clock: "real", dueAtMs: deps.clock.now() + RECHECK_AFTER_MS, subject: parcelSubject(agg.id), payload: { parcelId: agg.id, at: nowMs } },
          ]).write,
        );
      }
      if (agg.status === ParcelStatus.IN_WAREHOUSE) alongside.push(...followUps(deps, trx, agg, nowMs));
    } else if (changed) {
      agg.touch(at);
    }
    await agg.save(trx, deps, nowMs, alongside);
  });
  return true;
}
