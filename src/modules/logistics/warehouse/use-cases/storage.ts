// Storage (research A.2): a stored item is kept free for the first days, then costs a fee per day,
// charged to the developer's balance when each day begins (one wallet reference per item and day, so
// a run repeated or overlapping charges nothing twice); a short balance leaves the day owed and
// recorded, collected by a later run. Past the storage limit the item is ABANDONED. A job runs this for
// a developer on their clock whenever something is due (daily while items are in paid storage).
import type { Db } from "../../../../platform/db/index.ts";
import { ApiError, Code } from "../../../../platform/http/errors.ts";
import { loadInbound } from "../aggregate.ts";
import type { WarehouseContext } from "../deps.ts";
import { nextStorageEvent, storageDue, storageReference } from "../model.ts";
import { warehouseRepo, type ItemRow } from "../repo.ts";
import { ACTOR, commit, STORAGE_JOB, STORAGE_SUBJECT } from "./support.ts";

export interface StorageRunResult {
  chargedDays: number;
  chargedFen: number;
  owedDays: number;
  abandoned: number;
}

/** Charges one storage day; false when the balance is short (nothing written then). */
async function charge(ctx: WarehouseContext, trx: Db, item: ItemRow, day: number, amountFen: number): Promise<boolean> {
  try {
    await ctx.wallet.debit(trx, {
      developerId: item.developer_id,
      amountFen,
      reference: storageReference(item.id, day),
      memo: `storage of warehouse item ${item.id}, day ${day + 1}`,
      actor: ACTOR.storage,
    });
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.code === Code.INSUFFICIENT_BALANCE) return false;
    throw err;
  }
}

/** One developer's storage run at `now` (their clock), in the caller's transaction. */
export async function runStorage(ctx: WarehouseContext, trx: Db, developerId: string, now: number, skipJobId?: string): Promise<StorageRunResult> {
  const rule = ctx.settings.storage;
  const result: StorageRunResult = { chargedDays: 0, chargedFen: 0, owedDays: 0, abandoned: 0 };
  const at = new Date(now);

  // Days owed earlier first, oldest first, while the balance allows.
  const owed = await warehouseRepo.owedFees(trx, developerId, 500);
  const owedItems = owed.length > 0 ? await Promise.all([...new Set(owed.map((f) => f.item_id))].map((id) => warehouseRepo.item(trx, id))) : [];
  let short = false;
  for (const inboundId of [...new Set(owedItems.map((i) => i!.inbound_id))].sort()) {
    if (short) break;
    const agg = (await loadInbound(trx, { id: inboundId }))!;
    for (const fee of owed) {
      const item = agg.item(fee.item_id);
      if (!item) continue;
      const amount = Number(fee.amount_fen);
      if (!(await charge(ctx, trx, item, fee.day, amount))) {
        short = true;
        break;
      }
      await warehouseRepo.markFeeCharged(trx, item.id, fee.day, at);
      item.storage_owed_fen = String(Number(item.storage_owed_fen) - amount);
      item.storage_charged_fen = String(Number(item.storage_charged_fen) + amount);
      agg.touchItem(item, at);
      result.chargedDays++;
      result.chargedFen += amount;
    }
    await commit(ctx, trx, agg, now);
  }

  // New days of stored items, and abandonment past the limit.
  let next = Number.POSITIVE_INFINITY;
  for (const inboundId of await warehouseRepo.inboundIdsWithItems(trx, developerId, { states: ["STORED"] })) {
    const agg = (await loadInbound(trx, { id: inboundId }))!;
    for (const item of agg.items) {
      if (item.state !== "STORED" || item.stored_at === null) continue;
      const due = storageDue(item.stored_at.getTime(), item.storage_days, now, rule);
      const fees = [];
      for (const day of due.days) {
        const paid = await charge(ctx, trx, item, day, rule.feeFenPerDay);
        fees.push({ item_id: item.id, day, developer_id: developerId, amount_fen: String(rule.feeFenPerDay), status: paid ? ("CHARGED" as const) : ("OWED" as const), reference: storageReference(item.id, day), at });
        if (paid) {
          item.storage_charged_fen = String(Number(item.storage_charged_fen) + rule.feeFenPerDay);
          result.chargedDays++;
          result.chargedFen += rule.feeFenPerDay;
        } else {
          item.storage_owed_fen = String(Number(item.storage_owed_fen) + rule.feeFenPerDay);
          result.owedDays++;
        }
      }
      await warehouseRepo.insertFees(trx, fees);
      if (due.accountedDays !== item.storage_days) {
        item.storage_days = due.accountedDays;
        agg.touchItem(item, at);
      }
      if (due.abandon) {
        agg.moveItem(item, "ABANDONED", `kept past the storage limit of ${rule.limitDays} days`, ACTOR.storage, at);
        result.abandoned++;
      } else {
        next = Math.min(next, nextStorageEvent(item.stored_at.getTime(), item.storage_days, rule));
      }
    }
    await commit(ctx, trx, agg, now);
  }

  // The next run, when something will be due (the run itself is not pending any more once done).
  if (Number.isFinite(next)) {
    const pending = (await ctx.jobs.pending(trx, developerId, STORAGE_SUBJECT, [STORAGE_JOB])).filter((j) => j.id !== skipJobId && j.dueAtMs > now);
    if (pending.length === 0) await ctx.jobs.schedule(trx, { developerId, dueAtMs: Math.max(next, now + 1), kind: STORAGE_JOB, subject: STORAGE_SUBJECT });
    else if (pending[0]!.dueAtMs > next) await ctx.jobs.reschedule(trx, developerId, [pending[0]!.id], Math.max(next, now + 1));
  }
  return result;
}
