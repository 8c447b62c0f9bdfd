// Prints every SQL statement the platform sends for one create → advance → pay cycle of a sandbox
// developer, request by request and in order: the map for cutting round trips on the hot path that
// bench/order-create-pay measures.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/trace-order-cycle.ts
import pg from "pg";
import { ADDRESS, buyableSku } from "../test/helpers/taobao.ts";
import { startServer } from "../test/helpers/server.ts";

if (!process.env["DATABASE_URL"]) throw new Error("set DATABASE_URL (the trace counts pg round trips)");
const server = await startServer();
try {
  const dev = await server.createDeveloper();
  const { detail, sku } = await buyableSku(dev, "dress");
  const log: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; name?: string } | undefined;
    const text = typeof first === "string" ? first : `${first?.name ? `[${first.name}] ` : ""}${first?.text ?? "?"}`;
    log.push(text.replace(/\s+/g, " ").slice(0, 150));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    log.length = 0;
    const result = await run();
    console.log(`\n## ${name}: ${log.length} round trips`);
    log.forEach((line, i) => console.log(`${String(i + 1).padStart(3)} ${line}`));
    return result;
  };
  const order = await step("create", () =>
    dev.client.request<{ id: string }>("POST", "/v2/taobao/order", {
      body: { orderLineList: [{ itemId: detail.mpId, skuId: sku.mpSkuId, quantity: 1, price: sku.promotionPrice || sku.price, orderLineNo: "1" }], receiver: ADDRESS, orderSource: "trace", sellerOrderNumber: "T-1" },
    }),
  );
  await step("advance 120s", () => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "120s" } }));
  await step("pay", () => dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } }));
  await step("detail", () => dev.client.request("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } }));
  pg.Client.prototype.query = original;
} finally {
  await server.close();
}
