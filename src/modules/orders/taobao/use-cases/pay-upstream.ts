// The platform's own purchase at the upstream (statuses.md T10, T11): a finance-confirmed order's
// purchases are paid, and the order moves to 10, or closes the refused purchases' lines with the
// money credited back. Orders an outage or a crash left at 2 are retried by a job.
import { loadOrder, OrderAggregate, StaleOrder, type HeldOrder } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { ordersRepo, type SubOrderRow } from "../repo.ts";
import type { Db } from "../../../../platform/db/index.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { connectorFor, developerNow, PAY_UPSTREAM_JOB, subjectOf, unpaidTimeoutMs, UPSTREAM_RETRY_AFTER_MS, type CommerceDeps } from "./support.ts";

/**
 * T10/T11: pays the upstream purchases of a finance-confirmed order, then moves it to 10 (lines
 * WAIT_SELLER_SEND_GOODS), or closes the refused purchases' lines and credits them back (the
 * whole order → 4 when nothing is left). An unreachable upstream leaves the order at 2 for its retry job.
 * `committed` is the order as its caller has just committed it at 2 (the pay): its user and lines,
 * which then need not be read again; with its rows (`held`), the order is not read again after the
 * upstream's answer either: its save is guarded by the held version, and should the order have
 * changed meanwhile the transaction is rolled back and the step runs again from the locked rows.
 * Answers the order's status afterwards.
 */
export async function payUpstream(
  deps: CommerceDeps,
  developerId: string,
  orderId: string,
  committed?: { userId: string; lines: readonly SubOrderRow[]; sandbox?: boolean; held?: HeldOrder },
): Promise<number | undefined> {
  const { db, outbox, wallet } = deps;
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
  const owner = { developerId, userId, ...(committed?.sandbox !== undefined ? { sandbox: committed.sandbox } : {}) };
  const lines = current.filter((l) => l.status === "WAIT_BUYER_PAY");
  const purchases = new Map<string, number>();
  for (const line of lines) purchases.set(line.taobao_purchase_id, (purchases.get(line.taobao_purchase_id) ?? 0) + Number(line.purchase_amount ?? 0) + Number(line.domestic_post_fee));
  const refused = new Map<string, string>();
  const connector = await connectorFor(deps, owner);
  for (const [purchaseId, amount] of purchases) {
    const result = await connector.payOrder(owner, purchaseId, amount); // UpstreamError → stays at 2
    if (!result.paid) refused.set(purchaseId, result.reason);
  }
  const held = committed?.held && committed.held.order.id === orderId && committed.held.order.status === OrderStatus.FINANCE_PASSED ? committed.held : undefined;
  const apply = (from: HeldOrder | undefined) => db.transaction().execute(async (trx) => {
    const agg = from ? OrderAggregate.held(from) : await loadOrder(trx, { id: orderId, developerId });
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
    // Paid (or closed): its retry job goes in the same statement.
    await agg.save(trx, outbox, now, unpaidTimeoutMs(deps), [deps.jobs.cancelWrite(trx, developerId, [subjectOf(orderId)], [PAY_UPSTREAM_JOB])]);
    return agg.status;
  });
  return apply(held).catch((err: unknown) => {
    if (held && err instanceof StaleOrder) return apply(undefined);
    throw err;
  });
}

/**
 * Schedules the retry of an order's upstream payment, in the transaction that moves it to 2: due a
 * little later on the developer's clock, so that the first attempt (made right after that
 * transaction commits) normally leaves nothing for it to do.
 */
export async function schedulePayUpstream(deps: CommerceDeps, trx: Db, developerId: string, orderId: string, now: number): Promise<void> {
  await deps.jobs.schedule(trx, { developerId, dueAtMs: now + UPSTREAM_RETRY_AFTER_MS, kind: PAY_UPSTREAM_JOB, subject: subjectOf(orderId), payload: { orderId } });
}

/**
 * The retry job: pays the purchases after its claim commits (the job is leased meanwhile, so one
 * node makes the call). An order still at 2 afterwards (the upstream unreachable) fails the attempt,
 * and the runner retries it with backoff, then dead-letters it for an operator.
 */
export function payUpstreamJob(deps: CommerceDeps, developerId: string, orderId: string): AfterCommit {
  return async () => {
    const status = await payUpstream(deps, developerId, orderId);
    if (status === OrderStatus.FINANCE_PASSED) throw new Error(`order ${orderId} is still not paid upstream`);
  };
}
