// The warehouse's one service, as routes, app.ts, the parcels part (WarehouseStock) and the CLI see
// it: a facade over the use cases, which registers what the warehouse does on its own — the carriers'
// tracking events, the storage runs, held parcels' expiry and the sandbox warehouse's jobs.
import type { Db } from "../../../platform/db/index.ts";
import { conflict, invalid, notFound } from "../../../platform/http/errors.ts";
import type { InboundParcel, LogisticsOwner, OrderGoods, WarehouseStock } from "../contracts.ts";
import type { StoredHandler, WarehouseContext, WarehouseDeps } from "./deps.ts";
import { MAX_WEIGHT_G, QC_FROM, type InboundState, type SizeMm, type WarehouseItemState } from "./model.ts";
import { warehouseRepo, type InboundRow, type ItemRow } from "./repo.ts";
import { claimParcel, expireHeld, type ClaimedGoods } from "./use-cases/claim.ts";
import { expectParcels, type DeclaredParcel } from "./use-cases/expect.ts";
import { applyQc, changeItem, peekItem, storeItem } from "./use-cases/qc.ts";
import { receiveParcel, registerTrackingHandlers, type ArrivalOutcome } from "./use-cases/receive.ts";
import { sandboxArrival, sandboxQc } from "./use-cases/sandbox.ts";
import { allocate, inboundParcels, release } from "./use-cases/stock.ts";
import { runStorage, type StorageRunResult } from "./use-cases/storage.ts";
import { ACTOR, HELD_EXPIRY_JOB, nowOf, SANDBOX_ARRIVAL_JOB, SANDBOX_QC_JOB, STORAGE_JOB } from "./use-cases/support.ts";
import { inboundView, itemDetail, itemView, type InboundView, type ItemView } from "./view.ts";

export interface ItemQuery {
  state?: WarehouseItemState;
  platform?: "taobao" | "alibaba";
  orderId?: string;
  cursor?: string;
  limit?: number;
}

export interface InboundQuery {
  state?: InboundState;
  trackingNumber?: string;
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface QcInput extends SizeMm {
  weightG: number;
  /** Photos as base64 (JPEG, PNG or WebP), stored re-encoded through the picture store. */
  photos: readonly string[];
  note: string | null;
  passed: boolean;
  /** Who checked (the operator's name). */
  actor: string;
}

const DEFAULT_LIMIT = 20;

export class Warehouse implements WarehouseStock {
  readonly #ctx: WarehouseContext;

  constructor(deps: WarehouseDeps) {
    this.#ctx = { ...deps, storedHandlers: [] };
    const ctx = this.#ctx;
    registerTrackingHandlers(ctx, deps.inbox);
    deps.jobs.on(STORAGE_JOB, async (trx, job, now) => void (await runStorage(ctx, trx, job.developerId!, now, job.id)));
    deps.jobs.on(HELD_EXPIRY_JOB, (trx, job, now) => expireHeld(ctx, trx, (job.payload as { inboundId: string }).inboundId, now));
    deps.jobs.on(SANDBOX_ARRIVAL_JOB, (trx, job, now) => sandboxArrival(ctx, trx, (job.payload as { inboundId: string }).inboundId, now));
    deps.jobs.on(SANDBOX_QC_JOB, (trx, job, now) => sandboxQc(ctx, trx, (job.payload as { inboundId: string }).inboundId, now));
    // A sandbox reset forgets the user's warehouse goods with their orders.
    deps.clocks.onUserReset((trx, developerId, userId) => warehouseRepo.forgetUser(trx, developerId, userId));
  }

  get settings() {
    return this.#ctx.settings;
  }

  // -------------------------------------------------------------------------------------------
  // WarehouseStock (contracts.ts), for the parcels part

