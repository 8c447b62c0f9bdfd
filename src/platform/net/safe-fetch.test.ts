// Every request in this file goes to 127.0.0.1 only: refusals happen before any connection, and the
// fetches that do connect target a server of the test's own on 127.0.0.1.
import { after, before, describe, mock, test } from "node:test";
import assert from "node:assert/strict";
import dns from "node:dns";
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";
import type { AddressInfo } from "node:net";
import { forbiddenAddressReason, isForbiddenAddress, safeFetch, SafeFetchError } from "./safe-fetch.ts";

const base = { timeoutMs: 2000, maxBytes: 1024, allowHttp: true };

async function refused(url: string, kind: string, options = base) {
  await assert.rejects(safeFetch(url, options), (err: unknown) => {
    assert.ok(err instanceof SafeFetchError, String(err));
    assert.equal(err.kind, kind, `${url}: ${err.message}`);
    return true;
  });
}

test("forbidden addresses", () => {
  for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "224.0.0.1", "255.255.255.255"]) {
    assert.equal(isForbiddenAddress(ip), true, ip);
  }
  for (const ip of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) assert.equal(isForbiddenAddress(ip), false, ip);
});

test("IPv6 forms that carry an IPv4 address are judged by it", () => {
  for (const ip of ["::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b::10.1.1.1", "2002:7f00:1::", "2002:c0a8:101::1", "[::1]", "::", "2001::1", "ff02::1", "fec0::1", "::127.0.0.1"]) {
    assert.equal(isForbiddenAddress(ip), true, ip);
  }
  for (const ip of ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]) assert.equal(isForbiddenAddress(ip), false, ip);
  assert.match(forbiddenAddressReason("::ffff:127.0.0.1")!, /loopback/);
  assert.match(forbiddenAddressReason("169.254.169.254")!, /link-local/);
  assert.match(forbiddenAddressReason("100.100.1.1")!, /carrier-grade NAT/);
  assert.equal(isForbiddenAddress("example.com"), true, "a name is no vetted address");
});

test("ranges come from ipaddr.js; what it reads differently from the network is judged as the network does", () => {
  // ipaddr.js reads "::a.b.c.d" as IPv4-mapped; the network sees the deprecated IPv4-compatible ::/96
  assert.match(forbiddenAddressReason("::8.8.8.8")!, /IPv4-compatible/);
  assert.match(forbiddenAddressReason("::ffff:0:127.0.0.1")!, /IPv4-translated 127\.0\.0\.1, loopback/);
  assert.match(forbiddenAddressReason("64:ff9b:1::1")!, /NAT64/);
  for (const ip of ["2001:db8::1", "198.51.100.7", "2001:2::1", "fe80::1%eth0"]) assert.equal(isForbiddenAddress(ip), true, ip);
  // special-purpose but globally reachable (anycast AS112, AMT relays)
  for (const ip of ["192.175.48.1", "192.52.193.1", "2620:4f:8000::1"]) assert.equal(isForbiddenAddress(ip), false, ip);
});

test("private, loopback and metadata targets are refused before any connection", async () => {
  for (const url of [
    "http://127.0.0.1/",
    "http://localhost:9/",
    "http://[::1]/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://[::ffff:7f00:1]/",
    "https://127.0.0.1/",
    "http://192.168.0.1:8080/x",
    "http://172.31.255.255/",
    "http://100.64.0.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
  ]) {
    await refused(url, "forbidden_address");
  }
  await assert.rejects(safeFetch("http://169.254.169.254/", base), /169\.254\.169\.254.*link-local/);
});

test("a name is refused when ANY of its addresses is private (stubbed resolver, nothing is sent)", async (t) => {
  t.after(() => {
    mock.restoreAll();
    syncBuiltinESMExports();
  });
  mock.method(dns, "lookup", (_host: string, _opts: unknown, cb: (e: null, a: Array<{ address: string; family: number }>) => void) =>
    cb(null, [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]),
  );
  syncBuiltinESMExports();
  await assert.rejects(safeFetch("https://mixed.example/x.png", base), (err: unknown) => {
    assert.ok(err instanceof SafeFetchError);
    assert.equal(err.kind, "forbidden_address");
    assert.match(err.message, /mixed\.example resolves to 10\.0\.0\.7/);
    return true;
  });
});

test("bad schemes and URLs", async () => {
  for (const url of ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)", "data:image/png;base64,AAAA", "gopher://x/", "not a url", "", "http://user:pw@example.com/"]) {
    await refused(url, "bad_url");
  }
  await assert.rejects(safeFetch("file:///etc/passwd", base), /scheme file: is not allowed/);
  await refused("http://example.com/", "bad_url", { ...base, allowHttp: false });
});

