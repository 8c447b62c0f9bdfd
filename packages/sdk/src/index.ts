// @openpon/sdk: a small, dependency-free client for openpon and the PandaPon OpenAPI v2.
// It signs every request (MD5 by default, HMAC-SHA256 on request), sends a fresh nonce, parses the
// envelope and throws a typed error for every non-200 code.
import { randomBytes } from "node:crypto";
import { computeHmacSignature, computeRequestSignature, SIGNATURE_METHOD_HEADER, type SignatureMethod } from "./signature.ts";
import type {
  AlibabaBatchPayResult,
  AlibabaCartAddInput,
  AlibabaCartCreateOrderInput,
  AlibabaCartEditQuantityInput,
  AlibabaCartList,
  AlibabaCartPreviewInput,
  AlibabaCreateOptions,
  AlibabaDecryptOpenUidInput,
  AlibabaLogisticsTrace,
  AlibabaOrderCancelInput,
  AlibabaOrderCreateInput,
  AlibabaOrderDetail,
  AlibabaOrderPageQuery,
  AlibabaPage,
  AlibabaPayOrderVO,
  AlibabaPreviewInput,
  AlibabaPreviewResult,
  AlibabaReceiveGoodsInput,
  AlibabaReceiveGoodsResult,
} from "./alibaba.ts";
import { alibabaRefundCalls } from "./alibaba-refunds.ts";

export * from "./signature.ts";
export * from "./callbacks.ts";
export * from "./alibaba.ts";
export * from "./alibaba-refunds.ts";
export * from "./taobao-refunds.ts";
export * from "./logistics.ts";
import { taobaoRefundCalls } from "./taobao-refunds.ts";
import { logisticsCalls } from "./logistics.ts";

export interface Envelope<T> {
  requestId: string;
  code: number;
  developId: string | null;
  msg: string;
  data: T | null;
}

/** A non-200 envelope. `code` is one of protocol.md §6. */
export class OpenponApiError extends Error {
  readonly code: number;
  readonly requestId: string;
  readonly developId: string | null;
  constructor(envelope: Envelope<unknown>) {
    super(`${envelope.code}: ${envelope.msg}`);
    this.name = new.target.name;
    this.code = envelope.code;
    this.requestId = envelope.requestId;
    this.developId = envelope.developId;
  }
}
export class MissingHeaderError extends OpenponApiError {}
export class ValidationError extends OpenponApiError {}
export class AuthenticationError extends OpenponApiError {}
export class NonceReplayError extends OpenponApiError {}
export class InsufficientBalanceError extends OpenponApiError {}
export class ForbiddenUserError extends OpenponApiError {}
export class NotFoundError extends OpenponApiError {}
export class StateConflictError extends OpenponApiError {}
export class RateLimitedError extends OpenponApiError {}
export class InternalServerError extends OpenponApiError {}
export class UpstreamError extends OpenponApiError {}

const ERRORS: Record<number, new (e: Envelope<unknown>) => OpenponApiError> = {
  40001: MissingHeaderError,
  40002: ValidationError,
  40101: AuthenticationError,
  40102: AuthenticationError,
  40103: AuthenticationError,
  40104: NonceReplayError,
  40201: InsufficientBalanceError,
  40301: ForbiddenUserError,
  40401: NotFoundError,
  40901: StateConflictError,
  42901: RateLimitedError,
  50001: InternalServerError,
  50201: UpstreamError,
};

export function errorFromEnvelope(envelope: Envelope<unknown>): OpenponApiError {
  const Kind = ERRORS[envelope.code] ?? OpenponApiError;
  return new Kind(envelope);
}

/** The transport did not produce an envelope (network failure, proxy page, timeout). */
export class OpenponTransportError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OpenponTransportError";
    this.status = status;
  }
}

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 32 random alphanumerics, the recommended nonce-str (protocol.md §2). */
export function generateNonce(length = 32): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += NONCE_ALPHABET[byte % NONCE_ALPHABET.length];
  return out;
}

export interface ClientOptions {
  /** e.g. http://localhost:8080 */
  baseUrl: string;
  accessKey: string;
  accessSecret: string;
  /** The sub-account every call acts for (header user-id); override per call or with withUser(). */
  userId: string;
  /** MD5 (PandaPon, default) or HMAC-SHA256 (openpon extension that also signs method, path, query and body). */
  signatureMethod?: SignatureMethod;
  /** Send a fresh nonce-str with every request (default true). */
  nonce?: boolean;
  /** Timestamp unit of the timestamp header (default milliseconds). */
  timestampUnit?: "ms" | "s";
  /** Source of the current time in ms (tests). */
  now?: () => number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Act for another user than the client's default. */
  userId?: string;
  /** Extra headers (they override the signed ones: for tests of the server's checks). */
  headers?: Record<string, string>;
}

