// Operator API of the warehouse (/admin/warehouse/…), which `openpon warehouse …` speaks to: parcels
// (HELD ones included) and items of any developer, scanning a parcel in, recording a check with
// photos, sending goods back or keeping them despite an issue, and the storage run.
import { Type } from "typebox";
import { invalid } from "../../../platform/http/errors.ts";
import { envelopeResponse, PlainText, ID_PATTERN } from "../../../platform/http/schemas.ts";
import { okOperator, type App } from "../../../platform/http/server.ts";
import { MAX_WEIGHT_G, parseSize, type InboundState, type WarehouseItemState } from "./model.ts";
import { InboundQuery, InboundSchema, ItemDetailSchema, ItemParams, ItemQuery, ItemSchema, Page, TrackingNumber } from "./schemas.ts";
import type { Warehouse } from "./warehouse.ts";

const tags = ["operator: warehouse"];
const MAX_PHOTOS = 6;
const DevelopIdField = Type.String({ pattern: ID_PATTERN, "x-message": "developId must be a numeric string", description: "the developer" });
const Note = PlainText("note", { maxLength: 500, description: "what the operator writes" });

const QcBody = Type.Object({
  weightG: Type.Integer({ minimum: 1, maximum: MAX_WEIGHT_G, "x-message": `weightG must be a whole number of grams from 1 to ${MAX_WEIGHT_G}`, description: "measured weight of the line's goods, grams" }),
  sizeMm: Type.String({ maxLength: 40, description: "measured size LxWxH in millimetres, e.g. 300x200x120" }),
  result: Type.Union([Type.Literal("pass"), Type.Literal("issue")], { "x-message": "result must be pass or issue", description: "pass: on the shelf at once; issue: waits for a decision (return, keep, or a new check)" }),
  note: Type.Optional(Note),
  photos: Type.Optional(Type.Array(Type.String({ description: "base64 or a data:image/…;base64, URL of a JPEG, PNG or WebP" }), { maxItems: MAX_PHOTOS, description: "photos of the goods, stored re-encoded under unguessable addresses of the developer" })),
  operator: Type.Optional(PlainText("operator", { minLength: 1, maxLength: 100, description: "who checked (history actor); default operator" })),
});
const NoteBody = Type.Object({ note: Type.Optional(Note), operator: Type.Optional(PlainText("operator", { minLength: 1, maxLength: 100 })) });
const StorageResult = Type.Object({
  developerId: Type.String(),
  chargedDays: Type.Integer(),
  chargedFen: Type.Integer(),
  owedDays: Type.Integer(),
  abandoned: Type.Integer(),
});

/** The body limit of a check carrying MAX_PHOTOS photos of maxBytes each (base64 with some room). */
function qcBodyLimit(maxBytes: number, serverLimit: number): number {
  return Math.max(serverLimit, Math.ceil(Math.ceil(maxBytes / 3) * 4 * 1.06) * MAX_PHOTOS + 64 * 1024);
}

