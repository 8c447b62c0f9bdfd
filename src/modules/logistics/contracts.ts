// What the three parts of warehouse logistics promise each other (foundation-warehouse.md §2;
// statuses.md §8): shipping/ prices freight (lines, rate tables, renders), warehouse/ receives and
// keeps the goods (inbound parcels, items, QC, storage), parcels/ books and ships international
// logistics orders with them. Each part implements its side; the others depend on these types only.
import type { AliasedSelectQueryBuilder } from "kysely";
import type { Db } from "../../platform/db/index.ts";

/** The consignee abroad (foundation-warehouse.md §2.0.1 ReceiverAddressTO), as given. */
export interface ReceiverAbroad {
  name: string | null;
  email: string | null;
  phone: string | null;
  mobilePhone: string | null;
  address: string | null;
  taxId: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  state: string | null;
  city: string | null;
  zip: string | null;
}

export interface LogisticsOwner {
  developerId: string;
  userId: string;
  /** Whether the developer is a sandbox one (its catalogue and warehouse are the sandbox's). */
  sandbox: boolean;
}

/** One line to price: goods of the catalogue and the chosen shipping service (§2.2 renderItems, §2.4 lineItems). */
export interface FreightLineRequest {
  itemId: string;
  skuId: string;
  quantity: number;
  serviceId: string;
}

export interface PricedFreightLine extends FreightLineRequest {
  companyName: string;
  /** EXPRESS, STANDARD or ECONOMY. */
  serviceCategory: string;
  freightFen: number;
  /** The weight the price was computed on, grams (actual or volumetric, rounded as the service rounds). */
  chargeableWeightG: number;
  /** The goods' weight (unit weight × quantity), grams. */
  weightG: number;
  minDeliveryDays: number;
  maxDeliveryDays: number;
}

/** A measured parcel (after packing), for its actual freight. */
export interface MeasuredParcel {
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  /** Goods attributes it carries (e.g. battery, liquid, powder, brand). */
  attributes: string[];
}

/** shipping/ → parcels/. */
export interface FreightPricing {
  /**
   * Prices lines to a country (and postcode: remote zones), each with its own chosen service, as §2.2 does. 40002 naming
   * `${field}[i]…serviceId` when a service is unknown, does not serve the country or cannot take the goods.
   */
  priceLines(owner: LogisticsOwner, country: string, lines: readonly FreightLineRequest[], field: string, zip?: string | null): Promise<PricedFreightLine[]>;
  /**
   * Books a render in the caller's transaction (statuses.md §8.1): the user's, VALID and not expired at
   * `nowMs` (else 40901), its lines the same itemId, skuId, quantity and serviceId as `lines` in order
   * (else 40002). Marks it USED and answers its priced lines.
   */
  useRender(trx: Db, owner: LogisticsOwner, renderId: string, country: string, lines: readonly FreightLineRequest[], nowMs: number): Promise<PricedFreightLine[]>;
  /**
   * The freight of a packed parcel on a service to a country (and postcode: remote zones), by its
   * measurements; `refused` says why the service cannot take it.
   */
  priceParcel(serviceId: string, country: string, parcel: MeasuredParcel, zip?: string | null): Promise<{ freightFen: number; chargeableWeightG: number } | { refused: string }>;
  /** The sensitive attributes (battery, liquid, …) the goods carry together, as the estimate judged them. */
  goodsAttributes(sandbox: boolean, goods: ReadonlyArray<{ itemId: string; skuId: string }>): Promise<string[]>;
}

/** A domestic parcel as the warehouse has it. */
export interface InboundParcel {
  trackingNumber: string;
  carrier: string;
  /** EXPECTED (announced, not arrived), RECEIVED (arrived, being checked), STORED (checked, on the shelf), or a side exit. */
  state: string;
  /** Measured at receipt, grams; null before. */
  weightG: number | null;
}

/**
 * A platform order's goods in the warehouse as a subquery (`order_goods`, one row per item): each item's
 * domestic tracking number and the international parcel it is allocated to or shipped in (null before
 * packing, and again after a cancel put it back on the shelf). Embedded in the caller's own statement.
 */
export type OrderGoods = AliasedSelectQueryBuilder<{ trackingNumber: string; parcelId: string | null }, "order_goods">;

/** warehouse/ → parcels/. */
export interface WarehouseStock {
  /**
   * Announces domestic parcels the caller declared (§2.3: goods bought elsewhere, or a purchase's
   * parcel named again) in the caller's transaction: unknown tracking numbers become EXPECTED inbound
   * parcels of the user; known ones are left as they are. In the sandbox an expected parcel arrives
   * on the developer's test clock.
   */
  expect(trx: Db, owner: LogisticsOwner, parcels: ReadonlyArray<{ trackingNumber: string; carrier: string; itemId: string; skuId: string; quantity: number }>, at: number): Promise<void>;
  /**
   * The user's goods of a platform order (Taobao or 1688 order id), of the developer's every user when
   * `userId` is absent, as a subquery: the caller finds the parcels holding them in one statement
   * without reading the warehouse's tables. Nothing is run until the caller runs its statement.
   */
  orderGoods(db: Db, owner: { developerId: string; userId?: string }, orderId: string): OrderGoods;
  /** The developer's domestic parcels by tracking number (those the warehouse knows of). */
  inbound(db: Db, developerId: string, trackingNumbers: readonly string[]): Promise<InboundParcel[]>;
  /**
   * Called in the transaction that stores a domestic parcel's goods (its items STORED), so that a
   * logistics order waiting for it can move on (statuses.md §8.2 DOMESTIC_DECLARED → IN_WAREHOUSE).
   */
  onStored(handler: (trx: Db, event: { developerId: string; trackingNumber: string; at: number }) => Promise<void>): void;
  /** Allocates the goods of these domestic parcels, the owner's only, to an international parcel (items ALLOCATED) in the caller's transaction. */
  allocate(trx: Db, owner: { developerId: string; userId: string }, trackingNumbers: readonly string[], parcelId: string, at: number): Promise<void>;
  /** The allocated goods left with their parcel (items SHIPPED), or went back on the shelf (a cancel: STORED). */
  release(trx: Db, developerId: string, parcelId: string, outcome: "shipped" | "restocked", at: number): Promise<void>;
}
