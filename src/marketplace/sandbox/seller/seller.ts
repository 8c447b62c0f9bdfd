// The sandbox's sellers: the purchase side of the marketplace port. What a Taobao or 1688 seller
// does after the platform buys from it (build and price lines, take payment, ship, hand parcels to
// carriers, answer refund requests) happens as scheduled events on the developer's test clock,
// stored in the database, and reaches the platform as MarketplaceEvents, emitted inside the
// transaction that records them. Everything is derived from the seed and the developer's own
// counters, so the same calls and clock moves give the same ids, prices, parcels and event order.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../../platform/db/index.ts";
import { writeInOneStatement, type PendingWrite } from "../../../platform/db/one-statement.ts";
import { conflict, invalid, notFound } from "../../../platform/http/errors.ts";
import type { SandboxClocks } from "../../../modules/sandbox/clocks.ts";
import type { Job, JobRunner, NewJob } from "../../../platform/jobs/runner.ts";
import type { MarketplaceInbox } from "../../inbox.ts";
import {
  UpstreamError,
  UpstreamRejection,
  type MarketplaceEvent,
  type PaymentResult,
  type Platform,
  type Product,
  type PurchaseLine,
  type PurchaseOrder,
  type PurchaseOwner,
  type PurchasePort,
  type PurchaseReceiver,
  type RefundCase,
  type RefundCaseStatus,
  type RefundChange,
  type RefundRequest,
  type ReturnAddress,
  type Shipment,
  type Sku,
  type TraceEvent,
} from "../../port.ts";
import type { SandboxGoods } from "../goods.ts";
import { MAX_LINES_PER_PURCHASE, PurchaseIds } from "./purchase-ids.ts";
import { scenariosIn, type SellerTimings } from "./scenarios.ts";
import * as store from "./store.ts";
import type { StoredLine, StoredPurchase, StoredRefund, StoredShipment } from "./store.ts";

// Upstream statuses (reference/statuses.md §2.1 and §5).
const TB = {
  building: "BULIDING",
  waitPay: "WAIT_BUYER_PAY",
  waitSend: "WAIT_SELLER_SEND_GOODS",
  shipped: "WAIT_BUYER_CONFIRM_GOODS",
  closed: "TRADE_CLOSED",
} as const;
const AL = {
  waitPay: "waitbuyerpay",
  waitSend: "waitsellersend",
  shipped: "waitbuyerreceive",
  confirmed: "confirm_goods",
  success: "success",
  cancel: "cancel",
  terminated: "terminated",
} as const;

const FAILURES: Record<string, string> = {
  OUT_OF_STOCK: "库存不足 (out of stock)",
  ITEM_DELISTED: "商品已下架 (the item is no longer sold)",
  BUILD_FAILED: "卖家下单失败 (the seller could not create the order line)",
  ITEM_NOT_FOUND: "商品不存在 (no such item or SKU)",
};

const CARRIERS = [
  { name: "中通快递", code: "ZTO", prefix: "7" },
  { name: "圆通速递", code: "YTO", prefix: "YT" },
  { name: "韵达快递", code: "YUNDA", prefix: "43" },
  { name: "申通快递", code: "STO", prefix: "77" },
  { name: "顺丰速运", code: "SF", prefix: "SF" },
] as const;

const SELLER_CITIES = ["杭州市", "广州市", "义乌市", "深圳市", "泉州市", "苏州市", "东莞市", "汕头市"];

/** Tracking steps after shipment, as fractions of the transit time (default 36 h: 1 h, 8 h, 30 h, 36 h). */
const TRACK_STEPS: ReadonlyArray<{ step: "ACCEPT" | "TRANSPORT" | "DELIVERING" | "SIGN"; at: number }> = [
  { step: "ACCEPT", at: 1 / 36 },
  { step: "TRANSPORT", at: 8 / 36 },
  { step: "DELIVERING", at: 30 / 36 },
  { step: "SIGN", at: 1 },
];

export const SELLER_EVENT_KINDS = {
  build: "seller.build",
  priceChange: "seller.price_change",
  ship: "seller.ship",
  track: "seller.track",
  autoConfirm: "seller.auto_confirm",
  refundDecide: "seller.refund_decide",
  returnReceive: "seller.return_receive",
  /** The deadline of the case's status passed (statuses.md §4.1 timeoutType). */
  refundTimeout: "seller.refund_timeout",
} as const;

/** The steps of one after-sales case (scheduled under the case's own subject). */
const REFUND_STEPS: string[] = [SELLER_EVENT_KINDS.refundDecide, SELLER_EVENT_KINDS.returnReceive, SELLER_EVENT_KINDS.refundTimeout];

/** Cases that hold their lines: no other case for them until these end. */
const OPEN_CASE: readonly RefundCaseStatus[] = ["requested", "waiting_return", "return_shipped"];
/** What the buyer may revoke (statuses.md §4.1: 1, 2, 6 → 4). */
const CANCELLABLE: readonly RefundCaseStatus[] = ["requested", "waiting_return", "refused"];
/** Whose time runs in each status, and how long (the others are final). */
const DEADLINES: Partial<Record<RefundCaseStatus, keyof SellerTimings>> = {
  requested: "sellerAgreeTimeout",
  refused: "buyerModifyTimeout",
  waiting_return: "buyerReturnTimeout",
  return_shipped: "sellerReceiveTimeout",
};

const REFUSALS = {
  shipped: "卖家拒绝退款：商品已按约定发出，请与卖家协商 (the seller refuses: the goods were sent as agreed; talk to the seller)",
  preparing: "卖家拒绝退款：订单已在备货中，请与卖家协商 (the seller refuses: the order is already being prepared; talk to the seller)",
  inspection: "验货不通过：退回的商品与发出时不符，影响二次销售 (inspection failed: the returned goods differ from what was sent and cannot be sold again)",
};
const RETURN_NOTE = "请将商品连同原包装、配件寄回，包裹内附订单号，勿寄到付 (send the goods back with their packaging and accessories, the order number inside; no cash on delivery)";
/** How many of the buyer's messages a case keeps. */
const MESSAGES_KEPT = 50;

/** Named events that `trigger` can make happen now on a purchase. */
export const TRIGGERS = [
  "build",
  "build_fail",
  "price_change",
  "ship",
  "tracking",
  "deliver",
  "lose_parcel",
  "confirm_receipt",
  "refund_agree",
  "refund_refuse",
  "refund_ask_return",
  "return_receive",
  "return_refuse",
  "refund_timeout",
] as const;
export type TriggerName = (typeof TRIGGERS)[number];

/**
 * The purchases each trigger applies to. 1688 prices a line when the order is created, so there is
 * no build to hurry or fail; Taobao has no upstream status after shipment, so no receipt to confirm.
 */
export const TRIGGER_PLATFORMS: Readonly<Record<TriggerName, readonly Platform[]>> = {
  build: ["taobao"],
  build_fail: ["taobao"],
  price_change: ["taobao", "alibaba"],
  ship: ["taobao", "alibaba"],
  tracking: ["taobao", "alibaba"],
  deliver: ["taobao", "alibaba"],
  lose_parcel: ["taobao", "alibaba"],
  confirm_receipt: ["alibaba"],
  refund_agree: ["taobao", "alibaba"],
  refund_refuse: ["taobao", "alibaba"],
  refund_ask_return: ["taobao", "alibaba"],
  return_receive: ["taobao", "alibaba"],
  return_refuse: ["taobao", "alibaba"],
  refund_timeout: ["taobao", "alibaba"],
};

const PLATFORM_NAMES: Record<Platform, string> = { taobao: "Taobao", alibaba: "1688" };

/** Why a trigger does not apply to a platform's purchases. */
const NOT_APPLICABLE: Partial<Record<TriggerName, string>> = {
  build: "1688 lines are priced when the order is created; there is no build to trigger",
  build_fail: "1688 lines are priced (or refused) when the order is created; there is no build to fail",
  confirm_receipt: "Taobao purchases have no receipt confirmation at the upstream (confirm_receipt is the 1688 automatic confirmation)",
};

export interface SellerOptions {
  db: Db;
  clocks: SandboxClocks;
  jobs: JobRunner;
  inbox: MarketplaceInbox;
  goods: SandboxGoods;
  seed: number;
  timings: SellerTimings;
  publicUrl: string;
}

const subjectOf = (platform: Platform, orderId: string) => `${platform}:${orderId}`;
/** An after-sales case's steps are its own: ending them leaves the purchase's (and other cases') alone. */
const refundSubjectOf = (platform: Platform, refundId: string) => `${platform}:refund:${refundId}`;

function digest(...parts: Array<string | number>): Buffer {
  return createHash("sha256").update(parts.join("|")).digest();
}

export class SandboxSeller implements PurchasePort {
  readonly #db: Db;
  readonly #clocks: SandboxClocks;
  readonly #jobs: JobRunner;
  readonly #inbox: MarketplaceInbox;
  readonly #goods: SandboxGoods;
  readonly #seed: number;
  readonly #timings: SellerTimings;
  readonly #publicUrl: string;
  readonly #ids: PurchaseIds;

