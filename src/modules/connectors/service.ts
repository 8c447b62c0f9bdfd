// The operator's real connectors at run time: built from the stored settings on every node and
// registered as the live connector of their platform; configured and authorized by operators; kept
// in step with the upstream by pushes and polls.
//
// Keeping in step: a verified push, or a poll of the orders modified since the last one, schedules a
// sync job per upstream order (one pending per order, however many pushes name it). The sync reads
// the purchase as the upstream has it now (lines, parcels, the after-sales cases the platform follows)
// and appends the events that view implies to the marketplace inbox, whose keys make a repeat a no-op
// and whose handlers apply them in the platform's own transaction. So a duplicate push, a reordered
// one and a lost one (caught by the next poll) all end with the order as the upstream has it.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Clock } from "../../platform/clock.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/index.ts";
import { writeInOneStatement } from "../../platform/db/one-statement.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../platform/http/errors.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import type { JobRunner } from "../../platform/jobs/runner.ts";
import { guardedFetch } from "../../platform/net/guarded-fetch.ts";
import { unusableConnector, type ConnectorRegistry } from "../../marketplace/connectors.ts";
import type { MarketplaceInbox } from "../../marketplace/inbox.ts";
import { deriveEvents } from "../../marketplace/live/derive-events.ts";
import {
  LIVE_CONNECTOR_NAMES,
  PLATFORM_OF,
  PushRefused,
  type ConnectorHealth,
  type ConnectorTokens,
  type ConnectorTuning,
  type LiveConnector,
  type LiveConnectorKit,
  type LiveConnectorName,
  type PushRequest,
} from "../../marketplace/live/live-connector.ts";
import { UpstreamError, type Platform, type PurchaseOwner, type RefundCase, type Shipment } from "../../marketplace/port.ts";
import { SettingsRepo, type StoredSettings } from "./settings.ts";

export const SYNC_JOB = "marketplace.sync";
export const POLL_JOB = "marketplace.poll";

/** Orders modified this long before the last poll are asked again: an upstream's modify times may lag its clock. */
const POLL_OVERLAP_MS = 2 * 60_000;
/** The first poll looks this far back. */
const FIRST_POLL_LOOKBACK_MS = 60 * 60_000;
const RESPONSE_MAX_BYTES = 8 * 1024 * 1024;
/** How long the log of inbound pushes is kept. */
const PUSH_LOG_DAYS = 30;

export interface ConnectorsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  jobs: JobRunner;
  inbox: MarketplaceInbox;
  registry: ConnectorRegistry;
  secrets: SecretBox;
  kits: LiveConnectorKit[];
  /** Upstream URLs on loopback or private networks, over plain http (local fakes, trusted networks). */
  allowPrivate: boolean;
  /** Seconds between polls when the settings do not say. */
  pollEverySec: number;
  /** Seconds between reads of an order whose parcel is on its way, when the settings do not say. */
  trackEverySec: number;
  /** Where refused pushes and failed polls are reported. */
  warn: (details: Record<string, unknown>, message: string) => void;
  /** The rooms that know the platform's purchases and after-sales cases (this module reads none of their tables). */
  purchases: {
    owners(platform: Platform, key: { upstreamOrderId: string } | { clientRef: string }): Promise<PurchaseOwner[]>;
    openCases(platform: Platform, developerId: string, upstreamOrderId: string): Promise<string[]>;
  };
  isSandbox(developerId: string): Promise<boolean>;
  /** For tests: replaces the SSRF-guarded fetch. */
  fetch?: typeof fetch;
}

export interface ConfigureInput {
  appKey: string;
  appSecret?: string;
  baseUrl?: string;
  authorizeUrl?: string;
  redirectUri?: string;
  tuning?: ConnectorTuning;
}

