// Taobao after-sales (taobao.md §4; statuses.md §3, §4) as one object for the routes and the app: each
// method hands over to its use case (one verb per file). The constructor wires what the flow reacts
// to: the upstream's case changes from the marketplace inbox, and the reconciliation of a case
// recorded but not opened.
import type { AftersalesDeps, AftersalesOwner } from "../shared/deps.ts";
import { onRefundChanged } from "./use-cases/apply-upstream-case.ts";
import { cancel } from "./use-cases/cancel.ts";
import { detail } from "./use-cases/detail.ts";
import { list, type ListQuery } from "./use-cases/list.ts";
import { messages } from "./use-cases/messages.ts";
import { modify, type ModifyInput } from "./use-cases/modify.ts";
import { reconcile } from "./use-cases/reconcile.ts";
import { render } from "./use-cases/render.ts";
import { returnRender } from "./use-cases/return-render.ts";
import { returnSubmit, type ReturnInput } from "./use-cases/return-submit.ts";
import { sendMessage } from "./use-cases/send-message.ts";
import { submit, type SubmitInput } from "./use-cases/submit.ts";
import { RECONCILE_JOB, subjectOf } from "./use-cases/support.ts";
import { refundsRepo } from "./repo.ts";
import type { GoodsStatus, RefundType } from "./model.ts";

export type { ListQuery, ModifyInput, ReturnInput, SubmitInput };

export class TaobaoAftersales {
  readonly #deps: AftersalesDeps;

  constructor(deps: AftersalesDeps) {
    this.#deps = deps;
    deps.inbox.on("taobao", "refund_changed", (trx, event) => onRefundChanged(deps, trx, event));
    deps.jobs.on(RECONCILE_JOB, async (_trx, job) => {
      const { refundId } = job.payload as { refundId: string };
      return reconcile(deps, job.developerId!, refundId);
    });
    // A sandbox user's reset drops its orders; their reverse orders go with them.
    deps.clocks.onUserReset(async (trx, developerId, userId) => {
      const ids = await refundsRepo.deleteUser(trx, developerId, userId);
      await deps.jobs.cancel(trx, developerId, ids.map(subjectOf), [RECONCILE_JOB]);
    });
  }

  get deps(): AftersalesDeps {
    return this.#deps;
  }

  /** The developer's open reverse orders on one upstream purchase. */
  openCases(developerId: string, upstreamOrderId: string): Promise<string[]> {
    return refundsRepo.openIdsOfPurchase(this.#deps.db, developerId, upstreamOrderId);
  }

  list(owner: AftersalesOwner, query: ListQuery) {
    return list(this.#deps, owner, query);
  }

  render(owner: AftersalesOwner, input: { subOrderId: string; refundType: RefundType; goodsStatus: GoodsStatus }) {
    return render(this.#deps, owner, input);
  }

  returnRender(owner: AftersalesOwner, refundId: string) {
    return returnRender(this.#deps, owner, refundId);
  }

  returnSubmit(owner: AftersalesOwner, input: ReturnInput) {
    return returnSubmit(this.#deps, owner, input);
  }

  cancel(owner: AftersalesOwner, refundId: string) {
    return cancel(this.#deps, owner, refundId);
  }

  sendMessage(owner: AftersalesOwner, input: { refundId: string; refundMessage: string; refundImages?: string }) {
    return sendMessage(this.#deps, owner, input);
  }

  submit(owner: AftersalesOwner, input: SubmitInput) {
    return submit(this.#deps, owner, input);
  }

  messages(owner: AftersalesOwner, query: { refundId: string; pageNo?: number; pageSize?: number }) {
    return messages(this.#deps, owner, query);
  }

  modify(owner: AftersalesOwner, input: ModifyInput) {
    return modify(this.#deps, owner, input);
  }

  detail(owner: AftersalesOwner, refundId: string) {
    return detail(this.#deps, owner, refundId);
  }
}
