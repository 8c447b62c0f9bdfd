// POST /v2/taobao/order/refund/message/queryList (taobao.md §4.8): a reverse order's conversation,
// oldest first: the buyer's messages, the seller's, and the platform's notes of what happened.
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import { messagesRepo, type RefundMessage } from "../../shared/messages.ts";
import { openedRefund } from "./support.ts";

export async function messages(deps: AftersalesDeps, owner: AftersalesOwner, query: { refundId: string; pageNo?: number; pageSize?: number }): Promise<{ total: number; data: RefundMessage[] }> {
  const row = await openedRefund(deps, owner, query.refundId);
  const pageSize = query.pageSize ?? 20;
  return messagesRepo.page(deps.db, "taobao", row.id, ((query.pageNo ?? 1) - 1) * pageSize, pageSize);
}
