// Taobao cart (taobao.md §3.1, §3.3–§3.6) through signed HTTP and the real database: add with its
// snapshot, merged adds, list by shop and validity, edit quantity, delete, the preview (current prices,
// changed prices, OFFLINE / OUT_OF_STOCK / BELOW_MINIMUM), user and developer isolation, validation
// and limits; and the service calls the orders module builds create-from-cart on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { OpenponClient } from "@openpon/sdk";
import type { Product, Sku } from "../src/marketplace/port.ts";
import type { CartService, Preview, ShopGroup } from "../src/modules/cart/service.ts";
import { ApiError } from "../src/platform/http/errors.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

const ADD = "/v2/taobao/cart/add";
const LIST = "/v2/taobao/cart/list";
const DELETE = "/v2/taobao/cart/delete";
const EDIT = "/v2/taobao/cart/edit-quantity";
const PREVIEW = "/v2/taobao/cart/confirm/order";

interface Reply<T = unknown> {
  code: number;
  msg: string;
  developId: string | null;
  data: T | null;
}
type CartList = Awaited<ReturnType<CartService["list"]>>;

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

const unit = (price: number, promotion: number | null) => (promotion !== null && promotion < price ? promotion : price);
const rowsOf = (groups: ShopGroup[]) => groups.flatMap((g) => g.cartItemInfos);

const address = {
  zip: "11111",
  country: "中国",
  address: "测试地址",
  phone: "",
  mobile_phone: "15068763421",
  city: "杭州市",
  district: "余杭区",
  name: "a测试aa",
  state: "浙江省",
};

let server: TestServer;
let devA: TestDeveloper;
let userB: OpenponClient;
let userBId: string;
let devC: TestDeveloper;

// Sandbox products picked by their (deterministic) properties.
let main: Product; // active, no minimum, a SKU with properties and stock ≥ 50
let mainSku: Sku;
let mainSku2: Sku; // another SKU of the same product
let other: Product; // active, another shop
let otherSku: Sku;
let minimum: Product; // active, beginAmount 2
let offline: Product; // delisted
let filler: Product; // for the row-limit test

function addBody(p: Product, sku: Sku, quantity: number, extra: Record<string, unknown> = {}) {
  return { itemMapId: p.id, skuId: sku.skuId, mpId: p.mpId, mpSkuId: sku.mpSkuId, quantity, ...extra };
}

async function clearCart(client: OpenponClient): Promise<void> {
  const list = expectOk(await call<CartList>(client, "GET", LIST));
  const ids = [...rowsOf(list.enableList), ...rowsOf(list.disableList)].map((r) => r.id);
  if (ids.length > 0) expectOk(await post(client, DELETE, { ids }));
}

before(async () => {
  // Many quick calls per access-key: lift the rate limit, which is not under test here.
  server = await startServer({ config: { sandboxItems: 3000, sandboxSeed: 7, rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 } });
  devA = await server.createDeveloper();
  userBId = await server.addUser(devA.developId, `cart-b-${Date.now()}`);
  userB = devA.client.withUser(userBId);
  devC = await server.createDeveloper();

  const goods = server.platform.services.goods;
  const all: Product[] = [];
  for (let i = 0; i < 3000; i++) all.push(goods.productAt("taobao", i, "en"));
  const usable = (p: Product) => p.active && p.minQuantity === 0 && p.skus.filter((s) => s.active && s.stock >= 50).length >= 2;
  main = all.find((p) => usable(p) && p.skus.some((s) => s.stock >= 50 && s.properties.length > 0))!;
  mainSku = main.skus.find((s) => s.stock >= 50 && s.properties.length > 0)!;
  mainSku2 = main.skus.find((s) => s.stock >= 50 && s !== mainSku)!;
  other = all.find((p) => usable(p) && p.seller.shopId !== main.seller.shopId)!;
  otherSku = other.skus.find((s) => s.stock >= 50)!;
  minimum = all.find((p) => p.active && p.minQuantity === 2 && p.skus.some((s) => s.stock >= 50))!;
  offline = all.find((p) => !p.active)!;
  filler = all.find((p) => usable(p) && p !== main && p !== other)!;
  assert.ok(main && other && minimum && offline && filler, "the sandbox catalogue has the products the tests need");
});

