// Builds the platform from its modules: storage, shared state, services, and the HTTP surface.
import pg from "pg";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Config } from "./config.ts";
import { systemClock, type Clock } from "./platform/clock.ts";
import { loadMasterKey, randomHex, readOrCreateSecretFile, SecretBox } from "./platform/crypto.ts";
import { databaseReachable, openDatabase, type DatabaseHandle, type Db } from "./platform/db/index.ts";
import { migrate } from "./platform/db/migrate.ts";
import { ApiError, Code, notFound } from "./platform/http/errors.ts";
import { createHttpServer, type App, type ModulePlugins } from "./platform/http/server.ts";
import { IdGenerator } from "./platform/ids.ts";
import { Metrics } from "./platform/metrics.ts";
import { Outbox } from "./platform/outbox.ts";
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from "./platform/ratelimit.ts";
import { connectRedis, type Redis } from "./platform/redis.ts";
import { createAuthHooks, DatabaseNonceStore, IDENTITY_CHANNEL, IdentityService, identityModule, RedisNonceStore, type NonceStore } from "./modules/identity/index.ts";
import { constantTimeEqual } from "./platform/crypto.ts";
import { ConsoleAuth, consoleModule, developerSessionAuth, operatorGate, type DeveloperDirectory } from "./modules/console/index.ts";
import { AddressService, logisticsModule, Parcels, parcelsModule, ShippingService, shippingModule, Warehouse, warehouseModule } from "./modules/logistics/index.ts";
import { AlibabaCommerce, OrdersConsole, OrdersService, ordersModule, TaobaoCommerce } from "./modules/orders/index.ts";
import { Idempotency } from "./platform/idempotency.ts";
import { WalletService, walletModule } from "./modules/wallet/index.ts";
import { AlibabaCartService, CartService, cartModule } from "./modules/cart/index.ts";
import { openApiDocument, OPENAPI_INFO } from "./platform/http/openapi.ts";
import { createSandboxGoods, type SandboxGoods } from "./marketplace/sandbox/index.ts";
import { CachedGoods } from "./marketplace/cached-goods.ts";
import { SandboxClocks, sandboxModule, type ScenarioWord } from "./modules/sandbox/index.ts";
import { SandboxSeller } from "./marketplace/sandbox/seller/seller.ts";
import { SCENARIOS } from "./marketplace/sandbox/seller/scenarios.ts";
import { PARCEL_SCENARIOS } from "./modules/logistics/parcels/index.ts";
import { bindConnector, ConnectorRegistry } from "./marketplace/connectors.ts";
import type { LiveConnectorKit } from "./marketplace/live/live-connector.ts";
import { alibaba1688Kit } from "./marketplace/alibaba-1688/kit.ts";
import { taobaoGlobalKit } from "./marketplace/taobao-global/kit.ts";
import { connectorsModule, LiveConnectors } from "./modules/connectors/index.ts";
import { RequestLog, requestLogModule } from "./modules/request-log/index.ts";

/** The real connectors an operator can configure. */
const DEFAULT_CONNECTOR_KITS: LiveConnectorKit[] = [taobaoGlobalKit, alibaba1688Kit];
import { MarketplaceInbox } from "./marketplace/inbox.ts";
import type { Connector, Mode, Platform as Marketplace } from "./marketplace/port.ts";
import { JobRunner } from "./platform/jobs/runner.ts";
import { registerJobAdminRoutes } from "./platform/jobs/routes.ts";
import { callbackExtensionOn, CallbackService, callbacksModule } from "./modules/callbacks/index.ts";
import { catalogModule, CatalogService, createImageFetcher } from "./modules/catalog/index.ts";
import { aftersalesModule, AlibabaAftersales, TaobaoAftersales, type AftersalesDeps } from "./modules/aftersales/index.ts";
import { ImageStore } from "./modules/aftersales/images/store.ts";

