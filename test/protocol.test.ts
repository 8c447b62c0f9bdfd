// The signed /v2 surface against protocol.md §2-6 and §8: headers, signature, timestamp window,
// nonces, user scoping, rate limits, validation, unknown routes, the order of checks, the envelope,
// the HMAC-SHA256 option, and secret-free logs. Everything goes through real HTTP.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { computeRequestSignature, generateNonce, OpenponClient } from "@openpon/sdk";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const ADDRESS_GET = "/v2/open/address/get";
const ORDER_PAGE = "/v2/taobao/order/page";
const REQUEST_ID = /^[0-9a-f]{32}$/;
const WINDOW_MS = 600_000;

interface Reply {
  status: number;
  requestId: string;
  code: number;
  developId: string | null;
  msg: string;
  data: unknown;
}

interface SignOptions {
  accessKey?: string;
  secret?: string;
  timestamp?: string;
  /** null = no nonce-str header; undefined = a fresh one. */
  nonce?: string | null;
  userId?: string;
  /** Overrides the computed signature. */
  signature?: string;
}

/** MD5 headers (protocol.md §3.1) built by hand, for exact control over every value. */
function md5Headers(dev: TestDeveloper, o: SignOptions = {}): Record<string, string> {
  const accessKey = o.accessKey ?? dev.accessKey;
  const timestamp = o.timestamp ?? String(Date.now());
  const nonce = o.nonce === null ? undefined : (o.nonce ?? generateNonce());
  const signature = o.signature ?? computeRequestSignature(accessKey, timestamp, nonce, o.secret ?? dev.accessSecret);
  return {
    "access-key": accessKey,
    timestamp,
    ...(nonce === undefined ? {} : { "nonce-str": nonce }),
    "user-id": o.userId ?? dev.userId,
    signature,
  };
}

function without(headers: Record<string, string>, name: string): Record<string, string> {
  const copy = { ...headers };
  delete copy[name];
  return copy;
}

