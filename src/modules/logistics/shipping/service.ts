// The shipping part of warehouse logistics: lines and rate tables (operators), freight estimates and
// renders (§2.1, §2.2), and the FreightPricing the parcels part books and ships with.
import type { Static } from "typebox";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import { notFound } from "../../../platform/http/errors.ts";
import type { Catalogs } from "../../catalog/index.ts";
import type { FreightLineRequest, FreightPricing, LogisticsOwner, MeasuredParcel, PricedFreightLine } from "../contracts.ts";
import { GoodsMeasure, type GoodsDefaults } from "./goods.ts";
import { LineBook } from "./lines.ts";
import type { StoredLine } from "./model.ts";
import * as repo from "./repo.ts";
import type { LineBody } from "./schemas.ts";
import { SAMPLE_LINES } from "./seed.ts";
import { estimateJson, type EstimateInput } from "./use-cases/estimate.ts";
import { explain, type Explanation, type ExplainInput } from "./use-cases/explain.ts";
import { priceLines } from "./use-cases/price-lines.ts";
import { priceParcel } from "./use-cases/price-parcel.ts";
import { render, type Render } from "./use-cases/render.ts";
import { saveLine, setFuel } from "./use-cases/save-line.ts";
import type { ShippingContext } from "./use-cases/support.ts";
import { useRender } from "./use-cases/use-render.ts";

export interface ShippingDeps {
  db: Db;
  clock: Clock;
  clocks: ShippingContext["clocks"];
  catalogs: Catalogs;
  goodsDefaults: GoodsDefaults;
}

export class ShippingService implements FreightPricing {
  readonly #ctx: ShippingContext;

  constructor(deps: ShippingDeps) {
    this.#ctx = {
      db: deps.db,
      clock: deps.clock,
      clocks: deps.clocks,
      lines: new LineBook(deps.db),
      goods: new GoodsMeasure(deps.catalogs, deps.goodsDefaults),
    };
  }

  /**
   * Follows line writes made on other nodes (`listen` is the database handle's); returns the function
   * that stops following.
   */
  async follow(listen: (channel: string, onNotify: (payload: string) => void) => Promise<() => Promise<void>>): Promise<() => Promise<void>> {
    return listen(repo.LINES_CHANNEL, () => this.#ctx.lines.invalidate());
  }

  /** Adds the sample lines when there is no line at all (a new installation); answers how many were added. */
  async seedSampleLines(): Promise<number> {
    if (await repo.hasAnyLine(this.#ctx.db)) return 0;
    const added = await repo.addMissingLines(this.#ctx.db, SAMPLE_LINES, new Date(this.#ctx.clock.now()));
    this.#ctx.lines.invalidate();
    return added;
  }

  // Developers.

  /** §2.1's `data` as JSON, answered from memory when the same estimate was made today on the same lines. */
  estimateJson(owner: LogisticsOwner, input: EstimateInput): Promise<string> {
    return estimateJson(this.#ctx, owner, input);
  }

  render(owner: LogisticsOwner, destination: { country: string; zip: string | null }, lines: readonly FreightLineRequest[]): Promise<Render> {
    return render(this.#ctx, owner, destination, lines);
  }

  /** A sandbox user's reset drops the user's renders. */
  forgetUser(trx: Db, developerId: string, userId: string): Promise<void> {
    return repo.deleteRendersOf(trx, developerId, userId);
  }

  // FreightPricing (the parcels part).

  /** `zip` (beyond the contract) prices remote postcodes as §2.2 does when the caller has it. */
  async priceLines(owner: LogisticsOwner, country: string, lines: readonly FreightLineRequest[], field: string, zip: string | null = null): Promise<PricedFreightLine[]> {
    return (await priceLines(this.#ctx, owner, { country, zip }, lines, field)).lines;
  }

  useRender(trx: Db, owner: LogisticsOwner, renderId: string, country: string, lines: readonly FreightLineRequest[], nowMs: number): Promise<PricedFreightLine[]> {
    return useRender(trx, owner, renderId, country, lines, nowMs);
  }

  priceParcel(serviceId: string, country: string, parcel: MeasuredParcel, zip: string | null = null): Promise<{ freightFen: number; chargeableWeightG: number } | { refused: string }> {
    return priceParcel(this.#ctx, serviceId, country, parcel, zip);
  }

  async goodsAttributes(sandbox: boolean, goods: ReadonlyArray<{ itemId: string; skuId: string }>): Promise<string[]> {
    const found = new Set<string>();
    for (const g of goods) for (const attribute of (await this.#ctx.goods.goods(sandbox, g.itemId, g.skuId, 1)).attributes) found.add(attribute);
    return [...found].sort();
  }

  // Operators.

  /** Read from the database, not the copy in memory: what operators see is what is stored. */
  lines(): Promise<StoredLine[]> {
    return repo.allLines(this.#ctx.db);
  }

  async line(serviceId: string): Promise<StoredLine> {
    const found = await repo.findLine(this.#ctx.db, serviceId);
    if (!found) throw notFound(`shipping line ${serviceId}`);
    return found;
  }

  /** For operators: every line's quote or refusal for some goods and a destination. */
  explain(input: ExplainInput): Promise<Explanation> {
    return explain(this.#ctx, input);
  }

  saveLine(serviceId: string, body: Static<typeof LineBody>): Promise<StoredLine> {
    return saveLine(this.#ctx, serviceId, body);
  }

  setFuel(serviceId: string, percentBp: number, from: string): Promise<StoredLine> {
    return setFuel(this.#ctx, serviceId, percentBp, from);
  }
}
