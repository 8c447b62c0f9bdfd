// 1688 cart (alibaba-1688.md §2.1–§2.5) through signed HTTP and the real database: add with its
// snapshot, merged adds (numeric and opaque ids alike), the list by seller and validity in both
// directions, edit, delete, the preview (§0.5 shape, fen, tiers across specs, per-seller results,
// PRICE_CHANGED / OUT_OF_STOCK / BELOW_MINIMUM / OFFLINE), validation naming the field, user and
// developer isolation, and the service calls create-from-cart (§2.6) is built on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { OpenponClient } from "@openpon/sdk";
import type { Product, Sku } from "../src/marketplace/port.ts";
import type { AlibabaPreviewData, AlibabaShopGroup } from "../src/modules/cart/index.ts";
import { alibabaUnitPrice } from "../src/modules/cart/index.ts";
import { ApiError } from "../src/platform/http/errors.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const ADD = "/v2/alibaba/cart/add";
const LIST = "/v2/alibaba/cart/list";
const DELETE = "/v2/alibaba/cart/delete";
const EDIT = "/v2/alibaba/cart/edit-quantity";
const PREVIEW = "/v2/alibaba/cart/preview/order";

interface Reply<T = unknown> {
  code: number;
  msg: string;
  developId: string | null;
  data: T | null;
}
interface CartList {
  enableList: AlibabaShopGroup[];
  disableList: AlibabaShopGroup[];
}

async function call<T = unknown>(client: OpenponClient, method: "GET" | "POST", path: string, body?: unknown): Promise<Reply<T>> {
  const { status, envelope } = await client.raw<T>(method, path, body === undefined ? {} : { body });
  assert.equal(status, 200);
  assert.match(envelope.requestId, /^[0-9a-f]{32}$/);
  if (envelope.code !== 200) assert.equal(envelope.data, null);
  return envelope;
}
const post = <T = unknown>(client: OpenponClient, path: string, body: unknown) => call<T>(client, "POST", path, body);
function expectOk<T>(reply: Reply<T>): T {
  assert.equal(reply.code, 200, `expected 200, got ${reply.code}: ${reply.msg}`);
  assert.equal(reply.msg, "成功");
  return reply.data as T;
}
function expectCode(reply: Reply, code: number, mention?: string): void {
  assert.equal(reply.code, code, `expected ${code}, got ${reply.code}: ${reply.msg}`);
  if (mention !== undefined) assert.ok(reply.msg.includes(mention), `msg ${JSON.stringify(reply.msg)} should mention ${mention}`);
}
const rowsOf = (groups: AlibabaShopGroup[]) => groups.flatMap((g) => g.cartItemInfos);
const list = async (client: OpenponClient) => expectOk(await call<CartList>(client, "GET", LIST));
const add = async (client: OpenponClient, body: Record<string, unknown>) => expectOk(await post<{ id: number }>(client, ADD, body)).id;

const addressParam = {
  fullName: "zhang",
  mobile: "18600888861",
  phone: "18600888861",
  postCode: "100000",
  cityText: "杭州市",
  provinceText: "浙江省",
  areaText: "西湖区",
  townText: "转塘",
  address: "xxxxxxx",
};

let server: TestServer;
let devA: TestDeveloper;
let userB: OpenponClient;
let devC: TestDeveloper;

// Sandbox 1688 products picked by their (deterministic) properties.
let tiered: Product; // quoteType 2, minimum 1, two specs with stock ≥ 60
let tA: Sku;
let tB: Sku;
let perSku: Product; // quoteType 1, another seller
let pA: Sku;
let minimum: Product; // minimum 2, two specs in stock, a third seller
let mA: Sku;
let mB: Sku;
let offline: Product; // not published

const body = (p: Product, sku: Sku | undefined, quantity: number, extra: Record<string, unknown> = {}) => ({
  offerMapId: p.id,
  ...(sku ? { specId: sku.mpSkuId } : {}),
  quantity,
  ...extra,
});

/** The cargo resultCodes of a preview of `cartIds`, in request order. */
async function previewCodes(cartIds: number[]): Promise<Array<string | null>> {
  const preview = expectOk(await post<AlibabaPreviewData>(devA.client, PREVIEW, { addressParam, cartIds }));
  return preview.orderPreviewResuslt.flatMap((r) => r.cargoList.map((c) => c.resultCode));
}

