// The real 1688 connector (first slice): goods by id and the purchase life cycle up to cancel, over
// the AOP wire layer (aop.ts) and the shared upstream policy (../live/policy.ts). Every other port
// method says plainly that it is not implemented yet, as a 50201 naming it.
//
// One connector = one 1688 buyer account (the operator's app key and access token): every live
// developer's purchases go out under it, and `owner` is not sent upstream.
import { yuanToFen } from "../../platform/money.ts";
import {
  UpstreamError,
  type Connector,
  type Lang,
  type Product,
  type PurchaseLine,
  type PurchaseLineState,
  type PurchaseOrder,
  type PurchaseOwner,
  type PurchaseReceiver,
  type Sku,
} from "../port.ts";
import { UpstreamPolicy, type HealthSnapshot, type PolicyOptions } from "../live/policy.ts";
import { AopClient, AopError } from "./aop.ts";

export interface Alibaba1688Options {
  /** The gateway, e.g. AOP_GATEWAY; required so that nothing defaults to a real host. */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  timeoutMs?: number;
  /** The policy's knobs (rate, retries, circuit) and, for tests, its clock, random source and sleep. */
  policy?: Partial<Omit<PolicyOptions, "name" | "key" | "isTransient">>;
  fetch?: typeof fetch;
}

const TRADE = "com.alibaba.trade";
const PRODUCT = "com.alibaba.product";
/** INFERRED: refusal codes that mean "no such thing" (the real codes are not in the research). */
const NOT_FOUND = /NOT_EXIST|NOT_FOUND|NOTFOUND/i;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown, fallback = 0): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);
/** Yuan as 1688 writes it (a JSON number or a decimal string) → fen, exactly. */
const fen = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : (yuanToFen(text(v)) ?? null));

