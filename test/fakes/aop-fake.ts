// A faithful local fake of the 1688 open platform gateway ("AOP"), a real HTTP server on a random
// port, for contract tests of the 1688 connector. It speaks the wire form of
// ../shared/research/warehouse-connectors.md §B.1: form posts to
// /openapi/param2/1/{namespace}/{api}/{appKey}, `_aop_signature` recomputed (string sort) and
// refused when wrong, `access_token` enforced, answers in the gateway / API error envelopes, orders
// kept with 1688's statuses and money units (baseInfo.totalAmount etc. in yuan decimals; the create
// result's totalSuccessAmount and postFee in fen).
//
// It also plays 1688's OAuth (system.oauth2/getToken for a code and for a refresh, tokens that
// expire) and its message push: once `pushTo(url)` is set, every change of an order or a refund
// is POSTed there as a signed form push of the topic 1688 uses for it (src/marketplace/alibaba-1688/
// push.ts has the wire form), after the API's answer and without holding it up.
//
// What is INFERRED (not seen in the research or the SDKs) is marked so where it is done; most
// notably the gateway's exact error codes for a bad signature or token, which the research lists as
// not found.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { aopSignatureMatches, aopUrlPath, parseAopDate } from "../../src/marketplace/alibaba-1688/aop.ts";
import { aopPushBody } from "../../src/marketplace/alibaba-1688/push.ts";

export interface FakeSku {
  skuId: string;
  /** 32-hex spec id (the cargo's specId in create calls). */
  specId: string;
  priceFen: number;
  stock: number;
  attributes: Array<{ attributeID: number; attributeName: string; attributeValue: string }>;
}

export interface FakeProduct {
  productID: string;
  subject: string;
  sellerLoginId: string;
  images: string[];
  minOrderQuantity: number;
  unit: string;
  unitWeightKg: number;
  categoryID: number;
  skus: FakeSku[];
}

export interface FakeOrderItem {
  subItemID: string;
  productID: string;
  skuID: string;
  specId: string;
  quantity: number;
  priceFen: number;
  name: string;
}

export interface FakeOrder {
  id: string;
  outOrderId: string | null;
  sellerLoginId: string;
  /** 1688 order status (bububa const.go): waitbuyerpay, waitsellersend, …, cancel, terminated. */
  status: string;
  createdAt: number;
  payTime: number | null;
  closeReason: string | null;
  postFeeFen: number;
  items: FakeOrderItem[];
  /** Parcels the seller sent (test control `ship`). */
  parcels: FakeParcel[];
  /** Last change of the order or of anything on it (getBuyerOrderList's modify time). */
  modifiedAt: number;
}

/** One push the fake made (or was told to lose). */
export interface FakePush {
  msgId: string;
  type: string;
  orderIds: string[];
  /** The `message` form value, exactly as signed. */
  message: string;
  /** sent: answered (httpStatus); failed: no answer; dropped: lost on purpose; held: waiting (reversed mode). */
  state: "sent" | "failed" | "dropped" | "held";
  httpStatus: number | null;
  /** How many times it was POSTed (2 in "twice" mode). */
  deliveries: number;
}

export type PushMode = "normal" | "twice" | "reversed";

export interface FakeParcel {
  logisticsId: string;
  billNo: string;
  carrierName: string;
  /** Carrier code (INFERRED member name logisticsCompanyNo, as in returnGoods' request). */
  carrierNo: string;
  entryIds: string[];
  sentAt: number;
  steps: Array<{ at: number; remark: string }>;
}

export interface FakeRefund {
  /** 1688's own refund id ("TQ…", research §B.1). */
  refundId: string;
  orderId: string;
  entryIds: string[];
  disputeRequest: "refund" | "returnRefund";
  applyPaymentFen: number;
  applyCarriageFen: number;
  reasonId: string;
  description: string;
  goodsStatus: string;
  /** 1688 refund status (bububa const.go): waitselleragree, waitbuyermodify, waitbuyersend, waitsellerreceive, refundsuccess, refundclose. */
  status: string;
  refundPaymentFen: number;
  rejectReason: string | null;
  freightBill: string | null;
  logisticsCompanyNo: string | null;
  returnAddress: { name: string; mobile: string; address: string; post: string } | null;
  sellerNote: string | null;
  gmtCreate: number;
  gmtModified: number;
  /** The voucher addresses createRefund was given (each one an upload of this fake). */
  vouchers: string[];
}

export interface AopFakeOptions {
  appKey: string;
  appSecret: string;
  /** access token → expiry (epoch ms, by `now`). */
  tokens: Record<string, number>;
  products?: FakeProduct[];
  /** The fake's clock (for token expiry and CLOSE_ORDER_TOO_FAST). */
  now?: () => number;
  /** Shipping per order, fen. */
  postFeeFen?: number;
  /**
   * Whether a second createCrossOrder with an outOrderId already used returns the first orders.
   * INFERRED: the research does not say the real platform deduplicates on outOrderId, so the default
   * is false (a repeat buys again) — the connector must not rely on it.
   */
  dedupeOutOrderId?: boolean;
  /** Lifetimes of tokens the OAuth endpoint issues (default 10 h and 180 days, INFERRED from a C# SDK's notes). */
  accessTtlMs?: number;
  refreshTtlMs?: number;
  /** The authorizing buyer's member id (userInfo of pushes, memberId of tokens). */
  memberId?: string;
}

export interface CallRecord {
  namespace: string;
  api: string;
  /** The text params (the signed ones). */
  params: Record<string, string>;
  status: number;
  /** A multipart call's file fields. */
  files?: Record<string, FakeFile>;
}

export interface FakeFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** A refund voucher uploaded by uploadRefundVoucher, under the address createRefund's `vouchers` names it by. */
export interface FakeVoucher {
  url: string;
  bytes: Buffer;
}

/**
 * INFERRED: the research says "< 1 MB" without saying which megabyte; the fake takes the strict
 * reading (10^6 bytes), so a connector that passes here passes either.
 */
export const FAKE_VOUCHER_MAX_BYTES = 1_000_000;
/** INFERRED: where the fake's uploaded vouchers live (1688 pictures are served from alicdn). */
const VOUCHER_DOMAIN = "https://cbu01.alicdn.com";

type Json = Record<string, unknown>;

