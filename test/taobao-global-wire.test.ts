// The Taobao Global wire client against the faithful fake: signing accepted and refused with the
// upstream's own codes, OAuth tokens created, refreshed ahead of expiry and once on
// IllegalAccessToken, create idempotent on outer_purchase_id, batch pay capped at 10, cancel
// asynchronous. Every request goes through a fetch that refuses any host but the fake's.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  API, DEFAULT_BASE_URL, TaobaoGlobalClient, TaobaoGlobalError, TaobaoGlobalTransportError, TokenHolder,
  type Envelope, type Params, type TokenState,
} from "../src/marketplace/taobao-global/client.ts";
import { startTaobaoGlobalFake, type TaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

interface CreateAnswer extends Envelope {
  data: { outer_purchase_id: string; order_list: Array<{ purchase_id: number; supplier_nick: string; estimate_amount: number; order_line_list: Array<{ sub_purchase_order_id: number; order_line_no: string }> }> };
}
interface QueryAnswer extends Envelope {
  data: { results_total: number; purchase_orders: Array<{ purchase_id: number; status: string; outer_purchase_id: string; sub_purchase_orders: Array<{ status: string; close_reason: string; pay_amount: number }> }> };
}
interface PayAnswer extends Envelope {
  data: { will_pay_purchase_order_ids: string[]; pay_failure_purchase_order_ids: string[]; pay_failed_results: Array<{ gspOrderId: number; errorCode: string }> };
}

const RECEIVER = { name: "张三", phone: "13800000000", mobile_phone: "13800000000", country: "CN", state: "浙江省", city: "杭州市", district: "余杭区", address: "文一西路 969 号", zip: "311121" };

describe("Taobao Global wire client against the fake", () => {
  let fake: TaobaoGlobalFake;
  const seen: string[] = [];
  // Only the fake may be contacted: anything else fails loudly instead of reaching a real host.
  const guardedFetch: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    seen.push(url);
    if (!url.startsWith(fake.baseUrl + "/")) throw new Error(`refused to contact ${url}`);
    return fetch(input, init);
  };
  const client = (over: Partial<ConstructorParameters<typeof TaobaoGlobalClient>[0]> = {}) =>
    new TaobaoGlobalClient({ appKey: fake.appKey, appSecret: fake.appSecret, baseUrl: fake.baseUrl, fetch: guardedFetch, ...over });
  let tokens: TokenState;

  before(async () => {
    fake = await startTaobaoGlobalFake({ appKey: "500000", appSecret: "s3cret-of-the-app" });
  });
  after(async () => {
    await fake?.close();
    assert.ok(seen.length > 0 && seen.every((u) => u.startsWith("http://127.0.0.1:")), "no real host contacted");
  });

  const sinceCall = (n: number) => fake.calls.slice(n).map((c) => `${c.apiPath}${c.refused ? ` ✗${c.refused}` : ""}`);

  test("defaults point at the real gateway, but every URL is configurable", () => {
    const real = new TaobaoGlobalClient({ appKey: "1", appSecret: "x" });
    assert.equal(real.baseUrl, DEFAULT_BASE_URL);
    assert.equal(DEFAULT_BASE_URL, "https://api.taobao.global/rest");
    assert.match(real.authorizeUrl("https://op.example/cb", "st"), /^https:\/\/api\.taobao\.global\/oauth\/authorize\?response_type=code&force_auth=true&redirect_uri=https%3A%2F%2Fop\.example%2Fcb&client_id=1&state=st$/);
  });

  test("a signed call is accepted: the OAuth code becomes tokens, and an authorized query answers code 0", async () => {
    const before = Date.now();
    tokens = await client().createToken(fake.issueAuthCode("2200000000001"));
    assert.match(tokens.accessToken, /^50000/);
    assert.ok(tokens.accessExpiresAt >= before + 7 * 86_400_000 - 1000 && tokens.refreshExpiresAt > tokens.accessExpiresAt);
    assert.equal(tokens.userId, "2200000000001");
    const answer = await client().call<QueryAnswer>(API.ordersQuery, { page_no: 1, page_size: 20 }, { accessToken: tokens.accessToken });
    assert.equal(answer.code, "0");
    assert.equal(answer.data.results_total, 0);
    assert.equal(typeof answer.request_id, "string");
    const last = fake.calls.at(-1)!;
    assert.equal(last.refused, undefined);
    assert.deepEqual(Object.keys(last.params).sort(), ["access_token", "app_key", "page_no", "page_size", "sign", "sign_method", "timestamp"]);
    assert.equal(last.params["sign_method"], "sha256");
    assert.match(last.params["sign"]!, /^[0-9A-F]{64}$/);
    // A used code cannot be exchanged twice.
    const code = fake.issueAuthCode();
    await client().createToken(code);
    await assert.rejects(client().createToken(code), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "InvalidCode");
  });

  test("the form wire format is accepted too", async () => {
    const answer = await client({ wireFormat: "form" }).call<QueryAnswer>(API.ordersQuery, {}, { accessToken: tokens.accessToken });
    assert.equal(answer.code, "0");
  });

  test("a wrong secret is refused with the upstream's code, type and request id kept", async () => {
    const n = fake.calls.length;
    await assert.rejects(client({ appSecret: "not-the-secret" }).call(API.ordersQuery, {}, { accessToken: tokens.accessToken }), (e: unknown) => {
      assert.ok(e instanceof TaobaoGlobalError);
      assert.equal(e.code, "IncompleteSignature");
      assert.equal(e.layer, "gateway");
      assert.equal(e.type, "ISV");
      assert.match(e.requestId ?? "", /^[0-9a-f]{24}$/);
      assert.match(e.message, /IncompleteSignature/);
      return true;
    });
    assert.deepEqual(sinceCall(n), ["/purchase/orders/query ✗IncompleteSignature"]);
  });

  test("a timestamp out of the window is refused (Lazada family: 7200 s by default)", async () => {
    await assert.rejects(client({ now: () => Date.now() - 3 * 3_600_000 }).call(API.ordersQuery, {}, { accessToken: tokens.accessToken }),
      (e: unknown) => e instanceof TaobaoGlobalError && e.code === "InvalidTimestamp");
    // Within the window it passes.
    const ok = await client({ now: () => Date.now() - 60 * 60_000 }).call(API.ordersQuery, {}, { accessToken: tokens.accessToken });
    assert.equal(ok.code, "0");
  });

  test("a 5xx without the envelope and a timeout are transport errors, not upstream codes", async () => {
    fake.failNext({ status: 502 });
    await assert.rejects(client().call(API.ordersQuery, {}, { accessToken: tokens.accessToken }), (e: unknown) => {
      assert.ok(e instanceof TaobaoGlobalTransportError);
      assert.equal(e.httpStatus, 502);
      return true;
    });
    fake.failNext({ status: 200, delayMs: 300 });
    await assert.rejects(client({ timeoutMs: 50 }).call(API.ordersQuery, {}, { accessToken: tokens.accessToken }), (e: unknown) => {
      assert.ok(e instanceof TaobaoGlobalTransportError);
      assert.equal(e.httpStatus, undefined);
      assert.match(e.message, /request failed/);
      return true;
    });
  });

  test("an expired token is refreshed and the call repeated once; the new state goes to the caller", async () => {
    const stored: TokenState[] = [];
    const holder = new TokenHolder(client(), tokens, { onChange: (s) => void stored.push(s) });
    fake.expireAccessToken(tokens.accessToken);
    const n = fake.calls.length;
    const answer = await holder.call<QueryAnswer>(API.ordersQuery, {});
    assert.equal(answer.code, "0");
    assert.deepEqual(sinceCall(n), ["/purchase/orders/query ✗IllegalAccessToken", "/auth/token/refresh", "/purchase/orders/query"]);
    assert.equal(stored.length, 1);
    assert.notEqual(holder.state.accessToken, tokens.accessToken);
    assert.deepEqual(stored[0], holder.state);
    // The rotated-out token no longer works; the holder's does.
    await assert.rejects(client().call(API.ordersQuery, {}, { accessToken: tokens.accessToken }), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "IllegalAccessToken");
    tokens = holder.state;
  });

  test("the repeat after a refresh happens once: a second IllegalAccessToken is the caller's", async () => {
    const holder = new TokenHolder(client(), tokens);
    fake.refuseTokens(2);
    const n = fake.calls.length;
    await assert.rejects(holder.call(API.ordersQuery, {}), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "IllegalAccessToken");
    assert.deepEqual(sinceCall(n), ["/purchase/orders/query ✗IllegalAccessToken", "/auth/token/refresh", "/purchase/orders/query ✗IllegalAccessToken"]);
    tokens = holder.state;
  });

  test("a token near its expiry is refreshed before the call, once for concurrent callers", async () => {
    const holder = new TokenHolder(client(), { ...tokens, accessExpiresAt: Date.now() + 60_000 }, { refreshAheadMs: 5 * 60_000 });
    const n = fake.calls.length;
    await Promise.all([holder.call(API.ordersQuery, {}), holder.call(API.ordersQuery, {})]);
    assert.deepEqual(sinceCall(n), ["/auth/token/refresh", "/purchase/orders/query", "/purchase/orders/query"]);
    assert.ok(holder.state.accessExpiresAt > Date.now() + 86_400_000);
    tokens = holder.state;
  });

  test("a lapsed refresh token is not sent: the operator must authorize again", async () => {
    const holder = new TokenHolder(client(), { ...tokens, accessExpiresAt: Date.now() - 1, refreshExpiresAt: Date.now() - 1 });
    const n = fake.calls.length;
    await assert.rejects(holder.call(API.ordersQuery, {}), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "RefreshTokenExpired");
    assert.deepEqual(sinceCall(n), []);
  });

  describe("purchase flow", () => {
    let holder: TokenHolder;
    let purchaseId: number;
    before(() => {
      holder = new TokenHolder(client(), tokens);
    });
    const create = (outer: string, itemIds = ["600000000011"]) => holder.call<CreateAnswer>(API.orderCreate, {
      outer_purchase_id: outer,
      purchase_amount: itemIds.length * 2 * 1990,
      order_line_list: itemIds.map((id, i) => ({ item_id: id, sku_id: `5${id}`, quantity: 2, currency: "CNY", price: 1990, order_line_no: String(i + 1) })),
      receiver: RECEIVER,
      channel_order_type: "PANAMA_DG",
    });
    const query = (params: Params) => holder.call<QueryAnswer>(API.ordersQuery, params);

    test("a create repeated with the same outer_purchase_id answers the same order, and nothing is bought twice", async () => {
      const first = await create("OP-0001");
      assert.equal(first.data.order_list.length, 1);
      const order = first.data.order_list[0]!;
      assert.equal(order.estimate_amount, 2 * 1990, "fen");
      purchaseId = order.purchase_id;
      const ordersBefore = fake.orders.size;
      const again = await create("OP-0001");
      assert.deepEqual(again.data, first.data);
      assert.equal(fake.orders.size, ordersBefore);
      const found = await query({ outer_purchase_id: "OP-0001" });
      assert.equal(found.data.results_total, 1);
      assert.equal(found.data.purchase_orders[0]!.status, "BULIDING");
    });

    test("lines of two suppliers split into two purchase orders", async () => {
      const answer = await create("OP-0002", ["600000000011", "600000000012"]);
      assert.equal(answer.data.order_list.length, 2);
      assert.notEqual(answer.data.order_list[0]!.supplier_nick, answer.data.order_list[1]!.supplier_nick);
    });

    test("building finishes asynchronously: BULIDING, then WAIT_BUYER_P once the upstream settles", async () => {
      fake.settle();
      const found = await query({ purchase_ids: [purchaseId] });
      assert.deepEqual(found.data.purchase_orders.map((o) => [o.status, o.sub_purchase_orders.map((l) => l.status)]), [["WAIT_BUYER_P", ["WAIT_BUYER_P"]]]);
    });

    test("batch pay of 11 ids is refused with nothing paid; 10 or fewer are accepted and paid asynchronously", async () => {
      const eleven = Array.from({ length: 11 }, (_, i) => purchaseId + i);
      await assert.rejects(holder.call(API.orderBatchPay, { purchaseOrderIdList: eleven }), (e: unknown) => {
        assert.ok(e instanceof TaobaoGlobalError);
        assert.equal(e.code, "InvalidParameter");
        assert.match(e.message, /at most 10/);
        return true;
      });
      fake.settle();
      assert.equal((await query({ purchase_ids: [purchaseId] })).data.purchase_orders[0]!.status, "WAIT_BUYER_P");
      const paid = await holder.call<PayAnswer>(API.orderBatchPay, { purchaseOrderIdList: [purchaseId, 9_999_999_999_999] });
      assert.deepEqual(paid.data.will_pay_purchase_order_ids, [String(purchaseId)]);
      assert.deepEqual(paid.data.pay_failure_purchase_order_ids, ["9999999999999"]);
      assert.equal(paid.data.pay_failed_results[0]!.errorCode, "PURCHASE_ORDER_NOT_FOUND");
      fake.settle();
      const after = (await query({ purchase_ids: [purchaseId] })).data.purchase_orders[0]!;
      assert.equal(after.status, "WAIT_SELLER_SEND_GOODS");
      assert.equal(after.sub_purchase_orders[0]!.pay_amount, 2 * 1990);
    });

    test("cancel is asynchronous; a paid order's cancel is a business refusal with the upstream code kept", async () => {
      const other = (await create("OP-0003")).data.order_list[0]!.purchase_id;
      fake.settle();
      const accepted = await holder.call(API.orderCancel, { purchase_id: other, cancel_reason: "buyer_changed_mind" });
      assert.equal(accepted["success"], true);
      assert.equal((await query({ purchase_ids: [other] })).data.purchase_orders[0]!.status, "WAIT_BUYER_P", "not yet");
      fake.settle();
      const closed = (await query({ purchase_ids: [other] })).data.purchase_orders[0]!;
      assert.deepEqual([closed.status, closed.sub_purchase_orders[0]!.close_reason], ["TRADE_CLOSED", "buyer_changed_mind"]);
      await assert.rejects(holder.call(API.orderCancel, { purchase_id: purchaseId, cancel_reason: "too late" }), (e: unknown) => {
        assert.ok(e instanceof TaobaoGlobalError);
        assert.deepEqual([e.layer, e.code], ["business", "ORDER_STATUS_NOT_SUPPORT_CANCEL"]);
        return true;
      });
    });

    test("a missing mandatory parameter is refused by the upstream", async () => {
      await assert.rejects(holder.call(API.orderCancel, { purchase_id: purchaseId }), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "MissingParameter");
    });
  });
});

