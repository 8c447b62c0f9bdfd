// Claiming a HELD parcel: it arrived unannounced and was nobody's; a user names its tracking number
// (signed call, or a declaration of the parcel, expect.ts) and it becomes theirs, RECEIVED with one
// item describing what they say it holds. Another user's parcel is as unknown as a made-up one.
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, notFound } from "../../../../platform/http/errors.ts";
import { loadInbound, type InboundAggregate } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { afterReceipt } from "./receive.ts";
import { ACTOR, commit, HELD_EXPIRY_JOB, inboundSubject } from "./support.ts";

export interface ClaimedGoods {
  itemId: string;
  skuId: string;
  title: string;
  quantity: number;
}

/** HELD → RECEIVED for the user, with the goods they name (already arrived, so received at once). */
export function claimHeld(ctx: WarehouseContext, agg: InboundAggregate, userId: string, goods: readonly ClaimedGoods[], actor: string, at: number): void {
  const when = new Date(at);
  agg.parcel.user_id = userId;
  agg.parcel.hold_until = null;
  const arrived = agg.parcel.received_at ?? when;
  agg.moveParcel("RECEIVED", `claimed by user ${userId}`, actor, when);
  agg.parcel.received_at = arrived;
  for (const [i, g] of goods.entries()) {
    agg.addItem(
      {
        id: ctx.ids.next(),
        developer_id: agg.parcel.developer_id,
        user_id: userId,
        inbound_id: agg.parcel.id,
        line_key: `declared:${g.itemId}:${g.skuId}:${i}`,
        item_id: g.itemId,
        sku_id: g.skuId,
        catalog_id: g.itemId || null,
        title: g.title,
        quantity_expected: g.quantity,
        quantity_received: g.quantity,
        received_at: arrived,
        state: "RECEIVED",
        created_at: when,
        updated_at: when,
      },
      `claimed by user ${userId}`,
      actor,
      when,
    );
  }
}

/** A user claims a HELD parcel by its tracking number, in the caller's transaction. */
export async function claimParcel(ctx: WarehouseContext, trx: Db, owner: { developerId: string; userId: string }, trackingNumber: string, goods: ClaimedGoods): Promise<InboundAggregate> {
  const agg = await loadInbound(trx, { developerId: owner.developerId, trackingNumber });
  if (!agg || (agg.parcel.state !== "HELD" && agg.parcel.user_id !== owner.userId)) throw notFound(`inbound parcel ${trackingNumber}`);
  if (agg.parcel.state !== "HELD") throw conflict(`inbound parcel ${trackingNumber} is already yours (${agg.parcel.state}): only a HELD parcel can be claimed`);
  const now = await ctx.clocks.now(owner.developerId, trx);
  claimHeld(ctx, agg, owner.userId, [goods], ACTOR.user, now);
  await commit(ctx, trx, agg, now);
  await ctx.jobs.cancel(trx, owner.developerId, [inboundSubject(agg.parcel.id)], [HELD_EXPIRY_JOB]);
  await afterReceipt(ctx, trx, agg, now);
  return agg;
}

/** A HELD parcel nobody claimed in time is abandoned (a job at its hold's end). */
export async function expireHeld(ctx: WarehouseContext, trx: Db, inboundId: string, now: number): Promise<void> {
  const agg = await loadInbound(trx, { id: inboundId });
  if (!agg || agg.parcel.state !== "HELD") return;
  agg.moveParcel("ABANDONED", "nobody claimed it in time", ACTOR.warehouse, new Date(now));
  await commit(ctx, trx, agg, now);
}
