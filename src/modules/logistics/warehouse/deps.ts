// What the warehouse needs besides its own tables.
import type { MarketplaceInbox } from "../../../marketplace/inbox.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import type { IdGenerator } from "../../../platform/ids.ts";
import type { JobRunner } from "../../../platform/jobs/runner.ts";
import type { Outbox } from "../../../platform/outbox.ts";
import type { Pictures } from "../../aftersales/index.ts";
import type { SandboxClocks } from "../../sandbox/index.ts";
import type { WalletService } from "../../wallet/index.ts";
import type { StorageRule } from "./model.ts";

export interface WarehouseSettings {
  storage: StorageRule;
  /** How long an unannounced (HELD) parcel waits for a claim, days. */
  heldDays: number;
  /** Sandbox: a declared parcel arrives this long after it was declared, ms. */
  sandboxArrivalMs: number;
  /** Sandbox: goods are checked this long after they arrived, ms. */
  sandboxQcMs: number;
  /** Largest QC photo an operator may upload, decoded bytes (the picture store's limit). */
  photoMaxBytes: number;
  /** Sandbox: the seed its measurements derive from (SANDBOX_SEED). */
  sandboxSeed: number;
}

/** What the sandbox warehouse reads of the sandbox catalogue: a product's unit weight and its picture. */
export interface SandboxGoodsReader {
  product(platform: "taobao" | "alibaba", id: string): Promise<{ weightKg: number; picture: Buffer | undefined } | undefined>;
}

export interface WarehouseDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** The developer's time (a sandbox developer's test clock, real time for a live one) and sandbox resets. */
  clocks: SandboxClocks;
  jobs: JobRunner;
  inbox: MarketplaceInbox;
  outbox: Outbox;
  wallet: WalletService;
  /** The picture store QC photos go through (re-encoded, served under unguessable tenant-scoped addresses). */
  pictures: Pictures;
  /** Whether a developer is a sandbox one (read in the caller's transaction when given). */
  isSandbox: (developerId: string, db?: Db) => Promise<boolean>;
  sandboxGoods: SandboxGoodsReader;
  settings: WarehouseSettings;
}

/** Called in the transaction that stores a domestic parcel's goods (WarehouseStock.onStored). */
export type StoredHandler = (trx: Db, event: { developerId: string; trackingNumber: string; at: number }) => Promise<void>;

/** The deps with what the service adds: the handlers waiting for stored parcels. */
export interface WarehouseContext extends WarehouseDeps {
  storedHandlers: StoredHandler[];
}
