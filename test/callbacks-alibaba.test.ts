// End to end: 1688 orders live their lives in the sandbox (alibaba-1688.md §3, §5; statuses.md §5,
// §10) — created in a batch and alone, paid, shipped, received and settled; cancelled; timed out
// unpaid; repriced by the seller (PRICE_UP) then paid at the new price; refused at the upstream
// payment (PAY_REFUSED) and credited back — and a local receiver registered as the developer's
// callback URL gets every 1688-STATUS and 1688-PRICE message: signed both ways (protocol.md §7.5),
// messagePlatform 1, the body the §0.4 detail (plus previousStatus on status messages), byte for byte
// the event the outbox recorded, in the order recorded per order.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { startReceiver, type Delivery, type TestReceiver } from "./helpers/receiver.ts";
import { ADDRESS_PARAM, cargoOfSellers, DETAIL_KEYS, PRICE_1688, STATUS_1688, type Cargo } from "./helpers/alibaba.ts";

interface Detail {
  baseInfo: {
    id: string;
    idOfStr: string;
    status: string;
    totalAmount: number;
    sumProductPayment: number;
    shippingFee: number;
    discount: number;
    closeReason: string | null;
    createTime: string;
    modifyTime: string | null;
    payTime: string | null;
    completeTime: string | null;
    allDeliveredTime: string | null;
  };
  nativeLogistics: { contactPerson: string; logisticsItems: Array<{ deliveredTime: string | null; logisticsBillNo: string }> | null };
  productItems: Array<{ subItemID: string; price: number; itemAmount: number; quantity: number; status: string }>;
  tradeTerms: Array<{ payStatus: string; phasAmount: number; payTime: string | null }>;
}
type Body = Detail & { previousStatus?: string | null };

const UPSTREAM_TIME = /^\d{17}\+0800$/;
const fen = (yuan: number) => Math.round(yuan * 100);
/** A yuan amount: a JSON number with at most two decimals. */
const isYuan = (v: unknown) => typeof v === "number" && Number.isFinite(v) && Math.abs(fen(v) - v * 100) < 1e-6;

let server: TestServer;
let dev: TestDeveloper;
let receiver: TestReceiver;

