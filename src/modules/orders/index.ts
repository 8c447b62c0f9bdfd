// The orders module's public face: the app, the sandbox, tests and benches import from here only.
import type { ModulePlugins } from "../../platform/http/server.ts";
import type { Db } from "../../platform/db/index.ts";
import { alibabaRepo } from "./alibaba/repo.ts";
import type { StoredAddress } from "./alibaba/model.ts";
import type { LogisticsItem } from "./alibaba/view.ts";
import { ordersRepo } from "./taobao/repo.ts";
import type { AlibabaCommerce } from "./alibaba/commerce.ts";
import { registerAlibabaOrderRoutes, registerCashierPage } from "./alibaba/routes.ts";
import { registerCommerceAdminRoutes } from "./taobao/admin-routes.ts";
import { registerConsoleOrderAdminRoutes, registerConsoleOrderRoutes } from "./console-routes.ts";
import type { OrdersConsole } from "./console.ts";
import type { TaobaoCommerce } from "./taobao/commerce.ts";
import { registerCommerceRoutes, registerOrderRoutes } from "./taobao/routes.ts";
import type { OrdersService } from "./taobao/service.ts";
export { OrdersService, type PageQuery } from "./taobao/service.ts";
export { OrdersConsole, type HistoryItem, type OperatorOrder, type OperatorOrderPage, type OrderCounts } from "./console.ts";
export { TaobaoCommerce, type CommerceDeps, type PayResult } from "./taobao/commerce.ts";
export * from "./taobao/model.ts";
export type { OrderV2VO } from "./taobao/view.ts";
export { AlibabaCommerce, type AlibabaDeps, type AlibabaOwner } from "./alibaba/commerce.ts";
export { AlibabaStatus, ALIBABA_STATUS_MESSAGE, ALIBABA_PRICE_MESSAGE, chinaTime, totalFen as alibabaTotalFen, upstreamTime } from "./alibaba/model.ts";
export { BUYER_ACCOUNT } from "./alibaba/view.ts";
export type { AlibabaOrderDetail } from "./alibaba/view.ts";

/**
 * The orders module's routes: reading orders and the buying flows (signed), the consoles' reads
 * (signed and operator), finance confirmation (operator), the sandbox cashier (public).
 */
export function ordersModule(deps: { orders: OrdersService; commerce: TaobaoCommerce; alibaba: AlibabaCommerce; console: OrdersConsole }): ModulePlugins {
  return {
    signed: async (app) => {
      registerOrderRoutes(app, deps.orders);
      registerCommerceRoutes(app, deps.commerce);
      registerAlibabaOrderRoutes(app, deps.alibaba);
      registerConsoleOrderRoutes(app, deps.console);
    },
    public: async (app) => registerCashierPage(app, deps.alibaba),
    operator: async (app) => {
      registerCommerceAdminRoutes(app, deps.commerce);
      registerConsoleOrderAdminRoutes(app, deps.console);
    },
  };
}

// What after-sales and logistics change orders through: the aggregates, loaded under the order's lock.
export { changeOrder, findOrderId, loadOrder, OrderAggregate, peekOrderOfLine, peekOrders, TransitionError, type HeldOrder } from "./taobao/aggregate.ts";
export type { OrderRow, SubOrderRow } from "./taobao/repo.ts";
export { changeAlibabaOrder, loadAlibabaOrder, AlibabaOrderAggregate, AlibabaTransitionError } from "./alibaba/aggregate.ts";
export type { AlibabaOrderRow, AlibabaLineRow } from "./alibaba/repo.ts";

// What the warehouse reads of orders: the purchased lines a domestic parcel carries.

/** One purchased line in a domestic parcel, as the warehouse keeps it. */
export interface ParcelLine {
  platform: "taobao" | "alibaba";
  /** Taobao OrderV2VO.id / 1688 baseInfo.id. */
  orderId: string;
  /** Taobao subOrderId / 1688 entry id (subItemID). */
  lineId: string;
  /** The line's place in its order, from 0. */
  lineIndex: number;
  userId: string;
  /** Taobao mpId / 1688 offerMapId. */
  itemId: string;
  /** Taobao mpSkuId / 1688 specId ("" without SKUs). */
  skuId: string;
  /** The catalogue product (Taobao itemMapId / 1688 offerMapId). */
  catalogId: string;
  title: string;
  quantity: number;
  carrier: string;
  /** The order's receiver name (where the sandbox's scenario words are). */
  receiverName: string;
}

/**
 * The purchased lines a domestic tracking number carries, unlocked: Taobao sub-orders by their
 * `logistic_number`, 1688 entries by their order's shipments (`logisticsBillNo`, `subItemIds`).
 * `upstreamOrderId` narrows 1688 to one order when the caller knows it.
 */
export async function linesOfParcel(db: Db, developerId: string, trackingNumber: string, upstream?: { platform: "taobao" | "alibaba"; orderId: string }): Promise<ParcelLine[]> {
  const out: ParcelLine[] = [];
  if (upstream?.platform !== "alibaba") {
    for (const line of await ordersRepo.linesShippedWith(db, developerId, trackingNumber)) {
      out.push({
        platform: "taobao",
        orderId: line.order_id,
        lineId: line.id,
        lineIndex: line.line_index,
        userId: line.user_id,
        itemId: line.mp_id ?? line.item_map_id,
        skuId: line.mp_sku_id ?? line.sku_id,
        catalogId: line.item_map_id,
        title: line.title,
        quantity: line.quantity,
        carrier: line.logistic_company_name ?? "",
        receiverName: line.receiver_name ?? "",
      });
    }
  }
  if (upstream?.platform !== "taobao") {
    const orders = await alibabaRepo.ordersShippedWith(db, developerId, trackingNumber, upstream?.platform === "alibaba" ? upstream.orderId : undefined);
    const lines = await alibabaRepo.linesOf(db, orders.map((o) => o.id));
    for (const order of orders) {
      const shipment = (JSON.parse(order.logistics!) as LogisticsItem[]).find((s) => s.logisticsBillNo === trackingNumber);
      if (!shipment) continue;
      const ids = new Set(shipment.subItemIds.split(",").filter(Boolean));
      const receiverName = (JSON.parse(order.address) as StoredAddress).fullName ?? "";
      for (const line of lines) {
        if (line.order_id !== order.id || !ids.has(line.id)) continue;
        out.push({
          platform: "alibaba",
          orderId: order.id,
          lineId: line.id,
          lineIndex: line.line_index,
          userId: order.user_id,
          itemId: line.offer_map_id,
          skuId: line.spec_id,
          catalogId: line.offer_map_id,
          title: line.name,
          quantity: line.quantity,
          carrier: shipment.logisticsCompanyName,
          receiverName,
        });
      }
    }
  }
  return out;
}

/** Whether an upstream purchase of ours still has lines its seller has not shipped (its parcels' lines may not be recorded yet). */
export function purchaseAwaitsShipment(db: Db, developerId: string, platform: "taobao" | "alibaba", upstreamOrderId: string): Promise<boolean> {
  return platform === "taobao" ? ordersRepo.purchaseAwaitsShipment(db, developerId, upstreamOrderId) : alibabaRepo.purchaseAwaitsShipment(db, developerId, upstreamOrderId);
}
