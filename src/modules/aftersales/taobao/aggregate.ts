// One Taobao reverse order as a unit of change, together with the order holding its sub-order. Use
// cases load both under their row locks (the order first, then the reverse order), move the reverse
// order through statuses.md §4.1 (refusing any move the map does not take), and save: the reverse
// order's row (version + 1), its history, its messages and one TB-REFUND per move (creation and the
// 1 → 1 modification included), with the order's own save (lines' refundStatus, a closed line, the
// order's T14/T15 and its TB-STATUS) — one statement, in the caller's transaction.
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { Outbox, OutboxEvent } from "../../../platform/outbox.ts";
import { loadOrder, type OrderAggregate, type SubOrderRow } from "../../orders/index.ts";
import { refundHistoryInsert, type RefundHistoryEntry } from "../shared/history.ts";
import { messagesRepo, type NewMessage, type SenderRole } from "../shared/messages.ts";
import { canMoveRefund, LINE_REFUND_STATUS, TAOBAO_REFUND_MESSAGE, type RefundStatus } from "./model.ts";
import { refundsRepo, type RefundRow } from "./repo.ts";
import { refundMessage } from "./view.ts";

export class RefundTransitionError extends Error {}

export class RefundAggregate {
  readonly row: RefundRow;
  readonly order: OrderAggregate;
  readonly line: SubOrderRow;
  readonly #history: RefundHistoryEntry[] = [];
  readonly #events: OutboxEvent[] = [];
  readonly #messages: NewMessage[] = [];
  #touched = false;
  #deleted = false;
  readonly #newId: () => string;

  constructor(row: RefundRow, order: OrderAggregate, newId: () => string) {
    const line = order.line(row.sub_order_id);
    if (!line) throw new Error(`order ${order.order.id} has no sub-order ${row.sub_order_id}`);
    this.row = row;
    this.order = order;
    this.line = line;
    this.#newId = newId;
  }

  get status(): RefundStatus {
    return this.row.status as RefundStatus;
  }

  get opened(): boolean {
    return this.row.upstream_state === "OPENED";
  }

  get changed(): boolean {
    return this.#touched;
  }

  /**
   * The upstream holds the case now: the reverse order becomes visible in status 1 (statuses.md §4.1
   * "— → 1"), the line shows it (refundStatus 10, its refundType and goodsStatus), TB-REFUND with
   * previousRefundStatus null.
   */
  open(reason: string, actor: string, at: Date): void {
    if (this.opened) throw new RefundTransitionError(`reverse order ${this.row.id} is already open`);
    this.row.upstream_state = "OPENED";
    this.row.status = 1;
    this.#record(null, 1, reason, actor, at);
  }

  /** Moves the reverse order (statuses.md §4.1); throws RefundTransitionError for a move the map refuses. */
  move(to: RefundStatus, reason: string, actor: string, at: Date): void {
    const from = this.status;
    if (!this.opened) throw new RefundTransitionError(`reverse order ${this.row.id} is not open yet`);
    if (!canMoveRefund(from, to)) throw new RefundTransitionError(`reverse order ${this.row.id}: ${from} → ${to} is not allowed`);
    this.row.status = to;
    this.#record(from, to, reason, actor, at);
  }

  /** A change of the reverse order's fields without a move (platform-only fields, an upstream deadline). */
  touch(at: Date): void {
    this.row.updated_at = at;
    this.#touched = true;
  }

  /** A message in the case's conversation (taobao.md §4.8): the buyer's, the seller's or a platform note. */
  note(role: SenderRole, content: string, at: Date, picUrls: string[] = []): NewMessage {
    const message = { id: this.#newId(), refundId: this.row.id, developerId: this.row.developer_id, userId: this.row.user_id, senderRole: role, content, picUrls, at };
    this.#messages.push(message);
    this.#touched = true;
    return message;
  }

  /** The upstream never opened the case: it goes, unseen (it was never shown nor announced). */
  discard(): void {
    if (this.opened) throw new RefundTransitionError(`reverse order ${this.row.id} is open; it cannot be discarded`);
    this.#deleted = true;
    this.#touched = true;
  }

  #record(from: RefundStatus | null, to: RefundStatus, reason: string, actor: string, at: Date): void {
    this.row.updated_at = at;
    // The line mirrors its reverse order (statuses.md §3); its refund type may have changed with the move.
    this.order.setLineRefund(this.line, { refundStatus: LINE_REFUND_STATUS[to], refundType: this.row.refund_type, goodsStatus: this.row.goods_status }, at);
    this.#history.push({ refundId: this.row.id, from: from === null ? null : String(from), to: String(to), reason, actor, at });
    const o = this.order.order;
    this.#events.push({
      developerId: this.row.developer_id,
      userId: this.row.user_id,
      type: TAOBAO_REFUND_MESSAGE,
      platform: 0,
      aggregateId: this.row.id,
      body: refundMessage(this.row, o, from, at.getTime()),
      occurredAt: at.getTime(),
    });
    this.#touched = true;
  }

  /**
   * Saves the reverse order and the order in one statement (`alongside`: other writes of the same
   * change, e.g. a job to drop). TB-REFUND events are prepared before the order's own, so a
   * receiver reading them in id order sees the refund before the order status it caused.
   */
  async save(trx: Db, outbox: Outbox, now: number, closeTimeoutMs: number, alongside: PendingWrite[] = []): Promise<void> {
    if (!this.#touched && alongside.length === 0) {
      await this.order.save(trx, outbox, now, closeTimeoutMs);
      return;
    }
    const appended = outbox.prepare(trx, this.#events.splice(0));
    const writes: PendingWrite[] = [
      this.#deleted ? refundsRepo.delete(trx, this.row.id) : refundsRepo.update(trx, this.row),
      ...refundHistoryInsert(trx, "taobao", this.#history.splice(0)),
      ...messagesRepo.insert(trx, "taobao", this.#messages.splice(0)),
      ...appended.writes,
      ...alongside,
    ];
    await this.order.saveWith(trx, outbox, now, closeTimeoutMs, { writes, notify: appended.notify });
    if (!this.#deleted) this.row.version += 1;
    this.#touched = false;
  }
}

/**
 * The reverse order and its order under their row locks, the order's first (every writer of either
 * takes them in this order). Undefined when the developer (and user) has no such reverse order.
 */
export async function loadRefund(trx: Db, where: { id: string; developerId: string; userId?: string }, newId: () => string): Promise<RefundAggregate | undefined> {
  const peek = await refundsRepo.find(trx, where);
  if (!peek) return undefined;
  const order = await loadOrder(trx, { id: peek.order_id, developerId: where.developerId });
  if (!order) return undefined;
  const row = await refundsRepo.lock(trx, where.developerId, where.id);
  if (!row) return undefined;
  return new RefundAggregate(row, order, newId);
}
