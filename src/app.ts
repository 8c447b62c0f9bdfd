// Builds the platform from its modules: storage, shared state, services, and the HTTP surface.
import pg from "pg";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "./config.ts";
import { systemClock, type Clock } from "./platform/clock.ts";
import { constantTimeEqual, loadMasterKey, randomHex, readOrCreateSecretFile, SecretBox } from "./platform/crypto.ts";
import { databaseReachable, openDatabase, type DatabaseHandle } from "./platform/db/index.ts";
import { migrate } from "./platform/db/migrate.ts";
import { ApiError, Code, notFound } from "./platform/http/errors.ts";
import { createHttpServer, sendError, type App } from "./platform/http/server.ts";
import { IdGenerator } from "./platform/ids.ts";
import { Metrics } from "./platform/metrics.ts";
import { Outbox } from "./platform/outbox.ts";
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from "./platform/ratelimit.ts";
import { connectRedis, type Redis } from "./platform/redis.ts";
import { createAuthHooks, DatabaseNonceStore, IDENTITY_CHANNEL, IdentityService, RedisNonceStore, registerIdentityAdminRoutes, type NonceStore } from "./modules/identity/index.ts";
import { AddressService, registerAddressRoutes } from "./modules/logistics/index.ts";
import { OrdersService, registerCommerceAdminRoutes, registerCommerceRoutes, registerOrderRoutes, TaobaoCommerce } from "./modules/orders/index.ts";
import { Idempotency } from "./platform/idempotency.ts";
import { registerWalletAdminRoutes, WalletService } from "./modules/wallet/index.ts";
import { CartService, registerCartRoutes } from "./modules/cart/index.ts";
import { openApiDocument, OPENAPI_INFO } from "./platform/http/openapi.ts";
import { createSandboxGoods, type SandboxGoods } from "./marketplace/sandbox/index.ts";
import { CachedGoods } from "./marketplace/cached-goods.ts";
import { registerSandboxAdminRoutes, registerSandboxImPage, registerSandboxRoutes, SandboxClocks } from "./modules/sandbox/index.ts";
import { SandboxSeller } from "./marketplace/sandbox/seller/seller.ts";
import { CallbackService, registerCallbackAdminRoutes, registerCallbackRoutes } from "./modules/callbacks/index.ts";
import { CatalogService, createImageFetcher, registerAlibabaGoodsRoutes, registerSandboxImageRoute, registerTaobaoGoodsRoutes } from "./modules/catalog/index.ts";

export interface Services {
  identity: IdentityService;
  clocks: SandboxClocks;
  /** The purchase side of the marketplace (sandbox sellers). */
  seller: SandboxSeller;
  goods: SandboxGoods;
  catalog: CatalogService;
  addresses: AddressService;
  orders: OrdersService;
  /** The Taobao buying flow (create, pay, cancel, seller events). */
  commerce: TaobaoCommerce;
  cart: CartService;
  outbox: Outbox;
  wallet: WalletService;
  callbacks: CallbackService;
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
    // Details, categories and sellers are cached behind the port (real connectors are slow and
    // metered); the sandbox answers from memory anyway, so its cache is short.
    const catalog = new CatalogService({
      goods: config.goodsCacheSeconds > 0 ? new CachedGoods(goods, { ttlMs: config.goodsCacheSeconds * 1000 }) : goods,
      fetchImage: createImageFetcher({ goods, publicUrl: config.publicUrl }),
    });
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
    const clocks = new SandboxClocks(database.db, clock, ids);
    const seller = new SandboxSeller({ db: database.db, clocks, goods, seed: config.sandboxSeed, timings: config.sandboxTimings, publicUrl: config.publicUrl });
    const orders = new OrdersService({ db: database.db, prepared: database.prepared, clock, ids, outbox });
    const cart = new CartService({ db: database.db, clock, catalog });
    const services: Services = {
      identity: new IdentityService({
        db: database.db,
        clock,
        ids,
        secrets,
        onDeveloperCreated: (trx, developer) => wallet.openAccount(trx, { developerId: developer.developId, sandbox: developer.sandbox }),
      }),
      clocks,
      seller,
      goods,
      catalog,
      addresses: new AddressService(database.db, clock),
      orders,
      commerce: new TaobaoCommerce({
        db: database.db,
        clock,
        ids,
        clocks,
        outbox,
        orders,
        wallet,
        catalog,
        cart,
        purchase: seller,
        idempotency: new Idempotency(database.db),
        financeAutoConfirm: config.taobaoFinanceAutoConfirm,
      }),
      cart,
      outbox,
      wallet,
      callbacks: new CallbackService({
        db: database.db,
        database,
        clock,
        ids,
        secrets,
        identity: { getDeveloper: (id, db) => services.identity.getDeveloper(id, db), currentSecret: (id, db) => services.identity.currentSecret(id, db), signers: (ids, db) => services.identity.signers(ids, db) },
        clocks,
        outbox,
        settings: {
          timeoutMs: config.callbackTimeoutMs,
          connectTimeoutMs: config.callbackConnectTimeoutMs,
          retryDelayMs: config.callbackRetryDelaySeconds * 1000,
          maxAttempts: config.callbackMaxAttempts,
          allowPrivate: config.callbackAllowPrivate,
          leaseMs: config.callbackLeaseSeconds * 1000,
          pollMs: config.callbackPollMs,
          concurrency: config.callbackConcurrency,
        },
      }),
    };
    // Sandbox triggers accept a Taobao order id for its purchases.
    const resolvePurchases = async (developerId: string, orderId: string) =>
      (await services.commerce.purchasesOf(developerId, orderId)).map((id) => ({ platform: "taobao" as const, orderId: id }));
    // A sandbox reset also empties the user's cart.
    clocks.onUserReset((trx, developerId, userId) => services.cart.forgetUser(trx, { developerId, userId }));
    if (database.kind === "postgres" && config.databaseUrl) {
      cleanups.push(await listenForIdentityChanges(config.databaseUrl, services.identity));
    }

