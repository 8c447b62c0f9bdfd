// What a real upstream's current view of one purchase means as marketplace events. A live
// connector's pushes and polls only say that a purchase changed; the platform then reads the purchase
// (its lines, parcels and after-sales cases) and turns what it finds into the same events the sandbox
// sellers send. Each event's key is derived from the fact it reports (a line built, a parcel shipped,
// a case at revision n), so reading the same purchase twice appends nothing new: the inbox ignores a
// repeated key, and its handlers ignore a change already made.
import type { MarketplaceEvent, Platform, PurchaseOrder, RefundCase, Shipment } from "../port.ts";

export interface UpstreamView {
  order: PurchaseOrder;
  /** Every parcel carrying a line of the purchase (any order; deduplicated by tracking number). */
  shipments: Shipment[];
  /** The purchase's after-sales cases the platform follows, as the upstream has them now. */
  refunds: RefundCase[];
}

export interface DerivedEvent {
  /** Unique per fact, within the connector. */
  eventKey: string;
  event: MarketplaceEvent;
}

const CLOSED: Record<Platform, ReadonlySet<string>> = {
  taobao: new Set(["TRADE_CLOSED"]),
  alibaba: new Set(["cancel", "terminated"]),
};
const AWAITING_PAYMENT: Record<Platform, string> = { taobao: "WAIT_BUYER_PAY", alibaba: "waitbuyerpay" };
const RECEIVED = new Set(["confirm_goods", "success"]);

/** The events that bring the platform to the upstream's view of one purchase, in the order they happened. */
export function deriveEvents(developerId: string, view: UpstreamView, now: number): DerivedEvent[] {
  const { order } = view;
  const platform = order.platform;
  const orderId = order.upstreamOrderId;
  const base = { platform, developerId, upstreamOrderId: orderId, clientRef: order.clientRef };
  const out: DerivedEvent[] = [];
  const add = (key: string, at: number, event: DistributiveOmit<MarketplaceEvent, keyof typeof base | "at">) =>
    out.push({ eventKey: `${orderId}:${key}`, event: { ...base, at, ...event } as MarketplaceEvent });

  for (const line of order.lines) {
    const id = line.upstreamLineId;
    const priced = line.unitPriceFen !== null && line.postFeeFen !== null;
    if (platform === "taobao") {
      if (priced && line.status !== "BULIDING") add(`built:${id}`, order.createdAt, { kind: "line_built", upstreamLineId: id, unitPriceFen: line.unitPriceFen!, postFeeFen: line.postFeeFen! });
      else if (CLOSED.taobao.has(line.status) && line.errorCode !== null) {
        add(`build-failed:${id}`, order.createdAt, { kind: "line_build_failed", upstreamLineId: id, errorCode: line.errorCode, errorMessage: line.errorMessage ?? line.errorCode });
      }
    }
    // A price as it stands while the purchase waits for payment: a seller's change shows as a new price.
    if (priced && line.status === AWAITING_PAYMENT[platform]) {
      add(`price:${id}:${line.unitPriceFen}:${line.postFeeFen}`, now, { kind: "price_changed", upstreamLineId: id, unitPriceFen: line.unitPriceFen!, postFeeFen: line.postFeeFen! });
    }
  }

  if (order.lines.length > 0 && order.lines.every((line) => CLOSED[platform].has(line.status)) && order.paidAt === null) {
    add("closed", now, { kind: "order_closed", reason: order.lines.find((l) => l.errorCode)?.errorCode ?? `closed at the upstream (${order.status})` });
  }

  const seen = new Set<string>();
  for (const shipment of [...view.shipments].sort((a, b) => a.shippedAt - b.shippedAt)) {
    if (seen.has(shipment.trackingNumber)) continue;
    seen.add(shipment.trackingNumber);
    add(`shipped:${shipment.trackingNumber}`, shipment.shippedAt, { kind: "shipped", shipment });
    for (const step of [...shipment.trace].sort((a, b) => a.at - b.at)) {
      add(`trace:${shipment.trackingNumber}:${step.at}:${step.status}`, step.at, { kind: "tracking", trackingNumber: shipment.trackingNumber, event: step });
    }
  }

  if (platform === "alibaba") {
    const received = order.lines.filter((line) => RECEIVED.has(line.status)).map((line) => line.upstreamLineId);
    if (received.length > 0) add(`received:${received.join(",")}`, now, { kind: "receipt_confirmed", lineIds: received, automatic: false });
  }

  for (const refund of view.refunds) {
    add(`refund:${refund.refundId}:${refund.revision}`, refund.updatedAt, { kind: "refund_changed", refund });
  }
  return out;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
