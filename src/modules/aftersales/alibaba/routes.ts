// HTTP surface of 1688 after-sales (alibaba-1688.md §4.1, §4.2, §4.4–§4.6): schema in, use case, envelope out.
import { Type } from "typebox";
import { invalid } from "../../../platform/http/errors.ts";
import { envelopeResponse } from "../../../platform/http/schemas.ts";
import { ok, type App } from "../../../platform/http/server.ts";
import type { AlibabaAftersales } from "./aftersales.ts";
import { CreateBody, LogisticsCompany, ReasonListBody, RefundIdParam, RefundInfo, RefundReason, ReturnGoodsBody } from "./schemas.ts";

const tags = ["1688: after-sales"];
const idText = (v: string | number) => String(v);
const REFUND_CALLBACK = "fires 1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND (the refund detail with previousStatus)";

export function registerAlibabaRefundRoutes(app: App, aftersales: AlibabaAftersales): void {
  app.post(
    "/v2/alibaba/refund/info",
    {
      schema: {
        tags,
        summary: "1688 query after-sales order details",
        description:
          "The refund detail (AlibabaRefundInfo, §4.1): money in fen, upstream times yyyyMMddHHmmssSSS+0800, audit times yyyy-MM-dd HH:mm:ss. refundId in the JSON body or as a query parameter (the body wins). Unknown or another user's refund: 40401.",
        body: Type.Optional(Type.Object({ refundId: Type.Optional(RefundIdParam) })),
        querystring: Type.Object({ refundId: Type.Optional(RefundIdParam) }),
        response: envelopeResponse(RefundInfo, [40401]),
      },
    },
    async (request) => {
      const refundId = request.body?.refundId ?? request.query.refundId;
      if (refundId === undefined) throw invalid("refundId is required (in the body or the query)");
      return ok(request, await aftersales.info(request.auth!, refundId));
    },
  );

  app.post(
    "/v2/alibaba/refund/reason/list",
    {
      schema: {
        tags,
        summary: "1688 query refund reasons, for creating a refund",
        description:
          "The reasons a refund of these lines may give with this goodsStatus (statuses.md §6.4): id goes into applyReasonId; needVoucher → at least one voucher; noRefundCarriage → applyCarriage 0. The order must be paid and not cancelled (40901); another user's or unknown order 40401; an entry not of the order 40002.",
        body: ReasonListBody,
        response: envelopeResponse(Type.Array(RefundReason), [40401, 40901]),
      },
    },
    async (request) => {
      const b = request.body;
      return ok(request, await aftersales.reasons(request.auth!, { orderId: idText(b.orderId), orderEntryIds: b.orderEntryIds.map(idText), goodsStatus: b.goodsStatus }));
    },
  );

  app.post(
    "/v2/alibaba/refund/detail/create",
    {
      schema: {
        tags,
        summary: "1688 create refund application",
        description: [
          "A refund of one or more lines of one order, answered {refundId}. The order must be waitsellersend, waitbuyerreceive, confirm_goods or success, and goodsStatus one its status allows (statuses.md §6.3); returnRefund only with received goods; a line with an open refund, or fully refunded: 40901.",
          "applyReasonId from refund/reason/list for the goodsStatus; vouchers (from refund/voucher/upload) when the reason needs them; applyPayment at most what the lines may still give back (unit price × count with orderEntryCountList); applyCarriage at most the order's shipping not yet refunded (0 with a noRefundCarriage reason); applyPayment + applyCarriage ≥ 1: 40002 naming the field otherwise.",
          `The refund starts in waitselleragree; the lines' refundStatus/refundId and the order's baseInfo.refundStatus follow it; ${REFUND_CALLBACK} with previousStatus null. A refund of lines whose refund was refused (waitbuyermodify) closes that one (refundclose).`,
          "The upstream refusing the refund: 40901, nothing kept. The upstream not answering: 50201; the refund is checked with the upstream later and opens (with its callback) if the upstream has it.",
        ].join(" "),
        body: CreateBody,
        response: envelopeResponse(Type.Object({ refundId: Type.String({ description: "TQ…" }) }), [40401, 40901, 50201]),
      },
    },
    async (request) => {
      const b = request.body;
      return ok(
        request,
        await aftersales.create(request.auth!, {
          orderId: idText(b.orderId),
          orderEntryIds: b.orderEntryIds.map(idText),
          disputeRequest: b.disputeRequest as "refund" | "returnRefund",
          applyPayment: b.applyPayment,
          applyCarriage: b.applyCarriage,
          applyReasonId: b.applyReasonId,
          description: b.description,
          goodsStatus: b.goodsStatus,
          ...(b.vouchers ? { vouchers: b.vouchers } : {}),
          ...(b.orderEntryCountList ? { orderEntryCountList: b.orderEntryCountList.map((e) => ({ id: idText(e.id), count: e.count })) } : {}),
        }),
      );
    },
  );

  app.post(
    "/v2/alibaba/refund/goods/return",
    {
      schema: {
        tags,
        summary: "1688 buyer submits return-goods information",
        description: `Allowed in waitbuyersend only (40901 otherwise); logisticsCompanyNo must be a companyNo of refund/logistics/company/list (40002). Moves the refund to waitsellerreceive with buyerSendGoods, buyerLogisticsName and freightBill set; ${REFUND_CALLBACK}. Unknown or another user's refund 40401; the upstream refusing 40901, not answering 50201.`,
        body: ReturnGoodsBody,
        response: envelopeResponse(Type.Boolean(), [40401, 40901, 50201]),
      },
    },
    async (request) => ok(request, await aftersales.returnGoods(request.auth!, request.body)),
  );

  app.get(
    "/v2/alibaba/refund/logistics/company/list",
    {
      schema: {
        tags,
        summary: "List of logistics companies: all logistics companies",
        description: "The carriers a return may be sent with, ordered by spelling; operator-configured.",
        response: envelopeResponse(Type.Array(LogisticsCompany), []),
      },
    },
    async (request) => ok(request, await aftersales.carriers()),
  );
}
