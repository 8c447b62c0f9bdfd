// The marketplace's events moving Taobao orders on, each applied from the marketplace inbox in the
// platform's own transaction: a line built or failed to build (statuses.md T2, T5), a seller's price
// change (T3), a shipment (T12, T13). An event whose order is still being recorded, or that comes
// before the change it follows (a price change before the line is built, a shipment before the
// payment is applied), waits (NotYet) and is retried; an event about a purchase the platform never
// recorded, or one already applied, changes nothing and says why.
import type { MarketplaceInbox, Applied } from "../../../../marketplace/inbox.ts";
import type { MarketplaceEvent } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { NotYet } from "../../../../platform/jobs/runner.ts";
import { loadOrder, type OrderAggregate } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo, type SubOrderRow } from "../repo.ts";
import { unpaidTimeoutMs, type CommerceDeps } from "./support.ts";

const ACTOR = "upstream";

/**
 * Loads the event's order under its lock (by the purchase's client reference, or by its upstream
 * line for purchases recorded before references), lets `change` move it and saves it: "applied" when
 * it changed. Throws NotYet while the order is still being recorded.
 */
async function applyTo(deps: CommerceDeps, trx: Db, event: MarketplaceEvent, upstreamLineId: string, change: (agg: OrderAggregate) => void): Promise<Applied> {
  if (event.platform !== "taobao") return { ignored: "not a Taobao purchase (1688 orders are not kept yet)" };
  let agg: OrderAggregate | undefined;
  if (event.clientRef !== null) {
    agg = await loadOrder(trx, { developerId: event.developerId, clientRef: event.clientRef });
    if (!agg) return { ignored: `no order has client reference ${event.clientRef}` };
    if (agg.order.purchase_state === "PURCHASING") throw new NotYet(`order ${agg.order.id} is still being recorded`);
  } else {
    const orderId = await ordersRepo.orderOfUpstreamLine(trx, event.developerId, upstreamLineId);
    agg = orderId ? await loadOrder(trx, { id: orderId, developerId: event.developerId }) : undefined;
    if (!agg) return { ignored: `no order has upstream line ${upstreamLineId}` };
  }
  change(agg);
  await agg.save(trx, deps.outbox, event.at, unpaidTimeoutMs(deps));
  return agg.changed ? "applied" : { ignored: "already applied, or no longer applicable" };
}

function lineOf(agg: OrderAggregate, upstreamLineId: string): SubOrderRow {
  const line = agg.lineByUpstream(upstreamLineId);
  if (!line) throw new Error(`order ${agg.order.id} has no upstream line ${upstreamLineId}`);
  return line;
}

export function registerMarketplaceHandlers(deps: CommerceDeps, inbox: MarketplaceInbox): void {
  inbox.on("taobao", "line_built", (trx, event) => {
    const at = new Date(event.at);
    return applyTo(deps, trx, event, event.upstreamLineId, (agg) => {
      const line = lineOf(agg, event.upstreamLineId);
      if (line.status !== "BULIDING") return;
      const differs = line.requested_unit_price !== null && Number(line.requested_unit_price) !== event.unitPriceFen;
      agg.priceLine(line, event.unitPriceFen, event.postFeeFen, differs, at);
      agg.moveLine(line, "WAIT_BUYER_PAY", "upstream built the line", ACTOR, at);
      agg.recomputeAmount();
      agg.moveOrder(agg.status, "line built", ACTOR, at);
    });
  });

  inbox.on("taobao", "line_build_failed", (trx, event) => {
    const at = new Date(event.at);
    return applyTo(deps, trx, event, event.upstreamLineId, (agg) => {
      const line = lineOf(agg, event.upstreamLineId);
      if (line.status !== "BULIDING") return;
      line.error_code = event.errorCode;
      line.error_message = event.errorMessage;
      agg.moveLine(line, "TRADE_CLOSED", `upstream could not build the line: ${event.errorCode}`, ACTOR, at, "BUILD_FAILED");
      agg.recomputeAmount();
      if (agg.openLines().length === 0 && agg.status === OrderStatus.WAIT_BUYER_PAY) agg.moveOrder(OrderStatus.CANCELLED, "every line failed to build", ACTOR, at);
      else agg.moveOrder(agg.status, "line failed to build", ACTOR, at);
    });
  });

  inbox.on("taobao", "price_changed", (trx, event) => {
    const at = new Date(event.at);
    return applyTo(deps, trx, event, event.upstreamLineId, (agg) => {
      const line = lineOf(agg, event.upstreamLineId);
      if (line.status === "BULIDING") throw new NotYet(`line ${line.id} is not built yet`);
      // T3: sellers change prices only while the order waits for payment.
      if (agg.status !== OrderStatus.WAIT_BUYER_PAY || line.status !== "WAIT_BUYER_PAY") return;
      // A live upstream's view repeats the price it already has: no change, no callback.
      if (Number(line.purchase_amount) === event.unitPriceFen * line.quantity && Number(line.domestic_post_fee) === event.postFeeFen) return;
      agg.priceLine(line, event.unitPriceFen, event.postFeeFen, true, at);
      agg.recomputeAmount();
    });
  });

  inbox.on("taobao", "shipped", (trx, event) => {
    const at = new Date(event.at);
    const [first] = event.shipment.lineIds;
    if (!first) return Promise.resolve({ ignored: "a shipment without lines" });
    return applyTo(deps, trx, event, first, (agg) => {
      const lines = event.shipment.lineIds.map((id) => agg.lineByUpstream(id)).filter((line): line is SubOrderRow => line !== undefined);
      // Shipped before the payment it follows is applied here (the upstream was paid, our order not moved on yet).
      const paying = agg.status === OrderStatus.PAID || agg.status === OrderStatus.FINANCE_PASSED;
      if (lines.some((line) => line.status === "BULIDING" || (paying && line.status === "WAIT_BUYER_PAY"))) throw new NotYet(`order ${agg.order.id} is not paid here yet`);
      for (const line of lines) {
        if (line.status !== "WAIT_SELLER_SEND_GOODS") continue;
        line.logistic_company_name = event.shipment.carrier;
        line.logistic_number = event.shipment.trackingNumber;
        agg.moveLine(line, "WAIT_BUYER_CONFIRM_GOODS", `shipped by ${event.shipment.carrier} ${event.shipment.trackingNumber}`, ACTOR, at);
      }
      if (agg.status !== OrderStatus.WAIT_SELLER_SEND_GOODS || !agg.changed) return;
      const allShipped = agg.openLines().every((l) => l.status === "WAIT_BUYER_CONFIRM_GOODS");
      // T13 when every open line has shipped; T12 (line news under status 10) otherwise.
      agg.moveOrder(allShipped ? OrderStatus.SHIPPED : OrderStatus.WAIT_SELLER_SEND_GOODS, allShipped ? "every line shipped" : "a line shipped", ACTOR, at);
    });
  });

  // Taobao has no order status after shipment (statuses.md §2.1), so a receipt confirmation changes
  // nothing here. Tracking events belong to the warehouse (a parcel signed for is goods received).
  inbox.on("taobao", "receipt_confirmed", async () => ({ ignored: "Taobao orders have no status after shipment" }));
  inbox.on("taobao", "order_closed", async (trx, event) => {
    if (event.platform !== "taobao") return { ignored: "1688 orders are not kept yet" };
    return { ignored: `the seller closed purchase ${event.upstreamOrderId}: ${event.reason} (closing is applied through its lines' events)` };
  });
  // Refund events (refund_decided, return_received, refund_paid) belong to after-sales: without a
  // handler they wait in the inbox and are dead-lettered for an operator, never dropped.
}
