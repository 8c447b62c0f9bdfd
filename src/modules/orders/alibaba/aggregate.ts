// One 1688 order and its lines as a unit of change. Use cases load it under the order's row lock,
// move it through the maps of statuses.md §5 (refusing what they do not allow) and save it: rows,
// read model (view + version + counters), history, and the 1688 callbacks (alibaba-1688.md §5) in
// the outbox, all in the caller's transaction and one statement. changeAlibabaOrder is load → change → save.
import type { Db } from "../../../platform/db/index.ts";
import { writeInOneStatement, type PendingWrite } from "../../../platform/db/one-statement.ts";
import type { Outbox, OutboxEvent } from "../../../platform/outbox.ts";
import { historyInsert, type HistoryEntry } from "../shared/history.ts";
import { ALIBABA_PRICE_MESSAGE, ALIBABA_STATUS_MESSAGE, canMoveLine, canMoveOrder, totalFen, type AlibabaStatus, type CloseReason } from "./model.ts";
import { alibabaRepo, type AlibabaLineRow, type AlibabaOrderRow } from "./repo.ts";
import { orderDetail } from "./view.ts";

export class AlibabaTransitionError extends Error {}

export class AlibabaOrderAggregate {
  readonly order: AlibabaOrderRow;
  readonly lines: AlibabaLineRow[];
  /** The status the counters hold the order under (as loaded, then as last saved). */
  #countedStatus: string;
  readonly #history: HistoryEntry[] = [];
  /** The status changes since the last save (one 1688-STATUS each): the status before, and the order as it was right after. */
  readonly #steps: Array<{ previous: string; snapshot: ReturnType<typeof orderDetail> }> = [];
  #repriced = false;
  #touched = false;
  readonly #dirtyLines = new Set<string>();
  /** Placed by this change: counted and announced now (1688-STATUS with previousStatus null). */
  #announce = false;

  constructor(order: AlibabaOrderRow, lines: AlibabaLineRow[]) {
    this.order = order;
    this.lines = lines;
    this.#countedStatus = order.status;
  }

  get status(): AlibabaStatus {
    return this.order.status as AlibabaStatus;
  }

  line(id: string): AlibabaLineRow | undefined {
    return this.lines.find((l) => l.id === id);
  }

  lineByUpstream(upstreamLineId: string): AlibabaLineRow | undefined {
    return this.lines.find((l) => l.upstream_line_id === upstreamLineId);
  }

  /** The order's status move (statuses.md §5); throws AlibabaTransitionError when the map forbids it. */
  moveOrder(to: AlibabaStatus, reason: string, actor: string, at: Date, closeReason?: CloseReason): void {
    const from = this.status;
    if (!canMoveOrder(from, to)) throw new AlibabaTransitionError(`order ${this.order.id}: ${from} → ${to} is not allowed`);
    this.order.status = to;
    if (closeReason) this.order.close_reason = closeReason;
    this.#history.push({ orderId: this.order.id, subOrderId: null, from, to, reason, actor, at });
    if (from !== to) {
      // Several steps in one change (confirm_goods, then settled) each tell the order as it was then.
      this.order.updated_at = at;
      this.#steps.push({ previous: from, snapshot: orderDetail(this.order, this.lines) });
    }
    this.#touched = true;
  }

  moveLine(line: AlibabaLineRow, to: AlibabaStatus, reason: string, actor: string, at: Date): void {
    const from = line.status as AlibabaStatus;
    if (!canMoveLine(from, to)) throw new AlibabaTransitionError(`order entry ${line.id}: ${from} → ${to} is not allowed`);
    line.status = to;
    line.updated_at = at;
    this.#history.push({ orderId: this.order.id, subOrderId: line.id, from, to, reason, actor, at });
    this.#dirtyLines.add(line.id);
    this.#touched = true;
  }

  /** Moves every line still at `from` to `to`. */
  moveLinesFrom(from: AlibabaStatus, to: AlibabaStatus, reason: string, actor: string, at: Date): void {
    for (const line of this.lines) if (line.status === from) this.moveLine(line, to, reason, actor, at);
  }

  /** The seller's new price for a line before payment (1688-PRICE); amounts follow. */
  priceLine(line: AlibabaLineRow, unitPriceFen: number, postFeeFen: number, at: Date): void {
    line.unit_price_fen = String(unitPriceFen);
    line.amount_fen = String(unitPriceFen * line.quantity);
    line.post_fee_fen = String(postFeeFen);
    line.updated_at = at;
    this.#dirtyLines.add(line.id);
    this.order.goods_fen = String(this.lines.reduce((sum, l) => sum + Number(l.amount_fen), 0));
    this.order.shipping_fen = String(this.lines.reduce((max, l) => Math.max(max, Number(l.post_fee_fen)), 0));
    this.#repriced = true;
    this.#touched = true;
  }

  /** Placed at the upstream: from now on the order is listed, counted and called back about. */
  markPlaced(): void {
    this.order.purchase_state = "PLACED";
    this.#announce = true;
    this.#touched = true;
  }

  touch(line?: AlibabaLineRow): void {
    if (line) this.#dirtyLines.add(line.id);
    this.#touched = true;
  }

  totalFen(): number {
    return totalFen(this.order);
  }

  get changed(): boolean {
    return this.#touched;
  }

