// Benchmark: callback delivery by one node on PostgreSQL to a loopback receiver.
//
//   node bench/callbacks.ts
//
// Measures, on a fresh schema:
//   1. burst   — BENCH_EVENTS events committed as fast as BENCH_PRODUCERS producers can (transactions of
//                BENCH_BATCH events), delivered by the node's dispatcher: delivered events/s (first commit
//                → last delivery) and commit → delivery latency (p50/p99/max);
//   2. paced   — BENCH_RATE events/s for BENCH_SECONDS (transactions of BENCH_BATCH): the latency an
//                event sees when the platform is not saturated;
//   3. baseline — the same number of POSTs of the same bytes to the same receiver, straight from Node
//                (http.request, a new connection each, BENCH_CONCURRENCY at a time, as safe-fetch does),
//                without the platform: the ceiling, in the same run. The burst rate is reported as a
//                ratio of it.
// The receiver runs in a child process (this file with --receiver) and stamps every arrival; latency is
// arrival time minus the producer's commit time (both processes read the same system clock).
//
// Environment:
//   DATABASE_URL       PostgreSQL (default postgres://postgres@127.0.0.1:5432/test); schema created and dropped
//   BENCH_EVENTS       burst size (default 20000)
//   BENCH_PRODUCERS    concurrent producer transactions (default 4)
//   BENCH_BATCH        events per transaction (default 20)
//   BENCH_RATE         paced events/s (default 1000)
//   BENCH_SECONDS      paced duration (default 10)
//   BENCH_CONCURRENCY  attempts in flight (CALLBACK_CONCURRENCY, default 64)
import { fork } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { buildPlatform } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { randomHex } from "../src/platform/crypto.ts";
import { callbackBody, callbackHeaders } from "../packages/sdk/src/index.ts";
import { percentile } from "./lib.ts";

const THIS_FILE = fileURLToPath(import.meta.url);
const now = () => performance.timeOrigin + performance.now();
const int = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

// ---------------------------------------------------------------------------------------------------
// The receiver (child process): answers 200 at once, stamps each body's `seq`.

if (process.argv.includes("--receiver")) {
  const arrivals: Array<[string, number]> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const t = now();
      res.writeHead(200).end("ok");
      const text = Buffer.concat(chunks).toString("utf8");
      const match = /"seq":"([^"]+)"/.exec(text);
      if (match) arrivals.push([match[1]!, t]);
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on("message", (message: { report?: boolean; reset?: boolean }) => {
    if (message.report) process.send!({ arrivals: arrivals.splice(0) });
  });
} else {
  await main();
}

interface Receiver {
  url: string;
  report(): Promise<Array<[string, number]>>;
  stop(): void;
}

async function startReceiverProcess(): Promise<Receiver> {
  const child = fork(THIS_FILE, ["--receiver"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) => child.once("message", (m: { port: number }) => resolve(m.port)));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    report: () =>
      new Promise((resolve) => {
        child.once("message", (m: { arrivals: Array<[string, number]> }) => resolve(m.arrivals));
        child.send({ report: true });
      }),
    stop: () => child.kill(),
  };
}


