// 1688 creates (alibaba-1688.md §2.6, §3.3, §3.7; statuses.md §5 "— → waitbuyerpay"): one order per
// seller, all or nothing. Every seller order must pass the preview checks (40901 naming the failing
// lines, nothing created); then record before buy: the orders are recorded (PURCHASING, never listed)
// with one client reference each and their unpaid-timeout and reconciliation jobs, in one statement;
// each is bought upstream under its reference (a retried create buys nothing twice); and the answers
// are attached in one transaction that announces every order (1688-STATUS, previousStatus null).
// Should any seller's purchase fail, what was bought is cancelled and every recorded order is given
// up: the batch answers the failure and leaves nothing behind.
import { previewAlibaba, type AlibabaCargo, type AlibabaPreviewData, type SellerPreview } from "../../../cart/index.ts";
import type { Product, PurchaseLine, PurchaseOrder, PurchaseReceiver } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { writeInOneStatement } from "../../../../platform/db/one-statement.ts";
import { failpoint } from "../../../../platform/failpoints.ts";
import { ApiError, Code, conflict, invalid } from "../../../../platform/http/errors.ts";
import type { IdempotencyScope } from "../../../../platform/idempotency.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { historyInsert, type HistoryEntry } from "../../shared/history.ts";
import { once, recordedCheckpoint } from "../../shared/once.ts";
import { loadAlibabaOrders, saveAll, type AlibabaOrderAggregate } from "../aggregate.ts";
import { AlibabaStatus, DEFAULT_TRADE_TYPE, FLOWS, TRADE_TYPES, type StoredAddress } from "../model.ts";
import { alibabaRepo, type AlibabaLineRow, type AlibabaOrderRow } from "../repo.ts";
import type { AlibabaOrderDetail } from "../view.ts";
import { orderDetail } from "../view.ts";
import { connectorFor, developerNow, giveUpPurchases, RECONCILE_JOB, subjectOf, UNPAID_TIMEOUT_JOB, upstreamFailure, type AlibabaDeps, type AlibabaOwner } from "./support.ts";

/** DESIGNED: at most 100 cargo lines per call (alibaba-1688.md §0.3). */
export const MAX_CARGO = 100;

export interface CreateInput {
  flow: string;
  message?: string | undefined;
  shopPromotionId?: string | undefined;
  tradeType?: string | undefined;
  addressParam: StoredAddress;
  cargo: AlibabaCargo[];
  staffName?: string | undefined;
  platformOrder?: number | undefined;
  transferAccountImgs?: string | undefined;
  transferAccountRemark?: string | undefined;
}

/** How the call names its lines in errors: `cargoParamList` or `cartIds`. */
export interface CreateOptions {
  /** §3.7: every line must be of one seller. */
  singleSeller: boolean;
  field: string;
  /** How to name line `index` in an error. */
  lineName?: (index: number) => string;
  /** Runs in the attaching transaction (the cart's rows leave there). */
  inTransaction?: (trx: Db) => Promise<void>;
}

/** §3.3 / §3.7 with an optional Idempotency-Key. */
export function createOrders(deps: AlibabaDeps, owner: AlibabaOwner, input: CreateInput, options: CreateOptions, idempotencyKey?: string, scope = "alibaba.order.create"): Promise<AlibabaOrderDetail[]> {
  checkInput(input, options);
  return once(deps, owner, scope, idempotencyKey, input, (byKey) => createOrdersWith(deps, owner, input, options, byKey), undefined, (ids) => resumeRecorded(deps, ids));
}

export function checkInput(input: CreateInput, options: CreateOptions): void {
  if (!(FLOWS as readonly string[]).includes(input.flow)) throw invalid(`flow must be one of ${FLOWS.join(", ")}`);
  if (input.tradeType !== undefined && !(TRADE_TYPES as readonly string[]).includes(input.tradeType)) throw invalid(`tradeType must be one of the preview's tradeModeNameList: ${TRADE_TYPES.join(", ")}`);
  if (input.cargo.length < 1 || input.cargo.length > MAX_CARGO) throw invalid(`${options.field} must have 1 to ${MAX_CARGO} lines`);
}

