// POST /v2/taobao/order/refund/modify (taobao.md §4.9; statuses.md §4.1 1 → 1, 6 → 1): the buyer
// changes an open reverse order waiting for the seller or refused by it. The new values pass the
// checks of §4.7; the upstream changes the case first (a refusal: 40901 with its message), then the
// reverse order takes the answer and the fields only the platform keeps. Absent fields keep their values.
import { UpstreamRejection, type RefundCase } from "../../../../marketplace/port.ts";
import { conflict, invalid } from "../../../../platform/http/errors.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { caseTypeOf, combinationAllowed, maxRefundFee, MIN_REFUND_FEE, type GoodsStatus, type RefundType } from "../model.ts";
import { applyAnswer } from "./apply-upstream-case.ts";
import { adoptImages, reasonFor } from "./submit.ts";
import { checkAllowed, lineOf, openedRefund, taobaoConnector } from "./support.ts";

export interface ModifyInput {
  refundId: string;
  refundType?: RefundType;
  goodsStatus?: GoodsStatus;
  reasonId?: number;
  refundFee?: number;
  refundDesc?: string;
  refundImages?: string;
}

export async function modify(deps: AftersalesDeps, owner: AftersalesOwner, input: ModifyInput): Promise<true> {
  const row = await openedRefund(deps, owner, input.refundId);
  checkAllowed(row, "modify", "modify");
  const { line } = await lineOf(deps.db, row);
  const refundType = (input.refundType ?? row.refund_type) as RefundType;
  const goodsStatus = (input.goodsStatus ?? row.goods_status) as GoodsStatus;
  if (!combinationAllowed(line.status, goodsStatus, refundType)) {
    throw conflict(`sub-order ${line.id} is ${line.status}: refundType ${refundType} with goodsStatus ${goodsStatus} is not allowed`);
  }
  const reason = await reasonFor(deps.db, input.reasonId ?? row.reason_id, goodsStatus);
  const refundFee = input.refundFee ?? Number(row.refund_fee);
  const max = maxRefundFee({ purchaseAmountFen: Number(line.purchase_amount ?? 0), domesticPostFeeFen: Number(line.domestic_post_fee) }, goodsStatus);
  if (refundFee < MIN_REFUND_FEE || refundFee > max) throw invalid(`refundFee must be between ${MIN_REFUND_FEE} and ${max}`);
  const images = input.refundImages === undefined ? undefined : await adoptImages(deps, owner, input.refundImages);
  const description = input.refundDesc ?? row.refund_desc;

  let kase: RefundCase;
  try {
    kase = await (await taobaoConnector(deps, owner)).modifyRefund(owner, row.id, { type: caseTypeOf(refundType), amountFen: refundFee, reason: reason.description, description });
  } catch (err) {
    if (err instanceof UpstreamRejection) throw conflict(`the upstream refused: ${err.message}`);
    throw err;
  }
  await applyAnswer(deps, owner, row.id, kase, (refund) => {
    const r = refund.row;
    const before = JSON.stringify([r.goods_status, r.reason_id, r.reason_desc, r.refund_desc, r.images, r.refund_type, r.refund_fee]);
    r.goods_status = goodsStatus;
    r.reason_id = reason.reasonId;
    r.reason_desc = reason.description;
    r.refund_desc = description;
    if (images !== undefined) r.images = JSON.stringify(images);
    r.refund_type = refundType;
    r.refund_fee = String(refundFee);
    return JSON.stringify([r.goods_status, r.reason_id, r.reason_desc, r.refund_desc, r.images, r.refund_type, r.refund_fee]) !== before;
  });
  return true;
}