  /**
   * The writes of this change, not run: order, changed lines, counters, history, callbacks. Several
   * aggregates' writes may go in one statement (they touch different rows) — except the counters:
   * `counts` collects their moves for the caller to write once (see saveAll).
   */
  writes(trx: Db, outbox: Outbox, now: number, counts: Array<{ from: string; to: string; placed: boolean }>): { writes: PendingWrite[]; notify: string[] } {
    if (!this.#touched) return { writes: [], notify: [] };
    const at = new Date(now);
    this.order.updated_at = at;
    this.order.version += 1;
    const detail = orderDetail(this.order, this.lines);
    this.order.view_json = JSON.stringify(detail);
    const placed = this.order.purchase_state === "PLACED";
    const events: OutboxEvent[] = [];
    const base = { developerId: this.order.developer_id, userId: this.order.user_id, platform: 1 as const, aggregateId: this.order.id, occurredAt: now };
    if (placed) {
      if (this.#announce) events.push({ ...base, type: ALIBABA_STATUS_MESSAGE, body: { ...detail, previousStatus: null } });
      this.#steps.forEach((step, i) => {
        const last = i === this.#steps.length - 1;
        events.push({ ...base, type: ALIBABA_STATUS_MESSAGE, body: { ...(last ? detail : step.snapshot), previousStatus: step.previous } });
      });
      if (this.#repriced) events.push({ ...base, type: ALIBABA_PRICE_MESSAGE, body: detail });
    }
    if (this.#announce) counts.push({ from: this.status, to: this.status, placed: true });
    else if (placed && this.#countedStatus !== this.status) counts.push({ from: this.#countedStatus, to: this.status, placed: false });
    const appended = outbox.prepare(trx, events);
    const writes = [
      alibabaRepo.orderUpdate(trx, this.order),
      ...alibabaRepo.lineUpdates(trx, this.lines.filter((l) => this.#dirtyLines.has(l.id))),
      ...historyInsert(trx, "alibaba", this.#history.splice(0)),
      ...appended.writes,
    ];
    this.#steps.length = 0;
    this.#repriced = false;
    this.#announce = false;
    this.#dirtyLines.clear();
    this.#countedStatus = this.status;
    this.#touched = false;
    return { writes, notify: appended.notify };
  }

  /** `alongside`: writes of the same change (other tables); `notify`: the channels their outbox appends asked for. */
  async save(trx: Db, outbox: Outbox, now: number, alongside: PendingWrite[] = [], notify: readonly string[] = []): Promise<void> {
    await saveAll(trx, outbox, now, [this], alongside, notify);
  }
}

/** Saves several orders of one owner in one statement, with `alongside` writes of the same change. */
export async function saveAll(trx: Db, outbox: Outbox, now: number, aggs: readonly AlibabaOrderAggregate[], alongside: PendingWrite[] = [], alongsideNotify: readonly string[] = []): Promise<void> {
  const counts: Array<{ from: string; to: string; placed: boolean }> = [];
  const writes: PendingWrite[] = [];
  const notify: string[] = [...alongsideNotify];
  for (const agg of aggs) {
    const w = agg.writes(trx, outbox, now, counts);
    writes.push(...w.writes);
    notify.push(...w.notify);
  }
  if (writes.length === 0 && alongside.length === 0) return;
  const first = aggs[0]?.order;
  if (first && counts.length > 0) {
    writes.push(
      ...alibabaRepo.countMoves(trx, first.developer_id, first.user_id, counts.filter((c) => !c.placed)),
      ...alibabaRepo.countPlaced(trx, first.developer_id, first.user_id, counts.filter((c) => c.placed).map((c) => c.to)),
    );
  }
  await writeInOneStatement(trx, [...writes, ...alongside], notify);
}

/** Loads an order and its lines under the order's row lock (every writer takes it first). */
export async function loadAlibabaOrder(trx: Db, where: { id: string; developerId: string; userId?: string } | { developerId: string; clientRef: string }): Promise<AlibabaOrderAggregate | undefined> {
  const order = "clientRef" in where ? await alibabaRepo.lockByClientRef(trx, where.developerId, where.clientRef) : await alibabaRepo.lockOrder(trx, where);
  if (!order) return undefined;
  return new AlibabaOrderAggregate(order, await alibabaRepo.linesOf(trx, [order.id]));
}

/**
 * Loads several orders of one developer and their lines under the orders' row locks, taken in id
 * order (concurrent loads of overlapping sets cannot deadlock): two statements however many orders.
 * Answers the orders found, by id.
 */
export async function loadAlibabaOrders(trx: Db, where: { ids: readonly string[]; developerId: string; userId?: string }): Promise<Map<string, AlibabaOrderAggregate>> {
  const orders = await alibabaRepo.lockOrders(trx, where.developerId, where.ids, where.userId);
  const lines = await alibabaRepo.linesOf(trx, orders.map((o) => o.id));
  const byOrder = new Map<string, AlibabaLineRow[]>(orders.map((o) => [o.id, []]));
  for (const line of lines) byOrder.get(line.order_id)?.push(line);
  return new Map(orders.map((o) => [o.id, new AlibabaOrderAggregate(o, byOrder.get(o.id)!)]));
}

/**
 * Load → change → save under the order's row lock: the shape of every single-order change (seller
 * events, receipt, and the coming after-sales and logistics modules). Undefined when there is no such
 * order; `fn` may throw to refuse the change (nothing is saved).
 */
export async function changeAlibabaOrder(
  trx: Db,
  key: { id: string; developerId: string; userId?: string },
  fn: (agg: AlibabaOrderAggregate) => void | Promise<void>,
  save: { outbox: Outbox; now: number | (() => Promise<number>) },
): Promise<AlibabaOrderAggregate | undefined> {
  const agg = await loadAlibabaOrder(trx, key);
  if (!agg) return undefined;
  await fn(agg);
  await agg.save(trx, save.outbox, typeof save.now === "number" ? save.now : await save.now());
  return agg;
}
