// One Taobao order and its lines as a unit of change. Use cases load it under the order's row lock,
// move it through the state machines of statuses.md §1–§2 (refusing any transition the tables do
// not allow), and save it: rows, read model (view + version + counters), history, and the callback
// events of taobao.md §5 in the outbox — all in the caller's transaction.
// changeOrder (at the end) is that load → change → save in one call.
import type { Db } from "../../../platform/db/index.ts";
import { writeInOneStatement, writeInOneStatementIf, type PendingWrite } from "../../../platform/db/one-statement.ts";
import type { Outbox, OutboxEvent } from "../../../platform/outbox.ts";
import { canMoveOrder, canMoveSubOrder, OrderStatus, TAOBAO_PRICE_MESSAGE, TAOBAO_STATUS_MESSAGE, type CloseReason, type SubOrderStatus } from "./model.ts";
import type { HistoryEntry } from "../shared/history.ts";
import { ordersRepo, type OrderRow, type SubOrderRow } from "./repo.ts";
import { orderView, statusMessage, subOrderMessage } from "./view.ts";

export class TransitionError extends Error {}

/** An order's rows as this node last wrote them (the version is the row's): what a later step may start from. */
export interface HeldOrder {
  order: OrderRow;
  lines: SubOrderRow[];
}

/**
 * Thrown by a step that started from held rows when the order is no longer at the held version
 * (changed or removed meanwhile): its transaction must be rolled back and the step run again from
 * the rows read under the lock.
 */
export class StaleOrder extends Error {
  constructor(orderId: string) {
    super(`order ${orderId} changed since it was held`);
    this.name = "StaleOrder";
  }
}


/** One TB-STATUS message: an order status step, or line changes under an unchanged status. */
interface StatusStep {
  previous: number;
  status: number;
  changedLineIds: string[];
}

const OPEN = (line: SubOrderRow) => line.status !== "TRADE_CLOSED";

export class OrderAggregate {
  readonly order: OrderRow;
  readonly lines: SubOrderRow[];
  /** The status the counters hold the order under (as loaded, then as last saved). */
  #initialStatus: number;
  readonly #history: HistoryEntry[] = [];
  readonly #steps: StatusStep[] = [];
  /** Lines whose status changed since the last step. */
  #changedSinceStep: string[] = [];
  /** Lines whose price changed (TB-PRICE), in change order. */
  readonly #repriced: string[] = [];
  #touched = false;
  readonly #dirtyLines = new Set<string>();

  /** Made from held rows, not read under the lock: its save is guarded by the held version. */
  #held = false;

  constructor(order: OrderRow, lines: SubOrderRow[]) {
    this.order = order;
    this.lines = lines;
    this.#initialStatus = order.status;
  }

  /**
   * The order as this node last wrote it (copies of the rows), without reading or locking it: for a
   * step right after a committed change. Its save checks the version (see save).
   */
  static held(rows: HeldOrder): OrderAggregate {
    const agg = new OrderAggregate({ ...rows.order }, rows.lines.map((line) => ({ ...line })));
    agg.#held = true;
    return agg;
  }

  get status(): OrderStatus {
    return this.order.status as OrderStatus;
  }

  openLines(): SubOrderRow[] {
    return this.lines.filter(OPEN);
  }

  line(id: string): SubOrderRow | undefined {
    return this.lines.find((l) => l.id === id);
  }

  lineByUpstream(subPurchaseId: string): SubOrderRow | undefined {
    return this.lines.find((l) => l.taobao_sub_purchase_id === subPurchaseId);
  }

  get changed(): boolean {
    return this.#touched;
  }

  /** Moves the order (statuses.md §1); throws TransitionError for a move the table forbids. */
  moveOrder(to: OrderStatus, reason: string, actor: string, at: Date): void {
    const from = this.status;
    if (!canMoveOrder(from, to)) throw new TransitionError(`order ${this.order.id}: ${from} → ${to} is not allowed`);
    this.order.status = to;
    this.order.status_changed_at = at;
    this.#history.push({ orderId: this.order.id, subOrderId: null, from: String(from), to: String(to), reason, actor, at });
    this.#steps.push({ previous: from, status: to, changedLineIds: this.#changedSinceStep });
    this.#changedSinceStep = [];
    this.#touched = true;
  }

