// POST /v2/alibaba/refund/detail/create (alibaba-1688.md §4.4): a refund of one or more lines of one
// order. Record first, then ask the upstream: the refund is recorded under the order's lock (invisible
// to reads, its lines busy) with a reconciliation job, the upstream is asked outside any transaction
// (keyed by the refund id, so a repeat cannot open two cases), and its answer opens the refund
// (1688-REFUND, previousStatus null). A refusal forgets the record (40901); an upstream that does not
// answer leaves it to the reconciliation (50201), which opens or forgets it by reading the upstream.
import { UpstreamError, UpstreamRejection, type RefundCase, type RefundRequest } from "../../../../marketplace/port.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import { AlibabaStatus, alibabaTotalFen as totalFen } from "../../../orders/index.ts";
import { catalogue, type RefundReason } from "../../shared/catalogue.ts";
import { AlibabaRefundAggregate, loadOrderRefunds, loadRefund, type AlibabaOrderRefunds } from "../aggregate.ts";
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  isGoodsStatus,
  isOpen,
  lineCapFen,
  MAX_VOUCHERS,
  remainingFen,
  requestConflict,
  RefundStatus,
  type DisputeRequest,
  type GoodsStatus,
} from "../model.ts";
import { entryIdsOf } from "../repo.ts";
import { applyCase } from "./apply-upstream-case.ts";
import { alibabaConnector, buyerActor, developerNow, RECONCILE_JOB, refundSubject, type AftersalesDeps, type AftersalesOwner } from "./support.ts";

export interface CreateRefundInput {
  orderId: string;
  orderEntryIds: string[];
  disputeRequest: DisputeRequest;
  /** Goods amount asked, fen. */
  applyPayment: number;
  /** Shipping asked, fen. */
  applyCarriage: number;
  applyReasonId: number;
  description: string;
  goodsStatus: string;
  vouchers?: string[];
  /** Per line: how many units are refunded (absent: all). */
  orderEntryCountList?: Array<{ id: string; count: number }>;
}

/** What a request amounts to on its order, once checked. */
interface Plan {
  lines: string[];
  upstreamLineIds: string[];
  canRefundPaymentFen: number;
  productName: string;
}

/** The checks that need no order (40002 naming the field). */
function checkInput(input: CreateRefundInput): void {
  const seen = new Set<string>();
  input.orderEntryIds.forEach((id, i) => {
    if (!/^\d{1,19}$/.test(id)) throw invalid(`orderEntryIds[${i}] must be an order entry id (a string of up to 19 digits)`);
    if (seen.has(id)) throw invalid(`orderEntryIds[${i}] ${id} is listed twice`);
    seen.add(id);
  });
  if (!isGoodsStatus(input.goodsStatus)) throw invalid(`goodsStatus must be one of refundWaitSellerSend, refundWaitBuyerReceive, refundBuyerReceived, aftersaleBuyerNotReceived, aftersaleBuyerReceived`);
  const description = input.description.trim();
  if (description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) throw invalid(`description must be ${DESCRIPTION_MIN} to ${DESCRIPTION_MAX} characters`);
  if (input.applyPayment + input.applyCarriage < 1) throw invalid("applyPayment + applyCarriage must be at least 1 fen");
  if ((input.vouchers ?? []).length > MAX_VOUCHERS) throw invalid(`vouchers must have at most ${MAX_VOUCHERS} addresses`);
  const counted = new Set<string>();
  (input.orderEntryCountList ?? []).forEach((entry, i) => {
    if (!seen.has(entry.id)) throw invalid(`orderEntryCountList[${i}].id ${entry.id} is not one of orderEntryIds`);
    if (counted.has(entry.id)) throw invalid(`orderEntryCountList[${i}].id ${entry.id} is listed twice`);
    counted.add(entry.id);
  });
}

/** The checks against the reason catalogue (40002). */
async function checkReason(deps: AftersalesDeps, input: CreateRefundInput): Promise<RefundReason> {
  const reasons = await catalogue.reasonsFor(deps.db, "alibaba", input.goodsStatus);
  const reason = reasons.find((r) => r.reasonId === input.applyReasonId);
  if (!reason) throw invalid(`applyReasonId ${input.applyReasonId} is not a reason for goodsStatus ${input.goodsStatus} (see refund/reason/list: ${reasons.map((r) => r.reasonId).join(", ")})`);
  if (reason.needVoucher && (input.vouchers ?? []).length === 0) throw invalid(`vouchers: reason ${reason.reasonId} needs at least one voucher (upload with refund/voucher/upload)`);
  if (reason.noRefundCarriage && input.applyCarriage > 0) throw invalid(`applyCarriage must be 0 with reason ${reason.reasonId} (no shipping is refunded)`);
  return reason;
}