  expect(trx: Db, owner: LogisticsOwner, parcels: readonly DeclaredParcel[], at: number): Promise<void> {
    return expectParcels(this.#ctx, trx, owner, parcels, at);
  }

  orderGoods(db: Db, owner: { developerId: string; userId?: string }, orderId: string): OrderGoods {
    return warehouseRepo.orderGoods(db, owner, orderId);
  }

  inbound(db: Db, developerId: string, trackingNumbers: readonly string[]): Promise<InboundParcel[]> {
    return inboundParcels(db, developerId, trackingNumbers);
  }

  onStored(handler: StoredHandler): void {
    this.#ctx.storedHandlers.push(handler);
  }

  allocate(trx: Db, owner: { developerId: string; userId: string }, trackingNumbers: readonly string[], parcelId: string, at: number): Promise<void> {
    return allocate(this.#ctx, trx, owner, trackingNumbers, parcelId, at);
  }

  release(trx: Db, developerId: string, parcelId: string, outcome: "shipped" | "restocked", at: number): Promise<void> {
    return release(this.#ctx, trx, developerId, parcelId, outcome, at);
  }

  // -------------------------------------------------------------------------------------------
  // The user's view (signed)

  async items(owner: { developerId: string; userId?: string }, query: ItemQuery): Promise<Page<ItemView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await warehouseRepo.items(this.#ctx.db, { ...owner, ...pick(query), ...(query.cursor !== undefined ? { before: query.cursor } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const parcels = await this.#parcelsOf(page);
    return { items: page.map((item) => itemView(item, parcels.get(item.inbound_id)!)), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  }

  /** One item with its photos, measurements, storage, fees and history; another user's is unknown (40401). */
  async item(owner: { developerId?: string; userId?: string }, itemId: string) {
    const item = await warehouseRepo.item(this.#ctx.db, itemId, owner.developerId);
    if (!item || (owner.userId !== undefined && item.user_id !== owner.userId)) throw notFound(`warehouse item ${itemId}`);
    const [parcel, history, fees] = await Promise.all([warehouseRepo.inbound(this.#ctx.db, item.inbound_id), warehouseRepo.history(this.#ctx.db, "item", item.id), warehouseRepo.fees(this.#ctx.db, [item.id])]);
    return itemDetail(item, parcel!, history, fees);
  }

  async inbounds(owner: { developerId?: string; userId?: string }, query: InboundQuery): Promise<Page<InboundView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await warehouseRepo.inbounds(this.#ctx.db, {
      ...owner,
      ...(query.state !== undefined ? { state: query.state } : {}),
      ...(query.trackingNumber !== undefined ? { trackingNumber: query.trackingNumber } : {}),
      ...(query.cursor !== undefined ? { before: query.cursor } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const items = await warehouseRepo.itemsOf(this.#ctx.db, page.map((p) => p.id));
    return { items: page.map((p) => inboundView(p, items.filter((i) => i.inbound_id === p.id))), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  }

  /** A user claims a HELD parcel (40401 when there is none of that number they may see). */
  async claim(owner: { developerId: string; userId: string }, trackingNumber: string, goods: ClaimedGoods): Promise<InboundView> {
    const agg = await this.#ctx.db.transaction().execute((trx) => claimParcel(this.#ctx, trx, owner, trackingNumber, goods));
    return inboundView(agg.parcel, agg.items);
  }

  // -------------------------------------------------------------------------------------------
  // Operators

  /** An operator scans a domestic parcel at the warehouse. */
  async receive(developerId: string, trackingNumber: string, carrier: string): Promise<{ outcome: ArrivalOutcome; inbound: InboundView }> {
    await this.#ctx.isSandbox(developerId); // 40401 for an unknown developer
    const outcome = await this.#ctx.db.transaction().execute(async (trx) => {
      const now = await nowOf(this.#ctx, developerId, trx);
      return receiveParcel(this.#ctx, trx, { developerId, trackingNumber, carrier, at: now, actor: ACTOR.warehouse, reason: "scanned at the warehouse" });
    });
    const [parcel] = await warehouseRepo.inboundByTracking(this.#ctx.db, developerId, [trackingNumber]);
    return { outcome, inbound: inboundView(parcel!, await warehouseRepo.itemsOf(this.#ctx.db, [parcel!.id])) };
  }

  /** An operator's check of one item: 40002 naming the field for bad input, 40401 unknown, 40901 not checkable. */
  async recordQc(itemId: string, input: QcInput): Promise<ReturnType<Warehouse["item"]>> {
    if (!Number.isSafeInteger(input.weightG) || input.weightG <= 0 || input.weightG > MAX_WEIGHT_G) throw invalid(`weightG must be a whole number of grams from 1 to ${MAX_WEIGHT_G}`);
    const peeked = await peekItem(this.#ctx.db, itemId);
    if (!QC_FROM.includes(peeked.state)) throw conflict(`warehouse item ${itemId} is ${peeked.state}: only RECEIVED or QC_ISSUE goods are checked`);
    // Photos are stored first (the picture store writes on its own); a refused one leaves the item as it was.
    const photos: string[] = [];
    for (const [i, base64] of input.photos.entries()) {
      photos.push((await this.#ctx.pictures.fromBase64({ developerId: peeked.developer_id, userId: peeked.user_id }, base64, `photos[${i}]`)).url);
    }
    await changeItem(this.#ctx, itemId, (agg, item, now) =>
      applyQc(agg, item, { weightG: input.weightG, lengthMm: input.lengthMm, widthMm: input.widthMm, heightMm: input.heightMm, photos, note: input.note, passed: input.passed }, this.#ctx.settings.storage, input.actor, now),
    );
    return this.item({}, itemId);
  }

  /** Sends an item with an issue, or one on the shelf, back to its seller. */
  async returnToSeller(itemId: string, note: string, actor: string): Promise<ReturnType<Warehouse["item"]>> {
    await changeItem(this.#ctx, itemId, (agg, item, now) => {
      if (item.state !== "QC_ISSUE" && item.state !== "STORED") throw conflict(`warehouse item ${itemId} is ${item.state}: only goods with an issue or on the shelf go back to the seller`);
      agg.moveItem(item, "RETURNED_TO_SELLER", note || "sent back to the seller", actor, new Date(now));
      agg.settle(actor, new Date(now));
    });
    return this.item({}, itemId);
  }

  /** Keeps an item with an issue as it is (the buyer accepts it): on the shelf. */
  async keep(itemId: string, note: string, actor: string): Promise<ReturnType<Warehouse["item"]>> {
    await changeItem(this.#ctx, itemId, (agg, item, now) => {
      if (item.state !== "QC_ISSUE") throw conflict(`warehouse item ${itemId} is ${item.state}: only goods with an issue wait for this decision`);
      storeItem(agg, item, this.#ctx.settings.storage, note || "kept despite the issue", actor, now);
      agg.settle(actor, new Date(now));
    });
    return this.item({}, itemId);
  }

  /** The storage run now, for one developer or all with goods on the shelf (each on their own clock). */
  async storageRun(developerId?: string): Promise<Array<{ developerId: string } & StorageRunResult>> {
    if (developerId !== undefined) await this.#ctx.isSandbox(developerId); // 40401 for an unknown developer
    const developers = developerId !== undefined ? [developerId] : await warehouseRepo.developersWithStoredItems(this.#ctx.db);
    const out = [];
    for (const id of developers) {
      const result = await this.#ctx.db.transaction().execute(async (trx) => runStorage(this.#ctx, trx, id, await nowOf(this.#ctx, id, trx)));
      out.push({ developerId: id, ...result });
    }
    return out;
  }

  async #parcelsOf(items: readonly ItemRow[]): Promise<Map<string, InboundRow>> {
    const rows = await warehouseRepo.inboundsByIds(this.#ctx.db, [...new Set(items.map((i) => i.inbound_id))]);
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function pick(query: ItemQuery): { state?: WarehouseItemState; platform?: "taobao" | "alibaba"; orderId?: string } {
  return {
    ...(query.state !== undefined ? { state: query.state } : {}),
    ...(query.platform !== undefined ? { platform: query.platform } : {}),
    ...(query.orderId !== undefined ? { orderId: query.orderId } : {}),
  };
}

