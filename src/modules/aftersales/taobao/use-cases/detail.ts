// GET /v2/taobao/order/refund/query (taobao.md §4.10): one opened reverse order of the caller as
// TaoBaoRefundOrderDetailDTO (§0.6); unknown, another user's or not yet opened: 40401.
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import type { RefundDetailView } from "../view.ts";
import { detailViews, openedRefund } from "./support.ts";

export async function detail(deps: AftersalesDeps, owner: AftersalesOwner, refundId: string): Promise<RefundDetailView> {
  const row = await openedRefund(deps, owner, refundId);
  return (await detailViews(deps, owner.developerId, [row]))[0]!;
}
