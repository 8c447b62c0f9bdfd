// TypeBox schemas of international logistics orders: the §2.3 and §2.4 bodies (foundation-warehouse.md;
// every member documented as optional and nullable — the DESIGNED required marks are checked by the
// use case, so the message names the field), their answers, and the integrators' and operators' views.
import { Type, type TSchema } from "typebox";
import { Nullable, PlainText, ID_PATTERN } from "../../../platform/http/schemas.ts";
import { PARCEL_STATUSES, TRACKING_STATUSES } from "./model.ts";

const text = (field: string, max: number, description: string) => Type.Optional(Nullable(PlainText(field, { maxLength: max, description })));

export const ReceiverAddressTO = Type.Object(
  {
    name: text("receiverAddress.name", 100, "consignee (required for booking); sandbox scenario words go here"),
    email: text("receiverAddress.email", 200, "e-mail"),
    phone: text("receiverAddress.phone", 40, "phone (this or mobilePhone required for booking)"),
    mobilePhone: text("receiverAddress.mobilePhone", 40, "mobile"),
    address: text("receiverAddress.address", 300, "street (required for booking)"),
    taxId: text("receiverAddress.taxId", 64, "tax or customs id"),
    country: text("receiverAddress.country", 2, "destination, ISO 3166-1 alpha-2 upper case (required)"),
    state: text("receiverAddress.state", 100, "state / province"),
    city: text("receiverAddress.city", 100, "city (required for booking)"),
    zip: text("receiverAddress.zip", 20, "postcode"),
  },
  { title: "ReceiverAddressTO" },
);

export const FreightInfoTO = Type.Object(
  {
    serviceId: text("freightInfo.serviceId", 32, "the chosen shipping service (required)"),
    companyName: text("freightInfo.companyName", 100, "ignored; echoed from the service in answers"),
    serviceCategory: text("freightInfo.serviceCategory", 20, "ignored; EXPRESS, STANDARD or ECONOMY in answers"),
  },
  { title: "FreightInfoTO" },
);

const ItemIds = {
  itemId: text("itemId", 64, "product (Taobao mpId or 1688 offer id) — required"),
  skuId: text("skuId", 64, "SKU (Taobao mpSkuId or 1688 specId) — required"),
};

export const BookingBody = Type.Object(
  {
    renderId: text("renderId", 40, "the §2.2 render to book (FF…); absent: the lines are priced now"),
    receiverAddress: Type.Optional(Nullable(ReceiverAddressTO)),
    lineItems: Type.Optional(
      Nullable(
        Type.Array(
          Type.Object({
            ...ItemIds,
            quantity: Type.Optional(Nullable(Type.Integer({ description: "units, ≥ 1 (required)" }))),
            title: text("lineItems[].title", 500, "title"),
            imageUrl: text("lineItems[].imageUrl", 2000, "image"),
            freightInfo: Type.Optional(Nullable(FreightInfoTO)),
            currency: text("lineItems[].currency", 3, "currency of price, ISO 4217 (default CNY)"),
            price: text("lineItems[].price", 20, "unit price, decimal string in currency (the declared value for customs)"),
          }),
          { description: "1 to 50 lines, one per SKU" },
        ),
      ),
    ),
    tmallOrderInfo: Type.Optional(Nullable(Type.Object({ tmallOrderId: text("tmallOrderInfo.tmallOrderId", 64, "the caller's own order id: a repeat answers the order already booked") }))),
    remark: text("remark", 500, "free text, at most 500 characters"),
  },
  { title: "OrderBookingFreightRequest" },
);

const FreightInfoAnswer = Type.Object({ serviceId: Type.String(), companyName: Type.String(), serviceCategory: Type.String({ description: "EXPRESS, STANDARD or ECONOMY" }) });
const Yuan = (description: string) => Type.String({ description: `${description}, yuan decimal string` });
const Time = (description: string) => Type.String({ description: `${description}, "yyyy-MM-dd HH:mm:ss" (UTC+8)` });
const Status = Type.String({ enum: [...PARCEL_STATUSES], description: "statuses.md §8.2 extended: BOOKED, DOMESTIC_DECLARED, IN_WAREHOUSE, PACKED, AWAITING_PAYMENT, SHIPPED, IN_TRANSIT, DELIVERED, EXCEPTION, CANCELLED" });
const TrackingStatus = Type.String({ enum: [...TRACKING_STATUSES], description: "normalised tracking status" });