  constructor(options: SellerOptions) {
    this.#db = options.db;
    this.#clocks = options.clocks;
    this.#jobs = options.jobs;
    this.#inbox = options.inbox;
    this.#goods = options.goods;
    this.#seed = options.seed;
    this.#timings = options.timings;
    this.#publicUrl = options.publicUrl;
    this.#ids = new PurchaseIds(options.seed);
    // Seller behaviour runs as jobs on the developer's test clock; what a seller does reaches the
    // platform through the marketplace inbox, keyed by the job that did it (a re-run is a duplicate).
    const on = (kind: string, run: (trx: Db, payload: never, now: number, job: Job) => Promise<void>) =>
      this.#jobs.on(kind, (trx, job, now) => run(trx, job.payload as never, now, job));
    on(SELLER_EVENT_KINDS.build, (trx, p: OrderRef & { lineId: string }, now, job) => this.#build(trx, job, p, now));
    on(SELLER_EVENT_KINDS.priceChange, (trx, p: OrderRef & { lineId: string }, now, job) => this.#changePrice(trx, job, p, now));
    on(SELLER_EVENT_KINDS.ship, (trx, p: OrderRef & { lineIds: string[] }, now, job) => this.#ship(trx, job, p, now));
    on(SELLER_EVENT_KINDS.track, (trx, p: OrderRef & { trackingNumber: string; step: string }, now, job) => this.#track(trx, job, p, now));
    on(SELLER_EVENT_KINDS.autoConfirm, (trx, p: OrderRef, now, job) => this.#autoConfirm(trx, job, p, now));
    on(SELLER_EVENT_KINDS.refundDecide, (trx, p: CaseStep, now, job) => this.#decideRefund(trx, job, p, now));
    on(SELLER_EVENT_KINDS.returnReceive, (trx, p: CaseStep, now, job) => this.#receiveReturn(trx, job, p, now));
    on(SELLER_EVENT_KINDS.refundTimeout, (trx, p: CaseStep, now, job) => this.#timeOut(trx, job, p, now));
    this.#clocks.onUserReset(async (trx, developerId, userId) => {
      const subjects = await store.deleteUserState(trx, developerId, userId);
      await this.#jobs.cancel(trx, developerId, subjects);
    });
  }

  /** Hands an event to the platform: appended to the inbox in the seller's transaction, applied later in the platform's. */
  async #emit(trx: Db, cause: Job, clientRef: string | null, event: WithoutClientRef): Promise<void> {
    await this.#inbox.append(trx, [{ connector: "sandbox", eventKey: `${cause.id}:${event.kind}`, event: { ...event, clientRef } as MarketplaceEvent }]);
  }

  // -------------------------------------------------------------------------------------------
  // Buying

  async createOrder(platform: Platform, owner: PurchaseOwner, lines: PurchaseLine[], receiver: PurchaseReceiver, clientRef?: string): Promise<PurchaseOrder[]> {
    // A repeat with the same client reference returns the purchases made the first time (as Taobao
    // Global's outer_purchase_id and 1688's outOrderId make a retried create safe).
    if (clientRef !== undefined) {
      const existing = await this.findByClientRef(platform, owner, clientRef);
      if (existing.length > 0) return existing;
    }
    const scenarios = scenariosIn(receiver.name, platform);
    if (scenarios.includes("UPSTREAM_TIMEOUT")) {
      await sleep(this.#timings.upstreamTimeout);
      throw new UpstreamError("timeout", "the upstream did not answer in time (sandbox scenario UPSTREAM_TIMEOUT)");
    }
    if (scenarios.includes("UPSTREAM_5XX")) throw new UpstreamError("http_502", "the upstream answered 502 Bad Gateway (sandbox scenario UPSTREAM_5XX)");
    if (lines.length === 0) throw new UpstreamRejection("NO_LINES", "an order needs at least one line");

    // Look every line up (the seller's own catalogue) and group them by shop, in order of appearance.
    const groups = new Map<number, Array<{ line: PurchaseLine; product: Product | undefined; sku: Sku | undefined; index: number }>>();
    for (const [index, line] of lines.entries()) {
      const product = await this.#goods.product(platform, line.productId, "zh");
      const sku = product ? findSku(product, line.skuId) : undefined;
      const shopId = product?.seller.shopId ?? 0;
      const group = groups.get(shopId) ?? [];
      group.push({ line, product, sku, index });
      groups.set(shopId, group);
    }
    for (const group of groups.values()) {
      if (group.length > MAX_LINES_PER_PURCHASE) throw new UpstreamRejection("TOO_MANY_LINES", `at most ${MAX_LINES_PER_PURCHASE} lines per shop`);
    }

    // Every shop's purchase with its lines and first events in one statement, all or nothing; their
    // numbers taken before in one other (a failed create leaves a gap in the sandbox's numbering).
    const db = this.#db;
    const now = await this.#clocks.now(owner.developerId);
    let n = await store.nextCounters(db, owner.developerId, `purchase:${platform}`, groups.size);
    const created: StoredPurchase[] = [];
    const writes: PendingWrite[] = [];
    for (const [shopId, group] of groups) {
      const ids = this.#ids.purchase(platform, n++, group.length);
      const storedLines: StoredLine[] = group.map(({ line, product, sku, index }, k) => {
        const forced = decideLine(scenarios, index, line, product, sku);
        const failure = forced.find((word) => word in FAILURES || word === "BUILD_FAIL");
        const base: StoredLine = {
          lineNo: line.lineNo,
          upstreamLineId: ids.lineIds[k]!,
          productId: line.productId,
          skuId: line.skuId,
          quantity: line.quantity,
          status: platform === "taobao" ? TB.building : AL.waitPay,
          unitPriceFen: null,
          postFeeFen: null,
          errorCode: null,
          errorMessage: null,
          trackingNumbers: [],
          forced,
        };
        if (platform === "alibaba") {
          // 1688 prices (or refuses) a line at once.
          if (failure) Object.assign(base, failLine(failure), { status: AL.cancel });
          else Object.assign(base, { unitPriceFen: unitPrice(platform, product!, sku, line.quantity), postFeeFen: postFee(product!, sku) });
        }
        return base;
      });
      const purchase: StoredPurchase = {
        platform,
        upstreamOrderId: ids.orderId,
        clientRef: clientRef ?? null,
        owner,
        shopId,
        sellerCity: SELLER_CITIES[shopId % SELLER_CITIES.length]!,
        status: "",
        scenarios,
        receiver,
        lines: storedLines,
        shipments: [],
        createdAt: now,
        paidAt: null,
      };
      purchase.status = statusOf(purchase);
      const subject = subjectOf(platform, purchase.upstreamOrderId);
      const events = storedLines.flatMap((line, k): NewJob[] => {
        const payload = { platform, orderId: purchase.upstreamOrderId, lineId: line.upstreamLineId };
        if (platform === "taobao") return [{ developerId: owner.developerId, dueAtMs: now + this.#timings.build + k * 20_000, kind: SELLER_EVENT_KINDS.build, subject, payload }];
        if (line.forced.includes("PRICE_UP") && line.status === AL.waitPay) {
          return [{ developerId: owner.developerId, dueAtMs: now + this.#timings.priceChange, kind: SELLER_EVENT_KINDS.priceChange, subject, payload }];
        }
        return [];
      });
      writes.push(...store.insertPurchaseWrites(db, purchase), ...(events.length > 0 ? [this.#jobs.scheduleWrite(db, events).write] : []));
      created.push(purchase);
    }
    await writeInOneStatement(db, writes);
    return created.map(publicOrder);
  }

  async findByClientRef(platform: Platform, owner: PurchaseOwner, clientRef: string): Promise<PurchaseOrder[]> {
    const purchases = await store.purchasesByClientRef(this.#db, owner.developerId, platform, clientRef);
    return purchases.filter((p) => p.owner.userId === owner.userId).map(publicOrder);
  }

  async #schedule(trx: Db, developerId: string, dueAtMs: number, kind: string, subject: string, payload: unknown): Promise<void> {
    await this.#jobs.schedule(trx, { developerId, dueAtMs, kind, subject, payload });
  }

  /** A Taobao line is created at the seller: priced, or refused. */
  async #build(trx: Db, job: Job, ref: OrderRef & { lineId: string }, now: number): Promise<void> {
    const developerId = job.developerId!;
    const purchase = await store.loadPurchase(trx, developerId, ref.platform, ref.orderId, true);
    const line = purchase?.lines.find((l) => l.upstreamLineId === ref.lineId);
    if (!purchase || !line || line.status !== TB.building) return;
    const failure = line.forced.find((word) => word in FAILURES || word === "BUILD_FAIL");
    if (failure) {
      Object.assign(line, failLine(failure), { status: TB.closed });
      purchase.status = statusOf(purchase);
      await store.savePurchase(trx, purchase);
      await this.#emit(trx, job, purchase.clientRef, {
        kind: "line_build_failed",
        platform: ref.platform,
        developerId,
        at: now,
        upstreamOrderId: ref.orderId,
        upstreamLineId: line.upstreamLineId,
        errorCode: line.errorCode!,
        errorMessage: line.errorMessage!,
      });
      return;
    }
    const product = await this.#goods.product(ref.platform, line.productId, "zh");
    const sku = product ? findSku(product, line.skuId) : undefined;
    line.unitPriceFen = unitPrice(ref.platform, product!, sku, line.quantity);
    line.postFeeFen = postFee(product!, sku);
    line.status = TB.waitPay;
    purchase.status = statusOf(purchase);
    await store.savePurchase(trx, purchase);
    await this.#emit(trx, job, purchase.clientRef, {
      kind: "line_built",
      platform: ref.platform,
      developerId,
      at: now,
      upstreamOrderId: ref.orderId,
      upstreamLineId: line.upstreamLineId,
      unitPriceFen: line.unitPriceFen,
      postFeeFen: line.postFeeFen,
    });
    if (line.forced.includes("PRICE_UP")) {
      await this.#schedule(trx, developerId, now + this.#timings.priceChange, SELLER_EVENT_KINDS.priceChange, subjectOf(ref.platform, ref.orderId), ref);
    }
  }

  /** The seller raises an unpaid line's price: +10%, at least ¥1. */
  async #changePrice(trx: Db, job: Job, ref: OrderRef & { lineId: string }, now: number): Promise<void> {
    const developerId = job.developerId!;
    const purchase = await store.loadPurchase(trx, developerId, ref.platform, ref.orderId, true);
    const line = purchase?.lines.find((l) => l.upstreamLineId === ref.lineId);
    const waiting = ref.platform === "taobao" ? TB.waitPay : AL.waitPay;
    if (!purchase || !line || line.status !== waiting || purchase.paidAt !== null || line.unitPriceFen === null) return;
    line.unitPriceFen += Math.max(100, Math.round(line.unitPriceFen / 10));
    await store.savePurchase(trx, purchase);
    await this.#emit(trx, job, purchase.clientRef, {
      kind: "price_changed",
      platform: ref.platform,
      developerId,
      at: now,
      upstreamOrderId: ref.orderId,
      upstreamLineId: line.upstreamLineId,
      unitPriceFen: line.unitPriceFen,
      postFeeFen: line.postFeeFen ?? 0,
    });
  }

  async payOrder(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, amountFen: number): Promise<PaymentResult> {
    return this.#db.transaction().execute(async (trx) => {
      const purchase = await this.#owned(trx, platform, owner, upstreamOrderId, true);
      if (!purchase) return { paid: false, reason: "NOT_FOUND" };
      if (purchase.paidAt !== null) return { paid: true, at: purchase.paidAt };
      const open = openLines(purchase);
      const waiting = platform === "taobao" ? TB.waitPay : AL.waitPay;
      if (open.length === 0 || open.some((line) => line.status !== waiting)) return { paid: false, reason: "NOT_PAYABLE" };
      if (amountFen !== payable(purchase)) return { paid: false, reason: "AMOUNT_MISMATCH" };
      const now = await this.#clocks.now(owner.developerId, trx);
      const subject = subjectOf(platform, upstreamOrderId);
      if (purchase.scenarios.includes("PAY_REFUSED")) {
        for (const line of open) line.status = platform === "taobao" ? TB.closed : AL.cancel;
        purchase.status = statusOf(purchase);
        await store.savePurchase(trx, purchase);
        await this.#jobs.cancel(trx, owner.developerId, [subject]);
        return { paid: false, reason: "PAYMENT_REFUSED" };
      }
      purchase.paidAt = now;
      for (const line of open) line.status = platform === "taobao" ? TB.waitSend : AL.waitSend;
      purchase.status = statusOf(purchase);
      const shipAt = now + (purchase.scenarios.includes("SLOW_SHIP") ? this.#timings.slowShip : this.#timings.ship);
      const parcels = purchase.scenarios.includes("PARTIAL_SHIP") && open.length > 1 ? [open.slice(0, 1), open.slice(1)] : [open];
      const shipments = parcels.map((parcel, k) => ({
        developerId: owner.developerId,
        dueAtMs: shipAt + k * this.#timings.partialGap,
        kind: SELLER_EVENT_KINDS.ship,
        subject,
        payload: { platform, orderId: upstreamOrderId, lineIds: parcel.map((line) => line.upstreamLineId) },
      }));
      // Paid, pending price changes gone with the payment, the shipments scheduled: one statement.
      await writeInOneStatement(trx, [
        store.savePurchaseWrite(trx, purchase),
        this.#jobs.cancelWrite(trx, owner.developerId, [subject], [SELLER_EVENT_KINDS.priceChange]),
        this.#jobs.scheduleWrite(trx, shipments).write,
      ]);
      return { paid: true, at: now };
    });
  }

  async cancelOrder(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, _reason: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const purchase = await this.#owned(trx, platform, owner, upstreamOrderId, true);
      if (!purchase) return false;
      if (purchase.paidAt !== null) return false;
      for (const line of openLines(purchase)) line.status = platform === "taobao" ? TB.closed : AL.cancel;
      purchase.status = statusOf(purchase);
      await store.savePurchase(trx, purchase);
      await this.#jobs.cancel(trx, owner.developerId, [subjectOf(platform, upstreamOrderId)]);
      return true;
    });
  }

  async readOrder(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string): Promise<PurchaseOrder | undefined> {
    const purchase = await this.#owned(this.#db, platform, owner, upstreamOrderId, false);
    return purchase && publicOrder(purchase);
  }

  async updateAddress(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, change: { name?: string; address: string }): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const purchase = await this.#owned(trx, platform, owner, upstreamOrderId, true);
      // Once a parcel has left, the seller cannot redirect it.
      if (!purchase || purchase.shipments.length > 0 || openLines(purchase).length === 0) return false;
      purchase.receiver = { ...purchase.receiver, address: change.address, ...(change.name ? { name: change.name } : {}) };
      await store.savePurchase(trx, purchase);
      return true;
    });
  }

  async #owned(db: Db, platform: Platform, owner: PurchaseOwner, orderId: string, lock: boolean): Promise<StoredPurchase | undefined> {
    const purchase = await store.loadPurchase(db, owner.developerId, platform, orderId, lock);
    return purchase && purchase.owner.userId === owner.userId ? purchase : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Shipping

  async #ship(trx: Db, job: Job, ref: OrderRef & { lineIds: string[] }, now: number): Promise<void> {
    const developerId = job.developerId!;
    const purchase = await store.loadPurchase(trx, developerId, ref.platform, ref.orderId, true);
    if (!purchase) return;
    const waiting = ref.platform === "taobao" ? TB.waitSend : AL.waitSend;
    const lines = purchase.lines.filter((line) => ref.lineIds.includes(line.upstreamLineId) && line.status === waiting);
    if (lines.length === 0) return;
    const index = purchase.shipments.length;
    const pick = digest(this.#seed, ref.platform, ref.orderId, "parcel", index);
    const carrier = CARRIERS[pick[0]! % CARRIERS.length]!;
    const digits = (pick.readBigUInt64BE(8) % 10n ** 12n).toString().padStart(12, "0");
    const shipment: StoredShipment = {
      carrier: carrier.name,
      carrierCode: carrier.code,
      trackingNumber: carrier.prefix + digits,
      upstreamOrderId: ref.orderId,
      lineIds: lines.map((line) => line.upstreamLineId),
      shippedAt: now,
      trace: [{ at: now, status: "CREATE", description: `卖家已发货，包裹等待【${carrier.name}】揽收`, city: purchase.sellerCity }],
      lost: purchase.scenarios.includes("LOST_PARCEL") && index === 0,
    };
    purchase.shipments.push(shipment);
    for (const line of lines) {
      line.status = ref.platform === "taobao" ? TB.shipped : AL.shipped;
      line.trackingNumbers.push(shipment.trackingNumber);
    }
    purchase.status = statusOf(purchase);
    const subject = subjectOf(ref.platform, ref.orderId);
    const events: NewJob[] = TRACK_STEPS.map(({ step, at }) => ({
      developerId,
      dueAtMs: now + Math.round(this.#timings.transit * at),
      kind: SELLER_EVENT_KINDS.track,
      subject,
      payload: { platform: ref.platform, orderId: ref.orderId, trackingNumber: shipment.trackingNumber, step },
    }));
    if (ref.platform === "alibaba" && purchase.status === AL.shipped) {
      events.push({ developerId, dueAtMs: now + this.#timings.autoConfirm, kind: SELLER_EVENT_KINDS.autoConfirm, subject, payload: { platform: ref.platform, orderId: ref.orderId } });
    }
    // The parcel and its tracking steps: one statement.
    await writeInOneStatement(trx, [store.savePurchaseWrite(trx, purchase), this.#jobs.scheduleWrite(trx, events).write]);
    await this.#emit(trx, job, purchase.clientRef, { kind: "shipped", platform: ref.platform, developerId, at: now, upstreamOrderId: ref.orderId, shipment: publicShipment(shipment) });
  }

  async #track(trx: Db, job: Job, ref: OrderRef & { trackingNumber: string; step: string }, now: number): Promise<void> {
    const developerId = job.developerId!;
    const purchase = await store.loadPurchase(trx, developerId, ref.platform, ref.orderId, true);
    const shipment = purchase?.shipments.find((s) => s.trackingNumber === ref.trackingNumber);
    if (!purchase || !shipment) return;
    const last = shipment.trace.at(-1)!;
    if (last.status === "SIGN" || last.status === "FAILED") return;
    const destination = purchase.receiver.city || "广州市";
    let event: TraceEvent;
    if (shipment.lost && (ref.step === "DELIVERING" || ref.step === "SIGN")) {
      event = { at: now, status: "FAILED", description: "快件运输异常：包裹在转运途中遗失，请联系卖家处理 (parcel lost in transit)", city: "" };
    } else {
      const texts: Record<string, [TraceEvent["status"], string, string]> = {
        ACCEPT: ["ACCEPT", `【${purchase.sellerCity}】${shipment.carrier} 已揽收`, purchase.sellerCity],
        TRANSPORT: ["TRANSPORT", `快件已从【${purchase.sellerCity}】发出，正发往【${destination}】`, purchase.sellerCity],
        DELIVERING: ["DELIVERING", `快件已到达【${destination}】，正在派送`, destination],
        SIGN: ["SIGN", "快件已签收，签收人：仓库 (signed by the warehouse)", destination],
      };
      const [status, description, city] = texts[ref.step]!;
      event = { at: now, status, description, city };
    }
    shipment.trace.push(event);
    await store.savePurchase(trx, purchase);
    await this.#emit(trx, job, purchase.clientRef, { kind: "tracking", platform: ref.platform, developerId, at: now, upstreamOrderId: ref.orderId, trackingNumber: shipment.trackingNumber, event });
  }

  async shipments(platform: Platform, owner: PurchaseOwner, upstreamLineId: string): Promise<Shipment[]> {
    const orderId = await store.orderOfLine(this.#db, owner.developerId, platform, upstreamLineId);
    const purchase = orderId ? await this.#owned(this.#db, platform, owner, orderId, false) : undefined;
    return purchase ? purchase.shipments.filter((s) => s.lineIds.includes(upstreamLineId)).map(publicShipment) : [];
  }

  async confirmReceipt(platform: Platform, owner: PurchaseOwner, upstreamOrderId: string, lineIds: string[]): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const purchase = await this.#owned(trx, platform, owner, upstreamOrderId, true);
      if (!purchase) return false;
      const shipped = platform === "taobao" ? TB.shipped : AL.shipped;
      // 1688 confirms receipt only of an order whose every line has shipped (statuses.md §5).
      if (platform === "alibaba" && purchase.status !== AL.shipped) return false;
      const targets = lineIds.length === 0 ? purchase.lines.filter((l) => l.status === shipped) : purchase.lines.filter((l) => lineIds.includes(l.upstreamLineId));
      if (targets.length === 0 || targets.some((l) => l.status !== shipped)) return false;
      // Taobao has no upstream status after shipment (statuses.md §2.1); 1688 lines become confirm_goods.
      if (platform === "alibaba") {
        for (const line of targets) line.status = AL.confirmed;
        settle(purchase);
        if (purchase.status === AL.success) await this.#jobs.cancel(trx, owner.developerId, [subjectOf(platform, upstreamOrderId)], [SELLER_EVENT_KINDS.autoConfirm]);
      }
      await store.savePurchase(trx, purchase);
      return true;
    });
  }

  /** 1688: the buyer did not confirm in time; the trade confirms and settles by itself. */
  async #autoConfirm(trx: Db, job: Job, ref: OrderRef, now: number): Promise<void> {
    const developerId = job.developerId!;
    const purchase = await store.loadPurchase(trx, developerId, ref.platform, ref.orderId, true);
    if (!purchase || purchase.status !== AL.shipped) return;
    const lines = purchase.lines.filter((l) => l.status === AL.shipped);
    for (const line of lines) line.status = AL.confirmed;
    settle(purchase);
    await store.savePurchase(trx, purchase);
    await this.#emit(trx, job, purchase.clientRef, { kind: "receipt_confirmed", platform: ref.platform, developerId, at: now, upstreamOrderId: ref.orderId, lineIds: lines.map((l) => l.upstreamLineId), automatic: true });
  }

  async imLink(platform: Platform, owner: PurchaseOwner, subject: { kind: "item" | "order"; id: string }): Promise<string | undefined> {
    let shopId: number | undefined;
    if (subject.kind === "item") shopId = (await this.#goods.product(platform, subject.id, "zh"))?.seller.shopId;
    else shopId = (await this.#owned(this.#db, platform, owner, subject.id, false))?.shopId;
    if (shopId === undefined) return undefined;
    return `${this.#publicUrl}/sandbox/im/${platform}/${shopId}?${subject.kind}=${encodeURIComponent(subject.id)}`;
  }

  async decryptNick(openUid: string): Promise<string | undefined> {
    return (await this.#goods.seller("alibaba", openUid))?.nick;
  }

  // -------------------------------------------------------------------------------------------
  // After-sales (statuses.md §4 Taobao, §6 1688). Every change of a case, by either party or by a
  // timeout, goes through #changed: a new revision, saved, and one refund_changed event. What the
  // seller does next is scheduled on the developer's clock when the case enters a status, and is
  // bound to that stay (`stage`), so a step that outlived it does nothing.

  async requestRefund(platform: Platform, owner: PurchaseOwner, request: RefundRequest): Promise<RefundCase> {
    return this.#db.transaction().execute(async (trx) => {
      const repeated = async () => {
        const existing = await store.loadRefund(trx, owner.developerId, platform, request.refundId);
        if (existing && existing.owner.userId !== owner.userId) throw new UpstreamRejection("REFUND_ID_TAKEN", "that refund id belongs to another buyer");
        return existing && publicRefund(existing);
      };
      const first = await repeated();
      if (first) return first;
      const purchase = await this.#owned(trx, platform, owner, request.upstreamOrderId, true);
      if (!purchase) throw new UpstreamRejection("LINE_NOT_FOUND", `no order ${request.upstreamOrderId}`);
      // From here on requests for this purchase are serialised by its lock: a concurrent one for the
      // same lines sees this case when it gets the lock.
      const again = await repeated();
      if (again) return again;
      const lines = requestedLines(purchase, request.upstreamLineIds);
      if (platform === "taobao" && lines.length !== 1) throw new UpstreamRejection("ONE_LINE_ONLY", "a Taobao refund is for exactly one sub-order");
      const cases = await store.refundsOfOrder(trx, owner.developerId, platform, purchase.upstreamOrderId, true);
      const touching = cases.filter((c) => c.upstreamLineIds.some((id) => request.upstreamLineIds.includes(id)));
      const open = touching.find((c) => OPEN_CASE.includes(c.status) || (platform === "taobao" && c.status === "refused"));
      if (open) throw new UpstreamRejection("CASE_OPEN", `refund ${open.refundId} is still open for ${open.upstreamLineIds.length > 1 ? "these lines" : "this line"}`);
      for (const line of lines) {
        // Taobao: a refunded line takes no new case (statuses.md §3); 1688: only a line refunded in full.
        const refunded = platform === "taobao" ? touching.some((c) => c.status === "refunded") : refundedOf(cases, line.upstreamLineId) >= goodsOf(line);
        if (refunded) throw new UpstreamRejection("ALREADY_REFUNDED", `line ${line.upstreamLineId} has been refunded`);
      }
      if (purchase.paidAt === null) throw new UpstreamRejection("NOT_REFUNDABLE", "the order has not been paid");
      const stuck = lines.find((line) => !refundable(platform, line.status));
      if (stuck) throw new UpstreamRejection("NOT_REFUNDABLE", `a line in status ${stuck.status} cannot be refunded`);
      // 1688: applying again for lines whose case the seller refused closes that case (statuses.md §6.1).
      const reapplied = touching.filter((c) => c.status === "refused");
      checkAmounts(purchase, lines, cases.filter((c) => !reapplied.includes(c)), request.amountFen, request.carriageFen);

      const now = await this.#clocks.now(owner.developerId, trx);
      for (const old of reapplied) {
        Object.assign(old, { status: "closed", closedBy: "buyer", forced: null } satisfies Partial<StoredRefund>);
        await this.#changed(trx, old, now);
      }
      const refund: StoredRefund = {
        refundId: request.refundId,
        upstreamOrderId: purchase.upstreamOrderId,
        upstreamLineIds: lines.map((line) => line.upstreamLineId),
        type: request.type,
        amountFen: request.amountFen,
        carriageFen: request.carriageFen,
        status: "requested",
        revision: 0,
        refundedFen: 0,
        refuseReason: null,
        returnAddress: null,
        sellerNote: null,
        returnCarrier: null,
        returnTrackingNumber: null,
        goodsReceived: false,
        closedBy: null,
        deadlineAt: null,
        updatedAt: now,
        owner,
        clientRef: purchase.clientRef,
        platform,
        reason: request.reason,
        description: request.description,
        stage: 0,
        forced: null,
        scenarios: purchase.scenarios,
        lineRefundFen: null,
        messages: [],
      };
      await this.#changed(trx, refund, now, { created: true });
      return publicRefund(refund);
    });
  }

  async modifyRefund(platform: Platform, owner: PurchaseOwner, refundId: string, change: RefundChange): Promise<RefundCase> {
    return this.#db.transaction().execute(async (trx) => {
      const { purchase, refund } = await this.#buyerCase(trx, platform, owner, refundId);
      if (refund.status !== "requested" && refund.status !== "refused") throw new UpstreamRejection("NOT_MODIFIABLE", `the refund is ${refund.status}; only a requested or refused one can be changed`);
      const next = { type: change.type ?? refund.type, amountFen: change.amountFen ?? refund.amountFen, reason: change.reason ?? refund.reason, description: change.description ?? refund.description };
      const same = next.type === refund.type && next.amountFen === refund.amountFen && next.reason === refund.reason && next.description === refund.description;
      // A repeated modification of a case still with the seller changes nothing.
      if (same && refund.status === "requested") return publicRefund(refund);
      if (next.amountFen !== refund.amountFen) {
        const others = (await store.refundsOfOrder(trx, owner.developerId, platform, purchase.upstreamOrderId)).filter((c) => c.refundId !== refundId);
        checkAmounts(purchase, requestedLines(purchase, refund.upstreamLineIds), others, next.amountFen, refund.carriageFen);
      }
      Object.assign(refund, next);
      const now = await this.#clocks.now(owner.developerId, trx);
      if (refund.status === "refused") {
        // Back to the seller (statuses.md §4.1 6 → 1): a new answer is due, the refusal is gone.
        Object.assign(refund, { status: "requested", refuseReason: null } satisfies Partial<StoredRefund>);
        await this.#changed(trx, refund, now);
      } else {
        await this.#changed(trx, refund, now, { sameStatus: true });
      }
      return publicRefund(refund);
    });
  }

  async cancelRefund(platform: Platform, owner: PurchaseOwner, refundId: string): Promise<RefundCase> {
    return this.#db.transaction().execute(async (trx) => {
      const { refund } = await this.#buyerCase(trx, platform, owner, refundId);
      // A repeated revocation answers with the case it closed.
      if (refund.status === "closed" && refund.closedBy === "buyer") return publicRefund(refund);
      if (!CANCELLABLE.includes(refund.status)) throw new UpstreamRejection("NOT_CANCELLABLE", `the refund is ${refund.status}; it can be revoked only while requested, refused or awaiting the return`);
      Object.assign(refund, { status: "closed", closedBy: "buyer", forced: null } satisfies Partial<StoredRefund>);
      await this.#changed(trx, refund, await this.#clocks.now(owner.developerId, trx));
      return publicRefund(refund);
    });
  }

  async submitReturn(platform: Platform, owner: PurchaseOwner, refundId: string, carrier: string, trackingNumber: string): Promise<RefundCase> {
    return this.#db.transaction().execute(async (trx) => {
      const { refund } = await this.#buyerCase(trx, platform, owner, refundId);
      if (refund.status === "return_shipped" && refund.returnTrackingNumber === trackingNumber) return publicRefund(refund);
      if (refund.status !== "waiting_return") throw new UpstreamRejection("NO_RETURN_AWAITED", `the refund is ${refund.status}; no return is awaited`);
      Object.assign(refund, { status: "return_shipped", returnCarrier: carrier, returnTrackingNumber: trackingNumber } satisfies Partial<StoredRefund>);
      await this.#changed(trx, refund, await this.#clocks.now(owner.developerId, trx));
      return publicRefund(refund);
    });
  }

  async sendRefundMessage(platform: Platform, owner: PurchaseOwner, refundId: string, text: string, pictureUrls: string[]): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      // Only the case's row: a message changes neither the case nor the purchase.
      const refund = await store.loadRefund(trx, owner.developerId, platform, refundId, true);
      if (!refund || refund.owner.userId !== owner.userId) throw new UpstreamRejection("REFUND_NOT_FOUND", `no refund ${refundId}`);
      const at = await this.#clocks.now(owner.developerId, trx);
      refund.messages = [...refund.messages, { at, text, pictureUrls: [...pictureUrls] }].slice(-MESSAGES_KEPT);
      await store.saveRefund(trx, refund);
    });
  }

  async readRefund(platform: Platform, owner: PurchaseOwner, refundId: string): Promise<RefundCase | undefined> {
    const refund = await store.loadRefund(this.#db, owner.developerId, platform, refundId);
    return refund && refund.owner.userId === owner.userId ? publicRefund(refund) : undefined;
  }

  /** The buyer's case and its purchase, both locked. */
  async #buyerCase(trx: Db, platform: Platform, owner: PurchaseOwner, refundId: string): Promise<{ purchase: StoredPurchase; refund: StoredRefund }> {
    const found = await this.#lockCase(trx, owner.developerId, platform, refundId, owner.userId);
    if (!found) throw new UpstreamRejection("REFUND_NOT_FOUND", `no refund ${refundId}`);
    return found;
  }

  /**
   * A case and its purchase, locked purchase first as everywhere (buyer calls, seller steps,
   * triggers), so that two of them never wait for each other. `userId`: only that buyer's case.
   */
  async #lockCase(trx: Db, developerId: string, platform: Platform, refundId: string, userId?: string): Promise<{ purchase: StoredPurchase; refund: StoredRefund } | undefined> {
    const seen = await store.loadRefund(trx, developerId, platform, refundId);
    if (!seen || (userId !== undefined && seen.owner.userId !== userId)) return undefined;
    const purchase = await store.loadPurchase(trx, developerId, platform, seen.upstreamOrderId, true);
    const refund = await store.loadRefund(trx, developerId, platform, refundId, true);
    return purchase && refund ? { purchase, refund } : undefined;
  }

  /**
   * Records a change of the case: a new revision at `now`, saved with its event in this
   * transaction. Unless the status stayed, the case enters a new stay: its deadline, the seller's
   * and the timeout's steps for it, and the end of the steps of the stay it left (but the running
   * one's, which is finishing).
   */
  async #changed(trx: Db, refund: StoredRefund, now: number, options: { created?: boolean; sameStatus?: boolean; running?: Job } = {}): Promise<void> {
    const developerId = refund.owner.developerId;
    refund.revision += 1;
    refund.updatedAt = now;
    const writes: PendingWrite[] = [];
    if (!options.sameStatus) {
      refund.stage = refund.revision;
      const wait = DEADLINES[refund.status];
      refund.deadlineAt = wait ? now + this.#timings[wait] : null;
      const subject = refundSubjectOf(refund.platform, refund.refundId);
      if (!options.created) writes.push(this.#jobs.cancelWrite(trx, developerId, [subject], REFUND_STEPS.filter((kind) => kind !== options.running?.kind)));
      const steps = this.#stepsOf(refund, now);
      if (steps.length > 0) writes.push(this.#jobs.scheduleWrite(trx, steps).write);
    }
    if (options.created) {
      if (!(await store.insertRefund(trx, refund))) throw new UpstreamRejection("REFUND_ID_TAKEN", "that refund id is taken by another case");
    } else {
      writes.push(store.saveRefundWrite(trx, refund));
    }
    await writeInOneStatement(trx, writes);
    const event = { kind: "refund_changed", platform: refund.platform, developerId, at: now, upstreamOrderId: refund.upstreamOrderId, clientRef: refund.clientRef, refund: publicRefund(refund) } as const;
    // Keyed by the case's revision: a re-run of the same change is a duplicate.
    await this.#inbox.append(trx, [{ connector: "sandbox", eventKey: `refund:${refund.platform}:${refund.refundId}:r${refund.revision}`, event }]);
  }

  /** What the seller (and the clock) will do while the case stays in its new status. */
  #stepsOf(refund: StoredRefund, now: number): NewJob[] {
    const step = (kind: string, dueAtMs: number): NewJob => ({
      developerId: refund.owner.developerId,
      dueAtMs,
      kind,
      subject: refundSubjectOf(refund.platform, refund.refundId),
      payload: { platform: refund.platform, refundId: refund.refundId, stage: refund.stage } satisfies CaseStep,
    });
    const silent = refund.scenarios.includes("SELLER_SILENT");
    const steps: NewJob[] = [];
    if (refund.status === "requested" && !silent) steps.push(step(SELLER_EVENT_KINDS.refundDecide, now + this.#timings.refundDecision));
    if (refund.status === "return_shipped" && !silent) steps.push(step(SELLER_EVENT_KINDS.returnReceive, now + this.#timings.returnReceipt));
    if (refund.deadlineAt !== null) steps.push(step(SELLER_EVENT_KINDS.refundTimeout, refund.deadlineAt));
    return steps;
  }

  /** The seller answers a request: a trigger's forced answer, else what the scenario words say. */
  async #decideRefund(trx: Db, job: Job, step: CaseStep, now: number): Promise<void> {
    const found = await this.#lockCase(trx, job.developerId!, step.platform, step.refundId);
    if (!found || found.refund.status !== "requested" || found.refund.stage !== step.stage) return;
    const { purchase, refund } = found;
    const decision = refund.forced ?? (refund.scenarios.includes("REFUND_REFUSED") ? "refuse" : refund.scenarios.includes("RETURN_REQUIRED") ? "ask_return" : "agree");
    refund.forced = null;
    if (decision === "refuse") {
      refund.status = "refused";
      refund.refuseReason = shippedAny(purchase, refund) ? REFUSALS.shipped : REFUSALS.preparing;
      return this.#changed(trx, refund, now, { running: job });
    }
    await this.#agree(trx, purchase, refund, now, decision === "ask_return", job);
  }

  /**
   * The seller agrees (or its time to answer ran out, `askReturn` false). Goods not shipped are
   * refunded at once on a refund-only case; a return case, or a seller that wants shipped goods
   * back, waits for the return; goods the seller already holds (a return it refused after
   * inspection, then a modified case) are refunded.
   */
  async #agree(trx: Db, purchase: StoredPurchase, refund: StoredRefund, now: number, askReturn: boolean, running: Job): Promise<void> {
    if (!refund.goodsReceived && (refund.type === "return_refund" || (askReturn && shippedAny(purchase, refund)))) {
      refund.status = "waiting_return";
      refund.type = "return_refund";
      refund.returnAddress = await this.#returnAddress(purchase);
      refund.sellerNote = RETURN_NOTE;
      return this.#changed(trx, refund, now, { running });
    }
    await this.#payRefund(trx, purchase, refund, now, running);
  }

  /** The seller has the returned parcel: it refunds, or (INSPECTION_FAILED, return_refuse) refuses after inspection. */
  async #receiveReturn(trx: Db, job: Job, step: CaseStep, now: number): Promise<void> {
    const found = await this.#lockCase(trx, job.developerId!, step.platform, step.refundId);
    if (!found || found.refund.status !== "return_shipped" || found.refund.stage !== step.stage) return;
    const { purchase, refund } = found;
    const inspection = refund.forced ?? (refund.scenarios.includes("INSPECTION_FAILED") ? "inspection_fail" : "receive");
    refund.forced = null;
    refund.goodsReceived = true;
    if (inspection === "inspection_fail") {
      refund.status = "refused";
      refund.refuseReason = REFUSALS.inspection;
      return this.#changed(trx, refund, now, { running: job });
    }
    await this.#payRefund(trx, purchase, refund, now, job);
  }

  /** The awaited party did not act in time (statuses.md §4.1 timeoutType, §6.1). */
  async #timeOut(trx: Db, job: Job, step: CaseStep, now: number): Promise<void> {
    const found = await this.#lockCase(trx, job.developerId!, step.platform, step.refundId);
    if (!found || found.refund.stage !== step.stage) return;
    const { purchase, refund } = found;
    refund.forced = null;
    switch (refund.status) {
      case "requested":
        // The seller did not answer: the request stands as made (a return case waits for the goods).
        return this.#agree(trx, purchase, refund, now, false, job);
      case "return_shipped":
        // The seller did not confirm the parcel: the return counts as received.
        refund.goodsReceived = true;
        return this.#payRefund(trx, purchase, refund, now, job);
      case "refused":
      case "waiting_return":
        Object.assign(refund, { status: "closed", closedBy: "timeout" } satisfies Partial<StoredRefund>);
        return this.#changed(trx, refund, now, { running: job });
      default:
        return;
    }
  }

  async #returnAddress(purchase: StoredPurchase): Promise<ReturnAddress> {
    const seller = await this.#goods.product(purchase.platform, purchase.lines[0]!.productId, "zh");
    const n = digest(this.#seed, "return", purchase.shopId).readUInt32BE(0);
    return {
      name: `${seller?.seller.shopName ?? "卖家"} 售后部`,
      phone: `1${String(3_000_000_000 + (n % 6_000_000_000)).padStart(10, "0")}`,
      address: `浙江省${purchase.sellerCity}电商产业园${(n % 90) + 10}号 售后仓`,
      zip: String(310000 + (n % 9000)),
    };
  }

  /**
   * Pays the case back: goods and carriage. A line refunded in full closes at the upstream (Taobao
   * TRADE_CLOSED; 1688 terminated while still in sale — after receipt its status stays), and the
   * purchase follows its lines.
   */
  async #payRefund(trx: Db, purchase: StoredPurchase, refund: StoredRefund, now: number, running: Job): Promise<void> {
    const developerId = refund.owner.developerId;
    const others = (await store.refundsOfOrder(trx, developerId, refund.platform, refund.upstreamOrderId)).filter((c) => c.refundId !== refund.refundId);
    const lines = requestedLines(purchase, refund.upstreamLineIds);
    refund.status = "refunded";
    refund.refundedFen = refund.amountFen + refund.carriageFen;
    refund.lineRefundFen = allocate(purchase.platform, lines, others, refund.amountFen);
    const before = purchase.status;
    let closed = 0;
    for (const line of lines) {
      // A shipped Taobao line's shipping is spent: its goods amount is all it can give back (the
      // platform's rule too, taobao.md §4.2), so that much closes it.
      const taobaoFull = goodsOf(line) + (line.status === TB.waitSend ? (line.postFeeFen ?? 0) : 0);
      const full = purchase.platform === "taobao" ? refund.amountFen >= taobaoFull : refundedOf([...others, refund], line.upstreamLineId) >= goodsOf(line);
      if (!full) continue;
      if (purchase.platform === "taobao") line.status = TB.closed;
      else if (line.status === AL.waitSend || line.status === AL.shipped) line.status = AL.terminated;
      else continue;
      closed++;
    }
    if (closed > 0) {
      if (purchase.platform === "alibaba") settle(purchase);
      else purchase.status = statusOf(purchase);
      await store.savePurchase(trx, purchase);
      const subject = subjectOf(purchase.platform, purchase.upstreamOrderId);
      if (isClosed(purchase.status)) {
        await this.#jobs.cancel(trx, developerId, [subject], [SELLER_EVENT_KINDS.ship, SELLER_EVENT_KINDS.autoConfirm]);
      } else if (purchase.status === AL.shipped && before !== AL.shipped) {
        // The refunded lines were the last unshipped ones: the rest is with the buyer now, and
        // confirms itself in time as after a last shipment.
        await this.#schedule(trx, developerId, now + this.#timings.autoConfirm, SELLER_EVENT_KINDS.autoConfirm, subject, { platform: purchase.platform, orderId: purchase.upstreamOrderId });
      }
    }
    await this.#changed(trx, refund, now, { running });
  }

  // -------------------------------------------------------------------------------------------
  // Triggers: make a named seller event happen now (`openpon sandbox trigger`, POST /sandbox/trigger)

  async trigger(
    developerId: string,
    name: TriggerName,
    /** A purchase (platform and orderId), or a refund alone (refundId: the purchase is its own). */
    target: { platform?: Platform; orderId?: string; lineId?: string; refundId?: string },
    /** The user acting (a signed developer call): only that user's purchases are reachable. Operators reach any. */
    userId?: string,
  ): Promise<{ ran: number; failed: number; now: number; platform: Platform; orderId: string }> {
    const { platform, orderId } = target.platform && target.orderId ? { platform: target.platform, orderId: target.orderId } : await this.#purchaseOfRefund(developerId, target.refundId, userId);
    const subject = subjectOf(platform, orderId);
    const now = await this.#clocks.now(developerId);
    await this.#db.transaction().execute(async (trx) => {
      const purchase = await store.loadPurchase(trx, developerId, platform, orderId, true);
      if (!purchase || (userId !== undefined && purchase.owner.userId !== userId)) throw notFound(`sandbox purchase ${orderId} on ${platform} for this ${userId === undefined ? "developer" : "user"}`);
      const pending = (kinds: string[]) => this.#jobs.pending(trx, developerId, subject, kinds);
      const due = async (events: Job[], what: string) => {
        if (events.length === 0) throw conflict(`nothing to ${what} on ${orderId} now`);
        await this.#jobs.reschedule(trx, developerId, events.map((e) => e.id), now);
      };
      const lineOf = (status: string) => {
        const line = purchase.lines.find((l) => (target.lineId ? l.upstreamLineId === target.lineId : l.status === status));
        if (!line || line.status !== status) throw conflict(`no line of ${orderId} is ${status}${target.lineId ? ` with id ${target.lineId}` : ""}`);
        return line;
      };
      const byLine = (events: Job[], lineId: string) => events.filter((e) => (e.payload as { lineId?: string }).lineId === lineId);
      if (!TRIGGER_PLATFORMS[name].includes(platform)) {
        throw conflict(`${name} applies to ${TRIGGER_PLATFORMS[name].map((p) => PLATFORM_NAMES[p]).join(" and ")} purchases only, and ${orderId} is a ${PLATFORM_NAMES[platform]} purchase: ${NOT_APPLICABLE[name]}`);
      }
      switch (name) {
        case "build":
          return due(await pending([SELLER_EVENT_KINDS.build]), "build");
        case "build_fail": {
          const line = lineOf(TB.building);
          line.forced = [...line.forced.filter((w) => w !== "PRICE_UP"), "BUILD_FAIL"];
          await store.savePurchase(trx, purchase);
          return due(byLine(await pending([SELLER_EVENT_KINDS.build]), line.upstreamLineId), "build");
        }
        case "price_change": {
          if (purchase.paidAt !== null) throw conflict(`${orderId} is paid; sellers change prices only before payment`);
          const line = lineOf(platform === "taobao" ? TB.waitPay : AL.waitPay);
          const waiting = byLine(await pending([SELLER_EVENT_KINDS.priceChange]), line.upstreamLineId);
          if (waiting.length > 0) return due(waiting, "change");
          return this.#schedule(trx, developerId, now, SELLER_EVENT_KINDS.priceChange, subject, { platform, orderId, lineId: line.upstreamLineId });
        }
        case "ship":
          return due(await pending([SELLER_EVENT_KINDS.ship]), "ship");
        case "tracking":
          return due((await pending([SELLER_EVENT_KINDS.track])).slice(0, 1), "track");
        case "deliver":
          return due(await pending([SELLER_EVENT_KINDS.track]), "deliver");
        case "lose_parcel": {
          const shipment = purchase.shipments.find((s) => !["SIGN", "FAILED"].includes(s.trace.at(-1)!.status));
          if (!shipment) throw conflict(`${orderId} has no parcel in transit`);
          shipment.lost = true;
          await store.savePurchase(trx, purchase);
          const tracks = (await pending([SELLER_EVENT_KINDS.track])).filter((e) => (e.payload as { trackingNumber: string }).trackingNumber === shipment.trackingNumber);
          return due(tracks, "lose");
        }
        case "confirm_receipt": {
          // The automatic confirmation is scheduled when the last line ships (1688: waitbuyerreceive).
          if (purchase.status !== AL.shipped) throw conflict(`${orderId} is ${purchase.status}; the automatic receipt confirmation comes only once every line has shipped (waitbuyerreceive)`);
          return due(await pending([SELLER_EVENT_KINDS.autoConfirm]), "confirm");
        }
        case "refund_agree":
        case "refund_refuse":
        case "refund_ask_return": {
          const refund = await this.#refundOf(trx, purchase, target.refundId, ["requested"]);
          if (name === "refund_ask_return" && refund.type === "refund" && !shippedAny(purchase, refund)) {
            throw conflict(`the goods of refund ${refund.refundId} have not shipped: there is nothing to send back (refund_agree refunds it)`);
          }
          refund.forced = name === "refund_agree" ? "agree" : name === "refund_refuse" ? "refuse" : "ask_return";
          await store.saveRefund(trx, refund);
          return this.#hurry(trx, refund, SELLER_EVENT_KINDS.refundDecide, now);
        }
        case "return_receive":
        case "return_refuse": {
          const refund = await this.#refundOf(trx, purchase, target.refundId, ["return_shipped"]);
          refund.forced = name === "return_receive" ? "receive" : "inspection_fail";
          await store.saveRefund(trx, refund);
          return this.#hurry(trx, refund, SELLER_EVENT_KINDS.returnReceive, now);
        }
        case "refund_timeout": {
          const refund = await this.#refundOf(trx, purchase, target.refundId, Object.keys(DEADLINES) as RefundCaseStatus[]);
          const waiting = await this.#jobs.pending(trx, developerId, refundSubjectOf(platform, refund.refundId), [SELLER_EVENT_KINDS.refundTimeout]);
          return due(waiting.filter((e) => (e.payload as CaseStep).stage === refund.stage), "time out");
        }
      }
    });
    const result = await this.#jobs.runDue(developerId, now);
    return { ...result, now, platform, orderId };
  }

  /** The purchase of a refund named alone (the caller's own when `userId`). */
  async #purchaseOfRefund(developerId: string, refundId: string | undefined, userId: string | undefined): Promise<{ platform: Platform; orderId: string }> {
    if (!refundId) throw invalid("name the purchase (orderId) or the refund (refundId)");
    const found = (await store.refundsById(this.#db, developerId, refundId)).filter((r) => userId === undefined || r.owner.userId === userId);
    if (found.length === 0) throw notFound(`refund ${refundId} of this ${userId === undefined ? "developer" : "user"}`);
    if (found.length > 1) throw conflict(`refund id ${refundId} names a Taobao and a 1688 refund: give its orderId as well`);
    return { platform: found[0]!.platform, orderId: found[0]!.upstreamOrderId };
  }

  /** The purchase's case a trigger is about: the one named, or its first (by id) in one of `statuses`; locked. */
  async #refundOf(trx: Db, purchase: StoredPurchase, refundId: string | undefined, statuses: readonly RefundCaseStatus[]): Promise<StoredRefund> {
    const { owner, platform, upstreamOrderId: orderId } = purchase;
    const expected = statuses.length > 1 ? "open" : statuses[0]!;
    if (refundId) {
      const refund = await store.loadRefund(trx, owner.developerId, platform, refundId, true);
      if (!refund || refund.upstreamOrderId !== orderId) throw notFound(`refund ${refundId} of ${orderId}`);
      if (!statuses.includes(refund.status)) throw conflict(`refund ${refundId} is ${refund.status}, not ${expected}`);
      return refund;
    }
    const refund = (await store.refundsOfOrder(trx, owner.developerId, platform, orderId, true)).find((r) => statuses.includes(r.status));
    if (!refund) throw conflict(`no refund of ${orderId} is ${expected}`);
    return refund;
  }

  /** Makes the case's pending step of `kind` due now, or schedules one now (a silent seller has none). */
  async #hurry(trx: Db, refund: StoredRefund, kind: string, now: number): Promise<void> {
    const developerId = refund.owner.developerId;
    const subject = refundSubjectOf(refund.platform, refund.refundId);
    const pending = (await this.#jobs.pending(trx, developerId, subject, [kind])).filter((e) => (e.payload as CaseStep).stage === refund.stage);
    if (pending.length > 0) return this.#jobs.reschedule(trx, developerId, pending.map((e) => e.id), now);
    await this.#schedule(trx, developerId, now, kind, subject, { platform: refund.platform, refundId: refund.refundId, stage: refund.stage } satisfies CaseStep);
  }
}

