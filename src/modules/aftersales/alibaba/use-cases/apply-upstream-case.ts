// How the upstream's word about a 1688 refund case becomes the platform's refund (statuses.md §6.1):
// the marketplace inbox's refund_changed events, the answers to the buyer's own calls (request,
// return) and the reconciliation's read all go through applyCase. The case's revision says what is
// news (judgeReport): a repeat or an older report changes nothing, a report that skips one not yet
// applied waits for it, one the refund machine cannot take is kept aside with its reason.
//
// Each move brings its effects, in the same transaction as the move: the return address, the refusal,
// the return's carrier; on success the money — the developer's balance credited once (idempotent on
// the refund), the amount spread over the lines, the lines fully refunded before receipt terminated,
// and the order terminated when none is left (its own 1688-STATUS). The lines and the order show the
// refund's status throughout.
import type { Applied, MarketplaceInbox } from "../../../../marketplace/inbox.ts";
import type { RefundCase, ReturnAddress } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { NotYet } from "../../../../platform/jobs/runner.ts";
import { AlibabaStatus } from "../../../orders/index.ts";
import { catalogue } from "../../shared/catalogue.ts";
import { judgeReport } from "../../shared/upstream-case.ts";
import { loadRefund, type AlibabaOrderRefunds, type AlibabaRefundAggregate } from "../aggregate.ts";
import { allocate, canMoveRefund, CASE_STATUS, REAPPLICABLE_STATUS, RefundStatus, remainingFen, SELLER_REFUSAL_REASON_ID, type RefundStatus as Status } from "../model.ts";
import { entryIdsOf } from "../repo.ts";
import { RECONCILE_JOB, refundSubject, UPSTREAM_ACTOR, type AftersalesDeps } from "./support.ts";

const R = RefundStatus;
const S = AlibabaStatus;

export type CaseOutcome = { applied: true } | { applied: false; why: "repeat" | "stale" | "gap" | "impossible"; detail: string };

/**
 * The upstream holds a recorded refund: it opens (waitselleragree, 1688-REFUND with previousStatus
 * null), its lines point at it, refused refunds of the same lines close (re-application, statuses.md
 * §6.1; the upstream's own report of that close is then a repeat), and its reconciliation is dropped.
 */
export function openRefund(deps: AftersalesDeps, trx: Db, all: AlibabaOrderRefunds, refund: AlibabaRefundAggregate, at: Date, actor: string, alongside: PendingWrite[]): void {
  if (refund.opened) return;
  refund.open("the upstream holds the refund", actor, at);
  const entries = entryIdsOf(refund.row);
  for (const other of all.refunds) {
    if (other === refund || !other.opened || other.status !== REAPPLICABLE_STATUS) continue;
    if (!entryIdsOf(other.row).some((id) => entries.includes(id))) continue;
    other.row.timeout_at = null;
    other.row.completed_at = at;
    other.move(R.CLOSE, `the buyer applied again for its lines (refund ${refund.id})`, actor, at);
    all.follow(other);
  }
  for (const id of entries) {
    const line = all.order.line(id);
    if (!line) continue;
    line.refund_id = refund.id;
    line.refund_status = null;
    all.order.touch(line);
  }
  all.follow(refund);
  alongside.push(deps.jobs.cancelWrite(trx, refund.row.developer_id, [refundSubject(refund.id)], [RECONCILE_JOB]));
}

/**
 * Applies what the upstream reports of a refund's case (a recorded refund opens first). Changes the
 * aggregates only; the caller saves them (AlibabaOrderRefunds.save) with `alongside`.
 */
