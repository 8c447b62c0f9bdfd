// An inbound parcel with its items, loaded under the parcel's row lock: every change of either goes
// through here, is checked against its transition map and written to the history, and saving it says
// what moved (for callbacks, the parcels waiting for it, storage and the sandbox's next steps).
import type { Db } from "../../../platform/db/index.ts";
import { conflict } from "../../../platform/http/errors.ts";
import { canMoveInbound, canMoveItem, settledInboundState, type InboundState, type WarehouseItemState } from "./model.ts";
import { warehouseRepo, type InboundRow, type ItemRow, type NewHistory, type NewItem } from "./repo.ts";

/** An item whose state changed in this load: as it is now, and the state it had when loaded (null: created). */
export interface ItemChange {
  item: ItemRow;
  previousState: WarehouseItemState | null;
}

export interface SavedChanges {
  parcel: InboundRow;
  /** The parcel's state when loaded (null: created in this load), and whether it changed. */
  previousParcelState: InboundState | null;
  items: ItemChange[];
}

export class InboundAggregate {
  readonly parcel: InboundRow;
  readonly items: ItemRow[];
  readonly #previousParcelState: InboundState | null;
  readonly #previousItemStates = new Map<string, WarehouseItemState | null>();
  readonly #created = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #history: NewHistory[] = [];
  readonly #droppedIds: string[] = [];
  #parcelDirty = false;

  constructor(parcel: InboundRow, items: ItemRow[], created: boolean) {
    this.parcel = parcel;
    this.items = items;
    this.#previousParcelState = created ? null : parcel.state;
    for (const item of items) this.#previousItemStates.set(item.id, item.state);
  }

  get changed(): boolean {
    return this.#history.length > 0 || this.#parcelDirty || this.#dirty.size > 0 || this.#droppedIds.length > 0;
  }

  item(id: string): ItemRow | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Records the parcel's first state (it was just inserted). */
  created(reason: string, actor: string, at: Date): void {
    this.#history.push(this.#historyRow("inbound", this.parcel.id, null, this.parcel.state, reason, actor, at));
  }

  moveParcel(to: InboundState, reason: string, actor: string, at: Date): void {
    const from = this.parcel.state;
    if (!canMoveInbound(from, to)) throw conflict(`inbound parcel ${this.parcel.tracking_number} is ${from}: it cannot become ${to}`);
    this.parcel.state = to;
    this.parcel.updated_at = at;
    if (to === "RECEIVED") this.parcel.received_at = at;
    if (to === "STORED") this.parcel.stored_at = at;
    this.#parcelDirty = true;
    this.#history.push(this.#historyRow("inbound", this.parcel.id, from, to, reason, actor, at));
  }

  /** Marks the parcel's own fields (not its state) as changed. */
  touchParcel(at: Date): void {
    this.parcel.updated_at = at;
    this.#parcelDirty = true;
  }

  addItem(row: Omit<NewItem, "tracking_number"> & { id: string; state: WarehouseItemState }, reason: string, actor: string, at: Date): ItemRow {
    const item = {
      platform: null,
      order_id: null,
      line_id: null,
      catalog_id: null,
      quantity_received: null,
      weight_g: null,
      length_mm: null,
      width_mm: null,
      height_mm: null,
      qc_result: null,
      qc_note: null,
      qc_photos: "[]",
      qc_at: null,
      qc_by: null,
      received_at: null,
      stored_at: null,
      storage_due_at: null,
      abandon_at: null,
      storage_days: 0,
      storage_charged_fen: "0",
      storage_owed_fen: "0",
      parcel_id: null,
      version: 0,
      ...row,
      tracking_number: this.parcel.tracking_number,
    } as ItemRow;
    this.items.push(item);
    this.#created.add(item.id);
    this.#previousItemStates.set(item.id, null);
    this.#history.push(this.#historyRow("item", item.id, null, item.state, reason, actor, at));
    return item;
  }

  moveItem(item: ItemRow, to: WarehouseItemState, reason: string, actor: string, at: Date): void {
    const from = item.state;
    if (!canMoveItem(from, to)) throw conflict(`warehouse item ${item.id} is ${from}: it cannot become ${to}`);
    item.state = to;
    item.updated_at = at;
    this.#dirty.add(item.id);
    this.#history.push(this.#historyRow("item", item.id, from, to, reason, actor, at));
  }

  /** Marks an item's own fields (not its state) as changed. */
  touchItem(item: ItemRow, at: Date): void {
    item.updated_at = at;
    this.#dirty.add(item.id);
  }

  /** Drops items never received (the announced contents replaced by the real ones). */
  dropUnreceived(): ItemRow[] {
    const dropped = this.items.filter((i) => i.state === "EXPECTED" && !this.#created.has(i.id));
    for (const item of dropped) {
      this.items.splice(this.items.indexOf(item), 1);
      this.#dirty.delete(item.id);
      this.#previousItemStates.delete(item.id);
    }
    this.#droppedIds.push(...dropped.map((i) => i.id));
    return dropped;
  }

  /** A received parcel whose items are all checked (or gone back) is STORED (or RETURNED_TO_SELLER). */
  settle(actor: string, at: Date): void {
    if (this.parcel.state !== "RECEIVED") return;
    const settled = settledInboundState(this.items);
    if (settled) this.moveParcel(settled, settled === "STORED" ? "every item checked" : "every item went back to the seller", actor, at);
  }

  async save(trx: Db): Promise<SavedChanges> {
    await warehouseRepo.deleteItems(trx, this.#droppedIds);
    if (this.#parcelDirty) await warehouseRepo.updateInbound(trx, this.parcel);
    await warehouseRepo.insertItems(
      trx,
      this.items.filter((i) => this.#created.has(i.id)).map(({ version: _v, ...row }) => row),
    );
    for (const item of this.items) if (this.#dirty.has(item.id) && !this.#created.has(item.id)) await warehouseRepo.updateItem(trx, item);
    await warehouseRepo.insertHistory(trx, this.#history);
    const items = this.items
      .filter((i) => this.#previousItemStates.get(i.id) !== i.state)
      .map((item) => ({ item, previousState: this.#previousItemStates.get(item.id) ?? null }));
    return { parcel: this.parcel, previousParcelState: this.#previousParcelState, items };
  }

  #historyRow(subject: "inbound" | "item", id: string, from: string | null, to: string, reason: string, actor: string, at: Date): NewHistory {
    return { developer_id: this.parcel.developer_id, subject, subject_id: id, from_state: from, to_state: to, reason: reason.slice(0, 500), actor, at };
  }
}

/** The parcel and its items under the parcel's lock; undefined when there is no such parcel. */
export async function loadInbound(trx: Db, where: { developerId: string; trackingNumber: string } | { id: string }, created = false): Promise<InboundAggregate | undefined> {
  const parcel = await warehouseRepo.lockInbound(trx, where);
  if (!parcel) return undefined;
  return new InboundAggregate(parcel, await warehouseRepo.itemsOf(trx, [parcel.id]), created);
}
