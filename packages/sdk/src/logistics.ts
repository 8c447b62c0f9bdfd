// Warehouse logistics on the wire (foundation-warehouse.md §2; statuses.md §8): freight estimates per
// SKU (§2.1), a priced consignment with a 30-minute single-use renderId (§2.2), the international
// logistics order booked and paid from the balance (§2.4), its domestic parcels declared (§2.3), and
// openpon's view of the user's logistics orders ("parcels": DESIGNED, outside /v2). Freight is a
// **yuan** decimal string (currency CNY); weights are grams, sizes millimetres; ids are strings; times
// "yyyy-MM-dd HH:mm:ss" (UTC+8). Every §2 call also accepts ?timestamp=&sign= instead of the
// headers; the SDK signs with the headers.

/** §2.0.1 ReceiverAddressTO, the consignee abroad. Booking needs name, address, city, country (ISO 3166-1 alpha-2) and phone or mobilePhone; pricing needs country. */
export interface ReceiverAddressTO {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  mobilePhone?: string | null;
  address?: string | null;
  taxId?: string | null;
  country: string;
  state?: string | null;
  city?: string | null;
  zip?: string | null;
}

/** §2.0.1 FreightInfoTO: only serviceId is read; answers fill the other two. */
export interface FreightInfoTO {
  serviceId: string;
  companyName?: string;
  /** EXPRESS, STANDARD or ECONOMY in answers. */
  serviceCategory?: string;
}

/** §2.1 body. */
export interface FreightEstimateInput {
  itemId: string;
  skuId: string;
  quantity: number;
  /** ISO 4217 of price. */
  currency: string;
  /** Unit price, decimal string in currency. */
  price: string;
  receiverAddress: ReceiverAddressTO;
}

/** §2.1 one quote per service that serves the destination, cheapest first. */
export interface FreightQuote {
  serviceId: string;
  companyName: string;
  serviceCategory: string;
  /** Yuan, for the quantity. */
  freight: string;
  currency: "CNY";
  /** Kilograms the price was computed on, decimal string. */
  chargeableWeight: string;
  minDeliveryDays: number;
  maxDeliveryDays: number;
}

/** §2.2 body: one chosen service per line (lines may choose different services). */
export interface FreightRenderInput {
  receiverAddress: ReceiverAddressTO;
  /** 1 to 50 lines. */
  renderItems: Array<{ itemId: string; skuId: string; quantity: number; freightInfo: FreightInfoTO; currency?: string; price?: string }>;
}

/** §2.2 answer: book it with the renderId within 30 minutes, once. */
export interface FreightRender {
  /** "FF" + yyyyMMdd + 5 digits. */
  renderId: string;
  /** After this (UTC+8) the render cannot be booked. */
  expireTime: string;
  currency: "CNY";
  /** Yuan. */
  totalFreight: string;
  renderItems: Array<{ itemId: string; skuId: string; quantity: number; freightInfo: Required<FreightInfoTO>; freight: string; minDeliveryDays: number; maxDeliveryDays: number }>;
}

/** §2.4 one line to ship. */
export interface BookingLineItem {
  itemId: string;
  skuId: string;
  quantity: number;
  title?: string | null;
  imageUrl?: string | null;
  freightInfo: FreightInfoTO;
  /** Default CNY. */
  currency?: string | null;
  /** Unit price (the declared value for customs), decimal string in currency. */
  price?: string | null;
}

/** §2.4 body. */
export interface BookingInput {
  /** The §2.2 render to book; absent: the lines are priced now. */
  renderId?: string | null;
  receiverAddress: ReceiverAddressTO;
  /** 1 to 50 lines, one per SKU, in the render's order when booking a render. */
  lineItems: BookingLineItem[];
  /** Your own order id: booking it again (not cancelled) answers the same order. */
  tmallOrderInfo?: { tmallOrderId: string | null } | null;
  /** At most 500 characters. */
  remark?: string | null;
}

/** statuses.md §8.2, extended by openpon with packing, weighing and the carrier's trace. */
export type ParcelStatus = "BOOKED" | "DOMESTIC_DECLARED" | "IN_WAREHOUSE" | "PACKED" | "AWAITING_PAYMENT" | "SHIPPED" | "IN_TRANSIT" | "DELIVERED" | "EXCEPTION" | "CANCELLED";

/** One tracking vocabulary for every carrier (the carrier's own code and words are kept beside it). */
export type TrackingStatus = "InfoReceived" | "InTransit" | "OutForDelivery" | "AttemptFail" | "Delivered" | "Exception" | "Expired";

/** §2.4 answer. */
export interface LogisticsBooking {
  /** 19 digits. */
  orderId: string;
  tmallOrderId: string | null;
  renderId: string | null;
  status: ParcelStatus;
  currency: "CNY";
  /** Yuan: the amount debited. */
  totalFreight: string;
  lineItems: Array<{
    itemId: string;
    skuId: string;
    quantity: number;
    title: string | null;
    imageUrl: string | null;
    freightInfo: Required<FreightInfoTO>;
    /** Yuan. */
    freight: string;
    /** The line's international waybill number (spelling DOCUMENTED), e.g. FARUS2408000013YQ. */
    logisticNumer: string;
  }>;
  createTime: string;
}

