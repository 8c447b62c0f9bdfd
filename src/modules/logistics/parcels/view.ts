// The wire shapes of international logistics orders: the §2.4 booking answer (foundation-warehouse.md,
// freight in yuan strings, times "yyyy-MM-dd HH:mm:ss" UTC+8), and the integrators' view (DESIGNED,
// outside /v2): lines with their domestic parcels and warehouse state, the packages as measured,
// freight paid and supplementary charges, the carrier's trace normalised, and the history.
import type { Db } from "../../../platform/db/index.ts";
import { fenToYuan } from "../../../platform/money.ts";
import { formatCst } from "../../../platform/time.ts";
import type { InboundParcel, ReceiverAbroad, WarehouseStock } from "../contracts.ts";
import { paidFen, type ParcelStatus, type TrackingStatus } from "./model.ts";
import { parcelRepo, type ChargeRow, type DomesticRow, type HistoryRow, type LineRow, type PackageRow, type ParcelRow, type TrackingRow } from "./repo.ts";

export interface FreightInfoView {
  serviceId: string;
  companyName: string;
  serviceCategory: string;
}

/** §2.4 response `data`. */
export interface BookingView {
  orderId: string;
  tmallOrderId: string | null;
  renderId: string | null;
  status: ParcelStatus;
  currency: "CNY";
  totalFreight: string;
  lineItems: Array<{
    itemId: string;
    skuId: string;
    quantity: number;
    title: string | null;
    imageUrl: string | null;
    freightInfo: FreightInfoView;
    freight: string;
    logisticNumer: string;
  }>;
  createTime: string;
}

const freightInfo = (line: LineRow): FreightInfoView => ({ serviceId: line.service_id, companyName: line.company_name, serviceCategory: line.service_category });

export function bookingView(row: ParcelRow, lines: readonly LineRow[]): BookingView {
  return {
    orderId: row.id,
    tmallOrderId: row.tmall_order_id,
    renderId: row.render_id,
    status: row.status as ParcelStatus,
    currency: "CNY",
    totalFreight: fenToYuan(Number(row.booked_fen)),
    lineItems: lines.map((line) => ({
      itemId: line.item_id,
      skuId: line.sku_id,
      quantity: line.quantity,
      title: line.title,
      imageUrl: line.image_url,
      freightInfo: freightInfo(line),
      freight: fenToYuan(Number(line.freight_fen)),
      logisticNumer: line.waybill,
    })),
    createTime: formatCst(row.created_at),
  };
}

export interface DomesticParcelView {
  logisticNumer: string;
  logisticCompanyName: string;
  rtsTime: string | null;
  /** The warehouse's state of the parcel: EXPECTED, RECEIVED, STORED … ; null when the warehouse does not know it. */
  warehouseState: string | null;
  /** Measured at receipt, grams; null before. */
  weightG: number | null;
}

export interface PackageView {
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
}

export interface TrackingEventView {
  time: string;
  status: TrackingStatus;
  carrierStatus: string;
  text: string;
  location: string | null;
  trackingNumber: string;
  serviceId: string;
}

export interface ParcelView {
  orderId: string;
  tmallOrderId: string | null;
  renderId: string | null;
  status: ParcelStatus;
  receiverAddress: ReceiverAbroad;
  remark: string | null;
  currency: "CNY";
  /** Freight debited at booking, yuan. */
  totalFreight: string;
  /** Supplementary charges debited after weighing, yuan. */
  supplementaryFreight: string;
  /** A supplementary charge waiting for balance (AWAITING_PAYMENT), yuan; "0" otherwise. */
  supplementDue: string;
  /** Credited back (a cancel), yuan. */
  refundedFreight: string;
  /** What the developer has paid for the freight: booking + supplements − refunds, yuan. */
  paidFreight: string;
  /** The packages' actual freight once weighed, yuan; null before. */
  actualFreight: string | null;
  charges: Array<{ kind: "freight" | "supplement" | "refund"; amount: string; reference: string; time: string }>;
  lineItems: Array<BookingView["lineItems"][number] & { weightG: number; chargeableWeightG: number; minDeliveryDays: number; maxDeliveryDays: number; domesticLogisticInfo: DomesticParcelView[] }>;
  packages: PackageView[];
  tracking: TrackingEventView[];
  history: Array<{ from: string | null; to: string; reason: string; actor: string; time: string }>;
  createTime: string;
  updateTime: string;
}

/** What a read of one order gathers. */
export interface ParcelParts {
  row: ParcelRow;
  lines: readonly LineRow[];
  domestic: readonly DomesticRow[];
  packages: readonly PackageRow[];
  tracking: readonly TrackingRow[];
  charges: readonly ChargeRow[];
  history: readonly HistoryRow[];
  inbound: readonly InboundParcel[];
}

