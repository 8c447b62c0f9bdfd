// POST /v2/taobao/order/refund/submit/message (taobao.md §4.6): a buyer's message to the seller about
// an open reverse order (1, 2, 3, 6; otherwise 40901), with up to 5 pictures made the platform's own
// stored copies. The upstream takes it first, then it is kept in the conversation. No callback.
import { UpstreamRejection } from "../../../../marketplace/port.ts";
import { conflict } from "../../../../platform/http/errors.ts";
import type { AftersalesDeps, AftersalesOwner } from "../../shared/deps.ts";
import type { RefundMessage } from "../../shared/messages.ts";
import { loadRefund } from "../aggregate.ts";
import { adoptImages } from "./submit.ts";
import { checkAllowed, developerNow, openedRefund, taobaoConnector } from "./support.ts";

export async function sendMessage(deps: AftersalesDeps, owner: AftersalesOwner, input: { refundId: string; refundMessage: string; refundImages?: string }): Promise<RefundMessage> {
  const row = await openedRefund(deps, owner, input.refundId);
  checkAllowed(row, "message", "a message");
  const pictures = await adoptImages(deps, owner, input.refundImages);
  try {
    await (await taobaoConnector(deps, owner)).sendRefundMessage(owner, row.id, input.refundMessage, pictures);
  } catch (err) {
    if (err instanceof UpstreamRejection) throw conflict(`the upstream refused: ${err.message}`);
    throw err;
  }
  return deps.db.transaction().execute(async (trx) => {
    const refund = await loadRefund(trx, { id: row.id, developerId: owner.developerId, userId: owner.userId }, () => deps.ids.next());
    if (!refund) throw new Error(`reverse order ${row.id} vanished`);
    const now = await developerNow(deps, owner.developerId, trx);
    const message = refund.note("buyer", input.refundMessage, new Date(now), pictures);
    await refund.save(trx, deps.outbox, now, deps.taobaoUnpaidTimeoutMs);
    return { messageId: message.id, refundId: message.refundId, senderRole: message.senderRole, messageContent: message.content, picUrls: message.picUrls, messageTime: now };
  });
}
