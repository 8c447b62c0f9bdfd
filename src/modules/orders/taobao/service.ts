// Taobao orders' read model: the page query (taobao.md §2.2), the read-model check, and T1's insert
// (called by the create use case once the upstream has accepted the purchase, and by tests).
import type { Clock } from "../../../platform/clock.ts";
import type { DatabaseHandle, Db } from "../../../platform/db/index.ts";
import { writeInOneStatement, writeInOneStatementIf, type PendingWrite } from "../../../platform/db/one-statement.ts";
import { isInt8Id, type IdGenerator } from "../../../platform/ids.ts";
import type { Outbox } from "../../../platform/outbox.ts";
import { invalid } from "../../../platform/http/errors.ts";
import { parseDateBound } from "../../../platform/time.ts";
import { DEFAULT_UNPAID_TIMEOUT_MS, EMITTED_ORDER_STATUSES, OrderStatus, TAOBAO_STATUS_MESSAGE, type PlaceOrderInput } from "./model.ts";
import { PageBatcher } from "../shared/page-batcher.ts";
import { StaleOrder, type HeldOrder } from "./aggregate.ts";
import { countable, ordersRepo, type OrderFilter, type OrderRow, type SubOrderRow } from "./repo.ts";
import { orderView, statusMessage, subOrderMessage, type OrderV2VO } from "./view.ts";

export { StaleOrder, type HeldOrder };

export interface OrdersDeps {
  db: Db;
  prepared: DatabaseHandle["prepared"];
  clock: Clock;
  ids: IdGenerator;
  outbox: Outbox;
  unpaidTimeoutMs?: number;
}

export interface PageQuery {
  id?: string | number;
  orderNo?: string;
  status?: number;
  sellerNick?: string;
  beginDateTime?: string | number | object;
  endDateTime?: string | number | object;
  pageNum?: number;
  pageSize?: number;
}

const DEFAULT_COUNTRY = "中国大陆";
function dateBound(value: PageQuery["beginDateTime"], field: string, edge: "from" | "to"): Date | undefined {
  // The documented Java DateTime object carries no instant and is ignored (taobao.md §2.2).
  if (value === undefined || (typeof value === "object" && value !== null)) return undefined;
  const range = parseDateBound(value as string | number);
  if (!range) throw invalid(`${field} must be "yyyy-MM-dd HH:mm:ss" (UTC+8), "yyyy-MM-dd" or epoch milliseconds`);
  return new Date(range[edge]);
}

export class OrdersService {
  readonly #deps: OrdersDeps;
  /** Unfiltered and status-only pages of all concurrent requests share one query per tick. */
  readonly #pages: PageBatcher;

