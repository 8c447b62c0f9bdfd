// The checks of §2.4 bookings and §2.3 declarations that need no database (foundation-warehouse.md
// §2.0.1 required marks, limits): each failure a 40002 naming the field. Members the contract
// documents as optional and nullable arrive as null or absent; the DESIGNED required marks are
// enforced here, so the message names the field whatever the client sent.
import { invalid } from "../../../platform/http/errors.ts";
import type { FreightLineRequest, ReceiverAbroad } from "../contracts.ts";
import { isCountryCode } from "../iso-codes.ts";
import { DOMESTIC_TRACKING, MAX_DOMESTIC_PER_LINE, MAX_LINES, MAX_QUANTITY, REMARK_MAX } from "./model.ts";

export { isCountryCode };

type Maybe<T> = T | null | undefined;

export interface ReceiverInput {
  name?: Maybe<string>;
  email?: Maybe<string>;
  phone?: Maybe<string>;
  mobilePhone?: Maybe<string>;
  address?: Maybe<string>;
  taxId?: Maybe<string>;
  country?: Maybe<string>;
  state?: Maybe<string>;
  city?: Maybe<string>;
  zip?: Maybe<string>;
}

export interface BookingLineInput {
  itemId?: Maybe<string>;
  skuId?: Maybe<string>;
  quantity?: Maybe<number>;
  title?: Maybe<string>;
  imageUrl?: Maybe<string>;
  freightInfo?: Maybe<{ serviceId?: Maybe<string>; companyName?: Maybe<string>; serviceCategory?: Maybe<string> }>;
  currency?: Maybe<string>;
  price?: Maybe<string>;
}

export interface BookingInput {
  renderId?: Maybe<string>;
  receiverAddress?: Maybe<ReceiverInput>;
  lineItems?: Maybe<BookingLineInput[]>;
  tmallOrderInfo?: Maybe<{ tmallOrderId?: Maybe<string> }>;
  remark?: Maybe<string>;
}

/** A booking once checked: the consignee, the lines to price, what the lines say besides. */
export interface CheckedBooking {
  renderId: string | null;
  receiver: ReceiverAbroad;
  lines: Array<FreightLineRequest & { title: string | null; imageUrl: string | null; currency: string; price: string | null }>;
  tmallOrderId: string | null;
  remark: string | null;
}

const present = (value: Maybe<string>): value is string => typeof value === "string" && value.trim() !== "";
const orNull = (value: Maybe<string>): string | null => (typeof value === "string" ? value : null);

/** §2.0.1 ReceiverAddressTO for a booking: name, address, city, country (ISO 3166-1 alpha-2), phone or mobilePhone. */
export function checkReceiver(input: Maybe<ReceiverInput>, field = "receiverAddress"): ReceiverAbroad {
  if (!input || typeof input !== "object") throw invalid(`${field} is required`);
  for (const member of ["name", "address", "city", "country"] as const) {
    if (!present(input[member])) throw invalid(`${field}.${member} is required`);
  }
  const country = input.country!.trim().toUpperCase();
  if (!isCountryCode(country)) throw invalid(`${field}.country must be an ISO 3166-1 alpha-2 country code (e.g. "US"), not "${country.slice(0, 20)}"`);
  if (!present(input.phone) && !present(input.mobilePhone)) throw invalid(`${field}.phone or ${field}.mobilePhone is required`);
  return {
    name: input.name!.trim(),
    email: orNull(input.email),
    phone: orNull(input.phone),
    mobilePhone: orNull(input.mobilePhone),
    address: input.address!.trim(),
    taxId: orNull(input.taxId),
    country,
    state: orNull(input.state),
    city: input.city!.trim(),
    zip: orNull(input.zip),
  };
}

