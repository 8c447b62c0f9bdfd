// The Taobao buying flow (taobao.md §2, §3.2; statuses.md §1–§3): create (directly or from the
// cart) through the marketplace port, pay from the developer's balance, finance confirmation, the
// upstream payment, cancel, unpaid timeout, pre-warehouse changes, IM links, detail and logistics —
// and the seller's events (built, price changed, shipped) moving orders on. Every change goes
// through OrderAggregate, so rows, read model, history and callback events move together.
import { randomBytes } from "node:crypto";
import type { Lang, MarketplaceEvent, Product, PurchaseLine, PurchaseOrder, PurchaseOwner, PurchasePort, Shipment } from "../../marketplace/port.ts";
import { UpstreamError, UpstreamRejection } from "../../marketplace/port.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../platform/http/errors.ts";
import { Idempotency, requestHash, type IdempotencyScope } from "../../platform/idempotency.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import type { Outbox } from "../../platform/outbox.ts";
import { formatCst } from "../../platform/time.ts";
import type { AfterCommit, SandboxClocks } from "../sandbox/index.ts";
import type { CatalogService } from "../catalog/index.ts";
import { checkedAddress, propsMap, type CartService, type OrderAddressInput } from "../cart/index.ts";
import type { WalletService } from "../wallet/index.ts";
import { loadOrder, OrderAggregate } from "./aggregate.ts";
import { DEFAULT_UNPAID_TIMEOUT_MS, OrderStatus, type PlacedLine, type ReceiverInput } from "./model.ts";
import { ordersRepo, type SubOrderRow } from "./repo.ts";
import type { OrdersService } from "./service.ts";
import type { OrderV2VO } from "./view.ts";

export interface Owner {
  developerId: string;
  userId: string;
  userName: string;
}

export interface OrderLineInput {
  itemId: string;
  skuId: string;
  quantity: number;
  price: number;
  currency?: string;
  orderLineNo: string;
  title?: string;
}

export interface CreateOrderInput {
  lines: OrderLineInput[];
  receiver: OrderAddressInput;
  orderSource?: string | undefined;
  sellerOrderNumber?: string | undefined;
  purchaseAmount?: number | undefined;
  remark?: string | undefined;
}

export interface PayResult {
  totalAmount: number;
  currency: "CNY";
  orders: Array<{ id: string; orderNo: string; payAmount: number; status: number }>;
}

export interface CommerceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  clocks: SandboxClocks;
  outbox: Outbox;
  orders: OrdersService;
  wallet: WalletService;
  catalog: CatalogService;
  cart: CartService;
  purchase: PurchasePort;
  idempotency: Idempotency;
  financeAutoConfirm: boolean;
  unpaidTimeoutMs?: number;
}

export const MAX_ORDER_LINES = 50;
export const MAX_PAY_ORDERS = 10;
const UNPAID_TIMEOUT_EVENT = "orders.taobao.unpaid_timeout";
const subjectOf = (orderId: string) => `taobao-order:${orderId}`;
/** A finance-confirmed order not paid upstream after this long is retried by the sweep. */
const UPSTREAM_RETRY_AFTER_MS = 30_000;

const STANDARD_TEXT: Record<string, string> = {
  CREATE: "卖家已发货",
  ACCEPT: "已揽收",
  TRANSPORT: "运输中",
  DELIVERING: "派送中",
  SIGN: "已签收",
  FAILED: "运输异常",
};

/** Maps port failures to the envelope: upstream down → 50201; upstream refusal → 40901. */
function upstreamFailure(err: unknown): never {
  if (err instanceof UpstreamError) throw new ApiError(Code.UPSTREAM_FAILURE, `upstream failure: ${err.message}`);
  if (err instanceof UpstreamRejection) throw conflict(`the upstream refused: ${err.message}`);
  throw err;
}

/** {"颜色分类":"红色"} of a SKU of the product (in the product's language), "{}" without one. */
function propsOf(product: Product, skuId: string, which: "zh" | "trans"): string {
  const sku = product.skus.find((s) => s.skuId === skuId);
  return sku ? propsMap(sku, which) : "{}";
}

export class TaobaoCommerce {
  readonly #deps: CommerceDeps;

  constructor(deps: CommerceDeps) {
    this.#deps = deps;
    deps.clocks.on(UNPAID_TIMEOUT_EVENT, (trx, event, now) => this.#closeUnpaid(trx, event.developerId, (event.payload as { orderId: string }).orderId, now));
    deps.clocks.onUserReset(async (trx, developerId, userId) => {
      const ids = await ordersRepo.deleteUserOrders(trx, developerId, userId);
      await deps.clocks.cancel(trx, developerId, ids.map(subjectOf));
      await deps.idempotency.forgetUser(trx, developerId, userId);
    });
    deps.purchase.subscribe((event, trx) => this.onMarketplaceEvent(event, trx));
  }

  get #timeoutMs(): number {
    return this.#deps.unpaidTimeoutMs ?? DEFAULT_UNPAID_TIMEOUT_MS;
  }

