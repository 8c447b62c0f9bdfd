// GET /v2/taobao/order/refund/logistics/render (taobao.md §4.3): where the goods go back and with
// which carriers, while the seller waits for the return (status 2; otherwise 40901).
import { catalogue } from "../../shared/catalogue.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { returnRenderView } from "../view.ts";
import { checkAllowed, openedRefund } from "./support.ts";

export async function returnRender(deps: AftersalesDeps, owner: AftersalesOwner, refundId: string) {
  const row = await openedRefund(deps, owner, refundId);
  checkAllowed(row, "returnGoods", "the return logistics render");
  return returnRenderView(row, await catalogue.carriers(deps.db));
}
