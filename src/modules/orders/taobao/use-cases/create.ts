// POST /v2/taobao/order (taobao.md §2.1; statuses.md T1): resolve the lines against the catalogue,
// record the order at 0 (lines BULIDING) with its unpaid-timeout deadline, buy the lines upstream
// through the developer's connector with the order's client reference, then attach the answer. Idempotent by Idempotency-Key and by (user, orderSource,
// sellerOrderNumber) among live orders. create-from-cart reuses createOrderWith.
import type { Lang, Product, PurchaseLine, PurchaseOrder } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import type { IdempotencyScope } from "../../../../platform/idempotency.ts";
import { checkedAddress, propsMap, type OrderAddressInput } from "../../../cart/index.ts";
import type { PlacedLine, ReceiverInput } from "../model.ts";
import { ordersRepo } from "../repo.ts";
import type { OrderV2VO } from "../view.ts";
import { StaleOrder, type HeldOrder } from "../service.ts";
import { failpoint } from "../../../../platform/failpoints.ts";
import { ApiError, Code } from "../../../../platform/http/errors.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { recordedCheckpoint } from "../../shared/once.ts";
import { connectorFor, developerNow, giveUp, once, RECONCILE_JOB, subjectOf, UNPAID_TIMEOUT_EVENT, unpaidTimeoutMs, upstreamFailure, type CommerceDeps, type Owner } from "./support.ts";

export const MAX_ORDER_LINES = 50;

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

/** {"颜色分类":"红色"} of a SKU of the product (in the product's language), "{}" without one. */
function propsOf(product: Product, skuId: string, which: "zh" | "trans"): string {
  const sku = product.skus.find((s) => s.skuId === skuId);
  return sku ? propsMap(sku, which) : "{}";
}

/** POST /v2/taobao/order (taobao.md §2.1). */
export async function createOrder(deps: CommerceDeps, owner: Owner, input: CreateOrderInput, idempotencyKey?: string): Promise<OrderV2VO> {
  checkLines(input);
  const receiver = checkedAddress(input.receiver, "receiver");
  return once(deps, owner, "taobao.order.create", idempotencyKey, input, (byKey) => createOrderWith(deps, owner, input, receiver, byKey, async () => {}), undefined, (ids) => resumeRecorded(deps, ids[0]!));
}

function checkLines(input: CreateOrderInput): void {
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

/**
 * The create flow after the input checks, for both entries (direct and from the cart): the
 * sellerOrderNumber reservation, then the upstream purchase and the order's insert; `inTransaction`
 * runs in the insert's transaction (the cart removes its rows there).
 */
export async function createOrderWith(deps: CommerceDeps, owner: Owner, input: CreateOrderInput, receiver: ReceiverInput, byKey: IdempotencyScope | undefined, inTransaction: (trx: Db) => Promise<void>): Promise<OrderV2VO> {
  const { idempotency } = deps;
  const orderSource = input.orderSource ?? null;
  // Idempotency on (user, orderSource, sellerOrderNumber) among live orders (taobao.md §2.1).
  const bySellerNumber = input.sellerOrderNumber ? sellerNumberScope(owner, orderSource, input.sellerOrderNumber) : undefined;
  if (bySellerNumber) {
    const existing = await existingBySellerNumber(deps, owner, orderSource, input.sellerOrderNumber!, bySellerNumber);
    if (existing) return existing;
  }
  try {
    return await placeThroughUpstream(deps, owner, input, receiver, async (trx) => {
      await inTransaction(trx);
      if (bySellerNumber) await idempotency.complete(trx, bySellerNumber, "");
    }, byKey);
  } catch (err) {
    // This request holds the number's reservation (taken above): give it up.
    if (bySellerNumber) await idempotency.release(bySellerNumber).catch(() => {});
    throw err;
  }
}

/** The reservation of a sellerOrderNumber: held while an order for it is being bought (taobao.md §2.1). */
function sellerNumberScope(owner: { developerId: string; userId: string }, orderSource: string | null, sellerOrderNumber: string): IdempotencyScope {
  return { developerId: owner.developerId, userId: owner.userId, scope: "taobao.order.seller-number", key: JSON.stringify([orderSource, sellerOrderNumber]) };
}

/** The live order with this sellerOrderNumber, after taking (or waiting for) the number's reservation. */
async function existingBySellerNumber(deps: CommerceDeps, owner: Owner, orderSource: string | null, number: string, scope: IdempotencyScope): Promise<OrderV2VO | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existingId = await ordersRepo.openOrderBySellerNumber(deps.db, owner, orderSource, number);
    if (existingId) return JSON.parse((await ordersRepo.viewOf(deps.db, existingId))!) as OrderV2VO;
    // Any request for this number holds the reservation while it buys; the number's hash is fixed,
    // so concurrent requests wait for the first one and then find its order.
    const reservation = await deps.idempotency.begin(scope, "seller-number");
    if (reservation.kind === "new") return undefined;
    // Done: its order was created (found above on the next pass) or cancelled since. Take the number
    // back atomically: deleting it instead could delete another request's fresh reservation.
    const again = await ordersRepo.openOrderBySellerNumber(deps.db, owner, orderSource, number);
    if (again) return JSON.parse((await ordersRepo.viewOf(deps.db, again))!) as OrderV2VO;
    if (await deps.idempotency.reclaim(scope, "seller-number", reservation.generation)) return undefined;
  }
  throw conflict("this sellerOrderNumber is being used by concurrent requests; retry");
}

