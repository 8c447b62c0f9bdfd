// Operator API of international logistics orders (/admin/logistics/parcels…): list and read any
// developer's, pack and weigh, hand to the carrier, record the carrier's trace, charge a waiting
// supplementary charge, cancel. The CLI (`openpon parcels …`) speaks to it. Bad input: 40002 naming
// the field; unknown order 40401; a state that forbids the action 40901 and nothing changed.
import { Type, type Static } from "typebox";
import { invalid } from "../../../platform/http/errors.ts";
import { envelopeResponse, PlainText, ID_PATTERN } from "../../../platform/http/schemas.ts";
import { okOperator, type App } from "../../../platform/http/server.ts";
import { parseDateBound } from "../../../platform/time.ts";
import type { PackageMeasure, Parcels } from "./parcels.ts";
import { ListQuery, page, ParcelId, ParcelSummary, ParcelView } from "./schemas.ts";

const tags = ["operator: logistics parcels"];
/** 9999-12-31 23:59:59.999 UTC: what a timestamp column takes. */
const LATEST_MS = 253_402_300_799_999;
const params = Type.Object({ id: ParcelId });
const Id = (field: string) => Type.String({ pattern: ID_PATTERN, "x-message": `${field} must be a numeric id (a string of up to 19 digits)` });

export const PackBody = Type.Object({
  packages: Type.Array(
    Type.Object({
      serviceId: Type.Optional(PlainText("packages[].serviceId", { maxLength: 32, description: "which service's package (several packages may name one service); may be left out when the order has one service" })),
      weightG: Type.Integer({ description: "measured weight, grams" }),
      sizeMm: Type.Optional(Type.String({ maxLength: 40, description: 'measured size "LxWxH" in millimetres, e.g. "300x200x150" (or lengthMm, widthMm, heightMm)' })),
      lengthMm: Type.Optional(Type.Integer()),
      widthMm: Type.Optional(Type.Integer()),
      heightMm: Type.Optional(Type.Integer()),
    }),
    { minItems: 1, maxItems: 50, description: "at least one per shipping service of the order; goods a service cannot take as one package go as several of it. Positions follow the order's services (as its lines first name them), then the order given" },
  ),
});

export const ShipBody = Type.Object({
  carrier: Type.Optional(PlainText("carrier", { maxLength: 50, description: "default: each package's service company" })),
  trackingNumbers: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 50, description: "the carrier's tracking number of each package, in package (position) order, each different" }),
});

export const TrackBody = Type.Object({
  trackingNumber: Type.Optional(Type.String({ maxLength: 40, description: "which package (or serviceId when that service has one package; either may be left out with one package)" })),
  serviceId: Type.Optional(Type.String({ maxLength: 32, description: "which package by its service; 40002 when the service has several (give trackingNumber)" })),
  status: PlainText("status", { minLength: 1, maxLength: 40, description: "InfoReceived, InTransit, OutForDelivery, AttemptFail, Delivered, Exception, Expired, or a carrier's code (in_transit, delivered, customs_hold, lost, SIGN …)" }),
  text: PlainText("text", { maxLength: 500, description: "the carrier's own words, kept verbatim" }),
  location: Type.Optional(PlainText("location", { maxLength: 100 })),
  time: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'when it happened: "yyyy-MM-dd HH:mm:ss" (UTC+8) or epoch ms; default now (developer time)' })),
});

type PackInput = Static<typeof PackBody>["packages"][number];

