// POST /v2/alibaba/refund/reason/list (alibaba-1688.md §4.2): the reasons a refund of these lines may
// give for a goods status (statuses.md §6.4). The order must be paid and not cancelled (40901); it
// must be the user's (40401) and the entries its own (40002).
import { conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import { loadAlibabaOrder } from "../../../orders/index.ts";
import { AlibabaStatus } from "../../../orders/index.ts";
import { catalogue } from "../../shared/catalogue.ts";
import { isGoodsStatus } from "../model.ts";
import type { AftersalesDeps, AftersalesOwner } from "./support.ts";

export interface RefundReasonVO {
  id: number;
  name: string;
  needVoucher: boolean;
  noRefundCarriage: boolean;
  tip: string;
}

export async function refundReasons(deps: AftersalesDeps, owner: AftersalesOwner, input: { orderId: string; orderEntryIds: string[]; goodsStatus: string }): Promise<RefundReasonVO[]> {
  if (!isGoodsStatus(input.goodsStatus)) throw invalid("goodsStatus must be one of refundWaitSellerSend, refundWaitBuyerReceive, refundBuyerReceived, aftersaleBuyerNotReceived, aftersaleBuyerReceived");
  const order = await deps.db.transaction().execute((trx) => loadAlibabaOrder(trx, { id: input.orderId, developerId: owner.developerId, userId: owner.userId }));
  if (!order || order.order.purchase_state !== "PLACED") throw notFound(`1688 order ${input.orderId}`);
  if (order.status === AlibabaStatus.WAIT_BUYER_PAY || order.status === AlibabaStatus.CANCEL) throw conflict(`order ${input.orderId} is ${order.status}: refunds are for paid orders`);
  const seen = new Set<string>();
  input.orderEntryIds.forEach((id, i) => {
    if (!order.line(id)) throw invalid(`orderEntryIds[${i}] ${id} is not an entry of order ${input.orderId}`);
    if (seen.has(id)) throw invalid(`orderEntryIds[${i}] ${id} is listed twice`);
    seen.add(id);
  });
  const reasons = await catalogue.reasonsFor(deps.db, "alibaba", input.goodsStatus);
  return reasons.map((r) => ({ id: r.reasonId, name: r.description, needVoucher: r.needVoucher, noRefundCarriage: r.noRefundCarriage, tip: r.tips }));
}
