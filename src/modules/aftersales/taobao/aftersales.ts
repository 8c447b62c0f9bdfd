// Taobao after-sales (taobao.md §4; statuses.md §3, §4) as one object for the routes and the app: each
// method hands over to its use case (one verb per file). The constructor wires what the flow reacts
// to: the upstream's case changes from the marketplace inbox, and the reconciliation of a case
// recorded but not opened.
import type { AftersalesDeps } from "../shared/deps.ts";

export class TaobaoAftersales {
  readonly #deps: AftersalesDeps;

  constructor(deps: AftersalesDeps) {
    this.#deps = deps;
  }

  get deps(): AftersalesDeps {
    return this.#deps;
  }
}
