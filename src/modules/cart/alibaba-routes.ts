// 1688 cart endpoints (alibaba-1688.md §2.1–§2.5). §2.6 (create order from the cart) belongs to the
// orders module, over AlibabaCartService.cargoForOrder / removeOrdered and previewAlibaba.
import { Type } from "typebox";
import { invalid } from "../../platform/http/errors.ts";
import { envelopeResponse, PlainText } from "../../platform/http/schemas.ts";
import { ok, type App } from "../../platform/http/server.ts";
import { AlibabaAddressParam } from "./alibaba-address.ts";
import { AlibabaCartList, AlibabaPreviewResult, AlibabaQuantity, cargoMembers } from "./alibaba-schemas.ts";
import type { AlibabaCartService } from "./alibaba-service.ts";
import { MAX_IDS, MAX_QUANTITY, MAX_ROWS_PER_USER } from "./model.ts";

const tags = ["1688: cart"];

const RowId = (field: string) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "cart row id", "x-message": `${field} must be a cart row id (a positive integer)` });
const RowIds = (field: string, unique: boolean) =>
  Type.Array(RowId(`${field}[]`), {
    minItems: 1,
    maxItems: MAX_IDS,
    ...(unique ? { uniqueItems: true } : {}),
    description: `cart row ids, 1 to ${MAX_IDS}${unique ? ", no repeats" : ""}`,
  });
const UserId = Type.Optional(PlainText("userId", { maxLength: 32, description: "must equal the user-id header when present and non-empty (40301 otherwise)" }));
const LabelText = (field: string, description: string) => Type.Optional(PlainText(field, { maxLength: 100, description }));

const CARGO_CODES = [
  "Cargo `resultCode` values: NOT_FOUND (product or spec gone), SPEC_REQUIRED, SELLER_MISMATCH, OFFLINE (not published / spec not on sale),",
  "OUT_OF_STOCK (the spec's stock is below the quantity), BELOW_MINIMUM (the offer's total in this seller order is below minOrderQuantity): these fail the seller order (`status` false, `success` false);",
  "PRICE_CHANGED: a warning only, the unit price at the row's quantity differs from the one stored when the row was added or last edited.",
].join(" ");