async function main(): Promise<void> {
  if (!process.env["DATABASE_URL"]) process.env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/test";
  const events = int("BENCH_EVENTS", 20_000);
  const producers = int("BENCH_PRODUCERS", 4);
  const batch = int("BENCH_BATCH", 20);
  const rate = int("BENCH_RATE", 1000);
  const seconds = int("BENCH_SECONDS", 10);
  const concurrency = int("BENCH_CONCURRENCY", 64);
  const load = os.loadavg();
  console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), load average ${load.map((x) => x.toFixed(2)).join(" ")}`);
  const schema = `bench_cb_${randomHex(4)}`;
  const config = loadConfig(process.env, {
    port: 0,
    host: "127.0.0.1",
    databaseSchema: schema,
    logLevel: "silent",
    bootstrapSandbox: false,
    sandboxTickMs: 0,
    sandboxItems: 200,
    dataDir: path.join(os.tmpdir(), `openpon-bench-${schema}`),
    callbackConcurrency: concurrency,
    callbackAllowPrivate: true,
  });
  console.log(`PostgreSQL ${config.databaseUrl!.replace(/\/\/[^@/]*@/, "//…@")} schema ${schema}; concurrency ${concurrency}, ${producers} producers × ${batch} events per transaction`);
  const receiver = await startReceiverProcess();
  const platform = await buildPlatform(config);
  const { services, database } = platform;
  try {
    const created = await services.identity.createDeveloper({ name: "bench", sandbox: false, userName: "bench-user" });
    const developerId = created.developer.developId;
    await services.callbacks.set(developerId, receiver.url);
    await receiver.report(); // drop the verify message

    const commits = new Map<string, number>();
    let seq = 0;
    const commitBatch = async (n: number) => {
      const seqs = Array.from({ length: n }, () => String(++seq));
      await database.db.transaction().execute((trx) =>
        services.outbox.append(
          trx,
          seqs.map((s) => ({
            developerId,
            userId: null,
            type: "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY",
            platform: 0 as const,
            aggregateId: s,
            occurredAt: Date.now(),
            // a realistic size (~600 bytes), and the sequence number the receiver reports
            body: { seq: s, salesOrderId: "1131284688996925671", orderId: "1131284695074472264", status: 1, previousStatus: 0, subOrders: Array.from({ length: 3 }, (_, i) => ({ subOrderId: `11312846950744722${60 + i}`, status: "WAIT_SELLER_SEND_GOODS", quantity: 2, title: "女士连衣裙 夏季新款 碎花 雪纺" })) },
          })),
        ),
      );
      const t = now();
      for (const s of seqs) commits.set(s, t);
    };
    const waitFor = async (count: number, arrivals: Array<[string, number]>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.length < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        arrivals.push(...(await receiver.report()));
      }
    };
    const summarize = (label: string, arrivals: Array<[string, number]>, count: number, firstCommit: number) => {
      const unique = new Map<string, number>();
      for (const [s, t] of arrivals) if (!unique.has(s)) unique.set(s, t);
      const latencies = [...unique].map(([s, t]) => t - commits.get(s)!).sort((a, b) => a - b);
      const last = Math.max(...unique.values());
      return {
        label,
        events: count,
        delivered: unique.size,
        duplicates: arrivals.length - unique.size,
        seconds: (last - firstCommit) / 1000,
        perSecond: unique.size / ((last - firstCommit) / 1000),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
      };
    };

    // Warm-up (connections, JIT), not measured.
    for (let i = 0; i < 50; i++) await commitBatch(batch);
    await waitFor(seq, [], 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await receiver.report();

    // 1. Burst.
    const burstStart = seq;
    const burstFirst = now();
    const burstArrivals: Array<[string, number]> = [];
    let remaining = events;
    await Promise.all(
      Array.from({ length: producers }, async () => {
        while (remaining > 0) {
          const n = Math.min(batch, remaining);
          remaining -= n;
          await commitBatch(n);
        }
      }),
    );
    const producedIn = (now() - burstFirst) / 1000;
    await waitFor(events, burstArrivals, 120_000);
    const burst = summarize("burst", burstArrivals, seq - burstStart, burstFirst);
    console.log(`burst: ${events} events committed in ${producedIn.toFixed(1)} s (${(events / producedIn).toFixed(0)}/s)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await receiver.report();

    // 2. Paced.
    const pacedStart = seq;
    const pacedFirst = now();
    const pacedArrivals: Array<[string, number]> = [];
    const total = rate * seconds;
    const interval = (batch / rate) * 1000;
    let sent = 0;
    while (sent < total) {
      const due = pacedFirst + (sent / rate) * 1000;
      const wait = due - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const n = Math.min(batch, total - sent);
      sent += n;
      void commitBatch(n);
    }
    await waitFor(total, pacedArrivals, 60_000);
    const paced = summarize(`paced ${rate}/s`, pacedArrivals, seq - pacedStart, pacedFirst);
    console.log(`paced: a transaction of ${batch} every ${interval.toFixed(0)} ms`);

    // 3. Baseline: the same POSTs without the platform.
    const sample = callbackBody("TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY", JSON.stringify({ seq: "baseline", salesOrderId: "1131284688996925671" }), 0, Date.now());
    const target = new URL(receiver.url);
    const post = () =>
      new Promise<void>((resolve, reject) => {
        const body = sample;
        const req = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent: false, headers: { ...callbackHeaders(body, { messageId: randomHex(16), accessSecret: "x", signingSecret: "whsec_AAAA" }), "Content-Length": Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on("end", resolve);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    const baseStart = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < events) {
          next++;
          await post();
        }
      }),
    );
    const baseSeconds = (now() - baseStart) / 1000;
    const baselinePerSecond = events / baseSeconds;
    await receiver.report();

    const rows = [burst, paced];
    const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "-");
    console.log("");
    console.log("| run | events | delivered | dup | events/s | p50 ms | p99 ms | max ms |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) console.log(`| ${r.label} | ${r.events} | ${r.delivered} | ${r.duplicates} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} |`);
    console.log(`| baseline: raw POSTs, no platform | ${events} | ${events} | 0 | ${fmt(baselinePerSecond, 0)} | | | |`);
    console.log("");
    console.log(`burst delivery rate / baseline = ${(burst.perSecond / baselinePerSecond).toFixed(2)}`);
    console.log(`targets: ≥ 2000 events/s (${burst.perSecond >= 2000 ? "met" : "NOT met"}), p99 ≤ 200 ms at ${rate}/s (${paced.p99 <= 200 ? "met" : "NOT met"}); burst p99 includes queueing behind the backlog`);
    const stats = services.callbacks.dispatcher!.stats;
    console.log(`dispatcher: ${stats.claimed} claimed, ${stats.delivered} delivered, ${stats.failed} failed attempts`);
  } finally {
    await platform.app.close();
    await platform.close();
    receiver.stop();
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    const { rmSync } = await import("node:fs");
    rmSync(config.dataDir, { recursive: true, force: true });
  }
}