/**
 * Record before buy. The order is recorded first (status 0, lines BULIDING, purchase PURCHASING) with
 * the client reference the upstream call carries, and a reconciliation job in case this request
 * never gets to the end; then the upstream is asked to buy, with that reference, so that a retried
 * create is idempotent upstream; then its answer is attached and the order announced. A failed
 * upstream call is reconciled at once: the purchase is looked up by reference and attached, or the
 * order — never announced, its request answered with the error — is given up (removed).
 */
async function placeThroughUpstream(
  deps: CommerceDeps,
  owner: Owner,
  input: CreateOrderInput,
  receiver: ReceiverInput,
  inTransaction: (trx: Db) => Promise<void>,
  byKey: IdempotencyScope | undefined,
): Promise<OrderV2VO> {
  const { db, orders } = deps;
  const catalog = deps.catalogs.of(owner.sandbox);
  // Resolve every line against the catalogue: unknown item or SKU → 40401 before anything is bought.
  const resolved = [];
  for (const [i, line] of input.lines.entries()) {
    const zh = await catalog.find("taobao", line.itemId, "zh");
    const sku = zh?.skus.find((s) => s.mpSkuId === line.skuId || s.skuId === line.skuId);
    if (!zh || (zh.skus.length > 0 && !sku)) throw notFound(`orderLineList[${i}]: no item ${line.itemId} with SKU ${line.skuId}`);
    const en = await catalog.product("taobao", line.itemId, "en" as Lang);
    resolved.push({ line, zh, en, sku });
  }
  const placed: PlacedLine[] = resolved.map(({ line, zh, en, sku }) => ({
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
    // Known once the upstream has answered (attachPurchases).
    taobaoPurchaseId: "",
    taobaoSubPurchaseId: "",
  }));
  const purchaseLines: PurchaseLine[] = resolved.map(({ line, zh, sku }, i) => ({
    lineNo: String(i),
    productId: zh.id,
    skuId: sku?.skuId ?? "",
    quantity: line.quantity,
    expectedUnitPriceFen: line.price,
  }));
  const clientRef = `op-${deps.ids.next()}`;

  // 1. Record: the order, its lines, its counter, its history and its jobs, in one statement.
  const now = await developerNow(deps, owner.developerId);
  const { view: recorded, held } = await orders.recordOrder(
    db,
    { owner, sellerOrderNumber: input.sellerOrderNumber ?? null, orderSource: input.orderSource ?? null, remark: input.remark ?? null, receiver, lines: placed },
    `user:${owner.userId}`,
    now,
    { clientRef },
    (orderId) => [
      deps.jobs.scheduleWrite(db, [
        { developerId: owner.developerId, dueAtMs: now + unpaidTimeoutMs(deps), kind: UNPAID_TIMEOUT_EVENT, subject: subjectOf(orderId), payload: { orderId } },
        // Real time: it repairs this node's own crash, whatever the developer's test clock does.
        { developerId: owner.developerId, dueAtMs: deps.clock.now() + reconcileAfterMs(deps), clock: "real", kind: RECONCILE_JOB, subject: subjectOf(orderId), payload: { orderId } },
      ]).write,
      // Should this node die before answering, the retry that takes the key over finds the order.
      ...(byKey ? [deps.idempotency.checkpointWrite(db, byKey, recordedCheckpoint([orderId]))] : []),
    ],
  );
  failpoint("taobao.create.recorded");

  // 2. Buy, with the reference.
  const connector = await connectorFor(deps, owner);
  const upstreamReceiver = { name: receiver.name, phone: receiver.mobilePhone ?? receiver.phone ?? "", country: receiver.country ?? "", state: receiver.state, city: receiver.city, district: receiver.district ?? "", address: receiver.address, zip: receiver.zip ?? "" };
  let purchases: PurchaseOrder[];
  try {
    purchases = await connector.createOrder(owner, purchaseLines, upstreamReceiver, clientRef);
  } catch (err) {
    // Did it reach the upstream anyway (a lost answer)? Then attach what it made; else give up.
    const found = await connector.findByClientRef(owner, clientRef).catch(() => undefined);
    if (found === undefined || found.length === 0) {
      if (found !== undefined) await db.transaction().execute((trx) => discard(deps, trx, { id: recorded.id, developerId: owner.developerId }));
      // With the lookup failing too, the order stays recorded for the reconciliation job.
      upstreamFailure(err);
    }
    purchases = found;
  }
  failpoint("taobao.create.bought");

  // 3. Attach, with what the caller does in the same transaction (cart rows leave, keys complete).
  // From the rows as recorded (nothing read again); should the order have changed or gone meanwhile
  // (StaleOrder, rolled back), once more from the rows read under its lock.
  const key = { id: recorded.id, developerId: owner.developerId };
  const attach = (from: HeldOrder | undefined) =>
    db.transaction().execute(async (trx) => {
      const now = await developerNow(deps, owner.developerId, trx);
      // Bought: the reconciliation is not needed any more (dropped in the same statement).
      const attached = await orders.attachPurchases(trx, key, lineMap(purchases), now, [deps.jobs.cancelWrite(trx, owner.developerId, [subjectOf(recorded.id)], [RECONCILE_JOB])], from);
      if (!attached) return undefined;
      await inTransaction(trx);
      if (byKey) await deps.idempotency.checkpoint(trx, byKey, JSON.stringify(attached));
      failpoint("taobao.create.attaching");
      return attached;
    });
  let view: OrderV2VO | undefined;
  try {
    view = await attach(held).catch((err: unknown) => {
      if (err instanceof StaleOrder) return attach(undefined);
      throw err;
    });
  } catch (err) {
    // The caller's part refused (the cart rows were ordered by a concurrent request meanwhile): this
    // order is given up and what the upstream made for it given back, before answering the refusal.
    await db.transaction().execute((trx) => discard(deps, trx, key));
    await giveUp(deps, owner, purchases.map((p) => p.upstreamOrderId), "order not recorded");
    throw err;
  }
  if (!view) {
    // Given up meanwhile (the reconciliation found nothing while this call was still on its way):
    // what the upstream made is given back.
    await giveUp(deps, owner, purchases.map((p) => p.upstreamOrderId), "order given up before the upstream answered");
    throw new ApiError(Code.UPSTREAM_FAILURE, "upstream failure: the upstream answered too late; the order was given up, nothing was bought");
  }
  return view;
}

