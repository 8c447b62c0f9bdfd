// The developer workbench of the console in a real browser, on the real HTTP API: a developer signs
// in, sees the balance, finds an order placed through the API, watches its timeline move while the
// sandbox clock advances in another tab, finds a refused call with its reason in the request log,
// sees a failed callback delivery and resends it, and resets the access secret; an order's detail lists
// the international parcels booked for its goods.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { OpenponClient } from "@openpon/sdk";
import { criticalViolations, launchBrowser, NO_BROWSER, openConsole, pageProblems, screenshot, signInDeveloper, visit } from "./helpers/browser.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { startReceiver, type TestReceiver } from "./helpers/receiver.ts";
import { ADDRESS, linesOfOneShop } from "./helpers/taobao.ts";
import { ADDRESS_PARAM, cargoOfSellers } from "./helpers/alibaba.ts";
import { bookStored, storedItems } from "./helpers/parcels.ts";
import { advance, HOUR, paidOrder } from "./helpers/taobao-aftersales.ts";

/** The console's money(): ¥ and yuan with thousands separators (the browser runs en-US). */
function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? "-" : ""}¥${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

async function checkPage(page: Page, name: string): Promise<void> {
  assert.deepEqual(await criticalViolations(page), [], `${name}: axe`);
  assert.equal(await page.locator("main h1").count(), 1, `${name}: one h1`);
  await screenshot(page, name);
}

describe("the console's developer workbench", { skip: NO_BROWSER }, () => {
  let server: TestServer;
  let dev: TestDeveloper;
  let browser: Browser;
  let receiver: TestReceiver;
  let failing = true;

  before(async () => {
    // One attempt per message: a failing receiver turns a message FAILED at once.
    server = await startServer({ config: { sandboxTickMs: 0, callbackMaxAttempts: 1, callbackTimeoutMs: 2000, callbackPollMs: 100 } });
    dev = await server.createDeveloper();
    receiver = await startReceiver({ answer: (d) => (d.body.messageType === "CALLBACK_URL_VERIFY" || !failing ? 200 : 500) });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
  });

  test("overview → orders → live timeline → request log → callbacks → wallet, sandbox, users, 简体中文 → keys", async () => {
    const page = await openConsole(browser, server.url);
    await signInDeveloper(page, dev.accessKey, dev.accessSecret);

    // Overview: the balance the wallet route answers.
    await visit(page, "/dev/overview");
    const wallet = await dev.client.request<{ balanceFen: number }>("GET", "/developer/wallet");
    assert.equal(await page.getByTestId("balance").textContent(), yuan(wallet.balanceFen));
    await page.getByText("Sandbox", { exact: true }).first().waitFor();
    await checkPage(page, "dev-overview");

    // An order placed through the API shows in the order list.
    const order = await dev.client.request<{ id: string; status: number }>("POST", "/v2/taobao/order", { body: { orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS } });
    await visit(page, "/dev/orders");
    const link = page.getByRole("link", { name: order.id, exact: true });
    await link.waitFor();
    await checkPage(page, "dev-orders");

    // Its detail; the sandbox seller acts when the clock advances in another tab, and the timeline
    // gains an entry without a reload.
    await link.click();
    await page.getByRole("heading", { level: 1, name: `Taobao order ${order.id}` }).waitFor();
    await page.locator("ol.timeline li").first().waitFor();
    const before = await page.locator("ol.timeline li").count();
    await page.evaluate(`window.notReloaded = true`);

    const other = await page.context().newPage();
    await other.goto(page.url());
    await visit(other, "/dev/sandbox");
    await other.getByLabel("Duration").fill("5m");
    await other.getByRole("form", { name: "Advance" }).getByRole("button", { name: "Advance" }).click();
    await other.getByText(/event\(s\) ran/).waitFor();
    assert.match((await other.getByText(/event\(s\) ran/).textContent()) ?? "", /[1-9]\d* event\(s\) ran, 0 failed/);
    const words = other.getByRole("table", { name: "Scenario words and what they do" });
    await words.getByRole("row").filter({ hasText: "OUT_OF_STOCK" }).waitFor();
    assert.match((await words.getByRole("row").filter({ hasText: "OVERWEIGHT" }).textContent()) ?? "", /consignee/, "parcel words say where they go");
    await checkPage(other, "dev-sandbox");
    await other.close();

    await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll("ol.timeline li").length > n, before, { timeout: 10_000 });
    assert.equal(await page.evaluate(`window.notReloaded`), true, "refreshed in place");
    await page.locator("ol.timeline").getByText("BULIDING → WAIT_BUYER_PAY").first().waitFor();
    await page.locator("ol.timeline").scrollIntoViewIfNeeded();
    await checkPage(page, "dev-order-detail");

    // A 1688 order: the platform switch lists it and its detail shows its lines and history.
    const order1688 = await dev.client.request<{ baseInfo: { id: string; status: string } }>("POST", "/v2/alibaba/order/create", {
      body: { flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: cargoOfSellers(server, 1) },
    });
    await visit(page, "/dev/orders");
    await page.getByLabel("Platform").selectOption("alibaba");
    await page.getByRole("link", { name: order1688.baseInfo.id, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `1688 order ${order1688.baseInfo.id}` }).waitFor();
    // A new 1688 order has no history entry yet (the Taobao one has its "created" entries).
    await page.getByRole("heading", { level: 2, name: "Status history" }).waitFor();
    assert.ok((await page.getByRole("table", { name: "The order's lines" }).locator("tbody tr").count()) >= 1);
    assert.match((await page.locator("dl.facts").first().textContent()) ?? "", new RegExp(order1688.baseInfo.status));

    // A refused call (a wrong signature) is in the request log with its reason.
    const wrong = new OpenponClient({ baseUrl: server.url, accessKey: dev.accessKey, accessSecret: "0".repeat(32), userId: dev.userId });
    const refused = await wrong.raw("GET", "/developer/wallet");
    assert.equal(refused.envelope.code, 40103);
    // The log is written in batches (every half second): wait until the API lists the refusal.
    for (let i = 0; ; i++) {
      const log = await dev.client.request<{ items: Array<{ code: number }> }>("GET", "/developer/requests", { query: { failed: true } });
      if (log.items.some((e) => e.code === 40103)) break;
      assert.ok(i < 50, "the refusal is logged");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await visit(page, "/dev/requests");
    await page.getByLabel("Show").selectOption("1");
    await page.getByRole("form", { name: "Filter the request log" }).getByRole("button", { name: "Filter" }).click();
    const row = page.locator("tr", { hasText: "40103" }).first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /GET/);
    assert.ok(((await row.textContent()) ?? "").includes(refused.envelope.msg), "the exact reason");
    assert.equal(await page.locator("tbody .badge.ok").count(), 0, "no successful call among the refused ones");
    await checkPage(page, "dev-requests");

    // Callbacks: set the URL (verified), a test message fails, resend it once the receiver is fixed.
    await visit(page, "/dev/callbacks");
    await page.getByRole("button", { name: "Reveal" }).click();
    await page.getByText(/^whsec_/).waitFor();
    await page.getByLabel("Callback URL").fill(receiver.url);
    await page.getByRole("button", { name: "Verify and save" }).click();
    await page.getByText(/Saved: .* answered HTTP 200/).waitFor();
    assert.equal(await page.getByTestId("callback-url").textContent(), receiver.url);
    await page.getByRole("form", { name: "Send a test" }).getByRole("button", { name: "Send" }).click();
    await page.getByText("1 test message(s) queued.").waitFor();
    await receiver.waitFor((r) => r.deliveries.some((d) => (d.body.messageBody as { test?: boolean })?.test === true), 10_000, "the test message");
    await visit(page, "/dev/callbacks?status=FAILED");
    const failedRow = page.locator("tbody tr", { hasText: "FAILED" }).first();
    for (let i = 0; i < 50 && (await failedRow.count()) === 0; i++) {
      await page.getByRole("button", { name: "Refresh the log" }).click();
      await page.waitForTimeout(200);
    }
    await failedRow.waitFor();
    assert.match((await failedRow.textContent()) ?? "", /HTTP 500/);
    await failedRow.scrollIntoViewIfNeeded();
    await checkPage(page, "dev-callbacks");
    failing = false;
    await failedRow.getByRole("button", { name: /^Resend / }).click();
    await page.getByText(/Resent [0-9a-f]{32}: now DELIVERED/).waitFor({ timeout: 15_000 });
    // The log (all statuses) shows the message's two attempts: the failed one and the delivered one.
    await visit(page, "/dev/callbacks");
    const delivered = page.locator("tbody tr", { hasText: "DELIVERED" }).filter({ hasText: "2 attempt(s)" }).first();
    await delivered.getByText("2 attempt(s) — show").click();
    await delivered.locator("li.dev-attempt.bad", { hasText: "HTTP 500" }).waitFor();
    await delivered.locator("li.dev-attempt.ok", { hasText: "delivered" }).waitFor();

    // Wallet, users, sandbox already seen; 简体中文 once.
    await visit(page, "/dev/wallet");
    // The balance arrives with the statement's first page (drawn after the page itself).
    await page.getByTestId("wallet-balance").locator(".value").filter({ hasText: yuan(wallet.balanceFen) }).waitFor();
    await page.locator("tbody tr", { hasText: "sandbox_grant" }).first().waitFor();
    await checkPage(page, "dev-wallet");
    await page.getByLabel("Language").selectOption("zh");
    await page.getByRole("heading", { level: 1, name: "钱包" }).waitFor();
    assert.deepEqual(await criticalViolations(page), []);
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("heading", { level: 1, name: "Wallet" }).waitFor();
    await visit(page, "/dev/users");
    await page.locator("main").getByText(dev.userId, { exact: true }).waitFor();
    // A new user, disabled and enabled again from the page; the user the console acts as cannot be disabled here.
    const addUser = page.getByRole("form", { name: "Add a user" });
    await addUser.getByLabel("User name").fill("shop-two");
    await addUser.getByRole("button", { name: "Add a user" }).click();
    await page.getByRole("row").filter({ hasText: "shop-two" }).waitFor();
    assert.match((await page.getByLabel("Acting as user").textContent()) ?? "", /shop-two/, "the header bar can act as the new user");
    const userRow = page.getByRole("row").filter({ hasText: "shop-two" });
    await userRow.getByRole("button", { name: "Disable shop-two" }).click();
    await userRow.getByText("disabled", { exact: true }).waitFor();
    const added = (await dev.client.request<{ userId: string; userName: string; status: string }[]>("GET", "/developer/users")).find((u) => u.userName === "shop-two");
    assert.equal(added?.status, "DISABLED", "the change reached the server");
    await userRow.getByRole("button", { name: "Enable shop-two" }).click();
    await userRow.getByText("enabled", { exact: true }).waitFor();
    assert.equal(await page.getByRole("row").filter({ hasText: dev.userId }).getByRole("button").count(), 0, "no disable for the acting user");
    await checkPage(page, "dev-users");

    // Keys: a wrong current secret is refused with 40103; the right one shows the new secret once.
    await visit(page, "/dev/keys");
    assert.equal(await page.getByTestId("access-key").textContent(), dev.accessKey);
    await page.getByLabel("Current access secret").fill("f".repeat(32));
    await page.getByRole("button", { name: "Reset the secret" }).click();
    await page.getByText(/^40103 — /).waitFor();
    await checkPage(page, "dev-keys");
    await page.getByLabel("Current access secret").fill(dev.accessSecret);
    await page.getByRole("button", { name: "Reset the secret" }).click();
    const secret = (await page.getByTestId("new-secret").textContent()) ?? "";
    assert.match(secret, /^[0-9a-f]{32}$/);
    await page.getByText("shown only now").waitFor();
    const renewed = new OpenponClient({ baseUrl: server.url, accessKey: dev.accessKey, accessSecret: secret, userId: dev.userId });
    assert.equal((await renewed.raw("GET", "/developer/wallet")).envelope.code, 200);
    assert.equal((await dev.client.raw("GET", "/developer/wallet")).envelope.code, 40103, "the old secret no longer signs");
    // The session ended with the reset: signing in again takes the new secret.
    await page.getByRole("button", { name: "Sign in again" }).click();
    await page.getByRole("heading", { name: "Sign in to the openpon console" }).waitFor();
    await signInDeveloper(page, dev.accessKey, secret);
    await visit(page, "/dev/overview");
    await page.getByTestId("balance").waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("an order's international parcels show on its detail page; an order without one says so", async () => {
    const shop = await server.createDeveloper();
    const order = await paidOrder(server, shop, { lines: 1 });
    // Shipped, signed at the warehouse and stored within 48 h of the sandbox clock; then booked and declared.
    await advance(shop, 48 * HOUR);
    const booked = await bookStored(shop, await storedItems(shop, order.id));
    const unbooked = await shop.client.request<{ id: string }>("POST", "/v2/taobao/order", { body: { orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS } });
    const page = await openConsole(browser, server.url);
    await signInDeveloper(page, shop.accessKey, shop.accessSecret);

    await visit(page, `/dev/orders/taobao/${order.id}`);
    await page.getByRole("heading", { level: 2, name: "International parcels" }).waitFor();
    const parcels = page.getByRole("table", { name: "International parcels holding the order's goods" });
    const row = parcels.locator("tbody tr");
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    await row.getByRole("link", { name: booked.orderId, exact: true }).waitFor();
    assert.equal(await row.locator(".badge").textContent(), "IN_WAREHOUSE");
    const cells = await row.locator("td").allTextContents();
    assert.equal(cells[2], "US");
    assert.equal(cells[4], yuan(Math.round(Number(booked.totalFreight) * 100)), "the freight booked");
    await parcels.scrollIntoViewIfNeeded();
    await checkPage(page, "dev-order-detail-parcels");
    // The parcel's own page is one click away.
    await row.getByRole("link", { name: booked.orderId, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `Parcel ${booked.orderId}` }).waitFor();

    await visit(page, `/dev/orders/taobao/${unbooked.id}`);
    await page.getByText("No international parcel holds this order's goods yet.").waitFor();
    assert.equal(await page.getByText(/cannot be listed by order/).count(), 0, "the gap note is gone");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("a live developer's sandbox page says there is none", async () => {
    const live = await server.createDeveloper({ live: true });
    const page = await openConsole(browser, server.url);
    await signInDeveloper(page, live.accessKey, live.accessSecret);
    await visit(page, "/dev/sandbox");
    await page.getByText("Live developers have no sandbox.").waitFor();
    assert.deepEqual(await criticalViolations(page), []);
    await visit(page, "/dev/overview");
    await page.getByText("Live", { exact: true }).first().waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });
});
