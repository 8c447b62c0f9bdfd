// Helpers shared by the Taobao order tests: a warehouse address, a buyable SKU found through the
// API, the developer's outbox events, an order's callback story, and the soundness checks (ledger and
// order read model) run after every test that moves money or orders.
import assert from "node:assert/strict";
import type { TestDeveloper, TestServer } from "./server.ts";

export const ADDRESS = {
  name: "openpon 仓库",
  mobile_phone: "13800000000",
  country: "中国",
  state: "广东省",
  city: "广州市",
  district: "白云区",
  address: "太和镇 openpon 集运仓 1 号",
  zip: "510000",
};

interface Detail {
  itemId: string;
  mpId: string;
  status: string;
  skuList: Array<{ skuId: string; mpSkuId: string; price: number; promotionPrice: number; quantity: number; status: string }>;
}

export async function buyableSku(dev: TestDeveloper, keyword: string, minStock = 5, skip = 0): Promise<{ detail: Detail; sku: Detail["skuList"][number] }> {
  const page = await dev.client.request<{ data: Array<{ itemId: string }> }>("POST", "/v2/taobao/product/item/search", { body: { keyword, pageSize: 20 } });
  let seen = 0;
  for (const item of page.data) {
    const detail = await dev.client.request<Detail>("GET", "/v2/taobao/product/get", { query: { itemId: item.itemId } });
    const sku = detail.skuList.find((s) => s.status === "active" && s.quantity >= minStock);
    if (detail.status === "active" && sku && seen++ === skip) return { detail, sku };
  }
  throw new Error(`nothing buyable for ${keyword}`);
}

interface StoredEvent {
  type: string;
  body: Record<string, unknown>;
}

export async function outbox(server: TestServer, dev: TestDeveloper): Promise<StoredEvent[]> {
  const events = await server.platform.services.outbox.list(server.platform.database.db, dev.developId, { limit: 10_000 });
  return events.map((e) => ({ type: e.type, body: JSON.parse(e.payload) as Record<string, unknown> }));
}

export const STATUS = "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
export const PRICE = "TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY";

/** The order's TB-STATUS steps as "previous→status[changed lines]" and TB-PRICE as "price". */
export function story(events: StoredEvent[], orderId: string): string[] {
  return events
    .filter((e) => e.body["orderId"] === orderId)
    .map((e) =>
      e.type === STATUS ? `${e.body["previousStatus"] ?? "null"}→${e.body["status"]}${(e.body["changedSubOrderIds"] as string[]).length > 0 ? "*" : ""}` : e.type === PRICE ? "price" : e.type,
    );
}

export async function sound(server: TestServer, dev: TestDeveloper): Promise<void> {
  assert.deepEqual(await server.platform.services.wallet.checkInvariants(), [], "ledger");
  assert.deepEqual(await server.platform.services.orders.verifyReadModel(dev.developId), [], "order read model");
}


interface WireLine {
  itemId: string;
  skuId: string;
  quantity: number;
  price: number;
  orderLineNo: string;
}

function wireLine(product: { mpId: string }, sku: { mpSkuId: string; promotionPriceFen: number | null; priceFen: number }, k: number): WireLine {
  return { itemId: product.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPriceFen ?? sku.priceFen, orderLineNo: String(k + 1) };
}

/** Order lines for the first `count` SKUs of the first catalogue product that has them in stock (one shop). */
export function linesOfOneShop(server: TestServer, count = 2, minStock = 5): WireLine[] {
  const goods = server.platform.services.goods;
  for (let i = 0; ; i++) {
    const p = goods.productAt("taobao", i, "zh");
    const skus = p.skus.slice(0, count);
    if (p.active && skus.length === count && skus.every((s) => s.active && s.stock >= minStock)) return skus.map((sku, k) => wireLine(p, sku, k));
  }
}

/** One order line from each of `count` different shops. */
export function linesOfShops(server: TestServer, count = 2, minStock = 5): WireLine[] {
  const goods = server.platform.services.goods;
  const picked: Array<ReturnType<typeof goods.productAt>> = [];
  for (let i = 0; picked.length < count; i++) {
    const p = goods.productAt("taobao", i, "zh");
    const sku = p.skus[0];
    if (p.active && sku?.active && sku.stock >= minStock && !picked.some((q) => q.seller.shopId === p.seller.shopId)) picked.push(p);
  }
  return picked.map((p, k) => wireLine(p, p.skus[0]!, k));
}
