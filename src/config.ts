// One typed configuration object, read from the environment (and overridden by CLI flags in main.ts).
// Every knob the platform has is listed here, with its default, so operators find them in one place.
import { parseTimings, type SellerTimings } from "./marketplace/sandbox/seller/scenarios.ts";
import { parseDuration } from "./platform/time.ts";
import path from "node:path";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  /** HTTP port. */
  port: number;
  /** Interface to bind. */
  host: string;
  /** Where the embedded database, the master key and the first credentials live. */
  dataDir: string;
  /** postgres://… to run on a real PostgreSQL; absent = embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Schema to use inside databaseUrl (tests use a fresh one per run). */
  databaseSchema: string;
  /** Maximum connections of the PostgreSQL pool. */
  databasePoolSize: number;
  /** Run statements as named prepared statements (off behind poolers that cannot keep them). */
  databasePreparedStatements: boolean;
  /** redis://… to share the nonce cache and rate limits between nodes. */
  redisUrl: string | undefined;
  logLevel: LogLevel;
  /** Make `nonce-str` mandatory (protocol.md §2). */
  requireNonce: boolean;
  /** Allowed distance between the request timestamp and server time, seconds (protocol.md §3.3). */
  timestampWindowSeconds: number;
  /** How long a nonce stays used, seconds (protocol.md §3.4). */
  nonceTtlSeconds: number;
  /** Default token bucket per access key (protocol.md §6); a developer row may override both. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes: number;
  /** 32-byte key (hex or base64) that encrypts Access Secrets at rest; generated into dataDir when absent. */
  masterKey: string | undefined;
  /** Bearer token for /admin; generated into dataDir when absent. */
  operatorToken: string | undefined;
  /** Snowflake node id, 0..1023; random when absent (set it explicitly on every node of a cluster). */
  nodeId: number | undefined;
  /** Create a sandbox developer with one user on first start. */
  bootstrapSandbox: boolean;
  /** Seconds allowed for in-flight requests on SIGTERM. */
  shutdownGraceSeconds: number;
  /** Address clients use to reach this platform (absolute image URLs); default http://localhost:PORT. */
  publicUrl: string;
  /** Seed of the sandbox catalogues: the same seed gives the same goods everywhere. */
  sandboxSeed: number;
  /** Items per sandbox catalogue (Taobao and 1688 each). */
  sandboxItems: number;
  /** How long product details, categories and sellers are cached behind the marketplace port (0 = off). */
  goodsCacheSeconds: number;
  /**
   * Whether sandbox developers' test-clock jobs (seller events, timeouts) also run in the background as
   * their clocks move (any value > 0), or only when a clock is advanced or an event triggered (0).
   */
  sandboxTickMs: number;
  /** How often each node's job runner looks for due jobs, ms (it always runs). */
  jobsPollMs: number;
  /** A job whose work runs after its claim (an HTTP or marketplace call) is retried by another node after this, seconds. */
  jobsLeaseSeconds: number;
  /** Finished jobs are deleted this long after they finished, ms (dead-lettered ones stay). */
  jobsRetentionMs: number;
  /** A Taobao order still unpaid this long after creation closes (statuses.md T5), ms. */
  taobaoUnpaidTimeoutMs: number;
  /** ALIBABA_PAY_MODE (alibaba-1688.md §3.9): `balance` debits the developer balance; `cashier` answers a payUrl. */
  alibabaPayMode: "balance" | "cashier";
  /** A 1688 order still unpaid this long after creation is cancelled (BUYER_NO_PAY), ms. */
  alibabaUnpaidTimeoutMs: number;
  /** A shipped 1688 order the buyer has not confirmed is confirmed this long after its shipment, ms. */
  alibabaAutoReceiptMs: number;
  /** confirm_goods → success this long after (0 = at once), ms. */
  alibabaSettleDelayMs: number;
  /** The platform's distributor id at the Taobao upstream, shown on reverse orders (taobao.md §0.6 `distributorId`). */
  taobaoDistributorId: string;
  /** The market code of the platform's Taobao sales (taobao.md §0.6 `salesMarket`). */
  taobaoSalesMarket: string;
  /** Largest picture a buyer may attach to after-sales (decoded bytes); JPEG, PNG or WebP. */
  aftersalesPictureMaxBytes: number;
  /** Let pictures given as addresses be fetched from loopback and private addresses (trusted networks, tests); off: the SSRF guard refuses them. */
  aftersalesPictureAllowPrivate: boolean;
  /** Freight: the weight of a unit the catalogue does not know, grams (foundation-warehouse.md §2.0: 0.5 kg). */
  shippingDefaultUnitWeightG: number;
  /** Freight: the size of every unit, mm, length × width × height (SHIPPING_DEFAULT_UNIT_SIZE_MM, e.g. 150x100x80). */
  shippingDefaultUnitSizeMm: [number, number, number];
  /** A new installation (no shipping line at all) starts with six sample lines (SHIPPING_SEED). */
  shippingSeed: boolean;
  /** An order recorded but not yet bought this long ago (a crash, a lost answer) is reconciled with the upstream, ms. */
  purchaseReconcileAfterMs: number;
  /** How long sandbox sellers and carriers take (SANDBOX_TIMINGS, e.g. "build=5m,ship=2h"). */
  sandboxTimings: SellerTimings;
  /** Finance confirms paid Taobao orders at once (statuses.md T6); false = an operator decides. */
  taobaoFinanceAutoConfirm: boolean;
  /** Test money (fen) a sandbox developer's wallet starts with, granted once when the developer is created. */
  sandboxOpeningBalanceFen: number;
  /** Warehouse: days of free storage from the day goods go on the shelf. */
  warehouseFreeStorageDays: number;
  /** Warehouse: storage fee per item and day past the free days, fen (0 = free storage). */
  warehouseStorageFeeFen: number;
  /** Warehouse: goods still on the shelf this many days after they were stored are abandoned. */
  warehouseStorageLimitDays: number;
  /** Warehouse: a parcel that arrived unannounced (HELD) waits this many days for a claim. */
  warehouseHeldDays: number;
  /** Sandbox warehouse: a declared domestic parcel arrives this long after it was declared, ms. */
  sandboxWarehouseArrivalMs: number;
  /** Sandbox warehouse: received goods are checked (QC) this long after they arrived, ms. */
  sandboxWarehouseQcMs: number;
  /** Callbacks (protocol.md §7.3): the whole attempt's deadline, ms. */
  callbackTimeoutMs: number;
  /** Callbacks: deadline of the TCP/TLS connection alone, ms (at most callbackTimeoutMs). */
  callbackConnectTimeoutMs: number;
  /** Callbacks: wait after a failed attempt, seconds. */
  callbackRetryDelaySeconds: number;
  /** Callbacks: attempts per message, the first included (1 + 5 retries). */
  callbackMaxAttempts: number;
  /** Callbacks: let live developers use plain http and private or loopback addresses (trusted networks, tests). */
  callbackAllowPrivate: boolean;
  /** Connectors: upstream gateways on loopback or private addresses, over plain http (local fakes, trusted networks). */
  connectorAllowPrivate: boolean;
  /** Connectors: seconds between polls for changed upstream orders unless a connector's tuning says (0 = no polling). */
  connectorPollEverySec: number;
  /** Console: a session ends after this many minutes without a request. */
  consoleIdleMinutes: number;
  /** Console: and in any case this many hours after sign-in. */
  consoleSessionHours: number;
  /** Days each developer's request log is kept (0 = record nothing). */
  requestLogDays: number;
  /** Connectors: seconds between reads of an order whose parcel is on its way unless a connector's tuning says (0 = off). */
  connectorTrackEverySec: number;
  /** Callbacks: run the delivery worker on this node. */
  callbackDispatcher: boolean;
  /** Callbacks: attempts delivered at once by one node. */
  callbackConcurrency: number;
  /** Callbacks: a node that claimed a message and did not report within this many seconds is presumed dead. */
  callbackLeaseSeconds: number;
  /** Callbacks: how often a node looks for due work it was not told about, ms. */
  callbackPollMs: number;
  /**
   * Callbacks: the waits after the 1st, 2nd, … failed attempt, ms; a message has length + 1 attempts
   * (CALLBACK_RETRY_SCHEDULE; unset: CALLBACK_MAX_ATTEMPTS - 1 waits of CALLBACK_RETRY_DELAY_SECONDS).
   */
  callbackRetryScheduleMs: number[];
  /** International logistics orders: how often a supplementary charge waiting for balance is tried again (developer time), ms. */
  parcelSupplementRetryMs: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** A box size "LxWxH" in whole millimetres, each 1 to 10000. */
