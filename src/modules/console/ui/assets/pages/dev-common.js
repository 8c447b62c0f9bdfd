// Helpers shared by the developer pages: yuan → fen, order status names.
import { register, t } from "../i18n.js";

register({
  en: {
    "dev.tb.0": "pending payment",
    "dev.tb.1": "paid",
    "dev.tb.2": "finance confirmed",
    "dev.tb.3": "finance rejected",
    "dev.tb.4": "cancelled",
    "dev.tb.5": "status 5",
    "dev.tb.9": "status 9",
    "dev.tb.10": "awaiting shipment",
    "dev.tb.11": "shipped",
    "dev.tb.12": "status 12",
    "dev.platform.taobao": "Taobao",
    "dev.platform.alibaba": "1688",
  },
  zh: {
    "dev.tb.0": "待支付",
    "dev.tb.1": "已支付",
    "dev.tb.2": "财务已确认",
    "dev.tb.3": "财务已拒绝",
    "dev.tb.4": "已取消",
    "dev.tb.5": "状态 5",
    "dev.tb.9": "状态 9",
    "dev.tb.10": "待发货",
    "dev.tb.11": "已发货",
    "dev.tb.12": "状态 12",
    "dev.platform.taobao": "淘宝",
    "dev.platform.alibaba": "1688",
  },
  th: {
    "dev.tb.0": "รอชำระเงิน",
    "dev.tb.1": "ชำระเงินแล้ว",
    "dev.tb.2": "ฝ่ายการเงินยืนยันแล้ว",
    "dev.tb.3": "ฝ่ายการเงินปฏิเสธ",
    "dev.tb.4": "ยกเลิกแล้ว",
    "dev.tb.5": "สถานะ 5",
    "dev.tb.9": "สถานะ 9",
    "dev.tb.10": "รอจัดส่ง",
    "dev.tb.11": "จัดส่งแล้ว",
    "dev.tb.12": "สถานะ 12",
    "dev.platform.taobao": "Taobao",
    "dev.platform.alibaba": "1688",
  },
});

/** The Taobao order statuses of POST /v2/taobao/order/page's `status` enum. */
export const TAOBAO_STATUSES = [0, 1, 2, 3, 4, 5, 9, 10, 11, 12];
/** The 1688 order statuses of POST /v2/alibaba/order/page's `status` enum. */
export const ALIBABA_STATUSES = ["waitbuyerpay", "waitsellersend", "waitbuyerreceive", "confirm_goods", "success", "cancel", "terminated", "waitlogisticstakein", "waitbuyersign", "signinsuccess"];

/** A Taobao status as "11 · shipped"; 1688 statuses are words already. */
export function statusText(platform, status) {
  if (platform === "taobao") return `${status} · ${t(`dev.tb.${status}`)}`;
  return String(status);
}

export function platformName(platform) {
  return t(`dev.platform.${platform}`);
}

/** 1688 amounts are yuan numbers on the wire; the console shows fen with money(). */
export function yuanToFen(yuan) {
  if (yuan === undefined || yuan === null || yuan === "") return null;
  return Math.round(Number(yuan) * 100);
}

/** Tone of a badge for a request or delivery outcome. */
export function tone(ok) {
  return ok ? "ok" : "bad";
}
