// Two fresh starts with the same seed serve byte-identical goods; a restart loads the stored
// catalogue snapshot instead of building it again.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { OpenponClient } from "@openpon/sdk";
import { spawnServer, tempDir, type ChildServer } from "./helpers/server.ts";

const REQUESTS: Array<[string, "GET" | "POST", Record<string, unknown>]> = [
  ["/v2/taobao/product/item/search", "POST", { keyword: "连衣裙", pageSize: 10, sort: "price_asc" }],
  ["/v2/taobao/product/item/search", "POST", { keyword: "phone case", pageSize: 10 }],
  ["/v2/taobao/product/item/search", "POST", { keyword: "ชุดเดรส", pageSize: 10 }],
  ["/v2/alibaba/product/keywords/query", "POST", { keyword: "T恤", pageSize: 10, country: "vi" }],
  ["/v2/alibaba/product/category/get", "POST", { categoryId: 0 }],
  ["/v2/alibaba/product/productRecommendQuery", "POST", { outMemberId: "m1", pageSize: 5 }],
];

describe("sandbox determinism", () => {
  const dirs = [tempDir("openpon-det-a-"), tempDir("openpon-det-b-")];
  const servers: ChildServer[] = [];
  const env = (dir: string) => ({ DATA_DIR: dir, DATABASE_URL: "", REDIS_URL: "", OPERATOR_TOKEN: "", SANDBOX_SEED: "99", SANDBOX_ITEMS: "4000", PUBLIC_URL: "http://openpon.test" });

  after(async () => {
    for (const server of servers) await server.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function clientOf(server: ChildServer, dir: string): Promise<OpenponClient> {
    const credentials = JSON.parse(fs.readFileSync(path.join(dir, "credentials.json"), "utf8"));
    return new OpenponClient({ baseUrl: server.url, ...credentials });
  }

  async function answers(client: OpenponClient): Promise<string[]> {
    const out: string[] = [];
    for (const [p, method, body] of REQUESTS) {
      const { envelope } = await client.raw(method, p, { body });
      assert.equal(envelope.code, 200, `${p}: ${envelope.msg}`);
      out.push(JSON.stringify(envelope.data));
    }
    const first = JSON.parse(out[0]!) as { data: Array<{ itemId: string }> };
    const detail = await client.raw("GET", "/v2/taobao/product/get", { query: { itemId: first.data[0]!.itemId } });
    out.push(JSON.stringify(detail.envelope.data));
    return out;
  }

  test("two fresh starts with the same seed give byte-identical search and detail responses", async () => {
    for (const dir of dirs) servers.push(await spawnServer(env(dir)));
    const [a, b] = await Promise.all([clientOf(servers[0]!, dirs[0]!), clientOf(servers[1]!, dirs[1]!)]);
    assert.deepEqual(await answers(a), await answers(b));
    const snapshots = fs.readdirSync(path.join(dirs[0]!, "sandbox"));
    assert.deepEqual(snapshots.sort(), ["alibaba-seed99-4000.snapshot", "taobao-seed99-4000.snapshot"]);
  });

  test("a restart loads the snapshot and answers the same", async () => {
    const before = await answers(await clientOf(servers[0]!, dirs[0]!));
    const stamp = fs.statSync(path.join(dirs[0]!, "sandbox", "taobao-seed99-4000.snapshot")).mtimeMs;
    await servers[0]!.stop();
    servers[0] = await spawnServer(env(dirs[0]!));
    assert.equal(fs.statSync(path.join(dirs[0]!, "sandbox", "taobao-seed99-4000.snapshot")).mtimeMs, stamp, "not rebuilt");
    assert.deepEqual(await answers(await clientOf(servers[0]!, dirs[0]!)), before);
  });
});
