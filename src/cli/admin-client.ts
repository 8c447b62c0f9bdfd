// How an admin command reaches the platform: over HTTP when a server runs for this data directory
// (or OPENPON_URL is set), otherwise in-process on the data directly. Both go through the same
// /admin routes, so the command line and the operator API can never disagree.
import type { Config } from "../config.ts";
import { buildPlatform, type Platform } from "../app.ts";
import { readOrCreateSecretFile, randomHex } from "../platform/crypto.ts";
import { lockDataDir, readServerInfo } from "../platform/process-lock.ts";

export interface AdminReply<T> {
  code: number;
  msg: string;
  data: T;
}

export class AdminError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export interface AdminClient {
  call<T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
  readonly via: string;
}

function unwrap<T>(reply: AdminReply<T>): T {
  if (reply.code !== 200) throw new AdminError(reply.code, reply.msg);
  return reply.data;
}

export async function connectAdmin(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<AdminClient> {
  const server = env["OPENPON_URL"] ? { url: env["OPENPON_URL"] } : readServerInfo(config.dataDir);
  if (server) {
    const token = config.operatorToken ?? readOrCreateSecretFile(config.dataDir, "operator.token", () => randomHex(24));
    const base = server.url.replace(/\/$/, "");
    return {
      via: base,
      async call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const response = await fetch(base + path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return unwrap((await response.json()) as AdminReply<T>);
      },
      async close() {},
    };
  }
  // Offline: open the data ourselves (PGlite must not be open in two processes at once).
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let platform: Platform;
  try {
    // A short-lived process: callbacks are left to the server (they wait in the database meanwhile).
    platform = await buildPlatform({ ...config, logLevel: "silent", callbackDispatcher: false });
  } catch (err) {
    release();
    throw err;
  }
  return {
    via: platform.database.where,
    async call<T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
      const response = await platform.app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${platform.operatorToken}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return unwrap(response.json() as AdminReply<T>);
    },
    async close() {
      await platform.app.close();
      await platform.close();
      release();
    },
  };
}

/** "?a=1&b=x" of the given parameters (undefined and false left out), "" when none. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== false) search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : "";
}
