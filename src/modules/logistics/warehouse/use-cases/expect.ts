// Declared parcels (foundation-warehouse.md §2.3, WarehouseStock.expect): the domestic parcels a user
// says carry goods to the warehouse (bought elsewhere, or a purchase's parcel named again). Unknown
// tracking numbers become EXPECTED parcels of the user with the declared goods; a HELD one (arrived
// unannounced) is the user's claim; any other known one is left as it is. In the sandbox a declared
// parcel arrives on the developer's test clock (sandbox.ts).
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, invalid } from "../../../../platform/http/errors.ts";
import type { LogisticsOwner } from "../../contracts.ts";
import { loadInbound, type InboundAggregate } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { claimHeld } from "./claim.ts";
import { afterReceipt, createInbound } from "./receive.ts";
import { ACTOR, commit, HELD_EXPIRY_JOB, inboundSubject, SANDBOX_ARRIVAL_JOB } from "./support.ts";

export interface DeclaredParcel {
  trackingNumber: string;
  carrier: string;
  itemId: string;
  skuId: string;
  quantity: number;
}

const TRACKING = /^[A-Za-z0-9-]{4,40}$/;

export async function expectParcels(ctx: WarehouseContext, trx: Db, owner: LogisticsOwner, parcels: readonly DeclaredParcel[], at: number): Promise<void> {
  parcels.forEach((p, i) => {
    if (!TRACKING.test(p.trackingNumber)) throw invalid(`parcels[${i}].trackingNumber must be 4 to 40 letters, digits or -`);
    if (!Number.isSafeInteger(p.quantity) || p.quantity < 1) throw invalid(`parcels[${i}].quantity must be a positive integer`);
  });
  const byNumber = new Map<string, DeclaredParcel[]>();
  for (const p of parcels) byNumber.set(p.trackingNumber, [...(byNumber.get(p.trackingNumber) ?? []), p]);
  for (const [trackingNumber, declared] of [...byNumber].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const goods = declared.map((d) => ({ itemId: d.itemId, skuId: d.skuId, title: `declared goods ${d.itemId} ${d.skuId}`.trim(), quantity: d.quantity }));
    let existing = await loadInbound(trx, { developerId: owner.developerId, trackingNumber });
    if (!existing) {
      const { agg, created } = await createInbound(
        ctx,
        trx,
        { developer_id: owner.developerId, tracking_number: trackingNumber, carrier: declared[0]!.carrier.slice(0, 100), user_id: owner.userId, state: "EXPECTED", source: "declared", platform: null, expected_at: new Date(at) },
        "declared by the user",
        ACTOR.user,
        at,
      );
      if (created) {
        await addDeclaredGoods(ctx, trx, owner, agg, goods, at);
        continue;
      }
      existing = agg; // another transaction recorded the parcel meanwhile: it is judged as any known one
    }
    if (existing.parcel.state === "HELD") {
      claimHeld(ctx, existing, owner.userId, goods, ACTOR.user, at);
      await commit(ctx, trx, existing, at);
      await ctx.jobs.cancel(trx, owner.developerId, [inboundSubject(existing.parcel.id)], [HELD_EXPIRY_JOB]);
      await afterReceipt(ctx, trx, existing, at);
      continue;
    }
    // A tracking number names one physical parcel: a sibling user's goods must never become this
    // user's (they would be packed into this user's international parcel).
    if (existing.parcel.user_id !== owner.userId) throw conflict(`domestic parcel ${trackingNumber} is another user's`);
  }
}

/** A newly declared parcel's goods, as items EXPECTED; in the sandbox the parcel arrives after a while. */
async function addDeclaredGoods(
  ctx: WarehouseContext,
  trx: Db,
  owner: LogisticsOwner,
  agg: InboundAggregate,
  goods: ReadonlyArray<{ itemId: string; skuId: string; title: string; quantity: number }>,
  at: number,
): Promise<void> {
  for (const [i, g] of goods.entries()) {
    agg.addItem(
      {
        id: ctx.ids.next(),
        developer_id: owner.developerId,
        user_id: owner.userId,
        inbound_id: agg.parcel.id,
        line_key: `declared:${g.itemId}:${g.skuId}:${i}`,
        item_id: g.itemId,
        sku_id: g.skuId,
        catalog_id: g.itemId,
        title: g.title,
        quantity_expected: g.quantity,
        state: "EXPECTED",
        created_at: new Date(at),
        updated_at: new Date(at),
      },
      "declared by the user",
      ACTOR.user,
      new Date(at),
    );
  }
  await commit(ctx, trx, agg, at);
  if (owner.sandbox) {
    await ctx.jobs.schedule(trx, { developerId: owner.developerId, dueAtMs: at + ctx.settings.sandboxArrivalMs, kind: SANDBOX_ARRIVAL_JOB, subject: inboundSubject(agg.parcel.id), payload: { inboundId: agg.parcel.id } });
  }
}
