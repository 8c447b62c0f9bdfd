// The operators' after-sales catalogues: refund reasons per platform and return carriers, over
// /admin (operator token, validation, upserts seen by the next read) and `openpon aftersales …`
// end to end through a running server. PGlite by default, PostgreSQL with DATABASE_URL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT, startServer, tempDir, type TestServer } from "./helpers/server.ts";
import { catalogue, type RefundReason, type ReturnCarrier } from "../src/modules/aftersales/index.ts";

const run = promisify(execFile);

let server: TestServer;

before(async () => {
  server = await startServer({ config: { sandboxItems: 200, sandboxTickMs: 0 } });
});
after(async () => server?.close());

async function ok<T>(method: "GET" | "PUT", p: string, body?: unknown): Promise<T> {
  const reply = await server.admin<T>(method, p, body);
  assert.equal(reply.code, 200, `${method} ${p}: ${reply.code} ${reply.msg}`);
  return reply.data;
}
async function refused(method: "GET" | "PUT", p: string, body: unknown, code: number, message: RegExp) {
  const reply = await server.admin(method, p, body);
  assert.equal(reply.code, code, `${method} ${p}: expected ${code}, got ${reply.code} ${reply.msg}`);
  assert.match(reply.msg, message);
}

describe("operator routes", () => {
  test("need the operator token", async () => {
    for (const [method, p, body] of [
      ["GET", "/admin/aftersales/reasons", undefined],
      ["PUT", "/admin/aftersales/reasons/taobao/1", { description: "x", goodsStatuses: ["2"] }],
      ["GET", "/admin/aftersales/carriers", undefined],
      ["PUT", "/admin/aftersales/carriers/XX", { name: "x", id: 99, spelling: "x" }],
    ] as const) {
      for (const authorization of [undefined, "Bearer wrong-token"]) {
        const response = await fetch(server.url + p, {
          method,
          headers: { ...(authorization ? { authorization } : {}), ...(body ? { "content-type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        assert.equal(((await response.json()) as { code: number }).code, 40101, `${method} ${p}`);
      }
    }
    assert.equal((await catalogue.reason(server.platform.database.db, "taobao", 1)) ?? null, null, "nothing was written");
  });

  test("reasons: all of them, per platform, in catalogue order", async () => {
    const all = await ok<RefundReason[]>("GET", "/admin/aftersales/reasons");
    assert.deepEqual([...new Set(all.map((r) => r.platform))], ["taobao", "alibaba"]);
    const alibaba = await ok<RefundReason[]>("GET", "/admin/aftersales/reasons?platform=alibaba");
    assert.deepEqual(alibaba.map((r) => r.reasonId), [20001, 20002, 20003, 20021, 20004, 20005]);
    assert.deepEqual(alibaba.find((r) => r.reasonId === 20021), {
      platform: "alibaba",
      reasonId: 20021,
      description: "颜色/图案/款式不符",
      tips: "",
      goodsStatuses: ["refundBuyerReceived", "aftersaleBuyerReceived"],
      needVoucher: true,
      noRefundCarriage: false,
      position: 40,
      active: true,
    });
    await refused("GET", "/admin/aftersales/reasons?platform=ebay", undefined, 40002, /platform must be taobao or alibaba/);
  });

  test("a new reason goes last with its defaults; a changed one keeps its place; inactive ones stay listed", async () => {
    const created = await ok<RefundReason>("PUT", "/admin/aftersales/reasons/taobao/500001", { description: "少件/漏发", goodsStatuses: ["2", "1"], needVoucher: true });
    assert.deepEqual(created, {
      platform: "taobao",
      reasonId: 500001,
      description: "少件/漏发",
      tips: "",
      goodsStatuses: ["2", "1"],
      needVoucher: true,
      noRefundCarriage: false,
      position: 70,
      active: true,
    });
    const taobao = await ok<RefundReason[]>("GET", "/admin/aftersales/reasons?platform=taobao");
    assert.deepEqual(taobao.at(-1), created);

    const changed = await ok<RefundReason>("PUT", "/admin/aftersales/reasons/taobao/400001", { description: "未按约定时间发货", tips: "先联系卖家", goodsStatuses: ["4"], active: false });
    assert.equal(changed.position, 20, "the place is kept");
    const listed = (await ok<RefundReason[]>("GET", "/admin/aftersales/reasons?platform=taobao")).find((r) => r.reasonId === 400001);
    assert.deepEqual(listed, changed);
    assert.equal(listed!.active, false);
    const db = server.platform.database.db;
    assert.ok(!(await catalogue.reasons(db, "taobao")).some((r) => r.reasonId === 400001), "buyers no longer see it");

    const moved = await ok<RefundReason>("PUT", "/admin/aftersales/reasons/alibaba/20005", { description: "质量问题", goodsStatuses: ["aftersaleBuyerReceived"], needVoucher: true, noRefundCarriage: true, position: 1 });
    assert.deepEqual((await ok<RefundReason[]>("GET", "/admin/aftersales/reasons?platform=alibaba"))[0], moved);
  });

  test("reasons are validated, the goods statuses against the platform's", async () => {
    const good = { description: "x", goodsStatuses: ["2"] };
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { description: "x", goodsStatuses: ["2", "refundBuyerReceived"] }, 40002, /goodsStatuses\[1\] must be one of 4, 1, 2 for taobao/);
    await refused("PUT", "/admin/aftersales/reasons/alibaba/7", good, 40002, /goodsStatuses\[0\] must be one of refundWaitSellerSend, .* for alibaba/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { description: "x", goodsStatuses: [] }, 40002, /goodsStatuses/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { description: "x", goodsStatuses: ["2", "2"] }, 40002, /goodsStatuses/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { goodsStatuses: ["2"] }, 40002, /description is required/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { description: "a\u0007b", goodsStatuses: ["2"] }, 40002, /description must not contain control characters/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { ...good, position: -1 }, 40002, /position/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/7", { ...good, needVoucher: "yes" }, 40002, /needVoucher/);
    await refused("PUT", "/admin/aftersales/reasons/ebay/7", good, 40002, /platform must be taobao or alibaba/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/0", good, 40002, /reasonId must be a positive integer/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/abc", good, 40002, /reasonId must be a positive integer/);
    await refused("PUT", "/admin/aftersales/reasons/taobao/99999999999", good, 40002, /reasonId must be a positive integer/);
    assert.equal(await catalogue.reason(server.platform.database.db, "taobao", 7), undefined);
  });

  test("carriers: listed by spelling, added, changed; codes, ids and spellings are checked", async () => {
    const before = await ok<ReturnCarrier[]>("GET", "/admin/aftersales/carriers");
    assert.deepEqual(before.map((c) => c.code), ["DBL", "EMS", "JD", "STO", "SF", "YTO", "YUNDA", "ZTO"]);
    const added = await ok<ReturnCarrier>("PUT", "/admin/aftersales/carriers/JT_EXPRESS", { name: "极兔速递", id: 9, spelling: "jitusudi", phone: "956025" });
    assert.deepEqual(added, { code: "JT_EXPRESS", id: 9, name: "极兔速递", phone: "956025", spelling: "jitusudi", supportPrint: false, active: true });
    const closed = await ok<ReturnCarrier>("PUT", "/admin/aftersales/carriers/EMS", { name: "EMS", id: 6, spelling: "ems", active: false });
    const after = await ok<ReturnCarrier[]>("GET", "/admin/aftersales/carriers");
    assert.deepEqual(after.map((c) => c.code), ["DBL", "EMS", "JD", "JT_EXPRESS", "STO", "SF", "YTO", "YUNDA", "ZTO"]);
    assert.deepEqual(after.find((c) => c.code === "EMS"), closed);
    assert.deepEqual(after.find((c) => c.code === "JT_EXPRESS"), added);
    assert.ok(!(await catalogue.carriers(server.platform.database.db)).some((c) => c.code === "EMS"), "buyers no longer see it");

    const carrier = { name: "x", id: 50, spelling: "x" };
    await refused("PUT", "/admin/aftersales/carriers/NEW", { ...carrier, id: 1 }, 40901, /carrier id 1 is already SF's/);
    await refused("PUT", "/admin/aftersales/carriers/sf", carrier, 40002, /code must be 1 to 20 of A-Z, 0-9 and _/);
    await refused("PUT", "/admin/aftersales/carriers/A_CODE_LONGER_THAN_20", carrier, 40002, /code must be/);
    await refused("PUT", "/admin/aftersales/carriers/NEW", { ...carrier, spelling: "Has Spaces" }, 40002, /spelling must be/);
    await refused("PUT", "/admin/aftersales/carriers/NEW", { ...carrier, id: 0 }, 40002, /id must be a positive integer/);
    await refused("PUT", "/admin/aftersales/carriers/NEW", { name: "x", spelling: "x" }, 40002, /id is required/);
    await refused("PUT", "/admin/aftersales/carriers/NEW", { ...carrier, phone: "call me" }, 40002, /phone must be/);
    assert.equal((await ok<ReturnCarrier[]>("GET", "/admin/aftersales/carriers")).length, 9);
  });

  test("the routes are in the OpenAPI document, behind the operator token", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown }>> };
    for (const [p, method] of [
      ["/admin/aftersales/reasons", "get"],
      ["/admin/aftersales/reasons/{platform}/{reasonId}", "put"],
      ["/admin/aftersales/carriers", "get"],
      ["/admin/aftersales/carriers/{code}", "put"],
    ] as const) {
      assert.deepEqual(doc.paths[p]?.[method]?.security, [{ operatorToken: [] }], `${method} ${p}`);
    }
  });
});

describe("openpon aftersales", () => {
  let env: Record<string, string>;
  before(() => {
    env = { ...(process.env as Record<string, string>), OPENPON_URL: server.url, OPERATOR_TOKEN: server.platform.operatorToken, DATA_DIR: tempDir("openpon-aftersales-cli-"), LOG_LEVEL: "silent" };
  });
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args], { cwd: ROOT, env })).stdout;

  test("reason set and reasons, carrier set and carriers, through the running server", async () => {
    const saved = JSON.parse(
      await cli(
        "aftersales", "reason", "set", "alibaba", "20099",
        "--description", "发错货",
        "--tips", "请上传照片",
        "--goods-status", "refundBuyerReceived",
        "--goods-status", "aftersaleBuyerReceived",
        "--need-voucher",
        "--no-refund-carriage",
        "--position", "45",
        "--inactive",
        "--json",
      ),
    ) as RefundReason;
    const expected: RefundReason = {
      platform: "alibaba",
      reasonId: 20099,
      description: "发错货",
      tips: "请上传照片",
      goodsStatuses: ["refundBuyerReceived", "aftersaleBuyerReceived"],
      needVoucher: true,
      noRefundCarriage: true,
      position: 45,
      active: false,
    };
    assert.deepEqual(saved, expected);
    const listed = JSON.parse(await cli("aftersales", "reasons", "--platform", "alibaba", "--json")) as RefundReason[];
    assert.deepEqual(listed.find((r) => r.reasonId === 20099), expected);
    assert.match(await cli("aftersales", "reasons", "--platform", "alibaba"), /20099 .*inactive .*needs voucher .*no refund carriage .*发错货/);

    // Left out, the flags take their defaults again (the whole reason is replaced), the place is kept.
    const plain = JSON.parse(await cli("aftersales", "reason", "set", "alibaba", "20099", "--description", "发错货", "--goods-status", "refundBuyerReceived", "--json")) as RefundReason;
    assert.deepEqual(plain, { ...expected, tips: "", goodsStatuses: ["refundBuyerReceived"], needVoucher: false, noRefundCarriage: false, active: true });

    assert.match(await cli("aftersales", "carrier", "set", "DEPPON_X", "--name", "德邦快运", "--id", "20", "--spelling", "debangkuaiyun", "--support-print"), /^saved: DEPPON_X .*prints .*德邦快运/);
    const carriers = JSON.parse(await cli("aftersales", "carriers", "--json")) as ReturnCarrier[];
    assert.deepEqual(carriers.find((c) => c.code === "DEPPON_X"), { code: "DEPPON_X", id: 20, name: "德邦快运", phone: "", spelling: "debangkuaiyun", supportPrint: true, active: true });
  });

  test("errors are reported with their code and a non-zero exit", async () => {
    await assert.rejects(cli("aftersales", "reason", "set", "taobao", "600001", "--description", "x", "--goods-status", "9"), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /40002: goodsStatuses\[0\] must be one of 4, 1, 2 for taobao/);
      return true;
    });
    await assert.rejects(cli("aftersales", "carrier", "set", "XX", "--name", "x", "--id", "one", "--spelling", "x"), /--id.*must be a whole number/);
    await assert.rejects(cli("aftersales", "reason", "set", "taobao", "600001", "--description", "x"), /--goods-status/);
  });
});