/** `yyyyMMddHHmmssSSS+0800` → epoch ms (null when absent or unreadable). */
export function parseAopDate(v: unknown): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})([+-])(\d{2})(\d{2})$/.exec(text(v));
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  const offset = (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

export class Alibaba1688Connector implements Connector {
  readonly platform = "alibaba" as const;
  readonly name = "alibaba-1688";
  readonly #client: AopClient;
  readonly #policy: UpstreamPolicy;

  constructor(options: Alibaba1688Options) {
    this.#client = new AopClient({ baseUrl: options.baseUrl, appKey: options.appKey, appSecret: options.appSecret, accessToken: options.accessToken, timeoutMs: options.timeoutMs, fetch: options.fetch, now: options.policy?.now });
    this.#policy = new UpstreamPolicy({ ...options.policy, name: this.name, key: options.appKey, isTransient: (err) => err instanceof AopError && err.transient });
  }

  /** Where calls go (tests assert it is the fake). */
  get baseUrl(): string {
    return this.#client.baseUrl;
  }

  /** Health for `openpon connector status`: last call, error rate, circuit. */
  status(): HealthSnapshot & { connector: string; baseUrl: string } {
    return { connector: this.name, baseUrl: this.baseUrl, ...this.#policy.status() };
  }

  /** One API call under the policy; upstream failures become UpstreamError keeping the upstream's code. */
  async #call(namespace: string, api: string, params: Json, retrySafe: boolean, attempt?: (n: number) => Promise<Json | undefined>): Promise<Json> {
    let n = 0;
    try {
      return await this.#policy.run({ op: api, retrySafe }, async () => {
        const early = attempt ? await attempt(n++) : undefined;
        return early ?? (await this.#client.call(namespace, api, params));
      });
    } catch (err) {
      throw toUpstreamError(api, err);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Goods

  async product(id: string, _lang: Lang): Promise<Product | undefined> {
    const info = await this.#productInfo(id);
    return info && toProduct(info);
  }

  async #productInfo(id: string): Promise<Json | undefined> {
    try {
      const body = await this.#call(PRODUCT, "alibaba.cross.productInfo", { productId: id }, true);
      return obj(body.productInfo);
    } catch (err) {
      if (err instanceof UpstreamError && NOT_FOUND.test(err.reason)) return undefined;
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Purchases

  async createOrder(_owner: PurchaseOwner, lines: PurchaseLine[], receiver: PurchaseReceiver, clientRef?: string): Promise<PurchaseOrder[]> {
    const cargo = await this.#cargo(lines);
    const params = {
      flow: "general",
      isvBizType: "cross",
      addressParam: {
        fullName: receiver.name,
        mobile: receiver.phone,
        provinceText: receiver.state,
        cityText: receiver.city,
        areaText: receiver.district ?? "",
        address: receiver.address,
        postCode: receiver.zip ?? "",
      },
      cargoParamList: cargo,
      outOrderId: clientRef,
    };
    // A create is retried only with a client reference, and every retry first asks the upstream
    // for orders already made with it: if the lost answer's create went through, those are the
    // purchase — whether or not 1688 itself deduplicates outOrderId (not known).
    let found: PurchaseOrder[] = [];
    const body = await this.#call(TRADE, "alibaba.trade.createCrossOrder", params, clientRef !== undefined, async (n) => {
      if (n === 0 || clientRef === undefined) return undefined;
      found = await this.#ordersByRef(clientRef);
      return found.length > 0 ? { recovered: true } : undefined;
    });
    const orders = body.recovered ? found : await this.#readCreated(obj(body.result));
    return orders.map((o) => withLineNos(o, lines, clientRef ?? null));
  }

  /** specIds for the lines: the platform sends 1688's numeric skuId, the cargo wants the specId. */
  async #cargo(lines: PurchaseLine[]): Promise<Array<{ offerId: string; specId?: string; quantity: number }>> {
    const infos = new Map<string, Json | undefined>();
    for (const line of lines) if (!infos.has(line.productId)) infos.set(line.productId, await this.#productInfo(line.productId));
    return lines.map((line) => {
      const info = infos.get(line.productId);
      if (!info) throw new UpstreamError("OFFER_NOT_EXIST", `1688 has no product ${line.productId} for this app`);
      const skus = arr(info.skuInfos).map(obj);
      if (skus.length === 0) return { offerId: line.productId, quantity: line.quantity };
      const sku = skus.find((s) => text(s.skuId) === line.skuId || text(s.specId) === line.skuId);
      if (!sku) throw new UpstreamError("SKU_NOT_EXIST", `1688 product ${line.productId} has no SKU ${line.skuId}`);
      return { offerId: line.productId, specId: text(sku.specId), quantity: line.quantity };
    });
  }

  async #readCreated(result: Json): Promise<PurchaseOrder[]> {
    const ids = arr(result.orderList).map((o) => text(obj(o).orderId)).filter(Boolean);
    if (ids.length === 0 && text(result.orderId)) ids.push(text(result.orderId));
    const orders: PurchaseOrder[] = [];
    for (const id of ids) {
      const order = await this.#readView(id);
      if (!order) throw new UpstreamError("ORDER_NOT_EXIST", `1688 created order ${id} but cannot read it back`);
      orders.push(order);
    }
    return orders;
  }

  async #readView(orderId: string): Promise<PurchaseOrder | undefined> {
    try {
      const body = await this.#call(TRADE, "alibaba.trade.get.buyerView", { webSite: "1688", orderId }, true);
      return toPurchaseOrder(obj(body.result));
    } catch (err) {
      if (err instanceof UpstreamError && NOT_FOUND.test(err.reason)) return undefined;
      throw err;
    }
  }

  async #ordersByRef(clientRef: string): Promise<PurchaseOrder[]> {
    const body = await this.#client.call(TRADE, "alibaba.trade.getBuyerOrderList", { outOrderId: clientRef, page: 1, pageSize: 50 });
    return arr(body.result).map((o) => toPurchaseOrder(obj(o), clientRef));
  }

  async findByClientRef(_owner: PurchaseOwner, clientRef: string): Promise<PurchaseOrder[]> {
    try {
      return await this.#policy.run({ op: "alibaba.trade.getBuyerOrderList", retrySafe: true }, () => this.#ordersByRef(clientRef));
    } catch (err) {
      throw toUpstreamError("alibaba.trade.getBuyerOrderList", err);
    }
  }

  async readOrder(_owner: PurchaseOwner, upstreamOrderId: string): Promise<PurchaseOrder | undefined> {
    return this.#readView(upstreamOrderId);
  }

  async cancelOrder(owner: PurchaseOwner, upstreamOrderId: string, reason: string): Promise<boolean> {
    try {
      await this.#call(TRADE, "alibaba.trade.cancel", { webSite: "1688", tradeID: upstreamOrderId, cancelReason: "buyerCancel", remark: reason.slice(0, 200) }, true);
      return true;
    } catch (err) {
      // Too soon after creation: the order is still cancellable, later — the caller retries.
      if (!(err instanceof UpstreamError) || err.reason === "CLOSE_ORDER_TOO_FAST" || err.reason === "circuit_open") throw err;
      if (!(err.cause instanceof AopError) || err.cause.transient) throw err;
      // Any other refusal: cancelled already (a repeat) is a success, otherwise no longer cancellable.
      const order = await this.readOrder(owner, upstreamOrderId);
      return order !== undefined && order.status === "cancel";
    }
  }

  // -------------------------------------------------------------------------------------------
  // Not in this slice

  search = notImplemented("search");
  searchByImage = notImplemented("searchByImage");
  category = notImplemented("category");
  seller = notImplemented("seller");
  recommend = notImplemented("recommend");
  related = notImplemented("related");
  topList = notImplemented("topList");
  image = notImplemented("image");
  payOrder = notImplemented("payOrder");
  updateAddress = notImplemented("updateAddress");
  confirmReceipt = notImplemented("confirmReceipt");
  shipments = notImplemented("shipments");
  imLink = notImplemented("imLink");
  decryptNick = notImplemented("decryptNick");
  requestRefund = notImplemented("requestRefund");
  modifyRefund = notImplemented("modifyRefund");
  cancelRefund = notImplemented("cancelRefund");
  submitReturn = notImplemented("submitReturn");
  sendRefundMessage = notImplemented("sendRefundMessage");
  readRefund = notImplemented("readRefund");
}

