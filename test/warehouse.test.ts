// The warehouse through HTTP (foundation-warehouse.md §2; research A.1, A.2, A.8): sandbox purchases
// arriving when their carrier's trace reaches SIGN, checked a few hours later and stored with weights
// and readable photos; QC_DAMAGED; an operator's check with an uploaded photo; HELD parcels claimed;
// storage fees (owed when the balance is short) and abandonment with the ledger checked; another
// user's goods unseen; the opt-in callbacks; repeated tracking events; and the WarehouseStock
// contract of the parcels part through services.warehouse.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { seededRandom } from "../src/platform/random.ts";
import { ManualClock } from "../src/platform/clock.ts";
import type { MarketplaceEvent } from "../src/marketplace/port.ts";
import { ROOT, startServer, tempDir, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { advance, DAY, HOUR, MINUTE, orderOf, paidOrder } from "./helpers/taobao-aftersales.ts";
import { paidOrder as paidOrder1688 } from "./helpers/alibaba-aftersales.ts";

const START = Date.parse("2026-12-01T02:00:00Z");
const ITEM_MESSAGE = "WAREHOUSE_ITEM_STATUS_MODIFY";

interface Item {
  id: string;
  state: string;
  userId: string;
  platform: string | null;
  orderId: string | null;
  subOrderId: string | null;
  itemId: string;
  skuId: string;
  title: string;
  quantityExpected: number;
  quantityReceived: number | null;
  inbound: { id: string; trackingNumber: string; carrier: string };
  parcelId: string | null;
  weightG: number | null;
  sizeMm: { length: number; width: number; height: number } | null;
  qc: { result: string | null; note: string | null; photos: string[]; at: number | null };
  receivedAt: number | null;
  storedAt: number | null;
  freeStorageUntil: number | null;
  abandonAt: number | null;
  storageFees: { chargedFen: number; owedFen: number };
  createdAt: number;
  updatedAt: number;
  history?: Array<{ from: string | null; to: string; reason: string | null; actor: string; at: number }>;
  storageDays?: Array<{ day: number; amountFen: number; status: string; reference: string; at: number }>;
}

interface Inbound {
  id: string;
  trackingNumber: string;
  carrier: string;
  state: string;
  userId: string | null;
  source: string;
  platform: string | null;
  weightG: number | null;
  holdUntil: number | null;
  items: Array<{ id: string; state: string; title: string; quantityExpected: number; quantityReceived: number | null }>;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Client = TestDeveloper["client"];
const items = (client: Client, query: Record<string, string> = {}) => client.request<Page<Item>>("GET", "/warehouse/items", { query });
const itemOf = (client: Client, id: string) => client.request<Item>("GET", `/warehouse/items/${id}`);
const inbounds = (client: Client, query: Record<string, string> = {}) => client.request<Page<Inbound>>("GET", "/warehouse/inbound", { query });
const code = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise;
    return 200;
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
};
const storyOf = (item: Item) => item.history!.map((h) => `${h.from ?? "null"}→${h.to}`);

describe("warehouse", () => {
  let server: TestServer;
  let dev: TestDeveloper | undefined;
  const onServer = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);
  const balance = async (d: TestDeveloper) => (await server.platform.services.wallet.balance(d.developId)).balanceFen;
  const ledgerSound = async () => {
    const check = await server.admin<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
    assert.equal(check.code, 200);
    assert.deepEqual(check.data.problems, [], "ledger");
    assert.equal(check.data.sound, true, "ledger");
  };
  const warehouseEvents = async (d: TestDeveloper) =>
    (await server.platform.services.outbox.list(server.platform.database.db, d.developId, { type: ITEM_MESSAGE, limit: 10_000 })).map((e) => ({ platform: e.platform, body: JSON.parse(e.payload) as Item & { previousState: string | null } }));
  /** A photo address answers 200 with an image that sharp decodes. */
  const readable = async (url: string) => {
    const response = await fetch(onServer(url));
    assert.equal(response.status, 200, url);
    assert.match(response.headers.get("content-type") ?? "", /^image\/(png|jpeg|webp)/);
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.ok((meta.width ?? 0) > 0 && (meta.height ?? 0) > 0, "decodes");
    return meta;
  };
  /** A Taobao order paid, shipped and signed for at the warehouse (items RECEIVED). */
  const arrivedTaobao = async (d: TestDeveloper, options: { lines?: number; words?: string } = {}) => {
    const order = await paidOrder(server, d, { lines: options.lines ?? 1, ...(options.words ? { words: options.words } : {}) });
    await advance(d, 6 * HOUR);
    assert.equal((await orderOf(d, order.id)).status, 11, "shipped");
    await advance(d, 36 * HOUR);
    return order;
  };

  before(async () => {
    server = await startServer({ clock: new ManualClock(START), config: { sandboxTickMs: 0, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (dev) await ledgerSound();
    dev = undefined;
  });

  test("a sandbox Taobao order and a 1688 order arrive at SIGN, are checked a few hours later and stored with weights, sizes and readable photos", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const taobao = await paidOrder(server, d, { lines: 2 });
    const alibaba = await paidOrder1688(server, d, { lines: 2 });
    await advance(d, 2 * HOUR);
    assert.deepEqual((await items(d.client)).items, [], "nothing before the sellers ship");

    await advance(d, 5 * HOUR); // shipped (6 h after payment); the first trace step (1 h) announces the parcels
    let page = await items(d.client);
    assert.equal(page.items.length, 4, "one item per purchased line, announced");
    assert.ok(page.items.every((i) => i.state === "EXPECTED" && i.receivedAt === null));

    await advance(d, 36 * HOUR); // the traces reach SIGN
    page = await items(d.client);
    assert.deepEqual(page.items.map((i) => i.state), ["RECEIVED", "RECEIVED", "RECEIVED", "RECEIVED"]);
    const tb = page.items.filter((i) => i.platform === "taobao");
    const ali = page.items.filter((i) => i.platform === "alibaba");
    assert.equal(tb.length, 2);
    assert.equal(ali.length, 2);
    assert.deepEqual(new Set(tb.map((i) => i.orderId)), new Set([taobao.id]));
    assert.deepEqual(tb.map((i) => i.subOrderId).sort(), taobao.subOrderVOS.map((l) => l.subOrderId).sort());
    assert.deepEqual(new Set(ali.map((i) => i.orderId)), new Set([alibaba.baseInfo.id]));
    assert.deepEqual(ali.map((i) => i.subOrderId).sort(), alibaba.productItems.map((l) => l.subItemID).sort());
    for (const i of page.items) {
      assert.equal(i.quantityReceived, i.quantityExpected);
      assert.equal(i.weightG, null);
      assert.deepEqual(i.qc, { result: null, note: null, photos: [], at: null });
    }
    assert.ok(tb.every((i) => i.title === taobao.subOrderVOS.find((l) => l.subOrderId === i.subOrderId)!.title), "the lines' titles");

    await advance(d, 4 * HOUR); // the sandbox warehouse checks them
    page = await items(d.client);
    assert.deepEqual(page.items.map((i) => i.state), ["STORED", "STORED", "STORED", "STORED"]);
    const goods = server.platform.services.goods;
    for (const summary of page.items) {
      const i = await itemOf(d.client, summary.id);
      assert.equal(i.qc.result, "PASSED");
      assert.equal(i.qc.photos.length, 1);
      const product = await goods.product(i.platform as "taobao" | "alibaba", i.platform === "alibaba" ? i.itemId : (await orderOf(d, taobao.id)).subOrderVOS.find((l) => l.subOrderId === i.subOrderId)!.itemMapId!, "zh");
      const nominal = Math.round(product!.weightKg * 1000 * i.quantityExpected);
      assert.ok(i.weightG! >= Math.floor(nominal * 0.96) && i.weightG! <= Math.ceil(nominal * 1.04), `${i.weightG} g for ${nominal} g of goods`);
      assert.ok(i.sizeMm && i.sizeMm.length > 0 && i.sizeMm.width > 0 && i.sizeMm.height > 0);
      assert.equal(i.storedAt, i.receivedAt! + 4 * HOUR, "checked 4 h after arrival, on the sandbox clock");
      assert.equal(i.freeStorageUntil, i.storedAt! + 30 * DAY);
      assert.equal(i.abandonAt, i.storedAt! + 90 * DAY);
      assert.deepEqual(storyOf(i), ["null→EXPECTED", "EXPECTED→RECEIVED", "RECEIVED→QC_PASSED", "QC_PASSED→STORED"]);
      assert.deepEqual(i.history!.map((h) => h.actor), ["carrier", "carrier", "sandbox warehouse", "sandbox warehouse"]);
      assert.match(i.qc.photos[0]!, new RegExp(`^${server.config.publicUrl}/aftersales/pictures/${d.developId}/[A-Za-z0-9_-]{43}\\.png$`));
      const meta = await readable(i.qc.photos[0]!);
      assert.equal(meta.format, "png");
    }
    // The inbound parcels: one per domestic tracking number, STORED, their weight the sum of their goods'.
    const parcels = await inbounds(d.client);
    assert.equal(parcels.items.length, 2);
    for (const p of parcels.items) {
      assert.equal(p.state, "STORED");
      assert.equal(p.source, "purchase");
      assert.equal(p.userId, d.userId);
      assert.equal(p.weightG, page.items.filter((i) => i.inbound.id === p.id).reduce((s, i) => s + i.weightG!, 0));
    }
    // Filters and pages.
    assert.deepEqual((await items(d.client, { platform: "alibaba" })).items.map((i) => i.id), ali.map((i) => i.id));
    assert.deepEqual((await items(d.client, { orderId: taobao.id })).items.map((i) => i.id), tb.map((i) => i.id));
    assert.equal((await items(d.client, { state: "RECEIVED" })).items.length, 0);
    const first = await items(d.client, { limit: "3" });
    assert.equal(first.items.length, 3);
    const rest = await items(d.client, { limit: "3", cursor: first.nextCursor! });
    assert.deepEqual([...first.items, ...rest.items].map((i) => i.id), page.items.map((i) => i.id), "newest first, cursor pages");
    assert.equal(rest.nextCursor, null);
    assert.deepEqual(page.items.map((i) => i.id), [...page.items.map((i) => i.id)].sort().reverse());
    // Bad filters: 40002 naming the field.
    assert.equal(await code(items(d.client, { state: "NOPE" })), 40002);
    assert.equal(await code(items(d.client, { platform: "amazon" })), 40002);
    assert.equal(await code(items(d.client, { cursor: "x" })), 40002);
    // Same measurements for the same purchase, wherever the ids land: the key is the seed and ids.
    const again = await itemOf(d.client, tb[0]!.id);
    assert.equal(again.weightG, (await itemOf(d.client, tb[0]!.id)).weightG);
  });

  test("QC_DAMAGED fails the first line's check (QC_ISSUE with a damage note and photo); the operator sends it back", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const order = await arrivedTaobao(d, { lines: 2, words: "QC_DAMAGED" });
    const alibaba = await paidOrder1688(server, d, { fullName: "zhang qc_damaged" });
    await advance(d, 42 * HOUR);
    await advance(d, 4 * HOUR);
    const all = (await items(d.client)).items;
    const tb = all.filter((i) => i.orderId === order.id);
    const first = tb.find((i) => i.subOrderId === order.subOrderVOS[0]!.subOrderId)!;
    const second = tb.find((i) => i.subOrderId === order.subOrderVOS[1]!.subOrderId)!;
    assert.equal(first.state, "QC_ISSUE");
    assert.equal(first.qc.result, "ISSUE");
    assert.match(first.qc.note!, /damaged/);
    assert.equal(first.qc.photos.length, 1);
    await readable(first.qc.photos[0]!);
    assert.equal(first.storedAt, null);
    assert.equal(second.state, "STORED", "the other line passes");
    assert.notEqual(first.qc.photos[0], second.qc.photos[0]);
    const ali = all.find((i) => i.orderId === alibaba.baseInfo.id)!;
    assert.equal(ali.state, "QC_ISSUE", "1688: addressParam.fullName carries the word");
    // The parcel waits for a decision on the damaged goods.
    const parcel = (await inbounds(d.client, { trackingNumber: first.inbound.trackingNumber })).items[0]!;
    assert.equal(parcel.state, "RECEIVED");

    const returned = await server.admin<Item>("POST", `/admin/warehouse/items/${first.id}/return`, { note: "seller agreed to take it back" });
    assert.equal(returned.code, 200, returned.msg);
    assert.equal(returned.data.state, "RETURNED_TO_SELLER");
    assert.deepEqual(storyOf(returned.data).slice(-2), ["RECEIVED→QC_ISSUE", "QC_ISSUE→RETURNED_TO_SELLER"]);
    assert.equal((await inbounds(d.client, { trackingNumber: first.inbound.trackingNumber })).items[0]!.state, "STORED", "settled: the other goods are on the shelf");
    assert.equal((await server.admin("POST", `/admin/warehouse/items/${first.id}/return`, {})).code, 40901, "already gone");
    // The 1688 one is kept as it is.
    const kept = await server.admin<Item>("POST", `/admin/warehouse/items/${ali.id}/keep`, { note: "buyer accepts the scratch" });
    assert.equal(kept.data.state, "STORED");
    assert.ok(kept.data.storedAt !== null && kept.data.freeStorageUntil === kept.data.storedAt + 30 * DAY);
  });

  test("an operator's check over /admin with an uploaded photo; bad input is 40002 naming the field, unknown items 40401, a second check 40901", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    await arrivedTaobao(d);
    const [received] = (await items(d.client)).items;
    assert.equal(received!.state, "RECEIVED");
    const photo = (await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer()).toString("base64");
    const qc = (body: Record<string, unknown>, id = received!.id) => server.admin<Item>("POST", `/admin/warehouse/items/${id}/qc`, body);
    const good = { weightG: 812, sizeMm: "300x200x120", result: "pass", photos: [photo], operator: "Somchai" };
    for (const [body, field] of [
      [{ ...good, weightG: 0 }, "weightG"],
      [{ ...good, weightG: -5 }, "weightG"],
      [{ ...good, weightG: 1.5 }, "weightG"],
      [{ ...good, sizeMm: "300x0x120" }, "sizeMm"],
      [{ ...good, sizeMm: "300x200" }, "sizeMm"],
      [{ ...good, sizeMm: "a x b x c" }, "sizeMm"],
      [{ ...good, result: "maybe" }, "result"],
      [{ ...good, result: "issue" }, "note"],
      [{ ...good, photos: ["bm90IGEgcGljdHVyZQ=="] }, "photos[0]"],
    ] as const) {
      const answer = await qc(body as Record<string, unknown>);
      assert.equal(answer.code, 40002, `${JSON.stringify(body).slice(0, 80)}: ${answer.msg}`);
      assert.match(answer.msg, new RegExp(field.replace(/[[\]]/g, "\\$&")), answer.msg);
    }
    assert.equal((await qc(good, "1234567890123456789")).code, 40401);
    assert.equal((await qc(good, "abc")).code, 40002);
    assert.equal((await itemOf(d.client, received!.id)).state, "RECEIVED", "nothing changed");

    const checked = await qc(good);
    assert.equal(checked.code, 200, checked.msg);
    assert.equal(checked.data.state, "STORED");
    assert.equal(checked.data.weightG, 812);
    assert.deepEqual(checked.data.sizeMm, { length: 300, width: 200, height: 120 });
    assert.equal(checked.data.qc.result, "PASSED");
    assert.equal(checked.data.qc.photos.length, 1);
    assert.match(checked.data.qc.photos[0]!, /\.jpg$/);
    const meta = await readable(checked.data.qc.photos[0]!);
    assert.deepEqual([meta.width, meta.height, meta.format], [64, 48, "jpeg"], "re-encoded, same picture");
    assert.deepEqual(checked.data.history!.slice(-2).map((h) => [h.from, h.to, h.actor]), [["RECEIVED", "QC_PASSED", "Somchai"], ["QC_PASSED", "STORED", "Somchai"]]);
    assert.equal((await qc(good)).code, 40901, "a stored item is not checked again");
    // The sandbox's own check later finds nothing left to check.
    await advance(d, 4 * HOUR);
    const after = await itemOf(d.client, received!.id);
    assert.equal(after.weightG, 812);
    assert.equal(after.qc.photos.length, 1);
  });

  test("HELD parcels: an unknown tracking number signed for (carrier or operator scan) is nobody's until a user claims it; unclaimed ones are abandoned", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const other = await server.addUser(d.developId, `other-${d.developId}`);
    const otherClient = d.client.withUser(other);
    // A carrier's SIGN for a parcel no purchase ships.
    const now = (await d.client.request<{ now: number }>("GET", "/sandbox/clock")).now;
    const event: MarketplaceEvent = { kind: "tracking", platform: "taobao", developerId: d.developId, at: now, upstreamOrderId: "299999999999", clientRef: null, trackingNumber: "YT900000001", event: { at: now, status: "SIGN", description: "签收", city: "广州" } };
    await server.platform.database.db.transaction().execute((trx) => server.platform.services.inbox.append(trx, [{ connector: "test", eventKey: "held-1", event }]));
    await advance(d, MINUTE);
    const scanned = await server.admin<{ outcome: string; inbound: Inbound }>("POST", "/admin/warehouse/inbound/receive", { developId: d.developId, trackingNumber: "ZT900000002", carrier: "中通" });
    assert.equal(scanned.code, 200, scanned.msg);
    assert.equal(scanned.data.outcome, "held");
    assert.equal((await server.admin<{ outcome: string }>("POST", "/admin/warehouse/inbound/receive", { developId: d.developId, trackingNumber: "ZT900000002" })).data.outcome, "unchanged", "scanning again changes nothing");
    assert.equal((await server.admin("POST", "/admin/warehouse/inbound/receive", { developId: d.developId, trackingNumber: "no" })).code, 40002);
    assert.equal((await server.admin("POST", "/admin/warehouse/inbound/receive", { developId: "1234567890123456789", trackingNumber: "ZT900000003" })).code, 40401, "unknown developer");

    const held = await server.admin<Page<Inbound>>("GET", `/admin/warehouse/inbound?developId=${d.developId}&state=HELD`);
    assert.deepEqual(held.data.items.map((p) => [p.trackingNumber, p.state, p.userId, p.source]).sort(), [["YT900000001", "HELD", null, "unannounced"], ["ZT900000002", "HELD", null, "unannounced"]]);
    assert.deepEqual(held.data.items.map((p) => p.holdUntil! - now).sort(), [30 * DAY, 30 * DAY + MINUTE], "held 30 days from arrival");
    assert.deepEqual((await inbounds(d.client)).items, [], "HELD parcels are listed to operators only");

    const claim = (client: Client, body: Record<string, unknown>) => client.request<Inbound>("POST", "/warehouse/inbound/claim", { body });
    assert.equal(await code(claim(d.client, { trackingNumber: "SF000000404" })), 40401, "no such parcel");
    assert.equal(await code(claim(d.client, { trackingNumber: "x" })), 40002);
    assert.equal(await code(claim(d.client, { trackingNumber: "YT900000001", quantity: 0 })), 40002);
    const claimed = await claim(d.client, { trackingNumber: "YT900000001", title: "a lamp bought at a market", quantity: 2 });
    assert.equal(claimed.state, "RECEIVED");
    assert.equal(claimed.userId, d.userId);
    assert.deepEqual(claimed.items.map((i) => [i.state, i.title, i.quantityExpected, i.quantityReceived]), [["RECEIVED", "a lamp bought at a market", 2, 2]]);
    assert.equal(await code(claim(d.client, { trackingNumber: "YT900000001" })), 40901, "already theirs");
    assert.equal(await code(claim(otherClient, { trackingNumber: "YT900000001" })), 40401, "another user's parcel is unknown");
    assert.deepEqual((await inbounds(d.client)).items.map((p) => p.trackingNumber), ["YT900000001"]);
    assert.deepEqual((await inbounds(otherClient)).items, []);

    await advance(d, 4 * HOUR); // the sandbox checks the claimed goods
    const [goods] = (await items(d.client)).items;
    assert.equal(goods!.state, "STORED");
    assert.equal(goods!.platform, null);
    assert.ok(goods!.weightG! >= 960 && goods!.weightG! <= 1040, "unknown goods: 0.5 kg a unit, ±4%");
    await readable(goods!.qc.photos[0]!);

    await advance(d, 30 * DAY);
    const expired = await server.admin<Page<Inbound>>("GET", `/admin/warehouse/inbound?developId=${d.developId}&trackingNumber=ZT900000002`);
    assert.equal(expired.data.items[0]!.state, "ABANDONED", "nobody claimed it in 30 days");
    assert.equal(await code(claim(otherClient, { trackingNumber: "ZT900000002" })), 40401);
  });

  test("storage: free for 30 days, then 100 fen a day per item (owed while the balance is short, collected later), abandoned at 90 days; the ledger stays sound", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    await arrivedTaobao(d, { lines: 2 });
    await advance(d, 4 * HOUR);
    const stored = (await items(d.client)).items;
    assert.deepEqual(stored.map((i) => i.state), ["STORED", "STORED"]);
    const storedAt = stored[0]!.storedAt!;
    const clock = async () => (await d.client.request<{ now: number }>("GET", "/sandbox/clock")).now;
    assert.equal(await clock(), storedAt);

    const before = await balance(d);
    await advance(d, 30 * DAY - MINUTE);
    assert.equal(await balance(d), before, "free days");
    await advance(d, MINUTE); // day 30 begins
    assert.equal(await balance(d), before - 2 * 100, "the first paid day, both items");
    await advance(d, 2 * DAY);
    assert.equal(await balance(d), before - 2 * 300);
    let one = await itemOf(d.client, stored[0]!.id);
    assert.deepEqual(one.storageFees, { chargedFen: 300, owedFen: 0 });
    assert.deepEqual(one.storageDays!.map((f) => [f.day, f.amountFen, f.status]), [[30, 100, "CHARGED"], [31, 100, "CHARGED"], [32, 100, "CHARGED"]]);
    assert.equal(one.storageDays![0]!.reference, `warehouse-storage-${one.id}-30`);
    await ledgerSound();
    // The operator's run now charges nothing twice.
    const rerun = await server.admin<Array<{ developerId: string; chargedDays: number; owedDays: number }>>("POST", "/admin/warehouse/storage/run", { developId: d.developId });
    assert.equal(rerun.code, 200, rerun.msg);
    assert.deepEqual(rerun.data.map((r) => [r.chargedDays, r.owedDays]), [[0, 0]]);
    assert.equal(await balance(d), before - 600);

    // A short balance leaves the days owed; a top-up lets the next run collect them.
    const left = await balance(d);
    const drain = await server.admin("POST", `/admin/developers/${d.developId}/wallet/adjust`, { amountFen: -(left - 50), memo: "test: leave 50 fen" });
    assert.equal(drain.code, 200);
    await advance(d, DAY);
    one = await itemOf(d.client, stored[0]!.id);
    const two = await itemOf(d.client, stored[1]!.id);
    assert.equal(one.storageFees.owedFen + two.storageFees.owedFen, 200, "day 33 owed for both items");
    assert.equal(await balance(d), 50);
    await ledgerSound();
    await server.admin("POST", `/admin/developers/${d.developId}/wallet/topup`, { amountFen: 1_000_000 });
    await advance(d, DAY);
    one = await itemOf(d.client, stored[0]!.id);
    assert.deepEqual(one.storageFees, { chargedFen: 500, owedFen: 0 }, "days 30 to 34, the owed one collected");
    assert.ok(one.storageDays!.every((f) => f.status === "CHARGED"));
    await ledgerSound();

    // The limit: 90 days after storedAt, abandoned; 60 paid days each.
    await advance(d, storedAt + 90 * DAY - (await clock()));
    for (const i of stored) {
      const done = await itemOf(d.client, i.id);
      assert.equal(done.state, "ABANDONED");
      assert.deepEqual(done.storageFees, { chargedFen: 6000, owedFen: 0 });
      assert.equal(done.storageDays!.length, 60);
      assert.deepEqual(done.history!.at(-1), { from: "STORED", to: "ABANDONED", reason: "kept past the storage limit of 90 days", actor: "storage", at: storedAt + 90 * DAY });
    }
    const statement = await server.admin<{ entries: Array<{ reference: string; amountFen: number }> }>("GET", `/admin/developers/${d.developId}/wallet/statement?limit=200`);
    assert.equal(statement.data.entries.filter((e) => e.reference.startsWith("warehouse-storage-")).length, 120, "one payment per item and day");
    await advance(d, 5 * DAY);
    assert.equal((await itemOf(d.client, stored[0]!.id)).storageFees.chargedFen, 6000, "nothing after the end");
  });

  test("a user never sees another user's or another developer's goods (40401)", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    await arrivedTaobao(d);
    const [mine] = (await items(d.client)).items;
    const other = await server.addUser(d.developId, `peer-${d.developId}`);
    const peer = d.client.withUser(other);
    assert.deepEqual((await items(peer)).items, []);
    assert.equal(await code(itemOf(peer, mine!.id)), 40401);
    const stranger = await server.createDeveloper();
    assert.equal(await code(itemOf(stranger.client, mine!.id)), 40401);
    assert.equal(await code(itemOf(d.client, "1234567890123456789")), 40401);
    assert.equal(await code(itemOf(d.client, "12a")), 40002);
    assert.equal((await itemOf(d.client, mine!.id)).id, mine!.id);
    // The operator sees everyone's.
    const listed = await server.admin<Page<Item>>("GET", `/admin/warehouse/items?developId=${d.developId}`);
    assert.deepEqual(listed.data.items.map((i) => i.id), [mine!.id]);
  });

  test("WAREHOUSE_ITEM_STATUS_MODIFY is opt-in: nothing without it, every item change with it", async () => {
    const off = await server.createDeveloper();
    const on = await server.createDeveloper();
    assert.deepEqual(await on.client.request("GET", "/developer/callback/extensions"), { warehouse: false });
    // Signed PUT (as documented) or POST (what the SDK sends).
    const body = JSON.stringify({ warehouse: true });
    const put = await fetch(`${server.url}/developer/callback/extensions`, { method: "PUT", headers: { ...on.client.signHeaders("PUT", "/developer/callback/extensions", body), "content-type": "application/json" }, body });
    assert.deepEqual(((await put.json()) as { data: unknown }).data, { warehouse: true });
    assert.deepEqual(await on.client.request("POST", "/developer/callback/extensions", { body: {} }), { warehouse: true }, "left out: kept");
    assert.equal(await code(on.client.request("POST", "/developer/callback/extensions", { body: { warehouse: "yes" } })), 40002);
    const admin = await server.admin<{ warehouse: boolean }>("GET", `/admin/developers/${on.developId}/callback/extensions`);
    assert.deepEqual(admin.data, { warehouse: true });

    for (const d of [off, on]) {
      await arrivedTaobao(d);
      await advance(d, 4 * HOUR);
    }
    assert.deepEqual(await warehouseEvents(off), [], "PandaPon-only receivers see nothing new");
    const events = await warehouseEvents(on);
    assert.deepEqual(events.map((e) => `${e.body.previousState ?? "null"}→${e.body.state}`), ["null→EXPECTED", "EXPECTED→RECEIVED", "RECEIVED→STORED"]);
    assert.ok(events.every((e) => e.platform === 0));
    const [item] = (await items(on.client)).items;
    const { history: _h, storageDays: _s, ...view } = await itemOf(on.client, item!.id);
    assert.deepEqual(events.at(-1)!.body, { ...view, previousState: "RECEIVED" }, "the body is the item view plus previousState");
    // The messages go through the one delivery machinery (the developer's log).
    const log = await on.client.request<{ items: Array<{ messageType: string }> }>("GET", "/developer/callback/messages", { query: { type: ITEM_MESSAGE } });
    assert.equal(log.items.length, 3);
    // Off again (the operator's switch): the next change sends nothing.
    assert.deepEqual((await server.admin("PUT", `/admin/developers/${on.developId}/callback/extensions`, { warehouse: false })).data, { warehouse: false });
    await server.admin("POST", `/admin/warehouse/items/${item!.id}/return`, { note: "recalled" });
    assert.equal((await warehouseEvents(on)).length, 3);
  });

  test("repeated and late tracking events change nothing", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const order = await arrivedTaobao(d);
    await advance(d, 4 * HOUR);
    const [before] = (await items(d.client)).items;
    const detailed = await itemOf(d.client, before!.id);
    const line = (await orderOf(d, order.id)).subOrderVOS[0]!;
    const now = (await d.client.request<{ now: number }>("GET", "/sandbox/clock")).now;
    const tracking = (status: "ACCEPT" | "SIGN", key: string): { connector: string; eventKey: string; event: MarketplaceEvent } => ({
      connector: "test",
      eventKey: key,
      event: { kind: "tracking", platform: "taobao", developerId: d.developId, at: now, upstreamOrderId: line.taobaoPurchaseId!, clientRef: null, trackingNumber: before!.inbound.trackingNumber, event: { at: now, status, description: "again", city: "广州" } },
    });
    await server.platform.database.db.transaction().execute((trx) =>
      server.platform.services.inbox.append(trx, [tracking("SIGN", "again-1"), tracking("SIGN", "again-2"), tracking("ACCEPT", "late-1")]),
    );
    await advance(d, MINUTE);
    const inbox = await server.platform.database.db.selectFrom("marketplace_inbox").select(["event_key", "status", "note"]).where("connector", "=", "test").where("developer_id", "=", d.developId).orderBy("event_key").execute();
    assert.deepEqual(inbox.map((r) => [r.event_key, r.status]), [["again-1", "IGNORED"], ["again-2", "IGNORED"], ["late-1", "IGNORED"]]);
    const after = await itemOf(d.client, before!.id);
    assert.deepEqual(after, detailed, "the item, its history and its storage are as they were");
  });

  test("a SIGN that overtakes its purchase's shipment waits; once the purchase has shipped, a number it does not carry is held", async () => {
    const d = await server.createDeveloper();
    const order = await paidOrder(server, d);
    const line = order.subOrderVOS[0]!;
    const now = (await d.client.request<{ now: number }>("GET", "/sandbox/clock")).now;
    const event: MarketplaceEvent = { kind: "tracking", platform: "taobao", developerId: d.developId, at: now, upstreamOrderId: line.taobaoPurchaseId!, clientRef: null, trackingNumber: "YD000000321", event: { at: now, status: "SIGN", description: "签收", city: "广州" } };
    await server.platform.database.db.transaction().execute((trx) => server.platform.services.inbox.append(trx, [{ connector: "test", eventKey: "early-1", event }]));
    await advance(d, MINUTE);
    const row = () => server.platform.database.db.selectFrom("marketplace_inbox").select(["status"]).where("connector", "=", "test").where("event_key", "=", "early-1").where("developer_id", "=", d.developId).executeTakeFirstOrThrow();
    assert.equal((await row()).status, "PENDING", "waits: the purchase has not recorded its shipment");
    assert.deepEqual((await server.admin<Page<Inbound>>("GET", `/admin/warehouse/inbound?developId=${d.developId}`)).data.items, []);
    await advance(d, 6 * HOUR); // the seller ships (under another number)
    (server.platform.clock as ManualClock).advance(5 * MINUTE); // the retry's real-time backoff
    await advance(d, MINUTE);
    (server.platform.clock as ManualClock).advance(-5 * MINUTE);
    assert.equal((await row()).status, "APPLIED");
    const held = (await server.admin<Page<Inbound>>("GET", `/admin/warehouse/inbound?developId=${d.developId}&trackingNumber=YD000000321`)).data.items;
    assert.deepEqual(held.map((p) => p.state), ["HELD"]);
  });

  test("WarehouseStock (the parcels part's contract): expect → sandbox arrival → stored (onStored once) → allocate / release", async () => {
    dev = await server.createDeveloper();
    const d = dev;
    const warehouse = server.platform.services.warehouse;
    const db = server.platform.database.db;
    const stored: Array<{ developerId: string; trackingNumber: string; at: number }> = [];
    warehouse.onStored(async (_trx, event) => {
      if (event.developerId === d.developId) stored.push(event);
    });
    const owner = { developerId: d.developId, userId: d.userId, sandbox: true };
    const product = server.platform.services.goods.productAt("taobao", 3, "zh");
    const now = async () => (await d.client.request<{ now: number }>("GET", "/sandbox/clock")).now;
    const t0 = await now();
    await db.transaction().execute((trx) =>
      warehouse.expect(trx, owner, [
        { trackingNumber: "SF1234521212678", carrier: "顺丰", itemId: product.id, skuId: product.skus[0]?.mpSkuId ?? "", quantity: 2 },
        { trackingNumber: "YT122323345678", carrier: "圆通", itemId: "elsewhere-1", skuId: "", quantity: 1 },
      ], t0),
    );
    // Declared again (the same body twice): known parcels are left as they are.
    await db.transaction().execute((trx) => warehouse.expect(trx, owner, [{ trackingNumber: "SF1234521212678", carrier: "顺丰", itemId: "other", skuId: "", quantity: 9 }], t0));
    assert.deepEqual((await warehouse.inbound(db, d.developId, ["SF1234521212678", "YT122323345678", "UNKNOWN1"])).map((p) => [p.trackingNumber, p.state, p.weightG]), [["SF1234521212678", "EXPECTED", null], ["YT122323345678", "EXPECTED", null]]);
    const declared = (await items(d.client)).items;
    assert.deepEqual(declared.map((i) => [i.state, i.quantityExpected]).sort(), [["EXPECTED", 1], ["EXPECTED", 2]]);
    await assert.rejects(db.transaction().execute((trx) => warehouse.expect(trx, owner, [{ trackingNumber: "SF1", carrier: "", itemId: "x", skuId: "", quantity: 1 }], t0)), (e: { code?: number }) => e.code === 40002);

    await advance(d, DAY); // the sandbox: declared parcels arrive after a day
    assert.deepEqual((await warehouse.inbound(db, d.developId, ["SF1234521212678"]))[0]!.state, "RECEIVED");
    assert.equal(stored.length, 0);
    await advance(d, 4 * HOUR);
    const parcels = await warehouse.inbound(db, d.developId, ["SF1234521212678", "YT122323345678"]);
    assert.deepEqual(parcels.map((p) => p.state), ["STORED", "STORED"]);
    const known = (await items(d.client)).items.find((i) => i.itemId === product.id)!;
    const nominal = Math.round(product.weightKg * 1000 * 2);
    assert.ok(known.weightG! >= Math.floor(nominal * 0.96) && known.weightG! <= Math.ceil(nominal * 1.04), "weighed as the catalogue says");
    assert.equal(parcels[0]!.weightG, known.weightG);
    assert.deepEqual(stored.map((s) => [s.trackingNumber, s.at]).sort(), [["SF1234521212678", t0 + DAY + 4 * HOUR], ["YT122323345678", t0 + DAY + 4 * HOUR]]);

    const at = await now();
    await db.transaction().execute((trx) => warehouse.allocate(trx, { developerId: d.developId, userId: d.userId }, ["SF1234521212678"], "P-1", at));
    await db.transaction().execute((trx) => warehouse.allocate(trx, { developerId: d.developId, userId: d.userId }, ["SF1234521212678"], "P-1", at)); // a repeat
    let goods = await itemOf(d.client, known.id);
    assert.deepEqual([goods.state, goods.parcelId], ["ALLOCATED", "P-1"]);
    await assert.rejects(db.transaction().execute((trx) => warehouse.allocate(trx, { developerId: d.developId, userId: d.userId }, ["SF1234521212678"], "P-2", at)), (e: { code?: number }) => e.code === 40901);
    await assert.rejects(db.transaction().execute((trx) => warehouse.allocate(trx, { developerId: d.developId, userId: d.userId }, ["NOT-HERE-1"], "P-2", at)), (e: { code?: number }) => e.code === 40901);
    // Another user of the developer cannot have these goods allocated to its parcel.
    const sibling = await server.addUser(d.developId, `sibling-${d.developId}`);
    await assert.rejects(
      db.transaction().execute((trx) => warehouse.allocate(trx, { developerId: d.developId, userId: sibling }, ["YT122323345678"], "P-3", at)),
      (e: { code?: number; message?: string }) => e.code === 40901 && /another user's/.test(e.message ?? ""),
    );
    await db.transaction().execute((trx) => warehouse.release(trx, d.developId, "P-1", "restocked", at));
    goods = await itemOf(d.client, known.id);
    assert.deepEqual([goods.state, goods.parcelId], ["STORED", null], "a cancelled parcel puts the goods back");
    await db.transaction().execute((trx) => warehouse.allocate(trx, { developerId: d.developId, userId: d.userId }, ["SF1234521212678", "YT122323345678"], "P-3", at));
    await db.transaction().execute((trx) => warehouse.release(trx, d.developId, "P-3", "shipped", at));
    const shipped = (await items(d.client)).items;
    assert.deepEqual(shipped.map((i) => [i.state, i.parcelId]), [["SHIPPED", "P-3"], ["SHIPPED", "P-3"]]);
    assert.deepEqual(storyOf(await itemOf(d.client, known.id)), ["null→EXPECTED", "EXPECTED→RECEIVED", "RECEIVED→QC_PASSED", "QC_PASSED→STORED", "STORED→ALLOCATED", "ALLOCATED→STORED", "STORED→ALLOCATED", "ALLOCATED→SHIPPED"]);
    assert.equal(stored.length, 2, "onStored once per parcel");

    // A HELD parcel declared by the user becomes theirs.
    await server.admin("POST", "/admin/warehouse/inbound/receive", { developId: d.developId, trackingNumber: "JD000000777" });
    await db.transaction().execute((trx) => warehouse.expect(trx, owner, [{ trackingNumber: "JD000000777", carrier: "京东", itemId: "elsewhere-2", skuId: "", quantity: 1 }], at));
    assert.deepEqual((await warehouse.inbound(db, d.developId, ["JD000000777"])).map((p) => p.state), ["RECEIVED"]);
  });

  test("a sandbox reset forgets the user's warehouse goods with their orders", async () => {
    const d = await server.createDeveloper();
    await arrivedTaobao(d);
    assert.equal((await items(d.client)).items.length, 1);
    await d.client.request("POST", "/sandbox/reset");
    assert.deepEqual((await items(d.client)).items, []);
    assert.deepEqual((await inbounds(d.client)).items, []);
    await advance(d, 5 * HOUR); // the pending check finds nothing to do
    assert.deepEqual((await items(d.client)).items, []);
  });

  test("no input makes a warehouse route answer 5xx or 50001", async () => {
    const d = await server.createDeveloper();
    await arrivedTaobao(d);
    const [real] = (await items(d.client)).items;
    const rand = seededRandom(20261201);
    const values: unknown[] = [null, true, -1, 0, 1.5, 2 ** 53 + 2, "", "x".repeat(3000), "9".repeat(30), "1e309", [], {}, ["a"], { a: 1 }, "\u0000", "300x200x120", "SF1234567", real!.id, "__proto__"];
    const pick = () => values[Math.floor(rand() * values.length)];
    const fields = ["trackingNumber", "title", "itemId", "skuId", "quantity", "weightG", "sizeMm", "result", "note", "photos", "operator", "developId", "carrier", "warehouse", "state", "platform", "orderId", "cursor", "limit"];
    const body = () => Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [fields[Math.floor(rand() * fields.length)]!, pick()]));
    const query = () => Object.fromEntries(Object.entries(body()).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    for (let i = 0; i < 60; i++) {
      const id = String(pick());
      const signed = [
        () => d.client.raw("GET", "/warehouse/items", { query: query() }),
        () => d.client.raw("GET", `/warehouse/items/${encodeURIComponent(id)}`),
        () => d.client.raw("GET", "/warehouse/inbound", { query: query() }),
        () => d.client.raw("POST", "/warehouse/inbound/claim", { body: body() }),
        () => d.client.raw("POST", "/developer/callback/extensions", { body: body() }),
      ];
      const { envelope } = await signed[i % signed.length]!();
      assert.notEqual(envelope.code, 50001, `signed #${i}: ${envelope.msg}`);
      const admin = [
        () => server.admin("POST", `/admin/warehouse/items/${encodeURIComponent(id)}/qc`, body()),
        () => server.admin("POST", `/admin/warehouse/items/${encodeURIComponent(id)}/return`, body()),
        () => server.admin("POST", `/admin/warehouse/items/${encodeURIComponent(id)}/keep`, body()),
        () => server.admin("POST", "/admin/warehouse/inbound/receive", body()),
        () => server.admin("GET", `/admin/warehouse/inbound?${new URLSearchParams(query())}`),
        () => server.admin("GET", `/admin/warehouse/items?${new URLSearchParams({ developId: d.developId, ...query() })}`),
        () => server.admin("POST", "/admin/warehouse/storage/run", body()),
      ];
      const answer = await admin[i % admin.length]!();
      assert.ok(answer.code !== 50001 && answer.code < 50000, `admin #${i}: ${answer.code} ${answer.msg}`);
    }
  });

  test("openpon warehouse: receive, held, items, qc with a photo file, storage-run", async () => {
    const d = await server.createDeveloper();
    await arrivedTaobao(d);
    const dir = tempDir("openpon-warehouse-cli-");
    const env = { ...(process.env as Record<string, string>), OPENPON_URL: server.url, OPERATOR_TOKEN: server.platform.operatorToken, DATA_DIR: dir, LOG_LEVEL: "silent" };
    const run = promisify(execFile);
    const cli = async (...args: string[]) => (await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), "warehouse", ...args], { cwd: ROOT, env })).stdout;
    try {
      assert.match(await cli("receive", "EMS00000000042", "--developer", d.developId, "--carrier", "EMS"), /^held: \d+ +HELD +EMS00000000042/);
      assert.match(await cli("held", "--developer", d.developId), /EMS00000000042/);
      const [item] = (JSON.parse(await cli("items", "--developer", d.developId, "--json")) as Page<Item>).items;
      assert.equal(item!.state, "RECEIVED");
      const photo = path.join(dir, "goods.png");
      fs.writeFileSync(photo, await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 200, b: 90 } } }).png().toBuffer());
      await assert.rejects(cli("qc", item!.id, "--weight-g", "0", "--size-mm", "10x10x10", "--pass"), /weight-g.*positive whole number/s);
      await assert.rejects(cli("qc", item!.id, "--weight-g", "10", "--size-mm", "10x0x10", "--pass"), /error 40002: sizeMm/);
      await assert.rejects(cli("qc", "1234567890123456789", "--weight-g", "10", "--size-mm", "10x10x10", "--pass"), /error 40401/);
      const checked = JSON.parse(await cli("qc", item!.id, "--weight-g", "640", "--size-mm", "250x180x90", "--photo", photo, "--issue", "seam torn", "--operator", "Malee", "--json")) as Item;
      assert.deepEqual([checked.state, checked.weightG, checked.qc.note, checked.qc.photos.length], ["QC_ISSUE", 640, "seam torn", 1]);
      await readable(checked.qc.photos[0]!);
      assert.match(await cli("keep", item!.id, "--note", "buyer accepts"), /STORED/);
      assert.match(await cli("storage-run", "--developer", d.developId), /0 day\(s\) charged \(0 fen\), 0 owed, 0 abandoned/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the OpenAPI document lists the warehouse routes with their codes", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, { content?: Record<string, { schema: { "x-codes"?: number[] } }> }> }>> };
    const codes = (path: string, method: string) => doc.paths[path]?.[method]?.responses["200"]?.content?.["application/json"]?.schema["x-codes"] ?? [];
    assert.ok(codes("/warehouse/items", "get").includes(40002));
    assert.ok(codes("/warehouse/items/{id}", "get").includes(40401));
    assert.ok(codes("/warehouse/inbound", "get").length > 0);
    for (const c of [40401, 40901]) assert.ok(codes("/warehouse/inbound/claim", "post").includes(c), `claim lists ${c}`);
    for (const c of [40002, 40401, 40901]) assert.ok(codes("/admin/warehouse/items/{id}/qc", "post").includes(c));
    assert.deepEqual(doc.paths["/admin/warehouse/inbound/receive"]?.["post"]?.security, [{ operatorToken: [] }]);
    assert.ok(doc.paths["/developer/callback/extensions"]?.["put"]);
  });
});
