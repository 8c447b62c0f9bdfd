// Operator endpoints of Taobao orders (the admin surface, authenticated as an operator).
import { Type } from "typebox";
import { DevelopId, envelopeResponse } from "../../../platform/http/schemas.ts";
import { okOperator, type App } from "../../../platform/http/server.ts";
import type { TaobaoCommerce } from "./commerce.ts";
import { OrderId, OrderV2VO } from "./schemas.ts";

/** Operator: finance decisions on paid orders (when TAOBAO_FINANCE_AUTO_CONFIRM=false). */
export function registerCommerceAdminRoutes(app: App, commerce: TaobaoCommerce): void {
  app.post(
    "/admin/developers/:developId/taobao/orders/:orderId/finance",
    {
      schema: {
        tags: ["operator: orders"],
        summary: "Confirm or reject a paid Taobao order (finance)",
        description: "confirm: 1 → 2, then the upstream is paid (→ 10). reject: 1 → 3, the payment is credited back and the order may be paid again or cancelled; it closes 24 h later if unpaid.",
        params: Type.Object({ developId: DevelopId, orderId: OrderId }),
        body: Type.Object({ decision: Type.Union([Type.Literal("confirm"), Type.Literal("reject")], { "x-message": "decision must be confirm or reject" }) }),
        response: envelopeResponse(OrderV2VO, [40002, 40401, 40901], false),
      },
    },
    async (request) =>
      okOperator(request, await commerce.finance(request.params.developId, request.params.orderId, request.body.decision, "operator")),
  );
}