after(async () => {
  await server?.close();
});

describe("add and list", () => {
  test("add stores a snapshot of the SKU; list shows it under its shop with the documented keys", async () => {
    await clearCart(devA.client);
    const added = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 3)));
    assert.deepEqual(Object.keys(added), ["id"]);
    assert.ok(Number.isSafeInteger(added.id) && added.id > 0, "the row id is a small integer (taobao.md §3)");

    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.deepEqual(Object.keys(list), ["enableList", "disableList"]);
    assert.deepEqual(list.disableList, []);
    assert.equal(list.enableList.length, 1);
    const group = list.enableList[0]!;
    assert.deepEqual(Object.keys(group), ["shopId", "shopName", "cartItemInfos"]);
    assert.equal(group.shopId, main.seller.shopId);
    assert.equal(group.shopName, main.seller.shopName);
    const row = group.cartItemInfos[0]!;
    assert.deepEqual(Object.keys(row), ["id", "itemMapId", "mpId", "mpSkuId", "skuId", "itemTitle", "itemPic", "price", "promotionPrice", "quantity", "skuQuantity", "properties"]);
    assert.deepEqual(row, {
      id: added.id,
      itemMapId: main.id,
      mpId: main.mpId,
      mpSkuId: mainSku.mpSkuId,
      skuId: mainSku.skuId,
      itemTitle: main.title.zh,
      itemPic: mainSku.imageUrl ?? main.imageUrls[0],
      price: mainSku.priceFen,
      promotionPrice: mainSku.promotionPriceFen ?? mainSku.priceFen,
      quantity: 3,
      skuQuantity: String(mainSku.stock),
      properties: JSON.stringify(mainSku.properties.map((p) => ({ valueId: p.valueId, valueName: p.valueName.zh, propId: p.propId, propName: p.propName.zh }))),
    });
    // The snapshot also keeps the properties in Chinese and English (for the order's option_fields).
    const stored = await sql<{ props_zh: string; props_trans: string; lang: string }>`select props_zh, props_trans, lang from taobao_cart_items where id = ${String(added.id)}`.execute(
      server.platform.database.db,
    );
    const zh = Object.fromEntries(mainSku.properties.map((p) => [p.propName.zh, p.valueName.zh]));
    const en = Object.fromEntries(mainSku.properties.map((p) => [p.propName.trans, p.valueName.trans]));
    assert.deepEqual(JSON.parse(stored.rows[0]!.props_zh), zh);
    assert.deepEqual(JSON.parse(stored.rows[0]!.props_trans), en);
    assert.equal(stored.rows[0]!.lang, "en");
  });

  test("adding the same SKU again merges into its row and returns the same id", async () => {
    await clearCart(devA.client);
    const first = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 2)));
    const second = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 5)));
    assert.equal(second.id, first.id);
    const rows = rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.quantity, 7);
    // Another SKU of the same product is another row.
    const third = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku2, 1)));
    assert.notEqual(third.id, first.id);
    assert.equal(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).length, 2);
  });

  test("the body's title, picture, prices and properties are the snapshot; shop and stock come from the catalogue", async () => {
    await clearCart(devA.client);
    const properties = JSON.stringify([{ valueId: 28324, valueName: "黄色", propId: 1627207, propName: "颜色分类" }]);
    const { id } = expectOk(
      await post<{ id: number }>(
        devA.client,
        ADD,
        addBody(main, mainSku, 1, {
          userId: devA.userId,
          platform: 1,
          itemTitle: "英皇保罗男士长款银行皮夹钱包",
          itemPic: "https://example.com/a.png",
          price: 689,
          promotionPrice: 576,
          properties,
          shopId: 42,
          shopName: "英皇保罗旗舰店",
          skuQuantity: "94",
          userNick: "介安琪",
          priceRanges: [{ startQuantity: 1, price: 689 }],
          quoteType: 1,
        }),
      ),
    );
    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.equal(list.enableList[0]!.shopId, main.seller.shopId);
    assert.equal(list.enableList[0]!.shopName, main.seller.shopName);
    const row = list.enableList[0]!.cartItemInfos[0]!;
    assert.equal(row.id, id);
    assert.equal(row.itemTitle, "英皇保罗男士长款银行皮夹钱包");
    assert.equal(row.itemPic, "https://example.com/a.png");
    assert.equal(row.price, 689);
    assert.equal(row.promotionPrice, 576);
    assert.equal(row.properties, properties);
    assert.equal(row.skuQuantity, String(mainSku.stock));
  });

  test("groups by shop, the group of the newest row first; rows newest first", async () => {
    await clearCart(devA.client);
    const a1 = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1))).id;
    const b1 = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(other, otherSku, 1))).id;
    const a2 = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku2, 1))).id;
    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.deepEqual(
      list.enableList.map((g) => [g.shopId, g.cartItemInfos.map((r) => r.id)]),
      [
        [main.seller.shopId, [a2, a1]],
        [other.seller.shopId, [b1]],
      ],
    );
  });
});

