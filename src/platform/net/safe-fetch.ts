// Outbound HTTP(S) requests to addresses given by clients (image URLs, callback URLs), guarded
// against server-side request forgery:
//   - only http: and https: (http: only with allowHttp), no credentials in the URL;
//   - the host name is resolved here, once; the request is refused if ANY address it resolves to is
//     loopback, private, link-local, CGNAT, unique-local, multicast, unspecified, broadcast or another
//     special-purpose range of ipaddr.js (IPv4-mapped, IPv4-translated, NAT64 and 6to4 IPv6 forms are
//     judged by the IPv4 inside), unless allowPrivate;
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
import ipaddr from "ipaddr.js";

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

/** Special-purpose ranges that IANA lists as globally reachable (anycast services, overlay identifiers): allowed. */
const GLOBALLY_REACHABLE = new Set(["unicast", "as112", "as112v6", "amt", "orchid2", "droneRemoteIdProtocolEntityTags"]);

/** ipaddr.js's names of the special-purpose ranges, as people say them; any other is spelt out ("segment routing"). */
const RANGE_NAMES: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT",
  private: "private",
  reserved: "reserved (documentation, benchmarking or special use)",
  uniqueLocal: "unique-local",
  deprecatedSiteLocal: "site-local",
  rfc6052: "local-use NAT64",
  teredo: "Teredo",
  discard: "discard-only",
};

/** IPv6 ranges that carry an IPv4 address (byte offset): judged by that address. NAT64 only with its well-known /96 prefix. */
const CARRIERS: Record<string, { label: string; at: number }> = {
  ipv4Mapped: { label: "IPv4-mapped", at: 12 },
  rfc6145: { label: "IPv4-translated", at: 12 },
  rfc6052: { label: "NAT64", at: 12 },
  "6to4": { label: "6to4", at: 2 },
};
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");

function reasonOf(ip: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  const range: string = ip.range();
  if (ip.kind() === "ipv6") {
    const bytes = ip.toByteArray();
    const carrier = CARRIERS[range];
    if (carrier && (range !== "rfc6052" || ip.match(NAT64_WELL_KNOWN))) {
      const v4 = ipaddr.fromByteArray(bytes.slice(carrier.at, carrier.at + 4));
      const reason = reasonOf(v4);
      return reason && `${carrier.label} ${v4.toString()}, ${reason}`;
    }
    // ::a.b.c.d, deprecated (ipaddr.js calls it unicast; :: and ::1 are matched before)
    if (range === "unicast" && bytes.slice(0, 12).every((b) => b === 0)) return "IPv4-compatible (::/96)";
  }
  if (GLOBALLY_REACHABLE.has(range)) return null;
  return RANGE_NAMES[range] ?? range.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/**
 * Why an IP address (v4 or v6 text, brackets allowed) must not be reached without allowPrivate, or
 * null when it is a public address. Text that is no IP address at all is refused too.
 */
export function forbiddenAddressReason(address: string): string | null {
  let a = address.trim();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  // net.isIP first: ipaddr.js also reads forms such as 0x7f.1 or 0177.0.0.1, which are no addresses here.
  const family = net.isIP(a);
  if (family === 4) return reasonOf(ipaddr.parse(a));
  // IPv6 in the URL standard's hex form: ipaddr.js would read ::a.b.c.d as IPv4-mapped, the network as IPv4-compatible.
  if (family === 6) return reasonOf(ipaddr.parse(new URL(`http://[${a.replace(/%.*$/, "")}]/`).hostname.slice(1, -1)));
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
