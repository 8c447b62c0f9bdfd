// The developer's own wallet (GET /developer/wallet, DESIGNED): signed like every developer route,
// the operator's balance and statement views in one answer, shared by all the developer's users,
// never another developer's; the SDK's client.wallet.get(); the schema in /openapi.json.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ValidationError, type DeveloperWallet } from "@openpon/sdk";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const OPENING = 100_000_000;

let server: TestServer;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});
afterEach(async () => {
  if (server) assert.deepEqual(await server.platform.services.wallet.checkInvariants(), []);
});

async function operator<T>(method: "GET" | "POST", p: string, body?: unknown): Promise<T> {
  const reply = await server.admin<T>(method, p, body);
  assert.equal(reply.code, 200, `${method} ${p}: ${reply.code} ${reply.msg}`);
  return reply.data;
}

const own = (d: TestDeveloper, query: Record<string, string | number | undefined> = {}) => d.client.request<DeveloperWallet>("GET", "/developer/wallet", { query });

describe("GET /developer/wallet", () => {
  test("a sandbox developer sees its opening grant, then an operator top-up, newest first", async () => {
    const dev = await server.createDeveloper();
    const opened = await own(dev);
    assert.equal(opened.developerId, dev.developId);
    assert.equal(opened.currency, "CNY");
    assert.equal(opened.balanceFen, OPENING);
    assert.equal(opened.balance, "1000000");
    assert.equal(typeof opened.updatedAt, "number");
    assert.deepEqual(
      opened.entries.map((e) => [e.kind, e.amountFen, e.balanceAfterFen]),
      [["sandbox_grant", OPENING, OPENING]],
    );
    assert.equal(opened.nextCursor, null);

    const topup = await operator<{ transactionId: string }>("POST", `/admin/developers/${dev.developId}/wallet/topup`, { amount: "100.50", memo: "wire" });
    const after = await own(dev);
    assert.equal(after.balanceFen, OPENING + 10_050);
    assert.equal(after.balance, "1000100.5");
    assert.deepEqual(
      after.entries.map((e) => [e.kind, e.amountFen, e.amount, e.balanceAfterFen]),
      [
        ["topup", 10_050, "100.5", OPENING + 10_050],
        ["sandbox_grant", OPENING, "1000000", OPENING],
      ],
    );
    assert.equal(after.entries[0]!.transactionId, topup.transactionId);

    // The same as the operator's views.
    const balance = await operator<Record<string, unknown>>("GET", `/admin/developers/${dev.developId}/wallet`);
    const statement = await operator<{ entries: unknown[]; nextCursor: string | null }>("GET", `/admin/developers/${dev.developId}/wallet/statement`);
    assert.deepEqual({ ...after, entries: undefined, nextCursor: undefined }, { ...balance, entries: undefined, nextCursor: undefined });
    assert.deepEqual(after.entries, statement.entries);

    // Paging with limit and after, and the kind filter.
    const first = await own(dev, { limit: 1 });
    assert.deepEqual(first.entries.map((e) => e.kind), ["topup"]);
    assert.equal(first.nextCursor, topup.transactionId);
    const second = await own(dev, { limit: 1, after: first.nextCursor! });
    assert.deepEqual(second.entries.map((e) => e.kind), ["sandbox_grant"]);
    assert.equal(second.nextCursor, null);
    assert.equal(second.balanceFen, OPENING + 10_050, "the balance is always the current one");
    assert.deepEqual((await own(dev, { kind: "topup" })).entries.map((e) => e.kind), ["topup"]);
    assert.deepEqual((await own(dev, { kind: "payment" })).entries, []);
  });

  test("every user of the developer reads the same wallet; another developer reads only its own", async () => {
    const a = await server.createDeveloper();
    const b = await server.createDeveloper();
    await operator("POST", `/admin/developers/${a.developId}/wallet/topup`, { amountFen: 700 });
    const second = await server.addUser(a.developId, `second-${a.developId}`);
    const byFirst = await own(a);
    const bySecond = await a.client.withUser(second).request<DeveloperWallet>("GET", "/developer/wallet");
    assert.deepEqual(bySecond, byFirst);
    assert.equal(byFirst.balanceFen, OPENING + 700);

    const ofB = await own(b);
    assert.equal(ofB.developerId, b.developId);
    assert.equal(ofB.balanceFen, OPENING);
    assert.deepEqual(ofB.entries.map((e) => e.kind), ["sandbox_grant"]);
    assert.ok(ofB.entries.every((e) => e.developerId === b.developId));
    // A's user-id with B's keys is not B's user: refused, not A's wallet.
    const cross = await b.client.raw("GET", "/developer/wallet", { userId: a.userId });
    assert.notEqual(cross.envelope.code, 200);
    assert.equal(cross.envelope.data, null);
  });

  test("a live developer starts at zero", async () => {
    const created = await operator<{ developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } }>("POST", "/admin/developers", {
      name: "live shop",
      userName: "live-wallet-user",
      sandbox: false,
    });
    const { OpenponClient } = await import("@openpon/sdk");
    const client = new OpenponClient({ baseUrl: server.url, accessKey: created.credentials.accessKey, accessSecret: created.credentials.accessSecret, userId: created.user.userId });
    const wallet = await client.wallet.get();
    assert.equal(wallet.developerId, created.developer.developId);
    assert.equal(wallet.balanceFen, 0);
    assert.deepEqual(wallet.entries, []);
    assert.equal(wallet.nextCursor, null);
  });

  test("bad parameters answer 40002 naming the field", async () => {
    const dev = await server.createDeveloper();
    for (const [query, field] of [
      [{ limit: 0 }, "limit"],
      [{ limit: 101 }, "limit"],
      [{ limit: "x" }, "limit"],
      [{ limit: 1.5 }, "limit"],
      [{ after: "abc" }, "after"],
      [{ after: "12345678901234567890" }, "after"],
      [{ kind: "bogus" }, "kind"],
    ] as const) {
      const reply = await dev.client.raw("GET", "/developer/wallet", { query: query as Record<string, string | number> });
      assert.equal(reply.envelope.code, 40002, `${JSON.stringify(query)}: ${reply.envelope.msg}`);
      assert.ok(reply.envelope.msg.startsWith(`${field} `), `${JSON.stringify(query)}: ${reply.envelope.msg}`);
    }
    assert.equal((await own(dev, { limit: 100 })).entries.length, 1);
    assert.equal((await own(dev, { limit: 1 })).entries.length, 1);
  });

  test("unsigned calls are refused", async () => {
    const response = await fetch(server.url + "/developer/wallet");
    const envelope = (await response.json()) as { code: number; data: unknown };
    assert.equal(envelope.code, 40001);
    assert.equal(envelope.data, null);
  });
});

