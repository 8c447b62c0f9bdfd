// The sandbox warehouse and carrier on the developer's test clock (sandbox.ts has the plan and the
// scenario words): pack an order whose goods are all stored, hand it to the carrier, move its trace
// on. Each step is a job of the order; a step made stale by a later change (a re-declaration, a
// cancel) finds nothing to do.
import type { Db } from "../../../../platform/db/index.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { loadParcel } from "../aggregate.ts";
import { actors, JOBS, parcelSubject } from "../deps.ts";
import { packagesOf, ParcelStatus } from "../model.ts";
import { parcelRepo } from "../repo.ts";
import { SANDBOX_MAX_SPLIT, sandboxMeasures, sandboxSplit, sandboxTrackingNumber, scenarioWords, tracePlan } from "../sandbox.ts";
import { packParcel, type PackageMeasure } from "./pack.ts";
import { shipIn } from "./ship.ts";
import { consigneeName, zipOf, type ParcelDeps } from "./support.ts";
import { applyTrackingEvent } from "./track.ts";

/**
 * Packs after the claiming transaction commits: pricing the packages reads the rate tables on their
 * own, which must not happen inside a transaction.
 */
export function sandboxPack(deps: ParcelDeps, payload: { parcelId: string; round: number }, at: number): AfterCommit {
  return async () => {
    const row = await parcelRepo.find(deps.db, { id: payload.parcelId });
    if (!row || row.status !== ParcelStatus.IN_WAREHOUSE || row.pack_round !== payload.round) return;
    const lines = await parcelRepo.lines(deps.db, [row.id]);
    const domestic = await parcelRepo.domestic(deps.db, row.id);
    const numbers = [...new Set(domestic.map((d) => d.tracking_number))];
    const weights = new Map((await deps.warehouse.inbound(deps.db, row.developer_id, numbers)).map((p) => [p.trackingNumber, p.weightG]));
    const overweight = scenarioWords((JSON.parse(row.receiver) as { name?: string | null }).name).has("OVERWEIGHT");
    // Each domestic parcel's measured weight counts once, for the service of the first line it carries.
    const serviceOfParcel = new Map<string, string>();
    for (const d of domestic) if (!serviceOfParcel.has(d.tracking_number)) serviceOfParcel.set(d.tracking_number, lines.find((l) => l.id === d.line_id)?.service_id ?? "");
    const measures: PackageMeasure[] = [];
    for (const share of packagesOf(lines.map((l) => ({ serviceId: l.service_id, freightFen: Number(l.freight_fen), weightG: l.weight_g, chargeableWeightG: l.chargeable_weight_g })))) {
      const mine = numbers.filter((n) => serviceOfParcel.get(n) === share.serviceId);
      const known = mine.every((n) => typeof weights.get(n) === "number");
      const measuredG = mine.length > 0 && known ? mine.reduce((sum, n) => sum + (weights.get(n) ?? 0), 0) : null;
      const candidates = sandboxMeasures({ weightG: share.weightG, chargeableWeightG: share.chargeableWeightG, measuredG }, overweight);
      const attributes = await deps.shipping.goodsAttributes(true, lines.filter((l) => l.service_id === share.serviceId).map((l) => ({ itemId: l.item_id, skuId: l.sku_id })));
      const takes = async (measure: Omit<PackageMeasure, "serviceId">) => !("refused" in (await deps.shipping.priceParcel(share.serviceId, row.country, { ...measure, attributes }, zipOf(row))));
      // The heaviest packing the service takes as one package; else the fewest equal packages it takes
      // each of (too heavy for its limit as one), heaviest packing first; else the lightest as one (the
      // packing then says why it is refused). The refusal's reason is not told apart: a split that
      // cannot help (a battery) is refused at every count too and ends the same way — found out at once
      // by the smallest part there is, so such an order is not priced some sixty times.
      let chosen: Array<Omit<PackageMeasure, "serviceId">> | undefined;
      for (const candidate of candidates) {
        if (await takes(candidate)) {
          chosen = [candidate];
          break;
        }
      }
      const splitHelps = chosen === undefined && (await takes(sandboxSplit(candidates.at(-1)!, SANDBOX_MAX_SPLIT)));
      for (let count = 2; splitHelps && count <= SANDBOX_MAX_SPLIT && chosen === undefined; count++) {
        for (const candidate of candidates) {
          const part = sandboxSplit(candidate, count);
          if (await takes(part)) {
            chosen = Array.from({ length: count }, () => ({ ...part }));
            break;
          }
        }
      }
      for (const measure of chosen ?? [candidates.at(-1)!]) measures.push({ serviceId: share.serviceId, ...measure });
    }
    await packParcel(deps, { id: row.id }, measures, actors.sandbox, { at, round: payload.round });
  };
}

export async function sandboxShip(deps: ParcelDeps, trx: Db, payload: { parcelId: string; round: number }, at: number): Promise<void> {
  await shipIn(deps, trx, { id: payload.parcelId }, (packages) => ({ trackingNumbers: packages.map((p) => sandboxTrackingNumber(payload.parcelId, p.position)) }), actors.sandbox, { at, round: payload.round });
}

/** One trace step for every package of the order, and the next step scheduled. */
export async function sandboxTrace(deps: ParcelDeps, trx: Db, payload: { parcelId: string; step: number; shippedAt: number }, at: number): Promise<void> {
  const agg = await loadParcel(trx, { id: payload.parcelId });
  if (!agg || agg.status === ParcelStatus.DELIVERED || agg.status === ParcelStatus.CANCELLED) return;
  const plan = tracePlan(scenarioWords(consigneeName(agg)), agg.row.country);
  const step = plan[payload.step];
  if (!step) return;
  for (const pkg of agg.packages) {
    if (pkg.tracking_number === null) continue;
    applyTrackingEvent(agg, { trackingNumber: pkg.tracking_number, status: step.carrierStatus, text: step.text, location: step.location }, actors.carrier, at);
  }
  const next = plan[payload.step + 1];
  const alongside = next
    ? [
        deps.jobs.scheduleWrite(trx, [
          {
            developerId: agg.row.developer_id,
            kind: JOBS.sandboxTrace,
            clock: "developer",
            subject: parcelSubject(agg.id),
            dueAtMs: payload.shippedAt + next.afterMs,
            payload: { parcelId: agg.id, step: payload.step + 1, shippedAt: payload.shippedAt },
          },
        ]).write,
      ]
    : [];
  await agg.save(trx, deps, at, alongside);
}