/** A marketplace event before the purchase's client reference is added. */
type WithoutClientRef = MarketplaceEvent extends infer E ? (E extends unknown ? Omit<E, "clientRef"> : never) : never;

interface OrderRef {
  platform: Platform;
  orderId: string;
}
/** A scheduled step of a case, bound to one stay of the case in a status. */
interface CaseStep {
  platform: Platform;
  refundId: string;
  stage: number;
}

function findSku(product: Product, skuId: string): Sku | undefined {
  return product.skus.find((sku) => sku.skuId === skuId || sku.mpSkuId === skuId);
}

/** What will happen to a line: scenario words that concern it, and failures the catalogue implies. */
function decideLine(scenarios: string[], index: number, line: PurchaseLine, product: Product | undefined, sku: Sku | undefined): string[] {
  const forced: string[] = [];
  if (index === 0) {
    for (const word of ["OUT_OF_STOCK", "BUILD_FAIL", "PRICE_UP"]) if (scenarios.includes(word)) forced.push(word);
    if (scenarios.includes("DELISTED")) forced.push("ITEM_DELISTED");
  }
  if (scenarios.includes("BUILD_FAIL_ALL")) forced.push("BUILD_FAIL");
  if (!product || (product.skus.length > 0 && !sku)) forced.push("ITEM_NOT_FOUND");
  else if (!product.active || (sku && !sku.active)) forced.push("ITEM_DELISTED");
  else if (line.quantity > (sku ? sku.stock : product.stock)) forced.push("OUT_OF_STOCK");
  // The first failure wins; a failing line has no price to change.
  const failure = forced.find((word) => word in FAILURES || word === "BUILD_FAIL");
  return failure ? [failure] : forced;
}

