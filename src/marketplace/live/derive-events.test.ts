import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveEvents, type UpstreamView } from "./derive-events.ts";
import type { PurchaseLineState, PurchaseOrder, RefundCase, Shipment } from "../port.ts";

const line = (over: Partial<PurchaseLineState>): PurchaseLineState => ({
  lineNo: "1",
  upstreamLineId: "500000000001",
  productId: "p",
  skuId: "s",
  quantity: 2,
  status: "BULIDING",
  unitPriceFen: null,
  postFeeFen: null,
  errorCode: null,
  errorMessage: null,
  trackingNumbers: [],
  ...over,
});
const order = (over: Partial<PurchaseOrder>): PurchaseOrder => ({
  platform: "taobao",
  clientRef: "ref-1",
  upstreamOrderId: "400000000001",
  owner: { developerId: "7", userId: "9" },
  shopId: 1,
  status: "WAIT_BUYER_PAY",
  lines: [],
  createdAt: 1_000,
  paidAt: null,
  ...over,
});
const view = (o: PurchaseOrder, more: Partial<UpstreamView> = {}): UpstreamView => ({ order: o, shipments: [], refunds: [], ...more });
const kinds = (v: UpstreamView) => deriveEvents("7", v, 5_000).map((e) => `${e.event.kind} ${e.eventKey}`);

test("a Taobao line still building says nothing; once priced it is built, and its price while unpaid is reported", () => {
  assert.deepEqual(kinds(view(order({ lines: [line({})] }))), []);
  assert.deepEqual(kinds(view(order({ lines: [line({ status: "WAIT_BUYER_PAY", unitPriceFen: 990, postFeeFen: 100 })] }))), [
    "line_built 400000000001:built:500000000001",
    "price_changed 400000000001:price:500000000001:990:100",
  ]);
});

test("the same view gives the same keys (so a repeated read appends nothing); a new price gives a new key", () => {
  const a = deriveEvents("7", view(order({ lines: [line({ status: "WAIT_BUYER_PAY", unitPriceFen: 990, postFeeFen: 100 })] })), 1);
  const b = deriveEvents("7", view(order({ lines: [line({ status: "WAIT_BUYER_PAY", unitPriceFen: 990, postFeeFen: 100 })] })), 2);
  assert.deepEqual(a.map((e) => e.eventKey), b.map((e) => e.eventKey));
  const c = deriveEvents("7", view(order({ lines: [line({ status: "WAIT_BUYER_PAY", unitPriceFen: 800, postFeeFen: 100 })] })), 3);
  assert.notDeepEqual(a.map((e) => e.eventKey), c.map((e) => e.eventKey));
  assert.ok(a.every((e) => e.event.developerId === "7" && e.event.clientRef === "ref-1" && e.event.upstreamOrderId === "400000000001"));
});

test("a Taobao line that failed to build is reported with its code, and an order closed unpaid is closed", () => {
  const failed = line({ status: "TRADE_CLOSED", errorCode: "OUT_OF_STOCK", errorMessage: "sold out" });
  const events = deriveEvents("7", view(order({ status: "TRADE_CLOSED", lines: [failed] })), 5);
  assert.deepEqual(events.map((e) => e.event.kind), ["line_build_failed", "order_closed"]);
  assert.equal((events[1]!.event as { reason: string }).reason, "OUT_OF_STOCK");
});

test("parcels are shipped once each (by tracking number), then their trace in time order", () => {
  const shipment: Shipment = {
    carrier: "中通",
    carrierCode: "ZTO",
    trackingNumber: "ZT1",
    upstreamOrderId: "400000000001",
    lineIds: ["500000000001"],
    shippedAt: 3_000,
    trace: [
      { at: 4_000, status: "TRANSPORT", description: "运输中", city: "杭州" },
      { at: 3_000, status: "ACCEPT", description: "已揽收", city: "杭州" },
    ],
  };
  const o = order({ status: "WAIT_BUYER_CONFIRM_GOODS", paidAt: 2_000, lines: [line({ status: "WAIT_BUYER_CONFIRM_GOODS", unitPriceFen: 990, postFeeFen: 0, trackingNumbers: ["ZT1"] })] });
  assert.deepEqual(kinds(view(o, { shipments: [shipment, shipment] })), [
    "line_built 400000000001:built:500000000001",
    "shipped 400000000001:shipped:ZT1",
    "tracking 400000000001:trace:ZT1:3000:ACCEPT",
    "tracking 400000000001:trace:ZT1:4000:TRANSPORT",
  ]);
});

test("1688: no build events; received lines confirm receipt; a case is reported at its revision", () => {
  const entry = "1234567890123456789";
  const refund = { refundId: "88", revision: 3, updatedAt: 9_000 } as RefundCase;
  const o = order({ platform: "alibaba", upstreamOrderId: "9234567890123456789", status: "confirm_goods", paidAt: 1, lines: [line({ upstreamLineId: entry, status: "confirm_goods", unitPriceFen: 100, postFeeFen: 0 })] });
  assert.deepEqual(kinds(view(o, { refunds: [refund] })), [`receipt_confirmed 9234567890123456789:received:${entry}`, "refund_changed 9234567890123456789:refund:88:3"]);
  const unpaid = order({ platform: "alibaba", status: "waitbuyerpay", lines: [line({ upstreamLineId: entry, status: "waitbuyerpay", unitPriceFen: 100, postFeeFen: 50 })] });
  assert.deepEqual(kinds(view(unpaid)), [`price_changed 400000000001:price:${entry}:100:50`]);
  const cancelled = order({ platform: "alibaba", status: "cancel", lines: [line({ upstreamLineId: entry, status: "cancel", unitPriceFen: 100, postFeeFen: 50 })] });
  assert.deepEqual(kinds(view(cancelled)), ["order_closed 400000000001:closed"]);
});