/** One raw HTTP call; checks what every reply must satisfy (protocol.md §5) and returns the envelope. */
async function send(
  baseUrl: string,
  headers: Record<string, string>,
  options: { path?: string; method?: "GET" | "POST"; body?: string } = {},
): Promise<Reply> {
  const method = options.method ?? "POST";
  const body = method === "GET" ? undefined : (options.body ?? "{}");
  const response = await fetch(baseUrl + (options.path ?? ADDRESS_GET), {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let envelope: Omit<Reply, "status">;
  try {
    envelope = JSON.parse(text);
  } catch {
    assert.fail(`HTTP ${response.status} without a JSON envelope: ${text.slice(0, 200)}`);
  }
  checkEnvelope(response.status, envelope);
  return { status: response.status, ...envelope };
}

function checkEnvelope(status: number, envelope: Omit<Reply, "status">): void {
  assert.equal(status, 200, `HTTP status must be 200 whatever the code (got ${status}, code ${envelope.code})`);
  assert.deepEqual(Object.keys(envelope), ["requestId", "code", "developId", "msg", "data"]);
  assert.match(envelope.requestId, REQUEST_ID);
  assert.equal(typeof envelope.code, "number");
  assert.equal(typeof envelope.msg, "string");
  if (envelope.code !== 200) assert.equal(envelope.data, null, `data must be null on failure (code ${envelope.code})`);
  if (envelope.code === 40001 || envelope.code === 40101) assert.equal(envelope.developId, null);
}

function expectCode(reply: Reply, code: number, msgIncludes?: string): Reply {
  assert.equal(reply.code, code, `expected ${code}, got ${reply.code}: ${reply.msg}`);
  if (msgIncludes !== undefined) assert.match(reply.msg, new RegExp(`(^|[^\\w.-])${msgIncludes}(?![\\w-])`), `msg ${JSON.stringify(reply.msg)} should mention ${msgIncludes}`);
  return reply;
}

/** The SDK's raw call, with the same envelope checks. */
async function sdk(client: OpenponClient, method: "GET" | "POST", path: string, options: Parameters<OpenponClient["raw"]>[2] = {}): Promise<Reply> {
  const { status, envelope } = await client.raw(method, path, options);
  checkEnvelope(status, envelope as Omit<Reply, "status">);
  return { status, ...(envelope as Omit<Reply, "status">) };
}

let server: TestServer;
let dev: TestDeveloper;
let other: TestDeveloper;
/** A second server for the stricter settings: nonce-str required, 2 KB body limit. */
let strict: TestServer;
let strictDev: TestDeveloper;

before(async () => {
  server = await startServer();
  dev = await server.createDeveloper();
  other = await server.createDeveloper();
  strict = await startServer({ config: { requireNonce: true, bodyLimitBytes: 2048 } });
  strictDev = await strict.createDeveloper();
});

after(async () => {
  await server?.close();
  await strict?.close();
});

describe("40001 missing or malformed system headers", () => {
  for (const name of ["access-key", "timestamp", "user-id", "signature"]) {
    test(`${name} absent → 40001 naming it`, async () => {
      expectCode(await send(server.url, without(md5Headers(dev), name)), 40001, name);
    });
    test(`${name} empty → 40001 naming it`, async () => {
      expectCode(await send(server.url, { ...md5Headers(dev), [name]: "" }), 40001, name);
    });
  }

  test("the complete set of headers passes (control)", async () => {
    expectCode(await send(server.url, md5Headers(dev)), 200);
  });

  test("header names are matched case-insensitively", async () => {
    const upper = Object.fromEntries(Object.entries(md5Headers(dev)).map(([k, v]) => [k.toUpperCase(), v]));
    expectCode(await send(server.url, upper), 200);
  });

  test("nonce-str is optional by default", async () => {
    expectCode(await send(server.url, md5Headers(dev, { nonce: null })), 200);
  });

  test("nonce-str of 65 characters → 40001", async () => {
    expectCode(await send(server.url, md5Headers(dev, { nonce: "a".repeat(65) })), 40001, "nonce-str");
  });

  test("nonce-str of 64 characters of [A-Za-z0-9_-] is accepted", async () => {
    expectCode(await send(server.url, md5Headers(dev, { nonce: `${generateNonce(62)}_-` })), 200);
  });

  test("nonce-str containing '!' → 40001", async () => {
    expectCode(await send(server.url, md5Headers(dev, { nonce: "abc!def" })), 40001, "nonce-str");
  });

  describe("with requireNonce: true", () => {
    test("nonce-str absent → 40001", async () => {
      expectCode(await send(strict.url, md5Headers(strictDev, { nonce: null })), 40001, "nonce-str");
    });
    test("nonce-str empty → 40001", async () => {
      const headers = md5Headers(strictDev, { nonce: null });
      expectCode(await send(strict.url, { ...headers, "nonce-str": "" }), 40001, "nonce-str");
    });
    test("nonce-str present → 200", async () => {
      expectCode(await send(strict.url, md5Headers(strictDev)), 200);
    });
  });
});

describe("40101 unknown or disabled access-key", () => {
  test("an access-key that was never issued → 40101", async () => {
    const accessKey = "0".repeat(32);
    expectCode(await send(server.url, md5Headers(dev, { accessKey })), 40101);
  });

  test("a disabled developer → 40101; enabled again → 200", async () => {
    const d = await server.createDeveloper();
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200); // cached on this node now
    assert.equal((await server.admin("POST", `/admin/developers/${d.developId}/disable`)).code, 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 40101);
    assert.equal((await server.admin("POST", `/admin/developers/${d.developId}/enable`)).code, 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200);
  });
});

describe("40102 timestamp", () => {
  test("700 s in the past (ms) → 40102", async () => {
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Date.now() - 700_000) })), 40102);
  });
  test("700 s in the future (ms) → 40102", async () => {
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Date.now() + 700_000) })), 40102);
  });
  test("700 s in the past (s) → 40102", async () => {
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Math.floor(Date.now() / 1000) - 700) })), 40102);
  });
  for (const [label, value] of [
    ["abc", "abc"],
    ["11 digits", String(Math.floor(Date.now() / 100))],
    ["12 digits", String(Math.floor(Date.now() / 10))],
    ["14 digits", String(Date.now() * 10)],
    ["a decimal", `${Math.floor(Date.now() / 1000)}.5`],
    ["signed", `+${Date.now()}`],
  ] as const) {
    test(`malformed (${label}) → 40102`, async () => {
      expectCode(await send(server.url, md5Headers(dev, { timestamp: value })), 40102);
    });
  }
  test("seconds (10 digits) are accepted (SDK timestampUnit: s)", async () => {
    const client = new OpenponClient({ ...dev.client.options, timestampUnit: "s" });
    assert.match(client.signHeaders("POST", ADDRESS_GET, "{}")["timestamp"]!, /^\d{10}$/);
    expectCode(await sdk(client, "POST", ADDRESS_GET, { body: {} }), 200);
  });
  test("milliseconds (13 digits) are accepted (SDK default)", async () => {
    assert.match(dev.client.signHeaders("POST", ADDRESS_GET, "{}")["timestamp"]!, /^\d{13}$/);
    expectCode(await sdk(dev.client, "POST", ADDRESS_GET, { body: {} }), 200);
  });
  test("inside the window on both sides (±590 s) → 200", async () => {
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Date.now() - WINDOW_MS + 10_000) })), 200);
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Date.now() + WINDOW_MS - 10_000) })), 200);
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Math.floor(Date.now() / 1000) + 590) })), 200);
  });
});

