// POST /v2/taobao/order (taobao.md §2.1; statuses.md T1): resolve the lines against the catalogue,
// buy them upstream through the marketplace port, then record the order at 0 (lines BULIDING) with
// its unpaid-timeout deadline. Idempotent by Idempotency-Key and by (user, orderSource,
// sellerOrderNumber) among live orders. create-from-cart reuses createOrderWith.
import type { Lang, Product, PurchaseLine, PurchaseOrder } from "../../../../marketplace/port.ts";
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import type { IdempotencyScope } from "../../../../platform/idempotency.ts";
import { checkedAddress, propsMap, type OrderAddressInput } from "../../../cart/index.ts";
import type { PlacedLine, ReceiverInput } from "../model.ts";
import { ordersRepo } from "../repo.ts";
import type { OrderV2VO } from "../view.ts";
import { developerNow, giveUp, once, subjectOf, UNPAID_TIMEOUT_EVENT, unpaidTimeoutMs, upstreamFailure, type CommerceDeps, type Owner } from "./support.ts";

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
  return once(deps, owner, "taobao.order.create", idempotencyKey, input, (byKey) => createOrderWith(deps, owner, input, receiver, byKey, async () => {}));
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
  const bySellerNumber: IdempotencyScope | undefined = input.sellerOrderNumber
    ? { developerId: owner.developerId, userId: owner.userId, scope: "taobao.order.seller-number", key: JSON.stringify([orderSource, input.sellerOrderNumber]) }
    : undefined;
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

async function placeThroughUpstream(
  deps: CommerceDeps,
  owner: Owner,
  input: CreateOrderInput,
  receiver: ReceiverInput,
  inTransaction: (trx: Db) => Promise<void>,
  byKey: IdempotencyScope | undefined,
): Promise<OrderV2VO> {
  const { catalog, purchase, db, orders, idempotency } = deps;
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
      const now = await developerNow(deps, owner.developerId, trx);
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
      await deps.clocks.schedule(trx, { developerId: owner.developerId, dueAtMs: now + unpaidTimeoutMs(deps), kind: UNPAID_TIMEOUT_EVENT, subject: subjectOf(view.id), payload: { orderId: view.id } });
      await inTransaction(trx);
      if (byKey) await idempotency.checkpoint(trx, byKey, JSON.stringify(view));
      return view;
    });
  } catch (err) {
    // The upstream bought but we could not record it: give the purchases back.
    await giveUp(deps, owner, purchases.map((p) => p.upstreamOrderId), "order not recorded");
    throw err;
  }
}
