// Foundation endpoints (foundation-warehouse.md §1): POST /v2/open/address/get and
// POST /v2/open/address/addOrUpdate, through real HTTP with the SDK client.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Address, OpenponClient } from "@openpon/sdk";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const GET = "/v2/open/address/get";
const SAVE = "/v2/open/address/addOrUpdate";

interface Reply<T = unknown> {
  code: number;
  msg: string;
  developId: string | null;
  data: T | null;
}

async function call<T = unknown>(client: OpenponClient, path: string, body: unknown): Promise<Reply<T>> {
  const { status, envelope } = await client.raw<T>("POST", path, { body });
  assert.equal(status, 200);
  assert.match(envelope.requestId, /^[0-9a-f]{32}$/);
  if (envelope.code !== 200) assert.equal(envelope.data, null);
  return envelope;
}

function expectOk<T>(reply: Reply<T>): T {
  assert.equal(reply.code, 200, `expected 200, got ${reply.code}: ${reply.msg}`);
  assert.equal(reply.msg, "成功");
  return reply.data as T;
}

function expectCode(reply: Reply, code: number, field?: string): void {
  assert.equal(reply.code, code, `expected ${code}, got ${reply.code}: ${reply.msg}`);
  if (field !== undefined) assert.match(reply.msg, new RegExp(`(^|[^\\w.])${field}\\b`), `msg ${JSON.stringify(reply.msg)} should name ${field}`);
}

const sample = (n: number) => ({
  name: `张三${n}`,
  province: "浙江省",
  city: "杭州市",
  district: "余杭区",
  address: `文一西路 ${n} 号`,
  phone: "15068763421",
});

let server: TestServer;
let devA: TestDeveloper; // user A
let userB: OpenponClient; // another user of the same developer
let devC: TestDeveloper; // another developer

before(async () => {
  server = await startServer();
  devA = await server.createDeveloper();
  userB = devA.client.withUser(await server.addUser(devA.developId, `b-${Date.now()}`));
  devC = await server.createDeveloper();
});

after(async () => {
  await server?.close();
});

describe("create, list, get, update", () => {
  let first: number;
  let second: number;

  test("a new user has no addresses: [] (empty body and no body alike)", async () => {
    assert.deepEqual(expectOk(await call(devA.client, GET, {})), []);
    const { envelope } = await devA.client.raw("POST", GET, {});
    assert.equal(envelope.code, 200);
    assert.deepEqual(envelope.data, []);
  });

  test("create returns the new id; get returns every member", async () => {
    const saved = expectOk(await call<{ id: number }>(devA.client, SAVE, sample(1)));
    assert.deepEqual(Object.keys(saved), ["id"]);
    assert.ok(Number.isSafeInteger(saved.id) && saved.id > 0);
    first = saved.id;
    const list = expectOk(await call<Address[]>(devA.client, GET, {}));
    assert.deepEqual(list, [{ id: first, ...sample(1) }]);
    assert.deepEqual(Object.keys(list[0]!), ["id", "name", "province", "city", "district", "address", "phone"]);
  });

  test("the list is newest first", async () => {
    second = expectOk(await call<{ id: number }>(devA.client, SAVE, sample(2))).id;
    const third = expectOk(await call<{ id: number }>(devA.client, SAVE, { id: 0, ...sample(3) })).id; // id 0 creates
    assert.equal(new Set([first, second, third]).size, 3);
    const list = expectOk(await call<Address[]>(devA.client, GET, {}));
    assert.deepEqual(
      list.map((a) => a.id),
      [third, second, first],
    );
    assert.deepEqual(
      list.map((a) => a.name),
      ["张三3", "张三2", "张三1"],
    );
  });

  test("get by id is an array of one", async () => {
    assert.deepEqual(expectOk(await call<Address[]>(devA.client, GET, { id: second })), [{ id: second, ...sample(2) }]);
  });

  test("update replaces all members; an omitted district becomes null", async () => {
    const replacement = { name: "李四", province: "广东省", city: "深圳市", address: "深南大道 100 号", phone: "+86 138-0000-0000" };
    const saved = expectOk(await call<{ id: number }>(devA.client, SAVE, { id: first, ...replacement }));
    assert.equal(saved.id, first);
    assert.deepEqual(expectOk(await call<Address[]>(devA.client, GET, { id: first })), [{ id: first, ...replacement, district: null }]);
    // nothing else changed, and no address was added
    const list = expectOk(await call<Address[]>(devA.client, GET, {}));
    assert.equal(list.length, 3);
    assert.deepEqual(
      list.find((a) => a.id === second),
      { id: second, ...sample(2) },
    );
  });

  test("the SDK helpers speak the same endpoints", async () => {
    const { id } = await devA.client.address.addOrUpdate({ ...sample(4), id: second });
    assert.equal(id, second);
    assert.deepEqual(await devA.client.address.get(second), [{ id: second, ...sample(4) }]);
  });

  test("an unknown id → 40401 on get and on update", async () => {
    expectCode(await call(devA.client, GET, { id: 987_654_321 }), 40401);
    expectCode(await call(devA.client, SAVE, { id: 987_654_321, ...sample(9) }), 40401);
    assert.equal(expectOk(await call<Address[]>(devA.client, GET, {})).length, 3);
  });

  test("null members are treated as absent: {id: null} creates, {district: null} stores null", async () => {
    const before = expectOk(await call<Address[]>(devA.client, GET, {})).length;
    const raw = JSON.stringify({ id: null, ...sample(5), district: null });
    const saved = expectOk(await call<{ id: number }>(devA.client, SAVE, raw));
    assert.ok(![first, second].includes(saved.id));
    assert.deepEqual(expectOk(await call<Address[]>(devA.client, GET, { id: saved.id })), [{ id: saved.id, ...sample(5), district: null }]);
    assert.equal(expectOk(await call<Address[]>(devA.client, GET, {})).length, before + 1);
    // on get, {"id": null} is the whole list
    assert.equal(expectOk(await call<Address[]>(devA.client, GET, '{"id": null}')).length, before + 1);
  });

  test("isolation: user B of the same developer and a user of another developer see nothing of user A", async () => {
    for (const client of [userB, devC.client]) {
      assert.deepEqual(expectOk(await call(client, GET, {})), []);
      expectCode(await call(client, GET, { id: first }), 40401);
      expectCode(await call(client, SAVE, { id: first, ...sample(8) }), 40401);
    }
    // user A's address is untouched by the refused updates
    assert.equal(expectOk(await call<Address[]>(devA.client, GET, { id: first }))[0]!.name, "李四");
    // and user B's own address is invisible to A
    const bId = expectOk(await call<{ id: number }>(userB, SAVE, sample(7))).id;
    expectCode(await call(devA.client, GET, { id: bId }), 40401);
    assert.deepEqual(
      expectOk(await call<Address[]>(userB, GET, {})).map((a) => a.id),
      [bId],
    );
    assert.ok(!expectOk(await call<Address[]>(devA.client, GET, {})).some((a) => a.id === bId));
  });
});

