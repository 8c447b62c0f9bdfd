// Pieces every benchmark shares: signed request headers, positive-integer settings from the
// environment, percentiles, the machine's CPU ticks (to report how busy the box was), the results
// file and the entry that picks the benchmark or its load generator.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { computeRequestSignature, generateNonce } from "../packages/sdk/src/index.ts";

export interface Credentials {
  accessKey: string;
  accessSecret: string;
  userId: string;
}

/** The five signed headers with a fresh timestamp and nonce (MD5 signature, protocol.md §3). */
export function signedHeaders(c: Credentials): Record<string, string> {
  const timestamp = String(Date.now());
  const nonce = generateNonce();
  return {
    "content-type": "application/json",
    "access-key": c.accessKey,
    "user-id": c.userId,
    timestamp,
    "nonce-str": nonce,
    signature: computeRequestSignature(c.accessKey, timestamp, nonce, c.accessSecret),
  };
}

export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** The p-th percentile (nearest rank) of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Whole-machine CPU ticks (Linux /proc/stat); null elsewhere. */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const parts = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (parts[3] ?? 0) + (parts[4] ?? 0);
    const total = parts.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Writes a run's report to bench/results/<name>-<at>.json (git-ignored) and says where. */
export function writeResults(name: string, report: { at: string }): void {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${report.at.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
}

/**
 * A bench file's entry: the load generator when started with --loadgen (the bench spawns itself in
 * a child process for it), the benchmark otherwise; either exits non-zero when it fails.
 */
export function runBench(main: () => Promise<void>, loadgen: () => Promise<void>): void {
  if (process.argv.includes("--loadgen")) {
    loadgen().catch((err) => {
      console.error("load generator failed:", err);
      process.exit(1);
    });
  } else {
    main().then(
      () => process.exit(0),
      (err) => {
        console.error("benchmark failed:", err);
        process.exit(1);
      },
    );
  }
}

/**
 * Prints the machine (and warns when it is already busy) and the database the bench will use:
 * DATABASE_URL, defaulting to the local test database (set in the environment, where the platform's
 * test helpers read it). Returns the load averages before the run and the database URL.
 */
export function announceMachineAndDatabase(): { loadBefore: number[]; databaseUrl: string } {
  const loadBefore = os.loadavg();
  console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")}`);
  if (loadBefore[0]! > os.cpus().length * 0.5) console.log("  warning: the machine is already busy; figures will be noisy");
  if (!process.env["DATABASE_URL"]) {
    process.env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/test";
    console.log(`DATABASE_URL not set; using ${process.env["DATABASE_URL"]}`);
  } else {
    console.log(`DATABASE_URL from the environment: ${process.env["DATABASE_URL"].replace(/\/\/[^@/]*@/, "//…@")}`);
  }
  return { loadBefore, databaseUrl: process.env["DATABASE_URL"] };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by the processes named `postgres` (the server's backends, including
 * exited ones as far as /proc still counts them in their parent's cumulative times). Other users of
 * the same server add to it: a diagnostic, not a figure to compare across machines.
 */
export function postgresCpuSeconds(): number | null {
  try {
    let ticks = 0;
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      const fields = stat.slice(close + 2).split(" ");
      // utime, stime, cutime, cstime are fields 14–17 (1-based), i.e. 11–14 after the comm.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

export const cpuDelta = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);

export const busyShare = (a: { busy: number; total: number } | null, b: { busy: number; total: number } | null) =>
  a && b ? (b.busy - a.busy) / Math.max(1, b.total - a.total) : null;

/** What one load-generator run against a target reports, with this process's CPU meanwhile. */
export interface TargetRun<R> {
  report: R;
  /** This (server) process's CPU over the measured window, in cores. */
  serverCpuCores: number;
  /** Whole-machine CPU busy share over the measured window (Linux /proc/stat), 0..1. */
  machineBusy: number | null;
}

/**
 * Runs `file --loadgen` as a child with the task in BENCH_LOADGEN_TASK; the child reports its phases
 * over IPC ("warmup", "measure", then "done" with its report) and this process measures its own CPU
 * and the machine's over the measured window.
 */
export function runLoadgenChild<R>(file: string, task: { warmupSeconds: number; durationSeconds: number }): Promise<TargetRun<R>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, "--loadgen"], { env: { ...process.env, BENCH_LOADGEN_TASK: JSON.stringify(task) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let cpuStart = process.cpuUsage();
    let wallStart = performance.now();
    let ticksStart = machineTicks();
    let settled = false;
    child.on("message", (message: { phase: string; report?: R }) => {
      if (message.phase === "warmup") process.stdout.write(`  warm-up ${task.warmupSeconds} s…`);
      if (message.phase === "measure") {
        process.stdout.write(` measuring ${task.durationSeconds} s…`);
        cpuStart = process.cpuUsage();
        wallStart = performance.now();
        ticksStart = machineTicks();
      }
      if (message.phase === "done" && message.report) {
        const cpu = process.cpuUsage(cpuStart);
        const wallMs = performance.now() - wallStart;
        const ticksEnd = machineTicks();
        process.stdout.write(" done\n");
        settled = true;
        resolve({
          report: message.report,
          serverCpuCores: (cpu.user + cpu.system) / 1000 / wallMs,
          machineBusy: ticksStart && ticksEnd ? (ticksEnd.busy - ticksStart.busy) / Math.max(1, ticksEnd.total - ticksStart.total) : null,
        });
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!settled) reject(new Error(`load generator exited with ${code} before reporting`));
    });
  });
}