describe("edit quantity and delete", () => {
  test("edit-quantity sets the quantity; above the stock the row moves to disableList", async () => {
    await clearCart(devA.client);
    const { id } = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1)));
    assert.equal(expectOk(await post(devA.client, EDIT, { id, quantity: 4 })), true);
    let list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.equal(rowsOf(list.enableList)[0]!.quantity, 4);
    assert.equal(expectOk(await post(devA.client, EDIT, { id, quantity: mainSku.stock + 1 })), true);
    list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.deepEqual(list.enableList, []);
    assert.equal(rowsOf(list.disableList)[0]!.quantity, mainSku.stock + 1);
    // And back.
    expectOk(await post(devA.client, EDIT, { id, quantity: mainSku.stock }));
    list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.equal(rowsOf(list.enableList)[0]!.id, id);
  });

  test("edit-quantity of an unknown row: 40401; bad quantities: 40002 naming quantity", async () => {
    await clearCart(devA.client);
    const { id } = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1)));
    expectCode(await post(devA.client, EDIT, { id: id + 100000, quantity: 1 }), 40401, "cart row");
    expectCode(await post(devA.client, EDIT, { id, quantity: 0 }), 40002, "quantity");
    expectCode(await post(devA.client, EDIT, { id, quantity: 10000 }), 40002, "quantity");
    expectCode(await post(devA.client, EDIT, { id, quantity: "2" }), 40002, "quantity");
    expectCode(await post(devA.client, EDIT, { id, quantity: 1.5 }), 40002, "quantity");
    expectCode(await post(devA.client, EDIT, { quantity: 1 }), 40002, "id");
    expectCode(await post(devA.client, EDIT, { id: 0, quantity: 1 }), 40002, "id");
    assert.equal(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList)[0]!.quantity, 1, "nothing changed");
  });

  test("delete removes the rows; unknown ids are ignored (idempotent)", async () => {
    await clearCart(devA.client);
    const a = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1))).id;
    const b = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(other, otherSku, 1))).id;
    assert.equal(expectOk(await post(devA.client, DELETE, { ids: [a, 987654321] })), true);
    assert.deepEqual(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).map((r) => r.id), [b]);
    assert.equal(expectOk(await post(devA.client, DELETE, { ids: [a] })), true);
    expectCode(await post(devA.client, DELETE, { ids: [] }), 40002, "ids");
    expectCode(await post(devA.client, DELETE, {}), 40002, "ids");
    expectCode(await post(devA.client, DELETE, { ids: ["x"] }), 40002, "ids");
    expectCode(await post(devA.client, DELETE, { ids: Array.from({ length: 201 }, (_, i) => i + 1) }), 40002, "ids");
    assert.deepEqual(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).map((r) => r.id), [b]);
  });
});