    // Sandbox time moves on its own too: run whatever falls due, on every node (SKIP LOCKED shares the work).
    // Orders finance-confirmed but not yet paid upstream (an outage, a crash) are retried.
    {
      const sweep = setInterval(() => void services.commerce.retryUpstreamPayments().catch(() => {}), 30_000);
      sweep.unref();
      cleanups.push(async () => clearInterval(sweep));
    }
    if (config.sandboxTickMs > 0) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        services.clocks
          .runAllDue()
          .catch(() => {})
          .finally(() => (running = false));
      }, config.sandboxTickMs);
      timer.unref();
      cleanups.push(async () => clearInterval(timer));
    }

    const metrics = new Metrics();
    const app = createHttpServer({
      logLevel: config.logLevel,
      bodyLimitBytes: config.bodyLimitBytes,
      metrics,
      ...(options.logStream ? { logStream: options.logStream } : {}),
    });

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
    const auth = createAuthHooks({
      identity: services.identity,
      nonces,
      rateLimiter,
      clock,
      requireNonce: config.requireNonce,
      timestampWindowSeconds: config.timestampWindowSeconds,
      defaultRateLimit: { perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst },
    });
    await app.register(async (v2) => {
      v2.addHook("onRequest", auth.onRequest);
      v2.addHook("preValidation", auth.preValidation);
      registerAddressRoutes(v2 as App, services.addresses);
      registerOrderRoutes(v2 as App, services.orders);
      registerCommerceRoutes(v2 as App, services.commerce);
      registerCartRoutes(v2 as App, services.cart);
      registerTaobaoGoodsRoutes(v2 as App, services.catalog);
      registerAlibabaGoodsRoutes(v2 as App, services.catalog, config.publicUrl);
      registerSandboxRoutes(v2 as App, services.clocks, services.seller, resolvePurchases);
      registerCallbackRoutes(v2 as App, services.callbacks);
    });
    registerSandboxImageRoute(app, services.goods);
    registerSandboxImPage(app);

    // The operator surface.
    await app.register(async (admin) => {
      admin.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
        const header = request.headers.authorization ?? "";
        const token = header.startsWith("Bearer ") ? header.slice(7) : "";
        if (!token || !constantTimeEqual(token, operatorToken)) {
          sendError(request, reply, new ApiError(Code.UNKNOWN_ACCESS_KEY, "operator token required (Authorization: Bearer …)"));
          return reply;
        }
      });
      registerIdentityAdminRoutes(admin as App, services.identity);
      registerCommerceAdminRoutes(admin as App, services.commerce);
      registerSandboxAdminRoutes(
        admin as App,
        services.clocks,
        services.seller,
        resolvePurchases,
        (id) => services.identity.getDeveloper(id),
        async (developerId, userId) => {
          const user = await services.identity.getUser(userId);
          if (user.developId !== developerId) throw notFound(`user ${userId} of developer ${developerId}`);
        },
      );
      registerWalletAdminRoutes(admin as App, services.wallet, (id) => services.identity.getDeveloper(id));
      registerCallbackAdminRoutes(admin as App, services.callbacks);
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