/** The port methods this slice does not implement (for the report and `connector status`). */
export const NOT_IMPLEMENTED = [
  "search",
  "searchByImage",
  "category",
  "seller",
  "recommend",
  "related",
  "topList",
  "image",
  "payOrder",
  "updateAddress",
  "confirmReceipt",
  "shipments",
  "imLink",
  "decryptNick",
  "requestRefund",
  "modifyRefund",
  "cancelRefund",
  "submitReturn",
  "sendRefundMessage",
  "readRefund",
] as const;

function notImplemented(method: string): () => Promise<never> {
  return async () => {
    throw new UpstreamError("not_implemented", `${method} is not implemented by the 1688 connector yet`);
  };
}

function toUpstreamError(api: string, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (err instanceof AopError) {
    const mapped = new UpstreamError(err.code, `1688 ${api} failed: ${err.message}${err.requestId ? ` (request ${err.requestId})` : ""}`);
    (mapped as { cause?: unknown }).cause = err;
    return mapped;
  }
  return new UpstreamError("unexpected", `1688 ${api} failed: ${err instanceof Error ? err.message : String(err)}`);
}

// ---------------------------------------------------------------------------------------------
// Mapping

const same = (zh: string) => ({ zh, trans: zh });

/** productInfo → the port's Product, as far as the fields go (no translation: trans = the original). */
export function toProduct(info: Json): Product {
  const id = text(info.productID);
  const saleInfo = obj(info.saleInfo);
  const skus: Sku[] = arr(info.skuInfos).map((raw) => {
    const s = obj(raw);
    const attributes = arr(s.attributes).map(obj);
    const priceFen = fen(s.price) ?? fen(s.consignPrice) ?? 0;
    return {
      skuId: text(s.skuId),
      mpSkuId: text(s.specId),
      priceFen,
      promotionPriceFen: null,
      stock: num(s.amountOnSale),
      postFeeFen: 0,
      imageUrl: text(attributes.find((a) => text(a.skuImageUrl))?.skuImageUrl) || null,
      active: true,
      // 1688 attributes carry no value id: 0.
      properties: attributes.map((a) => ({ propId: num(a.attributeID), propName: same(text(a.attributeName)), valueId: 0, valueName: same(text(a.attributeValue)) })),
    };
  });
  const tiers = arr(saleInfo.priceRanges)
    .map(obj)
    .map((r) => ({ startQuantity: num(r.startQuantity, 1), priceFen: fen(r.price) ?? 0, promotionPriceFen: null }));
  const prices = skus.length > 0 ? skus.map((s) => s.priceFen) : tiers.map((t) => t.priceFen);
  const quote = num(saleInfo.quoteType, skus.length > 0 ? 1 : 0);
  return {
    platform: "alibaba",
    id,
    numericId: id,
    mpId: id,
    title: same(text(info.subject)),
    description: text(info.description),
    imageUrls: arr(obj(info.image).images).map(text).filter(Boolean),
    priceFen: prices.length > 0 ? Math.min(...prices) : 0,
    promotionPriceFen: null,
    stock: num(saleInfo.amountOnSale, skus.reduce((n, s) => n + s.stock, 0)),
    minQuantity: num(saleInfo.minOrderQuantity, 1),
    priceTiers: tiers,
    quoteType: quote === 0 || quote === 2 ? quote : 1,
    unit: same(text(saleInfo.unit)),
    categoryPath: [],
    seller: { shopId: 0, shopName: "", nick: text(info.sellerLoginId), sellerOpenId: "", companyName: "" },
    active: text(info.status) === "published",
    sales30d: 0,
    commissionBp: 0,
    repurchaseRatePct: 0,
    weightKg: num(obj(info.shippingInfo).unitWeight),
    tags: [],
    skus,
  };
}

