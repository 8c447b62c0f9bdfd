// Operator: the finance decision on a paid order (statuses.md T6, T7), used when
// TAOBAO_FINANCE_AUTO_CONFIRM is off. Confirm: 1 → 2, then the upstream is paid; reject: 1 → 3,
// the debit is credited back and a new unpaid deadline is scheduled.
import { conflict, notFound } from "../../../../platform/http/errors.ts";
import { loadOrder } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo } from "../repo.ts";
import type { OrderV2VO } from "../view.ts";
import { payUpstream, schedulePayUpstream } from "./pay-upstream.ts";
import { developerNow, subjectOf, UNPAID_TIMEOUT_EVENT, unpaidTimeoutMs, type CommerceDeps } from "./support.ts";

/** Operator: finance confirms (1 → 2, then the upstream is paid) or rejects (1 → 3, money back). */
export async function finance(deps: CommerceDeps, developerId: string, orderId: string, decision: "confirm" | "reject", actor: string): Promise<OrderV2VO> {
  const { db, outbox, wallet } = deps;
  await db.transaction().execute(async (trx) => {
    const agg = await loadOrder(trx, { id: orderId, developerId });
    if (!agg) throw notFound(`order ${orderId}`);
    if (agg.status !== OrderStatus.PAID) throw conflict(`order ${orderId} is in status ${agg.status}; finance decides only on status 1`);
    const now = await developerNow(deps, developerId, trx);
    const at = new Date(now);
    if (decision === "confirm") {
      agg.moveOrder(OrderStatus.FINANCE_PASSED, "finance confirmed", actor, at);
      await schedulePayUpstream(deps, trx, developerId, orderId, now);
    } else {
      await wallet.credit(trx, {
        developerId,
        amountFen: Number(agg.order.purchase_amount),
        reference: `taobao-finance-reject:${orderId}:${agg.order.payment_ref}`,
        memo: `finance rejected Taobao order ${orderId}`,
        actor,
      });
      agg.order.pay_time = null;
      agg.order.unpaid_close_at = new Date(now + unpaidTimeoutMs(deps));
      agg.moveOrder(OrderStatus.FINANCE_REFUSED, "finance rejected", actor, at);
      await deps.jobs.schedule(trx, { developerId, dueAtMs: now + unpaidTimeoutMs(deps), kind: UNPAID_TIMEOUT_EVENT, subject: subjectOf(orderId), payload: { orderId } });
    }
    await agg.save(trx, outbox, now, unpaidTimeoutMs(deps));
  });
  if (decision === "confirm") await payUpstream(deps, developerId, orderId).catch(() => {});
  return JSON.parse((await ordersRepo.viewOf(db, orderId))!) as OrderV2VO;
}