function sizeEnv(env: NodeJS.ProcessEnv, name: string, fallback: [number, number, number]): [number, number, number] {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const match = /^(\d{1,5})x(\d{1,5})x(\d{1,5})$/i.exec(text.trim());
  const sides = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [];
  if (sides.length !== 3 || sides.some((side) => side < 1 || side > 10_000)) throw new ConfigError(`${name} must be LxWxH in millimetres (1 to 10000 each), e.g. 150x100x80, got "${text}"`);
  return sides as [number, number, number];
}

/** A duration variable ("24h", "90s", "2d" or milliseconds), positive. */
function durationEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  try {
    const ms = parseDuration(text);
    if (ms > 0) return ms;
  } catch {
    // reported below
  }
  throw new ConfigError(`${name} must be a positive duration like "24h", "90s" or milliseconds`);
}

function choiceEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T): T {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new ConfigError(`${name} must be one of ${choices.join(", ")}, got "${text}"`);
  return text as T;
}

function boolEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === "" ? undefined : raw;
}

export class ConfigError extends Error {}

function timingsEnv(env: NodeJS.ProcessEnv): SellerTimings {
  try {
    return parseTimings(optional(env, "SANDBOX_TIMINGS"));
  } catch (err) {
    throw new ConfigError(`SANDBOX_TIMINGS: ${(err as Error).message}`);
  }
}

