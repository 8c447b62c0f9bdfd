// The marketplace's seller-side events moving Taobao orders on, inside the transaction that records
// them upstream: a line built or failed to build (statuses.md T2, T5), a seller's price change (T3),
// a shipment (T12, T13). Events about purchases the platform never recorded are ignored.
import type { MarketplaceEvent } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { changeOrder, type OrderAggregate } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo } from "../repo.ts";
import { unpaidTimeoutMs, type CommerceDeps } from "./support.ts";

/** The marketplace's seller-side events, inside the transaction that records them upstream. */
export async function applyMarketplaceEvent(deps: CommerceDeps, event: MarketplaceEvent, trx: Db): Promise<void> {
  if (event.platform !== "taobao") return;
  const at = new Date(event.at);
  const actor = "upstream";
  const withOrder = async (lineId: string, change: (agg: OrderAggregate) => void) => {
    const orderId = await ordersRepo.orderOfUpstreamLine(trx, event.developerId, lineId);
    if (!orderId) return; // a purchase the platform never recorded (or a reset user's)
    await changeOrder(trx, { id: orderId, developerId: event.developerId }, change, { outbox: deps.outbox, now: event.at, closeTimeoutMs: unpaidTimeoutMs(deps) });
  };
  switch (event.kind) {
    case "line_built":
      return withOrder(event.upstreamLineId, (agg) => {
        const line = agg.lineByUpstream(event.upstreamLineId)!;
        if (line.status !== "BULIDING") return;
        const differs = line.requested_unit_price !== null && Number(line.requested_unit_price) !== event.unitPriceFen;
        agg.priceLine(line, event.unitPriceFen, event.postFeeFen, differs, at);
        agg.moveLine(line, "WAIT_BUYER_PAY", "upstream built the line", actor, at);
        agg.recomputeAmount();
        agg.moveOrder(agg.status, "line built", actor, at);
      });
    case "line_build_failed":
      return withOrder(event.upstreamLineId, (agg) => {
        const line = agg.lineByUpstream(event.upstreamLineId)!;
        if (line.status !== "BULIDING") return;
        line.error_code = event.errorCode;
        line.error_message = event.errorMessage;
        agg.moveLine(line, "TRADE_CLOSED", `upstream could not build the line: ${event.errorCode}`, actor, at, "BUILD_FAILED");
        agg.recomputeAmount();
        if (agg.openLines().length === 0 && agg.status === OrderStatus.WAIT_BUYER_PAY) agg.moveOrder(OrderStatus.CANCELLED, "every line failed to build", actor, at);
        else agg.moveOrder(agg.status, "line failed to build", actor, at);
      });
    case "price_changed":
      return withOrder(event.upstreamLineId, (agg) => {
        const line = agg.lineByUpstream(event.upstreamLineId)!;
        // T3: sellers change prices only while the order waits for payment.
        if (agg.status !== OrderStatus.WAIT_BUYER_PAY || line.status !== "WAIT_BUYER_PAY") return;
        agg.priceLine(line, event.unitPriceFen, event.postFeeFen, true, at);
        agg.recomputeAmount();
      });
    case "shipped": {
      const [first] = event.shipment.lineIds;
      if (!first) return;
      return withOrder(first, (agg) => {
        for (const lineId of event.shipment.lineIds) {
          const line = agg.lineByUpstream(lineId);
          if (!line || line.status !== "WAIT_SELLER_SEND_GOODS") continue;
          line.logistic_company_name = event.shipment.carrier;
          line.logistic_number = event.shipment.trackingNumber;
          agg.moveLine(line, "WAIT_BUYER_CONFIRM_GOODS", `shipped by ${event.shipment.carrier} ${event.shipment.trackingNumber}`, actor, at);
        }
        if (agg.status !== OrderStatus.WAIT_SELLER_SEND_GOODS) return;
        const allShipped = agg.openLines().every((l) => l.status === "WAIT_BUYER_CONFIRM_GOODS");
        // T13 when every open line has shipped; T12 (line news under status 10) otherwise.
        agg.moveOrder(allShipped ? OrderStatus.SHIPPED : OrderStatus.WAIT_SELLER_SEND_GOODS, allShipped ? "every line shipped" : "a line shipped", actor, at);
      });
    }
    default:
      // Tracking is read live from the port (logistics detail); after-sales events belong to the
      // after-sales module; 1688 receipt confirmations to the 1688 flow.
      return;
  }
}