describe("against a local server (allowPrivate)", () => {
  let server: http.Server;
  let url: string;
  let port = 0;
  let targetHits = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/ok") res.end("hello");
      else if (req.url === "/redirect") res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
      else if (req.url === "/redirect-here") res.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end("moved");
      else if (req.url === "/target") {
        targetHits++;
        res.end("target");
      } else if (req.url === "/host") res.end(String(req.headers.host));
      else if (req.url === "/declared-big") res.writeHead(200, { "content-length": "5000" }).end(Buffer.alloc(5000));
      else if (req.url === "/stream") {
        // streams without a length, far past the cap, until the client goes away
        let sent = 0;
        const pump = () => {
          while (sent < 1_000_000 && res.write(Buffer.alloc(256))) sent += 256;
          if (sent < 1_000_000 && !res.destroyed) res.once("drain", pump);
          else res.end();
        };
        pump();
      } else if (req.url === "/cut") {
        res.writeHead(200, { "content-length": "100" });
        res.write("0123456789");
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (req.url === "/slow-body") {
        res.writeHead(200);
        res.write("a");
        // the rest never comes: the total deadline must cover the body too
      }
      else if (req.url === "/big") {
        res.write(Buffer.alloc(800));
        res.write(Buffer.alloc(800));
        res.end();
      } else if (req.url === "/echo") {
        let body = "";
        req.on("data", (c) => (body += c)).on("end", () => res.end(`${req.method} ${req.headers.host} ${body}`));
      }
      // /hang: never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const local = { ...base, allowPrivate: true };
  test("fetches, keeps the Host header, sends the body", async () => {
    const ok = await safeFetch(`${url}/ok`, local);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.toString(), "hello");
    const echo = await safeFetch(`${url}/echo`, { ...local, method: "POST", body: "ping" });
    assert.equal(echo.body.toString(), `POST ${url.slice(7)} ping`);
  });
  test("does not follow redirects", async () => {
    const r = await safeFetch(`${url}/redirect`, local);
    assert.equal(r.status, 302);
    assert.equal(r.headers["location"], "http://127.0.0.1:1/elsewhere");
  });
  test("a 302 is returned as is and its Location is not fetched", async () => {
    const r = await safeFetch(`${url}/redirect-here`, local);
    assert.equal(r.status, 302);
    assert.equal(r.headers["location"], `http://127.0.0.1:${port}/target`);
    assert.equal(r.body.toString(), "moved");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(targetHits, 0);
  });
  test("a Host header given by the caller cannot replace the URL's", async () => {
    const r = await safeFetch(`${url}/host`, { ...local, headers: { Host: "internal.example", "X-Test": "1" } });
    assert.equal(r.body.toString(), `127.0.0.1:${port}`);
  });
  test("caps the size while streaming", async () => {
    await refused(`${url}/big`, "too_large", local);
    await refused(`${url}/stream`, "too_large", { ...local, maxBytes: 10_000 });
    await refused(`${url}/declared-big`, "too_large", local);
    const exact = await safeFetch(`${url}/big`, { ...local, maxBytes: 1600 });
    assert.equal(exact.body.length, 1600);
  });
  test("a response cut off mid-body is an http_error", async () => {
    await refused(`${url}/cut`, "http_error", local);
  });
  test("the deadline covers a body that never ends", async () => {
    const started = Date.now();
    await refused(`${url}/slow-body`, "timeout", { ...local, timeoutMs: 300 });
    assert.ok(Date.now() - started < 2000);
  });
  test("connects to the vetted address only, once resolved (no second lookup), Host kept", async (t) => {
    t.after(() => {
      mock.restoreAll();
      syncBuiltinESMExports();
    });
    let calls = 0;
    const answers = ["127.0.0.1", "10.9.9.9"]; // a rebinding resolver: safe first, private afterwards
    mock.method(dns, "lookup", (_host: string, _opts: unknown, cb: (e: null, a: Array<{ address: string; family: number }>) => void) => {
      const address = answers[Math.min(calls++, 1)]!;
      cb(null, [{ address, family: 4 }]);
    });
    syncBuiltinESMExports();
    const r = await safeFetch(`http://images.rebind.test:${port}/host`, local);
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), `images.rebind.test:${port}`);
    assert.equal(calls, 1);
  });
  test("times out", async () => {
    await refused(`${url}/hang`, "timeout", { ...local, timeoutMs: 300 });
  });
  test("connection refused", async () => {
    await refused("http://127.0.0.1:1/", "connect_failed", local);
  });
});
