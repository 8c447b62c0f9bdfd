// Messages about a case (taobao.md §4.6, §4.8): the buyer's, the seller's, and the platform's notes of
// what happened (a seller agreed, a return was sent).
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { AftersalesPlatform } from "./catalogue.ts";

export type SenderRole = "buyer" | "seller" | "platform";

export interface RefundMessage {
  messageId: string;
  refundId: string;
  senderRole: SenderRole;
  messageContent: string;
  picUrls: string[];
  /** Epoch milliseconds. */
  messageTime: number;
}

export interface NewMessage {
  id: string;
  refundId: string;
  developerId: string;
  userId: string;
  senderRole: SenderRole;
  content: string;
  picUrls: string[];
  at: Date;
}

export const messagesRepo = {
  insert(trx: Db, platform: AftersalesPlatform, messages: readonly NewMessage[]): PendingWrite[] {
    if (messages.length === 0) return [];
    return [
      trx.insertInto("refund_messages").values(
        messages.map((m) => ({
          id: m.id,
          platform,
          refund_id: m.refundId,
          developer_id: m.developerId,
          user_id: m.userId,
          sender_role: m.senderRole,
          content: m.content,
          pic_urls: JSON.stringify(m.picUrls),
          created_at: m.at,
        })),
      ),
    ];
  },

  /** Oldest first. */
  async page(db: Db, platform: AftersalesPlatform, refundId: string, offset: number, limit: number): Promise<{ total: number; data: RefundMessage[] }> {
    const where = db.selectFrom("refund_messages").where("platform", "=", platform).where("refund_id", "=", refundId);
    const [count, rows] = await Promise.all([
      where.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      where.selectAll().orderBy("created_at").orderBy("id").offset(offset).limit(limit).execute(),
    ]);
    return {
      total: Number(count.n),
      data: rows.map((r) => ({ messageId: r.id, refundId: r.refund_id, senderRole: r.sender_role, messageContent: r.content, picUrls: JSON.parse(r.pic_urls) as string[], messageTime: r.created_at.getTime() })),
    };
  },
};
