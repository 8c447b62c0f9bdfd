// What the international logistics orders need besides their own tables: freight prices and renders
// (shipping/, through FreightPricing), the goods in the warehouse (warehouse/, through
// WarehouseStock), the developer's balance, time, jobs and the one outbox.
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import type { IdGenerator } from "../../../platform/ids.ts";
import type { JobRunner } from "../../../platform/jobs/runner.ts";
import type { Outbox } from "../../../platform/outbox.ts";
import type { WalletService } from "../../wallet/index.ts";
import type { FreightPricing, LogisticsOwner, WarehouseStock } from "../contracts.ts";

export interface ParcelClocks {
  /** The developer's time (a sandbox developer's test clock, real time for a live one). */
  now(developerId: string, db?: Db): Promise<number>;
  /** How a sandbox user's state is dropped (its logistics orders with it). */
  onUserReset(hook: (trx: Db, developerId: string, userId: string) => Promise<void>): void;
}

export interface ParcelDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  clocks: ParcelClocks;
  jobs: JobRunner;
  outbox: Outbox;
  wallet: WalletService;
  shipping: FreightPricing;
  warehouse: WarehouseStock;
  /** Whether a developer is a sandbox one (for work outside a request: jobs, operators). */
  isSandbox: (developerId: string, db?: Db) => Promise<boolean>;
  /**
   * Whether the developer asked for the logistics callbacks (PARCEL_STATUS_MODIFY), read in the
   * transaction of the change. Off unless the developer opted in: PandaPon-only receivers see nothing new.
   */
  optedIn: (trx: Db, developerId: string) => Promise<boolean>;
  /** How long an order waiting for its supplementary charge waits before the balance is tried again (developer time), ms. */
  supplementRetryMs: number;
}

export type { LogisticsOwner };

/** Who did something, as the history names it. */
export const actors = {
  user: (owner: { userId: string }) => `user:${owner.userId}`,
  operator: "operator",
  warehouse: "warehouse",
  carrier: "carrier",
  system: "system",
  sandbox: "sandbox",
};

/** The job kinds of the module. */
export const JOBS = {
  /** A domestic parcel was stored: does an order waiting for it have everything now? (real time, in its own transaction) */
  arrival: "parcels.arrival_check",
  /** The supplementary charge is tried again (developer time). */
  supplement: "parcels.supplement_retry",
  /** Sandbox: the warehouse packs and weighs an order whose goods are all stored. */
  sandboxPack: "parcels.sandbox_pack",
  /** Sandbox: the packed order is handed to the carrier. */
  sandboxShip: "parcels.sandbox_ship",
  /** Sandbox: the carrier's next trace step. */
  sandboxTrace: "parcels.sandbox_trace",
} as const;

export const parcelSubject = (parcelId: string) => `parcel:${parcelId}`;
