// The logistics answer's mapping (pure): status words, times and parcel order.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { toShipments, traceStatus, traceTime } from "./logistics.ts";

describe("taobao-global logistics mapping", () => {
  test("status words → trace statuses", () => {
    assert.equal(traceStatus("WAITING_COLLECT"), "CREATE");
    assert.equal(traceStatus("COLLECTED"), "ACCEPT");
    assert.equal(traceStatus("DELIVERING", "运输中"), "TRANSPORT");
    assert.equal(traceStatus("DELIVERING", "派送中"), "DELIVERING");
    assert.equal(traceStatus("WAITING_CUSTOMS"), "TRANSPORT");
    assert.equal(traceStatus("CUSTOMS_CLEARANCE"), "TRANSPORT");
    assert.equal(traceStatus("SIGNED"), "SIGN");
    for (const s of ["CUSTOMS_FAILED", "REJECTED", "RETURNED", "EXCEPTION"]) assert.equal(traceStatus(s), "FAILED", s);
    assert.equal(traceStatus("UNKNOWN"), "TRANSPORT");
    assert.equal(traceStatus("SOMETHING_NEW"), "TRANSPORT");
  });

  test("times: China-time text, epoch ms or s; unreadable → 0", () => {
    assert.equal(traceTime("2026-12-07 16:00:00"), Date.parse("2026-12-07T08:00:00Z"));
    assert.equal(traceTime("1765094400000"), 1765094400000);
    assert.equal(traceTime("1765094400"), 1765094400000);
    assert.equal(traceTime(""), 0);
    assert.equal(traceTime("yesterday"), 0);
  });

  test("parcels: traces oldest first, upstream text kept, empty mail numbers dropped", () => {
    const envelope = {
      result: {
        success: true,
        data: {
          pnm_logistics_details: [
            {
              mail_no: "SF2", logistics_partner: [{ company: "顺丰速运" }],
              logistics_traces: [
                { status: "SIGNED", standerd_desc: "已签收", time: "2026-12-08 10:00:00", city: "杭州市" },
                { status: "COLLECTED", status_desc: "已揽收", time: "2026-12-07 18:00:00", city: "广州市" },
              ],
            },
            { mail_no: "", logistics_traces: [] },
            { mail_no: "YT1", logistics_partner: [{ company: "圆通速递", company_code: "YTO" }], logistics_traces: [{ status: "WAITING_COLLECT", standerd_desc: "卖家已发货", time: "2026-12-07 12:00:00", city: "" }] },
          ],
        },
      },
    };
    const parcels = toShipments(envelope, "3000000000001", "2000000000001");
    assert.deepEqual(parcels.map((p) => [p.trackingNumber, p.carrier, p.carrierCode, p.shippedAt]), [
      ["YT1", "圆通速递", "YTO", Date.parse("2026-12-07T04:00:00Z")],
      ["SF2", "顺丰速运", "", Date.parse("2026-12-07T10:00:00Z")],
    ]);
    assert.deepEqual(parcels[1]!.trace, [
      { at: Date.parse("2026-12-07T10:00:00Z"), status: "ACCEPT", description: "已揽收", city: "广州市" },
      { at: Date.parse("2026-12-08T02:00:00Z"), status: "SIGN", description: "已签收", city: "杭州市" },
    ]);
    assert.deepEqual(parcels[0]!.lineIds, ["3000000000001"]);
    assert.equal(parcels[0]!.upstreamOrderId, "2000000000001");
    assert.deepEqual(toShipments({}, "1", ""), []);
  });
});
