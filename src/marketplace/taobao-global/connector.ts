// The real Taobao Global connector: the purchase life cycle — create, find by client reference,
// read, pay, cancel — and the parcels of a line, over the signed wire client (client.ts, with
// TokenHolder refreshing tokens) and the shared upstream policy (../live/policy.ts); the goods reads
// product, search and search by image (goods.ts maps their answers, image.ts checks the picture); and the live side: verified pushes (push.ts)
// and the poll for changed purchases. Every other port method says plainly that it is not
// implemented, as a 50201 naming it.
//
// One connector = one distributor authorization (the operator's app key and tokens): every live
// developer's purchases go out under it, so `owner` is not sent upstream; it is echoed back on the
// purchases read, since the platform keeps purchases by owner.
import { notImplemented, notOfferedUpstream } from "../live/not-implemented.ts";
import type { ConnectorHealth, LiveConnector, PushRequest, UpstreamNotice } from "../live/live-connector.ts";
import { PUSH_ACK, readPush } from "./push.ts";
import { toShipments } from "./logistics.ts";
import { randomUUID } from "node:crypto";
import {
  UpstreamError,
  type Connector,
  type ImageQuery,
  type KeywordQuery,
  type Lang,
  type Product,
  type SearchPage,
  type PaymentResult,
  type PurchaseLine,
  type PurchaseLineState,
  type PurchaseOrder,
  type PurchaseOwner,
  type PurchaseReceiver,
  type Shipment,
} from "../port.ts";
import { UpstreamPolicy, type PolicyOptions } from "../live/policy.ts";
import { SEARCH_PAGE_MAX, searchItemToProduct, searchSort, toProduct, upstreamLanguage, yuanToFen } from "./goods.ts";
import { checkUploadImage } from "./image.ts";
import { API, TaobaoGlobalClient, TaobaoGlobalError, TaobaoGlobalTransportError, TokenHolder, type Envelope, type Params, type TokenState } from "./client.ts";

export interface TaobaoGlobalOptions {
  /** The gateway (…/rest); required so that nothing defaults to a real host. */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** The authorization's tokens as last stored (the caller unseals them). */
  tokens: TokenState;
  /** Called with every refreshed token state: the caller seals and stores it. */
  onTokenChange?: (state: TokenState) => void | Promise<void>;
  /** Refresh this long before the access token expires (default 5 minutes). */
  refreshAheadMs?: number;
  timeoutMs?: number;
  wireFormat?: "json" | "form";
  /** The policy's knobs (rate, retries, circuit) and, for tests, its clock, random source and sleep. */
  policy?: Partial<Omit<PolicyOptions, "name" | "key" | "isTransient">>;
  fetch?: typeof fetch;
}

/** The upstream prints WAIT_BUYER_P; the port (statuses.md §2) says WAIT_BUYER_PAY. Others pass as they are. */
export function mapStatus(upstream: string): string {
  return upstream === "WAIT_BUYER_P" ? "WAIT_BUYER_PAY" : upstream;
}

/**
 * Worth another try: no usable answer (network, timeout, a 5xx or 429 page), or a gateway refusal
 * saying the upstream itself is busy or failing. INFERRED codes: the research lists none, these are
 * the Lazada-family gateway's usual names for overload and internal failure.
 */
const TRANSIENT_CODES = /^(ServiceUnavailable|ServiceTimeout|SystemBusy|ApiCallLimit|InternalError|ISP\.)/;
export function isTransient(err: unknown): boolean {
  if (err instanceof TaobaoGlobalTransportError) return err.httpStatus === undefined || err.httpStatus >= 500 || err.httpStatus === 429;
  if (err instanceof TaobaoGlobalError) return TRANSIENT_CODES.test(err.code);
  return false;
}

/** Business refusals of cancel that mean "nothing to cancel here" (INFERRED codes, the fake's). */
const NOT_CANCELLABLE = /NOT_SUPPORT_CANCEL|STATUS|NOT_FOUND|NOT_EXIST/i;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown, fallback = 0): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);

