// The platform's own purchase at the upstream (statuses.md T10, T11): a finance-confirmed order's
// purchases are paid, and the order moves to 10, or closes the refused purchases' lines with the
// money credited back. Also the sweep that retries orders an outage or a crash left at 2.
import { loadOrder } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo, type SubOrderRow } from "../repo.ts";
import { developerNow, unpaidTimeoutMs, type CommerceDeps } from "./support.ts";

/** A finance-confirmed order not paid upstream after this long is retried by the sweep. */
export const UPSTREAM_RETRY_AFTER_MS = 30_000;

/**
 * T10/T11: pays the upstream purchases of a finance-confirmed order, then moves it to 10 (lines
 * WAIT_SELLER_SEND_GOODS), or closes the refused purchases' lines and credits them back (the
 * whole order → 4 when nothing is left). An unreachable upstream leaves the order at 2 for the sweep.
 * `committed` is the order as its caller has just committed it at 2 (the pay): its user and lines,
 * which then need not be read again. Answers the order's status afterwards.
 */
export async function payUpstream(deps: CommerceDeps, developerId: string, orderId: string, committed?: { userId: string; lines: readonly SubOrderRow[] }): Promise<number | undefined> {
  const { db, purchase, outbox, wallet } = deps;
  let userId: string;
  let current: readonly SubOrderRow[];
  if (committed) {
    userId = committed.userId;
    current = committed.lines;
  } else {
    const snapshot = await ordersRepo.statusOf(db, developerId, orderId);
    if (!snapshot || snapshot.status !== OrderStatus.FINANCE_PASSED) return snapshot?.status;
    userId = snapshot.user_id;
    current = await ordersRepo.linesOf(db, [orderId]);
  }
  const owner = { developerId, userId };
  const lines = current.filter((l) => l.status === "WAIT_BUYER_PAY");
  const purchases = new Map<string, number>();
  for (const line of lines) purchases.set(line.taobao_purchase_id, (purchases.get(line.taobao_purchase_id) ?? 0) + Number(line.purchase_amount ?? 0) + Number(line.domestic_post_fee));
  const refused = new Map<string, string>();
  for (const [purchaseId, amount] of purchases) {
    const result = await purchase.payOrder("taobao", owner, purchaseId, amount); // UpstreamError → stays at 2
    if (!result.paid) refused.set(purchaseId, result.reason);
  }
  return db.transaction().execute(async (trx) => {
    const agg = await loadOrder(trx, { id: orderId, developerId });
    if (!agg || agg.status !== OrderStatus.FINANCE_PASSED) return agg?.status;
    const now = await developerNow(deps, developerId, trx);
    const at = new Date(now);
    let refund = 0;
    for (const line of agg.openLines()) {
      if (line.status !== "WAIT_BUYER_PAY") continue;
      const reason = refused.get(line.taobao_purchase_id);
      if (reason) {
        refund += Number(line.purchase_amount ?? 0) + Number(line.domestic_post_fee);
        agg.moveLine(line, "TRADE_CLOSED", `upstream refused the payment: ${reason}`, "upstream", at, "UPSTREAM_PAY_FAILED");
      } else {
        agg.moveLine(line, "WAIT_SELLER_SEND_GOODS", "upstream purchase paid", "platform", at);
      }
    }
    if (refund > 0) {
      await wallet.credit(trx, {
        developerId,
        amountFen: refund,
        reference: `taobao-upstream-refused:${orderId}:${agg.order.payment_ref}`,
        memo: `upstream refused payment for Taobao order ${orderId}`,
        actor: "upstream",
      });
    }
    const anyPaid = agg.openLines().length > 0;
    agg.moveOrder(anyPaid ? OrderStatus.WAIT_SELLER_SEND_GOODS : OrderStatus.CANCELLED, anyPaid ? "upstream purchase paid" : "upstream refused the payment", "platform", at);
    await agg.save(trx, outbox, now, unpaidTimeoutMs(deps));
    return agg.status;
  });
}

/** What the retry sweep remembers between runs on this node: when it first saw each order waiting. */
export interface UpstreamRetryMemory {
  waitingSince: Map<string, number>;
}

/**
 * Retries upstream payments left at 2 by an outage or a crash (run periodically). An order is
 * retried once this node has seen it waiting for `olderThanMs` of real time — not by its
 * timestamps, which follow the developer's test clock in the sandbox and may lie in the future.
 */
export async function retryUpstreamPayments(deps: CommerceDeps, memory: UpstreamRetryMemory, olderThanMs = UPSTREAM_RETRY_AFTER_MS): Promise<number> {
  const now = deps.clock.now();
  const waiting = await ordersRepo.awaitingUpstreamPayment(deps.db, 200);
  const seen = new Map<string, number>();
  let retried = 0;
  for (const order of waiting) {
    const since = memory.waitingSince.get(order.id) ?? now;
    seen.set(order.id, since);
    if (now - since < olderThanMs) continue;
    retried++;
    await payUpstream(deps, order.developer_id, order.id).catch(() => {});
  }
  memory.waitingSince = seen;
  return retried;
}
