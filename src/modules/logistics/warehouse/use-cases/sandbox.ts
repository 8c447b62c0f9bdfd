// The sandbox warehouse, on the developer's test clock: a declared parcel arrives `sandboxArrivalMs`
// after it was declared (purchases arrive when their carrier's trace reaches SIGN, receive.ts), and
// the goods of a received parcel are checked `sandboxQcMs` later — weighed (the catalogue's unit
// weight × quantity, ± a few percent derived from the seed and ids), measured, photographed (a PNG
// rendered deterministically, stored through the picture store like an operator's photo) and put on
// the shelf. The scenario word QC_DAMAGED in the order's receiver name fails the order's first line
// with a damage note and photo.
import { scenariosIn } from "../../../../marketplace/sandbox/seller/scenarios.ts";
import type { Db } from "../../../../platform/db/index.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { linesOfParcel } from "../../../orders/index.ts";
import { loadInbound } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { DEFAULT_UNIT_WEIGHT_KG, sandboxMeasure } from "../model.ts";
import { qcPhoto } from "../photos.ts";
import type { ItemRow } from "../repo.ts";
import { applyQc, type QcRecord } from "./qc.ts";
import { afterReceipt, receiveExpected } from "./receive.ts";
import { ACTOR, commit } from "./support.ts";

export const QC_DAMAGED = "QC_DAMAGED";
export const DAMAGE_NOTE = "damaged in transit: the outer box is crushed and the goods are cracked (sandbox QC_DAMAGED)";

/** A declared parcel arrives (a job on the developer's clock). */
export async function sandboxArrival(ctx: WarehouseContext, trx: Db, inboundId: string, now: number): Promise<void> {
  const agg = await loadInbound(trx, { id: inboundId });
  // A purchase's parcel (its lines attached since it was declared) arrives with its carrier instead.
  if (!agg || agg.parcel.state !== "EXPECTED" || agg.parcel.source !== "declared") return;
  receiveExpected(agg, "arrived at the sandbox warehouse", ACTOR.sandbox, now);
  await commit(ctx, trx, agg, now);
  await afterReceipt(ctx, trx, agg, now);
}

interface PlannedCheck {
  item: ItemRow;
  weightKg: number;
  picture: Buffer | undefined;
  damaged: boolean;
}

/**
 * The check of a received parcel's goods (a job on the developer's clock): planned in the job's
 * transaction, photos rendered and stored after it (the picture store writes on its own), then
 * recorded in a transaction of their own for the goods still waiting for a check.
 */
export async function sandboxQc(ctx: WarehouseContext, trx: Db, inboundId: string, now: number): Promise<AfterCommit | undefined> {
  const agg = await loadInbound(trx, { id: inboundId });
  const waiting = agg?.items.filter((i) => i.state === "RECEIVED") ?? [];
  if (!agg || waiting.length === 0) return undefined;
  const lines = agg.parcel.source === "purchase" ? await linesOfParcel(trx, agg.parcel.developer_id, agg.parcel.tracking_number) : [];
  const planned: PlannedCheck[] = [];
  for (const item of waiting) {
    const line = lines.find((l) => l.platform === item.platform && l.lineId === item.line_id);
    const damaged = line !== undefined && line.lineIndex === 0 && scenariosIn(line.receiverName, line.platform).includes(QC_DAMAGED);
    const product = item.catalog_id ? await findProduct(ctx, item.platform, item.catalog_id) : undefined;
    planned.push({ item, weightKg: product?.weightKg ?? DEFAULT_UNIT_WEIGHT_KG, picture: product?.picture, damaged });
  }
  const seed = ctx.settings.sandboxSeed;
  return async () => {
    const checks: Array<{ id: string; qc: QcRecord }> = [];
    for (const p of planned) {
      const key = `${seed}:${agg.parcel.tracking_number}:${p.item.line_key}`;
      const size = sandboxMeasure(key, p.weightKg, p.item.quantity_received ?? p.item.quantity_expected);
      const png = await qcPhoto(p.picture, key, p.damaged);
      const stored = await ctx.pictures.fromBase64({ developerId: p.item.developer_id, userId: p.item.user_id }, png.toString("base64"), "photo");
      checks.push({ id: p.item.id, qc: { ...size, photos: [stored.url], note: p.damaged ? DAMAGE_NOTE : null, passed: !p.damaged } });
    }
    await ctx.db.transaction().execute(async (own) => {
      const fresh = (await loadInbound(own, { id: inboundId }))!;
      for (const check of checks) {
        const item = fresh.item(check.id);
        if (item?.state === "RECEIVED") applyQc(fresh, item, check.qc, ctx.settings.storage, ACTOR.sandbox, now);
      }
      if (fresh.changed) await commit(ctx, own, fresh, now);
    });
  };
}

/** The catalogue product of goods: on their platform, or either for goods declared without one. */
async function findProduct(ctx: WarehouseContext, platform: "taobao" | "alibaba" | null, id: string) {
  for (const p of platform ? [platform] : (["taobao", "alibaba"] as const)) {
    const product = await ctx.sandboxGoods.product(p, id).catch(() => undefined);
    if (product) return product;
  }
  return undefined;
}
