// The callbacks module's one service, as routes, app.ts and the CLI see it: a facade over the
// endpoint (endpoint.ts), delivery (delivery.ts, run by this node's dispatcher) and the delivery log
// with replays and the feed (log.ts). It owns the channel every node listens on.
import { EventEmitter } from "node:events";
import type { CallbackDeps } from "./deps.ts";
import { CallbackDelivery, type DeveloperContext } from "./delivery.ts";
import { CallbackDispatcher } from "./dispatcher.ts";
import { CallbackEndpoints } from "./endpoint.ts";
import { CallbackLog } from "./log.ts";
import { CALLBACK_CHANNEL, type CallbackSettings } from "./model.ts";

export class CallbackService {
  readonly #deps: CallbackDeps;
  readonly endpoints: CallbackEndpoints;
  readonly delivery: CallbackDelivery;
  readonly log: CallbackLog;
  /** Emits "due" whenever any node made messages due (new events, replays) or the channel was re-established; "closing" on shutdown. */
  readonly changes = new EventEmitter();
  /** This node's delivery worker, when started. */
  dispatcher: CallbackDispatcher<DeveloperContext> | undefined;

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
    this.changes.setMaxListeners(0);
    this.endpoints = new CallbackEndpoints(deps);
    this.delivery = new CallbackDelivery(deps);
    this.log = new CallbackLog(deps);
  }

  get settings(): CallbackSettings {
    return this.#deps.settings;
  }

  /**
   * Listens on the channel (post-commit notifications from this node and every other, which also
   * wake live streams) and, with `dispatch`, runs the delivery worker. Returns the stop function.
   */
  async start(options: { dispatch: boolean; onError?: (err: unknown) => void }): Promise<() => Promise<void>> {
    const unlisten = await this.#deps.database.listen(CALLBACK_CHANNEL, () => this.changes.emit("due"));
    if (options.dispatch) {
      const { concurrency, pollMs } = this.#deps.settings;
      this.dispatcher = new CallbackDispatcher(this.delivery, { concurrency, pollMs, wakeOn: this.changes, ...(options.onError ? { onError: options.onError } : {}) });
      this.dispatcher.start();
    }
    return async () => {
      this.changes.emit("closing");
      await this.dispatcher?.stop();
      await unlisten();
    };
  }

  // The endpoint
  show: CallbackEndpoints["show"] = (...args) => this.endpoints.show(...args);
  verify: CallbackEndpoints["verify"] = (...args) => this.endpoints.verify(...args);
  set: CallbackEndpoints["set"] = (...args) => this.endpoints.set(...args);
  remove: CallbackEndpoints["remove"] = (...args) => this.endpoints.remove(...args);
  extensions: CallbackEndpoints["extensions"] = (...args) => this.endpoints.extensions(...args);
  setExtensions: CallbackEndpoints["setExtensions"] = (...args) => this.endpoints.setExtensions(...args);

  // Delivery
  sendTest: CallbackDelivery["sendTest"] = (...args) => this.delivery.sendTest(...args);

  // The delivery log, replays, the feed, live streams
  listMessages: CallbackLog["listMessages"] = (...args) => this.log.listMessages(...args);
  getMessage: CallbackLog["getMessage"] = (...args) => this.log.getMessage(...args);
  resend: CallbackLog["resend"] = (...args) => this.log.resend(...args);
  resendFailed: CallbackLog["resendFailed"] = (...args) => this.log.resendFailed(...args);
  feed: CallbackLog["feed"] = (...args) => this.log.feed(...args);
  recent: CallbackLog["recent"] = (...args) => this.log.recent(...args);
  nowCursor: CallbackLog["nowCursor"] = () => this.log.nowCursor();
}
