// What the Taobao after-sales use cases share: the reconciliation job's names, the developer's time,
// finding the caller's opened reverse order, and how the upstream's failures reach the envelope.
import { UpstreamError, UpstreamRejection, type Connector } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, notFound } from "../../../../platform/http/errors.ts";
import { peekOrders, type OrderRow, type SubOrderRow } from "../../../orders/index.ts";
import { connectorOf, developerNow, type AftersalesDeps, type AftersalesOwner } from "../../shared/deps.ts";
import { allows, type RefundAction, type RefundStatus } from "../model.ts";
import { refundsRepo, type RefundRow } from "../repo.ts";
import { refundDetailView, type RefundDetailView } from "../view.ts";

/** The job that settles a reverse order recorded but not opened (the upstream call's answer was lost). */
export const RECONCILE_JOB = "aftersales.taobao.reconcile";
export const subjectOf = (refundId: string) => `taobao-refund:${refundId}`;

export { buyerActor as buyer, developerNow } from "../../shared/deps.ts";

export function taobaoConnector(deps: AftersalesDeps, owner: { developerId: string; sandbox?: boolean }): Promise<Connector> {
  return connectorOf(deps, "taobao", owner);
}

/** The caller's opened reverse order, unlocked; 40401 for none (unknown, another user's, not opened yet). */
export async function openedRefund(deps: AftersalesDeps, owner: AftersalesOwner, refundId: string, db: Db = deps.db): Promise<RefundRow> {
  const row = await refundsRepo.find(db, { id: refundId, developerId: owner.developerId, userId: owner.userId });
  if (!row || row.upstream_state !== "OPENED") throw notFound(`reverse order ${refundId}`);
  return row;
}

/** 40901 unless the reverse order's status allows the action. */
export function checkAllowed(row: RefundRow, action: RefundAction, what: string): void {
  if (!allows(action, row.status as RefundStatus)) throw conflict(`reverse order ${row.id} is in status ${row.status}; ${what} is not allowed`);
}

/** The order and line of a reverse order as they are now (unlocked). */
export async function lineOf(db: Db, row: RefundRow): Promise<{ order: OrderRow; line: SubOrderRow }> {
  const held = (await peekOrders(db, [row.order_id])).get(row.order_id);
  const line = held?.lines.find((l) => l.id === row.sub_order_id);
  if (!held || !line) throw new Error(`reverse order ${row.id}: sub-order ${row.sub_order_id} is missing`);
  return { order: held.order, line };
}

/** TaoBaoRefundOrderDetailDTO of reverse orders, reading their orders in one go. */
export async function detailViews(deps: AftersalesDeps, developerId: string, rows: readonly RefundRow[], db: Db = deps.db): Promise<RefundDetailView[]> {
  if (rows.length === 0) return [];
  const [orders, now] = await Promise.all([peekOrders(db, rows.map((r) => r.order_id)), developerNow(deps, developerId, db)]);
  const ctx = { distributorId: deps.taobaoDistributorId, salesMarket: deps.taobaoSalesMarket, now };
  return rows.map((row) => {
    const held = orders.get(row.order_id);
    const line = held?.lines.find((l) => l.id === row.sub_order_id);
    if (!held || !line) throw new Error(`reverse order ${row.id}: sub-order ${row.sub_order_id} is missing`);
    return refundDetailView(row, held.order, line, ctx);
  });
}

/** The upstream's refusal as a 40901 carrying its message; an unreachable upstream as 50201. */
export function upstreamFailure(err: unknown): never {
  if (err instanceof UpstreamRejection) throw conflict(`the upstream refused: ${err.message}`);
  if (err instanceof UpstreamError) throw err;
  throw err;
}
