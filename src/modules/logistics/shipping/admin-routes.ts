// Operator API for shipping lines (/admin/shipping/lines…): list, read, create or replace a line
// with its zones, rates and surcharges, and set the monthly fuel percentage. `openpon shipping …`
// speaks to these routes.
import { Type } from "typebox";
import { envelopeResponse } from "../../../platform/http/schemas.ts";
import { invalid } from "../../../platform/http/errors.ts";
import { okOperator, type App } from "../../../platform/http/server.ts";
import { GOODS_ATTRIBUTES } from "./model.ts";
import { countryOf } from "./use-cases/support.ts";
import { FuelBody, LineBody, LineView, ServiceIdParam } from "./schemas.ts";
import type { ShippingService } from "./service.ts";

const tags = ["operator: shipping"];

const ExplainBody = Type.Object(
  {
    itemId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "catalogue goods: the item (with skuId and quantity), weighed from the catalogue" })),
    skuId: Type.Optional(Type.String({ maxLength: 64 })),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999 })),
    goods: Type.Optional(
      Type.Object(
        {
          weightG: Type.Integer({ minimum: 1, maximum: 1_000_000, "x-message": "goods.weightG must be 1 to 1000000 grams" }),
          lengthMm: Type.Integer({ minimum: 1, maximum: 10_000, "x-message": "goods.lengthMm must be 1 to 10000 mm" }),
          widthMm: Type.Integer({ minimum: 1, maximum: 10_000, "x-message": "goods.widthMm must be 1 to 10000 mm" }),
          heightMm: Type.Integer({ minimum: 1, maximum: 10_000, "x-message": "goods.heightMm must be 1 to 10000 mm" }),
          attributes: Type.Optional(Type.Array(Type.Union(GOODS_ATTRIBUTES.map((a) => Type.Literal(a))), { maxItems: 4, uniqueItems: true, "x-message": `goods.attributes may hold ${GOODS_ATTRIBUTES.join(", ")}` })),
        },
        { additionalProperties: false, description: "typed goods (the quote simulator): weight, size and attributes as measured; instead of itemId" },
      ),
    ),
    country: Type.String({ minLength: 2, maxLength: 2, description: "ISO 3166-1 alpha-2" }),
    zip: Type.Optional(Type.String({ maxLength: 20 })),
    sandbox: Type.Optional(Type.Boolean({ description: "weigh the goods from the sandbox catalogue (default) or the live one" })),
    date: Type.Optional(Type.String({ description: "China date yyyy-MM-dd at which dated surcharges are read (default today)" })),
  },
  { additionalProperties: false },
);

export function registerShippingAdminRoutes(app: App, shipping: ShippingService): void {
  app.get(
    "/admin/shipping/lines",
    {
      schema: {
        tags,
        summary: "Every shipping line, active or not, by service id",
        response: envelopeResponse(Type.Array(LineView), [], false),
      },
    },
    async (request) => okOperator(request, await shipping.lines()),
  );

  app.get(
    "/admin/shipping/lines/:serviceId",
    {
      schema: {
        tags,
        summary: "One shipping line with its zones, rates and surcharges",
        params: ServiceIdParam,
        response: envelopeResponse(LineView, [40002, 40401], false),
      },
    },
    async (request) => okOperator(request, await shipping.line(request.params.serviceId)),
  );

  app.put(
    "/admin/shipping/lines/:serviceId",
    {
      schema: {
        tags,
        summary: "Create or replace a shipping line",
        description:
          "The whole line: members left out take their defaults (active true, no volumetric weight, full throw, no minimum, no side or girth limit, no sensitive goods, no surcharges). Integer units: grams, millimetres, fen, basis points. " +
          "Each zone prices its countries (ISO 3166-1 alpha-2; optionally only postcodes with given prefixes) by first weight + steps or by weight bands that start at 0 and follow each other without gap or overlap. " +
          "A country (or a country's postcode prefix) is priced by one zone only. Estimates see the change at once, on every node.",
        params: ServiceIdParam,
        body: LineBody,
        response: envelopeResponse(LineView, [40002], false),
      },
    },
    async (request) => okOperator(request, await shipping.saveLine(request.params.serviceId, request.body)),
  );

  app.post(
    "/admin/shipping/explain",
    {
      schema: {
        tags,
        summary: "What every line makes of some goods to a destination: its quote, or why it is left out",
        description:
          "For each line, active or not: the quote as an estimate computes it (zone, actual, volumetric and chargeable weight, the rule or band, base freight, each surcharge, total, transit days) or the refusal that keeps it out of estimates (INACTIVE, COUNTRY_NOT_SERVED, ATTRIBUTE_NOT_ACCEPTED, TOO_HEAVY, SIDE_TOO_LONG, GIRTH_TOO_LONG) with a sentence. The goods are weighed from the sandbox catalogue or the live one (`sandbox`).",
        body: ExplainBody,
        response: envelopeResponse(Type.Unknown(), [40002], false),
      },
    },
    async (request) => {
      const body = request.body;
      const country = countryOf(body.country, "country");
      if (body.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(body.date)) throw invalid("date must be a China date yyyy-MM-dd");
      const common = { country, zip: body.zip ?? null, date: body.date ?? null };
      if (body.goods !== undefined) {
        if (body.itemId !== undefined) throw invalid("goods: give either goods or itemId, not both");
        return okOperator(request, await shipping.explain({ ...common, goods: { ...body.goods, attributes: body.goods.attributes ?? [] } }));
      }
      if (body.itemId === undefined || body.skuId === undefined || body.quantity === undefined) throw invalid("itemId: give itemId, skuId and quantity (catalogue goods), or goods (weight, size, attributes)");
      return okOperator(request, await shipping.explain({ ...common, catalogue: { sandbox: body.sandbox ?? true, itemId: body.itemId, skuId: body.skuId, quantity: body.quantity } }));
    },
  );

  app.post(
    "/admin/shipping/lines/:serviceId/fuel",
    {
      schema: {
        tags,
        summary: "Set the fuel percentage from a date on",
        description:
          "Adds a FUEL surcharge of `percentBp` basis points of the base freight from `from` (China date) on, open-ended: fuel periods starting on or after `from` are replaced, the one in force ends the day before.",
        params: ServiceIdParam,
        body: FuelBody,
        response: envelopeResponse(LineView, [40002, 40401], false),
      },
    },
    async (request) => okOperator(request, await shipping.setFuel(request.params.serviceId, request.body.percentBp, request.body.from)),
  );
}
