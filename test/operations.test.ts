// Operations surface: the OpenAPI document, the offline docs page, health, readiness and metrics.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import SwaggerParser from "@apidevtools/swagger-parser";
import { startServer, type TestServer } from "./helpers/server.ts";

type Operation = {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { anyOf?: unknown[]; "x-codes"?: number[] } }> }>;
  security?: unknown;
};

describe("operations", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });

  test("/openapi.json is valid OpenAPI 3.1 and lists the three endpoints with request and response schemas and error codes", async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    assert.equal(response.status, 200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, Operation>> };
    assert.equal(doc.openapi, "3.1.0");
    await SwaggerParser.validate(structuredClone(doc) as never);
    const expected: Array<[string, number[]]> = [
      ["/v2/open/address/get", [40401]],
      ["/v2/open/address/addOrUpdate", [40401, 40901]],
      ["/v2/taobao/order/page", []],
    ];
    for (const [path, codes] of expected) {
      const operation = doc.paths[path]?.["post"];
      assert.ok(operation, `${path} is documented`);
      assert.ok(operation.requestBody?.content["application/json"]?.schema, `${path} has a request schema`);
      const schema = operation.responses["200"]?.content?.["application/json"]?.schema;
      assert.ok(schema?.anyOf?.length === 2, `${path} documents success and error envelopes`);
      for (const code of [40001, 40002, 40101, 40102, 40103, 40104, 40301, 42901, ...codes]) {
        assert.ok(schema["x-codes"]?.includes(code), `${path} lists ${code}`);
      }
    }
    // The order page documents OrderV2VO with its sub-orders.
    const page = JSON.stringify(doc.paths["/v2/taobao/order/page"]);
    for (const key of ["warehouseAddressInfoVO", "receiverVO", "subOrderVOS", "subOrderResult", "taobaoSubPurchaseId", "refundStatus"]) {
      assert.ok(page.includes(key), `order page schema has ${key}`);
    }
    // The fourteen goods endpoints (taobao.md §1, alibaba-1688.md §1).
    const goods = [
      ["get", "/v2/taobao/product/get"],
      ["post", "/v2/taobao/product/batch/check"],
      ["post", "/v2/taobao/product/item/search"],
      ["post", "/v2/taobao/product/image/search"],
      ...["detail/get", "keywords/query", "image/query", "query/selleroffer", "category/get", "productRecommendQuery", "productRelatedRecommendQuery", "globalSelection/keywords/query", "selection/keywords/query", "topList/query"].map(
        (p) => ["post", `/v2/alibaba/product/${p}`],
      ),
    ];
    for (const [method, path] of goods) {
      const operation = doc.paths[path!]?.[method!];
      assert.ok(operation?.responses["200"]?.content?.["application/json"]?.schema, `${method} ${path} is documented`);
    }
    // Operator paths are documented with the operator token.
    assert.deepEqual(doc.paths["/admin/developers"]?.["post"]?.security, [{ operatorToken: [] }]);
  });

  test("/docs serves the API explorer from local assets (no CDN)", async () => {
    const page = await fetch(`${server.url}/docs/`, { redirect: "follow" });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /swagger/i);
    const external = [...html.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(external, [], "no asset is loaded from another host");
    const bundle = await fetch(`${server.url}/docs/static/swagger-ui-bundle.js`);
    assert.equal(bundle.status, 200);
    assert.ok((await bundle.text()).length > 100_000);
  });

  test("/healthz, /readyz and /metrics", async () => {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: "ok" });
    assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: "ready" });
    const dev = await server.createDeveloper();
    await dev.client.taobao.orderPage();
    await dev.client.raw("POST", "/v2/taobao/order/page", { body: { pageSize: 0 } });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /openpon_http_requests_total\{route="\/v2\/taobao\/order\/page",method="POST",code="200"\} 1/);
    assert.match(metrics, /openpon_http_requests_total\{route="\/v2\/taobao\/order\/page",method="POST",code="40002"\} 1/);
    assert.match(metrics, /openpon_http_request_duration_seconds_bucket\{le="0\.1",route="\/v2\/taobao\/order\/page",method="POST",code="200"\} 1/);
  });
});