describe("the operators' case list", () => {
  test("every developer's cases newest first, open or finished, one developer's, paged with the cursor; bad input names the field", async () => {
    const { paidOrder } = await import("./helpers/taobao-aftersales.ts");
    const a = await server.createDeveloper();
    const b = await server.createDeveloper();
    const opened: string[] = [];
    for (const dev of [a, b, a]) {
      const order = await paidOrder(server, dev);
      const line = order.subOrderVOS[0]!;
      const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: line.purchaseAmount! + line.domesticPostFee });
      opened.push(refundId);
    }
    await a.client.taobao.refunds.cancel(opened[0]!);

    type Page = { items: { refundId: string; developId: string; open: boolean; status: number; amount: number; platform: string }[]; nextCursor: string | null };
    const all = await ok<Page>("GET", "/admin/aftersales/cases?platform=taobao");
    assert.deepEqual(all.items.map((i) => i.refundId).filter((id) => opened.includes(id)), [...opened].reverse(), "newest first");
    assert.ok(all.items.every((i) => i.platform === "taobao" && Number.isInteger(i.amount) && i.amount > 0));
    const openOnes = await ok<Page>("GET", "/admin/aftersales/cases?platform=taobao&open=true");
    assert.ok(!openOnes.items.some((i) => i.refundId === opened[0]), "the cancelled case is not open");
    assert.ok(openOnes.items.every((i) => i.open));
    const finished = await ok<Page>("GET", "/admin/aftersales/cases?platform=taobao&open=false");
    assert.ok(finished.items.some((i) => i.refundId === opened[0]));
    const ofB = await ok<Page>("GET", `/admin/aftersales/cases?platform=taobao&developId=${b.developId}`);
    assert.deepEqual(ofB.items.map((i) => i.refundId), [opened[1]]);

    const first = await ok<Page>("GET", `/admin/aftersales/cases?platform=taobao&developId=${a.developId}&limit=1`);
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = await ok<Page>("GET", `/admin/aftersales/cases?platform=taobao&developId=${a.developId}&limit=1&after=${first.nextCursor}`);
    assert.deepEqual([first.items[0]!.refundId, second.items[0]!.refundId], [opened[2], opened[0]]);
    assert.equal(second.nextCursor, null);

    await refused("GET", `/admin/aftersales/cases?platform=alibaba&after=${first.nextCursor}`, undefined, 40002, /after/);
    await refused("GET", "/admin/aftersales/cases?platform=ebay", undefined, 40002, /platform/);
    await refused("GET", "/admin/aftersales/cases?platform=taobao&limit=0", undefined, 40002, /limit/);
    assert.deepEqual((await ok<Page>("GET", "/admin/aftersales/cases?platform=alibaba")).items, []);
  });
});
