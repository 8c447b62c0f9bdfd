// The orders module's public face: the app, the sandbox, tests and benches import from here only.
import type { ModulePlugins } from "../../platform/http/server.ts";
import type { AlibabaCommerce } from "./alibaba/commerce.ts";
import { registerAlibabaOrderRoutes, registerCashierPage } from "./alibaba/routes.ts";
import { registerCommerceAdminRoutes } from "./taobao/admin-routes.ts";
import type { TaobaoCommerce } from "./taobao/commerce.ts";
import { registerCommerceRoutes, registerOrderRoutes } from "./taobao/routes.ts";
import type { OrdersService } from "./taobao/service.ts";
export { OrdersService, type PageQuery } from "./taobao/service.ts";
export { TaobaoCommerce, type CommerceDeps, type PayResult } from "./taobao/commerce.ts";
export * from "./taobao/model.ts";
export type { OrderV2VO } from "./taobao/view.ts";
export { AlibabaCommerce, type AlibabaDeps, type AlibabaOwner } from "./alibaba/commerce.ts";
export { AlibabaStatus, ALIBABA_STATUS_MESSAGE, ALIBABA_PRICE_MESSAGE, chinaTime, totalFen as alibabaTotalFen, upstreamTime } from "./alibaba/model.ts";
export { BUYER_ACCOUNT } from "./alibaba/view.ts";
export type { AlibabaOrderDetail } from "./alibaba/view.ts";

/** The orders module's routes: reading orders and the buying flows (signed), finance confirmation (operator), the sandbox cashier (public). */
export function ordersModule(deps: { orders: OrdersService; commerce: TaobaoCommerce; alibaba: AlibabaCommerce }): ModulePlugins {
  return {
    signed: async (app) => {
      registerOrderRoutes(app, deps.orders);
      registerCommerceRoutes(app, deps.commerce);
      registerAlibabaOrderRoutes(app, deps.alibaba);
    },
    public: async (app) => registerCashierPage(app, deps.alibaba),
    operator: async (app) => registerCommerceAdminRoutes(app, deps.commerce),
  };
}

// What after-sales and logistics change orders through: the aggregates, loaded under the order's lock.
export { changeOrder, findOrderId, loadOrder, OrderAggregate, peekOrderOfLine, peekOrders, TransitionError, type HeldOrder } from "./taobao/aggregate.ts";
export type { OrderRow, SubOrderRow } from "./taobao/repo.ts";
export { changeAlibabaOrder, loadAlibabaOrder, AlibabaOrderAggregate, AlibabaTransitionError } from "./alibaba/aggregate.ts";
export type { AlibabaOrderRow, AlibabaLineRow } from "./alibaba/repo.ts";
