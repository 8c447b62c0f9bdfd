// The supplementary charge of an order waiting in AWAITING_PAYMENT, tried again: by a job on the
// developer's clock (every PARCEL_SUPPLEMENT_RETRY while it waits) or by an operator after a top-up.
// Debited → PACKED (and on to the carrier); still short → it keeps waiting.
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { conflict } from "../../../../platform/http/errors.ts";
import { loadParcel } from "../aggregate.ts";
import { actors } from "../deps.ts";
import { ParcelStatus } from "../model.ts";
import { chargeSupplement } from "./pack.ts";
import { developerNow, followUps, missing, type ParcelDeps, type ParcelKey } from "./support.ts";

/**
 * Inside the caller's transaction (a job's). `round` (a job's) must still be the order's packing
 * round; answers whether the charge was debited.
 */
export async function retrySupplement(deps: ParcelDeps, trx: Db, key: ParcelKey, actor: string, options: { at?: number; round?: number } = {}): Promise<boolean> {
  const agg = await loadParcel(trx, key);
  if (!agg) {
    if (options.round !== undefined) return false;
    throw missing(key.id);
  }
  if (agg.status !== ParcelStatus.AWAITING_PAYMENT || (options.round !== undefined && options.round !== agg.row.pack_round)) {
    if (options.round !== undefined) return false;
    throw conflict(`logistics order ${key.id} is ${agg.status}: only an order waiting for its supplementary charge (AWAITING_PAYMENT) is charged`);
  }
  const nowMs = options.at ?? (await developerNow(deps, agg.row.developer_id, trx));
  const at = new Date(nowMs);
  const paid = await chargeSupplement(deps, trx, agg, Number(agg.row.supplement_due_fen), actor, at, "balance available again");
  // Still short: the next try is scheduled with the save.
  const alongside: PendingWrite[] = followUps(deps, trx, agg, nowMs);
  await agg.save(trx, deps, nowMs, alongside);
  return paid;
}

/** An operator's nudge after a top-up, in its own transaction. */
export async function chargeNow(deps: ParcelDeps, key: ParcelKey): Promise<boolean> {
  return deps.db.transaction().execute((trx) => retrySupplement(deps, trx, key, actors.operator));
}
