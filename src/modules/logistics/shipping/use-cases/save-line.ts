// Operators create or replace a line (admin PUT, `openpon shipping line set`), and move its fuel
// percentage month by month (`openpon shipping fuel`). Every node's copy of the lines is dropped.
import type { Static } from "typebox";
import { invalid, notFound } from "../../../../platform/http/errors.ts";
import { parseDateBound } from "../../../../platform/time.ts";
import { withFuelFrom, type StoredLine } from "../model.ts";
import * as repo from "../repo.ts";
import type { LineBody } from "../schemas.ts";
import { lineFromBody } from "../validate.ts";
import type { ShippingContext } from "./support.ts";

export async function saveLine(ctx: ShippingContext, serviceId: string, body: Static<typeof LineBody>): Promise<StoredLine> {
  const line = lineFromBody(serviceId, body);
  const saved = await ctx.db.transaction().execute((trx) => repo.saveLine(trx, line, new Date(ctx.clock.now())));
  ctx.lines.invalidate();
  return saved;
}

export async function setFuel(ctx: ShippingContext, serviceId: string, percentBp: number, from: string): Promise<StoredLine> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !parseDateBound(from)) throw invalid(`from ${from} is not a date (yyyy-MM-dd)`);
  const saved = await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findLine(trx, serviceId, true);
    if (!current) throw notFound(`shipping line ${serviceId}`);
    const { revision: _revision, updatedAt: _updatedAt, ...line } = current;
    return repo.saveLine(trx, { ...line, surcharges: withFuelFrom(line.surcharges, percentBp, from) }, new Date(ctx.clock.now()));
  });
  ctx.lines.invalidate();
  return saved;
}
