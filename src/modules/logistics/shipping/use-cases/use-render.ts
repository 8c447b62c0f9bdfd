// Booking a render (foundation-warehouse.md §2.4, statuses.md §8.1), in the booking's transaction:
// the user's render (else 40401), VALID and not expired on the developer's clock (else 40901,
// nothing written), for the same destination country and the same lines in order (else 40002).
import type { Db } from "../../../../platform/db/index.ts";
import { conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import { formatCst } from "../../../../platform/time.ts";
import type { FreightLineRequest, LogisticsOwner, PricedFreightLine } from "../../contracts.ts";
import { renderStateAt } from "../model.ts";
import * as repo from "../repo.ts";

export async function useRender(
  trx: Db,
  owner: LogisticsOwner,
  renderId: string,
  country: string,
  lines: readonly FreightLineRequest[],
  nowMs: number,
): Promise<PricedFreightLine[]> {
  const found = await repo.findRender(trx, renderId, true);
  if (!found || found.developerId !== owner.developerId || found.userId !== owner.userId) throw notFound(`render ${renderId}`);
  const state = renderStateAt(found.status, found.expireAtMs, nowMs);
  if (state === "USED") throw conflict(`render ${renderId} is already booked`);
  if (state === "EXPIRED") throw conflict(`render ${renderId} expired at ${formatCst(found.expireAtMs)}`);
  if (found.country !== country.toUpperCase()) throw invalid(`receiverAddress.country ${country} is not the render's (${found.country})`);
  if (lines.length !== found.lines.length) throw invalid(`the lines must be the render's ${found.lines.length} lines (${lines.length} given)`);
  lines.forEach((line, i) => {
    const kept = found.lines[i]!;
    for (const key of ["itemId", "skuId", "quantity", "serviceId"] as const) {
      if (line[key] !== kept[key]) throw invalid(`line ${i + 1}: ${key} ${line[key]} is not the render's (${kept[key]})`);
    }
  });
  if (!(await repo.markRenderUsed(trx, renderId, nowMs))) throw conflict(`render ${renderId} is already booked`);
  return found.lines;
}
