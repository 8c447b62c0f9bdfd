// GET /v2/taobao/order/refund/cancel/{refundId} (taobao.md §4.5; statuses.md §4.1 1/2/6 → 4): the
// buyer revokes a reverse order. 3, 4, 5: 40901. The upstream revokes the case first; when it refuses,
// the answer is still a success with cancelSuccess false and the reverse order unchanged.
import { UpstreamRejection, type RefundCase } from "../../../../marketplace/port.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { RefundStatus } from "../model.ts";
import type { RefundDetailView } from "../view.ts";
import { applyAnswer } from "./apply-upstream-case.ts";
import { checkAllowed, detailViews, openedRefund, taobaoConnector } from "./support.ts";

export async function cancel(deps: AftersalesDeps, owner: AftersalesOwner, refundId: string): Promise<{ cancelSuccess: boolean; currency: string; distributorId: string; refundOrderAggregate: RefundDetailView["refundOrderAggregate"] }> {
  const row = await openedRefund(deps, owner, refundId);
  checkAllowed(row, "cancel", "revoking");
  let kase: RefundCase | undefined;
  try {
    kase = await (await taobaoConnector(deps, owner)).cancelRefund(owner, row.id);
  } catch (err) {
    if (!(err instanceof UpstreamRejection)) throw err;
  }
  if (kase) await applyAnswer(deps, owner, row.id, kase);
  const after = await openedRefund(deps, owner, refundId);
  const [view] = await detailViews(deps, owner.developerId, [after]);
  return { cancelSuccess: kase !== undefined && after.status === RefundStatus.CLOSED, currency: "CNY", distributorId: deps.taobaoDistributorId, refundOrderAggregate: view!.refundOrderAggregate };
}
