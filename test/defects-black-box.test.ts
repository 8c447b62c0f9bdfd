// Regressions of defects found by black-box testing of the callback console (protocol.md §7.2):
// every string parameter of the developer's /developer/callback… routes and of the operator's
// /admin/developers/:developId/callback… routes refuses control characters with 40002 naming the
// field (a NUL used to reach PostgreSQL: 50001), and from / to / since outside the supported date
// range (years 1 to 9999: what both databases store; PGlite refuses ISO texts of later years, and
// new Date() itself beyond 8.64e15 ms) answer 40002 naming the field instead of 50001.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let dev: TestDeveloper;

before(async () => {
  server = await startServer({ config: { sandboxTickMs: 0, callbackTimeoutMs: 300 } });
  dev = await server.createDeveloper();
});
after(async () => {
  await server?.close();
});

/** Asserts a 40002 envelope whose message names `field` first and matches `pattern`. */
function assertInvalid(reply: { code: number; msg: string; data: unknown }, field: string, pattern: RegExp, what: string): void {
  assert.equal(reply.code, 40002, `${what}: ${reply.code} ${reply.msg}`);
  assert.equal(reply.data, null, what);
  assert.ok(reply.msg.startsWith(`${field} `), `${what}: the message names ${field}: ${reply.msg}`);
  assert.match(reply.msg, pattern, what);
}

const developerGet = async (path: string) => (await dev.client.raw("GET", path)).envelope as { code: number; msg: string; data: unknown };
const developerPost = async (path: string, body: unknown) => (await dev.client.raw("POST", path, { body })).envelope as { code: number; msg: string; data: unknown };
const adminBase = () => `/admin/developers/${dev.developId}/callback`;

const CONTROL = ["%00", "%01", "%07", "%0A", "%1F", "%7F", "%C2%85"]; // NUL, SOH, BEL, LF, US, DEL, NEL (C1)
const CONTROL_CHARS = ["\u0001", "\u0007", "\n", "\u001f", "\u007f", "\u0085"];
const CONTROL_MESSAGE = /must not contain control characters/;

describe("control characters in callback console parameters → 40002 naming the field", () => {
  for (const field of ["type", "from", "to"]) {
    test(`GET …/callback/messages?${field}=<control>`, async () => {
      for (const c of CONTROL) {
        assertInvalid(await developerGet(`/developer/callback/messages?${field}=a${c}b`), field, CONTROL_MESSAGE, `developer ${field}=a${c}b`);
        assertInvalid(await server.admin("GET", `${adminBase()}/messages?${field}=a${c}b`), field, CONTROL_MESSAGE, `operator ${field}=a${c}b`);
      }
      // A lone NUL (the reported case).
      assertInvalid(await developerGet(`/developer/callback/messages?${field}=%00`), field, CONTROL_MESSAGE, `developer ${field}=%00`);
      assertInvalid(await server.admin("GET", `${adminBase()}/messages?${field}=%00`), field, CONTROL_MESSAGE, `operator ${field}=%00`);
    });
  }

  test("url of set / verify and since of resend (JSON bodies)", async () => {
    for (const c of CONTROL_CHARS) {
      const url = `https://example.com/a${c}b`;
      assertInvalid(await developerPost("/developer/callback", { url }), "url", CONTROL_MESSAGE, `developer set ${JSON.stringify(c)}`);
      assertInvalid(await developerPost("/developer/callback/verify", { url }), "url", CONTROL_MESSAGE, `developer verify ${JSON.stringify(c)}`);
      assertInvalid(await developerPost("/developer/callback/resend", { since: `1h${c}` }), "since", CONTROL_MESSAGE, `developer resend ${JSON.stringify(c)}`);
      assertInvalid(await server.admin("PUT", adminBase(), { url }), "url", CONTROL_MESSAGE, `operator set ${JSON.stringify(c)}`);
      assertInvalid(await server.admin("POST", `${adminBase()}/verify`, { url }), "url", CONTROL_MESSAGE, `operator verify ${JSON.stringify(c)}`);
      assertInvalid(await server.admin("POST", `${adminBase()}/resend`, { since: `1h${c}` }), "since", CONTROL_MESSAGE, `operator resend ${JSON.stringify(c)}`);
    }
    // A JSON \u0000 is refused by the body parser, naming the field.
    const nul = await dev.client.raw("POST", "/developer/callback/resend", { body: '{"since":"1h\\u0000"}' });
    assert.equal(nul.envelope.code, 40002);
    assert.match(nul.envelope.msg, /^since /);
  });

  test("ordinary values still work", async () => {
    assert.equal((await developerGet("/developer/callback/messages?type=TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY&from=2h&to=2030-01-01T00:00:00Z")).code, 200);
    assert.equal((await server.admin("GET", `${adminBase()}/messages?type=X&from=1700000000000`)).code, 200);
    assert.equal((await developerPost("/developer/callback/resend", { since: "24h" })).code, 200);
  });
});

