// Taobao order endpoints (taobao.md §2.1–§2.8) and create-from-cart (§3.2). Thin: schema in, one
// call (OrdersService for the page, TaobaoCommerce for the rest), envelope out.
import { Type } from "typebox";
import type { FastifyRequest } from "fastify";
import { checkValue } from "../../../platform/http/validation.ts";
import { bigId, envelopeResponse } from "../../../platform/http/schemas.ts";
import { invalid } from "../../../platform/http/errors.ts";
import { nulPath } from "../../../platform/http/json.ts";
import { checkIdempotencyKey } from "../../../platform/idempotency.ts";
import { ok, sendOkJson, type App } from "../../../platform/http/server.ts";
import { checkBodyUser, OrderAddress, type OrderAddressInput } from "../../cart/index.ts";
import type { TaobaoCommerce } from "./commerce.ts";
import { ORDER_STATUS_FILTER_VALUES } from "./model.ts";
import { CreateBody, DateBound, LogisticsDetail, OrderId, OrderLines, OrderV2VO, PayResult, type OrderLineWire } from "./schemas.ts";
import type { OrdersService } from "./service.ts";
import { MAX_ORDER_LINES, type OrderLineInput } from "./use-cases/create.ts";
import { MAX_PAY_ORDERS } from "./use-cases/pay.ts";

const tags = ["taobao: orders"];

const IDEMPOTENCY = [
  "Idempotency-Key (DESIGNED, optional header, 1–255 visible ASCII characters): a repeat with the same key and the same body",
  "returns the first answer without doing the work again — also while the first is still running (the repeat waits);",
  "the same key with a different body is refused with 40901. Keys are kept per user.",
].join(" ");

function parseJsonField(text: string, field: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`${field} is not valid JSON`);
  }
  // The body's own NUL check cannot see inside a JSON string; PostgreSQL cannot store NUL.
  const at = nulPath(value);
  if (at !== undefined) throw invalid(`${field}${at === "" || at.startsWith("[") ? at : `.${at}`} must not contain the NUL character (\\u0000)`);
  return value;
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers["idempotency-key"];
  return checkIdempotencyKey(Array.isArray(raw) ? raw[0] : raw);
}

const int = (v: number | string) => (typeof v === "number" ? v : Number(v));

