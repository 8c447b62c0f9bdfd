// What the browser consoles read of orders, on both platforms: a developer's user's order history and
// counts by status (signed, user-id scoped like the /v2 detail routes), and the operators' order queue
// of every developer (the finance queue, stuck orders), newest first with an opaque keyset cursor.
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { invalid, notFound } from "../../platform/http/errors.ts";
import { isInt8Id } from "../../platform/ids.ts";
import { AlibabaStatus, totalFen } from "./alibaba/model.ts";
import { alibabaRepo } from "./alibaba/repo.ts";
import { EMITTED_ORDER_STATUSES } from "./taobao/model.ts";
import { ordersRepo } from "./taobao/repo.ts";

export type OrderPlatform = "taobao" | "alibaba";
export const ORDER_PLATFORMS: readonly OrderPlatform[] = ["taobao", "alibaba"];
const ALIBABA_STATUSES: readonly string[] = Object.values(AlibabaStatus);

export interface HistoryItem {
  subOrderId: string | null;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: number;
}

export interface OrderCounts {
  taobao: Record<string, number>;
  alibaba: Record<string, number>;
}

export interface OperatorOrderQuery {
  platform: OrderPlatform;
  status?: string | undefined;
  developId?: string | undefined;
  stuckMinutes?: number | undefined;
  after?: string | undefined;
  limit?: number | undefined;
}

export interface OperatorOrder {
  platform: OrderPlatform;
  orderId: string;
  developId: string;
  userId: string;
  /** As the /v2 wire shows it: a number for Taobao, a string for 1688. */
  status: number | string;
  payAmount: number;
  createdAt: number;
  updatedAt: number;
}

export interface OperatorOrderPage {
  items: OperatorOrder[];
  nextCursor: string | null;
}

interface Owner {
  developerId: string;
  userId: string;
}

// The cursor names its platform and the last id seen; opaque to clients (base64url).
const encodeCursor = (platform: OrderPlatform, id: string) => Buffer.from(`${platform}:${id}`, "utf8").toString("base64url");

function decodeCursor(platform: OrderPlatform, cursor: string): string {
  const match = /^(taobao|alibaba):(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match || match[1] !== platform || !isInt8Id(match[2]!)) throw invalid(`after must be the nextCursor of a previous ${platform} page`);
  return match[2]!;
}

export class OrdersConsole {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(deps: { db: Db; clock: Clock }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
  }

  /** One of the user's orders' history, oldest first; 40401 for an order that is not this user's. */
  async history(owner: Owner, platform: OrderPlatform, orderId: string): Promise<HistoryItem[]> {
    const mine =
      platform === "taobao"
        ? (await ordersRepo.findOrderId(this.#db, owner, { id: orderId })) !== undefined
        : (await alibabaRepo.orderRow(this.#db, owner.developerId, orderId, owner.userId))?.purchase_state === "PLACED";
    if (!mine) throw notFound(`${platform} order ${orderId}`);
    const rows = platform === "taobao" ? await ordersRepo.historyOf(this.#db, orderId) : await alibabaRepo.historyOf(this.#db, orderId);
    return rows.map((r) => ({ subOrderId: r.sub_order_id, from: r.from_status, to: r.to_status, reason: r.reason, actor: r.actor, at: r.at.getTime() }));
  }

  /** The user's orders counted by status per platform, from the counters the /v2 pages total. */
  async counts(owner: Owner): Promise<OrderCounts> {
    const [taobao, alibaba] = await Promise.all([ordersRepo.userCounts(this.#db, owner.developerId, owner.userId), alibabaRepo.userCounts(this.#db, owner.developerId, owner.userId)]);
    return {
      taobao: Object.fromEntries(taobao.map((r) => [String(r.status), Number(r.n)])),
      alibaba: Object.fromEntries(alibaba.map((r) => [r.status, Number(r.n)])),
    };
  }

  /** The operators' queue: newest first, `limit` per page, `nextCursor` null on the last page. */
  async operatorPage(query: OperatorOrderQuery): Promise<OperatorOrderPage> {
    const { platform } = query;
    const limit = query.limit ?? 50;
    const beforeId = query.after !== undefined ? decodeCursor(platform, query.after) : undefined;
    const changedBefore = query.stuckMinutes !== undefined ? new Date(this.#clock.now() - query.stuckMinutes * 60_000) : undefined;
    let items: OperatorOrder[];
    if (platform === "taobao") {
      let status: number | undefined;
      if (query.status !== undefined) {
        status = /^\d{1,2}$/.test(query.status) ? Number(query.status) : NaN;
        if (!EMITTED_ORDER_STATUSES.includes(status)) throw invalid(`status must be one of ${EMITTED_ORDER_STATUSES.join(", ")} for taobao`);
      }
      const rows = await ordersRepo.operatorPage(this.#db, { developerId: query.developId, status, changedBefore, beforeId, limit: limit + 1 });
      items = rows.map((r) => operatorOrder(platform, r, Number(r.purchase_amount)));
    } else {
      if (query.status !== undefined && !ALIBABA_STATUSES.includes(query.status)) throw invalid(`status must be one of ${ALIBABA_STATUSES.join(", ")} for alibaba`);
      const rows = await alibabaRepo.operatorPage(this.#db, { developerId: query.developId, status: query.status, changedBefore, beforeId, limit: limit + 1 });
      items = rows.map((r) => operatorOrder(platform, r, totalFen(r)));
    }
    const more = items.length > limit;
    if (more) items = items.slice(0, limit);
    return { items, nextCursor: more ? encodeCursor(platform, items[items.length - 1]!.orderId) : null };
  }
}

function operatorOrder(
  platform: OrderPlatform,
  row: { id: string; developer_id: string; user_id: string; status: number | string; created_at: Date; updated_at: Date },
  payAmount: number,
): OperatorOrder {
  return { platform, orderId: row.id, developId: row.developer_id, userId: row.user_id, status: row.status, payAmount, createdAt: row.created_at.getTime(), updatedAt: row.updated_at.getTime() };
}
