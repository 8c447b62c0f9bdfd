// The integrators' view of the warehouse (signed, outside /v2, DESIGNED): the user's goods in the
// warehouse with their checks, photos, weights and storage, the user's domestic parcels, and claiming
// a parcel that arrived unannounced. A user never sees another's goods (40401).
import { envelopeResponse } from "../../../platform/http/schemas.ts";
import { ok, type App } from "../../../platform/http/server.ts";
import { ClaimBody, InboundQuery, InboundSchema, ItemDetailSchema, ItemParams, ItemQuery, ItemSchema, Page } from "./schemas.ts";
import type { InboundState, WarehouseItemState } from "./model.ts";
import type { Warehouse } from "./warehouse.ts";

const tags = ["warehouse"];

export function registerWarehouseRoutes(app: App, warehouse: Warehouse): void {
  const settings = warehouse.settings;
  app.get(
    "/warehouse/items",
    {
      schema: {
        tags,
        summary: "The user's goods in the warehouse, newest first",
        description: [
          "One item per purchased line (or declared line) in a domestic parcel that reached the warehouse or is on its way, with the check's weight, size and photos and the storage dates and fees.",
          `Storage: free for ${settings.storage.freeDays} days from \`storedAt\`, then ${settings.storage.feeFenPerDay} fen per item and day charged to the balance; goods still on the shelf ${settings.storage.limitDays} days after \`storedAt\` are ABANDONED.`,
          "Filters: state, platform, orderId. Pages: pass `nextCursor` as `cursor`.",
        ].join(" "),
        querystring: ItemQuery,
        response: envelopeResponse(Page(ItemSchema), []),
      },
    },
    async (request) => {
      const q = request.query as { state?: WarehouseItemState; platform?: "taobao" | "alibaba"; orderId?: string; cursor?: string; limit?: number };
      return ok(request, await warehouse.items({ developerId: request.auth!.developerId, userId: request.auth!.userId }, q));
    },
  );

  app.get(
    "/warehouse/items/:id",
    {
      schema: {
        tags,
        summary: "One of the user's warehouse items: checks, photos, weights, sizes, storage, fees and history",
        description: "Photo addresses are served by this platform (no signature needed; the address itself is the secret). Another user's item: 40401.",
        params: ItemParams,
        response: envelopeResponse(ItemDetailSchema, [40401]),
      },
    },
    async (request) => ok(request, await warehouse.item({ developerId: request.auth!.developerId, userId: request.auth!.userId }, (request.params as { id: string }).id)),
  );

  app.get(
    "/warehouse/inbound",
    {
      schema: {
        tags,
        summary: "The user's domestic parcels at (or on their way to) the warehouse, newest first",
        description: "Parcels of the user's purchases, parcels the user declared, and HELD parcels the user claimed. Unclaimed HELD parcels are nobody's and are listed to operators only.",
        querystring: InboundQuery,
        response: envelopeResponse(Page(InboundSchema), []),
      },
    },
    async (request) => {
      const q = request.query as { state?: InboundState; trackingNumber?: string; cursor?: string; limit?: number };
      return ok(request, await warehouse.inbounds({ developerId: request.auth!.developerId, userId: request.auth!.userId }, q));
    },
  );

  app.post(
    "/warehouse/inbound/claim",
    {
      schema: {
        tags,
        summary: "Claim a parcel that arrived unannounced (HELD), by its tracking number",
        description: `A HELD parcel becomes the user's, RECEIVED, with one item described by the body; it is then checked like any other. Unclaimed parcels are abandoned ${settings.heldDays} days after they arrived. No HELD parcel of that number: 40401; the user's own parcel that is not HELD: 40901.`,
        body: ClaimBody,
        response: envelopeResponse(InboundSchema, [40401, 40901]),
      },
    },
    async (request) => {
      const body = request.body as { trackingNumber: string; title?: string; itemId?: string; skuId?: string; quantity?: number };
      const goods = { itemId: body.itemId ?? "", skuId: body.skuId ?? "", title: body.title ?? `goods of ${body.trackingNumber}`, quantity: body.quantity ?? 1 };
      return ok(request, await warehouse.claim({ developerId: request.auth!.developerId, userId: request.auth!.userId }, body.trackingNumber, goods));
    },
  );
}