function failLine(word: string): { errorCode: string; errorMessage: string } {
  const code = word === "BUILD_FAIL" ? "BUILD_FAILED" : word;
  return { errorCode: code, errorMessage: FAILURES[code]! };
}

/** The seller's unit price: the promotion price when there is one; 1688 quantity tiers apply. */
function unitPrice(platform: Platform, product: Product, sku: Sku | undefined, quantity: number): number {
  if (platform === "alibaba" && product.priceTiers.length > 0 && product.quoteType === 2) {
    const tier = [...product.priceTiers].reverse().find((t) => quantity >= t.startQuantity) ?? product.priceTiers[0]!;
    return tier.promotionPriceFen ?? tier.priceFen;
  }
  const item = sku ?? product;
  return item.promotionPriceFen ?? item.priceFen;
}

function postFee(product: Product, sku: Sku | undefined): number {
  return sku?.postFeeFen ?? product.skus[0]?.postFeeFen ?? 0;
}

function isClosed(status: string): boolean {
  return status === TB.closed || status === AL.cancel || status === AL.terminated;
}

function openLines(purchase: StoredPurchase): StoredLine[] {
  return purchase.lines.filter((line) => !isClosed(line.status));
}

function payable(purchase: StoredPurchase): number {
  const lines = openLines(purchase);
  const goods = lines.reduce((sum, line) => sum + (line.unitPriceFen ?? 0) * line.quantity, 0);
  // Taobao charges each line's shipping; a 1688 seller sends one parcel per order and charges its
  // carriage once: the highest of its lines' (the platform's 1688 pricing policy charges the same).
  const post = purchase.platform === "alibaba" ? lines.reduce((max, line) => Math.max(max, line.postFeeFen ?? 0), 0) : lines.reduce((sum, line) => sum + (line.postFeeFen ?? 0), 0);
  return goods + post;
}

