// What the Taobao order use cases share: their dependencies, the Idempotency-Key wrapper, the
// unpaid-timeout schedule's names, giving upstream purchases up, and the port-failure mapping.
import type { ConnectorRegistry } from "../../../../marketplace/connectors.ts";
import type { MarketplaceInbox } from "../../../../marketplace/inbox.ts";
import type { Connector, PurchaseOwner } from "../../../../marketplace/port.ts";
import type { JobRunner } from "../../../../platform/jobs/runner.ts";
import type { Clock } from "../../../../platform/clock.ts";
import type { Db } from "../../../../platform/db/index.ts";
import type { Idempotency } from "../../../../platform/idempotency.ts";
import type { IdGenerator } from "../../../../platform/ids.ts";
import type { Outbox } from "../../../../platform/outbox.ts";
import type { CartService } from "../../../cart/index.ts";
import type { Catalogs } from "../../../catalog/index.ts";
import type { SandboxClocks } from "../../../sandbox/index.ts";
import type { WalletService } from "../../../wallet/index.ts";
import { DEFAULT_UNPAID_TIMEOUT_MS } from "../model.ts";
import type { OrdersService } from "../service.ts";

export interface Owner {
  developerId: string;
  userId: string;
  userName: string;
  /** A sandbox developer buys from the sandbox sellers; a live one through the live connector. */
  sandbox: boolean;
}

export interface CommerceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  clocks: SandboxClocks;
  jobs: JobRunner;
  inbox: MarketplaceInbox;
  outbox: Outbox;
  orders: OrdersService;
  wallet: WalletService;
  catalogs: Catalogs;
  cart: CartService;
  connectors: ConnectorRegistry;
  /** Whether a developer is a sandbox one (for work outside a request: jobs, operators). */
  isSandbox: (developerId: string) => Promise<boolean>;
  idempotency: Idempotency;
  financeAutoConfirm: boolean;
  unpaidTimeoutMs?: number;
  /** A create recorded this long ago and still not bought is reconciled with the upstream (real time). */
  reconcileAfterMs?: number;
}

/** The Taobao connector a developer buys through: the sandbox sellers or the live connector. */
export async function connectorFor(deps: CommerceDeps, who: { developerId: string; sandbox?: boolean }): Promise<Connector> {
  return deps.connectors.of("taobao", who.sandbox ?? (await deps.isSandbox(who.developerId)));
}

/** The job closing an unpaid order (T5/T9, on the developer's clock), and its subject per order. */
export const UNPAID_TIMEOUT_EVENT = "orders.taobao.unpaid_timeout";
/** The job paying a finance-confirmed order's purchases when the first attempt did not (an outage, a crash). */
export const PAY_UPSTREAM_JOB = "orders.taobao.pay_upstream";
/** The job repairing a create that recorded an order but did not attach the upstream's answer. */
export const RECONCILE_JOB = "orders.taobao.reconcile_purchase";
/** A finance-confirmed order not paid upstream this long after (the developer's time) is retried by its job. */
export const UPSTREAM_RETRY_AFTER_MS = 30_000;
export const subjectOf = (orderId: string) => `taobao-order:${orderId}`;

export function unpaidTimeoutMs(deps: CommerceDeps): number {
  return deps.unpaidTimeoutMs ?? DEFAULT_UNPAID_TIMEOUT_MS;
}

/** The developer's time: the test clock in the sandbox, real time otherwise. */
export function developerNow(deps: CommerceDeps, developerId: string, db?: Db): Promise<number> {
  return deps.clocks.now(developerId, db);
}

export { once } from "../../shared/once.ts";

/** Cancels unpaid upstream purchases, best effort: a refusing or unreachable seller closes them anyway. */
export async function giveUp(deps: CommerceDeps, owner: PurchaseOwner & { sandbox?: boolean }, purchaseIds: string[], reason: string): Promise<void> {
  if (purchaseIds.length === 0) return;
  const connector = await connectorFor(deps, owner);
  for (const id of purchaseIds) await connector.cancelOrder(owner, id, reason).catch(() => false);
}

export { upstreamFailure } from "../../shared/upstream.ts";
