// What the 1688 order use cases share: their dependencies, job names, the developer's time, the
// connector a developer buys through, and mapping the port's failures to the envelope.
import type { ConnectorRegistry } from "../../../../marketplace/connectors.ts";
import type { MarketplaceInbox } from "../../../../marketplace/inbox.ts";
import type { Connector } from "../../../../marketplace/port.ts";
import type { Clock } from "../../../../platform/clock.ts";
import type { Db } from "../../../../platform/db/index.ts";
import type { Idempotency } from "../../../../platform/idempotency.ts";
import type { IdGenerator } from "../../../../platform/ids.ts";
import type { JobRunner } from "../../../../platform/jobs/runner.ts";
import type { Outbox } from "../../../../platform/outbox.ts";
import type { AlibabaCartService } from "../../../cart/index.ts";
import type { Catalogs } from "../../../catalog/index.ts";
import type { SandboxClocks } from "../../../sandbox/index.ts";
import type { WalletService } from "../../../wallet/index.ts";
import type { PayMode } from "../model.ts";

export interface AlibabaOwner {
  developerId: string;
  userId: string;
  /** A sandbox developer buys from the sandbox sellers; a live one through the live connector. */
  sandbox: boolean;
}

export interface AlibabaDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  clocks: SandboxClocks;
  jobs: JobRunner;
  inbox: MarketplaceInbox;
  outbox: Outbox;
  wallet: WalletService;
  catalogs: Catalogs;
  cart: AlibabaCartService;
  connectors: ConnectorRegistry;
  isSandbox: (developerId: string) => Promise<boolean>;
  idempotency: Idempotency;
  /** ALIBABA_PAY_MODE (alibaba-1688.md §3.9). */
  payMode: PayMode;
  unpaidTimeoutMs: number;
  autoReceiptMs: number;
  /** ALIBABA_SETTLE_DELAY: confirm_goods → success this long after (0 = at once). */
  settleDelayMs: number;
  reconcileAfterMs: number;
  /** Where the platform is reached (the sandbox cashier's address). */
  publicUrl: string;
}

export const UNPAID_TIMEOUT_JOB = "orders.alibaba.unpaid_timeout";
export const RECONCILE_JOB = "orders.alibaba.reconcile_purchase";
export const PAY_UPSTREAM_JOB = "orders.alibaba.pay_upstream";
export const AUTO_RECEIPT_JOB = "orders.alibaba.auto_receipt";
export const SETTLE_JOB = "orders.alibaba.settle";
/** A paid order not paid upstream this long after (the developer's time) is retried by its job. */
export const UPSTREAM_RETRY_AFTER_MS = 30_000;

export const subjectOf = (orderId: string) => `alibaba-order:${orderId}`;

export async function connectorFor(deps: AlibabaDeps, who: { developerId: string; sandbox?: boolean }): Promise<Connector> {
  return deps.connectors.of("alibaba", who.sandbox ?? (await deps.isSandbox(who.developerId)));
}

/** The developer's time: the test clock in the sandbox, real time otherwise. */
export function developerNow(deps: AlibabaDeps, developerId: string, db?: Db): Promise<number> {
  return deps.clocks.now(developerId, db);
}

export { upstreamFailure } from "../../shared/upstream.ts";

/** Cancels unpaid upstream purchases, best effort: a refusing or unreachable seller closes them anyway. */
export async function giveUpPurchases(deps: AlibabaDeps, owner: AlibabaOwner, upstreamOrderIds: readonly string[], reason: string): Promise<void> {
  if (upstreamOrderIds.length === 0) return;
  const connector = await connectorFor(deps, owner);
  for (const id of upstreamOrderIds) await connector.cancelOrder(owner, id, reason).catch(() => false);
}
