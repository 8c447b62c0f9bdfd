// The reconciliation of a reverse order recorded but never opened (the submit's upstream answer was
// lost: an outage, a crash between the two transactions). Due a while after the record (real time),
// it reads the upstream by the reverse order's id: a case found opens the reverse order as the answer
// would have; none means the request never arrived, and the record goes. An unreachable upstream
// fails the attempt and the job is retried.
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import type { AftersalesDeps } from "../../shared/deps.ts";
import { loadRefund } from "../aggregate.ts";
import { refundsRepo } from "../repo.ts";
import { applyUpstreamCase } from "./apply-upstream-case.ts";
import { developerNow, taobaoConnector } from "./support.ts";

export function reconcile(deps: AftersalesDeps, developerId: string, refundId: string): AfterCommit {
  return async () => {
    const row = await refundsRepo.find(deps.db, { id: refundId, developerId });
    if (!row || row.upstream_state === "OPENED") return;
    const owner = { developerId, userId: row.user_id };
    const kase = await (await taobaoConnector(deps, owner)).readRefund(owner, refundId);
    await deps.db.transaction().execute(async (trx) => {
      const refund = await loadRefund(trx, { id: refundId, developerId }, () => deps.ids.next());
      if (!refund || refund.opened) return;
      if (kase) await applyUpstreamCase(deps, trx, refund, kase, "reconciliation", new Date(await developerNow(deps, developerId, trx)));
      else refund.discard();
      await refund.save(trx, deps.outbox, await developerNow(deps, developerId, trx), deps.taobaoUnpaidTimeoutMs);
    });
  };
}
