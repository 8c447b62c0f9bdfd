// The sandbox's sellers: the purchase side of the marketplace port. What a Taobao or 1688 seller
// does after the platform buys from it (build and price lines, take payment, ship, hand parcels to
// carriers, answer refund requests) happens as scheduled events on the developer's test clock,
// stored in the database, and reaches the platform as MarketplaceEvents, emitted inside the
// transaction that records them. Everything is derived from the seed and the developer's own
// counters, so the same calls and clock moves give the same ids, prices, parcels and event order.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../../platform/db/index.ts";
import { writeInOneStatement } from "../../../platform/db/one-statement.ts";
import { conflict, notFound } from "../../../platform/http/errors.ts";
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
} as const;

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
    on(SELLER_EVENT_KINDS.refundDecide, (trx, p: RefundRef, now, job) => this.#decideRefund(trx, job, p, now));
    on(SELLER_EVENT_KINDS.returnReceive, (trx, p: RefundRef, now, job) => this.#receiveReturn(trx, job, p, now));
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

    return this.#db.transaction().execute(async (trx) => {
      const now = await this.#clocks.now(owner.developerId, trx);
      const created: StoredPurchase[] = [];
      for (const [shopId, group] of groups) {
        const n = await store.nextCounter(trx, owner.developerId, `purchase:${platform}`);
        const ids = this.#ids.purchase(platform, n, group.length);
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
        // The purchase, its lines and the seller's first events: one statement.
        await writeInOneStatement(trx, [...store.insertPurchaseWrites(trx, purchase), ...(events.length > 0 ? [this.#jobs.scheduleWrite(trx, events).write] : [])]);
        created.push(purchase);
      }
      return created.map(publicOrder);
    });
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
  // After-sales

  async requestRefund(platform: Platform, owner: PurchaseOwner, request: RefundRequest): Promise<RefundCase> {
    return this.#db.transaction().execute(async (trx) => {
      const existing = await store.loadRefund(trx, owner.developerId, platform, request.refundId);
      if (existing) {
        if (existing.owner.userId !== owner.userId) throw new UpstreamRejection("REFUND_ID_TAKEN", "that refund id belongs to another buyer");
        return publicRefund(existing);
      }
      const orderId = await store.orderOfLine(trx, owner.developerId, platform, request.upstreamLineId);
      const purchase = orderId ? await this.#owned(trx, platform, owner, orderId, true) : undefined;
      const line = purchase?.lines.find((l) => l.upstreamLineId === request.upstreamLineId);
      if (!purchase || !line) throw new UpstreamRejection("LINE_NOT_FOUND", "no such order line");
      if (purchase.paidAt === null || !refundable(platform, line.status)) throw new UpstreamRejection("NOT_REFUNDABLE", `a line in status ${line.status} cannot be refunded`);
      const paidFen = (line.unitPriceFen ?? 0) * line.quantity + (line.postFeeFen ?? 0);
      if (!Number.isSafeInteger(request.amountFen) || request.amountFen <= 0 || request.amountFen > paidFen) {
        throw new UpstreamRejection("AMOUNT_TOO_HIGH", `the refund must be between 1 and ${paidFen} fen`);
      }
      for (const other of await store.refundsOfLine(trx, owner.developerId, platform, line.upstreamLineId)) {
        if (["requested", "waiting_return", "return_shipped"].includes(other.status)) throw new UpstreamRejection("CASE_OPEN", `refund ${other.refundId} is still open for this line`);
        if (other.status === "refunded") throw new UpstreamRejection("ALREADY_REFUNDED", "this line has been refunded");
        if (other.status === "refused") {
          // Applying again closes the refused case (statuses.md §6.1).
          other.status = "closed";
          await store.saveRefund(trx, other);
        }
      }
      const refund: StoredRefund = {
        refundId: request.refundId,
        upstreamOrderId: purchase.upstreamOrderId,
        upstreamLineId: line.upstreamLineId,
        type: request.type,
        amountFen: request.amountFen,
        status: "requested",
        refuseReason: null,
        returnAddress: null,
        returnTrackingNumber: null,
        owner,
        platform,
        clientRef: purchase.clientRef,
        forced: null,
        scenarios: purchase.scenarios,
      };
      await store.insertRefund(trx, refund);
      const now = await this.#clocks.now(owner.developerId, trx);
      await this.#schedule(trx, owner.developerId, now + this.#timings.refundDecision, SELLER_EVENT_KINDS.refundDecide, subjectOf(platform, purchase.upstreamOrderId), {
        platform,
        refundId: refund.refundId,
      });
      return publicRefund(refund);
    });
  }

  async #decideRefund(trx: Db, job: Job, ref: RefundRef, now: number): Promise<void> {
    const developerId = job.developerId!;
    const refund = await store.loadRefund(trx, developerId, ref.platform, ref.refundId, true);
    if (!refund || refund.status !== "requested") return;
    const decision =
      (refund.forced as "agree" | "refuse" | "ask_return" | null) ??
      (refund.scenarios.includes("REFUND_REFUSED") ? "refuse" : refund.scenarios.includes("RETURN_REQUIRED") || refund.type === "return_refund" ? "ask_return" : "agree");
    const base = { kind: "refund_decided" as const, platform: ref.platform, developerId, at: now, upstreamOrderId: refund.upstreamOrderId, refundId: refund.refundId };
    if (decision === "refuse") {
      refund.status = "refused";
      refund.refuseReason = "卖家拒绝退款：商品已按约定发出，请与卖家协商 (the seller refuses: goods sent as agreed)";
      await store.saveRefund(trx, refund);
      await this.#emit(trx, job, refund.clientRef ?? null, { ...base, decision, reason: refund.refuseReason, returnAddress: null });
    } else if (decision === "ask_return") {
      refund.status = "waiting_return";
      refund.returnAddress = await this.#returnAddress(trx, refund);
      await store.saveRefund(trx, refund);
      await this.#emit(trx, job, refund.clientRef ?? null, { ...base, decision, reason: null, returnAddress: refund.returnAddress });
    } else {
      await this.#emit(trx, job, refund.clientRef ?? null, { ...base, decision, reason: null, returnAddress: null });
      await this.#payRefund(trx, job, refund, now);
    }
  }

  async #returnAddress(trx: Db, refund: StoredRefund): Promise<ReturnAddress> {
    const purchase = await store.loadPurchase(trx, refund.owner.developerId, refund.platform, refund.upstreamOrderId);
    const city = purchase?.sellerCity ?? "杭州市";
    const seller = purchase ? await this.#goods.product(refund.platform, purchase.lines[0]!.productId, "zh") : undefined;
    const n = digest(this.#seed, "return", purchase?.shopId ?? 0).readUInt32BE(0);
    return {
      name: `${seller?.seller.shopName ?? "卖家"} 售后部`,
      phone: `1${String(3_000_000_000 + (n % 6_000_000_000)).padStart(10, "0")}`,
      address: `浙江省${city}电商产业园${(n % 90) + 10}号 售后仓`,
      zip: String(310000 + (n % 9000)),
    };
  }

  async #payRefund(trx: Db, job: Job, refund: StoredRefund, now: number): Promise<void> {
    refund.status = "refunded";
    await store.saveRefund(trx, refund);
    const purchase = await store.loadPurchase(trx, refund.owner.developerId, refund.platform, refund.upstreamOrderId, true);
    const line = purchase?.lines.find((l) => l.upstreamLineId === refund.upstreamLineId);
    if (purchase && line && refund.amountFen >= (line.unitPriceFen ?? 0) * line.quantity + (line.postFeeFen ?? 0)) {
      // A full refund closes the line (statuses.md §2.2); 1688 orders end when every line is refunded.
      line.status = refund.platform === "taobao" ? TB.closed : AL.terminated;
      purchase.status = statusOf(purchase);
      await store.savePurchase(trx, purchase);
      if (purchase.status === TB.closed || purchase.status === AL.terminated) {
        await this.#jobs.cancel(trx, refund.owner.developerId, [subjectOf(refund.platform, refund.upstreamOrderId)], [SELLER_EVENT_KINDS.ship, SELLER_EVENT_KINDS.autoConfirm]);
      }
    }
    await this.#emit(trx, job, refund.clientRef ?? null, { kind: "refund_paid", platform: refund.platform, developerId: refund.owner.developerId, at: now, upstreamOrderId: refund.upstreamOrderId, refundId: refund.refundId, amountFen: refund.amountFen });
  }

  async submitReturn(platform: Platform, owner: PurchaseOwner, refundId: string, carrier: string, trackingNumber: string): Promise<RefundCase> {
    return this.#db.transaction().execute(async (trx) => {
      const refund = await store.loadRefund(trx, owner.developerId, platform, refundId, true);
      if (!refund || refund.owner.userId !== owner.userId) throw new UpstreamRejection("REFUND_NOT_FOUND", "no such refund");
      if (refund.status === "return_shipped" && refund.returnTrackingNumber === trackingNumber) return publicRefund(refund);
      if (refund.status !== "waiting_return") throw new UpstreamRejection("NO_RETURN_AWAITED", `the refund is ${refund.status}; no return is awaited`);
      refund.status = "return_shipped";
      refund.returnTrackingNumber = trackingNumber;
      await store.saveRefund(trx, refund);
      const now = await this.#clocks.now(owner.developerId, trx);
      await this.#schedule(trx, owner.developerId, now + this.#timings.returnReceipt, SELLER_EVENT_KINDS.returnReceive, subjectOf(platform, refund.upstreamOrderId), {
        platform,
        refundId,
        carrier,
      });
      return publicRefund(refund);
    });
  }

  async #receiveReturn(trx: Db, job: Job, ref: RefundRef, now: number): Promise<void> {
    const developerId = job.developerId!;
    const refund = await store.loadRefund(trx, developerId, ref.platform, ref.refundId, true);
    if (!refund || refund.status !== "return_shipped") return;
    await this.#emit(trx, job, refund.clientRef ?? null, { kind: "return_received", platform: ref.platform, developerId, at: now, upstreamOrderId: refund.upstreamOrderId, refundId: refund.refundId });
    await this.#payRefund(trx, job, refund, now);
  }

  async readRefund(platform: Platform, owner: PurchaseOwner, refundId: string): Promise<RefundCase | undefined> {
    const refund = await store.loadRefund(this.#db, owner.developerId, platform, refundId);
    return refund && refund.owner.userId === owner.userId ? publicRefund(refund) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Triggers: make a named seller event happen now (`openpon sandbox trigger`, POST /sandbox/trigger)

  async trigger(
    developerId: string,
    name: TriggerName,
    target: { platform: Platform; orderId: string; lineId?: string; refundId?: string },
    /** The user acting (a signed developer call): only that user's purchases are reachable. Operators reach any. */
    userId?: string,
  ): Promise<{ ran: number; failed: number; now: number }> {
    const { platform, orderId } = target;
    const subject = subjectOf(platform, orderId);
    const now = await this.#clocks.now(developerId);
    await this.#db.transaction().execute(async (trx) => {
      const purchase = await store.loadPurchase(trx, developerId, platform, orderId, true);
      if (!purchase || (userId !== undefined && purchase.owner.userId !== userId)) throw notFound(`no sandbox purchase ${orderId} on ${platform} for this ${userId === undefined ? "developer" : "user"}`);
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
          const refund = await this.#refundOf(trx, developerId, platform, orderId, target.refundId, "requested");
          refund.forced = name === "refund_agree" ? "agree" : name === "refund_refuse" ? "refuse" : "ask_return";
          await store.saveRefund(trx, refund);
          const decisions = (await pending([SELLER_EVENT_KINDS.refundDecide])).filter((e) => (e.payload as RefundRef).refundId === refund.refundId);
          return due(decisions, "decide");
        }
        case "return_receive": {
          const refund = await this.#refundOf(trx, developerId, platform, orderId, target.refundId, "return_shipped");
          return due((await pending([SELLER_EVENT_KINDS.returnReceive])).filter((e) => (e.payload as RefundRef).refundId === refund.refundId), "receive");
        }
      }
    });
    const result = await this.#jobs.runDue(developerId, now);
    return { ...result, now };
  }

  async #refundOf(trx: Db, developerId: string, platform: Platform, orderId: string, refundId: string | undefined, status: string): Promise<StoredRefund> {
    if (refundId) {
      const refund = await store.loadRefund(trx, developerId, platform, refundId, true);
      if (!refund || refund.upstreamOrderId !== orderId) throw notFound(`no refund ${refundId} on ${orderId}`);
      if (refund.status !== status) throw conflict(`refund ${refundId} is ${refund.status}, not ${status}`);
      return refund;
    }
    const refund = await store.firstRefundOfOrder(trx, developerId, platform, orderId, status);
    if (!refund) throw conflict(`no refund of ${orderId} is ${status}`);
    return refund;
  }
}

/** A marketplace event before the purchase's client reference is added. */
type WithoutClientRef = MarketplaceEvent extends infer E ? (E extends unknown ? Omit<E, "clientRef"> : never) : never;

interface OrderRef {
  platform: Platform;
  orderId: string;
}
interface RefundRef {
  platform: Platform;
  refundId: string;
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
    upstreamLineId: refund.upstreamLineId,
    type: refund.type,
    amountFen: refund.amountFen,
    status: refund.status,
    refuseReason: refund.refuseReason,
    returnAddress: refund.returnAddress,
    returnTrackingNumber: refund.returnTrackingNumber,
  };
}
