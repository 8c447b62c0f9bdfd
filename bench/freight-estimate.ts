// Benchmark: signed POST /v2/open/pp/logistics/itemLogisticsPrice (foundation-warehouse.md §2.1)
// against 50 shipping lines × 200 countries of rate tables (each line prices every country, in 10
// zones), destinations drawn at random per request, so each estimate prices 50 lines. The baseline is
// a bare Fastify route in the same process answering the same bytes (no auth, no database); the
// ratio of the two is reported. A third target shows what signing alone costs on the machine: the
// signed floor, POST /v2/open/address/get of a user without addresses (the same authentication,
// nonce write included, and one small read), the most any signed endpoint here can reach.
//
//   node bench/freight-estimate.ts            (or: npm run bench:freight-estimate)
//
// Environment:
//   DATABASE_URL       PostgreSQL (default postgres://postgres@127.0.0.1:5432/test); a fresh schema is
//                      created and dropped at the end
//   BENCH_DURATION     measured seconds per target (default 15)
//   BENCH_WARMUP       warm-up seconds per target, not measured (default 3)
//   BENCH_CONNECTIONS  concurrent connections (default 16)
//   BENCH_LINES        shipping lines (default 50)
//   BENCH_COUNTRIES    countries each line serves (default 200)
//   REDIS_URL          keep nonces and rate limits in Redis (as several nodes do) instead of the database
//
// The load generator (autocannon) runs in a child process (this file with --loadgen), so that its
// signing and parsing never run on the servers' event loop; both servers share this process.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { seededRandom } from "../src/platform/random.ts";
import { announceMachineAndDatabase, intEnv, runBench, runLoadgenChild, type TargetRun as Run, signedHeaders, writeResults, type Credentials } from "./lib.ts";

const THIS_FILE = fileURLToPath(import.meta.url);
const ESTIMATE_PATH = "/v2/open/pp/logistics/itemLogisticsPrice";
const BARE_PATH = "/bare";
const FLOOR_PATH = "/v2/open/address/get";

interface LoadgenTask {
  url: string;
  path: string;
  credentials: Credentials;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Request bodies, one drawn per request (a destination each). */
  bodies: string[];
  /** Quotes a good answer holds. */
  expectedQuotes: number;
}

interface AutocannonResult {
  requests: { mean: number; total: number };
  latency: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  [key: string]: unknown;
}

interface LoadgenReport {
  result: AutocannonResult;
  ok: number;
  bad: number;
  badSamples: string[];
}

/** A good answer: code 200 and the expected number of quotes (counted by their serviceId keys, without parsing). */
function answerOk(body: string, expectedQuotes: number): boolean {
  if (!body.includes('"code":200')) return false;
  let n = 0;
  for (let at = body.indexOf('"serviceId"'); at !== -1; at = body.indexOf('"serviceId"', at + 1)) n++;
  return n === expectedQuotes;
}

