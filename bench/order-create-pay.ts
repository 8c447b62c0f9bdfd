// Benchmark: Taobao orders created and paid per second on PostgreSQL, with concurrent clients,
// against pgbench (TPC-B) on the same database server at the same concurrency, in the same run.
//
//   node bench/order-create-pay.ts      (or: npm run bench:order-create-pay)
//
// The measured unit, "an order created and paid", is three signed HTTP requests of one client, in
// sequence, each checked for code 200:
//   1. POST /v2/taobao/order            the order is bought from the sandbox seller (lines BULIDING)
//   2. POST /sandbox/clock/advance      the client's own test clock moves past the seller's build
//                                       time (2 min + 20 s per further line): the seller prices the
//                                       lines (WAIT_BUYER_PAY) inside the advance
//   3. POST /v2/taobao/order/pay        ledger debit, finance confirmation (auto), upstream payment:
//                                       the order must answer status 10
// Every client is its own sandbox developer with its own user, so the clients never share a clock,
// a wallet row, a purchase counter or a per-user order counter row: the concurrency is real. An
// order is counted when its pay answers status 10; orders/s = counted orders / measured seconds.
//
// Environment:
//   DATABASE_URL          PostgreSQL (default postgres://postgres@127.0.0.1:5432/test); the platform
//                         gets a fresh schema and pgbench another one (search_path), both dropped at
//                         the end
//   BENCH_DURATION        measured seconds, for the platform and for pgbench (default 15)
//   BENCH_WARMUP          warm-up seconds before each, not measured (default 3)
//   BENCH_CONNECTIONS     concurrent clients: platform clients (one developer each) and pgbench -c
//                         (default 16)
//   BENCH_LINES           lines per order, each from another shop (default 1)
//   BENCH_PGBENCH         the pgbench binary (default /usr/bin/pgbench)
//   BENCH_PGBENCH_SCALE   pgbench -i -s (default: BENCH_CONNECTIONS, so TPC-B's branch rows are not
//                         the bottleneck)
//   BENCH_PGBENCH_JOBS    pgbench -j (default 2)
//   BENCH_POOL            the platform's database pool size (default: the platform's default)
//   BENCH_PROFILE         1 to print the platform's SQL statements per order (by text) and what its
//                         backends were doing (pg_stat_activity sampled every 20 ms)
//   BENCH_CPU_PROFILE     a file: the platform process's V8 CPU profile of the measured window
//   BENCH_FLOOR           0 to skip the floor run (default 1): after the measured run, the same clients
//                         make units of three signed GETs of their own order (auth, one indexed read,
//                         the stored view). Its units/s ÷ pgbench tps is the ceiling of the ratio for
//                         any three-request flow on this HTTP stack and machine
//   BENCH_ANALYZE         0 to skip the VACUUM (ANALYZE) of both schemas after setup (default 1; the
//                         CI server runs with autovacuum off)
//
// Layout. The platform runs in this process; the load generator (autocannon: one instance of one
// connection per client, so each connection keeps its own credentials and its order id from create
// to pay) runs in a child process (this file with --loadgen), so signing and parsing never run on the
// platform's event loop. The platform is closed before pgbench runs: each side has the machine's
// cores to itself. pgbench's own connections go over the same loopback to the same server.
// The sandbox seller's shipping is moved out to 30 days (SANDBOX_TIMINGS ship) so the 2-minute
// advances of a run never reach it: shipping is not part of "created and paid".
// Database round trips are counted in-process (pg.Client#query) over the measured window and
// reported per order, with the server's transaction count (pg_stat_database) per order.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { announceMachineAndDatabase, busyShare, cpuDelta, intEnv, machineTicks, percentile, postgresCpuSeconds, processCpuSeconds, runBench, signedHeaders, writeResults } from "./lib.ts";

const THIS_FILE = fileURLToPath(import.meta.url);
const CREATE_PATH = "/v2/taobao/order";
const ADVANCE_PATH = "/sandbox/clock/advance";
const PAY_PATH = "/v2/taobao/order/pay";
const DETAIL_PATH = "/v2/taobao/order/detail/get";
const KINDS = ["create", "advance", "pay"] as const;
type Kind = (typeof KINDS)[number];

const RECEIVERS = [
  { name: "openpon 仓库", mobile_phone: "13800000000", country: "中国", state: "广东省", city: "广州市", district: "白云区", address: "太和镇 openpon 集运仓 1 号", zip: "510000" },
  { name: "张伟", mobile_phone: "13912345678", country: "中国", state: "浙江省", city: "杭州市", district: "余杭区", address: "仓前街道良睦路 1288 号 3 幢 502 室", zip: "311121" },
  { name: "李娜", mobile_phone: "15898765432", country: "中国", state: "上海", city: "上海市", district: "浦东新区", address: "航头镇航都路 18 号 7 幢 1101 室", zip: "201316" },
];

// ---------------------------------------------------------------------------------------------------
// Shared.