export interface Services {
  identity: IdentityService;
  /** The one durable job runner (timeouts, retries, reconciliations, seller events). */
  jobs: JobRunner;
  /** Upstream events on their way into the platform. */
  inbox: MarketplaceInbox;
  /** The connectors by (platform, mode). */
  connectors: ConnectorRegistry;
  /** The operators' real connectors: settings, authorization, pushes, polls. */
  liveConnectors: LiveConnectors;
  clocks: SandboxClocks;
  /** The purchase side of the marketplace (sandbox sellers). */
  seller: SandboxSeller;
  goods: SandboxGoods;
  /** The sandbox developers' catalogue (the live one is catalogs.of(false)). */
  catalog: CatalogService;
  catalogs: { of(sandbox: boolean): CatalogService };
  addresses: AddressService;
  orders: OrdersService;
  /** The Taobao buying flow (create, pay, cancel, seller events). */
  commerce: TaobaoCommerce;
  /** The 1688 buying flow (create, pay, cancel, receipt, seller events). */
  alibaba: AlibabaCommerce;
  cart: CartService;
  /** The 1688 cart (alibaba-1688.md §2). */
  alibabaCart: AlibabaCartService;
  outbox: Outbox;
  wallet: WalletService;
  callbacks: CallbackService;
  /** Taobao reverse orders (taobao.md §4). */
  taobaoAftersales: TaobaoAftersales;
  /** 1688 refunds (alibaba-1688.md §4). */
  alibabaAftersales: AlibabaAftersales;
  /** Pictures buyers attach to after-sales, stored re-encoded. */
  pictures: ImageStore;
  /** Shipping lines and rate tables, freight estimates and renders (the parcels part's FreightPricing). */
  shipping: ShippingService;
  /** The warehouse: inbound parcels, items, checks, storage (and WarehouseStock for parcels). */
  warehouse: Warehouse;
  /** International logistics orders: booked and paid, declared, packed and weighed, shipped, traced. */
  readonly parcels: Parcels;
}

export interface Platform {
  app: App;
  config: Config;
  database: DatabaseHandle;
  services: Services;
  clock: Clock;
  operatorToken: string;
  /** Stops background work and closes connections (the HTTP server is closed by app.close()). */
  close(): Promise<void>;
}

export interface BuildOptions {
  clock?: Clock;
  /** Extra log destination (tests). */
  logStream?: NodeJS.WritableStream;
  /** Progress of building the sandbox catalogues (first start, or a new seed or size). */
  sandboxProgress?: (platform: "taobao" | "alibaba", done: number, total: number) => void;
  /** The kinds of real connector operators can configure (default: Taobao Global and 1688). */
  connectorKits?: LiveConnectorKit[];
  /** Live connectors to register (tests point them at local fakes or the sandbox). */
  liveConnectors?: (sandbox: { taobao: Connector; alibaba: Connector }) => Partial<Record<"taobao" | "alibaba", Connector>>;
}

