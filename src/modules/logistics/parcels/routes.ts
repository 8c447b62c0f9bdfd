// HTTP surface of international logistics orders: §2.3 and §2.4 (foundation-warehouse.md; signed with
// headers or ?timestamp=&sign=) and the integrators' view of their logistics orders (DESIGNED,
// outside /v2): schema in, use case, envelope out.
import { Type } from "typebox";
import type { SignedRouteConfig } from "../../identity/index.ts";
import { envelopeResponse } from "../../../platform/http/schemas.ts";
import { ok, type App } from "../../../platform/http/server.ts";
import type { Parcels } from "./parcels.ts";
import { BookingAnswer, BookingBody, DeclarationBody, ListQuery, OrderIdQuery, page, ParcelId, ParcelSummary, ParcelView } from "./schemas.ts";

const tags = ["warehouse logistics"];
const viewTags = ["warehouse logistics: parcels (openpon)"];
/** foundation-warehouse.md §2.0: the query form of the signature, beside the headers. */
const querySigned: SignedRouteConfig = { querySignature: true };
const SignatureQuery = Type.Object({
  timestamp: Type.Optional(Type.String({ description: "instead of the timestamp header (foundation-warehouse.md §2.0)" })),
  sign: Type.Optional(Type.String({ description: "instead of the signature header" })),
});

export function registerParcelRoutes(app: App, parcels: Parcels): void {
  app.post(
    "/v2/open/pp/logistics/orderBookingFreight",
    {
      config: querySigned,
      schema: {
        tags,
        summary: "Create international logistics order",
        description: [
          "Books and pays an international logistics order (foundation-warehouse.md §2.4). receiverAddress needs name, address, city, country (ISO 3166-1 alpha-2) and phone or mobilePhone; lineItems 1 to 50, one per SKU, quantity ≥ 1, freightInfo.serviceId; remark at most 500 characters: 40002 naming the field otherwise.",
          "With renderId (§2.2): the user's render, unused and unexpired (40901 otherwise), its lines the same itemId, skuId, quantity and serviceId in order (40002 otherwise). Without: the lines are priced now (a service that does not serve the country or cannot take the goods: 40002 naming the line).",
          "The total freight is debited from the developer balance in the same transaction (40201 and nothing booked when short). A tmallOrderInfo.tmallOrderId already booked by the user and not cancelled answers that order unchanged. Each line gets an international waybill number (logisticNumer). status BOOKED (statuses.md §8.2). The ?timestamp=&sign= query form is accepted for the timestamp and signature headers.",
        ].join(" "),
        querystring: SignatureQuery,
        body: BookingBody,
        response: envelopeResponse(BookingAnswer, [40201, 40401, 40901]),
      },
    },
    async (request) => ok(request, await parcels.book(request.auth!, request.body)),
  );

  app.post(
    "/v2/open/pp/logistics/updateLogisticInfo",
    {
      config: querySigned,
      schema: {
        tags,
        summary: "Update domestic logistics information",
        description: [
          "The domestic parcels that carry each line to the warehouse (foundation-warehouse.md §2.3): orderId or tmallOrderId (both: they must name the same order, 40002); an unknown or another user's order 40401; each element's lineItem matched on itemId + skuId (a line not of the order 40002), logisticNumer when given must be the line's waybill number (40002).",
          "A line's domestic parcels are replaced (the same body twice changes nothing) and announced to the warehouse. BOOKED → DOMESTIC_DECLARED once every line has a parcel; → IN_WAREHOUSE when every declared parcel is already stored. Accepted until the order is shipped (40901 afterwards); a changed declaration of a packed order unpacks it. A tracking number of another user's domestic parcel is 40901 (a physical parcel is one user's). data: true.",
        ].join(" "),
        querystring: SignatureQuery,
        body: DeclarationBody,
        response: envelopeResponse(Type.Boolean(), [40401, 40901]),
      },
    },
    async (request) => ok(request, await parcels.declare(request.auth!, request.body)),
  );

  app.get(
    "/logistics/parcels",
    {
      schema: {
        tags: viewTags,
        summary: "The calling user's international logistics orders, newest first",
        description: [
          "DESIGNED (openpon). Filters: status; orderId, a platform order (Taobao or 1688 order id, digits): the orders holding its goods — allocated to or shipped in them (the warehouse items' parcelId) — or declared with the domestic parcels that carry them (§2.3 updateLogisticInfo), cancelled ones included; another user's or an unknown order lists nothing.",
          "A page of limit (1 to 100, default 20) after the previous page's nextCursor; the filters stay the same from page to page.",
        ].join(" "),
        querystring: Type.Object({ ...ListQuery, orderId: Type.Optional(OrderIdQuery) }),
        response: envelopeResponse(page(ParcelSummary), []),
      },
    },
    async (request) => {
      const q = request.query;
      const auth = request.auth!;
      return ok(request, await parcels.list({ developerId: auth.developerId, userId: auth.userId, ...(q.status ? { status: q.status } : {}), ...(q.orderId ? { orderId: q.orderId } : {}), ...(q.after ? { after: q.after } : {}), ...(q.limit ? { limit: q.limit } : {}) }));
    },
  );

  app.get(
    "/logistics/parcels/:id",
    {
      schema: {
        tags: viewTags,
        summary: "One international logistics order of the calling user",
        description:
          "DESIGNED (openpon): the lines with their domestic parcels and the warehouse's state of each, the packages as measured (grams, millimetres) with their actual freight, freight paid and supplementary charges (yuan), the carrier's trace (normalised status, the carrier's code and words) and the history. Unknown or another user's: 40401.",
        params: Type.Object({ id: ParcelId }),
        response: envelopeResponse(ParcelView, [40401]),
      },
    },
    async (request) => ok(request, await parcels.show({ id: request.params.id, developerId: request.auth!.developerId, userId: request.auth!.userId })),
  );
}