export function registerWarehouseAdminRoutes(app: App, warehouse: Warehouse): void {
  app.get(
    "/admin/warehouse/inbound",
    {
      schema: {
        tags,
        summary: "Domestic parcels, newest first: of one developer, or HELD ones of all (state=HELD)",
        querystring: Type.Object({ ...InboundQuery.properties, developId: Type.Optional(DevelopIdField) }),
        response: envelopeResponse(Page(InboundSchema), [40002], false),
      },
    },
    async (request) => {
      const q = request.query as { developId?: string; state?: InboundState; trackingNumber?: string; cursor?: string; limit?: number };
      return okOperator(request, await warehouse.inbounds(q.developId !== undefined ? { developerId: q.developId } : {}, q));
    },
  );

  app.post(
    "/admin/warehouse/inbound/receive",
    {
      schema: {
        tags,
        summary: "Scan a domestic parcel in at the warehouse",
        description:
          "An announced parcel (a purchase's, or declared) becomes RECEIVED with its goods; one matching a purchase the warehouse had not heard of too; any other is HELD for a claim. Scanning a parcel again changes nothing (outcome `unchanged`).",
        body: Type.Object({ developId: DevelopIdField, trackingNumber: TrackingNumber, carrier: Type.Optional(PlainText("carrier", { maxLength: 100 })) }),
        response: envelopeResponse(Type.Object({ outcome: Type.String({ enum: ["received", "held", "unchanged"] }), inbound: InboundSchema }), [40002, 40401], false),
      },
    },
    async (request) => {
      const body = request.body as { developId: string; trackingNumber: string; carrier?: string };
      return okOperator(request, await warehouse.receive(body.developId, body.trackingNumber, body.carrier ?? ""));
    },
  );

  app.get(
    "/admin/warehouse/items",
    {
      schema: {
        tags,
        summary: "A developer's warehouse items, newest first",
        querystring: Type.Object({ ...ItemQuery.properties, developId: DevelopIdField, userId: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "userId must be digits" })) }),
        response: envelopeResponse(Page(ItemSchema), [40002], false),
      },
    },
    async (request) => {
      const q = request.query as { developId: string; userId?: string; state?: WarehouseItemState; platform?: "taobao" | "alibaba"; orderId?: string; cursor?: string; limit?: number };
      return okOperator(request, await warehouse.items({ developerId: q.developId, ...(q.userId !== undefined ? { userId: q.userId } : {}) }, q));
    },
  );

  app.get(
    "/admin/warehouse/items/:id",
    { schema: { tags, summary: "One warehouse item with its history and storage days", params: ItemParams, response: envelopeResponse(ItemDetailSchema, [40401], false) } },
    async (request) => okOperator(request, await warehouse.item({}, (request.params as { id: string }).id)),
  );

  app.post(
    "/admin/warehouse/items/:id/qc",
    {
      bodyLimit: qcBodyLimit(warehouse.settings.photoMaxBytes, app.initialConfig.bodyLimit ?? 0),
      schema: {
        tags,
        summary: "Record the check of an item: weight, size, photos, note, pass or issue",
        description:
          "The item must be RECEIVED or QC_ISSUE (40901 otherwise). pass: QC_PASSED then STORED at once (storage starts); issue: QC_ISSUE (a note is required). Photos are decoded, re-encoded without metadata and served under unguessable addresses of the developer. 40002 names the field: weightG ≤ 0, sizeMm not three positive integers, a photo that is not a JPEG, PNG or WebP.",
        params: ItemParams,
        body: QcBody,
        response: envelopeResponse(ItemDetailSchema, [40002, 40401, 40901], false),
      },
    },
    async (request) => {
      const body = request.body as { weightG: number; sizeMm: string; result: "pass" | "issue"; note?: string; photos?: string[]; operator?: string };
      const size = parseSize(body.sizeMm);
      if (!size) throw invalid("sizeMm must be three positive whole numbers of millimetres, LxWxH (e.g. 300x200x120)");
      const note = body.note?.trim() ? body.note.trim() : null;
      if (body.result === "issue" && note === null) throw invalid("note is required with result issue: say what is wrong");
      const item = await warehouse.recordQc((request.params as { id: string }).id, { weightG: body.weightG, ...size, photos: body.photos ?? [], note, passed: body.result === "pass", actor: body.operator ?? "operator" });
      return okOperator(request, item);
    },
  );

  app.post(
    "/admin/warehouse/items/:id/return",
    {
      schema: { tags, summary: "Send an item with an issue, or on the shelf, back to its seller", params: ItemParams, body: NoteBody, response: envelopeResponse(ItemDetailSchema, [40002, 40401, 40901], false) },
    },
    async (request) => {
      const body = request.body as { note?: string; operator?: string };
      return okOperator(request, await warehouse.returnToSeller((request.params as { id: string }).id, body.note?.trim() ?? "", body.operator ?? "operator"));
    },
  );

  app.post(
    "/admin/warehouse/items/:id/keep",
    {
      schema: { tags, summary: "Keep an item with an issue as it is (on the shelf)", params: ItemParams, body: NoteBody, response: envelopeResponse(ItemDetailSchema, [40002, 40401, 40901], false) },
    },
    async (request) => {
      const body = request.body as { note?: string; operator?: string };
      return okOperator(request, await warehouse.keep((request.params as { id: string }).id, body.note?.trim() ?? "", body.operator ?? "operator"));
    },
  );

  app.post(
    "/admin/warehouse/storage/run",
    {
      schema: {
        tags,
        summary: "Run storage now: charge due storage days, collect owed ones, abandon goods past the limit",
        description: "For one developer (on their clock) or every developer with goods on the shelf. The same run happens on its own when something is due; running it again charges nothing twice.",
        body: Type.Object({ developId: Type.Optional(DevelopIdField) }),
        response: envelopeResponse(Type.Array(StorageResult), [40002], false),
      },
    },
    async (request) => okOperator(request, await warehouse.storageRun((request.body as { developId?: string }).developId)),
  );
}