function refundable(platform: Platform, status: string): boolean {
  return platform === "taobao" ? status === TB.waitSend || status === TB.shipped : [AL.waitSend, AL.shipped, AL.confirmed, AL.success].includes(status as never);
}

/** 1688: confirm_goods settles at once (ALIBABA_SETTLE_DELAY 0). */
function settle(purchase: StoredPurchase): void {
  purchase.status = statusOf(purchase);
  if (purchase.status === AL.confirmed) {
    for (const line of purchase.lines) if (line.status === AL.confirmed) line.status = AL.success;
    purchase.status = AL.success;
  }
}

/** The purchase's status from its lines: the least advanced open line (closed only when all are). */
function statusOf(purchase: StoredPurchase): string {
  const open = openLines(purchase);
  if (purchase.platform === "taobao") {
    if (open.length === 0) return TB.closed;
    const order = [TB.building, TB.waitPay, TB.waitSend, TB.shipped] as string[];
    return order[Math.min(...open.map((line) => order.indexOf(line.status)))]!;
  }
  if (open.length === 0) return purchase.paidAt === null ? AL.cancel : AL.terminated;
  const order = [AL.waitPay, AL.waitSend, AL.shipped, AL.confirmed, AL.success] as string[];
  return order[Math.min(...open.map((line) => order.indexOf(line.status)))]!;
}

