// A faithful local fake of the Taobao Global distributor API ("Panama") for tests: a real HTTP
// server speaking the upstream's wire protocol, so the connector is tested against the gateway's
// behaviour and not against our own assumptions about our own client.
//
// What it enforces, and where that comes from:
// - POST (or GET) {base}/rest/<apiPath>, params from the query string and a JSON or form body
//   (the Go SDK posts JSON, Lazada's SDKs post forms) — SEEN Mlegbder/taobao-global.
// - the signature recomputed over apiPath + sorted key+value pairs (src/.../sign.ts) and refused
//   with `IncompleteSignature` in the gateway envelope {type, code, message, request_id} — code
//   and envelope SEEN on the Lazada-family gateway (pastebin wZM7M3v8, make.com thread).
// - timestamp (epoch ms) within ±maxSkewMs of the fake's clock: Lazada's "Calling parameters" page
//   (open.alitrip.com articleId=108067) says 7200 s, which is the default; classic TOP's ±10 min
//   is `maxSkewMs: 600_000`. The refusal's code `InvalidTimestamp` is INFERRED.
// - access tokens issued by /auth/token/create {code}, refreshed by /auth/token/refresh
//   {refresh_token} (rotating both; INFERRED), expiring; an unknown or expired one is refused
//   with `IllegalAccessToken` (SEEN, the Go SDK's consts/error.go).
// - a minimal purchase flow with the upstream's ids, statuses and fen amounts: create with
//   `outer_purchase_id` idempotency, lines start `BULIDING` (sic) and become `WAIT_BUYER_P` when
//   the fake settles; batch pay of ≤ 10 ids (answer fields SEEN), payment applied at settle
//   ("will pay" = asynchronous, INFERRED); asynchronous cancel applied at settle; orders query.
// - a small seeded goods catalogue (FAKE_CATALOGUE) served by /product/get {item_id}, /traffic/item/search
//   {keyword, sort, page_no, page_size ≤ 20, language} and /product/translate/get {item_id = mp_id,
//   language}: request and answer field names SEEN in the Go SDK's types (product_query.go,
//   item_search.go, product_translate.go); the catalogue's values are INFERRED.
// - image search: /upload/image {image_base64} → data.image_id, and /traffic/item/imgsearch
//   {image_id, language} → data = one list (≤ 100) of search-form items, refusals as biz_error_code
//   beside code "0" — names and forms SEEN (types/upload_image.go, item_img_search.go; the upload is
//   a plain signed parameter, no multipart, so it is verified like every call). The picture must be
//   JPG/PNG/WEBP of ≤ 3 MB (SEEN); the refusal codes, the id form, and which items are "similar"
//   (those `registerImage` named for its sha256, else the whole catalogue in order) are INFERRED.
// - seller actions a live-developer journey needs: ship (lines → WAIT_BUYER_CONFIRM_GOODS, a
//   parcel with a first trace), trace, changePrice (while WAIT_BUYER_P) and close; parcels served
//   by /logistics/detail/get {purchase_order_line_id} (answer names SEEN, types/logistics_detail.go)
//   and listed on the query's sub-orders as logistic_orders[] (SEEN, types/order_query.go).
// - pushes: every change of a purchase (built, paid, shipped, price changed, cancelled/closed) is
//   POSTed to `pushUrl` as message_type 3 (status) or 8 (price) — types SEEN — signed lower-hex
//   HMAC-SHA256(appSecret, appKey + body) (SEEN) in the Authorization header (INFERRED), with the
//   body `{message_type, seller_id, timestamp, site, data: {purchase_id, …}}` (INFERRED shape).
//   Sent after the answer, never blocking it; faults: each push twice, a batch in reverse order, or
//   the next n dropped.
// Anything else marked INFERRED below is our invention where no source said.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, randomBytes } from "node:crypto";
import { signPush, verifyRequest } from "../../src/marketplace/taobao-global/sign.ts";

export type LineStatus = "BULIDING" | "WAIT_BUYER_P" | "WAIT_SELLER_SEND_GOODS" | "WAIT_BUYER_CONFIRM_GOODS" | "TRADE_CLOSED";

export interface FakeLine {
  sub_purchase_order_id: number;
  item_id: string;
  sku_id: number;
  quantity: number;
  /** Unit price in fen, as sent. */
  price: number;
  order_line_no: string;
  status: LineStatus;
  close_reason?: string;
  pay_time?: number;
  /** When the line was shipped and in which parcel (its mail_no). */
  rts_time?: number;
  mail_no?: string;
}

/** The status words of a parcel and its traces (SEEN, consts/logistics_status.go). */
export type ParcelStatus = "WAITING_COLLECT" | "COLLECTED" | "DELIVERING" | "WAITING_CUSTOMS" | "CUSTOMS_CLEARANCE" | "CUSTOMS_FAILED" | "SIGNED" | "REJECTED" | "RETURNED" | "EXCEPTION" | "UNKNOWN";

export interface FakeParcel {
  mail_no: string;
  carrier: string;
  carrierCode: string;
  purchase_id: number;
  line_ids: number[];
  status: ParcelStatus;
  traces: Array<{ status: ParcelStatus; desc: string; city: string; at: number }>;
}

/** One push the fake made (or chose not to send). */
export interface FakePush {
  messageType: 3 | 8;
  purchaseId: number;
  body: string;
  authorization: string;
  url: string;
  /** "sent" with the receiver's HTTP status, "dropped" by dropPushes, "failed" when nobody answered. */
  outcome: "pending" | "sent" | "dropped" | "failed";
  httpStatus?: number;
  error?: string;
}

export type PushMode = "normal" | "twice" | "reversed";

export interface FakeOrder {
  purchase_id: number;
  outer_purchase_id: string;
  user_id: string;
  supplier_nick: string;
  status: LineStatus;
  created_time: number;
  modify_time: number;
  pay_time?: number;
  receiver: Record<string, unknown>;
  lines: FakeLine[];
}

