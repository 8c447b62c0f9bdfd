// The operators' after-sales case list (GET /admin/aftersales/cases): both platforms' cases in one
// shape, newest first, with an opaque keyset cursor (created time and id of the last row shown).
import { invalid } from "../../../platform/http/errors.ts";

export interface CaseQueueFilter {
  developerId?: string;
  /** true: cases still open; false: finished ones (closed, refunded). */
  open?: boolean;
  before?: { at: Date; id: string };
  limit: number;
}

export interface CaseQueueItem {
  platform: "taobao" | "alibaba";
  refundId: string;
  developId: string;
  userId: string;
  orderId: string;
  /** As the platform's wire shows it: Taobao's number, 1688's name. */
  status: number | string;
  open: boolean;
  /** Fen asked back (Taobao refundFee; 1688 payment + carriage). */
  amount: number;
  reason: string;
  createdAt: number;
  updatedAt: number;
  timeoutAt: number | null;
}

export function caseCursor(item: CaseQueueItem): string {
  return Buffer.from(`${item.platform}:${item.createdAt}:${item.refundId}`).toString("base64url");
}

/** The `after` query parameter back into a position; 40002 naming it when it is not one of ours. */
export function readCaseCursor(after: string, platform: "taobao" | "alibaba"): { at: Date; id: string } {
  const [cursorPlatform, at, id] = Buffer.from(after, "base64url").toString().split(":");
  if (cursorPlatform !== platform || !/^\d{1,15}$/.test(at ?? "") || !id || id.length > 24) throw invalid("after: not a cursor of this list (pass nextCursor as it came)");
  return { at: new Date(Number(at)), id };
}