/** The carriage a 1688 purchase was paid with: once per order, the highest of its paid lines' (as payable()). */
function paidCarriage(purchase: StoredPurchase): number {
  return purchase.lines.filter((line) => line.status !== AL.cancel).reduce((max, line) => Math.max(max, line.postFeeFen ?? 0), 0);
}

function goodsOf(line: StoredLine): number {
  return (line.unitPriceFen ?? 0) * line.quantity;
}

/** The lines a case names, each once and each of the purchase. */
function requestedLines(purchase: StoredPurchase, lineIds: string[]): StoredLine[] {
  if (lineIds.length === 0) throw new UpstreamRejection("LINE_NOT_FOUND", "a refund names at least one line");
  if (new Set(lineIds).size !== lineIds.length) throw new UpstreamRejection("DUPLICATE_LINE", "a refund names each line once");
  return lineIds.map((id) => {
    const line = purchase.lines.find((l) => l.upstreamLineId === id);
    if (!line) throw new UpstreamRejection("LINE_NOT_FOUND", `no line ${id} in order ${purchase.upstreamOrderId}`);
    return line;
  });
}

/** What a line got back in refunded cases, fen (1688: goods only; Taobao: goods and its post fee). */
function refundedOf(cases: StoredRefund[], lineId: string): number {
  return cases.reduce((sum, c) => sum + (c.status === "refunded" ? (c.lineRefundFen?.[lineId] ?? 0) : 0), 0);
}