/** The products the cargo names, by the id as given (undefined: unknown; delisted ones included, so they fail as OFFLINE). */
export function productsOf(deps: AlibabaDeps, owner: AlibabaOwner, cargo: readonly AlibabaCargo[]): Promise<Map<string, Product | undefined>> {
  return deps.cart.products(owner, cargo.map((line) => line.offerMapId));
}

/** §3.2 / §3.6: the preview result (§0.5), one PreviewResult per seller; changes nothing. */
export async function preview(deps: AlibabaDeps, owner: AlibabaOwner, cargo: AlibabaCargo[]): Promise<AlibabaPreviewData> {
  if (cargo.length < 1 || cargo.length > MAX_CARGO) throw invalid(`cargoParamList must have 1 to ${MAX_CARGO} lines`);
  return previewAlibaba(cargo, await productsOf(deps, owner, cargo)).wire;
}

/** The 40901 of a failed preview: every failing line named. */
function refusal(sellers: readonly SellerPreview[], name: (index: number) => string): ApiError {
  const failures = sellers.flatMap((s) => s.failures);
  const text = failures.map((f) => `${name(f.index)} (offer ${f.offerMapId}${f.specId ? `, spec ${f.specId}` : ""}): ${f.code} ${f.message}`).join("; ");
  return conflict(`nothing was created: ${text}`);
}

interface Recorded {
  order: Omit<AlibabaOrderRow, "version">;
  lines: AlibabaLineRow[];
  seller: SellerPreview;
}