interface Client {
  accessKey: string;
  accessSecret: string;
  userId: string;
  developerId: string;
}

interface LineChoice {
  itemId: string;
  skuId: string;
  price: number;
}


/** The create body of the client's n-th order: `lines` lines from the catalogue, rotating. */
function createBody(catalogue: readonly LineChoice[], lines: number, client: number, n: number): string {
  const orderLineList = Array.from({ length: lines }, (_, k) => {
    const choice = catalogue[(client * 7 + n * lines + k) % catalogue.length]!;
    return { itemId: choice.itemId, skuId: choice.skuId, quantity: 1, price: choice.price, orderLineNo: String(k + 1) };
  });
  return JSON.stringify({
    orderLineList,
    receiver: RECEIVERS[(client + n) % RECEIVERS.length],
    orderSource: "bench",
    sellerOrderNumber: `B${client}-${n}-${randomBytes(4).toString("hex")}`,
  });
}

const advanceDuration = (lines: number) => `${120 + 20 * (lines - 1)}s`;

// ---------------------------------------------------------------------------------------------------
// Load generator (child process).

interface LoadgenTask {
  /** "order": the measured unit; "floor": three signed reads of an existing order per unit. */
  mode: "order" | "floor";
  /** floor: each client's order to read (created by the verification pass). */
  floorOrderIds: string[];
  url: string;
  clients: Client[];
  catalogue: LineChoice[];
  lines: number;
  warmupSeconds: number;
  durationSeconds: number;
}

interface KindStats {
  ok: number;
  bad: number;
  latenciesMs: number[];
}

interface LoadgenReport {
  /** Orders whose pay answered status 10 in the measured window. */
  orders: number;
  perKind: Record<Kind, { ok: number; bad: number; p50: number; p99: number; mean: number; max: number }>;
  /** Full create → advance → pay cycles: p50/p99 of the three latencies summed. */
  cycle: { p50: number; p99: number; mean: number };
  errors: number;
  timeouts: number;
  badSamples: string[];
  seconds: number;
}

