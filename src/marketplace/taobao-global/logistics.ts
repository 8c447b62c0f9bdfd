// The answer of /logistics/detail/get → the port's Shipment. Field names SEEN in the Go SDK's
// types/logistics_detail.go: result.data.pnm_logistics_details[] {mail_no, logistics_status,
// logistics_desc, logistics_partner[] {company}, logistics_traces[] {status, status_desc,
// standerd_desc (sic), time, city}}. Status words SEEN in consts/logistics_status.go.
import type { Shipment, TraceEvent } from "../port.ts";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/**
 * The upstream's status word → the port's trace status. INFERRED mapping (the research's table):
 * DELIVERING is "运输中" (in transit) as a parcel status but "派送中" (out for delivery) in the SDK's
 * trace example, so a trace whose text says 派送 is DELIVERING and otherwise TRANSPORT; customs
 * steps are transport; rejected, returned, failed customs and exceptions are failures.
 */
export function traceStatus(status: string, desc = ""): TraceEvent["status"] {
  switch (status.toUpperCase()) {
    case "WAITING_COLLECT":
      return "CREATE";
    case "COLLECTED":
      return "ACCEPT";
    case "DELIVERING":
      return /派送|派件|out for delivery/i.test(desc) ? "DELIVERING" : "TRANSPORT";
    case "SIGNED":
      return "SIGN";
    case "CUSTOMS_FAILED":
    case "REJECTED":
    case "RETURNED":
    case "EXCEPTION":
      return "FAILED";
    default:
      // WAITING_CUSTOMS, CUSTOMS_CLEARANCE, UNKNOWN and words not seen yet: still on its way.
      return "TRANSPORT";
  }
}

/**
 * A trace's `time` (a string in the SDK) → epoch ms. INFERRED forms: epoch ms or seconds as digits,
 * or "yyyy-MM-dd HH:mm:ss" in China time (UTC+8, the upstream's zone); unreadable → 0.
 */
export function traceTime(v: unknown): number {
  const s = text(v).trim();
  if (/^\d{13}$/.test(s)) return Number(s);
  if (/^\d{10}$/.test(s)) return Number(s) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!, +(m[6] ?? 0));
  const parsed = Date.parse(s);
  return Number.isFinite(parsed) ? parsed : 0;
}

/** One parcel of the answer; `lineId` is the line asked about (the answer names goods by title only). */
export function toShipment(raw: unknown, lineId: string, upstreamOrderId: string): Shipment {
  const d = obj(raw);
  const partner = obj(arr(d["logistics_partner"])[0]);
  const trace: TraceEvent[] = arr(d["logistics_traces"])
    .map(obj)
    .map((t) => {
      const description = text(t["standerd_desc"]) || text(t["status_desc"]) || text(t["status"]);
      return { at: traceTime(t["time"]), status: traceStatus(text(t["status"]), `${text(t["status_desc"])} ${text(t["standerd_desc"])}`), description, city: text(t["city"]) };
    })
    // Oldest first, whatever order the upstream lists them in (stable for equal times).
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.at - b.t.at || a.i - b.i)
    .map(({ t }) => t);
  return {
    carrier: text(partner["company"]),
    // No carrier code is SEEN in the answer; `company_code` is INFERRED (absent → "").
    carrierCode: text(partner["company_code"]),
    trackingNumber: text(d["mail_no"]),
    upstreamOrderId,
    lineIds: [lineId],
    shippedAt: trace[0]?.at ?? 0,
    trace,
  };
}

/** All parcels of one answer envelope (`result.data`, SEEN), oldest first by first trace. */
export function toShipments(envelope: Json, lineId: string, upstreamOrderId: string): Shipment[] {
  const data = obj(obj(envelope["result"])["data"]);
  return arr(data["pnm_logistics_details"])
    .map((p) => toShipment(p, lineId, upstreamOrderId))
    .filter((s) => s.trackingNumber !== "")
    .sort((a, b) => a.shippedAt - b.shippedAt);
}
