// Wire schemas of the freight endpoints (foundation-warehouse.md §2.0.1, §2.1, §2.2) and of the
// operators' shipping lines (/admin/shipping/lines).
import { Type } from "typebox";
import { PlainText } from "../../../platform/http/schemas.ts";
import { GOODS_ATTRIBUTES } from "./model.ts";

const text = (field: string, max: number, description: string) => PlainText(field, { maxLength: max, description });

/** ReceiverAddressTO (§2.0.1): every member string | null; for pricing `country` is required. */
export const ReceiverAddress = Type.Object(
  {
    name: Type.Optional(text("receiverAddress.name", 200, "consignee")),
    email: Type.Optional(text("receiverAddress.email", 200, "e-mail")),
    phone: Type.Optional(text("receiverAddress.phone", 50, "phone")),
    mobilePhone: Type.Optional(text("receiverAddress.mobilePhone", 50, "mobile")),
    address: Type.Optional(text("receiverAddress.address", 500, "street")),
    taxId: Type.Optional(text("receiverAddress.taxId", 100, "tax or customs id")),
    country: Type.String({
      pattern: "^[A-Za-z]{2}$",
      "x-message": "receiverAddress.country must be an ISO 3166-1 alpha-2 code, e.g. US",
      description: "destination, ISO 3166-1 alpha-2 (e.g. US); required for pricing",
    }),
    state: Type.Optional(text("receiverAddress.state", 200, "state / province")),
    city: Type.Optional(text("receiverAddress.city", 200, "city")),
    zip: Type.Optional(text("receiverAddress.zip", 32, "postcode (some services price remote postcodes apart)")),
  },
  { title: "ReceiverAddressTO" },
);

const ItemId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$", "x-message": "itemId must be 1 to 64 of A-Z, a-z, 0-9, _ and -", description: "product: Taobao itemMapId or mpId, or 1688 offerMapId or productID" });
const SkuId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$", "x-message": "skuId must be 1 to 64 of A-Z, a-z, 0-9, _ and -", description: "SKU: Taobao skuId or mpSkuId, or 1688 skuId or specId" });
const Quantity = Type.Integer({ minimum: 1, maximum: 100_000, description: "units, at least 1" });
const Currency = Type.String({ pattern: "^[A-Za-z]{3}$", "x-message": "currency must be an ISO 4217 code, e.g. CNY", description: "currency of `price`, ISO 4217 (e.g. CNY, USD)" });
const Price = Type.String({ pattern: "^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,4})?$", "x-message": "price must be a decimal string, e.g. 59.9", description: "unit price, decimal string in `currency` (major unit)" });

export const ItemFreightBody = Type.Object({
  itemId: ItemId,
  skuId: SkuId,
  receiverAddress: ReceiverAddress,
  quantity: Quantity,
  currency: Currency,
  price: Price,
});

const Yuan = (description: string) => Type.String({ description: `${description}, yuan decimal string` });

export const ItemFreightQuote = Type.Object(
  {
    serviceId: Type.String({ description: "service, usable in freightInfo.serviceId" }),
    companyName: Type.String({ description: "carrier" }),
    serviceCategory: Type.String({ description: "EXPRESS, STANDARD or ECONOMY" }),
    freight: Yuan("freight for `quantity` units, surcharges included"),
    currency: Type.Literal("CNY"),
    chargeableWeight: Type.String({ description: "kilograms the price was computed on (after volumetric weight, minimum and rounding), decimal string" }),
    minDeliveryDays: Type.Integer(),
    maxDeliveryDays: Type.Integer(),
  },
  { title: "ItemFreightQuote" },
);

export const FreightInfo = Type.Object(
  {
    serviceId: Type.String({ minLength: 1, maxLength: 32, pattern: "\\S", description: "the chosen service" }),
    companyName: Type.Optional(Type.String({ maxLength: 200, description: "ignored in requests; the service's carrier in responses" })),
    serviceCategory: Type.Optional(Type.String({ maxLength: 20, description: "ignored in requests; the service's category in responses" })),
  },
  { title: "FreightInfoTO" },
);

export const RenderBody = Type.Object({
  receiverAddress: ReceiverAddress,
  renderItems: Type.Array(
    Type.Object({
      itemId: ItemId,
      skuId: SkuId,
      quantity: Quantity,
      freightInfo: FreightInfo,
      currency: Type.Optional({ ...Currency, default: "CNY" }),
      price: Type.Optional({ ...Price, default: "0" }),
    }),
    { minItems: 1, maxItems: 50, description: "lines to price, each with its own service, 1 to 50" },
  ),
});

