// ALIBABA_PAY_MODE=cashier (alibaba-1688.md §3.9): pay/url answers the platform's sandbox cashier
// page; a person opens it in a real browser (Debian's chromium driven by playwright-core), clicks
// "pay", and the order moves on to waitsellersend without touching the balance; the page's address
// is its only credential.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { ManualClock } from "../src/platform/clock.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";
import { ADDRESS_PARAM, cargoOfSellers, outbox1688, sound1688, story1688 } from "./helpers/alibaba.ts";

const CHROMIUM = "/usr/bin/chromium";
let server: TestServer;
let dev: TestDeveloper;
let browser: Browser | undefined;

before(async () => {
  server = await startServer({ clock: new ManualClock(Date.parse("2026-11-28T02:00:00Z")), config: { sandboxTickMs: 0, alibabaPayMode: "cashier" } });
  dev = await server.createDeveloper();
  if (fs.existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("a person pays a 1688 order on the sandbox cashier page in a real browser", { skip: fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs it)` }, async () => {
  const balance = async () => (await server.platform.services.wallet.balance(dev.developId)).balanceFen;
  const start = await balance();
  const [cargo] = cargoOfSellers(server, 1, 12);
  const order = await dev.client.alibaba.orders.create({ flow: "general", addressParam: ADDRESS_PARAM, cargoParamList: [cargo!] });
  const id = order.baseInfo.id;
  const answer = await dev.client.alibaba.orders.payUrl(id);
  assert.equal(answer.protocolPaySuccess, false);
  const payUrl = new URL(answer.payUrl ?? "");
  assert.match(payUrl.pathname, /^\/cashier\/1688\/[A-Za-z0-9_-]{43}$/, "under PUBLIC_URL");
  // The test server listens on a port chosen at start (PUBLIC_URL says :0): open the page where it listens.
  const pageUrl = `${server.url}${payUrl.pathname}`;
  assert.deepEqual(await dev.client.alibaba.orders.payUrl(id), answer, "the same page until it is paid");
  assert.equal((await dev.client.raw("POST", "/v2/alibaba/order/batch/submit/to/pay", { body: { orderIds: [id] } })).envelope.code, 40901, "no balance payment in cashier mode");

  const page = await browser!.newPage();
  await page.goto(pageUrl);
  assert.equal(await page.textContent("#order"), id);
  assert.equal(await page.textContent("#amount"), `¥${order.baseInfo.totalAmount.toFixed(2)}`);
  await page.click("#pay");
  await page.waitForSelector("#state");
  assert.match((await page.textContent("#state")) ?? "", /waitsellersend/);
  await page.close();

  const paid = (await dev.client.alibaba.orders.page({ orderId: id })).data[0]!;
  assert.equal(paid.baseInfo.status, "waitsellersend");
  assert.equal(paid.tradeTerms![0]!.payWay, "CASHIER");
  assert.equal(await balance(), start, "nothing debited from the balance");
  assert.deepEqual((await dev.client.alibaba.orders.payUrl(id)).cantPayOrderList, [id]);

  // A guessed address shows nothing; the sellers ship the paid order.
  const guessed = await fetch(`${server.url}/cashier/1688/${"A".repeat(43)}`);
  assert.equal(guessed.status, 404);
  await dev.client.request("POST", "/sandbox/clock/advance", { body: { duration: "2d" } });
  assert.equal((await dev.client.alibaba.orders.page({ orderId: id })).data[0]!.baseInfo.status, "waitbuyerreceive");
  assert.deepEqual(story1688(await outbox1688(server, dev), id), ["null→waitbuyerpay", "waitbuyerpay→waitsellersend", "waitsellersend→waitbuyerreceive"]);
  await sound1688(server, dev);
});