export async function applyCase(
  deps: AftersalesDeps,
  trx: Db,
  all: AlibabaOrderRefunds,
  refund: AlibabaRefundAggregate,
  report: RefundCase,
  at: number,
  actor: string,
  alongside: PendingWrite[],
  reason?: string,
): Promise<CaseOutcome> {
  const when = new Date(at);
  openRefund(deps, trx, all, refund, when, actor, alongside);
  const from = refund.status;
  const to = CASE_STATUS[report.status];
  const judged = judgeReport(Number(refund.row.upstream_revision), report.revision, to === from || canMoveRefund(from, to));
  if (!judged.apply) {
    const detail = `refund ${refund.id} is ${from} at upstream revision ${refund.row.upstream_revision}; the report of revision ${report.revision} says ${report.status} (${to})`;
    return { applied: false, why: judged.why, detail };
  }
  refund.row.upstream_revision = String(report.revision);
  refund.row.timeout_at = report.deadlineAt === null ? null : new Date(report.deadlineAt);
  if (report.goodsReceived) refund.row.goods_received = true;
  if (to === from) {
    refund.touch(when);
    return { applied: true };
  }
  await effects(deps, trx, all, refund, to, report, when, actor);
  refund.move(to, reason ?? reasonOf(from, to, report), actor, when);
  all.follow(refund);
  return { applied: true };
}

function reasonOf(from: Status, to: Status, report: RefundCase): string {
  switch (to) {
    case R.SUCCESS:
      return from === R.WAIT_SELLER_RECEIVE ? "the seller confirmed receipt of the return (or its time ran out)" : "the seller agreed the refund (or its time ran out)";
    case R.WAIT_BUYER_SEND:
      return `the seller asked for the goods back${report.sellerNote ? `: ${report.sellerNote}` : ""}`;
    case R.WAIT_BUYER_MODIFY:
      return `the seller refused${report.refuseReason ? `: ${report.refuseReason}` : ""}`;
    case R.WAIT_SELLER_RECEIVE:
      return `the return was shipped${report.returnCarrier ? ` with ${report.returnCarrier} ${report.returnTrackingNumber ?? ""}` : ""}`.trim();
    case R.CLOSE:
      return report.closedBy === "timeout" ? "the buyer did not act in time" : "closed by the buyer";
    default:
      return `the upstream reports ${report.status}`;
  }
}

/** The seller's return address as one line: name, phone, address, postcode. */
export function addressLine(address: ReturnAddress | null): string | null {
  if (!address) return null;
  return [address.name, address.phone, address.address, address.zip].filter((part) => part && part.trim() !== "").join(" ");
}

async function effects(deps: AftersalesDeps, trx: Db, all: AlibabaOrderRefunds, refund: AlibabaRefundAggregate, to: Status, report: RefundCase, at: Date, actor: string): Promise<void> {
  const row = refund.row;
  switch (to) {
    case R.WAIT_BUYER_SEND:
      row.seller_receive_address = addressLine(report.returnAddress);
      row.seller_mobile = report.returnAddress?.phone || null;
      if (row.buyer_send_goods === null) row.buyer_send_goods = false;
      return;
    case R.WAIT_BUYER_MODIFY:
      row.reject_reason = report.refuseReason;
      row.reject_reason_id = report.refuseReason ? SELLER_REFUSAL_REASON_ID : null;
      return;
    case R.WAIT_SELLER_RECEIVE: {
      row.buyer_send_goods = true;
      const code = report.returnCarrier ?? row.logistics_company_no;
      if (code && row.buyer_logistics_name === null) row.buyer_logistics_name = (await catalogue.carrier(trx, code))?.name ?? code;
      row.logistics_company_no = code;
      row.freight_bill = report.returnTrackingNumber ?? row.freight_bill;
      return;
    }
    case R.SUCCESS:
      row.completed_at = at;
      await payBack(deps, trx, all, refund, report, at, actor);
      return;
    case R.CLOSE:
      row.completed_at = at;
      return;
    default:
      return;
  }
}

/**
 * refundsuccess: the goods amount (at most what was asked and what the lines have left) and the
 * shipping (at most what was asked and what the order's shipping has left) go back to the developer's
 * balance and onto the lines and the order.
 */