export interface ConnectorStatus {
  name: LiveConnectorName;
  platform: "taobao" | "alibaba";
  configured: boolean;
  authorized: boolean;
  /** Why live developers cannot use it now (not configured, not authorized, bad settings); null when usable. */
  problem: string | null;
  appKey: string | null;
  baseUrl: string | null;
  redirectUri: string | null;
  tuning: ConnectorTuning;
  pollEverySec: number;
  pollCursor: number | null;
  lastPollAt: number | null;
  lastPollError: string | null;
  pushes: { accepted: number; refused: number; lastAt: number | null; lastRefusal: string | null };
  health: (Omit<ConnectorHealth, "notImplemented"> & { notImplemented: string[] }) | null;
}

export interface PushLogEntry {
  id: string;
  at: number;
  accepted: boolean;
  note: string;
  orders: number;
}

export class LiveConnectors {
  readonly #deps: ConnectorsDeps;
  readonly #repo: SettingsRepo;
  readonly #kits: Map<LiveConnectorName, LiveConnectorKit>;
  readonly #live = new Map<LiveConnectorName, LiveConnector>();
  readonly #problems = new Map<LiveConnectorName, string>();
  /** What each connector was built from, so a node rebuilds only when something it uses changed. */
  readonly #builtFrom = new Map<LiveConnectorName, BuiltFrom>();
  readonly #polls = new Map<LiveConnectorName, { at: number; error: string | null }>();
  #fingerprint = "";
  #timer: NodeJS.Timeout | undefined;
  #prunedAt = 0;
  readonly #refusals = new Map<LiveConnectorName, { at: number; unlogged: number }>();