/** One wait: "30s", "30m", "2h", "1d", "500ms" or plain milliseconds (platform/time's units, one of them); undefined otherwise. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+(ms|s|m|h|d)?$/.test(trimmed) ? parseDuration(trimmed) : undefined;
}

/** A comma list of waits ("30m,30m,2h"), each at most 30 days, at most 99 of them; undefined when unset. */
function retryScheduleEnv(env: NodeJS.ProcessEnv, name: string): number[] | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const waits = raw.split(",").map(parseDurationMs);
  if (waits.length > 99 || waits.some((ms) => ms === undefined || ms > 30 * 86_400_000)) {
    throw new ConfigError(`${name} must be a comma list of at most 99 waits of up to 30 days, each like 30s, 30m, 2h, 1d or milliseconds (e.g. "30m,30m,2h"), got "${raw}"`);
  }
  return waits as number[];
}

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const logLevel = (optional(env, "LOG_LEVEL") ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const schema = optional(env, "DATABASE_SCHEMA") ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new ConfigError("DATABASE_SCHEMA must be a lower-case SQL identifier");
  const config: Config = {
    port: intEnv(env, "PORT", 8080, 0, 65535),
    host: optional(env, "HOST") ?? "0.0.0.0",
    dataDir: path.resolve(optional(env, "DATA_DIR") ?? "data"),
    databaseUrl: optional(env, "DATABASE_URL"),
    databaseSchema: schema,
    databasePoolSize: intEnv(env, "DATABASE_POOL_SIZE", 20, 1, 1000),
    databasePreparedStatements: boolEnv(env, "DATABASE_PREPARED_STATEMENTS", true),
    redisUrl: optional(env, "REDIS_URL"),
    logLevel,
    requireNonce: boolEnv(env, "REQUIRE_NONCE", false),
    timestampWindowSeconds: intEnv(env, "TIMESTAMP_WINDOW_SECONDS", 600, 1, 86400),
    nonceTtlSeconds: intEnv(env, "NONCE_TTL_SECONDS", 1200, 1, 86400),
    rateLimitPerSecond: intEnv(env, "RATE_LIMIT_PER_SECOND", 50, 1, 1_000_000),
    rateLimitBurst: intEnv(env, "RATE_LIMIT_BURST", 100, 1, 1_000_000),
    bodyLimitBytes: intEnv(env, "BODY_LIMIT_BYTES", 1_048_576, 1024, 64 * 1_048_576),
    masterKey: optional(env, "MASTER_KEY"),
    operatorToken: optional(env, "OPERATOR_TOKEN"),
    nodeId: env["NODE_ID"] ? intEnv(env, "NODE_ID", 0, 0, 1023) : undefined,
    bootstrapSandbox: boolEnv(env, "BOOTSTRAP_SANDBOX", true),
    shutdownGraceSeconds: intEnv(env, "SHUTDOWN_GRACE_SECONDS", 10, 0, 3600),
    publicUrl: "",
    sandboxSeed: intEnv(env, "SANDBOX_SEED", 20261128, 0, 2 ** 32 - 1),
    sandboxItems: intEnv(env, "SANDBOX_ITEMS", 5000, 1, 2_000_000),
    goodsCacheSeconds: intEnv(env, "GOODS_CACHE_SECONDS", 60, 0, 86_400),
    sandboxTickMs: intEnv(env, "SANDBOX_TICK_MS", 1000, 0, 3_600_000),
    jobsPollMs: intEnv(env, "JOBS_POLL_MS", 1000, 10, 3_600_000),
    jobsLeaseSeconds: intEnv(env, "JOBS_LEASE_SECONDS", 60, 1, 86_400),
    jobsRetentionMs: durationEnv(env, "JOBS_RETENTION", 7 * 86_400_000),
    taobaoUnpaidTimeoutMs: durationEnv(env, "TAOBAO_UNPAID_TIMEOUT", 24 * 3_600_000),
    purchaseReconcileAfterMs: durationEnv(env, "PURCHASE_RECONCILE_AFTER", 120_000),
    taobaoDistributorId: optional(env, "TAOBAO_DISTRIBUTOR_ID") ?? "1223655000541",
    taobaoSalesMarket: optional(env, "TAOBAO_SALES_MARKET") ?? "OVERSEAS",
    aftersalesPictureMaxBytes: intEnv(env, "AFTERSALES_PICTURE_MAX_BYTES", 3 * 1024 * 1024, 1024, 20 * 1024 * 1024),
    aftersalesPictureAllowPrivate: boolEnv(env, "AFTERSALES_PICTURE_ALLOW_PRIVATE", false),
    shippingDefaultUnitWeightG: intEnv(env, "SHIPPING_DEFAULT_UNIT_WEIGHT_G", 500, 1, 1_000_000),
    shippingDefaultUnitSizeMm: sizeEnv(env, "SHIPPING_DEFAULT_UNIT_SIZE_MM", [150, 100, 80]),
    shippingSeed: boolEnv(env, "SHIPPING_SEED", true),
    alibabaPayMode: choiceEnv(env, "ALIBABA_PAY_MODE", ["balance", "cashier"] as const, "balance"),
    alibabaUnpaidTimeoutMs: durationEnv(env, "ALIBABA_UNPAID_TIMEOUT", 24 * 3_600_000),
    alibabaAutoReceiptMs: durationEnv(env, "ALIBABA_AUTO_RECEIPT", 10 * 86_400_000),
    alibabaSettleDelayMs: env["ALIBABA_SETTLE_DELAY"] === "0" ? 0 : durationEnv(env, "ALIBABA_SETTLE_DELAY", 0),
    sandboxTimings: timingsEnv(env),
    taobaoFinanceAutoConfirm: boolEnv(env, "TAOBAO_FINANCE_AUTO_CONFIRM", true),
    sandboxOpeningBalanceFen: intEnv(env, "SANDBOX_OPENING_BALANCE_FEN", 100_000_000, 0, Number.MAX_SAFE_INTEGER),
    warehouseFreeStorageDays: intEnv(env, "WAREHOUSE_FREE_STORAGE_DAYS", 30, 0, 3650),
    warehouseStorageFeeFen: intEnv(env, "WAREHOUSE_STORAGE_FEE_FEN", 100, 0, 1_000_000),
    warehouseStorageLimitDays: intEnv(env, "WAREHOUSE_STORAGE_LIMIT_DAYS", 90, 1, 3650),
    warehouseHeldDays: intEnv(env, "WAREHOUSE_HELD_DAYS", 30, 1, 3650),
    sandboxWarehouseArrivalMs: durationEnv(env, "SANDBOX_WAREHOUSE_ARRIVAL", 86_400_000),
    sandboxWarehouseQcMs: durationEnv(env, "SANDBOX_WAREHOUSE_QC", 4 * 3_600_000),
    callbackTimeoutMs: intEnv(env, "CALLBACK_TIMEOUT_MS", 1000, 1, 600_000),
    callbackConnectTimeoutMs: intEnv(env, "CALLBACK_CONNECT_TIMEOUT_MS", 1000, 1, 600_000),
    callbackRetryDelaySeconds: intEnv(env, "CALLBACK_RETRY_DELAY_SECONDS", 1800, 0, 30 * 86_400),
    callbackMaxAttempts: intEnv(env, "CALLBACK_MAX_ATTEMPTS", 6, 1, 100),
    callbackAllowPrivate: boolEnv(env, "CALLBACK_ALLOW_PRIVATE", false),
    callbackDispatcher: boolEnv(env, "CALLBACK_DISPATCHER", true),
    callbackConcurrency: intEnv(env, "CALLBACK_CONCURRENCY", 64, 1, 10_000),
    callbackLeaseSeconds: intEnv(env, "CALLBACK_LEASE_SECONDS", 30, 1, 86_400),
    callbackPollMs: intEnv(env, "CALLBACK_POLL_MS", 1000, 10, 3_600_000),
    callbackRetryScheduleMs: [], // below, once CALLBACK_MAX_ATTEMPTS and CALLBACK_RETRY_DELAY_SECONDS are final
    parcelSupplementRetryMs: durationEnv(env, "PARCEL_SUPPLEMENT_RETRY", 3_600_000),
    connectorAllowPrivate: boolEnv(env, "CONNECTOR_ALLOW_PRIVATE", false),
    connectorPollEverySec: intEnv(env, "CONNECTOR_POLL_EVERY_SEC", 60, 0, 86_400),
    consoleIdleMinutes: intEnv(env, "CONSOLE_IDLE_MINUTES", 30, 1, 7 * 24 * 60),
    consoleSessionHours: intEnv(env, "CONSOLE_SESSION_HOURS", 12, 1, 30 * 24),
    requestLogDays: intEnv(env, "REQUEST_LOG_DAYS", 7, 0, 365),
    connectorTrackEverySec: intEnv(env, "CONNECTOR_TRACK_EVERY_SEC", 1800, 0, 86_400),
    ...overrides,
  };
  if (config.warehouseStorageLimitDays <= config.warehouseFreeStorageDays) {
    throw new ConfigError("WAREHOUSE_STORAGE_LIMIT_DAYS must be greater than WAREHOUSE_FREE_STORAGE_DAYS");
  }
  config.publicUrl = (overrides.publicUrl || optional(env, "PUBLIC_URL") || `http://localhost:${config.port}`).replace(/\/$/, "");
  if (!/^https?:\/\/[^/]+/.test(config.publicUrl)) throw new ConfigError("PUBLIC_URL must be an http(s) address");
  // Unset: PandaPon's rule, CALLBACK_MAX_ATTEMPTS - 1 waits of CALLBACK_RETRY_DELAY_SECONDS (6 attempts, 30 minutes apart).
  config.callbackRetryScheduleMs =
    overrides.callbackRetryScheduleMs ??
    retryScheduleEnv(env, "CALLBACK_RETRY_SCHEDULE") ??
    Array.from({ length: config.callbackMaxAttempts - 1 }, () => config.callbackRetryDelaySeconds * 1000);
  config.callbackMaxAttempts = config.callbackRetryScheduleMs.length + 1;
  return config;
}
