// POST /v2/taobao/order/cancel (taobao.md §2.3; statuses.md T5, T9): an unpaid order (0 or 3) → 4,
// its open lines TRADE_CLOSED (BUYER_CANCEL); the unpaid deadline is dropped and the upstream
// purchases are given up after the commit. Cancelling a cancelled order answers true again.
import { conflict, notFound } from "../../../../platform/http/errors.ts";
import { loadOrder } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { developerNow, giveUp, subjectOf, UNPAID_TIMEOUT_EVENT, unpaidTimeoutMs, type CommerceDeps, type Owner } from "./support.ts";

/** POST /v2/taobao/order/cancel (taobao.md §2.3). */
export async function cancel(deps: CommerceDeps, owner: Owner, orderId: string, reason: string | undefined): Promise<true> {
  const { db, outbox } = deps;
  const purchases = await db.transaction().execute(async (trx) => {
    const agg = await loadOrder(trx, { id: orderId, developerId: owner.developerId, userId: owner.userId });
    if (!agg) throw notFound(`order ${orderId}`);
    if (agg.status === OrderStatus.CANCELLED) return [];
    if (agg.status !== OrderStatus.WAIT_BUYER_PAY && agg.status !== OrderStatus.FINANCE_REFUSED) throw conflict(`order ${orderId} is in status ${agg.status}; only 0 and 3 can be cancelled`);
    const now = await developerNow(deps, owner.developerId, trx);
    const at = new Date(now);
    const why = reason ? `cancelled: ${reason}` : "cancelled by the buyer";
    const open = agg.openLines();
    for (const line of open) agg.moveLine(line, "TRADE_CLOSED", why, `user:${owner.userId}`, at, "BUYER_CANCEL");
    agg.moveOrder(OrderStatus.CANCELLED, why, `user:${owner.userId}`, at);
    await agg.save(trx, outbox, now, unpaidTimeoutMs(deps));
    await deps.jobs.cancel(trx, owner.developerId, [subjectOf(orderId)], [UNPAID_TIMEOUT_EVENT]);
    return [...new Set(open.map((l) => l.taobao_purchase_id))];
  });
  await giveUp(deps, owner, purchases, reason ?? "buyer cancelled");
  return true;
}
