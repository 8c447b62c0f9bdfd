// Wire schemas of the 1688 after-sales endpoints (alibaba-1688.md §4): request bodies, and the refund
// detail, reasons and carriers for the OpenAPI document (objects stay open so answers are sent as built).
import { Type, type TSchema } from "typebox";
import { bigId, Nullable, PlainText } from "../../../platform/http/schemas.ts";
import { DESCRIPTION_MAX, DESCRIPTION_MIN, DISPUTE_REQUESTS, FREIGHT_BILL_MAX, FREIGHT_BILL_MIN, GOODS_STATUSES, MAX_VOUCHERS, REFUND_STATUSES } from "./model.ts";

const open = <T extends Record<string, TSchema>>(properties: T, description?: string) => Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) });
const str = Type.String();
const nstr = Nullable(Type.String());
const nint = Nullable(Type.Integer());
const fen = (description: string) => Type.Integer({ description: `${description}, fen` });
const upstreamTime = (description: string) => Nullable(Type.String({ description: `${description}; "yyyyMMddHHmmssSSS+0800"` }));

/** At most this many lines in one refund (an order's lines). */
export const MAX_ENTRIES = 100;

export const RefundIdParam = Type.String({ pattern: "^TQ\\d{1,19}$", "x-message": "refundId must be a 1688 refund id (TQ followed by digits)", description: "refund id, TQ…" });
const OrderIdParam = bigId("orderId", "1688 order id (19 digits; send a string)");
const EntryIdParam = Type.Union([Type.String({ pattern: "^\\d{1,19}$" }), Type.Integer({ minimum: 0 })], {
  "x-message": "orderEntryIds must be order entry ids (strings of up to 19 digits)",
  description: "order entry id (productItems[].subItemID; send a string)",
});
const GoodsStatus = Type.String({ enum: [...GOODS_STATUSES], "x-message": `goodsStatus must be one of ${GOODS_STATUSES.join(", ")}`, description: "statuses.md §6.3" });
const Vouchers = Type.Array(PlainText("vouchers", { minLength: 1, maxLength: 2000 }), { maxItems: MAX_VOUCHERS, description: `at most ${MAX_VOUCHERS} voucher addresses (voucherUrl of refund/voucher/upload)` });
const Money = (field: string, description: string) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, "x-message": `${field} must be a non-negative integer number of fen`, description });

export const ReasonListBody = Type.Object({
  orderId: OrderIdParam,
  orderEntryIds: Type.Array(EntryIdParam, { minItems: 1, maxItems: MAX_ENTRIES, description: "the lines to be refunded" }),
  goodsStatus: GoodsStatus,
});

export const CreateBody = Type.Object({
  orderId: OrderIdParam,
  orderEntryIds: Type.Array(EntryIdParam, { minItems: 1, maxItems: MAX_ENTRIES, description: "the lines refunded (required, DESIGNED), distinct" }),
  disputeRequest: Type.String({ enum: [...DISPUTE_REQUESTS], "x-message": "disputeRequest must be refund or returnRefund", description: "refund: refund only; returnRefund: return and refund (received goods only)" }),
  applyPayment: Money("applyPayment", "goods amount asked, fen; at most what the lines may still give back"),
  applyCarriage: Money("applyCarriage", "shipping asked, fen; at most the order's shipping not yet refunded; 0 with a noRefundCarriage reason"),
  applyReasonId: Type.Integer({ minimum: 1, maximum: 2147483647, "x-message": "applyReasonId must be a reason id of refund/reason/list", description: "from refund/reason/list" }),
  description: PlainText("description", { minLength: DESCRIPTION_MIN, maxLength: DESCRIPTION_MAX, description: `${DESCRIPTION_MIN} to ${DESCRIPTION_MAX} characters` }),
  goodsStatus: GoodsStatus,
  vouchers: Type.Optional(Vouchers),
  orderEntryCountList: Type.Optional(
    Type.Array(
      Type.Object({
        id: bigId("orderEntryCountList[].id", "an entry of orderEntryIds"),
        count: Type.Integer({ minimum: 1, maximum: 1_000_000, "x-message": "orderEntryCountList[].count must be a positive integer" }),
      }),
      { maxItems: MAX_ENTRIES, description: "per line: how many units are refunded (absent: all units); caps that line's share at unit price × count" },
    ),
  ),
});

