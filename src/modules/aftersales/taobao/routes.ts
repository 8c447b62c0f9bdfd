// HTTP surface of Taobao after-sales (taobao.md §4.1–§4.10): schema in, use case, envelope out.
import { Type } from "typebox";
import { envelopeResponse, PlainText } from "../../../platform/http/schemas.ts";
import { ok, type App } from "../../../platform/http/server.ts";
import type { TaobaoAftersales } from "./aftersales.ts";
import type { GoodsStatus, RefundType } from "./model.ts";
import {
  CancelVO,
  GoodsStatusIn,
  MessageText,
  ReasonIdIn,
  REFUND_STATUS_FILTER,
  RefundDescIn,
  RefundDetail,
  RefundFeeIn,
  RefundId,
  RefundImagesIn,
  RefundMessage,
  RefundTypeIn,
  RenderVO,
  ReturnRenderVO,
  SubOrderId,
} from "./schemas.ts";

const tags = ["taobao: after-sales"];
const CALLBACK = "Fires TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND (taobao.md §5.3).";
const EpochMs = (field: string) => Type.Integer({ minimum: 0, maximum: 99_999_999_999_999, "x-message": `${field} must be epoch milliseconds`, description: "epoch milliseconds, inclusive" });

export function registerTaobaoRefundRoutes(app: App, aftersales: TaobaoAftersales): void {
  app.post(
    "/v2/taobao/order/refund/queryList",
    {
      schema: {
        tags,
        summary: "Get reverse order list",
        description:
          "The calling user's reverse orders as TaoBaoRefundOrderDetailDTO (taobao.md §0.6), newest first. Filters combine with AND: refundId, purchaseOrderId (a taobaoPurchaseId), salesOrderId (an order's orderNo), refundStatus, creation time bounds (epoch ms, inclusive). A page past the end returns an empty `data` with the real `total`.",
        body: Type.Object({
          refundId: Type.Optional(Type.String({ maxLength: 32 })),
          purchaseOrderId: Type.Optional(Type.String({ maxLength: 32 })),
          salesOrderId: Type.Optional(Type.String({ maxLength: 32 })),
          refundStatus: Type.Optional(Type.Integer({ enum: [...REFUND_STATUS_FILTER], description: "statuses.md §4.1; the reserved 7, 8, 17 match nothing" })),
          refundStartTime: Type.Optional(EpochMs("refundStartTime")),
          refundEndTime: Type.Optional(EpochMs("refundEndTime")),
          pageNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
          pageSize: Type.Integer({ minimum: 1, maximum: 100 }),
        }),
        response: envelopeResponse(Type.Object({ total: Type.Integer(), data: Type.Array(RefundDetail) }, { title: "TaoBaoRefundOrderPage" }), []),
      },
    },
    async (request) => ok(request, await aftersales.list(request.auth!, request.body)),
  );

  app.post(
    "/v2/taobao/order/refund/render",
    {
      schema: {
        tags,
        summary: "Reverse order render",
        description: [
          "What a reverse order on one sub-order may look like for this refundType and goodsStatus. saleFlag is false (with no reasons) unless the order is 10 or 11,",
          "the line WAIT_SELLER_SEND_GOODS or WAIT_BUYER_CONFIRM_GOODS and not refunded (refundStatus 100), the combination allowed (statuses.md §4.4: unshipped 4/1; shipped 1/1, 2/1, 2/3),",
          "and no open reverse order waits for or carries a return (2, 3). goodsStatusList: the goods statuses the line may declare. maxRefundFee.refundFee: the line's goods and shipping while goodsStatus is 4, its goods otherwise.",
          "refundOrder: the line's open reverse order (to pre-fill a modification) or null. Values outside the enums: 40002. Unknown or another user's sub-order: 40401.",
        ].join(" "),
        body: Type.Object({ subOrderId: SubOrderId, refundType: RefundTypeIn, goodsStatus: GoodsStatusIn }),
        response: envelopeResponse(RenderVO, [40401]),
      },
    },
    async (request) =>
      ok(request, await aftersales.render(request.auth!, { subOrderId: String(request.body.subOrderId), refundType: request.body.refundType as RefundType, goodsStatus: request.body.goodsStatus as GoodsStatus })),
  );

  app.get(
    "/v2/taobao/order/refund/logistics/render",
    {
      schema: {
        tags,
        summary: "Return logistics render",
        description:
          "Where the goods go back (the seller's return address), the seller's note, and the carriers accepted for the return. Only while the reverse order waits for the return (status 2), otherwise 40901. Unknown or another user's reverse order: 40401.",
        querystring: Type.Object({ refundId: RefundId }),
        response: envelopeResponse(ReturnRenderVO, [40401, 40901]),
      },
    },
    async (request) => ok(request, await aftersales.returnRender(request.auth!, request.query.refundId)),
  );

  app.post(
    "/v2/taobao/order/refund/logistics/submit",
    {
      schema: {
        tags,
        summary: "Return logistics submission",
        description: [
          "The buyer has sent the goods back: allowed in reverse-order status 2 (40901 otherwise); moves it to 3 and the sub-order's refundStatus to 30 and fills refundOrderAggregate.logistics.",
          "logisticsCompanyCode must be one of the return logistics render's carriers (40002 otherwise). The upstream refusing the return: 40901 with its message; unreachable: 50201.",
          CALLBACK,
        ].join(" "),
        body: Type.Object({
          refundId: RefundId,
          logisticsCompanyCode: Type.String({ minLength: 1, maxLength: 32, description: "a code from the return logistics render" }),
          logisticsNo: PlainText("logisticsNo", { minLength: 4, maxLength: 40, pattern: "\\S", description: "tracking number, 4 to 40 characters" }),
          buyerPhone: Type.Optional(PlainText("buyerPhone", { maxLength: 32 })),
          returnGoodsDesc: Type.Optional(PlainText("returnGoodsDesc", { maxLength: 200, description: "at most 200 characters" })),
        }),
        response: envelopeResponse(Type.Boolean(), [40401, 40901, 50201]),
      },
    },
    async (request) => ok(request, await aftersales.returnSubmit(request.auth!, request.body)),
  );

  app.get(
    "/v2/taobao/order/refund/cancel/:refundId",
    {
      schema: {
        tags,
        summary: "Reverse order cancellation",
        description: [
          "The buyer revokes a reverse order in status 1, 2 or 6: it moves to 4 (closed) and the sub-order's refundStatus to -20. Status 3, 4 or 5: 40901.",
          "When the upstream refuses, the answer is still code 200 with cancelSuccess false and the unchanged aggregate. Unknown or another user's reverse order: 40401; upstream unreachable: 50201.",
          CALLBACK,
        ].join(" "),
        params: Type.Object({ refundId: RefundId }),
        response: envelopeResponse(CancelVO, [40401, 40901, 50201]),
      },
    },
    async (request) => ok(request, await aftersales.cancel(request.auth!, request.params.refundId)),
  );

  app.post(
    "/v2/taobao/order/refund/submit/message",
    {
      schema: {
        tags,
        summary: "Submit reverse message",
        description:
          "A message to the seller about an open reverse order (status 1, 2, 3, 6; otherwise 40901), with up to 5 pictures (refundImages, comma-separated addresses: the platform's own stored pictures, or addresses it fetches and stores; 40002 for one that is not a picture). Answers the stored RefundMessage. No callback.",
        body: Type.Object({ refundId: RefundId, refundMessage: MessageText, refundImages: Type.Optional(RefundImagesIn) }),
        response: envelopeResponse(RefundMessage, [40401, 40901, 50201]),
      },
    },
    async (request) => ok(request, await aftersales.sendMessage(request.auth!, request.body)),
  );

  app.post(
    "/v2/taobao/order/refund/submit",
    {
      schema: {
        tags,
        summary: "Reverse order submission",
        description: [
          "Opens a reverse order on one sub-order in status 1; the sub-order gets refundStatus 10, its refundType and goodsStatus. The checks of the render apply:",
          "a state that forbids it (order not 10/11, line not refundable, combination not allowed, an open reverse order already: use modify) is 40901; a reasonId not among the render's refundReasons",
          "or a refundFee outside minRefundFee … maxRefundFee.refundFee is 40002 naming the field. refundImages: up to 5 comma-separated picture addresses.",
          "The upstream refusing the case: 40901 with its message; unreachable: 50201 (the request is reconciled with the upstream later and appears once the upstream holds it).",
          `${CALLBACK} (previousRefundStatus null)`,
        ].join(" "),
        body: Type.Object({
          subOrderId: SubOrderId,
          refundType: RefundTypeIn,
          goodsStatus: GoodsStatusIn,
          reasonId: ReasonIdIn,
          refundFee: RefundFeeIn,
          refundDesc: Type.Optional(RefundDescIn),
          refundImages: Type.Optional(RefundImagesIn),
        }),
        response: envelopeResponse(Type.Object({ refundId: Type.String() }), [40401, 40901, 50201]),
      },
    },
    async (request) => {
      const { subOrderId, refundType, goodsStatus, ...rest } = request.body;
      return ok(request, await aftersales.submit(request.auth!, { ...rest, subOrderId: String(subOrderId), refundType: refundType as RefundType, goodsStatus: goodsStatus as GoodsStatus }));
    },
  );

  app.post(
    "/v2/taobao/order/refund/message/queryList",
    {
      schema: {
        tags,
        summary: "Query of message list",
        description: "A reverse order's conversation, oldest first: the buyer's messages, the seller's, and the platform's notes (seller agreed, refunded, closed). Unknown or another user's reverse order: 40401.",
        body: Type.Object({
          refundId: RefundId,
          pageNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: envelopeResponse(Type.Object({ total: Type.Integer(), data: Type.Array(RefundMessage) }, { title: "RefundMessagePage" }), [40401]),
      },
    },
    async (request) => ok(request, await aftersales.messages(request.auth!, request.body)),
  );

  app.post(
    "/v2/taobao/order/refund/modify",
    {
      schema: {
        tags,
        summary: "Reverse order modification",
        description: [
          "Changes a reverse order in status 1 or 6 (40901 otherwise): any of refundType, goodsStatus, reasonId, refundFee, refundDesc, refundImages, with the checks of the submission; absent fields keep their values.",
          "It returns to (or stays in) status 1, the seller's refusal cleared, the sub-order's refundStatus 10. The upstream refusing the change: 40901 with its message; unreachable: 50201.",
          CALLBACK,
        ].join(" "),
        body: Type.Object({
          refundId: RefundId,
          refundType: Type.Optional(RefundTypeIn),
          goodsStatus: Type.Optional(GoodsStatusIn),
          reasonId: Type.Optional(ReasonIdIn),
          refundFee: Type.Optional(RefundFeeIn),
          refundDesc: Type.Optional(RefundDescIn),
          refundImages: Type.Optional(RefundImagesIn),
        }),
        response: envelopeResponse(Type.Boolean(), [40401, 40901, 50201]),
      },
    },
    async (request) => {
      const { refundType, goodsStatus, ...rest } = request.body;
      return ok(
        request,
        await aftersales.modify(request.auth!, {
          ...rest,
          ...(refundType !== undefined ? { refundType: refundType as RefundType } : {}),
          ...(goodsStatus !== undefined ? { goodsStatus: goodsStatus as GoodsStatus } : {}),
        }),
      );
    },
  );

  app.get(
    "/v2/taobao/order/refund/query",
    {
      schema: {
        tags,
        summary: "Reverse order detail",
        description: "One reverse order as TaoBaoRefundOrderDetailDTO (taobao.md §0.6). Unknown or another user's reverse order: 40401.",
        querystring: Type.Object({ refundId: RefundId }),
        response: envelopeResponse(RefundDetail, [40401]),
      },
    },
    async (request) => ok(request, await aftersales.detail(request.auth!, request.query.refundId)),
  );
}