describe("40103 signature", () => {
  test("a wrong signature → 40103", async () => {
    expectCode(await send(server.url, md5Headers(dev, { secret: "not-the-secret" })), 40103);
    expectCode(await send(server.url, md5Headers(dev, { signature: "0".repeat(32) })), 40103);
    expectCode(await send(server.url, md5Headers(dev, { signature: "ABC" })), 40103);
  });

  test("the signature does not cover user-id (the user may change)", async () => {
    const userId = await server.addUser(dev.developId, `second-${generateNonce(6)}`);
    expectCode(await send(server.url, md5Headers(dev, { userId })), 200);
  });

  test("a signature over a different timestamp than sent → 40103", async () => {
    const timestamp = String(Date.now());
    const headers = md5Headers(dev, { timestamp });
    headers["timestamp"] = String(Number(timestamp) - 1);
    expectCode(await send(server.url, headers), 40103);
  });

  test("lower-case hex is accepted", async () => {
    const headers = md5Headers(dev);
    headers["signature"] = headers["signature"]!.toLowerCase();
    assert.match(headers["signature"], /^[0-9a-f]{32}$/);
    expectCode(await send(server.url, headers), 200);
  });

  test("after a key reset the old secret answers 40103 at once and the new one works", async () => {
    const d = await server.createDeveloper();
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200); // warm the key cache
    const reset = await server.admin<{ accessKey: string; accessSecret: string }>("POST", `/admin/developers/${d.developId}/key/reset`);
    assert.equal(reset.code, 200);
    assert.equal(reset.data.accessKey, d.accessKey);
    assert.notEqual(reset.data.accessSecret, d.accessSecret);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 40103);
    const renewed = new OpenponClient({ ...d.client.options, accessSecret: reset.data.accessSecret });
    expectCode(await sdk(renewed, "POST", ADDRESS_GET, { body: {} }), 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 40103);
  });
});

