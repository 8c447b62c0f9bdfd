// Goods arriving: a domestic parcel announced by its carrier's trace (a purchase shipped: EXPECTED) and
// signed for at the warehouse (RECEIVED), by the carrier's SIGN or an operator's scan. Its purchased
// lines come from the orders (Taobao sub-orders by tracking number, 1688 entries by their order's
// shipments); a parcel matching no purchase and announced by nobody is HELD for a claim. Receiving a
// parcel twice changes nothing; a SIGN that overtakes its purchase's shipment waits (NotYet).
import type { Applied, MarketplaceInbox } from "../../../../marketplace/inbox.ts";
import type { Platform } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { NotYet } from "../../../../platform/jobs/runner.ts";
import { linesOfParcel, purchaseAwaitsShipment, type ParcelLine } from "../../../orders/index.ts";
import { InboundAggregate, loadInbound } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { DAY_MS } from "../model.ts";
import { warehouseRepo, type NewInbound } from "../repo.ts";
import { ACTOR, commit, HELD_EXPIRY_JOB, inboundSubject, scheduleSandboxQc } from "./support.ts";

export interface Arrival {
  developerId: string;
  trackingNumber: string;
  /** The carrier, when the caller knows it ("" otherwise: the purchase's shipment names it). */
  carrier: string;
  at: number;
  actor: string;
  reason: string;
  /** The upstream purchase the parcel belongs to, when a marketplace event says so. */
  upstream?: { platform: Platform; orderId: string };
}

export type ArrivalOutcome = "received" | "held" | "unchanged";

/** Inserts a new parcel (unless its tracking number is taken meanwhile) and loads it under its lock. */
export async function createInbound(ctx: WarehouseContext, trx: Db, row: Omit<NewInbound, "id" | "created_at" | "updated_at">, reason: string, actor: string, at: number): Promise<{ agg: InboundAggregate; created: boolean }> {
  const id = ctx.ids.next();
  const inserted = await warehouseRepo.insertInbound(trx, { ...row, id, created_at: new Date(at), updated_at: new Date(at) });
  const agg = (await loadInbound(trx, { developerId: String(row.developer_id), trackingNumber: row.tracking_number }, inserted))!;
  if (inserted) agg.created(reason, actor, new Date(at));
  return { agg, created: inserted };
}

/** Adds a purchase's lines (those of the parcel's user) as items in `state`. */
export function addLineItems(ctx: WarehouseContext, agg: InboundAggregate, lines: readonly ParcelLine[], state: "EXPECTED", actor: string, at: number): void {
  const known = new Set(agg.items.map((i) => i.line_key));
  for (const line of lines) {
    const key = `${line.platform}:${line.lineId}`;
    if (line.userId !== agg.parcel.user_id || known.has(key)) continue;
    known.add(key);
    agg.addItem(
      {
        id: ctx.ids.next(),
        developer_id: agg.parcel.developer_id,
        user_id: line.userId,
        inbound_id: agg.parcel.id,
        line_key: key,
        platform: line.platform,
        order_id: line.orderId,
        line_id: line.lineId,
        item_id: line.itemId,
        sku_id: line.skuId,
        catalog_id: line.catalogId,
        title: line.title.slice(0, 500),
        quantity_expected: line.quantity,
        state,
        created_at: new Date(at),
        updated_at: new Date(at),
      },
      `shipped to the warehouse in ${agg.parcel.tracking_number}`,
      actor,
      new Date(at),
    );
  }
}

/**
 * The parcel of a purchase, announced (EXPECTED with its lines) if the warehouse did not know it; a
 * parcel the user declared for these goods takes the purchase's lines instead of the declared ones.
 * Answers the parcel, or undefined when the tracking number matches no purchase.
 */
async function announcedParcel(ctx: WarehouseContext, trx: Db, arrival: Arrival): Promise<InboundAggregate | undefined> {
  const existing = await loadInbound(trx, { developerId: arrival.developerId, trackingNumber: arrival.trackingNumber });
  if (existing && !(existing.parcel.source === "declared" && existing.parcel.state === "EXPECTED")) return existing;
  const lines = await linesOfParcel(trx, arrival.developerId, arrival.trackingNumber, arrival.upstream);
  if (lines.length === 0) return existing;
  const first = lines[0]!;
  let agg = existing;
  if (agg) {
    agg.dropUnreceived();
    agg.parcel.source = "purchase";
    agg.parcel.platform = first.platform;
    if (!agg.parcel.carrier) agg.parcel.carrier = first.carrier;
    agg.parcel.user_id = first.userId;
    agg.touchParcel(new Date(arrival.at));
  } else {
    const made = await createInbound(
      ctx,
      trx,
      { developer_id: arrival.developerId, tracking_number: arrival.trackingNumber, carrier: arrival.carrier || first.carrier, user_id: first.userId, state: "EXPECTED", source: "purchase", platform: first.platform, expected_at: new Date(arrival.at) },
      "a purchase's parcel is on its way to the warehouse",
      arrival.actor,
      arrival.at,
    );
    agg = made.agg;
    // Created meanwhile by another event: it is handled as found.
    if (!made.created) return agg;
  }
  addLineItems(ctx, agg, lines, "EXPECTED", arrival.actor, arrival.at);
  return agg;
}

