// The carriers' vocabularies normalised (research A.6).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normaliseTrackingStatus } from "./tracking.ts";

describe("tracking statuses normalised", () => {
  const cases: Array<[string, string]> = [
    ["InfoReceived", "InfoReceived"],
    ["Pending", "InfoReceived"],
    ["pre_transit", "InfoReceived"],
    ["CONSIGN", "InfoReceived"],
    ["WAITING_COLLECT", "InfoReceived"],
    ["in_transit", "InTransit"],
    ["InTransit_007", "InTransit"],
    ["picked_up", "InTransit"],
    ["TRANSPORT", "InTransit"],
    ["CUSTOMS_CLEARANCE", "InTransit"],
    ["out_for_delivery", "OutForDelivery"],
    ["AvailableForPickup", "OutForDelivery"],
    ["DELIVERING", "OutForDelivery"],
    ["failure", "AttemptFail"],
    ["delivery_failed", "AttemptFail"],
    ["delivered", "Delivered"],
    ["SIGN", "Delivered"],
    ["SIGNED", "Delivered"],
    ["Exception_004", "Exception"],
    ["customs_hold", "Exception"],
    ["lost", "Exception"],
    ["return_to_sender", "Exception"],
    ["CUSTOMS_FAILED", "Exception"],
    ["Expired", "Expired"],
  ];
  for (const [code, status] of cases) it(`${code} → ${status}`, () => assert.equal(normaliseTrackingStatus(code), status));

  it("knows nothing else", () => {
    assert.equal(normaliseTrackingStatus("teleported"), undefined);
    assert.equal(normaliseTrackingStatus(""), undefined);
  });
});
