// Outbound HTTP(S) requests to addresses given by clients (image URLs, callback URLs), guarded
// against server-side request forgery:
//   - only http: and https: (http: only with allowHttp), no credentials in the URL;
//   - the host name is resolved here, once; the request is refused if ANY address it resolves to is
//     loopback, private, link-local, CGNAT, unique-local, multicast, unspecified, broadcast or another
//     special-purpose range (IPv4-mapped, NAT64 and 6to4 IPv6 forms are judged by the IPv4 inside),
//     unless allowPrivate;
//   - the connection goes to the vetted addresses only (no second lookup, so DNS rebinding cannot
//     swap them), while the Host header and the TLS server name stay those of the URL;
//   - redirects are not followed: a 3xx is returned as it came;
//   - one deadline (timeoutMs) covers lookup, connect, request and the whole body; connectTimeoutMs
//     bounds the connection alone; the body is streamed and the request aborted once it passes
//     maxBytes.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

export type SafeFetchErrorKind = "forbidden_address" | "bad_url" | "timeout" | "too_large" | "connect_failed" | "http_error";

export class SafeFetchError extends Error {
  readonly kind: SafeFetchErrorKind;
  constructor(kind: SafeFetchErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = "SafeFetchError";
  }
}

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Deadline for the whole exchange: lookup, connect, request, response body. */
  timeoutMs: number;
  /** Deadline for the TCP (and TLS) connection alone; defaults to timeoutMs. */
  connectTimeoutMs?: number;
  /** Most response body bytes accepted. */
  maxBytes: number;
  /** Allow loopback and private addresses (tests, trusted deployments). */
  allowPrivate?: boolean;
  /** Allow plain http: URLs. */
  allowHttp?: boolean;
}

export interface SafeFetchResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

// ---------------------------------------------------------------------------------------------------
// Address classification

/** IPv4 dotted quad → unsigned 32-bit number, or null. */
function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** IPv6 text (no brackets, no zone) → 16 bytes, or null. */
function parseIpv6(text: string): Uint8Array | null {
  let s = text;
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const out = new Uint8Array(16);
  // An embedded dotted quad at the end takes the last two groups.
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".", lastColon)) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [(v4 >>> 16) & 0xffff, v4 & 0xffff];
    s = s.slice(0, lastColon + 1) + "0";
    // "0" placeholder is replaced below by the two groups
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parseGroups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  const groups: number[] = [];
  for (const g of [...head, ...rest]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
  }
  const toNums = (gs: string[]) => gs.map((g) => parseInt(g, 16));
  let headN = toNums(head);
  let restN = toNums(rest);
  if (tail.length) {
    // the placeholder group is the last one written
    if (restN.length) restN = [...restN.slice(0, -1), ...tail];
    else headN = [...headN.slice(0, -1), ...tail];
  }
  const total = headN.length + restN.length;
  if (halves.length === 1) {
    if (total !== 8) return null;
    groups.push(...headN);
  } else {
    if (total > 7) return null;
    groups.push(...headN, ...new Array<number>(8 - total).fill(0), ...restN);
  }
  for (let i = 0; i < 8; i++) {
    out[i * 2] = groups[i]! >>> 8;
    out[i * 2 + 1] = groups[i]! & 0xff;
  }
  return out;
}

function inV4(ip: number, base: string, bits: number): boolean {
  const b = parseIpv4(base)!;
  if (bits === 0) return true;
  const shift = 32 - bits;
  return Math.floor(ip / 2 ** shift) === Math.floor(b / 2 ** shift);
}

/** Why an IPv4 address may not be reached, or null when it is public. */
function ipv4Reason(ip: number): string | null {
  if (inV4(ip, "0.0.0.0", 8)) return "unspecified (0.0.0.0/8)";
  if (inV4(ip, "10.0.0.0", 8)) return "private (10.0.0.0/8)";
  if (inV4(ip, "100.64.0.0", 10)) return "carrier-grade NAT (100.64.0.0/10)";
  if (inV4(ip, "127.0.0.0", 8)) return "loopback (127.0.0.0/8)";
  if (inV4(ip, "169.254.0.0", 16)) return "link-local (169.254.0.0/16)";
  if (inV4(ip, "172.16.0.0", 12)) return "private (172.16.0.0/12)";
  if (inV4(ip, "192.0.0.0", 24)) return "special-purpose (192.0.0.0/24)";
  if (inV4(ip, "192.0.2.0", 24)) return "documentation (192.0.2.0/24)";
  if (inV4(ip, "192.88.99.0", 24)) return "6to4 relay (192.88.99.0/24)";
  if (inV4(ip, "192.168.0.0", 16)) return "private (192.168.0.0/16)";
  if (inV4(ip, "198.18.0.0", 15)) return "benchmarking (198.18.0.0/15)";
  if (inV4(ip, "198.51.100.0", 24)) return "documentation (198.51.100.0/24)";
  if (inV4(ip, "203.0.113.0", 24)) return "documentation (203.0.113.0/24)";
  if (inV4(ip, "224.0.0.0", 4)) return "multicast (224.0.0.0/4)";
  if (ip === 0xffffffff) return "broadcast (255.255.255.255)";
  if (inV4(ip, "240.0.0.0", 4)) return "reserved (240.0.0.0/4)";
  return null;
}