describe("40104 nonce replay", () => {
  test("the same nonce twice → the second is 40104", async () => {
    const nonce = generateNonce();
    const headers = md5Headers(dev, { nonce });
    expectCode(await send(server.url, headers), 200);
    expectCode(await send(server.url, headers), 40104);
  });

  test("the same nonce with a different timestamp → 40104", async () => {
    const nonce = generateNonce();
    expectCode(await send(server.url, md5Headers(dev, { nonce, timestamp: String(Date.now() - 5_000) })), 200);
    expectCode(await send(server.url, md5Headers(dev, { nonce, timestamp: String(Math.floor(Date.now() / 1000)) })), 40104);
  });

  test("the same nonce on another endpoint → 40104", async () => {
    const nonce = generateNonce();
    expectCode(await send(server.url, md5Headers(dev, { nonce })), 200);
    expectCode(await send(server.url, md5Headers(dev, { nonce }), { path: ORDER_PAGE }), 40104);
  });

  test("nonces are per access-key: another developer may use the same nonce", async () => {
    const nonce = generateNonce();
    expectCode(await send(server.url, md5Headers(dev, { nonce })), 200);
    expectCode(await send(server.url, md5Headers(other, { nonce })), 200);
  });

  test("a bad-signature request does not burn the nonce", async () => {
    const nonce = generateNonce();
    expectCode(await send(server.url, md5Headers(dev, { nonce, secret: "wrong" })), 40103);
    expectCode(await send(server.url, md5Headers(dev, { nonce })), 200);
    expectCode(await send(server.url, md5Headers(dev, { nonce })), 40104);
  });

  test("a request refused for its timestamp does not burn the nonce", async () => {
    const nonce = generateNonce();
    expectCode(await send(server.url, md5Headers(dev, { nonce, timestamp: String(Date.now() - 700_000) })), 40102);
    expectCode(await send(server.url, md5Headers(dev, { nonce })), 200);
  });

  test("without nonce-str (SDK nonce: false) identical requests repeat freely", async () => {
    const client = new OpenponClient({ ...dev.client.options, nonce: false, timestampUnit: "s" });
    const headers = client.signHeaders("POST", ADDRESS_GET, "{}");
    assert.equal(headers["nonce-str"], undefined);
    for (let i = 0; i < 3; i++) expectCode(await send(server.url, headers), 200);
  });
});

describe("40301 user-id", () => {
  test("a well-formed user-id that does not exist → 40301", async () => {
    expectCode(await send(server.url, md5Headers(dev, { userId: "2199999999999" })), 40301);
  });

  test("a user of another developer → 40301", async () => {
    expectCode(await send(server.url, md5Headers(dev, { userId: other.userId })), 40301);
  });

  test("a non-numeric user-id → 40301", async () => {
    expectCode(await send(server.url, md5Headers(dev, { userId: "alice" })), 40301);
    expectCode(await send(server.url, md5Headers(dev, { userId: `${dev.userId}x` })), 40301);
  });

  test("a disabled user → 40301; enabled again → 200", async () => {
    const userId = await server.addUser(dev.developId, `dis-${generateNonce(6)}`);
    expectCode(await send(server.url, md5Headers(dev, { userId })), 200); // cached on this node now
    assert.equal((await server.admin("POST", `/admin/users/${userId}/disable`)).code, 200);
    expectCode(await send(server.url, md5Headers(dev, { userId })), 40301);
    expectCode(await send(server.url, md5Headers(dev)), 200); // the developer's other user is unaffected
    assert.equal((await server.admin("POST", `/admin/users/${userId}/enable`)).code, 200);
    expectCode(await send(server.url, md5Headers(dev, { userId })), 200);
  });
});

