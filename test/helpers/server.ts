// Test harness: a real platform on a real port, backed by PGlite (default) or by the PostgreSQL of
// DATABASE_URL in a fresh schema per server, and a signed SDK client for each developer.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { OpenponClient, type ClientOptions } from "@openpon/sdk";
import { buildPlatform, type BuildOptions, type Platform } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import type { Clock } from "../../src/platform/clock.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const POSTGRES_URL = process.env["DATABASE_URL"];
/** Redis for the tests that exercise it (set by .ci/run); those tests skip without it. */
export const TEST_REDIS_URL = process.env["TEST_REDIS_URL"];

export interface TestDeveloper {
  developId: string;
  accessKey: string;
  accessSecret: string;
  userId: string;
  client: OpenponClient;
}

export interface TestServer {
  url: string;
  platform: Platform;
  config: Config;
  /** Operator API call; returns the envelope. */
  admin<T = unknown>(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<{ code: number; msg: string; data: T }>;
  createDeveloper(options?: { userName?: string; clientOptions?: Partial<ClientOptions>; live?: boolean }): Promise<TestDeveloper>;
  addUser(developId: string, userName: string): Promise<string>;
  close(): Promise<void>;
}

export function tempDir(prefix = "openpon-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function freshSchema(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

export async function dropSchema(schema: string): Promise<void> {
  if (!POSTGRES_URL) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/** Config for a test server: PGlite in memory, or PostgreSQL in a new schema. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    {},
    {
      port: 0,
      host: "127.0.0.1",
      dataDir: tempDir(),
      databaseUrl: POSTGRES_URL ?? "memory://",
      databaseSchema: freshSchema(),
      logLevel: "silent",
      bootstrapSandbox: false,
      ...overrides,
    },
  );
}

let userCounter = 0;

export async function startServer(options: { config?: Partial<Config>; clock?: Clock; logStream?: NodeJS.WritableStream; liveConnectors?: BuildOptions["liveConnectors"] } = {}): Promise<TestServer> {
  const config = testConfig(options.config);
  const platform = await buildPlatform(config, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.liveConnectors ? { liveConnectors: options.liveConnectors } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  await platform.app.listen({ port: 0, host: "127.0.0.1" });
  const port = (platform.app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;

  const admin: TestServer["admin"] = async (method, p, body) => {
    const response = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${platform.operatorToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as never;
  };

  const server: TestServer = {
    url,
    platform,
    config,
    admin,
    async createDeveloper(o = {}) {
      const userName = o.userName ?? `user${++userCounter}`;
      const reply = await admin<{ developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } }>(
        "POST",
        "/admin/developers",
        { name: `dev-${userName}`, userName, ...(o.live ? { sandbox: false } : {}) },
      );
      if (reply.code !== 200) throw new Error(`createDeveloper: ${reply.code} ${reply.msg}`);
      const { developer, credentials, user } = reply.data;
      const client = new OpenponClient({
        baseUrl: url,
        accessKey: credentials.accessKey,
        accessSecret: credentials.accessSecret,
        userId: user.userId,
        ...(options.clock ? { now: () => options.clock!.now() } : {}),
        ...o.clientOptions,
      });
      return { developId: developer.developId, accessKey: credentials.accessKey, accessSecret: credentials.accessSecret, userId: user.userId, client };
    },
    async addUser(developId, userName) {
      const reply = await admin<{ userId: string }>("POST", `/admin/developers/${developId}/users`, { userName });
      if (reply.code !== 200) throw new Error(`addUser: ${reply.code} ${reply.msg}`);
      return reply.data.userId;
    },
    async close() {
      await platform.app.close();
      await platform.close();
      await dropSchema(config.databaseSchema);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `node src/main.ts serve` as a separate process (cross-process tests). */
export async function spawnServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, [path.join(ROOT, "src/main.ts"), "serve"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (out += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const match = /openpon listening on \S+ .*docs at (http:\/\/127\.0\.0\.1:\d+)\/docs/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    process: child,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

/** Posts raw bytes with arbitrary headers (for malformed-request tests). */
export async function rawPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Polls `read` until `done` holds (or fails after `ms`, saying what it waited for and what it last saw). */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
