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

/**
 * The address with the rule the schema cannot say checked (one of phone / mobile_phone), blanks as
 * null and the country defaulted: what an order keeps. `field` names the address in the error.
 */
export function checkedAddress(address: OrderAddressInput, field: "orderAddress" | "receiver" = "orderAddress") {
  const phone = blankToNull(address.phone);
  const mobilePhone = blankToNull(address.mobile_phone);
  if (phone === null && mobilePhone === null) throw invalid(`${field}.phone or ${field}.mobile_phone is required`);
  return {
    name: address.name,
    phone,
    mobilePhone,
    country: blankToNull(address.country) ?? "中国大陆",
    state: address.state,
    city: address.city,
    district: blankToNull(address.district),
    address: address.address,
    zip: blankToNull(address.zip),
    taxId: blankToNull(address.taxId),
  };
}

/** The receiverVO (§0.4) of a checked address. */
export function receiverOf(address: OrderAddressInput): ReceiverVO {
  const { zip, country, city, district, state } = checkedAddress(address);
  return { zip, country, address: address.address, city, district, state };
}