describe("SDK and OpenAPI", () => {
  test("client.wallet.get({limit, after, kind})", async () => {
    const dev = await server.createDeveloper();
    await operator("POST", `/admin/developers/${dev.developId}/wallet/topup`, { amountFen: 1 });
    const all = await dev.client.wallet.get();
    assert.equal(all.balanceFen, OPENING + 1);
    assert.equal(all.entries.length, 2);
    const page = await dev.client.wallet.get({ limit: 1 });
    assert.equal(page.entries.length, 1);
    const rest = await dev.client.wallet.get({ limit: 1, after: page.nextCursor! });
    assert.deepEqual(rest.entries.map((e) => e.kind), ["sandbox_grant"]);
    assert.deepEqual((await dev.client.wallet.get({ kind: "sandbox_grant" })).entries.map((e) => e.amountFen), [OPENING]);
    await assert.rejects(dev.client.wallet.get({ limit: 500 }), (err: unknown) => err instanceof ValidationError && /^limit /.test(err.message.replace(/^\d+: /, "")));
  });

  test("/openapi.json documents the route and its answer", async () => {
    const doc = (await (await fetch(server.url + "/openapi.json")).json()) as {
      paths: Record<string, Record<string, { description?: string; parameters?: Array<{ name: string }>; responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
    };
    const operation = doc.paths["/developer/wallet"]?.["get"];
    assert.ok(operation, "GET /developer/wallet is in the document");
    assert.match(operation.description ?? "", /DESIGNED/);
    assert.match(operation.description ?? "", /outside the PandaPon contract/);
    assert.deepEqual(operation.parameters?.map((p) => p.name).sort(), ["after", "kind", "limit"]);
    const schema = JSON.stringify(operation.responses["200"]?.content["application/json"]?.schema);
    for (const field of ["balanceFen", "entries", "nextCursor", "transactionId", "balanceAfterFen"]) assert.ok(schema.includes(`"${field}"`), field);
  });
});
