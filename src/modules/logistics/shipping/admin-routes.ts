// Operator API for shipping lines (/admin/shipping/lines…): list, read, create or replace a line
// with its zones, rates and surcharges, and set the monthly fuel percentage. `openpon shipping …`
// speaks to these routes.
import { Type } from "typebox";
import { envelopeResponse } from "../../../platform/http/schemas.ts";
import { okOperator, type App } from "../../../platform/http/server.ts";
import { FuelBody, LineBody, LineView, ServiceIdParam } from "./schemas.ts";
import type { ShippingService } from "./service.ts";

const tags = ["operator: shipping"];

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
