// The command line and first start, on embedded PGlite in a temporary DATA_DIR: the sandbox
// developer is created once; admin commands work through the running server and offline.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { OpenponClient } from "@openpon/sdk";
import { ROOT, spawnServer, tempDir, type ChildServer } from "./helpers/server.ts";

const run = promisify(execFile);

describe("first start and the openpon command line (PGlite)", () => {
  const dataDir = tempDir("openpon-cli-");
  // Force the embedded database whatever the suite runs on.
  const env = { DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", BOOTSTRAP_SANDBOX: "true", OPERATOR_TOKEN: "" };
  let server: ChildServer | undefined;

  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    });
    return stdout;
  }
  async function cliJson<T>(...args: string[]): Promise<T> {
    return JSON.parse(await cli(...args, "--json")) as T;
  }

  after(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let credentials: { developId: string; accessKey: string; accessSecret: string; userId: string };

  test("first start creates the sandbox developer, prints and saves its credentials", async () => {
    server = await spawnServer(env);
    const file = path.join(dataDir, "credentials.json");
    credentials = JSON.parse(fs.readFileSync(file, "utf8"));
    assert.deepEqual(Object.keys(credentials), ["developId", "accessKey", "accessSecret", "userId"]);
    assert.match(credentials.developId, /^\d{19}$/);
    assert.match(credentials.accessKey, /^[0-9a-f]{32}$/);
    assert.match(credentials.userId, /^21\d{11}$/);
    assert.ok(server.output().includes(credentials.accessSecret), "the secret is printed on first start");
    assert.equal(fs.statSync(file).mode & 0o077, 0, "credentials.json is private to its owner");
    const client = new OpenponClient({ baseUrl: server.url, ...credentials });
    assert.deepEqual(await client.taobao.orderPage(), { total: 0, data: [] });
  });

  test("admin commands go through the running server", async () => {
    const list = await cliJson<Array<{ developId: string; name: string }>>("developer", "list");
    assert.deepEqual(
      list.map((d) => d.developId),
      [credentials.developId],
    );
    const created = await cliJson<{ developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } }>(
      "developer",
      "create",
      "--name",
      "Shop Two",
      "--user",
      "buyer-1",
    );
    const client = new OpenponClient({ baseUrl: server!.url, accessKey: created.credentials.accessKey, accessSecret: created.credentials.accessSecret, userId: created.user.userId });
    assert.equal((await client.address.get()).length, 0);

    const added = await cliJson<{ userId: string }>("user", "add", "--developer", created.developer.developId, "--name", "buyer-2");
    assert.match(added.userId, /^21\d{11}$/);
    assert.deepEqual(await client.withUser(added.userId).address.get(), []);
    await cliJson("user", "disable", added.userId);
    const refused = await client.withUser(added.userId).raw("POST", "/v2/open/address/get", { body: {} });
    assert.equal(refused.envelope.code, 40301);

    const shown = await cliJson<{ accessKey: string; accessSecret: string | null }>("key", "show", "--developer", created.developer.developId);
    assert.equal(shown.accessKey, created.credentials.accessKey);
    assert.equal(shown.accessSecret, null, "the secret is hidden unless asked for");
    const revealed = await cliJson<{ accessSecret: string }>("key", "show", "--developer", created.developer.developId, "--reveal");
    assert.equal(revealed.accessSecret, created.credentials.accessSecret);

    const reset = await cliJson<{ accessKey: string; accessSecret: string }>("key", "reset", "--developer", created.developer.developId);
    assert.notEqual(reset.accessSecret, created.credentials.accessSecret);
    const stale = await client.raw("POST", "/v2/open/address/get", { body: {} });
    assert.equal(stale.envelope.code, 40103, "the old secret stops working at once");
    const fresh = new OpenponClient({ ...client.options, accessSecret: reset.accessSecret });
    assert.deepEqual(await fresh.address.get(), []);

    const human = await cli("developer", "list");
    assert.match(human, /Shop Two/);
  });

  test("errors are reported with their code and a non-zero exit", async () => {
    await assert.rejects(cli("user", "add", "--developer", "123", "--name", "x"), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /40401/);
      return true;
    });
  });

  test("SIGTERM shuts down cleanly; admin commands then work on the data directly; a restart keeps the data", async () => {
    assert.equal(await server!.stop(), 0);
    assert.equal(fs.existsSync(path.join(dataDir, "server.json")), false);
    const offline = await cliJson<Array<{ developId: string }>>("developer", "list");
    assert.equal(offline.length, 2);
    const reset = await cliJson<{ accessKey: string; accessSecret: string }>("key", "reset", "--developer", credentials.developId);

    server = await spawnServer(env);
    assert.ok(!server.output().includes("Sandbox developer created"), "no second sandbox developer");
    assert.equal((await cliJson<unknown[]>("developer", "list")).length, 2);
    const client = new OpenponClient({ baseUrl: server.url, ...credentials, accessSecret: reset.accessSecret });
    assert.deepEqual(await client.taobao.orderPage(), { total: 0, data: [] });
    const old = new OpenponClient({ baseUrl: server.url, ...credentials });
    assert.equal((await old.raw("POST", "/v2/taobao/order/page", { body: {} })).envelope.code, 40103);
  });

  test("sandbox seed builds the catalogues into DATA_DIR/sandbox once", async () => {
    const first = await cliJson<Array<{ platform: string; items: number; alreadyBuilt: boolean }>>("sandbox", "seed", "--items", "1500", "--seed", "5");
    assert.deepEqual(
      first.map((r) => [r.platform, r.items, r.alreadyBuilt]),
      [
        ["taobao", 1500, false],
        ["alibaba", 1500, false],
      ],
    );
    assert.ok(fs.existsSync(path.join(dataDir, "sandbox", "taobao-seed5-1500.snapshot")));
    const again = await cliJson<Array<{ alreadyBuilt: boolean }>>("sandbox", "seed", "--items", "1500", "--seed", "5", "--platform", "taobao");
    assert.deepEqual(again.map((r) => r.alreadyBuilt), [true]);
    await assert.rejects(cli("sandbox", "seed", "--items", "0"), /--items/);
  });

  test("sandbox clock, advance and speed for a developer", async () => {
    const before = await cliJson<{ now: number }>("sandbox", "clock", "--developer", credentials.developId);
    const advanced = await cliJson<{ now: number; from: number; to: number; ran: number }>("sandbox", "advance", "2d", "--developer", credentials.developId);
    assert.ok(advanced.from >= before.now);
    assert.equal(advanced.to - advanced.from, 2 * 86_400_000);
    assert.ok(advanced.now >= advanced.to);
    assert.equal((await cliJson<{ speed: number }>("sandbox", "speed", "60", "--developer", credentials.developId)).speed, 60);
    assert.match(await cli("sandbox", "clock", "--developer", credentials.developId), /sandbox time .* speed 60/);
    await assert.rejects(cli("sandbox", "advance", "soon", "--developer", credentials.developId), /40002/);
  });

  test("sandbox trigger and reset, order finance: a seller event now, a user's state cleared", async () => {
    const dev = credentials.developId;
    await cliJson("sandbox", "speed", "0", "--developer", dev);
    const client = new OpenponClient({ baseUrl: server!.url, ...credentials, accessSecret: (await cliJson<{ accessSecret: string }>("key", "show", "--developer", dev, "--reveal")).accessSecret });
    const found = await client.request<{ data: Array<{ itemId: string }> }>("POST", "/v2/taobao/product/item/search", { body: { keyword: "连衣裙", pageSize: 10 } });
    let order: { id: string; subOrderVOS: Array<{ taobaoPurchaseId: string }> } | undefined;
    for (const item of found.data) {
      const detail = await client.request<{ mpId: string; status: string; skuList: Array<{ mpSkuId: string; price: number; quantity: number; status: string }> }>("GET", "/v2/taobao/product/get", { query: { itemId: item.itemId } });
      const sku = detail.skuList.find((k) => k.status === "active" && k.quantity > 2);
      if (detail.status !== "active" || !sku) continue;
      order = await client.request("POST", "/v2/taobao/order", {
        body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.price, orderLineNo: "1" }], receiver: { name: "cli", mobile_phone: "13800000000", state: "广东省", city: "广州市", address: "1 号" } },
      });
      break;
    }
    assert.ok(order, "an order was placed");
    const purchaseId = order.subOrderVOS[0]!.taobaoPurchaseId;
    const built = await cliJson<{ ran: number }>("sandbox", "trigger", "build", purchaseId, "--developer", dev);
    assert.equal(built.ran, 1);
    await client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.match(await cli("sandbox", "trigger", "ship", purchaseId, "--developer", dev), /ship on \d+: ran 1 event/);
    assert.equal((await client.request<{ status: number }>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } })).status, 11);
    await assert.rejects(cli("sandbox", "trigger", "ship", purchaseId, "--developer", dev), /40901/);
    await assert.rejects(cli("order", "finance", order.id, "reject", "--developer", dev), /40901/);
    assert.deepEqual(await cliJson("sandbox", "reset", "--developer", dev, "--user", credentials.userId), { userId: credentials.userId, reset: true });
    assert.deepEqual(await client.taobao.orderPage(), { total: 0, data: [] });
  });

  test("a second server on the same data directory is refused", async () => {
    await assert.rejects(spawnServer(env), /another openpon process/);
  });
});