  /** The developer's time: the test clock in the sandbox, real time otherwise. */
  #now(developerId: string, db?: Db): Promise<number> {
    return this.#deps.clocks.now(developerId, db);
  }

  // -------------------------------------------------------------------------------------------
  // Create

  /** POST /v2/taobao/order (taobao.md §2.1). */
  async createOrder(owner: Owner, input: CreateOrderInput, idempotencyKey?: string): Promise<OrderV2VO> {
    this.#checkLines(input);
    const receiver = checkedAddress(input.receiver, "receiver");
    return this.#once(owner, "taobao.order.create", idempotencyKey, input, (byKey) => this.#create(owner, input, receiver, byKey, async () => {}));
  }

  /**
   * Runs `work` once per Idempotency-Key (absent: every time). A repeat gets the first answer (and
   * waits for it while the first still runs); a failure gives the key back — unless `committed`
   * says the work's effect already happened. `work` checkpoints its answer inside the transaction
   * of its effect; the final answer is stored here.
   */
  async #once<T>(
    owner: Owner,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: (byKey: IdempotencyScope | undefined) => Promise<T>,
    committed: () => boolean = () => false,
  ): Promise<T> {
    if (key === undefined) return work(undefined);
    const { idempotency, db } = this.#deps;
    const byKey: IdempotencyScope = { developerId: owner.developerId, userId: owner.userId, scope, key };
    const reservation = await idempotency.begin(byKey, requestHash(request));
    if (reservation.kind === "replay") return JSON.parse(reservation.response) as T;
    try {
      const result = await work(byKey);
      await idempotency.complete(db, byKey, JSON.stringify(result));
      return result;
    } catch (err) {
      if (!committed()) await idempotency.release(byKey).catch(() => {});
      throw err;
    }
  }

  /** POST /v2/taobao/cart/create/order (taobao.md §3.2): the rows become lines "1", "2", … and leave the cart. */
  async createFromCart(
    owner: Owner,
    input: { ids: number[]; orderAddress: OrderAddressInput; orderSource?: string; sellerOrderNumber?: string; remark?: string },
    idempotencyKey?: string,
  ): Promise<OrderV2VO> {
    // The key is checked before the rows are read: a successful first request removed them, so its
    // retry must replay the first answer (not find the rows gone). The request body is what is hashed.
    return this.#once(owner, "taobao.cart.create", idempotencyKey, input, async (byKey) => {
      const receiver = checkedAddress(input.orderAddress);
      const cartLines = await this.#deps.cart.linesForOrder(owner, input.ids);
      const unavailable = cartLines.filter((line) => !line.available || line.currentPriceFen === null);
      if (unavailable.length > 0) {
        throw conflict(`cart rows cannot be ordered now: ${unavailable.map((l) => `${l.id} (${l.reason ?? "unavailable"})`).join(", ")}`);
      }
      const lines: OrderLineInput[] = cartLines.map((line, i) => ({
        itemId: line.mpId,
        skuId: line.mpSkuId,
        quantity: line.quantity,
        price: line.currentPriceFen!,
        orderLineNo: String(i + 1),
      }));
      const create: CreateOrderInput = {
        lines,
        receiver: input.orderAddress,
        orderSource: input.orderSource,
        sellerOrderNumber: input.sellerOrderNumber,
        remark: input.remark,
      };
      return this.#create(owner, create, receiver, byKey, (trx) => this.#deps.cart.removeOrdered(trx, owner, input.ids));
    });
  }

  #checkLines(input: CreateOrderInput): void {
    if (input.lines.length < 1 || input.lines.length > MAX_ORDER_LINES) throw invalid(`orderLineList must have 1 to ${MAX_ORDER_LINES} lines`);
    const numbers = new Set<string>();
    for (const [i, line] of input.lines.entries()) {
      if (numbers.has(line.orderLineNo)) throw invalid(`orderLineList[${i}].orderLineNo "${line.orderLineNo}" is repeated`);
      numbers.add(line.orderLineNo);
      if ((line.currency ?? "CNY") !== "CNY") throw invalid(`orderLineList[${i}].currency must be CNY`);
    }
    if (input.purchaseAmount !== undefined) {
      const wanted = input.lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
      if (wanted > input.purchaseAmount) throw invalid(`purchaseAmount ${input.purchaseAmount} is below the lines' total ${wanted} (fen)`);
    }
  }

  async #create(owner: Owner, input: CreateOrderInput, receiver: ReceiverInput, byKey: IdempotencyScope | undefined, inTransaction: (trx: Db) => Promise<void>): Promise<OrderV2VO> {
    const { idempotency } = this.#deps;
    const orderSource = input.orderSource ?? null;
    // Idempotency on (user, orderSource, sellerOrderNumber) among live orders (taobao.md §2.1).
    const bySellerNumber: IdempotencyScope | undefined = input.sellerOrderNumber
      ? { developerId: owner.developerId, userId: owner.userId, scope: "taobao.order.seller-number", key: JSON.stringify([orderSource, input.sellerOrderNumber]) }
      : undefined;
    if (bySellerNumber) {
      const existing = await this.#existingBySellerNumber(owner, orderSource, input.sellerOrderNumber!, bySellerNumber);
      if (existing) return existing;
    }
    try {
      return await this.#placeThroughUpstream(owner, input, receiver, async (trx) => {
        await inTransaction(trx);
        if (bySellerNumber) await idempotency.complete(trx, bySellerNumber, "");
      }, byKey);
    } catch (err) {
      // This request holds the number's reservation (taken above): give it up.
      if (bySellerNumber) await idempotency.release(bySellerNumber).catch(() => {});
      throw err;
    }
  }

  /** The live order with this sellerOrderNumber, after taking (or waiting for) the number's reservation. */
  async #existingBySellerNumber(owner: Owner, orderSource: string | null, number: string, scope: IdempotencyScope): Promise<OrderV2VO | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existingId = await ordersRepo.openOrderBySellerNumber(this.#deps.db, owner, orderSource, number);
      if (existingId) return JSON.parse((await ordersRepo.viewOf(this.#deps.db, existingId))!) as OrderV2VO;
      // Any request for this number holds the reservation while it buys; the number's hash is fixed,
      // so concurrent requests wait for the first one and then find its order.
      const reservation = await this.#deps.idempotency.begin(scope, "seller-number");
      if (reservation.kind === "new") return undefined;
      // Done: its order was created (found above on the next pass) or cancelled since. Take the number
      // back atomically: deleting it instead could delete another request's fresh reservation.
      const again = await ordersRepo.openOrderBySellerNumber(this.#deps.db, owner, orderSource, number);
      if (again) return JSON.parse((await ordersRepo.viewOf(this.#deps.db, again))!) as OrderV2VO;
      if (await this.#deps.idempotency.reclaim(scope, "seller-number", reservation.generation)) return undefined;
    }
    throw conflict("this sellerOrderNumber is being used by concurrent requests; retry");
  }

  async #placeThroughUpstream(
    owner: Owner,
    input: CreateOrderInput,
    receiver: ReceiverInput,
    inTransaction: (trx: Db) => Promise<void>,
    byKey: IdempotencyScope | undefined,
  ): Promise<OrderV2VO> {
    const { catalog, purchase, db, orders, idempotency } = this.#deps;
    // Resolve every line against the catalogue: unknown item or SKU → 40401 before anything is bought.
    const resolved = [];
    for (const [i, line] of input.lines.entries()) {
      const zh = await catalog.find("taobao", line.itemId, "zh");
      const sku = zh?.skus.find((s) => s.mpSkuId === line.skuId || s.skuId === line.skuId);
      if (!zh || (zh.skus.length > 0 && !sku)) throw notFound(`orderLineList[${i}]: no item ${line.itemId} with SKU ${line.skuId}`);
      const en = await catalog.product("taobao", line.itemId, "en" as Lang);
      resolved.push({ line, zh, en, sku });
    }
    const purchaseLines: PurchaseLine[] = resolved.map(({ line, zh, sku }, i) => ({
      lineNo: String(i),
      productId: zh.id,
      skuId: sku?.skuId ?? "",
      quantity: line.quantity,
      expectedUnitPriceFen: line.price,
    }));
    let purchases: PurchaseOrder[];
    try {
      purchases = await purchase.createOrder(
        "taobao",
        owner,
        purchaseLines,
        { name: receiver.name, phone: receiver.mobilePhone ?? receiver.phone ?? "", country: receiver.country ?? "", state: receiver.state, city: receiver.city, district: receiver.district ?? "", address: receiver.address, zip: receiver.zip ?? "" },
      );
    } catch (err) {
      upstreamFailure(err);
    }
    const upstreamOf = new Map<string, { purchaseId: string; lineId: string }>();
    for (const p of purchases) for (const l of p.lines) upstreamOf.set(l.lineNo, { purchaseId: p.upstreamOrderId, lineId: l.upstreamLineId });
    const placed: PlacedLine[] = resolved.map(({ line, zh, en, sku }, i) => ({
      orderLineNo: line.orderLineNo,
      quantity: line.quantity,
      title: line.title ?? zh.title.zh,
      requestedUnitPrice: line.price,
      itemMapId: zh.id,
      mpId: zh.mpId,
      mpSkuId: sku?.mpSkuId ?? null,
      skuId: sku?.skuId ?? line.skuId,
      skuImageUrl: sku?.imageUrl ?? zh.imageUrls[0] ?? null,
      skuPropsZh: propsOf(zh, sku?.skuId ?? "", "zh"),
      skuPropsEn: propsOf(en, sku?.skuId ?? "", "trans"),
      sellerNick: zh.seller.nick,
      shopId: String(zh.seller.shopId),
      taobaoPurchaseId: upstreamOf.get(String(i))!.purchaseId,
      taobaoSubPurchaseId: upstreamOf.get(String(i))!.lineId,
    }));
    try {
      return await db.transaction().execute(async (trx) => {
        const now = await this.#now(owner.developerId, trx);
        const view = await orders.insertOrder(
          trx,
          {
            owner,
            sellerOrderNumber: input.sellerOrderNumber ?? null,
            orderSource: input.orderSource ?? null,
            remark: input.remark ?? null,
            receiver,
            lines: placed,
          },
          `user:${owner.userId}`,
          now,
        );
        await this.#deps.clocks.schedule(trx, { developerId: owner.developerId, dueAtMs: now + this.#timeoutMs, kind: UNPAID_TIMEOUT_EVENT, subject: subjectOf(view.id), payload: { orderId: view.id } });
        await inTransaction(trx);
        if (byKey) await idempotency.checkpoint(trx, byKey, JSON.stringify(view));
        return view;
      });
    } catch (err) {
      // The upstream bought but we could not record it: give the purchases back.
      await this.#giveUp(owner, purchases.map((p) => p.upstreamOrderId), "order not recorded");
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Seller events

  /** The marketplace's seller-side events, inside the transaction that records them upstream. */
  async onMarketplaceEvent(event: MarketplaceEvent, trx: Db): Promise<void> {
    if (event.platform !== "taobao") return;
    const at = new Date(event.at);
    const actor = "upstream";
    const withOrder = async (lineId: string, change: (agg: OrderAggregate) => void) => {
      const orderId = await ordersRepo.orderOfUpstreamLine(trx, event.developerId, lineId);
      if (!orderId) return; // a purchase the platform never recorded (or a reset user's)
      const agg = await loadOrder(trx, { id: orderId, developerId: event.developerId });
      if (!agg) return;
      change(agg);
      await agg.save(trx, this.#deps.outbox, event.at, this.#timeoutMs);
    };
    switch (event.kind) {
      case "line_built":
        return withOrder(event.upstreamLineId, (agg) => {
          const line = agg.lineByUpstream(event.upstreamLineId)!;
          if (line.status !== "BULIDING") return;
          const differs = line.requested_unit_price !== null && Number(line.requested_unit_price) !== event.unitPriceFen;
          agg.priceLine(line, event.unitPriceFen, event.postFeeFen, differs, at);
          agg.moveLine(line, "WAIT_BUYER_PAY", "upstream built the line", actor, at);
          agg.recomputeAmount();
          agg.moveOrder(agg.status, "line built", actor, at);
        });
      case "line_build_failed":
        return withOrder(event.upstreamLineId, (agg) => {
          const line = agg.lineByUpstream(event.upstreamLineId)!;
          if (line.status !== "BULIDING") return;
          line.error_code = event.errorCode;
          line.error_message = event.errorMessage;
          agg.moveLine(line, "TRADE_CLOSED", `upstream could not build the line: ${event.errorCode}`, actor, at, "BUILD_FAILED");
          agg.recomputeAmount();
          if (agg.openLines().length === 0 && agg.status === OrderStatus.WAIT_BUYER_PAY) agg.moveOrder(OrderStatus.CANCELLED, "every line failed to build", actor, at);
          else agg.moveOrder(agg.status, "line failed to build", actor, at);
        });
      case "price_changed":
        return withOrder(event.upstreamLineId, (agg) => {
          const line = agg.lineByUpstream(event.upstreamLineId)!;
          // T3: sellers change prices only while the order waits for payment.
          if (agg.status !== OrderStatus.WAIT_BUYER_PAY || line.status !== "WAIT_BUYER_PAY") return;
          agg.priceLine(line, event.unitPriceFen, event.postFeeFen, true, at);
          agg.recomputeAmount();
        });
      case "shipped": {
        const [first] = event.shipment.lineIds;
        if (!first) return;
        return withOrder(first, (agg) => {
          for (const lineId of event.shipment.lineIds) {
            const line = agg.lineByUpstream(lineId);
            if (!line || line.status !== "WAIT_SELLER_SEND_GOODS") continue;
            line.logistic_company_name = event.shipment.carrier;
            line.logistic_number = event.shipment.trackingNumber;
            agg.moveLine(line, "WAIT_BUYER_CONFIRM_GOODS", `shipped by ${event.shipment.carrier} ${event.shipment.trackingNumber}`, actor, at);
          }
          if (agg.status !== OrderStatus.WAIT_SELLER_SEND_GOODS) return;
          const allShipped = agg.openLines().every((l) => l.status === "WAIT_BUYER_CONFIRM_GOODS");
          // T13 when every open line has shipped; T12 (line news under status 10) otherwise.
          agg.moveOrder(allShipped ? OrderStatus.SHIPPED : OrderStatus.WAIT_SELLER_SEND_GOODS, allShipped ? "every line shipped" : "a line shipped", actor, at);
        });
      }
      default:
        // Tracking is read live from the port (logistics detail); after-sales events belong to the
        // after-sales module; 1688 receipt confirmations to the 1688 flow.
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pay, finance, upstream payment

  /** POST /v2/taobao/order/pay (taobao.md §2.5). */
  async pay(owner: Owner, orderIds: string[], idempotencyKey?: string): Promise<PayResult> {
    const ids = [...new Set(orderIds)];
    if (ids.length < 1 || ids.length > MAX_PAY_ORDERS) throw invalid(`orderIds must name 1 to ${MAX_PAY_ORDERS} orders`);
    // Only a payment that did not happen gives its key back; a committed one keeps its answer.
    const progress = { committed: false };
    return this.#once(owner, "taobao.order.pay", idempotencyKey, ids, (byKey) => this.#payNow(owner, ids, byKey, progress), () => progress.committed);
  }

  async #payNow(owner: Owner, ids: string[], byKey: IdempotencyScope | undefined, progress: { committed: boolean }): Promise<PayResult> {
    const { db, wallet, outbox, ids: idGen } = this.#deps;
    const paymentRef = `taobao-pay:${idGen.next()}`;
    const paid = await db.transaction().execute(async (trx) => {
      const now = await this.#now(owner.developerId, trx);
      const at = new Date(now);
      // Lock in id order, so concurrent payments of overlapping sets cannot deadlock.
      const aggs: OrderAggregate[] = [];
      for (const id of [...ids].sort()) {
        const agg = await loadOrder(trx, { id, developerId: owner.developerId, userId: owner.userId });
        if (!agg) throw notFound(`order ${id}`);
        aggs.push(agg);
      }
      for (const agg of aggs) {
        const open = agg.openLines();
        if (agg.status !== OrderStatus.WAIT_BUYER_PAY && agg.status !== OrderStatus.FINANCE_REFUSED) throw conflict(`order ${agg.order.id} is in status ${agg.status}; only 0 and 3 can be paid`);
        if (open.length === 0 || open.some((l) => l.status !== "WAIT_BUYER_PAY")) throw conflict(`order ${agg.order.id} has lines the upstream has not priced yet (BULIDING)`);
        if (Number(agg.order.purchase_amount) <= 0) throw conflict(`order ${agg.order.id} has nothing to pay`);
      }
      const total = aggs.reduce((sum, agg) => sum + Number(agg.order.purchase_amount), 0);
      await wallet.debit(trx, { developerId: owner.developerId, amountFen: total, reference: paymentRef, memo: `Taobao orders ${ids.join(", ")}`, actor: `user:${owner.userId}` });
      for (const agg of aggs) {
        agg.order.pay_time = at;
        agg.order.payment_ref = paymentRef;
        agg.order.unpaid_close_at = null;
        agg.moveOrder(OrderStatus.PAID, "paid from the balance", `user:${owner.userId}`, at);
        if (this.#deps.financeAutoConfirm) agg.moveOrder(OrderStatus.FINANCE_PASSED, "finance confirmed automatically (TAOBAO_FINANCE_AUTO_CONFIRM)", "finance", at);
        await agg.save(trx, outbox, now, this.#timeoutMs);
      }
      await this.#deps.clocks.cancel(trx, owner.developerId, ids.map(subjectOf), [UNPAID_TIMEOUT_EVENT]);
      if (byKey) {
        // Checkpointed with the debit: should this node die before the final answer, a retry replays
        // this one instead of failing on the order's new status.
        const byId = new Map(aggs.map((a) => [a.order.id, a]));
        const answer: PayResult = {
          totalAmount: total,
          currency: "CNY",
          orders: ids.map((id) => ({ id, orderNo: byId.get(id)!.order.order_no, payAmount: Number(byId.get(id)!.order.purchase_amount), status: byId.get(id)!.status })),
        };
        await this.#deps.idempotency.checkpoint(trx, byKey, JSON.stringify(answer));
      }
      return {
        total,
        aggs: aggs.map((a) => ({ id: a.order.id, orderNo: a.order.order_no, amount: Number(a.order.purchase_amount), status: a.status, userId: a.order.user_id, lines: a.lines })),
      };
    });
    progress.committed = true;
    // Each order's status as this call left it: the one committed above, or the upstream payment's.
    const statuses = new Map<string, number | undefined>(paid.aggs.map((order) => [order.id, order.status]));
    if (this.#deps.financeAutoConfirm) {
      for (const order of paid.aggs) {
        const status = await this.payUpstream(owner.developerId, order.id, { userId: order.userId, lines: order.lines }).catch(() => undefined);
        statuses.set(order.id, status);
      }
    }
    for (const order of paid.aggs) {
      // payUpstream failed: read what the order is now.
      if (statuses.get(order.id) === undefined) statuses.set(order.id, (JSON.parse((await ordersRepo.viewOf(db, order.id))!) as OrderV2VO).status);
    }
    // Answer in the order asked.
    const byId = new Map(paid.aggs.map((o) => [o.id, o]));
    return {
      totalAmount: paid.total,
      currency: "CNY",
      orders: ids.map((id) => ({ id, orderNo: byId.get(id)!.orderNo, payAmount: byId.get(id)!.amount, status: statuses.get(id)! })),
    };
  }

  /** Operator: finance confirms (1 → 2, then the upstream is paid) or rejects (1 → 3, money back). */
  async finance(developerId: string, orderId: string, decision: "confirm" | "reject", actor: string): Promise<OrderV2VO> {
    const { db, outbox, wallet } = this.#deps;
    await db.transaction().execute(async (trx) => {
      const agg = await loadOrder(trx, { id: orderId, developerId });
      if (!agg) throw notFound(`order ${orderId}`);
      if (agg.status !== OrderStatus.PAID) throw conflict(`order ${orderId} is in status ${agg.status}; finance decides only on status 1`);
      const now = await this.#now(developerId, trx);
      const at = new Date(now);
      if (decision === "confirm") {
        agg.moveOrder(OrderStatus.FINANCE_PASSED, "finance confirmed", actor, at);
      } else {
        await wallet.credit(trx, {
          developerId,
          amountFen: Number(agg.order.purchase_amount),
          reference: `taobao-finance-reject:${orderId}:${agg.order.payment_ref}`,
          memo: `finance rejected Taobao order ${orderId}`,
          actor,
        });
        agg.order.pay_time = null;
        agg.order.unpaid_close_at = new Date(now + this.#timeoutMs);
        agg.moveOrder(OrderStatus.FINANCE_REFUSED, "finance rejected", actor, at);
        await this.#deps.clocks.schedule(trx, { developerId, dueAtMs: now + this.#timeoutMs, kind: UNPAID_TIMEOUT_EVENT, subject: subjectOf(orderId), payload: { orderId } });
      }
      await agg.save(trx, outbox, now, this.#timeoutMs);
    });
    if (decision === "confirm") await this.payUpstream(developerId, orderId).catch(() => {});
    return JSON.parse((await ordersRepo.viewOf(db, orderId))!) as OrderV2VO;
  }

  /**
   * T10/T11: pays the upstream purchases of a finance-confirmed order, then moves it to 10 (lines
   * WAIT_SELLER_SEND_GOODS), or closes the refused purchases' lines and credits them back (the
   * whole order → 4 when nothing is left). An unreachable upstream leaves the order at 2 for the sweep.
   * `committed` is the order as its caller has just committed it at 2 (the pay): its user and lines,
   * which then need not be read again. Answers the order's status afterwards.
   */
  async payUpstream(developerId: string, orderId: string, committed?: { userId: string; lines: readonly SubOrderRow[] }): Promise<number | undefined> {
    const { db, purchase, outbox, wallet } = this.#deps;
    let userId: string;
    let current: readonly SubOrderRow[];
    if (committed) {
      userId = committed.userId;
      current = committed.lines;
    } else {
      const snapshot = await db.selectFrom("taobao_orders").select(["status", "user_id"]).where("id", "=", orderId).where("developer_id", "=", developerId).executeTakeFirst();
      if (!snapshot || snapshot.status !== OrderStatus.FINANCE_PASSED) return snapshot?.status;
      userId = snapshot.user_id;
      current = await ordersRepo.linesOf(db, [orderId]);
    }
    const owner = { developerId, userId };
    const lines = current.filter((l) => l.status === "WAIT_BUYER_PAY");
    const purchases = new Map<string, number>();
    for (const line of lines) purchases.set(line.taobao_purchase_id, (purchases.get(line.taobao_purchase_id) ?? 0) + Number(line.purchase_amount ?? 0) + Number(line.domestic_post_fee));
    const refused = new Map<string, string>();
    for (const [purchaseId, amount] of purchases) {
      const result = await purchase.payOrder("taobao", owner, purchaseId, amount); // UpstreamError → stays at 2
      if (!result.paid) refused.set(purchaseId, result.reason);
    }
    return db.transaction().execute(async (trx) => {
      const agg = await loadOrder(trx, { id: orderId, developerId });
      if (!agg || agg.status !== OrderStatus.FINANCE_PASSED) return agg?.status;
      const now = await this.#now(developerId, trx);
      const at = new Date(now);
      let refund = 0;
      for (const line of agg.openLines()) {
        if (line.status !== "WAIT_BUYER_PAY") continue;
        const reason = refused.get(line.taobao_purchase_id);
        if (reason) {
          refund += Number(line.purchase_amount ?? 0) + Number(line.domestic_post_fee);
          agg.moveLine(line, "TRADE_CLOSED", `upstream refused the payment: ${reason}`, "upstream", at, "UPSTREAM_PAY_FAILED");
        } else {
          agg.moveLine(line, "WAIT_SELLER_SEND_GOODS", "upstream purchase paid", "platform", at);
        }
      }
      if (refund > 0) {
        await wallet.credit(trx, {
          developerId,
          amountFen: refund,
          reference: `taobao-upstream-refused:${orderId}:${agg.order.payment_ref}`,
          memo: `upstream refused payment for Taobao order ${orderId}`,
          actor: "upstream",
        });
      }
      const anyPaid = agg.openLines().length > 0;
      agg.moveOrder(anyPaid ? OrderStatus.WAIT_SELLER_SEND_GOODS : OrderStatus.CANCELLED, anyPaid ? "upstream purchase paid" : "upstream refused the payment", "platform", at);
      await agg.save(trx, outbox, now, this.#timeoutMs);
      return agg.status;
    });
  }

  /**
   * Retries upstream payments left at 2 by an outage or a crash (run periodically). An order is
   * retried once this node has seen it waiting for `olderThanMs` of real time — not by its
   * timestamps, which follow the developer's test clock in the sandbox and may lie in the future.
   */
  async retryUpstreamPayments(olderThanMs = UPSTREAM_RETRY_AFTER_MS): Promise<number> {
    const now = this.#deps.clock.now();
    const waiting = await ordersRepo.awaitingUpstreamPayment(this.#deps.db, 200);
    const seen = new Map<string, number>();
    let retried = 0;
    for (const order of waiting) {
      const since = this.#waitingSince.get(order.id) ?? now;
      seen.set(order.id, since);
      if (now - since < olderThanMs) continue;
      retried++;
      await this.payUpstream(order.developer_id, order.id).catch(() => {});
    }
    this.#waitingSince = seen;
    return retried;
  }

  #waitingSince = new Map<string, number>();

  // -------------------------------------------------------------------------------------------
  // Cancel, timeout, pre-warehouse

  /** POST /v2/taobao/order/cancel (taobao.md §2.3). */
  async cancel(owner: Owner, orderId: string, reason: string | undefined): Promise<true> {
    const { db, outbox } = this.#deps;
    const purchases = await db.transaction().execute(async (trx) => {
      const agg = await loadOrder(trx, { id: orderId, developerId: owner.developerId, userId: owner.userId });
      if (!agg) throw notFound(`order ${orderId}`);
      if (agg.status === OrderStatus.CANCELLED) return [];
      if (agg.status !== OrderStatus.WAIT_BUYER_PAY && agg.status !== OrderStatus.FINANCE_REFUSED) throw conflict(`order ${orderId} is in status ${agg.status}; only 0 and 3 can be cancelled`);
      const now = await this.#now(owner.developerId, trx);
      const at = new Date(now);
      const why = reason ? `cancelled: ${reason}` : "cancelled by the buyer";
      const open = agg.openLines();
      for (const line of open) agg.moveLine(line, "TRADE_CLOSED", why, `user:${owner.userId}`, at, "BUYER_CANCEL");
      agg.moveOrder(OrderStatus.CANCELLED, why, `user:${owner.userId}`, at);
      await agg.save(trx, outbox, now, this.#timeoutMs);
      await this.#deps.clocks.cancel(trx, owner.developerId, [subjectOf(orderId)], [UNPAID_TIMEOUT_EVENT]);
      return [...new Set(open.map((l) => l.taobao_purchase_id))];
    });
    await this.#giveUp(owner, purchases, reason ?? "buyer cancelled");
    return true;
  }

  /** Cancels unpaid upstream purchases, best effort: a refusing or unreachable seller closes them anyway. */
  async #giveUp(owner: PurchaseOwner, purchaseIds: string[], reason: string): Promise<void> {
    for (const id of purchaseIds) await this.#deps.purchase.cancelOrder("taobao", owner, id, reason).catch(() => false);
  }

  /** T5/T9 on the developer's clock: an order still unpaid at its deadline closes. */
  async #closeUnpaid(trx: Db, developerId: string, orderId: string, now: number): Promise<AfterCommit | undefined> {
    const agg = await loadOrder(trx, { id: orderId, developerId });
    if (!agg || (agg.status !== OrderStatus.WAIT_BUYER_PAY && agg.status !== OrderStatus.FINANCE_REFUSED)) return undefined;
    if (agg.order.unpaid_close_at && agg.order.unpaid_close_at.getTime() > now) return undefined;
    const at = new Date(now);
    const open = agg.openLines();
    for (const line of open) agg.moveLine(line, "TRADE_CLOSED", "not paid in time", "timeout", at, "UNPAID_TIMEOUT");
    agg.moveOrder(OrderStatus.CANCELLED, "not paid in time", "timeout", at);
    await agg.save(trx, this.#deps.outbox, now, this.#timeoutMs);
    // As a buyer's cancel does: give the unpaid upstream purchases up, once the order's close is
    // committed and outside the clock's transaction.
    const purchases = [...new Set(open.map((l) => l.taobao_purchase_id))];
    return () => this.#giveUp({ developerId, userId: agg.order.user_id }, purchases, "not paid in time");
  }

  /** POST /v2/taobao/order/updateWarehouse (taobao.md §2.4). */
  async updateWarehouse(owner: Owner, orderId: string, warehouseAddress: string, warehouseName: string): Promise<OrderV2VO> {
    const { db, outbox, purchase } = this.#deps;
    const refuse = (status: number) => conflict(`order ${orderId} is in status ${status}; its pre-warehouse can no longer change`);
    const current = await ordersRepo.findOrderId(db, owner, { id: orderId });
    if (!current) throw notFound(`order ${orderId}`);
    // Paid purchases are the seller's now: in status 10 the change goes upstream first (taobao.md §2.4).
    const lines = await ordersRepo.linesOf(db, [current]);
    if (lines.some((l) => l.status === "WAIT_SELLER_SEND_GOODS")) {
      const purchases = [...new Set(lines.filter((l) => l.status === "WAIT_SELLER_SEND_GOODS").map((l) => l.taobao_purchase_id))];
      for (const purchaseId of purchases) {
        let accepted = false;
        try {
          accepted = await purchase.updateAddress("taobao", owner, purchaseId, { name: warehouseName, address: warehouseAddress });
        } catch (err) {
          upstreamFailure(err);
        }
        if (!accepted) throw new ApiError(Code.UPSTREAM_FAILURE, `the upstream refused to change the address of purchase ${purchaseId} (already shipped)`);
      }
    }
    return db.transaction().execute(async (trx) => {
      const agg = await loadOrder(trx, { id: orderId, developerId: owner.developerId, userId: owner.userId });
      if (!agg) throw notFound(`order ${orderId}`);
      if (agg.status === OrderStatus.CANCELLED || agg.status === OrderStatus.SHIPPED) throw refuse(agg.status);
      agg.order.wh_address = warehouseAddress;
      agg.order.rcv_address = warehouseAddress;
      agg.order.wh_name = warehouseName;
      agg.touch();
      await agg.save(trx, outbox, await this.#now(owner.developerId, trx), this.#timeoutMs);
      return JSON.parse(agg.order.view_json) as OrderV2VO;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  /** The upstream purchases behind one of the developer's Taobao orders (sandbox triggers by order id). */
  async purchasesOf(developerId: string, orderId: string): Promise<string[]> {
    return ordersRepo.purchasesOfOrder(this.#deps.db, developerId, orderId);
  }

  /** GET /v2/taobao/order/detail/get (taobao.md §2.7): the stored view as served. */
  async detail(owner: Owner, by: { orderId?: string; orderNo?: string }): Promise<string> {
    if (by.orderId === undefined && by.orderNo === undefined) throw invalid("orderId or orderNo is required");
    const id = await ordersRepo.findOrderId(this.#deps.db, owner, { ...(by.orderId ? { id: by.orderId } : {}), ...(by.orderNo ? { orderNo: by.orderNo } : {}) });
    if (!id) throw notFound(`order ${by.orderId ?? by.orderNo}`);
    return (await ordersRepo.viewOf(this.#deps.db, id))!;
  }

  /** POST /v2/taobao/order/page/link/get (taobao.md §2.6). */
  async imLink(owner: Owner, sourceType: string, bizId: string): Promise<string> {
    let subject: { kind: "item" | "order"; id: string };
    if (sourceType === "item") {
      const product = await this.#deps.catalog.product("taobao", bizId, "zh").catch(() => undefined);
      if (!product) throw notFound(`item ${bizId}`);
      subject = { kind: "item", id: product.id };
    } else if (sourceType === "order") {
      if (!/^\d{12}$/.test(bizId) || (await ordersRepo.ordersOfUpstreamPurchase(this.#deps.db, owner.developerId, bizId, owner.userId)).length === 0) {
        throw notFound(`order with taobaoPurchaseId ${bizId}`);
      }
      subject = { kind: "order", id: bizId };
    } else {
      throw invalid("sourceType must be item or order");
    }
    let link: string | undefined;
    try {
      link = await this.#deps.purchase.imLink("taobao", owner, subject);
    } catch (err) {
      upstreamFailure(err);
    }
    if (!link) throw notFound(`${sourceType} ${bizId}`);
    // A one-time login token, as the documented address carries (the sandbox page ignores it).
    return `${link}${link.includes("?") ? "&" : "?"}loginToken=${randomBytes(16).toString("hex")}`;
  }

  /** GET /v2/taobao/order/logistics/detail/get (taobao.md §2.8). */
  async logistics(owner: Owner, subPurchaseOrderId: string) {
    const line = await ordersRepo.lineOfUser(this.#deps.db, owner, subPurchaseOrderId);
    if (!line) throw notFound(`sub purchase order ${subPurchaseOrderId}`);
    const order = await this.#deps.db.selectFrom("taobao_orders").selectAll().where("id", "=", line.order_id).executeTakeFirstOrThrow();
    const lines = await ordersRepo.linesOf(this.#deps.db, [order.id]);
    let parcels: Shipment[];
    try {
      parcels = await this.#deps.purchase.shipments("taobao", owner, subPurchaseOrderId);
    } catch (err) {
      upstreamFailure(err);
    }
    const s = (v: string | null | undefined) => v ?? "";
    return {
      purchaseOrderOuterId: subPurchaseOrderId,
      pnmLogisticsDetails: parcels.map((parcel) => ({
        mailNo: parcel.trackingNumber,
        logisticsTraces: parcel.trace.map((t) => ({
          statusDesc: t.description,
          province: "",
          city: t.city,
          district: "",
          action: t.status,
          facilityName: "",
          time: formatCst(t.at),
          standerdDesc: STANDARD_TEXT[t.status] ?? "",
          status: t.status,
          nextCity: "",
          nextNodeName: "",
        })),
        logisticsPartner: [{ companyImageUrl: "", company: parcel.carrier, companyContact: "" }],
        receiver: {
          zipCode: s(order.wh_zip),
          address: s(order.wh_address),
          province: s(order.wh_state),
          city: s(order.wh_city),
          district: s(order.wh_district),
          phone: s(order.wh_mobile_phone ?? order.wh_phone),
          name: s(order.wh_name),
        },
        logisticsGoods: lines
          .filter((l) => parcel.lineIds.includes(l.taobao_sub_purchase_id))
          .map((l) => ({
            title: l.title,
            property: Object.entries(JSON.parse(l.sku_props_zh ?? "{}") as Record<string, string>)
              .map(([k, v]) => `${k}:${v}`)
              .join(";"),
            imageUrl: s(l.sku_image_url),
            quantity: String(l.quantity),
          })),
      })),
    };
  }
}