interface AutocannonResult {
  errors: number;
  timeouts: number;
  duration: number;
  [key: string]: unknown;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;


async function runLoadgen(): Promise<void> {
  const task = JSON.parse(process.env["BENCH_LOADGEN_TASK"] ?? "") as LoadgenTask;
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  let stats: Record<Kind, KindStats>;
  let cycles: number[];
  let orders: number;
  let badSamples: string[];
  const reset = () => {
    stats = { create: { ok: 0, bad: 0, latenciesMs: [] }, advance: { ok: 0, bad: 0, latenciesMs: [] }, pay: { ok: 0, bad: 0, latenciesMs: [] } };
    cycles = [];
    orders = 0;
    badSamples = [];
  };
  reset();
  const counters = task.clients.map(() => 0);
  const bad = (kind: Kind, status: number, body: string) => {
    stats[kind].bad++;
    if (badSamples.length < 8) badSamples.push(`${kind}: HTTP ${status} ${body.slice(0, 300)}`);
  };

  // Per-connection state lives in autocannon's context: it is reset at the start of every cycle.
  interface Context {
    sentAt?: number;
    orderId?: string;
    spent?: number;
  }
  const instance = (i: number, seconds: number) => {
    const client = task.clients[i]!;
    return autocannon({
      url: task.url,
      connections: 1,
      duration: seconds,
      timeout: 30,
      requests: [
        {
          method: "POST",
          path: CREATE_PATH,
          setupRequest(req: Record<string, unknown>, context: Context) {
            req["headers"] = signedHeaders(client);
            req["body"] = createBody(task.catalogue, task.lines, i, counters[i]!++);
            context.sentAt = performance.now();
            return req;
          },
          onResponse(status: number, body: string, context: Context) {
            const ms = performance.now() - context.sentAt!;
            const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: { id: string; subOrderVOS: Array<{ status: string }> } | null }) : undefined;
            if (parsed?.code === 200 && parsed.data && parsed.data.subOrderVOS.length === task.lines && parsed.data.subOrderVOS.every((l) => l.status === "BULIDING")) {
              stats.create.ok++;
              stats.create.latenciesMs.push(ms);
              context.orderId = parsed.data.id;
              context.spent = ms;
            } else bad("create", status, body);
          },
        },
        {
          method: "POST",
          path: ADVANCE_PATH,
          setupRequest(req: Record<string, unknown>, context: Context) {
            if (!context.orderId) return null; // the create failed: start a new cycle
            req["headers"] = signedHeaders(client);
            req["body"] = JSON.stringify({ duration: advanceDuration(task.lines) });
            context.sentAt = performance.now();
            return req;
          },
          onResponse(status: number, body: string, context: Context) {
            const ms = performance.now() - context.sentAt!;
            const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: { ran: number; failed: number } | null }) : undefined;
            // Each line's build runs (possibly more: a previous cycle's leftovers), and none fails.
            if (parsed?.code === 200 && parsed.data && parsed.data.ran >= task.lines && parsed.data.failed === 0) {
              stats.advance.ok++;
              stats.advance.latenciesMs.push(ms);
              context.spent! += ms;
            } else {
              bad("advance", status, body);
              context.orderId = undefined;
            }
          },
        },
        {
          method: "POST",
          path: PAY_PATH,
          setupRequest(req: Record<string, unknown>, context: Context) {
            if (!context.orderId) return null;
            req["headers"] = signedHeaders(client);
            req["body"] = JSON.stringify({ orderIds: [context.orderId] });
            context.sentAt = performance.now();
            return req;
          },
          onResponse(status: number, body: string, context: Context) {
            const ms = performance.now() - context.sentAt!;
            const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: { totalAmount: number; orders: Array<{ id: string; status: number }> } | null }) : undefined;
            const order = parsed?.data?.orders[0];
            if (parsed?.code === 200 && order !== undefined && order.id === context.orderId && order.status === 10 && parsed.data!.totalAmount > 0) {
              stats.pay.ok++;
              stats.pay.latenciesMs.push(ms);
              cycles.push(context.spent! + ms);
              orders++;
            } else bad("pay", status, body);
          },
        },
      ],
    });
  };
  // The floor: the same clients and connections, each unit three signed GETs of the client's own
  // order (authentication, one indexed read, the stored view as the answer). No implementation of
  // create + pay on this HTTP stack and machine can do better than three requests of this kind.
  const floorInstance = (i: number, seconds: number) => {
    const client = task.clients[i]!;
    const path = `${DETAIL_PATH}?orderId=${task.floorOrderIds[i]}`;
    const step = (kind: Kind) => ({
      method: "GET",
      path,
      setupRequest(req: Record<string, unknown>, context: Context) {
        if (kind !== "create" && !context.orderId) return null;
        req["headers"] = signedHeaders(client);
        context.sentAt = performance.now();
        return req;
      },
      onResponse(status: number, body: string, context: Context) {
        const ms = performance.now() - context.sentAt!;
        const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: { id: string } | null }) : undefined;
        if (parsed?.code !== 200 || parsed.data?.id !== task.floorOrderIds[i]) {
          bad(kind, status, body);
          context.orderId = undefined;
          return;
        }
        stats[kind].ok++;
        stats[kind].latenciesMs.push(ms);
        context.orderId = task.floorOrderIds[i];
        context.spent = kind === "create" ? ms : context.spent! + ms;
        if (kind === "pay") {
          cycles.push(context.spent);
          orders++;
        }
      },
    });
    return autocannon({ url: task.url, connections: 1, duration: seconds, timeout: 30, requests: KINDS.map(step) });
  };
  const runAll = (seconds: number) => Promise.all(task.clients.map((_, i) => (task.mode === "floor" ? floorInstance(i, seconds) : instance(i, seconds))));

  process.send!({ phase: "warmup" });
  await runAll(task.warmupSeconds);
  reset();
  process.send!({ phase: "measure" });
  const started = performance.now();
  const results = await runAll(task.durationSeconds);
  const seconds = (performance.now() - started) / 1000;
  const summary = (s: KindStats) => {
    const sorted = [...s.latenciesMs].sort((a, b) => a - b);
    return {
      ok: s.ok,
      bad: s.bad,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
      max: sorted.at(-1) ?? NaN,
    };
  };
  const sortedCycles = [...cycles!].sort((a, b) => a - b);
  const report: LoadgenReport = {
    orders: orders!,
    perKind: { create: summary(stats!.create), advance: summary(stats!.advance), pay: summary(stats!.pay) },
    cycle: { p50: percentile(sortedCycles, 50), p99: percentile(sortedCycles, 99), mean: sortedCycles.reduce((a, b) => a + b, 0) / Math.max(1, sortedCycles.length) },
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    badSamples: badSamples!,
    // Every instance runs `durationSeconds`; the window is the requested one (instances start together).
    seconds: Math.max(task.durationSeconds, Math.min(seconds, task.durationSeconds + 1)),
  };
  process.send!({ phase: "done", report });
  process.disconnect();
}

// ---------------------------------------------------------------------------------------------------
// Main.


interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  latencyStddevMs: number | null;
  transactions: number;
  failed: number;
  machineBusy: number | null;
  postgresCpuSeconds: number | null;
  output: string;
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