  constructor(deps: OrdersDeps) {
    this.#deps = deps;
    this.#pages = new PageBatcher({
      ownerPages: (requests) => ordersRepo.ownerPages(deps.prepared, requests),
      viewsOf: (ids) => ordersRepo.viewsOf(deps.prepared, ids),
    });
  }

  get #unpaidTimeoutMs(): number {
    return this.#deps.unpaidTimeoutMs ?? DEFAULT_UNPAID_TIMEOUT_MS;
  }

  /** T1: a new order at status 0 with every line BULIDING, its history and its TB-STATUS event. */
  async placeOrder(input: PlaceOrderInput, actor = "buyer"): Promise<OrderV2VO> {
    return this.#deps.db.transaction().execute((trx) => this.insertOrder(trx, input, actor, this.#deps.clock.now()));
  }

  /** T1 inside the caller's transaction, at `now` (the developer's sandbox time in the sandbox). */
  /** `alongside`: other modules' writes of the same change (the order's jobs), sent in the same statement. */
  async insertOrder(trx: Db, input: PlaceOrderInput, actor: string, now: number, purchasing?: { clientRef: string }, alongside: (orderId: string) => PendingWrite[] = () => []): Promise<OrderV2VO> {
    return (await this.recordOrder(trx, input, actor, now, purchasing, alongside)).view;
  }

  /** insertOrder, answering the rows it wrote too (at version 1), for a step that goes on from them. */
  async recordOrder(trx: Db, input: PlaceOrderInput, actor: string, now: number, purchasing?: { clientRef: string }, alongside: (orderId: string) => PendingWrite[] = () => []): Promise<{ view: OrderV2VO; held: HeldOrder }> {
    if (input.lines.length === 0) throw invalid("an order needs at least one line");
    const { ids, outbox } = this.#deps;
    const at = new Date(now);
    const orderId = ids.next();
    const orderNo = ids.next();
    const r = input.receiver;
    const order: Omit<OrderRow, "version"> = {
      id: orderId,
      order_no: orderNo,
      developer_id: input.owner.developerId,
      user_id: input.owner.userId,
      user_name: input.owner.userName,
      seller_order_number: input.sellerOrderNumber ?? null,
      order_source: input.orderSource ?? null,
      created_at: at,
      pay_time: null,
      purchase_amount: "0",
      status: OrderStatus.WAIT_BUYER_PAY,
      status_changed_at: at,
      wh_state: r.state,
      wh_zip: r.zip ?? null,
      wh_country: r.country ?? DEFAULT_COUNTRY,
      wh_address: r.address,
      wh_phone: r.phone || r.mobilePhone || null,
      wh_city: r.city,
      wh_district: r.district ?? null,
      wh_name: r.name,
      wh_mobile_phone: r.mobilePhone || null,
      wh_tax_id: r.taxId ?? null,
      rcv_zip: r.zip ?? null,
      rcv_country: r.country ?? DEFAULT_COUNTRY,
      rcv_address: r.address,
      rcv_city: r.city,
      rcv_district: r.district ?? null,
      rcv_state: r.state,
      remark: input.remark ?? null,
      updated_at: at,
      view_json: "",
      unpaid_close_at: new Date(now + this.#unpaidTimeoutMs),
      payment_ref: null,
      client_ref: purchasing?.clientRef ?? null,
      purchase_state: purchasing ? "PURCHASING" : "PLACED",
    };
    const lines: SubOrderRow[] = input.lines.map((line, index) => ({
      id: ids.next(),
      order_id: orderId,
      developer_id: input.owner.developerId,
      user_id: input.owner.userId,
      line_index: index,
      order_line_no: line.orderLineNo ?? null,
      quantity: line.quantity,
      title: line.title,
      purchase_currency: "CNY",
      requested_unit_price: line.requestedUnitPrice === undefined || line.requestedUnitPrice === null ? null : String(line.requestedUnitPrice),
      purchase_amount: null,
      item_map_id: line.itemMapId,
      mp_id: line.mpId ?? null,
      mp_sku_id: line.mpSkuId ?? null,
      sku_id: line.skuId,
      domestic_post_fee: "0",
      close_reason: null,
      status: "BULIDING",
      goods_status: null,
      refund_type: null,
      refund_status: 0,
      taobao_purchase_id: line.taobaoPurchaseId,
      taobao_sub_purchase_id: line.taobaoSubPurchaseId,
      sku_image_url: line.skuImageUrl ?? null,
      sku_props_zh: line.skuPropsZh ?? null,
      sku_props_en: line.skuPropsEn ?? null,
      seller_nick: line.sellerNick ?? null,
      shop_id: line.shopId ?? null,
      error_code: null,
      error_message: null,
      logistic_company_name: null,
      logistic_number: null,
      created_at: at,
      updated_at: at,
    }));

    const row: OrderRow = { ...order, version: 1 };
    const view = orderView(row, lines);
    order.view_json = JSON.stringify(view);

    {
      // An order being purchased is announced (its TB-STATUS event) once the upstream's answer is attached.
      const appended = outbox.prepare(trx, purchasing ? [] : [this.#createdEvent(order, lines, now)]);
      // The order, its lines, its counter, its history and its TB-STATUS event: one statement.
      await writeInOneStatement(
        trx,
        [
          ...ordersRepo.insertOrderWrites(trx, order, lines),
          ...ordersRepo.historyInsert(trx, [
            { orderId, subOrderId: null, from: null, to: String(OrderStatus.WAIT_BUYER_PAY), reason: "created", actor, at },
            ...lines.map((line) => ({ orderId, subOrderId: line.id, from: null, to: line.status, reason: "created", actor, at })),
          ]),
          ...appended.writes,
          ...alongside(orderId),
        ],
        appended.notify,
      );
    }
    row.view_json = order.view_json;
    return { view, held: { order: row, lines } };
  }

  /** T1's TB-STATUS message: the new order at 0 with every line. */
  #createdEvent(order: Omit<OrderRow, "version">, lines: readonly SubOrderRow[], now: number) {
    return {
      developerId: order.developer_id as string,
      userId: order.user_id as string,
      type: TAOBAO_STATUS_MESSAGE,
      platform: 0 as const,
      aggregateId: order.id,
      occurredAt: now,
      body: statusMessage(
        order,
        { previous: null, status: OrderStatus.WAIT_BUYER_PAY, changedLineIds: lines.map((line) => line.id) },
        lines.map((line) => subOrderMessage(line, order.order_no, (order.unpaid_close_at?.getTime() ?? now + this.#unpaidTimeoutMs))),
      ),
    };
  }

  /**
   * Record before buy, second step: the upstream's purchases are attached to an order recorded as
   * PURCHASING (each line gets its purchase and sub-purchase ids, by line index), and the order is
   * announced. Answers the order's view, or undefined when it is no longer being purchased (given up).
   * With `held` (the rows as recorded) nothing is read: the order's update is guarded by the held
   * version and PURCHASING, and StaleOrder is thrown when the guard fails (the caller rolls back and
   * attaches again without `held`, from the rows read under the lock).
   */
  async attachPurchases(
    trx: Db,
    key: { id: string; developerId: string },
    byLine: ReadonlyMap<number, { purchaseId: string; lineId: string }>,
    now: number,
    alongside: PendingWrite[] = [],
    held?: HeldOrder,
  ): Promise<OrderV2VO | undefined> {
    let order: OrderRow;
    let lines: SubOrderRow[];
    if (held) {
      if (held.order.id !== key.id || held.order.developer_id !== key.developerId) throw new Error(`held rows are not those of order ${key.id}`);
      if (held.order.purchase_state !== "PURCHASING") throw new StaleOrder(key.id);
      order = { ...held.order };
      lines = held.lines.map((line) => ({ ...line }));
    } else {
      const locked = await ordersRepo.lockOrder(trx, key);
      if (!locked || locked.purchase_state !== "PURCHASING") return undefined;
      order = locked;
      lines = await ordersRepo.linesOf(trx, [order.id]);
    }
    for (const line of lines) {
      const upstream = byLine.get(line.line_index);
      if (!upstream) throw new Error(`order ${order.id}: the upstream's answer has no line ${line.line_index}`);
      line.taobao_purchase_id = upstream.purchaseId;
      line.taobao_sub_purchase_id = upstream.lineId;
    }
    const heldVersion = order.version;
    order.purchase_state = "PLACED";
    order.version += 1;
    const view = orderView(order, lines);
    order.view_json = JSON.stringify(view);
    const { id, version: _version, ...columns } = order;
    const appended = this.#deps.outbox.prepare(trx, [this.#createdEvent(order, lines, now)]);
    // The order, its lines and its TB-STATUS event: one statement.
    const writes = [...ordersRepo.lineUpdates(trx, lines), ...appended.writes, ...alongside];
    if (!held) {
      await writeInOneStatement(trx, [ordersRepo.orderUpdate(trx, id, columns), ...writes], appended.notify);
    } else if (!(await writeInOneStatementIf(trx, ordersRepo.orderUpdateIf(trx, id, columns, heldVersion, "PURCHASING"), writes, appended.notify))) {
      throw new StaleOrder(id);
    }
    return view;
  }

  /** Record before buy, given up: an order the upstream never took (and never announced) is removed. */
  async discardPurchasing(trx: Db, key: { id: string; developerId: string }): Promise<boolean> {
    const order = await ordersRepo.lockOrder(trx, key);
    if (!order || order.purchase_state !== "PURCHASING") return false;
    await ordersRepo.deleteOrder(trx, order);
    return true;
  }

  /** An order still being purchased (record before buy), for reconciliation. */
  purchasing(db: Db, orderId: string) {
    return ordersRepo.purchasingOrder(db, orderId);
  }

  /** POST /v2/taobao/order/page (taobao.md §2.2). */
  /** The page as the UTF-8 bytes of its stored OrderV2VO views, in page order. */
  async page(owner: { developerId: string; userId: string }, query: PageQuery): Promise<{ total: number; views: Buffer[] }> {
    const pageNum = query.pageNum ?? 1;
    const pageSize = query.pageSize ?? 20;
    // Reserved statuses (5, 9, 12) are accepted and match nothing (statuses.md §1).
    if (query.status !== undefined && !EMITTED_ORDER_STATUSES.includes(query.status)) return { total: 0, views: [] };
    const filter: OrderFilter = { developerId: owner.developerId, userId: owner.userId };
    if (query.id !== undefined) {
      if (!isInt8Id(String(query.id))) return { total: 0, views: [] };
      filter.id = String(query.id);
    }
    if (query.orderNo !== undefined) {
      if (!isInt8Id(query.orderNo)) return { total: 0, views: [] };
      filter.orderNo = query.orderNo;
    }
    if (query.status !== undefined) filter.status = query.status;
    if (query.sellerNick !== undefined) filter.sellerNick = query.sellerNick;
    const from = dateBound(query.beginDateTime, "beginDateTime", "from");
    const to = dateBound(query.endDateTime, "endDateTime", "to");
    if (from) filter.createdFrom = from;
    if (to) filter.createdTo = to;
    if (from && to && from > to) throw invalid("beginDateTime must not be after endDateTime");

    const offset = (pageNum - 1) * pageSize;
    const page = countable(filter)
      ? await this.#pages.ownerPage({ developerId: filter.developerId, userId: filter.userId, status: filter.status, offset, limit: pageSize })
      : await ordersRepo.filteredPage(this.#deps.db, filter, offset, pageSize);
    return { total: page.total, views: await this.#pages.viewBytes(page.entries) };
  }

  /**
   * Read-model check: every stored view equals a fresh rendering of its rows, and the counters equal
   * the rows. Returns what differs (empty when consistent). Tests run it after every scenario.
   */
  async verifyReadModel(developerId: string): Promise<string[]> {
    const problems: string[] = [];
    let after: string | undefined;
    for (;;) {
      const orders = await ordersRepo.ordersOf(this.#deps.db, developerId, after, 200);
      if (orders.length === 0) break;
      const lines = await ordersRepo.linesOf(this.#deps.db, orders.map((o) => o.id));
      for (const order of orders) {
        const fresh = JSON.stringify(orderView(order, lines.filter((l) => l.order_id === order.id)));
        if (fresh !== order.view_json) problems.push(`order ${order.id}: stored view differs from its rows`);
      }
      after = orders.at(-1)!.id;
    }
    const key = (u: string, s: number) => `${u}/${s}`;
    const stored = new Map((await ordersRepo.countsOf(this.#deps.db, developerId)).map((c) => [key(c.user_id, c.status), Number(c.n)]));
    const actual = new Map((await ordersRepo.actualCountsOf(this.#deps.db, developerId)).map((c) => [key(c.user_id, c.status), Number(c.n)]));
    for (const k of new Set([...stored.keys(), ...actual.keys()])) {
      if ((stored.get(k) ?? 0) !== (actual.get(k) ?? 0)) problems.push(`count ${k}: stored ${stored.get(k) ?? 0}, actual ${actual.get(k) ?? 0}`);
    }
    return problems;
  }

  /** The order's transitions, oldest first (operators; later the admin order view). */
  history(orderId: string) {
    return ordersRepo.history(this.#deps.db, orderId);
  }
}