/** Listens for identity changes made on other nodes (PostgreSQL only; PGlite is one process). */
async function listenForIdentityChanges(url: string, identity: IdentityService): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: "openpon-listener" });
    next.on("notification", (message) => identity.onRemoteChange(message.payload ?? "*"));
    next.on("error", () => {
      // Lost the channel: forget everything cached (changes may be missed) and reconnect.
      identity.cache.invalidate();
      if (!stopped) setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
    await next.connect();
    await next.query(`listen ${IDENTITY_CHANNEL}`);
    client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}

export async function buildPlatform(config: Config, options: BuildOptions = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config);
  const cleanups: Array<() => Promise<void>> = [];
  try {
    await migrate(database.db);
    const ids = new IdGenerator(clock, config.nodeId);
    const secrets = new SecretBox(loadMasterKey(config.masterKey, config.dataDir));
    const operatorToken = config.operatorToken ?? readOrCreateSecretFile(config.dataDir, "operator.token", () => randomHex(24));
    const outbox = new Outbox(ids);

    let redis: Redis | undefined;
    let nonces: NonceStore;
    let rateLimiter: RateLimiter;
    if (config.redisUrl) {
      redis = connectRedis(config.redisUrl);
      const r = redis;
      cleanups.push(async () => void (await r.quit().catch(() => {})));
      nonces = new RedisNonceStore(redis, config.nonceTtlSeconds);
      rateLimiter = new RedisRateLimiter(redis);
    } else {
      nonces = new DatabaseNonceStore(database, clock, config.nonceTtlSeconds);
      rateLimiter = new MemoryRateLimiter();
    }
    cleanups.push(() => nonces.close(), () => rateLimiter.close());

    const goods = await createSandboxGoods({
      seed: config.sandboxSeed,
      items: config.sandboxItems,
      dataDir: config.dataDir,
      publicUrl: config.publicUrl,
      ...(options.sandboxProgress ? { progress: options.sandboxProgress } : {}),
    });
    let log: App["log"] | undefined;
    const jobs = new JobRunner({
      db: database.db,
      clock,
      ids,
      leaseMs: config.jobsLeaseSeconds * 1000,
      pollMs: config.jobsPollMs,
      runTestClocksInBackground: config.sandboxTickMs > 0,
      retentionMs: config.jobsRetentionMs,
      // A failed attempt is kept on the job (last_error); the log says when and which.
      onError: (err, job) => log?.warn({ err, job: job && { id: job.id, kind: job.kind, developerId: job.developerId, attempts: job.attempts } }, job ? "job attempt failed" : "job runner"),
    });
    const clocks = new SandboxClocks(database.db, clock, jobs, database.sharedReads);
    const inbox = new MarketplaceInbox({ jobs, ids, clock });
    const seller = new SandboxSeller({ db: database.db, clocks, jobs, inbox, goods, seed: config.sandboxSeed, timings: config.sandboxTimings, publicUrl: config.publicUrl });
    const connectors = new ConnectorRegistry();
    const sandboxConnectors = { taobao: bindConnector("taobao", "sandbox", goods, seller), alibaba: bindConnector("alibaba", "sandbox", goods, seller) };
    for (const connector of Object.values(sandboxConnectors)) connectors.register("sandbox", connector);
    for (const connector of Object.values(options.liveConnectors?.(sandboxConnectors) ?? {})) connectors.register("live", connector);
    // The operators' real connectors (configured in the database) replace those stand-ins.
    const liveConnectors = new LiveConnectors({
      db: database.db,
      clock,
      ids,
      jobs,
      inbox,
      registry: connectors,
      secrets,
      kits: options.connectorKits ?? DEFAULT_CONNECTOR_KITS,
      allowPrivate: config.connectorAllowPrivate,
      pollEverySec: config.connectorPollEverySec,
      trackEverySec: config.connectorTrackEverySec,
      warn: (details, message) => log?.warn(details, message),
      // Late-bound: the order and after-sales services are built below.
      purchases: {
        owners: (platform, key) => (platform === "taobao" ? services.commerce : services.alibaba).purchaseOwners(key),
        openCases: (platform, developerId, upstreamOrderId) => (platform === "taobao" ? services.taobaoAftersales : services.alibabaAftersales).openCases(developerId, upstreamOrderId),
      },
      isSandbox: (developerId) => isSandbox(developerId),
    });
    cleanups.push(await liveConnectors.start());
    // Details, categories and sellers are cached behind the port (real connectors are slow and
    // metered); the sandbox answers from memory anyway, so its cache is short. One catalogue per mode:
    // a live developer's goods never come from the sandbox.
    const catalogOf = (mode: Mode) => {
      const port = connectors.goods(mode);
      return new CatalogService({
        goods: config.goodsCacheSeconds > 0 ? new CachedGoods(port, { ttlMs: config.goodsCacheSeconds * 1000 }) : port,
        fetchImage: createImageFetcher({ goods, publicUrl: config.publicUrl }),
      });
    };
    const catalog = catalogOf("sandbox");
    const liveCatalog = catalogOf("live");
    const catalogs = { of: (sandbox: boolean) => (sandbox ? catalog : liveCatalog) };
    // The wallet opens a developer's account (and a sandbox developer's test money) in the
    // transaction that creates the developer; older developers get theirs on first use.
    const wallet = new WalletService({
      db: database.db,
      clock,
      ids,
      sandboxOpeningBalanceFen: config.sandboxOpeningBalanceFen,
      developers: (db, id) =>
        services.identity.getDeveloper(id, db).catch((err: unknown) => {
          if (err instanceof ApiError && err.code === Code.NOT_FOUND) return undefined;
          throw err;
        }),
    });
    const orders = new OrdersService({ db: database.db, prepared: database.prepared, clock, ids, outbox, unpaidTimeoutMs: config.taobaoUnpaidTimeoutMs });
    // A developer's mode, for work that has no signed request to read it from (jobs, operators, services).
    const isSandbox = async (developerId: string, db?: Db) => (await services.identity.getDeveloper(developerId, db)).sandbox;
    const cart = new CartService({ db: database.db, clock, catalogs, isSandbox });
    const alibabaCart = new AlibabaCartService({ db: database.db, clock, catalogs, isSandbox });
    const idempotency = new Idempotency(database.db);
    const pictures = new ImageStore({ db: database.db, ids, clock, publicUrl: config.publicUrl, maxBytes: config.aftersalesPictureMaxBytes, allowPrivate: config.aftersalesPictureAllowPrivate });
    const aftersalesDeps: AftersalesDeps = {
      db: database.db,
      clock,
      ids,
      clocks,
      jobs,
      inbox,
      outbox,
      wallet,
      connectors,
      isSandbox,
      pictures,
      reconcileAfterMs: config.purchaseReconcileAfterMs,
      taobaoUnpaidTimeoutMs: config.taobaoUnpaidTimeoutMs,
      taobaoDistributorId: config.taobaoDistributorId,
      taobaoSalesMarket: config.taobaoSalesMarket,
    };
    const services: Services = {
      jobs,
      inbox,
      connectors,
      liveConnectors,
      identity: new IdentityService({
        db: database.db,
        clock,
        ids,
        secrets,
        onDeveloperCreated: async (trx, developer) => {
          await wallet.openAccount(trx, { developerId: developer.developId, sandbox: developer.sandbox });
          if (developer.sandbox) await clocks.open(trx, developer.developId);
        },
      }),
      clocks,
      seller,
      goods,
      catalog,
      catalogs,
      addresses: new AddressService(database.db, clock),
      orders,
      commerce: new TaobaoCommerce({
        db: database.db,
        clock,
        ids,
        clocks,
        jobs,
        inbox,
        outbox,
        orders,
        wallet,
        catalogs,
        cart,
        connectors,
        isSandbox,
        idempotency,
        financeAutoConfirm: config.taobaoFinanceAutoConfirm,
        unpaidTimeoutMs: config.taobaoUnpaidTimeoutMs,
        reconcileAfterMs: config.purchaseReconcileAfterMs,
      }),
      alibaba: new AlibabaCommerce({
        db: database.db,
        clock,
        ids,
        clocks,
        jobs,
        inbox,
        outbox,
        wallet,
        catalogs,
        cart: alibabaCart,
        connectors,
        isSandbox,
        idempotency,
        payMode: config.alibabaPayMode,
        unpaidTimeoutMs: config.alibabaUnpaidTimeoutMs,
        autoReceiptMs: config.alibabaAutoReceiptMs,
        settleDelayMs: config.alibabaSettleDelayMs,
        reconcileAfterMs: config.purchaseReconcileAfterMs,
        publicUrl: config.publicUrl,
      }),
      cart,
      alibabaCart,
      outbox,
      wallet,
      taobaoAftersales: new TaobaoAftersales(aftersalesDeps),
      alibabaAftersales: new AlibabaAftersales(aftersalesDeps),
      pictures,
      shipping: new ShippingService({
        db: database.db,
        clock,
        clocks,
        catalogs,
        goodsDefaults: { unitWeightG: config.shippingDefaultUnitWeightG, unitSizeMm: config.shippingDefaultUnitSizeMm },
      }),
      warehouse: new Warehouse({
        db: database.db,
        clock,
        ids,
        clocks,
        jobs,
        inbox,
        outbox,
        wallet,
        pictures,
        isSandbox,
        sandboxGoods: {
          product: async (platform, id) => {
            const product = await goods.product(platform, id, "zh");
            return product && { weightKg: product.weightKg, picture: await goods.image(platform, `${product.id}/0.png`) };
          },
        },
        settings: {
          storage: { freeDays: config.warehouseFreeStorageDays, feeFenPerDay: config.warehouseStorageFeeFen, limitDays: config.warehouseStorageLimitDays },
          heldDays: config.warehouseHeldDays,
          sandboxArrivalMs: config.sandboxWarehouseArrivalMs,
          sandboxQcMs: config.sandboxWarehouseQcMs,
          photoMaxBytes: config.aftersalesPictureMaxBytes,
          sandboxSeed: config.sandboxSeed,
        },
      }),
      // Built below, on the shipping and warehouse services.
      get parcels(): Parcels {
        return parcels;
      },
      callbacks: new CallbackService({
        db: database.db,
        database,
        clock,
        ids,
        secrets,
        identity: { getDeveloper: (id, db) => services.identity.getDeveloper(id, db), currentSecret: (id, db) => services.identity.currentSecret(id, db), signers: (ids, db) => services.identity.signers(ids, db) },
        // Sandbox retries are jobs on the developer's test clock.
        clocks: { on: (kind, handler) => jobs.on(kind, handler), schedule: (trx, job) => jobs.schedule(trx, job), now: (id, db) => clocks.now(id, db), nowOf: (ids, db) => clocks.nowOf(ids, db) },
        outbox,
        settings: {
          timeoutMs: config.callbackTimeoutMs,
          connectTimeoutMs: config.callbackConnectTimeoutMs,
          retryDelayMs: config.callbackRetryDelaySeconds * 1000,
          retryScheduleMs: config.callbackRetryScheduleMs,
          maxAttempts: config.callbackMaxAttempts,
          allowPrivate: config.callbackAllowPrivate,
          leaseMs: config.callbackLeaseSeconds * 1000,
          pollMs: config.callbackPollMs,
          concurrency: config.callbackConcurrency,
        },
      }),
    };
    const parcels = new Parcels({
      db: database.db,
      clock,
      ids,
      clocks,
      jobs,
      outbox,
      wallet,
      shipping: services.shipping,
      warehouse: services.warehouse,
      isSandbox,
      // The logistics callbacks share the warehouse's opt-in family (off by default).
      optedIn: (trx, developerId) => callbackExtensionOn(trx, developerId, "warehouse"),
      supplementRetryMs: config.parcelSupplementRetryMs,
    });
    // Sandbox triggers accept a Taobao order id for its purchases.
    // A platform order id stands for its upstream purchases: a Taobao order's (one per shop) or a 1688 order's.
    const resolvePurchases = async (developerId: string, orderId: string, userId?: string) => {
      const taobao = (await services.commerce.purchasesOf(developerId, orderId, userId)).map((id) => ({ platform: "taobao" as const, orderId: id }));
      if (taobao.length > 0) return taobao;
      const alibaba = await services.alibaba.purchaseOf(developerId, orderId, userId);
      return alibaba ? [{ platform: "alibaba" as const, orderId: alibaba }] : [];
    };
    // A sandbox reset also empties the user's cart.
    clocks.onUserReset(async (trx, developerId, userId) => {
      await services.cart.forgetUser(trx, { developerId, userId });
      await services.alibabaCart.forgetUser(trx, { developerId, userId });
    });
    if (database.kind === "postgres" && config.databaseUrl) {
      cleanups.push(await listenForIdentityChanges(config.databaseUrl, services.identity));
    }
    // Shipping: a reset user's renders go; line writes on any node reach every node's copy; a new installation gets sample lines.
    clocks.onUserReset((trx, developerId, userId) => services.shipping.forgetUser(trx, developerId, userId));
    cleanups.push(await services.shipping.follow((channel, onNotify) => database.listen(channel, onNotify)));
    if (config.shippingSeed) await services.shipping.seedSampleLines();

    const metrics = new Metrics();
    const app = createHttpServer({
      logLevel: config.logLevel,
      bodyLimitBytes: config.bodyLimitBytes,
      metrics,
      ...(options.logStream ? { logStream: options.logStream } : {}),
    });
    log = app.log;
    // The job runner runs on every node: timeouts, retries and reconciliations of live developers
    // in real time, and (with SANDBOX_TICK_MS > 0) sandbox developers' jobs as their test clocks move.
    jobs.start();
    cleanups.push(() => jobs.stop());
    await liveConnectors.ensureAllPolling();


    // Callback delivery: woken by post-commit notifications from any node, polling as a fallback.
    cleanups.push(
      await services.callbacks.start({ dispatch: config.callbackDispatcher, onError: (err) => app.log.warn({ err }, "callback dispatcher") }),
    );

    await app.register(swagger, { openapi: OPENAPI_INFO });
    await app.register(swaggerUi, {
      routePrefix: "/docs",
      // Served from the installed swagger-ui-dist files; nothing is fetched from a CDN.
      uiConfig: { docExpansion: "list", deepLinking: true },
      staticCSP: true,
    });

    // Operations.
    app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
    app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
      const ready = await databaseReachable(database.db);
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "database unreachable" });
    });
    app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
      return reply.type(metrics.registry.contentType).send(await metrics.render());
    });
    app.get("/openapi.json", { schema: { hide: true } }, async () => openApiDocument(app));

    // The signed PandaPon surface.
    // Operators sign in to the console with named accounts, developers with their access key and
    // secret; a developer's session also opens the signed routes (the console uses the same API).
    const consoleLifetimeMs = config.consoleSessionHours * 3_600_000;
    const consoleAuth = new ConsoleAuth({
      db: database.db,
      clock,
      ids,
      rateLimiter,
      idleMs: config.consoleIdleMinutes * 60_000,
      lifetimeMs: consoleLifetimeMs,
      developers: consoleDevelopers(services.identity),
    });
    const auth = createAuthHooks({
      identity: services.identity,
      nonces,
      rateLimiter,
      clock,
      requireNonce: config.requireNonce,
      timestampWindowSeconds: config.timestampWindowSeconds,
      defaultRateLimit: { perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst },
      sessionAuth: developerSessionAuth(consoleAuth),
    });
    // The modules, each as the plugins of its routes: signed ones go behind the auth hooks, operator
    // ones behind the operator token, public ones (sandbox pages and images) behind nothing.
    // Operators sign in to the console with named accounts; the bearer token keeps working for scripts.

    // Each developer's recent signed calls: buffered in memory, written in batches off the request path.
    const requestLog = new RequestLog({ db: database.db, clock, ids, days: config.requestLogDays, warn: (details, message) => app.log.warn(details, message) });
    cleanups.push(await requestLog.start());
    const modules: ModulePlugins[] = [
      identityModule({ identity: services.identity, rateLimiter }),
      requestLogModule({ log: requestLog, days: config.requestLogDays, developerExists: (id) => services.identity.getDeveloper(id) }),
      logisticsModule({ addresses: services.addresses }),
      ordersModule({ orders: services.orders, commerce: services.commerce, alibaba: services.alibaba, console: new OrdersConsole({ db: database.db, clock }) }),
      cartModule({ cart: services.cart, alibabaCart: services.alibabaCart }),
      catalogModule({ catalogs: services.catalogs, goods: services.goods, publicUrl: config.publicUrl }),
      sandboxModule({
        clocks: services.clocks,
        seller: services.seller,
        resolvePurchases,
        developerExists: (id) => services.identity.getDeveloper(id),
        scenarios: scenarioWords(),
        userOf: async (developerId, userId) => {
          const user = await services.identity.getUser(userId);
          if (user.developId !== developerId) throw notFound(`user ${userId} of developer ${developerId}`);
        },
      }),
      walletModule({ wallet: services.wallet, developerExists: (id) => services.identity.getDeveloper(id) }),
      { operator: async (admin) => registerJobAdminRoutes(admin, services.jobs) },
      callbacksModule({ callbacks: services.callbacks }),
      aftersalesModule({ taobao: services.taobaoAftersales, alibaba: services.alibabaAftersales, pictures: services.pictures }),
      shippingModule({ shipping: services.shipping }),
      warehouseModule({ warehouse: services.warehouse }),
      parcelsModule({ parcels: services.parcels }),
      connectorsModule({ connectors: services.liveConnectors }),
      consoleModule({ console: consoleAuth, secureCookie: config.publicUrl.startsWith("https:"), lifetimeMs: consoleLifetimeMs }),
    ];
    await app.register(async (signed: App) => {
      signed.addHook("onRequest", auth.onRequest);
      signed.addHook("preValidation", auth.preValidation);
      if (requestLog.enabled) signed.addHook("onResponse", requestLog.onResponse);
      for (const module of modules) if (module.signed) await signed.register(module.signed);
    });
    for (const module of modules) if (module.public) await app.register(module.public);
    await app.register(async (operator: App) => {
      operator.addHook("onRequest", operatorGate(operatorToken, consoleAuth));
      for (const module of modules) if (module.operator) await operator.register(module.operator);
    });

    return {
      app,
      config,
      database,
      services,
      clock,
      operatorToken,
      async close() {
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
        await database.close();
      },
    };
  } catch (err) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}

