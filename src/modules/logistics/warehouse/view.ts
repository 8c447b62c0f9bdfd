// What integrators and operators see of the warehouse: an item (with its checks, photos, storage and,
// in detail, its history and storage days) and an inbound parcel. Times are epoch ms, weights grams,
// sizes millimetres, money fen, ids strings.
import type { FeeRow, HistoryRow, InboundRow, ItemRow } from "./repo.ts";

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

export interface HistoryView {
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: number;
}

export function itemView(item: ItemRow, parcel: Pick<InboundRow, "id" | "tracking_number" | "carrier">) {
  return {
    id: item.id,
    state: item.state,
    userId: item.user_id,
    platform: item.platform,
    orderId: item.order_id,
    subOrderId: item.line_id,
    itemId: item.item_id,
    skuId: item.sku_id,
    title: item.title,
    quantityExpected: item.quantity_expected,
    quantityReceived: item.quantity_received,
    inbound: { id: parcel.id, trackingNumber: parcel.tracking_number, carrier: parcel.carrier },
    parcelId: item.parcel_id,
    weightG: item.weight_g,
    sizeMm: item.length_mm !== null && item.width_mm !== null && item.height_mm !== null ? { length: item.length_mm, width: item.width_mm, height: item.height_mm } : null,
    qc: { result: item.qc_result, note: item.qc_note, photos: JSON.parse(item.qc_photos) as string[], at: ms(item.qc_at) },
    receivedAt: ms(item.received_at),
    storedAt: ms(item.stored_at),
    freeStorageUntil: ms(item.storage_due_at),
    abandonAt: ms(item.abandon_at),
    storageFees: { chargedFen: Number(item.storage_charged_fen), owedFen: Number(item.storage_owed_fen) },
    createdAt: item.created_at.getTime(),
    updatedAt: item.updated_at.getTime(),
  };
}
export type ItemView = ReturnType<typeof itemView>;

export function historyView(rows: readonly HistoryRow[]): HistoryView[] {
  return rows.map((h) => ({ from: h.from_state, to: h.to_state, reason: h.reason, actor: h.actor, at: h.at.getTime() }));
}

export function itemDetail(item: ItemRow, parcel: InboundRow, history: readonly HistoryRow[], fees: readonly FeeRow[]) {
  return {
    ...itemView(item, parcel),
    history: historyView(history),
    storageDays: fees.map((f) => ({ day: f.day, amountFen: Number(f.amount_fen), status: f.status, reference: f.reference, at: f.at.getTime() })),
  };
}

export function inboundView(parcel: InboundRow, items: readonly ItemRow[]) {
  return {
    id: parcel.id,
    trackingNumber: parcel.tracking_number,
    carrier: parcel.carrier,
    state: parcel.state,
    userId: parcel.user_id,
    source: parcel.source,
    platform: parcel.platform,
    weightG: parcel.weight_g,
    expectedAt: ms(parcel.expected_at),
    receivedAt: ms(parcel.received_at),
    storedAt: ms(parcel.stored_at),
    holdUntil: ms(parcel.hold_until),
    createdAt: parcel.created_at.getTime(),
    items: items.map((i) => ({ id: i.id, state: i.state, title: i.title, itemId: i.item_id, skuId: i.sku_id, quantityExpected: i.quantity_expected, quantityReceived: i.quantity_received })),
  };
}
export type InboundView = ReturnType<typeof inboundView>;
