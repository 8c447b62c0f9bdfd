// A packed (and paid) order handed to the international carrier (operator, or the sandbox warehouse):
// PACKED → SHIPPED, the goods leave the warehouse with it (WarehouseStock.release "shipped"), each
// package gets its carrier and tracking number, and the trace starts (InfoReceived).
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { conflict, invalid } from "../../../../platform/http/errors.ts";
import { loadParcel } from "../aggregate.ts";
import { DOMESTIC_TRACKING, ParcelStatus } from "../model.ts";
import type { PackageRow } from "../repo.ts";
import { developerNow, followUps, missing, type ParcelDeps, type ParcelKey } from "./support.ts";

export interface ShipInput {
  /** The carrier, for every package; default each package's service company. */
  carrier?: string;
  /** One per package, in the packages' position order (a service may have several packages). */
  trackingNumbers: string[];
}

/** Inside the caller's transaction (a job's, or shipParcel's own). `round` (a job's) must still be the order's packing round. */
export async function shipIn(deps: ParcelDeps, trx: Db, key: ParcelKey, input: ShipInput | ((packages: PackageRow[]) => ShipInput), actor: string, options: { at?: number; round?: number } = {}): Promise<boolean> {
  const agg = await loadParcel(trx, key);
  if (!agg) {
    if (options.round !== undefined) return false;
    throw missing(key.id);
  }
  if (agg.status !== ParcelStatus.PACKED || (options.round !== undefined && options.round !== agg.row.pack_round)) {
    if (options.round !== undefined) return false;
    throw conflict(`logistics order ${key.id} is ${agg.status}: only a packed and paid order (PACKED) is handed to the carrier`);
  }
  const given = typeof input === "function" ? input(agg.packages) : input;
  const carrier = given.carrier?.trim();
  if (carrier !== undefined && (carrier.length === 0 || carrier.length > 50)) throw invalid("carrier must be 1 to 50 characters");
  const packages = [...agg.packages].sort((a, b) => a.position - b.position);
  if (given.trackingNumbers.length !== packages.length) {
    throw invalid(`trackingNumbers must have ${packages.length} number(s): one per package, in package order (services ${packages.map((p) => p.service_id).join(", ")})`);
  }
  given.trackingNumbers.forEach((n, i) => {
    if (!DOMESTIC_TRACKING.test(n)) throw invalid(`trackingNumbers[${i}] must be a tracking number: 4 to 40 letters, digits or dashes`);
    // The trace finds a package by its tracking number: two packages sharing one could not be told apart.
    if (given.trackingNumbers.indexOf(n) !== i) throw invalid(`trackingNumbers[${i}] ${n} is given twice: each package has its own`);
  });
  const nowMs = options.at ?? (await developerNow(deps, agg.row.developer_id, trx));
  const at = new Date(nowMs);
  await deps.warehouse.release(trx, agg.row.developer_id, agg.id, "shipped", nowMs);
  agg.row.allocated = false;
  packages.forEach((pkg, i) => {
    const line = agg.lines.find((l) => l.service_id === pkg.service_id);
    const trackingNumber = given.trackingNumbers[i]!;
    const name = carrier ?? line?.company_name ?? "";
    agg.updatePackage(pkg.position, { carrier: name, tracking_number: trackingNumber, tracking_status: "InfoReceived" });
    agg.addTracking({ service_id: pkg.service_id, tracking_number: trackingNumber, status: "InfoReceived", carrier_status: "info_received", text: `Shipment information received by ${name || "the carrier"}`, location: null, at });
  });
  agg.move(ParcelStatus.SHIPPED, `handed to the carrier (${given.trackingNumbers.join(", ")})`, actor, at);
  const alongside: PendingWrite[] = followUps(deps, trx, agg, nowMs);
  await agg.save(trx, deps, nowMs, alongside);
  return true;
}

export async function shipParcel(deps: ParcelDeps, key: ParcelKey, input: ShipInput, actor: string): Promise<boolean> {
  return deps.db.transaction().execute((trx) => shipIn(deps, trx, key, input, actor));
}
