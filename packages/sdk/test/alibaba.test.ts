// The SDK's 1688 buying methods against a recording node:http server: method, path, query, body,
// signed headers, Idempotency-Key, and the envelope decoded (data out, non-200 codes thrown).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  computeHmacSignature,
  computeRequestSignature,
  InsufficientBalanceError,
  NotFoundError,
  OpenponClient,
  StateConflictError,
  ValidationError,
  type AlibabaAddressParam,
  type AlibabaOrderCallbackMessage,
  type AlibabaOrderDetail,
} from "../src/index.ts";

interface Recorded {
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
}

let server: Server;
let baseUrl: string;
const requests: Recorded[] = [];
let reply: { code: number; msg?: string; data: unknown } = { code: 200, data: null };

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url!, "http://x");
      requests.push({
        method: req.method!,
        url: req.url!,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        rawBody,
        body: rawBody === "" ? undefined : JSON.parse(rawBody),
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ requestId: "0d1de79d9f4540308d14c558f86cb3da", code: reply.code, developId: "1110890638347337996", msg: reply.msg ?? "成功", data: reply.data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const credentials = { accessKey: "testAccessKey123", accessSecret: "testSecret456", userId: "2100007341207" };
const client = () => new OpenponClient({ baseUrl, ...credentials });

/** Runs `call` with `data` as the reply and returns what it answered and the one request it made. */
async function exchange<T>(data: unknown, call: () => Promise<T>): Promise<{ result: T; req: Recorded }> {
  reply = { code: 200, data };
  requests.length = 0;
  const result = await call();
  assert.equal(requests.length, 1);
  const req = requests[0]!;
  assertSigned(req);
  return { result, req };
}

function assertSigned(req: Recorded): void {
  const h = req.headers;
  assert.equal(h["access-key"], credentials.accessKey);
  assert.equal(h["user-id"], credentials.userId);
  assert.match(String(h.timestamp), /^\d{13}$/);
  assert.match(String(h["nonce-str"]), /^[A-Za-z0-9]{32}$/);
  assert.equal(h.signature, computeRequestSignature(credentials.accessKey, String(h.timestamp), String(h["nonce-str"]), credentials.accessSecret));
  if (req.rawBody === "") assert.equal(h["content-type"], undefined);
  else assert.equal(h["content-type"], "application/json");
}

const address: AlibabaAddressParam = {
  fullName: "zhang",
  mobile: "18600888861",
  phone: "18600888861",
  postCode: "100000",
  provinceText: "浙江省",
  cityText: "杭州市",
  areaText: "西湖区",
  townText: "转塘",
  address: "xxxxxxx",
};
const cargo = { offerMapId: "L0PTnwSnx_dWNZWCtgK7Gg", specId: "e61a85a671bb3d0301d0412b51641c6b", quantity: 1, sellerOpenId: "BBBgGWh2O6JFI6v1aQuZVgRIA" };
const ORDER_ID = "2542285634920880794";

const detail = {
  guaranteesTerms: null,
  internationalLogistics: null,
  nativeLogistics: { address: "转塘 xxxxxxx", area: "西湖区", areaCode: "330106", city: "杭州市", contactPerson: "zhang", fax: null, mobile: "18600888861", province: "浙江省", telephone: "18600888861", zip: "100000", logisticsItems: null, townCode: null, town: null, caid: null, realLogisticsCompanyNo: null },
  productItems: [{ cargoNumber: null, description: null, itemAmount: 19, name: "包", price: 19, productID: 743470146022, productImgUrl: ["<image>"], subItemID: "2542285634921880794" }],
  baseInfo: { id: ORDER_ID, idOfStr: ORDER_ID, status: "waitbuyerpay", totalAmount: 19 },
  tradeTerms: null,
  extAttributes: null,
  orderRateInfo: null,
  orderInvoiceInfo: null,
  customs: null,
  overseasExtraAddress: null,
  orderBizInfo: null,
};

const preview = {
  orderPreviewResuslt: [{ status: true, resultCode: null, message: null, flowFlag: "general", sumPayment: 2100, sumCarriage: 200, sumPaymentNoCarriage: 1900, discountFee: 0, additionalFee: null, taoSampleSinglePromotion: false, tradeModeNameList: ["assureTrade"], tradeModelList: [], shopPromotionList: [], cargoList: [] }],
  success: true,
  errorCode: null,
  errorMsg: null,
  postFeeByDescOfferList: null,
  consignOfferList: null,
  unsupportedCrossBorderPayOfferList: [],
};

test("cart.list: GET /v2/alibaba/cart/list without body or query", async () => {
  const data = { enableList: [{ sellerOpenId: "BBBgGWh2O6JFI6v1aQuZVgRIA", sellerNickName: "慈溪市观海卫胡秋花商行", cartItemInfos: [{ id: 7, offerMapId: "L0PTnwSnx_dWNZWCtgK7Gg", specId: "e61a85a671bb3d0301d0412b51641c6b", skuId: "4829152353068", itemTitle: "t", itemPic: "p", price: 1350, quantity: 2, amountOnSale: 99, properties: "Color:Tulip;Size:S" }] }], disableList: [] };
  const { result, req } = await exchange(data, () => client().alibaba.cart.list());
  assert.equal(req.method, "GET");
  assert.equal(req.url, "/v2/alibaba/cart/list");
  assert.equal(req.rawBody, "");
  assert.deepEqual(result, data);
  assert.equal(result.enableList[0]!.cartItemInfos[0]!.price, 1350);
});

test("cart.add, delete, editQuantity: POST with the documented bodies", async () => {
  const add = await exchange({ id: 7 }, () => client().alibaba.cart.add({ offerMapId: cargo.offerMapId, specId: cargo.specId, quantity: 2, productNo: "P-1" }));
  assert.equal(add.req.method, "POST");
  assert.equal(add.req.path, "/v2/alibaba/cart/add");
  assert.deepEqual(add.req.body, { offerMapId: cargo.offerMapId, specId: cargo.specId, quantity: 2, productNo: "P-1" });
  assert.deepEqual(add.result, { id: 7 });

  const del = await exchange(true, () => client().alibaba.cart.delete([7, 8]));
  assert.equal(del.req.method, "POST");
  assert.equal(del.req.path, "/v2/alibaba/cart/delete");
  assert.deepEqual(del.req.body, { cartIds: [7, 8] });
  assert.equal(del.result, true);

  const edit = await exchange(true, () => client().alibaba.cart.editQuantity({ id: 7, quantity: 5, container: "C-9" }));
  assert.equal(edit.req.path, "/v2/alibaba/cart/edit-quantity");
  assert.deepEqual(edit.req.body, { id: 7, quantity: 5, container: "C-9" });
  assert.equal(edit.result, true);
});

test("cart.preview and cart.createOrder (with and without an Idempotency-Key)", async () => {
  const p = await exchange(preview, () => client().alibaba.cart.preview({ addressParam: address, cartIds: [7] }));
  assert.equal(p.req.path, "/v2/alibaba/cart/preview/order");
  assert.deepEqual(p.req.body, { addressParam: address, cartIds: [7] });
  assert.equal(p.result.orderPreviewResuslt[0]!.sumPayment, 2100);

  const body = { flow: "general" as const, addressParam: address, cartIds: [7], message: "hi" };
  const c = await exchange([detail], () => client().alibaba.cart.createOrder(body, { idempotencyKey: "cart-order-1" }));
  assert.equal(c.req.method, "POST");
  assert.equal(c.req.path, "/v2/alibaba/cart/create/order");
  assert.deepEqual(c.req.body, body);
  assert.equal(c.req.headers["idempotency-key"], "cart-order-1");
  assert.equal(c.result[0]!.baseInfo.id, ORDER_ID);

  const plain = await exchange([detail], () => client().alibaba.cart.createOrder(body));
  assert.equal(plain.req.headers["idempotency-key"], undefined);
});

test("orders.preview and previewBatch", async () => {
  const body = { addressParam: address, cargoParamList: [cargo] };
  const one = await exchange(preview, () => client().alibaba.orders.preview(body));
  assert.equal(one.req.method, "POST");
  assert.equal(one.req.path, "/v2/alibaba/order/create/preview");
  assert.deepEqual(one.req.body, body);
  assert.equal(one.result.success, true);
  const batch = await exchange(preview, () => client().alibaba.orders.previewBatch(body));
  assert.equal(batch.req.path, "/v2/alibaba/order/create/previewbatch");
  assert.deepEqual(batch.req.body, body);
  assert.deepEqual(batch.result.unsupportedCrossBorderPayOfferList, []);
});

test("orders.create and batchCreate send the body and the Idempotency-Key; ids come back as strings", async () => {
  const body = { flow: "general" as const, addressParam: address, cargoParamList: [cargo] };
  const one = await exchange(detail, () => client().alibaba.orders.create(body, { idempotencyKey: "k-1" }));
  assert.equal(one.req.method, "POST");
  assert.equal(one.req.path, "/v2/alibaba/order/create");
  assert.deepEqual(one.req.body, body);
  assert.equal(one.req.headers["idempotency-key"], "k-1");
  assert.equal(one.result.baseInfo.id, ORDER_ID);
  assert.equal(one.result.productItems![0]!.subItemID, "2542285634921880794");

  const batch = await exchange([detail, detail], () => client().alibaba.orders.batchCreate({ ...body, transferAccountRemark: "r" }, { idempotencyKey: "k-2" }));
  assert.equal(batch.req.path, "/v2/alibaba/order/batch/create");
  assert.deepEqual(batch.req.body, { ...body, transferAccountRemark: "r" });
  assert.equal(batch.req.headers["idempotency-key"], "k-2");
  assert.equal(batch.result.length, 2);
});

test("orders.page: POST with the query as body, 1688 page shape back", async () => {
  const data = { totalRecords: 1, totalPage: 1, pageSize: 20, currentPage: 1, data: [detail] };
  const { result, req } = await exchange(data, () => client().alibaba.orders.page({ pageNo: 1, pageSize: 20, orderId: ORDER_ID, status: "waitbuyerpay" }));
  assert.equal(req.method, "POST");
  assert.equal(req.path, "/v2/alibaba/order/page");
  assert.deepEqual(req.body, { pageNo: 1, pageSize: 20, orderId: ORDER_ID, status: "waitbuyerpay" });
  assert.equal(result.totalRecords, 1);
  assert.equal(result.data[0]!.baseInfo.idOfStr, ORDER_ID);

  const empty = await exchange({ ...data, totalRecords: 0, totalPage: 0, data: [] }, () => client().alibaba.orders.page());
  assert.deepEqual(empty.req.body, {});
});

test("orders.cancel: webSite 1688 by default, the id as a string", async () => {
  const { result, req } = await exchange(true, () => client().alibaba.orders.cancel({ orderId: ORDER_ID, cancelReason: "不想要了" }));
  assert.equal(req.method, "POST");
  assert.equal(req.path, "/v2/alibaba/order/cancel");
  assert.deepEqual(req.body, { webSite: "1688", orderId: ORDER_ID, cancelReason: "不想要了" });
  assert.match(req.rawBody, /"orderId":"2542285634920880794"/);
  assert.equal(result, true);
});

test("orders.payUrl and logisticsTrace: GET with orderId in the query", async () => {
  const vo = { orderId: ORDER_ID, protocolPaySuccess: true, payUrl: null, cantPayOrderList: null };
  const pay = await exchange(vo, () => client().alibaba.orders.payUrl(ORDER_ID));
  assert.equal(pay.req.method, "GET");
  assert.equal(pay.req.url, `/v2/alibaba/order/pay/url?orderId=${ORDER_ID}`);
  assert.equal(pay.req.rawBody, "");
  assert.deepEqual(pay.result, vo);

  const trace = [{ logisticsId: "LP1", orderId: ORDER_ID, logisticsBillNo: "SF1234567890", logisticsSteps: [{ acceptTime: "2026-11-28 10:00:00", remark: "已揽收" }] }];
  const t = await exchange(trace, () => client().alibaba.orders.logisticsTrace(ORDER_ID));
  assert.equal(t.req.method, "GET");
  assert.equal(t.req.path, "/v2/alibaba/order/logistics/trace");
  assert.deepEqual(t.req.query, { orderId: ORDER_ID });
  assert.deepEqual(t.result, trace);
});

test("orders.batchSubmitToPay, receiveGoods, decryptOpenUid", async () => {
  const paid = { paidOrderIds: [ORDER_ID], cantPayOrderList: ["2060506524492880794"], payAmount: 1900, protocolPaySuccess: true };
  const pay = await exchange(paid, () => client().alibaba.orders.batchSubmitToPay([ORDER_ID, "2060506524492880794"]));
  assert.equal(pay.req.method, "POST");
  assert.equal(pay.req.path, "/v2/alibaba/order/batch/submit/to/pay");
  assert.equal(pay.req.rawBody, `{"orderIds":["${ORDER_ID}","2060506524492880794"]}`);
  assert.deepEqual(pay.result, paid);

  const r = await exchange({ success: true, errorInfo: "", errorCode: "" }, () => client().alibaba.orders.receiveGoods({ orderId: ORDER_ID, orderEntryIds: ["2542285634921880794"] }));
  assert.equal(r.req.path, "/v2/alibaba/order/receivegoods");
  assert.equal(r.req.rawBody, `{"orderId":"${ORDER_ID}","orderEntryIds":["2542285634921880794"]}`);
  assert.equal(r.result.success, true);

  const d = await exchange({ wangwangNick: "慈溪市观海卫胡秋花商行" }, () => client().alibaba.orders.decryptOpenUid({ openUid: "BBBJ82cNui3EUaxxMi_7Go73g" }));
  assert.equal(d.req.method, "POST");
  assert.equal(d.req.path, "/v2/alibaba/product/openuid/decrypt");
  assert.deepEqual(d.req.body, { openUid: "BBBJ82cNui3EUaxxMi_7Go73g" });
  assert.equal(d.result.wangwangNick, "慈溪市观海卫胡秋花商行");
});

test("non-200 codes throw the SDK's typed errors", async () => {
  const cases: Array<[number, new (...args: never[]) => Error, () => Promise<unknown>]> = [
    [40201, InsufficientBalanceError, () => client().alibaba.orders.batchSubmitToPay([ORDER_ID])],
    [40901, StateConflictError, () => client().alibaba.orders.cancel({ orderId: ORDER_ID, cancelReason: "x" })],
    [40401, NotFoundError, () => client().alibaba.orders.logisticsTrace(ORDER_ID)],
    [40002, ValidationError, () => client().alibaba.orders.create({ flow: "general", addressParam: address, cargoParamList: [] })],
  ];
  for (const [code, Kind, call] of cases) {
    reply = { code, msg: `failed ${code}`, data: null };
    await assert.rejects(call(), (err: unknown) => {
      assert.ok(err instanceof Kind, `${code} → ${Kind.name}`);
      assert.equal((err as StateConflictError).code, code);
      assert.equal((err as StateConflictError).requestId, "0d1de79d9f4540308d14c558f86cb3da");
      assert.equal((err as StateConflictError).developId, "1110890638347337996");
      return true;
    });
  }
});

test("HMAC-SHA256 clients sign the 1688 GET query and POST body", async () => {
  const hmac = new OpenponClient({ baseUrl, ...credentials, signatureMethod: "HMAC-SHA256" });
  for (const call of [() => hmac.alibaba.orders.payUrl(ORDER_ID), () => hmac.alibaba.orders.receiveGoods({ orderId: ORDER_ID })]) {
    reply = { code: 200, data: null };
    requests.length = 0;
    await call();
    const req = requests[0]!;
    const q = req.url.indexOf("?");
    assert.equal(req.headers["signature-method"], "HMAC-SHA256");
    const expected = computeHmacSignature(
      {
        accessKey: credentials.accessKey,
        timestamp: String(req.headers.timestamp),
        nonceStr: String(req.headers["nonce-str"]),
        method: req.method,
        path: req.path,
        query: q === -1 ? "" : req.url.slice(q + 1),
        body: req.rawBody,
      },
      credentials.accessSecret,
    );
    assert.equal(req.headers.signature, expected);
  }
});

test("1688 order callback bodies type-check as order detail (+ previousStatus)", () => {
  const message: AlibabaOrderCallbackMessage = {
    messageType: "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY",
    messageBody: { ...(detail as unknown as AlibabaOrderDetail), previousStatus: null },
    messagePlatform: 1,
    timestamp: "1721297000000",
  };
  if (message.messageType === "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY") assert.equal(message.messageBody.previousStatus, null);
  assert.equal(message.messageBody.baseInfo.id, ORDER_ID);
});