describe("42901 rate limit", () => {
  let limited: TestServer;
  before(async () => {
    limited = await startServer({ config: { rateLimitPerSecond: 1, rateLimitBurst: 3 } });
  });
  after(async () => {
    await limited?.close();
  });

  test("burst 3: three fast requests pass, the fourth is 42901", async () => {
    const d = await limited.createDeveloper();
    for (let i = 0; i < 3; i++) expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200);
    const refused = expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 42901);
    assert.equal(refused.developId, d.developId);
    // checks 1-6 come before the rate limit, validation after it (protocol.md §3.5)
    expectCode(await send(limited.url, md5Headers(d, { secret: "wrong" })), 40103);
    expectCode(await sdk(d.client, "POST", ORDER_PAGE, { body: { pageSize: 0 } }), 42901);
    // another developer has its own bucket
    const e = await limited.createDeveloper();
    expectCode(await sdk(e.client, "POST", ADDRESS_GET, { body: {} }), 200);
  });

  test("a per-developer override (PUT /admin/developers/:id/rate-limit) takes effect", async () => {
    const d = await limited.createDeveloper();
    const set = await limited.admin<{ rateLimitPerSecond: number; rateLimitBurst: number }>("PUT", `/admin/developers/${d.developId}/rate-limit`, {
      perSecond: 1,
      burst: 6,
    });
    assert.equal(set.code, 200);
    assert.equal(set.data.rateLimitPerSecond, 1);
    assert.equal(set.data.rateLimitBurst, 6);
    for (let i = 0; i < 6; i++) expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 42901);
  });

  test("an override cleared with null falls back to the server default (burst 3)", async () => {
    const d = await limited.createDeveloper();
    assert.equal((await limited.admin("PUT", `/admin/developers/${d.developId}/rate-limit`, { perSecond: 1, burst: 1 })).code, 200);
    const cleared = await limited.admin<{ rateLimitPerSecond: number | null; rateLimitBurst: number | null }>(
      "PUT",
      `/admin/developers/${d.developId}/rate-limit`,
      { perSecond: null, burst: null },
    );
    assert.equal(cleared.code, 200, cleared.msg);
    assert.equal(cleared.data.rateLimitPerSecond, null);
    assert.equal(cleared.data.rateLimitBurst, null);
    for (let i = 0; i < 3; i++) expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 42901);
  });

  test("an override below the default takes effect too", async () => {
    const d = await limited.createDeveloper();
    assert.equal((await limited.admin("PUT", `/admin/developers/${d.developId}/rate-limit`, { perSecond: 1, burst: 1 })).code, 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 200);
    expectCode(await sdk(d.client, "POST", ADDRESS_GET, { body: {} }), 42901);
  });
});

describe("40002 validation", () => {
  test("a body that is not JSON → 40002", async () => {
    expectCode(await send(server.url, md5Headers(dev), { body: "{not json" }), 40002, "JSON");
    expectCode(await send(server.url, md5Headers(dev), { path: ORDER_PAGE, body: '{"pageSize": 5' }), 40002);
  });

  test("a JSON body that is not an object → 40002", async () => {
    expectCode(await send(server.url, md5Headers(dev), { path: ORDER_PAGE, body: "[1,2]" }), 40002);
    expectCode(await send(server.url, md5Headers(dev), { path: ORDER_PAGE, body: '"text"' }), 40002);
  });

  test("wrong type: pageSize as a string → 40002 naming pageSize", async () => {
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { pageSize: "5" } }), 40002, "pageSize");
  });

  test("out of range: pageSize 0 and 101 → 40002 naming pageSize; 1 and 100 pass", async () => {
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { pageSize: 0 } }), 40002, "pageSize");
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { pageSize: 101 } }), 40002, "pageSize");
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { pageSize: 1 } }), 200);
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { pageSize: 100 } }), 200);
  });

  test("unknown enum value: status 7 → 40002 naming status", async () => {
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { status: 7 } }), 40002, "status");
    expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { status: 1 } }), 200);
  });

  test('a "__proto__" key → 40002', async () => {
    expectCode(await send(server.url, md5Headers(dev), { path: ORDER_PAGE, body: '{"__proto__": {"pageSize": 5}}' }), 40002);
    expectCode(await send(server.url, md5Headers(dev), { path: ORDER_PAGE, body: '{"constructor": {"prototype": {"x": 1}}}' }), 40002);
  });

  describe("with bodyLimitBytes: 2048", () => {
    test("a 4 KB body → 40002 with HTTP 200", async () => {
      const body = `{${" ".repeat(4096)}}`;
      expectCode(await send(strict.url, md5Headers(strictDev), { path: ORDER_PAGE, body }), 40002);
    });

    test("a 4 KB body sent chunked (no content-length) → 40002 with HTTP 200", async () => {
      const chunk = new TextEncoder().encode(`{${" ".repeat(4096)}}`);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(chunk.subarray(0, 1000));
          controller.enqueue(chunk.subarray(1000));
          controller.close();
        },
      });
      const response = await fetch(strict.url + ORDER_PAGE, {
        method: "POST",
        headers: { ...md5Headers(strictDev), "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      const text = await response.text();
      const envelope = JSON.parse(text);
      checkEnvelope(response.status, envelope);
      assert.equal(envelope.code, 40002, text);
    });

    test("the body limit is checked after authentication: bad signature + 4 KB body → 40103", async () => {
      const body = `{${" ".repeat(4096)}}`;
      expectCode(await send(strict.url, md5Headers(strictDev, { secret: "wrong" }), { path: ORDER_PAGE, body }), 40103);
      expectCode(await send(strict.url, md5Headers(strictDev, { userId: "2199999999999" }), { path: ORDER_PAGE, body }), 40301);
    });

    test("a 1.5 KB body under the limit passes (control)", async () => {
      const body = `{${" ".repeat(1500)}}`;
      expectCode(await send(strict.url, md5Headers(strictDev), { path: ORDER_PAGE, body }), 200);
    });
  });
});

