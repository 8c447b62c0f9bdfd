// POST /v2/taobao/order/refund/submit (taobao.md §4.7): record first, then ask the upstream. Under
// the order's lock every check of §4.2 runs and the reverse order is recorded (RECORDED, invisible
// to reads) with a reconciliation job; after the commit the upstream is asked to open the case under
// the reverse order's id (a repeat returns the same case); its answer opens the reverse order
// (status 1, line refundStatus 10, TB-REFUND). A refusal forgets the record (40901); an unreachable
// upstream leaves it to the reconciliation (50201), which opens or forgets it by reading the upstream.
import { UpstreamRejection, type RefundCase } from "../../../../marketplace/port.ts";
import { isUniqueViolation, type Db } from "../../../../platform/db/index.ts";
import { writeInOneStatement } from "../../../../platform/db/one-statement.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import { loadOrder, peekOrderOfLine, type OrderAggregate as Order } from "../../../orders/index.ts";
import { catalogue, type RefundReason } from "../../shared/catalogue.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { loadRefund } from "../aggregate.ts";
import {
  caseTypeOf,
  combinationAllowed,
  LINE_REFUNDED,
  maxRefundFee,
  MIN_REFUND_FEE,
  REFUNDABLE_ORDER_STATUSES,
  splitImages,
  type GoodsStatus,
  type RefundType,
} from "../model.ts";
import { OPEN_LINE_KEY, refundsRepo } from "../repo.ts";
import { applyUpstreamCase } from "./apply-upstream-case.ts";
import { buyer, developerNow, RECONCILE_JOB, subjectOf, taobaoConnector } from "./support.ts";

export interface SubmitInput {
  subOrderId: string;
  refundType: RefundType;
  goodsStatus: GoodsStatus;
  reasonId: number;
  refundFee: number;
  refundDesc?: string;
  refundImages?: string;
}

/** refundImages as picture addresses (at most 5; 40002 otherwise), made the platform's own stored copies. */
export async function adoptImages(deps: AftersalesDeps, owner: AftersalesOwner, text: string | undefined): Promise<string[]> {
  const urls = splitImages(text);
  if (urls === undefined) throw invalid("refundImages must list at most 5 comma-separated addresses");
  return urls.length === 0 ? [] : deps.pictures.adopt({ developerId: owner.developerId, userId: owner.userId }, urls, "refundImages");
}

/**
 * The state checks of taobao.md §4.2 / §4.7 for a line (40901): the order in 10 or 11, the line
 * waiting for shipment or shipped, not refunded already, the combination allowed (statuses.md §4.4).
 */
export function checkRefundable(order: Order, lineId: string, refundType: number, goodsStatus: number): void {
  const line = order.line(lineId)!;
  if (!REFUNDABLE_ORDER_STATUSES.includes(order.status)) throw conflict(`order ${order.order.id} is in status ${order.status}; after-sales needs 10 or 11`);
  if (line.refund_status === LINE_REFUNDED) throw conflict(`sub-order ${line.id} has been refunded already`);
  if (!combinationAllowed(line.status, goodsStatus, refundType)) {
    throw conflict(`sub-order ${line.id} is ${line.status}: refundType ${refundType} with goodsStatus ${goodsStatus} is not allowed`);
  }
}

/** The reason (40002 naming reasonId when the catalogue has no such active reason for the goods status). */
export async function reasonFor(db: Db, reasonId: number, goodsStatus: number): Promise<RefundReason> {
  const reason = (await catalogue.reasonsFor(db, "taobao", String(goodsStatus))).find((r) => r.reasonId === reasonId);
  if (!reason) throw invalid(`reasonId ${reasonId} is not a reason for goodsStatus ${goodsStatus}`);
  return reason;
}

/** 40002 naming refundFee outside 1 … the largest refund of the line for the goods status (taobao.md §4.2). */
export function checkFee(order: Order, lineId: string, goodsStatus: number, refundFee: number): void {
  const line = order.line(lineId)!;
  const max = maxRefundFee({ purchaseAmountFen: Number(line.purchase_amount ?? 0), domesticPostFeeFen: Number(line.domestic_post_fee) }, goodsStatus);
  if (refundFee < MIN_REFUND_FEE || refundFee > max) throw invalid(`refundFee must be between ${MIN_REFUND_FEE} and ${max}`);
}

