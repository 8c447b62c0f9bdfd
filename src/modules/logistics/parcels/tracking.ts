// The carrier's trace in one vocabulary (research A.6): InfoReceived, InTransit, OutForDelivery,
// AttemptFail, Delivered, Exception, Expired — AfterShip's tags, which the other vocabularies
// (EasyPost, Karrio, TrackingMore, 1688 trace, Taobao Global) map onto. A carrier's own code is kept
// beside the normalised status, and its text verbatim.
import { TRACKING_STATUSES, type TrackingStatus } from "./model.ts";

/** Carrier codes (case and separators ignored) → the normalised status. */
const CODES: ReadonlyArray<[TrackingStatus, readonly string[]]> = [
  // AfterShip Pending/InfoReceived; EasyPost pre_transit, unknown; Karrio pending; TrackingMore pending, notfound; 1688 CONSIGN; Taobao Global WAITING_COLLECT
  ["InfoReceived", ["inforeceived", "pending", "pretransit", "unknown", "notfound", "consign", "waitingcollect", "created", "labelcreated"]],
  // EasyPost in_transit; Karrio picked_up, in_transit, delivery_delayed; TrackingMore transit, pickup; 1688 ACCEPT, TRANSPORT; Taobao Global COLLECTED, WAITING_CUSTOMS, CUSTOMS_CLEARANCE
  ["InTransit", ["intransit", "transit", "pickedup", "pickup", "deliverydelayed", "accept", "transport", "collected", "waitingcustoms", "customsclearance", "departed", "arrived"]],
  // AfterShip OutForDelivery, AvailableForPickup; Karrio ready_for_pickup; 1688 and Taobao Global DELIVERING
  ["OutForDelivery", ["outfordelivery", "availableforpickup", "readyforpickup", "delivering"]],
  // EasyPost failure; Karrio delivery_failed; TrackingMore undelivered
  ["AttemptFail", ["attemptfail", "failure", "deliveryfailed", "undelivered"]],
  // 1688 SIGN; Taobao Global SIGNED
  ["Delivered", ["delivered", "sign", "signed"]],
  // EasyPost error, cancelled, return_to_sender; Karrio on_hold, return_to_sender, cancelled; Taobao Global CUSTOMS_FAILED, REJECTED, RETURNED, EXCEPTION; ours customs_hold, lost
  ["Exception", ["exception", "error", "cancelled", "returntosender", "onhold", "customsfailed", "customshold", "rejected", "returned", "lost"]],
  ["Expired", ["expired"]],
];

const BY_CODE = new Map<string, TrackingStatus>(CODES.flatMap(([status, codes]) => codes.map((code) => [code, status] as const)));

const key = (code: string) => code.toLowerCase().replace(/[\s_\-.]/g, "");

/** A carrier's status code (or one of ours) as the normalised status; undefined when unknown. */
export function normaliseTrackingStatus(code: string): TrackingStatus | undefined {
  const exact = (TRACKING_STATUSES as readonly string[]).find((s) => s === code);
  if (exact) return exact as TrackingStatus;
  // AfterShip subtags (Exception_004, InTransit_007) read as their tag.
  const tag = /^([A-Za-z]+)_\d{3}$/.exec(code)?.[1];
  return BY_CODE.get(key(tag ?? code));
}

/** Every code the table knows, for messages and documentation. */
export const KNOWN_TRACKING_CODES: readonly string[] = [...TRACKING_STATUSES];
