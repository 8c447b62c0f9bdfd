// The 1688 buying flow (alibaba-1688.md §2.6, §3; statuses.md §5) as one object for the routes, the
// sandbox and the app: each method hands over to its use case (one verb per file). The constructor
// wires what the flow reacts to: its jobs on the developer's clock (unpaid close, automatic receipt,
// settlement, upstream payment retry), the create reconciliation (real time), a sandbox user reset,
// and the marketplace's events from the inbox.
import type { Db } from "../../../platform/db/index.ts";
import { alibabaRepo } from "./repo.ts";
import { registerAlibabaMarketplaceHandlers } from "./use-cases/apply-marketplace-event.ts";
import { cancel } from "./use-cases/cancel.ts";
import { closeUnpaid } from "./use-cases/close-unpaid.ts";
import { createFromCart, type CreateFromCartInput } from "./use-cases/create-from-cart.ts";
import { createOrders, preview, reconcilePurchase, type CreateInput } from "./use-cases/create.ts";
import type { AlibabaCargo, AlibabaPreviewData } from "../../cart/index.ts";
import { batchPay, cashierPay, cashierView, payUpstreamJob, payUrl, type BatchPayResult, type PayUrlResult } from "./use-cases/pay.ts";
import { decryptOpenUid, page, trace, type AlibabaPage, type PageQuery, type TraceEntry } from "./use-cases/reads.ts";
import { autoReceipt, receiveGoods, settleJob, type ReceiveResult } from "./use-cases/receive-goods.ts";
import { AUTO_RECEIPT_JOB, PAY_UPSTREAM_JOB, RECONCILE_JOB, SETTLE_JOB, UNPAID_TIMEOUT_JOB, type AlibabaDeps, type AlibabaOwner } from "./use-cases/support.ts";
import { orderDetail, type AlibabaOrderDetail } from "./view.ts";

export type { AlibabaDeps, AlibabaOwner } from "./use-cases/support.ts";
export type { CreateInput } from "./use-cases/create.ts";

const orderIdOf = (payload: unknown) => (payload as { orderId: string }).orderId;

export class AlibabaCommerce {
  readonly #deps: AlibabaDeps;

  constructor(deps: AlibabaDeps) {
    this.#deps = deps;
    deps.jobs.on(UNPAID_TIMEOUT_JOB, (trx, job, now) => closeUnpaid(deps, trx, job.developerId!, orderIdOf(job.payload), now));
    deps.jobs.on(AUTO_RECEIPT_JOB, (trx, job, now) => autoReceipt(deps, trx, job.developerId!, orderIdOf(job.payload), now));
    deps.jobs.on(SETTLE_JOB, (trx, job, now) => settleJob(deps, trx, job.developerId!, orderIdOf(job.payload), now));
    deps.jobs.on(PAY_UPSTREAM_JOB, async (_trx, job) => payUpstreamJob(deps, job.developerId!, orderIdOf(job.payload)));
    deps.jobs.on(RECONCILE_JOB, async (_trx, job) => reconcilePurchase(deps, orderIdOf(job.payload)));
    deps.clocks.onUserReset((trx: Db, developerId: string, userId: string) => alibabaRepo.forgetUser(trx, developerId, userId));
    registerAlibabaMarketplaceHandlers(deps, deps.inbox);
  }