function v4At(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function v4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Why an IPv6 address may not be reached, or null when it is public. */
function ipv6Reason(b: Uint8Array): string | null {
  const zeroTo = (end: number) => b.subarray(0, end).every((x) => x === 0);
  if (zeroTo(16)) return "unspecified (::)";
  if (zeroTo(15) && b[15] === 1) return "loopback (::1)";
  // IPv4-mapped ::ffff:0:0/96 and IPv4-compatible ::/96: judged by the IPv4 address inside
  if (zeroTo(10) && b[10] === 0xff && b[11] === 0xff) {
    const r = ipv4Reason(v4At(b, 12));
    return r ? `IPv4-mapped ${v4Text(v4At(b, 12))}, ${r}` : null;
  }
  if (zeroTo(12)) return "IPv4-compatible (::/96)";
  // NAT64 64:ff9b::/96
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0)) {
    const r = ipv4Reason(v4At(b, 12));
    return r ? `NAT64 ${v4Text(v4At(b, 12))}, ${r}` : null;
  }
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b[4] === 0 && b[5] === 1) return "local NAT64 (64:ff9b:1::/48)";
  // 6to4 2002::/16 carries an IPv4 address in bits 16..48
  if (b[0] === 0x20 && b[1] === 0x02) {
    const r = ipv4Reason(v4At(b, 2));
    return r ? `6to4 ${v4Text(v4At(b, 2))}, ${r}` : null;
  }
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return "Teredo (2001::/32)";
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return "documentation (2001:db8::/32)";
  if (b[0] === 0x01 && b[1] === 0x00 && b.subarray(2, 8).every((x) => x === 0)) return "discard (100::/64)";
  if ((b[0]! & 0xfe) === 0xfc) return "unique-local (fc00::/7)";
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return "link-local (fe80::/10)";
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return "site-local (fec0::/10)";
  if (b[0] === 0xff) return "multicast (ff00::/8)";
  return null;
}

/**
 * Why an IP address (v4 or v6 text, brackets allowed) must not be reached without allowPrivate, or
 * null when it is a public address. Text that is no IP address at all is refused too.
 */
export function forbiddenAddressReason(address: string): string | null {
  let a = address.trim();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const family = net.isIP(a);
  if (family === 4) return ipv4Reason(parseIpv4(a)!);
  if (family === 6) {
    const bytes = parseIpv6(a);
    return bytes ? ipv6Reason(bytes) : "not a valid IPv6 address";
  }
  return "not an IP address";
}

export function isForbiddenAddress(address: string): boolean {
  return forbiddenAddressReason(address) !== null;
}

// ---------------------------------------------------------------------------------------------------
// Fetch

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses);
    });
  });
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