/** §2.3 body: orderId or tmallOrderId; one element per line. */
export interface DeclarationInput {
  orderId?: string | null;
  tmallOrderId?: string | null;
  logisticInfos: Array<{
    lineItem: { itemId: string; skuId: string; quantity?: number; title?: string; imageUrl?: string };
    /** The line's waybill number; checked when given. */
    logisticNumer?: string | null;
    /** The domestic parcels carrying the line to the warehouse (replaces the line's list). */
    domesticLogisticInfo: Array<{ logisticNumer: string; logisticCompanyName?: string; /** Epoch seconds as a string. */ rtsTime?: string }>;
  }>;
}

export interface ParcelSummary {
  orderId: string;
  developerId: string;
  userId: string;
  tmallOrderId: string | null;
  status: ParcelStatus;
  country: string;
  totalFreight: string;
  supplementaryFreight: string;
  supplementDue: string;
  lines: number;
  trackingNumbers: string[];
  createTime: string;
  updateTime: string;
}

/** GET /logistics/parcels/{id}: everything about one logistics order. */
export interface ParcelDetail {
  orderId: string;
  developerId: string;
  userId: string;
  tmallOrderId: string | null;
  renderId: string | null;
  status: ParcelStatus;
  receiverAddress: Required<ReceiverAddressTO>;
  remark: string | null;
  currency: "CNY";
  /** Yuan, debited at booking. */
  totalFreight: string;
  /** Yuan, debited after weighing. */
  supplementaryFreight: string;
  /** Yuan waiting for balance (AWAITING_PAYMENT), "0" otherwise. */
  supplementDue: string;
  refundedFreight: string;
  paidFreight: string;
  /** Yuan, once weighed. */
  actualFreight: string | null;
  charges: Array<{ kind: "freight" | "supplement" | "refund"; amount: string; reference: string; time: string }>;
  lineItems: Array<
    LogisticsBooking["lineItems"][number] & {
      weightG: number;
      chargeableWeightG: number;
      minDeliveryDays: number;
      maxDeliveryDays: number;
      domesticLogisticInfo: Array<{ logisticNumer: string; logisticCompanyName: string; rtsTime: string | null; /** EXPECTED, RECEIVED, STORED … */ warehouseState: string | null; weightG: number | null }>;
    }
  >;
  /** One per shipping service, once packed and weighed. */
  packages: Array<{
    serviceId: string;
    companyName: string;
    weightG: number;
    lengthMm: number;
    widthMm: number;
    heightMm: number;
    chargeableWeightG: number;
    freight: string;
    carrier: string | null;
    trackingNumber: string | null;
    trackingStatus: TrackingStatus | null;
  }>;
  tracking: Array<{ time: string; status: TrackingStatus; carrierStatus: string; text: string; location: string | null; trackingNumber: string; serviceId: string }>;
  history: Array<{ from: string | null; to: string; reason: string; actor: string; time: string }>;
  createTime: string;
  updateTime: string;
}

export interface ParcelListQuery {
  status?: ParcelStatus;
  /** A platform order (Taobao or 1688 order id): the logistics orders holding its goods or declared with them. */
  orderId?: string;
  /** The previous page's nextCursor. */
  after?: string;
  /** 1 to 100 (default 20). */
  limit?: number;
}

type Request = <T>(method: "GET" | "POST", path: string, options?: { body?: unknown; query?: Record<string, string | number | boolean | undefined> }) => Promise<T>;

/** The calls of warehouse logistics, bound to a client's signed request. */
export function logisticsCalls(request: Request) {
  return {
    /** §2.1 POST /v2/open/pp/logistics/itemLogisticsPrice: a quote per service serving the destination, cheapest first. */
    estimate: (input: FreightEstimateInput): Promise<FreightQuote[]> => request("POST", "/v2/open/pp/logistics/itemLogisticsPrice", { body: input }),
    /** §2.2 POST /v2/open/pp/logistics/orderRenderFreight: a priced consignment and its renderId (30 minutes, single use). */
    render: (input: FreightRenderInput): Promise<FreightRender> => request("POST", "/v2/open/pp/logistics/orderRenderFreight", { body: input }),
    /** §2.4 POST /v2/open/pp/logistics/orderBookingFreight: booked and paid from the balance (InsufficientBalanceError when short). */
    book: (input: BookingInput): Promise<LogisticsBooking> => request("POST", "/v2/open/pp/logistics/orderBookingFreight", { body: input }),
    /** §2.3 POST /v2/open/pp/logistics/updateLogisticInfo: the domestic parcels of each line (lists replaced). */
    declare: (input: DeclarationInput): Promise<boolean> => request("POST", "/v2/open/pp/logistics/updateLogisticInfo", { body: input }),
    /** GET /logistics/parcels: the user's logistics orders, newest first. */
    parcels: (query: ParcelListQuery = {}): Promise<{ items: ParcelSummary[]; nextCursor: string | null }> =>
      request("GET", "/logistics/parcels", { query: { status: query.status, orderId: query.orderId, after: query.after, limit: query.limit } }),
    /** GET /logistics/parcels/{id}: one logistics order with its parcels, packages, freight, tracking and history. */
    parcel: (orderId: string): Promise<ParcelDetail> => request("GET", `/logistics/parcels/${encodeURIComponent(orderId)}`),
  };
}