/**
 * The amounts a buyer may ask (`others`: the purchase's other cases that stand). Taobao: one line,
 * 1 fen up to its goods and post fee, no separate carriage (taobao.md §4.2 maxRefundFee). 1688:
 * goods up to what the lines still hold, carriage up to what the purchase's carriage still holds
 * (cases that may yet be paid count as taken), together at least 1 fen.
 */
function checkAmounts(purchase: StoredPurchase, lines: StoredLine[], others: StoredRefund[], amountFen: number, carriageFen: number): void {
  if (!Number.isSafeInteger(amountFen) || !Number.isSafeInteger(carriageFen) || amountFen < 0 || carriageFen < 0) {
    throw new UpstreamRejection("AMOUNT_TOO_HIGH", "amounts are whole fen, not negative");
  }
  if (purchase.platform === "taobao") {
    const line = lines[0]!;
    const max = goodsOf(line) + (line.postFeeFen ?? 0);
    if (carriageFen !== 0) throw new UpstreamRejection("AMOUNT_TOO_HIGH", "a Taobao refund has no separate carriage: the line's amount includes its post fee");
    if (amountFen < 1 || amountFen > max) throw new UpstreamRejection("AMOUNT_TOO_HIGH", `the refund must be between 1 and ${max} fen`);
    return;
  }
  const goods = lines.reduce((sum, line) => sum + goodsOf(line) - refundedOf(others, line.upstreamLineId), 0);
  const carriage = paidCarriage(purchase) - others.reduce((sum, c) => sum + (c.status === "closed" ? 0 : c.carriageFen), 0);
  if (amountFen > goods) throw new UpstreamRejection("AMOUNT_TOO_HIGH", `the goods refund must be at most ${goods} fen`);
  if (carriageFen > carriage) throw new UpstreamRejection("AMOUNT_TOO_HIGH", `the carriage refund must be at most ${Math.max(carriage, 0)} fen`);
  if (amountFen + carriageFen < 1) throw new UpstreamRejection("AMOUNT_TOO_HIGH", "a refund is at least 1 fen");
}