const BookedLine = {
  itemId: Type.String(),
  skuId: Type.String(),
  quantity: Type.Integer(),
  title: Nullable(Type.String()),
  imageUrl: Nullable(Type.String()),
  freightInfo: FreightInfoAnswer,
  freight: Yuan("the line's freight"),
  logisticNumer: Type.String({ description: "the line's international waybill number, e.g. FARUS2408000013YQ (spelling DOCUMENTED)" }),
};

export const BookingAnswer = Type.Object(
  {
    orderId: Type.String({ description: "the logistics order id, 19 digits" }),
    tmallOrderId: Nullable(Type.String()),
    renderId: Nullable(Type.String()),
    status: Status,
    currency: Type.Literal("CNY"),
    totalFreight: Yuan("amount charged"),
    lineItems: Type.Array(Type.Object(BookedLine)),
    createTime: Time("booking time"),
  },
  { title: "OrderBookingFreightVO" },
);

export const DeclarationBody = Type.Object(
  {
    orderId: Type.Optional(Nullable(Type.String({ description: "the logistics order (§2.4 orderId); this or tmallOrderId" }))),
    tmallOrderId: text("tmallOrderId", 64, "the caller's order id given at booking; this or orderId"),
    logisticInfos: Type.Optional(
      Nullable(
        Type.Array(
          Type.Object({
            lineItem: Type.Optional(
              Nullable(
                Type.Object({
                  ...ItemIds,
                  quantity: Type.Optional(Nullable(Type.Integer())),
                  title: text("lineItem.title", 500, "ignored"),
                  imageUrl: text("lineItem.imageUrl", 2000, "ignored"),
                }),
              ),
            ),
            logisticNumer: text("logisticInfos[].logisticNumer", 40, "the line's international waybill number; must match when given"),
            domesticLogisticInfo: Type.Optional(
              Nullable(
                Type.Array(
                  Type.Object({
                    logisticNumer: text("domesticLogisticInfo[].logisticNumer", 40, "domestic tracking number (required)"),
                    logisticCompanyName: text("domesticLogisticInfo[].logisticCompanyName", 50, "domestic carrier"),
                    rtsTime: text("domesticLogisticInfo[].rtsTime", 10, "handed to the carrier, epoch seconds as a string"),
                  }),
                ),
              ),
            ),
          }),
          { description: "one element per international line, matched on itemId + skuId" },
        ),
      ),
    ),
  },
  { title: "UpdateLogisticInfoRequest" },
);

const DomesticView = Type.Object({
  logisticNumer: Type.String(),
  logisticCompanyName: Type.String(),
  rtsTime: Nullable(Type.String()),
  warehouseState: Nullable(Type.String({ description: "the warehouse's state of the parcel: EXPECTED, RECEIVED, STORED, or a side exit; null when unknown to it" })),
  weightG: Nullable(Type.Integer({ description: "measured at receipt, grams" })),
});

const PackageView = Type.Object({
  serviceId: Type.String(),
  companyName: Type.String(),
  weightG: Type.Integer({ description: "measured, grams" }),
  lengthMm: Type.Integer(),
  widthMm: Type.Integer(),
  heightMm: Type.Integer(),
  chargeableWeightG: Type.Integer({ description: "the weight the actual freight was computed on, grams" }),
  freight: Yuan("the package's actual freight"),
  carrier: Nullable(Type.String()),
  trackingNumber: Nullable(Type.String()),
  trackingStatus: Nullable(TrackingStatus),
});

const Owner = { developerId: Type.String(), userId: Type.String() };