export interface FakeCall {
  apiPath: string;
  params: Record<string, string>;
  /** The refusal's code when the fake said no; undefined when it answered code "0". */
  refused?: string;
}

/** One seeded catalogue item: /product/get's fields (SEEN names), prices in fen; `trans` per language (INFERRED values). */
export interface FakeItem {
  item_id: number;
  mp_id: string;
  title: string;
  trans: Record<string, string>;
  price: number;
  promotion_price: number;
  quantity: number;
  sales: number;
  shop_id: number;
  shop_name: string;
  user_nick: string;
  category_id: string;
  pic_urls: string[];
  sku_list: Array<{ sku_id: number; mp_skuId: number; price: number; promotion_price: number; quantity: number; pic_url: string; status: string; postFee: number; properties: Array<{ prop_id: number; prop_name: string; value_id: number; value_name: string; value_desc: string }> }>;
}

const color = (value_id: number, value_name: string) => ({ prop_id: 1627207, prop_name: "颜色分类", value_id, value_name, value_desc: value_name });
/** The seeded catalogue (values INFERRED): three cups, one of them without SKUs. */
export const FAKE_CATALOGUE: FakeItem[] = [
  {
    item_id: 700000000001, mp_id: "8000000000001", title: "陶瓷马克杯 大容量", trans: { en: "Ceramic mug, large capacity" },
    price: 2990, promotion_price: 2590, quantity: 150, sales: 900, shop_id: 101, shop_name: "杯子旗舰店", user_nick: "tb_cup_shop", category_id: "50002777",
    pic_urls: ["https://img.example.invalid/mug-1.jpg"],
    sku_list: [
      { sku_id: 5000000000011, mp_skuId: 9000000000011, price: 2990, promotion_price: 2590, quantity: 100, pic_url: "https://img.example.invalid/mug-red.jpg", status: "active", postFee: 0, properties: [color(28320, "红色")] },
      { sku_id: 5000000000012, mp_skuId: 9000000000012, price: 3190, promotion_price: 0, quantity: 50, pic_url: "", status: "active", postFee: 600, properties: [color(28341, "黑色")] },
    ],
  },
  {
    item_id: 700000000002, mp_id: "8000000000002", title: "保温杯 不锈钢", trans: {},
    price: 5900, promotion_price: 0, quantity: 30, sales: 2500, shop_id: 102, shop_name: "保温专营店", user_nick: "tb_flask_shop", category_id: "50002777",
    pic_urls: ["https://img.example.invalid/flask.jpg"], sku_list: [],
  },
  {
    item_id: 700000000003, mp_id: "8000000000003", title: "玻璃杯 马克杯 透明", trans: { en: "Glass mug, clear" },
    price: 1290, promotion_price: 0, quantity: 500, sales: 40, shop_id: 101, shop_name: "杯子旗舰店", user_nick: "tb_cup_shop", category_id: "50002777",
    pic_urls: ["https://img.example.invalid/glass.jpg"], sku_list: [],
  },
];

export interface TaobaoGlobalFakeOptions {
  appKey?: string;
  appSecret?: string;
  maxSkewMs?: number;
  /** Lifetimes in seconds; INFERRED defaults (7 and 30 days). */
  accessTtlSec?: number;
  refreshTtlSec?: number;
  now?: () => number;
  /** The orders query's largest page (INFERRED 50); tests lower it to see a capped page size honoured. */
  queryPageMax?: number;
  /** Where pushes go (none are made without it); `pushTo` sets it later. */
  pushUrl?: string;
}

interface Token {
  userId: string;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

type Answer = Record<string, unknown>;

class Refusal extends Error {
  readonly code: string;
  readonly type: string;
  constructor(code: string, message: string, type = "ISV") {
    super(message);
    this.code = code;
    this.type = type;
  }
}

const PUBLIC_APIS = new Set(["/auth/token/create", "/auth/token/refresh"]);

export class TaobaoGlobalFake {
  readonly appKey: string;
  readonly appSecret: string;
  readonly calls: FakeCall[] = [];
  readonly orders = new Map<number, FakeOrder>();
  #server: http.Server | undefined;
  #port = 0;
  readonly #maxSkewMs: number;
  readonly #accessTtlSec: number;
  readonly #refreshTtlSec: number;
  readonly now: () => number;
  readonly #codes = new Map<string, string>(); // auth code → user id
  readonly #byAccess = new Map<string, Token>();
  readonly #byRefresh = new Map<string, Token>();
  readonly #createAnswers = new Map<string, Answer>(); // user id + outer_purchase_id → data
  #pending: Array<() => void> = [];
  #refuseTokens = 0;
  readonly #faults: Array<{ status: number; body: string; delayMs: number }> = [];
  readonly #drops = new Set<string>();
  /** The goods catalogue (tests may push more items). */
  readonly catalogue: FakeItem[] = FAKE_CATALOGUE.map((i) => structuredClone(i));
  readonly #goodsRefusals = new Map<string, string>();
  readonly parcels = new Map<string, FakeParcel>();
  /** Every push made, in the order made (also the dropped ones). */
  readonly pushes: FakePush[] = [];
  /** How pushes go out: each once, each twice, or each batch (one action's pushes) in reverse order. */
  pushMode: PushMode = "normal";
  queryPageMax: number;
  #pushUrl: string | undefined;
  #dropPushes = 0;
  #batch: FakePush[] = [];
  #flushScheduled = false;
  #sending: Promise<void> = Promise.resolve();
  /** Uploaded pictures by the image_id answered (and whose upload it was). */
  readonly images = new Map<string, { bytes: Buffer; userId: string }>();
  readonly #similar = new Map<string, number[]>(); // sha256 hex of a picture → item ids
  #loseUploads = 0;
  #nextImageId = 1;
  #nextPurchaseId = 2_000_000_000_001; // INFERRED form: 13-digit numeric ids
  #nextSubId = 3_000_000_000_001;

