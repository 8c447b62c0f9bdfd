// The §2.4 and §2.3 checks that need no database: each failure a 40002 naming the field.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../../../platform/http/errors.ts";
import { checkBooking, checkDeclaration, isCountryCode, type BookingInput } from "./input.ts";

const receiver = { name: "Ofir Birinbaum", address: "5818 WHITSETT AVE 401", city: "VALLEY VLG", country: "US", phone: "5083326888", mobilePhone: null, email: null, state: "California", zip: "91607", taxId: null };
const line = { itemId: "2048020617114736", skuId: "413185732720", quantity: 1, freightInfo: { serviceId: "1", companyName: "", serviceCategory: "" } };
const booking = (change: Partial<BookingInput> = {}): BookingInput => ({ receiverAddress: receiver, lineItems: [line], ...change });

function refused(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ApiError && err.code === 40002 && message.test(err.message), String(message));
}

describe("booking input (§2.4, §2.0.1)", () => {
  it("takes the documented example", () => {
    const checked = checkBooking(booking({ renderId: "FF2024080200007", tmallOrderInfo: { tmallOrderId: "123123444" } }));
    assert.equal(checked.receiver.country, "US");
    assert.equal(checked.lines[0]!.serviceId, "1");
    assert.equal(checked.lines[0]!.currency, "CNY");
    assert.equal(checked.tmallOrderId, "123123444");
    assert.equal(checked.renderId, "FF2024080200007");
  });

  for (const member of ["name", "address", "city", "country"] as const) {
    it(`needs receiverAddress.${member}`, () => refused(() => checkBooking(booking({ receiverAddress: { ...receiver, [member]: null } })), new RegExp(`receiverAddress\\.${member} is required`)));
  }

  it("needs a phone or a mobile phone, and a country of ISO 3166-1", () => {
    refused(() => checkBooking(booking({ receiverAddress: { ...receiver, phone: null, mobilePhone: " " } })), /receiverAddress\.phone or receiverAddress\.mobilePhone is required/);
    assert.equal(checkBooking(booking({ receiverAddress: { ...receiver, phone: null, mobilePhone: "123" } })).receiver.mobilePhone, "123");
    refused(() => checkBooking(booking({ receiverAddress: { ...receiver, country: "XX" } })), /receiverAddress\.country must be an ISO 3166-1 alpha-2/);
    assert.equal(checkBooking(booking({ receiverAddress: { ...receiver, country: "gb" } })).receiver.country, "GB");
    assert.equal(isCountryCode("UK"), false);
  });

  it("takes 1 to 50 lines, one per SKU, each with a quantity ≥ 1 and a service", () => {
    refused(() => checkBooking(booking({ lineItems: [] })), /lineItems is required/);
    refused(() => checkBooking(booking({ lineItems: Array.from({ length: 51 }, (_, i) => ({ ...line, skuId: String(i) })) })), /lineItems must have at most 50/);
    refused(() => checkBooking(booking({ lineItems: [{ ...line, quantity: 0 }] })), /lineItems\[0\]\.quantity must be an integer of at least 1/);
    refused(() => checkBooking(booking({ lineItems: [{ ...line, quantity: null }] })), /lineItems\[0\]\.quantity is required/);
    refused(() => checkBooking(booking({ lineItems: [{ ...line, itemId: null }] })), /lineItems\[0\]\.itemId is required/);
    refused(() => checkBooking(booking({ lineItems: [{ ...line, freightInfo: { serviceId: "" } }] })), /lineItems\[0\]\.freightInfo\.serviceId is required/);
    refused(() => checkBooking(booking({ lineItems: [line, { ...line, quantity: 2 }] })), /lineItems\[1\] repeats the itemId and skuId of lineItems\[0\]/);
    refused(() => checkBooking(booking({ lineItems: [{ ...line, price: "12,5" }] })), /lineItems\[0\]\.price must be a decimal string/);
  });

  it("takes a remark of at most 500 characters", () => {
    assert.equal(checkBooking(booking({ remark: "x".repeat(500) })).remark!.length, 500);
    refused(() => checkBooking(booking({ remark: "x".repeat(501) })), /remark must be at most 500 characters/);
  });
});

describe("declaration input (§2.3)", () => {
  const info = { lineItem: { itemId: "2048020617114736", skuId: "413185732720" }, logisticNumer: null, domesticLogisticInfo: [{ logisticNumer: "SF1234521212678", logisticCompanyName: "顺丰", rtsTime: "1754342534" }] };

  it("takes the documented shape", () => {
    const checked = checkDeclaration({ orderId: "21", tmallOrderId: "12345667", logisticInfos: [info] });
    assert.deepEqual(checked.lines[0]!.parcels, [{ trackingNumber: "SF1234521212678", carrier: "顺丰", rtsTime: "1754342534" }]);
  });

  it("names what is missing or wrong", () => {
    refused(() => checkDeclaration({ logisticInfos: [info] }), /orderId or tmallOrderId is required/);
    refused(() => checkDeclaration({ orderId: "abc", logisticInfos: [info] }), /orderId must be a logistics order id/);
    refused(() => checkDeclaration({ orderId: "1", logisticInfos: [] }), /logisticInfos is required/);
    refused(() => checkDeclaration({ orderId: "1", logisticInfos: [{ ...info, domesticLogisticInfo: [] }] }), /logisticInfos\[0\]\.domesticLogisticInfo is required/);
    refused(() => checkDeclaration({ orderId: "1", logisticInfos: [{ ...info, lineItem: { itemId: "1" } }] }), /logisticInfos\[0\]\.lineItem\.skuId is required/);
    refused(() => checkDeclaration({ orderId: "1", logisticInfos: [info, info] }), /logisticInfos\[1\]\.lineItem names the same line as logisticInfos\[0\]/);
    refused(
      () => checkDeclaration({ orderId: "1", logisticInfos: [{ ...info, domesticLogisticInfo: [{ logisticNumer: "SF 1" }] }] }),
      /logisticInfos\[0\]\.domesticLogisticInfo\[0\]\.logisticNumer must be a tracking number/,
    );
    refused(
      () => checkDeclaration({ orderId: "1", logisticInfos: [{ ...info, domesticLogisticInfo: [{ logisticNumer: "SF1234", rtsTime: "yesterday" }] }] }),
      /logisticInfos\[0\]\.domesticLogisticInfo\[0\]\.rtsTime must be epoch seconds/,
    );
  });
});