  constructor(deps: ConnectorsDeps) {
    this.#deps = deps;
    this.#repo = new SettingsRepo(deps.db, deps.secrets);
    this.#kits = new Map(deps.kits.map((kit) => [kit.name, kit]));
    deps.jobs.on(SYNC_JOB, async (_trx, job) => {
      const { connector, upstreamOrderId } = job.payload as { connector: LiveConnectorName; upstreamOrderId: string };
      return () => this.#sync(connector, upstreamOrderId);
    }, { maxAttempts: 12 });
    deps.jobs.on(POLL_JOB, async (_trx, job) => {
      const { connector } = job.payload as { connector: LiveConnectorName };
      return () => this.#poll(connector);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Building

  /** Builds the configured connectors, and rebuilds them on this node when another changes the settings. */
  async start(reloadEveryMs = 5000): Promise<() => Promise<void>> {
    await this.reload();
    this.#timer = setInterval(() => void this.#reloadIfChanged().catch((err: unknown) => this.#deps.warn({ err }, "connector settings reload")), reloadEveryMs);
    this.#timer.unref();
    return async () => clearInterval(this.#timer);
  }

  async #reloadIfChanged(): Promise<void> {
    if ((await this.#repo.fingerprint()) !== this.#fingerprint) await this.reload();
  }

  async reload(): Promise<void> {
    this.#fingerprint = await this.#repo.fingerprint();
    const stored = new Map((await this.#repo.all()).map((s) => [s.name, s]));
    for (const name of LIVE_CONNECTOR_NAMES) {
      const platform = PLATFORM_OF[name];
      const settings = stored.get(name);
      if (!settings) {
        // Forget only what this registered (a stand-in given at build time stays).
        if (this.#builtFrom.delete(name)) this.#deps.registry.unregister(platform, "live");
        this.#live.delete(name);
        this.#problems.delete(name);
        continue;
      }
      const from: BuiltFrom = {
        app: JSON.stringify([settings.appKey, settings.appSecret, settings.baseUrl, settings.tuning]),
        tokens: tokensKey(settings.tokens),
        tuning: settings.tuning,
      };
      const built = this.#builtFrom.get(name);
      if (built && built.app === from.app && built.tokens === from.tokens) continue;
      this.#builtFrom.set(name, from);
      try {
        const connector = this.#build(settings);
        this.#live.set(name, connector);
        this.#problems.delete(name);
        this.#deps.registry.register("live", connector);
      } catch (err) {
        const problem = `the ${name} connector cannot be used: ${(err as Error).message}`;
        this.#live.delete(name);
        this.#problems.set(name, problem);
        this.#deps.registry.register("live", unusableConnector(platform, name, problem));
      }
    }
  }

  #build(settings: StoredSettings): LiveConnector {
    const kit = this.#kit(settings.name);
    return kit.create(settings, {
      onTokens: async (tokens: ConnectorTokens) => {
        // This node already holds the new pair: the reload that follows the store keeps the connector.
        const built = this.#builtFrom.get(settings.name);
        if (built) built.tokens = tokensKey(tokens);
        await this.#repo.setTokens(settings.name, tokens);
      },
      fetch: this.#fetch(settings.tuning),
      refundLinks: this.#repo.refundLinks(settings.name),
    });
  }

  #fetch(tuning: ConnectorTuning): typeof fetch {
    return this.#deps.fetch ?? guardedFetch({ timeoutMs: tuning.timeoutMs ?? 10_000, maxBytes: RESPONSE_MAX_BYTES, allowPrivate: this.#deps.allowPrivate });
  }

  #kit(name: string): LiveConnectorKit {
    const kit = this.#kits.get(name as LiveConnectorName);
    if (!kit) throw notFound(`connector ${name} (known: ${[...this.#kits.keys()].join(", ")})`);
    return kit;
  }

  /** The usable live connector of that name, if any. */
  connector(name: LiveConnectorName): LiveConnector | undefined {
    return this.#live.get(name);
  }

  // -------------------------------------------------------------------------------------------
  // Operators

  async configure(name: string, input: ConfigureInput): Promise<ConnectorStatus> {
    const kit = this.#kit(name);
    const existing = await this.#repo.get(kit.name);
    const appSecret = input.appSecret ?? (existing && existing.appKey === input.appKey ? existing.appSecret : undefined);
    if (!appSecret) throw invalid("appSecret: required when the connector is new or its app key changes");
    const settings = {
      name: kit.name,
      appKey: input.appKey,
      appSecret,
      baseUrl: checkUrl("baseUrl", input.baseUrl ?? existing?.baseUrl ?? kit.defaults.baseUrl, this.#deps.allowPrivate),
      authorizeUrl: checkUrl("authorizeUrl", input.authorizeUrl ?? existing?.authorizeUrl ?? kit.defaults.authorizeUrl, this.#deps.allowPrivate),
      redirectUri: checkUrl("redirectUri", input.redirectUri ?? existing?.redirectUri ?? "urn:ietf:wg:oauth:2.0:oob", true, true),
      tuning: { ...existing?.tuning, ...input.tuning },
    };
    await this.#deps.db.transaction().execute((trx) => this.#repo.save(trx, settings));
    await this.reload();
    await this.#ensurePolling(kit.name);
    return this.#statusOf(kit.name);
  }

  async remove(name: string): Promise<void> {
    const kit = this.#kit(name);
    if (!(await this.#repo.remove(kit.name))) throw notFound(`connector ${name}'s settings`);
    await this.reload();
  }

  /** The page an operator opens to authorize the app; the state it carries is checked when the code comes back. */
  async authorizeLink(name: string): Promise<{ url: string; state: string }> {
    const kit = this.#kit(name);
    const settings = await this.#configured(kit.name);
    const state = randomBytes(12).toString("hex");
    await this.#repo.setAuthorizeState(kit.name, state);
    return { url: kit.authorizeLink(settings, state), state };
  }

  /** Exchanges the code from the authorization's redirect for tokens, and stores them sealed. */
  async authorize(name: string, code: string, state?: string): Promise<ConnectorStatus> {
    const kit = this.#kit(name);
    const settings = await this.#configured(kit.name);
    if (state !== undefined && state !== settings.authorizeState) throw conflict("state: does not match the last authorize link (open a new one)");
    let tokens: ConnectorTokens;
    try {
      tokens = await kit.exchangeCode(settings, code, { fetch: this.#fetch(settings.tuning) });
    } catch (err) {
      throw new ApiError(Code.UPSTREAM_FAILURE, `${kit.name} refused the authorization code: ${(err as Error).message}`);
    }
    await this.#repo.setTokens(kit.name, tokens);
    await this.reload();
    await this.#ensurePolling(kit.name);
    return this.#statusOf(kit.name);
  }

  async statuses(): Promise<ConnectorStatus[]> {
    return Promise.all([...this.#kits.keys()].map((name) => this.#statusOf(name)));
  }

  async status(name: string): Promise<ConnectorStatus> {
    return this.#statusOf(this.#kit(name).name);
  }

  async pushes(name: string, limit = 50): Promise<PushLogEntry[]> {
    const kit = this.#kit(name);
    const rows = await this.#deps.db.selectFrom("upstream_pushes").selectAll().where("connector", "=", kit.name).orderBy("id", "desc").limit(limit).execute();
    return rows.map((r) => ({ id: r.id, at: r.received_at.getTime(), accepted: r.accepted, note: r.note, orders: r.orders }));
  }

  /** Polls now (an operator's nudge, or a test's), without waiting for the next scheduled poll. */
  async pollNow(name: string): Promise<ConnectorStatus> {
    const kit = this.#kit(name);
    if (!this.#live.has(kit.name)) throw conflict(this.#problems.get(kit.name) ?? `connector ${name} is not configured`);
    await this.#poll(kit.name, false);
    return this.#statusOf(kit.name);
  }

  async #configured(name: LiveConnectorName): Promise<StoredSettings> {
    const settings = await this.#repo.get(name);
    if (!settings) throw conflict(`connector ${name} is not configured: set its app key and secret first`);
    return settings;
  }

  async #statusOf(name: LiveConnectorName): Promise<ConnectorStatus> {
    const settings = await this.#repo.get(name);
    const counts = await this.#deps.db
      .selectFrom("upstream_pushes")
      .select([
        sql<string>`count(*) filter (where accepted)`.as("accepted"),
        sql<string>`count(*) filter (where not accepted)`.as("refused"),
        sql<Date | null>`max(received_at)`.as("last_at"),
      ])
      .where("connector", "=", name)
      .executeTakeFirstOrThrow();
    const lastRefusal = await this.#deps.db.selectFrom("upstream_pushes").select("note").where("connector", "=", name).where("accepted", "=", false).orderBy("id", "desc").limit(1).executeTakeFirst();
    const poll = this.#polls.get(name);
    const connector = this.#live.get(name);
    return {
      name,
      platform: PLATFORM_OF[name],
      configured: settings !== undefined,
      authorized: settings?.tokens != null,
      problem: settings ? (this.#problems.get(name) ?? null) : `not configured: openpon connector set ${name} --app-key … --app-secret …`,
      appKey: settings?.appKey ?? null,
      baseUrl: settings?.baseUrl ?? null,
      redirectUri: settings?.redirectUri ?? null,
      tuning: settings?.tuning ?? {},
      pollEverySec: this.#pollEvery(settings),
      pollCursor: settings?.pollCursorMs ?? null,
      lastPollAt: poll?.at ?? null,
      lastPollError: poll?.error ?? null,
      pushes: {
        accepted: Number(counts.accepted),
        refused: Number(counts.refused),
        lastAt: counts.last_at ? new Date(counts.last_at).getTime() : null,
        lastRefusal: lastRefusal?.note ?? null,
      },
      health: connector ? { ...connector.status(), notImplemented: [...connector.status().notImplemented] } : null,
    };
  }

  #pollEvery(settings: StoredSettings | undefined): number {
    return settings?.tuning.pollEverySec ?? this.#deps.pollEverySec;
  }

  // -------------------------------------------------------------------------------------------
  // Pushes

  /** A push from the upstream: verified (a refusal is logged and never applied), then a sync per order it names. */
  async receivePush(name: string, push: PushRequest): Promise<{ status: number; contentType: string; body: string }> {
    const kit = this.#kit(name);
    const connector = this.#live.get(kit.name);
    if (!connector) {
      await this.#logRefusal(kit.name, this.#problems.get(kit.name) ?? "not configured");
      throw notFound(`connector ${name}`);
    }
    let orderIds: string[];
    let topics: string[];
    try {
      const notices = connector.readPush(push);
      orderIds = [...new Set(notices.map((n) => n.upstreamOrderId))];
      topics = [...new Set(notices.map((n) => `${n.topic}#${n.messageId}`))];
    } catch (err) {
      const reason = err instanceof PushRefused ? err.reason : `unreadable push: ${(err as Error).message}`;
      await this.#logRefusal(kit.name, reason);
      throw new ApiError(Code.BAD_SIGNATURE, `push refused: ${reason}`);
    }
    await this.#deps.db.transaction().execute(async (trx) => {
      await this.#scheduleSyncs(trx, kit.name, orderIds, this.#deps.clock.now());
      await this.#logPush(kit.name, true, orderIds.length > 0 ? `${topics.join(" ")} → ${orderIds.join(", ")}`.slice(0, 1000) : `${topics.join(" ") || "no topic"}: nothing to follow`, orderIds.length, trx);
    });
    return connector.pushAck;
  }

  /**
   * Anyone can post to the push address, so refusals are written at most once a second per connector
   * (a flood of forged pushes cannot fill the log or load the database); the next written one says how
   * many were refused meanwhile.
   */
  async #logRefusal(name: LiveConnectorName, reason: string): Promise<void> {
    const now = this.#deps.clock.now();
    const last = this.#refusals.get(name) ?? { at: 0, unlogged: 0 };
    if (now - last.at < 1000) {
      last.unlogged++;
      this.#refusals.set(name, last);
      return;
    }
    this.#refusals.set(name, { at: now, unlogged: 0 });
    this.#deps.warn({ connector: name, reason, alsoRefused: last.unlogged }, "upstream push refused");
    await this.#logPush(name, false, last.unlogged > 0 ? `${reason} (and ${last.unlogged} more refused since the last one logged)` : reason, 0);
  }

  async #logPush(name: LiveConnectorName, accepted: boolean, note: string, orders: number, db: Db = this.#deps.db): Promise<void> {
    await db.insertInto("upstream_pushes").values({ id: this.#deps.ids.next(), connector: name, accepted, note: note.slice(0, 1000), orders }).execute();
    // The log keeps PUSH_LOG_DAYS; pruned at most hourly by each node.
    const now = this.#deps.clock.now();
    if (now - this.#prunedAt < 3_600_000) return;
    this.#prunedAt = now;
    await db.deleteFrom("upstream_pushes").where("received_at", "<", new Date(now - PUSH_LOG_DAYS * 86_400_000)).execute();
  }

  /** One pending sync per upstream order: a burst of pushes about one order reads it once. */
  async #scheduleSyncs(trx: Db, name: LiveConnectorName, orderIds: string[], dueAtMs: number): Promise<void> {
    if (orderIds.length === 0) return;
    const subjects = orderIds.map((id) => syncSubject(name, id));
    const pending = new Set(
      (await trx.selectFrom("jobs").select("subject").where("developer_id", "is", null).where("status", "=", "PENDING").where("subject", "in", subjects).execute()).map((r) => r.subject),
    );
    const fresh = orderIds.filter((id) => !pending.has(syncSubject(name, id)));
    if (fresh.length === 0) return;
    const { write } = this.#deps.jobs.scheduleWrite(trx, fresh.map((id) => ({ developerId: null, dueAtMs, kind: SYNC_JOB, subject: syncSubject(name, id), payload: { connector: name, upstreamOrderId: id } })));
    await writeInOneStatement(trx, [write]);
  }

  // -------------------------------------------------------------------------------------------
  // Polls

  async #ensurePolling(name: LiveConnectorName): Promise<void> {
    const settings = await this.#repo.get(name);
    if (!settings?.tokens || this.#pollEvery(settings) <= 0) return;
    await this.#deps.db.transaction().execute(async (trx) => {
      const subject = pollSubject(name);
      const queued = await trx.selectFrom("jobs").select("id").where("developer_id", "is", null).where("subject", "=", subject).where("status", "in", ["PENDING", "RUNNING"]).executeTakeFirst();
      if (!queued) await this.#deps.jobs.schedule(trx, { developerId: null, dueAtMs: this.#deps.clock.now(), kind: POLL_JOB, subject, payload: { connector: name } });
    });
  }

  /** Every configured connector polls (called once at start: a poll job lost to a dead letter starts again). */
  async ensureAllPolling(): Promise<void> {
    for (const name of this.#live.keys()) await this.#ensurePolling(name);
  }

  /**
   * Asks the upstream for the orders modified since the cursor and schedules their syncs. A failed
   * poll is reported and the next one still comes: polling never stops because the upstream was down.
   */
  async #poll(name: LiveConnectorName, scheduled = true): Promise<void> {
    const connector = this.#live.get(name);
    const settings = await this.#repo.get(name);
    const every = this.#pollEvery(settings);
    // Polling switched off stops the schedule; an operator's poll still runs.
    if (!connector || !settings || (scheduled && every <= 0)) return;
    const to = this.#deps.clock.now();
    const from = (settings.pollCursorMs ?? to - FIRST_POLL_LOOKBACK_MS) - POLL_OVERLAP_MS;
    try {
      const orderIds = await connector.changedOrders(from, to);
      await this.#deps.db.transaction().execute((trx) => this.#scheduleSyncs(trx, name, orderIds, to));
      await this.#repo.setPollCursor(name, to);
      this.#polls.set(name, { at: to, error: null });
    } catch (err) {
      const error = (err as Error).message;
      this.#polls.set(name, { at: to, error });
      this.#deps.warn({ connector: name, error }, "upstream poll failed");
    }
    if (!scheduled) return;
    await this.#deps.db.transaction().execute((trx) =>
      this.#deps.jobs.schedule(trx, { developerId: null, dueAtMs: to + every * 1000, kind: POLL_JOB, subject: pollSubject(name), payload: { connector: name } }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Syncs

  /** Reads one upstream order as it is now and hands the events that implies to the inbox. */
  async #sync(name: LiveConnectorName, upstreamOrderId: string): Promise<void> {
    const connector = this.#live.get(name);
    if (!connector) throw new Error(this.#problems.get(name) ?? `connector ${name} is not configured`);
    const platform = PLATFORM_OF[name];
    let owner = await this.#locate(platform, { upstreamOrderId });
    const order = await connector.readOrder(owner ?? { developerId: "0", userId: "0" }, upstreamOrderId);
    if (!order) return; // the upstream does not know it (any more): nothing to follow
    if (!owner && order.clientRef) owner = await this.#locate(platform, { clientRef: order.clientRef });
    if (!owner) {
      this.#deps.warn({ connector: name, upstreamOrderId }, "an upstream order no live developer's order knows (bought elsewhere?): not followed");
      return;
    }
    // A line's own status may lag its order's (1688 moves the order when a parcel leaves): either says shipped.
    const shipments = await this.#shipmentsOf(connector, owner, SHIPPED_STATUSES.has(order.status) ? order.lines.map((l) => ({ ...l, status: order.status })) : order.lines);
    const refunds = await this.#refundsOf(connector, owner, platform, upstreamOrderId);
    const now = this.#deps.clock.now();
    const events = deriveEvents(owner.developerId, { order: { ...order, owner }, shipments, refunds }, now);
    // A carrier's steps change no order status, so nothing is pushed for them: a parcel still on its way is read again later.
    const travelling = shipments.some((s) => !s.trace.some((step) => step.status === "SIGN" || step.status === "FAILED"));
    const trackEvery = this.#builtFrom.get(name)?.tuning.trackEverySec ?? this.#deps.trackEverySec;
    await this.#deps.db.transaction().execute(async (trx) => {
      await this.#deps.inbox.append(trx, events.map((e) => ({ connector: name, eventKey: e.eventKey, event: e.event })));
      if (travelling && trackEvery > 0) await this.#scheduleSyncs(trx, name, [upstreamOrderId], now + trackEvery * 1000);
    });
  }

  async #shipmentsOf(connector: LiveConnector, owner: PurchaseOwner, lines: Array<{ upstreamLineId: string; status: string; trackingNumbers: string[] }>): Promise<Shipment[]> {
    const shipped = lines.filter((l) => l.trackingNumbers.length > 0 || SHIPPED_STATUSES.has(l.status));
    const byTracking = new Map<string, Shipment>();
    for (const line of shipped) {
      if (line.trackingNumbers.length > 0 && line.trackingNumbers.every((t) => byTracking.has(t))) continue;
      for (const shipment of await connector.shipments(owner, line.upstreamLineId)) byTracking.set(shipment.trackingNumber, shipment);
    }
    return [...byTracking.values()];
  }

  /** The cases the platform follows on this order, as the upstream has them (a connector that cannot read cases reads none). */
  async #refundsOf(connector: LiveConnector, owner: PurchaseOwner, platform: Platform, upstreamOrderId: string): Promise<RefundCase[]> {
    const out: RefundCase[] = [];
    for (const id of await this.#deps.purchases.openCases(platform, owner.developerId, upstreamOrderId)) {
      try {
        const found = await connector.readRefund(owner, id);
        if (found) out.push(found);
      } catch (err) {
        if (err instanceof UpstreamError && err.reason === "not_implemented") return out;
        throw err;
      }
    }
    return out;
  }

  /** The live developer (and user) whose order is this upstream purchase: a sandbox developer's ids may look alike. */
  async #locate(platform: Platform, key: { upstreamOrderId: string } | { clientRef: string }): Promise<PurchaseOwner | undefined> {
    for (const owner of await this.#deps.purchases.owners(platform, key)) if (!(await this.#deps.isSandbox(owner.developerId))) return owner;
    return undefined;
  }
}

/** Upstream line statuses after shipment (Taobao, 1688): their parcels are read. */
const SHIPPED_STATUSES = new Set(["WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED", "waitbuyerreceive", "confirm_goods", "success"]);

/** What a node built a connector from: its app settings, and the tokens it holds (which it may refresh itself). */
interface BuiltFrom {
  app: string;
  tokens: string;
  tuning: ConnectorTuning;
}
const tokensKey = (tokens: ConnectorTokens | null) => (tokens ? `${tokens.accessToken}\u0000${tokens.refreshToken}` : "");

const syncSubject = (name: LiveConnectorName, upstreamOrderId: string) => `sync:${name}:${upstreamOrderId}`;
const pollSubject = (name: LiveConnectorName) => `poll:${name}`;

/** An operator-given URL: absolute http(s); plain http and private hosts only where allowed (the fetch guard checks addresses again on every call). */
function checkUrl(field: string, value: string, allowHttp: boolean, allowUrn = false): string {
  if (allowUrn && value.startsWith("urn:")) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${field}: not an absolute URL`);
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) throw invalid(`${field}: must be an https URL${allowHttp ? " (or http)" : ""}`);
  if (url.username || url.password) throw invalid(`${field}: must not carry a user name or password`);
  return value.replace(/\/+$/, "");
}