export const ParcelView = Type.Object(
  {
    orderId: Type.String(),
    ...Owner,
    tmallOrderId: Nullable(Type.String()),
    renderId: Nullable(Type.String()),
    status: Status,
    receiverAddress: Type.Object({
      name: Nullable(Type.String()),
      email: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      mobilePhone: Nullable(Type.String()),
      address: Nullable(Type.String()),
      taxId: Nullable(Type.String()),
      country: Type.String(),
      state: Nullable(Type.String()),
      city: Nullable(Type.String()),
      zip: Nullable(Type.String()),
    }),
    remark: Nullable(Type.String()),
    currency: Type.Literal("CNY"),
    totalFreight: Yuan("freight debited at booking"),
    supplementaryFreight: Yuan("supplementary charges debited after weighing"),
    supplementDue: Yuan("a supplementary charge waiting for balance (AWAITING_PAYMENT)"),
    refundedFreight: Yuan("credited back by a cancel"),
    paidFreight: Yuan("booking + supplements − refunds"),
    actualFreight: Nullable(Yuan("the packages' actual freight once weighed")),
    charges: Type.Array(Type.Object({ kind: Type.String({ enum: ["freight", "supplement", "refund"] }), amount: Yuan("amount"), reference: Type.String({ description: "the wallet transaction's reference" }), time: Time("when") })),
    lineItems: Type.Array(
      Type.Object({
        ...BookedLine,
        weightG: Type.Integer({ description: "the goods' weight at booking, grams" }),
        chargeableWeightG: Type.Integer(),
        minDeliveryDays: Type.Integer(),
        maxDeliveryDays: Type.Integer(),
        domesticLogisticInfo: Type.Array(DomesticView),
      }),
    ),
    packages: Type.Array(PackageView, { description: "at least one per shipping service (several of one service when its goods are too heavy for one package), in position order, once packed and weighed" }),
    tracking: Type.Array(
      Type.Object({
        time: Time("event time"),
        status: TrackingStatus,
        carrierStatus: Type.String({ description: "the carrier's own code" }),
        text: Type.String({ description: "the carrier's own words" }),
        location: Nullable(Type.String()),
        trackingNumber: Type.String(),
        serviceId: Type.String(),
      }),
    ),
    history: Type.Array(Type.Object({ from: Nullable(Type.String()), to: Type.String(), reason: Type.String(), actor: Type.String(), time: Time("when") })),
    createTime: Time("booking time"),
    updateTime: Time("last change"),
  },
  { title: "ParcelView" },
);

export const ParcelSummary = Type.Object(
  {
    orderId: Type.String(),
    ...Owner,
    tmallOrderId: Nullable(Type.String()),
    status: Status,
    country: Type.String(),
    totalFreight: Yuan("freight debited at booking"),
    supplementaryFreight: Yuan("supplementary charges"),
    supplementDue: Yuan("waiting for balance"),
    lines: Type.Integer(),
    trackingNumbers: Type.Array(Type.String(), { description: "the carrier's, once shipped" }),
    createTime: Time("booking time"),
    updateTime: Time("last change"),
  },
  { title: "ParcelSummary" },
);

export const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String({ description: "pass as after for the next (older) page" })) });

export const ParcelId = Type.String({ pattern: ID_PATTERN, "x-message": "id must be a logistics order id (a string of up to 19 digits)" });

/** The integrators' filter by platform order, as GET /warehouse/items takes orderId. */
export const OrderIdQuery = Type.String({
  pattern: ID_PATTERN,
  "x-message": "orderId must be a platform order id (digits)",
  description: "a platform order (Taobao OrderV2VO.id, 1688 baseInfo.id): the orders its goods are allocated to or shipped in, or declared with (§2.3); another user's or an unknown order lists nothing",
});

export const ListQuery = {
  status: Type.Optional(Type.String({ enum: [...PARCEL_STATUSES], "x-message": `status must be one of ${PARCEL_STATUSES.join(", ")}` })),
  after: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "after must be a logistics order id (the previous page's nextCursor)" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, "x-message": "limit must be an integer from 1 to 100" })),
};