/**
 * A list of int64 ids as the wire's JSON text ("[1,2]"), written from the digits so that no id
 * passes through a double (which would change one beyond 2^53).
 */
const idList = (ids: readonly string[]): string => `[${ids.filter((id) => /^\d{1,19}$/.test(id)).join(",")}]`;

/** How errors name this connector. */
const CONNECTOR_LABEL = "taobao-global";

/** Page size of the changed-purchases poll (the fake's maximum, 50, is INFERRED too). */
const POLL_PAGE_SIZE = 50;
/** A poll reads at most this many pages (10 000 purchases) so a runaway answer cannot loop forever; beyond, it fails. */
const POLL_MAX_PAGES = 200;
/** How many line → purchase ties are remembered for the parcels' purchase id. */
const LINE_MEMORY = 10_000;

const AFTER_SALES_ELSEWHERE = "the Taobao Global distributor API offers no such call (after-sales cases are opened and handled in the Taobao Global console)";

export class TaobaoGlobalConnector implements Connector, LiveConnector {
  readonly platform = "taobao" as const;
  readonly name = "taobao-global" as const;
  readonly pushAck = PUSH_ACK;
  readonly #appKey: string;
  readonly #appSecret: string;
  /** sub_purchase_order_id → purchase_id, from every purchase read: the logistics answer does not name the purchase. */
  readonly #purchaseOfLine = new Map<string, string>();
  readonly #client: TaobaoGlobalClient;
  readonly #tokens: TokenHolder;
  readonly #policy: UpstreamPolicy;
  readonly #now: () => number;

