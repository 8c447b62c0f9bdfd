// 1688 after-sales (alibaba-1688.md §4; statuses.md §6) as one object for the routes and the app: each
// method hands over to its use case (one verb per file). The constructor wires what the flow reacts
// to: the upstream's case changes from the marketplace inbox, the reconciliation of a refund recorded
// but not opened, and a sandbox user's reset.
import type { Db } from "../../../platform/db/index.ts";
import type { AftersalesDeps, AftersalesOwner } from "../shared/deps.ts";
import { alibabaRefundRepo } from "./repo.ts";
import { registerRefundChangedHandler } from "./use-cases/apply-upstream-case.ts";
import { returnCarriers, type LogisticsCompanyVO } from "./use-cases/carriers.ts";
import { createRefund, type CreateRefundInput } from "./use-cases/create.ts";
import { refundInfoOf } from "./use-cases/info.ts";
import { refundReasons, type RefundReasonVO } from "./use-cases/reasons.ts";
import { reconcileRefund } from "./use-cases/reconcile.ts";
import { returnGoods, type ReturnGoodsInput } from "./use-cases/return-goods.ts";
import { RECONCILE_JOB } from "./use-cases/support.ts";
import type { AlibabaRefundInfo } from "./view.ts";

export type { CreateRefundInput } from "./use-cases/create.ts";
export type { ReturnGoodsInput } from "./use-cases/return-goods.ts";

export class AlibabaAftersales {
  readonly #deps: AftersalesDeps;

  constructor(deps: AftersalesDeps) {
    this.#deps = deps;
    deps.jobs.on(RECONCILE_JOB, async (_trx, job) => reconcileRefund(deps, job.developerId!, (job.payload as { refundId: string }).refundId));
    registerRefundChangedHandler(deps, deps.inbox);
    deps.clocks.onUserReset((trx: Db, developerId: string, userId: string) => alibabaRefundRepo.forgetUser(trx, developerId, userId));
  }

  get deps(): AftersalesDeps {
    return this.#deps;
  }

  /** The developer's open refunds on one upstream order. */
  openCases(developerId: string, upstreamOrderId: string): Promise<string[]> {
    return alibabaRefundRepo.openIdsOfOrder(this.#deps.db, developerId, upstreamOrderId);
  }

  /** §4.1. */
  info(owner: AftersalesOwner, refundId: string): Promise<AlibabaRefundInfo> {
    return refundInfoOf(this.#deps, owner, refundId);
  }

  /** §4.2. */
  reasons(owner: AftersalesOwner, input: { orderId: string; orderEntryIds: string[]; goodsStatus: string }): Promise<RefundReasonVO[]> {
    return refundReasons(this.#deps, owner, input);
  }

  /** §4.4. */
  create(owner: AftersalesOwner, input: CreateRefundInput): Promise<{ refundId: string }> {
    return createRefund(this.#deps, owner, input);
  }

  /** §4.5. */
  returnGoods(owner: AftersalesOwner, input: ReturnGoodsInput): Promise<true> {
    return returnGoods(this.#deps, owner, input);
  }

  /** §4.6. */
  carriers(): Promise<LogisticsCompanyVO[]> {
    return returnCarriers(this.#deps);
  }
}