  /** §3.2 / §3.6. */
  preview(owner: AlibabaOwner, cargo: AlibabaCargo[]): Promise<AlibabaPreviewData> {
    return preview(this.#deps, owner, cargo);
  }

  /** §3.7: one seller. */
  create(owner: AlibabaOwner, input: CreateInput, idempotencyKey?: string): Promise<AlibabaOrderDetail> {
    return createOrders(this.#deps, owner, input, { singleSeller: true, field: "cargoParamList" }, idempotencyKey, "alibaba.order.create").then((orders) => orders[0]!);
  }

  /** §3.3: one order per seller, all or nothing. */
  batchCreate(owner: AlibabaOwner, input: CreateInput, idempotencyKey?: string): Promise<AlibabaOrderDetail[]> {
    return createOrders(this.#deps, owner, input, { singleSeller: false, field: "cargoParamList" }, idempotencyKey, "alibaba.order.batch-create");
  }

  /** §2.6. */
  createFromCart(owner: AlibabaOwner, input: CreateFromCartInput, idempotencyKey?: string): Promise<AlibabaOrderDetail[]> {
    return createFromCart(this.#deps, owner, input, idempotencyKey);
  }

  batchPay(owner: AlibabaOwner, orderIds: string[]): Promise<BatchPayResult> {
    return batchPay(this.#deps, owner, orderIds);
  }

  payUrl(owner: AlibabaOwner, orderId: string): Promise<PayUrlResult> {
    return payUrl(this.#deps, owner, orderId);
  }

  cashierView(token: string): ReturnType<typeof cashierView> {
    return cashierView(this.#deps, token);
  }

  cashierPay(token: string): ReturnType<typeof cashierPay> {
    return cashierPay(this.#deps, token);
  }

  cancel(owner: AlibabaOwner, orderId: string, reason: string, remark?: string): Promise<true> {
    return cancel(this.#deps, owner, orderId, reason, remark);
  }

  receiveGoods(owner: AlibabaOwner, orderId: string, entryIds: string[]): Promise<ReceiveResult> {
    return receiveGoods(this.#deps, owner, orderId, entryIds);
  }

  page(owner: AlibabaOwner, query: PageQuery): Promise<AlibabaPage> {
    return page(this.#deps, owner, query);
  }

  trace(owner: AlibabaOwner, orderId: string): Promise<TraceEntry[]> {
    return trace(this.#deps, owner, orderId);
  }

  decryptOpenUid(owner: AlibabaOwner, openUid: string): Promise<{ wangwangNick: string }> {
    return decryptOpenUid(this.#deps, owner, openUid);
  }

  /**
   * The read model's soundness for a developer: each placed order's stored view is its rows' detail,
   * and the counters hold what the orders are. Answers the differences (empty when sound).
   */
  async verifyReadModel(developerId: string): Promise<string[]> {
    const { orders, lines } = await alibabaRepo.placedOf(this.#deps.db, developerId);
    const problems: string[] = [];
    const actual = new Map<string, number>();
    for (const order of orders) {
      const own = lines.filter((l) => l.order_id === order.id);
      if (order.view_json !== JSON.stringify(orderDetail(order, own))) problems.push(`order ${order.id}: the stored view differs from its rows`);
      const key = `${order.user_id}:${order.status}`;
      actual.set(key, (actual.get(key) ?? 0) + 1);
    }
    for (const row of await alibabaRepo.counts(this.#deps.db, developerId)) {
      const key = `${row.user_id}:${row.status}`;
      if (Number(row.n) !== (actual.get(key) ?? 0)) problems.push(`counter ${key} is ${row.n}, ${actual.get(key) ?? 0} orders are`);
      actual.delete(key);
    }
    for (const [key, n] of actual) problems.push(`counter ${key} is missing (${n} orders)`);
    return problems;
  }

  /** Whose orders carry an upstream order (by its id or the client reference it was bought under), any developer. */
  purchaseOwners(key: { upstreamOrderId: string } | { clientRef: string }): Promise<Array<{ developerId: string; userId: string }>> {
    return alibabaRepo.ownersOfPurchase(this.#deps.db, key);
  }

  /** The upstream purchase behind one of the developer's 1688 orders (sandbox triggers by order id). */
  async purchaseOf(developerId: string, orderId: string, userId?: string): Promise<string | undefined> {
    const order = await alibabaRepo.orderRow(this.#deps.db, developerId, orderId, userId);
    return order?.upstream_order_id ?? undefined;
  }
}
