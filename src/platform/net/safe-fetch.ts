// Outbound HTTP(S) guarded against SSRF (image URLs now, callback deliveries later).
// The host is resolved here and every address vetted; the connection then goes to the vetted
// address itself (no second lookup, so no DNS rebinding), with the original Host header and TLS
// server name. Redirects are returned, never followed. Total timeout and byte cap are enforced
// while the answer streams.
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";

export type SafeFetchErrorKind = "forbidden_address" | "bad_url" | "timeout" | "too_large" | "connect_failed" | "http_error";

export class SafeFetchError extends Error {
  readonly kind: SafeFetchErrorKind;
  constructor(kind: SafeFetchErrorKind, message: string) {
    super(message);
    this.name = "SafeFetchError";
    this.kind = kind;
  }
}

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole exchange, from DNS to the last byte. */
  timeoutMs: number;
  connectTimeoutMs?: number;
  maxBytes: number;
  /** Allow loopback and private targets (sandbox callbacks to localhost, tests). */
  allowPrivate?: boolean;
  /** Allow plain http: (otherwise https: only). */
  allowHttp?: boolean;
}

export interface SafeFetchResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const BLOCKED = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this" network, unspecified
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64 (may reach IPv4 private space)
  ["2001:db8::", 32], // documentation
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d or ::ffff:xxxx:yyyy) as the IPv4 it maps. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return address;
}

/** True for loopback, private, link-local, CGNAT, multicast, unspecified and reserved addresses. */
export function isForbiddenAddress(address: string): boolean {
  const ip = unmapped(address);
  const family = net.isIP(ip);
  if (family === 0) return true;
  return BLOCKED.check(ip, family === 4 ? "ipv4" : "ipv6");
}

export async function safeFetch(target: string, options: SafeFetchOptions): Promise<SafeFetchResponse> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new SafeFetchError("bad_url", "not an absolute URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowHttp)) {
    throw new SafeFetchError("bad_url", options.allowHttp ? "only http and https URLs are allowed" : "only https URLs are allowed");
  }
  if (url.username || url.password) throw new SafeFetchError("bad_url", "URLs with credentials are not allowed");
  const deadline = Date.now() + options.timeoutMs;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");

  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(hostname)) addresses = [{ address: hostname, family: net.isIP(hostname) }];
  else {
    try {
      addresses = await withTimeout(dns.lookup(hostname, { all: true, verbatim: true }), deadline, "resolving the host timed out");
    } catch (err) {
      if (err instanceof SafeFetchError) throw err;
      throw new SafeFetchError("connect_failed", `cannot resolve ${hostname}`);
    }
  }
  if (addresses.length === 0) throw new SafeFetchError("connect_failed", `cannot resolve ${hostname}`);
  if (!options.allowPrivate && addresses.some((a) => isForbiddenAddress(a.address))) {
    throw new SafeFetchError("forbidden_address", `${hostname} resolves to a private, loopback or reserved address`);
  }
  const target0 = addresses[0]!;

  return new Promise<SafeFetchResponse>((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const request = transport.request({
      host: target0.address,
      family: target0.family,
      port: url.port || (url.protocol === "https:" ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: options.method ?? "GET",
      headers: { host: url.host, ...(body ? { "content-length": String(body.length) } : {}), ...options.headers },
      ...(url.protocol === "https:" && !net.isIP(hostname) ? { servername: hostname } : {}),
      agent: false,
    });
    let settled = false;
    const fail = (error: SafeFetchError) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      request.destroy();
      reject(error);
    };
    const total = setTimeout(() => fail(new SafeFetchError("timeout", `no complete answer within ${options.timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
    const connect = setTimeout(
      () => fail(new SafeFetchError("timeout", `no connection within ${options.connectTimeoutMs} ms`)),
      options.connectTimeoutMs ?? options.timeoutMs,
    );
    request.on("socket", (socket) => socket.once(socket.connecting ? "connect" : "ready", () => clearTimeout(connect)));
    request.on("error", (err) => fail(new SafeFetchError("connect_failed", `request failed: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    request.on("response", (response) => {
      clearTimeout(connect);
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        fail(new SafeFetchError("too_large", `answer is larger than ${options.maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) fail(new SafeFetchError("too_large", `answer is larger than ${options.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on("error", () => fail(new SafeFetchError("connect_failed", "the answer was cut off")));
      response.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(body);
  });
}

function withTimeout<T>(promise: Promise<T>, deadline: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SafeFetchError("timeout", message)), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