export const ReturnGoodsBody = Type.Object({
  refundId: RefundIdParam,
  logisticsCompanyNo: PlainText("logisticsCompanyNo", { minLength: 1, maxLength: 32, description: "companyNo of refund/logistics/company/list" }),
  freightBill: Type.String({
    pattern: `^[A-Za-z0-9-]{${FREIGHT_BILL_MIN},${FREIGHT_BILL_MAX}}$`,
    "x-message": `freightBill must be ${FREIGHT_BILL_MIN} to ${FREIGHT_BILL_MAX} letters, digits or dashes`,
    description: "the return's tracking number",
  }),
  description: Type.Optional(Nullable(PlainText("description", { maxLength: 200, description: "a note for the seller" }))),
  vouchers: Type.Optional(Nullable(Vouchers)),
});

export const RefundInfo = open(
  {
    id: Type.Null({ description: "the platform's row id: null, the refundId is the id" }),
    refundId: str,
    orderId: str,
    orderEntryIdList: Type.Array(str),
    status: Type.String({ enum: [...REFUND_STATUSES], description: "statuses.md §6.1" }),
    disputeRequest: Type.String({ enum: [...DISPUTE_REQUESTS] }),
    disputeType: Type.Integer({ description: "1 in-sale, 2 after-sale (statuses.md §6.2)" }),
    goodsStatus: str,
    applyPayment: fen("goods amount applied for"),
    applyCarriage: fen("shipping applied for"),
    applyReason: nstr,
    applyReasonId: nint,
    applySubReason: nstr,
    applySubReasonId: nint,
    applyExpect: nint,
    description: str,
    vouchers: Type.Array(str),
    refundPayment: fen("goods amount refunded (0 until refundsuccess)"),
    refundCarriage: fen("shipping refunded"),
    canRefundPayment: fen("the most the lines could give back when applied"),
    frozenFund: fen("held while the refund is open"),
    buyerSendGoods: Nullable(Type.Boolean({ description: "returnRefund: the return has been shipped; null for refund only" })),
    buyerLogisticsName: nstr,
    freightBill: nstr,
    goodsReceived: Type.Boolean(),
    refundGoods: Type.Boolean(),
    onlyRefund: Type.Boolean(),
    rejectReason: nstr,
    rejectReasonId: Nullable(Type.Integer({ description: "30001 for every seller refusal with a reason (the text is rejectReason)" })),
    sellerReceiveAddress: nstr,
    sellerMobile: nstr,
    productName: str,
    alipayPaymentId: nstr,
    buyerAlipayId: nstr,
    buyerMemberId: nstr,
    buyerUserId: nstr,
    sellerUserId: nstr,
    gmtApply: upstreamTime("applied"),
    gmtCreate: upstreamTime("created"),
    gmtModified: upstreamTime("last changed"),
    gmtCompleted: upstreamTime("refunded or closed"),
    gmtTimeOut: upstreamTime("when the awaited party's time runs out"),
    createBy: str,
    createById: nint,
    createTime: Type.String({ description: '"yyyy-MM-dd HH:mm:ss" (UTC+8)' }),
    updateBy: str,
    updateById: nint,
    updateTime: Type.String({ description: '"yyyy-MM-dd HH:mm:ss" (UTC+8)' }),
    remark: nstr,
  },
  "AlibabaRefundInfo (alibaba-1688.md §4.1)",
);

export const RefundReason = open({ id: Type.Integer(), name: str, needVoucher: Type.Boolean(), noRefundCarriage: Type.Boolean(), tip: str });

export const LogisticsCompany = open({ id: Type.Integer(), companyName: str, companyNo: str, companyPhone: str, supportPrint: Type.Boolean(), spelling: str });