/** EXPECTED → RECEIVED, with every announced item (the quantity announced is taken as received). */
export function receiveExpected(agg: InboundAggregate, reason: string, actor: string, at: number): void {
  const when = new Date(at);
  agg.moveParcel("RECEIVED", reason, actor, when);
  for (const item of agg.items) {
    if (item.state !== "EXPECTED") continue;
    item.quantity_received = item.quantity_expected;
    item.received_at = when;
    agg.moveItem(item, "RECEIVED", reason, actor, when);
  }
}

/** After a parcel became RECEIVED: the sandbox warehouse checks it a few hours later. */
export async function afterReceipt(ctx: WarehouseContext, trx: Db, agg: InboundAggregate, at: number): Promise<void> {
  if (agg.items.length > 0 && (await ctx.isSandbox(agg.parcel.developer_id, trx))) await scheduleSandboxQc(ctx, trx, agg.parcel.developer_id, agg.parcel.id, at);
}

/** A parcel signed for at the warehouse (carrier SIGN, or an operator's scan). */
export async function receiveParcel(ctx: WarehouseContext, trx: Db, arrival: Arrival): Promise<ArrivalOutcome> {
  let agg = await announcedParcel(ctx, trx, arrival);
  if (!agg) {
    if (arrival.upstream && (await purchaseAwaitsShipment(trx, arrival.developerId, arrival.upstream.platform, arrival.upstream.orderId))) {
      throw new NotYet(`purchase ${arrival.upstream.orderId} has not recorded the shipment of ${arrival.trackingNumber} yet`);
    }
    const holdUntil = arrival.at + ctx.settings.heldDays * DAY_MS;
    const made = await createInbound(
      ctx,
      trx,
      { developer_id: arrival.developerId, tracking_number: arrival.trackingNumber, carrier: arrival.carrier, user_id: null, state: "HELD", source: "unannounced", platform: null, received_at: new Date(arrival.at), hold_until: new Date(holdUntil) },
      `arrived unannounced (${arrival.reason}): held for a claim until ${new Date(holdUntil).toISOString()}`,
      arrival.actor,
      arrival.at,
    );
    agg = made.agg;
    if (made.created) {
      await commit(ctx, trx, agg, arrival.at);
      await ctx.jobs.schedule(trx, { developerId: arrival.developerId, dueAtMs: holdUntil, kind: HELD_EXPIRY_JOB, subject: inboundSubject(agg.parcel.id), payload: { inboundId: agg.parcel.id } });
      return "held";
    }
  }
  if (agg.parcel.state !== "EXPECTED") {
    if (agg.changed) await commit(ctx, trx, agg, arrival.at);
    return "unchanged";
  }
  receiveExpected(agg, arrival.reason, arrival.actor, arrival.at);
  await commit(ctx, trx, agg, arrival.at);
  await afterReceipt(ctx, trx, agg, arrival.at);
  return "received";
}

/** The marketplace's tracking events of both platforms: a trace step announces the parcel, SIGN receives it. */
export function registerTrackingHandlers(ctx: WarehouseContext, inbox: MarketplaceInbox): void {
  for (const platform of ["taobao", "alibaba"] as const) {
    inbox.on(platform, "tracking", async (trx, event): Promise<Applied> => {
      const arrival: Arrival = {
        developerId: event.developerId,
        trackingNumber: event.trackingNumber,
        carrier: "",
        at: event.at,
        actor: ACTOR.carrier,
        reason: `${event.event.status}: ${event.event.description}`.slice(0, 300),
        upstream: { platform, orderId: event.upstreamOrderId },
      };
      if (event.event.status === "SIGN") {
        const outcome = await receiveParcel(ctx, trx, arrival);
        return outcome === "unchanged" ? { ignored: `parcel ${event.trackingNumber} was already received` } : "applied";
      }
      if (event.event.status === "FAILED") return { ignored: `the carrier reports ${event.trackingNumber} failed: nothing arrives` };
      const agg = await announcedParcel(ctx, trx, arrival);
      if (!agg?.changed) return { ignored: agg ? `parcel ${event.trackingNumber} is already known` : `no purchase ships ${event.trackingNumber}: it is held if it arrives` };
      await commit(ctx, trx, agg, event.at);
      return "applied";
    });
  }
}
