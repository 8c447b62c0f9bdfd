// A sandbox user reset: the user's Taobao orders, their pending clock events and their
// Idempotency-Key answers go, so the user starts again from nothing.
import type { Db } from "../../../../platform/db/index.ts";
import { ordersRepo } from "../repo.ts";
import { subjectOf, type CommerceDeps } from "./support.ts";

export async function forgetUserOrders(deps: CommerceDeps, trx: Db, developerId: string, userId: string): Promise<void> {
  const ids = await ordersRepo.deleteUserOrders(trx, developerId, userId);
  await deps.jobs.cancel(trx, developerId, ids.map(subjectOf));
  await deps.idempotency.forgetUser(trx, developerId, userId);
}