describe("40401 unknown path or method", () => {
  test("POST /v2/nope → HTTP 200, code 40401", async () => {
    expectCode(await send(server.url, md5Headers(dev), { path: "/v2/nope" }), 40401);
  });
  test("GET /v2/taobao/order/page → HTTP 200, code 40401", async () => {
    expectCode(await send(server.url, md5Headers(dev), { path: ORDER_PAGE, method: "GET" }), 40401);
  });
  test("an unknown path without any header → HTTP 200, code 40401", async () => {
    expectCode(await send(server.url, {}, { path: "/nothing/here" }), 40401);
  });
});

describe("order of checks (protocol.md §3.5)", () => {
  test("missing header and a bad JSON body → 40001", async () => {
    expectCode(await send(server.url, without(md5Headers(dev), "signature"), { body: "{bad" }), 40001);
  });

  test("malformed nonce and an unknown key → 40001", async () => {
    expectCode(await send(server.url, md5Headers(dev, { accessKey: "f".repeat(32), nonce: "bad!" })), 40001);
  });

  test("unknown key and a bad timestamp → 40101", async () => {
    expectCode(await send(server.url, md5Headers(dev, { accessKey: "f".repeat(32), timestamp: "abc" })), 40101);
  });

  test("bad timestamp and a bad signature → 40102", async () => {
    expectCode(await send(server.url, md5Headers(dev, { timestamp: String(Date.now() - 700_000), signature: "0".repeat(32) })), 40102);
  });

  test("bad signature and an unknown user → 40103", async () => {
    expectCode(await send(server.url, md5Headers(dev, { secret: "wrong", userId: "2199999999999" })), 40103);
  });

  test("replayed nonce and a bad user → 40104", async () => {
    const nonce = generateNonce();
    expectCode(await send(server.url, md5Headers(dev, { nonce })), 200);
    expectCode(await send(server.url, md5Headers(dev, { nonce, userId: other.userId })), 40104);
  });

  test("bad user and an invalid body → 40301", async () => {
    expectCode(await send(server.url, md5Headers(dev, { userId: other.userId }), { path: ORDER_PAGE, body: '{"pageSize": 0}' }), 40301);
    expectCode(await send(server.url, md5Headers(dev, { userId: other.userId }), { body: "{bad" }), 40301);
  });

  test("HMAC-SHA256: unparsable body and a wrong signature → 40103; with the right signature → 40002", async () => {
    const hmac = new OpenponClient({ ...dev.client.options, signatureMethod: "HMAC-SHA256" });
    const wrong = new OpenponClient({ ...dev.client.options, signatureMethod: "HMAC-SHA256", accessSecret: "wrong" });
    expectCode(await sdk(wrong, "POST", ADDRESS_GET, { body: "{bad" }), 40103);
    expectCode(await sdk(hmac, "POST", ADDRESS_GET, { body: "{bad" }), 40002);
  });
});

