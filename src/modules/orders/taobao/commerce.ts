// The Taobao buying flow (taobao.md §2, §3.2; statuses.md §1–§3) as one object for the routes, the
// sandbox and the app: each method hands over to its use case in use-cases/ (one verb per file,
// each a plain function of the dependencies), so a change to one verb is made in one small file.
// The constructor wires what the flow reacts to: its jobs (the unpaid timeout on the developer's
// clock, the upstream payment's retry, a create's reconciliation), a sandbox user reset, and the
// marketplace's events from the inbox.
import type { OrderAddressInput } from "../../cart/index.ts";
import type { SubOrderRow } from "./repo.ts";
import { registerMarketplaceHandlers } from "./use-cases/apply-marketplace-event.ts";
import { cancel } from "./use-cases/cancel.ts";
import { closeUnpaid } from "./use-cases/close-unpaid.ts";
import { createFromCart } from "./use-cases/create-from-cart.ts";
import { createOrder, reconcilePurchase, type CreateOrderInput } from "./use-cases/create.ts";
import { finance } from "./use-cases/finance.ts";
import { forgetUserOrders } from "./use-cases/forget-user.ts";
import { payUpstream, payUpstreamJob } from "./use-cases/pay-upstream.ts";
import { pay, type PayResult } from "./use-cases/pay.ts";
import { detail, imLink, logistics, purchasesOf } from "./use-cases/reads.ts";
import { ordersRepo } from "./repo.ts";
import { PAY_UPSTREAM_JOB, RECONCILE_JOB, UNPAID_TIMEOUT_EVENT, type CommerceDeps, type Owner } from "./use-cases/support.ts";
import { updateWarehouse } from "./use-cases/update-warehouse.ts";
import type { OrderV2VO } from "./view.ts";

export type { CommerceDeps, Owner } from "./use-cases/support.ts";
export { MAX_ORDER_LINES, type CreateOrderInput, type OrderLineInput } from "./use-cases/create.ts";
export { MAX_PAY_ORDERS, type PayResult } from "./use-cases/pay.ts";

export class TaobaoCommerce {
  readonly #deps: CommerceDeps;

  constructor(deps: CommerceDeps) {
    this.#deps = deps;
    const orderIdOf = (payload: unknown) => (payload as { orderId: string }).orderId;
    deps.jobs.on(UNPAID_TIMEOUT_EVENT, (trx, job, now) => closeUnpaid(deps, trx, job.developerId!, orderIdOf(job.payload), now));
    deps.jobs.on(PAY_UPSTREAM_JOB, async (_trx, job) => payUpstreamJob(deps, job.developerId!, orderIdOf(job.payload)));
    deps.jobs.on(RECONCILE_JOB, async (_trx, job) => reconcilePurchase(deps, orderIdOf(job.payload)));
    deps.clocks.onUserReset((trx, developerId, userId) => forgetUserOrders(deps, trx, developerId, userId));
    registerMarketplaceHandlers(deps, deps.inbox);
  }

  /** POST /v2/taobao/order (taobao.md §2.1). */
  createOrder(owner: Owner, input: CreateOrderInput, idempotencyKey?: string): Promise<OrderV2VO> {
    return createOrder(this.#deps, owner, input, idempotencyKey);
  }

  /** POST /v2/taobao/cart/create/order (taobao.md §3.2). */
  createFromCart(
    owner: Owner,
    input: { ids: number[]; orderAddress: OrderAddressInput; orderSource?: string; sellerOrderNumber?: string; remark?: string },
    idempotencyKey?: string,
  ): Promise<OrderV2VO> {
    return createFromCart(this.#deps, owner, input, idempotencyKey);
  }

  /** POST /v2/taobao/order/pay (taobao.md §2.5). */
  pay(owner: Owner, orderIds: string[], idempotencyKey?: string): Promise<PayResult> {
    return pay(this.#deps, owner, orderIds, idempotencyKey);
  }

  /** Operator: finance confirms (1 → 2, then the upstream is paid) or rejects (1 → 3, money back). */
  finance(developerId: string, orderId: string, decision: "confirm" | "reject", actor: string): Promise<OrderV2VO> {
    return finance(this.#deps, developerId, orderId, decision, actor);
  }

  /** T10/T11 for one finance-confirmed order; answers its status afterwards (see payUpstream). */
  payUpstream(developerId: string, orderId: string, committed?: { userId: string; lines: readonly SubOrderRow[]; sandbox?: boolean }): Promise<number | undefined> {
    return payUpstream(this.#deps, developerId, orderId, committed);
  }

  /** POST /v2/taobao/order/cancel (taobao.md §2.3). */
  cancel(owner: Owner, orderId: string, reason: string | undefined): Promise<true> {
    return cancel(this.#deps, owner, orderId, reason);
  }

  /** POST /v2/taobao/order/updateWarehouse (taobao.md §2.4). */
  updateWarehouse(owner: Owner, orderId: string, warehouseAddress: string, warehouseName: string): Promise<OrderV2VO> {
    return updateWarehouse(this.#deps, owner, orderId, warehouseAddress, warehouseName);
  }

  /** The upstream purchases behind one of the developer's Taobao orders (sandbox triggers by order id). */
  purchasesOf(developerId: string, orderId: string, userId?: string): Promise<string[]> {
    return purchasesOf(this.#deps, developerId, orderId, userId);
  }

  /** Whose orders carry an upstream purchase (by its id or the client reference it was bought under), any developer. */
  purchaseOwners(key: { upstreamOrderId: string } | { clientRef: string }): Promise<Array<{ developerId: string; userId: string }>> {
    return ordersRepo.ownersOfPurchase(this.#deps.db, key);
  }

  /** GET /v2/taobao/order/detail/get (taobao.md §2.7): the stored view as served. */
  detail(owner: Owner, by: { orderId?: string; orderNo?: string }): Promise<string> {
    return detail(this.#deps, owner, by);
  }

  /** POST /v2/taobao/order/page/link/get (taobao.md §2.6). */
  imLink(owner: Owner, sourceType: string, bizId: string): Promise<string> {
    return imLink(this.#deps, owner, sourceType, bizId);
  }

  /** GET /v2/taobao/order/logistics/detail/get (taobao.md §2.8). */
  logistics(owner: Owner, subPurchaseOrderId: string): ReturnType<typeof logistics> {
    return logistics(this.#deps, owner, subPurchaseOrderId);
  }
}