  constructor(options: TaobaoGlobalFakeOptions = {}) {
    this.appKey = options.appKey ?? "500000";
    this.appSecret = options.appSecret ?? "fake-app-secret";
    this.#maxSkewMs = options.maxSkewMs ?? 7_200_000;
    this.#accessTtlSec = options.accessTtlSec ?? 7 * 86_400;
    this.#refreshTtlSec = options.refreshTtlSec ?? 30 * 86_400;
    this.now = options.now ?? Date.now;
    this.#pushUrl = options.pushUrl;
    this.queryPageMax = options.queryPageMax ?? 50;
  }

  /** Sends pushes to `url` from now on (undefined: none). */
  pushTo(url: string | undefined): void {
    this.#pushUrl = url;
  }

  /** Fault: the next `count` pushes are not sent at all (the poll must find those changes). */
  dropPushes(count: number): void {
    this.#dropPushes = count;
  }

  /** Resolves once every push made so far has been sent (or has failed). */
  async pushesSettled(): Promise<void> {
    for (;;) {
      const sending = this.#sending;
      await new Promise<void>((r) => setImmediate(r));
      await sending;
      if (sending === this.#sending && !this.#flushScheduled && this.#batch.length === 0) return;
    }
  }

  /** The gateway base to configure in the client (…/rest). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}/rest`;
  }

  async start(): Promise<this> {
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    await this.pushesSettled();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** What the OAuth redirect would hand the app after a distributor logs in and authorizes. */
  issueAuthCode(userId = "2200000000001"): string {
    const code = `0_${this.appKey}_${randomBytes(12).toString("hex")}`;
    this.#codes.set(code, userId);
    return code;
  }

  /** Makes an access token (or all of them) expired now, as the upstream would after its lifetime. */
  expireAccessToken(accessToken?: string): void {
    for (const t of this.#byAccess.values()) if (!accessToken || t.accessToken === accessToken) t.accessExpiresAt = this.now() - 1;
  }

  /** Fault: the next `count` authorized calls are refused with IllegalAccessToken (a revoked token). */
  refuseTokens(count: number): void {
    this.#refuseTokens = count;
  }

  /**
   * Fault: the next request gets a raw HTTP answer instead of the gateway's (e.g. 502 with an HTML
   * body), after `delayMs` — for transport-error, timeout and circuit tests. Queued, one per request.
   */
  failNext(fault: { status?: number; body?: string; delayMs?: number } = {}): void {
    this.#faults.push({ status: fault.status ?? 502, body: fault.body ?? "<html>502 Bad Gateway</html>", delayMs: fault.delayMs ?? 0 });
  }

  /**
   * Fault (test-only, no upstream behaviour claimed): the next request to `apiPath` is processed in
   * full, then its connection is cut before the answer — the "lost answer" of a create that went through.
   */
  dropResponseOnce(apiPath: string): void {
    this.#drops.add(apiPath);
  }

  /**
   * Fault: the next call to a goods API answers its business error with `code` (search: biz_error_code,
   * product: success false / error_code — forms SEEN in the SDK's types, codes up to the test).
   */
  refuseGoodsOnce(apiPath: string, code: string): void {
    this.#goodsRefusals.set(apiPath, code);
  }

  /** Test control: an image search with exactly these bytes finds these catalogue items, in this order. */
  registerImage(bytes: Buffer, itemIds: Array<number | string>): void {
    this.#similar.set(createHash("sha256").update(bytes).digest("hex"), itemIds.map(Number));
  }

  /**
   * Fault: the next `count` uploads answer an image_id that is not kept (as if the upstream's store
   * lost it before the search; INFERRED), so the search is refused as for an unknown id.
   */
  loseUploads(count = 1): void {
    this.#loseUploads = count;
  }

  /** Applies everything asynchronous so far, in order: building finished, payments, cancels. */
  settle(): void {
    const work = this.#pending;
    this.#pending = [];
    for (const step of work) step();
  }

  // -------------------------------------------------------------------------------------------
  // Seller actions (what the seller side does on its own)

  /**
   * The seller ships lines of a paid purchase (all its WAIT_SELLER_SEND_GOODS lines by default) in
   * one parcel: they become WAIT_BUYER_CONFIRM_GOODS and the parcel gets a first trace.
   */
  ship(purchaseId: number | string, parcel: { mailNo: string; carrier: string; carrierCode?: string; lineIds?: Array<number | string> }): FakeParcel {
    const order = this.#order(purchaseId);
    if (this.parcels.has(parcel.mailNo)) throw new Error(`fake: parcel ${parcel.mailNo} exists`);
    const wanted = parcel.lineIds ? new Set(parcel.lineIds.map(Number)) : undefined;
    const lines = order.lines.filter((l) => l.status === "WAIT_SELLER_SEND_GOODS" && (!wanted || wanted.has(l.sub_purchase_order_id)));
    if (lines.length === 0 || (wanted && lines.length !== wanted.size)) throw new Error(`fake: purchase ${purchaseId} has no such lines waiting to be shipped`);
    const at = this.now();
    const p: FakeParcel = {
      mail_no: parcel.mailNo, carrier: parcel.carrier, carrierCode: parcel.carrierCode ?? "", purchase_id: order.purchase_id,
      line_ids: lines.map((l) => l.sub_purchase_order_id), status: "WAITING_COLLECT",
      traces: [{ status: "WAITING_COLLECT", desc: "卖家已发货，等待揽收", city: "杭州市", at }], // wording INFERRED
    };
    this.parcels.set(p.mail_no, p);
    for (const l of lines) Object.assign(l, { status: "WAIT_BUYER_CONFIRM_GOODS", rts_time: at, mail_no: p.mail_no });
    this.#touch(order);
    return p;
  }

  /** A carrier's scan on a parcel. Not a change of the purchase: no push, modify_time kept (INFERRED). */
  trace(mailNo: string, status: ParcelStatus, desc: string, city = ""): void {
    const p = this.parcels.get(mailNo);
    if (!p) throw new Error(`fake: no parcel ${mailNo}`);
    p.status = status;
    p.traces.push({ status, desc, city, at: Math.max(this.now(), (p.traces.at(-1)?.at ?? 0) + 1000) });
  }

  /** The seller changes a line's unit price (fen) before payment (message type 8). */
  changePrice(purchaseId: number | string, subPurchaseId: number | string, priceFen: number): void {
    const order = this.#order(purchaseId);
    const line = order.lines.find((l) => l.sub_purchase_order_id === Number(subPurchaseId));
    if (!line) throw new Error(`fake: purchase ${purchaseId} has no line ${subPurchaseId}`);
    if (line.status !== "WAIT_BUYER_P") throw new Error(`fake: line ${subPurchaseId} is ${line.status}; prices change only while WAIT_BUYER_P`);
    if (!Number.isInteger(priceFen) || priceFen < 0) throw new Error("fake: price must be integer fen");
    line.price = priceFen;
    this.#touch(order, 8, { sub_purchase_order_id: line.sub_purchase_order_id, price: priceFen });
  }

  /** The upstream closes an unpaid purchase on its own (e.g. not paid in time). */
  closeUnpaid(purchaseId: number | string, reason = "超时未支付"): void {
    const order = this.#order(purchaseId);
    const open = order.lines.filter((l) => l.status === "BULIDING" || l.status === "WAIT_BUYER_P");
    if (open.length === 0) throw new Error(`fake: purchase ${purchaseId} has no unpaid lines`);
    for (const l of open) Object.assign(l, { status: "TRADE_CLOSED", close_reason: reason });
    this.#touch(order);
  }

  #order(purchaseId: number | string): FakeOrder {
    const order = this.orders.get(Number(purchaseId));
    if (!order) throw new Error(`fake: no purchase ${purchaseId}`);
    return order;
  }

  // -------------------------------------------------------------------------------------------
  // Pushes

  #push(order: FakeOrder, messageType: 3 | 8, extra: Record<string, unknown>): void {
    if (!this.#pushUrl) return;
    // INFERRED body (see the header); purchase_id as a JSON number, as the SDK's int64 ids are.
    const body = JSON.stringify({
      message_type: messageType, seller_id: order.user_id, timestamp: this.now(), site: "taobao_global",
      data: { purchase_id: order.purchase_id, order_status: order.status, modify_time: order.modify_time, ...extra },
    });
    const push: FakePush = { messageType, purchaseId: order.purchase_id, body, authorization: signPush(this.appKey, body, this.appSecret), url: this.#pushUrl, outcome: "pending" };
    this.pushes.push(push);
    if (this.#dropPushes > 0) {
      this.#dropPushes--;
      push.outcome = "dropped";
      return;
    }
    this.#batch.push(push);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // After the current action (and its HTTP answer) is done: one action's pushes are one batch.
      setImmediate(() => {
        this.#flushScheduled = false;
        const batch = this.#batch;
        this.#batch = [];
        const order = this.pushMode === "reversed" ? batch.reverse() : batch;
        const sends = this.pushMode === "twice" ? order.flatMap((p) => [p, p]) : order;
        this.#sending = this.#sending.then(async () => {
          for (const p of sends) await this.#send(p);
        });
      });
    }
  }

