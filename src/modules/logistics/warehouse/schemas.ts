// TypeBox schemas of the warehouse's routes (DESIGNED, outside /v2): the item and inbound parcel
// views, queries and bodies, with the OpenAPI descriptions integrators read.
import { Type } from "typebox";
import { Nullable, PlainText, ID_PATTERN } from "../../../platform/http/schemas.ts";
import { INBOUND_STATES, ITEM_STATES } from "./model.ts";

const Ms = (description: string) => Nullable(Type.Integer({ description: `${description}, epoch ms` }));
const Id = (description: string) => Type.String({ description });

export const ItemState = Type.String({ enum: [...ITEM_STATES], description: "EXPECTED → RECEIVED → QC_PASSED | QC_ISSUE → STORED → ALLOCATED → SHIPPED; side exits RETURNED_TO_SELLER, ABANDONED" });
export const InboundState = Type.String({ enum: [...INBOUND_STATES], description: "EXPECTED → RECEIVED → STORED; HELD (arrived unannounced) → RECEIVED when claimed, or ABANDONED; RETURNED_TO_SELLER" });
const PlatformName = Type.Union([Type.Literal("taobao"), Type.Literal("alibaba")], { "x-message": "platform must be taobao or alibaba" });

export const ItemSchema = Type.Object({
  id: Id("the warehouse item (19 digits)"),
  state: ItemState,
  userId: Id("the user the goods belong to"),
  platform: Nullable(Type.String({ enum: ["taobao", "alibaba"], description: "where the goods were bought; null for goods declared as bought elsewhere" })),
  orderId: Nullable(Id("the platform order (Taobao OrderV2VO.id, 1688 baseInfo.id)")),
  subOrderId: Nullable(Id("the line: Taobao subOrderId, 1688 entry id (subItemID)")),
  itemId: Type.String({ description: "Taobao mpId, 1688 offerMapId, or as declared" }),
  skuId: Type.String({ description: "Taobao mpSkuId, 1688 specId, or as declared" }),
  title: Type.String(),
  quantityExpected: Type.Integer({ description: "units announced" }),
  quantityReceived: Nullable(Type.Integer({ description: "units received; null before the parcel arrived" })),
  inbound: Type.Object({ id: Id("the inbound parcel"), trackingNumber: Type.String({ description: "domestic tracking number" }), carrier: Type.String({ description: "domestic carrier" }) }),
  parcelId: Nullable(Id("the international parcel the goods are allocated to or shipped in")),
  weightG: Nullable(Type.Integer({ description: "measured weight of the line's goods, grams; null before the check" })),
  sizeMm: Nullable(Type.Object({ length: Type.Integer(), width: Type.Integer(), height: Type.Integer() }, { description: "measured size, millimetres" })),
  qc: Type.Object({
    result: Nullable(Type.String({ enum: ["PASSED", "ISSUE"], description: "the last check's outcome" })),
    note: Nullable(Type.String({ description: "what the checker wrote" })),
    photos: Type.Array(Type.String({ description: "an unguessable address of the photo on this platform (GET it: JPEG, PNG or WebP)" })),
    at: Ms("when the goods were last checked"),
  }),
  receivedAt: Ms("when the goods arrived"),
  storedAt: Ms("when the goods went on the shelf (the storage clock starts)"),
  freeStorageUntil: Ms("when free storage ends and the daily fee starts"),
  abandonAt: Ms("when goods still on the shelf are abandoned (the storage limit)"),
  storageFees: Type.Object({
    chargedFen: Type.Integer({ description: "storage fees charged to the balance, fen" }),
    owedFen: Type.Integer({ description: "storage fees the balance could not cover yet, fen (collected by a later run)" }),
  }),
  createdAt: Type.Integer({ description: "epoch ms" }),
  updatedAt: Type.Integer({ description: "epoch ms" }),
});

const HistorySchema = Type.Object({
  from: Nullable(Type.String()),
  to: Type.String(),
  reason: Nullable(Type.String()),
  actor: Type.String({ description: "carrier, warehouse, sandbox warehouse, user, storage, or the operator" }),
  at: Type.Integer({ description: "epoch ms (the developer's clock)" }),
});

export const ItemDetailSchema = Type.Object({
  ...ItemSchema.properties,
  history: Type.Array(HistorySchema, { description: "every state change, oldest first" }),
  storageDays: Type.Array(
    Type.Object({
      day: Type.Integer({ description: "storage day, 0 = the day the goods were stored" }),
      amountFen: Type.Integer(),
      status: Type.String({ enum: ["CHARGED", "OWED"] }),
      reference: Type.String({ description: "the wallet reference of the charge" }),
      at: Type.Integer({ description: "epoch ms" }),
    }),
    { description: "paid storage days, oldest first" },
  ),
});

export const InboundSchema = Type.Object({
  id: Id("the inbound parcel (19 digits)"),
  trackingNumber: Type.String({ description: "domestic tracking number" }),
  carrier: Type.String(),
  state: InboundState,
  userId: Nullable(Id("whose parcel it is; null while HELD")),
  source: Type.String({ enum: ["purchase", "declared", "unannounced"], description: "a platform order's parcel, one the user declared, or one that arrived unannounced" }),
  platform: Nullable(Type.String({ enum: ["taobao", "alibaba"] })),
  weightG: Nullable(Type.Integer({ description: "Σ measured weights of its goods, grams" })),
  expectedAt: Ms("when it was announced"),
  receivedAt: Ms("when it arrived"),
  storedAt: Ms("when every item was checked"),
  holdUntil: Ms("HELD: abandoned if nobody claims it by then"),
  createdAt: Type.Integer({ description: "epoch ms" }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      state: ItemState,
      title: Type.String(),
      itemId: Type.String(),
      skuId: Type.String(),
      quantityExpected: Type.Integer(),
      quantityReceived: Nullable(Type.Integer()),
    }),
  ),
});

const Cursor = Type.String({ pattern: ID_PATTERN, "x-message": "cursor must be the nextCursor of the previous page", description: "the previous page's nextCursor" });
const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

export const ItemQuery = Type.Object({
  state: Type.Optional(Type.String({ enum: [...ITEM_STATES], "x-message": `state must be one of ${ITEM_STATES.join(", ")}` })),
  platform: Type.Optional(PlatformName),
  orderId: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "orderId must be a platform order id (digits)" })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const InboundQuery = Type.Object({
  state: Type.Optional(Type.String({ enum: [...INBOUND_STATES], "x-message": `state must be one of ${INBOUND_STATES.join(", ")}` })),
  trackingNumber: Type.Optional(PlainText("trackingNumber", { minLength: 1, maxLength: 64 })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String({ description: "pass as cursor for the next (older) page; null at the end" })) });

export const TrackingNumber = Type.String({ pattern: "^[A-Za-z0-9-]{4,40}$", "x-message": "trackingNumber must be 4 to 40 letters, digits or -", description: "domestic tracking number" });

export const ClaimBody = Type.Object({
  trackingNumber: TrackingNumber,
  title: Type.Optional(PlainText("title", { minLength: 1, maxLength: 200, description: "what the parcel holds; default: goods of <trackingNumber>" })),
  itemId: Type.Optional(PlainText("itemId", { maxLength: 64, description: "the goods' item id, if known" })),
  skuId: Type.Optional(PlainText("skuId", { maxLength: 64, description: "the goods' SKU id, if known" })),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: "units" })),
});

export const ItemParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN, "x-message": "id must be a warehouse item id (digits)" }) });
export { PlatformName };
