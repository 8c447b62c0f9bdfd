// How the upstream's word on a case moves a Taobao reverse order (statuses.md §4.1): the one path for
// the refund_changed events of the marketplace inbox, the reconciliation of a recorded case, and the
// cases the buyer's own calls (modify, cancel, return) answer with. The case's revision says what is
// news (judgeReport): a repeat or an older report changes nothing, a report that skips one not yet
// applied waits for it, news the machine cannot take is kept for an operator. News moves the reverse
// order with its effects: the return address (→ 2), the refusal (→ 6, cleared again → 1), the
// refund credited to the developer's balance with the line and perhaps the order closed (→ 5).
import type { Applied } from "../../../../marketplace/inbox.ts";
import type { MarketplaceEventOf, RefundCase } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { NotYet } from "../../../../platform/jobs/runner.ts";
import { OrderStatus } from "../../../orders/index.ts";
import { catalogue } from "../../shared/catalogue.ts";
import type { AftersalesDeps } from "../../shared/deps.ts";
import { judgeReport } from "../../shared/upstream-case.ts";
import { loadRefund, type RefundAggregate } from "../aggregate.ts";
import { canMoveRefund, isRefundableLineStatus, maxRefundFee, REFUNDABLE_ORDER_STATUSES, RefundStatus, refundPath, refundTypeOfCase, STATUS_OF_CASE } from "../model.ts";
import { addressLine } from "../view.ts";
import { RECONCILE_JOB, subjectOf } from "./support.ts";

export type CaseOutcome = { applied: true } | { applied: false; why: "repeat" | "stale" | "gap" | "impossible"; detail: string };

const UPSTREAM = "upstream";

/**
 * Applies an upstream case to a reverse order loaded under its locks (not saved: the caller saves it,
 * with its own writes). A recorded reverse order is opened (TB-REFUND with previousRefundStatus null)
 * and walked to the case's status one allowed step at a time.
 */
export async function applyUpstreamCase(deps: AftersalesDeps, trx: Db, refund: RefundAggregate, kase: RefundCase, actor: string, at: Date): Promise<CaseOutcome> {
  const target = STATUS_OF_CASE[kase.status];
  if (!refund.opened) {
    const path = refundPath(RefundStatus.REQUESTED, target)!;
    sync(refund, kase);
    refund.open("the upstream opened the case", actor, at);
    for (const step of path) await moveTo(deps, trx, refund, kase, step, actor, at);
    return { applied: true };
  }
  const current = refund.status;
  const verdict = judgeReport(Number(refund.row.upstream_revision), kase.revision, current === target || canMoveRefund(current, target));
  if (!verdict.apply) {
    const detail = `reverse order ${refund.row.id} at revision ${refund.row.upstream_revision} (status ${current}); the case reports revision ${kase.revision} (${kase.status})`;
    return { applied: false, why: verdict.why, detail };
  }
  sync(refund, kase);
  // News under an unchanged status other than a modification (1 → 1): a new deadline, no move.
  if (current === target && current !== RefundStatus.REQUESTED) refund.touch(at);
  else await moveTo(deps, trx, refund, kase, target, actor, at);
  return { applied: true };
}

/** What every report carries: the revision applied, the deadline, the type (a seller may ask the goods back), the amount. */
function sync(refund: RefundAggregate, kase: RefundCase): void {
  const row = refund.row;
  row.upstream_revision = String(kase.revision);
  row.timeout_at = kase.deadlineAt === null ? null : new Date(kase.deadlineAt);
  row.refund_type = refundTypeOfCase(kase.type);
  if (kase.amountFen > 0) row.refund_fee = String(kase.amountFen);
}

function why(from: RefundStatus, to: RefundStatus, kase: RefundCase): string {
  if (to === RefundStatus.CLOSED) return kase.closedBy === "timeout" ? "the buyer did not act in time" : "revoked by the buyer";
  if (to === RefundStatus.REFUSED) return `the seller refused${kase.refuseReason ? `: ${kase.refuseReason}` : ""}`;
  if (to === RefundStatus.REQUESTED) return from === RefundStatus.REFUSED ? "modified by the buyer after a refusal" : "modified by the buyer";
  if (to === RefundStatus.WAITING_RETURN) return "the seller agreed to a return";
  if (to === RefundStatus.RETURN_SHIPPED) return "the buyer sent the goods back";
  return from === RefundStatus.RETURN_SHIPPED ? "the seller confirmed receipt of the return" : "the seller agreed to refund";
}