before(async () => {
  server = await startServer({ config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  dev = await server.createDeveloper();
  receiver = await startReceiver({ accessSecret: dev.accessSecret });
  const saved = await dev.client.request<{ url: string; signingSecret: string }>("POST", "/developer/callback", { body: { url: receiver.url } });
  receiver.secrets.signingSecret = saved.signingSecret;
});
after(async () => {
  await receiver?.close();
  await server?.close();
});

/** Checks one 1688 message body against §0.4 (and §5.2's previousStatus). */
function checkBody(type: string, body: Body, what: string): void {
  const keys = Object.keys(body);
  assert.deepEqual(keys.slice(0, DETAIL_KEYS.length), DETAIL_KEYS, `${what}: the 12 §0.4 members, in order`);
  assert.deepEqual(keys.slice(DETAIL_KEYS.length), type === STATUS_1688 ? ["previousStatus"] : [], `${what}: previousStatus on status messages only`);
  const b = body.baseInfo;
  assert.match(b.id, /^\d{19}$/, `${what}: baseInfo.id`);
  assert.equal(b.idOfStr, b.id);
  assert.match(b.createTime, UPSTREAM_TIME, `${what}: createTime`);
  for (const t of [b.modifyTime, b.payTime, b.completeTime, b.allDeliveredTime, ...body.tradeTerms.map((x) => x.payTime), ...(body.nativeLogistics.logisticsItems ?? []).map((x) => x.deliveredTime)]) {
    if (t !== null) assert.match(t, UPSTREAM_TIME, `${what}: times are yyyyMMddHHmmssSSS+0800`);
  }
  for (const v of [b.totalAmount, b.sumProductPayment, b.shippingFee, ...body.productItems.flatMap((l) => [l.price, l.itemAmount]), ...body.tradeTerms.map((x) => x.phasAmount)]) {
    assert.ok(isYuan(v), `${what}: ${v} is a yuan number`);
  }
  assert.ok(Number.isInteger(b.discount), `${what}: discount in fen`);
  assert.equal(fen(b.sumProductPayment), body.productItems.reduce((s, l) => s + fen(l.itemAmount), 0), `${what}: goods`);
  assert.equal(fen(b.totalAmount), fen(b.sumProductPayment) + fen(b.shippingFee) + b.discount, `${what}: total`);
  assert.ok(body.productItems.every((l) => /^\d{19}$/.test(l.subItemID) && fen(l.itemAmount) === fen(l.price) * l.quantity), `${what}: lines`);
}

test("a receiver gets every 1688 status and price message of the orders' lives, signed and exactly as recorded", { timeout: 120_000 }, async () => {
  const cargo: Cargo[] = cargoOfSellers(server, 6, 12);
  const address = (words: string) => ({ ...ADDRESS_PARAM, fullName: `zhang ${words}`.trim() });
  const create = async (words: string, line: Cargo) => (await dev.client.alibaba.orders.create({ flow: "general", addressParam: address(words), cargoParamList: [line] })) as unknown as Detail;
  const advance = (duration: string) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration } });
  const detail = async (id: string) => (await dev.client.request<{ data: Detail[] }>("POST", "/v2/alibaba/order/page", { body: { orderId: id } })).data[0]!;
  const balance = async () => (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
  const settled = async (id: string, status: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const d = await detail(id);
      if (d.baseInfo.status === status) return d;
      if (Date.now() > deadline) throw new Error(`order ${id} stayed ${d.baseInfo.status}, expected ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  // Created: a batch of two sellers, and four single-seller orders.
  const [happy, second] = (await dev.client.alibaba.orders.batchCreate({ flow: "general", addressParam: address(""), cargoParamList: [cargo[0]!, cargo[1]!] })) as unknown as [Detail, Detail];
  const cancelled = await create("", cargo[2]!);
  const forgotten = await create("", cargo[3]!);
  const repriced = await create("PRICE_UP", cargo[4]!);
  const refused = await create("PAY_REFUSED", cargo[5]!);

  // PRICE_UP: the seller raises the price 10 minutes after creation (+10%, at least ¥1).
  await advance("15m");
  const before = fen(repriced.baseInfo.totalAmount);
  const deadline = Date.now() + 20_000;
  let raised = await detail(repriced.baseInfo.id);
  while (fen(raised.baseInfo.totalAmount) === before && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    raised = await detail(repriced.baseInfo.id);
  }
  assert.ok(fen(raised.baseInfo.totalAmount) >= before + 100, "raised by at least ¥1");
  assert.equal(raised.baseInfo.status, "waitbuyerpay");

  // Paid at the new price.
  let start = await balance();
  assert.equal((await dev.client.alibaba.orders.payUrl(repriced.baseInfo.id)).protocolPaySuccess, true);
  assert.equal(await balance(), start - fen(raised.baseInfo.totalAmount), "paying after the price change debits the new price");
  assert.equal((await detail(repriced.baseInfo.id)).baseInfo.status, "waitsellersend", "the upstream took the new price");

  await dev.client.alibaba.orders.batchSubmitToPay([happy.baseInfo.id, second.baseInfo.id]);

  // PAY_REFUSED: paid here, refused upstream: terminated, and the money back.
  start = await balance();
  await dev.client.alibaba.orders.payUrl(refused.baseInfo.id);
  const terminated = await settled(refused.baseInfo.id, "terminated");
  assert.equal(terminated.baseInfo.closeReason, "UPSTREAM_PAY_FAILED");
  assert.equal(await balance(), start, "credited back");

  assert.equal(await dev.client.alibaba.orders.cancel({ orderId: cancelled.baseInfo.id, cancelReason: "不想要了" }), true);

  await advance("2d"); // shipments; the forgotten order's unpaid timeout (24 h)
  await settled(happy.baseInfo.id, "waitbuyerreceive");
  await settled(second.baseInfo.id, "waitbuyerreceive");
  await settled(repriced.baseInfo.id, "waitbuyerreceive");
  assert.equal((await settled(forgotten.baseInfo.id, "cancel")).baseInfo.closeReason, "BUYER_NO_PAY");
  assert.deepEqual(await dev.client.alibaba.orders.receiveGoods({ orderId: happy.baseInfo.id }), { success: true, errorInfo: "", errorCode: "" });
  assert.deepEqual(await dev.client.alibaba.orders.receiveGoods({ orderId: repriced.baseInfo.id }), { success: true, errorInfo: "", errorCode: "" });
  await settled(happy.baseInfo.id, "success");

  // Every recorded 1688 message arrives, once after de-duplication.
  const db = server.platform.database.db;
  const recorded = (await server.platform.services.outbox.list(db, dev.developId, { limit: 1000 })).filter((e) => e.type === STATUS_1688 || e.type === PRICE_1688);
  const is1688 = (d: Delivery) => d.body.messageType === STATUS_1688 || d.body.messageType === PRICE_1688;
  await receiver.waitFor((r) => [...r.unique.values()].filter(is1688).length >= recorded.length, 20_000, "every 1688 message");
  const got = [...receiver.unique.values()].filter(is1688);
  assert.equal(got.length, recorded.length, "each recorded event arrives once (after de-duplication)");
  assert.equal([...receiver.unique.values()].filter((d) => !is1688(d) && d.body.messageType !== "CALLBACK_URL_VERIFY").length, 0, "no other message");

  const messageIdOf = new Map((await db.selectFrom("callback_messages").select(["event_id", "message_id"]).where("developer_id", "=", dev.developId).execute()).map((m) => [m.event_id, m.message_id]));
  const byId = new Map(got.map((d) => [d.messageId, d]));
  for (const event of recorded) {
    const d = byId.get(messageIdOf.get(event.id)!);
    assert.ok(d, `event ${event.id} delivered`);
    assert.equal(d.authorizationValid, true, "Authorization = hex(HMAC-SHA256(raw body, Access Secret))");
    assert.equal(d.webhookValid, true, "standardwebhooks verifies it");
    assert.equal(d.body.messagePlatform, 1, "1688 channel");
    assert.equal(d.body.messageType, event.type);
    assert.ok(d.raw.includes(`"messageBody":${event.payload}`), `event ${event.id}: the body is the recorded one, byte for byte`);
    assert.deepEqual(d.body.messageBody, JSON.parse(event.payload));
    checkBody(event.type, d.body.messageBody as Body, `event ${event.id} (${event.type})`);
  }

  const eventOrder = new Map(recorded.map((e, i) => [messageIdOf.get(e.id)!, i]));
  const messagesOf = (id: string) =>
    got
      .filter((d) => (d.body.messageBody as Body).baseInfo.id === id)
      .sort((a, b) => eventOrder.get(a.messageId)! - eventOrder.get(b.messageId)!)
      .map((d) => ({ type: d.body.messageType, body: d.body.messageBody as Body }));
  const storyOf = (order: Detail) => messagesOf(order.baseInfo.id).map(({ type, body }) => (type === PRICE_1688 ? "price" : `${body.previousStatus ?? "null"}→${body.baseInfo.status}`));

  const lived = ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive", "waitbuyerreceive→confirm_goods", "confirm_goods→success"];
  assert.deepEqual(storyOf(happy), lived, "created in a batch, paid, shipped, received, settled");
  assert.deepEqual(storyOf(second), lived.slice(0, 3), "its batch sibling, left in transit");
  assert.deepEqual(storyOf(cancelled), ["null→waitbuyerpay", "waitbuyerpay→cancel"]);
  assert.deepEqual(storyOf(forgotten), ["null→waitbuyerpay", "waitbuyerpay→cancel"]);
  assert.deepEqual(storyOf(repriced), ["null→waitbuyerpay", "price", ...lived.slice(1)]);
  assert.deepEqual(storyOf(refused), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→terminated"]);

  // What the messages say.
  const last = (order: Detail) => messagesOf(order.baseInfo.id).at(-1)!.body;
  assert.equal(last(cancelled).baseInfo.closeReason, "BUYER_CANCEL");
  assert.equal(last(forgotten).baseInfo.closeReason, "BUYER_NO_PAY");
  assert.equal(last(refused).baseInfo.closeReason, "UPSTREAM_PAY_FAILED");
  for (const order of [happy, second, cancelled, forgotten, repriced, refused]) {
    const [creation] = messagesOf(order.baseInfo.id);
    assert.equal(creation!.body.previousStatus, null);
    const { previousStatus: _p, ...created } = creation!.body;
    assert.deepEqual(created, order, "the creation message carries the detail the create answered");
  }
  const price = messagesOf(repriced.baseInfo.id).find((m) => m.type === PRICE_1688)!.body;
  assert.equal(price.baseInfo.status, "waitbuyerpay");
  assert.equal(fen(price.baseInfo.totalAmount), fen(raised.baseInfo.totalAmount), "the price message carries the new totalAmount");
  assert.ok(fen(price.productItems[0]!.price) > fen(repriced.productItems[0]!.price), "and the new line price");
  const shipped = messagesOf(happy.baseInfo.id)[2]!.body;
  assert.ok(shipped.nativeLogistics.logisticsItems && shipped.nativeLogistics.logisticsItems.length >= 1, "the shipment message carries the parcel");
  assert.deepEqual(last(happy).baseInfo, (await detail(happy.baseInfo.id)).baseInfo, "the last message is the order as listed");
  assert.equal(last(happy).nativeLogistics.contactPerson, "zhang");
  assert.equal(last(refused).nativeLogistics.contactPerson, "zhang PAY_REFUSED", "scenario words ride in fullName");
  assert.deepEqual(await server.platform.services.wallet.checkInvariants(), [], "ledger");
  assert.deepEqual(await server.platform.services.alibaba.verifyReadModel(dev.developId), [], "1688 read model");
});
