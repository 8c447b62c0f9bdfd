// What the after-sales use cases of both platforms need besides their own tables.
import type { ConnectorRegistry } from "../../../marketplace/connectors.ts";
import type { MarketplaceInbox } from "../../../marketplace/inbox.ts";
import type { Connector, Platform } from "../../../marketplace/port.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import type { IdGenerator } from "../../../platform/ids.ts";
import type { JobRunner } from "../../../platform/jobs/runner.ts";
import type { Outbox } from "../../../platform/outbox.ts";
import type { SandboxClocks } from "../../sandbox/index.ts";
import type { WalletService } from "../../wallet/index.ts";
import type { Pictures } from "./pictures.ts";

export interface AftersalesDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** The developer's time (a sandbox developer's test clock, real time for a live one). */
  clocks: SandboxClocks;
  jobs: JobRunner;
  inbox: MarketplaceInbox;
  outbox: Outbox;
  wallet: WalletService;
  connectors: ConnectorRegistry;
  /** Whether a developer is a sandbox one (for work outside a request: jobs, inbox events). */
  isSandbox: (developerId: string) => Promise<boolean>;
  pictures: Pictures;
  /** A case recorded this long ago and still not opened at the upstream is reconciled with it (real time), ms. */
  reconcileAfterMs: number;
  /** Taobao orders: how long after creation an unpaid order closes (its callbacks show the close time). */
  taobaoUnpaidTimeoutMs: number;
  taobaoDistributorId: string;
  taobaoSalesMarket: string;
}

/** The buyer of a case: the developer, the user-id, and whether it buys from the sandbox. */
export interface AftersalesOwner {
  developerId: string;
  userId: string;
  sandbox: boolean;
}

/** The connector a developer's cases go through: the sandbox sellers or the live connector. */
export async function connectorOf(deps: AftersalesDeps, platform: Platform, who: { developerId: string; sandbox?: boolean }): Promise<Connector> {
  return deps.connectors.of(platform, who.sandbox ?? (await deps.isSandbox(who.developerId)));
}

/** The developer's time: the test clock in the sandbox, real time otherwise. */
export function developerNow(deps: AftersalesDeps, developerId: string, db?: Db): Promise<number> {
  return deps.clocks.now(developerId, db);
}

/** How a buyer's own action is written in the history. */
export const buyerActor = (owner: { userId: string }) => `user:${owner.userId}`;