async function clearCart(client: OpenponClient): Promise<void> {
  const all = await list(client);
  const ids = [...rowsOf(all.enableList), ...rowsOf(all.disableList)].map((r) => r.id);
  if (ids.length > 0) expectOk(await post(client, DELETE, { cartIds: ids }));
}

before(async () => {
  server = await startServer({ config: { sandboxItems: 3000, sandboxSeed: 7, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  devA = await server.createDeveloper();
  const userBId = await server.addUser(devA.developId, `cart1688-b-${Date.now()}`);
  userB = devA.client.withUser(userBId);
  devC = await server.createDeveloper();

  const goods = server.platform.services.goods;
  const all: Product[] = [];
  for (let i = 0; i < 3000; i++) all.push(goods.productAt("alibaba", i, "en"));
  const stocked = (p: Product, n: number) => p.skus.filter((s) => s.active && s.stock >= n);
  tiered = all.find((p) => p.active && p.quoteType === 2 && p.minQuantity === 1 && stocked(p, 60).length >= 2 && p.priceTiers[1]!.priceFen < p.priceTiers[0]!.priceFen)!;
  [tA, tB] = stocked(tiered, 60) as [Sku, Sku];
  perSku = all.find((p) => p.active && p.quoteType === 1 && p.minQuantity === 1 && stocked(p, 60).length >= 1 && p.seller.sellerOpenId !== tiered.seller.sellerOpenId)!;
  pA = stocked(perSku, 60)[0]!;
  minimum = all.find(
    (p) => p.active && p.minQuantity === 2 && stocked(p, 10).length >= 2 && ![tiered, perSku].some((q) => q.seller.sellerOpenId === p.seller.sellerOpenId),
  )!;
  [mA, mB] = stocked(minimum, 10) as [Sku, Sku];
  offline = all.find((p) => !p.active && p.skus.length > 0)!;
  assert.ok(tiered && perSku && minimum && offline, "the sandbox catalogue has the products the tests need");
});

after(async () => {
  await server?.close();
});

describe("add and list", () => {
  test("add stores a snapshot; list shows it under its seller with the documented keys and fen prices", async () => {
    await clearCart(devA.client);
    const added = expectOk(await post<{ id: number }>(devA.client, ADD, body(tiered, tA, 3, { sellerOpenId: tiered.seller.sellerOpenId, userId: devA.userId })));
    assert.deepEqual(Object.keys(added), ["id"]);
    assert.ok(Number.isSafeInteger(added.id) && added.id > 0);
    const cart = await list(devA.client);
    assert.deepEqual(Object.keys(cart), ["enableList", "disableList"]);
    assert.deepEqual(cart.disableList, []);
    const group = cart.enableList[0]!;
    assert.deepEqual(Object.keys(group), ["sellerOpenId", "sellerNickName", "cartItemInfos"]);
    assert.equal(group.sellerOpenId, tiered.seller.sellerOpenId);
    assert.equal(group.sellerNickName, tiered.seller.nick);
    const row = group.cartItemInfos[0]!;
    assert.deepEqual(Object.keys(row), ["id", "offerMapId", "specId", "skuId", "itemTitle", "itemPic", "price", "quantity", "amountOnSale", "properties"]);
    assert.deepEqual(row, {
      id: added.id,
      offerMapId: tiered.id,
      specId: tA.mpSkuId,
      skuId: tA.skuId,
      itemTitle: tiered.title.trans,
      itemPic: tA.imageUrl ?? tiered.imageUrls[0],
      price: alibabaUnitPrice(tiered, tA, 3),
      quantity: 3,
      amountOnSale: tA.stock,
      properties: tA.properties.map((p) => `${p.propName.trans}:${p.valueName.trans}`).join(";"),
    });
    assert.match(row.properties, /^[^:;]+:[^:;]+(;[^:;]+:[^:;]+)*$/);
    // The price is the first tier's (yuan string in the goods detail, fen here).
    assert.equal(row.price, Math.min(tiered.priceTiers[0]!.priceFen, tiered.priceTiers[0]!.promotionPriceFen ?? Infinity));
  });

  test("the same spec again merges (whether named by offerMapId, offerId or the numeric id); another spec is another row", async () => {
    await clearCart(devA.client);
    const first = await add(devA.client, body(tiered, tA, 2, { productNo: "P-1" }));
    assert.equal(await add(devA.client, { offerId: tiered.id, specId: tA.mpSkuId, quantity: 3 }), first);
    assert.equal(await add(devA.client, { offerId: Number(tiered.numericId), specId: tA.mpSkuId, quantity: 1 }), first);
    assert.equal(await add(devA.client, { offerMapId: tiered.numericId, specId: tA.mpSkuId, quantity: 1, container: "C-9" }), first);
    let rows = rowsOf((await list(devA.client)).enableList);
    assert.deepEqual(rows.map((r) => [r.id, r.quantity, r.offerMapId]), [[first, 7, tiered.id]]);
    const stored = await sql<{ product_no: string | null; container: string | null }>`select product_no, container from alibaba_cart_items where id = ${String(first)}`.execute(
      server.platform.database.db,
    );
    assert.deepEqual(stored.rows[0], { product_no: "P-1", container: "C-9" }, "labels given with a later add replace, absent ones stay");
    const other = await add(devA.client, body(tiered, tB, 1));
    assert.notEqual(other, first);
    rows = rowsOf((await list(devA.client)).enableList);
    assert.deepEqual(rows.map((r) => r.id), [other, first], "newest first");
  });

  test("groups by seller in order of the newest row; rows newest first", async () => {
    await clearCart(devA.client);
    const t1 = await add(devA.client, body(tiered, tA, 1));
    const p1 = await add(devA.client, body(perSku, pA, 1));
    const t2 = await add(devA.client, body(tiered, tB, 1));
    const cart = await list(devA.client);
    assert.deepEqual(
      cart.enableList.map((g) => [g.sellerOpenId, g.cartItemInfos.map((r) => r.id)]),
      [
        [tiered.seller.sellerOpenId, [t2, t1]],
        [perSku.seller.sellerOpenId, [p1]],
      ],
    );
  });

  test("unknown offer or spec, unpublished offer, foreign seller: 40401; spec missing: 40002 naming specId", async () => {
    await clearCart(devA.client);
    expectCode(await post(devA.client, ADD, { offerMapId: "L0PTnwSnx_dWNZWCtgK7Gg", specId: tA.mpSkuId, quantity: 1 }), 40401, "L0PTnwSnx_dWNZWCtgK7Gg");
    expectCode(await post(devA.client, ADD, body(tiered, undefined, 1, { specId: "f".repeat(32) })), 40401, "specId");
    expectCode(await post(devA.client, ADD, body(offline, offline.skus[0], 1)), 40401, offline.id);
    expectCode(await post(devA.client, ADD, body(tiered, tA, 1, { sellerOpenId: perSku.seller.sellerOpenId })), 40401, perSku.seller.sellerOpenId);
    expectCode(await post(devA.client, ADD, body(tiered, undefined, 1)), 40002, "specId");
    expectCode(await post(devA.client, ADD, body(tiered, tA, 1, { userId: "2100000000000" })), 40301);
    assert.deepEqual(await list(devA.client), { enableList: [], disableList: [] }, "nothing written");
  });

  test("bad input: 40002 naming the field, never 500", async () => {
    await clearCart(devA.client);
    const base = body(tiered, tA, 1);
    const cases: Array<[unknown, string]> = [
      [{ specId: tA.mpSkuId, quantity: 1 }, "offerMapId"],
      [{ ...base, quantity: undefined }, "quantity"],
      [{ ...base, quantity: 0 }, "quantity"],
      [{ ...base, quantity: 10000 }, "quantity"],
      [{ ...base, quantity: "1" }, "quantity"],
      [{ ...base, quantity: 1.5 }, "quantity"],
      [{ ...base, offerMapId: 12 }, "offerMapId"],
      [{ ...base, offerMapId: "" }, "offerMapId"],
      [{ ...base, offerMapId: "ab\u0001c" }, "offerMapId"],
      [{ specId: tA.mpSkuId, quantity: 1, offerId: -5 }, "offerId"],
      [{ specId: tA.mpSkuId, quantity: 1, offerId: true }, "offerId"],
      [{ ...base, specId: "x\u007f" }, "specId"],
      [{ ...base, productNo: "a\nb" }, "productNo"],
      [{ ...base, container: "x".repeat(101) }, "container"],
      [{ ...base, sellerOpenId: "\u0085" }, "sellerOpenId"],
      [{ ...base, userId: "\u0001" }, "userId"],
    ];
    for (const [input, field] of cases) expectCode(await post(devA.client, ADD, input), 40002, field);
    // A body that is not JSON, or not an object.
    expectCode(await post(devA.client, ADD, "{not json"), 40002);
    expectCode(await post(devA.client, ADD, [base]), 40002);
    assert.deepEqual(await list(devA.client), { enableList: [], disableList: [] });
  });

  test("at most 200 rows (40901 beyond; merging into an existing row still works); a merge beyond 9999 units: 40901", async () => {
    await clearCart(devA.client);
    const kept = await add(devA.client, body(tiered, tA, 1));
    const db = server.platform.database.db;
    const now = new Date();
    await db
      .insertInto("alibaba_cart_items")
      .values(
        Array.from({ length: 199 }, (_, i) => ({
          developer_id: devA.developId,
          user_id: devA.userId,
          offer_map_id: `filler-${i}`,
          spec_id: "",
          sku_id: "",
          quantity: 1,
          title: "filler",
          price_fen: "100",
          properties: "",
          seller_open_id: "BBBfiller",
          seller_nick: "filler",
          stock: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    expectCode(await post(devA.client, ADD, body(tiered, tB, 1)), 40901, "200");
    assert.equal(await add(devA.client, body(tiered, tA, 1)), kept);
    const cart = await list(devA.client);
    assert.equal(rowsOf(cart.enableList).length + rowsOf(cart.disableList).length, 200);
    // Filler rows are of unknown offers: disabled as OFFLINE, their stored price shown.
    assert.ok(rowsOf(cart.disableList).some((r) => r.offerMapId === "filler-0" && r.price === 100));
    await clearCart(devA.client);
    const big = await add(devA.client, body(tiered, tA, 9000));
    expectCode(await post(devA.client, ADD, body(tiered, tA, 1000)), 40901, "9999");
    assert.equal(rowsOf((await list(devA.client)).disableList).find((r) => r.id === big)!.quantity, 9000);
  });
});

describe("edit and delete; rows move between the lists", () => {
  test("above the stock: OUT_OF_STOCK in disableList; back at the stock: enableList; the price follows the tiers at the row's quantity", async () => {
    await clearCart(devA.client);
    const id = await add(devA.client, body(tiered, tA, 1));
    assert.equal(expectOk(await post(devA.client, EDIT, { id, quantity: tA.stock + 1, updateTime: {} })), true);
    let cart = await list(devA.client);
    assert.deepEqual(cart.enableList, []);
    assert.equal(rowsOf(cart.disableList)[0]!.quantity, tA.stock + 1);
    expectOk(await post(devA.client, EDIT, { id, quantity: tA.stock }));
    cart = await list(devA.client);
    assert.deepEqual(cart.disableList, []);
    const row = rowsOf(cart.enableList)[0]!;
    assert.equal(row.price, alibabaUnitPrice(tiered, tA, tA.stock));
    const tier10 = tiered.priceTiers.findLast((t) => t.startQuantity <= 10)!;
    expectOk(await post(devA.client, EDIT, { id, quantity: 10 }));
    assert.equal(rowsOf((await list(devA.client)).enableList)[0]!.price, Math.min(tier10.priceFen, tier10.promotionPriceFen ?? Infinity));
  });

  test("BELOW_MINIMUM counts an offer's rows together, in both directions", async () => {
    await clearCart(devA.client);
    const a = await add(devA.client, body(minimum, mA, 1));
    let cart = await list(devA.client);
    assert.deepEqual(rowsOf(cart.disableList).map((r) => r.id), [a]);
    const b = await add(devA.client, body(minimum, mB, 1));
    cart = await list(devA.client);
    assert.deepEqual(rowsOf(cart.enableList).map((r) => r.id), [b, a], "1 + 1 meets the minimum of 2");
    expectOk(await post(devA.client, DELETE, { cartIds: [b] }));
    assert.deepEqual(rowsOf((await list(devA.client)).disableList).map((r) => r.id), [a]);
    expectOk(await post(devA.client, EDIT, { id: a, quantity: 2 }));
    assert.deepEqual(rowsOf((await list(devA.client)).enableList).map((r) => r.id), [a]);
    // An out-of-stock row of the offer does not help another reach the minimum.
    expectOk(await post(devA.client, EDIT, { id: a, quantity: 1 }));
    const short = await add(devA.client, body(minimum, mB, mB.stock + 1));
    cart = await list(devA.client);
    assert.deepEqual(cart.enableList, []);
    assert.deepEqual(rowsOf(cart.disableList).map((r) => r.id), [short, a]);
    const reasons = await previewCodes([short, a]);
    assert.deepEqual(reasons, ["OUT_OF_STOCK", null], "the preview judges the order as a whole: the out-of-stock row fails it");
  });

  test("an offer that went offline: OFFLINE in disableList with its stored price and stock", async () => {
    await clearCart(devA.client);
    const id = await add(devA.client, body(tiered, tA, 2));
    await sql`update alibaba_cart_items set offer_map_id = ${offline.id}, spec_id = ${offline.skus[0]!.mpSkuId}, price_fen = 4321, stock = 7 where id = ${String(id)}`.execute(
      server.platform.database.db,
    );
    const row = rowsOf((await list(devA.client)).disableList)[0]!;
    assert.equal(row.id, id);
    assert.equal(row.amountOnSale, offline.skus[0]!.stock, "a delisted offer's stock is still known");
  });

  test("edit: unknown row 40401; bad values 40002 naming the field; labels set and cleared", async () => {
    await clearCart(devA.client);
    const id = await add(devA.client, body(tiered, tA, 1));
    expectCode(await post(devA.client, EDIT, { id: id + 100000, quantity: 1 }), 40401, "cart row");
    const cases: Array<[unknown, string]> = [
      [{ id, quantity: 0 }, "quantity"],
      [{ id, quantity: 10000 }, "quantity"],
      [{ id, quantity: "2" }, "quantity"],
      [{ quantity: 1 }, "id"],
      [{ id: 0, quantity: 1 }, "id"],
      [{ id: 1.5, quantity: 1 }, "id"],
      [{ id: "1", quantity: 1 }, "id"],
      [{ id, quantity: 1, productNo: "\u0000x" }, "productNo"],
      [{ id, quantity: 1, container: "a\tb" }, "container"],
    ];
    for (const [input, field] of cases) expectCode(await post(devA.client, EDIT, input), 40002, field);
    // A row id beyond int8 (and beyond JavaScript's safe integers) read from the raw body.
    expectCode(await post(devA.client, EDIT, `{"id": 92233720368547758070, "quantity": 1}`), 40002, "id");
    expectCode(await post(devA.client, EDIT, `{"id": 9007199254740993, "quantity": 1}`), 40002, "id");
    expectOk(await post(devA.client, EDIT, { id, quantity: 2, productNo: "NO-1", container: "BOX-2" }));
    const db = server.platform.database.db;
    const read = async () => (await sql<{ product_no: string | null; container: string | null }>`select product_no, container from alibaba_cart_items where id = ${String(id)}`.execute(db)).rows[0];
    assert.deepEqual(await read(), { product_no: "NO-1", container: "BOX-2" });
    expectOk(await post(devA.client, EDIT, { id, quantity: 2, productNo: "" }));
    assert.deepEqual(await read(), { product_no: null, container: "BOX-2" });
  });

  test("delete: cartIds (or ids) removed, unknown ignored; bad lists 40002 naming the field", async () => {
    await clearCart(devA.client);
    const a = await add(devA.client, body(tiered, tA, 1));
    const b = await add(devA.client, body(perSku, pA, 1));
    const c = await add(devA.client, body(tiered, tB, 1));
    assert.equal(expectOk(await post(devA.client, DELETE, { cartIds: [a, 987654321] })), true);
    assert.equal(expectOk(await post(devA.client, DELETE, { ids: [b] })), true);
    assert.deepEqual(rowsOf((await list(devA.client)).enableList).map((r) => r.id), [c]);
    expectCode(await post(devA.client, DELETE, {}), 40002, "cartIds");
    expectCode(await post(devA.client, DELETE, { cartIds: [] }), 40002, "cartIds");
    expectCode(await post(devA.client, DELETE, { cartIds: ["x"] }), 40002, "cartIds");
    expectCode(await post(devA.client, DELETE, { cartIds: [-1] }), 40002, "cartIds");
    expectCode(await post(devA.client, DELETE, { cartIds: Array.from({ length: 201 }, (_, i) => i + 1) }), 40002, "cartIds");
    expectCode(await post(devA.client, DELETE, { ids: [1.5] }), 40002, "ids");
    assert.deepEqual(rowsOf((await list(devA.client)).enableList).map((r) => r.id), [c]);
  });
});

describe("preview from the cart", () => {
  test("§0.5 shape; one PreviewResult per seller in order of first appearance; tiers across specs; fen sums", async () => {
    await clearCart(devA.client);
    // 6 + 5 units of one quoteType-2 offer reach its second tier (10 × minimum 1) together, not alone.
    const t1 = await add(devA.client, body(tiered, tA, 6));
    const p1 = await add(devA.client, body(perSku, pA, 2));
    const t2 = await add(devA.client, body(tiered, tB, 5));
    const preview = expectOk(await post<AlibabaPreviewData>(devA.client, PREVIEW, { addressParam, cartIds: [p1, t1, t2] }));
    assert.deepEqual(Object.keys(preview), ["orderPreviewResuslt", "success", "errorCode", "errorMsg", "postFeeByDescOfferList", "consignOfferList", "unsupportedCrossBorderPayOfferList"]);
    assert.equal(preview.success, true);
    assert.equal(preview.orderPreviewResuslt.length, 2);
    const [first, second] = preview.orderPreviewResuslt as [AlibabaPreviewData["orderPreviewResuslt"][0], AlibabaPreviewData["orderPreviewResuslt"][0]];
    assert.equal(Object.keys(first).length, 14);
    // First seller: perSku (first in cartIds), priced per SKU.
    const pUnit = Math.min(pA.priceFen, pA.promotionPriceFen ?? Infinity);
    assert.deepEqual(first.cargoList.map((c) => [c.offerId, c.specId, c.skuId, c.finalUnitPrice, c.amount, c.resultCode]), [[perSku.id, pA.mpSkuId, pA.skuId, pUnit, pUnit * 2, null]]);
    assert.equal(first.sumCarriage, pA.postFeeFen);
    assert.equal(first.sumPayment, pUnit * 2 + pA.postFeeFen);
    // Second seller: the tiered offer, both specs at the tier of 11 units.
    const tier = tiered.priceTiers.findLast((t) => t.startQuantity <= 11)!;
    const unit = Math.min(tier.priceFen, tier.promotionPriceFen ?? Infinity);
    assert.equal(tier.startQuantity, 10);
    assert.deepEqual(second.cargoList.map((c) => [c.specId, c.finalUnitPrice, c.amount]), [
      [tA.mpSkuId, unit, unit * 6],
      [tB.mpSkuId, unit, unit * 5],
    ]);
    assert.equal(second.sumPaymentNoCarriage, unit * 11);
    assert.equal(second.sumCarriage, Math.max(tA.postFeeFen, tB.postFeeFen));
    assert.equal(second.sumPayment, unit * 11 + second.sumCarriage);
    assert.equal(second.status, true);
    // Alone, neither row reaches the tier: the list shows the first tier's price, and nothing was flagged as changed.
    assert.ok(second.cargoList.every((c) => c.resultCode === null));
    assert.deepEqual(second.tradeModeNameList.includes("assureTrade"), true);
    // Read-only.
    assert.equal(rowsOf((await list(devA.client)).enableList).length, 3);
  });

  test("PRICE_CHANGED is a warning; OUT_OF_STOCK, BELOW_MINIMUM and OFFLINE fail their seller order and the preview", async () => {
    await clearCart(devA.client);
    const changed = await add(devA.client, body(tiered, tA, 2));
    await sql`update alibaba_cart_items set price_fen = price_fen + 500 where id = ${String(changed)}`.execute(server.platform.database.db);
    let preview = expectOk(await post<AlibabaPreviewData>(devA.client, PREVIEW, { addressParam, cartIds: [changed] }));
    assert.equal(preview.success, true);
    assert.equal(preview.orderPreviewResuslt[0]!.status, true);
    assert.equal(preview.orderPreviewResuslt[0]!.cargoList[0]!.resultCode, "PRICE_CHANGED");
    assert.match(preview.orderPreviewResuslt[0]!.cargoList[0]!.message!, /when added/);

    const short = await add(devA.client, body(perSku, pA, pA.stock + 1));
    const below = await add(devA.client, body(minimum, mA, 1));
    preview = expectOk(await post<AlibabaPreviewData>(devA.client, PREVIEW, { addressParam, cartIds: [changed, short, below] }));
    assert.equal(preview.success, false);
    assert.deepEqual(preview.orderPreviewResuslt.map((r) => [r.status, r.resultCode]), [
      [true, null],
      [false, "OUT_OF_STOCK"],
      [false, "BELOW_MINIMUM"],
    ]);
    assert.equal(preview.errorCode, "OUT_OF_STOCK");
    assert.ok(preview.errorMsg!.includes(perSku.id) && preview.errorMsg!.includes(minimum.id));
    assert.equal(preview.orderPreviewResuslt[1]!.cargoList[0]!.resultCode, "OUT_OF_STOCK");

    // An offer delisted since it was added.
    await sql`update alibaba_cart_items set offer_map_id = ${offline.id}, spec_id = ${offline.skus[0]!.mpSkuId}, seller_open_id = ${offline.seller.sellerOpenId} where id = ${String(below)}`.execute(
      server.platform.database.db,
    );
    preview = expectOk(await post<AlibabaPreviewData>(devA.client, PREVIEW, { addressParam, cartIds: [below] }));
    assert.deepEqual([preview.success, preview.orderPreviewResuslt[0]!.cargoList[0]!.resultCode], [false, "OFFLINE"]);
  });

  test("rows that are not the user's: 40401 naming them; bad cartIds and addressParam: 40002 naming the field", async () => {
    await clearCart(devA.client);
    const a = await add(devA.client, body(tiered, tA, 1));
    expectCode(await post(devA.client, PREVIEW, { addressParam, cartIds: [a, a + 100000] }), 40401, String(a + 100000));
    const cases: Array<[unknown, string]> = [
      [{ addressParam }, "cartIds"],
      [{ addressParam, cartIds: [] }, "cartIds"],
      [{ addressParam, cartIds: [a, a] }, "cartIds"],
      [{ addressParam, cartIds: [String(a)] }, "cartIds"],
      [{ addressParam, cartIds: Array.from({ length: 201 }, (_, i) => i + 1) }, "cartIds"],
      [{ cartIds: [a] }, "addressParam"],
      [{ cartIds: [a], addressParam: "x" }, "addressParam"],
      [{ cartIds: [a], addressParam: { ...addressParam, fullName: undefined } }, "addressParam.fullName"],
      [{ cartIds: [a], addressParam: { ...addressParam, cityText: "  " } }, "addressParam.cityText"],
      [{ cartIds: [a], addressParam: { ...addressParam, provinceText: undefined } }, "addressParam.provinceText"],
      [{ cartIds: [a], addressParam: { ...addressParam, address: "" } }, "addressParam.address"],
      [{ cartIds: [a], addressParam: { ...addressParam, mobile: "", phone: null } }, "addressParam.mobile"],
      [{ cartIds: [a], addressParam: { ...addressParam, townText: "a\u0007" } }, "addressParam.townText"],
      [{ cartIds: [a], addressParam: { ...addressParam, postCode: 100000 } }, "addressParam.postCode"],
    ];
    for (const [input, field] of cases) expectCode(await post(devA.client, PREVIEW, input), 40002, field);
    expectCode(await post(devA.client, PREVIEW, `{"cartIds": [92233720368547758070], "addressParam": ${JSON.stringify(addressParam)}}`), 40002, "cartIds");
    expectCode(await post(devA.client, PREVIEW, { addressParam, cartIds: [a], userId: "2100000000000" }), 40301);
    // Only mobile or only phone is enough; optional members may be absent.
    expectOk(await post(devA.client, PREVIEW, { cartIds: [a], addressParam: { fullName: "z", provinceText: "浙江省", cityText: "杭州市", address: "x", phone: "0571" } }));
  });
});

describe("isolation", () => {
  test("another user of the developer and another developer see nothing and touch nothing", async () => {
    await clearCart(devA.client);
    const a = await add(devA.client, body(tiered, tA, 2));
    for (const client of [userB, devC.client]) {
      assert.deepEqual(await list(client), { enableList: [], disableList: [] });
      expectCode(await post(client, EDIT, { id: a, quantity: 5 }), 40401);
      expectCode(await post(client, PREVIEW, { addressParam, cartIds: [a] }), 40401, String(a));
      assert.equal(expectOk(await post(client, DELETE, { cartIds: [a] })), true);
      // Their own add of the same spec is their own row.
      const own = await add(client, body(tiered, tA, 1));
      assert.notEqual(own, a);
      assert.deepEqual(rowsOf((await list(client)).enableList).map((r) => r.id), [own]);
      await clearCart(client);
    }
    assert.deepEqual(rowsOf((await list(devA.client)).enableList).map((r) => [r.id, r.quantity]), [[a, 2]], "A's row is untouched");
  });
});

test("a sandbox reset empties the user's 1688 cart, and only that user's", async () => {
  await clearCart(devA.client);
  await add(devA.client, body(tiered, tA, 1));
  const kept = await add(userB, body(tiered, tA, 1));
  const reset = await devA.client.request<{ reset: boolean }>("POST", "/sandbox/reset", { body: {} });
  assert.equal(reset.reset, true);
  assert.deepEqual(await list(devA.client), { enableList: [], disableList: [] });
  assert.deepEqual(rowsOf((await list(userB)).enableList).map((r) => r.id), [kept]);
  await clearCart(userB);
});

describe("the calls create-from-cart is built on", () => {
  test("cargoForOrder: the user's rows in request order with their snapshot price, locked in the caller's transaction; foreign ids 40401; removeOrdered", async () => {
    await clearCart(devA.client);
    const a = await add(devA.client, body(tiered, tA, 2, { productNo: "N1" }));
    const b = await add(devA.client, body(perSku, pA, 1));
    const service = server.platform.services.alibabaCart;
    const db = server.platform.database.db;
    const owner = { developerId: devA.developId, userId: devA.userId };
    const cargo = await db.transaction().execute((trx) => service.cargoForOrder(trx, owner, [b, a]));
    assert.deepEqual(cargo, [
      { offerMapId: perSku.id, specId: pA.mpSkuId, quantity: 1, sellerOpenId: perSku.seller.sellerOpenId, productNo: null, container: null, cartId: b, snapshotPriceFen: alibabaUnitPrice(perSku, pA, 1) },
      { offerMapId: tiered.id, specId: tA.mpSkuId, quantity: 2, sellerOpenId: tiered.seller.sellerOpenId, productNo: "N1", container: null, cartId: a, snapshotPriceFen: alibabaUnitPrice(tiered, tA, 2) },
    ]);
    const isNotFound = (e: unknown) => e instanceof ApiError && e.code === 40401;
    await assert.rejects(db.transaction().execute((trx) => service.cargoForOrder(trx, { developerId: devC.developId, userId: devC.userId }, [a])), isNotFound);
    await assert.rejects(db.transaction().execute((trx) => service.cargoForOrder(trx, owner, [a, 987654321])), (e: unknown) => isNotFound(e) && (e as Error).message.includes("987654321"));
    await assert.rejects(db.transaction().execute((trx) => service.cargoForOrder(trx, owner, [a, a])), (e: unknown) => e instanceof ApiError && e.code === 40002);
    // A failed create rolls back the removal; a successful one removes the rows.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await service.removeOrdered(trx, owner, [a]);
        throw new Error("create failed");
      }),
      /create failed/,
    );
    assert.equal(rowsOf((await list(devA.client)).enableList).length, 2);
    await assert.rejects(db.transaction().execute((trx) => service.removeOrdered(trx, owner, [a, 987654321])), isNotFound);
    await db.transaction().execute((trx) => service.removeOrdered(trx, owner, [a, b]));
    assert.deepEqual(await list(devA.client), { enableList: [], disableList: [] });
  });
});

test("every 1688 cart route is in /openapi.json with its error codes", async () => {
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { description?: string; responses: Record<string, { content: Record<string, { schema: { "x-codes": number[] } }> }> }>>;
  };
  const expected: Array<[string, string, number[]]> = [
    [ADD, "post", [40002, 40301, 40401, 40901]],
    [LIST, "get", [40301]],
    [DELETE, "post", [40002]],
    [EDIT, "post", [40002, 40401]],
    [PREVIEW, "post", [40002, 40301, 40401]],
  ];
  for (const [path, method, codes] of expected) {
    const op = doc.paths[path]?.[method];
    assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
    const listed = op.responses["200"]!.content["application/json"]!.schema["x-codes"];
    for (const code of codes) assert.ok(listed.includes(code), `${path} lists ${code}`);
  }
  assert.match(doc.paths[PREVIEW]!["post"]!.description!, /PRICE_CHANGED/);
  assert.ok(JSON.stringify(doc).includes("orderPreviewResuslt"));
});