export async function createOrdersWith(deps: AlibabaDeps, owner: AlibabaOwner, input: CreateInput, options: CreateOptions, byKey: IdempotencyScope | undefined): Promise<AlibabaOrderDetail[]> {
  const name = options.lineName ?? ((i: number) => `${options.field}[${i}]`);
  const products = await productsOf(deps, owner, input.cargo);
  const { sellers } = previewAlibaba(input.cargo, products);
  if (options.singleSeller && sellers.length > 1) throw invalid(`${options.field}: the lines are of ${sellers.length} sellers; one order has one seller (use /v2/alibaba/order/batch/create)`);
  if (sellers.some((s) => !s.ok)) throw refusal(sellers, name);

  // 1. Record: every seller's order and its jobs, one statement.
  const now = await developerNow(deps, owner.developerId);
  const at = new Date(now);
  const batchRef = `batch-${deps.ids.next()}`;
  const recorded: Recorded[] = sellers.map((seller) => recordOf(deps, owner, input, seller, at, batchRef));
  // One statement is atomic on its own: no transaction needed.
  const { db } = deps;
  await writeInOneStatement(db, [
      ...alibabaRepo.insertWrites(db, recorded.map((r) => r.order), recorded.flatMap((r) => r.lines)),
      // Each order and line starts its history here (given up, the order takes it along).
      ...historyInsert(db, "alibaba", recorded.flatMap(({ order, lines }) => createdHistory(order.id, order.status, lines, `user:${owner.userId}`, at))),
      deps.jobs.scheduleWrite(
        db,
        recorded.flatMap(({ order }) => [
          { developerId: owner.developerId, dueAtMs: now + deps.unpaidTimeoutMs, kind: UNPAID_TIMEOUT_JOB, subject: subjectOf(order.id), payload: { orderId: order.id } },
          // Real time: it repairs this node's own crash, whatever the developer's test clock does.
          { developerId: owner.developerId, dueAtMs: deps.clock.now() + deps.reconcileAfterMs, clock: "real" as const, kind: RECONCILE_JOB, subject: subjectOf(order.id), payload: { orderId: order.id } },
        ]),
      ).write,
      // Should this node die before answering, the retry that takes the key over finds these orders.
      ...(byKey ? [deps.idempotency.checkpointWrite(db, byKey, recordedCheckpoint(recorded.map((r) => r.order.id)))] : []),
  ]);
  failpoint("alibaba.create.recorded");

  // 2. Buy each seller's order under its reference.
  const connector = await connectorFor(deps, owner);
  const receiver = receiverOf(input.addressParam);
  const bought = new Map<string, PurchaseOrder>();
  let failure: unknown;
  for (const r of recorded) {
    let purchase: PurchaseOrder | undefined;
    try {
      purchase = (await connector.createOrder(owner, purchaseLines(r), receiver, r.order.client_ref))[0];
    } catch (err) {
      // Did it reach the upstream anyway (a lost answer)?
      purchase = (await connector.findByClientRef(owner, r.order.client_ref).catch(() => []))[0];
      if (!purchase) {
        failure = err;
        break;
      }
    }
    bought.set(r.order.id, purchase!);
    if (bought.size < recorded.length) failpoint("alibaba.create.buying");
    const refused = purchase!.lines.filter((l) => l.errorCode !== null || l.status === AlibabaStatus.CANCEL);
    if (refused.length > 0) {
      failure = conflict(
        `nothing was created: ${refused.map((l) => `${name(indexOf(r, Number(l.lineNo)))}: ${l.errorCode ?? "REFUSED"} ${l.errorMessage ?? "the seller refused the line"}`).join("; ")}`,
      );
      break;
    }
  }
  failpoint("alibaba.create.bought");
  if (failure !== undefined) {
    await abandon(deps, owner, madeFor(recorded, bought), "batch not created");
    if (failure instanceof ApiError) throw failure;
    upstreamFailure(failure);
  }

  // 3. Attach every answer, announce every order, in one transaction.
  let details: AlibabaOrderDetail[] | undefined;
  try {
    details = await deps.db.transaction().execute(async (trx) => {
      const now = await developerNow(deps, owner.developerId, trx);
      // Every recorded order under its lock (id order), with its lines: two statements.
      const loaded = await loadAlibabaOrders(trx, { ids: recorded.map((r) => r.order.id), developerId: owner.developerId });
      const aggs: AlibabaOrderAggregate[] = [];
      for (const r of recorded) {
        const agg = loaded.get(r.order.id);
        // Given up by the reconciliation meanwhile: this batch cannot be whole any more.
        if (!agg) return undefined;
        // Attached by the reconciliation meanwhile (a slow create): it stands as it is.
        if (agg.order.purchase_state === "PURCHASING") attach(agg, bought.get(r.order.id)!);
        aggs.push(agg);
      }
      if (options.inTransaction) await options.inTransaction(trx);
      await saveAll(trx, deps.outbox, now, aggs, [deps.jobs.cancelWrite(trx, owner.developerId, recorded.map((r) => subjectOf(r.order.id)), [RECONCILE_JOB])]);
      failpoint("alibaba.create.attaching");
      const byId = new Map(aggs.map((a) => [a.order.id, a]));
      const answer = recorded.map((r) => JSON.parse(byId.get(r.order.id)!.order.view_json) as AlibabaOrderDetail);
      if (byKey) await deps.idempotency.checkpoint(trx, byKey, JSON.stringify(answer));
      return answer;
    });
  } catch (err) {
    // The caller's part refused (e.g. the cart rows were ordered by a concurrent request meanwhile).
    await abandon(deps, owner, madeFor(recorded, bought), "order not recorded");
    throw err;
  }
  if (!details) {
    // Given up meanwhile by the reconciliation: what the upstream made is given back.
    await abandon(deps, owner, madeFor(recorded, bought), "order given up before the upstream answered");
    throw new ApiError(Code.UPSTREAM_FAILURE, "upstream failure: the upstream answered too late; the orders were given up, nothing was bought");
  }
  return details;
}

function indexOf(r: Recorded, lineNo: number): number {
  return r.seller.lines[lineNo]?.index ?? lineNo;
}

function createdHistory(orderId: string, status: string, lines: readonly AlibabaLineRow[], actor: string, at: Date): HistoryEntry[] {
  return [
    { orderId, subOrderId: null, from: null, to: status, reason: "created", actor, at },
    ...lines.map((line) => ({ orderId, subOrderId: line.id, from: null, to: line.status, reason: "created", actor, at })),
  ];
}