async function main(): Promise<void> {
  const durationSeconds = intEnv("BENCH_DURATION", 15);
  const warmupSeconds = intEnv("BENCH_WARMUP", 3);
  const connections = intEnv("BENCH_CONNECTIONS", 16);
  const lines = intEnv("BENCH_LINES", 1);
  const pgbenchBin = process.env["BENCH_PGBENCH"] || "/usr/bin/pgbench";
  const pgbenchScale = intEnv("BENCH_PGBENCH_SCALE", connections);
  const pgbenchJobs = intEnv("BENCH_PGBENCH_JOBS", 2);
  const analyze = process.env["BENCH_ANALYZE"] !== "0";
  const { loadBefore, databaseUrl } = announceMachineAndDatabase();
  if (!fs.existsSync(pgbenchBin)) throw new Error(`pgbench not found at ${pgbenchBin} (BENCH_PGBENCH)`);

  // Imported only now: the helpers read DATABASE_URL when they load, and the child never needs them.
  const { testConfig, dropSchema } = await import("../test/helpers/server.ts");
  const { buildPlatform } = await import("../src/app.ts");
  const { DEFAULT_TIMINGS } = await import("../src/marketplace/sandbox/seller/scenarios.ts");
  const { default: pg } = await import("pg");

  const config = testConfig({
    logLevel: "silent",
    bootstrapSandbox: false,
    rateLimitPerSecond: 1_000_000,
    rateLimitBurst: 1_000_000,
    sandboxTimings: { ...DEFAULT_TIMINGS, ship: 30 * 86_400_000 },
    ...(process.env["BENCH_POOL"] ? { databasePoolSize: intEnv("BENCH_POOL", 20) } : {}),
  });
  const pgbenchSchema = `pgb_${randomBytes(6).toString("hex")}`;
  console.log(
    `schema ${config.databaseSchema} (pgbench: ${pgbenchSchema}), pool ${config.databasePoolSize}, ${connections} clients, ${lines} line(s) per order, ${warmupSeconds} s warm-up + ${durationSeconds} s each`,
  );

  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error("cleanup step failed:", err);
      }
    }
  };
  cleanups.push(() => admin.end());
  cleanups.push(async () => fs.rmSync(config.dataDir, { recursive: true, force: true }));
  cleanups.push(() => dropSchema(config.databaseSchema));
  cleanups.push(async () => void (await admin.query(`drop schema if exists ${pgbenchSchema} cascade`)));
  try {
    const serverVersion = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
    const settings = (await admin.query<{ name: string; setting: string }>("select name, setting from pg_settings where name in ('autovacuum', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections')")).rows;
    console.log(`PostgreSQL ${serverVersion}: ${settings.map((s) => `${s.name}=${s.setting}`).join(", ")}`);

    const platform = await buildPlatform(config);
    let platformOpen = true;
    const closePlatform = async () => {
      if (!platformOpen) return;
      platformOpen = false;
      await platform.app.close();
      await platform.close();
    };
    cleanups.push(closePlatform);
    await platform.app.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(platform.app.server.address() as { port: number }).port}`;

    // One sandbox developer with one user per client, through the operator API; a top-up so the
    // balance never runs out.
    const clients: Client[] = [];
    for (let i = 0; i < connections; i++) {
      const response = await fetch(`${url}/admin/developers`, {
        method: "POST",
        headers: { authorization: `Bearer ${platform.operatorToken}`, "content-type": "application/json" },
        body: JSON.stringify({ name: `bench developer ${i}`, userName: `bench-user-${i}` }),
      });
      const envelope = (await response.json()) as {
        code: number;
        msg: string;
        data: { developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } };
      };
      if (envelope.code !== 200) throw new Error(`POST /admin/developers: ${envelope.code} ${envelope.msg}`);
      const { developer, credentials, user } = envelope.data;
      await platform.services.wallet.topUp({ developerId: developer.developId, amountFen: 10_000_000_000, actor: "bench", memo: "bench money" });
      clients.push({ accessKey: credentials.accessKey, accessSecret: credentials.accessSecret, userId: user.userId, developerId: developer.developId });
    }

    // The catalogue: active products with an active SKU in stock, from distinct shops.
    const catalogue: LineChoice[] = [];
    const shops = new Set<number>();
    for (let i = 0; catalogue.length < 64 && i < 5000; i++) {
      const product = platform.services.goods.productAt("taobao", i, "zh");
      if (!product.active || shops.has(product.seller.shopId)) continue;
      const sku = product.skus.find((s) => s.active && s.stock >= 10);
      if (product.skus.length > 0 && !sku) continue;
      if (product.skus.length === 0 && product.stock < 10) continue;
      shops.add(product.seller.shopId);
      catalogue.push({ itemId: product.mpId, skuId: sku?.mpSkuId ?? "", price: sku ? (sku.promotionPriceFen ?? sku.priceFen) : (product.promotionPriceFen ?? product.priceFen) });
    }
    if (catalogue.length < lines) throw new Error(`only ${catalogue.length} buyable products found`);
    console.log(`${connections} developers (one user each), ${catalogue.length} buyable products from distinct shops`);

    // Round trips: every query of the platform's pool goes through pg.Client#query.
    let queries = 0;
    const profile = process.env["BENCH_PROFILE"] === "1";
    const statements = new Map<string, number>();
    const originalQuery = pg.Client.prototype.query;
    const uncounted = new Set<unknown>([admin]); // the bench's own clients
    const ports = new Set<number>(); // local ports of the platform's connections (to find its backends)
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      if (uncounted.has(this)) return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
      queries++;
      const port = (this as { connection?: { stream?: { localPort?: number } } }).connection?.stream?.localPort;
      if (port !== undefined) ports.add(port);
      if (profile) {
        const first = args[0] as string | { text?: string } | undefined;
        const text = (typeof first === "string" ? first : (first?.text ?? "?")).replace(/\s+/g, " ").slice(0, 160);
        statements.set(text, (statements.get(text) ?? 0) + 1);
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof originalQuery;
    cleanups.push(async () => void (pg.Client.prototype.query = originalQuery));

    // Verification pass: one full cycle per client, through fetch, checking every answer.
    const call = async <T>(client: Client, p: string, body: string): Promise<T> => {
      const response = await fetch(url + p, { method: "POST", headers: signedHeaders(client), body });
      const envelope = (await response.json()) as { code: number; msg: string; data: T };
      if (response.status !== 200 || envelope.code !== 200) throw new Error(`${p}: HTTP ${response.status} code ${envelope.code} ${envelope.msg}`);
      return envelope.data;
    };
    // Round trips of each request of a cycle, measured on the first client's cycle alone (the
    // background loops of the node may add one or two).
    const alone: Record<string, number> = {};
    const floorOrderIds: string[] = [];
    const verifyCycle = async (i: number) => {
      const client = clients[i]!;
      let mark = queries;
      const step = (name: string) => {
        if (i === 1) alone[name] = queries - mark;
        mark = queries;
      };
      const created = await call<{ id: string; subOrderVOS: Array<{ status: string }> }>(client, CREATE_PATH, createBody(catalogue, lines, i, 1_000_000));
      if (created.subOrderVOS.some((l) => l.status !== "BULIDING")) throw new Error("a new order's lines are not BULIDING");
      step("create");
      const early = await fetch(url + PAY_PATH, { method: "POST", headers: signedHeaders(client), body: JSON.stringify({ orderIds: [created.id] }) });
      if (((await early.json()) as { code: number }).code !== 40901) throw new Error("paying before the build was not refused with 40901");
      step("early pay (40901)");
      const advanced = await call<{ ran: number; failed: number }>(client, ADVANCE_PATH, JSON.stringify({ duration: advanceDuration(lines) }));
      if (advanced.ran < lines || advanced.failed !== 0) throw new Error(`advance ran ${advanced.ran}, failed ${advanced.failed}`);
      step("advance");
      const paid = await call<{ totalAmount: number; orders: Array<{ id: string; status: number }> }>(client, PAY_PATH, JSON.stringify({ orderIds: [created.id] }));
      if (paid.orders[0]?.status !== 10 || paid.totalAmount <= 0) throw new Error(`pay answered ${JSON.stringify(paid)}`);
      floorOrderIds[i] = created.id;
      step("pay");
    };
    for (let i = 0; i < clients.length; i++) await verifyCycle(i);
    console.log(`verification: ${clients.length} cycles create → 40901 before build → advance → pay (status 10) ok`);
    console.log(`round trips of one cycle alone (second client): ${Object.entries(alone).map(([k, v]) => `${k} ${v}`).join(", ")}`);

    const vacuum = async (schema: string) => {
      const tables = (await admin.query<{ tablename: string }>("select tablename from pg_tables where schemaname = $1", [schema])).rows.map((r) => `${schema}.${r.tablename}`);
      if (tables.length > 0) await admin.query(`vacuum (analyze) ${tables.join(", ")}`);
    };
    if (analyze) {
      const t = performance.now();
      await vacuum(config.databaseSchema);
      console.log(`vacuum (analyze) of the platform schema: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }

    const xacts = async () =>
      Number((await admin.query<{ n: string }>("select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()")).rows[0]!.n);

    // BENCH_PROFILE: what the platform's backends do, sampled from pg_stat_activity.
    const waits = new Map<string, number>();
    let waitSamples = 0;
    let sampling = false;
    const sampler = new pg.Client({ connectionString: databaseUrl });
    uncounted.add(sampler);
    if (profile) await sampler.connect();
    cleanups.push(() => (profile ? sampler.end() : Promise.resolve()));
    const sampleLoop = async () => {
      while (sampling) {
        const rows = (
          await sampler.query<{ s: string }>(
            `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'CPU (running)') else state end as s
               from pg_stat_activity where client_port = any($1::int[])`,
            [[...ports]],
          )
        ).rows;
        waitSamples++;
        for (const row of rows) waits.set(row.s, (waits.get(row.s) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    // Optional V8 CPU profile of the platform process over the measured window.
    const cpuProfileFile = process.env["BENCH_CPU_PROFILE"];
    const inspector = cpuProfileFile ? new (await import("node:inspector/promises")).Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post("Profiler.enable");
    }

    // The platform run.
    console.log(`platform: ${connections} clients × (POST ${CREATE_PATH} → POST ${ADVANCE_PATH} ${advanceDuration(lines)} → POST ${PAY_PATH})`);
    const task: LoadgenTask = { mode: "order", floorOrderIds, url, clients, catalogue, lines, warmupSeconds, durationSeconds };
    const measure = (task: LoadgenTask, withProfiles: boolean) => new Promise<{ report: LoadgenReport; serverCpuCores: number; machineBusy: number | null; postgresCpuSeconds: number | null; loadgenCpuCores: number | null; serverCpuSeconds: number; queries: number; xacts: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [THIS_FILE, "--loadgen"], {
        env: { ...process.env, BENCH_LOADGEN_TASK: JSON.stringify(task) },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      let cpuStart = process.cpuUsage();
      let wallStart = performance.now();
      let ticksStart = machineTicks();
      let pgCpuStart = postgresCpuSeconds();
      let loadgenCpuStart = processCpuSeconds(child.pid);
      let queriesStart = 0;
      let xactsStart: Promise<number> = Promise.resolve(0);
      let settled = false;
      child.on("message", (message: { phase: string; report?: LoadgenReport }) => {
        if (message.phase === "warmup") process.stdout.write(`  warm-up ${warmupSeconds} s…`);
        if (message.phase === "measure") {
          process.stdout.write(` measuring ${durationSeconds} s…`);
          cpuStart = process.cpuUsage();
          wallStart = performance.now();
          ticksStart = machineTicks();
          pgCpuStart = postgresCpuSeconds();
          loadgenCpuStart = processCpuSeconds(child.pid);
          queriesStart = queries;
          if (withProfiles) statements.clear();
          if (inspector && withProfiles) void inspector.post("Profiler.start");
          if (profile && withProfiles) {
            sampling = true;
            void sampleLoop();
          }
          xactsStart = xacts();
        }
        if (message.phase === "done" && message.report) {
          const cpu = process.cpuUsage(cpuStart);
          const wallMs = performance.now() - wallStart;
          const ticksEnd = machineTicks();
          const pgCpu = cpuDelta(pgCpuStart, postgresCpuSeconds());
          const loadgenCpu = cpuDelta(loadgenCpuStart, processCpuSeconds(child.pid));
          const queriesDone = queries - queriesStart;
          sampling = false;
          settled = true;
          process.stdout.write(" done\n");
          Promise.all([xactsStart, xacts()]).then(([a, b]) => {
            resolve({
              report: message.report!,
              serverCpuCores: (cpu.user + cpu.system) / 1000 / wallMs,
              machineBusy: busyShare(ticksStart, ticksEnd),
              postgresCpuSeconds: pgCpu,
              loadgenCpuCores: loadgenCpu === null ? null : (loadgenCpu * 1000) / wallMs,
              serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
              queries: queriesDone,
              xacts: b - a,
            });
          }, reject);
        }
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        if (!settled) reject(new Error(`load generator exited with ${code} before reporting`));
      });
    });
    const run = await measure(task, true);
    if (inspector && cpuProfileFile) {
      const { profile: cpuProfile } = await inspector.post("Profiler.stop");
      fs.writeFileSync(cpuProfileFile, JSON.stringify(cpuProfile));
      inspector.disconnect();
      console.log(`CPU profile of the measured window written to ${cpuProfileFile}`);
    }

    // The floor, same clients and connections: three signed reads per unit (BENCH_FLOOR=0 skips it).
    let floor: Awaited<ReturnType<typeof measure>> | undefined;
    if (process.env["BENCH_FLOOR"] !== "0") {
      console.log(`floor: ${connections} clients × (GET ${DETAIL_PATH} ×3, the client's own order)`);
      floor = await measure({ ...task, mode: "floor" }, false);
    }
    pg.Client.prototype.query = originalQuery;

    // After: the ledger and the read model are sound, and every paid order is at status 10.
    const ledger = await platform.services.wallet.checkInvariants();
    const readModel: string[] = [];
    for (const client of clients) readModel.push(...(await platform.services.orders.verifyReadModel(client.developerId)));
    const paidRows = Number(
      (await admin.query<{ n: string }>(`select count(*) as n from ${config.databaseSchema}.taobao_orders where status = 10`)).rows[0]!.n,
    );
    console.log(`after: ledger ${ledger.length === 0 ? "sound" : `${ledger.length} problems`}, read model ${readModel.length === 0 ? "sound" : `${readModel.length} problems`}, ${paidRows} orders at status 10`);
    await closePlatform();

    // pgbench, in its own schema of the same database, at the same concurrency.
    const pgEnv = { ...process.env, PGOPTIONS: `-c search_path=${pgbenchSchema}` };
    await admin.query(`create schema ${pgbenchSchema}`);
    const url0 = new URL(databaseUrl);
    const connArgs = ["-h", url0.hostname, "-p", url0.port || "5432", "-U", decodeURIComponent(url0.username || "postgres"), url0.pathname.slice(1) || "postgres"];
    process.stdout.write(`pgbench: -i -s ${pgbenchScale}…`);
    const t0 = performance.now();
    const init = await runCommand(pgbenchBin, ["-i", "-s", String(pgbenchScale), "-q", "-I", "dtGvp", ...connArgs], pgEnv);
    if (init.code !== 0) throw new Error(`pgbench -i failed:\n${init.out}`);
    process.stdout.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (analyze) await vacuum(pgbenchSchema);
    const runArgs = (seconds: number) => ["-c", String(connections), "-j", String(pgbenchJobs), "-T", String(seconds), "-M", "prepared", "-n", ...connArgs];
    process.stdout.write(`; warm-up ${warmupSeconds} s…`);
    await runCommand(pgbenchBin, runArgs(warmupSeconds), pgEnv);
    process.stdout.write(` measuring ${durationSeconds} s…`);
    const ticksA = machineTicks();
    const pgCpuA = postgresCpuSeconds();
    const measured = await runCommand(pgbenchBin, runArgs(durationSeconds), pgEnv);
    const ticksB = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, 300)); // pgbench's backends exit and are reaped
    const pgCpuB = postgresCpuSeconds();
    process.stdout.write(" done\n");
    if (measured.code !== 0) throw new Error(`pgbench failed:\n${measured.out}`);
    const num = (re: RegExp) => {
      const m = re.exec(measured.out);
      return m ? Number(m[1]) : NaN;
    };
    const pgbench: PgbenchResult = {
      tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
      latencyAvgMs: num(/latency average = ([\d.]+) ms/),
      latencyStddevMs: Number.isNaN(num(/latency stddev = ([\d.]+) ms/)) ? null : num(/latency stddev = ([\d.]+) ms/),
      transactions: num(/number of transactions actually processed: (\d+)/),
      failed: Number.isNaN(num(/number of failed transactions: (\d+)/)) ? 0 : num(/number of failed transactions: (\d+)/),
      machineBusy: busyShare(ticksA, ticksB),
      postgresCpuSeconds: cpuDelta(pgCpuA, pgCpuB),
      output: measured.out,
    };
    if (!(pgbench.tps > 0)) throw new Error(`could not read pgbench's tps:\n${measured.out}`);

    // Report.
    const r = run.report;
    const ordersPerSecond = r.orders / r.seconds;
    const ratio = ordersPerSecond / pgbench.tps;
    const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(0)}%`);
    const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
    console.log("");
    console.log(`order create + pay benchmark: ${connections} clients (one developer each), ${lines} line(s) per order, ${durationSeconds} s measured`);
    console.log(`request           ok   bad  p50(ms)  p99(ms)  mean(ms)`);
    for (const kind of KINDS) {
      const k = r.perKind[kind];
      console.log(`${kind.padEnd(14)} ${String(k.ok).padStart(5)} ${String(k.bad).padStart(5)} ${f(k.p50).padStart(8)} ${f(k.p99).padStart(8)} ${f(k.mean).padStart(9)}`);
    }
    console.log(`${"order (all 3)".padEnd(14)} ${String(r.orders).padStart(5)} ${"".padStart(5)} ${f(r.cycle.p50).padStart(8)} ${f(r.cycle.p99).padStart(8)} ${f(r.cycle.mean).padStart(9)}`);
    console.log("");
    console.log(`target                       per s   latency     machine`);
    console.log(`platform orders created+paid ${f(ordersPerSecond).padStart(7)}   ${`${f(r.cycle.mean)} ms/order`.padEnd(12)} ${pct(run.machineBusy).padStart(6)}   (cores: platform process ${run.serverCpuCores.toFixed(2)}, postgres ${run.postgresCpuSeconds === null ? "n/a" : (run.postgresCpuSeconds / r.seconds).toFixed(2)}, load generator ${run.loadgenCpuCores === null ? "n/a" : run.loadgenCpuCores.toFixed(2)})`);
    console.log(`pgbench TPC-B tps            ${f(pgbench.tps).padStart(7)}   ${`${f(pgbench.latencyAvgMs, 2)} ms/txn`.padEnd(12)} ${pct(pgbench.machineBusy).padStart(6)}   (-s ${pgbenchScale} -c ${connections} -j ${pgbenchJobs} -M prepared; postgres ${pgbench.postgresCpuSeconds === null ? "n/a" : (pgbench.postgresCpuSeconds / durationSeconds).toFixed(2)} cores)`);
    console.log(`ratio orders/s ÷ pgbench tps: ${ratio.toFixed(3)} (target >= 0.25: ${ratio >= 0.25 ? "met" : "NOT met"})`);
    const floorPerSecond = floor ? floor.report.orders / floor.report.seconds : null;
    if (floor && floorPerSecond !== null) {
      console.log(`floor (3 signed order reads per unit) ${f(floorPerSecond).padStart(7)} units/s, ${f(floor.report.cycle.mean)} ms/unit, ${f((floor.serverCpuSeconds * 1000) / Math.max(1, floor.report.orders), 2)} ms platform CPU/unit, ${f(floor.queries / Math.max(1, floor.report.orders))} round trips/unit, machine ${pct(floor.machineBusy)} (load generator ${floor.loadgenCpuCores === null ? "n/a" : floor.loadgenCpuCores.toFixed(2)} cores)`);
      console.log(`  ceiling ratio floor ÷ pgbench: ${(floorPerSecond / pgbench.tps).toFixed(3)}; orders/s ÷ floor: ${(ordersPerSecond / floorPerSecond).toFixed(3)}`);
    }
    console.log(`database per order: ${f(run.queries / Math.max(1, r.orders))} round trips (pg queries incl. BEGIN/COMMIT), ${f(run.xacts / Math.max(1, r.orders))} server transactions`);
    const perUnit = (sec: number | null, n: number) => (sec === null ? "n/a" : `${((sec * 1000) / Math.max(1, n)).toFixed(2)} ms`);
    console.log(
      `CPU per unit: order = platform process ${perUnit(run.serverCpuSeconds, r.orders)} + postgres ${perUnit(run.postgresCpuSeconds, r.orders)}; pgbench txn = postgres ${perUnit(pgbench.postgresCpuSeconds, pgbench.transactions)}`,
    );
    if (profile) {
      console.log("statements per order (BENCH_PROFILE=1):");
      for (const [text, n] of [...statements].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / Math.max(1, r.orders)).toFixed(2).padStart(6)}  ${text}`);
      console.log(`the platform's ${ports.size} connections (pool ${config.databasePoolSize}), average over ${waitSamples} samples of pg_stat_activity:`);
      for (const [state, n] of [...waits].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / Math.max(1, waitSamples)).toFixed(2).padStart(6)}  ${state}`);
    }
    if (r.errors || r.timeouts) console.log(`connection errors ${r.errors}, timeouts ${r.timeouts}`);
    for (const sample of r.badSamples) console.log(`  bad response: ${sample}`);

    const report = {
      benchmark: "order-create-pay",
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        postgres: serverVersion,
        postgresSettings: Object.fromEntries(settings.map((s) => [s.name, s.setting])),
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg(),
      },
      settings: {
        database: databaseUrl.replace(/\/\/[^@/]*@/, "//…@"),
        schema: config.databaseSchema,
        pgbenchSchema,
        poolSize: config.databasePoolSize,
        connections,
        linesPerOrder: lines,
        advance: advanceDuration(lines),
        warmupSeconds,
        durationSeconds,
        vacuumAnalyze: analyze,
        pgbench: { scale: pgbenchScale, jobs: pgbenchJobs, mode: "prepared", script: "tpcb-like" },
        layout: "platform in this process; autocannon (one instance of one connection per client) in a child process; platform closed before pgbench",
      },
      platform: {
        ordersPerSecond,
        orders: r.orders,
        seconds: r.seconds,
        requests: r.perKind,
        order: r.cycle,
        serverCpuCores: run.serverCpuCores,
        loadgenCpuCores: run.loadgenCpuCores,
        machineBusy: run.machineBusy,
        cpuMsPerOrder: { platformProcess: (run.serverCpuSeconds * 1000) / Math.max(1, r.orders), postgres: run.postgresCpuSeconds === null ? null : (run.postgresCpuSeconds * 1000) / Math.max(1, r.orders) },
        roundTripsPerOrder: run.queries / Math.max(1, r.orders),
        serverTransactionsPerOrder: run.xacts / Math.max(1, r.orders),
        errors: r.errors,
        timeouts: r.timeouts,
        badSamples: r.badSamples,
      },
      pgbench: { ...pgbench, output: undefined, raw: pgbench.output.split("\n").filter((l) => /=|:/.test(l)) },
      ratio,
      targetMet: ratio >= 0.25,
      floor: floor && floorPerSecond !== null
        ? { unitsPerSecond: floorPerSecond, ceilingRatio: floorPerSecond / pgbench.tps, unit: floor.report.cycle, requests: floor.report.perKind, cpuMsPerUnit: (floor.serverCpuSeconds * 1000) / Math.max(1, floor.report.orders), roundTripsPerUnit: floor.queries / Math.max(1, floor.report.orders), bad: KINDS.reduce((sum, k) => sum + floor!.report.perKind[k].bad, 0) }
        : null,
      roundTripsAlone: alone,
      checks: { ledger, readModel: readModel.slice(0, 10), paidRows },
    };
    writeResults("order-create-pay", report);

    const bad = KINDS.reduce((sum, k) => sum + r.perKind[k].bad, 0) + r.errors + ledger.length + readModel.length;
    if (bad > 0) throw new Error(`${bad} failed requests or consistency problems (see above)`);
    if (r.orders === 0) throw new Error("no order was created and paid");
  } finally {
    await cleanup();
  }
}

runBench(main, runLoadgen);
