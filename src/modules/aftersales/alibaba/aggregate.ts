// One 1688 refund as a unit of change. Use cases lock its order (loadAlibabaOrder) and then the refund,
// move it through the map of statuses.md §6.1 (refusing what the map does not allow) and hand its
// writes to the order's save, so that the refund, its order and lines, the history and the 1688-REFUND
// callbacks (one per transition, creation included) are one statement of the caller's transaction.
import type { Db } from "../../../platform/db/index.ts";
import { loadAlibabaOrder, type AlibabaOrderAggregate } from "../../orders/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { Outbox, OutboxEvent } from "../../../platform/outbox.ts";
import { refundHistoryInsert, type RefundHistoryEntry } from "../shared/history.ts";
import { ALIBABA_REFUND_MESSAGE, canMoveRefund, RefundStatus, type RefundStatus as Status } from "./model.ts";
import { alibabaRefundRepo, entryIdsOf, isNewer, type AlibabaRefundRow, type NewAlibabaRefundRow } from "./repo.ts";
import { refundInfo, type AlibabaRefundInfo, type RefundOrderContext } from "./view.ts";

export class RefundTransitionError extends Error {}

export class AlibabaRefundAggregate {
  readonly row: AlibabaRefundRow;
  readonly #order: RefundOrderContext;
  readonly #history: RefundHistoryEntry[] = [];
  /** The transitions since the last save (one 1688-REFUND each): the status before, and the refund right after. */
  readonly #steps: Array<{ previous: string | null; snapshot: AlibabaRefundInfo }> = [];
  #touched = false;
  /** Recorded by this change: inserted rather than updated. */
  #insert = false;
  #deleted = false;

  constructor(row: AlibabaRefundRow, order: RefundOrderContext) {
    this.row = row;
    this.#order = order;
  }

  /** A refund recorded before the upstream is asked: invisible to reads, announced once opened. */
  static record(row: NewAlibabaRefundRow, order: RefundOrderContext): AlibabaRefundAggregate {
    const agg = new AlibabaRefundAggregate(row as AlibabaRefundRow, order);
    agg.#insert = true;
    agg.#touched = true;
    return agg;
  }

  get id(): string {
    return this.row.id;
  }

  get status(): Status {
    return this.row.status as Status;
  }

  get opened(): boolean {
    return this.row.upstream_state === "OPENED";
  }

  /** The upstream holds the case: the refund exists for reads and callbacks from now on (→ waitselleragree). */
  open(reason: string, actor: string, at: Date): void {
    if (this.opened) return;
    this.row.upstream_state = "OPENED";
    this.row.status = RefundStatus.WAIT_SELLER_AGREE;
    this.row.updated_at = at;
    this.#history.push({ refundId: this.row.id, from: null, to: this.row.status, reason, actor, at });
    this.#steps.push({ previous: null, snapshot: this.info() });
    this.#touched = true;
  }

  /** A status move (statuses.md §6.1); throws RefundTransitionError when the map forbids it. Set the move's fields first. */
  move(to: Status, reason: string, actor: string, at: Date): void {
    const from = this.status;
    if (!canMoveRefund(from, to)) throw new RefundTransitionError(`refund ${this.row.id}: ${from} → ${to} is not allowed`);
    this.row.status = to;
    this.row.updated_at = at;
    this.#history.push({ refundId: this.row.id, from, to, reason, actor, at });
    this.#steps.push({ previous: from, snapshot: this.info() });
    this.#touched = true;
  }

  /** Fields changed without a transition (no callback). */
  touch(at: Date): void {
    this.row.updated_at = at;
    this.#touched = true;
  }

  /** Forgets a refund the upstream never took (only recorded). */
  discard(): void {
    this.#deleted = true;
    this.#touched = true;
  }