  constructor(options: TaobaoGlobalOptions) {
    this.#now = options.policy?.now ?? Date.now;
    this.#appKey = options.appKey;
    this.#appSecret = options.appSecret;
    this.#client = new TaobaoGlobalClient({
      baseUrl: options.baseUrl, appKey: options.appKey, appSecret: options.appSecret, wireFormat: options.wireFormat,
      timeoutMs: options.timeoutMs, fetch: options.fetch, now: this.#now,
    });
    this.#tokens = new TokenHolder(this.#client, options.tokens, { refreshAheadMs: options.refreshAheadMs, onChange: options.onTokenChange });
    this.#policy = new UpstreamPolicy({ ...options.policy, name: this.name, key: options.appKey, isTransient });
  }

  /** Where calls go (tests assert it is the fake). */
  get baseUrl(): string {
    return this.#client.baseUrl;
  }

  /** Health for `openpon connector status`: last call, error rate, circuit, token expiry, what is not offered. */
  status(): ConnectorHealth {
    const t = this.#tokens.state;
    return {
      connector: this.name, baseUrl: this.baseUrl, accessExpiresAt: t.accessExpiresAt, refreshExpiresAt: t.refreshExpiresAt,
      notImplemented: NOT_IMPLEMENTED, ...this.#policy.status(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Live: pushes and the poll

  readPush(push: PushRequest): UpstreamNotice[] {
    return readPush(push, this.#appKey, this.#appSecret);
  }

  /**
   * Purchases modified in [from, to): /purchase/orders/query by modify_time_start/end (epoch ms as
   * digits — the SDK sends an int64 "UTC timestamp", SEEN; ms INFERRED, like the answers' times),
   * oldest first, all pages. The end is sent as to − 1 because whether the upstream's end is
   * inclusive is not known (INFERRED inclusive); a purchase modified again while the pages are read
   * moves past the window and is caught by the next poll.
   */
  async changedOrders(from: number, to: number): Promise<string[]> {
    if (!(to > from)) return [];
    const ids = new Set<string>();
    let read = 0;
    for (let page = 1; page <= POLL_MAX_PAGES; page++) {
      const body = await this.#call(API.ordersQuery, {
        modify_time_start: Math.floor(from), modify_time_end: Math.ceil(to) - 1, sort_type: "ASC", page_no: page, page_size: POLL_PAGE_SIZE,
      }, true);
      const data = obj(body["data"]);
      const orders = arr(data["purchase_orders"]).map(obj);
      for (const o of orders) {
        this.#remember(o);
        const id = text(o["purchase_id"]);
        if (id) ids.add(id);
      }
      // The last page: an empty one, all of results_total read, or (without a total) a short page
      // by the page size the upstream says it used, since it may cap the one asked for.
      read += orders.length;
      const total = num(data["results_total"], -1);
      const size = num(data["page_size"], 0) || POLL_PAGE_SIZE;
      if (orders.length === 0 || (total >= 0 ? read >= total : orders.length < size)) return [...ids];
    }
    // Not every page was read: answering part would let the caller move its window past the rest.
    throw new UpstreamError("poll_too_large", `taobao-global ${API.ordersQuery}: more than ${POLL_MAX_PAGES} pages changed in [${from}, ${to}); poll a shorter window`);
  }

  /** Keeps the ties of a purchase's lines to it (bounded: the oldest go first). */
  #remember(o: Json): void {
    const purchaseId = text(o["purchase_id"]);
    if (!purchaseId) return;
    for (const s of arr(o["sub_purchase_orders"]).map(obj)) {
      const lineId = text(s["sub_purchase_order_id"]);
      if (!lineId) continue;
      this.#purchaseOfLine.delete(lineId);
      this.#purchaseOfLine.set(lineId, purchaseId);
    }
    while (this.#purchaseOfLine.size > LINE_MEMORY) this.#purchaseOfLine.delete(this.#purchaseOfLine.keys().next().value!);
  }

  /**
   * One API call under the policy; failures become UpstreamError keeping the upstream's code.
   * `attempt` runs before each try (n counts from 0) and may answer instead of the call: the create's
   * look-up of a purchase that a lost answer already made.
   */
  async #call(apiPath: string, params: Params, retrySafe: boolean, attempt?: (n: number) => Promise<Envelope | undefined>): Promise<Envelope> {
    let n = 0;
    try {
      return await this.#policy.run({ op: apiPath, retrySafe }, async () => {
        const early = attempt ? await attempt(n++) : undefined;
        return early ?? (await this.#tokens.call(apiPath, params));
      });
    } catch (err) {
      throw toUpstreamError(apiPath, err);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Purchases

  async createOrder(owner: PurchaseOwner, lines: PurchaseLine[], receiver: PurchaseReceiver, clientRef?: string): Promise<PurchaseOrder[]> {
    if (lines.length === 0) throw new UpstreamError("no_lines", "taobao-global: a purchase needs at least one line");
    const missing = lines.find((l) => l.expectedUnitPriceFen === undefined || !Number.isInteger(l.expectedUnitPriceFen));
    // The upstream wants each line's price (fen) and the total; guessing one could buy at a price
    // nobody agreed to, so a line without it is refused before anything is sent.
    if (missing) throw new UpstreamError("price_required", `taobao-global: line ${missing.lineNo} has no expected unit price (fen)`);
    // outer_purchase_id is the upstream's idempotency key and mandatory; without the platform's
    // reference a fresh one is made, and then the create is never retried (nobody can look it up).
    const outer = clientRef ?? `openpon-${randomUUID()}`;
    const params: Params = {
      outer_purchase_id: outer,
      purchase_amount: lines.reduce((sum, l) => sum + l.expectedUnitPriceFen! * l.quantity, 0),
      order_line_list: lines.map((l) => ({ item_id: l.productId, sku_id: l.skuId, quantity: l.quantity, currency: "CNY", price: l.expectedUnitPriceFen, order_line_no: l.lineNo })),
      receiver: {
        name: receiver.name, phone: receiver.phone, mobile_phone: receiver.phone, country: receiver.country, state: receiver.state,
        city: receiver.city, district: receiver.district ?? "", address: receiver.address, zip: receiver.zip ?? "",
      },
    };
    // Every retry first asks for purchases already made with this reference: if the lost answer's
    // create went through, those are the purchase — whatever the upstream's own deduplication does.
    let found: PurchaseOrder[] = [];
    const body = await this.#call(API.orderCreate, params, clientRef !== undefined, async (n) => {
      if (n === 0 || clientRef === undefined) return undefined;
      found = await this.#query({ outer_purchase_id: clientRef }, owner);
      return found.length > 0 ? { code: "0", recovered: true } : undefined;
    });
    if (body["recovered"]) return found.map((o) => withLineNos(o, lines));

    const data = obj(body["data"]);
    const created = arr(data["order_list"]).map(obj);
    if (created.length === 0) {
      const code = text(data["error_code"]) || "CREATE_FAILED";
      throw new UpstreamError(code, `taobao-global ${API.orderCreate} made no purchase: ${code}: ${text(data["error_msg"])}${body.request_id ? ` (request ${body.request_id})` : ""}`);
    }
    // The create's answer carries each line's order_line_no; the query does not, so it is kept here.
    const lineNoBySub = new Map<string, string>();
    for (const o of created) for (const l of arr(o["order_line_list"]).map(obj)) lineNoBySub.set(text(l["sub_purchase_order_id"]), text(l["order_line_no"]));
    const ids = created.map((o) => text(o["purchase_id"]));
    const read = await this.#query({ purchase_ids: idList(ids) }, owner);
    const byId = new Map(read.map((o) => [o.upstreamOrderId, o]));
    return ids.map((id) => {
      const order = byId.get(id);
      if (!order) throw new UpstreamError("PURCHASE_ORDER_NOT_FOUND", `taobao-global created purchase ${id} but cannot read it back`);
      return { ...order, lines: order.lines.map((l) => ({ ...l, lineNo: lineNoBySub.get(l.upstreamLineId) || l.lineNo })) };
    });
  }

  /** Purchases matching a query filter (one page of 50 is plenty for one reference or a few ids). */
  async #query(filter: Params, owner: PurchaseOwner): Promise<PurchaseOrder[]> {
    const body = await this.#tokens.call(API.ordersQuery, { ...filter, page_no: 1, page_size: 50 });
    const found = arr(obj(body["data"])["purchase_orders"]).map(obj);
    for (const o of found) this.#remember(o);
    return found.map((o) => toPurchaseOrder(o, owner));
  }

  async findByClientRef(owner: PurchaseOwner, clientRef: string): Promise<PurchaseOrder[]> {
    try {
      return await this.#policy.run({ op: API.ordersQuery, retrySafe: true }, () => this.#query({ outer_purchase_id: clientRef }, owner));
    } catch (err) {
      throw toUpstreamError(API.ordersQuery, err);
    }
  }

  async readOrder(owner: PurchaseOwner, upstreamOrderId: string): Promise<PurchaseOrder | undefined> {
    // Purchase ids are int64 digits; anything else cannot be one.
    if (!/^\d{1,19}$/.test(upstreamOrderId)) return undefined;
    try {
      const found = await this.#policy.run({ op: API.ordersQuery, retrySafe: true }, () => this.#query({ purchase_ids: idList([upstreamOrderId]) }, owner));
      return found.find((o) => o.upstreamOrderId === upstreamOrderId);
    } catch (err) {
      throw toUpstreamError(API.ordersQuery, err);
    }
  }

  async payOrder(owner: PurchaseOwner, upstreamOrderId: string, amountFen: number): Promise<PaymentResult> {
    // Never pay more than the platform agreed: the upstream's amount is checked first.
    const order = await this.readOrder(owner, upstreamOrderId);
    if (!order) return { paid: false, reason: "PURCHASE_ORDER_NOT_FOUND" };
    const due = order.lines.filter((l) => l.status !== "TRADE_CLOSED").reduce((s, l) => s + (l.unitPriceFen ?? 0) * l.quantity + (l.postFeeFen ?? 0), 0);
    if (order.status === "WAIT_BUYER_PAY" && due > amountFen) return { paid: false, reason: `AMOUNT_EXCEEDED: the upstream asks ${due} fen, ${amountFen} agreed` };
    // Not retried: a second pay request after a lost answer is not known to be harmless.
    const body = await this.#call(API.orderBatchPay, { purchaseOrderIdList: idList([upstreamOrderId]) }, false);
    const data = obj(body["data"]);
    if (arr(data["will_pay_purchase_order_ids"]).map(text).includes(upstreamOrderId)) {
      // "Will pay": the upstream settles asynchronously; accepted is what the platform records (INFERRED).
      return { paid: true, at: this.#now() };
    }
    const failure = arr(data["pay_failed_results"]).map(obj).find((r) => text(r["gspOrderId"]) === upstreamOrderId || text(r["purchase_order_id"]) === upstreamOrderId);
    const reason = failure ? `${text(failure["errorCode"]) || "PAY_FAILED"}: ${text(failure["errorMessage"])}` : "PAY_FAILED: the upstream did not accept the payment";
    return { paid: false, reason };
  }

  async cancelOrder(owner: PurchaseOwner, upstreamOrderId: string, reason: string): Promise<boolean> {
    try {
      // Asynchronous upstream: accepted is the answer; the line turns TRADE_CLOSED later. A repeat
      // asks for the same end state, so it is safe to retry.
      await this.#call(API.orderCancel, { purchase_id: upstreamOrderId, cancel_reason: reason.slice(0, 200) || "buyer cancelled" }, true);
      return true;
    } catch (err) {
      if (!(err instanceof UpstreamError) || !(err.cause instanceof TaobaoGlobalError) || isTransient(err.cause) || !NOT_CANCELLABLE.test(err.reason)) throw err;
      // Refused: a cancel already done (a repeat) is a success, anything else is no longer cancellable.
      const order = await this.readOrder(owner, upstreamOrderId);
      return order !== undefined && order.status === "TRADE_CLOSED";
    }
  }

  /**
   * Taobao has no status after shipment (statuses.md §2.1) and the distributor API has no receipt
   * call (none in the SDK's consts/api.go, SEEN): the upstream closes shipped lines itself, so a
   * buyer's confirmation is not something this connector may do — "not allowed", nothing sent.
   */
  async confirmReceipt(_owner: PurchaseOwner, _upstreamOrderId: string, _lineIds: string[]): Promise<boolean> {
    return false;
  }

  /** The parcels of one line (sub_purchase_order_id) over /logistics/detail/get, oldest first. */
  async shipments(_owner: PurchaseOwner, upstreamLineId: string): Promise<Shipment[]> {
    // Line ids are numeric; anything else cannot be one and is not worth a call.
    if (!/^\d{1,19}$/.test(upstreamLineId)) return [];
    let body: Envelope;
    try {
      body = await this.#call(API.logisticsDetail, { purchase_order_line_id: upstreamLineId }, true);
    } catch (err) {
      // Unknown line (or not shipped yet, INFERRED the same refusal): no parcels.
      if (isNotFound(err)) return [];
      throw err;
    }
    return toShipments(body, upstreamLineId, this.#purchaseOfLine.get(upstreamLineId) ?? "");
  }

  // -------------------------------------------------------------------------------------------
  // Goods (reads: always retry-safe)

  /**
   * By the numeric Taobao item id, which is also this connector's product id (search answers carry
   * only item_id, so using mp_id as the id would make search results unreadable); mp_id goes in
   * `mpId`, the id purchases are made with. Unknown → undefined.
   */
  async product(id: string, lang: Lang): Promise<Product | undefined> {
    // Item ids are numeric; anything else cannot be one and is not worth a call.
    if (!/^\d{1,20}$/.test(id)) return undefined;
    let body: Envelope;
    try {
      body = await this.#call(API.productGet, { item_id: id }, true);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const data = obj(body["data"]);
    if (!text(data["item_id"]) && !text(data["mp_id"])) return undefined;
    const language = upstreamLanguage(lang);
    const title = language && text(data["mp_id"]) ? await this.#translatedTitle(text(data["mp_id"]), language) : undefined;
    return toProduct(data, title);
  }

  /** The title in `language`, or undefined when the upstream has none (the original is shown then). */
  async #translatedTitle(mpId: string, language: string): Promise<string | undefined> {
    try {
      const body = await this.#call(API.translate, { item_id: mpId, language }, true);
      return text(obj(obj(body["result"])["data"])["title"]) || undefined;
    } catch (err) {
      // A refused translation (none in that language) must not cost the product; an unreachable
      // upstream still fails the read, as the product call itself would have.
      if (err instanceof UpstreamError && err.cause instanceof TaobaoGlobalError && !isTransient(err.cause)) return undefined;
      throw err;
    }
  }

  /**
   * The upstream pages by page_no / page_size (≤ 20) and gives no total: the pages covering
   * [offset, offset + limit) are read and cut. `total` is a lower bound — what was seen, plus one when
   * the upstream showed there is more — so a caller asking "is there a next page" gets a true answer.
   */
  async search(query: KeywordQuery): Promise<SearchPage<Product>> {
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    if (limit === 0) return { total: offset, items: [] };
    const pageSize = Math.min(SEARCH_PAGE_MAX, limit);
    const language = upstreamLanguage(query.lang);
    const filters = [
      query.priceMinFen !== undefined ? `min_price:${query.priceMinFen}` : "",
      query.priceMaxFen !== undefined ? `max_price:${query.priceMaxFen}` : "",
    ].filter(Boolean);
    const base: Params = {
      keyword: query.keyword || undefined,
      sort: searchSort(query.sort),
      page_size: pageSize,
      // The SDK joins filters with commas (SEEN); fen amounts (SEEN).
      filters: filters.length ? filters.join(",") : undefined,
      language,
    };
    const seen: Json[] = [];
    let more = false;
    const first = Math.floor(offset / pageSize) + 1;
    const last = Math.floor((offset + limit - 1) / pageSize) + 1;
    for (let page = first; page <= last; page++) {
      const body = await this.#call(API.itemSearch, { ...base, page_no: page }, true);
      const code = text(body["biz_error_code"]);
      // Search reports refusals as biz_error_code beside code "0" (SEEN, types/item_search.go).
      if (code) throw new UpstreamError(code, `taobao-global ${API.itemSearch} failed: ${code}: ${text(body["biz_error_msg"])}${body.request_id ? ` (request ${body.request_id})` : ""}`);
      const items = arr(obj(body["data"])["data"]).map(obj);
      seen.push(...items);
      more = items.length === pageSize;
      if (!more) break;
    }
    const skip = offset - (first - 1) * pageSize;
    const items = seen.slice(skip, skip + limit);
    more ||= seen.length > skip + limit;
    return { total: offset + items.length + (more ? 1 : 0), items: items.map((i) => searchItemToProduct(i)) };
  }

  /**
   * Two calls (SEEN, the Go SDK's UploadService.Image and ItemService.ImgSearch): /upload/image
   * {image_base64} answers data.image_id, then /traffic/item/imgsearch {image_id, language} answers
   * `data` as one list of ≤ 100 items in /traffic/item/search's item form. The upload goes through the
   * same signed JSON post as every call — the SDK signs image_base64 like any parameter, no
   * multipart. Both are retry-safe: an upload makes nothing the buyer pays for.
   *
   * The picture is checked first (JPEG / PNG / WebP, ≤ 3 MB): ImageInputError, and no call, otherwise.
   * The upstream takes no paging, price or sort parameters, so the list is filtered by price, sorted by
   * price and cut to [offset, offset + limit) here; `total` is the list's length (exact, at most 100).
   * Sorting by sales, commission or repurchase keeps the upstream's order (the answer has no sales).
   * Each search uploads again: how long an image_id lives is not said (INFERRED: not relied on).
   */
  async searchByImage(query: ImageQuery): Promise<SearchPage<Product>> {
    checkUploadImage(query.image);
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    if (limit === 0) return { total: offset, items: [] };
    const upload = await this.#call(API.uploadImage, { image_base64: query.image.toString("base64") }, true);
    throwBizError(API.uploadImage, upload);
    const imageId = text(obj(upload["data"])["image_id"]);
    if (!imageId) throw new UpstreamError("NO_IMAGE_ID", `taobao-global ${API.uploadImage} answered no image_id${upload.request_id ? ` (request ${upload.request_id})` : ""}`);
    const body = await this.#call(API.imageSearch, { image_id: imageId, language: upstreamLanguage(query.lang) }, true);
    throwBizError(API.imageSearch, body);
    // `data` is the list itself (SEEN); a search-like {data: {data: […]}} is read too (INFERRED leniency).
    const raw = Array.isArray(body["data"]) ? body["data"] : obj(body["data"])["data"];
    let found = arr(raw).map(obj).filter((i) => text(i["item_id"]) !== "");
    const min = query.priceMinFen;
    const max = query.priceMaxFen;
    if (min !== undefined || max !== undefined) {
      found = found.filter((i) => {
        const fen = yuanToFen(i["price"]);
        return (min === undefined || fen >= min) && (max === undefined || fen <= max);
      });
    }
    if (query.sort?.key === "price") {
      const dir = query.sort.order === "asc" ? 1 : -1;
      // Stable: equal prices keep the upstream's (similarity) order.
      found = found.map((i, k) => ({ i, k, fen: yuanToFen(i["price"]) })).sort((a, b) => dir * (a.fen - b.fen) || a.k - b.k).map((x) => x.i);
    }
    return { total: found.length, items: found.slice(offset, offset + limit).map((i) => searchItemToProduct(i)) };
  }

  // -------------------------------------------------------------------------------------------
  // Not in this slice

  category = notImplemented(CONNECTOR_LABEL, "category");
  seller = notImplemented(CONNECTOR_LABEL, "seller");
  recommend = notImplemented(CONNECTOR_LABEL, "recommend");
  related = notImplemented(CONNECTOR_LABEL, "related");
  topList = notImplemented(CONNECTOR_LABEL, "topList");
  image = notImplemented(CONNECTOR_LABEL, "image");
  updateAddress = notImplemented(CONNECTOR_LABEL, "updateAddress");
  imLink = notImplemented(CONNECTOR_LABEL, "imLink");
  decryptNick = notImplemented(CONNECTOR_LABEL, "decryptNick");
  // The distributor API offers /order/refund/query only (SEEN, consts/api.go): no case is opened,
  // changed or answered through it.
  requestRefund = notOfferedUpstream(CONNECTOR_LABEL, "requestRefund", AFTER_SALES_ELSEWHERE);
  modifyRefund = notOfferedUpstream(CONNECTOR_LABEL, "modifyRefund", AFTER_SALES_ELSEWHERE);
  cancelRefund = notOfferedUpstream(CONNECTOR_LABEL, "cancelRefund", AFTER_SALES_ELSEWHERE);
  submitReturn = notOfferedUpstream(CONNECTOR_LABEL, "submitReturn", AFTER_SALES_ELSEWHERE);
  sendRefundMessage = notOfferedUpstream(CONNECTOR_LABEL, "sendRefundMessage", AFTER_SALES_ELSEWHERE);
  readRefund = notImplemented(CONNECTOR_LABEL, "readRefund");
}

/** The port methods this connector does not implement (for the report and `connector status`). */
export const NOT_IMPLEMENTED = [
  "category",
  "seller",
  "recommend",
  "related",
  "topList",
  "image",
  "updateAddress",
  "imLink",
  "decryptNick",
  "requestRefund",
  "modifyRefund",
  "cancelRefund",
  "submitReturn",
  "sendRefundMessage",
  "readRefund",
] as const;

/** Of NOT_IMPLEMENTED, those the upstream itself has no call for (not merely not done yet). */
export const NOT_OFFERED_UPSTREAM: readonly string[] = ["requestRefund", "modifyRefund", "cancelRefund", "submitReturn", "sendRefundMessage"];

/**
 * Goods calls of the search family report refusals as biz_error_code / biz_error_msg beside code "0"
 * (SEEN, types/item_search.go, item_img_search.go, upload_image.go): a 50201 keeping that code.
 */
function throwBizError(apiPath: string, body: Envelope): void {
  const code = text(body["biz_error_code"]);
  if (code) throw new UpstreamError(code, `taobao-global ${apiPath} failed: ${code}: ${text(body["biz_error_msg"])}${body.request_id ? ` (request ${body.request_id})` : ""}`);
}

/** Business refusals that mean "no such item" (INFERRED codes: the research names none; the fake's). */
const NOT_FOUND = /NOT_FOUND|NOT_EXIST/i;
function isNotFound(err: unknown): boolean {
  return err instanceof UpstreamError && err.cause instanceof TaobaoGlobalError && err.cause.layer === "business" && NOT_FOUND.test(err.cause.code);
}


/** Upstream failures → UpstreamError (50201) whose reason is the upstream's code, with the request id in the message. */
export function toUpstreamError(apiPath: string, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  let mapped: UpstreamError;
  if (err instanceof TaobaoGlobalError) {
    mapped = new UpstreamError(err.code, `taobao-global ${apiPath} failed: ${err.message}${err.requestId ? ` (request ${err.requestId})` : ""}`);
  } else if (err instanceof TaobaoGlobalTransportError) {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    const timedOut = cause?.name === "TimeoutError" || /timeout|timed out/i.test(err.message);
    const reason = err.httpStatus !== undefined ? `http_${err.httpStatus}` : timedOut ? "timeout" : "network";
    mapped = new UpstreamError(reason, `taobao-global ${apiPath} failed: ${err.message}`);
  } else {
    return new UpstreamError("unexpected", `taobao-global ${apiPath} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  (mapped as { cause?: unknown }).cause = err;
  return mapped;
}

// ---------------------------------------------------------------------------------------------
// Mapping

/** A `purchase_orders[]` entry of /purchase/orders/query → PurchaseOrder. Amounts are fen on the wire. */
export function toPurchaseOrder(o: Json, owner: PurchaseOwner): PurchaseOrder {
  const lines: PurchaseLineState[] = arr(o["sub_purchase_orders"]).map((raw, k) => {
    const s = obj(raw);
    const status = mapStatus(text(s["status"]));
    const quantity = num(s["quantity"]);
    // Priced once built: before that the amounts are the buyer's own estimate, not the upstream's.
    const priced = status !== "BULIDING" && quantity > 0;
    const amount = num(s["product_amount"], num(s["purchase_amount"]));
    const closeReason = text(s["close_reason"]);
    // INFERRED field names for a failed build's code (the research names none): kept when present.
    const errorCode = text(s["error_code"]) || text(s["fail_code"]) || null;
    return {
      lineNo: String(k),
      upstreamLineId: text(s["sub_purchase_order_id"]),
      productId: text(s["item_id"]),
      skuId: text(s["sku_id"]),
      quantity,
      status,
      unitPriceFen: priced ? Math.round(amount / quantity) : null,
      postFeeFen: priced ? num(s["domestic_post_fee"]) : null,
      errorCode,
      errorMessage: text(s["error_msg"]) || (status === "TRADE_CLOSED" && closeReason ? closeReason : null),
      // logistic_orders[] {logistic_company_name, logistic_number, rts_time} (SEEN, types/order_query.go).
      trackingNumbers: [...new Set(arr(s["logistic_orders"]).map((l) => text(obj(l)["logistic_number"]) || text(obj(l)["mail_no"])).filter(Boolean))],
    };
  });
  const payTime = num(o["pay_time"]);
  return {
    platform: "taobao",
    clientRef: text(o["outer_purchase_id"]) || null,
    upstreamOrderId: text(o["purchase_id"]),
    owner: { ...owner },
    // The distributor API names the supplier (supplier_nick) but gives no numeric shop id.
    shopId: 0,
    status: mapStatus(text(o["status"])),
    lines,
    createdAt: num(o["created_time"]),
    paidAt: payTime > 0 ? payTime : null,
  };
}

/** Gives the lines of found purchases the caller's line numbers (matched by product and SKU, in order). */
function withLineNos(order: PurchaseOrder, asked: PurchaseLine[]): PurchaseOrder {
  const used = new Set<string>();
  const lines = order.lines.map((line) => {
    const match = asked.find((a) => !used.has(a.lineNo) && a.productId === line.productId && a.skuId === line.skuId);
    if (!match) return line;
    used.add(match.lineNo);
    return { ...line, lineNo: match.lineNo };
  });
  return { ...order, lines };
}
