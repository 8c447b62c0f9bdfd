// The console's API explorer in a real browser: it lists the signed operations of /openapi.json and
// sends real requests — signed in the browser with HMAC-SHA256 from keys typed into the page (no
// session), or through a signed-in developer's console session — and shows the request, the string
// to sign and the envelope.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { criticalViolations, launchBrowser, NO_BROWSER, openConsole, pageProblems, screenshot, signInDeveloper, visit } from "./helpers/browser.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { ADDRESS, linesOfOneShop } from "./helpers/taobao.ts";

const SEARCH = /^POST \/v2\/taobao\/product\/item\/search Taobao product keyword search$/;

interface LogEntry {
  method: string;
  path: string;
  code: number;
  userId: string | null;
}

describe("the console's API explorer", { skip: NO_BROWSER }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0 } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the public explorer without a session and types the keys into the page. */
  async function explorerWithKeys(dev: TestDeveloper, secret = dev.accessSecret): Promise<Page> {
    const page = await openConsole(browser, server.url);
    await visit(page, "/explorer");
    await page.getByRole("heading", { level: 1, name: "API explorer" }).waitFor();
    // Without a session only the typed keys can sign.
    assert.equal(await page.getByRole("radio", { name: /console session/ }).count(), 0);
    assert.equal(await page.getByRole("radio", { name: /Keys typed into this page/ }).isChecked(), true);
    await page.getByLabel("Access key", { exact: true }).fill(dev.accessKey);
    await page.getByLabel("Access secret", { exact: true }).fill(secret);
    await page.getByLabel("User id (user-id header)").fill(dev.userId);
    return page;
  }

  async function pickSearch(page: Page, keyword: string): Promise<void> {
    await page.getByLabel("Filter operations").fill("keyword search");
    // The filter hides what does not match: the 1688 order routes are gone, the search is there.
    assert.equal(await page.getByRole("button", { name: /^POST \/v2\/alibaba\/order\/create / }).isVisible(), false);
    await page.getByRole("button", { name: SEARCH }).click();
    await page.getByRole("heading", { level: 2, name: "Taobao product keyword search" }).waitFor();
    const body = page.getByLabel("Request body (JSON)");
    // Pre-filled from the schema: the required keyword first, then the fields with defaults.
    assert.deepEqual(Object.keys(JSON.parse(await body.inputValue()) as object), ["keyword", "pageNo", "pageSize"]);
    await body.fill(JSON.stringify({ keyword, pageSize: 5 }, null, 2));
  }

  async function sendAndWait(page: Page): Promise<string> {
    await page.getByRole("button", { name: "Send request" }).click();
    const outcome = page.locator(".explorer-outcome");
    await outcome.waitFor();
    return (await outcome.textContent()) ?? "";
  }

  async function requestLog(dev: TestDeveloper, want: (entries: LogEntry[]) => boolean): Promise<LogEntry[]> {
    for (let i = 0; ; i++) {
      const reply = await server.admin<{ items: LogEntry[] }>("GET", `/admin/developers/${dev.developId}/requests`);
      assert.equal(reply.code, 200);
      if (want(reply.data.items) || i >= 50) return reply.data.items;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test("without a session, keys typed into the page sign a real HMAC-SHA256 request the server accepts", async () => {
    const dev = await server.createDeveloper();
    const page = await explorerWithKeys(dev);
    assert.deepEqual(await criticalViolations(page), []);
    await pickSearch(page, "手机");
    const sent = page.waitForRequest((r) => r.url().includes("/v2/taobao/product/item/search"));
    assert.match(await sendAndWait(page), /^code 200 — /);
    const request = await sent;
    const headers = request.headers();
    assert.equal(headers["signature-method"], "HMAC-SHA256");
    assert.match(headers["signature"] ?? "", /^[0-9a-f]{64}$/);
    assert.match(headers["nonce-str"] ?? "", /^[A-Za-z0-9_-]{1,64}$/);
    assert.match(headers["timestamp"] ?? "", /^\d{13}$/);
    assert.equal(headers["user-id"], dev.userId);
    assert.equal(headers["cookie"], undefined, "the typed keys, not a session, authenticate the call");
    assert.equal(request.postData(), JSON.stringify({ keyword: "手机", pageSize: 5 }, null, 2), "the body goes exactly as typed (and hashed)");

    // The string to sign: seven lines, the last the SHA-256 of the body as sent.
    const lines = await page.locator("ol.explorer-sts > li").allTextContents();
    assert.equal(lines.length, 7);
    assert.equal(lines[0]!.replace(/\\n$/, ""), dev.accessKey);
    assert.equal(lines[3]!.replace(/\\n$/, ""), "POST");
    assert.equal(lines[4]!.replace(/\\n$/, ""), "/v2/taobao/product/item/search");
    const { createHash } = await import("node:crypto");
    assert.equal(lines[6], createHash("sha256").update(request.postData() ?? "").digest("hex"));
    // The envelope, the latency and the headers; never the secret.
    assert.match((await page.locator(".explorer-result pre.json").last().textContent()) ?? "", /"total"/);
    await page.getByText(/^\d+ ms$/).waitFor();
    assert.equal(await page.locator("tr[data-header='signature-method'] td").textContent(), "HMAC-SHA256");
    assert.equal((await page.content()).includes(dev.accessSecret), false, "the secret is nowhere in the page");
    assert.equal(await page.evaluate(`JSON.stringify(localStorage).includes(${JSON.stringify(dev.accessSecret)})`), false);

    // The server took it as a signed call of this developer and user.
    const log = await requestLog(dev, (items) => items.some((e) => e.path === "/v2/taobao/product/item/search"));
    const entry = log.find((e) => e.path === "/v2/taobao/product/item/search");
    assert.ok(entry, "the call is in the developer's request log");
    assert.equal(entry.code, 200);
    assert.equal(entry.method, "POST");
    assert.equal(entry.userId, dev.userId);

    assert.deepEqual(await criticalViolations(page), []);
    await screenshot(page, "explorer");
    // Both languages.
    await page.getByLabel("Language").selectOption("zh");
    await page.getByRole("heading", { level: 1, name: "API 调试器" }).waitFor();
    assert.equal(await page.getByLabel("Access Key", { exact: true }).inputValue(), dev.accessKey, "typed keys survive a redraw (in memory)");
    assert.deepEqual(await criticalViolations(page), []);
    await page.getByLabel("语言").selectOption("en");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("a wrong secret: the page shows the server's bad-signature code and message", async () => {
    const dev = await server.createDeveloper();
    const page = await explorerWithKeys(dev, "0".repeat(32));
    await pickSearch(page, "shoes");
    const outcome = await sendAndWait(page);
    assert.match(outcome, /^code 40103 — signature mismatch$/);
    assert.equal(await page.locator(".explorer-outcome[role='alert']").count(), 1);
    assert.equal(await page.locator("ol.explorer-sts > li").count(), 7);
    const log = await requestLog(dev, (items) => items.some((e) => e.code === 40103));
    assert.ok(log.some((e) => e.code === 40103 && e.path === "/v2/taobao/product/item/search"));
    assert.deepEqual(await criticalViolations(page), []);
    await screenshot(page, "explorer-bad-signature");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("a signed-in developer places a sandbox Taobao order through the console session", async () => {
    const dev = await server.createDeveloper();
    const page = await openConsole(browser, server.url);
    await signInDeveloper(page, dev.accessKey, dev.accessSecret);
    // The developer's navigation has the explorer.
    await page.getByRole("navigation").getByRole("link", { name: "API explorer" }).click();
    await page.getByRole("heading", { level: 1, name: "API explorer" }).waitFor();
    assert.equal(await page.getByRole("radio", { name: /My console session/ }).isChecked(), true);
    await page.getByLabel("Filter operations").fill("create taobao order");
    await page.getByRole("button", { name: /^POST \/v2\/taobao\/order Create Taobao order$/ }).click();
    await page.getByRole("heading", { level: 2, name: "Create Taobao order" }).waitFor();
    const example = JSON.parse(await page.getByLabel("Request body (JSON)").inputValue()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(example).slice(0, 2), ["orderLineList", "receiver"], "required fields first");
    await page.getByLabel("Request body (JSON)").fill(JSON.stringify({ orderLineList: linesOfOneShop(server, 1), receiver: ADDRESS, sellerOrderNumber: "explorer-1" }, null, 2));
    const sent = page.waitForRequest((r) => r.url().endsWith("/v2/taobao/order"));
    assert.match(await sendAndWait(page), /^code 200 — /);
    const headers = (await sent).headers();
    assert.ok(headers["x-csrf-token"], "a change carries the session's CSRF token");
    assert.equal(headers["signature"], undefined, "the session stands in for the signature");
    assert.equal(await page.getByText("Not signed: the console session stands in for the signature.").count(), 1);
    const envelope = JSON.parse((await page.locator(".explorer-result pre.json").last().textContent()) ?? "{}") as { code: number; data: { id: string; userId: string } };
    assert.equal(envelope.code, 200);
    assert.match(envelope.data.id, /^\d{19}$/);
    // The order exists for the API.
    const order = await dev.client.request<{ id: string; sellerOrderNumber: string }>("GET", "/v2/taobao/order/detail/get", { query: { orderId: envelope.data.id } });
    assert.equal(order.id, envelope.data.id);
    assert.equal(order.sellerOrderNumber, "explorer-1");
    assert.deepEqual(await criticalViolations(page), []);
    await screenshot(page, "explorer-session");
    // …and in the workbench's order list, whose row opens the order.
    await page.getByRole("navigation").getByRole("link", { name: "Orders", exact: true }).click();
    await page.getByRole("link", { name: envelope.data.id, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `Taobao order ${envelope.data.id}` }).waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("sending twice with keys uses a fresh nonce each time; both are accepted", async () => {
    const dev = await server.createDeveloper();
    const page = await explorerWithKeys(dev);
    await pickSearch(page, "耳机");
    const nonce = () => page.locator("tr[data-header='nonce-str'] td").textContent();
    assert.match(await sendAndWait(page), /^code 200 — /);
    const first = await nonce();
    await page.getByRole("button", { name: "Send request" }).click();
    // The result is drawn again with the second call's headers.
    await page.locator("tr[data-header='nonce-str'] td").filter({ hasNotText: first ?? "" }).waitFor();
    assert.match((await page.locator(".explorer-outcome").textContent()) ?? "", /^code 200 — /);
    const second = await nonce();
    assert.match(first ?? "", /^[A-Za-z0-9_-]{32}$/);
    assert.match(second ?? "", /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(first, second);
    const log = await requestLog(dev, (items) => items.filter((e) => e.path === "/v2/taobao/product/item/search").length >= 2);
    assert.deepEqual(
      log.filter((e) => e.path === "/v2/taobao/product/item/search").map((e) => e.code),
      [200, 200],
    );

    // A GET with a query parameter: the canonical query is signed (line 6) and the call is accepted.
    const [line] = linesOfOneShop(server, 1);
    await page.getByLabel("Filter operations").fill("GET /v2/taobao/product/get");
    await page.getByRole("button", { name: /^GET \/v2\/taobao\/product\/get / }).click();
    assert.equal(await page.getByText("This operation takes no request body.").count(), 1);
    await page.getByLabel("itemId (required)").fill(line!.itemId);
    assert.match(await sendAndWait(page), /^code 200 — /);
    const lines = await page.locator("ol.explorer-sts > li").allTextContents();
    assert.equal(lines[3]!.replace(/\\n$/, ""), "GET");
    assert.equal(lines[5]!.replace(/\\n$/, ""), `itemId=${line!.itemId}`);
    assert.equal(lines[6], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "no body: the SHA-256 of nothing");
    assert.match((await page.locator(".explorer-url").textContent()) ?? "", new RegExp(`/v2/taobao/product/get\\?itemId=${line!.itemId}$`));
    assert.deepEqual(await criticalViolations(page), []);
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });
});