/** The console's view of developers, read from identity. */
function consoleDevelopers(identity: IdentityService): DeveloperDirectory {
  const byId = async (developId: string) => {
    const developer = await identity.getDeveloper(developId).catch(() => undefined);
    if (!developer) return undefined;
    const [key, users] = await Promise.all([identity.showKey(developId, false), identity.listUsers(developId)]);
    return {
      developId,
      name: developer.name,
      sandbox: developer.sandbox,
      accessKey: key.accessKey,
      enabled: developer.status === "ENABLED",
      keyRotatedAt: Date.parse(key.rotatedAt),
      users: users.map((u) => ({ userId: u.userId, userName: u.userName, enabled: u.status === "ENABLED" })),
    };
  };
  return {
    byId,
    async byKey(accessKey, accessSecret) {
      const record = await identity.findKeyRecord(accessKey, "");
      if (!record || !constantTimeEqual(identity.secretOf(record), accessSecret)) return undefined;
      return byId(record.developerId);
    },
  };
}

/** The scenario words of the sandbox sellers (orders) and of the sandbox warehouse (parcels), for GET /sandbox/scenarios. */
function scenarioWords(): ScenarioWord[] {
  const both: Marketplace[] = ["taobao", "alibaba"];
  return [
    ...SCENARIOS.map((s) => ({ word: s.word, on: "order" as const, scope: s.scope, platforms: [...s.platforms], effect: { ...s.effect } })),
    ...PARCEL_SCENARIOS.map((s) => ({ word: s.word, on: "parcel" as const, scope: "the parcel", platforms: both, effect: Object.fromEntries(both.map((p) => [p, s.effect])) })),
  ];
}
