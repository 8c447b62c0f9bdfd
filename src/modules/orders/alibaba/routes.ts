// 1688 order endpoints (alibaba-1688.md §2.6, §3.1–§3.11) and the sandbox cashier page. Thin: schema
// in, one AlibabaCommerce call, envelope out.
import { Type, type Static } from "typebox";
import type { FastifyRequest } from "fastify";
import { envelopeResponse, PlainText } from "../../../platform/http/schemas.ts";
import { checkIdempotencyKey } from "../../../platform/idempotency.ts";
import { ok, type App } from "../../../platform/http/server.ts";
import { AlibabaPreviewResult, checkBodyUser, checkedAlibabaAddress, checkedCargo, type AlibabaCargoInput } from "../../cart/index.ts";
import type { AlibabaCommerce } from "./commerce.ts";
import { STATUS_FILTER_VALUES } from "./model.ts";
import { AddressParam as AlibabaAddressParam, BatchPayVO, CargoParam, CreateFields, OrderDetail, OrderIdParam, OrderPage, PayOrderVO, ReceiveVO, TraceVO } from "./schemas.ts";
import { MAX_CARGO } from "./use-cases/create.ts";
import { MAX_BATCH_PAY } from "./use-cases/pay.ts";

const tags = ["1688: orders"];

const IDEMPOTENCY =
  "Idempotency-Key (DESIGNED, optional header, 1–255 visible ASCII characters): a repeat with the same key and body returns the first answer without creating again (also while the first still runs); the same key with another body is 40901.";

function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers["idempotency-key"];
  return checkIdempotencyKey(Array.isArray(raw) ? raw[0] : raw);
}

const idText = (v: string | number) => String(v);

const addressOf = (input: unknown) => checkedAlibabaAddress(input);
const cargoOf = (list: AlibabaCargoInput[]) => list.map((c, i) => checkedCargo(c, `cargoParamList[${i}]`));

const CreateBody = Type.Object({ ...CreateFields, cargoParamList: Type.Array(CargoParam, { minItems: 1, maxItems: MAX_CARGO, description: `1 to ${MAX_CARGO} lines` }) });

function createInput(body: Static<typeof CreateBody>) {
  const { userId: _u, cargoParamList, addressParam, ...rest } = body;
  return { ...rest, addressParam: addressOf(addressParam), cargo: cargoOf(cargoParamList) };
}