export function parcelView(parts: ParcelParts): ParcelView {
  const { row } = parts;
  const inbound = new Map(parts.inbound.map((p) => [p.trackingNumber, p]));
  const serviceName = new Map(parts.lines.map((l) => [l.service_id, l.company_name]));
  const money = { bookedFen: Number(row.booked_fen), supplementFen: Number(row.supplement_fen), refundedFen: Number(row.refunded_fen) };
  return {
    orderId: row.id,
    tmallOrderId: row.tmall_order_id,
    renderId: row.render_id,
    status: row.status as ParcelStatus,
    receiverAddress: JSON.parse(row.receiver) as ReceiverAbroad,
    remark: row.remark,
    currency: "CNY",
    totalFreight: fenToYuan(money.bookedFen),
    supplementaryFreight: fenToYuan(money.supplementFen),
    supplementDue: fenToYuan(Number(row.supplement_due_fen)),
    refundedFreight: fenToYuan(money.refundedFen),
    paidFreight: fenToYuan(paidFen(money)),
    actualFreight: parts.packages.length === 0 ? null : fenToYuan(parts.packages.reduce((sum, p) => sum + Number(p.freight_fen), 0)),
    charges: parts.charges.map((c) => ({ kind: c.kind, amount: fenToYuan(Number(c.amount_fen)), reference: c.reference, time: formatCst(c.at) })),
    lineItems: parts.lines.map((line) => ({
      ...bookingView(row, [line]).lineItems[0]!,
      weightG: line.weight_g,
      chargeableWeightG: line.chargeable_weight_g,
      minDeliveryDays: line.min_delivery_days,
      maxDeliveryDays: line.max_delivery_days,
      domesticLogisticInfo: parts.domestic
        .filter((d) => d.line_id === line.id)
        .map((d) => ({
          logisticNumer: d.tracking_number,
          logisticCompanyName: d.carrier,
          rtsTime: d.rts_time,
          warehouseState: inbound.get(d.tracking_number)?.state ?? null,
          weightG: inbound.get(d.tracking_number)?.weightG ?? null,
        })),
    })),
    packages: parts.packages.map((p) => ({
      serviceId: p.service_id,
      companyName: serviceName.get(p.service_id) ?? "",
      weightG: p.weight_g,
      lengthMm: p.length_mm,
      widthMm: p.width_mm,
      heightMm: p.height_mm,
      chargeableWeightG: p.chargeable_weight_g,
      freight: fenToYuan(Number(p.freight_fen)),
      carrier: p.carrier,
      trackingNumber: p.tracking_number,
      trackingStatus: p.tracking_status as TrackingStatus | null,
    })),
    tracking: parts.tracking.map((t) => ({
      time: formatCst(t.at),
      status: t.status as TrackingStatus,
      carrierStatus: t.carrier_status,
      text: t.text,
      location: t.location,
      trackingNumber: t.tracking_number,
      serviceId: t.service_id,
    })),
    history: parts.history.map((h) => ({ from: h.from_status, to: h.to_status, reason: h.reason, actor: h.actor, time: formatCst(h.at) })),
    createTime: formatCst(row.created_at),
    updateTime: formatCst(row.updated_at),
  };
}

/** Reads everything of one order for its view (in `db`: the caller's transaction, or the root outside one). */
export async function readParcelView(db: Db, warehouse: WarehouseStock, row: ParcelRow): Promise<ParcelView> {
  // One after another: inside a transaction they share one connection.
  const lines = await parcelRepo.lines(db, [row.id]);
  const domestic = await parcelRepo.domestic(db, row.id);
  const packages = await parcelRepo.packages(db, [row.id]);
  const tracking = await parcelRepo.tracking(db, row.id);
  const charges = await parcelRepo.charges(db, row.id);
  const history = await parcelRepo.history(db, row.id);
  const numbers = [...new Set(domestic.map((d) => d.tracking_number))];
  const inbound = numbers.length === 0 ? [] : await warehouse.inbound(db, row.developer_id, numbers);
  return parcelView({ row, lines, domestic, packages, tracking, charges, history, inbound });
}

/** One row of a list: the order without its parts. */
export interface ParcelSummary {
  orderId: string;
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

export function parcelSummary(row: ParcelRow, lineCount: number, packages: readonly PackageRow[]): ParcelSummary {
  return {
    orderId: row.id,
    tmallOrderId: row.tmall_order_id,
    status: row.status as ParcelStatus,
    country: row.country,
    totalFreight: fenToYuan(Number(row.booked_fen)),
    supplementaryFreight: fenToYuan(Number(row.supplement_fen)),
    supplementDue: fenToYuan(Number(row.supplement_due_fen)),
    lines: lineCount,
    trackingNumbers: packages.map((p) => p.tracking_number).filter((t): t is string => t !== null),
    createTime: formatCst(row.created_at),
    updateTime: formatCst(row.updated_at),
  };
}