/** A buyerView `result` (or a getBuyerOrderList entry) → PurchaseOrder; baseInfo money is yuan. */
export function toPurchaseOrder(view: Json, clientRef?: string): PurchaseOrder {
  const base = obj(view.baseInfo);
  const status = text(base.status);
  const shippingFen = fen(base.shippingFee) ?? 0;
  const lines: PurchaseLineState[] = arr(view.productItems).map((raw, k) => {
    const item = obj(raw);
    return {
      lineNo: String(k),
      upstreamLineId: text(item.subItemIDString) || text(item.subItemID),
      productId: text(item.productID),
      skuId: text(item.skuID),
      quantity: num(item.quantity),
      status: text(item.status) || status,
      unitPriceFen: fen(item.price),
      // The platform reads a 1688 order's shipping as the largest of its lines' (one fee per order).
      postFeeFen: shippingFen,
      errorCode: null,
      errorMessage: null,
      trackingNumbers: [],
    };
  });
  return {
    platform: "alibaba",
    clientRef: clientRef ?? (text(base.outOrderId) || null),
    upstreamOrderId: text(base.idOfStr) || text(base.id),
    owner: { developerId: "", userId: "" },
    shopId: 0,
    status,
    lines,
    createdAt: parseAopDate(base.createTime) ?? 0,
    paidAt: parseAopDate(base.payTime),
  };
}

/** Gives the lines of created orders the caller's line numbers (matched by product and SKU, in order). */
function withLineNos(order: PurchaseOrder, asked: PurchaseLine[], clientRef: string | null): PurchaseOrder {
  const used = new Set<string>();
  const lines = order.lines.map((line) => {
    const match = asked.find((a) => !used.has(a.lineNo) && a.productId === line.productId && (a.skuId === line.skuId || a.skuId === ""));
    if (!match) return line;
    used.add(match.lineNo);
    return { ...line, lineNo: match.lineNo };
  });
  return { ...order, clientRef: order.clientRef ?? clientRef, lines };
}
