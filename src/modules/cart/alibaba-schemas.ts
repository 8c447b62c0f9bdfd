// Wire schemas of the 1688 cart and of what the orders module shares with it: one cargo element
// (`FastCargo`, alibaba-1688.md §0.3) and the preview result (§0.5).
import { Type, type Static } from "typebox";
import { invalid } from "../../platform/http/errors.ts";
import { Nullable, PlainText } from "../../platform/http/schemas.ts";
import { CargoCode, type AlibabaCargo } from "./alibaba-policy.ts";
import { MAX_QUANTITY } from "./model.ts";

export const AlibabaQuantity = Type.Integer({ minimum: 1, maximum: MAX_QUANTITY, description: `units, 1 to ${MAX_QUANTITY} (DESIGNED maximum)` });

/** The members of one cargo element; `field` names it in messages ("cargoParamList[0]" or "" for a body). */
export function cargoMembers(field: string) {
  const at = (key: string) => (field ? `${field}.${key}` : key);
  return {
    sellerOpenId: Type.Optional(PlainText(at("sellerOpenId"), { maxLength: 64, description: "seller; checked against the product when given (derived from it when absent)" })),
    offerMapId: Type.Optional(PlainText(at("offerMapId"), { minLength: 1, maxLength: 64, pattern: "\\S", description: "opaque product id (a numeric offer id also resolves); required, or its alias offerId" })),
    offerId: Type.Optional(
      Type.Union([PlainText(at("offerId"), { minLength: 1, maxLength: 64, pattern: "\\S" }), Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })], {
        description: "v1 alias of offerMapId: the opaque id, or the numeric offer id",
        "x-message": `${at("offerId")} must be a product id (a string, or a positive integer)`,
      }),
    ),
    specId: Type.Optional(PlainText(at("specId"), { maxLength: 64, description: "SKU spec (32 hex); required when the product has SKUs" })),
    quantity: AlibabaQuantity,
    productNo: Type.Optional(PlainText(at("productNo"), { maxLength: 100, description: "the buyer's own product label (产品号), copied onto the order line" })),
    container: Type.Optional(PlainText(at("container"), { maxLength: 100, description: "the buyer's own container or box label (柜箱号), copied onto the order line" })),
  };
}

/** One `cargoParamList` element (§0.3) as the orders routes validate it. */
export const AlibabaCargoParam = Type.Object(cargoMembers("cargoParamList[]"), { title: "FastCargo" });
export type AlibabaCargoInput = Static<typeof AlibabaCargoParam>;

const blankToNull = (value: string | undefined): string | null => (value === undefined || value.trim() === "" ? null : value);

/** A validated cargo element as the policy takes it: `offerId` folded into `offerMapId`, blanks null. */
export function checkedCargo(input: AlibabaCargoInput, field = "cargoParamList[]"): AlibabaCargo {
  const id = input.offerMapId ?? (input.offerId === undefined ? undefined : String(input.offerId));
  if (id === undefined) throw invalid(`${field ? `${field}.` : ""}offerMapId is required (or its alias offerId)`);
  return {
    offerMapId: id,
    specId: blankToNull(input.specId),
    quantity: input.quantity,
    sellerOpenId: blankToNull(input.sellerOpenId),
    productNo: blankToNull(input.productNo),
    container: blankToNull(input.container),
  };
}

const FEN = "integer fen";
const codes = Object.values(CargoCode).join(", ");

const Promotion = Type.Object(
  {
    promotionId: Type.String(),
    selected: Type.Boolean(),
    text: Type.String(),
    desc: Type.String(),
    freePostage: Type.Boolean(),
    discountFee: Type.Integer({ description: FEN }),
  },
  { title: "PromotionVO" },
);

const Cargo = Type.Object(
  {
    offerId: Type.String({ description: "opaque product id (the canonical offerMapId when the product is known, else as given)" }),
    openOfferId: Type.String({ description: "the same opaque id" }),
    specId: Type.String({ description: 'SKU spec ("" for an offer without SKUs)' }),
    skuId: Type.String({ description: 'upstream SKU id ("" when unknown or none)' }),
    amount: Type.Integer({ description: `${FEN}: finalUnitPrice × quantity (0 when the product or spec is unknown)` }),
    finalUnitPrice: Type.Integer({ description: `${FEN}: unit price at the offer's total quantity in this preview (wholesale tiers for quoteType 0 / 2; the SKU price for quoteType 1; the promotion price if lower)` }),
    resultCode: Nullable(
      Type.String({
        description: [
          `null when the line is fine; else one of ${codes}.`,
          "NOT_FOUND: unknown product, or a specId that is not the offer's; SPEC_REQUIRED: the product has SKUs and no specId was given;",
          "SELLER_MISMATCH: sellerOpenId is not the product's seller; OFFLINE: not published, or the SKU is not on sale (statuses.md §7.2);",
          "OUT_OF_STOCK: the spec's stock is below the quantity; BELOW_MINIMUM: the offer's total quantity in this seller order is below its minOrderQuantity.",
          "These fail the seller order (status false). PRICE_CHANGED is a warning only (the order can be created): the unit price at the line's quantity differs from the one stored when the cart row was added or last edited.",
        ].join(" "),
      }),
    ),
    message: Nullable(Type.String({ description: "English text for resultCode" })),
    cargoPromotionList: Type.Array(Promotion, { description: "always [] (no promotion model)" }),
  },
  { title: "Cargo" },
);