  async #send(push: FakePush): Promise<void> {
    try {
      const res = await fetch(push.url, { method: "POST", headers: { "content-type": "application/json", authorization: push.authorization }, body: push.body, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      push.outcome = "sent";
      push.httpStatus = res.status;
    } catch (err) {
      push.outcome = "failed";
      push.error = (err as Error).message;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Gateway

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const fault = this.#faults.shift();
    if (fault) {
      this.calls.push({ apiPath: (req.url ?? "").replace(/^\/rest/, "").split("?")[0]!, params: {}, refused: `HTTP ${fault.status}` });
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (!res.destroyed) res.writeHead(fault.status, { "content-type": "text/html" }).end(fault.body);
      return;
    }
    const requestId = randomBytes(12).toString("hex");
    let apiPath = "";
    let params: Record<string, string> = {};
    let answer: Answer;
    try {
      const url = new URL(req.url ?? "/", "http://fake");
      if (!url.pathname.startsWith("/rest/")) throw new Refusal("InvalidApiPath", "The specified API path is invalid"); // code INFERRED
      apiPath = url.pathname.slice("/rest".length);
      params = Object.fromEntries(url.searchParams);
      Object.assign(params, await readBody(req));
      answer = this.#gateway(apiPath, params);
      this.calls.push({ apiPath, params });
      answer = { code: "0", ...answer, request_id: requestId, _trace_id_: requestId };
    } catch (err) {
      // A bug in the fake must fail the test that hit it, not crash the test process: it answers
      // as the gateway's own failure would (SYSTEM type; code INFERRED).
      const refusal = err instanceof Refusal ? err : new Refusal("InternalError", `fake failure: ${(err as Error).message}`, "SYSTEM");
      this.calls.push({ apiPath, params, refused: refusal.code });
      // Gateway error envelope (SEEN form); HTTP 200 (INFERRED: the SDKs read the body either way).
      answer = { type: refusal.type, code: refusal.code, message: refusal.message, request_id: requestId };
    }
    if (this.#drops.delete(apiPath)) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
    res.end(JSON.stringify(answer));
  }

  #gateway(apiPath: string, p: Record<string, string>): Answer {
    for (const name of ["app_key", "timestamp", "sign_method", "sign"]) {
      if (!p[name]) {
        if (name === "sign") throw new Refusal("IncompleteSignature", "The request signature does not conform to platform standards");
        throw new Refusal("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied`); // INFERRED wording
      }
    }
    if (p["app_key"] !== this.appKey) throw new Refusal("InvalidAppKey", "The specified app key is invalid"); // code INFERRED
    if (p["sign_method"] !== "sha256" || !verifyRequest(apiPath, p, this.appSecret)) {
      throw new Refusal("IncompleteSignature", "The request signature does not conform to platform standards");
    }
    const ts = Number(p["timestamp"]);
    if (!Number.isFinite(ts) || Math.abs(this.now() - ts) > this.#maxSkewMs) {
      throw new Refusal("InvalidTimestamp", "The specified timestamp is out of the allowed range"); // code INFERRED
    }
    const handler = this.#apis[apiPath];
    if (!handler) throw new Refusal("InvalidApiPath", "The specified API path is invalid"); // code INFERRED
    if (PUBLIC_APIS.has(apiPath)) return handler(p, "");
    const token = this.#byAccess.get(p["access_token"] ?? "");
    if (this.#refuseTokens > 0) {
      this.#refuseTokens--;
      throw new Refusal("IllegalAccessToken", "The specified access token is invalid or expired");
    }
    if (!token || token.accessExpiresAt <= this.now()) throw new Refusal("IllegalAccessToken", "The specified access token is invalid or expired");
    return handler(p, token.userId);
  }

  readonly #apis: Record<string, (p: Record<string, string>, userId: string) => Answer> = {
    "/auth/token/create": (p) => {
      const userId = this.#codes.get(need(p, "code"));
      if (!userId) throw new Refusal("InvalidCode", "The authorization code is invalid or used"); // code INFERRED
      this.#codes.delete(p["code"]!);
      return this.#issue(userId);
    },
    "/auth/token/refresh": (p) => {
      const old = this.#byRefresh.get(need(p, "refresh_token"));
      if (!old || old.refreshExpiresAt <= this.now()) throw new Refusal("IllegalRefreshToken", "The specified refresh token is invalid or expired"); // code INFERRED
      // Rotation (INFERRED): the old pair stops working once a new one is issued.
      this.#byAccess.delete(old.accessToken);
      this.#byRefresh.delete(old.refreshToken);
      return this.#issue(old.userId);
    },
    "/purchase/order/create": (p, userId) => this.#create(p, userId),
    "/purchase/orders/query": (p, userId) => this.#query(p, userId),
    "/purchase/order/batch/pay": (p, userId) => this.#batchPay(p, userId),
    "/purchase/order/asyn/cancel": (p, userId) => this.#cancel(p, userId),
    "/logistics/detail/get": (p, userId) => this.#logistics(p, userId),
    "/product/get": (p) => this.#productGet(p),
    "/traffic/item/search": (p) => this.#itemSearch(p),
    "/product/translate/get": (p) => this.#translate(p),
    "/upload/image": (p, userId) => this.#uploadImage(p, userId),
    "/traffic/item/imgsearch": (p, userId) => this.#imageSearch(p, userId),
  };

  // -------------------------------------------------------------------------------------------
  // Goods

  #productGet(p: Record<string, string>): Answer {
    const id = need(p, "item_id");
    const refused = this.#takeGoodsRefusal("/product/get");
    if (refused) return { success: false, error_code: refused, error_msg: `fake refusal ${refused}` };
    // item_id is the Taobao item id (SEEN); also matching mp_id is INFERRED leniency.
    const item = this.catalogue.find((i) => String(i.item_id) === id || i.mp_id === id);
    // The not-found code and form are INFERRED (the SDK only shows success/error_code/error_msg).
    if (!item) return { success: false, error_code: "ITEM_NOT_FOUND", error_msg: `item ${id} not found`, fail_items: id };
    return {
      success: true,
      data: {
        item_id: item.item_id, mp_id: item.mp_id, title: item.title, description: `<p>${item.title}</p>`, pic_urls: item.pic_urls,
        price: item.price, promotion_price: item.promotion_price, coupon_price: 0, postFee: 0, quantity: item.quantity, begin_amount: 0,
        status: "active", shop_id: item.shop_id, shop_name: item.shop_name, user_nick: item.user_nick, category_id: item.category_id,
        category_name: "马克杯", category_path: "餐饮具/杯子/马克杯", product_unit: "件", item_type: "TB", promotion_displays: [],
        sku_list: item.sku_list,
      },
    };
  }

  #itemSearch(p: Record<string, string>): Answer {
    const refused = this.#takeGoodsRefusal("/traffic/item/search");
    if (refused) return { biz_error_code: refused, biz_error_msg: `fake refusal ${refused}`, data: { page_no: 0, page_size: 0, data: [] } };
    const keyword = p["keyword"] ?? "";
    const pageNo = Math.max(1, Number(p["page_no"] ?? 1));
    const pageSize = Number(p["page_size"] ?? 10); // default 10, at most 20 (SEEN)
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 20) return { biz_error_code: "PARAM_ERROR", biz_error_msg: "page_size must be 1..20", data: {} }; // code INFERRED
    const lang = p["language"];
    // Matching by substring of the Chinese title or a translation is INFERRED.
    const found = this.catalogue.filter((i) => !keyword || i.title.includes(keyword) || Object.values(i.trans).some((t) => t.toLowerCase().includes(keyword.toLowerCase())));
    const sort = p["sort"];
    const cmp: Record<string, (a: FakeItem, b: FakeItem) => number> = {
      PRICE_ASC: (a, b) => a.price - b.price, PRICE_DESC: (a, b) => b.price - a.price,
      SALE_QTY_ASC: (a, b) => a.sales - b.sales, SALE_QTY_DESC: (a, b) => b.sales - a.sales,
    };
    if (sort && cmp[sort]) found.sort(cmp[sort]);
    const page = found.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return { data: { page_no: pageNo, page_size: pageSize, data: page.map((i) => searchEntry(i, lang)) } };
  }

  #uploadImage(p: Record<string, string>, userId: string): Answer {
    const refused = this.#takeGoodsRefusal("/upload/image");
    if (refused) return { biz_error_code: refused, biz_error_msg: `fake refusal ${refused}` };
    const b64 = need(p, "image_base64");
    // Plain base64 (SEEN "Base64 编码"); anything else in the text is refused (INFERRED strictness).
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return { biz_error_code: "IMAGE_DECODE_ERROR", biz_error_msg: "image_base64 is not base64" }; // code INFERRED
    const bytes = Buffer.from(b64, "base64");
    // JPG/PNG/WEBP, ≤ 3 MB (SEEN); the picture's size, not the text's (INFERRED); codes INFERRED.
    if (bytes.length > 3 * 1024 * 1024) return { biz_error_code: "IMAGE_TOO_LARGE", biz_error_msg: "the image is larger than 3MB" };
    if (!isUploadPicture(bytes)) return { biz_error_code: "IMAGE_FORMAT_ERROR", biz_error_msg: "only JPG/PNG/WEBP images are supported" };
    const imageId = `img_${String(this.#nextImageId++).padStart(8, "0")}_${randomBytes(4).toString("hex")}`; // form INFERRED
    if (this.#loseUploads > 0) this.#loseUploads--;
    else this.images.set(imageId, { bytes, userId });
    return { data: { image_id: imageId } };
  }

  #imageSearch(p: Record<string, string>, userId: string): Answer {
    const refused = this.#takeGoodsRefusal("/traffic/item/imgsearch");
    if (refused) return { biz_error_code: refused, biz_error_msg: `fake refusal ${refused}`, data: [] };
    const id = p["image_id"];
    // pic_url is the other way in (SEEN); this fake serves uploaded pictures only (INFERRED code).
    if (!id) return { biz_error_code: "PARAM_ERROR", biz_error_msg: "image_id is required by this fake (pic_url is not served)", data: [] };
    const image = this.images.get(id);
    // Unknown, lost, or another distributor's upload (INFERRED code).
    if (!image || image.userId !== userId) return { biz_error_code: "IMAGE_NOT_FOUND", biz_error_msg: `image ${id} not found`, data: [] };
    const ids = this.#similar.get(createHash("sha256").update(image.bytes).digest("hex"));
    const found = ids ? ids.map((n) => this.catalogue.find((i) => i.item_id === n)).filter((i): i is FakeItem => i !== undefined) : this.catalogue;
    // At most 100 (SEEN "最多100条"); no paging parameters (SEEN).
    return { data: found.slice(0, 100).map((i) => searchEntry(i, p["language"])) };
  }

  #translate(p: Record<string, string>): Answer {
    const id = need(p, "item_id"); // the mp_id (SEEN: 铺货商品id)
    const lang = p["language"] ?? "zh";
    const item = this.catalogue.find((i) => i.mp_id === id);
    if (!item) return { result: { success: false, error_code: "ITEM_NOT_FOUND", error_msg: `item ${id} not found` } }; // INFERRED code
    // No translation in that language: answered as a failure (INFERRED; the SDK shows none).
    if (lang !== "zh" && !item.trans[lang]) return { result: { success: false, error_code: "TRANSLATE_NOT_SUPPORT", error_msg: `no ${lang} translation` } };
    return { result: { success: true, data: { item_id: item.mp_id, language: lang, title: lang === "zh" ? item.title : item.trans[lang], main_image: item.pic_urls[0] ?? "", properties: [], sku_properties: [] } } };
  }

  #takeGoodsRefusal(apiPath: string): string | undefined {
    const code = this.#goodsRefusals.get(apiPath);
    this.#goodsRefusals.delete(apiPath);
    return code;
  }

  #issue(userId: string): Answer {
    const t: Token = {
      userId,
      accessToken: `50000${randomBytes(16).toString("hex")}`,
      refreshToken: `50001${randomBytes(16).toString("hex")}`,
      accessExpiresAt: this.now() + this.#accessTtlSec * 1000,
      refreshExpiresAt: this.now() + this.#refreshTtlSec * 1000,
    };
    this.#byAccess.set(t.accessToken, t);
    this.#byRefresh.set(t.refreshToken, t);
    // Field names SEEN (types/token.go); values INFERRED.
    return {
      access_token: t.accessToken, refresh_token: t.refreshToken,
      expires_in: this.#accessTtlSec, refresh_expires_in: this.#refreshTtlSec,
      account: `distributor-${userId}`, user_id: userId, seller_id: userId, account_platform: "taobao_global", short_code: "",
    };
  }

  // -------------------------------------------------------------------------------------------
  // Purchase flow

  #create(p: Record<string, string>, userId: string): Answer {
    const outer = need(p, "outer_purchase_id");
    const key = `${userId}\u0000${outer}`;
    const earlier = this.#createAnswers.get(key);
    if (earlier) return earlier; // idempotent: the same outer_purchase_id answers the same orders
    need(p, "purchase_amount");
    const lines = jsonParam<Array<Record<string, unknown>>>(p, "order_line_list");
    const receiver = jsonParam<Record<string, unknown>>(p, "receiver");
    if (!Array.isArray(lines) || lines.length === 0) throw new Refusal("InvalidParameter", "order_line_list must not be empty"); // INFERRED
    const now = this.now();
    // One purchase order per supplier (SEEN: order_list[] with supplier_nick). Supplier of an item
    // is INFERRED from its id, so tests can make multi-supplier carts deterministically.
    const bySupplier = new Map<string, FakeLine[]>();
    for (const l of lines) {
      const itemId = String(l["item_id"] ?? "");
      const quantity = Number(l["quantity"]);
      const price = Number(l["price"]);
      if (!itemId || !Number.isInteger(quantity) || quantity <= 0 || !Number.isInteger(price) || price < 0) {
        throw new Refusal("InvalidParameter", "order_line_list: item_id, quantity and price (fen) are required"); // INFERRED
      }
      const supplier = `tb_supplier_${itemId.slice(-1)}`;
      const line: FakeLine = {
        sub_purchase_order_id: this.#nextSubId++, item_id: itemId, sku_id: Number(l["sku_id"] ?? 0), quantity, price,
        order_line_no: String(l["order_line_no"] ?? ""), status: "BULIDING",
      };
      bySupplier.set(supplier, [...(bySupplier.get(supplier) ?? []), line]);
    }
    const created: FakeOrder[] = [];
    for (const [supplier, ls] of bySupplier) {
      const order: FakeOrder = {
        purchase_id: this.#nextPurchaseId++, outer_purchase_id: outer, user_id: userId, supplier_nick: supplier,
        status: "BULIDING", created_time: now, modify_time: now, receiver, lines: ls,
      };
      this.orders.set(order.purchase_id, order);
      created.push(order);
      this.#pending.push(() => {
        if (order.status !== "BULIDING") return;
        for (const l of order.lines) if (l.status === "BULIDING") l.status = "WAIT_BUYER_P";
        this.#touch(order);
      });
    }
    const data = {
      payment_url: `https://distributor.taobao.global/pay?outer_purchase_id=${encodeURIComponent(outer)}`, // INFERRED form
      outer_purchase_id: outer,
      success: true,
      order_list: created.map((o) => ({
        purchase_id: o.purchase_id, supplier_nick: o.supplier_nick, source_market: "TB",
        estimate_amount: o.lines.reduce((s, l) => s + l.price * l.quantity, 0), estimate_currency: "CNY",
        order_line_list: o.lines.map((l) => ({
          item_id: l.item_id, sku_id: l.sku_id, order_line_no: l.order_line_no, quantity: l.quantity,
          estimate_amount: l.price * l.quantity, estimate_currency: "CNY", sub_purchase_order_id: l.sub_purchase_order_id, supplier_nick: o.supplier_nick,
        })),
      })),
    };
    const answer = { success: true, data };
    this.#createAnswers.set(key, answer);
    return answer;
  }

  #query(p: Record<string, string>, userId: string): Answer {
    const ids = p["purchase_ids"] ? new Set(jsonParam<number[]>(p, "purchase_ids").map(Number)) : undefined;
    const start = p["modify_time_start"] ? Number(p["modify_time_start"]) : undefined;
    const end = p["modify_time_end"] ? Number(p["modify_time_end"]) : undefined;
    const pageNo = Math.max(1, Number(p["page_no"] ?? 1));
    const pageSize = Math.min(this.queryPageMax, Math.max(1, Number(p["page_size"] ?? 20))); // max INFERRED
    let found = [...this.orders.values()].filter((o) =>
      o.user_id === userId
      && (!ids || ids.has(o.purchase_id))
      && (!p["outer_purchase_id"] || o.outer_purchase_id === p["outer_purchase_id"])
      && (!p["status"] || o.status === p["status"])
      && (start === undefined || o.modify_time >= start)
      && (end === undefined || o.modify_time <= end));
    found.sort((a, b) => (p["sort_type"] === "DESC" ? b.modify_time - a.modify_time : a.modify_time - b.modify_time));
    const total = found.length;
    found = found.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return {
      success: true,
      data: {
        results_total: total, page_no: pageNo, page_size: pageSize,
        purchase_orders: found.map((o) => {
          const product = o.lines.reduce((s, l) => s + l.price * l.quantity, 0);
          return {
            purchase_id: o.purchase_id, outer_purchase_id: o.outer_purchase_id, status: o.status, supplier_nick: o.supplier_nick,
            created_time: o.created_time, modify_time: o.modify_time, pay_time: o.pay_time ?? 0,
            purchase_amount: product, product_amount: product, pay_amount: o.pay_time ? product : 0, domestic_post_fee: 0,
            purchase_currency: "CNY", pay_currency: "CNY", source_market: "TB", receiver: o.receiver,
            sub_purchase_orders: o.lines.map((l) => ({
              sub_purchase_order_id: l.sub_purchase_order_id, item_id: l.item_id, sku_id: l.sku_id, quantity: l.quantity,
              status: l.status, close_reason: l.close_reason ?? "", pay_time: l.pay_time ?? 0,
              purchase_amount: l.price * l.quantity, product_amount: l.price * l.quantity, pay_amount: l.pay_time ? l.price * l.quantity : 0,
              purchase_currency: "CNY", pay_currency: "CNY", domestic_post_fee: 0,
              logistic_orders: l.mail_no
                ? [{ logistic_company_name: this.parcels.get(l.mail_no)?.carrier ?? "", logistic_number: l.mail_no, rts_time: l.rts_time ?? 0 }]
                : [],
              international_logistic_orders: [], supply_chain_service_orders: [],
            })),
          };
        }),
      },
    };
  }

  #batchPay(p: Record<string, string>, userId: string): Answer {
    const ids = jsonParam<unknown[]>(p, "purchaseOrderIdList");
    if (!Array.isArray(ids) || ids.length === 0) throw new Refusal("MissingParameter", "purchaseOrderIdList must not be empty"); // INFERRED
    // The ≤ 10 limit is SEEN (types/order_batch_pay.go); the refusal's code and form are INFERRED.
    if (ids.length > 10) throw new Refusal("InvalidParameter", `purchaseOrderIdList has ${ids.length} ids; at most 10 per call`);
    const willPay: string[] = [];
    const failed: string[] = [];
    const results: Answer[] = [];
    for (const raw of ids) {
      const order = this.orders.get(Number(raw));
      const fail = (errorCode: string, errorMessage: string) => {
        failed.push(String(raw));
        results.push({ gspOrderId: Number(raw), errorCode, errorMessage }); // codes INFERRED
      };
      if (!order || order.user_id !== userId) fail("PURCHASE_ORDER_NOT_FOUND", "purchase order not found");
      else if (order.status !== "WAIT_BUYER_P") fail("PURCHASE_ORDER_STATUS_ERROR", `purchase order is ${order.status}, not WAIT_BUYER_P`);
      else {
        willPay.push(String(order.purchase_id));
        this.#pending.push(() => {
          if (order.status !== "WAIT_BUYER_P") return;
          const at = this.now();
          order.pay_time = at;
          for (const l of order.lines) if (l.status === "WAIT_BUYER_P") Object.assign(l, { status: "WAIT_SELLER_SEND_GOODS", pay_time: at });
          this.#touch(order);
        });
      }
    }
    return { success: true, data: { will_pay_purchase_order_ids: willPay, pay_failure_purchase_order_ids: failed, pay_failed_results: results } };
  }

  #cancel(p: Record<string, string>, userId: string): Answer {
    const order = this.orders.get(Number(need(p, "purchase_id")));
    const reason = need(p, "cancel_reason");
    if (!order || order.user_id !== userId) return { success: false, error_code: "PURCHASE_ORDER_NOT_FOUND", error_msg: "purchase order not found" }; // INFERRED
    const subIds = p["sub_purchase_orderId_list"] ? new Set(jsonParam<unknown[]>(p, "sub_purchase_orderId_list").map(Number)) : undefined;
    const targets = order.lines.filter((l) => !subIds || subIds.has(l.sub_purchase_order_id));
    if (targets.length === 0 || targets.some((l) => l.status !== "BULIDING" && l.status !== "WAIT_BUYER_P")) {
      return { success: false, error_code: "ORDER_STATUS_NOT_SUPPORT_CANCEL", error_msg: "only unpaid lines can be cancelled" }; // INFERRED
    }
    this.#pending.push(() => {
      for (const l of targets) if (l.status === "BULIDING" || l.status === "WAIT_BUYER_P") Object.assign(l, { status: "TRADE_CLOSED", close_reason: reason });
      this.#touch(order);
    });
    return { success: true };
  }

  #logistics(p: Record<string, string>, userId: string): Answer {
    const lineId = Number(need(p, "purchase_order_line_id"));
    const order = [...this.orders.values()].find((o) => o.user_id === userId && o.lines.some((l) => l.sub_purchase_order_id === lineId));
    // Form SEEN (result {success, error_code, error_msg}); the code is INFERRED.
    if (!order) return { result: { success: false, error_code: "PURCHASE_ORDER_LINE_NOT_FOUND", error_msg: `line ${lineId} not found` } };
    const fmt = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " "); // China time, INFERRED form
    const parcels = [...this.parcels.values()].filter((x) => x.line_ids.includes(lineId));
    return {
      result: {
        success: true,
        data: {
          purchase_order_outer_id: order.purchase_id,
          pnm_logistics_details: parcels.map((x) => ({
            mail_no: x.mail_no, logistics_status: x.status, logistics_desc: x.traces.at(-1)?.desc ?? "", goods_number: x.line_ids.length,
            // company_code is INFERRED (the SDK shows company, company_image_url, company_contact).
            logistics_partner: [{ company: x.carrier, company_code: x.carrierCode, company_image_url: "", company_contact: "" }],
            receiver: {}, logistics_goods: [],
            // Newest first, as tracking pages list them (INFERRED): the connector must sort.
            logistics_traces: [...x.traces].reverse().map((t) => ({ status: t.status, status_desc: t.desc, standerd_desc: t.desc, time: fmt(t.at), city: t.city })),
          })),
        },
      },
    };
  }

  /**
   * The order's status follows its lines (INFERRED: the least advanced open line, else closed);
   * every change moves modify_time on and is pushed.
   */
  #touch(order: FakeOrder, messageType: 3 | 8 = 3, extra: Record<string, unknown> = {}): void {
    const rank: LineStatus[] = ["BULIDING", "WAIT_BUYER_P", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS"];
    const open = order.lines.filter((l) => l.status !== "TRADE_CLOSED").map((l) => rank.indexOf(l.status));
    order.status = open.length === 0 ? "TRADE_CLOSED" : rank[Math.min(...open)]!;
    order.modify_time = Math.max(this.now(), order.modify_time + 1);
    this.#push(order, messageType, extra);
  }
}

