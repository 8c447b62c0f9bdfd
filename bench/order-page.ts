// Benchmark: signed POST /v2/taobao/order/page (10,000 orders, page of 20) against a bare Fastify
// route that answers the very same bytes with no auth and no database, in two forms: as a JS string
// (Node encodes it on every answer, as a handler returning text does) and pre-encoded (the strict
// baseline: nothing is cheaper for Fastify). The ratio to each is reported.
//
//   node bench/order-page.ts            (or: npm run bench:order-page)
//
// Environment:
//   DATABASE_URL       PostgreSQL (default postgres://postgres@127.0.0.1:5432/test); a fresh schema is
//                      created and dropped at the end
//   BENCH_DURATION     measured seconds per target (default 15)
//   BENCH_WARMUP       warm-up seconds per target, not measured (default 3)
//   BENCH_CONNECTIONS  concurrent connections (default 32)
//   BENCH_ORDERS       orders to insert (default 10000)
//   BENCH_ANALYZE      0 to skip the VACUUM (ANALYZE) after the insert (default 1: the tables are
//                      vacuumed and analyzed, as autovacuum would do on a live database; without it a
//                      server with autovacuum off, like the CI one, plans on a never-analyzed table)
//
// Layout. The platform and the bare Fastify server live in this process and share its event loop:
// both targets then run on the same Node runtime, heap and CPU budget, so the ratio measures what the
// real endpoint does beyond HTTP + Fastify + writing the bytes (auth, nonce, queries, rendering).
// The load generator (autocannon) runs in a child process (this file with --loadgen) so that its own
// work (signing, parsing responses) never runs on the servers' event loop.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { seededRandom } from "../src/platform/random.ts";
import { announceMachineAndDatabase, intEnv, runBench, runLoadgenChild, type TargetRun as Run, signedHeaders, writeResults, type Credentials } from "./lib.ts";

const THIS_FILE = fileURLToPath(import.meta.url);
const PAGE_PATH = "/v2/taobao/order/page";
const BARE_PATH = "/bare";
const BARE_BYTES_PATH = "/bare-bytes";
const PAGE_BODY = JSON.stringify({ pageNum: 1, pageSize: 20 });
const PAGE_SIZE = 20;

// ---------------------------------------------------------------------------------------------------
// Shared: the signed headers and the cheap envelope check (used by the load generator and the
// verification passes).


/** Checks the envelope head without parsing ~30 KB of JSON: code 200 and the expected total. */
function envelopeHeadOk(body: string, total: number): boolean {
  const head = body.length > 400 ? body.slice(0, 400) : body;
  return new RegExp(`^\\{"requestId":"[0-9a-f]+","code":200,"developId":"\\d+","msg":"[^"]*","data":\\{"total":${total},"data":\\[`).test(head);
}

// ---------------------------------------------------------------------------------------------------
// Load generator (child process).

interface LoadgenTask {
  url: string;
  path: string;
  credentials: Credentials;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  expectedTotal: number;
}