/** §2.4: the checks that need no database. */
export function checkBooking(input: BookingInput): CheckedBooking {
  const receiver = checkReceiver(input.receiverAddress);
  const lineItems = input.lineItems;
  if (!Array.isArray(lineItems) || lineItems.length === 0) throw invalid("lineItems is required (1 to 50 lines)");
  if (lineItems.length > MAX_LINES) throw invalid(`lineItems must have at most ${MAX_LINES} lines`);
  const seen = new Map<string, number>();
  const lines = lineItems.map((line, i) => {
    const at = `lineItems[${i}]`;
    if (!line || typeof line !== "object") throw invalid(`${at} must be an object`);
    if (!present(line.itemId)) throw invalid(`${at}.itemId is required`);
    if (!present(line.skuId)) throw invalid(`${at}.skuId is required`);
    if (line.quantity === null || line.quantity === undefined) throw invalid(`${at}.quantity is required`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw invalid(`${at}.quantity must be an integer of at least 1`);
    if (line.quantity > MAX_QUANTITY) throw invalid(`${at}.quantity must be at most ${MAX_QUANTITY}`);
    if (!line.freightInfo || typeof line.freightInfo !== "object") throw invalid(`${at}.freightInfo is required`);
    if (!present(line.freightInfo.serviceId)) throw invalid(`${at}.freightInfo.serviceId is required`);
    const key = `${line.itemId}\u0000${line.skuId}`;
    const earlier = seen.get(key);
    // §2.3 finds a line by itemId + skuId: two lines of the same SKU could not be told apart.
    if (earlier !== undefined) throw invalid(`${at} repeats the itemId and skuId of lineItems[${earlier}] (one line per SKU; add the quantities)`);
    seen.set(key, i);
    const currency = present(line.currency) ? line.currency.trim().toUpperCase() : "CNY";
    if (!/^[A-Z]{3}$/.test(currency)) throw invalid(`${at}.currency must be an ISO 4217 code (e.g. "CNY")`);
    if (present(line.price) && !/^\d{1,12}(\.\d{1,4})?$/.test(line.price.trim())) throw invalid(`${at}.price must be a decimal string (e.g. "59.9")`);
    return {
      itemId: line.itemId.trim(),
      skuId: line.skuId.trim(),
      quantity: line.quantity,
      serviceId: line.freightInfo.serviceId.trim(),
      title: orNull(line.title),
      imageUrl: orNull(line.imageUrl),
      currency,
      price: present(line.price) ? line.price.trim() : null,
    };
  });
  const remark = orNull(input.remark);
  if (remark !== null && remark.length > REMARK_MAX) throw invalid(`remark must be at most ${REMARK_MAX} characters`);
  const tmallOrderId = present(input.tmallOrderInfo?.tmallOrderId) ? input.tmallOrderInfo!.tmallOrderId!.trim() : null;
  if (tmallOrderId !== null && tmallOrderId.length > 64) throw invalid("tmallOrderInfo.tmallOrderId must be at most 64 characters");
  const renderId = present(input.renderId) ? input.renderId.trim() : null;
  return { renderId, receiver, lines, tmallOrderId, remark };
}

export interface DomesticInput {
  logisticNumer?: Maybe<string>;
  logisticCompanyName?: Maybe<string>;
  rtsTime?: Maybe<string>;
}

export interface DeclarationInput {
  orderId?: Maybe<string>;
  tmallOrderId?: Maybe<string>;
  logisticInfos?: Maybe<
    Array<{
      lineItem?: Maybe<{ itemId?: Maybe<string>; skuId?: Maybe<string>; quantity?: Maybe<number>; title?: Maybe<string>; imageUrl?: Maybe<string> }>;
      logisticNumer?: Maybe<string>;
      domesticLogisticInfo?: Maybe<DomesticInput[]>;
    }>
  >;
}

export interface CheckedDeclaration {
  orderId: string | null;
  tmallOrderId: string | null;
  lines: Array<{
    itemId: string;
    skuId: string;
    waybill: string | null;
    parcels: Array<{ trackingNumber: string; carrier: string; rtsTime: string | null }>;
  }>;
}

/** §2.3: the checks that need no order. */
export function checkDeclaration(input: DeclarationInput): CheckedDeclaration {
  const orderId = present(input.orderId) ? input.orderId.trim() : null;
  const tmallOrderId = present(input.tmallOrderId) ? input.tmallOrderId.trim() : null;
  if (orderId === null && tmallOrderId === null) throw invalid("orderId or tmallOrderId is required");
  if (orderId !== null && !/^\d{1,19}$/.test(orderId)) throw invalid("orderId must be a logistics order id (a string of up to 19 digits)");
  const infos = input.logisticInfos;
  if (!Array.isArray(infos) || infos.length === 0) throw invalid("logisticInfos is required (one element per line)");
  if (infos.length > MAX_LINES) throw invalid(`logisticInfos must have at most ${MAX_LINES} elements`);
  const seen = new Map<string, number>();
  const lines = infos.map((info, i) => {
    const at = `logisticInfos[${i}]`;
    if (!info || typeof info !== "object") throw invalid(`${at} must be an object`);
    if (!info.lineItem || typeof info.lineItem !== "object") throw invalid(`${at}.lineItem is required`);
    if (!present(info.lineItem.itemId)) throw invalid(`${at}.lineItem.itemId is required`);
    if (!present(info.lineItem.skuId)) throw invalid(`${at}.lineItem.skuId is required`);
    const key = `${info.lineItem.itemId.trim()}\u0000${info.lineItem.skuId.trim()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw invalid(`${at}.lineItem names the same line as logisticInfos[${earlier}]`);
    seen.set(key, i);
    const parcels = info.domesticLogisticInfo;
    if (!Array.isArray(parcels) || parcels.length === 0) throw invalid(`${at}.domesticLogisticInfo is required (at least one domestic parcel)`);
    if (parcels.length > MAX_DOMESTIC_PER_LINE) throw invalid(`${at}.domesticLogisticInfo must have at most ${MAX_DOMESTIC_PER_LINE} parcels`);
    const numbers = new Set<string>();
    return {
      itemId: info.lineItem.itemId.trim(),
      skuId: info.lineItem.skuId.trim(),
      waybill: present(info.logisticNumer) ? info.logisticNumer.trim() : null,
      parcels: parcels.map((parcel, j) => {
        const p = `${at}.domesticLogisticInfo[${j}]`;
        if (!parcel || typeof parcel !== "object") throw invalid(`${p} must be an object`);
        if (!present(parcel.logisticNumer)) throw invalid(`${p}.logisticNumer is required`);
        const trackingNumber = parcel.logisticNumer.trim();
        if (!DOMESTIC_TRACKING.test(trackingNumber)) throw invalid(`${p}.logisticNumer must be a tracking number: 4 to 40 letters, digits or dashes`);
        if (numbers.has(trackingNumber)) throw invalid(`${p}.logisticNumer ${trackingNumber} is listed twice for the line`);
        numbers.add(trackingNumber);
        const carrier = orNull(parcel.logisticCompanyName)?.trim() ?? "";
        if (carrier.length > 50) throw invalid(`${p}.logisticCompanyName must be at most 50 characters`);
        const rtsTime = present(parcel.rtsTime) ? parcel.rtsTime.trim() : null;
        if (rtsTime !== null && !/^\d{9,10}$/.test(rtsTime)) throw invalid(`${p}.rtsTime must be epoch seconds as a string (e.g. "1754342534")`);
        return { trackingNumber, carrier, rtsTime };
      }),
    };
  });
  return { orderId, tmallOrderId, lines };
}
