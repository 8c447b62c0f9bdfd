// Helpers shared by the 1688 order tests: a receiving address, cargo lines of distinct sellers found
// in the sandbox catalogue, the 1688 callback story of an order, and the soundness checks (ledger and
// 1688 read model) run after every test that moves money or orders.
import assert from "node:assert/strict";
import type { Product } from "../../src/marketplace/port.ts";
import type { TestDeveloper, TestServer } from "./server.ts";

export const ADDRESS_PARAM = {
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

export const STATUS_1688 = "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
export const PRICE_1688 = "1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY";

export interface Cargo {
  offerMapId: string;
  specId?: string;
  quantity: number;
  sellerOpenId: string;
}

/** A buyable product line: published, a SKU with stock for `factor` × the minimum, the minimum as quantity. */
function cargoOf(p: Product, factor: number): Cargo | undefined {
  if (!p.active) return undefined;
  const quantity = Math.max(1, p.minQuantity);
  const sku = p.skus.find((s) => s.active && s.stock >= quantity * factor);
  if (p.skus.length > 0 && !sku) return undefined;
  if (p.skus.length === 0 && p.stock < quantity * factor) return undefined;
  return { offerMapId: p.id, ...(sku ? { specId: sku.mpSkuId } : {}), quantity, sellerOpenId: p.seller.sellerOpenId };
}

/** One cargo line from each of `count` different sellers, skipping the first `skip` sellers found. */
export function cargoOfSellers(server: TestServer, count: number, skip = 0, factor = 20): Cargo[] {
  const goods = server.platform.services.goods;
  const sellers = new Set<string>();
  const picked: Cargo[] = [];
  for (let i = 0; picked.length < count; i++) {
    const p = goods.productAt("alibaba", i, "zh");
    if (sellers.has(p.seller.sellerOpenId)) continue;
    const cargo = cargoOf(p, factor);
    if (!cargo) continue;
    sellers.add(p.seller.sellerOpenId);
    if (sellers.size > skip) picked.push(cargo);
  }
  return picked;
}

export interface StoredEvent {
  type: string;
  platform: number;
  body: Record<string, unknown>;
}

export async function outbox1688(server: TestServer, dev: TestDeveloper): Promise<StoredEvent[]> {
  const events = await server.platform.services.outbox.list(server.platform.database.db, dev.developId, { limit: 10_000 });
  return events.filter((e) => e.type.startsWith("1688_")).map((e) => ({ type: e.type, platform: e.platform, body: JSON.parse(e.payload) as Record<string, unknown> }));
}

/** An order's 1688 callbacks as "previous→status" and "price". */
export function story1688(events: StoredEvent[], orderId: string): string[] {
  return events
    .filter((e) => (e.body["baseInfo"] as { id: string }).id === orderId)
    .map((e) => (e.type === STATUS_1688 ? `${(e.body["previousStatus"] as string | null) ?? "null"}→${(e.body["baseInfo"] as { status: string }).status}` : "price"));
}

export async function sound1688(server: TestServer, dev: TestDeveloper): Promise<void> {
  assert.deepEqual(await server.platform.services.wallet.checkInvariants(), [], "ledger");
  assert.deepEqual(await server.platform.services.alibaba.verifyReadModel(dev.developId), [], "1688 read model");
}

/** The §0.4 top-level members, in the documented order. */
export const DETAIL_KEYS = [
  "baseInfo",
  "nativeLogistics",
  "productItems",
  "tradeTerms",
  "guaranteesTerms",
  "internationalLogistics",
  "extAttributes",
  "orderRateInfo",
  "orderInvoiceInfo",
  "customs",
  "overseasExtraAddress",
  "orderBizInfo",
];

/**
 * Cargo lines of `count` different sellers found over HTTP (a server in another process): keyword
 * search, product detail, and the single-order preview accepting the line. The quantity is the
 * product's minimum; the SKU has stock for `factor` × that.
 */
export async function cargoOverHttp(client: TestDeveloper["client"], count: number, keywords: readonly string[] = ["T恤", "连衣裙", "包", "鞋"], factor = 20): Promise<Cargo[]> {
  const picked: Cargo[] = [];
  const sellers = new Set<string>();
  for (const keyword of keywords) {
    const found = await client.request<{ data: Array<{ offerId: string }> }>("POST", "/v2/alibaba/product/keywords/query", { body: { keyword, pageSize: 20 } });
    for (const { offerId } of found.data) {
      if (picked.length === count) return picked;
      const detail = await client.request<{ sellerOpenId: string; minOrderQuantity: number; productSkuInfos: Array<{ specId: string; amountOnSale: number }> }>("POST", "/v2/alibaba/product/detail/get", { body: { offerId } });
      if (sellers.has(detail.sellerOpenId)) continue;
      const quantity = Math.max(1, detail.minOrderQuantity);
      const sku = detail.productSkuInfos.find((s) => s.amountOnSale >= quantity * factor);
      if (detail.productSkuInfos.length > 0 && !sku) continue;
      const cargo: Cargo = { offerMapId: offerId, ...(sku ? { specId: sku.specId } : {}), quantity, sellerOpenId: detail.sellerOpenId };
      const { envelope } = await client.raw<{ success: boolean }>("POST", "/v2/alibaba/order/create/preview", { body: { addressParam: ADDRESS_PARAM, cargoParamList: [{ offerMapId: cargo.offerMapId, ...(cargo.specId ? { specId: cargo.specId } : {}), quantity }] } });
      if (envelope.code !== 200 || !envelope.data?.success) continue;
      sellers.add(detail.sellerOpenId);
      picked.push(cargo);
    }
  }
  if (picked.length < count) throw new Error(`only ${picked.length} of ${count} sellers found by search`);
  return picked;
}
