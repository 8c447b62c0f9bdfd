// POST /v2/taobao/order/refund/render (taobao.md §4.2): what a reverse order on one sub-order may look
// like for a refund type and goods status: whether it is possible (saleFlag), the reasons, the goods
// statuses the line may declare, the fee limits, and the open reverse order to pre-fill a modification.
import { notFound } from "../../../../platform/http/errors.ts";
import { peekOrderOfLine } from "../../../orders/index.ts";
import { catalogue } from "../../shared/catalogue.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import {
  combinationAllowed,
  feeTips,
  goodsStatusList,
  isRefundableLineStatus,
  LINE_REFUNDED,
  maxRefundFee,
  MIN_REFUND_FEE,
  REFUNDABLE_ORDER_STATUSES,
  RefundStatus,
  type GoodsStatus,
  type RefundType,
} from "../model.ts";
import { refundsRepo } from "../repo.ts";
import { refundOrderView } from "../view.ts";
import { developerNow } from "./support.ts";

export async function render(deps: AftersalesDeps, owner: AftersalesOwner, input: { subOrderId: string; refundType: RefundType; goodsStatus: GoodsStatus }) {
  const held = await peekOrderOfLine(deps.db, { subOrderId: input.subOrderId, developerId: owner.developerId, userId: owner.userId });
  const line = held?.lines.find((l) => l.id === input.subOrderId);
  if (!held || !line) throw notFound(`sub-order ${input.subOrderId}`);
  const open = await refundsRepo.openOfLine(deps.db, line.id);
  const shown = open?.upstream_state === "OPENED" ? open : undefined;
  // An open reverse order waiting for or carrying the return cannot be modified (taobao.md §4.2).
  const blocked = shown !== undefined && (shown.status === RefundStatus.WAITING_RETURN || shown.status === RefundStatus.RETURN_SHIPPED);
  const saleFlag =
    REFUNDABLE_ORDER_STATUSES.includes(held.order.status) &&
    isRefundableLineStatus(line.status) &&
    line.refund_status !== LINE_REFUNDED &&
    combinationAllowed(line.status, input.goodsStatus, input.refundType) &&
    !blocked;
  const reasons = saleFlag ? await catalogue.reasonsFor(deps.db, "taobao", String(input.goodsStatus)) : [];
  const max = maxRefundFee({ purchaseAmountFen: Number(line.purchase_amount ?? 0), domesticPostFeeFen: Number(line.domestic_post_fee) }, input.goodsStatus);
  const now = shown ? await developerNow(deps, owner.developerId) : 0;
  return {
    saleFlag,
    distributorId: deps.taobaoDistributorId,
    currency: "CNY",
    refundOrderTemplate: {
      refundReasons: reasons.map((r) => ({ reasonId: r.reasonId, reasonDesc: r.description, tips: r.tips })),
      goodsStatusList: goodsStatusList(line.status),
      refundOrder: shown ? refundOrderView(shown, line, now) : null,
      maxRefundFee: { refundFee: max, minRefundFee: MIN_REFUND_FEE, canEditRefundFee: true, feeTips: feeTips(max) },
    },
  };
}