export interface RawResponse<T> {
  status: number;
  text: string;
  envelope: Envelope<T>;
}

export interface Address {
  id: number;
  name: string;
  province: string;
  city: string;
  district: string | null;
  address: string;
  phone: string;
}

export interface AddressInput {
  id?: number;
  name: string;
  province: string;
  city: string;
  district?: string;
  address: string;
  phone: string;
}

export interface OrderPageQuery {
  id?: string;
  orderNo?: string;
  status?: number;
  sellerNick?: string;
  beginDateTime?: string | number;
  endDateTime?: string | number;
  pageNum?: number;
  pageSize?: number;
}

export interface SubOrderVO {
  subOrderId: string;
  orderNo: string;
  quantity: number;
  title: string;
  purchaseCurrency: string;
  purchaseAmount: number | null;
  itemMapId: string;
  domesticPostFee: number;
  closeReason: string | null;
  skuId: string;
  status: string;
  goodsStatus: number | null;
  refundType: number | null;
  taobaoPurchaseId: string;
  taobaoSubPurchaseId: string;
  subOrderResult: string;
  errorCode: string | null;
  errorMessage: string | null;
  refundStatus: number;
}

export interface OrderV2VO {
  id: string;
  orderNo: string;
  userName: string;
  userId: string;
  sellerOrderNumber: string | null;
  orderSource: string | null;
  createTime: string;
  payTime: string | null;
  purchaseAmount: number;
  status: number;
  warehouseAddressInfoVO: Record<string, string | null>;
  receiverVO: Record<string, string | null>;
  remark: string | null;
  subOrderVOS: SubOrderVO[];
}

/** A wallet transaction kind (openpon wallet, DESIGNED). */
export type WalletTransactionKind = "topup" | "payment" | "refund" | "adjustment" | "sandbox_grant";

/** One transaction seen from the developer's account. */
export interface WalletEntry {
  transactionId: string;
  developerId: string;
  kind: WalletTransactionKind;
  /** Signed integer fen: + credits the balance, − debits it. */
  amountFen: number;
  /** The same in yuan, exact ("12.5"). */
  amount: string;
  balanceAfterFen: number;
  balanceAfter: string;
  reference: string;
  memo: string;
  actor: string;
  /** Epoch ms. */
  createdAt: number;
}