export const RenderView = Type.Object(
  {
    renderId: Type.String({ description: '"FF" + yyyyMMdd (UTC+8) + 5-digit daily sequence, e.g. FF2024080200007' }),
    expireTime: Type.String({ description: "yyyy-MM-dd HH:mm:ss (UTC+8): 30 minutes after creation, on the developer's clock" }),
    currency: Type.Literal("CNY"),
    totalFreight: Yuan("Σ line freight"),
    renderItems: Type.Array(
      Type.Object({
        itemId: Type.String(),
        skuId: Type.String(),
        quantity: Type.Integer(),
        freightInfo: Type.Object({ serviceId: Type.String(), companyName: Type.String(), serviceCategory: Type.String() }),
        freight: Yuan("the line's freight"),
        minDeliveryDays: Type.Integer(),
        maxDeliveryDays: Type.Integer(),
      }),
    ),
  },
  { title: "FreightRender" },
);

// ---------------------------------------------------------------------------------------------------
// Operators: a line as written (PUT) and as read.

const grams = (description: string, minimum = 1) => Type.Integer({ minimum, maximum: 10_000_000, description: `${description}, grams` });
const fen = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000_00, description: `${description}, fen (1 yuan = 100 fen)` });
const ChinaDate = (description: string) => Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", "x-message": "dates must be yyyy-MM-dd", description: `${description}, yyyy-MM-dd (China date)` });
const Days = Type.Object({ min: Type.Integer({ minimum: 0, maximum: 365 }), max: Type.Integer({ minimum: 0, maximum: 365 }) }, { description: "transit days, min ≤ max" });

export const RateSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal("steps"), Type.Literal("bands")], { "x-message": "rate.kind must be steps or bands", description: "steps: first weight + continued steps; bands: weight bands" }),
    firstWeightG: Type.Optional(grams("steps: the first weight")),
    firstFeeFen: Type.Optional(fen("steps: the price of the first weight")),
    stepWeightG: Type.Optional(grams("steps: each further step (every started step counts)")),
    stepFeeFen: Type.Optional(fen("steps: the price of each step")),
    roundToG: Type.Optional(grams("bands: the chargeable weight is rounded up to a multiple of this (default 1)")),
    bands: Type.Optional(
      Type.Array(
        Type.Object({
          fromG: grams("from (exclusive); the first band from 0, each next one from the previous toG", 0),
          toG: grams("to (inclusive)"),
          perKgFen: Type.Optional(fen("price per kg of chargeable weight")),
          flatFen: Type.Optional(fen("one price for the band")),
        }),
        { minItems: 1, maxItems: 100, description: "bands: contiguous weight bands, each with perKgFen or flatFen" },
      ),
    ),
  },
  { title: "ShippingRate" },
);

export const ZoneSchema = Type.Object(
  {
    code: Type.String({ pattern: "^[A-Za-z0-9_-]{1,32}$", "x-message": "zone code must be 1 to 32 of A-Z, a-z, 0-9, _ and -" }),
    countries: Type.Array(Type.String({ pattern: "^[A-Z]{2}$", "x-message": "countries must be ISO 3166-1 alpha-2 codes in upper case" }), { minItems: 1, maxItems: 250 }),
    postcodePrefixes: Type.Optional(
      Type.Array(Type.String({ pattern: "^[A-Za-z0-9 -]{1,12}$", "x-message": "postcode prefixes must be 1 to 12 letters, digits, spaces or -" }), {
        maxItems: 1000,
        description: "only these postcodes of the countries (default: all); the longest matching prefix wins over other zones",
      }),
    ),
    rate: RateSchema,
    transitDays: Type.Optional(Days),
  },
  { title: "ShippingZone" },
);

export const SurchargeSchema = Type.Object(
  {
    code: Type.String({ pattern: "^[A-Z0-9_]{1,32}$", "x-message": "surcharge code must be 1 to 32 of A-Z, 0-9 and _ (e.g. FUEL, REMOTE)" }),
    kind: Type.Union(
      [Type.Literal("fixed"), Type.Literal("perKg"), Type.Literal("percent")],
      { "x-message": "surcharge kind must be fixed, perKg or percent", description: "fixed: fen per parcel; perKg: fen per kg of chargeable weight; percent: basis points of the base freight" },
    ),
    amount: Type.Integer({ minimum: 0, maximum: 100_000_000_00, description: "fen (fixed), fen per kg (perKg) or basis points (percent: 1250 = 12.5 %)" }),
    minFen: Type.Optional(fen("the least a perKg or percent surcharge charges (default 0)")),
    validFrom: Type.Optional(ChinaDate("first day it applies (default: always)")),
    validTo: Type.Optional(ChinaDate("last day it applies (default: open)")),
    zones: Type.Optional(Type.Array(Type.String(), { maxItems: 100, description: "zone codes it applies in (default: all)" })),
  },
  { title: "ShippingSurcharge" },
);

