// Taobao cart endpoints (taobao.md §3.1, §3.3–§3.6). §3.2 (create order from the cart) belongs to the
// orders module, over CartService.linesForOrder / removeOrdered.
import { Type } from "typebox";
import { envelopeResponse, Nullable } from "../../platform/http/schemas.ts";
import { ok, type App } from "../../platform/http/server.ts";
import { OrderAddress, ReceiverVO } from "./address.ts";
import { MAX_IDS, MAX_QUANTITY, MAX_ROWS_PER_USER } from "./model.ts";
import type { CartService } from "./service.ts";

const tags = ["taobao: cart"];

const RowId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "cart row id" });
const RowIds = Type.Array(RowId, {
  minItems: 1,
  maxItems: MAX_IDS,
  uniqueItems: true,
  description: `cart row ids, 1 to ${MAX_IDS}, no repeats`,
});
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_QUANTITY, description: `units, 1 to ${MAX_QUANTITY} (DESIGNED maximum)` });
const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: `${description}, integer fen` });
const Id = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: "\\S", description });
const UserId = Type.Optional(Type.String({ maxLength: 32, description: "must equal the user-id header when present and non-empty (40301 otherwise)" }));

const CartItem = Type.Object(
  {
    id: Type.Integer({ description: "cart row id" }),
    itemMapId: Type.String({ description: "opaque product id" }),
    mpId: Type.String({ description: "distribution item id" }),
    mpSkuId: Type.String({ description: "distribution SKU id" }),
    skuId: Type.String({ description: "SKU id" }),
    itemTitle: Type.String(),
    itemPic: Type.String(),
    price: Type.Integer({ description: "fen, stored at add time" }),
    promotionPrice: Type.Integer({ description: "fen, stored at add time" }),
    quantity: Type.Integer(),
    skuQuantity: Type.String({ description: "SKU stock as last known" }),
    properties: Type.String({ description: "SKU properties, JSON string as given at add time" }),
  },
  { title: "CartItem" },
);
const ShopGroup = Type.Object(
  { shopId: Type.Integer(), shopName: Type.String(), cartItemInfos: Type.Array(CartItem) },
  { title: "ShopGroup" },
);

const PreviewItem = Type.Object(
  {
    id: Type.Integer({ description: "cart row id" }),
    itemMapId: Type.String(),
    mpId: Type.String(),
    mpSkuId: Type.String(),
    skuId: Type.String(),
    itemTitle: Type.String(),
    itemPic: Type.String(),
    quantity: Type.Integer(),
    price: Type.Integer({ description: "fen: the current promotionPrice if lower, else price (the snapshot's when the SKU is offline)" }),
    amount: Type.Integer({ description: "fen: price × quantity" }),
    available: Type.Boolean(),
    reason: Nullable(Type.Union([Type.Literal("OFFLINE"), Type.Literal("OUT_OF_STOCK"), Type.Literal("BELOW_MINIMUM")])),
    snapshotPrice: Type.Integer({ description: "DESIGNED addition: fen, the unit price stored when the row was added (its promotionPrice if lower, else price)" }),
    priceChanged: Type.Boolean({ description: "DESIGNED addition: true when the current price differs from snapshotPrice (false when offline: no current price)" }),
    stock: Nullable(Type.Integer({ description: "DESIGNED addition: the SKU's stock now; null when offline" })),
  },
  { title: "PreviewItem" },
);