/** What each line of a refunded case got back: Taobao its one line; 1688 fills the lines in their order, each up to what it still held. */
function allocate(platform: Platform, lines: StoredLine[], others: StoredRefund[], amountFen: number): Record<string, number> {
  if (platform === "taobao") return { [lines[0]!.upstreamLineId]: amountFen };
  const shares: Record<string, number> = {};
  let left = amountFen;
  for (const line of lines) {
    const share = Math.min(left, Math.max(0, goodsOf(line) - refundedOf(others, line.upstreamLineId)));
    shares[line.upstreamLineId] = share;
    left -= share;
  }
  return shares;
}

/** Whether any of the case's goods left the seller. */
function shippedAny(purchase: StoredPurchase, refund: StoredRefund): boolean {
  const shipped: string[] = purchase.platform === "taobao" ? [TB.shipped] : [AL.shipped, AL.confirmed, AL.success];
  return purchase.lines.some((line) => refund.upstreamLineIds.includes(line.upstreamLineId) && shipped.includes(line.status));
}

function publicShipment(shipment: StoredShipment): Shipment {
  const { lost: _lost, ...rest } = shipment;
  return { ...rest, lineIds: [...rest.lineIds], trace: rest.trace.map((t) => ({ ...t })) };
}

function publicOrder(purchase: StoredPurchase): PurchaseOrder {
  return {
    platform: purchase.platform,
    upstreamOrderId: purchase.upstreamOrderId,
    clientRef: purchase.clientRef ?? null,
    owner: purchase.owner,
    shopId: purchase.shopId,
    status: purchase.status,
    lines: purchase.lines.map(({ forced: _forced, ...line }) => ({ ...line, trackingNumbers: [...line.trackingNumbers] })),
    createdAt: purchase.createdAt,
    paidAt: purchase.paidAt,
  };
}

function publicRefund(refund: StoredRefund): RefundCase {
  return {
    refundId: refund.refundId,
    upstreamOrderId: refund.upstreamOrderId,
    upstreamLineIds: [...refund.upstreamLineIds],
    type: refund.type,
    amountFen: refund.amountFen,
    carriageFen: refund.carriageFen,
    status: refund.status,
    revision: refund.revision,
    refundedFen: refund.refundedFen,
    refuseReason: refund.refuseReason,
    returnAddress: refund.returnAddress && { ...refund.returnAddress },
    sellerNote: refund.sellerNote,
    returnCarrier: refund.returnCarrier,
    returnTrackingNumber: refund.returnTrackingNumber,
    goodsReceived: refund.goodsReceived,
    closedBy: refund.closedBy,
    deadlineAt: refund.deadlineAt,
    updatedAt: refund.updatedAt,
  };
}