describe("envelope (protocol.md §5)", () => {
  test("success: code 200, msg 成功, developId is the developer's id as a string, fresh requestId", async () => {
    const a = expectCode(await sdk(dev.client, "POST", ADDRESS_GET, { body: {} }), 200);
    const b = expectCode(await sdk(dev.client, "POST", ADDRESS_GET, { body: {} }), 200);
    for (const reply of [a, b]) {
      assert.equal(reply.msg, "成功");
      assert.equal(typeof reply.developId, "string");
      assert.equal(reply.developId, dev.developId);
      assert.match(reply.developId!, /^\d{19}$/);
      assert.deepEqual(reply.data, []);
    }
    assert.notEqual(a.requestId, b.requestId);
  });

  test("failures: data null, HTTP 200, a fresh requestId each time", async () => {
    const replies = [
      await send(server.url, without(md5Headers(dev), "timestamp")),
      await send(server.url, md5Headers(dev, { accessKey: "e".repeat(32) })),
      await send(server.url, md5Headers(dev, { timestamp: "1" })),
      await send(server.url, md5Headers(dev, { secret: "x" })),
      await send(server.url, md5Headers(dev, { userId: "2100000000000" })),
      await send(server.url, md5Headers(dev), { body: "nope" }),
      await send(server.url, md5Headers(dev), { path: "/v2/nope" }),
    ];
    assert.deepEqual(
      replies.map((r) => r.code),
      [40001, 40101, 40102, 40103, 40301, 40002, 40401],
    );
    for (const reply of replies) {
      assert.equal(reply.status, 200);
      assert.equal(reply.data, null);
      assert.notEqual(reply.msg, "");
    }
    assert.equal(new Set(replies.map((r) => r.requestId)).size, replies.length);
  });

  test("developId is null on 40001 and 40101, and the developer's id on 40002 and business errors", async () => {
    assert.equal(expectCode(await send(server.url, without(md5Headers(dev), "user-id")), 40001).developId, null);
    assert.equal(expectCode(await send(server.url, md5Headers(dev, { accessKey: "e".repeat(32) })), 40101).developId, null);
    assert.equal(expectCode(await sdk(dev.client, "POST", ORDER_PAGE, { body: { pageSize: 0 } }), 40002).developId, dev.developId);
    assert.equal(expectCode(await sdk(dev.client, "POST", ADDRESS_GET, { body: { id: 999_999_999 } }), 40401).developId, dev.developId);
  });

  // protocol.md §5: "When the developer is not yet known (failures 40001, 40101), developId is null."
  // After step 2 the access-key has named the developer, so 40102 onwards should carry its id.
  test(
    "developId is the developer's id on 40102, 40103, 40104 and 40301 (the access-key is known)",
    async () => {
      const nonce = generateNonce();
      await send(server.url, md5Headers(dev, { nonce }));
      const replies = [
        await send(server.url, md5Headers(dev, { timestamp: "abc" })),
        await send(server.url, md5Headers(dev, { secret: "x" })),
        await send(server.url, md5Headers(dev, { nonce })),
        await send(server.url, md5Headers(dev, { userId: other.userId })),
      ];
      assert.deepEqual(
        replies.map((r) => r.code),
        [40102, 40103, 40104, 40301],
      );
      for (const reply of replies) assert.equal(reply.developId, dev.developId, `code ${reply.code}`);
    },
  );
});