/** Gives up an order still being purchased: it goes (never announced), with its jobs. False when it was no longer purchasing. */
async function discard(deps: CommerceDeps, trx: Db, key: { id: string; developerId: string }): Promise<boolean> {
  if (!(await deps.orders.discardPurchasing(trx, key))) return false;
  await deps.jobs.cancel(trx, key.developerId, [subjectOf(key.id)]);
  return true;
}

/** The upstream's answer by our line index (lineNo is the index we sent). */
function lineMap(purchases: readonly PurchaseOrder[]): Map<number, { purchaseId: string; lineId: string }> {
  const byLine = new Map<number, { purchaseId: string; lineId: string }>();
  for (const p of purchases) for (const l of p.lines) byLine.set(Number(l.lineNo), { purchaseId: p.upstreamOrderId, lineId: l.upstreamLineId });
  return byLine;
}

function reconcileAfterMs(deps: CommerceDeps): number {
  return deps.reconcileAfterMs ?? 120_000;
}

/**
 * A create whose node died after recording its order, finished for the retry that took its key
 * over: the order is reconciled now (bought: attached; not: given up) and answered, or undefined
 * when it was given up (nothing was bought: the retry buys).
 */
export async function resumeRecorded(deps: CommerceDeps, orderId: string): Promise<OrderV2VO | undefined> {
  await reconcilePurchase(deps, orderId)?.();
  const view = await ordersRepo.viewOf(deps.db, orderId);
  return view === undefined ? undefined : (JSON.parse(view) as OrderV2VO);
}

/**
 * The reconciliation job of a create (scheduled when the order is recorded, due after the create's
 * own time to finish): an order still PURCHASING is looked up at the upstream by its reference — found,
 * its purchases are attached and it is announced; not found, it is given up (removed: it was never
 * announced, and its request never answered success). An unreachable upstream fails the attempt and
 * the job is retried.
 */
export function reconcilePurchase(deps: CommerceDeps, orderId: string): AfterCommit | undefined {
  return async () => {
    const order = await deps.orders.purchasing(deps.db, orderId);
    if (!order) return;
    const owner = { developerId: order.developer_id, userId: order.user_id };
    const connector = await connectorFor(deps, owner);
    const found = await connector.findByClientRef(owner, order.client_ref);
    // The crashed request held its sellerOrderNumber: the number is settled with the order, so that
    // the client's retry finds the order, or buys anew at once, instead of waiting for it to expire.
    const number = order.seller_order_number === null ? undefined : sellerNumberScope(owner, order.order_source, order.seller_order_number);
    await deps.db.transaction().execute(async (trx) => {
      const key = { id: orderId, developerId: order.developer_id };
      if (found.length === 0) {
        if ((await discard(deps, trx, key)) && number) await deps.idempotency.release(number, trx);
        return;
      }
      const now = await developerNow(deps, order.developer_id, trx);
      if ((await deps.orders.attachPurchases(trx, key, lineMap(found), now)) && number) await deps.idempotency.complete(trx, number, "");
    });
  };
}
