// The marketplace's events moving 1688 orders on, applied from the marketplace inbox in the
// platform's own transaction: a seller's price change before payment (1688-PRICE), shipments
// (waitsellersend → waitbuyerreceive once every line shipped, with the automatic receipt scheduled),
// the upstream's automatic receipt confirmation, a seller closing an unpaid order. An event whose order
// is still being recorded, or that comes before the change it follows (a shipment before the payment
// is applied), waits (NotYet) and is retried; a stale or foreign one changes nothing and says why.
import type { Applied, MarketplaceInbox } from "../../../../marketplace/inbox.ts";
import type { MarketplaceEvent } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { NotYet } from "../../../../platform/jobs/runner.ts";
import { loadAlibabaOrder, type AlibabaOrderAggregate } from "../aggregate.ts";
import { AlibabaStatus, upstreamTime } from "../model.ts";
import type { LogisticsItem } from "../view.ts";
import { confirmLines } from "./receive-goods.ts";
import { AUTO_RECEIPT_JOB, subjectOf, type AlibabaDeps } from "./support.ts";

const ACTOR = "upstream";

async function applyTo(deps: AlibabaDeps, trx: Db, event: MarketplaceEvent, change: (agg: AlibabaOrderAggregate) => PendingWrite[] | void): Promise<Applied> {
  if (event.clientRef === null) return { ignored: "a purchase made outside the platform (no client reference)" };
  const agg = await loadAlibabaOrder(trx, { developerId: event.developerId, clientRef: event.clientRef });
  if (!agg) return { ignored: `no 1688 order has client reference ${event.clientRef}` };
  if (agg.order.purchase_state === "PURCHASING") throw new NotYet(`order ${agg.order.id} is still being recorded`);
  const writes = change(agg) ?? [];
  if (!agg.changed) return { ignored: "already applied, or no longer applicable" };
  await agg.save(trx, deps.outbox, event.at, writes);
  return "applied";
}

export function registerAlibabaMarketplaceHandlers(deps: AlibabaDeps, inbox: MarketplaceInbox): void {
  inbox.on("alibaba", "price_changed", (trx, event) =>
    applyTo(deps, trx, event, (agg) => {
      if (agg.status !== AlibabaStatus.WAIT_BUYER_PAY) return;
      const line = agg.lineByUpstream(event.upstreamLineId);
      if (!line || (Number(line.unit_price_fen) === event.unitPriceFen && Number(line.post_fee_fen) === event.postFeeFen)) return;
      const at = new Date(event.at);
      agg.priceLine(line, event.unitPriceFen, event.postFeeFen, at);
      agg.moveOrder(AlibabaStatus.WAIT_BUYER_PAY, `seller changed the price of entry ${line.id}`, ACTOR, at);
    }),
  );

  inbox.on("alibaba", "shipped", (trx, event) =>
    applyTo(deps, trx, event, (agg) => {
      if (agg.status === AlibabaStatus.WAIT_BUYER_PAY) throw new NotYet(`order ${agg.order.id} is not paid yet`);
      if (agg.status !== AlibabaStatus.WAIT_SELLER_SEND) return;
      const { shipment } = event;
      const items = agg.order.logistics ? (JSON.parse(agg.order.logistics) as LogisticsItem[]) : [];
      if (items.some((i) => i.logisticsBillNo === shipment.trackingNumber)) return;
      const at = new Date(event.at);
      const lines = shipment.lineIds.map((id) => agg.lineByUpstream(id)).filter((l) => l !== undefined && l.status === AlibabaStatus.WAIT_SELLER_SEND);
      for (const line of lines) agg.moveLine(line!, AlibabaStatus.WAIT_BUYER_RECEIVE, `shipped ${shipment.carrierCode} ${shipment.trackingNumber}`, ACTOR, at);
      items.push({
        logisticsId: `LP${shipment.trackingNumber}`,
        logisticsBillNo: shipment.trackingNumber,
        logisticsCode: shipment.carrierCode,
        logisticsCompanyName: shipment.carrier,
        deliveredTime: upstreamTime(shipment.shippedAt),
        subItemIds: lines.map((l) => l!.id).join(","),
        type: null,
      });
      agg.order.logistics = JSON.stringify(items);
      agg.touch();
      if (agg.lines.some((l) => l.status === AlibabaStatus.WAIT_SELLER_SEND)) return;
      agg.order.shipped_at = at;
      agg.moveOrder(AlibabaStatus.WAIT_BUYER_RECEIVE, "every line shipped", ACTOR, at);
      return [deps.jobs.scheduleWrite(trx, [{ developerId: agg.order.developer_id, dueAtMs: event.at + deps.autoReceiptMs, kind: AUTO_RECEIPT_JOB, subject: subjectOf(agg.order.id), payload: { orderId: agg.order.id } }]).write];
    }),
  );

  inbox.on("alibaba", "receipt_confirmed", (trx, event) =>
    applyTo(deps, trx, event, (agg) => {
      if (agg.status !== AlibabaStatus.WAIT_BUYER_RECEIVE) return;
      const named = event.lineIds.map((id) => agg.lineByUpstream(id)).filter((l) => l !== undefined && l.status === AlibabaStatus.WAIT_BUYER_RECEIVE);
      return confirmLines(deps, trx, agg, named.map((l) => l!), event.automatic ? "the upstream confirmed receipt automatically" : "receipt confirmed upstream", ACTOR, event.at);
    }),
  );

  inbox.on("alibaba", "order_closed", (trx, event) =>
    applyTo(deps, trx, event, (agg) => {
      if (agg.status !== AlibabaStatus.WAIT_BUYER_PAY) return;
      const at = new Date(event.at);
      agg.moveLinesFrom(AlibabaStatus.WAIT_BUYER_PAY, AlibabaStatus.CANCEL, `the seller closed the order: ${event.reason}`, ACTOR, at);
      agg.moveOrder(AlibabaStatus.CANCEL, `the seller closed the order: ${event.reason}`, ACTOR, at, "SELLER_CLOSED");
    }),
  );

  // 1688 lines are priced at creation, never built. Tracking events belong to the warehouse.
  inbox.on("alibaba", "line_built", async () => ({ ignored: "1688 lines are priced at creation" }));
  inbox.on("alibaba", "line_build_failed", async () => ({ ignored: "1688 lines are priced at creation" }));
}
