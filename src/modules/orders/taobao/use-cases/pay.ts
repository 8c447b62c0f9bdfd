// POST /v2/taobao/order/pay (taobao.md §2.5; statuses.md T4, T8): one balance debit for up to ten
// orders at 0 or 3, each → 1; with automatic finance confirmation (the default) → 2 at once and the
// upstream is paid right after the commit (pay-upstream.ts).
import { conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import type { IdempotencyScope } from "../../../../platform/idempotency.ts";
import { loadOrder, type OrderAggregate } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo } from "../repo.ts";
import type { OrderV2VO } from "../view.ts";
import { payUpstream } from "./pay-upstream.ts";
import { developerNow, once, PAY_UPSTREAM_JOB, subjectOf, UNPAID_TIMEOUT_EVENT, unpaidTimeoutMs, UPSTREAM_RETRY_AFTER_MS, type CommerceDeps, type Owner } from "./support.ts";
import { writeInOneStatement } from "../../../../platform/db/one-statement.ts";

export const MAX_PAY_ORDERS = 10;

export interface PayResult {
  totalAmount: number;
  currency: "CNY";
  orders: Array<{ id: string; orderNo: string; payAmount: number; status: number }>;
}

/** POST /v2/taobao/order/pay (taobao.md §2.5). */
export async function pay(deps: CommerceDeps, owner: Owner, orderIds: string[], idempotencyKey?: string): Promise<PayResult> {
  const ids = [...new Set(orderIds)];
  if (ids.length < 1 || ids.length > MAX_PAY_ORDERS) throw invalid(`orderIds must name 1 to ${MAX_PAY_ORDERS} orders`);
  // Only a payment that did not happen gives its key back; a committed one keeps its answer.
  const progress = { committed: false };
  return once(deps, owner, "taobao.order.pay", idempotencyKey, ids, (byKey) => payNow(deps, owner, ids, byKey, progress), () => progress.committed);
}

async function payNow(deps: CommerceDeps, owner: Owner, ids: string[], byKey: IdempotencyScope | undefined, progress: { committed: boolean }): Promise<PayResult> {
  const { db, wallet, outbox, ids: idGen } = deps;
  const paymentRef = `taobao-pay:${idGen.next()}`;
  const paid = await db.transaction().execute(async (trx) => {
    const now = await developerNow(deps, owner.developerId, trx);
    const at = new Date(now);
    // Lock in id order, so concurrent payments of overlapping sets cannot deadlock.
    const aggs: OrderAggregate[] = [];
    for (const id of [...ids].sort()) {
      const agg = await loadOrder(trx, { id, developerId: owner.developerId, userId: owner.userId });
      if (!agg) throw notFound(`order ${id}`);
      aggs.push(agg);
    }
    for (const agg of aggs) {
      const open = agg.openLines();
      if (agg.status !== OrderStatus.WAIT_BUYER_PAY && agg.status !== OrderStatus.FINANCE_REFUSED) throw conflict(`order ${agg.order.id} is in status ${agg.status}; only 0 and 3 can be paid`);
      if (open.length === 0 || open.some((l) => l.status !== "WAIT_BUYER_PAY")) throw conflict(`order ${agg.order.id} has lines the upstream has not priced yet (BULIDING)`);
      if (Number(agg.order.purchase_amount) <= 0) throw conflict(`order ${agg.order.id} has nothing to pay`);
    }
    const total = aggs.reduce((sum, agg) => sum + Number(agg.order.purchase_amount), 0);
    await wallet.debit(trx, { developerId: owner.developerId, amountFen: total, reference: paymentRef, memo: `Taobao orders ${ids.join(", ")}`, actor: `user:${owner.userId}` });
    for (const agg of aggs) {
      agg.order.pay_time = at;
      agg.order.payment_ref = paymentRef;
      agg.order.unpaid_close_at = null;
      agg.moveOrder(OrderStatus.PAID, "paid from the balance", `user:${owner.userId}`, at);
      if (deps.financeAutoConfirm) agg.moveOrder(OrderStatus.FINANCE_PASSED, "finance confirmed automatically (TAOBAO_FINANCE_AUTO_CONFIRM)", "finance", at);
      await agg.save(trx, outbox, now, unpaidTimeoutMs(deps));
    }
    // The unpaid timeouts go; finance-confirmed orders get their upstream payment's retry job. One statement.
    const retries = deps.financeAutoConfirm
      ? [deps.jobs.scheduleWrite(trx, aggs.map((agg) => ({ developerId: owner.developerId, dueAtMs: now + UPSTREAM_RETRY_AFTER_MS, kind: PAY_UPSTREAM_JOB, subject: subjectOf(agg.order.id), payload: { orderId: agg.order.id } }))).write]
      : [];
    await writeInOneStatement(trx, [deps.jobs.cancelWrite(trx, owner.developerId, ids.map(subjectOf), [UNPAID_TIMEOUT_EVENT]), ...retries]);
    if (byKey) {
      // Checkpointed with the debit: should this node die before the final answer, a retry replays
      // this one instead of failing on the order's new status.
      const byId = new Map(aggs.map((a) => [a.order.id, a]));
      const answer: PayResult = {
        totalAmount: total,
        currency: "CNY",
        orders: ids.map((id) => ({ id, orderNo: byId.get(id)!.order.order_no, payAmount: Number(byId.get(id)!.order.purchase_amount), status: byId.get(id)!.status })),
      };
      await deps.idempotency.checkpoint(trx, byKey, JSON.stringify(answer));
    }
    return {
      total,
      aggs: aggs.map((a) => ({ id: a.order.id, orderNo: a.order.order_no, amount: Number(a.order.purchase_amount), status: a.status, userId: a.order.user_id, lines: a.lines, held: { order: a.order, lines: a.lines } })),
    };
  });
  progress.committed = true;
  // Each order's status as this call left it: the one committed above, or the upstream payment's.
  const statuses = new Map<string, number | undefined>(paid.aggs.map((order) => [order.id, order.status]));
  if (deps.financeAutoConfirm) {
    for (const order of paid.aggs) {
      const status = await payUpstream(deps, owner.developerId, order.id, { userId: order.userId, lines: order.lines, sandbox: owner.sandbox, held: order.held }).catch(() => undefined);
      statuses.set(order.id, status);
    }
  }
  for (const order of paid.aggs) {
    // payUpstream failed: read what the order is now.
    if (statuses.get(order.id) === undefined) statuses.set(order.id, (JSON.parse((await ordersRepo.viewOf(db, order.id))!) as OrderV2VO).status);
  }
  // Answer in the order asked.
  const byId = new Map(paid.aggs.map((o) => [o.id, o]));
  return {
    totalAmount: paid.total,
    currency: "CNY",
    orders: ids.map((id) => ({ id, orderNo: byId.get(id)!.orderNo, payAmount: byId.get(id)!.amount, status: statuses.get(id)! })),
  };
}
