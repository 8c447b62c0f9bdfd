// Wire schemas of the 1688 order endpoints (alibaba-1688.md §0.2–§0.4, §3): request bodies, and the
// order detail for the OpenAPI document (objects stay open so the stored detail is sent as it is).
import { Type, type TSchema } from "typebox";
import { bigId, Nullable, PlainText } from "../../../platform/http/schemas.ts";
import { AlibabaAddressParam } from "../../cart/index.ts";
import { FLOWS, TRADE_TYPES } from "./model.ts";

const open = <T extends Record<string, TSchema>>(properties: T, description?: string) => Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) });
const str = Type.String();
const nstr = Nullable(Type.String());
const yuanNumber = (description: string) => Type.Number({ description: `${description}, yuan` });

export const OrderIdParam = bigId("orderId", "1688 order id (19 digits; send a string)");

// addressParam (§0.2) and a cargo line (§0.3) are the cart's schemas: one definition for both modules.
export { AlibabaAddressParam as AddressParam, AlibabaCargoParam as CargoParam } from "../../cart/index.ts";

export const CreateFields = {
  flow: Type.String({ enum: [...FLOWS], "x-message": `flow must be one of ${FLOWS.join(", ")}`, description: "order flow (statuses.md §6.5)" }),
  message: Type.Optional(PlainText("message", { maxLength: 500 })),
  shopPromotionId: Type.Optional(PlainText("shopPromotionId", { maxLength: 64 })),
  tradeType: Type.Optional(Type.String({ enum: [...TRADE_TYPES], "x-message": `tradeType must be one of ${TRADE_TYPES.join(", ")}`, description: "default assureTrade" })),
  addressParam: AlibabaAddressParam,
  userId: Type.Optional(Type.String({ maxLength: 32, description: "must equal the user-id header when present" })),
  staffName: Type.Optional(PlainText("staffName", { maxLength: 64 })),
  platformOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  transferAccountImgs: Type.Optional(PlainText("transferAccountImgs", { maxLength: 2000 })),
  transferAccountRemark: Type.Optional(PlainText("transferAccountRemark", { maxLength: 500 })),
};

const Contact = open({ name: str, phone: str, mobile: str, companyName: str, imInPlatform: str });

export const OrderDetail = open(
  {
    baseInfo: open({
      id: str,
      idOfStr: str,
      status: Type.String({ description: "statuses.md §5" }),
      businessType: str,
      buyerID: str,
      sellerID: str,
      sellerOpenId: str,
      createTime: nstr,
      modifyTime: nstr,
      payTime: nstr,
      completeTime: nstr,
      allDeliveredTime: nstr,
      totalAmount: yuanNumber("goods + shipping − discount"),
      sumProductPayment: yuanNumber("goods"),
      shippingFee: yuanNumber("domestic shipping"),
      discount: Type.Integer({ description: "fen, ≤ 0" }),
      refund: yuanNumber("refunded so far"),
      refundPayment: Type.Integer({ description: "fen refunded so far" }),
      refundStatus: nstr,
      closeReason: nstr,
      tradeType: str,
      flow: str,
      alipayTradeId: nstr,
      stepPayAll: Type.Boolean(),
      buyerContact: Contact,
      sellerContact: open({ name: str, phone: str, mobile: str, companyName: str, imInPlatform: str, email: str }),
      receiverInfo: open({ toFullName: str, toDivisionCode: str, toPost: str, toTownCode: str, toArea: str }),
    }),
    nativeLogistics: open({
      contactPerson: str,
      mobile: str,
      telephone: str,
      province: str,
      city: str,
      area: str,
      areaCode: str,
      town: nstr,
      townCode: nstr,
      address: str,
      zip: str,
      fax: nstr,
      caid: nstr,
      realLogisticsCompanyNo: nstr,
      logisticsItems: Nullable(Type.Array(open({ logisticsId: str, logisticsBillNo: str, logisticsCode: str, logisticsCompanyName: str, deliveredTime: nstr, subItemIds: str, type: nstr }))),
    }),
    productItems: Nullable(
      Type.Array(
        open({
          subItemID: str,
          productID: Type.Number(),
          offerMapId: str,
          specId: str,
          skuID: Nullable(Type.Number()),
          name: str,
          productImgUrl: Type.Array(str),
          skuInfos: Type.Array(open({ name: str, value: str })),
          quantity: Type.Integer(),
          unit: str,
          price: yuanNumber("unit price"),
          itemAmount: yuanNumber("line amount"),
          cargoNumber: nstr,
          description: nstr,
          status: str,
          refundStatus: nstr,
          refundId: nstr,
          productNo: nstr,
          container: nstr,
        }),
      ),
    ),
    tradeTerms: Nullable(Type.Array(open({ phase: Type.Integer(), payStatus: str, payWay: str, phasAmount: yuanNumber("amount"), payTime: nstr }))),
    guaranteesTerms: Type.Null(),
    internationalLogistics: Type.Null(),
    extAttributes: Type.Null(),
    orderRateInfo: Type.Null(),
    orderInvoiceInfo: Type.Null(),
    customs: Type.Null(),
    overseasExtraAddress: Type.Null(),
    orderBizInfo: Type.Null(),
  },
  "1688 order detail (alibaba-1688.md §0.4)",
);

export const OrderPage = Type.Object({ totalRecords: Type.Integer(), totalPage: Type.Integer(), pageSize: Type.Integer(), currentPage: Type.Integer(), data: Type.Array(OrderDetail) });

export const PayOrderVO = Type.Object({
  orderId: nstr,
  protocolPaySuccess: Nullable(Type.Boolean()),
  payUrl: nstr,
  cantPayOrderList: Nullable(Type.Array(str)),
});

export const BatchPayVO = Type.Object({ paidOrderIds: Type.Array(str), cantPayOrderList: Type.Array(str), payAmount: Type.Integer({ description: "fen debited" }), protocolPaySuccess: Type.Boolean() });

export const ReceiveVO = Type.Object({ success: Type.Boolean(), errorInfo: str, errorCode: str });

export const TraceVO = Type.Array(Type.Object({ logisticsId: str, orderId: str, logisticsBillNo: str, logisticsSteps: Type.Array(Type.Object({ acceptTime: str, remark: str })) }));