const TradeModel = Type.Object(
  { tradeWay: Type.String(), name: Type.String(), tradeType: Type.String(), description: Type.String(), opSupport: Type.Boolean() },
  { title: "TradeModel" },
);

const PreviewResult = Type.Object(
  {
    status: Type.Boolean({ description: "this seller order can be created (no failing cargo)" }),
    resultCode: Nullable(Type.String({ description: "the first failing cargo's resultCode; null when status is true" })),
    message: Nullable(Type.String({ description: "the failing cargos' messages; null when status is true" })),
    flowFlag: Type.String({ description: "general" }),
    sumPayment: Type.Integer({ description: `${FEN}: sumPaymentNoCarriage + sumCarriage` }),
    sumCarriage: Type.Integer({ description: `${FEN}: shipping = the highest per-SKU shipping fee among the seller order's lines (one parcel per seller); 0 when all ship free` }),
    sumPaymentNoCarriage: Type.Integer({ description: `${FEN}: Σ cargo amount, after discounts` }),
    discountFee: Nullable(Type.Integer({ description: `${FEN}: discount, a positive amount; 0 (no shop promotions)` })),
    additionalFee: Nullable(Type.Integer({ description: `${FEN}: 0` })),
    taoSampleSinglePromotion: Type.Boolean(),
    tradeModeNameList: Type.Array(Type.String(), { description: "trade modes usable as tradeType at creation" }),
    tradeModelList: Type.Array(TradeModel),
    shopPromotionList: Type.Array(Promotion, { description: "always [] (no promotion model)" }),
    cargoList: Type.Array(Cargo, { description: "the seller's lines in request order" }),
  },
  { title: "PreviewResult" },
);

/** `data` of §2.5, §3.2 and §3.6 (alibaba-1688.md §0.5); `orderPreviewResuslt` is the DOCUMENTED spelling. */
export const AlibabaPreviewResult = Type.Object(
  {
    orderPreviewResuslt: Type.Array(PreviewResult, { description: "one per seller order, in the order sellers first appear in the request (spelling DOCUMENTED)" }),
    success: Type.Boolean({ description: "false when any seller order fails" }),
    errorCode: Nullable(Type.String({ description: "the first failing seller order's resultCode; null on success" })),
    errorMsg: Nullable(Type.String({ description: "the failing cargos' messages; null on success" })),
    postFeeByDescOfferList: Type.Array(Type.String(), { description: "always [] (every SKU's shipping fee is known)" }),
    consignOfferList: Type.Array(Type.String(), { description: "always []" }),
    unsupportedCrossBorderPayOfferList: Type.Array(Type.String(), { description: "always []" }),
  },
  { title: "AlibabaOrderPreview" },
);

const CartItemInfo = Type.Object(
  {
    id: Type.Integer({ description: "cart row id" }),
    offerMapId: Type.String({ description: "opaque product id" }),
    specId: Type.String({ description: 'SKU spec ("" for an offer without SKUs)' }),
    skuId: Type.String({ description: 'upstream SKU id ("" for an offer without SKUs)' }),
    itemTitle: Type.String({ description: "title (English translation), stored at add time" }),
    itemPic: Type.String({ description: "image, stored at add time" }),
    price: Type.Integer({ description: `${FEN}: the unit price at the row's quantity from the product's current tiers (the stored one when the product is gone)` }),
    quantity: Type.Integer(),
    amountOnSale: Type.Integer({ description: "the spec's stock now (the stored one when the product is gone)" }),
    properties: Type.String({ description: 'SKU attributes, e.g. "Color:Tulip;Size:S" ("" without SKU)' }),
  },
  { title: "AlibabaCartItemInfo" },
);
const CartShopItem = Type.Object(
  { sellerOpenId: Type.String(), sellerNickName: Type.String(), cartItemInfos: Type.Array(CartItemInfo) },
  { title: "CartShopItem" },
);
export const AlibabaCartList = Type.Object({ enableList: Type.Array(CartShopItem), disableList: Type.Array(CartShopItem) }, { title: "AlibabaCartV2VO" });
