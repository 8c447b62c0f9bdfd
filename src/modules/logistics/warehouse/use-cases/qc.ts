// Checking goods (QC): measured weight and size, photos, a note, passed or with an issue. A passed
// item goes on the shelf at once (QC_PASSED → STORED, its storage clock starting); one with an issue
// waits for a decision (checked again, kept as it is, or sent back). An operator records a check
// over /admin and the CLI; the sandbox warehouse records its own (sandbox.ts).
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, notFound } from "../../../../platform/http/errors.ts";
import { loadInbound, type InboundAggregate } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { QC_FROM, storageDates, type SizeMm, type StorageRule } from "../model.ts";
import { warehouseRepo, type ItemRow } from "../repo.ts";
import { commit } from "./support.ts";

export interface QcRecord extends SizeMm {
  weightG: number;
  /** Addresses of the stored photos. */
  photos: string[];
  note: string | null;
  passed: boolean;
}

/** An item goes on the shelf: its storage clock starts now. */
export function storeItem(agg: InboundAggregate, item: ItemRow, rule: StorageRule, reason: string, actor: string, at: number): void {
  const when = new Date(at);
  const { freeUntil, abandonAt } = storageDates(at, rule);
  item.stored_at = when;
  item.storage_due_at = new Date(freeUntil);
  item.abandon_at = new Date(abandonAt);
  item.storage_days = 0;
  agg.moveItem(item, "STORED", reason, actor, when);
}

/** Records a check on an item under its parcel's lock (RECEIVED or QC_ISSUE, else 40901). */
export function applyQc(agg: InboundAggregate, item: ItemRow, qc: QcRecord, rule: StorageRule, actor: string, at: number): void {
  if (!QC_FROM.includes(item.state)) throw conflict(`warehouse item ${item.id} is ${item.state}: only RECEIVED or QC_ISSUE goods are checked`);
  const when = new Date(at);
  item.weight_g = qc.weightG;
  item.length_mm = qc.lengthMm;
  item.width_mm = qc.widthMm;
  item.height_mm = qc.heightMm;
  item.qc_photos = JSON.stringify([...(JSON.parse(item.qc_photos) as string[]), ...qc.photos]);
  item.qc_note = qc.note;
  item.qc_at = when;
  item.qc_by = actor;
  item.qc_result = qc.passed ? "PASSED" : "ISSUE";
  agg.touchItem(item, when);
  if (qc.passed) {
    agg.moveItem(item, "QC_PASSED", qc.note ?? "passed the check", actor, when);
    storeItem(agg, item, rule, "on the shelf after the check", actor, at);
  } else {
    agg.moveItem(item, "QC_ISSUE", qc.note ?? "an issue found in the check", actor, when);
  }
  const measured = agg.items.filter((i) => i.weight_g !== null);
  agg.parcel.weight_g = measured.length > 0 ? measured.reduce((sum, i) => sum + i.weight_g!, 0) : null;
  agg.touchParcel(when);
  agg.settle(actor, when);
}

/** An item as it is now, unlocked (40401 when the developer has no such item). */
export async function peekItem(db: Db, itemId: string, developerId?: string): Promise<ItemRow> {
  const item = await warehouseRepo.item(db, itemId, developerId);
  if (!item) throw notFound(`warehouse item ${itemId}`);
  return item;
}

/**
 * Changes one item under its parcel's lock, at the developer's now, and commits: `change` may throw
 * to refuse (nothing is saved). Answers the item and its parcel as saved.
 */
export async function changeItem(ctx: WarehouseContext, itemId: string, change: (agg: InboundAggregate, item: ItemRow, now: number) => void): Promise<{ item: ItemRow; agg: InboundAggregate }> {
  const peeked = await peekItem(ctx.db, itemId);
  return ctx.db.transaction().execute(async (trx) => {
    const agg = (await loadInbound(trx, { id: peeked.inbound_id }))!;
    const item = agg.item(itemId)!;
    const now = await ctx.clocks.now(item.developer_id, trx);
    change(agg, item, now);
    await commit(ctx, trx, agg, now);
    return { item, agg };
  });
}
