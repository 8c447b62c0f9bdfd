import { test } from "node:test";
import assert from "node:assert/strict";
import { mayCall } from "./roles.ts";

test("admin may call anything, including routes no rule names", () => {
  assert.equal(mayCall(["admin"], "POST", "/admin/operators"), true);
  assert.equal(mayCall(["admin"], "DELETE", "/admin/connectors/:name"), true);
});

test("finance moves money and decides paid orders, and may not touch the warehouse or operators", () => {
  assert.equal(mayCall(["finance"], "POST", "/admin/developers/:developId/wallet/topup"), true);
  assert.equal(mayCall(["finance"], "POST", "/admin/developers/:developId/taobao/orders/:orderId/finance"), true);
  assert.equal(mayCall(["finance"], "GET", "/admin/wallet/check"), true);
  assert.equal(mayCall(["finance"], "POST", "/admin/warehouse/items/:itemId/qc"), false);
  assert.equal(mayCall(["finance"], "POST", "/admin/operators"), false);
  assert.equal(mayCall(["finance"], "GET", "/admin/developers"), true);
  assert.equal(mayCall(["finance"], "POST", "/admin/developers"), false, "creating developers is admin's");
});

test("warehouse records QC and packs, reads shipping lines but does not edit them", () => {
  assert.equal(mayCall(["warehouse"], "POST", "/admin/warehouse/items/:itemId/qc"), true);
  assert.equal(mayCall(["warehouse"], "POST", "/admin/logistics/parcels/:id/pack"), true);
  assert.equal(mayCall(["warehouse"], "GET", "/admin/shipping/lines"), true);
  assert.equal(mayCall(["warehouse"], "PUT", "/admin/shipping/lines/:serviceId"), false);
  assert.equal(mayCall(["warehouse"], "POST", "/admin/shipping/explain"), true);
  assert.equal(mayCall(["warehouse"], "POST", "/admin/developers/:developId/taobao/orders/:orderId/finance"), false);
  assert.equal(mayCall(["warehouse"], "POST", "/admin/developers/:developId/wallet/topup"), false);
});

test("support reads cases, jobs and connectors, resends callbacks, and edits no catalogue", () => {
  assert.equal(mayCall(["support"], "GET", "/admin/aftersales/reasons"), true);
  assert.equal(mayCall(["support"], "PUT", "/admin/aftersales/reasons/:platform/:id"), false);
  assert.equal(mayCall(["support"], "POST", "/admin/developers/:developId/callback/resend"), true);
  assert.equal(mayCall(["support"], "POST", "/admin/jobs/:id/retry"), false);
  assert.equal(mayCall(["support"], "GET", "/admin/jobs"), true);
});

test("finance and support read the order queues; warehouse does not", () => {
  assert.equal(mayCall(["finance"], "GET", "/admin/orders"), true);
  assert.equal(mayCall(["support"], "GET", "/admin/orders"), true);
  assert.equal(mayCall(["finance"], "POST", "/admin/orders"), false, "reading only");
  assert.equal(mayCall(["warehouse"], "GET", "/admin/orders"), false);
});

test("several roles add up; no role may do nothing", () => {
  assert.equal(mayCall(["finance", "warehouse"], "POST", "/admin/warehouse/items/:itemId/qc"), true);
  assert.equal(mayCall([], "GET", "/admin/developers"), false);
});
