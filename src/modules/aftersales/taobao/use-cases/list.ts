// POST /v2/taobao/order/refund/queryList (taobao.md §4.1): the caller's opened reverse orders, newest
// first, filters combined with AND, time bounds inclusive (epoch ms).
import { isInt8Id } from "../../../../platform/ids.ts";
import { findOrderId } from "../../../orders/index.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { refundsRepo, type RefundFilter } from "../repo.ts";
import type { RefundDetailView } from "../view.ts";
import { detailViews } from "./support.ts";

export interface ListQuery {
  refundId?: string;
  purchaseOrderId?: string;
  salesOrderId?: string;
  refundStatus?: number;
  refundStartTime?: number;
  refundEndTime?: number;
  pageNo?: number;
  pageSize: number;
}

export async function list(deps: AftersalesDeps, owner: AftersalesOwner, query: ListQuery): Promise<{ total: number; data: RefundDetailView[] }> {
  const empty = { total: 0, data: [] };
  const filter: RefundFilter = { developerId: owner.developerId, userId: owner.userId };
  if (query.refundId !== undefined) {
    if (!isInt8Id(query.refundId)) return empty;
    filter.refundId = query.refundId;
  }
  if (query.purchaseOrderId !== undefined) filter.purchaseOrderId = query.purchaseOrderId;
  if (query.salesOrderId !== undefined) {
    const orderId = await findOrderId(deps.db, owner, { orderNo: query.salesOrderId });
    if (orderId === undefined) return empty;
    filter.orderId = orderId;
  }
  if (query.refundStatus !== undefined) filter.refundStatus = query.refundStatus;
  if (query.refundStartTime !== undefined) filter.createdFrom = new Date(query.refundStartTime);
  if (query.refundEndTime !== undefined) filter.createdTo = new Date(query.refundEndTime);
  const pageNo = query.pageNo ?? 1;
  const { total, rows } = await refundsRepo.page(deps.db, filter, (pageNo - 1) * query.pageSize, query.pageSize);
  return { total, data: await detailViews(deps, owner.developerId, rows) };
}