async function runLoadgen(): Promise<void> {
  const task = JSON.parse(process.env["BENCH_LOADGEN_TASK"] ?? "") as LoadgenTask;
  const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<AutocannonResult>;
  const rand = seededRandom(7);
  let ok = 0;
  let bad = 0;
  const badSamples: string[] = [];
  const options = (seconds: number) => ({
    url: task.url,
    connections: task.connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: task.path,
        // Both targets get the same signed requests (the bare route ignores them): the load generator's work is the same.
        setupRequest(req: Record<string, unknown>) {
          req["headers"] = signedHeaders(task.credentials);
          req["body"] = task.bodies[Math.floor(rand() * task.bodies.length)];
          return req;
        },
        onResponse(status: number, body: string) {
          if (status === 200 && answerOk(body, task.expectedQuotes)) ok++;
          else {
            bad++;
            if (badSamples.length < 5) badSamples.push(`${status} ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  });
  process.send!({ phase: "warmup" });
  await autocannon(options(task.warmupSeconds));
  ok = 0;
  bad = 0;
  badSamples.length = 0;
  process.send!({ phase: "measure" });
  const result = await autocannon(options(task.durationSeconds));
  process.send!({ phase: "done", report: { result, ok, bad, badSamples } satisfies LoadgenReport });
  process.disconnect();
}

type TargetRun = Run<LoadgenReport>;

const runTarget = (task: LoadgenTask): Promise<TargetRun> => runLoadgenChild<LoadgenReport>(THIS_FILE, task);

/**
 * Line `n` of the benchmark: the countries in 10 zones (rotated per line, so lines differ), half the
 * lines by first weight + steps, half by per-kg bands; a fixed fee, a per-kg fee and a dated fuel
 * percentage; limits generous enough that every line takes the goods.
 */
function benchLine(n: number, countries: readonly string[]) {
  const rotated = [...countries.slice((n * 7) % countries.length), ...countries.slice(0, (n * 7) % countries.length)];
  const zoneSize = Math.ceil(rotated.length / 10);
  const zones = Array.from({ length: 10 }, (_, z) => {
    const first = 3000 + z * 700 + n * 37;
    const rate =
      n % 2 === 0
        ? { kind: "steps", firstWeightG: 500, firstFeeFen: first, stepWeightG: 500, stepFeeFen: Math.round(first / 4) }
        : { kind: "bands", roundToG: 100, bands: [{ fromG: 0, toG: 2000, perKgFen: first * 2 }, { fromG: 2000, toG: 10_000, perKgFen: first }, { fromG: 10_000, toG: 30_000, perKgFen: Math.round(first * 0.8) }] };
    return { code: `Z${z}`, countries: rotated.slice(z * zoneSize, (z + 1) * zoneSize), rate, transitDays: { min: 3 + z, max: 10 + z } };
  }).filter((zone) => zone.countries.length > 0);
  return {
    companyName: `Bench Carrier ${n}`,
    serviceCategory: ["EXPRESS", "STANDARD", "ECONOMY"][n % 3],
    volumetricDivisor: [5000, 6000, 8000][n % 3],
    throwMode: ["full", "half", "free"][n % 3],
    freeThrowLimitG: 5000,
    minChargeableWeightG: (n % 4) * 100,
    maxWeightG: 30_000,
    maxSideMm: 1500,
    maxGirthMm: 3000,
    acceptedAttributes: ["brand"],
    transitDays: { min: 5, max: 15 },
    zones,
    surcharges: [
      { code: "REGISTRATION", kind: "fixed", amount: 800 + n },
      { code: "HANDLING", kind: "perKg", amount: 200, minFen: 100 },
      { code: "FUEL", kind: "percent", amount: 900, validFrom: "2024-01-01", validTo: "2024-12-31" },
      { code: "FUEL", kind: "percent", amount: 1100 + n, validFrom: "2025-01-01" },
    ],
  };
}

interface Summary {
  reqPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  totalRequests: number;
  ok: number;
  bad: number;
  errors: number;
  serverCpuCores: number;
  machineBusy: number | null;
}

const summarize = (run: TargetRun): Summary => ({
  reqPerSec: run.report.result.requests.mean,
  latencyP50Ms: run.report.result.latency.p50,
  latencyP99Ms: run.report.result.latency.p99,
  totalRequests: run.report.result.requests.total,
  ok: run.report.ok,
  bad: run.report.bad,
  errors: run.report.result.errors + run.report.result.timeouts,
  serverCpuCores: run.serverCpuCores,
  machineBusy: run.machineBusy,
});

async function main(): Promise<void> {
  const durationSeconds = intEnv("BENCH_DURATION", 15);
  const warmupSeconds = intEnv("BENCH_WARMUP", 3);
  const connections = intEnv("BENCH_CONNECTIONS", 16);
  const lineCount = intEnv("BENCH_LINES", 50);
  const countryCount = intEnv("BENCH_COUNTRIES", 200);
  const { loadBefore } = announceMachineAndDatabase();

  // Imported only now: the helpers read DATABASE_URL when they load; the load generator never needs them.
  const { testConfig, dropSchema } = await import("../test/helpers/server.ts");
  const { buildPlatform } = await import("../src/app.ts");
  const { COUNTRY_CODES } = await import("../src/modules/logistics/shipping/countries.ts");
  const { default: Fastify } = await import("fastify");

  // Nonces and rate limits in Redis when REDIS_URL is set (as a cluster runs), in the database otherwise.
  const redisUrl = process.env["REDIS_URL"] || undefined;
  const config = testConfig({ logLevel: "silent", bootstrapSandbox: false, rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000, shippingSeed: false, sandboxTickMs: 0, ...(redisUrl ? { redisUrl } : {}) });
  const countries = COUNTRY_CODES.filter((c) => c !== "CN").slice(0, countryCount);
  console.log(`nonces in ${redisUrl ? `Redis (${redisUrl})` : "the database"}`);
  console.log(`schema ${config.databaseSchema}, ${lineCount} lines × ${countries.length} countries, ${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s per target`);

  const cleanups: Array<() => Promise<void>> = [async () => fs.rmSync(config.dataDir, { recursive: true, force: true }), () => dropSchema(config.databaseSchema)];
  try {
    const platform = await buildPlatform(config);
    cleanups.push(() => platform.close(), () => platform.app.close());
    await platform.app.listen({ port: 0, host: "127.0.0.1" });
    const realUrl = `http://127.0.0.1:${(platform.app.server.address() as { port: number }).port}`;
    const admin = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
      const response = await fetch(realUrl + p, { method, headers: { authorization: `Bearer ${platform.operatorToken}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const envelope = (await response.json()) as { code: number; msg: string; data: T };
      if (envelope.code !== 200) throw new Error(`${method} ${p}: ${envelope.code} ${envelope.msg}`);
      return envelope.data;
    };

    const created = await admin<{ credentials: { accessKey: string; accessSecret: string }; user: { userId: string } }>("POST", "/admin/developers", { name: "bench developer", userName: "bench-user" });
    const creds: Credentials = { accessKey: created.credentials.accessKey, accessSecret: created.credentials.accessSecret, userId: created.user.userId };

    // The rate tables, through the operators' API (validated as operators' lines are).
    const t = performance.now();
    for (let n = 1; n <= lineCount; n++) await admin("PUT", `/admin/shipping/lines/${n}`, benchLine(n, countries));
    console.log(`${lineCount} lines written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // A catalogue item without sensitive attributes (clothing), priced on every line.
    const goods = platform.services.goods;
    let item: { id: string; skuId: string } | undefined;
    for (let i = 0; i < 1000 && !item; i++) {
      const product = goods.productAt("taobao", i, "en");
      if (product.skus.length > 0 && product.categoryPath.some((c) => c.id === 10166 || c.id === 10165) && product.weightKg < 3) item = { id: product.id, skuId: product.skus[0]!.skuId };
    }
    if (!item) throw new Error("no clothing item in the sandbox catalogue");
    const bodies = countries.map((country) =>
      JSON.stringify({ itemId: item!.id, skuId: item!.skuId, quantity: 2, currency: "CNY", price: "59.9", receiverAddress: { country, city: "City", address: "1 Main Street", name: "Bench Buyer", phone: "5083326888" } }),
    );

    // The reference answer and a check that every destination gets every line.
    let referenceBytes = "";
    for (const body of bodies) {
      const response = await fetch(realUrl + ESTIMATE_PATH, { method: "POST", headers: signedHeaders(creds), body });
      const text = await response.text();
      if (!answerOk(text, lineCount)) throw new Error(`estimate for ${body.slice(0, 120)}: ${text.slice(0, 300)}`);
      referenceBytes ||= text;
    }
    console.log(`every destination priced by ${lineCount} lines; a response is ${Buffer.byteLength(referenceBytes)} bytes`);

    const bare = Fastify({ logger: false });
    bare.post(BARE_PATH, (_request, reply) => {
      reply.header("content-type", "application/json; charset=utf-8").send(referenceBytes);
    });
    cleanups.push(() => bare.close());
    await bare.listen({ port: 0, host: "127.0.0.1" });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

    const task = (url: string, p: string): LoadgenTask => ({ url, path: p, credentials: creds, connections, warmupSeconds, durationSeconds, bodies, expectedQuotes: lineCount });
    console.log(`bare   POST ${bareUrl}${BARE_PATH}`);
    const bareRun = await runTarget(task(bareUrl, BARE_PATH));
    console.log(`real   POST ${realUrl}${ESTIMATE_PATH}`);
    const realRun = await runTarget(task(realUrl, ESTIMATE_PATH));
    console.log(`floor  POST ${realUrl}${FLOOR_PATH}`);
    const floorRun = await runTarget({ ...task(realUrl, FLOOR_PATH), bodies: ["{}"], expectedQuotes: 0 });

    const bareSummary = summarize(bareRun);
    const realSummary = summarize(realRun);
    const floorSummary = summarize(floorRun);
    const ratio = realSummary.reqPerSec / bareSummary.reqPerSec;
    const floorRatio = realSummary.reqPerSec / floorSummary.reqPerSec;
    const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(0)}%`);
    const row = (name: string, s: Summary) =>
      `${name.padEnd(6)} ${s.reqPerSec.toFixed(0).padStart(9)} ${s.latencyP50Ms.toFixed(0).padStart(7)} ${s.latencyP99Ms.toFixed(0).padStart(7)} ${String(s.totalRequests).padStart(9)} ${`${s.ok}/${s.bad}`.padStart(13)} ${String(s.errors).padStart(6)} ${s.serverCpuCores.toFixed(2).padStart(10)} ${pct(s.machineBusy).padStart(8)}`;
    console.log("");
    console.log(`freight estimate benchmark: ${lineCount} lines × ${countries.length} countries, ${connections} connections, ${durationSeconds} s`);
    console.log(`target     req/s p50(ms) p99(ms)  requests     ok/bad   err  srv cores  machine`);
    console.log(row("bare", bareSummary));
    console.log(row("real", realSummary));
    console.log(row("floor", floorSummary));
    console.log(`ratio real/bare req/s: ${ratio.toFixed(3)} (target >= 0.5: ${ratio >= 0.5 ? "met" : "NOT met"})`);
    console.log(`ratio real/floor req/s: ${floorRatio.toFixed(3)}; floor/bare: ${(floorSummary.reqPerSec / bareSummary.reqPerSec).toFixed(3)} (what signing and one read leave of the bare route)`);
    for (const [name, r] of [["bare", bareRun], ["real", realRun], ["floor", floorRun]] as const) for (const sample of r.report.badSamples) console.log(`  ${name} bad response: ${sample}`);

    const report = {
      benchmark: "freight-estimate",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
      settings: { database: process.env["DATABASE_URL"]!.replace(/\/\/[^@/]*@/, "//…@"), lines: lineCount, countries: countries.length, connections, warmupSeconds, durationSeconds, responseBytes: Buffer.byteLength(referenceBytes) },
      bare: bareSummary,
      real: realSummary,
      floor: floorSummary,
      ratio,
      floorRatio,
      targetMet: ratio >= 0.5,
    };
    writeResults("freight-estimate", report);
    const failures = realSummary.bad + realSummary.errors + bareSummary.bad + bareSummary.errors + floorSummary.bad + floorSummary.errors;
    if (failures > 0) throw new Error(`${failures} failed requests or answers (see above)`);
  } finally {
    for (const step of cleanups.reverse()) await step().catch((err: unknown) => console.error("cleanup step failed:", err));
  }
}

runBench(main, runLoadgen);