describe("validation (40002 naming the field)", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["blank name", { ...sample(1), name: "  " }, "name"],
    ["empty name", { ...sample(1), name: "" }, "name"],
    ["name of 51 characters", { ...sample(1), name: "x".repeat(51) }, "name"],
    ["phone abc", { ...sample(1), phone: "abc" }, "phone"],
    ["phone of 4 characters", { ...sample(1), phone: "1234" }, "phone"],
    ["phone of 21 characters", { ...sample(1), phone: "1".repeat(21) }, "phone"],
    ["address of 201 characters", { ...sample(1), address: "x".repeat(201) }, "address"],
    ["missing province", (({ province: _p, ...rest }) => rest)(sample(1)), "province"],
    ["missing name", (({ name: _n, ...rest }) => rest)(sample(1)), "name"],
    ["missing city", (({ city: _c, ...rest }) => rest)(sample(1)), "city"],
    ["missing address", (({ address: _a, ...rest }) => rest)(sample(1)), "address"],
    ["missing phone", (({ phone: _p, ...rest }) => rest)(sample(1)), "phone"],
    ["name as a number", { ...sample(1), name: 5 }, "name"],
    ["id as a string", { ...sample(1), id: "1" }, "id"],
    ["negative id", { ...sample(1), id: -1 }, "id"],
    ["fractional id", { ...sample(1), id: 1.5 }, "id"],
  ];
  for (const [label, body, field] of cases) {
    test(`${label} → 40002 naming ${field}`, async () => {
      expectCode(await call(devC.client, SAVE, body), 40002, field);
    });
  }

  test("get: id as a string, 0 or negative → 40002 naming id", async () => {
    expectCode(await call(devC.client, GET, { id: "1" }), 40002, "id");
    expectCode(await call(devC.client, GET, { id: 0 }), 40002, "id");
    expectCode(await call(devC.client, GET, { id: -3 }), 40002, "id");
  });

  test("limits are inclusive: name of 50, address of 200, phone of 5 and 20 characters pass", async () => {
    const saved = expectOk(
      await call<{ id: number }>(devC.client, SAVE, { ...sample(1), name: "n".repeat(50), address: "a".repeat(200), phone: "12345" }),
    );
    expectOk(await call(devC.client, SAVE, { ...sample(1), id: saved.id, name: "n".repeat(50), address: "a".repeat(200), phone: "1".repeat(20) }));
  });

  test("no refused request stored anything", async () => {
    assert.equal(expectOk(await call<Address[]>(devC.client, GET, {})).length, 1);
  });
});

describe("at most 50 addresses per user", () => {
  test("the 51st create → 40901 while 50 exist; updates still work; another user is unaffected", async () => {
    const d = await server.createDeveloper();
    let last = 0;
    for (let i = 1; i <= 50; i++) last = expectOk(await call<{ id: number }>(d.client, SAVE, sample(i))).id;
    expectCode(await call(d.client, SAVE, sample(51)), 40901);
    expectCode(await call(d.client, SAVE, { id: 0, ...sample(51) }), 40901);
    const list = expectOk(await call<Address[]>(d.client, GET, {}));
    assert.equal(list.length, 50);
    assert.equal(list[0]!.id, last);
    assert.equal(list[0]!.name, "张三50");
    // an update of an existing address is not a 51st
    expectOk(await call(d.client, SAVE, { id: last, ...sample(99) }));
    assert.equal(expectOk(await call<Address[]>(d.client, GET, {})).length, 50);
    // the limit is per user
    const other = d.client.withUser(await server.addUser(d.developId, `second-${Date.now()}`));
    expectOk(await call(other, SAVE, sample(1)));
  });
});
