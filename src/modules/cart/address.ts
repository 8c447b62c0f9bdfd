// The address input of the cart preview and of create-from-cart (`orderAddress`, taobao.md §0.5) and
// the receiverVO it becomes (§0.4). Exported for the orders module (§3.2 takes the same object).
import { Type, type Static } from "typebox";
import { invalid } from "../../platform/http/errors.ts";

// Required text must contain something other than spaces.
const required = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, pattern: "\\S", description });
const optional = (max: number, description: string) => Type.Optional(Type.String({ maxLength: max, description }));

/** taobao.md §0.5: keys DOCUMENTED (`string | null`; null = absent), required-ness DESIGNED. */
export const OrderAddress = Type.Object(
  {
    name: required(50, "receiver name"),
    phone: optional(30, "phone; one of phone / mobile_phone is required"),
    mobile_phone: optional(30, "mobile phone; one of phone / mobile_phone is required"),
    country: optional(50, "country, e.g. 中国; default 中国大陆"),
    state: required(50, "province"),
    city: required(50, "city"),
    district: optional(50, "district"),
    address: required(200, "street address"),
    zip: optional(20, "postcode"),
    taxId: optional(50, "tax / customs id (DESIGNED addition)"),
  },
  { title: "OrderAddress", description: "China-side receiving address (taobao.md §0.5)" },
);
export type OrderAddressInput = Static<typeof OrderAddress>;

export const ReceiverVO = Type.Object(
  {
    zip: Type.Union([Type.String(), Type.Null()]),
    country: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    city: Type.Union([Type.String(), Type.Null()]),
    district: Type.Union([Type.String(), Type.Null()]),
    state: Type.Union([Type.String(), Type.Null()]),
  },
  { title: "receiverVO" },
);
export type ReceiverVO = Static<typeof ReceiverVO>;

const blankToNull = (value: string | undefined): string | null => (value === undefined || value.trim() === "" ? null : value);

/** Checks the rule the schema cannot say (one of phone / mobile_phone) and gives the receiverVO (§0.4). */
export function receiverOf(address: OrderAddressInput): ReceiverVO {
  if (blankToNull(address.phone) === null && blankToNull(address.mobile_phone) === null) {
    throw invalid("orderAddress.phone or orderAddress.mobile_phone is required");
  }
  return {
    zip: blankToNull(address.zip),
    country: blankToNull(address.country) ?? "中国大陆",
    address: address.address,
    city: address.city,
    district: blankToNull(address.district),
    state: address.state,
  };
}
