// Foundation endpoints (foundation-warehouse.md §1).
import { Type } from "typebox";
import { ok, type App } from "../../platform/http/server.ts";
import { envelopeResponse } from "../../platform/http/schemas.ts";
import type { AddressService } from "./addresses.ts";

const AddressId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "address id" });

const Address = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    province: Type.String(),
    city: Type.String(),
    district: Type.Union([Type.String(), Type.Null()]),
    address: Type.String(),
    phone: Type.String(),
  },
  { title: "Address" },
);

// Required text must contain something other than spaces.
const text = (min: number, max: number, description: string) =>
  Type.String(min > 0 ? { minLength: min, maxLength: max, pattern: "\\S", description } : { maxLength: max, description });

export function registerAddressRoutes(app: App, addresses: AddressService): void {
  app.post(
    "/v2/open/address/get",
    {
      schema: {
        tags: ["foundation"],
        summary: "Get user address information",
        description: "All of the calling user's addresses, newest first; with `id`, an array of that one address. DESIGNED path and body.",
        body: Type.Object({ id: Type.Optional(AddressId) }),
        response: envelopeResponse(Type.Array(Address), [40401]),
      },
    },
    async (request) => ok(request, await addresses.list(request.auth!, request.body.id)),
  );

  app.post(
    "/v2/open/address/addOrUpdate",
    {
      schema: {
        tags: ["foundation"],
        summary: "Address addition and update",
        description:
          "Without `id` (or with `0`) creates an address; with an id of the user's replaces all its members. At most 50 addresses per user (40901 beyond). `data` is `{id}`.",
        body: Type.Object({
          id: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "absent or 0: create; an existing id of this user: update" })),
          name: text(1, 50, "recipient"),
          province: text(1, 50, "province name"),
          city: text(1, 50, "city name"),
          district: Type.Optional(text(0, 50, "district name")),
          address: text(1, 200, "street address"),
          phone: Type.String({
            pattern: "^[0-9+\\- ]{5,20}$",
            "x-message": "phone must be 5 to 20 characters of digits, +, - and spaces",
            description: "mobile number, 5 to 20 characters of digits, +, -, spaces",
          }),
        }),
        response: envelopeResponse(Type.Object({ id: Type.Integer() }), [40401, 40901]),
      },
    },
    async (request) => ok(request, await addresses.save(request.auth!, request.body)),
  );
}