/** GET /developer/wallet: the balance (shared by all the developer's users) and recent transactions. */
export interface DeveloperWallet {
  developerId: string;
  currency: "CNY";
  balanceFen: number;
  balance: string;
  /** When the balance last changed, epoch ms; null before the first transaction. */
  updatedAt: number | null;
  /** Newest first. */
  entries: WalletEntry[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface WalletQuery {
  /** Transactions per page, 1 to 100 (default 20). */
  limit?: number;
  /** The previous page's nextCursor. */
  after?: string;
  kind?: WalletTransactionKind;
}

export class OpenponClient {
  readonly options: Readonly<ClientOptions>;

  constructor(options: ClientOptions) {
    this.options = { ...options, baseUrl: options.baseUrl.replace(/\/$/, "") };
  }

  /** The same client acting for another user. */
  withUser(userId: string): OpenponClient {
    return new OpenponClient({ ...this.options, userId });
  }

  /** The signed headers for one request. */
  signHeaders(method: string, pathAndQuery: string, body: string): Record<string, string> {
    const o = this.options;
    const nowMs = (o.now ?? Date.now)();
    const timestamp = o.timestampUnit === "s" ? String(Math.floor(nowMs / 1000)) : String(nowMs);
    const nonce = o.nonce === false ? undefined : generateNonce();
    const method_ = o.signatureMethod ?? "MD5";
    let signature: string;
    if (method_ === "HMAC-SHA256") {
      const q = pathAndQuery.indexOf("?");
      signature = computeHmacSignature(
        {
          accessKey: o.accessKey,
          timestamp,
          nonceStr: nonce,
          method,
          path: q === -1 ? pathAndQuery : pathAndQuery.slice(0, q),
          query: q === -1 ? "" : pathAndQuery.slice(q + 1),
          body,
        },
        o.accessSecret,
      );
    } else {
      signature = computeRequestSignature(o.accessKey, timestamp, nonce, o.accessSecret);
    }
    return {
      "access-key": o.accessKey,
      timestamp,
      ...(nonce ? { "nonce-str": nonce } : {}),
      "user-id": o.userId,
      signature,
      ...(method_ === "HMAC-SHA256" ? { [SIGNATURE_METHOD_HEADER]: "HMAC-SHA256" } : {}),
    };
  }

  /** Sends a request and returns the envelope whatever its code (no throw on API errors). */
  async raw<T = unknown>(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<RawResponse<T>> {
    let pathAndQuery = path;
    if (options.query) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(options.query)) if (value !== undefined) search.append(key, String(value));
      const text = search.toString();
      if (text) pathAndQuery += (path.includes("?") ? "&" : "?") + text;
    }
    const body = options.body === undefined ? "" : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    const client = options.userId ? this.withUser(options.userId) : this;
    const headers: Record<string, string> = {
      ...client.signHeaders(method, pathAndQuery, body),
      ...(body !== "" ? { "content-type": "application/json" } : {}),
      ...options.headers,
    };
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(this.options.baseUrl + pathAndQuery, {
        method,
        headers,
        ...(body !== "" ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new OpenponTransportError(`request to ${path} failed: ${(err as Error).message}`, undefined, { cause: err });
    }
    const text = await response.text();
    let envelope: Envelope<T>;
    try {
      envelope = JSON.parse(text) as Envelope<T>;
    } catch {
      throw new OpenponTransportError(`HTTP ${response.status} from ${path} without a JSON envelope`, response.status);
    }
    if (typeof envelope !== "object" || envelope === null || typeof envelope.code !== "number") {
      throw new OpenponTransportError(`HTTP ${response.status} from ${path} without an envelope`, response.status);
    }
    return { status: response.status, text, envelope };
  }

  /** Sends a request and returns `data`; throws an OpenponApiError subclass for any other code. */
  async request<T = unknown>(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<T> {
    const { envelope } = await this.raw<T>(method, path, options);
    if (envelope.code !== 200) throw errorFromEnvelope(envelope);
    return envelope.data as T;
  }

  readonly address = {
    /** All of the user's addresses, newest first, or the one with `id`. */
    get: (id?: number): Promise<Address[]> => this.request("POST", "/v2/open/address/get", { body: id === undefined ? {} : { id } }),
    /** Creates (no id) or replaces an address; returns its id. */
    addOrUpdate: (input: AddressInput): Promise<{ id: number }> => this.request("POST", "/v2/open/address/addOrUpdate", { body: input }),
  };

  /** Warehouse logistics (foundation-warehouse.md §2) and openpon's view of the user's logistics orders; see logistics.ts. */
  readonly logistics = logisticsCalls((method, path, options) => this.request(method, path, options));

  readonly wallet = {
    /** The developer's balance and its transactions, newest first (GET /developer/wallet, DESIGNED). */
    get: (query: WalletQuery = {}): Promise<DeveloperWallet> =>
      this.request("GET", "/developer/wallet", { query: { limit: query.limit, after: query.after, kind: query.kind } }),
  };

  readonly taobao = {
    orderPage: (query: OrderPageQuery = {}): Promise<{ total: number; data: OrderV2VO[] }> =>
      this.request("POST", "/v2/taobao/order/page", { body: query }),
    /** Taobao after-sales (taobao.md §4): reverse orders on one sub-order; see taobao-refunds.ts. */
    refunds: taobaoRefundCalls((method, path, options) => this.request(method, path, options)),
  };

  /** 1688 buying (alibaba-1688.md §2, §3). Order and entry ids are strings; see alibaba.ts for units. */
  readonly alibaba = {
    cart: {
      /** §2.1 GET /v2/alibaba/cart/list: rows by seller, judged against the catalogue on every read. */
      list: (): Promise<AlibabaCartList> => this.request("GET", "/v2/alibaba/cart/list"),
      /** §2.2 POST /v2/alibaba/cart/add: the new (or grown) row's id. */
      add: (input: AlibabaCartAddInput): Promise<{ id: number }> => this.request("POST", "/v2/alibaba/cart/add", { body: input }),
      /** §2.3 POST /v2/alibaba/cart/delete: ids not in the cart are ignored. */
      delete: (cartIds: number[]): Promise<boolean> => this.request("POST", "/v2/alibaba/cart/delete", { body: { cartIds } }),
      /** §2.4 POST /v2/alibaba/cart/edit-quantity. */
      editQuantity: (input: AlibabaCartEditQuantityInput): Promise<boolean> =>
        this.request("POST", "/v2/alibaba/cart/edit-quantity", { body: input }),
      /** §2.5 POST /v2/alibaba/cart/preview/order: one preview per seller; changes nothing. */
      preview: (input: AlibabaCartPreviewInput): Promise<AlibabaPreviewResult> =>
        this.request("POST", "/v2/alibaba/cart/preview/order", { body: input }),
      /** §2.6 POST /v2/alibaba/cart/create/order: one order per seller, all or nothing; the rows leave the cart. */
      createOrder: (input: AlibabaCartCreateOrderInput, options: AlibabaCreateOptions = {}): Promise<AlibabaOrderDetail[]> =>
        this.request("POST", "/v2/alibaba/cart/create/order", { body: input, headers: idempotencyHeaders(options) }),
    },
    orders: {
      /** §3.6 POST /v2/alibaba/order/create/preview (one seller; several are previewed per seller). */
      preview: (input: AlibabaPreviewInput): Promise<AlibabaPreviewResult> =>
        this.request("POST", "/v2/alibaba/order/create/preview", { body: input }),
      /** §3.2 POST /v2/alibaba/order/create/previewbatch: products of several sellers. */
      previewBatch: (input: AlibabaPreviewInput): Promise<AlibabaPreviewResult> =>
        this.request("POST", "/v2/alibaba/order/create/previewbatch", { body: input }),
      /** §3.7 POST /v2/alibaba/order/create: every line from one seller (several: 40002, use batchCreate). */
      create: (input: AlibabaOrderCreateInput, options: AlibabaCreateOptions = {}): Promise<AlibabaOrderDetail> =>
        this.request("POST", "/v2/alibaba/order/create", { body: input, headers: idempotencyHeaders(options) }),
      /** §3.3 POST /v2/alibaba/order/batch/create: one order per seller, all or nothing. */
      batchCreate: (input: AlibabaOrderCreateInput, options: AlibabaCreateOptions = {}): Promise<AlibabaOrderDetail[]> =>
        this.request("POST", "/v2/alibaba/order/batch/create", { body: input, headers: idempotencyHeaders(options) }),
      /** §3.5 POST /v2/alibaba/order/page: newest first, in the 1688 page shape. */
      page: (query: AlibabaOrderPageQuery = {}): Promise<AlibabaPage<AlibabaOrderDetail>> =>
        this.request("POST", "/v2/alibaba/order/page", { body: query }),
      /** §3.8 POST /v2/alibaba/order/cancel: only before payment; `true` again when already cancelled. */
      cancel: (input: AlibabaOrderCancelInput): Promise<boolean> =>
        this.request("POST", "/v2/alibaba/order/cancel", { body: { webSite: "1688", ...input } }),
      /**
       * §3.9 GET /v2/alibaba/order/pay/url: balance mode pays at once (`protocolPaySuccess: true`);
       * cashier mode answers a `payUrl` to open in a browser.
       */
      payUrl: (orderId: string): Promise<AlibabaPayOrderVO> =>
        this.request("GET", "/v2/alibaba/order/pay/url", { query: { orderId: String(orderId) } }),
      /** §3.1 POST /v2/alibaba/order/batch/submit/to/pay: 1 to 30 orders, debited from the balance in one step. */
      batchSubmitToPay: (orderIds: string[]): Promise<AlibabaBatchPayResult> =>
        this.request("POST", "/v2/alibaba/order/batch/submit/to/pay", { body: { orderIds: orderIds.map(String) } }),
      /** §3.10 POST /v2/alibaba/order/receivegoods: a wrong state is `success: false`, not an error. */
      receiveGoods: (input: AlibabaReceiveGoodsInput): Promise<AlibabaReceiveGoodsResult> =>
        this.request("POST", "/v2/alibaba/order/receivegoods", { body: input }),
      /** §3.4 GET /v2/alibaba/order/logistics/trace: one element per domestic shipment, `[]` before shipment. */
      logisticsTrace: (orderId: string): Promise<AlibabaLogisticsTrace[]> =>
        this.request("GET", "/v2/alibaba/order/logistics/trace", { query: { orderId: String(orderId) } }),
      /** §3.11 POST /v2/alibaba/product/openuid/decrypt: a seller's Wangwang nickname. */
      decryptOpenUid: (input: AlibabaDecryptOpenUidInput): Promise<{ wangwangNick: string }> =>
        this.request("POST", "/v2/alibaba/product/openuid/decrypt", { body: input }),
    },
    /** 1688 after-sales (alibaba-1688.md §4); money in fen, see alibaba-refunds.ts. */
    refunds: alibabaRefundCalls((method, path, options) => this.request(method, path, options)),
  };
}

/** The header of a create's Idempotency-Key (DESIGNED), when one is given. */
function idempotencyHeaders(options: AlibabaCreateOptions): Record<string, string> | undefined {
  return options.idempotencyKey === undefined ? undefined : { "Idempotency-Key": options.idempotencyKey };
}