/** A 19-digit id written as a JSON number, every digit kept, as 1688 writes order and entry ids (Node ≥ 21 JSON.rawJSON). */
const long = (digits: string): unknown => (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(digits);

/** yuan decimal as 1688 writes it in order details (a JSON number, e.g. 12.5). */
const yuan = (fen: number): number => fen / 100;

/** `yyyyMMddHHmmssSSS+0800` (bububa types.go, the mirror's example 20180802211113000+0800). */
function aopDate(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${p(d.getUTCMilliseconds(), 3)}+0800`;
}

export class AopFake {
  readonly options: Required<AopFakeOptions>;
  readonly products = new Map<string, FakeProduct>();
  readonly orders = new Map<string, FakeOrder>();
  readonly calls: CallRecord[] = [];
  readonly refunds = new Map<string, FakeRefund>();
  /** Every voucher uploaded, by address. */
  readonly vouchers = new Map<string, FakeVoucher>();
  /** Refund reason ids that need a voucher (test control requireVoucher). */
  readonly #voucherReasons = new Set<string>();
  #nextRefund = 1;
  #nextVoucher = 1;
  #payRefusals: string[] = [];
  #server: Server;
  #url = "";
  #nextId = 1675390194205400001n;
  #failures: Array<{ status: number }> = [];
  #drop = new Set<string>();
  #stall = new Set<string>();
  /** OAuth: codes not yet exchanged, refresh tokens → expiry. */
  #codes = new Set<string>();
  readonly refreshTokens = new Map<string, number>();
  #nextToken = 1;
  // Pushes.
  #pushUrl: string | null = null;
  pushMode: PushMode = "normal";
  readonly pushLog: FakePush[] = [];
  #dropPushes = 0;
  #held: FakePush[] = [];
  #pushChain: Promise<void> = Promise.resolve();
  #nextMsgId = 900_000_000_001n;

  private constructor(options: AopFakeOptions) {
    this.options = { products: [], now: Date.now, postFeeFen: 600, dedupeOutOrderId: false, accessTtlMs: 10 * 3600_000, refreshTtlMs: 180 * 24 * 3600_000, memberId: "b2b-2209876543210", ...options };
    for (const p of this.options.products) this.products.set(p.productID, p);
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: AopFakeOptions): Promise<AopFake> {
    const fake = new AopFake(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    fake.#url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return this.#url;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The next n calls answer this HTTP status (a gateway in trouble), before anything is done. */
  failNext(n: number, status = 503): void {
    for (let i = 0; i < n; i++) this.#failures.push({ status });
  }

  /** The next call of this API is carried out, then its connection is cut before the answer. */
  dropResponseOnce(api: string): void {
    this.#drop.add(api);
  }

  /** The next call of this API is never answered (nor carried out): the caller's timeout must fire. */
  stallOnce(api: string): void {
    this.#stall.add(api);
  }

  /** Test control: this refund reason needs a voucher from now on (getRefundReasonList says so, createRefund refuses one without). */
  requireVoucher(reasonId: number | string): void {
    this.#voucherReasons.add(String(reasonId));
  }

  /** The next protocol pay is refused with this code (e.g. no signed agreement, balance short). */
  refusePaymentOnce(code: string): void {
    this.#payRefusals.push(code);
  }

  // -------------------------------------------------------------------------------------------
  // OAuth controls

  /** What auth.1688.com would hand the redirect after the buyer agreed: a one-time code. */
  issueAuthCode(): string {
    const code = `code-${this.#nextToken++}-${Math.random().toString(16).slice(2, 10)}`;
    this.#codes.add(code);
    return code;
  }

  /** The gateway takes this access token (or every one) for expired from now on, whatever its expiry said. */
  expireAccessToken(token?: string): void {
    for (const t of token === undefined ? Object.keys(this.options.tokens) : [token]) this.options.tokens[t] = this.options.now() - 1;
  }

  // -------------------------------------------------------------------------------------------
  // Push controls

  /** Where pushes go (null: nowhere, the default). */
  pushTo(url: string | null): void {
    this.#pushUrl = url;
  }

  /** The next n pushes are lost (logged as dropped, never sent). */
  dropPushes(n: number): void {
    this.#dropPushes += n;
  }

  /** Resolves once every push made so far has been answered; in "reversed" mode, first sends the held ones newest first. */
  async pushesSettled(): Promise<void> {
    const held = this.#held.reverse();
    this.#held = [];
    for (const push of held) this.#deliver(push, 1);
    await this.#pushChain;
  }

  /** Test control: the seller changes an unpaid order's shipping fee (ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY). */
  modifyPrice(orderId: string, postFeeFen: number): void {
    const order = this.orders.get(orderId);
    if (!order || order.status !== "waitbuyerpay") throw new Error(`fake: order ${orderId} cannot be repriced (${order?.status})`);
    order.postFeeFen = postFeeFen;
    this.#orderChanged(order, "ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY");
  }

  /** Test control: the seller ships the order (all its entries unless given) with a first trace step. */
  ship(orderId: string, parcel: { billNo: string; carrierName: string; carrierNo: string; entryIds?: string[]; remark?: string }): FakeParcel {
    const order = this.orders.get(orderId);
    if (!order || order.status !== "waitsellersend") throw new Error(`fake: order ${orderId} cannot be shipped (${order?.status})`);
    const at = this.options.now();
    const shipped: FakeParcel = {
      logisticsId: `LP${this.#nextId++}`,
      billNo: parcel.billNo,
      carrierName: parcel.carrierName,
      carrierNo: parcel.carrierNo,
      entryIds: parcel.entryIds ?? order.items.map((i) => i.subItemID),
      sentAt: at,
      steps: [{ at, remark: parcel.remark ?? "【杭州市】快件已被揽收" }],
    };
    order.parcels.push(shipped);
    const partial = shipped.entryIds.length < order.items.length;
    order.status = "waitbuyerreceive";
    // SEEN topic names (go1688 message/const.go); INFERRED: a partial parcel still moves the whole order here.
    this.#orderChanged(order, partial ? "ORDER_BUYER_VIEW_PART_PART_SENDGOODS" : "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS");
    return shipped;
  }

  /** Test control: one more trace step of a parcel. */
  trace(billNo: string, remark: string): void {
    const parcel = [...this.orders.values()].flatMap((o) => o.parcels).find((p) => p.billNo === billNo);
    if (!parcel) throw new Error(`fake: no parcel ${billNo}`);
    parcel.steps.push({ at: this.options.now(), remark });
    const order = [...this.orders.values()].find((o) => o.parcels.includes(parcel))!;
    this.#touchOrder(order);
    // SEEN: data.OrderLogisticsTracingModel {logisticsId, cpCode, mailNo, statusChanged, changeTime, orderLogsItems[] {orderId, orderEntryId}}.
    // INFERRED: statusChanged from the remark's wording; changeTime's form.
    const status = /签收/.test(remark) ? "SIGN" : /派送|派件/.test(remark) ? "DELIVERING" : /揽收/.test(remark) ? "ACCEPT" : "TRANSPORT";
    this.#push("LOGISTICS_BUYER_VIEW_TRACE", [order.id], {
      OrderLogisticsTracingModel: {
        logisticsId: parcel.logisticsId,
        cpCode: parcel.carrierNo,
        mailNo: parcel.billNo,
        statusChanged: status,
        changeTime: plainDate(this.options.now()),
        orderLogsItems: parcel.entryIds.map((entryId) => ({ orderId: long(order.id), orderEntryId: long(entryId) })),
      },
    });
  }

  /** Test control: the seller agrees a return and gives its address (waitselleragree → waitbuyersend). */
  sellerAgreeReturn(refundId: string, address = { name: "退货仓", mobile: "13900000000", address: "浙江省杭州市余杭区 退货仓 1 号", post: "311100" }, note = "请寄回并附上订单号"): void {
    const refund = this.#openRefund(refundId, "waitselleragree");
    refund.status = "waitbuyersend";
    refund.returnAddress = address;
    refund.sellerNote = note;
    this.#touch(refund, "SELLER_AGREE_REFUND");
  }

  /** Test control: the seller refuses a case (→ waitbuyermodify). */
  sellerRefuse(refundId: string, reason: string): void {
    const refund = this.#openRefund(refundId, "waitselleragree");
    refund.status = "waitbuyermodify";
    refund.rejectReason = reason;
    this.#touch(refund, "SELLER_REJECT_REFUND");
  }

  /** Test control: the seller pays back — after the returned parcel arrived for a return, at once for a refund. */
  sellerRefund(refundId: string): void {
    const refund = this.#openRefund(refundId, refund0(this.refunds.get(refundId)));
    refund.status = "refundsuccess";
    refund.refundPaymentFen = refund.applyPaymentFen + refund.applyCarriageFen;
    this.#touch(refund, refund.disputeRequest === "returnRefund" ? "SELLER_RECEIVE_GOODS" : "SELLER_AGREE_REFUND");
  }

  #openRefund(refundId: string, expected: string): FakeRefund {
    const refund = this.refunds.get(refundId);
    if (!refund || refund.status !== expected) throw new Error(`fake: refund ${refundId} is ${refund?.status}, not ${expected}`);
    return refund;
  }

  /**
   * Every change moves gmtModified forward by at least 1 ms, so that it can serve as the case's
   * revision even when the test clock stands still (INFERRED: the real precision is ms, per the date form).
   */
  #touch(refund: FakeRefund, action: string): void {
    refund.gmtModified = Math.max(this.options.now(), refund.gmtModified + 1);
    const order = this.orders.get(refund.orderId);
    if (!order) return;
    this.#touchOrder(order);
    // SEEN: the two refund topics and refundAction values (go1688 message). INFERRED: in-sales
    // while the order is not yet received, after-sales from then on.
    const inSales = order.status === "waitsellersend" || order.status === "waitbuyerreceive";
    this.#push(inSales ? "ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES" : "ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES", [order.id], {
      orderId: long(order.id),
      currentStatus: order.status,
      refundAction: action,
      operator: action.startsWith("BUYER") ? "buyer" : action.startsWith("SELLER") ? "seller" : "system",
      msgSendTime: plainDate(this.options.now()),
    });
  }

  /** Every change moves the order's modify time forward by at least 1 ms (as #touch does for refunds). */
  #touchOrder(order: FakeOrder): void {
    order.modifiedAt = Math.max(this.options.now(), order.modifiedAt + 1);
  }

  /** An order changed: its modify time moves, and the topic's push goes out (data as go1688 message/order.go). */
  #orderChanged(order: FakeOrder, type: string): void {
    this.#touchOrder(order);
    this.#push(type, [order.id], {
      orderId: long(order.id),
      currentStatus: order.status,
      msgSendTime: plainDate(this.options.now()),
      buyerMemberId: this.options.memberId,
      sellerMemberId: `b2b-${order.sellerLoginId}`,
    });
  }

  #push(type: string, orderIds: string[], data: Json): void {
    if (this.#pushUrl === null) return;
    // SEEN envelope {msgId, gmtBorn, data, userInfo, type} (go1688 message/message.go); msgId as a JSON number.
    const msgId = String(this.#nextMsgId++);
    const message = JSON.stringify({ msgId: long(msgId), gmtBorn: this.options.now(), data, userInfo: this.options.memberId, type });
    const push: FakePush = { msgId, type, orderIds, message, state: "held", httpStatus: null, deliveries: 0 };
    this.pushLog.push(push);
    if (this.#dropPushes > 0) {
      this.#dropPushes--;
      push.state = "dropped";
      return;
    }
    if (this.pushMode === "reversed") {
      this.#held.push(push);
      return;
    }
    this.#deliver(push, this.pushMode === "twice" ? 2 : 1);
  }

  /** Queues the POSTs behind the earlier ones (in order), never in the way of the API's answer. */
  #deliver(push: FakePush, times: number): void {
    const url = this.#pushUrl;
    if (url === null) return;
    const body = aopPushBody(this.options.appSecret, push.message);
    this.#pushChain = this.#pushChain.then(async () => {
      for (let i = 0; i < times; i++) {
        try {
          const response = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }, body });
          await response.text();
          push.state = "sent";
          push.httpStatus = response.status;
        } catch {
          push.state = "failed";
        }
        push.deliveries++;
      }
    });
  }

  callsOf(api: string): CallRecord[] {
    return this.calls.filter((c) => c.api === api);
  }

  // -------------------------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const contentType = req.headers["content-type"] ?? "";
    let params: Record<string, string>;
    const files: Record<string, FakeFile> = {};
    if (/^multipart\/form-data/i.test(contentType)) {
      // Parsed by the platform's own fetch Request (undici), as a gateway would: text fields are the
      // params (and all that is signed), file fields are kept apart.
      params = {};
      try {
        const form = await new Request("http://fake.invalid/", { method: "POST", headers: { "content-type": contentType }, body: raw }).formData();
        for (const [key, value] of form) {
          if (typeof value === "string") params[key] = value;
          else files[key] = { bytes: Buffer.from(await value.arrayBuffer()), contentType: value.type, fileName: value.name };
        }
      } catch {
        res.writeHead(400, { "content-type": "application/json;charset=UTF-8" });
        res.end(JSON.stringify({ error_code: "gw.BadMultipart", error_message: "the multipart body cannot be read", request_id: this.#requestId() })); // INFERRED code
        return;
      }
    } else {
      params = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
    }
    const send = (status: number, body: Json, record?: CallRecord) => {
      if (record) record.status = status;
      res.writeHead(status, { "content-type": "application/json;charset=UTF-8" });
      res.end(JSON.stringify(body));
    };
    const oauth = /^\/openapi\/(?:http|param2)\/1\/system\.oauth2\/getToken\/([^/?]+)$/.exec(req.url ?? "");
    if (req.method === "POST" && oauth) {
      this.calls.push({ namespace: "system.oauth2", api: "getToken", params: { ...params, client_secret: "(hidden)" }, status: 0 });
      const [status, body] = this.#getToken(oauth[1]!, params);
      this.calls.at(-1)!.status = status;
      return send(status, body);
    }
    const m = /^\/openapi\/param2\/1\/([^/]+)\/([^/]+)\/([^/?]+)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !m) return send(404, { error_code: "gw.ApiNotFound", error_message: "no such API", request_id: this.#requestId() }); // INFERRED code
    const [, namespace, api, appKey] = m as unknown as [string, string, string, string];
    const record: CallRecord = { namespace, api, params, status: 0, ...(Object.keys(files).length > 0 ? { files } : {}) };
    this.calls.push(record);

    if (this.#stall.delete(api)) {
      record.status = -2;
      return; // left open until the client gives up (close() cuts it)
    }
    const failure = this.#failures.shift();
    if (failure) return send(failure.status, { error_code: "gw.ServiceUnavailable", error_message: "service temporarily unavailable", request_id: this.#requestId() }, record); // INFERRED code

    // Gateway checks, in the order a gateway would do them. All codes INFERRED (research: not found).
    if (appKey !== this.options.appKey) return send(400, { error_code: "gw.AppKeyNotExist", error_message: `app key ${appKey} does not exist`, request_id: this.#requestId() }, record);
    if (!params._aop_signature) return send(401, { error_code: "gw.IncompleteSignature", error_message: "The request signature is missing", request_id: this.#requestId() }, record);
    const urlPath = aopUrlPath(namespace, api, appKey);
    if (!aopSignatureMatches(this.options.appSecret, urlPath, params, params._aop_signature)) {
      return send(401, { error_code: "gw.SignatureInvalid", error_message: "The request signature does not conform to platform standards", request_id: this.#requestId() }, record);
    }
    const token = params.access_token;
    const expiry = token === undefined ? undefined : this.options.tokens[token];
    if (expiry === undefined) return send(401, { error_code: "gw.InvalidAccessToken", error_message: "Invalid access_token", request_id: this.#requestId() }, record);
    if (expiry <= this.options.now()) return send(401, { error_code: "gw.AccessTokenExpired", error_message: "access_token expired", request_id: this.#requestId() }, record);

    const body = this.#api(`${namespace}:${api}`, params, files);
    if (this.#drop.delete(api)) {
      // Done upstream, answer lost on the way back.
      record.status = -1;
      res.socket?.destroy();
      return;
    }
    send(200, body, record);
  }

  /**
   * system.oauth2/getToken, unsigned (the secret is in the form). Answer members SEEN (a C# 1688
   * SDK): access_token, expires_in (s), refresh_token, refresh_token_timeout, aliId, memberId,
   * resource_owner; a refresh brings no new refresh token. INFERRED: the refusal's
   * {error, error_description} codes, and refresh_token_timeout in 1688's date form.
   */
  #getToken(appKey: string, p: Record<string, string>): [number, Json] {
    if (appKey !== this.options.appKey || p.client_id !== this.options.appKey || p.client_secret !== this.options.appSecret) {
      return [401, { error: "invalid_client", error_description: "unknown client or wrong secret" }];
    }
    const now = this.options.now();
    const access = `fake-at-${this.#nextToken++}`;
    this.options.tokens[access] = now + this.options.accessTtlMs;
    const common = { access_token: access, expires_in: String(Math.floor(this.options.accessTtlMs / 1000)), aliId: "2209876543210", memberId: this.options.memberId, resource_owner: "openpon-buyer" };
    if (p.grant_type === "authorization_code") {
      if (!p.code || !this.#codes.delete(p.code)) return [400, { error: "invalid_grant", error_description: "the code is unknown or used" }];
      if (!p.redirect_uri) return [400, { error: "invalid_request", error_description: "redirect_uri is required" }];
      const refresh = `fake-rt-${this.#nextToken++}`;
      const refreshExpiry = now + this.options.refreshTtlMs;
      this.refreshTokens.set(refresh, refreshExpiry);
      return [200, { ...common, refresh_token: refresh, refresh_token_timeout: aopDate(refreshExpiry) }];
    }
    if (p.grant_type === "refresh_token") {
      const refresh = p.refresh_token ?? p.refreshToken ?? "";
      const expiry = this.refreshTokens.get(refresh);
      if (expiry === undefined || expiry <= now) return [400, { error: "invalid_grant", error_description: "the refresh token is unknown or expired" }];
      return [200, common];
    }
    return [400, { error: "unsupported_grant_type", error_description: `grant_type ${p.grant_type}` }];
  }

  #requestId(): string {
    return Math.random().toString(16).slice(2, 14);
  }

  #api(name: string, p: Record<string, string>, files: Record<string, FakeFile>): Json {
    switch (name) {
      case "com.alibaba.trade:alibaba.trade.uploadRefundVoucher":
        return this.#uploadVoucher(files);
      case "com.alibaba.product:alibaba.cross.productInfo":
        return this.#productInfo(p);
      case "com.alibaba.trade:alibaba.createOrder.preview":
        return this.#preview(p);
      case "com.alibaba.trade:alibaba.trade.createCrossOrder":
        return this.#create(p);
      case "com.alibaba.trade:alibaba.trade.get.buyerView":
        return this.#buyerView(p);
      case "com.alibaba.trade:alibaba.trade.getBuyerOrderList":
        return this.#orderList(p);
      case "com.alibaba.trade:alibaba.trade.cancel":
        return this.#cancel(p);
      case "com.alibaba.trade:alibaba.trade.pay.protocolPay.preparePay":
        return this.#protocolPay(p);
      case "com.alibaba.trade:trade.receivegoods.confirm":
        return this.#confirmReceipt(p);
      case "com.alibaba.logistics:alibaba.trade.getLogisticsInfos.buyerView":
        return this.#logisticsInfos(p);
      case "com.alibaba.logistics:alibaba.trade.getLogisticsTraceInfo.buyerView":
        return this.#logisticsTrace(p);
      case "com.alibaba.trade:alibaba.trade.getRefundReasonList":
        return this.#refundReasons(p);
      case "com.alibaba.trade:alibaba.trade.createRefund":
        return this.#createRefund(p);
      case "com.alibaba.trade:alibaba.trade.refund.buyer.queryOrderRefundList":
        return this.#refundList(p);
      case "com.alibaba.trade:alibaba.trade.refund.OpQueryOrderRefund":
        return this.#refundDetail(p);
      case "com.alibaba.trade:alibaba.trade.refund.returnGoods":
        return this.#returnGoods(p);
      case "com.alibaba.trade:alibaba.trade.cancelRefund":
        return this.#cancelRefund(p);
      default:
        // INFERRED: the shape of "API not served" for a known gateway path.
        return { error_code: "gw.ApiNotFound", error_message: `${name} is not served by the fake` };
    }
  }

  #productInfo(p: Record<string, string>): Json {
    const product = this.products.get(p.productId ?? "");
    // INFERRED: the refusal for an unknown / not-listed product (the research notes a prior listing
    // relation is needed; its error code is not known).
    if (!product) return { success: false, message: `product ${p.productId} not found or not related to this app`, code: "PRODUCT_NOT_EXIST" };
    const prices = product.skus.map((s) => s.priceFen);
    // Field names: productInfo{productID, subject, status, skuInfos[]{skuId, specId, price,
    // consignPrice, amountOnSale, attributes}, saleInfo, shippingInfo} (SEEN, research §B.1 from the
    // PHP SDK). The members of saleInfo / shippingInfo / image used here are INFERRED.
    return {
      success: true,
      productInfo: {
        productID: long(product.productID),
        subject: product.subject,
        status: "published",
        categoryID: product.categoryID,
        sellerLoginId: product.sellerLoginId,
        image: { images: product.images },
        skuInfos: product.skus.map((s) => ({
          skuId: long(s.skuId),
          specId: s.specId,
          price: yuan(s.priceFen),
          consignPrice: yuan(s.priceFen),
          amountOnSale: s.stock,
          attributes: s.attributes,
        })),
        saleInfo: {
          amountOnSale: product.skus.reduce((n, s) => n + s.stock, 0),
          minOrderQuantity: product.minOrderQuantity,
          quoteType: 1,
          unit: product.unit,
          priceRanges: [{ startQuantity: product.minOrderQuantity, price: yuan(Math.min(...prices)) }],
        },
        shippingInfo: { unitWeight: product.unitWeightKg },
      },
    };
  }

  /** Resolves a cargo list against the catalogue; a string is the API-level refusal. */
  #cargo(p: Record<string, string>): Array<{ product: FakeProduct; sku: FakeSku; quantity: number }> | Json {
    let cargo: Array<{ offerId: string | number; specId?: string; quantity: number }>;
    try {
      cargo = JSON.parse(p.cargoParamList ?? "[]");
      JSON.parse(p.addressParam ?? "");
    } catch {
      return { success: false, errorCode: "PARAM_ERROR", errorMsg: "addressParam and cargoParamList must be JSON" }; // INFERRED code
    }
    if (cargo.length === 0) return { success: false, errorCode: "PARAM_ERROR", errorMsg: "cargoParamList is empty" }; // INFERRED code
    // SEEN: ≤ 50 SKUs per create. The code is INFERRED.
    if (cargo.length > 50) return { success: false, errorCode: "CARGO_TOO_MANY", errorMsg: "at most 50 cargo lines per order" };
    const out = [];
    for (const c of cargo) {
      const product = this.products.get(String(c.offerId));
      const sku = product?.skus.find((s) => s.specId === c.specId);
      if (!product || !sku) return { success: false, errorCode: "OFFER_NOT_EXIST", errorMsg: `offer ${c.offerId} spec ${c.specId} not found` }; // INFERRED code
      if (sku.stock < c.quantity) return { success: false, errorCode: "STOCK_NOT_ENOUGH", errorMsg: `offer ${c.offerId} has ${sku.stock} left` }; // INFERRED code
      out.push({ product, sku, quantity: c.quantity });
    }
    return out;
  }

  #preview(p: Record<string, string>): Json {
    const cargo = this.#cargo(p);
    if (!Array.isArray(cargo)) return cargo;
    // One preview per seller (INFERRED: the split rule); amounts are integers, fen (research: INFERRED from wzhsh90).
    return {
      success: true,
      orderPreviewResuslt: [...this.#bySeller(cargo).values()].map((group) => {
        const goods = group.reduce((n, c) => n + c.sku.priceFen * c.quantity, 0);
        return {
          sumPayment: goods + this.options.postFeeFen,
          sumCarriage: this.options.postFeeFen,
          sumPaymentNoCarriage: goods,
          discountFee: 0,
          tradeModeNameList: ["assureTrade"],
          cargoList: group.map((c) => ({ offerId: long(c.product.productID), specId: c.sku.specId, amount: c.sku.priceFen * c.quantity, finalUnitPrice: c.sku.priceFen })),
        };
      }),
    };
  }

  #bySeller<T extends { product: FakeProduct }>(cargo: T[]): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const c of cargo) groups.set(c.product.sellerLoginId, [...(groups.get(c.product.sellerLoginId) ?? []), c]);
    return groups;
  }

  #create(p: Record<string, string>): Json {
    const outOrderId = p.outOrderId || null;
    if (outOrderId && this.options.dedupeOutOrderId) {
      const existing = [...this.orders.values()].filter((o) => o.outOrderId === outOrderId);
      if (existing.length > 0) return this.#createResult(existing);
    }
    const cargo = this.#cargo(p);
    if (!Array.isArray(cargo)) return cargo;
    // INFERRED: one order per seller when the cargo spans several (the research says the API "may
    // return several orders"; the rule that splits them is not documented).
    const created: FakeOrder[] = [];
    for (const [seller, group] of this.#bySeller(cargo)) {
      const order: FakeOrder = {
        id: String(this.#nextId++),
        outOrderId,
        sellerLoginId: seller,
        status: "waitbuyerpay",
        createdAt: this.options.now(),
        payTime: null,
        closeReason: null,
        postFeeFen: this.options.postFeeFen,
        parcels: [],
        modifiedAt: this.options.now(),
        items: group.map((c) => {
          c.sku.stock -= c.quantity;
          return { subItemID: String(this.#nextId++), productID: c.product.productID, skuID: c.sku.skuId, specId: c.sku.specId, quantity: c.quantity, priceFen: c.sku.priceFen, name: c.product.subject };
        }),
      };
      this.orders.set(order.id, order);
      created.push(order);
      // SEEN topic name (research §B.1: ORDER_BUYER_VIEW_BUYER_MAKE).
      this.#orderChanged(order, "ORDER_BUYER_VIEW_BUYER_MAKE");
    }
    return this.#createResult(created);
  }

  #createResult(orders: FakeOrder[]): Json {
    const goods = (o: FakeOrder) => o.items.reduce((n, i) => n + i.priceFen * i.quantity, 0);
    // SEEN: result {orderId, totalSuccessAmount (fen), postFee (fen), failedOfferList, orderList[]}.
    // INFERRED: orderId is the first order's, as a string; orderList members {orderId, postFee, totalAmount (fen)}.
    return {
      success: true,
      result: {
        orderId: orders[0]!.id,
        totalSuccessAmount: orders.reduce((n, o) => n + goods(o) + o.postFeeFen, 0),
        postFee: orders.reduce((n, o) => n + o.postFeeFen, 0),
        failedOfferList: [],
        orderList: orders.map((o) => ({ orderId: o.id, postFee: o.postFeeFen, totalAmount: goods(o) + o.postFeeFen })),
      },
    };
  }

  /** buyerView's `result` for one order: baseInfo money in yuan, `discount` in fen (SEEN, research §B.1). */
  #view(o: FakeOrder): Json {
    const goodsFen = o.items.reduce((n, i) => n + i.priceFen * i.quantity, 0);
    return {
      baseInfo: {
        id: long(o.id),
        idOfStr: o.id, // INFERRED from memory of bububa's types; the connector prefers it when present
        status: o.status,
        totalAmount: yuan(goodsFen + o.postFeeFen),
        shippingFee: yuan(o.postFeeFen),
        refund: 0,
        discount: 0,
        refundStatus: null,
        tradeType: "50060", // INFERRED value
        createTime: aopDate(o.createdAt),
        payTime: o.payTime === null ? null : aopDate(o.payTime),
        closeReason: o.closeReason,
        sellerLoginId: o.sellerLoginId,
        outOrderId: o.outOrderId, // INFERRED: whether baseInfo echoes outOrderId is not known
      },
      // INFERRED member names (productItems[] itself is SEEN).
      productItems: o.items.map((i) => ({
        subItemID: long(i.subItemID),
        subItemIDString: i.subItemID,
        productID: long(i.productID),
        skuID: long(i.skuID),
        specId: i.specId,
        name: i.name,
        quantity: i.quantity,
        price: yuan(i.priceFen),
        itemAmount: yuan(i.priceFen * i.quantity),
        status: o.status,
      })),
    };
  }

  #buyerView(p: Record<string, string>): Json {
    const order = this.orders.get(p.orderId ?? "");
    // INFERRED: the code for an order that is not this buyer's or does not exist.
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.orderId} not found` };
    return { success: true, result: this.#view(order) };
  }

  #orderList(p: Record<string, string>): Json {
    // SEEN parameters modifyStartTime/modifyEndTime (1688 date form), page, pageSize. INFERRED: both
    // bounds inclusive, page from 1, pageSize 20 by default and at most 50; an unreadable date refused.
    const from = p.modifyStartTime ? parseAopDate(p.modifyStartTime) : null;
    const to = p.modifyEndTime ? parseAopDate(p.modifyEndTime) : null;
    if ((p.modifyStartTime && from === null) || (p.modifyEndTime && to === null)) return { success: false, errorCode: "PARAM_ERROR", errorMessage: "modifyStartTime/modifyEndTime must be yyyyMMddHHmmssSSS+0800" };
    const matching = [...this.orders.values()].filter(
      (o) => (!p.outOrderId || o.outOrderId === p.outOrderId) && (from === null || o.modifiedAt >= from) && (to === null || o.modifiedAt <= to),
    );
    const page = Math.max(1, Number(p.page ?? 1) || 1);
    const pageSize = Math.min(50, Math.max(1, Number(p.pageSize ?? 20) || 20));
    const slice = matching.slice((page - 1) * pageSize, page * pageSize);
    // SEEN: result[], totalRecord.
    return { success: true, result: slice.map((o) => this.#view(o)), totalRecord: matching.length };
  }

  #cancel(p: Record<string, string>): Json {
    const order = this.orders.get(p.tradeID ?? "");
    if (p.webSite !== "1688") return { success: false, errorCode: "PARAM_ERROR", errorMessage: "webSite must be 1688" }; // INFERRED code
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.tradeID} not found` }; // INFERRED code
    // SEEN: CLOSE_ORDER_TOO_FAST when cancelling within 10 s of creation.
    if (this.options.now() - order.createdAt < 10_000) return { success: false, errorCode: "CLOSE_ORDER_TOO_FAST", errorMessage: "the order was created less than 10 seconds ago" };
    // SEEN: only unpaid orders can be cancelled; the code for the refusal is INFERRED.
    if (order.status !== "waitbuyerpay") return { success: false, errorCode: "ORDER_STATUS_NOT_SUPPORT", errorMessage: `order is ${order.status}` };
    order.status = "cancel";
    order.closeReason = p.cancelReason ?? "buyerCancel";
    this.#orderChanged(order, "ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE");
    for (const item of order.items) {
      const sku = this.products.get(item.productID)?.skus.find((s) => s.specId === item.specId);
      if (sku) sku.stock += item.quantity;
    }
    return { success: true };
  }

  // -------------------------------------------------------------------------------------------
  // Payment, receipt, logistics (API names SEEN, research §B.1; namespaces of the ones the
  // research lists bare are INFERRED to be com.alibaba.trade; answer shapes as noted).

  #protocolPay(p: Record<string, string>): Json {
    let param: { orderId?: string | number; payAmount?: number; payChannel?: string; opRequestId?: string };
    try {
      param = JSON.parse(p.tradeWithholdPreparePayParam ?? "");
    } catch {
      return { success: false, errorCode: "PARAM_ERROR", errorMessage: "tradeWithholdPreparePayParam must be JSON" }; // INFERRED code
    }
    const order = this.orders.get(String(param.orderId ?? ""));
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${param.orderId} not found` }; // INFERRED code
    const refusal = this.#payRefusals.shift();
    if (refusal) return { success: false, errorCode: refusal, errorMessage: `protocol pay refused: ${refusal}` };
    // INFERRED: a repeat for an order already paid is refused (not answered as a success).
    if (order.status !== "waitbuyerpay") return { success: false, errorCode: "ORDER_STATUS_NOT_SUPPORT", errorMessage: `order is ${order.status}` };
    const due = order.items.reduce((n, i) => n + i.priceFen * i.quantity, 0) + order.postFeeFen;
    // SEEN: payAmount is fen. INFERRED: a mismatch is refused with this code.
    if (param.payAmount !== undefined && param.payAmount !== due) return { success: false, errorCode: "PAY_AMOUNT_NOT_MATCH", errorMessage: `due ${due} fen, asked ${param.payAmount}` };
    order.status = "waitsellersend";
    order.payTime = this.options.now();
    this.#orderChanged(order, "ORDER_BUYER_VIEW_ORDER_PAY");
    // SEEN: result.result {payChannel, paySuccess}.
    return { success: true, result: { success: true, result: { payChannel: param.payChannel ?? "alipay", paySuccess: true } } };
  }

  #confirmReceipt(p: Record<string, string>): Json {
    const order = this.orders.get(p.orderId ?? "");
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.orderId} not found` }; // INFERRED code
    // INFERRED: only a shipped order can be confirmed; the refusal code is not known.
    if (order.status !== "waitbuyerreceive") return { success: false, errorCode: "ORDER_STATUS_NOT_SUPPORT", errorMessage: `order is ${order.status}` };
    order.status = "confirm_goods";
    this.#orderChanged(order, "ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS");
    return { success: true };
  }

  #logisticsInfos(p: Record<string, string>): Json {
    const order = this.orders.get(p.orderId ?? "");
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.orderId} not found` }; // INFERRED code
    // INFERRED member names (the research names the API, not its answer's fields).
    return {
      success: true,
      result: order.parcels.map((parcel) => ({
        logisticsId: parcel.logisticsId,
        logisticsBillNo: parcel.billNo,
        logisticsCompanyName: parcel.carrierName,
        logisticsCompanyNo: parcel.carrierNo,
        orderEntryIds: parcel.entryIds.join(","),
        gmtSystemSend: aopDate(parcel.sentAt),
        status: "send",
      })),
    };
  }

  #logisticsTrace(p: Record<string, string>): Json {
    const order = this.orders.get(p.orderId ?? "");
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.orderId} not found` }; // INFERRED code
    const parcels = order.parcels.filter((parcel) => !p.logisticsId || parcel.logisticsId === p.logisticsId);
    // SEEN: logisticsTrace[] {logisticsId, logisticsBillNo, logisticsSteps[] {acceptTime, remark}};
    // acceptTime's form is INFERRED ("yyyy-MM-dd HH:mm:ss", China time, as push messages write times).
    return {
      success: true,
      logisticsTrace: parcels.map((parcel) => ({
        logisticsId: parcel.logisticsId,
        logisticsBillNo: parcel.billNo,
        orderId: long(order.id),
        logisticsSteps: parcel.steps.map((s) => ({ acceptTime: plainDate(s.at), remark: s.remark })),
      })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Refunds. Status strings SEEN (bububa const.go); money in fen (SEEN for createRefund's
  // applyPayment/applyCarriage; INFERRED for the detail's amounts); answer member names INFERRED.

  #refundReasons(p: Record<string, string>): Json {
    if (!this.orders.has(p.orderId ?? "")) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.orderId} not found` }; // INFERRED code
    // SEEN: reasons[] {id, name, needVoucher, noRefundCarriage, tip}; the ids and names are INFERRED.
    return {
      success: true,
      result: {
        success: true,
        result: {
          reasons: [
            { id: 20021, name: "不想要了", needVoucher: false, noRefundCarriage: true, tip: "" },
            { id: 20022, name: "质量问题", needVoucher: false, noRefundCarriage: false, tip: "" },
            { id: 20023, name: "发错货", needVoucher: false, noRefundCarriage: false, tip: "" },
          ].map((r) => ({ ...r, needVoucher: r.needVoucher || this.#voucherReasons.has(String(r.id)) })),
        },
      },
    };
  }

  #createRefund(p: Record<string, string>): Json {
    const order = this.orders.get(p.orderId ?? "");
    if (!order) return { success: false, errorCode: "ORDER_NOT_EXIST", errorMessage: `order ${p.orderId} not found` }; // INFERRED code
    let entryIds: string[];
    try {
      // Read with every digit kept (19-digit ids are beyond a double).
      entryIds = (JSON.parse(p.orderEntryIds ?? "[]", (_k, v, ctx?: { source?: string }) => (typeof v === "number" && ctx?.source ? ctx.source : v)) as unknown[]).map(String);
    } catch {
      return { success: false, errorCode: "PARAM_ERROR", errorMessage: "orderEntryIds must be JSON" }; // INFERRED code
    }
    if (entryIds.length === 0 || entryIds.some((id) => !order.items.some((i) => i.subItemID === id))) return { success: false, errorCode: "ORDER_ENTRY_NOT_EXIST", errorMessage: "unknown order entry" }; // INFERRED code
    const description = p.description ?? "";
    // SEEN: description 2–150 characters.
    if (description.length < 2 || description.length > 150) return { success: false, errorCode: "PARAM_ERROR", errorMessage: "description must be 2-150 characters" }; // INFERRED code
    if (p.disputeRequest !== "refund" && p.disputeRequest !== "returnRefund") return { success: false, errorCode: "PARAM_ERROR", errorMessage: "disputeRequest must be refund or returnRefund" }; // INFERRED code
    if (order.status === "waitbuyerpay" || order.status === "cancel") return { success: false, errorCode: "ORDER_STATUS_NOT_SUPPORT", errorMessage: `order is ${order.status}` }; // INFERRED code
    // SEEN: vouchers, 1–5 addresses from uploadRefundVoucher. INFERRED: sent as a JSON list of
    // strings (as other object-typed params), and every refusal code below.
    let vouchers: string[] = [];
    if (p.vouchers !== undefined) {
      try {
        const list = JSON.parse(p.vouchers) as unknown;
        if (!Array.isArray(list) || list.some((v) => typeof v !== "string")) throw new Error("not a list of strings");
        vouchers = list as string[];
      } catch {
        return { success: false, errorCode: "PARAM_ERROR", errorMessage: "vouchers must be a JSON list of addresses" };
      }
      if (vouchers.length < 1 || vouchers.length > 5) return { success: false, errorCode: "PARAM_ERROR", errorMessage: "vouchers must hold 1 to 5 addresses" };
      const unknown = vouchers.find((v) => !this.vouchers.has(v));
      if (unknown) return { success: false, errorCode: "VOUCHER_NOT_EXIST", errorMessage: `voucher ${unknown} was not uploaded by uploadRefundVoucher` };
    }
    if (this.#voucherReasons.has(p.applyReasonId ?? "") && vouchers.length === 0) {
      return { success: false, errorCode: "VOUCHER_REQUIRED", errorMessage: `refund reason ${p.applyReasonId} needs a voucher` };
    }
    // INFERRED: one open case per entry; a second one is refused. The fake does NOT deduplicate on
    // any client key (none is documented), so the connector must find its own case on a retry.
    const open = [...this.refunds.values()].find((r) => r.orderId === order.id && r.status !== "refundclose" && r.status !== "refundsuccess" && r.entryIds.some((id) => entryIds.includes(id)));
    if (open) return { success: false, errorCode: "REFUND_ALREADY_EXIST", errorMessage: `entry already has refund ${open.refundId}` };
    const now = this.options.now();
    const refund: FakeRefund = {
      refundId: `TQ${String(28000000000000 + this.#nextRefund++)}`,
      orderId: order.id,
      entryIds,
      disputeRequest: p.disputeRequest,
      applyPaymentFen: Number(p.applyPayment ?? 0),
      applyCarriageFen: Number(p.applyCarriage ?? 0),
      reasonId: p.applyReasonId ?? "",
      description,
      goodsStatus: p.goodsStatus ?? "",
      status: "waitselleragree",
      refundPaymentFen: 0,
      rejectReason: null,
      freightBill: null,
      logisticsCompanyNo: null,
      returnAddress: null,
      sellerNote: null,
      gmtCreate: now,
      gmtModified: now,
      vouchers,
    };
    this.refunds.set(refund.refundId, refund);
    this.#touch(refund, "BUYER_APPLY_REFUND");
    refund.gmtModified = refund.gmtCreate;
    // SEEN: result.result.refundId.
    return { success: true, result: { success: true, result: { refundId: refund.refundId } } };
  }

  /**
   * uploadRefundVoucher. SEEN: multipart file `imageData`, a JPEG under 1 MB, answered with
   * imageDomain and imageRelativeURL. INFERRED: the answer's nesting (result.result, like
   * createRefund), the path form, and the refusal codes.
   */
  #uploadVoucher(files: Record<string, FakeFile>): Json {
    const image = files.imageData;
    if (!image || image.bytes.length === 0) return { success: false, errorCode: "PARAM_ERROR", errorMessage: "imageData is required" };
    const jpeg = image.bytes.length >= 3 && image.bytes[0] === 0xff && image.bytes[1] === 0xd8 && image.bytes[2] === 0xff;
    if (!jpeg) return { success: false, errorCode: "IMAGE_TYPE_NOT_SUPPORT", errorMessage: "imageData must be a jpg image" };
    if (image.bytes.length > FAKE_VOUCHER_MAX_BYTES) return { success: false, errorCode: "IMAGE_SIZE_TOO_LARGE", errorMessage: "imageData must be smaller than 1M" };
    const relative = `/img/ibank/refund/${String(this.#nextVoucher++).padStart(8, "0")}.jpg`;
    this.vouchers.set(VOUCHER_DOMAIN + relative, { url: VOUCHER_DOMAIN + relative, bytes: image.bytes });
    return { success: true, result: { success: true, result: { imageDomain: VOUCHER_DOMAIN, imageRelativeURL: relative } } };
  }

  /** The refund as the buyer-side detail / list show it (member names INFERRED). */
  #refundModel(r: FakeRefund): Json {
    return {
      refundId: r.refundId,
      orderId: long(r.orderId),
      orderEntryIdList: r.entryIds.map((id) => long(id)),
      disputeRequest: r.disputeRequest,
      status: r.status,
      applyPayment: r.applyPaymentFen,
      applyCarriage: r.applyCarriageFen,
      refundPayment: r.refundPaymentFen,
      applyReasonId: r.reasonId,
      buyerDescription: r.description,
      rejectReason: r.rejectReason,
      freightBill: r.freightBill,
      logisticsCompanyNo: r.logisticsCompanyNo,
      sellerReceiveAddress: r.returnAddress,
      sellerNote: r.sellerNote,
      gmtCreate: aopDate(r.gmtCreate),
      gmtModified: aopDate(r.gmtModified),
    };
  }

  #refundList(p: Record<string, string>): Json {
    const list = [...this.refunds.values()].filter((r) => !p.orderId || r.orderId === p.orderId);
    return { success: true, result: { success: true, result: { opOrderRefundModels: list.map((r) => this.#refundModel(r)), totalCount: list.length } } };
  }

  #refundDetail(p: Record<string, string>): Json {
    const refund = this.refunds.get(p.refundId ?? "");
    if (!refund) return { success: false, errorCode: "REFUND_NOT_EXIST", errorMessage: `refund ${p.refundId} not found` }; // INFERRED code
    return { success: true, result: { success: true, result: { opOrderRefundModelDetail: this.#refundModel(refund) } } };
  }

  #returnGoods(p: Record<string, string>): Json {
    const refund = this.refunds.get(p.refundId ?? "");
    if (!refund) return { success: false, errorCode: "REFUND_NOT_EXIST", errorMessage: `refund ${p.refundId} not found` }; // INFERRED code
    // SEEN: refundId, logisticsCompanyNo, freightBill. INFERRED: a repeat with the same bill is a success.
    if (refund.status === "waitsellerreceive" && refund.freightBill === p.freightBill) return { success: true };
    if (refund.status !== "waitbuyersend") return { success: false, errorCode: "REFUND_STATUS_NOT_SUPPORT", errorMessage: `refund is ${refund.status}` }; // INFERRED code
    if (!p.freightBill || !p.logisticsCompanyNo) return { success: false, errorCode: "PARAM_ERROR", errorMessage: "freightBill and logisticsCompanyNo are required" }; // INFERRED code
    refund.status = "waitsellerreceive";
    refund.freightBill = p.freightBill;
    refund.logisticsCompanyNo = p.logisticsCompanyNo;
    this.#touch(refund, "BUYER_SEND_GOODS");
    return { success: true };
  }

  /**
   * SEEN: refundId; answer result {success, errorCode, errorInfo} (a public mirror of the API page).
   * INFERRED: which statuses can be cancelled (before the return is shipped, as the port says) and
   * the refusal codes.
   */
  #cancelRefund(p: Record<string, string>): Json {
    const refund = this.refunds.get(p.refundId ?? "");
    if (!refund) return { result: { success: false, errorCode: "REFUND_NOT_EXIST", errorInfo: `refund ${p.refundId} not found` } };
    if (!["waitselleragree", "waitbuyermodify", "waitbuyersend"].includes(refund.status)) {
      return { result: { success: false, errorCode: "REFUND_STATUS_NOT_SUPPORT", errorInfo: `refund is ${refund.status}` } };
    }
    refund.status = "refundclose";
    this.#touch(refund, "BUYER_CANCEL_REFUND_CLOSE");
    return { result: { success: true } };
  }
}

/** What a plain refund awaits before the seller pays: its agreement; a return: the returned parcel. */
function refund0(r: FakeRefund | undefined): string {
  return r?.disputeRequest === "returnRefund" ? "waitsellerreceive" : "waitselleragree";
}

/** `yyyy-MM-dd HH:mm:ss` in China time (INFERRED form of trace step times). */
function plainDate(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
