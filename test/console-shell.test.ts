// The console's shell in a real browser: served by the platform itself under a strict CSP, a
// developer signs in with the access key and secret and an operator with an account, the
// navigation follows who signed in, the language switches, and axe finds nothing critical.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { criticalViolations, launchBrowser, NO_BROWSER, openConsole, pageProblems, screenshot, signInDeveloper, signInOperator } from "./helpers/browser.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

describe("the console shell", { skip: NO_BROWSER }, () => {
  let server: TestServer;
  let dev: TestDeveloper;
  let browser: Browser;
  before(async () => {
    server = await startServer({ config: { sandboxTickMs: 0 } });
    dev = await server.createDeveloper();
    assert.equal((await server.admin("POST", "/admin/operators", { name: "ada", password: "a long enough password", roles: ["support"] })).code, 200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the pages are the platform's own files under a CSP that loads nothing from elsewhere", async () => {
    const shell = await fetch(`${server.url}/console/`);
    assert.equal(shell.status, 200);
    assert.match(shell.headers.get("content-type") ?? "", /text\/html/);
    assert.match(shell.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.equal(shell.headers.get("x-frame-options"), "DENY");
    const html = await shell.text();
    assert.doesNotMatch(html, /https?:\/\//, "no outside address in the shell");
    assert.equal((await fetch(`${server.url}/console`, { redirect: "manual" })).status, 302);
  });

  test("a developer signs in with the access key and secret; a wrong secret is refused", async () => {
    const page = await openConsole(browser, server.url);
    await page.getByLabel("Access key", { exact: true }).fill(dev.accessKey);
    await page.getByLabel("Access secret", { exact: true }).fill("0".repeat(32));
    await page.getByRole("form", { name: "Developer (access key)" }).getByRole("button", { name: "Sign in" }).click();
    await page.getByText(/40101/).waitFor();
    await signInDeveloper(page, dev.accessKey, dev.accessSecret);
    assert.match((await page.locator("header .who").textContent()) ?? "", /sandbox/);
    assert.deepEqual(await criticalViolations(page), []);
    // The session cookie is HTTP-only: the page's scripts cannot read it.
    assert.equal(await page.evaluate(`document.cookie`), "");
    await screenshot(page, "developer-home");
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("an operator signs in; the language switches to 简体中文 and back", async () => {
    const page = await openConsole(browser, server.url);
    await signInOperator(page, "ada", "a long enough password");
    assert.match((await page.locator("header .who").textContent()) ?? "", /ada · support/);
    await page.getByLabel("Language").selectOption("zh");
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    assert.deepEqual(await criticalViolations(page), []);
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("heading", { name: "Sign in to the openpon console" }).waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("an operator switches the console to ไทย: Thai navigation, <html lang=th>; back to English restores both", async () => {
    const page = await openConsole(browser, server.url);
    await signInOperator(page, "ada", "a long enough password");
    const htmlLang = () => page.evaluate(`document.documentElement.lang`);
    assert.equal(await htmlLang(), "en");
    await page.getByLabel("Language").selectOption("th");
    await page.getByRole("button", { name: "ออกจากระบบ", exact: true }).waitFor();
    const navigation = page.getByRole("navigation", { name: "เมนูหลัก" });
    await navigation.getByRole("link", { name: "บริการหลังการขาย" }).waitFor();
    await navigation.getByRole("link", { name: "ตัวเชื่อมต่อ" }).waitFor();
    assert.equal(await page.getByRole("navigation", { name: "Main navigation" }).count(), 0, "no English navigation left");
    assert.equal(await htmlLang(), "th");
    assert.deepEqual(await criticalViolations(page), []);
    await screenshot(page, "operator-thai");
    await page.getByLabel("ภาษา").selectOption("en");
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "After-sales" }).waitFor();
    assert.equal(await htmlLang(), "en");
    await page.getByLabel("Language").selectOption("zh");
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    assert.equal(await htmlLang(), "zh-CN");
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("button", { name: "Sign out", exact: true }).waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });

  test("a first visit from a Thai browser opens the console in Thai", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "th-TH" });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/#/signin`);
    await page.getByRole("heading", { name: "เข้าสู่ระบบคอนโซล openpon" }).waitFor();
    assert.equal(await page.evaluate(`document.documentElement.lang`), "th");
    await context.close();
  });

  test("keyboard only: the skip link, sign-in with Tab and Enter, a page opened from the navigation", async () => {
    const page = await openConsole(browser, server.url);
    type Focused = { name: string; text: string; tag: string };
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: { tagName: string; getAttribute(n: string): string | null; textContent: string | null } | null } }).document.activeElement;
        return { name: el?.getAttribute("name") ?? "", text: (el?.textContent ?? "").trim(), tag: el?.tagName ?? "" };
      });
    const tabTo = async (wanted: (f: Focused) => boolean, what: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        if (wanted(await focused())) return;
      }
      assert.fail(`Tab never reached ${what}`);
    };
    await page.keyboard.press("Tab");
    assert.equal((await focused()).text, "Skip to content", "the first stop skips the header");
    await tabTo((f) => f.name === "accessKey", "the access key");
    await page.keyboard.type(dev.accessKey);
    await page.keyboard.press("Tab");
    assert.equal((await focused()).name, "accessSecret");
    await page.keyboard.type(dev.accessSecret);
    await page.keyboard.press("Enter");
    await page.locator("header .who").filter({ hasText: /\S/ }).waitFor();
    await tabTo((f) => f.tag === "A" && f.text === "Orders", "the Orders link");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    assert.deepEqual(pageProblems(page), []);
    await page.context().close();
  });
});
