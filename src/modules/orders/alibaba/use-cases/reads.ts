// The 1688 reads: the order page (alibaba-1688.md §3.5), the logistics trace (§3.4) and the seller's
// Wangwang nickname (§3.11).
import { invalid, notFound } from "../../../../platform/http/errors.ts";
import { chinaTime, parseChinaTime, STATUS_FILTER_VALUES } from "../model.ts";
import { alibabaRepo } from "../repo.ts";
import type { AlibabaOrderDetail, LogisticsItem } from "../view.ts";
import { connectorFor, type AlibabaDeps, type AlibabaOwner } from "./support.ts";

export interface PageQuery {
  pageNo?: number | undefined;
  pageSize?: number | undefined;
  orderId?: string | undefined;
  status?: string | undefined;
  createStartTime?: string | undefined;
  createEndTime?: string | undefined;
}

export interface AlibabaPage {
  totalRecords: number;
  totalPage: number;
  pageSize: number;
  currentPage: number;
  data: AlibabaOrderDetail[];
}

function bound(text: string | undefined, field: string): Date | undefined {
  if (text === undefined) return undefined;
  const ms = parseChinaTime(text);
  if (ms === undefined) throw invalid(`${field} must be "yyyy-MM-dd HH:mm:ss" (UTC+8)`);
  return new Date(ms);
}

/** POST /v2/alibaba/order/page (§3.5): newest first, in the 1688 page shape. */
export async function page(deps: AlibabaDeps, owner: AlibabaOwner, query: PageQuery): Promise<AlibabaPage> {
  const pageNo = query.pageNo ?? 1;
  const pageSize = query.pageSize ?? 20;
  if (query.status !== undefined && !STATUS_FILTER_VALUES.includes(query.status)) throw invalid(`status must be one of ${STATUS_FILTER_VALUES.join(", ")}`);
  const createdFrom = bound(query.createStartTime, "createStartTime");
  const createdTo = bound(query.createEndTime, "createEndTime");
  if (query.orderId !== undefined && !/^\d{1,19}$/.test(query.orderId)) return { totalRecords: 0, totalPage: 0, pageSize, currentPage: pageNo, data: [] };
  const { total, views } = await alibabaRepo.page(
    deps.db,
    { developerId: owner.developerId, userId: owner.userId, orderId: query.orderId, status: query.status, createdFrom, createdTo },
    (pageNo - 1) * pageSize,
    pageSize,
  );
  return { totalRecords: total, totalPage: Math.ceil(total / pageSize), pageSize, currentPage: pageNo, data: views.map((v) => JSON.parse(v) as AlibabaOrderDetail) };
}

export interface TraceEntry {
  logisticsId: string;
  orderId: string;
  logisticsBillNo: string;
  logisticsSteps: Array<{ acceptTime: string; remark: string }>;
}

/** GET /v2/alibaba/order/logistics/trace (§3.4): one element per domestic shipment, steps oldest first; [] before shipment. */
export async function trace(deps: AlibabaDeps, owner: AlibabaOwner, orderId: string): Promise<TraceEntry[]> {
  const order = await alibabaRepo.orderRow(deps.db, owner.developerId, orderId, owner.userId);
  if (!order || order.purchase_state !== "PLACED") throw notFound(`1688 order ${orderId}`);
  const items = order.logistics ? (JSON.parse(order.logistics) as LogisticsItem[]) : [];
  if (items.length === 0) return [];
  const lines = await alibabaRepo.linesOf(deps.db, [orderId]);
  const connector = await connectorFor(deps, owner);
  const entries: TraceEntry[] = [];
  for (const item of items) {
    const firstEntry = item.subItemIds.split(",")[0];
    const upstreamLine = lines.find((l) => l.id === firstEntry)?.upstream_line_id;
    const shipments = upstreamLine ? await connector.shipments(owner, upstreamLine) : [];
    const shipment = shipments.find((s) => s.trackingNumber === item.logisticsBillNo);
    entries.push({
      logisticsId: item.logisticsId,
      orderId,
      logisticsBillNo: item.logisticsBillNo,
      logisticsSteps: (shipment?.trace ?? []).map((step) => ({ acceptTime: chinaTime(step.at), remark: step.city ? `${step.description} [${step.city}]` : step.description })),
    });
  }
  return entries;
}

/** POST /v2/alibaba/product/openuid/decrypt (§3.11). */
export async function decryptOpenUid(deps: AlibabaDeps, owner: AlibabaOwner, openUid: string): Promise<{ wangwangNick: string }> {
  const connector = await connectorFor(deps, owner);
  const nick = await connector.decryptNick(openUid);
  if (!nick) throw notFound(`seller ${openUid}`);
  return { wangwangNick: nick };
}
