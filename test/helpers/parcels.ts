// An international logistics order for goods already stored in the sandbox warehouse, through the
// signed API as an integrator books one: each line on its cheapest service to the US (§2.1), booked and
// paid from the balance (§2.4), its domestic parcels declared (§2.3) — the goods are stored, so the
// order is IN_WAREHOUSE at once; the sandbox packs it 2 h later on the developer's clock.
import assert from "node:assert/strict";
import type { LogisticsBooking, ReceiverAddressTO } from "@openpon/sdk";
import type { TestDeveloper } from "./server.ts";

export interface StoredItem {
  id: string;
  state: string;
  orderId: string | null;
  itemId: string;
  skuId: string;
  quantityExpected: number;
  quantityReceived: number | null;
  parcelId: string | null;
  inbound: { trackingNumber: string; carrier: string };
}

export const RECEIVER_US: ReceiverAddressTO = {
  name: "Ofir Birinbaum",
  phone: "5083326888",
  address: "5818 WHITSETT AVE 401",
  country: "US",
  state: "California",
  city: "VALLEY VLG",
  zip: "91607",
};

/** The user's warehouse items, of one platform order when given (GET /warehouse/items?orderId=). */
export async function storedItems(dev: TestDeveloper, orderId?: string): Promise<StoredItem[]> {
  return (await dev.client.request<{ items: StoredItem[] }>("GET", "/warehouse/items", { query: { limit: 100, orderId } })).items;
}

/** Books and declares one logistics order carrying `items` (stored goods of the user), one line per SKU. */
export async function bookStored(dev: TestDeveloper, items: readonly StoredItem[]): Promise<LogisticsBooking> {
  assert.ok(items.length > 0 && items.every((i) => i.state === "STORED"), "stored goods");
  const lines = new Map<string, { itemId: string; skuId: string; quantity: number; parcels: Map<string, string> }>();
  for (const item of items) {
    const key = `${item.itemId}/${item.skuId}`;
    const line = lines.get(key) ?? { itemId: item.itemId, skuId: item.skuId, quantity: 0, parcels: new Map() };
    line.quantity += item.quantityReceived ?? item.quantityExpected;
    line.parcels.set(item.inbound.trackingNumber, item.inbound.carrier);
    lines.set(key, line);
  }
  const wanted = [...lines.values()];
  const lineItems = [];
  for (const l of wanted) {
    const quotes = await dev.client.logistics.estimate({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, currency: "CNY", price: "10", receiverAddress: RECEIVER_US });
    assert.ok(quotes.length > 0, `a service serves ${l.itemId}`);
    lineItems.push({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, title: "goods", imageUrl: null, freightInfo: { serviceId: quotes[0]!.serviceId } });
  }
  const booked = await dev.client.logistics.book({ receiverAddress: RECEIVER_US, lineItems });
  const declared = await dev.client.logistics.declare({
    orderId: booked.orderId,
    logisticInfos: wanted.map((l) => ({
      lineItem: { itemId: l.itemId, skuId: l.skuId, quantity: l.quantity },
      domesticLogisticInfo: [...l.parcels].map(([number, carrier]) => ({ logisticNumer: number, logisticCompanyName: carrier })),
    })),
  });
  assert.equal(declared, true);
  return booked;
}
