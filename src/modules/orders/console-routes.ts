// The consoles' order reads (DESIGNED, openpon extensions outside the PandaPon contract): the
// developer's user's order history and counts (signed), and the operators' order queue (/admin).
import { Type } from "typebox";
import { DevelopId, envelopeResponse, ID_PATTERN } from "../../platform/http/schemas.ts";
import { ok, okOperator, type App } from "../../platform/http/server.ts";
import { AlibabaStatus } from "./alibaba/model.ts";
import type { OperatorOrderQuery, OrderPlatform, OrdersConsole } from "./console.ts";
import { EMITTED_ORDER_STATUSES } from "./taobao/model.ts";

const Platform = Type.Union([Type.Literal("taobao"), Type.Literal("alibaba")], { "x-message": "platform must be taobao or alibaba" });
const OrderIdParam = Type.String({ pattern: ID_PATTERN, "x-message": "orderId must be a numeric string of 1 to 19 digits", description: "Taobao OrderV2VO.id / 1688 baseInfo.id" });

const HistoryItem = Type.Object(
  {
    subOrderId: Type.Union([Type.String(), Type.Null()], { description: "the line (Taobao subOrderId / 1688 entry id) that moved; null when the order itself moved" }),
    from: Type.Union([Type.String(), Type.Null()], { description: "the status before (as text); null for the first entry" }),
    to: Type.String({ description: "the status after (as text)" }),
    reason: Type.Union([Type.String(), Type.Null()]),
    actor: Type.String({ description: "who moved it (buyer, seller, finance, operator, system…)" }),
    at: Type.Number({ description: "when, epoch ms (the developer's test clock in the sandbox)" }),
  },
  { title: "OrderHistoryItem" },
);

const StatusCounts = (platform: string) =>
  Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { description: `${platform} orders by status as the /v2 wire shows it (statuses without orders are absent)` });

const OrderCounts = Type.Object({ taobao: StatusCounts("Taobao"), alibaba: StatusCounts("1688") }, { title: "OrderCounts" });

const OperatorOrder = Type.Object(
  {
    platform: Platform,
    orderId: Type.String(),
    developId: Type.String(),
    userId: Type.String(),
    status: Type.Union([Type.Integer(), Type.String()], { description: "as the /v2 wire shows it: Taobao an integer, 1688 a string" }),
    payAmount: Type.Integer({ description: "fen: Taobao purchaseAmount, 1688 goods + shipping + discount" }),
    createdAt: Type.Number({ description: "epoch ms" }),
    updatedAt: Type.Number({ description: "epoch ms" }),
  },
  { title: "OperatorOrder" },
);

const OperatorOrderPage = Type.Object(
  {
    items: Type.Array(OperatorOrder, { description: "newest first" }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: "pass as `after` for the next (older) page; null on the last page" }),
  },
  { title: "OperatorOrderPage" },
);

export function registerConsoleOrderRoutes(app: App, reads: OrdersConsole): void {
  app.get(
    "/developer/orders/:platform/:orderId/history",
    {
      schema: {
        tags: ["developer: orders"],
        summary: "The status history of one of the calling user's orders, oldest first",
        description:
          "DESIGNED (openpon extension, outside the PandaPon contract). Every move of the order and of its lines: from, to, why and by whom. Scoped like the /v2 detail routes: another user-id's or another developer's order is 40401.",
        params: Type.Object({ platform: Platform, orderId: OrderIdParam }),
        response: envelopeResponse(Type.Array(HistoryItem), [40401]),
      },
    },
    async (request) => {
      const { platform, orderId } = request.params as { platform: OrderPlatform; orderId: string };
      return ok(request, await reads.history(request.auth!, platform, orderId));
    },
  );

  app.get(
    "/developer/orders/counts",
    {
      schema: {
        tags: ["developer: orders"],
        summary: "The calling user's orders counted by status, per platform",
        description:
          "DESIGNED (openpon extension, outside the PandaPon contract). Read from the counters the /v2 order pages total: Taobao statuses as integers' text (\"0\", \"1\", …), 1688 statuses as their names (\"waitbuyerpay\", …).",
        response: envelopeResponse(OrderCounts, []),
      },
    },
    async (request) => ok(request, await reads.counts(request.auth!)),
  );
}

export function registerConsoleOrderAdminRoutes(app: App, reads: OrdersConsole): void {
  app.get(
    "/admin/orders",
    {
      schema: {
        tags: ["operator: orders"],
        summary: "Orders of every developer (or one), newest first: the finance queue and stuck orders",
        description: [
          "One platform per call, newest first (by id), keyset-paged: pass `nextCursor` as `after`.",
          "`platform=taobao&status=1`: paid orders awaiting the finance decision (POST /admin/developers/{developId}/taobao/orders/{orderId}/finance).",
          "`stuckMinutes=N`: orders whose status has not changed for at least N minutes (Taobao: the status change time; 1688: the last update), by the server's clock — any status unless `status` is given.",
          "1688 orders still being bought upstream are not listed (as on the /v2 pages).",
        ].join(" "),
        querystring: Type.Object({
          platform: Platform,
          status: Type.Optional(
            Type.String({
              maxLength: 32,
              description: `Taobao: one of ${EMITTED_ORDER_STATUSES.join(", ")}; 1688: one of ${Object.values(AlibabaStatus).join(", ")}`,
            }),
          ),
          developId: Type.Optional(DevelopId),
          stuckMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 5_256_000, description: "only orders whose status has not changed for at least this many minutes" })),
          after: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the previous page's nextCursor" })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: "orders per page, 1 to 100" })),
        }),
        response: envelopeResponse(OperatorOrderPage, [40002], false),
      },
    },
    async (request) => okOperator(request, await reads.operatorPage(request.query as OperatorOrderQuery)),
  );
}
