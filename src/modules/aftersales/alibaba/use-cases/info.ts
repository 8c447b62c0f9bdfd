// POST /v2/alibaba/refund/info (alibaba-1688.md §4.1): one of the user's refunds that the upstream
// holds (a refund only recorded is not visible yet). Unknown or another user's: 40401.
import { notFound } from "../../../../platform/http/errors.ts";
import { loadAlibabaOrder } from "../../../orders/index.ts";
import { contextOf } from "../aggregate.ts";
import { alibabaRefundRepo } from "../repo.ts";
import { refundInfo, type AlibabaRefundInfo } from "../view.ts";
import type { AftersalesDeps, AftersalesOwner } from "./support.ts";

export async function refundInfoOf(deps: AftersalesDeps, owner: AftersalesOwner, refundId: string): Promise<AlibabaRefundInfo> {
  const row = await alibabaRefundRepo.opened(deps.db, owner.developerId, owner.userId, refundId);
  if (!row) throw notFound(`1688 refund ${refundId}`);
  // The order is the other source of the detail (payment trade number, seller): read under its lock, briefly.
  const order = await deps.db.transaction().execute((trx) => loadAlibabaOrder(trx, { id: row.order_id, developerId: owner.developerId }));
  if (!order) throw notFound(`1688 refund ${refundId}`);
  return refundInfo(row, contextOf(order));
}