  info(): AlibabaRefundInfo {
    return refundInfo(this.row, this.#order);
  }

  get changed(): boolean {
    return this.#touched;
  }

  /** Discarded, or recorded by this change and not opened: not (yet) a refund of the order for the lines. */
  get deletedOrPending(): boolean {
    return this.#deleted || !this.opened;
  }

  /** The writes of this change, not run: the row, history, callbacks (in the order's statement). */
  writes(trx: Db, outbox: Outbox, now: number): { writes: PendingWrite[]; notify: string[] } {
    if (!this.#touched) return { writes: [], notify: [] };
    if (this.#deleted) {
      this.#touched = false;
      return { writes: this.#insert ? [] : [alibabaRefundRepo.delete(trx, this.row.id)], notify: [] };
    }
    const row = this.#insert ? alibabaRefundRepo.insert(trx, this.row as NewAlibabaRefundRow) : alibabaRefundRepo.update(trx, this.row);
    if (!this.#insert) this.row.version += 1;
    const base = { developerId: this.row.developer_id, userId: this.row.user_id, platform: 1 as const, aggregateId: this.row.id, occurredAt: now };
    const current = this.info();
    const events: OutboxEvent[] = this.#steps.map((step, i) => ({
      ...base,
      type: ALIBABA_REFUND_MESSAGE,
      body: { ...(i === this.#steps.length - 1 ? current : step.snapshot), previousStatus: step.previous },
    }));
    const appended = outbox.prepare(trx, events);
    const writes = [row, ...refundHistoryInsert(trx, "alibaba", this.#history.splice(0)), ...appended.writes];
    this.#steps.length = 0;
    this.#insert = false;
    this.#touched = false;
    return { writes, notify: appended.notify };
  }
}

/**
 * An order with its refunds, loaded under the order's lock: what every refund change works on, since
 * a refund's moves show on its lines (refundStatus, refundId, refunded amounts) and on the order
 * (refundStatus of the latest refund, refunded totals, terminated when everything went back).
 */
export class AlibabaOrderRefunds {
  readonly order: AlibabaOrderAggregate;
  readonly refunds: AlibabaRefundAggregate[];

  constructor(order: AlibabaOrderAggregate, refunds: AlibabaRefundAggregate[]) {
    this.order = order;
    this.refunds = refunds;
  }

  refund(id: string): AlibabaRefundAggregate | undefined {
    return this.refunds.find((r) => r.id === id);
  }

  /** Adds a refund recorded by this change. */
  add(refund: AlibabaRefundAggregate): void {
    this.refunds.push(refund);
  }

  /** The order's view context of its refunds. */
  get context(): RefundOrderContext {
    return contextOf(this.order);
  }

  /** The latest refund the upstream holds: the one the order's refundStatus shows. */
  latestOpened(): AlibabaRefundAggregate | undefined {
    let latest: AlibabaRefundAggregate | undefined;
    for (const r of this.refunds) if (r.opened && !r.deletedOrPending && (!latest || isNewer(r.id, latest.id))) latest = r;
    return latest;
  }

  /** The lines the refund is the latest of, and the order when it is its latest refund, show its status. */
  follow(refund: AlibabaRefundAggregate): void {
    for (const id of entryIdsOf(refund.row)) {
      const line = this.order.line(id);
      if (!line || line.refund_id !== refund.id || line.refund_status === refund.status) continue;
      line.refund_status = refund.status;
      this.order.touch(line);
    }
    if (this.latestOpened() === refund && this.order.order.refund_status !== refund.status) {
      this.order.order.refund_status = refund.status;
      this.order.touch();
    }
  }

  /** Everything changed, in one statement with `alongside` (jobs), in the caller's transaction. */
  async save(trx: Db, outbox: Outbox, now: number, alongside: PendingWrite[] = []): Promise<void> {
    const writes: PendingWrite[] = [];
    const notify: string[] = [];
    for (const refund of this.refunds) {
      const w = refund.writes(trx, outbox, now);
      writes.push(...w.writes);
      notify.push(...w.notify);
    }
    await this.order.save(trx, outbox, now, [...writes, ...alongside], notify);
  }
}

export const contextOf = (order: AlibabaOrderAggregate): RefundOrderContext => ({ alipayTradeId: order.order.alipay_trade_id, sellerLoginId: order.order.seller_login_id });

/** An order of a developer (of a user when given) and its refunds, under the order's lock; undefined when there is no such order. */
export async function loadOrderRefunds(trx: Db, key: { orderId: string; developerId: string; userId?: string }): Promise<AlibabaOrderRefunds | undefined> {
  const order = await loadAlibabaOrder(trx, { id: key.orderId, developerId: key.developerId, ...(key.userId === undefined ? {} : { userId: key.userId }) });
  if (!order) return undefined;
  const context = contextOf(order);
  const rows = await alibabaRefundRepo.lockOfOrder(trx, order.order.id);
  return new AlibabaOrderRefunds(order, rows.map((row) => new AlibabaRefundAggregate(row, context)));
}

/** A refund of a developer with its order and the order's other refunds, locked (order first); undefined when unknown. */
export async function loadRefund(trx: Db, key: { refundId: string; developerId: string; userId?: string }): Promise<{ all: AlibabaOrderRefunds; refund: AlibabaRefundAggregate } | undefined> {
  const found = await alibabaRefundRepo.find(trx, key.developerId, key.refundId);
  if (!found || (key.userId !== undefined && found.user_id !== key.userId)) return undefined;
  const all = await loadOrderRefunds(trx, { orderId: found.order_id, developerId: key.developerId });
  const refund = all?.refund(key.refundId);
  return all && refund ? { all, refund } : undefined;
}
