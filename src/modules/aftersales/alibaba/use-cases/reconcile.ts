// The reconciliation of a refund recorded but never opened (the upstream did not answer the request,
// or the node died before the answer was applied): a job on real time reads the case back from the
// upstream by the refund's id — found, the refund opens as the case stands; not found, the upstream
// never took it and the record is forgotten. The upstream call runs after the job's claim commits,
// never inside a transaction.
import type { RefundCase } from "../../../../marketplace/port.ts";
import type { PendingWrite } from "../../../../platform/db/one-statement.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { loadRefund } from "../aggregate.ts";
import { alibabaRefundRepo } from "../repo.ts";
import { applyCase } from "./apply-upstream-case.ts";
import { alibabaConnector, developerNow, RECONCILE_JOB, refundSubject, UPSTREAM_ACTOR, type AftersalesDeps } from "./support.ts";

export function reconcileRefund(deps: AftersalesDeps, developerId: string, refundId: string): AfterCommit {
  return async () => {
    const row = await alibabaRefundRepo.find(deps.db, developerId, refundId);
    if (!row || row.upstream_state === "OPENED") return;
    const owner = { developerId, userId: row.user_id, sandbox: await deps.isSandbox(developerId) };
    const connector = await alibabaConnector(deps, owner);
    // An unreachable upstream throws: the job is retried with its backoff.
    const report: RefundCase | undefined = await connector.readRefund(owner, refundId);
    await deps.db.transaction().execute(async (trx) => {
      const loaded = await loadRefund(trx, { refundId, developerId });
      if (!loaded || loaded.refund.opened) return;
      const now = await developerNow(deps, developerId, trx);
      const alongside: PendingWrite[] = [];
      if (report) {
        await applyCase(deps, trx, loaded.all, loaded.refund, report, now, UPSTREAM_ACTOR, alongside);
      } else {
        loaded.refund.discard();
        alongside.push(deps.jobs.cancelWrite(trx, developerId, [refundSubject(refundId)], [RECONCILE_JOB]));
      }
      await loaded.all.save(trx, deps.outbox, now, alongside);
    });
  };
}