export async function submit(deps: AftersalesDeps, owner: AftersalesOwner, input: SubmitInput): Promise<{ refundId: string }> {
  const where = { subOrderId: input.subOrderId, developerId: owner.developerId, userId: owner.userId };
  if (!(await peekOrderOfLine(deps.db, where))) throw notFound(`sub-order ${input.subOrderId}`);
  const images = await adoptImages(deps, owner, input.refundImages);

  let recorded: { refundId: string; upstreamOrderId: string; upstreamLineId: string; reason: string };
  try {
    recorded = await deps.db.transaction().execute(async (trx) => {
      const order = await loadOrder(trx, where);
      if (!order) throw notFound(`sub-order ${input.subOrderId}`);
      const line = order.line(input.subOrderId)!;
      checkRefundable(order, line.id, input.refundType, input.goodsStatus);
      const reason = await reasonFor(trx, input.reasonId, input.goodsStatus);
      checkFee(order, line.id, input.goodsStatus, input.refundFee);
      const open = await refundsRepo.openOfLine(trx, line.id);
      if (open) throw conflict(`sub-order ${line.id} has an open reverse order ${open.id}; modify it instead`);
      const now = await developerNow(deps, owner.developerId, trx);
      const at = new Date(now);
      const refundId = await refundsRepo.freeId(trx);
      const job = deps.jobs.scheduleWrite(trx, [
        { developerId: owner.developerId, dueAtMs: deps.clock.now() + deps.reconcileAfterMs, kind: RECONCILE_JOB, clock: "real", subject: subjectOf(refundId), payload: { refundId } },
      ]);
      await writeInOneStatement(trx, [
        refundsRepo.insert(trx, {
          id: refundId,
          developer_id: owner.developerId,
          user_id: owner.userId,
          order_id: order.order.id,
          sub_order_id: line.id,
          upstream_order_id: line.taobao_purchase_id,
          upstream_line_id: line.taobao_sub_purchase_id,
          upstream_state: "RECORDED",
          status: 1,
          refund_type: input.refundType,
          goods_status: input.goodsStatus,
          reason_id: reason.reasonId,
          reason_desc: reason.description,
          refund_desc: input.refundDesc ?? "",
          refund_fee: String(input.refundFee),
          images: JSON.stringify(images),
          seller_refuse_reason: "",
          seller_refuse_describe: "",
          seller_agree_describe: "",
          return_address: null,
          return_carrier_code: "",
          return_carrier_name: "",
          return_logistics_no: "",
          buyer_phone: "",
          return_goods_desc: "",
          timeout_at: null,
          upstream_revision: "0",
          created_at: at,
          updated_at: at,
        }),
        job.write,
      ]);
      return { refundId, upstreamOrderId: line.taobao_purchase_id, upstreamLineId: line.taobao_sub_purchase_id, reason: reason.description };
    });
  } catch (err) {
    // Two submits for one line at once: the one-open-per-line index lets one through.
    if (isUniqueViolation(err)) throw conflict(`sub-order ${input.subOrderId} has an open reverse order (${OPEN_LINE_KEY}); modify it instead`);
    throw err;
  }

  const { refundId } = recorded;
  let kase: RefundCase;
  try {
    const connector = await taobaoConnector(deps, owner);
    kase = await connector.requestRefund(owner, {
      refundId,
      upstreamOrderId: recorded.upstreamOrderId,
      upstreamLineIds: [recorded.upstreamLineId],
      type: caseTypeOf(input.refundType),
      amountFen: input.refundFee,
      carriageFen: 0,
      reason: recorded.reason,
      description: input.refundDesc ?? "",
    });
  } catch (err) {
    if (err instanceof UpstreamRejection) {
      await forget(deps, owner.developerId, refundId);
      throw conflict(`the upstream refused: ${err.message}`);
    }
    // Unreachable (UpstreamError, 50201) or anything else: the record stays for the reconciliation job,
    // which reads the upstream later and opens or forgets it.
    throw err;
  }

  await deps.db.transaction().execute(async (trx) => {
    const refund = await loadRefund(trx, { id: refundId, developerId: owner.developerId }, () => deps.ids.next());
    if (!refund) throw new ApiError(Code.UPSTREAM_FAILURE, `reverse order ${refundId} was given up while the upstream answered; submit again`);
    const now = await developerNow(deps, owner.developerId, trx);
    // The inbox may have opened it already with the same case: a repeat, nothing more to do but drop the job.
    await applyUpstreamCase(deps, trx, refund, kase, buyer(owner), new Date(now));
    await refund.save(trx, deps.outbox, now, deps.taobaoUnpaidTimeoutMs, [deps.jobs.cancelWrite(trx, owner.developerId, [subjectOf(refundId)], [RECONCILE_JOB])]);
  });
  return { refundId };
}

/** The upstream refused to open the case: the record goes, with its reconciliation job. */
export async function forget(deps: AftersalesDeps, developerId: string, refundId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const refund = await loadRefund(trx, { id: refundId, developerId }, () => deps.ids.next());
    if (!refund || refund.opened) return;
    refund.discard();
    const now = await developerNow(deps, developerId, trx);
    await refund.save(trx, deps.outbox, now, deps.taobaoUnpaidTimeoutMs, [deps.jobs.cancelWrite(trx, developerId, [subjectOf(refundId)], [RECONCILE_JOB])]);
  });
}