describe("from / to / since outside the supported date range → 40002 naming the field", () => {
  const OUT_OF_RANGE = [
    "253402300800000", // 10000-01-01: a JS Date, but PGlite cannot read its ISO text ("+010000-…")
    "8640000000000000", // the JS Date maximum
    "8640000000000001", // one past it
    "9223372036854775808", // 2^63
    "99999999999w", // a duration overflowing the Date range
    "9999999999999999999999ms",
    "99999999d",
    "+010000-01-01T00:00:00Z",
    "-100000-01-01T00:00:00Z", // a valid JS Date before year 1 (PostgreSQL timestamptz cannot store it)
    "0000-12-31T23:59:59.999Z",
  ];
  const RANGE_MESSAGE = /supported date range/;

  for (const field of ["from", "to"]) {
    test(`GET …/callback/messages?${field}=<out of range>`, async () => {
      for (const value of OUT_OF_RANGE) {
        const q = `${field}=${encodeURIComponent(value)}`;
        assertInvalid(await developerGet(`/developer/callback/messages?${q}`), field, RANGE_MESSAGE, `developer ${q}`);
        assertInvalid(await server.admin("GET", `${adminBase()}/messages?${q}`), field, RANGE_MESSAGE, `operator ${q}`);
      }
    });
  }

  test("since of POST …/callback/resend, as text and as a JSON number beyond 2^53", async () => {
    for (const since of OUT_OF_RANGE) {
      assertInvalid(await developerPost("/developer/callback/resend", { since }), "since", RANGE_MESSAGE, `developer since=${since}`);
      assertInvalid(await server.admin("POST", `${adminBase()}/resend`, { since }), "since", RANGE_MESSAGE, `operator since=${since}`);
    }
    const big = await dev.client.raw("POST", "/developer/callback/resend", { body: '{"since": 9007199254740993}' });
    assertInvalid(big.envelope as never, "since", RANGE_MESSAGE, "developer since=9007199254740993 (JSON number)");
    const response = await fetch(server.url + `${adminBase()}/resend`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.platform.operatorToken}`, "content-type": "application/json" },
      body: '{"since": 9007199254740993}',
    });
    assertInvalid((await response.json()) as never, "since", RANGE_MESSAGE, "operator since=9007199254740993 (JSON number)");
  });

  test("the edges of the range are accepted", async () => {
    for (const value of ["253402300799999", "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "100000000000", "1w", "0ms", "1000w"]) {
      const q = `from=${encodeURIComponent(value)}&to=${encodeURIComponent(value)}`;
      const reply = await developerGet(`/developer/callback/messages?${q}`);
      assert.equal(reply.code, 200, `${q}: ${reply.msg}`);
      assert.equal((await server.admin("GET", `${adminBase()}/messages?${q}`)).code, 200, q);
    }
    assert.equal((await developerPost("/developer/callback/resend", { since: "253402300799999" })).code, 200);
  });
});