/** A measured package as the use case takes it: the size from sizeMm or the three sides (40002 naming the field). */
function measureOf(p: PackInput, i: number): PackageMeasure {
  let sides: [number | undefined, number | undefined, number | undefined] = [p.lengthMm, p.widthMm, p.heightMm];
  if (p.sizeMm !== undefined) {
    const m = /^\s*(\d{1,6})\s*[xX×*]\s*(\d{1,6})\s*[xX×*]\s*(\d{1,6})\s*$/.exec(p.sizeMm);
    if (!m) throw invalid(`packages[${i}].sizeMm must be "LxWxH" in whole millimetres, e.g. "300x200x150"`);
    sides = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const names = ["lengthMm", "widthMm", "heightMm"] as const;
  sides.forEach((side, k) => {
    if (side === undefined) throw invalid(`packages[${i}].sizeMm (or ${names[k]}) is required`);
  });
  return { ...(p.serviceId !== undefined ? { serviceId: p.serviceId } : {}), weightG: p.weightG, lengthMm: sides[0]!, widthMm: sides[1]!, heightMm: sides[2]! };
}

export function registerParcelAdminRoutes(app: App, parcels: Parcels): void {
  app.get(
    "/admin/logistics/parcels",
    {
      schema: {
        tags,
        summary: "International logistics orders of every developer (or one), newest first",
        querystring: Type.Object({ developId: Type.Optional(Id("developId")), userId: Type.Optional(Id("userId")), ...ListQuery }),
        response: envelopeResponse(page(ParcelSummary), [40002], false),
      },
    },
    async (request) => {
      const q = request.query;
      return okOperator(
        request,
        await parcels.list({
          ...(q.developId ? { developerId: q.developId } : {}),
          ...(q.userId ? { userId: q.userId } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.after ? { after: q.after } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
        }),
      );
    },
  );

  app.get(
    "/admin/logistics/parcels/:id",
    { schema: { tags, summary: "One international logistics order, whole", params, response: envelopeResponse(ParcelView, [40401], false) } },
    async (request) => okOperator(request, await parcels.show({ id: request.params.id })),
  );

  app.post(
    "/admin/logistics/parcels/:id/pack",
    {
      schema: {
        tags,
        summary: "Pack and weigh an order whose goods are all in the warehouse (IN_WAREHOUSE)",
        description:
          "At least one package per shipping service of the order, measured (grams, millimetres); goods a service cannot take as one package (its weight limit) go as several packages of it. The goods are allocated to the order; each package's actual freight is priced on its own on its service (a service that cannot take it: 40002); the order's actual freight is their sum. Actual freight above what was paid: the difference is debited as a supplementary charge (PACKED), or the order waits in AWAITING_PAYMENT when the balance cannot cover it. Below: nothing is given back.",
        params,
        body: PackBody,
        response: envelopeResponse(ParcelView, [40002, 40401, 40901], false),
      },
    },
    async (request) => okOperator(request, await parcels.pack({ id: request.params.id }, request.body.packages.map(measureOf))),
  );

  app.post(
    "/admin/logistics/parcels/:id/charge",
    {
      schema: {
        tags,
        summary: "Try a waiting supplementary charge now (after a top-up): AWAITING_PAYMENT → PACKED when the balance covers it",
        params,
        response: envelopeResponse(ParcelView, [40401, 40901], false),
      },
    },
    async (request) => okOperator(request, await parcels.charge({ id: request.params.id })),
  );

  app.post(
    "/admin/logistics/parcels/:id/ship",
    {
      schema: {
        tags,
        summary: "Hand a packed order to the carrier (PACKED → SHIPPED): its goods leave the warehouse",
        params,
        body: ShipBody,
        response: envelopeResponse(ParcelView, [40002, 40401, 40901], false),
      },
    },
    async (request) => okOperator(request, await parcels.ship({ id: request.params.id }, { ...(request.body.carrier !== undefined ? { carrier: request.body.carrier } : {}), trackingNumbers: request.body.trackingNumbers })),
  );

  app.post(
    "/admin/logistics/parcels/:id/track",
    {
      schema: {
        tags,
        summary: "Record a carrier trace event of a shipped order (normalised; the order follows: IN_TRANSIT, EXCEPTION, DELIVERED)",
        params,
        body: TrackBody,
        response: envelopeResponse(ParcelView, [40002, 40401, 40901], false),
      },
    },
    async (request) => {
      const b = request.body;
      let at: number | undefined;
      if (b.time !== undefined) {
        const bound = parseDateBound(b.time);
        if (!bound || bound.from > LATEST_MS) throw invalid('time must be "yyyy-MM-dd HH:mm:ss" (UTC+8) or epoch milliseconds, at most year 9999');
        at = bound.from;
      }
      return okOperator(
        request,
        await parcels.track(
          { id: request.params.id },
          {
            status: b.status,
            text: b.text,
            ...(b.trackingNumber !== undefined ? { trackingNumber: b.trackingNumber } : {}),
            ...(b.serviceId !== undefined ? { serviceId: b.serviceId } : {}),
            ...(b.location !== undefined ? { location: b.location } : {}),
            ...(at !== undefined ? { at } : {}),
          },
        ),
      );
    },
  );

  app.post(
    "/admin/logistics/parcels/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancel an order whose goods have not left (BOOKED, DOMESTIC_DECLARED, IN_WAREHOUSE, AWAITING_PAYMENT): its freight is credited back, allocated goods go back on the shelf",
        params,
        response: envelopeResponse(ParcelView, [40401, 40901], false),
      },
    },
    async (request) => okOperator(request, await parcels.cancel({ id: request.params.id })),
  );
}
