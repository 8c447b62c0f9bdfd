// 1688 after-sales safety through HTTP (alibaba-1688.md §4; protocol.md §4, §6): two creates racing
// for one line make one refund; twenty deliveries of the same upstream success credit once; another
// user's or developer's refund is 40401; a wrong state is 40901 and changes nothing; each bad input is
// 40002 naming its field. The ledger and the 1688 read model are checked after each test.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../src/platform/clock.ts";
import { UpstreamError, type RefundCase } from "../src/marketplace/port.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { advance, balance, detail, fen, paidOrder, receivedOrder, refundStory, soundAftersales, unpaidOrder, type Detail } from "./helpers/alibaba-aftersales.ts";

const START = Date.parse("2026-12-01T02:00:00Z");

describe("1688 after-sales safety", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  const clock = new ManualClock(START);
  before(async () => {
    server = await startServer({ clock, config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await soundAftersales(server, dev);
  });

  const create = (client: TestDeveloper["client"], body: Record<string, unknown>) => client.raw<{ refundId: string }>("POST", "/v2/alibaba/refund/detail/create", { body });
  const applyFor = (order: Detail, overrides: Record<string, unknown> = {}) => ({
    orderId: order.baseInfo.id,
    orderEntryIds: [order.productItems[0]!.subItemID],
    disputeRequest: "refund",
    applyPayment: 100,
    applyCarriage: 0,
    applyReasonId: 20002,
    description: "卖家未发货",
    goodsStatus: "refundWaitSellerSend",
    ...overrides,
  });

  test("two concurrent creates for one line: one refund, the other 40901", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { fullName: "SELLER_SILENT zhang" });
    const answers = await Promise.all([create(dev.client, applyFor(order)), create(dev.client, applyFor(order, { description: "并发申请" }))]);
    const codes = answers.map((a) => a.envelope.code).sort();
    assert.deepEqual(codes, [200, 40901]);
    const refused = answers.find((a) => a.envelope.code === 40901)!;
    assert.match(refused.envelope.msg, /open refund/);
    const refundId = answers.find((a) => a.envelope.code === 200)!.envelope.data!.refundId;
    const d = await detail(dev, order.baseInfo.id);
    assert.equal(d.productItems[0]!.refundId, refundId);
    const rows = await server.platform.database.db.selectFrom("alibaba_refunds").select(["id", "upstream_state"]).where("order_id", "=", order.baseInfo.id).execute();
    assert.deepEqual(rows, [{ id: refundId, upstream_state: "OPENED" }], "nothing else recorded");
  });

  test("20 deliveries of the same upstream success (distinct event keys) credit once", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { fullName: "SELLER_SILENT zhang" });
    const amount = fen(order.productItems[0]!.itemAmount);
    const before = await balance(server, dev);
    const refundId = (await dev.client.alibaba.refunds.create(applyFor(order, { applyPayment: amount, applyCarriage: 0 }) as never)).refundId;
    const owner = { developerId: dev.developId, userId: dev.userId };
    const current = (await server.platform.services.seller.readRefund("alibaba", owner, refundId)) as RefundCase;
    assert.equal(current.status, "requested");
    const at = current.updatedAt + 60_000;
    const success: RefundCase = { ...current, status: "refunded", revision: current.revision + 1, refundedFen: amount, deadlineAt: null, updatedAt: at };
    const event = { kind: "refund_changed" as const, platform: "alibaba" as const, developerId: dev.developId, at, upstreamOrderId: current.upstreamOrderId, clientRef: null, refund: success };
    const { db } = server.platform.database;
    await db.transaction().execute((trx) =>
      server.platform.services.inbox.append(
        trx,
        Array.from({ length: 20 }, (_, i) => ({ connector: "test", eventKey: `same-success-${refundId}-${i}`, event })),
      ),
    );
    const real = server.platform.clock.now();
    await Promise.all(Array.from({ length: 4 }, () => server.platform.services.jobs.runDue(dev.developId, real)));
    await until("the inbox applied", () => db.selectFrom("marketplace_inbox").select(["status"]).where("event_key", "like", `same-success-${refundId}-%`).execute(), (rows) => rows.every((r) => r.status !== "PENDING"));
    const rows = await db.selectFrom("marketplace_inbox").select(["status"]).where("event_key", "like", `same-success-${refundId}-%`).execute();
    assert.deepEqual(rows.map((r) => r.status).sort(), ["APPLIED", ...Array(19).fill("IGNORED")]);
    const info = await dev.client.alibaba.refunds.info(refundId);
    assert.equal(info.status, "refundsuccess");
    assert.equal(info.refundPayment, amount);
    assert.equal(await balance(server, dev), before + amount, "credited once");
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→waitselleragree", "waitselleragree→refundsuccess"]);
    const credits = await db.selectFrom("wallet_transactions").select("reference").where("reference", "=", `alibaba-refund:${refundId}`).execute();
    assert.equal(credits.length, 1);
  });

  test("another user's or another developer's refund and order: 40401", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { fullName: "SELLER_SILENT zhang" });
    const { refundId } = (await create(dev.client, applyFor(order))).envelope.data!;
    const sibling = dev.client.withUser(await server.addUser(dev.developId, `sibling-${Date.now()}`));
    const other = await server.createDeveloper();
    for (const client of [sibling, other.client]) {
      const read = await client.raw("POST", "/v2/alibaba/refund/info", { body: { refundId } });
      assert.equal(read.envelope.code, 40401, read.envelope.msg);
      const ret = await client.raw("POST", "/v2/alibaba/refund/goods/return", { body: { refundId, logisticsCompanyNo: "SF", freightBill: "SF123456" } });
      assert.equal(ret.envelope.code, 40401);
      const made = await create(client, applyFor(order, { orderEntryIds: [order.productItems[0]!.subItemID] }));
      assert.equal(made.envelope.code, 40401);
      const reasons = await client.raw("POST", "/v2/alibaba/refund/reason/list", { body: { orderId: order.baseInfo.id, orderEntryIds: [order.productItems[0]!.subItemID], goodsStatus: "refundWaitSellerSend" } });
      assert.equal(reasons.envelope.code, 40401);
    }
    const unknown = await dev.client.raw("POST", "/v2/alibaba/refund/info", { body: { refundId: "TQ1234567890123456789" } });
    assert.equal(unknown.envelope.code, 40401);
    // refundId as a query parameter works too; the body wins.
    const byQuery = await dev.client.raw<{ refundId: string }>("POST", "/v2/alibaba/refund/info", { query: { refundId } });
    assert.equal(byQuery.envelope.data?.refundId, refundId);
    const bodyWins = await dev.client.raw("POST", "/v2/alibaba/refund/info", { body: { refundId: "TQ1234567890123456789" }, query: { refundId } });
    assert.equal(bodyWins.envelope.code, 40401);
  });

  test("wrong states: 40901 and nothing changed", async () => {
    dev = await server.createDeveloper();
    // Refunds and their reasons are for paid orders only.
    const unpaid = await unpaidOrder(server, dev);
    const reasonsUnpaid = await dev.client.raw("POST", "/v2/alibaba/refund/reason/list", { body: { orderId: unpaid.baseInfo.id, orderEntryIds: [unpaid.productItems[0]!.subItemID], goodsStatus: "refundWaitSellerSend" } });
    assert.equal(reasonsUnpaid.envelope.code, 40901);
    const createUnpaid = await create(dev.client, applyFor(unpaid));
    assert.equal(createUnpaid.envelope.code, 40901);
    assert.match(createUnpaid.envelope.msg, /waitbuyerpay/);
    const order = await paidOrder(server, dev, { fullName: "SELLER_SILENT zhang" });
    const balanceBefore = await balance(server, dev);
    const conflicts: Array<[string, Record<string, unknown>]> = [
      ["goods not shipped cannot be received", { goodsStatus: "refundBuyerReceived", applyReasonId: 20001 }],
      ["after-sale goods status before receipt", { goodsStatus: "aftersaleBuyerReceived", applyReasonId: 20001 }],
      ["a return of goods not received", { disputeRequest: "returnRefund", applyReasonId: 20001 }],
    ];
    for (const [why, overrides] of conflicts) {
      const answer = await create(dev.client, applyFor(order, overrides));
      assert.equal(answer.envelope.code, 40901, `${why}: ${answer.envelope.msg}`);
    }
    const { refundId } = (await create(dev.client, applyFor(order))).envelope.data!;
    const before = await dev.client.alibaba.refunds.info(refundId);
    const detailBefore = await detail(dev, order.baseInfo.id);
    const ret = await dev.client.raw("POST", "/v2/alibaba/refund/goods/return", { body: { refundId, logisticsCompanyNo: "SF", freightBill: "SF123456" } });
    assert.equal(ret.envelope.code, 40901);
    assert.match(ret.envelope.msg, /waitselleragree/);
    const busy = await create(dev.client, applyFor(order, { description: "再次申请" }));
    assert.equal(busy.envelope.code, 40901);
    assert.deepEqual(await dev.client.alibaba.refunds.info(refundId), before, "the refund is unchanged");
    assert.deepEqual(await detail(dev, order.baseInfo.id), detailBefore, "the order is unchanged");
    assert.equal(await balance(server, dev), balanceBefore);

  });

  test("bad input: 40002 naming the field, nothing recorded", async () => {
    dev = await server.createDeveloper();
    const order = await paidOrder(server, dev, { lines: 2, fullName: "SELLER_SILENT zhang" });
    const [a, b] = order.productItems as [Detail["productItems"][0], Detail["productItems"][0]];
    const shipping = fen(order.baseInfo.shippingFee);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ["no entries", { orderEntryIds: [] }, /orderEntryIds/],
      ["an entry twice", { orderEntryIds: [a.subItemID, a.subItemID] }, /orderEntryIds\[1\]/],
      ["an entry of another order", { orderEntryIds: ["1234567890123456789"] }, /orderEntryIds\[0\]/],
      ["an entry that is no id", { orderEntryIds: ["abc"] }, /orderEntryIds/],
      ["no orderId", { orderId: undefined }, /orderId/],
      ["an unknown disputeRequest", { disputeRequest: "exchange" }, /disputeRequest/],
      ["an unknown goodsStatus", { goodsStatus: "lost" }, /goodsStatus/],
      ["a reason of another goods status", { applyReasonId: 20021 }, /applyReasonId/],
      ["an unknown reason", { applyReasonId: 99999 }, /applyReasonId/],
      ["more than the line", { applyPayment: fen(a.itemAmount) + 1 }, /applyPayment/],
      ["a negative amount", { applyPayment: -1 }, /applyPayment/],
      ["a fractional amount", { applyPayment: 1.5 }, /applyPayment/],
      ["an amount as a string", { applyPayment: "100" }, /applyPayment/],
      ["more shipping than the order's", { applyCarriage: shipping + 1 }, /applyCarriage/],
      ["shipping with a reason that refunds none", { applyReasonId: 20001, applyCarriage: 1 }, /applyCarriage/],
      ["nothing asked", { applyPayment: 0, applyCarriage: 0 }, /applyPayment/],
      ["a description too short", { description: "x" }, /description/],
      ["a description too long", { description: "长".repeat(151) }, /description/],
      ["a count above the quantity", { orderEntryCountList: [{ id: a.subItemID, count: a.quantity + 1 }] }, /orderEntryCountList/],
      ["a count of an entry not refunded", { orderEntryCountList: [{ id: b.subItemID, count: 1 }] }, /orderEntryCountList/],
      ["a zero count", { orderEntryCountList: [{ id: a.subItemID, count: 0 }] }, /orderEntryCountList/],
      ["more than the counted units", { orderEntryCountList: [{ id: a.subItemID, count: 1 }], applyPayment: fen(a.price) + 1 }, /applyPayment/],
      ["eleven vouchers", { vouchers: Array(11).fill("https://example.com/v.png") }, /vouchers/],
    ];
    for (const [why, overrides, field] of cases) {
      const answer = await create(dev.client, applyFor(order, overrides));
      assert.equal(answer.envelope.code, 40002, `${why}: ${answer.envelope.code} ${answer.envelope.msg}`);
      assert.match(answer.envelope.msg, field, `${why}: ${answer.envelope.msg}`);
    }
    // Counted units within bounds are accepted: unit price × count.
    const counted = await create(dev.client, applyFor(order, { orderEntryCountList: [{ id: a.subItemID, count: 1 }], applyPayment: fen(a.price) }));
    assert.equal(counted.envelope.code, 200, counted.envelope.msg);
    const info = await dev.client.alibaba.refunds.info(counted.envelope.data!.refundId);
    assert.equal(info.canRefundPayment, Math.min(fen(a.price), fen(a.itemAmount)));

    const reasons: Array<[Record<string, unknown>, RegExp, number]> = [
      [{ orderId: order.baseInfo.id, orderEntryIds: [a.subItemID], goodsStatus: "lost" }, /goodsStatus/, 40002],
      [{ orderId: order.baseInfo.id, orderEntryIds: ["1234567890123456789"], goodsStatus: "refundWaitSellerSend" }, /orderEntryIds\[0\]/, 40002],
      [{ orderId: order.baseInfo.id, orderEntryIds: [], goodsStatus: "refundWaitSellerSend" }, /orderEntryIds/, 40002],
      [{ orderId: "1234567890123456789", orderEntryIds: [a.subItemID], goodsStatus: "refundWaitSellerSend" }, /order/, 40401],
    ];
    for (const [body, field, code] of reasons) {
      const answer = await dev.client.raw("POST", "/v2/alibaba/refund/reason/list", { body });
      assert.equal(answer.envelope.code, code, answer.envelope.msg);
      assert.match(answer.envelope.msg, field);
    }
    for (const body of [{ refundId: "abc" }, {}]) {
      const answer = await dev.client.raw("POST", "/v2/alibaba/refund/info", { body });
      assert.equal(answer.envelope.code, 40002);
      assert.match(answer.envelope.msg, /refundId/);
    }
    const refundId = counted.envelope.data!.refundId;
    for (const [body, field] of [
      [{ refundId, logisticsCompanyNo: "SF", freightBill: "ab" }, /freightBill/],
      [{ refundId, logisticsCompanyNo: "SF", freightBill: "SF 12345" }, /freightBill/],
      [{ refundId, freightBill: "SF123456" }, /logisticsCompanyNo/],
      [{ refundId: "TQx", logisticsCompanyNo: "SF", freightBill: "SF123456" }, /refundId/],
    ] as Array<[Record<string, unknown>, RegExp]>) {
      const answer = await dev.client.raw("POST", "/v2/alibaba/refund/goods/return", { body });
      assert.equal(answer.envelope.code, 40002, answer.envelope.msg);
      assert.match(answer.envelope.msg, field);
    }
    const rows = await server.platform.database.db.selectFrom("alibaba_refunds").select("id").where("order_id", "=", order.baseInfo.id).execute();
    assert.deepEqual(rows.map((r) => r.id), [refundId], "only the accepted refund exists");
    const vouchersNeeded = await receivedOrder(server, dev);
    const missing = await create(dev.client, applyFor(vouchersNeeded, { goodsStatus: "aftersaleBuyerReceived", applyReasonId: 20004 }));
    assert.equal(missing.envelope.code, 40002);
    assert.match(missing.envelope.msg, /vouchers/);
    await advance(dev, "1m");
  });

  test("the five 1688 after-sales endpoints are in the OpenAPI document with a summary, a description and their error codes", async () => {
    type Operation = { summary?: string; description?: string; responses: Record<string, { content: Record<string, { schema: { "x-codes": number[] } }> }> };
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const expected: Array<[string, string, number[]]> = [
      ["post", "/v2/alibaba/refund/info", [40002, 40401]],
      ["post", "/v2/alibaba/refund/reason/list", [40002, 40401, 40901]],
      ["post", "/v2/alibaba/refund/detail/create", [40002, 40401, 40901, 50201]],
      ["post", "/v2/alibaba/refund/goods/return", [40002, 40401, 40901, 50201]],
      ["get", "/v2/alibaba/refund/logistics/company/list", [40002]],
    ];
    for (const [method, path, codes] of expected) {
      const operation = doc.paths[path]?.[method];
      assert.ok(operation, `${method} ${path} is documented`);
      assert.ok(operation.summary && operation.description, `${path} has a summary and a description`);
      const listed = operation.responses["200"]?.content["application/json"]?.schema["x-codes"] ?? [];
      for (const code of codes) assert.ok(listed.includes(code), `${path} lists ${code}`);
    }
    const info = JSON.stringify(doc.paths["/v2/alibaba/refund/info"]);
    for (const key of ["refundPayment", "canRefundPayment", "gmtTimeOut", "sellerReceiveAddress", "updateTime"]) assert.ok(info.includes(key), `the refund detail documents ${key}`);
  });

  test("record first: an upstream that took the request but whose answer was lost → 50201, then the refund opens; one that never got it → 50201, then the record is forgotten and the line is free", async () => {
    dev = await server.createDeveloper();
    const seller = server.platform.services.seller;
    const { db } = server.platform.database;
    const order = await paidOrder(server, dev, { lines: 2, fullName: "SELLER_SILENT zhang" });
    const [a, b] = order.productItems as [Detail["productItems"][0], Detail["productItems"][0]];
    const rowsOf = () => db.selectFrom("alibaba_refunds").select(["id", "upstream_state", "status"]).where("order_id", "=", order.baseInfo.id).orderBy("id").execute();
    const original = seller.requestRefund;
    try {
      // The upstream opens the case, and the answer is lost on the way back.
      seller.requestRefund = async (...args: Parameters<typeof original>) => {
        await original.apply(seller, args);
        throw new UpstreamError("timeout", "the answer did not come back");
      };
      const lost = await create(dev.client, applyFor(order, { orderEntryIds: [a.subItemID], applyPayment: 100 }));
      assert.equal(lost.envelope.code, 50201, lost.envelope.msg);
      // The upstream never gets the request.
      seller.requestRefund = async () => {
        throw new UpstreamError("timeout", "no answer");
      };
      const never = await create(dev.client, applyFor(order, { orderEntryIds: [b.subItemID], applyPayment: 100 }));
      assert.equal(never.envelope.code, 50201);
    } finally {
      seller.requestRefund = original;
    }
    const recorded = await rowsOf();
    assert.equal(recorded.length, 2, "both recorded");
    assert.equal((await detail(dev, order.baseInfo.id)).productItems[1]!.refundId, null, "a refund only recorded is not shown");
    // A second request for the line whose request is in doubt waits for its outcome.
    assert.equal((await create(dev.client, applyFor(order, { orderEntryIds: [b.subItemID], applyPayment: 100 }))).envelope.code, 40901);

    clock.advance(server.config.purchaseReconcileAfterMs + 1000);
    await server.platform.services.jobs.runDue(dev.developId, clock.now());
    const settled = await until("reconciled", rowsOf, (rows) => rows.length === 1 && rows[0]!.upstream_state === "OPENED");
    const refundId = settled[0]!.id;
    const shown = await dev.client.alibaba.refunds.info(refundId);
    assert.deepEqual([shown.status, shown.orderEntryIdList], ["waitselleragree", [a.subItemID]]);
    assert.deepEqual(await refundStory(server, dev, refundId), ["null→waitselleragree"], "opened once, announced once");
    const d = await detail(dev, order.baseInfo.id);
    assert.deepEqual(d.productItems.map((l) => l.refundId), [refundId, null]);
    // The forgotten one's line takes a new refund.
    const again = await create(dev.client, applyFor(order, { orderEntryIds: [b.subItemID], applyPayment: 100 }));
    assert.equal(again.envelope.code, 200, again.envelope.msg);
  });
});