describe("preview", () => {
  test("current prices, amounts in request order, the receiverVO; a changed snapshot price is flagged", async () => {
    await clearCart(devA.client);
    const a = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 2))).id;
    const b = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(other, otherSku, 3))).id;
    const priceA = unit(mainSku.priceFen, mainSku.promotionPriceFen);
    const priceB = unit(otherSku.priceFen, otherSku.promotionPriceFen);

    let preview = expectOk(await post<Preview>(devA.client, PREVIEW, { ids: [b, a], orderAddress: address, userId: devA.userId }));
    assert.deepEqual(Object.keys(preview), ["items", "productAmount", "currency", "receiverVO"]);
    assert.deepEqual(Object.keys(preview.items[0]!), [
      "id", "itemMapId", "mpId", "mpSkuId", "skuId", "itemTitle", "itemPic", "quantity", "price", "amount", "available", "reason", "snapshotPrice", "priceChanged", "stock",
    ]);
    assert.deepEqual(preview.items.map((i) => i.id), [b, a]);
    const itemA = preview.items[1]!;
    assert.deepEqual(itemA, {
      id: a,
      itemMapId: main.id,
      mpId: main.mpId,
      mpSkuId: mainSku.mpSkuId,
      skuId: mainSku.skuId,
      itemTitle: main.title.zh,
      itemPic: mainSku.imageUrl ?? main.imageUrls[0],
      quantity: 2,
      price: priceA,
      amount: priceA * 2,
      available: true,
      reason: null,
      snapshotPrice: priceA,
      priceChanged: false,
      stock: mainSku.stock,
    });
    assert.equal(preview.productAmount, priceA * 2 + priceB * 3);
    assert.equal(preview.currency, "CNY");
    assert.deepEqual(preview.receiverVO, { zip: "11111", country: "中国", address: "测试地址", city: "杭州市", district: "余杭区", state: "浙江省" });

    // The price changed since the row was added: make the snapshot differ (test setup in the database).
    await sql`update taobao_cart_items set price_fen = price_fen + 500, promotion_price_fen = promotion_price_fen + 500 where id = ${String(a)}`.execute(
      server.platform.database.db,
    );
    preview = expectOk(await post<Preview>(devA.client, PREVIEW, { ids: [a, b], orderAddress: address }));
    assert.equal(preview.items[0]!.priceChanged, true);
    assert.equal(preview.items[0]!.snapshotPrice, priceA + 500);
    assert.equal(preview.items[0]!.price, priceA, "the preview prices from the catalogue, not the snapshot");
    assert.equal(preview.items[0]!.available, true);
    assert.equal(preview.items[1]!.priceChanged, false);
    // The list still shows the snapshot.
    const row = rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).find((r) => r.id === a)!;
    assert.equal(row.price, mainSku.priceFen + 500);
    // Read-only: nothing was removed.
    assert.equal(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).length, 2);
  });

  test("OUT_OF_STOCK, BELOW_MINIMUM and OFFLINE rows are unavailable and left out of productAmount; the list disables them", async () => {
    await clearCart(devA.client);
    const good = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1))).id;
    const short = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(other, otherSku, otherSku.stock + 1))).id;
    const minSku = minimum.skus.find((s) => s.stock >= 50)!;
    const below = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(minimum, minSku, 1))).id;
    const gone = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku2, 1))).id;
    // The product was delisted since: point the row at a delisted product (test setup in the database).
    await sql`update taobao_cart_items set item_map_id = ${offline.id}, mp_id = ${offline.mpId}, mp_sku_id = ${offline.skus[0]!.mpSkuId}, sku_id = ${offline.skus[0]!.skuId} where id = ${String(gone)}`.execute(
      server.platform.database.db,
    );

    const preview = expectOk(await post<Preview>(devA.client, PREVIEW, { ids: [good, short, below, gone], orderAddress: address }));
    assert.deepEqual(
      preview.items.map((i) => [i.id, i.available, i.reason]),
      [
        [good, true, null],
        [short, false, "OUT_OF_STOCK"],
        [below, false, "BELOW_MINIMUM"],
        [gone, false, "OFFLINE"],
      ],
    );
    assert.equal(preview.items[3]!.stock, null);
    assert.equal(preview.items[3]!.priceChanged, false);
    assert.equal(preview.items[1]!.stock, otherSku.stock);
    assert.equal(preview.productAmount, unit(mainSku.priceFen, mainSku.promotionPriceFen));

    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.deepEqual(rowsOf(list.enableList).map((r) => r.id), [good]);
    assert.deepEqual(rowsOf(list.disableList).map((r) => r.id).sort(), [short, below, gone].sort());
    // Meeting the minimum enables the row again.
    expectOk(await post(devA.client, EDIT, { id: below, quantity: 2 }));
    const again = expectOk(await post<Preview>(devA.client, PREVIEW, { ids: [below], orderAddress: address }));
    assert.equal(again.items[0]!.available, true);
  });

  test("an unknown id: 40401; validation of ids and orderAddress: 40002 naming the field; country defaults", async () => {
    await clearCart(devA.client);
    const a = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1))).id;
    expectCode(await post(devA.client, PREVIEW, { ids: [a, a + 100000], orderAddress: address }), 40401, String(a + 100000));
    expectCode(await post(devA.client, PREVIEW, { ids: [], orderAddress: address }), 40002, "ids");
    expectCode(await post(devA.client, PREVIEW, { ids: [a, a], orderAddress: address }), 40002, "ids");
    expectCode(await post(devA.client, PREVIEW, { ids: [a] }), 40002, "orderAddress");
    const { name: _name, ...noName } = address;
    expectCode(await post(devA.client, PREVIEW, { ids: [a], orderAddress: noName }), 40002, "orderAddress.name");
    expectCode(await post(devA.client, PREVIEW, { ids: [a], orderAddress: { ...address, city: "  " } }), 40002, "orderAddress.city");
    expectCode(await post(devA.client, PREVIEW, { ids: [a], orderAddress: { ...address, phone: "", mobile_phone: null } }), 40002, "mobile_phone");
    expectCode(await post(devA.client, PREVIEW, { ids: [a], orderAddress: address, userId: "2100000000000" }), 40301);
    const preview = expectOk(await post<Preview>(devA.client, PREVIEW, { ids: [a], orderAddress: { ...address, country: null, zip: null, district: "" } }));
    assert.deepEqual(preview.receiverVO, { zip: null, country: "中国大陆", address: "测试地址", city: "杭州市", district: null, state: "浙江省" });
  });
});