  /** Moves a line (statuses.md §2.2). */
  moveLine(line: SubOrderRow, to: SubOrderStatus, reason: string, actor: string, at: Date, closeReason?: CloseReason): void {
    const from = line.status as SubOrderStatus;
    if (!canMoveSubOrder(from, to)) throw new TransitionError(`sub-order ${line.id}: ${from} → ${to} is not allowed`);
    line.status = to;
    if (to === "TRADE_CLOSED") line.close_reason = closeReason ?? null;
    line.updated_at = at;
    this.#history.push({ orderId: this.order.id, subOrderId: line.id, from, to, reason, actor, at });
    if (!this.#changedSinceStep.includes(line.id)) this.#changedSinceStep.push(line.id);
    this.#dirtyLines.add(line.id);
    this.#touched = true;
  }

  /** Sets a line's amounts (upstream pricing or a seller's change); `notify` raises TB-PRICE. */
  priceLine(line: SubOrderRow, unitPriceFen: number, postFeeFen: number, notify: boolean, at: Date): void {
    line.purchase_amount = String(unitPriceFen * line.quantity);
    line.domestic_post_fee = String(postFeeFen);
    line.updated_at = at;
    if (notify && !this.#repriced.includes(line.id)) this.#repriced.push(line.id);
    this.#dirtyLines.add(line.id);
    this.#touched = true;
  }

  /** Any other change worth saving (addresses, payment facts; a line's shipment details). */
  touch(line?: SubOrderRow): void {
    if (line) this.#dirtyLines.add(line.id);
    this.#touched = true;
  }

  /** Before payment the order's amount follows its open lines: Σ(goods + domestic shipping). */
  recomputeAmount(): void {
    if (this.status !== OrderStatus.WAIT_BUYER_PAY && this.status !== OrderStatus.FINANCE_REFUSED) return;
    const total = this.openLines().reduce((sum, l) => sum + Number(l.purchase_amount ?? 0) + Number(l.domestic_post_fee), 0);
    if (String(total) !== String(this.order.purchase_amount)) {
      this.order.purchase_amount = String(total);
      this.#touched = true;
    }
  }

  /** Persists the change, its read model, history and callback events. */
  /** `alongside`: other modules' writes of the same change (e.g. a job to drop), sent in the same statement. */
  /**
   * An aggregate made from held rows (OrderAggregate.held, not loaded under the lock) saves with its
   * order's update guarded by the held version, and throws StaleOrder when the order is no longer
   * at it: the caller rolls the transaction back and runs the change again from loadOrder.
   */
  async save(trx: Db, outbox: Outbox, now: number, closeTimeoutMs: number, alongside: PendingWrite[] = []): Promise<void> {
    return this.#save(trx, outbox, now, closeTimeoutMs, alongside, []);
  }

  /**
   * save, for a change another module makes together with the order (an after-sales case and its
   * events): `extra` is written in the same statement as the order when the order changed, and on its
   * own otherwise; its channels are notified either way.
   */
  async saveWith(trx: Db, outbox: Outbox, now: number, closeTimeoutMs: number, extra: { writes: PendingWrite[]; notify: string[] }): Promise<void> {
    if (!this.#touched && !this.#held) {
      await writeInOneStatement(trx, extra.writes, extra.notify);
      return;
    }
    return this.#save(trx, outbox, now, closeTimeoutMs, extra.writes, extra.notify);
  }

  /**
   * A line's after-sales columns (taobao.md §0.3 refundStatus, refundType, goodsStatus), mirroring its
   * reverse order (statuses.md §3). No TB-STATUS: the after-sales callback carries the change.
   */
  setLineRefund(line: SubOrderRow, refund: { refundStatus: number; refundType: number; goodsStatus: number }, at: Date): void {
    if (line.refund_status === refund.refundStatus && line.refund_type === refund.refundType && line.goods_status === refund.goodsStatus) return;
    line.refund_status = refund.refundStatus;
    line.refund_type = refund.refundType;
    line.goods_status = refund.goodsStatus;
    line.updated_at = at;
    this.#dirtyLines.add(line.id);
    this.#touched = true;
  }

  async #save(trx: Db, outbox: Outbox, now: number, closeTimeoutMs: number, alongside: PendingWrite[], alongsideNotify: string[]): Promise<void> {
    if (!this.#touched) {
      // Nothing to write; but a held aggregate's decision rests on rows nobody checked.
      if (this.#held) throw new StaleOrder(this.order.id);
      return;
    }
    if (this.#changedSinceStep.length > 0) {
      this.#steps.push({ previous: this.status, status: this.status, changedLineIds: this.#changedSinceStep });
      this.#changedSinceStep = [];
    }
    const at = new Date(now);
    const heldVersion = this.order.version;
    this.order.updated_at = at;
    this.order.version += 1;
    this.order.view_json = JSON.stringify(orderView(this.order, this.lines));
    const { id, version: _version, ...columns } = this.order;
    const appended = outbox.prepare(trx, this.#events(now, closeTimeoutMs));
    const notify = [...appended.notify, ...alongsideNotify];
    // The order, its changed lines, its counters, its history and its events: one statement.
    const writes = [
      ...ordersRepo.lineUpdates(trx, this.lines.filter((line) => this.#dirtyLines.has(line.id))),
      ...(this.#initialStatus !== this.status ? [ordersRepo.countMove(trx, this.order.developer_id, this.order.user_id, this.#initialStatus, this.status)] : []),
      ...ordersRepo.historyInsert(trx, this.#history.splice(0)),
      ...appended.writes,
      ...alongside,
    ];
    if (!this.#held) {
      await writeInOneStatement(trx, [ordersRepo.orderUpdate(trx, id, columns), ...writes], notify);
    } else {
      if (!(await writeInOneStatementIf(trx, ordersRepo.orderUpdateIf(trx, id, columns, heldVersion), writes, notify))) throw new StaleOrder(id);
      // Saved at a version this transaction now holds the lock of: like a loaded aggregate from here on.
      this.#held = false;
    }
    this.#dirtyLines.clear();
    this.#initialStatus = this.status;
  }

  #closeTime(closeTimeoutMs: number): number {
    return this.order.unpaid_close_at?.getTime() ?? this.order.created_at.getTime() + closeTimeoutMs;
  }

  #events(now: number, closeTimeoutMs: number): OutboxEvent[] {
    const o = this.order;
    const closeAt = this.#closeTime(closeTimeoutMs);
    const subOrders = this.lines.map((line) => subOrderMessage(line, o.order_no, closeAt));
    const base = { developerId: o.developer_id, userId: o.user_id, platform: 0 as const, aggregateId: o.id, occurredAt: now };
    const events: OutboxEvent[] = this.#steps.splice(0).map((step) => ({
      ...base,
      type: TAOBAO_STATUS_MESSAGE,
      body: statusMessage(o, step, subOrders),
    }));
    const repriced = this.#repriced.splice(0).map((lineId) => this.line(lineId)!);
    if (repriced.length > 0) {
      const open = this.openLines();
      const product = open.reduce((sum, l) => sum + Number(l.purchase_amount ?? 0), 0);
      const shipping = open.reduce((sum, l) => sum + Number(l.domestic_post_fee), 0);
      events.push({
        ...base,
        type: TAOBAO_PRICE_MESSAGE,
        body: {
          salesOrderId: o.order_no,
          orderId: o.id,
          userId: o.user_id,
          subOrders,
          purchaseOrderPriceDTO: { purchaseCurrency: "CNY", purchaseTotalFee: product + shipping, purchaseProductFee: product, purchaseShippingFee: shipping },
          purchaseOrderLinePriceChangeMessageDTOList: repriced.map((line) => {
            const goods = Number(line.purchase_amount ?? 0);
            const post = Number(line.domestic_post_fee);
            return {
              salesOrderLineIdList: [line.id],
              purchaseOrderLineId: line.taobao_sub_purchase_id,
              purchaseOrderItemPriceDTO: {
                purchaseCurrency: "CNY",
                purchaseTotalFee: goods + post,
                purchaseProductFee: goods,
                purchaseProductUnitFee: Math.round(goods / line.quantity),
                purchaseShippingFee: post,
              },
            };
          }),
        },
      });
    }
    return events;
  }
}

/**
 * Loads an order and its lines under the order's row lock (every writer takes it first): by its id, by
 * its client reference, or by the id of one of its lines (after-sales names sub-orders).
 */
export async function loadOrder(
  trx: Db,
  where: { id: string; developerId: string; userId?: string } | { developerId: string; clientRef: string } | { subOrderId: string; developerId: string; userId?: string },
): Promise<OrderAggregate | undefined> {
  if ("subOrderId" in where) {
    const orderId = await ordersRepo.orderIdOfLine(trx, where);
    return orderId === undefined ? undefined : loadOrder(trx, { id: orderId, developerId: where.developerId, ...(where.userId !== undefined ? { userId: where.userId } : {}) });
  }
  const order = "clientRef" in where ? await ordersRepo.lockOrderByClientRef(trx, where.developerId, where.clientRef) : await ordersRepo.lockOrder(trx, where);
  if (!order) return undefined;
  return new OrderAggregate(order, await ordersRepo.linesOf(trx, [order.id]));
}

/**
 * Orders and their lines as they are now, without locks, for reads that show them beside another
 * module's objects (reverse orders show their line): never saved.
 */
export async function peekOrders(db: Db, orderIds: readonly string[]): Promise<Map<string, HeldOrder>> {
  return ordersRepo.ordersWithLines(db, orderIds);
}

/** The id of one of the user's orders by its id or orderNo (unlocked). */
export function findOrderId(db: Db, owner: { developerId: string; userId: string }, by: { id?: string; orderNo?: string }): Promise<string | undefined> {
  return ordersRepo.findOrderId(db, owner, by);
}

/** The order holding a sub-order of this developer (and user), as it is now: unlocked, never saved. */
export async function peekOrderOfLine(db: Db, where: { subOrderId: string; developerId: string; userId?: string }): Promise<HeldOrder | undefined> {
  const orderId = await ordersRepo.orderIdOfLine(db, where);
  return orderId === undefined ? undefined : (await ordersRepo.ordersWithLines(db, [orderId])).get(orderId);
}

/** What saving a changed order needs besides the transaction (see OrderAggregate.save). */
export interface SaveContext {
  outbox: Outbox;
  /**
   * The time of the change. A function is read after `fn`, under the lock — where use cases that
   * ask the developer's clock have always read it.
   */
  now: number | (() => Promise<number>);
  closeTimeoutMs: number;
}

/**
 * Load → change → save under the order's row lock, the shape of every single-order change (seller
 * events, pre-warehouse, and the coming after-sales and logistics modules). Answers undefined when
 * no such order is found (nothing runs); `fn` may throw to refuse the change (nothing is saved).
 */
export async function changeOrder(
  trx: Db,
  key: { id: string; developerId: string; userId?: string },
  fn: (agg: OrderAggregate) => void | Promise<void>,
  save: SaveContext,
): Promise<OrderAggregate | undefined> {
  const agg = await loadOrder(trx, key);
  if (!agg) return undefined;
  await fn(agg);
  const now = typeof save.now === "number" ? save.now : await save.now();
  await agg.save(trx, save.outbox, now, save.closeTimeoutMs);
  return agg;
}
