// Benchmark: 1688 batch creates across 5 sellers, then paid, per second on PostgreSQL with concurrent
// signed clients, against the floor of bench/order-create-pay (units of three signed reads of a Taobao
// order) measured by the same clients in the same run.
//
//   node bench/alibaba-batch-create.ts      (or: npm run bench:alibaba-batch-create)
//
// The measured unit, "a batch", is two signed HTTP requests of one client, in sequence, each checked:
//   1. POST /v2/alibaba/order/batch/create       5 sellers × 2 lines (two products of each seller):
//                                                record, 5 upstream creates, attach; it must answer
//                                                5 orders in waitbuyerpay
//   2. POST /v2/alibaba/order/batch/submit/to/pay those 5 orders: one balance debit, then the 5
//                                                upstream payments; all 5 must be paid
// A batch is counted when its pay answers the 5 ids paid; batches/s = counted batches / measured s.
// Every client is its own sandbox developer with its own user (topped up), as in order-create-pay.
// The floor: the same clients make units of three signed GETs of their own Taobao order (created and
// paid by the verification pass, as order-create-pay's floor reads), exactly as order-create-pay
// measures it. Target: batches/s ÷ floor units/s >= 0.05.
//
// Environment (as bench/order-create-pay.ts where the names are shared):
//   DATABASE_URL          PostgreSQL (default postgres://postgres@127.0.0.1:5432/test); fresh schema,
//                         dropped at the end
//   BENCH_DURATION        measured seconds of each run (default 15)
//   BENCH_WARMUP          warm-up seconds before each (default 3)
//   BENCH_CONNECTIONS     concurrent clients, one developer each (default 16)
//   BENCH_SELLERS         sellers per batch (default 5); BENCH_LINES_PER_SELLER (default 2)
//   BENCH_POOL            the platform's database pool size (default: the platform's default)
//   BENCH_PROFILE         1: SQL statements per batch (by text), what the platform's backends were
//                         doing (pg_stat_activity every 20 ms), and every statement of one batch
//                         create and one pay alone, in order
//   BENCH_CPU_PROFILE     a file: the platform process's V8 CPU profile of the measured window
//   BENCH_FLOOR           0 to skip the floor run (default 1)
//   BENCH_ANALYZE         0 to skip the VACUUM (ANALYZE) after setup (default 1)
//
// Layout as order-create-pay: the platform in this process, autocannon (one instance of one
// connection per client) in a child process (this file with --loadgen). Round trips are counted
// in-process (pg.Client#query) over the measured window.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { ADDRESS_PARAM } from "../test/helpers/alibaba.ts";
import { announceMachineAndDatabase, busyShare, cpuDelta, intEnv, machineTicks, percentile, postgresCpuSeconds, processCpuSeconds, runBench, signedHeaders, writeResults } from "./lib.ts";

const THIS_FILE = fileURLToPath(import.meta.url);
const BATCH_PATH = "/v2/alibaba/order/batch/create";
const PAY_PATH = "/v2/alibaba/order/batch/submit/to/pay";
const TB_CREATE_PATH = "/v2/taobao/order";
const TB_ADVANCE_PATH = "/sandbox/clock/advance";
const TB_PAY_PATH = "/v2/taobao/order/pay";
const TB_DETAIL_PATH = "/v2/taobao/order/detail/get";
const BATCH_KINDS = ["create", "pay"] as const;
const FLOOR_KINDS = ["read1", "read2", "read3"] as const;
type Kind = (typeof BATCH_KINDS)[number] | (typeof FLOOR_KINDS)[number];

interface Client {
  accessKey: string;
  accessSecret: string;
  userId: string;
  developerId: string;
}

interface Cargo {
  offerMapId: string;
  specId?: string;
  quantity: number;
  sellerOpenId: string;
}

/** The batch body of the client's n-th batch: `sellers` consecutive sellers of the pool, rotating. */
function batchBody(pool: readonly Cargo[][], sellers: number, client: number, n: number): string {
  const first = (client * 3 + n * sellers) % pool.length;
  const cargoParamList = Array.from({ length: sellers }, (_, k) => pool[(first + k) % pool.length]!).flat();
  return JSON.stringify({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList });
}

// ---------------------------------------------------------------------------------------------------
// Load generator (child process).