export async function startTaobaoGlobalFake(options: TaobaoGlobalFakeOptions = {}): Promise<TaobaoGlobalFake> {
  return new TaobaoGlobalFake(options).start();
}

/** One catalogue item in the search answers' form (/traffic/item/search and imgsearch share it, SEEN). */
function searchEntry(i: FakeItem, lang: string | undefined): Answer {
  return {
    item_id: i.item_id, title: i.title, main_image_url: i.pic_urls[0] ?? "", shop_name: i.shop_name, inventory: i.quantity, tags: [],
    // Search prices are yuan strings (SEEN: "单位: 元"), unlike /product/get's fen.
    price: ((i.promotion_price || i.price) / 100).toFixed(2), coupon_price: "", promotion_displays: [],
    ...(lang && i.trans[lang] ? { multi_language_info: { language: lang, title: i.trans[lang], main_image_url: i.pic_urls[0] ?? "" } } : {}),
  };
}

/** JPEG, PNG or WebP by the magic bytes (the fake's own check, kept apart from the connector's). */
function isUploadPicture(b: Buffer): boolean {
  const jpeg = b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const png = b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a;
  const webp = b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP";
  return jpeg || png || webp;
}

function need(p: Record<string, string>, name: string): string {
  const v = p[name];
  if (!v) throw new Refusal("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied`);
  return v;
}

function jsonParam<T>(p: Record<string, string>, name: string): T {
  try {
    return JSON.parse(need(p, name)) as T;
  } catch (err) {
    if (err instanceof Refusal) throw err;
    throw new Refusal("InvalidParameter", `"${name}" is not valid JSON`); // INFERRED
  }
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  const type = String(req.headers["content-type"] ?? "");
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new Refusal("InvalidParameter", "body is neither JSON nor a form"); // INFERRED
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}
