// Every shipping line in memory, indexed by service id and by country served, so that an estimate
// prices without a query. The copy is dropped when a line is written: at once on the node that wrote
// it, and on every node by the notification the write sends (LINES_CHANNEL; "*" after a lost
// listener, when notifications may have been missed).
import { LRUCache } from "lru-cache";
import type { Db } from "../../../platform/db/index.ts";
import type { StoredLine } from "./model.ts";
import { servesCountry } from "./pricing.ts";
import * as repo from "./repo.ts";

export interface LineSnapshot {
  all: readonly StoredLine[];
  byId: ReadonlyMap<string, StoredLine>;
  /** The active lines with a zone listing the country, by country. */
  activeByCountry(country: string): readonly StoredLine[];
  /**
   * Estimates already answered from these lines, as the JSON of their `data` (the same goods, country,
   * postcode and day give the same quotes). Dropped with the snapshot when a line changes; kept a
   * minute at most, as long as the catalogue caches the goods' weights.
   */
  answers: LRUCache<string, string>;
}

function snapshotOf(lines: StoredLine[]): LineSnapshot {
  const active = lines.filter((line) => line.active);
  const byCountry = new Map<string, StoredLine[]>();
  return {
    all: lines,
    byId: new Map(lines.map((line) => [line.serviceId, line])),
    answers: new LRUCache<string, string>({ max: 20_000, ttl: 60_000 }),
    activeByCountry(country) {
      let found = byCountry.get(country);
      if (!found) {
        found = active.filter((line) => servesCountry(line, country));
        byCountry.set(country, found);
      }
      return found;
    },
  };
}

export class LineBook {
  readonly #db: Db;
  /** The loaded (or loading) lines; a load under way when a write invalidates is not kept. */
  #current: Promise<LineSnapshot> | undefined;

  constructor(db: Db) {
    this.#db = db;
  }

  snapshot(): Promise<LineSnapshot> {
    if (this.#current) return this.#current;
    const loading = repo.allLines(this.#db).then(snapshotOf);
    this.#current = loading;
    // A failed load is not kept: the next call tries again.
    loading.catch(() => {
      if (this.#current === loading) this.#current = undefined;
    });
    return loading;
  }

  invalidate(): void {
    this.#current = undefined;
  }
}
