// 1688 after-sales (alibaba-1688.md §4; statuses.md §6) as one object for the routes and the app: each
// method hands over to its use case (one verb per file). The constructor wires what the flow reacts
// to: the upstream's case changes from the marketplace inbox, and the reconciliation of a case
// recorded but not opened.
import type { AftersalesDeps } from "../shared/deps.ts";

export class AlibabaAftersales {
  readonly #deps: AftersalesDeps;

  constructor(deps: AftersalesDeps) {
    this.#deps = deps;
  }

  get deps(): AftersalesDeps {
    return this.#deps;
  }
}
