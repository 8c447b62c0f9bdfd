// Taobao order endpoints. This issue: the seed's order page (taobao.md §2.2).
import { Type } from "typebox";
import { sendOkJson, type App } from "../../platform/http/server.ts";
import { bigId, envelopeResponse, Nullable } from "../../platform/http/schemas.ts";
import { ORDER_STATUS_FILTER_VALUES } from "./model.ts";
import type { OrdersService } from "./service.ts";

const Str = Type.String();
const NStr = Nullable(Type.String());

export const SubOrderVO = Type.Object(
  {
    subOrderId: Type.String({ description: "platform sub-order id (19 digits)" }),
    orderNo: Str,
    quantity: Type.Integer(),
    title: Str,
    purchaseCurrency: Type.String({ description: "CNY" }),
    purchaseAmount: Nullable(Type.Integer({ description: "fen; null while BULIDING" })),
    itemMapId: Str,
    domesticPostFee: Type.Integer({ description: "fen" }),
    closeReason: NStr,
    skuId: Str,
    status: Type.String({ description: "BULIDING, WAIT_BUYER_PAY, WAIT_SELLER_SEND_GOODS, WAIT_BUYER_CONFIRM_GOODS, TRADE_CLOSED" }),
    goodsStatus: Nullable(Type.Integer()),
    refundType: Nullable(Type.Integer()),
    taobaoPurchaseId: Str,
    taobaoSubPurchaseId: Str,
    subOrderResult: Type.String({ description: "JSON-encoded upstream snapshot of the line (taobao.md §0.3.1)" }),
    errorCode: NStr,
    errorMessage: NStr,
    refundStatus: Type.Integer(),
  },
  { title: "SubOrderVO" },
);

export const OrderV2VO = Type.Object(
  {
    id: Type.String({ description: "platform order id (19 digits)" }),
    orderNo: Str,
    userName: Str,
    userId: Str,
    sellerOrderNumber: NStr,
    orderSource: NStr,
    createTime: Type.String({ description: "yyyy-MM-dd HH:mm:ss, UTC+8" }),
    payTime: NStr,
    purchaseAmount: Type.Integer({ description: "fen" }),
    status: Type.Integer({ description: "0 pending payment, 1 paid, 2 finance confirmed, 3 finance rejected, 4 cancelled, 10 awaiting shipment, 11 shipped" }),
    warehouseAddressInfoVO: Type.Object({
      state: NStr,
      zip: NStr,
      country: NStr,
      address: NStr,
      phone: NStr,
      city: NStr,
      district: NStr,
      name: NStr,
      mobilePhone: NStr,
      taxId: NStr,
    }),
    receiverVO: Type.Object({ zip: NStr, country: NStr, address: NStr, city: NStr, district: NStr, state: NStr }),
    remark: NStr,
    subOrderVOS: Type.Array(SubOrderVO),
  },
  { title: "OrderV2VO" },
);

const DateBound = (what: string) =>
  Type.Union([Type.String({ maxLength: 32 }), Type.Integer({ minimum: 0 }), Type.Object({})], {
    "x-message": `${what} must be "yyyy-MM-dd HH:mm:ss" (UTC+8), "yyyy-MM-dd" or epoch milliseconds`,
    description: `${what}: "yyyy-MM-dd HH:mm:ss" (UTC+8), "yyyy-MM-dd" (whole day) or epoch milliseconds; the documented DateTime object form is accepted and ignored`,
  });

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
