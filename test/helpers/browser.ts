// The console in a real browser: Debian's chromium driven by playwright-core (.ci/run installs it),
// at 1366×768, with helpers to sign in, check accessibility with axe-core and keep screenshots.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** A reason to skip browser tests on a machine without chromium (CI always has it). */
export const NO_BROWSER = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs it)`;
/** Where the run's screenshots go (one of them is kept in docs/ by hand). */
export const SCREENSHOT_DIR = process.env.CONSOLE_SCREENSHOTS ?? path.join(os.tmpdir(), "openpon-console-screenshots");

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}

/** A fresh browser context (its own cookies) with one page at 1366×768. */
export async function openConsole(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource/.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(`${baseUrl}/console/`);
  await page.waitForSelector("main");
  return page;
}

/** Script errors and console errors the page has shown so far (a test asserts there are none). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

export async function signInDeveloper(page: Page, accessKey: string, accessSecret: string): Promise<void> {
  await page.goto(new URL("/console/#/signin", page.url()).toString());
  await page.getByLabel("Access key", { exact: true }).fill(accessKey);
  await page.getByLabel("Access secret", { exact: true }).fill(accessSecret);
  await page.getByRole("form", { name: "Developer (access key)" }).getByRole("button", { name: "Sign in" }).click();
  await page.locator("header .who").filter({ hasText: /\S/ }).waitFor();
}

export async function signInOperator(page: Page, name: string, password: string): Promise<void> {
  await page.goto(new URL("/console/#/signin", page.url()).toString());
  await page.getByLabel("Operator name", { exact: true }).fill(name);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("form", { name: "Operator (account)" }).getByRole("button", { name: "Sign in" }).click();
  await page.locator("header .who").filter({ hasText: /\S/ }).waitFor();
}

/** Opens a console page by its hash path (e.g. "/dev/orders") and waits until it has drawn. */
export async function visit(page: Page, hashPath: string): Promise<void> {
  await page.goto(new URL(`/console/#${hashPath}`, page.url()).toString());
  // A function, not a string: the console's CSP forbids evaluating strings in the page.
  await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector("main > p.loading"));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations of impact "critical" on the page as it is now (empty = pass). */
export async function criticalViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: the console's CSP (script-src 'self') rightly refuses an inline script tag.
  if (!(await page.evaluate(`"axe" in window`))) await page.evaluate(AXE_SOURCE);
  // Runs in the page (a string, so the test's type-check needs no DOM library).
  const result = (await page.evaluate(`window.axe.run(document, { resultTypes: ["violations"] })`)) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === "critical").map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
}

/** Saves a screenshot of the page as `<name>.png` in SCREENSHOT_DIR; answers its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // From the top of the page (a focused control may have scrolled it).
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
