// POST /v2/alibaba/order/cancel (alibaba-1688.md §3.8; statuses.md §5 waitbuyerpay → cancel,
// BUYER_CANCEL): allowed before payment only; a cancelled order answers true again. The upstream
// purchase is cancelled after the commit, best effort (an unpaid upstream purchase closes by itself).
import { conflict, notFound } from "../../../../platform/http/errors.ts";
import { loadAlibabaOrder } from "../aggregate.ts";
import { AlibabaStatus } from "../model.ts";
import { giveUpPurchases, developerNow, subjectOf, UNPAID_TIMEOUT_JOB, type AlibabaDeps, type AlibabaOwner } from "./support.ts";

export async function cancel(deps: AlibabaDeps, owner: AlibabaOwner, orderId: string, reason: string, remark?: string): Promise<true> {
  const upstream = await deps.db.transaction().execute(async (trx) => {
    const agg = await loadAlibabaOrder(trx, { id: orderId, developerId: owner.developerId, userId: owner.userId });
    if (!agg || agg.order.purchase_state !== "PLACED") throw notFound(`1688 order ${orderId}`);
    if (agg.status === AlibabaStatus.CANCEL) return undefined;
    if (agg.status !== AlibabaStatus.WAIT_BUYER_PAY) throw conflict(`order ${orderId} is ${agg.status}; only an order in waitbuyerpay can be cancelled`);
    const now = await developerNow(deps, owner.developerId, trx);
    const at = new Date(now);
    const why = remark ? `${reason} (${remark})` : reason;
    agg.moveLinesFrom(AlibabaStatus.WAIT_BUYER_PAY, AlibabaStatus.CANCEL, `buyer cancelled: ${why}`, `user:${owner.userId}`, at);
    agg.moveOrder(AlibabaStatus.CANCEL, `buyer cancelled: ${why}`, `user:${owner.userId}`, at, "BUYER_CANCEL");
    await agg.save(trx, deps.outbox, now, [deps.jobs.cancelWrite(trx, owner.developerId, [subjectOf(orderId)], [UNPAID_TIMEOUT_JOB])]);
    return agg.order.upstream_order_id;
  });
  if (upstream) await giveUpPurchases(deps, owner, [upstream], reason);
  return true;
}
