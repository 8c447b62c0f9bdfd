// The 1688 receiving address `addressParam` (`FastAdress`, alibaba-1688.md §0.2): its schema and the
// check of what a schema cannot say. Exported for the orders module (§2.6, §3.2, §3.3, §3.6, §3.7
// take the same object).
import { Type, type Static } from "typebox";
import { invalid } from "../../platform/http/errors.ts";
import { PlainText } from "../../platform/http/schemas.ts";
import { checkValue } from "../../platform/http/validation.ts";

// Required text must contain something other than spaces; no text may carry control characters.
const required = (key: string, max: number, description: string) =>
  PlainText(`addressParam.${key}`, { minLength: 1, maxLength: max, pattern: "\\S", description });
const optional = (key: string, max: number, description: string) => Type.Optional(PlainText(`addressParam.${key}`, { maxLength: max, description }));

/** §0.2: keys DOCUMENTED (all strings; null = absent), required-ness DESIGNED. */
export const AlibabaAddressParam = Type.Object(
  {
    fullName: required("fullName", 50, "consignee name (required)"),
    mobile: optional("mobile", 30, "mobile; one of mobile / phone is required"),
    phone: optional("phone", 30, "phone; one of mobile / phone is required"),
    postCode: optional("postCode", 20, "postcode"),
    provinceText: required("provinceText", 50, "province (required)"),
    cityText: required("cityText", 50, "city (required)"),
    areaText: optional("areaText", 50, "district"),
    townText: optional("townText", 50, "town / street"),
    address: required("address", 200, "street address (required)"),
    districtCode: optional("districtCode", 20, "division code"),
  },
  { title: "FastAdress", description: "China-side receiving address (alibaba-1688.md §0.2): fullName, provinceText, cityText, address and one of mobile / phone are required" },
);
export type AlibabaAddressInput = Static<typeof AlibabaAddressParam>;

/** A checked addressParam: blanks are null. */
export interface AlibabaAddress {
  fullName: string;
  mobile: string | null;
  phone: string | null;
  postCode: string | null;
  provinceText: string;
  cityText: string;
  areaText: string | null;
  townText: string | null;
  address: string;
  districtCode: string | null;
}

const blankToNull = (value: string | undefined | null): string | null => (value === undefined || value === null || value.trim() === "" ? null : value);

/**
 * Validates an addressParam (§0.2) given as anything (a route may have validated it already; a
 * service call may not have): ApiError 40002 naming `${prefix}.field`.
 */
export function checkedAlibabaAddress(input: unknown, prefix = "addressParam"): AlibabaAddress {
  // The schema's own messages say "addressParam.x"; checkValue names the path under `prefix`.
  let value: AlibabaAddressInput;
  try {
    value = checkValue<AlibabaAddressInput>(AlibabaAddressParam, dropNulls(input), prefix);
  } catch (err) {
    if (prefix !== "addressParam" && err instanceof Error) err.message = err.message.replaceAll("addressParam.", `${prefix}.`);
    throw err;
  }
  const mobile = blankToNull(value.mobile);
  const phone = blankToNull(value.phone);
  if (mobile === null && phone === null) throw invalid(`${prefix}.mobile or ${prefix}.phone is required`);
  return {
    fullName: value.fullName,
    mobile,
    phone,
    postCode: blankToNull(value.postCode),
    provinceText: value.provinceText,
    cityText: value.cityText,
    areaText: blankToNull(value.areaText),
    townText: blankToNull(value.townText),
    address: value.address,
    districtCode: blankToNull(value.districtCode),
  };
}

/** README.md §2.2: a member sent as null is absent (the HTTP layer does this for bodies; a service caller may not). */
function dropNulls(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null));
}
