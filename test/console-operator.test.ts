// The operator pages in a real browser: finance confirms a paid Taobao order from its queue (the
// automatic confirmation is off), roles limit pages and calls (40301, CSRF), the warehouse checks an
// item with an uploaded photo that the developer then sees, support reads dead jobs without Retry,
// the quote simulator prices goods to the US and says why lines are left out; axe on every page.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { criticalViolations, launchBrowser, NO_BROWSER, openConsole, pageProblems, screenshot, signInDeveloper, signInOperator, visit } from "./helpers/browser.ts";
import { startServer, until, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { ADDRESS, linesOfOneShop } from "./helpers/taobao.ts";

const PASSWORD = "a long enough password";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface WarehouseItem {
  id: string;
  state: string;
  title: string;
  weightG: number | null;
  qc: { photos: string[] };
}

describe("the operator console", { skip: NO_BROWSER }, () => {
  let server: TestServer;
  let dev: TestDeveloper;
  let browser: Browser;
  let orderId: string;
  const advance = (ms: number) => dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: ms } });
  const orderStatus = async () => (await dev.client.request<{ status: number }>("GET", "/v2/taobao/order/detail/get", { query: { orderId } })).status;
  const items = async () => (await dev.client.request<{ items: WarehouseItem[] }>("GET", "/warehouse/items")).items;
  const checked = async (page: Page, name: string) => {
    assert.deepEqual(await criticalViolations(page), [], `${name}: axe`);
    await screenshot(page, name);
  };
  const signedIn = async (name: string) => {
    const page = await openConsole(browser, server.url);
    await signInOperator(page, name, PASSWORD);
    return page;
  };

  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0, taobaoFinanceAutoConfirm: false } });
    for (const [name, roles] of [["fin", ["finance"]], ["wh", ["warehouse"]], ["sup", ["support"]], ["boss", ["admin"]]] as const) {
      const created = await server.admin("POST", "/admin/operators", { name, password: PASSWORD, roles });
      assert.equal(created.code, 200, created.msg);
    }
    dev = await server.createDeveloper();
    // A sandbox Taobao order, paid: with the automatic finance confirmation off it waits in status 1.
    const order = await dev.client.request<{ id: string }>("POST", "/v2/taobao/order", { body: { orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS } });
    orderId = order.id;
    await advance(5 * MINUTE);
    await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [orderId] } });
    assert.equal(await orderStatus(), 1, "paid, waiting for finance");
    // A job that fails at once, dead-lettered, for the exceptions page.
    const jobs = server.platform.services.jobs;
    jobs.on("console.fail", async () => {
      throw new Error("upstream refused the call");
    }, { maxAttempts: 1 });
    const now = await server.platform.services.clocks.now(dev.developId);
    await server.platform.database.db.transaction().execute((trx) => jobs.schedule(trx, { developerId: dev.developId, dueAtMs: now + 1000, kind: "console.fail", payload: {} }).then(() => undefined));
    await advance(10_000);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("finance confirms the paid order from its queue; it leaves the queue; warehouse pages and calls are closed to finance; a change without the CSRF header is refused", async () => {
    const page = await signedIn("fin");
    await visit(page, "/op/finance");
    await page.getByRole("heading", { name: "Finance queue", level: 1 }).waitFor();
    const row = page.getByRole("row").filter({ hasText: orderId });
    await row.waitFor();
    await checked(page, "op-finance");
    await row.getByRole("button", { name: /^Confirm/ }).click();
    await page.getByText(`Order ${orderId} confirmed.`).waitFor();
    assert.equal(await page.getByRole("row").filter({ hasText: orderId }).count(), 0, "the row left the queue");
    await until("the order confirmed", orderStatus, (s) => s >= 2);
    // Loaded again, the queue no longer has the order.
    await page.reload();
    await page.getByText("No paid order is waiting for a decision.").waitFor();

    const nav = page.getByRole("navigation", { name: "Main navigation" });
    assert.deepEqual(await nav.getByRole("link").allTextContents(), ["Developers", "Finance queue", "Exceptions"]);
    await visit(page, "/op/warehouse");
    await page.getByRole("heading", { name: "Your roles do not include this page." }).waitFor();

    // The server decides, whatever the page shows: a warehouse call from finance's session is 40301,
    // and a change without the CSRF header is 40301 too.
    const codes = await page.evaluate(async (developId) => {
      const session = (await (await fetch("/console/api/session")).json()) as { data: { csrfToken: string } };
      const post = async (path: string, headers: Record<string, string>, body: unknown) =>
        ((await (await fetch(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })).json()) as { code: number }).code;
      return {
        warehouse: await post("/admin/warehouse/storage/run", { "x-csrf-token": session.data.csrfToken }, {}),
        withoutCsrf: await post(`/admin/developers/${developId}/wallet/topup`, {}, { amount: "1.00", reference: "no-csrf" }),
        withCsrf: await post(`/admin/developers/${developId}/wallet/topup`, { "x-csrf-token": session.data.csrfToken }, { amount: "1.00", reference: "with-csrf" }),
      };
    }, dev.developId);
    assert.deepEqual(codes, { warehouse: 40301, withoutCsrf: 40301, withCsrf: 200 });

    // Finance reads the stuck orders but not the jobs or callbacks (support's).
    await visit(page, "/op/exceptions");
    await page.getByRole("heading", { name: "Stuck orders" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Dead-lettered jobs" }).count(), 0);
    assert.deepEqual(await criticalViolations(page), []);
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("the warehouse checks an arrived item with weight, size and an uploaded photo; the developer sees it with the photo", async () => {
    await until("the order bought upstream", orderStatus, (s) => s >= 10);
    await advance(6 * HOUR); // the seller ships
    await advance(36 * HOUR); // the parcel is signed for at the warehouse
    const [arrived] = await until("the item received", items, (list) => list.some((i) => i.state === "RECEIVED"));
    assert.equal(arrived!.state, "RECEIVED");

    const page = await signedIn("wh");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    assert.deepEqual(await nav.getByRole("link").allTextContents(), ["Developers", "Warehouse", "Parcels", "Shipping lines"]);
    await visit(page, `/op/warehouse?developId=${dev.developId}`);
    const link = page.getByRole("link", { name: arrived!.title });
    await link.waitFor();
    await checked(page, "op-warehouse");
    await link.click();
    await page.getByRole("heading", { name: `Warehouse item ${arrived!.id}` }).waitFor();
    assert.deepEqual(await criticalViolations(page), []);

    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 30, g: 140, b: 90 } } }).png().toBuffer();
    const qc = page.getByRole("form", { name: "Quality check" });
    await qc.getByLabel("Weight (grams)").fill("812");
    await qc.getByLabel(/^Size/).fill("300x200x120");
    await qc.getByLabel("Result").selectOption("pass");
    await qc.getByLabel(/^Photos/).setInputFiles({ name: "goods.png", mimeType: "image/png", buffer: png });
    await qc.getByRole("button", { name: "Record check" }).click();
    const photo = page.locator(".op-photos img").first();
    await photo.waitFor();
    await page.waitForFunction(() => {
      const img = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector(".op-photos img");
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await checked(page, "op-warehouse-item");
    const after = (await items()).find((i) => i.id === arrived!.id)!;
    assert.equal(after.weightG, 812);
    assert.equal(after.state, "STORED");
    assert.equal(after.qc.photos.length, 1);

    await visit(page, "/op/parcels");
    await page.getByRole("heading", { name: "International parcels" }).waitFor();
    await checked(page, "op-parcels");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();

    // The developer, in a fresh context, sees the item with its weight and the photo loads.
    const devPage = await openConsole(browser, server.url);
    await signInDeveloper(devPage, dev.accessKey, dev.accessSecret);
    await visit(devPage, "/dev/warehouse");
    const devRow = devPage.getByRole("table", { name: "Warehouse items" }).getByRole("row").filter({ hasText: arrived!.title });
    await devRow.waitFor();
    assert.match((await devRow.textContent()) ?? "", /812 g/);
    assert.match((await devRow.getByRole("img").first().getAttribute("alt")) ?? "", /Check photo 1/);
    await devPage.waitForFunction(() => {
      const img = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector("main img");
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await checked(devPage, "dev-warehouse");
    await visit(devPage, "/dev/parcels");
    await devPage.getByRole("heading", { name: "My international parcels" }).waitFor();
    assert.deepEqual(await criticalViolations(devPage), []);
    assert.deepEqual(pageProblems(devPage), []);
    await devPage.context().close();
  });

  test("support reads the dead jobs without a Retry button; an admin has it", async () => {
    const page = await signedIn("sup");
    await visit(page, "/op/exceptions");
    const jobs = page.getByRole("table", { name: "Jobs that ran out of attempts" });
    await jobs.getByRole("row").filter({ hasText: "console.fail" }).waitFor();
    assert.match((await jobs.textContent()) ?? "", /upstream refused the call/);
    assert.equal(await page.getByRole("button", { name: /Retry/ }).count(), 0, "support may only read jobs");
    await checked(page, "op-exceptions");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();

    const boss = await signedIn("boss");
    await visit(boss, "/op/exceptions");
    const row = boss.getByRole("table", { name: "Jobs that ran out of attempts" }).getByRole("row").filter({ hasText: "console.fail" });
    await row.getByRole("button", { name: /Retry/ }).click();
    await row.getByText(/is PENDING again/).waitFor();
    assert.deepEqual(pageProblems(boss), []);
    await boss.context().close();
  });

  test("the quote simulator prices about 1 kg of battery goods to the US (from the catalogue, then typed) and says why the other lines are left out", async () => {
    // A battery product from the sandbox catalogue, in a quantity weighing about 1 kg.
    const goods = server.platform.services.goods;
    let pick: { itemId: string; skuId: string; quantity: number } | undefined;
    for (let i = 0; i < 500 && !pick; i++) {
      const p = goods.productAt("taobao", i, "en");
      if (p.skus.length > 0 && p.categoryPath.some((c) => [1040010, 1040020, 1040030, 1040040, 1041010].includes(c.id)) && p.weightKg > 0 && p.weightKg <= 1) {
        pick = { itemId: p.id, skuId: p.skus[0]!.skuId, quantity: Math.max(1, Math.round(1 / p.weightKg)) };
      }
    }
    assert.ok(pick, "a battery product in the sandbox catalogue");
    const page = await signedIn("wh");
    await visit(page, "/op/shipping");
    const sim = page.getByRole("form", { name: "Quote simulator" });
    await sim.getByLabel("Catalogue item id").fill(pick.itemId);
    await sim.getByLabel("SKU id").fill(pick.skuId);
    await sim.getByLabel("Quantity").fill(String(pick.quantity));
    await sim.getByLabel(/^Country/).fill("US");
    await sim.getByRole("button", { name: "Get quotes" }).click();
    const priced = page.getByRole("table", { name: "Quotes by line" });
    await priced.waitFor();
    assert.ok((await priced.getByRole("row").count()) >= 2, "at least one line priced");
    assert.match((await priced.textContent()) ?? "", /¥\d/);
    const leftOut = page.getByRole("table", { name: "Lines left out and why" });
    assert.match((await leftOut.textContent()) ?? "", /ATTRIBUTE_NOT_ACCEPTED/);
    assert.match((await page.locator(".op-sim-result").textContent()) ?? "", /Goods: [\d,]+ g/);
    // Typed goods: exactly 1 kg with a battery, then without.
    await sim.getByLabel("Weight (g)").fill("1000");
    await sim.getByRole("checkbox", { name: "battery" }).check();
    await sim.getByRole("button", { name: "Get quotes" }).click();
    await page.locator(".op-sim-result").getByText(/Goods: 1,000 g/).waitFor();
    assert.match((await leftOut.textContent()) ?? "", /ATTRIBUTE_NOT_ACCEPTED/);
    await sim.getByRole("checkbox", { name: "battery" }).uncheck();
    await sim.getByRole("button", { name: "Get quotes" }).click();
    await page.waitForFunction(() => !/ATTRIBUTE_NOT_ACCEPTED/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(".op-sim-result")?.textContent ?? "ATTRIBUTE_NOT_ACCEPTED"));
    await checked(page, "op-shipping");
    await page.getByRole("link", { name: "1", exact: true }).click();
    await page.getByRole("heading", { name: /^Line 1: EMS/ }).waitFor();
    assert.equal(await page.getByRole("form", { name: "Fuel surcharge" }).count(), 0, "fuel is an admin's");
    assert.deepEqual(await criticalViolations(page), []);
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("an admin sees every page: developers (create, secret once), after-sales settings, connectors, operators", async () => {
    const page = await signedIn("boss");
    await visit(page, "/op/developers");
    await page.getByRole("link", { name: `dev-` }).first().waitFor();
    const create = page.getByRole("form", { name: "Create a developer" });
    await create.getByLabel("Name", { exact: true }).fill("Console Co");
    await create.getByRole("button", { name: "Create" }).click();
    await page.getByText("Keep these now: the access secret is not shown again.").waitFor();
    await checked(page, "op-developers");
    await visit(page, `/op/developers/${dev.developId}`);
    await page.getByText(/^Balance: ¥/).waitFor();
    await page.getByRole("table", { name: "Recent calls of the developer" }).waitFor();
    assert.deepEqual(await criticalViolations(page), []);

    await visit(page, "/op/aftersales");
    await page.getByRole("table", { name: "Refund reasons by platform" }).waitFor();
    assert.deepEqual(await criticalViolations(page), []);

    // A line edited as JSON: a bad value is refused naming the field; a good one is saved.
    await visit(page, "/op/shipping/2");
    const editor = page.getByRole("form", { name: "Edit the line (JSON)" });
    const line = JSON.parse(await editor.getByLabel("Line (JSON)").inputValue()) as { transitDays: { min: number; max: number }; maxWeightG: number };
    await editor.getByLabel("Line (JSON)").fill(JSON.stringify({ ...line, maxWeightG: -5 }));
    await editor.getByRole("button", { name: "Save the line" }).click();
    await editor.getByText(/^40002 — .*maxWeightG/).waitFor();
    await editor.getByLabel("Line (JSON)").fill(JSON.stringify({ ...line, transitDays: { min: 4, max: 9 } }));
    await editor.getByRole("button", { name: "Save the line" }).click();
    await page.getByText(/^Saved; line revision \d+\./).waitFor();
    const saved = await server.admin<{ transitDays: { min: number; max: number } }>("GET", "/admin/shipping/lines/2");
    assert.deepEqual(saved.data.transitDays, { min: 4, max: 9 });
    assert.deepEqual(await criticalViolations(page), []);

    await visit(page, "/op/connectors");
    await page.getByText(/No connector configured/).waitFor();
    await checked(page, "op-connectors");

    await visit(page, "/op/operators");
    const table = page.getByRole("table", { name: "Operator accounts" });
    for (const name of ["fin", "wh", "sup", "boss"]) await table.getByRole("row").filter({ hasText: name }).first().waitFor();
    await checked(page, "op-operators");
    // In 简体中文.
    await page.getByLabel("Language").selectOption("zh");
    await page.getByRole("heading", { name: "运营账号", level: 1 }).waitFor();
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "财务审核" }).click();
    await page.getByRole("heading", { name: "财务审核队列", level: 1 }).waitFor();
    assert.deepEqual(await criticalViolations(page), []);
    await page.getByLabel("语言").selectOption("en");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("support follows after-sales cases of every developer: an open case is listed, then found among the finished ones once cancelled", async () => {
    const order = await dev.client.request<{ id: string }>("POST", "/v2/taobao/order", { body: { orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS } });
    await advance(5 * MINUTE);
    await dev.client.request("POST", "/v2/taobao/order/pay", { body: { orderIds: [order.id] } });
    assert.equal((await server.admin("POST", `/admin/developers/${dev.developId}/taobao/orders/${order.id}/finance`, { decision: "confirm" })).code, 200);
    const detail = await dev.client.request<{ subOrderVOS: { subOrderId: string; purchaseAmount: number; domesticPostFee: number }[] }>("GET", "/v2/taobao/order/detail/get", { query: { orderId: order.id } });
    const line = detail.subOrderVOS[0]!;
    const { refundId } = await dev.client.taobao.refunds.submit({ subOrderId: line.subOrderId, refundType: 1, goodsStatus: 4, reasonId: 402652, refundFee: line.purchaseAmount + line.domesticPostFee });

    const page = await signedIn("sup");
    await visit(page, "/op/aftersales");
    const cases = page.getByRole("table", { name: "After-sales cases, newest first" });
    await cases.getByRole("row").filter({ hasText: refundId }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Save" }).count(), 0, "support changes no settings");
    await checked(page, "op-aftersales");
    await dev.client.taobao.refunds.cancel(refundId);
    await page.getByLabel("Which cases").selectOption("finished");
    await page.getByRole("table", { name: "After-sales cases, newest first" }).getByRole("row").filter({ hasText: refundId }).waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });
});