describe("HMAC-SHA256 signatures", () => {
  let hmac: OpenponClient;
  before(() => {
    hmac = new OpenponClient({ ...dev.client.options, signatureMethod: "HMAC-SHA256" });
  });

  test("POST works, the SDK sends signature-method and a 64-hex signature", async () => {
    const headers = hmac.signHeaders("POST", ADDRESS_GET, "{}");
    assert.equal(headers["signature-method"], "HMAC-SHA256");
    assert.match(headers["signature"]!, /^[0-9a-f]{64}$/);
    const saved = expectCode(await sdk(hmac, "POST", "/v2/open/address/addOrUpdate", {
      body: { name: "张三", province: "浙江省", city: "杭州市", address: "文一西路 1 号", phone: "15068763421" },
    }), 200);
    const id = (saved.data as { id: number }).id;
    const got = expectCode(await sdk(hmac, "POST", ADDRESS_GET, { body: { id } }), 200);
    assert.equal((got.data as Array<{ id: number }>)[0]!.id, id);
  });

  test("a query string is covered: a POST with a signed query works", async () => {
    expectCode(await sdk(hmac, "POST", ORDER_PAGE, { query: { b: "2", a: "1" }, body: { pageSize: 5 } }), 200);
  });

  test("a body changed after signing → 40103", async () => {
    const bodyA = '{"pageSize": 5}';
    const bodyB = '{"pageSize": 6}';
    expectCode(await send(server.url, hmac.signHeaders("POST", ORDER_PAGE, bodyA), { path: ORDER_PAGE, body: bodyB }), 40103);
    expectCode(await send(server.url, hmac.signHeaders("POST", ORDER_PAGE, bodyA), { path: ORDER_PAGE, body: bodyA }), 200);
  });

  test("a query changed after signing → 40103", async () => {
    const headers = hmac.signHeaders("POST", `${ORDER_PAGE}?a=1`, "{}");
    expectCode(await send(server.url, headers, { path: `${ORDER_PAGE}?a=2` }), 40103);
    expectCode(await send(server.url, hmac.signHeaders("POST", `${ORDER_PAGE}?a=1`, "{}"), { path: `${ORDER_PAGE}?a=1` }), 200);
  });

  test("a path changed after signing → 40103", async () => {
    expectCode(await send(server.url, hmac.signHeaders("POST", ADDRESS_GET, "{}"), { path: ORDER_PAGE }), 40103);
  });

  test("the method is covered: headers signed for GET sent with POST → 40103", async () => {
    expectCode(await send(server.url, hmac.signHeaders("GET", ADDRESS_GET, "{}")), 40103);
  });

  test("an MD5 signature sent as HMAC-SHA256 → 40103", async () => {
    expectCode(await send(server.url, { ...md5Headers(dev), "signature-method": "HMAC-SHA256" }), 40103);
  });

  test("HMAC replays are refused too", async () => {
    const headers = hmac.signHeaders("POST", ADDRESS_GET, "{}");
    expectCode(await send(server.url, headers), 200);
    expectCode(await send(server.url, headers), 40104);
  });

  test("signature-method: SHA1 → 40001", async () => {
    expectCode(await send(server.url, { ...md5Headers(dev), "signature-method": "SHA1" }), 40001, "signature-method");
  });
});

describe("logs never contain secrets", () => {
  test("requestId is logged; accessSecret, signature and access-key values are not", async () => {
    const stream = new PassThrough();
    let log = "";
    stream.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
    const logged = await startServer({ config: { logLevel: "info" }, logStream: stream });
    let requestIds: string[] = [];
    let secrets: string[] = [];
    try {
      const d = await logged.createDeveloper();
      const okHeaders = md5Headers(d);
      const badHeaders = md5Headers(d, { signature: "ABCDEF0123456789ABCDEF0123456789" });
      const hmacClient = new OpenponClient({ ...d.client.options, signatureMethod: "HMAC-SHA256" });
      const hmacHeaders = hmacClient.signHeaders("POST", `${ORDER_PAGE}?sign=QUERYSIGNATURE123&signature=QUERYSIGNATURE456`, "{}");
      const replies = [
        expectCode(await send(logged.url, okHeaders), 200),
        expectCode(await send(logged.url, badHeaders), 40103),
        expectCode(await send(logged.url, md5Headers(d), { body: "{oops" }), 40002),
        expectCode(await send(logged.url, hmacHeaders, { path: `${ORDER_PAGE}?sign=QUERYSIGNATURE123&signature=QUERYSIGNATURE456` }), 200),
      ];
      requestIds = replies.map((r) => r.requestId);
      secrets = [
        d.accessSecret,
        d.accessKey,
        okHeaders["signature"]!,
        okHeaders["signature"]!.toLowerCase(),
        badHeaders["signature"]!,
        hmacHeaders["signature"]!,
        "QUERYSIGNATURE123",
        "QUERYSIGNATURE456",
        logged.platform.operatorToken,
      ];
    } finally {
      await logged.close(); // flushes the "request completed" lines
    }
    assert.ok(log.length > 0, "the server logged nothing");
    for (const id of requestIds) assert.ok(log.includes(id), `requestId ${id} missing from the log`);
    for (const secret of secrets) assert.ok(!log.includes(secret), `log contains a secret value: ${secret}`);
  });
});