function recordOf(deps: AlibabaDeps, owner: AlibabaOwner, input: CreateInput, seller: SellerPreview, at: Date, batchRef: string): Recorded {
  const id = deps.ids.next();
  const lines: AlibabaLineRow[] = seller.lines.map((priced, k) => {
    const sku = priced.sku;
    return {
      id: deps.ids.next(),
      order_id: id,
      developer_id: owner.developerId,
      user_id: owner.userId,
      line_index: k,
      upstream_line_id: null,
      product_id: priced.product.numericId,
      offer_map_id: priced.product.id,
      spec_id: sku?.mpSkuId ?? "",
      sku_id: sku?.skuId ?? null,
      name: priced.product.title.zh,
      image_urls: JSON.stringify(sku?.imageUrl ? [sku.imageUrl] : priced.product.imageUrls.slice(0, 1)),
      sku_infos: JSON.stringify((sku?.properties ?? []).map((p) => ({ name: p.propName.zh, value: p.valueName.zh }))),
      quantity: priced.cargo.quantity,
      unit: priced.product.unit.zh || "件",
      unit_price_fen: String(priced.unitPriceFen),
      amount_fen: String(priced.amountFen),
      post_fee_fen: String(sku?.postFeeFen ?? 0),
      cargo_number: null,
      status: AlibabaStatus.WAIT_BUYER_PAY,
      refund_status: null,
      refund_id: null,
      refunded_fen: "0",
      product_no: priced.cargo.productNo ?? null,
      container: priced.cargo.container ?? null,
      created_at: at,
      updated_at: at,
    };
  });
  const order: Omit<AlibabaOrderRow, "version"> = {
    id,
    developer_id: owner.developerId,
    user_id: owner.userId,
    client_ref: `op-${id}`,
    batch_ref: batchRef,
    purchase_state: "PURCHASING",
    upstream_order_id: null,
    status: AlibabaStatus.WAIT_BUYER_PAY,
    seller_open_id: seller.sellerOpenId,
    seller_login_id: seller.seller.nick,
    seller_company: seller.seller.companyName,
    flow: input.flow,
    trade_type: input.tradeType ?? DEFAULT_TRADE_TYPE,
    message: input.message ?? null,
    staff_name: input.staffName ?? null,
    platform_order: input.platformOrder ?? null,
    transfer_account_imgs: input.transferAccountImgs ?? null,
    transfer_account_remark: input.transferAccountRemark ?? null,
    address: JSON.stringify(input.addressParam),
    goods_fen: String(seller.goodsFen),
    shipping_fen: String(seller.shippingFen),
    discount_fen: String(seller.discountFen),
    refund_fen: "0",
    refund_carriage_fen: "0",
    refund_status: null,
    close_reason: null,
    pay_way: null,
    payment_ref: null,
    alipay_trade_id: null,
    upstream_paid: false,
    cashier_token: null,
    logistics: null,
    created_at: at,
    updated_at: at,
    pay_time: null,
    shipped_at: null,
    complete_time: null,
    unpaid_close_at: new Date(at.getTime() + deps.unpaidTimeoutMs),
    view_json: "",
  };
  order.view_json = JSON.stringify(orderDetail({ ...order, version: 0 }, lines));
  return { order, lines, seller };
}

function purchaseLines(r: Recorded): PurchaseLine[] {
  return r.lines.map((line, k) => ({ lineNo: String(k), productId: line.offer_map_id, skuId: line.sku_id ?? "", quantity: line.quantity, expectedUnitPriceFen: Number(line.unit_price_fen) }));
}

export function receiverOf(address: StoredAddress): PurchaseReceiver {
  return {
    name: address.fullName,
    phone: address.mobile ?? address.phone ?? "",
    country: "CN",
    state: address.provinceText,
    city: address.cityText,
    district: address.areaText ?? "",
    address: address.townText ? `${address.townText} ${address.address}` : address.address,
    zip: address.postCode ?? "",
  };
}

/** The upstream's answer on the recorded order: its ids and its prices (1688 prices at creation). */
function attach(agg: AlibabaOrderAggregate, purchase: PurchaseOrder): void {
  agg.order.upstream_order_id = purchase.upstreamOrderId;
  for (const upstream of purchase.lines) {
    const line = agg.lines[Number(upstream.lineNo)];
    if (!line) continue;
    line.upstream_line_id = upstream.upstreamLineId;
    if (upstream.unitPriceFen !== null) {
      line.unit_price_fen = String(upstream.unitPriceFen);
      line.amount_fen = String(upstream.unitPriceFen * line.quantity);
    }
    if (upstream.postFeeFen !== null) line.post_fee_fen = String(upstream.postFeeFen);
    agg.touch(line);
  }
  agg.order.goods_fen = String(agg.lines.reduce((sum, l) => sum + Number(l.amount_fen), 0));
  agg.order.shipping_fen = String(agg.lines.reduce((max, l) => Math.max(max, Number(l.post_fee_fen)), 0));
  agg.markPlaced();
}