describe("isolation", () => {
  test("another user of the developer and another developer see nothing and touch nothing", async () => {
    await clearCart(devA.client);
    const a = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 2))).id;
    for (const client of [userB, devC.client]) {
      const list = expectOk(await call<CartList>(client, "GET", LIST));
      assert.deepEqual(list, { enableList: [], disableList: [] });
      expectCode(await post(client, EDIT, { id: a, quantity: 5 }), 40401);
      expectCode(await post(client, PREVIEW, { ids: [a], orderAddress: address }), 40401);
      assert.equal(expectOk(await post(client, DELETE, { ids: [a] })), true);
      // Their own add of the same SKU is their own row.
      const own = expectOk(await post<{ id: number }>(client, ADD, addBody(main, mainSku, 1))).id;
      assert.notEqual(own, a);
    }
    const rows = rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList);
    assert.deepEqual(rows.map((r) => [r.id, r.quantity]), [[a, 2]], "A's row is untouched");
    const service = server.platform.services.cart;
    await assert.rejects(service.linesForOrder({ developerId: devA.developId, userId: userBId }, [a]), (e: unknown) => e instanceof ApiError && e.code === 40401);
    await assert.rejects(service.linesForOrder({ developerId: devC.developId, userId: devC.userId }, [a]), (e: unknown) => e instanceof ApiError && e.code === 40401);
  });

  test("a body userId that differs from the user-id header: 40301", async () => {
    expectCode(await post(devA.client, ADD, addBody(main, mainSku, 1, { userId: userBId })), 40301);
    // Empty means absent.
    expectOk(await post(devA.client, ADD, addBody(main, mainSku, 1, { userId: "" })));
  });
});