/** The checks against the order, its lines and its refunds, under the order's lock. */
function plan(all: AlibabaOrderRefunds | undefined, input: CreateRefundInput): Plan {
  if (!all || all.order.order.purchase_state !== "PLACED") throw notFound(`1688 order ${input.orderId}`);
  const order = all.order;
  const why = requestConflict(order.status, input.goodsStatus as GoodsStatus, input.disputeRequest);
  if (why) throw conflict(why);
  const lines = input.orderEntryIds.map((id, i) => {
    const line = order.line(id);
    if (!line) throw invalid(`orderEntryIds[${i}] ${id} is not an entry of order ${input.orderId}`);
    return line;
  });
  const counts = new Map((input.orderEntryCountList ?? []).map((e, i) => [e.id, { count: e.count, i }]));
  let canRefund = 0;
  for (const line of lines) {
    const busy = all.refunds.find((r) => isOpen(r.status) && entryIdsOf(r.row).includes(line.id));
    if (busy) throw conflict(`order entry ${line.id} already has an open refund ${busy.id} (${busy.status})`);
    if (line.status === AlibabaStatus.CANCEL) throw conflict(`order entry ${line.id} was never bought (cancel)`);
    const money = { id: line.id, amountFen: Number(line.amount_fen), refundedFen: Number(line.refunded_fen), unitPriceFen: Number(line.unit_price_fen), quantity: line.quantity };
    if (remainingFen(money) === 0) throw conflict(`order entry ${line.id} is fully refunded`);
    const counted = counts.get(line.id);
    if (counted && counted.count > line.quantity) throw invalid(`orderEntryCountList[${counted.i}].count must be at most ${line.quantity} (the entry's quantity)`);
    canRefund += lineCapFen(money, counted?.count);
  }
  if (input.applyPayment > canRefund) throw invalid(`applyPayment must be at most ${canRefund} fen (what the entries may still give back)`);
  const shippingLeft = Math.max(0, Number(order.order.shipping_fen) - Number(order.order.refund_carriage_fen));
  if (input.applyCarriage > shippingLeft) throw invalid(`applyCarriage must be at most ${shippingLeft} fen (the order's shipping not yet refunded)`);
  // The lines' and the shipping's caps do not see an order-level discount: the whole order never
  // gives back more than was paid for it, counting what open refunds already ask.
  const asked = all.refunds.filter((r) => isOpen(r.status)).reduce((sum, r) => sum + Number(r.row.apply_payment) + Number(r.row.apply_carriage), 0);
  const paidLeft = Math.max(0, totalFen(order.order) - Number(order.order.refund_fen) - Number(order.order.refund_carriage_fen) - asked);
  if (input.applyPayment + input.applyCarriage > paidLeft) throw invalid(`applyPayment + applyCarriage must be at most ${paidLeft} fen (what the order paid, less what was refunded or is being asked)`);
  return {
    lines: lines.map((l) => l.id),
    upstreamLineIds: lines.map((l) => l.upstream_line_id ?? ""),
    canRefundPaymentFen: canRefund,
    productName: lines.map((l) => l.name).join("; "),
  };
}