async function moveTo(deps: AftersalesDeps, trx: Db, refund: RefundAggregate, kase: RefundCase, to: RefundStatus, actor: string, at: Date): Promise<void> {
  const row = refund.row;
  const from = refund.status;
  switch (to) {
    case RefundStatus.WAITING_RETURN:
      if (kase.returnAddress) row.return_address = JSON.stringify(kase.returnAddress);
      row.seller_agree_describe = kase.sellerNote ?? "";
      break;
    case RefundStatus.RETURN_SHIPPED:
      // The buyer's own call records the carrier's name; a report arriving first names the code only.
      if (kase.returnCarrier && row.return_carrier_code === "") {
        row.return_carrier_code = kase.returnCarrier;
        row.return_carrier_name = (await catalogue.carrier(trx, kase.returnCarrier))?.name ?? kase.returnCarrier;
      }
      if (kase.returnTrackingNumber && row.return_logistics_no === "") row.return_logistics_no = kase.returnTrackingNumber;
      break;
    case RefundStatus.REFUSED:
      row.seller_refuse_reason = kase.refuseReason ?? "";
      row.seller_refuse_describe = kase.refuseReason ?? "";
      break;
    case RefundStatus.REQUESTED:
      row.seller_refuse_reason = "";
      row.seller_refuse_describe = "";
      break;
    case RefundStatus.REFUNDED:
      row.refunded_fee = String(Math.max(0, Math.min(kase.refundedFen, Number(row.refund_fee))));
      break;
  }
  refund.move(to, why(from, to, kase), actor, at);
  switch (to) {
    case RefundStatus.WAITING_RETURN: {
      const note = row.seller_agree_describe ? ` The seller says: ${row.seller_agree_describe}` : "";
      refund.note("platform", `The seller agreed to a return. Send the goods back to: ${addressLine(kase.returnAddress)}.${note}`, at);
      break;
    }
    case RefundStatus.REFUSED:
      refund.note("seller", row.seller_refuse_reason || "The seller refused the refund.", at);
      break;
    case RefundStatus.CLOSED:
      refund.note("platform", kase.closedBy === "timeout" ? "The reverse order closed: the buyer did not act in time." : "The buyer revoked the reverse order.", at);
      break;
    case RefundStatus.REFUNDED:
      await refunded(deps, trx, refund, actor, at);
      break;
  }
}

/** → 5: the refund goes to the developer's balance, and a line refunded in full closes (statuses.md §2.2, T14, T15). */
async function refunded(deps: AftersalesDeps, trx: Db, refund: RefundAggregate, actor: string, at: Date): Promise<void> {
  const { row, order, line } = refund;
  const amountFen = Number(row.refunded_fee);
  if (amountFen > 0) {
    await deps.wallet.credit(trx, {
      developerId: row.developer_id,
      amountFen,
      reference: `taobao-refund:${row.id}`,
      memo: `Taobao reverse order ${row.id} (sub-order ${row.sub_order_id}) refunded`,
      actor: "aftersales",
    });
  }
  refund.note("platform", `Refunded ${amountFen} fen to the balance.`, at);
  const full = maxRefundFee({ purchaseAmountFen: Number(line.purchase_amount ?? 0), domesticPostFeeFen: Number(line.domestic_post_fee) }, row.goods_status);
  if (amountFen < full || !isRefundableLineStatus(line.status)) return;
  order.moveLine(line, "TRADE_CLOSED", `refunded in full by reverse order ${row.id}`, actor, at, "REFUNDED");
  if (!REFUNDABLE_ORDER_STATUSES.includes(order.status)) return;
  const open = order.openLines();
  if (open.length === 0) order.moveOrder(OrderStatus.CANCELLED, "every line refunded", actor, at);
  // T13: what is left open has all shipped.
  else if (order.status === OrderStatus.WAIT_SELLER_SEND_GOODS && open.every((l) => l.status === "WAIT_BUYER_CONFIRM_GOODS")) order.moveOrder(OrderStatus.SHIPPED, "every open line shipped", actor, at);
}

/** The marketplace inbox's refund_changed handler (Taobao cases). */
export async function onRefundChanged(deps: AftersalesDeps, trx: Db, event: MarketplaceEventOf<"refund_changed">): Promise<Applied> {
  const kase = event.refund;
  const refund = await loadRefund(trx, { id: kase.refundId, developerId: event.developerId }, () => deps.ids.next());
  if (!refund) return { ignored: `no Taobao reverse order ${kase.refundId} for this developer` };
  const recorded = !refund.opened;
  const outcome = await applyUpstreamCase(deps, trx, refund, kase, UPSTREAM, new Date(event.at));
  if (!outcome.applied) {
    if (outcome.why === "gap") throw new NotYet(`an earlier change is missing: ${outcome.detail}`);
    return { ignored: `${outcome.why}: ${outcome.detail}` };
  }
  const alongside = recorded ? [deps.jobs.cancelWrite(trx, refund.row.developer_id, [subjectOf(refund.row.id)], [RECONCILE_JOB])] : [];
  await refund.save(trx, deps.outbox, event.at, deps.taobaoUnpaidTimeoutMs, alongside);
  return "applied";
}

/**
 * A buyer's call answered by the upstream with the case after it (modify, cancel, return): `edit`
 * first records what only the platform keeps (reason, description, pictures, the return's details)
 * and says whether it changed anything, then the case is applied like any report. When the inbox
 * applied the same case first, the buyer's own fields are still saved (a modification still
 * announced as 1 → 1).
 */
export async function applyAnswer(deps: AftersalesDeps, owner: { developerId: string; userId: string }, refundId: string, kase: RefundCase, edit: (refund: RefundAggregate) => boolean = () => false): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const refund = await loadRefund(trx, { id: refundId, developerId: owner.developerId, userId: owner.userId }, () => deps.ids.next());
    if (!refund) return;
    const now = await deps.clocks.now(owner.developerId, trx);
    const at = new Date(now);
    const actor = `user:${owner.userId}`;
    const edited = edit(refund);
    const outcome = await applyUpstreamCase(deps, trx, refund, kase, actor, at);
    if (!outcome.applied && edited) {
      if (refund.status === RefundStatus.REQUESTED) refund.move(RefundStatus.REQUESTED, "modified by the buyer", actor, at);
      else refund.touch(at);
    }
    await refund.save(trx, deps.outbox, now, deps.taobaoUnpaidTimeoutMs);
  });
}