describe("add: validation, unknown ids, limits", () => {
  test("missing or malformed fields: 40002 naming the field, nothing written", async () => {
    await clearCart(devA.client);
    const base = addBody(main, mainSku, 1);
    for (const field of ["mpId", "mpSkuId", "itemMapId", "skuId", "quantity"] as const) {
      const { [field]: _drop, ...rest } = base;
      expectCode(await post(devA.client, ADD, rest), 40002, field);
    }
    expectCode(await post(devA.client, ADD, { ...base, quantity: 0 }), 40002, "quantity");
    expectCode(await post(devA.client, ADD, { ...base, quantity: 10000 }), 40002, "quantity");
    expectCode(await post(devA.client, ADD, { ...base, quantity: "1" }), 40002, "quantity");
    expectCode(await post(devA.client, ADD, { ...base, mpId: 2048 }), 40002, "mpId");
    expectCode(await post(devA.client, ADD, { ...base, price: -1 }), 40002, "price");
    expectCode(await post(devA.client, ADD, { ...base, promotionPrice: 1.5 }), 40002, "promotionPrice");
    expectCode(await post(devA.client, ADD, { ...base, properties: "not json" }), 40002, "properties");
    expectCode(await post(devA.client, ADD, { ...base, properties: '{"a":1}' }), 40002, "properties");
    expectCode(await post(devA.client, ADD, { ...base, priceRanges: [{ startQuantity: "x" }] }), 40002, "priceRanges");
    expectCode(await post(devA.client, ADD, { ...base, skuId: mainSku2.skuId }), 40002, "skuId");
    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.deepEqual(list, { enableList: [], disableList: [] });
  });

  test("unknown or delisted product, foreign mpId, unknown SKU: 40401, nothing written", async () => {
    await clearCart(devA.client);
    const base = addBody(main, mainSku, 1);
    expectCode(await post(devA.client, ADD, { ...base, itemMapId: "NoSuchProduct" }), 40401, "NoSuchProduct");
    expectCode(await post(devA.client, ADD, { ...base, mpId: other.mpId }), 40401, other.mpId);
    expectCode(await post(devA.client, ADD, { ...base, mpSkuId: otherSku.mpSkuId }), 40401, otherSku.mpSkuId);
    expectCode(await post(devA.client, ADD, { ...base, skuId: "1" }), 40401, "skuId");
    expectCode(await post(devA.client, ADD, addBody(offline, offline.skus[0]!, 1)), 40401);
    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.deepEqual(list, { enableList: [], disableList: [] });
  });

  test("concurrent adds of one SKU make one row holding every unit", async () => {
    await clearCart(devA.client);
    const replies = await Promise.all(Array.from({ length: 8 }, () => post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1))));
    const ids = new Set(replies.map((r) => expectOk(r).id));
    assert.equal(ids.size, 1);
    const rows = rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList);
    assert.deepEqual(rows.map((r) => r.quantity), [8]);
  });

  test("a merge beyond the per-row maximum: 40901, quantity unchanged", async () => {
    await clearCart(devA.client);
    const { id } = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 9000)));
    expectCode(await post(devA.client, ADD, addBody(main, mainSku, 1000)), 40901, "9999");
    expectOk(await post(devA.client, ADD, addBody(main, mainSku, 999)));
    const row = rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).disableList).find((r) => r.id === id)!;
    assert.equal(row.quantity, 9999);
  });

  test("at most 200 rows per user: the 201st is 40901; merging into an existing row still works", async () => {
    await clearCart(devA.client);
    const first = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 1))).id;
    // 198 more rows, copied in the database (test setup), with made-up SKU ids: 199 rows in all.
    await sql`insert into taobao_cart_items (developer_id, user_id, item_map_id, mp_id, sku_id, mp_sku_id, quantity, title, image_url, price_fen,
        promotion_price_fen, properties, props_zh, props_trans, lang, shop_id, shop_name, user_nick, sku_quantity, created_at, updated_at)
      select developer_id, user_id, item_map_id, mp_id, sku_id, 'copy-' || n, quantity, title, image_url, price_fen, promotion_price_fen,
        properties, props_zh, props_trans, lang, shop_id, shop_name, user_nick, sku_quantity, created_at, updated_at
      from taobao_cart_items, generate_series(1, 198) as n where id = ${String(first)}`.execute(server.platform.database.db);
    const fillerSkus = filler.skus.filter((s) => s.active);
    expectOk(await post(devA.client, ADD, addBody(filler, fillerSkus[0]!, 1))); // the 200th
    expectCode(await post(devA.client, ADD, addBody(filler, fillerSkus[1]!, 1)), 40901, "200");
    expectOk(await post(devA.client, ADD, addBody(main, mainSku, 1))); // a merge needs no new row
    const list = expectOk(await call<CartList>(devA.client, "GET", LIST));
    assert.equal(rowsOf(list.enableList).length + rowsOf(list.disableList).length, 200);
    await clearCart(devA.client);
  });
});