export async function safeFetch(url: string, options: SafeFetchOptions): Promise<SafeFetchResponse> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError("timeoutMs must be a positive number");
  if (!(Number.isFinite(options.maxBytes) && options.maxBytes >= 0)) throw new RangeError("maxBytes must be a non-negative number");

  // 1. The URL.
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SafeFetchError("bad_url", `"${String(url).slice(0, 200)}" is not an absolute URL`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new SafeFetchError("bad_url", `URL scheme ${target.protocol} is not allowed (only https${options.allowHttp ? " and http" : ""})`);
  }
  if (target.protocol === "http:" && !options.allowHttp) {
    throw new SafeFetchError("bad_url", "plain http URLs are not allowed, use https");
  }
  if (target.username || target.password) throw new SafeFetchError("bad_url", "URL must not carry a user name or password");
  const method = (options.method ?? "GET").toUpperCase();
  if (!TOKEN.test(method)) throw new SafeFetchError("bad_url", `HTTP method "${method}" is not valid`);
  const hostname = target.hostname; // the WHATWG parser already turned 2130706433, 0x7f.1, … into dotted quads
  if (!hostname) throw new SafeFetchError("bad_url", "URL has no host");
  const literal = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const port = target.port ? Number(target.port) : target.protocol === "https:" ? 443 : 80;

  const remaining = () => timeoutMs - (Date.now() - started);
  const timeoutError = () => new SafeFetchError("timeout", `${target.host} did not answer within ${timeoutMs} ms`);

  // 2. The addresses, resolved once and vetted.
  let addresses: LookupAddress[];
  const family = net.isIP(literal);
  if (family) {
    addresses = [{ address: literal, family }];
  } else {
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        lookupAll(hostname),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutError()), Math.max(1, remaining()));
        }),
      ]);
    } catch (err) {
      if (err instanceof SafeFetchError) throw err;
      throw new SafeFetchError("connect_failed", `cannot resolve host ${hostname}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    if (addresses.length === 0) throw new SafeFetchError("connect_failed", `host ${hostname} has no address`);
  }
  if (!options.allowPrivate) {
    for (const a of addresses) {
      const reason = forbiddenAddressReason(a.address);
      if (reason) {
        throw new SafeFetchError(
          "forbidden_address",
          `${family ? "address" : `host ${hostname} resolves to`} ${a.address}, which is ${reason}: not allowed`,
        );
      }
    }
  }

  // 3. The request, to the vetted addresses only.
  const vetted = addresses.map((a) => ({ address: a.address, family: a.family }));
  const pinnedLookup = (
    _host: string,
    opts: { all?: boolean } | number,
    cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    if (typeof opts === "object" && opts?.all) cb(null, vetted);
    else cb(null, vetted[0]!.address, vetted[0]!.family);
  };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (k.toLowerCase() === "host") continue;
    headers[k] = v;
  }
  headers["Host"] = target.host;
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, "utf8");
  if (body !== undefined) headers["Content-Length"] = String(body.length);

  if (remaining() <= 0) throw timeoutError();
  const lib = target.protocol === "https:" ? https : http;
  return new Promise<SafeFetchResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: SafeFetchError | null, value?: SafeFetchResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(value!);
    };
    const req = lib.request({
      method,
      host: family ? literal : hostname,
      port,
      path: `${target.pathname}${target.search}`,
      headers,
      agent: false,
      lookup: family ? undefined : (pinnedLookup as unknown as net.LookupFunction),
      // TLS: certificate checked against the URL's host name (an IP literal is checked as an IP)
      ...(target.protocol === "https:" && !family ? { servername: hostname } : {}),
    });
    const totalTimer = setTimeout(() => finish(timeoutError()), Math.max(1, remaining()));
    const connectLimit = Math.min(options.connectTimeoutMs ?? timeoutMs, Math.max(1, remaining()));
    const connectTimer = setTimeout(
      () => finish(new SafeFetchError("timeout", `connecting to ${target.host} took longer than ${connectLimit} ms`)),
      connectLimit,
    );
    req.on("socket", (socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (target.protocol === "https:") socket.once("secureConnect", connected);
      else if ((socket as net.Socket).connecting === false) connected();
      else socket.once("connect", connected);
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (settled) return;
      const code = err.code ?? "";
      const connectCodes = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"];
      if (connectCodes.includes(code) || /certificate|self.signed|CERT_|ERR_TLS|SSL/i.test(`${code} ${err.message}`)) {
        finish(new SafeFetchError("connect_failed", `cannot connect to ${target.host}: ${code || err.message}`));
      } else {
        finish(new SafeFetchError("http_error", `request to ${target.host} failed: ${code || err.message}`));
      }
    });
    req.on("response", (res) => {
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        finish(new SafeFetchError("too_large", `${target.host} sends ${declared} bytes, more than the ${options.maxBytes} byte limit`));
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > options.maxBytes) {
          finish(new SafeFetchError("too_large", `${target.host} sent more than the ${options.maxBytes} byte limit`));
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        finish(null, { status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks, size) });
      });
      res.on("aborted", () => finish(new SafeFetchError("http_error", `${target.host} closed the connection mid-response`)));
      res.on("error", (err: NodeJS.ErrnoException) =>
        finish(new SafeFetchError("http_error", `reading the response of ${target.host} failed: ${err.code ?? err.message}`)),
      );
      res.on("close", () => {
        if (!res.complete) finish(new SafeFetchError("http_error", `${target.host} closed the connection mid-response`));
      });
    });
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
