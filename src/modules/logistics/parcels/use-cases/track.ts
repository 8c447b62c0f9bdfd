// The international carrier's trace (operator, a carrier connector, or the sandbox carrier): an event
// in the carrier's own code and words, normalised to one vocabulary (InfoReceived … Expired), kept on
// its package; the order follows its packages' latest statuses (SHIPPED → IN_TRANSIT → DELIVERED,
// EXCEPTION while one is held or lost). An event the order's state cannot follow (a late scan of a
// delivered order) is kept without moving it.
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, invalid } from "../../../../platform/http/errors.ts";
import { loadParcel, type ParcelAggregate } from "../aggregate.ts";
import { canMoveParcel, isTracked, statusFromTracking, type TrackingStatus } from "../model.ts";
import { normaliseTrackingStatus } from "../tracking.ts";
import { developerNow, missing, type ParcelDeps, type ParcelKey } from "./support.ts";

export interface TrackInput {
  /**
   * Which package: its tracking number, or its service when the service has one package (either may be
   * left out when the order has one package).
   */
  trackingNumber?: string;
  serviceId?: string;
  /** The carrier's status code (AfterShip, EasyPost, Karrio, 1688, Taobao Global …) or one of ours. */
  status: string;
  /** The carrier's own words, kept verbatim. */
  text: string;
  location?: string;
  /** When it happened (epoch ms); default now (developer time). */
  at?: number;
}

/** Applies one event to a loaded order (inside the caller's transaction). */
export function applyTrackingEvent(agg: ParcelAggregate, input: TrackInput, actor: string, atMs: number): void {
  const status: TrackingStatus | undefined = normaliseTrackingStatus(input.status.trim());
  if (!status) throw invalid(`status ${input.status.slice(0, 40)} is not a tracking status we know (InfoReceived, InTransit, OutForDelivery, AttemptFail, Delivered, Exception, Expired, or a carrier's code such as in_transit, delivered, customs_hold, lost)`);
  const text = input.text.trim();
  if (text.length === 0 || text.length > 500) throw invalid("text must be 1 to 500 characters (the carrier's own words)");
  if (input.location !== undefined && input.location.length > 100) throw invalid("location must be at most 100 characters");
  if (!isTracked(agg.status)) throw conflict(`logistics order ${agg.id} is ${agg.status}: it has no carrier trace until it is shipped`);
  let pkg: (typeof agg.packages)[number] | undefined;
  if (input.trackingNumber !== undefined) pkg = agg.packages.find((p) => p.tracking_number === input.trackingNumber);
  else if (input.serviceId !== undefined) {
    const ofService = agg.packages.filter((p) => p.service_id === input.serviceId);
    if (ofService.length > 1) throw invalid(`trackingNumber is required: service ${input.serviceId} carries ${ofService.length} packages of logistics order ${agg.id}`);
    pkg = ofService[0];
  } else if (agg.packages.length === 1) pkg = agg.packages[0];
  if (!pkg) {
    if (input.trackingNumber === undefined && input.serviceId === undefined) throw invalid(`trackingNumber is required: the order has ${agg.packages.length} packages`);
    throw invalid(input.trackingNumber !== undefined ? `trackingNumber ${input.trackingNumber} is not a package of logistics order ${agg.id}` : `serviceId ${input.serviceId} is not a package of logistics order ${agg.id}`);
  }
  const at = new Date(atMs);
  agg.addTracking({ service_id: pkg.service_id, tracking_number: pkg.tracking_number!, status, carrier_status: input.status.trim(), text, location: input.location?.trim() || null, at });
  agg.updatePackage(pkg.position, { tracking_status: status });
  const next = statusFromTracking(agg.packages.map((p) => p.tracking_status as TrackingStatus | null));
  if (next !== agg.status && canMoveParcel(agg.status, next)) agg.move(next, `carrier: ${status} — ${text}`, actor, at);
  else agg.touch(at);
}

/** Inside the caller's transaction (a job's, or addTracking's own). */
export async function trackIn(deps: ParcelDeps, trx: Db, key: ParcelKey, input: TrackInput, actor: string): Promise<void> {
  const agg = await loadParcel(trx, key);
  if (!agg) throw missing(key.id);
  const atMs = input.at ?? (await developerNow(deps, agg.row.developer_id, trx));
  applyTrackingEvent(agg, input, actor, atMs);
  await agg.save(trx, deps, atMs);
}

export async function addTracking(deps: ParcelDeps, key: ParcelKey, input: TrackInput, actor: string): Promise<void> {
  await deps.db.transaction().execute((trx) => trackIn(deps, trx, key, input, actor));
}