export function registerAlibabaCartRoutes(app: App, cart: AlibabaCartService): void {
  app.get(
    "/v2/alibaba/cart/list",
    {
      schema: {
        tags,
        summary: "Cart list",
        description: [
          "DOCUMENTED path and shape; no parameters, no paging (a cart holds at most 200 rows).",
          "Rows are judged against the catalogue on every read (statuses.md §7.3) and move between the lists in both directions:",
          "`enableList` rows can be ordered; `disableList` rows are OFFLINE (product not published, or it or its spec no longer exists), OUT_OF_STOCK (the spec's stock is below the row's quantity)",
          "or BELOW_MINIMUM (the offer's orderable rows together are below its minOrderQuantity: an offer's rows count together, as they would in one order).",
          "Groups by seller (`sellerOpenId`), ordered by the newest row they contain; rows newest first.",
          "`price` (integer fen) is recomputed on each read from the product's current tiers at the row's quantity (quoteType 1: the spec's own price; promotion price if lower);",
          "the preview prices an offer's rows together, so several specs of one offer may reach a lower tier there. `amountOnSale` is the spec's stock now.",
          "`itemTitle` (English), `itemPic`, `properties` (\"Color:Tulip;Size:S\") and `sellerNickName` are the snapshot of add time.",
        ].join(" "),
        response: envelopeResponse(AlibabaCartList, [50201]),
      },
    },
    async (request) => ok(request, await cart.list(request.auth!)),
  );

  app.post(
    "/v2/alibaba/cart/add",
    {
      schema: {
        tags,
        summary: "Add cart item",
        description: [
          "Method DOCUMENTED, path and body DESIGNED (alibaba-1688.md §2.2). `offerMapId` (or its alias `offerId`; a numeric offer id also resolves) and `quantity` are required;",
          "`specId` is required when the product has SKUs (40002 naming specId). `sellerOpenId`, when given, must be the product's seller.",
          "The row keeps a snapshot from the catalogue: title, image, unit price at the row's quantity, properties, seller nickname, stock.",
          "Adding a spec already in the cart (same offer and specId, whichever id form was used) adds to its row's quantity, refreshes its snapshot",
          "(and its productNo / container when given) and returns its id.",
          `At most ${MAX_ROWS_PER_USER} rows per user (40901 beyond); at most ${MAX_QUANTITY} units per row (40002 for the request, 40901 when a merge would exceed it).`,
          "A quantity above the stock or below the minimum is stored; the row is then in the list's disableList.",
          "Unknown or unpublished offer, an unknown specId, or a sellerOpenId that is not the offer's: 40401. Spec not on sale: 40901. `data` is `{id}`, the cart row id.",
        ].join(" "),
        body: Type.Object({ ...cargoMembers(""), userId: UserId }),
        response: envelopeResponse(Type.Object({ id: Type.Integer({ description: "cart row id" }) }), [40401, 40901, 50201]),
      },
    },
    async (request) => ok(request, await cart.add(request.auth!, request.body)),
  );

  app.post(
    "/v2/alibaba/cart/delete",
    {
      schema: {
        tags,
        summary: "Delete cart items",
        description: `Method DOCUMENTED, path and body DESIGNED. \`cartIds\` (1 to ${MAX_IDS}; \`ids\` accepted as an alias) are removed; ids that are not in the user's cart are ignored, so the call is idempotent. \`data\` is \`true\`.`,
        body: Type.Object({ cartIds: Type.Optional(RowIds("cartIds", false)), ids: Type.Optional(RowIds("ids", false)) }),
        response: envelopeResponse(Type.Boolean(), []),
      },
    },
    async (request) => {
      const ids = request.body.cartIds ?? request.body.ids;
      if (ids === undefined) throw invalid("cartIds is required");
      return ok(request, await cart.remove(request.auth!, ids));
    },
  );

  app.post(
    "/v2/alibaba/cart/edit-quantity",
    {
      schema: {
        tags,
        summary: "Edit item quantity",
        description: [
          `Method and body DOCUMENTED, path DESIGNED (rule a). Sets the row's quantity (1 to ${MAX_QUANTITY}; delete to remove a row) and, when given, its productNo / container ("" clears them).`,
          "The row's stored unit price and stock are refreshed at the new quantity. A quantity above the stock or below the minimum is stored and the row moves to disableList (and back).",
          "`updateTime` is accepted and ignored. Unknown row, or one of another user: 40401. `data` is `true`.",
        ].join(" "),
        body: Type.Object({
          id: RowId("id"),
          quantity: AlibabaQuantity,
          productNo: LabelText("productNo", "buyer product label"),
          container: LabelText("container", "buyer container label"),
          updateTime: Type.Optional(Type.Unknown({ description: "operation time; accepted and ignored" })),
        }),
        response: envelopeResponse(Type.Boolean(), [40401, 50201]),
      },
    },
    async (request) => ok(request, await cart.editQuantity(request.auth!, request.body)),
  );

  app.post(
    "/v2/alibaba/cart/preview/order",
    {
      schema: {
        tags,
        summary: "Preview before creating an order from the cart",
        description: [
          "Method and body DOCUMENTED, path DESIGNED (rule a); `data` is the order preview result (alibaba-1688.md §0.5; the key `orderPreviewResuslt` is spelt as DOCUMENTED). Read-only.",
          "One PreviewResult per seller, in the order sellers first appear in `cartIds`; cargo in request order. Amounts are integer fen.",
          "Prices come from the catalogue now: wholesale tiers by the offer's TOTAL quantity across its specs in this preview (quoteType 0 and 2), the spec's own price for quoteType 1; the promotion price if lower.",
          "`sumCarriage` = the highest shipping fee among the seller order's specs (one parcel per seller), 0 when all ship free; no discounts (`discountFee` 0).",
          "Checks per line: published, spec, stock (per spec), minimum order quantity (per offer total). A failing line fails its seller order (`status` false, `resultCode`/`message` set) and `success` is false.",
          CARGO_CODES,
          "`addressParam` requires fullName, provinceText, cityText, address and one of mobile / phone (40002 naming the field). Any id that is not one of the user's rows: 40401.",
        ].join(" "),
        body: Type.Object({ addressParam: AlibabaAddressParam, cartIds: RowIds("cartIds", true), userId: UserId }),
        response: envelopeResponse(AlibabaPreviewResult, [40401, 50201]),
      },
    },
    async (request) => ok(request, await cart.preview(request.auth!, request.body)),
  );
}