interface AutocannonResult {
  requests: { mean: number; average: number; stddev: number; total: number };
  latency: { mean: number; average: number; p50: number; p90: number; p99: number; max: number };
  throughput: { mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  [key: string]: unknown;
}

interface LoadgenReport {
  result: AutocannonResult;
  envelopesOk: number;
  envelopesBad: number;
  badSamples: string[];
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function runLoadgen(): Promise<void> {
  const task = JSON.parse(process.env["BENCH_LOADGEN_TASK"] ?? "") as LoadgenTask;
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
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
        body: PAGE_BODY,
        // Both targets get the same signed request (the bare route ignores the headers) so the load
        // generator does identical work per request.
        setupRequest(req: Record<string, unknown>) {
          req["headers"] = signedHeaders(task.credentials);
          return req;
        },
        onResponse(status: number, body: string) {
          if (status === 200 && envelopeHeadOk(body, task.expectedTotal)) ok++;
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
  const report: LoadgenReport = { result, envelopesOk: ok, envelopesBad: bad, badSamples };
  process.send!({ phase: "done", report });
  process.disconnect();
}

type TargetRun = Run<LoadgenReport>;


const runTarget = (task: LoadgenTask): Promise<TargetRun> => runLoadgenChild<LoadgenReport>(THIS_FILE, task);

// ---------------------------------------------------------------------------------------------------
// Data: believable Taobao orders from a seeded generator (the same data on every run).

const rand = seededRandom(20240601);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const digits = (n: number, first = "123456789"): string => {
  let s = pick(first.split(""));
  for (let i = 1; i < n; i++) s += String(Math.floor(rand() * 10));
  return s;
};

const PRODUCTS: ReadonlyArray<{ title: string; props: ReadonlyArray<[string, string, readonly string[]]> }> = [
  { title: "2024秋冬新款加厚连帽卫衣男宽松百搭情侣外套", props: [["颜色分类", "Color", ["灰色", "黑色", "杏色", "藏青"]], ["尺码", "Size", ["M", "L", "XL", "XXL"]]] },
  { title: "纯棉短袖T恤女夏季宽松韩版百搭上衣", props: [["颜色分类", "Color", ["白色", "粉色", "浅蓝"]], ["尺码", "Size", ["S", "M", "L"]]] },
  { title: "小米充电宝20000毫安大容量快充移动电源", props: [["颜色分类", "Color", ["黑色", "白色"]]] },
  { title: "北欧ins风陶瓷马克杯带盖勺办公室咖啡杯", props: [["颜色分类", "Color", ["奶白", "雾蓝", "燕麦色"]], ["容量", "Capacity", ["350ml", "450ml"]]] },
  { title: "三只松鼠每日坚果混合装750g/30袋零食大礼包", props: [["净含量", "Net weight", ["750g", "375g"]]] },
  { title: "李宁跑步鞋男款轻便减震透气运动鞋", props: [["颜色分类", "Color", ["标准白", "黑色", "荧光绿"]], ["鞋码", "Shoe size", ["40", "41", "42", "43", "44"]]] },
  { title: "无线蓝牙耳机半入耳式降噪超长续航", props: [["颜色分类", "Color", ["白色", "黑色"]]] },
  { title: "加厚珊瑚绒毛毯冬季午睡沙发盖毯", props: [["颜色分类", "Color", ["灰色", "米黄", "豆沙粉"]], ["规格", "Size", ["100x150cm", "150x200cm"]]] },
  { title: "儿童益智积木拼装玩具男孩女孩生日礼物", props: [["套餐类型", "Package", ["基础款", "豪华款"]]] },
  { title: "不锈钢保温杯男女大容量便携学生水杯", props: [["颜色分类", "Color", ["星空黑", "樱花粉", "薄荷绿"]], ["容量", "Capacity", ["500ml", "750ml"]]] },
  { title: "真丝睡衣女春秋长袖冰丝家居服套装", props: [["颜色分类", "Color", ["香槟色", "酒红", "墨绿"]], ["尺码", "Size", ["M", "L", "XL"]]] },
  { title: "机械键盘青轴87键有线电竞游戏键盘", props: [["颜色分类", "Color", ["白光青轴", "RGB茶轴"]]] },
];
const SHOPS = ["优衣库官方旗舰店", "小米官方旗舰店", "三只松鼠旗舰店", "李宁官方旗舰店", "南极人家居旗舰店", "杭州织造工厂店", "义乌小商品直营店", "汕头玩具批发"];
const PLACES: ReadonlyArray<[string, string, string]> = [
  ["浙江省", "杭州市", "余杭区"],
  ["广东省", "广州市", "白云区"],
  ["广东省", "深圳市", "宝安区"],
  ["上海", "上海市", "浦东新区"],
  ["江苏省", "苏州市", "吴中区"],
  ["福建省", "厦门市", "湖里区"],
];
const STREETS = ["文一西路", "仓前街道良睦路", "石井街道石沙路", "西乡街道宝源路", "航头镇航都路", "木渎镇金枫南路", "枋湖北二路"];
const NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈杰", "杨敏", "赵磊", "黄丽"];

function orderInput(owner: { developerId: string; userId: string; userName: string }, n: number) {
  const [state, city, district] = pick(PLACES);
  const purchaseId = digits(12);
  const lineCount = 1 + Math.floor(rand() * 3);
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const product = pick(PRODUCTS);
    const zh: Record<string, string> = {};
    const en: Record<string, string> = {};
    for (const [zhKey, enKey, values] of product.props) {
      const value = pick(values);
      zh[zhKey] = value;
      en[enKey] = value;
    }
    return {
      orderLineNo: `L${n}-${i + 1}`,
      quantity: 1 + Math.floor(rand() * 3),
      title: product.title,
      requestedUnitPrice: 990 + Math.floor(rand() * 30_000),
      itemMapId: digits(12, "6"),
      skuId: digits(13, "5"),
      skuImageUrl: `https://img.alicdn.com/imgextra/i${1 + Math.floor(rand() * 4)}/${digits(10)}/O1CN01${randomUUID().replaceAll("-", "").slice(0, 16)}.jpg`,
      skuPropsZh: JSON.stringify(zh),
      skuPropsEn: JSON.stringify(en),
      sellerNick: pick(SHOPS),
      shopId: digits(9),
      taobaoPurchaseId: purchaseId,
      taobaoSubPurchaseId: `${purchaseId}${String(i + 1).padStart(2, "0")}`,
    };
  });
  return {
    owner,
    sellerOrderNumber: `SO${String(n).padStart(8, "0")}`,
    orderSource: "bench",
    remark: rand() < 0.2 ? "请尽快发货，谢谢" : null,
    receiver: {
      name: pick(NAMES),
      phone: `1${pick(["3", "5", "7", "8", "9"])}${digits(9, "0123456789")}`,
      state,
      city,
      district,
      address: `${pick(STREETS)}${1 + Math.floor(rand() * 999)}号${1 + Math.floor(rand() * 30)}幢${101 + Math.floor(rand() * 1500)}室`,
      zip: digits(6),
    },
    lines,
  };
}

// ---------------------------------------------------------------------------------------------------
// Main.

interface Summary {
  reqPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  totalRequests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  envelopesOk: number;
  envelopesBad: number;
  serverCpuCores: number;
  machineBusy: number | null;
}

function summarize(run: TargetRun): Summary {
  const r = run.report.result;
  return {
    reqPerSec: r.requests.mean,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMeanMs: r.latency.mean,
    totalRequests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    envelopesOk: run.report.envelopesOk,
    envelopesBad: run.report.envelopesBad,
    serverCpuCores: run.serverCpuCores,
    machineBusy: run.machineBusy,
  };
}


async function main(): Promise<void> {
  const durationSeconds = intEnv("BENCH_DURATION", 15);
  const warmupSeconds = intEnv("BENCH_WARMUP", 3);
  const connections = intEnv("BENCH_CONNECTIONS", 32);
  const orderCount = intEnv("BENCH_ORDERS", 10_000);
  const analyze = process.env["BENCH_ANALYZE"] !== "0";
  const { loadBefore } = announceMachineAndDatabase();

  // Imported only now: the helpers read DATABASE_URL when they load, and the load generator child
  // never needs the platform.
  const { testConfig, dropSchema } = await import("../test/helpers/server.ts");
  const { buildPlatform } = await import("../src/app.ts");
  const { default: Fastify } = await import("fastify");

  const config = testConfig({
    logLevel: "silent",
    bootstrapSandbox: false,
    rateLimitPerSecond: 1_000_000,
    rateLimitBurst: 1_000_000,
  });
  console.log(`schema ${config.databaseSchema}, pool ${config.databasePoolSize}, ${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s per target`);

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
  cleanups.push(async () => fs.rmSync(config.dataDir, { recursive: true, force: true }));
  cleanups.push(() => dropSchema(config.databaseSchema));
  try {
    const platform = await buildPlatform(config);
    cleanups.push(() => platform.close());
    cleanups.push(() => platform.app.close());
    await platform.app.listen({ port: 0, host: "127.0.0.1" });
    const realUrl = `http://127.0.0.1:${(platform.app.server.address() as { port: number }).port}`;

    // One developer with one user, through the operator API.
    const created = await fetch(`${realUrl}/admin/developers`, {
      method: "POST",
      headers: { authorization: `Bearer ${platform.operatorToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "bench developer", userName: "bench-user" }),
    });
    const envelope = (await created.json()) as {
      code: number;
      msg: string;
      data: { developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string; userName: string } };
    };
    if (envelope.code !== 200) throw new Error(`POST /admin/developers: ${envelope.code} ${envelope.msg}`);
    const { developer, credentials, user } = envelope.data;
    const creds: Credentials = { accessKey: credentials.accessKey, accessSecret: credentials.accessSecret, userId: user.userId };
    const owner = { developerId: developer.developId, userId: user.userId, userName: user.userName };
    console.log(`developer ${developer.developId}, user ${user.userId}`);

    // The orders, 8 at a time.
    const concurrency = 8;
    const insertStart = performance.now();
    let next = 0;
    let done = 0;
    let lastPrint = insertStart;
    const worker = async () => {
      while (next < orderCount) {
        const n = next++;
        await platform.services.orders.placeOrder(orderInput(owner, n));
        done++;
        const now = performance.now();
        if (now - lastPrint > 2000 || done === orderCount) {
          lastPrint = now;
          console.log(`  inserted ${done}/${orderCount} (${Math.round((done / (now - insertStart)) * 1000)} orders/s)`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const insertSeconds = (performance.now() - insertStart) / 1000;
    const insertRate = orderCount / insertSeconds;
    console.log(`inserted ${orderCount} orders in ${insertSeconds.toFixed(1)} s (${insertRate.toFixed(0)} orders/s, ${concurrency} at a time)`);

    // Statistics and visibility map, as autovacuum would leave them on a live database.
    if (analyze) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: process.env["DATABASE_URL"], options: `-c search_path=${config.databaseSchema}` });
      await client.connect();
      try {
        const t = performance.now();
        await client.query("vacuum (analyze) developers, access_keys, users, request_nonces, taobao_orders, taobao_sub_orders, order_history, outbox_events");
        console.log(`vacuum (analyze) of the schema's tables: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      } finally {
        await client.end();
      }
    } else {
      console.log("BENCH_ANALYZE=0: tables left unanalyzed");
    }

    // The reference bytes: one real signed page.
    const reference = await fetch(realUrl + PAGE_PATH, { method: "POST", headers: signedHeaders(creds), body: PAGE_BODY });
    const referenceBytes = await reference.text();
    const referenceType = reference.headers.get("content-type") ?? "application/json";
    const parsed = JSON.parse(referenceBytes) as { code: number; msg: string; data: { total: number; data: Array<{ subOrderVOS: unknown[] }> } | null };
    if (parsed.code !== 200 || !parsed.data) throw new Error(`reference request failed: ${parsed.code} ${parsed.msg}`);
    if (parsed.data.total !== orderCount || parsed.data.data.length !== Math.min(PAGE_SIZE, orderCount)) {
      throw new Error(`reference page: total ${parsed.data.total}, ${parsed.data.data.length} orders`);
    }
    const lineCount = parsed.data.data.reduce((sum, o) => sum + o.subOrderVOS.length, 0);
    console.log(`reference response: ${Buffer.byteLength(referenceBytes)} bytes, ${parsed.data.data.length} orders, ${lineCount} lines, content-type ${referenceType}`);

    // The bare server: same process and event loop as the platform.
    const bare = Fastify({ logger: false });
    // Two baselines: the bytes as a JS string (what a handler returning text does: Node encodes them
    // on every answer), and pre-encoded (the cheapest way Fastify can answer them: the strict one).
    const referenceBuffer = Buffer.from(referenceBytes, "utf8");
    bare.post(BARE_BYTES_PATH, (_request, reply) => {
      reply.header("content-type", referenceType).send(referenceBuffer);
    });
    bare.post(BARE_PATH, (_request, reply) => {
      reply.header("content-type", referenceType).send(referenceBytes);
    });
    cleanups.push(() => bare.close());
    await bare.listen({ port: 0, host: "127.0.0.1" });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
    const bareCheck = await (await fetch(bareUrl + BARE_PATH, { method: "POST", headers: signedHeaders(creds), body: PAGE_BODY })).text();
    if (bareCheck !== referenceBytes) throw new Error("the bare route does not answer the reference bytes");

    // Verification pass: 100 signed requests, each must be code 200 with the full total.
    const verify = async (label: string) => {
      const failures: string[] = [];
      for (let i = 0; i < 100; i++) {
        const response = await fetch(realUrl + PAGE_PATH, { method: "POST", headers: signedHeaders(creds), body: PAGE_BODY });
        const text = await response.text();
        try {
          const body = JSON.parse(text) as { code: number; msg: string; data: { total: number; data: unknown[] } | null };
          if (response.status !== 200 || body.code !== 200 || body.data?.total !== orderCount || body.data.data.length !== Math.min(PAGE_SIZE, orderCount)) {
            failures.push(`HTTP ${response.status} code ${body.code} ${body.msg} total ${body.data?.total}`);
          }
        } catch {
          failures.push(`HTTP ${response.status} unparsable: ${text.slice(0, 200)}`);
        }
      }
      console.log(`verification ${label}: ${100 - failures.length}/100 ok${failures.length ? `; first failure: ${failures[0]}` : ""}`);
      return { ok: 100 - failures.length, failed: failures.length, samples: failures.slice(0, 5) };
    };
    const verifyBefore = await verify("before");

    const task = (url: string, p: string): LoadgenTask => ({
      url,
      path: p,
      credentials: creds,
      connections,
      warmupSeconds,
      durationSeconds,
      expectedTotal: orderCount,
    });
    console.log(`bare   POST ${bareUrl}${BARE_PATH}`);
    const bareRun = await runTarget(task(bareUrl, BARE_PATH));
    console.log(`bytes  POST ${bareUrl}${BARE_BYTES_PATH}`);
    const bytesRun = await runTarget(task(bareUrl, BARE_BYTES_PATH));
    console.log(`real   POST ${realUrl}${PAGE_PATH}`);
    const realRun = await runTarget(task(realUrl, PAGE_PATH));
    const verifyAfter = await verify("after");

    const bareSummary = summarize(bareRun);
    const bytesSummary = summarize(bytesRun);
    const realSummary = summarize(realRun);
    const ratio = realSummary.reqPerSec / bareSummary.reqPerSec;
    const strictRatio = realSummary.reqPerSec / bytesSummary.reqPerSec;

    const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(0)}%`);
    const row = (name: string, s: Summary) =>
      `${name.padEnd(6)} ${s.reqPerSec.toFixed(0).padStart(9)} ${s.latencyP50Ms.toFixed(0).padStart(7)} ${s.latencyP99Ms.toFixed(0).padStart(7)} ${s.totalRequests
        .toString()
        .padStart(9)} ${`${s.envelopesOk}/${s.envelopesBad}`.padStart(13)} ${`${s.errors}/${s.timeouts}/${s.non2xx}`.padStart(11)} ${s.serverCpuCores
        .toFixed(2)
        .padStart(10)} ${pct(s.machineBusy).padStart(8)}`;
    console.log("");
    console.log(`order page benchmark: ${orderCount} orders, page of ${PAGE_SIZE} (${Buffer.byteLength(referenceBytes)} B), ${connections} connections, ${durationSeconds} s`);
    console.log(`target     req/s p50(ms) p99(ms)  requests  env ok/bad   err/to/n2xx  srv cores  machine`);
    console.log(row("bare", bareSummary));
    console.log(row("bytes", bytesSummary));
    console.log(row("real", realSummary));
    console.log(`ratio real/bare req/s: ${ratio.toFixed(3)} (target >= 0.5: ${ratio >= 0.5 ? "met" : "NOT met"})`);
    console.log(`ratio real/bytes req/s (strict baseline): ${strictRatio.toFixed(3)}`);
    for (const [name, run] of [["bare", bareRun], ["bytes", bytesRun], ["real", realRun]] as const) {
      for (const sample of run.report.badSamples) console.log(`  ${name} bad response: ${sample}`);
    }

    const report = {
      benchmark: "order-page",
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg(),
      },
      settings: {
        database: process.env["DATABASE_URL"]!.replace(/\/\/[^@/]*@/, "//…@"),
        schema: config.databaseSchema,
        poolSize: config.databasePoolSize,
        orders: orderCount,
        pageSize: PAGE_SIZE,
        responseBytes: Buffer.byteLength(referenceBytes),
        connections,
        warmupSeconds,
        durationSeconds,
        vacuumAnalyze: analyze,
        layout: "platform and bare Fastify in one process (shared event loop); autocannon in a child process",
      },
      insert: { orders: orderCount, seconds: insertSeconds, ordersPerSecond: insertRate, concurrency },
      bare: bareSummary,
      bareBytes: bytesSummary,
      real: realSummary,
      ratio,
      strictRatio,
      targetMet: ratio >= 0.5,
      verification: { before: verifyBefore, after: verifyAfter },
      badSamples: { bare: bareRun.report.badSamples, bytes: bytesRun.report.badSamples, real: realRun.report.badSamples },
    };
    writeResults("order-page", report);

    const failures = verifyBefore.failed + verifyAfter.failed + realSummary.envelopesBad + bareSummary.envelopesBad + bytesSummary.envelopesBad + realSummary.errors + bareSummary.errors + bytesSummary.errors;
    if (failures > 0) throw new Error(`${failures} failed requests or envelopes (see above)`);
  } finally {
    await cleanup();
  }
}

runBench(main, runLoadgen);
