// Cancelling a logistics order (operator): allowed while its goods have not left — BOOKED,
// DOMESTIC_DECLARED, IN_WAREHOUSE, and AWAITING_PAYMENT (packed but never paid for, so the goods
// would otherwise wait forever). Everything paid for its freight (booking and supplementary charges)
// is credited back in the same transaction, allocated goods go back on the shelf, pending work is
// forgotten.
import { conflict } from "../../../../platform/http/errors.ts";
import { loadParcel } from "../aggregate.ts";
import { JOBS, parcelSubject } from "../deps.ts";
import { cancelRefundFen, isCancellable, ParcelStatus, references } from "../model.ts";
import { developerNow, missing, type ParcelDeps, type ParcelKey } from "./support.ts";

export async function cancelParcel(deps: ParcelDeps, key: ParcelKey, actor: string, reason = "cancelled by an operator"): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const agg = await loadParcel(trx, key);
    if (!agg) throw missing(key.id);
    if (!isCancellable(agg.status)) throw conflict(`logistics order ${key.id} is ${agg.status}: only an order whose goods have not left (BOOKED, DOMESTIC_DECLARED, IN_WAREHOUSE, AWAITING_PAYMENT) can be cancelled`);
    const nowMs = await developerNow(deps, agg.row.developer_id, trx);
    const at = new Date(nowMs);
    const refund = cancelRefundFen({ bookedFen: Number(agg.row.booked_fen), supplementFen: Number(agg.row.supplement_fen), refundedFen: Number(agg.row.refunded_fen) });
    if (refund > 0) {
      const reference = references.refund(agg.id);
      await deps.wallet.credit(trx, { developerId: agg.row.developer_id, amountFen: refund, reference, memo: `international freight of cancelled logistics order ${agg.id}`, actor });
      agg.row.refunded_fen = String(Number(agg.row.refunded_fen) + refund);
      agg.addCharge({ kind: "refund", amount_fen: String(refund), reference, at });
    }
    if (agg.row.allocated) await deps.warehouse.release(trx, agg.row.developer_id, agg.id, "restocked", nowMs);
    agg.row.allocated = false;
    agg.row.supplement_due_fen = "0";
    agg.move(ParcelStatus.CANCELLED, refund > 0 ? `${reason}; ${refund} fen credited back` : reason, actor, at);
    await agg.save(trx, deps, nowMs, [deps.jobs.cancelWrite(trx, agg.row.developer_id, [parcelSubject(agg.id)], Object.values(JOBS))]);
  });
}
