// Console sign-in for operators through HTTP: named accounts with roles, sessions behind an
// HTTP-only SameSite=Strict cookie, CSRF on every change, role checks on /admin routes, idle expiry,
// sign-out everywhere, disabled accounts, and rate-limited sign-in attempts. The bearer token keeps
// working for scripts.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

interface Envelope<T> {
  code: number;
  msg: string;
  data: T;
}

describe("console sign-in and the operator gate", () => {
  const clock = new ManualClock(Date.parse("2026-12-07T02:00:00Z"));
  let server: TestServer;

  /** A browser: keeps the session cookie, sends the CSRF token when asked to. */
  class Browser {
    cookie = "";
    csrf = "";
    async call<T>(method: string, path: string, body?: unknown, options: { csrf?: boolean } = {}): Promise<Envelope<T> & { setCookie: string | null }> {
      const headers: Record<string, string> = {};
      if (this.cookie) headers["cookie"] = this.cookie;
      if (body !== undefined) headers["content-type"] = "application/json";
      if (options.csrf ?? true) if (this.csrf) headers["x-csrf-token"] = this.csrf;
      const res = await fetch(server.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const setCookie = res.headers.get("set-cookie");
      if (setCookie) this.cookie = setCookie.split(";")[0]!;
      return { ...((await res.json()) as Envelope<T>), setCookie };
    }
    async signIn(name: string, password: string): Promise<Envelope<{ csrfToken: string; operator: { roles: string[] } }> & { setCookie: string | null }> {
      const answer = await this.call<{ csrfToken: string; operator: { roles: string[] } }>("POST", "/console/api/session", { name, password });
      if (answer.code === 200) this.csrf = answer.data.csrfToken;
      return answer;
    }
  }

  const PASSWORD = "correct horse battery staple";
  let developId = "";

  before(async () => {
    server = await startServer({ clock, config: { consoleIdleMinutes: 30, consoleSessionHours: 12, sandboxTickMs: 0 } });
    for (const [name, roles] of [["fin", ["finance"]], ["wh", ["warehouse"]], ["boss", ["admin"]]] as const) {
      const created = await server.admin("POST", "/admin/operators", { name, password: PASSWORD, roles });
      assert.equal(created.code, 200, created.msg);
    }
    developId = (await server.createDeveloper()).developId;
  });
  after(async () => {
    await server?.close();
  });

  test("accounts: bad input names the field, a taken name is 40901, passwords are stored hashed", async () => {
    const short = await server.admin("POST", "/admin/operators", { name: "x1", password: "short", roles: ["support"] });
    assert.equal(short.code, 40002);
    assert.match(short.msg, /password/);
    const badRole = await server.admin("POST", "/admin/operators", { name: "x2", password: PASSWORD, roles: ["janitor"] });
    assert.equal(badRole.code, 40002);
    assert.match(badRole.msg, /roles/);
    assert.equal((await server.admin("POST", "/admin/operators", { name: "FIN", password: PASSWORD, roles: ["finance"] })).code, 40901);
    const row = await server.platform.database.db.selectFrom("operators").select("password_hash").where("name", "=", "fin").executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^scrypt\$/);
    assert.ok(!row.password_hash.includes(PASSWORD));
  });

  test("sign-in sets an HTTP-only SameSite=Strict cookie; the session carries roles and a CSRF token", async () => {
    const browser = new Browser();
    const signed = await browser.signIn("fin", PASSWORD);
    assert.equal(signed.code, 200, signed.msg);
    assert.match(signed.setCookie ?? "", /^openpon_session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.deepEqual(signed.data.operator.roles, ["finance"]);
    const me = await browser.call<{ operator: { name: string }; csrfToken: string }>("GET", "/console/api/session");
    assert.equal(me.data.operator.name, "fin");
    assert.equal(me.data.csrfToken, browser.csrf);
    const stored = await server.platform.database.db.selectFrom("console_sessions").select("token_hash").execute();
    assert.ok(stored.every((s) => !browser.cookie.includes(s.token_hash)), "only the cookie's hash is stored");
  });

  test("finance tops up a wallet with its CSRF token; without it, or on a warehouse or operator route, it is refused", async () => {
    const browser = new Browser();
    await browser.signIn("fin", PASSWORD);
    assert.equal((await browser.call("GET", "/admin/developers")).code, 200);
    const topup = await browser.call("POST", `/admin/developers/${developId}/wallet/topup`, { amount: "10", memo: "by the console" });
    assert.equal(topup.code, 200, topup.msg);
    const noCsrf = await browser.call("POST", `/admin/developers/${developId}/wallet/topup`, { amount: "10", memo: "forged" }, { csrf: false });
    assert.equal(noCsrf.code, 40301);
    assert.match(noCsrf.msg, /CSRF/);
    const warehouse = await browser.call("POST", "/admin/warehouse/inbound/receive", { trackingNumber: "SF1234567", carrier: "SF" });
    assert.equal(warehouse.code, 40301);
    assert.match(warehouse.msg, /fin \(finance\) may not POST \/admin\/warehouse\/inbound\/receive/);
    assert.equal((await browser.call("POST", "/admin/operators", { name: "sneaky", password: PASSWORD, roles: ["admin"] })).code, 40301);
  });

  test("warehouse passes the gate on its routes and not on money", async () => {
    const browser = new Browser();
    await browser.signIn("wh", PASSWORD);
    const items = await browser.call("GET", `/admin/warehouse/items?developId=${developId}`);
    assert.equal(items.code, 200, items.msg);
    assert.equal((await browser.call("POST", `/admin/developers/${developId}/wallet/topup`, { amount: "1", memo: "x" })).code, 40301);
  });

  test("no cookie, a made-up cookie, or a wrong bearer token: 40101; the bearer token still works for scripts", async () => {
    const nobody = new Browser();
    assert.equal((await nobody.call("GET", "/admin/developers")).code, 40101);
    nobody.cookie = "openpon_session=" + "A".repeat(43);
    assert.equal((await nobody.call("GET", "/admin/developers")).code, 40101);
    const wrongBearer = await fetch(`${server.url}/admin/developers`, { headers: { authorization: "Bearer nope" } });
    assert.equal(((await wrongBearer.json()) as Envelope<unknown>).code, 40101);
    assert.equal((await server.admin("GET", "/admin/developers")).code, 200);
  });

  test("a session ends after 30 idle minutes, and at the latest 12 hours after sign-in", async () => {
    const browser = new Browser();
    await browser.signIn("boss", PASSWORD);
    clock.advance(29 * 60_000);
    assert.equal((await browser.call("GET", "/console/api/session")).code, 200, "still there (and its idle clock restarts)");
    clock.advance(29 * 60_000);
    assert.equal((await browser.call("GET", "/console/api/session")).code, 200);
    clock.advance(31 * 60_000);
    assert.equal((await browser.call("GET", "/console/api/session")).code, 40101, "idle too long");
    const busy = new Browser();
    await busy.signIn("boss", PASSWORD);
    for (let h = 0; h < 12 * 3; h++) {
      clock.advance(20 * 60_000);
      if ((await busy.call("GET", "/console/api/session")).code !== 200) break;
    }
    assert.equal((await busy.call("GET", "/console/api/session")).code, 40101, "past the absolute lifetime");
  });

  test("sign out here, sign out everywhere, and a disabled account's sessions end", async () => {
    const a = new Browser();
    const b = new Browser();
    await a.signIn("boss", PASSWORD);
    await b.signIn("boss", PASSWORD);
    assert.equal((await a.call("DELETE", "/console/api/session", undefined, { csrf: false })).code, 40301, "sign-out needs the CSRF token too");
    const out = await a.call("DELETE", "/console/api/session");
    assert.equal(out.code, 200);
    assert.match(out.setCookie ?? "", /Max-Age=0/);
    assert.equal((await b.call("GET", "/console/api/session")).code, 200, "the other browser stays");
    const c = new Browser();
    await c.signIn("boss", PASSWORD);
    const everywhere = await c.call<{ ended: number }>("POST", "/console/api/session/everywhere");
    assert.equal(everywhere.data.ended, 2);
    assert.equal((await b.call("GET", "/console/api/session")).code, 40101);

    const w = new Browser();
    await w.signIn("wh", PASSWORD);
    const nothing = await server.admin("PUT", "/admin/operators/wh", {});
    assert.equal(nothing.code, 40002, "a change that changes nothing is refused, naming what may change");
    assert.match(nothing.msg, /roles, password or disabled/);
    assert.equal((await server.admin("PUT", "/admin/operators/wh", { disabled: true })).code, 200);
    assert.equal((await w.call("GET", `/admin/warehouse/items?developId=${developId}`)).code, 40101);
    assert.equal((await new Browser().signIn("wh", PASSWORD)).code, 40101);
  });

  test("sign-in attempts are limited per account (5 per 15 minutes): the sixth is 42901 even with the right password", async () => {
    await server.admin("POST", "/admin/operators", { name: "target", password: PASSWORD, roles: ["support"] });
    const attacker = new Browser();
    for (let i = 0; i < 5; i++) assert.equal((await attacker.signIn("target", `guess number ${i}!!`)).code, 40101);
    assert.equal((await attacker.signIn("target", PASSWORD)).code, 42901);
    assert.equal((await attacker.signIn("nobody-here", PASSWORD)).code, 40101, "an unknown name answers like a wrong password");
  });
});