/** Gives up recorded orders (never announced) with their jobs, and cancels what the upstream made for them. */
async function abandon(deps: AlibabaDeps, owner: AlibabaOwner, made: ReadonlyArray<{ orderId: string; upstreamOrderId?: string | undefined }>, reason: string): Promise<void> {
  // Only the orders still being purchased go, with their jobs and purchases: one the reconciliation
  // has attached meanwhile is a listed order now, and keeps its purchase and its unpaid timeout.
  const discarded = await deps.db.transaction().execute(async (trx) => {
    const ids = await alibabaRepo.discardPurchasing(trx, owner.developerId, made.map((m) => m.orderId));
    if (ids.length > 0) await deps.jobs.cancel(trx, owner.developerId, ids.map(subjectOf));
    return new Set(ids);
  });
  const upstream = made.filter((m) => discarded.has(m.orderId) && m.upstreamOrderId !== undefined).map((m) => m.upstreamOrderId!);
  await giveUpPurchases(deps, owner, upstream, reason);
}

/** Each recorded order with the purchase bought for it, if any. */
function madeFor(recorded: readonly Recorded[], bought: ReadonlyMap<string, PurchaseOrder>) {
  return recorded.map((r) => ({ orderId: r.order.id, upstreamOrderId: bought.get(r.order.id)?.upstreamOrderId }));
}

/**
 * A create whose node died after recording its orders, finished for the retry that took its key
 * over: each order still being purchased is reconciled now (bought: attached; not: given up), and
 * the orders that exist are answered in the order they were recorded — undefined when none does
 * (nothing was bought: the retry buys).
 */
export async function resumeRecorded(deps: AlibabaDeps, orderIds: readonly string[]): Promise<AlibabaOrderDetail[] | undefined> {
  for (const id of orderIds) await reconcilePurchase(deps, id)();
  const views: AlibabaOrderDetail[] = [];
  for (const id of orderIds) {
    const order = await alibabaRepo.placed(deps.db, id);
    if (order) views.push(JSON.parse(order.view_json) as AlibabaOrderDetail);
  }
  return views.length > 0 ? views : undefined;
}

/**
 * The reconciliation of a recorded order (due after its create's own time to finish) settles the
 * whole batch its create recorded, so a batch stays all or nothing when its node died between two
 * sellers' purchases: every order still PURCHASING is looked up upstream by its reference; when
 * every one was bought soundly they are attached and announced together, otherwise every one is given
 * up and whatever was made for them cancelled. An unreachable upstream fails the attempt, and the
 * job is retried.
 */
export function reconcilePurchase(deps: AlibabaDeps, orderId: string): AfterCommit {
  return async () => {
    const order = await alibabaRepo.purchasing(deps.db, orderId);
    if (!order) return;
    const pending = (await alibabaRepo.batchOf(deps.db, order.developer_id, order.batch_ref)).filter((o) => o.purchase_state === "PURCHASING");
    const owner = { developerId: order.developer_id, userId: order.user_id, sandbox: await deps.isSandbox(order.developer_id) };
    const connector = await connectorFor(deps, owner);
    const found = new Map<string, PurchaseOrder | undefined>();
    for (const o of pending) found.set(o.id, (await connector.findByClientRef(owner, o.client_ref))[0]);
    const sound = (p: PurchaseOrder | undefined) => p !== undefined && p.lines.every((l) => l.errorCode === null && l.status !== AlibabaStatus.CANCEL);
    if (![...found.values()].every(sound)) {
      await abandon(deps, owner, pending.map((o) => ({ orderId: o.id, upstreamOrderId: found.get(o.id)?.upstreamOrderId })), "batch given up by reconciliation");
      return;
    }
    await deps.db.transaction().execute(async (trx) => {
      const loaded = await loadAlibabaOrders(trx, { ids: pending.map((o) => o.id), developerId: order.developer_id });
      const aggs = [...loaded.values()].filter((agg) => agg.order.purchase_state === "PURCHASING");
      for (const agg of aggs) attach(agg, found.get(agg.order.id)!);
      await saveAll(trx, deps.outbox, await developerNow(deps, order.developer_id, trx), aggs);
    });
  };
}