export async function createRefund(deps: AftersalesDeps, owner: AftersalesOwner, input: CreateRefundInput): Promise<{ refundId: string }> {
  checkInput(input);
  const reason = await checkReason(deps, input);
  const key = { orderId: input.orderId, developerId: owner.developerId, userId: owner.userId };
  // A first look, so that no picture is fetched for a request that cannot succeed.
  await deps.db.transaction().execute(async (trx) => plan(await loadOrderRefunds(trx, key), input));
  const vouchers = await deps.pictures.adopt(owner, input.vouchers ?? [], "vouchers");

  const refundId = `TQ${deps.ids.next()}`;
  const recorded = await deps.db.transaction().execute(async (trx) => {
    const all = await loadOrderRefunds(trx, key);
    const planned = plan(all, input);
    const now = new Date(await developerNow(deps, owner.developerId, trx));
    const order = all!.order.order;
    all!.add(
      AlibabaRefundAggregate.record(
        {
          id: refundId,
          developer_id: owner.developerId,
          user_id: owner.userId,
          order_id: order.id,
          upstream_order_id: order.upstream_order_id ?? "",
          entry_ids: JSON.stringify(planned.lines),
          upstream_state: "RECORDED",
          status: RefundStatus.WAIT_SELLER_AGREE,
          dispute_request: input.disputeRequest,
          goods_status: input.goodsStatus,
          apply_payment: String(input.applyPayment),
          apply_carriage: String(input.applyCarriage),
          apply_reason_id: reason.reasonId,
          apply_reason: reason.description,
          description: input.description.trim(),
          vouchers: JSON.stringify(vouchers),
          can_refund_payment: String(planned.canRefundPaymentFen),
          refund_payment: "0",
          refund_carriage: "0",
          buyer_send_goods: input.disputeRequest === "returnRefund" ? false : null,
          buyer_logistics_name: null,
          logistics_company_no: null,
          freight_bill: null,
          goods_received: false,
          reject_reason: null,
          reject_reason_id: null,
          seller_receive_address: null,
          seller_mobile: null,
          product_name: planned.productName,
          timeout_at: null,
          completed_at: null,
          upstream_revision: "0",
          created_at: now,
          updated_at: now,
          version: 0,
        },
        all!.context,
      ),
    );
    const job = deps.jobs.scheduleWrite(trx, [
      { developerId: owner.developerId, dueAtMs: deps.clock.now() + deps.reconcileAfterMs, kind: RECONCILE_JOB, clock: "real", subject: refundSubject(refundId), payload: { refundId } },
    ]);
    await all!.save(trx, deps.outbox, now.getTime(), [job.write]);
    return { upstreamOrderId: order.upstream_order_id ?? "", upstreamLineIds: planned.upstreamLineIds };
  });

  // The pictures themselves, read after the record's transaction and before the upstream call (never
  // inside a transaction: one connection): 1688 takes only vouchers uploaded to it, so the connector
  // uploads these. Every adopted address is the developer's own stored copy, so each one loads.
  const evidence = await loadEvidence(deps, owner.developerId, vouchers);
  const connector = await alibabaConnector(deps, owner);
  let report: RefundCase;
  try {
    report = await connector.requestRefund(owner, {
      refundId,
      upstreamOrderId: recorded.upstreamOrderId,
      upstreamLineIds: recorded.upstreamLineIds,
      type: input.disputeRequest === "returnRefund" ? "return_refund" : "refund",
      amountFen: input.applyPayment,
      carriageFen: input.applyCarriage,
      reason: reason.description,
      description: input.description.trim(),
      ...(evidence.length > 0 ? { evidence } : {}),
    });
  } catch (err) {
    if (err instanceof UpstreamRejection) {
      await forget(deps, owner, refundId);
      throw conflict(`the upstream refused the refund: ${err.message}`);
    }
    // Unreachable or failing: the record stays for the reconciliation, which asks the upstream later.
    if (err instanceof UpstreamError) throw new ApiError(Code.UPSTREAM_FAILURE, `upstream failure: ${err.message} (refund ${refundId} is checked with the upstream again later)`);
    throw err;
  }

  const opened = await deps.db.transaction().execute(async (trx) => {
    const loaded = await loadRefund(trx, { refundId, developerId: owner.developerId });
    if (!loaded) return false;
    const now = await developerNow(deps, owner.developerId, trx);
    const alongside: PendingWrite[] = [];
    await applyCase(deps, trx, loaded.all, loaded.refund, report, now, buyerActor(owner), alongside);
    await loaded.all.save(trx, deps.outbox, now, alongside);
    return true;
  });
  // The reconciliation found no case and forgot the record while the upstream was being asked.
  if (!opened) throw new ApiError(Code.UPSTREAM_FAILURE, `upstream failure: refund ${refundId} could not be confirmed; ask again`);
  return { refundId };
}

/** The stored pictures behind the refund's voucher addresses, in order. */
async function loadEvidence(deps: AftersalesDeps, developerId: string, urls: readonly string[]): Promise<NonNullable<RefundRequest["evidence"]>> {
  const out: NonNullable<RefundRequest["evidence"]> = [];
  for (const url of urls) {
    const picture = await deps.pictures.load(developerId, url);
    // adopt() just returned it as this developer's stored copy; gone now means a broken store.
    if (!picture) throw new Error(`voucher ${url} is no longer stored`);
    out.push(picture);
  }
  return out;
}

/** Forgets a refund the upstream refused (still only recorded), with its reconciliation. */
async function forget(deps: AftersalesDeps, owner: AftersalesOwner, refundId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const loaded = await loadRefund(trx, { refundId, developerId: owner.developerId });
    if (!loaded || loaded.refund.opened) return;
    loaded.refund.discard();
    const now = await developerNow(deps, owner.developerId, trx);
    await loaded.all.save(trx, deps.outbox, now, [deps.jobs.cancelWrite(trx, owner.developerId, [refundSubject(refundId)], [RECONCILE_JOB])]);
  });
}