describe("for create-from-cart (orders module)", () => {
  test("linesForOrder returns the rows in the order asked, with snapshot and current prices; removeOrdered deletes inside the caller's transaction", async () => {
    await clearCart(devA.client);
    const a = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(main, mainSku, 2))).id;
    const b = expectOk(await post<{ id: number }>(devA.client, ADD, addBody(other, otherSku, 1))).id;
    await sql`update taobao_cart_items set price_fen = 1, promotion_price_fen = 1 where id = ${String(b)}`.execute(server.platform.database.db);
    const owner = { developerId: devA.developId, userId: devA.userId };
    const cart = server.platform.services.cart;
    const lines = await cart.linesForOrder(owner, [String(b), a]);
    assert.deepEqual(lines.map((l) => l.id), [b, a]);
    const la = lines[1]!;
    assert.equal(la.productId, main.id);
    assert.equal(la.mpId, main.mpId);
    assert.equal(la.skuId, mainSku.skuId);
    assert.equal(la.mpSkuId, mainSku.mpSkuId);
    assert.equal(la.quantity, 2);
    assert.equal(la.snapshotPriceFen, unit(mainSku.priceFen, mainSku.promotionPriceFen));
    assert.equal(la.currentPriceFen, unit(mainSku.priceFen, mainSku.promotionPriceFen));
    assert.equal(la.postFeeFen, mainSku.postFeeFen);
    assert.equal(la.title, main.title.zh);
    assert.equal(la.shopId, main.seller.shopId);
    assert.equal(la.sellerNick, main.seller.nick);
    assert.deepEqual(JSON.parse(la.propsZh), Object.fromEntries(mainSku.properties.map((p) => [p.propName.zh, p.valueName.zh])));
    assert.equal(la.available, true);
    assert.equal(lines[0]!.snapshotPriceFen, 1);
    assert.equal(lines[0]!.currentPriceFen, unit(otherSku.priceFen, otherSku.promotionPriceFen));

    await assert.rejects(cart.linesForOrder(owner, [a, 999999999]), (e: unknown) => e instanceof ApiError && e.code === 40401);
    await assert.rejects(cart.linesForOrder(owner, ["abc"]), (e: unknown) => e instanceof ApiError && e.code === 40401);

    // A transaction that fails after removing keeps the rows.
    const db = server.platform.database.db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await cart.linesForOrder(owner, [a, b], trx);
        await cart.removeOrdered(trx, owner, [a, b]);
        throw new Error("order creation failed");
      }),
      /order creation failed/,
    );
    assert.equal(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).length, 2);
    // Removing a row that is not there fails the caller's transaction as a whole.
    await assert.rejects(
      db.transaction().execute((trx) => cart.removeOrdered(trx, owner, [a, 999999999])),
      (e: unknown) => e instanceof ApiError && e.code === 40401,
    );
    assert.equal(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).length, 2);
    await db.transaction().execute((trx) => cart.removeOrdered(trx, owner, [a]));
    assert.deepEqual(rowsOf(expectOk(await call<CartList>(devA.client, "GET", LIST)).enableList).map((r) => r.id), [b]);
  });
});

test("every cart route is in /openapi.json with its error codes", async () => {
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { "x-codes": number[] } }> }> }>>;
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
});