const Category = Type.Union(
  [Type.Literal("EXPRESS"), Type.Literal("STANDARD"), Type.Literal("ECONOMY")],
  { "x-message": "serviceCategory must be EXPRESS, STANDARD or ECONOMY" },
);
const Attribute = Type.Union(
  [Type.Literal("battery"), Type.Literal("liquid"), Type.Literal("powder"), Type.Literal("brand")],
  { "x-message": `acceptedAttributes must be among ${GOODS_ATTRIBUTES.join(", ")}` },
);
const Throw = Type.Union(
  [Type.Literal("full"), Type.Literal("half"), Type.Literal("free")],
  { "x-message": "throwMode must be full, half or free", description: "full: max(actual, volumetric); half: actual + half the excess; free: actual unless the excess passes freeThrowLimitG, then full" },
);
const Divisor = Type.Union([Type.Literal(5000), Type.Literal(6000), Type.Literal(8000)], {
  "x-message": "volumetricDivisor must be 5000, 6000 or 8000 (absent: no volumetric weight)",
  description: "cm³ per kg; absent or null: volumetric weight not charged",
});

export const LineBody = Type.Object({
  companyName: PlainText("companyName", { minLength: 1, maxLength: 100, description: "carrier, e.g. EMS" }),
  serviceCategory: Category,
  active: Type.Optional(Type.Boolean({ default: true })),
  volumetricDivisor: Type.Optional(Divisor),
  throwMode: Type.Optional(Throw),
  freeThrowLimitG: Type.Optional(grams("free throw: the volumetric excess billed as nothing (default 0)", 0)),
  minChargeableWeightG: Type.Optional(grams("the least weight charged (default 0)", 0)),
  maxWeightG: grams("the heaviest parcel taken, actual weight"),
  maxSideMm: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: "longest side, mm (absent: no limit)" })),
  maxGirthMm: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: "length + 2 × (width + height), mm (absent: no limit)" })),
  acceptedAttributes: Type.Optional(Type.Array(Attribute, { uniqueItems: true, description: "sensitive goods the line takes (default none)" })),
  transitDays: Days,
  zones: Type.Array(ZoneSchema, { minItems: 1, maxItems: 300 }),
  surcharges: Type.Optional(Type.Array(SurchargeSchema, { maxItems: 100 })),
});

export const LineView = Type.Object(
  {
    serviceId: Type.String(),
    companyName: Type.String(),
    serviceCategory: Type.String(),
    active: Type.Boolean(),
    volumetricDivisor: Type.Union([Type.Integer(), Type.Null()]),
    throwMode: Type.String(),
    freeThrowLimitG: Type.Integer(),
    minChargeableWeightG: Type.Integer(),
    maxWeightG: Type.Integer(),
    maxSideMm: Type.Union([Type.Integer(), Type.Null()]),
    maxGirthMm: Type.Union([Type.Integer(), Type.Null()]),
    acceptedAttributes: Type.Array(Type.String()),
    transitDays: Days,
    zones: Type.Array(
      Type.Object({
        code: Type.String(),
        countries: Type.Array(Type.String()),
        postcodePrefixes: Type.Array(Type.String()),
        rate: RateSchema,
        transitDays: Type.Optional(Days),
      }),
    ),
    surcharges: Type.Array(
      Type.Object({
        code: Type.String(),
        kind: Type.String(),
        amount: Type.Integer(),
        minFen: Type.Integer(),
        validFrom: Type.Union([Type.String(), Type.Null()]),
        validTo: Type.Union([Type.String(), Type.Null()]),
        zones: Type.Array(Type.String()),
      }),
    ),
    revision: Type.Integer(),
    updatedAt: Type.String({ description: "yyyy-MM-dd HH:mm:ss (UTC+8)" }),
  },
  { title: "ShippingLine" },
);

export const FuelBody = Type.Object({
  percentBp: Type.Integer({ minimum: 0, maximum: 100_000, description: "basis points of the base freight: 1250 = 12.5 %" }),
  from: ChinaDate("first day of the new percentage"),
});

export const ServiceIdParam = Type.Object({
  serviceId: Type.String({ pattern: "^[A-Za-z0-9_-]{1,32}$", "x-message": "serviceId must be 1 to 32 of A-Z, a-z, 0-9, _ and -" }),
});