export function registerOrderRoutes(app: App, orders: OrdersService): void {
  app.post(
    "/v2/taobao/order/page",
    {
      schema: {
        tags: ["taobao: orders"],
        summary: "Taobao order page query",
        description:
          "The calling user's orders, ascending createTime then id. All filters optional. `status` also accepts the reserved 5, 9, 12, which match nothing. A page past the end returns an empty `data` with the real `total`.",
        body: Type.Object({
          id: Type.Optional(bigId("id", "order id")),
          orderNo: Type.Optional(Type.String({ maxLength: 32, description: "order number" })),
          status: Type.Optional(Type.Integer({ enum: [...ORDER_STATUS_FILTER_VALUES], description: "order status" })),
          sellerNick: Type.Optional(Type.String({ maxLength: 100, description: "seller nickname on any of the order's lines" })),
          beginDateTime: Type.Optional(DateBound("beginDateTime")),
          endDateTime: Type.Optional(DateBound("endDateTime")),
          pageNum: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: envelopeResponse(Type.Object({ total: Type.Integer(), data: Type.Array(OrderV2VO) }, { title: "OpenPageVOOrderV2VO" }), []),
      },
    },
    async (request, reply) => {
      const { total, views } = await orders.page(request.auth!, request.body);
      const body: Array<Buffer | string> = [`{"total":${total},"data":[`];
      views.forEach((view, i) => body.push(...(i === 0 ? [view] : [",", view])));
      body.push("]}");
      return sendOkJson(request, reply, body);
    },
  );
}

export function registerCommerceRoutes(app: App, commerce: TaobaoCommerce): void {
  app.post(
    "/v2/taobao/order",
    {
      schema: {
        tags,
        summary: "Create Taobao order",
        description: [
          "The order starts at status 0 with every line BULIDING (purchaseAmount null); the upstream then prices each line (WAIT_BUYER_PAY) or fails it (TRADE_CLOSED, BUILD_FAILED),",
          "firing TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY, and TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY when the price differs from the line's `price`.",
          "orderLineList and receiver may be objects or (v1) JSON strings. One upstream purchase per shop (taobaoPurchaseId), one sub-purchase per line.",
          "Idempotent on (user, orderSource, sellerOrderNumber) among orders not cancelled: the existing order is returned unchanged.",
          IDEMPOTENCY,
          "40401: unknown itemId/skuId. 40002: malformed input or purchaseAmount below the lines' total. 50201: the upstream failed (nothing is created).",
        ].join(" "),
        body: CreateBody,
        response: envelopeResponse(OrderV2VO, [40401, 40901, 50201]),
      },
    },
    async (request) => {
      const body = request.body;
      const rawLines = typeof body.orderLineList === "string" ? parseJsonField(body.orderLineList, "orderLineList") : body.orderLineList;
      const lines = checkValue<OrderLineWire[]>(OrderLines, rawLines, "orderLineList");
      const rawReceiver = typeof body.receiver === "string" ? parseJsonField(body.receiver, "receiver") : body.receiver;
      const receiver = checkValue<OrderAddressInput>(OrderAddress, rawReceiver, "receiver");
      const input = {
        lines: lines.map(
          (l): OrderLineInput => ({
            itemId: l.itemId,
            skuId: l.skuId,
            quantity: int(l.quantity),
            price: int(l.price),
            orderLineNo: String(l.orderLineNo),
            ...(l.currency !== undefined ? { currency: l.currency } : {}),
            ...(l.title !== undefined ? { title: l.title } : {}),
          }),
        ),
        receiver,
        orderSource: body.orderSource,
        sellerOrderNumber: body.sellerOrderNumber,
        purchaseAmount: body.purchaseAmount,
        remark: body.remark,
      };
      for (const [i, line] of input.lines.entries()) {
        if (line.quantity < 1 || line.quantity > 99_999) throw invalid(`orderLineList[${i}].quantity must be between 1 and 99999`);
      }
      return ok(request, await commerce.createOrder(request.auth!, input, idempotencyKey(request)));
    },
  );

  app.post(
    "/v2/taobao/cart/create/order",
    {
      schema: {
        tags: ["taobao: cart"],
        summary: "Create order from the cart",
        description: [
          "One sub-order per cart row, orderLineNo \"1\", \"2\", … in ids order, each at the row's current price. Every row must be available (preview's `available`), else 40901 and nothing is created.",
          "The rows leave the cart in the order's transaction. Then exactly as POST /v2/taobao/order.",
          IDEMPOTENCY,
        ].join(" "),
        body: Type.Object({
          ids: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: MAX_ORDER_LINES, uniqueItems: true, description: "cart row ids" }),
          orderAddress: OrderAddress,
          userId: Type.Optional(Type.String({ maxLength: 32, description: "must equal the user-id header when present" })),
          orderSource: Type.Optional(Type.String({ maxLength: 64 })),
          sellerOrderNumber: Type.Optional(Type.String({ maxLength: 64 })),
          remark: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: envelopeResponse(OrderV2VO, [40401, 40901, 50201]),
      },
    },
    async (request) => {
      const { userId, ...body } = request.body;
      checkBodyUser(request.auth!, userId);
      return ok(request, await commerce.createFromCart(request.auth!, body, idempotencyKey(request)));
    },
  );

  app.post(
    "/v2/taobao/order/cancel",
    {
      schema: {
        tags,
        summary: "Cancel order",
        description:
          "Allowed in status 0 and 3 (40901 otherwise); the order moves to 4 and every open line to TRADE_CLOSED (closeReason BUYER_CANCEL). Cancelling a cancelled order returns true again.",
        body: Type.Object({ orderId: OrderId, cancelReason: Type.Optional(Type.String({ maxLength: 200 })), remark: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: envelopeResponse(Type.Boolean(), [40401, 40901]),
      },
    },
    async (request) => ok(request, await commerce.cancel(request.auth!, request.body.orderId, request.body.cancelReason)),
  );

  app.post(
    "/v2/taobao/order/updateWarehouse",
    {
      schema: {
        tags,
        summary: "Modify the pre-warehouse information of an order",
        description:
          "Sets warehouseAddressInfoVO.address and receiverVO.address to warehouseAddress and warehouseAddressInfoVO.name to warehouseName. Allowed in 0, 1, 2, 3, 10; 40901 in 4 and 11. No callback.",
        body: Type.Object({
          orderId: OrderId,
          warehouseAddress: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
          warehouseName: Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" }),
        }),
        response: envelopeResponse(OrderV2VO, [40401, 40901]),
      },
    },
    async (request) => ok(request, await commerce.updateWarehouse(request.auth!, request.body.orderId, request.body.warehouseAddress, request.body.warehouseName)),
  );

  app.post(
    "/v2/taobao/order/pay",
    {
      schema: {
        tags,
        summary: "Pay for orders",
        description: [
          `1 to ${MAX_PAY_ORDERS} orders, each in status 0 or 3 with every open line WAIT_BUYER_PAY and purchaseAmount > 0 (40901 otherwise, nothing debited); unknown ids 40401.`,
          "Σ purchaseAmount is debited from the developer balance in one step (40201 if short, nothing debited). Each order → 1 with payTime;",
          "with TAOBAO_FINANCE_AUTO_CONFIRM (default) finance confirms at once (→ 2) and the platform pays the upstream (→ 10, lines WAIT_SELLER_SEND_GOODS);",
          "`status` in the answer is each order's status after the call. Every status change fires TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY.",
          IDEMPOTENCY,
        ].join(" "),
        body: Type.Object({
          orderIds: Type.Array(OrderId, { minItems: 1, maxItems: MAX_PAY_ORDERS, description: `OrderV2VO.id values, 1 to ${MAX_PAY_ORDERS}` }),
        }),
        response: envelopeResponse(PayResult, [40201, 40401, 40901]),
      },
    },
    async (request) => ok(request, await commerce.pay(request.auth!, request.body.orderIds, idempotencyKey(request))),
  );

  app.post(
    "/v2/taobao/order/page/link/get",
    {
      schema: {
        tags,
        summary: "Get IM link",
        description:
          "A link that opens the seller chat: sourceType `item` with a product id (opaque, mpId or numeric), or `order` (DESIGNED) with a taobaoPurchaseId of one of the user's orders. The address carries a one-time loginToken. loginName, password, pageName and pageParamMap are ignored. Unknown item or order: 40401.",
        body: Type.Object({
          sourceType: Type.Union([Type.Literal("item"), Type.Literal("order")], { "x-message": "sourceType must be item or order" }),
          bizId: Type.String({ minLength: 1, maxLength: 64 }),
          loginName: Type.Optional(Type.Unknown()),
          password: Type.Optional(Type.Unknown()),
          pageName: Type.Optional(Type.Unknown()),
          pageParamMap: Type.Optional(Type.Unknown()),
        }),
        response: envelopeResponse(Type.String({ description: "the chat address" }), [40401, 50201]),
      },
    },
    async (request) => ok(request, await commerce.imLink(request.auth!, request.body.sourceType, request.body.bizId)),
  );

  app.get(
    "/v2/taobao/order/detail/get",
    {
      schema: {
        tags,
        summary: "Get order details according to order ID",
        description: "One of orderId / orderNo. Unknown or another user's order: 40401.",
        querystring: Type.Object({ orderId: Type.Optional(Type.String({ maxLength: 32 })), orderNo: Type.Optional(Type.String({ maxLength: 32 })) }),
        response: envelopeResponse(OrderV2VO, [40401]),
      },
    },
    async (request, reply) => sendOkJson(request, reply, [await commerce.detail(request.auth!, request.query)]),
  );

  app.get(
    "/v2/taobao/order/logistics/detail/get",
    {
      schema: {
        tags,
        summary: "Get logistics details",
        description:
          "One call per line (taobaoSubPurchaseId); a line may travel in several parcels; `pnmLogisticsDetails` is [] before it ships. Traces oldest first, times yyyy-MM-dd HH:mm:ss (UTC+8), every leaf a string. Not one of the user's lines: 40401.",
        querystring: Type.Object({ subPurchaseOrderId: Type.String({ minLength: 1, maxLength: 32, description: "the line's taobaoSubPurchaseId" }) }),
        response: envelopeResponse(LogisticsDetail, [40401, 50201]),
      },
    },
    async (request) => ok(request, await commerce.logistics(request.auth!, request.query.subPurchaseOrderId)),
  );
}
