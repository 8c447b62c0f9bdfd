// T5/T9: the sandbox clock's unpaid-timeout event, run in the clock's transaction. An order still
// unpaid (0 or 3) at its deadline closes with its lines (UNPAID_TIMEOUT); a rejected order's new
// deadline (unpaid_close_at) wins over the event's original one.
import type { Db } from "../../../../platform/db/index.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { loadOrder } from "../aggregate.ts";
import { OrderStatus } from "../model.ts";
import { giveUp, unpaidTimeoutMs, type CommerceDeps } from "./support.ts";

/** T5/T9 on the developer's clock: an order still unpaid at its deadline closes. */
export async function closeUnpaid(deps: CommerceDeps, trx: Db, developerId: string, orderId: string, now: number): Promise<AfterCommit | undefined> {
  const agg = await loadOrder(trx, { id: orderId, developerId });
  if (!agg || (agg.status !== OrderStatus.WAIT_BUYER_PAY && agg.status !== OrderStatus.FINANCE_REFUSED)) return undefined;
  if (agg.order.unpaid_close_at && agg.order.unpaid_close_at.getTime() > now) return undefined;
  const at = new Date(now);
  const open = agg.openLines();
  for (const line of open) agg.moveLine(line, "TRADE_CLOSED", "not paid in time", "timeout", at, "UNPAID_TIMEOUT");
  agg.moveOrder(OrderStatus.CANCELLED, "not paid in time", "timeout", at);
  await agg.save(trx, deps.outbox, now, unpaidTimeoutMs(deps));
  // As a buyer's cancel does: give the unpaid upstream purchases up, once the order's close is
  // committed and outside the clock's transaction.
  const purchases = [...new Set(open.map((l) => l.taobao_purchase_id))];
  return () => giveUp(deps, { developerId, userId: agg.order.user_id }, purchases, "not paid in time");
}
