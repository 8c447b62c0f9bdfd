// Developers sign in to the console with the access key and secret; the session then opens the
// signed routes without a signature (the console uses the same API as integrators): reads as is,
// changes only with the CSRF token, as one of the developer's own user-ids, and never the /admin
// scope. A secret reset, a disable or sign-out everywhere ends it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

interface Envelope<T> {
  code: number;
  msg: string;
  developId: string | null;
  data: T;
}
interface DeveloperSession {
  kind: "developer";
  developer: { developId: string; sandbox: boolean; accessKey: string };
  users: { userId: string; userName: string; enabled: boolean }[];
  userId: string;
  csrfToken: string;
}

describe("developer console sessions", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  let other: TestDeveloper;

  class Browser {
    cookie = "";
    csrf = "";
    async call<T>(method: string, path: string, options: { body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Envelope<T>> {
      const headers: Record<string, string> = { ...options.headers };
      if (this.cookie) headers["cookie"] = this.cookie;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      if ((options.csrf ?? true) && this.csrf) headers["x-csrf-token"] = this.csrf;
      const res = await fetch(server.url + path, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
      const setCookie = res.headers.get("set-cookie");
      if (setCookie) this.cookie = setCookie.split(";")[0]!;
      return (await res.json()) as Envelope<T>;
    }
    async signIn(accessKey: string, accessSecret: string): Promise<Envelope<DeveloperSession>> {
      const answer = await this.call<DeveloperSession>("POST", "/console/api/session/developer", { body: { accessKey, accessSecret } });
      if (answer.code === 200) this.csrf = answer.data.csrfToken;
      return answer;
    }
  }

  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0 } });
    dev = await server.createDeveloper();
    other = await server.createDeveloper();
  });
  after(async () => {
    await server?.close();
  });

  test("sign-in with the key and secret: an HTTP-only cookie, the developer's users, no secret in the answer", async () => {
    const browser = new Browser();
    const wrong = await browser.signIn(dev.accessKey, other.accessSecret);
    assert.equal(wrong.code, 40101);
    assert.equal(browser.cookie, "");
    const unknown = await browser.signIn("f".repeat(32), dev.accessSecret);
    assert.equal(unknown.code, 40101);
    assert.equal(unknown.msg, wrong.msg, "one answer whatever was wrong");

    const res = await fetch(server.url + "/console/api/session/developer", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessKey: dev.accessKey, accessSecret: dev.accessSecret }),
    });
    const cookie = res.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const text = await res.text();
    assert.ok(!text.includes(dev.accessSecret), "the secret is never echoed");
    const session = (JSON.parse(text) as Envelope<DeveloperSession>).data;
    assert.equal(session.kind, "developer");
    assert.equal(session.developer.developId, dev.developId);
    assert.equal(session.userId, dev.userId);
    assert.deepEqual(session.users.map((u) => u.userId), [dev.userId]);
  });

  test("the session opens the signed routes: reads as they are, changes only with the CSRF token", async () => {
    const browser = new Browser();
    assert.equal((await browser.signIn(dev.accessKey, dev.accessSecret)).code, 200);
    const wallet = await browser.call<{ balance: unknown }>("GET", "/developer/wallet");
    assert.equal(wallet.code, 200, wallet.msg);
    assert.equal(wallet.developId, dev.developId);
    const addresses = await browser.call("POST", "/v2/open/address/get", { body: {} });
    assert.equal(addresses.code, 200, addresses.msg);

    const forged = await browser.call("POST", "/v2/open/address/get", { body: {}, csrf: false });
    assert.equal(forged.code, 40301);
    assert.match(forged.msg, /x-csrf-token/);
    const wrongToken = await browser.call("POST", "/v2/open/address/get", { body: {}, csrf: false, headers: { "x-csrf-token": "nope" } });
    assert.equal(wrongToken.code, 40301);

    // The request log shows the console's calls like any other.
    await new Promise((r) => setTimeout(r, 1500));
    const log = await browser.call<{ items: { path: string; code: number }[] }>("GET", "/developer/requests");
    assert.equal(log.code, 200, log.msg);
    assert.ok(log.data.items.some((i) => i.path === "/v2/open/address/get" && i.code === 40301), "the refused change is logged");
  });

  test("only the developer's own user-ids; another developer's is 40301; no session and no headers is still 40001", async () => {
    const browser = new Browser();
    await browser.signIn(dev.accessKey, dev.accessSecret);
    const second = await server.addUser(dev.developId, "second-user");
    const asSecond = await browser.call("POST", "/sandbox/reset", { body: {}, headers: { "user-id": second } });
    assert.equal(asSecond.code, 200, `the session signed in before the user was added still sees it: ${asSecond.msg}`);
    assert.equal((await browser.call("GET", "/developer/wallet", { headers: { "user-id": other.userId } })).code, 40301);
    const anonymous = await fetch(server.url + "/developer/wallet");
    assert.equal(((await anonymous.json()) as Envelope<null>).code, 40001);
    const madeUp = await fetch(server.url + "/developer/wallet", { headers: { cookie: "openpon_session=made-up" } });
    assert.equal(((await madeUp.json()) as Envelope<null>).code, 40101);
  });

  test("a developer's session never opens /admin, and an operator's never opens the signed routes", async () => {
    const browser = new Browser();
    await browser.signIn(dev.accessKey, dev.accessSecret);
    assert.equal((await browser.call("GET", "/admin/developers")).code, 40101);
    assert.equal((await server.admin("POST", "/admin/operators", { name: "opx", password: "a long enough password", roles: ["admin"] })).code, 200);
    const operator = new Browser();
    const signed = await operator.call<{ csrfToken: string }>("POST", "/console/api/session", { body: { name: "opx", password: "a long enough password" } });
    assert.equal(signed.code, 200);
    operator.csrf = signed.data.csrfToken;
    assert.equal((await operator.call("GET", "/developer/wallet")).code, 40101);
  });

  test("a secret reset, a disabled developer and sign-out everywhere end the sessions", async () => {
    const a = new Browser();
    const b = new Browser();
    await a.signIn(other.accessKey, other.accessSecret);
    await b.signIn(other.accessKey, other.accessSecret);
    const everywhere = await a.call<{ ended: number }>("POST", "/console/api/session/everywhere");
    assert.equal(everywhere.code, 200);
    assert.equal(everywhere.data.ended, 2);
    assert.equal((await b.call("GET", "/developer/wallet")).code, 40101);

    const c = new Browser();
    await c.signIn(other.accessKey, other.accessSecret);
    await new Promise((r) => setTimeout(r, 5));
    const reset = await server.admin<{ accessSecret: string }>("POST", `/admin/developers/${other.developId}/key/reset`);
    assert.equal(reset.code, 200);
    assert.equal((await c.call("GET", "/developer/wallet")).code, 40101, "the old secret's session ended");
    const d = new Browser();
    assert.equal((await d.signIn(other.accessKey, reset.data.accessSecret)).code, 200);
    assert.equal((await d.call("GET", "/developer/wallet")).code, 200);
    assert.equal((await server.admin("POST", `/admin/developers/${other.developId}/disable`)).code, 200);
    assert.equal((await d.call("GET", "/developer/wallet")).code, 40101, "a disabled developer's session ended");
    assert.equal((await new Browser().signIn(other.accessKey, reset.data.accessSecret)).code, 40101);
  });

  test("developers manage their own users: list, add, disable (not the one acting), enable; never another developer's", async () => {
    const own = await server.createDeveloper();
    const browser = new Browser();
    await browser.signIn(own.accessKey, own.accessSecret);
    const added = await browser.call<{ userId: string; userName: string; status: string }>("POST", "/developer/users", { body: { userName: "shop-2" } });
    assert.equal(added.code, 200, added.msg);
    assert.equal(added.data.status, "ENABLED");
    assert.equal((await browser.call("POST", "/developer/users", { body: { userName: "shop-2" } })).code, 40901, "names are unique");
    assert.equal((await browser.call("POST", "/developer/users", { body: {} })).code, 40002);
    const list = await browser.call<{ userId: string }[]>("GET", "/developer/users");
    assert.deepEqual(list.data.map((u) => u.userId).sort(), [own.userId, added.data.userId].sort());
    // The signed API works the same: the SDK client (keys) sees the new user too.
    const viaKeys = await own.client.raw("GET", "/developer/users");
    assert.equal(viaKeys.envelope.code, 200);

    const self = await browser.call("POST", `/developer/users/${own.userId}/disable`);
    assert.equal(self.code, 40901);
    assert.match(self.msg, /acts as/);
    assert.equal((await browser.call("POST", `/developer/users/${added.data.userId}/disable`)).code, 200);
    assert.equal((await browser.call("GET", "/developer/wallet", { headers: { "user-id": added.data.userId } })).code, 40301, "a disabled user-id is refused");
    assert.equal((await browser.call("POST", `/developer/users/${added.data.userId}/enable`)).code, 200);
    assert.equal((await browser.call("GET", "/developer/wallet", { headers: { "user-id": added.data.userId } })).code, 200);
    assert.equal((await browser.call("POST", `/developer/users/${dev.userId}/disable`)).code, 40401, "another developer's user is not found");
    assert.equal((await browser.call("POST", `/developer/users/123/disable`)).code, 40002);
  });
});
