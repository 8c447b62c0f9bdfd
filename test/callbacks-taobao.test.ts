// End to end: Taobao orders live their lives in the sandbox (created, built or failed, repriced,
// paid, finance-confirmed or rejected, re-paid, paid upstream or refused, shipped in one or two
// parcels, cancelled, timed out) and a local receiver gets every TB-STATUS and TB-PRICE message of
// statuses.md §1–§2, verified with both signatures and de-duplicated by X-Message-Id — the same
// messages, in the same order per order, that the outbox recorded.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { startReceiver, type TestReceiver } from "./helpers/receiver.ts";
import { linesOfOneShop } from "./helpers/taobao.ts";
import type { OrderV2VO } from "../src/modules/orders/index.ts";

const STATUS = "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
const PRICE = "TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY";
const ADDRESS = { mobile_phone: "13800000000", state: "广东省", city: "广州市", address: "集运仓 1 号" };

let server: TestServer;
let dev: TestDeveloper;
let receiver: TestReceiver;

before(async () => {
  // Finance decides by hand here, so confirmation, rejection and re-payment all happen.
  server = await startServer({ config: { sandboxTickMs: 0, taobaoFinanceAutoConfirm: false, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  dev = await server.createDeveloper();
  receiver = await startReceiver({ accessSecret: dev.accessSecret });
  const saved = await dev.client.request<{ url: string; signingSecret: string }>("POST", "/developer/callback", { body: { url: receiver.url } });
  receiver.secrets.signingSecret = saved.signingSecret;
});
after(async () => {
  await receiver?.close();
  await server?.close();
});

test("a receiver gets every TB-STATUS and TB-PRICE message of the orders' lives, signed and exactly as recorded", async () => {
  const lines = linesOfOneShop(server, 2, 10); // two SKUs of one product (one shop), in stock
  const create = (name: string, l = lines) => dev.client.request<OrderV2VO>("POST", "/v2/taobao/order", { body: { orderLineList: l, receiver: { ...ADDRESS, name } } });
  const advance = (duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
  const pay = (id: string) => dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [id] } });
  const finance = (id: string, decision: "confirm" | "reject") => server.admin("POST", `/admin/developers/${dev.developId}/taobao/orders/${id}/finance`, { decision });

  const happy = await create("仓库 PARTIAL_SHIP"); // two parcels: T12 then T13
  const repriced = await create("仓库 PRICE_UP", lines.slice(0, 1));
  const halfBuilt = await create("仓库 OUT_OF_STOCK");
  const allFailed = await create("仓库 BUILD_FAIL_ALL");
  const refused = await create("仓库 PAY_REFUSED", lines.slice(0, 1));
  const rejected = await create("仓库", lines.slice(0, 1));
  const forgotten = await create("仓库", lines.slice(0, 1));
  await advance("15m"); // built (or failed); PRICE_UP raised

  await pay(happy.id);
  await finance(happy.id, "confirm"); // 1 → 2 → 10
  await pay(refused.id);
  await finance(refused.id, "confirm"); // 1 → 2 → 4 (upstream refused)
  await pay(rejected.id);
  await finance(rejected.id, "reject"); // 1 → 3
  await pay(rejected.id); // 3 → 1
  await finance(rejected.id, "reject"); // 1 → 3
  await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: rejected.id } }); // 3 → 4
  await dev.client.request("POST", "/v2/taobao/order/cancel", { body: { orderId: repriced.id } }); // 0 → 4
  await advance("3d"); // parcels, and the forgotten order's unpaid timeout

  const recorded = (await server.platform.services.outbox.list(server.platform.database.db, dev.developId, { limit: 1000 })).filter((e) => e.type === STATUS || e.type === PRICE);
  await receiver.waitFor((r) => [...r.unique.values()].filter((d) => d.body.messageType === STATUS || d.body.messageType === PRICE).length >= recorded.length, 20_000, "every order message");

  const got = [...receiver.unique.values()].filter((d) => d.body.messageType === STATUS || d.body.messageType === PRICE);
  assert.equal(got.length, recorded.length, "each recorded event arrives once (after de-duplication)");
  for (const d of got) {
    assert.equal(d.authorizationValid, true, "Authorization = hex(HMAC-SHA256(body, Access Secret))");
    assert.equal(d.webhookValid, true, "standardwebhooks verifies it");
    assert.equal(d.body.messagePlatform, 0);
  }
  // The bodies are the recorded ones, byte for byte.
  const messageIdOf = new Map(
    (await server.platform.database.db.selectFrom("callback_messages").select(["event_id", "message_id"]).where("developer_id", "=", dev.developId).execute()).map((m) => [m.event_id, m.message_id]),
  );
  const byId = new Map(got.map((d) => [d.messageId, d]));
  for (const event of recorded) assert.deepEqual(byId.get(messageIdOf.get(event.id)!)?.body.messageBody, JSON.parse(event.payload), `event ${event.id}`);
  const eventOrder = new Map(recorded.map((e, i) => [messageIdOf.get(e.id)!, i]));

  const storyOf = (order: OrderV2VO) =>
    got
      .filter((d) => (d.body.messageBody as { orderId: string }).orderId === order.id)
      .sort((a, b) => eventOrder.get(a.messageId)! - eventOrder.get(b.messageId)!)
      .map((d) => {
        const b = d.body.messageBody as { previousStatus: number | null; status: number; changedSubOrderIds: string[] };
        return d.body.messageType === PRICE ? "price" : `${b.previousStatus ?? "null"}→${b.status}${b.changedSubOrderIds.length > 0 ? "*" : ""}`;
      });
  assert.deepEqual(storyOf(happy), ["null→0*", "0→0*", "0→0*", "0→1", "1→2", "2→10*", "10→10*", "10→11*"], "T1 T2 T2 T4 T6 T10 T12 T13");
  assert.deepEqual(storyOf(repriced), ["null→0*", "0→0*", "price", "0→4*"], "T1 T2 T3 T5 (cancel)");
  assert.deepEqual(storyOf(halfBuilt), ["null→0*", "0→0*", "0→0*", "0→4*"], "T1 T2 (failed) T2 (built) T5 (timeout)");
  assert.deepEqual(storyOf(allFailed), ["null→0*", "0→0*", "0→4*"], "T1 T2, then T5 when every line failed");
  assert.deepEqual(storyOf(refused), ["null→0*", "0→0*", "0→1", "1→2", "2→4*"], "T11");
  assert.deepEqual(storyOf(rejected), ["null→0*", "0→0*", "0→1", "1→3", "3→1", "1→3", "3→4*"], "T7 T8 T9");
  assert.deepEqual(storyOf(forgotten), ["null→0*", "0→0*", "0→4*"], "T5 (unpaid timeout)");

  // Shipment news rides on the status messages.
  const last = got.filter((d) => (d.body.messageBody as { orderId: string }).orderId === happy.id).at(-1)!;
  const subs = (last.body.messageBody as { subOrders: Array<{ status: string; logistic_number: string | null }> }).subOrders;
  assert.deepEqual(subs.map((s) => s.status), ["WAIT_BUYER_CONFIRM_GOODS", "WAIT_BUYER_CONFIRM_GOODS"]);
  assert.ok(subs.every((s) => s.logistic_number));
  assert.notEqual(subs[0]!.logistic_number, subs[1]!.logistic_number, "two parcels");
});