export function registerCartRoutes(app: App, cart: CartService): void {
  app.post(
    "/v2/taobao/cart/add",
    {
      schema: {
        tags,
        summary: "Add cart item",
        description: [
          "DOCUMENTED path and body. `itemMapId`, `skuId` and `quantity` are required (DESIGNED) besides the DOCUMENTED `mpId`, `mpSkuId`.",
          "The row keeps a snapshot: `itemTitle`, `itemPic`, `price`, `promotionPrice` and `properties` as given, else from the catalogue (DESIGNED defaults);",
          "shop (`shopId`, `shopName`, `userNick`) and `skuQuantity` always from the catalogue, so that rows group by their real shop (DESIGNED: the body's values are ignored);",
          "`platform`, `quoteType`, `priceRanges` stored, no effect.",
          "DESIGNED: adding a SKU (`mpSkuId`) already in the cart adds to its row's quantity, refreshes its snapshot and returns its id.",
          `At most ${MAX_ROWS_PER_USER} rows per user (40901 beyond); at most ${MAX_QUANTITY} units per row (40002 for the request, 40901 when a merge would exceed it).`,
          "A quantity above the stock or below the minimum is stored; the row is then in the list's disableList.",
          "Unknown or delisted product, or an `mpId` / `mpSkuId` / `skuId` that is not the product's: 40401. `skuId` and `mpSkuId` of two different SKUs: 40002. SKU not on sale: 40901.",
          "`data` is `{id}`, the cart row id.",
        ].join(" "),
        body: Type.Object({
          userId: UserId,
          platform: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: "platform flag; stored, no effect" })),
          itemMapId: Id("opaque product id (a numeric Taobao id also resolves)"),
          skuId: Id("SKU id"),
          itemTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "title; default: catalogue title" })),
          itemPic: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: "image; default: catalogue image" })),
          mpId: Id("distribution item id"),
          mpSkuId: Id("distribution SKU id"),
          price: Type.Optional(Fen("product price; default: catalogue price")),
          promotionPrice: Type.Optional(Fen("price after discount; default: catalogue value")),
          properties: Type.Optional(Type.String({ maxLength: 4000, description: "SKU properties, a JSON string of [{valueId, valueName, propId, propName}]; default: the catalogue's" })),
          quantity: Quantity,
          shopId: Type.Optional(Type.Integer({ description: "accepted, ignored (the catalogue's shop is stored)" })),
          aliShopId: Type.Optional(Type.String({ maxLength: 64, description: "accepted, ignored" })),
          shopName: Type.Optional(Type.String({ maxLength: 200, description: "accepted, ignored" })),
          skuQuantity: Type.Optional(Type.String({ maxLength: 32, description: "accepted, ignored (the catalogue's stock is stored)" })),
          userNick: Type.Optional(Type.String({ maxLength: 200, description: "accepted, ignored" })),
          priceRanges: Type.Optional(
            Type.Array(
              Type.Object({
                startQuantity: Type.Optional(Type.Integer({ minimum: 0 })),
                price: Type.Optional(Type.Number({ minimum: 0 })),
              }),
              { maxItems: 20, description: "quantity price tiers (price in fen); stored, no effect" },
            ),
          ),
          quoteType: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: "pricing mode; stored, no effect" })),
        }),
        response: envelopeResponse(Type.Object({ id: Type.Integer({ description: "cart row id" }) }), [40401, 40901, 50201]),
      },
    },
    async (request) => ok(request, await cart.add(request.auth!, request.body)),
  );

  app.get(
    "/v2/taobao/cart/list",
    {
      schema: {
        tags,
        summary: "Cart list",
        description:
          "DESIGNED path (rule b) and shape, mirroring the 1688 cart list; no query parameters, no paging (a cart holds at most 200 rows). Rows are judged against the catalogue on every read (statuses.md §7.3): `enableList` rows can be ordered; `disableList` rows are offline, out of stock (stock below the row's quantity) or below the product's minimum. Groups by shop, ordered by the newest row they contain; rows newest first. `price`, `promotionPrice`, `itemTitle`, `itemPic`, `properties` are the snapshot of add time; `skuQuantity` is the catalogue's stock now (the snapshot's when the SKU is gone).",
        response: envelopeResponse(
          Type.Object({ enableList: Type.Array(ShopGroup), disableList: Type.Array(ShopGroup) }, { title: "TaobaoCartList" }),
          [50201],
        ),
      },
    },
    async (request) => ok(request, await cart.list(request.auth!)),
  );

  app.post(
    "/v2/taobao/cart/delete",
    {
      schema: {
        tags,
        summary: "Delete cart items",
        description: "DESIGNED path (rule b) and body. Ids that are not in the user's cart are ignored, so the call is idempotent. `data` is `true`.",
        body: Type.Object({ ids: RowIds }),
        response: envelopeResponse(Type.Boolean(), []),
      },
    },
    async (request) => ok(request, await cart.remove(request.auth!, request.body.ids)),
  );

  app.post(
    "/v2/taobao/cart/edit-quantity",
    {
      schema: {
        tags,
        summary: "Edit item quantity",
        description: `DESIGNED path (rule b) and body, after the 1688 twin. Sets the row's quantity (1 to ${MAX_QUANTITY}; delete to remove a row). A quantity above the stock is stored and the row moves to disableList. Unknown row, or one of another user: 40401. \`data\` is \`true\`.`,
        body: Type.Object({ id: RowId, quantity: Quantity }),
        response: envelopeResponse(Type.Boolean(), [40401]),
      },
    },
    async (request) => ok(request, await cart.editQuantity(request.auth!, request.body.id, request.body.quantity)),
  );

  app.post(
    "/v2/taobao/cart/confirm/order",
    {
      schema: {
        tags,
        summary: "Generate order preview",
        description: [
          "Method and body DOCUMENTED, path DESIGNED (rule a), response DESIGNED. Read-only.",
          "One item per requested row, in request order, priced from the catalogue now: `price` is the current promotionPrice if lower, else price; `amount` = price × quantity;",
          "`productAmount` sums the available items. Domestic shipping is not included (it is known only once the upstream builds the order).",
          "`available` / `reason` (OFFLINE, OUT_OF_STOCK, BELOW_MINIMUM) as statuses.md §7.3.",
          "DESIGNED additions to PreviewItem, since the reference has no field for a changed price: `snapshotPrice` (the unit price stored at add time),",
          "`priceChanged` (current price ≠ snapshotPrice) and `stock` (the SKU's stock now, null when offline).",
          "`orderAddress` requires name, state, city, address and one of phone / mobile_phone (DESIGNED, taobao.md §0.5); country defaults to 中国大陆.",
          "Any id that is not one of the user's rows: 40401.",
        ].join(" "),
        body: Type.Object({ ids: RowIds, orderAddress: OrderAddress, userId: UserId }),
        response: envelopeResponse(
          Type.Object(
            {
              items: Type.Array(PreviewItem),
              productAmount: Type.Integer({ description: "fen: Σ amount of the available items" }),
              currency: Type.Literal("CNY"),
              receiverVO: ReceiverVO,
            },
            { title: "TaobaoCartPreview" },
          ),
          [40401, 50201],
        ),
      },
    },
    async (request) => ok(request, await cart.preview(request.auth!, request.body.ids, request.body.orderAddress, request.body.userId)),
  );
}
