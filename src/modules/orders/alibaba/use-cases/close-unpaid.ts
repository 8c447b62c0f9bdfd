// The unpaid timeout (statuses.md §5 waitbuyerpay → cancel, BUYER_NO_PAY): a job on the developer's
// clock, ALIBABA_UNPAID_TIMEOUT (24 h) after creation. The upstream purchase is cancelled after the
// job's claim commits.
import type { Db } from "../../../../platform/db/index.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { loadAlibabaOrder } from "../aggregate.ts";
import { AlibabaStatus } from "../model.ts";
import { giveUpPurchases, type AlibabaDeps } from "./support.ts";

export async function closeUnpaid(deps: AlibabaDeps, trx: Db, developerId: string, orderId: string, now: number): Promise<AfterCommit | undefined> {
  const agg = await loadAlibabaOrder(trx, { id: orderId, developerId });
  if (!agg || agg.order.purchase_state !== "PLACED" || agg.status !== AlibabaStatus.WAIT_BUYER_PAY) return undefined;
  const at = new Date(now);
  agg.moveLinesFrom(AlibabaStatus.WAIT_BUYER_PAY, AlibabaStatus.CANCEL, "not paid in time", "platform", at);
  agg.moveOrder(AlibabaStatus.CANCEL, "not paid in time", "platform", at, "BUYER_NO_PAY");
  await agg.save(trx, deps.outbox, now);
  const upstream = agg.order.upstream_order_id;
  const userId = agg.order.user_id;
  // After the claim commits: the developer's mode is read outside this job's transaction.
  return upstream ? async () => giveUpPurchases(deps, { developerId, userId, sandbox: await deps.isSandbox(developerId) }, [upstream], "unpaid timeout") : undefined;
}
