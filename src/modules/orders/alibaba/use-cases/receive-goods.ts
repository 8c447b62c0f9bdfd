// Receipt (alibaba-1688.md §3.10; statuses.md §5 waitbuyerreceive → confirm_goods → success): the
// buyer confirms some or all shipped lines; when no line is left waiting, the order is confirmed, and
// settled (→ success) at once or ALIBABA_SETTLE_DELAY later by a job. The automatic receipt
// (ALIBABA_AUTO_RECEIPT after the shipment, a job on the developer's clock, or the upstream's own
// automatic confirmation arriving through the inbox) confirms the same way.
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { notFound } from "../../../../platform/http/errors.ts";
import { loadAlibabaOrder, type AlibabaOrderAggregate } from "../aggregate.ts";
import { AlibabaStatus, linesToConfirm } from "../model.ts";
import { alibabaRepo, type AlibabaLineRow } from "../repo.ts";
import { AUTO_RECEIPT_JOB, connectorFor, developerNow, SETTLE_JOB, subjectOf, type AlibabaDeps, type AlibabaOwner } from "./support.ts";

export interface ReceiveResult {
  success: boolean;
  errorInfo: string;
  errorCode: string;
}

const refused = (errorInfo: string): ReceiveResult => ({ success: false, errorInfo, errorCode: "STATE_CONFLICT" });

/**
 * Confirms `lines` on a loaded order; the order follows when none is left waiting (and settles when
 * the delay is 0). Answers the writes the caller must send with the save (the settle job, or dropping
 * the automatic receipt).
 */
export function confirmLines(deps: AlibabaDeps, trx: Db, agg: AlibabaOrderAggregate, lines: readonly AlibabaLineRow[], reason: string, actor: string, now: number): PendingWrite[] {
  const at = new Date(now);
  for (const line of lines) agg.moveLine(line, AlibabaStatus.CONFIRM_GOODS, reason, actor, at);
  if (agg.lines.some((l) => l.status === AlibabaStatus.WAIT_BUYER_RECEIVE || l.status === AlibabaStatus.WAIT_SELLER_SEND)) return [];
  agg.order.complete_time = at;
  agg.moveOrder(AlibabaStatus.CONFIRM_GOODS, reason, actor, at);
  const developerId = agg.order.developer_id;
  const writes: PendingWrite[] = [deps.jobs.cancelWrite(trx, developerId, [subjectOf(agg.order.id)], [AUTO_RECEIPT_JOB])];
  if (deps.settleDelayMs <= 0) settle(agg, at);
  else writes.push(deps.jobs.scheduleWrite(trx, [{ developerId, dueAtMs: now + deps.settleDelayMs, kind: SETTLE_JOB, subject: subjectOf(agg.order.id), payload: { orderId: agg.order.id } }]).write);
  return writes;
}

/** confirm_goods → success (the platform's settlement with the seller). */
export function settle(agg: AlibabaOrderAggregate, at: Date): void {
  if (agg.status !== AlibabaStatus.CONFIRM_GOODS) return;
  agg.moveLinesFrom(AlibabaStatus.CONFIRM_GOODS, AlibabaStatus.SUCCESS, "settled", "platform", at);
  agg.moveOrder(AlibabaStatus.SUCCESS, "settled", "platform", at);
}

/** POST /v2/alibaba/order/receivegoods (§3.10). */
export async function receiveGoods(deps: AlibabaDeps, owner: AlibabaOwner, orderId: string, entryIds: string[]): Promise<ReceiveResult> {
  const order = await alibabaRepo.orderRow(deps.db, owner.developerId, orderId, owner.userId);
  if (!order || order.purchase_state !== "PLACED") throw notFound(`1688 order ${orderId}`);
  if (order.status !== AlibabaStatus.WAIT_BUYER_RECEIVE) return refused(`order ${orderId} is ${order.status}; receipt can be confirmed in waitbuyerreceive only`);
  // Check the lines first (no upstream call for a request that cannot succeed).
  const current = await alibabaRepo.linesOf(deps.db, [orderId]);
  const picked = linesToConfirm(current, entryIds);
  if (picked.error) return refused(picked.error);
  const connector = await connectorFor(deps, owner);
  const accepted = await connector.confirmReceipt(owner, order.upstream_order_id!, picked.lines.map((l) => l.upstream_line_id!));
  if (!accepted) return refused("the upstream refused the confirmation (the lines are not all shipped there yet)");
  return deps.db.transaction().execute(async (trx) => {
    const agg = await loadAlibabaOrder(trx, { id: orderId, developerId: owner.developerId, userId: owner.userId });
    if (!agg || agg.status !== AlibabaStatus.WAIT_BUYER_RECEIVE) return refused(`order ${orderId} is ${agg?.status ?? "gone"}; receipt can be confirmed in waitbuyerreceive only`);
    const again = linesToConfirm(agg.lines, entryIds);
    if (again.error) return refused(again.error);
    const now = await developerNow(deps, owner.developerId, trx);
    const writes = confirmLines(deps, trx, agg, again.lines, "buyer confirmed receipt", `user:${owner.userId}`, now);
    await agg.save(trx, deps.outbox, now, writes);
    return { success: true, errorInfo: "", errorCode: "" };
  });
}

/** The automatic receipt job: an order still waiting for receipt is confirmed. */
export async function autoReceipt(deps: AlibabaDeps, trx: Db, developerId: string, orderId: string, now: number): Promise<void> {
  const agg = await loadAlibabaOrder(trx, { id: orderId, developerId });
  if (!agg || agg.status !== AlibabaStatus.WAIT_BUYER_RECEIVE) return;
  const waiting = agg.lines.filter((l) => l.status === AlibabaStatus.WAIT_BUYER_RECEIVE);
  const writes = confirmLines(deps, trx, agg, waiting, "receipt confirmed automatically", "platform", now);
  await agg.save(trx, deps.outbox, now, writes);
}

/** The settlement job (ALIBABA_SETTLE_DELAY > 0). */
export async function settleJob(deps: AlibabaDeps, trx: Db, developerId: string, orderId: string, now: number): Promise<void> {
  const agg = await loadAlibabaOrder(trx, { id: orderId, developerId });
  if (!agg) return;
  settle(agg, new Date(now));
  await agg.save(trx, deps.outbox, now);
}