export function registerAlibabaOrderRoutes(app: App, commerce: AlibabaCommerce): void {
  const PreviewBody = Type.Object({ addressParam: AlibabaAddressParam, cargoParamList: Type.Array(CargoParam, { minItems: 1, maxItems: MAX_CARGO }) });
  const previewRoute = (path: string, summary: string, description: string) =>
    app.post(path, { schema: { tags, summary, description, body: PreviewBody, response: envelopeResponse(AlibabaPreviewResult, []) } }, async (request) => {
      addressOf(request.body.addressParam);
      return ok(request, await commerce.preview(request.auth!, cargoOf(request.body.cargoParamList)));
    });
  previewRoute(
    "/v2/alibaba/order/create/preview",
    "Preview before creating an order",
    "The preview result (§0.5): one PreviewResult per seller (lines of several sellers are previewed per seller, as previewbatch). Each cargo's resultCode: NOT_FOUND, SPEC_REQUIRED, SELLER_MISMATCH, OFFLINE, OUT_OF_STOCK, BELOW_MINIMUM fail its seller order. Amounts in fen. Changes nothing.",
  );
  previewRoute(
    "/v2/alibaba/order/create/previewbatch",
    "Preview before order creation, different merchants",
    "The preview result (§0.5), one PreviewResult per seller in order of first appearance; success is false if any seller order fails. Amounts in fen. Changes nothing.",
  );

  app.post(
    "/v2/alibaba/order/create",
    {
      schema: {
        tags,
        summary: "Create order (one seller)",
        description: [
          "Every cargo line of one seller (lines of several sellers: 40002, use batch/create). The line must pass the preview checks (published, stock, minimum order quantity, spec): 40901 naming the failing lines otherwise, nothing created.",
          "The order is `waitbuyerpay` and fires 1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY (previousStatus null). Unpaid orders close after ALIBABA_UNPAID_TIMEOUT (24 h).",
          IDEMPOTENCY,
        ].join(" "),
        body: CreateBody,
        response: envelopeResponse(OrderDetail, [40401, 40901, 50201]),
      },
    },
    async (request) => {
      checkBodyUser(request.auth!, request.body.userId);
      return ok(request, await commerce.create(request.auth!, createInput(request.body), idempotencyKey(request)));
    },
  );

  app.post(
    "/v2/alibaba/order/batch/create",
    {
      schema: {
        tags,
        summary: "Batch create orders, different merchants",
        description: [
          "Lines are grouped by seller; each group becomes one order (`waitbuyerpay`), answered in order of the sellers' first appearance.",
          "All or nothing: if any seller's group fails the preview checks, or its upstream purchase fails, 40901 (or 50201) names the failing lines and nothing is created.",
          "transferAccountImgs / transferAccountRemark are stored for the operator. Each new order fires 1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY with previousStatus null.",
          IDEMPOTENCY,
        ].join(" "),
        body: CreateBody,
        response: envelopeResponse(Type.Array(OrderDetail), [40401, 40901, 50201]),
      },
    },
    async (request) => {
      checkBodyUser(request.auth!, request.body.userId);
      return ok(request, await commerce.batchCreate(request.auth!, createInput(request.body), idempotencyKey(request)));
    },
  );

  app.post(
    "/v2/alibaba/cart/create/order",
    {
      schema: {
        tags: ["1688: cart"],
        summary: "Create order from the cart",
        description: [
          "The cart rows become one order per seller, all or nothing (40901 naming the failing rows); the ordered rows leave the cart in the same transaction. Rows not in the user's cart: 40401.",
          IDEMPOTENCY,
        ].join(" "),
        body: Type.Object({ ...CreateFields, cartIds: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: MAX_CARGO, description: "cart row ids" }) }),
        response: envelopeResponse(Type.Array(OrderDetail), [40401, 40901, 50201]),
      },
    },
    async (request) => {
      const { userId, addressParam, ...rest } = request.body;
      checkBodyUser(request.auth!, userId);
      return ok(request, await commerce.createFromCart(request.auth!, { ...rest, addressParam: addressOf(addressParam) }, idempotencyKey(request)));
    },
  );

  app.post(
    "/v2/alibaba/order/page",
    {
      schema: {
        tags,
        summary: "Order list",
        description: "The calling user's 1688 orders, newest first, in the 1688 page shape. Times `yyyy-MM-dd HH:mm:ss` (UTC+8), inclusive.",
        body: Type.Object({
          pageNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
          beginPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: "alias of pageNo" })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          orderId: Type.Optional(OrderIdParam),
          status: Type.Optional(Type.String({ enum: [...STATUS_FILTER_VALUES], "x-message": `status must be one of ${STATUS_FILTER_VALUES.join(", ")}` })),
          createStartTime: Type.Optional(PlainText("createStartTime", { maxLength: 19 })),
          createEndTime: Type.Optional(PlainText("createEndTime", { maxLength: 19 })),
        }),
        response: envelopeResponse(OrderPage, []),
      },
    },
    async (request) => {
      const b = request.body;
      return ok(
        request,
        await commerce.page(request.auth!, {
          pageNo: b.pageNo ?? b.beginPage,
          pageSize: b.pageSize,
          orderId: b.orderId === undefined ? undefined : idText(b.orderId),
          status: b.status,
          createStartTime: b.createStartTime,
          createEndTime: b.createEndTime,
        }),
      );
    },
  );

  app.post(
    "/v2/alibaba/order/cancel",
    {
      schema: {
        tags,
        summary: "Cancel order before payment",
        description: "Allowed in waitbuyerpay only (40901 otherwise); the order moves to cancel with closeReason BUYER_CANCEL and fires 1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY. A cancelled order answers true again.",
        body: Type.Object({
          webSite: Type.Literal("1688", { "x-message": 'webSite must be "1688"' }),
          orderId: OrderIdParam,
          cancelReason: PlainText("cancelReason", { minLength: 1, maxLength: 200 }),
          remark: Type.Optional(PlainText("remark", { maxLength: 500 })),
        }),
        response: envelopeResponse(Type.Boolean(), [40401, 40901]),
      },
    },
    async (request) => ok(request, await commerce.cancel(request.auth!, idText(request.body.orderId), request.body.cancelReason, request.body.remark)),
  );

  app.get(
    "/v2/alibaba/order/pay/url",
    {
      schema: {
        tags,
        summary: "Order payment",
        description: [
          "ALIBABA_PAY_MODE `balance` (default): the order's totalAmount is debited from the balance (40201 if short) and it moves to waitsellersend; protocolPaySuccess true.",
          "`cashier`: nothing is debited; payUrl opens the platform's sandbox cashier page (sandbox developers), where the order moves on when a person pays.",
          "An order not in waitbuyerpay answers protocolPaySuccess false with cantPayOrderList [orderId]. Another user's order: 40401.",
        ].join(" "),
        querystring: Type.Object({ orderId: Type.String({ pattern: "^\\d{1,19}$", "x-message": "orderId must be a numeric id (a string of up to 19 digits)" }) }),
        response: envelopeResponse(PayOrderVO, [40201, 40401, 50201]),
      },
    },
    async (request) => ok(request, await commerce.payUrl(request.auth!, request.query.orderId)),
  );

  app.post(
    "/v2/alibaba/order/batch/submit/to/pay",
    {
      schema: {
        tags,
        summary: "Developer batch submission of 1688 orders for payment",
        description: `1 to ${MAX_BATCH_PAY} orders. Orders not in waitbuyerpay (or not the user's) go to cantPayOrderList; the rest are paid from the balance in one debit (40201 if short, nothing paid); none payable: 40901. Each paid order moves to waitsellersend.`,
        body: Type.Object({ orderIds: Type.Array(OrderIdParam, { minItems: 1, maxItems: MAX_BATCH_PAY }) }),
        response: envelopeResponse(BatchPayVO, [40201, 40901]),
      },
    },
    async (request) => ok(request, await commerce.batchPay(request.auth!, request.body.orderIds.map(idText))),
  );

  app.post(
    "/v2/alibaba/order/receivegoods",
    {
      schema: {
        tags,
        summary: "Buyer confirms receipt",
        description:
          "Allowed in waitbuyerreceive; the named lines (all when orderEntryIds is absent or empty) become confirm_goods; with every line confirmed the order becomes confirm_goods, then success after settlement (ALIBABA_SETTLE_DELAY, default at once). A wrong state answers success false with errorCode STATE_CONFLICT. Unknown order: 40401.",
        body: Type.Object({ orderId: OrderIdParam, orderEntryIds: Type.Optional(Type.Array(OrderIdParam, { maxItems: 100 })) }),
        response: envelopeResponse(ReceiveVO, [40401, 50201]),
      },
    },
    async (request) => ok(request, await commerce.receiveGoods(request.auth!, idText(request.body.orderId), (request.body.orderEntryIds ?? []).map(idText))),
  );

  app.get(
    "/v2/alibaba/order/logistics/trace",
    {
      schema: {
        tags,
        summary: "Get logistics tracking information",
        description: "One element per domestic shipment, steps oldest first (acceptTime yyyy-MM-dd HH:mm:ss, UTC+8); [] before shipment. Another user's order: 40401.",
        querystring: Type.Object({ orderId: Type.String({ pattern: "^\\d{1,19}$", "x-message": "orderId must be a numeric id (a string of up to 19 digits)" }) }),
        response: envelopeResponse(TraceVO, [40401, 50201]),
      },
    },
    async (request) => ok(request, await commerce.trace(request.auth!, request.query.orderId)),
  );

  app.post(
    "/v2/alibaba/product/openuid/decrypt",
    {
      schema: {
        tags,
        summary: "1688 convert and decrypt to Wangwang nickname",
        description: "The seller's Wangwang nickname for an opaque seller id. Unknown seller: 40401.",
        body: Type.Object({ openUid: PlainText("openUid", { minLength: 1, maxLength: 64 }), offerId: Type.Optional(PlainText("offerId", { maxLength: 64 })) }),
        response: envelopeResponse(Type.Object({ wangwangNick: Type.String() }), [40401, 50201]),
      },
    },
    async (request) => ok(request, await commerce.decryptOpenUid(request.auth!, request.body.openUid)),
  );
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sandbox cashier (§3.9 `cashier` mode): a page a person opens at payUrl, with a "pay" button. Public: its address is the credential. */
export function registerCashierPage(app: App, commerce: AlibabaCommerce): void {
  const Token = Type.Object({ token: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }) });
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title><body style="font-family:sans-serif;max-width:36em;margin:3em auto">${body}</body></html>`;
  app.get("/cashier/1688/:token", { schema: { hide: true, params: Token } }, async (request, reply) => {
    const view = await commerce.cashierView(request.params.token);
    reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer").header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    if (!view) return reply.code(404).type("text/html; charset=utf-8").send(page("Not found", "<h1>No such payment</h1>"));
    const rows = view.lines.map((l) => `<tr><td>${escape(l.name)}</td><td>${l.quantity}</td><td>¥${(l.amountFen / 100).toFixed(2)}</td></tr>`).join("");
    const action =
      view.status === "waitbuyerpay"
        ? `<form method="post"><button id="pay" type="submit" style="font-size:1.2em;padding:.5em 2em">Pay ¥${(view.amountFen / 100).toFixed(2)}</button></form>`
        : `<p id="state">This order is <b>${escape(view.status)}</b>${view.status === "waitsellersend" ? ": paid, thank you." : "."}</p>`;
    return reply
      .type("text/html; charset=utf-8")
      .send(page(`Sandbox cashier · 1688 order ${view.orderId}`, `<h1>Sandbox cashier</h1><p>1688 order <code id="order">${view.orderId}</code> from ${escape(view.seller)}</p><table>${rows}</table><p>Total <b id="amount">¥${(view.amountFen / 100).toFixed(2)}</b></p>${action}<p><small>openpon sandbox: no real money moves.</small></p>`));
  });
  app.post("/cashier/1688/:token", { schema: { hide: true, params: Token } }, async (request, reply) => {
    // Same-origin form posts only (a cross-site page cannot make a person pay).
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== "null" && new URL(origin).host !== request.headers.host) return reply.code(403).send("cross-site payment refused");
    const outcome = await commerce.cashierPay(request.params.token);
    if (!outcome) return reply.code(404).type("text/html; charset=utf-8").send(page("Not found", "<h1>No such payment</h1>"));
    return reply.redirect(`/cashier/1688/${request.params.token}`, 303);
  });
}