describe("Taobao Global fake: token lifetimes on its own clock", () => {
  test("an access token past expires_in is refused; the holder sharing the clock refreshes ahead instead", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const now = () => clock;
    const fake = await startTaobaoGlobalFake({ accessTtlSec: 3600, refreshTtlSec: 7200, maxSkewMs: 600_000, now });
    try {
      const client = new TaobaoGlobalClient({ appKey: fake.appKey, appSecret: fake.appSecret, baseUrl: fake.baseUrl, now });
      const tokens = await client.createToken(fake.issueAuthCode());
      assert.equal(tokens.accessExpiresAt, clock + 3_600_000);
      clock += 3_600_000;
      await assert.rejects(client.call(API.ordersQuery, {}, { accessToken: tokens.accessToken }), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "IllegalAccessToken");
      const holder = new TokenHolder(client, tokens);
      const n = fake.calls.length;
      assert.equal((await holder.call(API.ordersQuery, {})).code, "0");
      assert.deepEqual(fake.calls.slice(n).map((c) => c.apiPath + (c.refused ? " ✗" + c.refused : "")), ["/auth/token/refresh", "/purchase/orders/query"]);
      // Classic TOP's ±10 minutes, when configured: 11 minutes of skew is refused.
      const skewed = new TaobaoGlobalClient({ appKey: fake.appKey, appSecret: fake.appSecret, baseUrl: fake.baseUrl, now: () => clock - 11 * 60_000 });
      await assert.rejects(skewed.call(API.ordersQuery, {}, { accessToken: holder.state.accessToken }), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "InvalidTimestamp");
      // Past the refresh token's life, only a new authorization helps.
      clock += 7_200_000;
      await assert.rejects(client.refreshToken(holder.state.refreshToken), (e: unknown) => e instanceof TaobaoGlobalError && e.code === "IllegalRefreshToken");
    } finally {
      await fake.close();
    }
  });
});
