// The operator API (/admin/...): bearer token, developers, users, keys. Outside the PandaPon contract
// but it answers with the same envelope (HTTP 200, outcome in code).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { OpenponClient } from "@openpon/sdk";
import { startServer, type TestServer } from "./helpers/server.ts";

interface Envelope<T = unknown> {
  requestId: string;
  code: number;
  developId: string | null;
  msg: string;
  data: T | null;
}

interface Developer {
  developId: string;
  name: string;
  status: "ENABLED" | "DISABLED";
  sandbox: boolean;
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  createdAt: string;
}

interface User {
  userId: string;
  developId: string;
  userName: string;
  status: "ENABLED" | "DISABLED";
  createdAt: string;
}

interface Created {
  developer: Developer;
  credentials: { developId: string; accessKey: string; accessSecret: string };
  user: User | null;
}

interface KeyView {
  developId: string;
  accessKey: string;
  accessSecret: string | null;
  rotatedAt: string;
}

const UNKNOWN_DEVELOPER = "1234567890123456789";
const UNKNOWN_USER = "2100000000001";

let server: TestServer;
let token: string;

before(async () => {
  server = await startServer();
  token = server.platform.operatorToken;
});

after(async () => {
  await server?.close();
});

/** An operator call; `auth` is the whole Authorization header (default: the right bearer token, null: none). */
async function op<T = unknown>(
  method: "GET" | "POST" | "PUT",
  path: string,
  options: { body?: unknown; auth?: string | null } = {},
): Promise<Envelope<T> & { text: string }> {
  const auth = options.auth === undefined ? `Bearer ${token}` : options.auth;
  const response = await fetch(server.url + path, {
    method,
    headers: {
      ...(auth === null ? {} : { authorization: auth }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  assert.equal(response.status, 200, `${method} ${path}: HTTP ${response.status}`);
  const text = await response.text();
  const envelope = JSON.parse(text) as Envelope<T>;
  assert.deepEqual(Object.keys(envelope), ["requestId", "code", "developId", "msg", "data"]);
  assert.match(envelope.requestId, /^[0-9a-f]{32}$/);
  if (envelope.code !== 200) assert.equal(envelope.data, null);
  return { ...envelope, text };
}

function ok<T>(reply: Envelope<T>): T {
  assert.equal(reply.code, 200, `expected 200, got ${reply.code}: ${reply.msg}`);
  assert.equal(reply.msg, "成功");
  return reply.data as T;
}

function expectCode(reply: Envelope, code: number): void {
  assert.equal(reply.code, code, `expected ${code}, got ${reply.code}: ${reply.msg}`);
}

describe("operator token", () => {
  for (const [label, auth] of [
    ["no Authorization header", null],
    ["an empty bearer token", "Bearer "],
    ["a wrong bearer token", "Bearer not-the-token"],
    ["the right token with another scheme", "Basic TOKEN"],
    ["the right token without a scheme", "TOKEN"],
    ["the right token with a suffix", "Bearer TOKENx"],
    ["a prefix of the right token", "Bearer PREFIX"],
  ] as const) {
    test(`${label} → 40101 with HTTP 200, on reads and writes`, async () => {
      const header = auth?.replace("TOKEN", token).replace("PREFIX", token.slice(0, -1)) ?? null;
      const before = ok(await op<Developer[]>("GET", "/admin/developers")).length;
      const list = await op("GET", "/admin/developers", { auth: header });
      expectCode(list, 40101);
      assert.equal(list.developId, null);
      expectCode(await op("POST", "/admin/developers", { auth: header, body: { name: "intruder", userName: "intruder" } }), 40101);
      expectCode(await op("POST", `/admin/developers/${UNKNOWN_DEVELOPER}/key/reset`, { auth: header }), 40101);
      assert.equal(ok(await op<Developer[]>("GET", "/admin/developers")).length, before, "a refused create must not create");
    });
  }

  test("the right token works (control); the operator envelope has developId null", async () => {
    const reply = await op<Developer[]>("GET", "/admin/developers");
    ok(reply);
    assert.equal(reply.developId, null);
  });
});

describe("developers, users and keys", () => {
  let created: Created;

  test("create returns the developer, its credentials and the first user", async () => {
    created = ok(await op<Created>("POST", "/admin/developers", { body: { name: "Acme Trading", userName: "Ponpick11" } }));
    const { developer, credentials, user } = created;
    assert.match(developer.developId, /^\d{19}$/);
    assert.equal(developer.name, "Acme Trading");
    assert.equal(developer.status, "ENABLED");
    assert.equal(developer.sandbox, true);
    assert.equal(developer.rateLimitPerSecond, null);
    assert.equal(developer.rateLimitBurst, null);
    assert.ok(!Number.isNaN(Date.parse(developer.createdAt)));
    assert.equal(credentials.developId, developer.developId);
    assert.match(credentials.accessKey, /^[0-9a-f]{32}$/);
    assert.equal(typeof credentials.accessSecret, "string");
    assert.ok(credentials.accessSecret.length >= 16);
    assert.notEqual(credentials.accessSecret, credentials.accessKey);
    assert.ok(user);
    assert.match(user.userId, /^21\d{11}$/);
    assert.equal(user.developId, developer.developId);
    assert.equal(user.userName, "Ponpick11");
    assert.equal(user.status, "ENABLED");
  });

  test("the credentials sign requests on /v2", async () => {
    const client = new OpenponClient({
      baseUrl: server.url,
      accessKey: created.credentials.accessKey,
      accessSecret: created.credentials.accessSecret,
      userId: created.user!.userId,
    });
    const { envelope } = await client.raw("POST", "/v2/open/address/get", { body: {} });
    assert.equal(envelope.code, 200, envelope.msg);
    assert.equal(envelope.developId, created.developer.developId);
  });

  test("create without userName has no user; sandbox: false is kept; two developers get distinct keys", async () => {
    const live = ok(await op<Created>("POST", "/admin/developers", { body: { name: "Live One", sandbox: false } }));
    assert.equal(live.user, null);
    assert.equal(live.developer.sandbox, false);
    assert.notEqual(live.developer.developId, created.developer.developId);
    assert.notEqual(live.credentials.accessKey, created.credentials.accessKey);
    assert.notEqual(live.credentials.accessSecret, created.credentials.accessSecret);
    assert.deepEqual(ok(await op<User[]>("GET", `/admin/developers/${live.developer.developId}/users`)), []);
  });

  test("create validation → 40002", async () => {
    for (const body of [{}, { name: "" }, { name: "   " }, { name: "x".repeat(101) }, { name: 5 }, { name: "ok", userName: "has space" }, { name: "ok", sandbox: "yes" }]) {
      const reply = await op("POST", "/admin/developers", { body });
      expectCode(reply, 40002);
    }
    expectCode(await op("POST", "/admin/developers", { body: "{not json" }), 40002);
  });

  test("list includes the developer with its access key and user count, never a secret", async () => {
    const reply = await op<Array<Developer & { accessKey: string | null; users: number }>>("GET", "/admin/developers");
    const list = ok(reply);
    const mine = list.find((d) => d.developId === created.developer.developId);
    assert.ok(mine, "created developer missing from the list");
    assert.equal(mine.name, "Acme Trading");
    assert.equal(mine.accessKey, created.credentials.accessKey);
    assert.equal(mine.users, 1);
    assert.ok(!reply.text.includes(created.credentials.accessSecret), "the list leaks a secret");
    assert.ok(!("accessSecret" in mine));
  });

  test("get one developer", async () => {
    assert.deepEqual(ok(await op<Developer>("GET", `/admin/developers/${created.developer.developId}`)), created.developer);
  });

  test("users: add, list, get one; a duplicate name → 40901; the same name under another developer is fine", async () => {
    const id = created.developer.developId;
    const added = ok(await op<User>("POST", `/admin/developers/${id}/users`, { body: { userName: "second.user@shop" } }));
    assert.match(added.userId, /^21\d{11}$/);
    assert.equal(added.developId, id);
    assert.equal(added.userName, "second.user@shop");
    assert.equal(added.status, "ENABLED");
    assert.notEqual(added.userId, created.user!.userId);

    const users = ok(await op<User[]>("GET", `/admin/developers/${id}/users`));
    assert.deepEqual(users.map((u) => u.userId).sort(), [created.user!.userId, added.userId].sort());
    assert.deepEqual(ok(await op<User>("GET", `/admin/users/${added.userId}`)), added);

    expectCode(await op("POST", `/admin/developers/${id}/users`, { body: { userName: "second.user@shop" } }), 40901);
    expectCode(await op("POST", `/admin/developers/${id}/users`, { body: { userName: "Ponpick11" } }), 40901);
    expectCode(await op("POST", `/admin/developers/${id}/users`, { body: { userName: " Ponpick11 " } }), 40901);
    assert.equal(ok(await op<User[]>("GET", `/admin/developers/${id}/users`)).length, 2);

    const other = ok(await op<Created>("POST", "/admin/developers", { body: { name: "Other" } }));
    ok(await op<User>("POST", `/admin/developers/${other.developer.developId}/users`, { body: { userName: "Ponpick11" } }));

    const listed = ok(await op<Array<Developer & { users: number }>>("GET", "/admin/developers")).find((d) => d.developId === id);
    assert.equal(listed?.users, 2);
  });

  test("users: invalid names → 40002", async () => {
    const id = created.developer.developId;
    for (const body of [{}, { userName: "" }, { userName: "a b" }, { userName: "x".repeat(65) }, { userName: 7 }]) {
      expectCode(await op("POST", `/admin/developers/${id}/users`, { body }), 40002);
    }
  });

  test("disable and enable a user and a developer", async () => {
    const userId = created.user!.userId;
    assert.equal(ok(await op<User>("POST", `/admin/users/${userId}/disable`)).status, "DISABLED");
    assert.equal(ok(await op<User>("GET", `/admin/users/${userId}`)).status, "DISABLED");
    assert.equal(ok(await op<User>("POST", `/admin/users/${userId}/enable`)).status, "ENABLED");
    const id = created.developer.developId;
    assert.equal(ok(await op<Developer>("POST", `/admin/developers/${id}/disable`)).status, "DISABLED");
    assert.equal(ok(await op<Developer>("GET", `/admin/developers/${id}`)).status, "DISABLED");
    assert.equal(ok(await op<Developer>("POST", `/admin/developers/${id}/enable`)).status, "ENABLED");
  });

  test("rate limit: set, read back, reset to the default with null; invalid values → 40002", async () => {
    const id = created.developer.developId;
    const set = ok(await op<Developer>("PUT", `/admin/developers/${id}/rate-limit`, { body: { perSecond: 7, burst: 9 } }));
    assert.equal(set.rateLimitPerSecond, 7);
    assert.equal(set.rateLimitBurst, 9);
    assert.equal(ok(await op<Developer>("GET", `/admin/developers/${id}`)).rateLimitBurst, 9);
    const cleared = ok(await op<Developer>("PUT", `/admin/developers/${id}/rate-limit`, { body: { perSecond: null, burst: null } }));
    assert.equal(cleared.rateLimitPerSecond, null);
    assert.equal(cleared.rateLimitBurst, null);
    for (const body of [{ perSecond: 0, burst: 1 }, { perSecond: 1, burst: -1 }, { perSecond: "5", burst: 5 }, { perSecond: 1.5, burst: 2 }]) {
      expectCode(await op("PUT", `/admin/developers/${id}/rate-limit`, { body }), 40002);
    }
  });

  test("key show hides the secret unless reveal=true", async () => {
    const id = created.developer.developId;
    for (const query of ["", "?reveal=false"]) {
      const reply = await op<KeyView>("GET", `/admin/developers/${id}/key${query}`);
      const key = ok(reply);
      assert.equal(key.developId, id);
      assert.equal(key.accessKey, created.credentials.accessKey);
      assert.equal(key.accessSecret, null);
      assert.ok(!Number.isNaN(Date.parse(key.rotatedAt)));
      assert.ok(!reply.text.includes(created.credentials.accessSecret), `key show${query} leaks the secret`);
    }
    const revealed = ok(await op<KeyView>("GET", `/admin/developers/${id}/key?reveal=true`));
    assert.equal(revealed.accessSecret, created.credentials.accessSecret);
    expectCode(await op("GET", `/admin/developers/${id}/key?reveal=maybe`), 40002);
  });

  test("key reset returns a new secret for the same key; reveal shows the new one", async () => {
    const id = created.developer.developId;
    const before = ok(await op<KeyView>("GET", `/admin/developers/${id}/key`));
    const reset = ok(await op<{ developId: string; accessKey: string; accessSecret: string }>("POST", `/admin/developers/${id}/key/reset`));
    assert.equal(reset.developId, id);
    assert.equal(reset.accessKey, created.credentials.accessKey);
    assert.notEqual(reset.accessSecret, created.credentials.accessSecret);
    const after = ok(await op<KeyView>("GET", `/admin/developers/${id}/key?reveal=true`));
    assert.equal(after.accessSecret, reset.accessSecret);
    assert.ok(Date.parse(after.rotatedAt) >= Date.parse(before.rotatedAt));
  });
});

describe("unknown and malformed ids", () => {
  const developerPaths: Array<["GET" | "POST" | "PUT", string, unknown?]> = [
    ["GET", "/admin/developers/ID"],
    ["GET", "/admin/developers/ID/users"],
    ["POST", "/admin/developers/ID/users", { userName: "someone" }],
    ["GET", "/admin/developers/ID/key"],
    ["POST", "/admin/developers/ID/key/reset"],
    ["POST", "/admin/developers/ID/disable"],
    ["POST", "/admin/developers/ID/enable"],
    ["PUT", "/admin/developers/ID/rate-limit", { perSecond: 1, burst: 1 }],
  ];
  const userPaths: Array<["GET" | "POST", string]> = [
    ["GET", "/admin/users/ID"],
    ["POST", "/admin/users/ID/disable"],
    ["POST", "/admin/users/ID/enable"],
  ];

  test("an unknown developer → 40401 on every developer route", async () => {
    for (const [method, path, body] of developerPaths) {
      const reply = await op(method, path.replace("ID", UNKNOWN_DEVELOPER), body === undefined ? {} : { body });
      assert.equal(reply.code, 40401, `${method} ${path}: ${reply.code} ${reply.msg}`);
    }
  });

  test("an unknown user → 40401 on every user route", async () => {
    for (const [method, path] of userPaths) {
      const reply = await op(method, path.replace("ID", UNKNOWN_USER));
      assert.equal(reply.code, 40401, `${method} ${path}: ${reply.code} ${reply.msg}`);
    }
  });

  test("a malformed developId → 40002 on every developer route", async () => {
    for (const bad of ["abc", "12345678901234567890", "-1", "1.5"]) {
      for (const [method, path, body] of developerPaths) {
        const reply = await op(method, path.replace("ID", bad), body === undefined ? {} : { body });
        assert.equal(reply.code, 40002, `${method} ${path} with ${bad}: ${reply.code} ${reply.msg}`);
      }
    }
  });

  test("a malformed userId → 40002 on every user route", async () => {
    for (const bad of ["abc", "123", "3100000000000", "21000000000000"]) {
      for (const [method, path] of userPaths) {
        const reply = await op(method, path.replace("ID", bad));
        assert.equal(reply.code, 40002, `${method} ${path} with ${bad}: ${reply.code} ${reply.msg}`);
      }
    }
  });

  test("an unknown operator route → 40401", async () => {
    expectCode(await op("GET", "/admin/nope"), 40401);
    expectCode(await op("DELETE" as "GET", "/admin/developers"), 40401);
  });
});