async function payBack(deps: AftersalesDeps, trx: Db, all: AlibabaOrderRefunds, refund: AlibabaRefundAggregate, report: RefundCase, at: Date, actor: string): Promise<void> {
  const order = all.order;
  const row = refund.row;
  const lines = entryIdsOf(row).flatMap((id) => order.line(id) ?? []);
  const money = lines.map((l) => ({ id: l.id, amountFen: Number(l.amount_fen), refundedFen: Number(l.refunded_fen) }));
  const left = money.reduce((s, l) => s + remainingFen(l), 0);
  const payment = Math.max(0, Math.min(report.amountFen, Number(row.apply_payment), left));
  const shippingLeft = Math.max(0, Number(order.order.shipping_fen) - Number(order.order.refund_carriage_fen));
  const carriage = Math.max(0, Math.min(report.carriageFen, Number(row.apply_carriage), shippingLeft));
  const shares = allocate(payment, money);
  for (const line of lines) {
    const share = shares.get(line.id) ?? 0;
    if (share === 0) continue;
    line.refunded_fen = String(Number(line.refunded_fen) + share);
    line.updated_at = at;
    order.touch(line);
  }
  order.order.refund_fen = String(Number(order.order.refund_fen) + payment);
  order.order.refund_carriage_fen = String(Number(order.order.refund_carriage_fen) + carriage);
  order.touch();
  row.refund_payment = String(payment);
  row.refund_carriage = String(carriage);
  if (payment + carriage > 0) {
    await deps.wallet.credit(trx, {
      developerId: row.developer_id,
      amountFen: payment + carriage,
      reference: `alibaba-refund:${row.id}`,
      memo: `1688 refund ${row.id} of order ${row.order_id}`,
      actor: "aftersales",
    });
  }
  // Before receipt a line that gave everything back ends (terminated); after it statuses stay.
  for (const line of lines) {
    if (remainingFen({ amountFen: Number(line.amount_fen), refundedFen: Number(line.refunded_fen) }) > 0) continue;
    if (line.status === S.WAIT_SELLER_SEND || line.status === S.WAIT_BUYER_RECEIVE) order.moveLine(line, S.TERMINATED, `fully refunded by ${row.id}`, actor, at);
  }
  if (order.status !== S.WAIT_SELLER_SEND && order.status !== S.WAIT_BUYER_RECEIVE) return;
  const live = order.lines.filter((l) => l.status !== S.TERMINATED && l.status !== S.CANCEL);
  if (live.length === 0) {
    order.moveOrder(S.TERMINATED, "every line refunded", actor, at);
  } else if (order.status === S.WAIT_SELLER_SEND && live.every((l) => l.status === S.WAIT_BUYER_RECEIVE)) {
    // The lines still waiting for the seller were the refunded ones: what is left has all shipped.
    order.order.shipped_at ??= at;
    order.moveOrder(S.WAIT_BUYER_RECEIVE, "every line not refunded has shipped", actor, at);
  }
}

/** The upstream's case changes (refund_changed), from the marketplace inbox. */
export function registerRefundChangedHandler(deps: AftersalesDeps, inbox: MarketplaceInbox): void {
  inbox.on("alibaba", "refund_changed", async (trx, event): Promise<Applied> => {
    const report = event.refund;
    const loaded = await loadRefund(trx, { refundId: report.refundId, developerId: event.developerId });
    if (!loaded) return { ignored: `no 1688 refund ${report.refundId} of developer ${event.developerId}` };
    const alongside: PendingWrite[] = [];
    const outcome = await applyCase(deps, trx, loaded.all, loaded.refund, report, event.at, UPSTREAM_ACTOR, alongside);
    if (!outcome.applied && outcome.why === "gap") throw new NotYet(`an earlier report is missing: ${outcome.detail}`);
    await loaded.all.save(trx, deps.outbox, event.at, alongside);
    if (outcome.applied) return "applied";
    if (outcome.why === "impossible") return { ignored: `impossible move, kept for an operator: ${outcome.detail}` };
    return { ignored: `${outcome.why}: ${outcome.detail}` };
  });
}
