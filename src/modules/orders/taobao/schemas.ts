// TypeBox schemas of the Taobao order endpoints: the views of taobao.md §0.2–§0.4 (OrderV2VO,
// SubOrderVO) and the request and answer bodies of §2.1–§2.8. Kept apart from the routes so that
// the routes file reads as the list of endpoints.
import { Type, type Static } from "typebox";
import { Nullable } from "../../../platform/http/schemas.ts";
import { OrderAddress } from "../../cart/index.ts";
import { MAX_ORDER_LINES } from "./use-cases/create.ts";

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

export const DateBound = (what: string) =>
  Type.Union([Type.String({ maxLength: 32 }), Type.Integer({ minimum: 0 }), Type.Object({})], {
    "x-message": `${what} must be "yyyy-MM-dd HH:mm:ss" (UTC+8), "yyyy-MM-dd" or epoch milliseconds`,
    description: `${what}: "yyyy-MM-dd HH:mm:ss" (UTC+8), "yyyy-MM-dd" (whole day) or epoch milliseconds; the documented DateTime object form is accepted and ignored`,
  });

export const OrderId = Type.String({ pattern: "^\\d{1,19}$", "x-message": "orderId must be a numeric string (OrderV2VO.id)", description: "OrderV2VO.id" });

/** Integers the v1 string form sends as text ("200"). */
const IntOrText = (field: string, min: number, max: number) =>
  Type.Union([Type.Integer({ minimum: min, maximum: max }), Type.String({ pattern: "^\\d{1,12}$" })], {
    "x-message": `${field} must be an integer from ${min} to ${max} (or its decimal string)`,
  });

const OrderLine = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 64, description: "the product's mpId (opaque or numeric ids are accepted too)" }),
    skuId: Type.String({ minLength: 1, maxLength: 64, description: "the SKU's mpSkuId (or skuId)" }),
    quantity: IntOrText("quantity", 1, 99_999),
    price: IntOrText("price", 0, 100_000_000_000),
    currency: Type.Optional(Type.String({ maxLength: 8, description: "only CNY" })),
    orderLineNo: Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Integer({ minimum: 0 })], { "x-message": "orderLineNo must be a string" }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { title: "OrderLine" },
);
export const OrderLines = Type.Array(OrderLine, { minItems: 1, maxItems: MAX_ORDER_LINES });
export type OrderLineWire = Static<typeof OrderLine>;

export const CreateBody = Type.Object({
  orderLineList: Type.Union([Type.String({ maxLength: 200_000 }), OrderLines], {
    "x-message": `orderLineList must be an array of 1 to ${MAX_ORDER_LINES} lines or a JSON string of one`,
    description: `1 to ${MAX_ORDER_LINES} OrderLines, or the v1 JSON string of that array`,
  }),
  receiver: Type.Union([Type.String({ maxLength: 10_000 }), OrderAddress], {
    "x-message": "receiver must be an address object or a JSON string of one",
    description: "China-side receiving address (taobao.md §0.5), or its JSON string",
  }),
  orderSource: Type.Optional(Type.String({ maxLength: 64 })),
  sellerOrderNumber: Type.Optional(Type.String({ maxLength: 64 })),
  purchaseAmount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: "budget in fen: the call fails with 40002 when Σ price × quantity exceeds it" })),
  remark: Type.Optional(Type.String({ maxLength: 500 })),
});


export const PayResult = Type.Object(
  {
    totalAmount: Type.Integer({ description: "fen debited" }),
    currency: Type.Literal("CNY"),
    orders: Type.Array(Type.Object({ id: Type.String(), orderNo: Type.String(), payAmount: Type.Integer({ description: "fen" }), status: Type.Integer() })),
  },
  { title: "TaobaoPayResult" },
);

const Trace = Type.Object({
  statusDesc: Type.String(),
  province: Type.String(),
  city: Type.String(),
  district: Type.String(),
  action: Type.String(),
  facilityName: Type.String(),
  time: Type.String({ description: "yyyy-MM-dd HH:mm:ss, UTC+8" }),
  standerdDesc: Type.String(),
  status: Type.String({ description: "CREATE, ACCEPT, TRANSPORT, DELIVERING, SIGN or FAILED" }),
  nextCity: Type.String(),
  nextNodeName: Type.String(),
});
export const LogisticsDetail = Type.Object(
  {
    purchaseOrderOuterId: Type.String(),
    pnmLogisticsDetails: Type.Array(
      Type.Object({
        mailNo: Type.String(),
        logisticsTraces: Type.Array(Trace),
        logisticsPartner: Type.Array(Type.Object({ companyImageUrl: Type.String(), company: Type.String(), companyContact: Type.String() })),
        receiver: Type.Object({
          zipCode: Type.String(),
          address: Type.String(),
          province: Type.String(),
          city: Type.String(),
          district: Type.String(),
          phone: Type.String(),
          name: Type.String(),
        }),
        logisticsGoods: Type.Array(Type.Object({ title: Type.String(), property: Type.String(), imageUrl: Type.String(), quantity: Type.String() })),
      }),
    ),
  },
  { title: "TaoBaoLogisticsDetailVO" },
);
