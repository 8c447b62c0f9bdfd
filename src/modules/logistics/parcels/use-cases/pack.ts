// Packing and weighing (operator, or the sandbox warehouse on the developer's clock): the order's goods
// are allocated to it, each package is measured (at least one per shipping service its lines chose;
// goods a service cannot take as one package go as several of it), and its actual freight priced on its
// service. More than was paid: the difference is a supplementary charge
// debited in the same transaction — or, when the balance cannot cover it, the order waits in
// AWAITING_PAYMENT (nothing debited) and the charge is tried again later. Less than was paid: nothing
// is given back (the booking's price is the quote accepted).
import { ApiError, Code, conflict, invalid } from "../../../../platform/http/errors.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { loadParcel, type ParcelAggregate } from "../aggregate.ts";
import { packagesOf, paidFen, ParcelStatus, references, supplementFen } from "../model.ts";
import { parcelRepo, type PackageRow } from "../repo.ts";
import { developerNow, followUps, missing, zipOf, type ParcelDeps, type ParcelKey } from "./support.ts";

export interface PackageMeasure {
  /** Which service's package (several packages may name the same service); may be left out when the order has one service. */
  serviceId?: string;
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/** Largest plausible measurements: 1 t, 10 m a side. */
const MAX_WEIGHT_G = 1_000_000;
const MAX_SIDE_MM = 10_000;

function checkMeasure(m: PackageMeasure, at: string): void {
  if (!Number.isSafeInteger(m.weightG) || m.weightG <= 0 || m.weightG > MAX_WEIGHT_G) throw invalid(`${at}.weightG must be a whole number of grams from 1 to ${MAX_WEIGHT_G}`);
  for (const side of ["lengthMm", "widthMm", "heightMm"] as const) {
    if (!Number.isSafeInteger(m[side]) || m[side] <= 0 || m[side] > MAX_SIDE_MM) throw invalid(`${at}.${side} must be a whole number of millimetres from 1 to ${MAX_SIDE_MM}`);
  }
}

/**
 * Matches the measured packages to the order's services (40002 naming the field): every service needs
 * at least one, a service may have several. The packages' positions follow the order's services (as
 * its lines first name them), and within one service the order the packages were given in.
 */
function matchPackages(services: readonly string[], packages: readonly PackageMeasure[]): Array<{ serviceId: string; measure: PackageMeasure; index: number }> {
  if (packages.length === 0) throw invalid("packages is required (at least one per shipping service of the order)");
  const matched = packages.map((measure, index) => {
    const at = `packages[${index}]`;
    checkMeasure(measure, at);
    const serviceId = measure.serviceId ?? (services.length === 1 ? services[0]! : undefined);
    if (serviceId === undefined) throw invalid(`${at}.serviceId is required: the order ships with services ${services.join(", ")}`);
    if (!services.includes(serviceId)) throw invalid(`${at}.serviceId ${serviceId} is not a service of the order (${services.join(", ")})`);
    return { serviceId, measure, index };
  });
  const left = services.filter((s) => !matched.some((m) => m.serviceId === s));
  if (left.length > 0) throw invalid(`packages: the package of service ${left.join(", ")} is missing (at least one per shipping service of the order)`);
  return services.flatMap((s) => matched.filter((m) => m.serviceId === s));
}

/**
 * Tries the waiting (or a new) supplementary charge inside the caller's transaction: debited → PACKED,
 * short of balance → AWAITING_PAYMENT with the amount due. Answers whether it was debited.
 */
export async function chargeSupplement(deps: ParcelDeps, trx: Db, agg: ParcelAggregate, amountFen: number, actor: string, at: Date, why: string): Promise<boolean> {
  const reference = references.supplement(agg.id, agg.row.pack_round);
  try {
    await deps.wallet.debit(trx, {
      developerId: agg.row.developer_id,
      amountFen,
      reference,
      memo: `supplementary international freight of logistics order ${agg.id} (weighed heavier than paid)`,
      actor,
    });
  } catch (err) {
    // The wallet refuses before writing anything: the transaction goes on without the charge.
    if (err instanceof ApiError && err.code === Code.INSUFFICIENT_BALANCE) {
      agg.row.supplement_due_fen = String(amountFen);
      if (agg.status !== ParcelStatus.AWAITING_PAYMENT) agg.move(ParcelStatus.AWAITING_PAYMENT, `${why}; supplementary charge of ${amountFen} fen waits for balance`, actor, at);
      else agg.touch(at);
      return false;
    }
    throw err;
  }
  agg.row.supplement_fen = String(Number(agg.row.supplement_fen) + amountFen);
  agg.row.supplement_due_fen = "0";
  agg.addCharge({ kind: "supplement", amount_fen: String(amountFen), reference, at });
  agg.move(ParcelStatus.PACKED, `${why}; supplementary charge of ${amountFen} fen debited`, actor, at);
  return true;
}

/**
 * Packs an order in IN_WAREHOUSE (40901 otherwise). `at` is the time of the packing (a job's time on
 * the developer's clock; operators: now). `round`, when given, must still be the order's packing round
 * (a sandbox job made stale by a later change does nothing: answers false).
 */
export async function packParcel(deps: ParcelDeps, key: ParcelKey, packages: readonly PackageMeasure[], actor: string, options: { at?: number; round?: number } = {}): Promise<boolean> {
  // Priced before the transaction: the rate tables are read on their own.
  const first = await parcelRepo.find(deps.db, key);
  if (!first) throw missing(key.id);
  if (first.status !== ParcelStatus.IN_WAREHOUSE) {
    if (options.round !== undefined) return false;
    throw conflict(`logistics order ${key.id} is ${first.status}: only an order whose goods are all in the warehouse (IN_WAREHOUSE) is packed`);
  }
  const lines = await parcelRepo.lines(deps.db, [first.id]);
  const shares = packagesOf(lines.map((l) => ({ serviceId: l.service_id, freightFen: Number(l.freight_fen), weightG: l.weight_g, chargeableWeightG: l.chargeable_weight_g })));
  const matched = matchPackages(
    shares.map((s) => s.serviceId),
    packages,
  );
  const priced: PackageRow[] = [];
  const sandbox = await deps.isSandbox(first.developer_id);
  const attributesOf = new Map<string, string[]>();
  for (const [position, { serviceId, measure, index }] of matched.entries()) {
    // The line is judged again as it is now (an operator may have changed what it takes since the booking).
    let attributes = attributesOf.get(serviceId);
    if (attributes === undefined) {
      attributes = await deps.shipping.goodsAttributes(sandbox, lines.filter((l) => l.service_id === serviceId).map((l) => ({ itemId: l.item_id, skuId: l.sku_id })));
      attributesOf.set(serviceId, attributes);
    }
    // Each package on its own: a service's weight limit applies to a package, not to all its goods.
    const price = await deps.shipping.priceParcel(serviceId, first.country, { weightG: measure.weightG, lengthMm: measure.lengthMm, widthMm: measure.widthMm, heightMm: measure.heightMm, attributes }, zipOf(first));
    if ("refused" in price) throw invalid(`packages[${index}]: service ${serviceId} cannot take the package as measured: ${price.refused}`);
    priced.push({
      parcel_id: first.id,
      service_id: serviceId,
      position,
      weight_g: measure.weightG,
      length_mm: measure.lengthMm,
      width_mm: measure.widthMm,
      height_mm: measure.heightMm,
      chargeable_weight_g: price.chargeableWeightG,
      freight_fen: String(price.freightFen),
      carrier: null,
      tracking_number: null,
      tracking_status: null,
    });
  }

  return deps.db.transaction().execute(async (trx) => {
    const agg = await loadParcel(trx, { id: first.id });
    if (!agg) throw missing(key.id);
    if (agg.status !== ParcelStatus.IN_WAREHOUSE || agg.row.pack_round !== first.pack_round) {
      if (options.round !== undefined) return false;
      throw conflict(`logistics order ${key.id} changed while it was being packed (now ${agg.status}); measure it again`);
    }
    if (options.round !== undefined && options.round !== agg.row.pack_round) return false;
    const nowMs = options.at ?? (await developerNow(deps, agg.row.developer_id, trx));
    const at = new Date(nowMs);
    await deps.warehouse.allocate(trx, { developerId: agg.row.developer_id, userId: agg.row.user_id }, agg.trackingNumbers, agg.id, nowMs);
    agg.row.allocated = true;
    agg.row.pack_round += 1;
    agg.setPackages(priced);
    const actualFen = priced.reduce((sum, p) => sum + Number(p.freight_fen), 0);
    const due = supplementFen(actualFen, paidFen({ bookedFen: Number(agg.row.booked_fen), supplementFen: Number(agg.row.supplement_fen), refundedFen: Number(agg.row.refunded_fen) }));
    const weighed = priced.map((p) => `${p.service_id}: ${p.weight_g} g, ${p.length_mm}×${p.width_mm}×${p.height_mm} mm`).join("; ");
    if (due > 0) await chargeSupplement(deps, trx, agg, due, actor, at, `packed and weighed (${weighed}); actual freight ${actualFen} fen`);
    else agg.move(ParcelStatus.PACKED, `packed and weighed (${weighed}); actual freight ${actualFen} fen, within what was paid`, actor, at);
    const alongside: PendingWrite[] = followUps(deps, trx, agg, nowMs);
    await agg.save(trx, deps, nowMs, alongside);
    return true;
  });
}