interface LoadgenTask {
  mode: "batch" | "floor";
  floorOrderIds: string[];
  url: string;
  clients: Client[];
  pool: Cargo[][];
  sellers: number;
  warmupSeconds: number;
  durationSeconds: number;
}

interface KindStats {
  ok: number;
  bad: number;
  latenciesMs: number[];
}

interface KindSummary {
  ok: number;
  bad: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

interface LoadgenReport {
  units: number;
  perKind: Partial<Record<Kind, KindSummary>>;
  unit: { p50: number; p99: number; mean: number };
  errors: number;
  timeouts: number;
  badSamples: string[];
  seconds: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<{ errors: number; timeouts: number }>;

async function runLoadgen(): Promise<void> {
  const task = JSON.parse(process.env["BENCH_LOADGEN_TASK"] ?? "") as LoadgenTask;
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const kinds: readonly Kind[] = task.mode === "batch" ? BATCH_KINDS : FLOOR_KINDS;
  let stats = new Map<Kind, KindStats>();
  let units = 0;
  let unitMs: number[] = [];
  let badSamples: string[] = [];
  const reset = () => {
    stats = new Map(kinds.map((k) => [k, { ok: 0, bad: 0, latenciesMs: [] }]));
    units = 0;
    unitMs = [];
    badSamples = [];
  };
  reset();
  const counters = task.clients.map(() => 0);
  const good = (kind: Kind, ms: number) => {
    const s = stats.get(kind)!;
    s.ok++;
    s.latenciesMs.push(ms);
  };
  const bad = (kind: Kind, status: number, body: string) => {
    stats.get(kind)!.bad++;
    if (badSamples.length < 8) badSamples.push(`${kind}: HTTP ${status} ${body.slice(0, 300)}`);
  };

  interface Context {
    sentAt?: number;
    orderIds?: string[];
    spent?: number;
  }
  const batchInstance = (i: number, seconds: number) => {
    const client = task.clients[i]!;
    return autocannon({
      url: task.url,
      connections: 1,
      duration: seconds,
      timeout: 30,
      requests: [
        {
          method: "POST",
          path: BATCH_PATH,
          setupRequest(req: Record<string, unknown>, context: Context) {
            req["headers"] = signedHeaders(client);
            req["body"] = batchBody(task.pool, task.sellers, i, counters[i]!++);
            context.orderIds = undefined;
            context.sentAt = performance.now();
            return req;
          },
          onResponse(status: number, body: string, context: Context) {
            const ms = performance.now() - context.sentAt!;
            const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: Array<{ baseInfo: { id: string; status: string; totalAmount: number } }> | null }) : undefined;
            const orders = parsed?.data;
            if (parsed?.code === 200 && orders && orders.length === task.sellers && orders.every((o) => o.baseInfo.status === "waitbuyerpay" && o.baseInfo.totalAmount > 0)) {
              good("create", ms);
              context.orderIds = orders.map((o) => o.baseInfo.id);
              context.spent = ms;
            } else bad("create", status, body);
          },
        },
        {
          method: "POST",
          path: PAY_PATH,
          setupRequest(req: Record<string, unknown>, context: Context) {
            if (!context.orderIds) return null; // the create failed: start a new batch
            req["headers"] = signedHeaders(client);
            req["body"] = JSON.stringify({ orderIds: context.orderIds });
            context.sentAt = performance.now();
            return req;
          },
          onResponse(status: number, body: string, context: Context) {
            const ms = performance.now() - context.sentAt!;
            const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: { paidOrderIds: string[]; cantPayOrderList: string[]; payAmount: number } | null }) : undefined;
            const d = parsed?.data;
            if (parsed?.code === 200 && d && d.paidOrderIds.length === task.sellers && d.cantPayOrderList.length === 0 && d.payAmount > 0) {
              good("pay", ms);
              unitMs.push(context.spent! + ms);
              units++;
            } else bad("pay", status, body);
          },
        },
      ],
    });
  };
  // The floor of order-create-pay: three signed GETs of the client's own Taobao order per unit.
  const floorInstance = (i: number, seconds: number) => {
    const client = task.clients[i]!;
    const path = `${TB_DETAIL_PATH}?orderId=${task.floorOrderIds[i]}`;
    const step = (kind: Kind, k: number) => ({
      method: "GET",
      path,
      setupRequest(req: Record<string, unknown>, context: Context) {
        if (k > 0 && !context.orderIds) return null;
        req["headers"] = signedHeaders(client);
        context.sentAt = performance.now();
        return req;
      },
      onResponse(status: number, body: string, context: Context) {
        const ms = performance.now() - context.sentAt!;
        const parsed = status === 200 ? (JSON.parse(body) as { code: number; data: { id: string } | null }) : undefined;
        if (parsed?.code !== 200 || parsed.data?.id !== task.floorOrderIds[i]) {
          bad(kind, status, body);
          context.orderIds = undefined;
          return;
        }
        good(kind, ms);
        context.orderIds = [task.floorOrderIds[i]!];
        context.spent = k === 0 ? ms : context.spent! + ms;
        if (k === FLOOR_KINDS.length - 1) {
          unitMs.push(context.spent);
          units++;
        }
      },
    });
    return autocannon({ url: task.url, connections: 1, duration: seconds, timeout: 30, requests: FLOOR_KINDS.map(step) });
  };
  const runAll = (seconds: number) => Promise.all(task.clients.map((_, i) => (task.mode === "floor" ? floorInstance(i, seconds) : batchInstance(i, seconds))));

  process.send!({ phase: "warmup" });
  await runAll(task.warmupSeconds);
  reset();
  process.send!({ phase: "measure" });
  const started = performance.now();
  const results = await runAll(task.durationSeconds);
  const seconds = (performance.now() - started) / 1000;
  const summary = (s: KindStats): KindSummary => {
    const sorted = [...s.latenciesMs].sort((a, b) => a - b);
    return { ok: s.ok, bad: s.bad, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length), max: sorted.at(-1) ?? NaN };
  };
  const sortedUnits = [...unitMs].sort((a, b) => a - b);
  const report: LoadgenReport = {
    units,
    perKind: Object.fromEntries(kinds.map((k) => [k, summary(stats.get(k)!)])),
    unit: { p50: percentile(sortedUnits, 50), p99: percentile(sortedUnits, 99), mean: sortedUnits.reduce((a, b) => a + b, 0) / Math.max(1, sortedUnits.length) },
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    badSamples,
    seconds: Math.max(task.durationSeconds, Math.min(seconds, task.durationSeconds + 1)),
  };
  process.send!({ phase: "done", report });
  process.disconnect();
}

