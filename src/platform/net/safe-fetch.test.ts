import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { isForbiddenAddress, safeFetch, SafeFetchError } from "./safe-fetch.ts";

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
  ]) {
    await refused(url, "forbidden_address");
  }
});

test("bad schemes and URLs", async () => {
  for (const url of ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)", "not a url", "http://user:pw@example.com/"]) await refused(url, "bad_url");
  await refused("http://example.com/", "bad_url", { ...base, allowHttp: false });
});

describe("against a local server (allowPrivate)", () => {
  let server: http.Server;
  let url: string;
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/ok") res.end("hello");
      else if (req.url === "/redirect") res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
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
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  test("caps the size while streaming", async () => {
    await refused(`${url}/big`, "too_large", local);
  });
  test("times out", async () => {
    await refused(`${url}/hang`, "timeout", { ...local, timeoutMs: 300 });
  });
  test("connection refused", async () => {
    await refused("http://127.0.0.1:1/", "connect_failed", local);
  });
});