// ---------------------------------------------------------------------------------------------------
// Main.

async function main(): Promise<void> {
  const durationSeconds = intEnv("BENCH_DURATION", 15);
  const warmupSeconds = intEnv("BENCH_WARMUP", 3);
  const connections = intEnv("BENCH_CONNECTIONS", 16);
  const sellers = intEnv("BENCH_SELLERS", 5);
  const linesPerSeller = intEnv("BENCH_LINES_PER_SELLER", 2);
  const analyze = process.env["BENCH_ANALYZE"] !== "0";
  const profile = process.env["BENCH_PROFILE"] === "1";
  const { loadBefore, databaseUrl } = announceMachineAndDatabase();

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
  console.log(`schema ${config.databaseSchema}, pool ${config.databasePoolSize}, ${connections} clients, ${sellers} sellers × ${linesPerSeller} lines per batch, ${warmupSeconds} s warm-up + ${durationSeconds} s each`);

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

    // One sandbox developer with one user per client; a top-up so the balance never runs out (the
    // opening balance, SANDBOX_OPENING_BALANCE_FEN, is 1,000,000 yuan; a batch costs thousands).
    const clients: Client[] = [];
    for (let i = 0; i < connections; i++) {
      const response = await fetch(`${url}/admin/developers`, {
        method: "POST",
        headers: { authorization: `Bearer ${platform.operatorToken}`, "content-type": "application/json" },
        body: JSON.stringify({ name: `bench developer ${i}`, userName: `bench-user-${i}` }),
      });
      const envelope = (await response.json()) as { code: number; msg: string; data: { developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } } };
      if (envelope.code !== 200) throw new Error(`POST /admin/developers: ${envelope.code} ${envelope.msg}`);
      const { developer, credentials, user } = envelope.data;
      await platform.services.wallet.topUp({ developerId: developer.developId, amountFen: 100_000_000_000, actor: "bench", memo: "bench money" });
      clients.push({ accessKey: credentials.accessKey, accessSecret: credentials.accessSecret, userId: user.userId, developerId: developer.developId });
    }

    // The 1688 pool: sellers with two buyable products each (published, an active SKU whose stock
    // covers the quantity; the sandbox seller checks the static stock and never decrements it, so
    // stock >= quantity holds for the whole run), quantity = max(1, minQuantity).
    const goods = platform.services.goods;
    const bySeller = new Map<string, Cargo[]>();
    const pool: Cargo[][] = [];
    const poolSize = Math.max(sellers * 4, 20);
    for (let i = 0; pool.length < poolSize && i < 20_000; i++) {
      const p = goods.productAt("alibaba", i, "zh");
      if (!p.active) continue;
      const quantity = Math.max(1, p.minQuantity);
      const sku = p.skus.find((s) => s.active && s.stock >= quantity * 5);
      if (p.skus.length > 0 && !sku) continue;
      if (p.skus.length === 0 && p.stock < quantity * 5) continue;
      const lines = bySeller.get(p.seller.sellerOpenId) ?? [];
      if (lines.length >= linesPerSeller) continue;
      // At most one line per seller with postage: the platform charges a seller order the largest
      // line postage, the sandbox seller expects their sum, and refuses a payment that differs
      // (AMOUNT_MISMATCH, refunded at once): the bench measures the path where both agree.
      if (lines.length > 0 && !(sku && (sku.postFeeFen ?? 0) === 0)) continue;
      lines.push({ offerMapId: p.id, ...(sku ? { specId: sku.mpSkuId } : {}), quantity, sellerOpenId: p.seller.sellerOpenId });
      bySeller.set(p.seller.sellerOpenId, lines);
      if (lines.length === linesPerSeller) pool.push(lines);
    }
    if (pool.length < sellers) throw new Error(`only ${pool.length} sellers with ${linesPerSeller} buyable products found`);

    // The Taobao order each client's floor reads (as order-create-pay: a created and paid order).
    let tbChoice: { itemId: string; skuId: string; price: number } | undefined;
    for (let i = 0; !tbChoice && i < 5000; i++) {
      const product = goods.productAt("taobao", i, "zh");
      if (!product.active) continue;
      const sku = product.skus.find((s) => s.active && s.stock >= 10);
      if (product.skus.length > 0 && !sku) continue;
      if (product.skus.length === 0 && product.stock < 10) continue;
      tbChoice = { itemId: product.mpId, skuId: sku?.mpSkuId ?? "", price: sku ? (sku.promotionPriceFen ?? sku.priceFen) : (product.promotionPriceFen ?? product.priceFen) };
    }
    if (!tbChoice) throw new Error("no buyable Taobao product found");
    console.log(`${connections} developers (one user each), a pool of ${pool.length} sellers × ${linesPerSeller} products`);

    // Round trips: every query of the platform's pool goes through pg.Client#query.
    let queries = 0;
    const statements = new Map<string, number>();
    let trace: string[] | undefined;
    let collecting = false; // statements are counted by text over the measured batch window only
    const originalQuery = pg.Client.prototype.query;
    const uncounted = new Set<unknown>([admin]);
    const ports = new Set<number>();
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      if (uncounted.has(this)) return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
      queries++;
      const port = (this as { connection?: { stream?: { localPort?: number } } }).connection?.stream?.localPort;
      if (port !== undefined) ports.add(port);
      if (profile || trace) {
        const first = args[0] as string | { text?: string } | undefined;
        const text = (typeof first === "string" ? first : (first?.text ?? "?")).replace(/\s+/g, " ").slice(0, 160);
        if (profile && collecting) statements.set(text, (statements.get(text) ?? 0) + 1);
        trace?.push(text);
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof originalQuery;
    cleanups.push(async () => void (pg.Client.prototype.query = originalQuery));

    const call = async <T>(client: Client, p: string, body: string): Promise<T> => {
      const response = await fetch(url + p, { method: "POST", headers: signedHeaders(client), body });
      const envelope = (await response.json()) as { code: number; msg: string; data: T };
      if (response.status !== 200 || envelope.code !== 200) throw new Error(`${p}: HTTP ${response.status} code ${envelope.code} ${envelope.msg}`);
      return envelope.data;
    };

    // Verification pass: one batch per client through fetch, every answer checked (amounts: the
    // pay debits the sum of the orders' totalAmount), and each client's Taobao order for the floor.
    const alone: Record<string, number> = {};
    const traces: Record<string, string[]> = {};
    const floorOrderIds: string[] = [];
    for (let i = 0; i < clients.length; i++) {
      const client = clients[i]!;
      // Counts (and with BENCH_PROFILE traces) one request of the second client alone.
      const alone1 = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const mark = queries;
        trace = i === 1 && profile ? [] : undefined;
        const result = await run();
        if (i === 1) alone[name] = queries - mark;
        if (i === 1 && trace) traces[name] = trace;
        trace = undefined;
        return result;
      };
      const created = await alone1("batch create", () => call<Array<{ baseInfo: { id: string; status: string; totalAmount: number; sellerOpenId: string } }>>(client, BATCH_PATH, batchBody(pool, sellers, i, 1_000_000)));
      if (created.length !== sellers || created.some((o) => o.baseInfo.status !== "waitbuyerpay")) throw new Error(`batch create answered ${JSON.stringify(created.map((o) => o.baseInfo))}`);
      if (new Set(created.map((o) => o.baseInfo.sellerOpenId)).size !== sellers) throw new Error("the batch's orders are not of distinct sellers");
      const before = (await platform.services.wallet.balance(client.developerId)).balanceFen;
      const paid = await alone1("batch pay", () => call<{ paidOrderIds: string[]; cantPayOrderList: string[]; payAmount: number }>(client, PAY_PATH, JSON.stringify({ orderIds: created.map((o) => o.baseInfo.id) })));
      const total = created.reduce((s, o) => s + Math.round(o.baseInfo.totalAmount * 100), 0);
      if (paid.paidOrderIds.length !== sellers || paid.cantPayOrderList.length > 0) throw new Error(`pay answered ${JSON.stringify(paid)}`);
      const after = (await platform.services.wallet.balance(client.developerId)).balanceFen;
      if (before - after !== total) throw new Error(`the pay debited ${before - after} fen, the orders total ${total}: ${JSON.stringify(paid)} ${JSON.stringify((await platform.services.wallet.statement(client.developerId)).entries.slice(0, 3).map((e) => e.memo))}`);
      const tb = await call<{ id: string }>(client, TB_CREATE_PATH, JSON.stringify({ orderLineList: [{ ...tbChoice, quantity: 1, orderLineNo: "1" }], receiver: { name: "openpon 仓库", mobile_phone: "13800000000", country: "中国", state: "广东省", city: "广州市", district: "白云区", address: "太和镇 openpon 集运仓 1 号", zip: "510000" }, orderSource: "bench", sellerOrderNumber: `F${i}-${randomBytes(4).toString("hex")}` }));
      await call(client, TB_ADVANCE_PATH, JSON.stringify({ duration: "120s" }));
      const tbPaid = await call<{ orders: Array<{ status: number }> }>(client, TB_PAY_PATH, JSON.stringify({ orderIds: [tb.id] }));
      if (tbPaid.orders[0]?.status !== 10) throw new Error("the floor's Taobao order was not paid");
      floorOrderIds[i] = tb.id;
      await alone1("floor read", () => fetch(`${url}${TB_DETAIL_PATH}?orderId=${tb.id}`, { headers: signedHeaders(client) }).then((res) => res.json()));
    }
    console.log(`verification: ${clients.length} batches of ${sellers} orders created (waitbuyerpay, distinct sellers) and paid (the debit is the orders' total) ok; ${clients.length} Taobao orders for the floor`);
    console.log(`round trips alone (second client): ${Object.entries(alone).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    if (profile) {
      for (const [name, lines] of Object.entries(traces)) {
        console.log(`\n## ${name}, alone: ${lines.length} statements in order`);
        lines.forEach((line, k) => console.log(`${String(k + 1).padStart(3)} ${line}`));
      }
      console.log("");
    }

    if (analyze) {
      const t = performance.now();
      const tables = (await admin.query<{ tablename: string }>("select tablename from pg_tables where schemaname = $1", [config.databaseSchema])).rows.map((r) => `${config.databaseSchema}.${r.tablename}`);
      if (tables.length > 0) await admin.query(`vacuum (analyze) ${tables.join(", ")}`);
      console.log(`vacuum (analyze) of the platform schema: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }

    const xacts = async () => Number((await admin.query<{ n: string }>("select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()")).rows[0]!.n);

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

    const cpuProfileFile = process.env["BENCH_CPU_PROFILE"];
    const inspector = cpuProfileFile ? new (await import("node:inspector/promises")).Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post("Profiler.enable");
    }

    interface Measured {
      report: LoadgenReport;
      serverCpuCores: number;
      machineBusy: number | null;
      postgresCpuSeconds: number | null;
      loadgenCpuCores: number | null;
      serverCpuSeconds: number;
      queries: number;
      xacts: number;
    }
    const measure = (task: LoadgenTask, withProfiles: boolean) =>
      new Promise<Measured>((resolve, reject) => {
        const child = spawn(process.execPath, [THIS_FILE, "--loadgen"], { env: { ...process.env, BENCH_LOADGEN_TASK: JSON.stringify(task) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
            collecting = withProfiles;
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
            collecting = false;
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

    console.log(`platform: ${connections} clients × (POST ${BATCH_PATH} ${sellers} sellers × ${linesPerSeller} lines → POST ${PAY_PATH})`);
    const task: LoadgenTask = { mode: "batch", floorOrderIds, url, clients, pool, sellers, warmupSeconds, durationSeconds };
    const run = await measure(task, true);
    if (inspector && cpuProfileFile) {
      const { profile: cpuProfile } = await inspector.post("Profiler.stop");
      fs.writeFileSync(cpuProfileFile, JSON.stringify(cpuProfile));
      inspector.disconnect();
      console.log(`CPU profile of the measured window written to ${cpuProfileFile}`);
    }
    let floor: Measured | undefined;
    if (process.env["BENCH_FLOOR"] !== "0") {
      console.log(`floor (as order-create-pay): ${connections} clients × (GET ${TB_DETAIL_PATH} ×3, the client's own Taobao order)`);
      floor = await measure({ ...task, mode: "floor" }, false);
    }
    pg.Client.prototype.query = originalQuery;

    // After: the ledger and the 1688 read model are sound; every batch order is paid.
    const ledger = await platform.services.wallet.checkInvariants();
    const readModel: string[] = [];
    for (const client of clients) readModel.push(...(await platform.services.alibaba.verifyReadModel(client.developerId)));
    const byStatus = (await admin.query<{ status: string; n: string }>(`select status, count(*) as n from ${config.databaseSchema}.alibaba_orders group by status order by status`)).rows;
    console.log(`after: ledger ${ledger.length === 0 ? "sound" : `${ledger.length} problems`}, 1688 read model ${readModel.length === 0 ? "sound" : `${readModel.length} problems`}, 1688 orders by status: ${byStatus.map((r) => `${r.status} ${r.n}`).join(", ")}`);
    await closePlatform();

    // Report.
    const r = run.report;
    const batchesPerSecond = r.units / r.seconds;
    const floorPerSecond = floor ? floor.report.units / floor.report.seconds : null;
    const ratio = floorPerSecond ? batchesPerSecond / floorPerSecond : null;
    const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(0)}%`);
    const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
    const perBatch = (n: number) => n / Math.max(1, r.units);
    console.log("");
    console.log(`1688 batch create + pay benchmark: ${connections} clients (one developer each), ${sellers} sellers × ${linesPerSeller} lines per batch, ${durationSeconds} s measured`);
    console.log(`request           ok   bad  p50(ms)  p99(ms)  mean(ms)`);
    for (const kind of BATCH_KINDS) {
      const k = r.perKind[kind]!;
      console.log(`${`batch ${kind}`.padEnd(14)} ${String(k.ok).padStart(5)} ${String(k.bad).padStart(5)} ${f(k.p50).padStart(8)} ${f(k.p99).padStart(8)} ${f(k.mean).padStart(9)}`);
    }
    console.log(`${"batch (both)".padEnd(14)} ${String(r.units).padStart(5)} ${"".padStart(5)} ${f(r.unit.p50).padStart(8)} ${f(r.unit.p99).padStart(8)} ${f(r.unit.mean).padStart(9)}`);
    console.log("");
    console.log(`batches created+paid: ${f(batchesPerSecond)}/s (${f(batchesPerSecond * sellers)} 1688 orders/s), machine ${pct(run.machineBusy)} (cores: platform process ${run.serverCpuCores.toFixed(2)}, postgres ${run.postgresCpuSeconds === null ? "n/a" : (run.postgresCpuSeconds / r.seconds).toFixed(2)}, load generator ${run.loadgenCpuCores === null ? "n/a" : run.loadgenCpuCores.toFixed(2)})`);
    if (floor && floorPerSecond !== null && ratio !== null) {
      console.log(`floor (3 signed Taobao order reads per unit) ${f(floorPerSecond)} units/s, ${f(floor.report.unit.mean)} ms/unit, ${f((floor.serverCpuSeconds * 1000) / Math.max(1, floor.report.units), 2)} ms platform CPU/unit, ${f(floor.queries / Math.max(1, floor.report.units))} round trips/unit, machine ${pct(floor.machineBusy)}`);
      console.log(`ratio batches/s ÷ floor: ${ratio.toFixed(3)} (target >= 0.05: ${ratio >= 0.05 ? "met" : "NOT met"})`);
    }
    console.log(`database per batch: ${f(perBatch(run.queries))} round trips (pg queries incl. BEGIN/COMMIT; alone: create ${alone["batch create"]}, pay ${alone["batch pay"]}), ${f(perBatch(run.xacts))} server transactions`);
    const perUnit = (sec: number | null, n: number) => (sec === null ? "n/a" : `${((sec * 1000) / Math.max(1, n)).toFixed(2)} ms`);
    console.log(`CPU per batch: platform process ${perUnit(run.serverCpuSeconds, r.units)} + postgres ${perUnit(run.postgresCpuSeconds, r.units)}`);
    if (profile) {
      console.log("statements per batch (BENCH_PROFILE=1):");
      for (const [text, n] of [...statements].sort((a, b) => b[1] - a[1])) console.log(`  ${perBatch(n).toFixed(2).padStart(6)}  ${text}`);
      console.log(`the platform's ${ports.size} connections (pool ${config.databasePoolSize}), average over ${waitSamples} samples of pg_stat_activity:`);
      for (const [state, n] of [...waits].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / Math.max(1, waitSamples)).toFixed(2).padStart(6)}  ${state}`);
    }
    if (r.errors || r.timeouts) console.log(`connection errors ${r.errors}, timeouts ${r.timeouts}`);
    for (const sample of [...r.badSamples, ...(floor?.report.badSamples ?? [])]) console.log(`  bad response: ${sample}`);

    const report = {
      benchmark: "alibaba-batch-create",
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
      settings: { database: databaseUrl.replace(/\/\/[^@/]*@/, "//…@"), schema: config.databaseSchema, poolSize: config.databasePoolSize, connections, sellers, linesPerSeller, warmupSeconds, durationSeconds, vacuumAnalyze: analyze },
      platform: {
        batchesPerSecond,
        batches: r.units,
        seconds: r.seconds,
        requests: r.perKind,
        batch: r.unit,
        serverCpuCores: run.serverCpuCores,
        loadgenCpuCores: run.loadgenCpuCores,
        machineBusy: run.machineBusy,
        cpuMsPerBatch: { platformProcess: (run.serverCpuSeconds * 1000) / Math.max(1, r.units), postgres: run.postgresCpuSeconds === null ? null : (run.postgresCpuSeconds * 1000) / Math.max(1, r.units) },
        roundTripsPerBatch: perBatch(run.queries),
        serverTransactionsPerBatch: perBatch(run.xacts),
        errors: r.errors,
        timeouts: r.timeouts,
        badSamples: r.badSamples,
      },
      floor: floor && floorPerSecond !== null ? { unitsPerSecond: floorPerSecond, unit: floor.report.unit, requests: floor.report.perKind, roundTripsPerUnit: floor.queries / Math.max(1, floor.report.units), cpuMsPerUnit: (floor.serverCpuSeconds * 1000) / Math.max(1, floor.report.units) } : null,
      ratio,
      targetMet: ratio === null ? null : ratio >= 0.05,
      roundTripsAlone: alone,
      checks: { ledger, readModel: readModel.slice(0, 10), byStatus },
    };
    writeResults("alibaba-batch-create", report);

    const failed = BATCH_KINDS.reduce((sum, k) => sum + r.perKind[k]!.bad, 0) + r.errors + ledger.length + readModel.length + (floor ? FLOOR_KINDS.reduce((sum, k) => sum + floor!.report.perKind[k]!.bad, 0) : 0);
    if (failed > 0) throw new Error(`${failed} failed requests or consistency problems (see above)`);
    if (r.units === 0) throw new Error("no batch was created and paid");
  } finally {
    await cleanup();
  }
}

runBench(main, runLoadgen);
