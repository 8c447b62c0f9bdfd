// International logistics orders on the real database (PGlite, or PostgreSQL with DATABASE_URL) with
// the real wallet, job runner, test clocks and outbox; the two other parts of warehouse logistics
// (freight pricing and the warehouse's stock) are small in-memory stand-ins that keep their
// contracts (src/modules/logistics/contracts.ts), so every rule of the orders themselves — money,
// states, declarations, packing, the sandbox's steps — is checked here. test/parcels.test.ts walks the
// same flows through HTTP with the real parts.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { ManualClock } from "../src/platform/clock.ts";
import { openDatabase, type DatabaseHandle, type Db } from "../src/platform/db/index.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { ApiError, conflict, invalid } from "../src/platform/http/errors.ts";
import { IdGenerator } from "../src/platform/ids.ts";
import { JobRunner } from "../src/platform/jobs/runner.ts";
import { Outbox } from "../src/platform/outbox.ts";
import { SandboxClocks } from "../src/modules/sandbox/index.ts";
import { WalletService } from "../src/modules/wallet/index.ts";
import type { FreightLineRequest, FreightPricing, InboundParcel, LogisticsOwner, MeasuredParcel, OrderGoods, PricedFreightLine, WarehouseStock } from "../src/modules/logistics/contracts.ts";
import { Parcels } from "../src/modules/logistics/index.ts";
import { PARCEL_SCENARIOS } from "../src/modules/logistics/parcels/index.ts";
import { dropSchema, ROOT, testConfig } from "./helpers/server.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Freight: 20 yuan the first kilogram, 10 yuan each further kilogram (rounded up); 500 g a unit; service 2 does not serve JP. */
class FakePricing implements FreightPricing {
  renders = new Map<string, { owner: string; country: string; lines: FreightLineRequest[]; priced: PricedFreightLine[]; used: boolean; expiresAt: number }>();
  #next = 1;
  static feeFen(grams: number): number {
    const kg = Math.max(1, Math.ceil(grams / 1000));
    return 2000 + (kg - 1) * 1000;
  }
  #price(country: string, line: FreightLineRequest, field: string): PricedFreightLine {
    if (line.serviceId !== "1" && line.serviceId !== "2") throw invalid(`${field}.freightInfo.serviceId ${line.serviceId} is not a service`);
    if (line.serviceId === "2" && country === "JP") throw invalid(`${field}.freightInfo.serviceId 2 does not serve JP`);
    if (line.skuId.startsWith("BATTERY")) throw invalid(`${field}.freightInfo.serviceId ${line.serviceId} cannot take goods with a battery`);
    const weightG = 500 * line.quantity;
    return { ...line, companyName: line.serviceId === "1" ? "Fast Air" : "Slow Sea", serviceCategory: line.serviceId === "1" ? "EXPRESS" : "ECONOMY", freightFen: FakePricing.feeFen(weightG), chargeableWeightG: Math.ceil(weightG / 1000) * 1000, weightG, minDeliveryDays: 5, maxDeliveryDays: 9 };
  }
  async priceLines(_owner: LogisticsOwner, country: string, lines: readonly FreightLineRequest[], field: string): Promise<PricedFreightLine[]> {
    return lines.map((l, i) => this.#price(country, l, `${field}[${i}]`));
  }
  render(owner: LogisticsOwner, country: string, lines: FreightLineRequest[], nowMs: number): string {
    const id = `FF20240802${String(this.#next++).padStart(5, "0")}`;
    this.renders.set(id, { owner: owner.userId, country, lines, priced: lines.map((l, i) => this.#price(country, l, `renderItems[${i}]`)), used: false, expiresAt: nowMs + 30 * 60_000 });
    return id;
  }
  async useRender(_trx: Db, owner: LogisticsOwner, renderId: string, country: string, lines: readonly FreightLineRequest[], nowMs: number): Promise<PricedFreightLine[]> {
    const render = this.renders.get(renderId);
    if (!render || render.owner !== owner.userId) throw new ApiError(40401, `render ${renderId} not found`);
    if (render.used || nowMs > render.expiresAt) throw conflict(`render ${renderId} is used or expired`);
    const same = render.country === country && render.lines.length === lines.length && render.lines.every((l, i) => l.itemId === lines[i]!.itemId && l.skuId === lines[i]!.skuId && l.quantity === lines[i]!.quantity && l.serviceId === lines[i]!.serviceId);
    if (!same) throw invalid(`lineItems do not match render ${renderId}`);
    render.used = true;
    return render.priced;
  }
  /** Services that (an operator decided since the booking) take no goods with a battery. */
  refuseBattery = new Set<string>();
  async priceParcel(serviceId: string, _country: string, parcel: MeasuredParcel): Promise<{ freightFen: number; chargeableWeightG: number } | { refused: string }> {
    if (parcel.weightG > 30_000) return { refused: `heavier than the ${serviceId} limit of 30 kg` };
    if (this.refuseBattery.has(serviceId) && parcel.attributes.includes("battery")) return { refused: `service ${serviceId} takes no goods with a battery` };
    const volumetric = Math.ceil((parcel.lengthMm * parcel.widthMm * parcel.heightMm) / 5_000_000) * 1000;
    const chargeable = Math.max(Math.ceil(parcel.weightG / 1000) * 1000, volumetric);
    return { freightFen: FakePricing.feeFen(chargeable), chargeableWeightG: chargeable };
  }
  /** Goods whose SKU starts LIION carry a battery (bookable here: the services took them when booked). */
  async goodsAttributes(_sandbox: boolean, goods: ReadonlyArray<{ itemId: string; skuId: string }>): Promise<string[]> {
    return goods.some((g) => g.skuId.startsWith("LIION")) ? ["battery"] : [];
  }
}

/** The warehouse's stock: parcels by tracking number (per developer), stored on demand. */
class FakeWarehouse implements WarehouseStock {
  parcels = new Map<string, { developerId: string; state: string; weightG: number | null; parcelId: string | null }>();
  released: Array<{ parcelId: string; outcome: string }> = [];
  #handlers: Array<(trx: Db, event: { developerId: string; trackingNumber: string; at: number }) => Promise<void>> = [];
  readonly db: () => Db;
  constructor(db: () => Db) {
    this.db = db;
  }
  async expect(_trx: Db, owner: LogisticsOwner, parcels: ReadonlyArray<{ trackingNumber: string }>): Promise<void> {
    for (const p of parcels) if (!this.parcels.has(`${owner.developerId}/${p.trackingNumber}`)) this.parcels.set(`${owner.developerId}/${p.trackingNumber}`, { developerId: owner.developerId, state: "EXPECTED", weightG: null, parcelId: null });
  }
  /** No platform orders here (test/parcels.test.ts filters by order with the real warehouse): an empty subquery. */
  orderGoods(db: Db): OrderGoods {
    return db.selectNoFrom([sql<string>`''`.as("trackingNumber"), sql<string | null>`null::bigint`.as("parcelId")]).where(sql<boolean>`false`).as("order_goods");
  }
  async inbound(_db: Db, developerId: string, numbers: readonly string[]): Promise<InboundParcel[]> {
    return numbers.flatMap((n) => {
      const p = this.parcels.get(`${developerId}/${n}`);
      return p ? [{ trackingNumber: n, carrier: "SF", state: p.state, weightG: p.weightG }] : [];
    });
  }
  onStored(handler: (trx: Db, event: { developerId: string; trackingNumber: string; at: number }) => Promise<void>): void {
    this.#handlers.push(handler);
  }
  async allocate(_trx: Db, { developerId }: { developerId: string }, numbers: readonly string[], parcelId: string): Promise<void> {
    for (const n of numbers) if (this.parcels.get(`${developerId}/${n}`)?.state !== "STORED") throw conflict(`${n} is not stored`);
    for (const n of numbers) Object.assign(this.parcels.get(`${developerId}/${n}`)!, { state: "ALLOCATED", parcelId });
  }
  async release(_trx: Db, _developerId: string, parcelId: string, outcome: "shipped" | "restocked"): Promise<void> {
    this.released.push({ parcelId, outcome });
    for (const p of this.parcels.values()) if (p.parcelId === parcelId) Object.assign(p, { state: outcome === "shipped" ? "SHIPPED" : "STORED", parcelId: null });
  }
  /** The parcel arrives and its goods are stored (weighed), announced in the storing transaction. */
  async store(developerId: string, trackingNumber: string, weightG: number, at: number): Promise<void> {
    const key = `${developerId}/${trackingNumber}`;
    this.parcels.set(key, { developerId, state: "STORED", weightG, parcelId: null });
    await this.db().transaction().execute(async (trx) => {
      for (const handler of this.#handlers) await handler(trx, { developerId, trackingNumber, at });
    });
  }
}

const receiver = (name = "Ofir Birinbaum") => ({ name, address: "5818 WHITSETT AVE 401", city: "VALLEY VLG", country: "US", phone: "5083326888", state: "California", zip: "91607" });
const line = (itemId: string, skuId: string, quantity: number, serviceId = "1") => ({ itemId, skuId, quantity, title: `goods ${itemId}`, imageUrl: null, freightInfo: { serviceId, companyName: "", serviceCategory: "" } });

function code(err: unknown): number | undefined {
  return err instanceof ApiError ? err.code : undefined;
}

describe("international logistics orders (database, wallet, jobs; stand-ins for pricing and the warehouse)", () => {
  let handle: DatabaseHandle;
  let schema: string;
  let parcels: Parcels;
  let pricing: FakePricing;
  let warehouse: FakeWarehouse;
  let wallet: WalletService;
  let clocks: SandboxClocks;
  let jobs: JobRunner;
  let opted = false;
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 2));
  let developers = 0;

  async function developer(balanceFen: number): Promise<LogisticsOwner> {
    const developerId = String(1_000_000_000_000_000_000n + BigInt(++developers));
    await handle.db.transaction().execute(async (trx) => {
      await clocks.open(trx, developerId);
    });
    await wallet.topUp({ developerId, amountFen: balanceFen, actor: "test" });
    return { developerId, userId: String(2_000_000_000_000_000_000n + BigInt(developers)), sandbox: true };
  }
  const balance = async (owner: LogisticsOwner) => (await wallet.balance(owner.developerId)).balanceFen;
  const show = (owner: LogisticsOwner, id: string) => parcels.show({ id, developerId: owner.developerId, userId: owner.userId });
  async function ledgerSound(): Promise<void> {
    assert.deepEqual(await wallet.checkInvariants(), []);
  }
  /** Books two lines (1 and 3 units on service 1: 20 + 20 yuan) and declares a parcel for each. */
  async function bookAndDeclare(owner: LogisticsOwner, name?: string) {
    const booked = await parcels.book(owner, { receiverAddress: receiver(name), lineItems: [line("1001", "A", 1), line("1002", "B", 2)] });
    await parcels.declare(owner, {
      orderId: booked.orderId,
      logisticInfos: [
        { lineItem: { itemId: "1001", skuId: "A" }, domesticLogisticInfo: [{ logisticNumer: `SF${booked.orderId.slice(-8)}1`, logisticCompanyName: "顺丰" }] },
        { lineItem: { itemId: "1002", skuId: "B" }, domesticLogisticInfo: [{ logisticNumer: `YT${booked.orderId.slice(-8)}2`, logisticCompanyName: "圆通" }] },
      ],
    });
    return { booked, numbers: [`SF${booked.orderId.slice(-8)}1`, `YT${booked.orderId.slice(-8)}2`] };
  }
  async function storeAll(owner: LogisticsOwner, numbers: string[], weights = [400, 900]): Promise<void> {
    const now = await clocks.now(owner.developerId);
    for (const [i, n] of numbers.entries()) await warehouse.store(owner.developerId, n, weights[i] ?? 500, now);
    await jobs.runAllDue();
  }

  before(async () => {
    const config = testConfig();
    schema = config.databaseSchema;
    handle = await openDatabase(config);
    await migrate(handle.db);
    const ids = new IdGenerator(clock, 7);
    jobs = new JobRunner({ db: handle.db, clock, ids, runTestClocksInBackground: false, onError: () => {} });
    clocks = new SandboxClocks(handle.db, clock, jobs, handle.sharedReads);
    wallet = new WalletService({ db: handle.db, clock, ids, sandboxOpeningBalanceFen: 0, developers: async () => ({ sandbox: true }) });
    pricing = new FakePricing();
    warehouse = new FakeWarehouse(() => handle.db);
    parcels = new Parcels({
      db: handle.db,
      clock,
      ids,
      clocks,
      jobs,
      outbox: new Outbox(ids),
      wallet,
      shipping: pricing,
      warehouse,
      isSandbox: async () => true,
      optedIn: async () => opted,
      supplementRetryMs: HOUR,
    });
  });

  after(async () => {
    await handle.close();
    await dropSchema(schema);
  });

  test("booking without a render prices the lines, debits the total once and answers §2.4", async () => {
    const owner = await developer(100_00);
    const booked = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("1001", "A", 1), line("1002", "B", 3)], tmallOrderInfo: { tmallOrderId: "T-1" }, remark: "fragile" });
    assert.match(booked.orderId, /^\d{19}$/);
    assert.equal(booked.status, "BOOKED");
    assert.equal(booked.currency, "CNY");
    assert.equal(booked.totalFreight, "50");
    assert.deepEqual(booked.lineItems.map((l) => l.freight), ["20", "30"]);
    assert.deepEqual(booked.lineItems[0]!.freightInfo, { serviceId: "1", companyName: "Fast Air", serviceCategory: "EXPRESS" });
    for (const l of booked.lineItems) assert.match(l.logisticNumer, /^FARUS\d{4}\d{6,}[A-Z]{2}$/);
    assert.notEqual(booked.lineItems[0]!.logisticNumer, booked.lineItems[1]!.logisticNumer);
    assert.match(booked.createTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(await balance(owner), 50_00);
    await ledgerSound();

    // The same caller's order again: the same order, nothing debited.
    const again = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("9", "Z", 9)], tmallOrderInfo: { tmallOrderId: "T-1" } });
    assert.deepEqual(again, booked);
    assert.equal(await balance(owner), 50_00);

    // Another user of the same developer may use the same caller's order id.
    const other = { ...owner, userId: String(BigInt(owner.userId) + 100n) };
    const theirs = await parcels.book(other, { receiverAddress: receiver(), lineItems: [line("1001", "A", 1)], tmallOrderInfo: { tmallOrderId: "T-1" } });
    assert.notEqual(theirs.orderId, booked.orderId);
    await assert.rejects(show(other, booked.orderId), (err) => code(err) === 40401);
    const view = await show(owner, booked.orderId);
    assert.equal(view.remark, "fragile");
    assert.equal(view.paidFreight, "50");
    assert.deepEqual(view.charges.map((c) => [c.kind, c.amount, c.reference]), [["freight", "50", `parcel-freight:${booked.orderId}`]]);
    assert.deepEqual(view.history.map((h) => [h.from, h.to]), [[null, "BOOKED"]]);
  });

  test("a render is booked once, within 30 minutes, with its own lines; a short balance books nothing", async () => {
    const owner = await developer(100_00);
    const now = await clocks.now(owner.developerId);
    const lines = [line("2001", "A", 1), line("2002", "B", 1, "2")];
    const requests = lines.map((l) => ({ itemId: l.itemId, skuId: l.skuId, quantity: l.quantity, serviceId: l.freightInfo.serviceId }));
    const renderId = pricing.render(owner, "US", requests, now);
    await assert.rejects(parcels.book(owner, { renderId, receiverAddress: receiver(), lineItems: [lines[0]!, { ...lines[1]!, quantity: 2 }] }), (err) => code(err) === 40002);
    const booked = await parcels.book(owner, { renderId, receiverAddress: receiver(), lineItems: lines });
    assert.equal(booked.renderId, renderId);
    assert.equal(booked.totalFreight, "40");
    assert.deepEqual(booked.lineItems.map((l) => l.freightInfo.serviceCategory), ["EXPRESS", "ECONOMY"]);
    await assert.rejects(parcels.book(owner, { renderId, receiverAddress: receiver(), lineItems: lines }), (err) => code(err) === 40901);
    const expired = pricing.render(owner, "US", requests, now);
    await clocks.advance(owner.developerId, 31 * 60_000);
    await assert.rejects(parcels.book(owner, { renderId: expired, receiverAddress: receiver(), lineItems: lines }), (err) => code(err) === 40901);
    // A restricted item is refused by the line's service.
    await assert.rejects(parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("2003", "BATTERY-1", 1)] }), (err) => code(err) === 40002 && /lineItems\[0\]/.test((err as Error).message));

    const short = await developer(10_00);
    const before = (await handle.db.selectFrom("intl_parcels").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;
    await assert.rejects(parcels.book(short, { receiverAddress: receiver(), lineItems: [line("2001", "A", 1)], tmallOrderInfo: { tmallOrderId: "T-short" } }), (err) => code(err) === 40201);
    const after = (await handle.db.selectFrom("intl_parcels").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;
    assert.equal(after, before, "nothing booked");
    assert.equal(await balance(short), 10_00);
    await ledgerSound();
  });

  test("declarations replace a line's list, move BOOKED → DOMESTIC_DECLARED once every line has one, and check what they name", async () => {
    const owner = await developer(100_00);
    const booked = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("3001", "A", 1), line("3002", "B", 2)], tmallOrderInfo: { tmallOrderId: "T-3" } });
    const [first, second] = booked.lineItems;
    const parcel = (n: string) => [{ logisticNumer: n, logisticCompanyName: "顺丰", rtsTime: "1754342534" }];
    // One line only: still BOOKED.
    await parcels.declare(owner, { orderId: booked.orderId, logisticInfos: [{ lineItem: { itemId: "3001", skuId: "A" }, logisticNumer: first!.logisticNumer, domesticLogisticInfo: parcel("SF300100001") }] });
    assert.equal((await show(owner, booked.orderId)).status, "BOOKED");
    // By tmallOrderId, the other line: DOMESTIC_DECLARED.
    await parcels.declare(owner, { tmallOrderId: "T-3", logisticInfos: [{ lineItem: { itemId: "3002", skuId: "B" }, domesticLogisticInfo: parcel("YT300200001") }] });
    let view = await show(owner, booked.orderId);
    assert.equal(view.status, "DOMESTIC_DECLARED");
    assert.deepEqual(view.lineItems.map((l) => l.domesticLogisticInfo.map((d) => [d.logisticNumer, d.warehouseState])), [[["SF300100001", "EXPECTED"]], [["YT300200001", "EXPECTED"]]]);
    // The same body again changes nothing; a new list replaces the old one.
    const body = { orderId: booked.orderId, tmallOrderId: "T-3", logisticInfos: [{ lineItem: { itemId: "3002", skuId: "B" }, domesticLogisticInfo: [...parcel("YT300200002"), ...parcel("YT300200003")] }] };
    assert.equal(await parcels.declare(owner, body), true);
    const history = (await show(owner, booked.orderId)).history.length;
    assert.equal(await parcels.declare(owner, body), true);
    view = await show(owner, booked.orderId);
    assert.equal(view.history.length, history, "an identical declaration records nothing");
    assert.deepEqual(view.lineItems[1]!.domesticLogisticInfo.map((d) => d.logisticNumer), ["YT300200002", "YT300200003"]);
    assert.deepEqual(view.history.map((h) => h.to), ["BOOKED", "DOMESTIC_DECLARED", "DOMESTIC_DECLARED"]);

    const refusedWith = async (input: Parameters<Parcels["declare"]>[1], expected: number, message?: RegExp) =>
      assert.rejects(parcels.declare(owner, input), (err) => code(err) === expected && (!message || message.test((err as Error).message)));
    await refusedWith({ orderId: booked.orderId, logisticInfos: [{ lineItem: { itemId: "3009", skuId: "Z" }, domesticLogisticInfo: parcel("SF1234") }] }, 40002, /logisticInfos\[0\]\.lineItem/);
    await refusedWith({ orderId: booked.orderId, logisticInfos: [{ lineItem: { itemId: "3001", skuId: "A" }, logisticNumer: second!.logisticNumer, domesticLogisticInfo: parcel("SF1234") }] }, 40002, /logisticInfos\[0\]\.logisticNumer/);
    await refusedWith({ orderId: booked.orderId, tmallOrderId: "T-other", logisticInfos: body.logisticInfos }, 40002, /different logistics orders/);
    await refusedWith({ orderId: "1234567890123456789", logisticInfos: body.logisticInfos }, 40401);
    await refusedWith({ tmallOrderId: "T-none", logisticInfos: body.logisticInfos }, 40401);
    await assert.rejects(parcels.declare({ ...owner, userId: String(BigInt(owner.userId) + 100n) }, { orderId: booked.orderId, logisticInfos: body.logisticInfos }), (err) => code(err) === 40401);
  });

  test("the sandbox: stored → IN_WAREHOUSE → packed within what was paid → shipped → traced to DELIVERED", async () => {
    const owner = await developer(100_00);
    const { booked, numbers } = await bookAndDeclare(owner);
    assert.equal(booked.totalFreight, "40");
    await warehouse.store(owner.developerId, numbers[0]!, 400, await clocks.now(owner.developerId));
    await jobs.runAllDue();
    assert.equal((await show(owner, booked.orderId)).status, "DOMESTIC_DECLARED", "one parcel is still on its way");
    await warehouse.store(owner.developerId, numbers[1]!, 900, await clocks.now(owner.developerId));
    await jobs.runAllDue();
    let view = await show(owner, booked.orderId);
    assert.equal(view.status, "IN_WAREHOUSE");
    assert.deepEqual(view.lineItems.map((l) => l.domesticLogisticInfo[0]!.weightG), [400, 900]);

    await clocks.advance(owner.developerId, 2 * HOUR);
    view = await show(owner, booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.equal(view.packages.length, 1);
    assert.equal(view.packages[0]!.weightG, 1450, "goods 1300 g + 150 g packaging");
    // 1450 g on one package: 2 kg, 30 yuan; the lines were booked at 20 + 20.
    assert.equal(view.actualFreight, "30");
    assert.equal(view.supplementaryFreight, "0", "cheaper than paid: nothing charged, nothing given back");
    assert.equal(await balance(owner), 60_00);
    assert.deepEqual([...warehouse.parcels.values()].filter((p) => p.parcelId === booked.orderId).length, 2, "the goods are allocated");

    await clocks.advance(owner.developerId, 4 * HOUR);
    view = await show(owner, booked.orderId);
    assert.equal(view.status, "SHIPPED");
    assert.match(view.packages[0]!.trackingNumber!, /^SBX\d+CN$/);
    assert.deepEqual(warehouse.released, [...warehouse.released.filter((r) => r.parcelId !== booked.orderId), { parcelId: booked.orderId, outcome: "shipped" }]);
    await clocks.advance(owner.developerId, 4 * HOUR);
    assert.equal((await show(owner, booked.orderId)).status, "IN_TRANSIT");
    await clocks.advance(owner.developerId, 4 * DAY);
    view = await show(owner, booked.orderId);
    assert.equal(view.status, "DELIVERED");
    assert.deepEqual(
      view.tracking.map((t) => t.status),
      ["InfoReceived", "InTransit", "InTransit", "InTransit", "InTransit", "OutForDelivery", "Delivered"],
    );
    assert.equal(view.tracking[1]!.carrierStatus, "departed");
    assert.equal(view.tracking[1]!.text, "Departed the origin facility");
    assert.deepEqual(view.history.map((h) => h.to), ["BOOKED", "DOMESTIC_DECLARED", "IN_WAREHOUSE", "PACKED", "SHIPPED", "IN_TRANSIT", "DELIVERED"]);
    await ledgerSound();
  });

  test("OVERWEIGHT: the supplementary charge is debited at packing; short of balance it waits, and is paid after a top-up", async () => {
    const rich = await developer(100_00);
    const a = await bookAndDeclare(rich, "Ofir OVERWEIGHT");
    await storeAll(rich, a.numbers);
    await clocks.advance(rich.developerId, 2 * HOUR);
    let view = await show(rich, a.booked.orderId);
    assert.equal(view.status, "PACKED");
    // booked: 2 lines priced 20 + 20 on 500 g and 1000 g; packed twice 2000 g + 500 g = 4500 g → 5 kg = 60 yuan.
    assert.equal(view.packages[0]!.weightG, 4500);
    assert.equal(view.actualFreight, "60");
    assert.equal(view.supplementaryFreight, "20");
    assert.equal(view.paidFreight, "60");
    assert.deepEqual(view.charges.map((c) => [c.kind, c.amount]), [["freight", "40"], ["supplement", "20"]]);
    assert.equal(await balance(rich), 40_00);
    await ledgerSound();

    const poor = await developer(50_00);
    const b = await bookAndDeclare(poor, "OVERWEIGHT");
    await storeAll(poor, b.numbers);
    await clocks.advance(poor.developerId, 2 * HOUR);
    view = await show(poor, b.booked.orderId);
    assert.equal(view.status, "AWAITING_PAYMENT");
    assert.equal(view.supplementDue, "20");
    assert.equal(await balance(poor), 10_00, "nothing debited");
    await ledgerSound();
    // Still short an hour later: it keeps waiting.
    await clocks.advance(poor.developerId, HOUR);
    assert.equal((await show(poor, b.booked.orderId)).status, "AWAITING_PAYMENT");
    await wallet.topUp({ developerId: poor.developerId, amountFen: 50_00, actor: "test" });
    await clocks.advance(poor.developerId, HOUR);
    view = await show(poor, b.booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.equal(view.supplementDue, "0");
    assert.equal(view.supplementaryFreight, "20");
    assert.equal(await balance(poor), 40_00);
    await ledgerSound();
    await clocks.advance(poor.developerId, 4 * HOUR);
    assert.equal((await show(poor, b.booked.orderId)).status, "SHIPPED");
  });

  test("CUSTOMS_HOLD holds the parcel 2 days in EXCEPTION; PARCEL_LOST ends there", async () => {
    const owner = await developer(100_00);
    const held = await bookAndDeclare(owner, "x CUSTOMS_HOLD");
    const lost = await bookAndDeclare(owner, "PARCEL_LOST y");
    await storeAll(owner, held.numbers);
    await storeAll(owner, lost.numbers);
    await clocks.advance(owner.developerId, 6 * HOUR + DAY + 3 * HOUR);
    assert.equal((await show(owner, held.booked.orderId)).status, "EXCEPTION");
    assert.equal((await show(owner, lost.booked.orderId)).status, "IN_TRANSIT");
    await clocks.advance(owner.developerId, 2 * DAY);
    assert.equal((await show(owner, held.booked.orderId)).status, "IN_TRANSIT");
    assert.equal((await show(owner, lost.booked.orderId)).status, "EXCEPTION");
    await clocks.advance(owner.developerId, 5 * DAY);
    const view = await show(owner, held.booked.orderId);
    assert.equal(view.status, "DELIVERED");
    assert.ok(view.tracking.some((t) => t.status === "Exception" && t.carrierStatus === "customs_hold"));
    const gone = await show(owner, lost.booked.orderId);
    assert.equal(gone.status, "EXCEPTION");
    assert.equal(gone.tracking.at(-1)!.carrierStatus, "lost");
  });

  test("operators pack, ship and trace; bad input is 40002 naming the field, a wrong state 40901", async () => {
    const owner = await developer(100_00);
    const booked = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("5001", "A", 1), line("5002", "B", 1, "2")] });
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ serviceId: "1", weightG: 500, lengthMm: 100, widthMm: 100, heightMm: 100 }]), (err) => code(err) === 40901);
    const numbers = ["SF500100001", "SF500200001"];
    await parcels.declare(owner, {
      orderId: booked.orderId,
      logisticInfos: [
        { lineItem: { itemId: "5001", skuId: "A" }, domesticLogisticInfo: [{ logisticNumer: numbers[0] }] },
        { lineItem: { itemId: "5002", skuId: "B" }, domesticLogisticInfo: [{ logisticNumer: numbers[1] }] },
      ],
    });
    // Stored before the job runs: the pack job of the sandbox is left stale by the operator's packing.
    await storeAll(owner, numbers);
    assert.equal((await show(owner, booked.orderId)).status, "IN_WAREHOUSE");
    const box = { lengthMm: 200, widthMm: 150, heightMm: 100 };
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ weightG: 500, ...box }]), (err) => code(err) === 40002 && /packages\[0\]\.serviceId is required/.test((err as Error).message));
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ serviceId: "1", weightG: 500, ...box }]), (err) => code(err) === 40002 && /service 2 is missing/.test((err as Error).message));
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ serviceId: "1", weightG: 0, ...box }, { serviceId: "2", weightG: 500, ...box }]), (err) => code(err) === 40002 && /packages\[0\]\.weightG/.test((err as Error).message));
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ serviceId: "1", weightG: 500, ...box }, { serviceId: "2", weightG: 40_000, ...box }]), (err) => code(err) === 40002 && /packages\[1\]: service 2 cannot take/.test((err as Error).message));
    let view = await parcels.pack({ id: booked.orderId }, [{ serviceId: "2", weightG: 800, ...box }, { serviceId: "1", weightG: 700, ...box }]);
    assert.equal(view.status, "PACKED");
    // A service that stopped taking batteries after the booking: the packing is refused naming why, nothing changes.
    const battery = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("5003", "LIION-1", 1)] });
    await parcels.declare(owner, { orderId: battery.orderId, logisticInfos: [{ lineItem: { itemId: "5003", skuId: "LIION-1" }, domesticLogisticInfo: [{ logisticNumer: "SF500300001" }] }] });
    await storeAll(owner, ["SF500300001"]);
    pricing.refuseBattery.add("1");
    await assert.rejects(parcels.pack({ id: battery.orderId }, [{ serviceId: "1", weightG: 500, ...box }]), (err) => code(err) === 40002 && /packages\[0\]: service 1 cannot take the package as measured: service 1 takes no goods with a battery/.test((err as Error).message));
    assert.equal((await show(owner, battery.orderId)).status, "IN_WAREHOUSE");
    pricing.refuseBattery.clear();
    assert.deepEqual(view.packages.map((p) => [p.serviceId, p.weightG, p.freight]), [["1", 700, "20"], ["2", 800, "20"]]);
    await clocks.advance(owner.developerId, 2 * HOUR);
    assert.equal((await show(owner, booked.orderId)).packages.length, 2, "the stale sandbox packing did nothing");

    await assert.rejects(parcels.ship({ id: booked.orderId }, { trackingNumbers: ["1Z999"] }), (err) => code(err) === 40002 && /trackingNumbers must have 2/.test((err as Error).message));
    view = await parcels.ship({ id: booked.orderId }, { carrier: "UPS", trackingNumbers: ["1Z9990001", "1Z9990002"] });
    assert.equal(view.status, "SHIPPED");
    assert.deepEqual(view.packages.map((p) => [p.carrier, p.trackingNumber, p.trackingStatus]), [["UPS", "1Z9990001", "InfoReceived"], ["UPS", "1Z9990002", "InfoReceived"]]);
    await assert.rejects(parcels.cancel({ id: booked.orderId }), (err) => code(err) === 40901);
    await assert.rejects(parcels.declare(owner, { orderId: booked.orderId, logisticInfos: [{ lineItem: { itemId: "5001", skuId: "A" }, domesticLogisticInfo: [{ logisticNumer: "SF999999" }] }] }), (err) => code(err) === 40901);

    await assert.rejects(parcels.track({ id: booked.orderId }, { status: "in_transit", text: "x" }), (err) => code(err) === 40002 && /trackingNumber is required/.test((err as Error).message));
    await assert.rejects(parcels.track({ id: booked.orderId }, { trackingNumber: "1Z9990001", status: "teleported", text: "x" }), (err) => code(err) === 40002 && /status teleported/.test((err as Error).message));
    view = await parcels.track({ id: booked.orderId }, { trackingNumber: "1Z9990001", status: "TRANSPORT", text: "运输中", location: "Shanghai" });
    assert.equal(view.status, "IN_TRANSIT");
    view = await parcels.track({ id: booked.orderId }, { trackingNumber: "1Z9990001", status: "SIGN", text: "已签收" });
    assert.equal(view.status, "IN_TRANSIT", "one package of two delivered");
    view = await parcels.track({ id: booked.orderId }, { serviceId: "2", status: "Exception_004", text: "Customs delay" });
    assert.equal(view.status, "EXCEPTION");
    view = await parcels.track({ id: booked.orderId }, { serviceId: "2", status: "delivered", text: "Left at the door" });
    assert.equal(view.status, "DELIVERED");
    assert.deepEqual(view.tracking.slice(-4).map((t) => [t.status, t.carrierStatus, t.text]), [["InTransit", "TRANSPORT", "运输中"], ["Delivered", "SIGN", "已签收"], ["Exception", "Exception_004", "Customs delay"], ["Delivered", "delivered", "Left at the door"]]);
  });

  test("goods of one service too heavy for one package go as several: each priced on its own, shipped and traced one by one", async () => {
    const owner = await developer(1000_00);
    // 10 units of 500 g on service 1: 5 kg, 60 yuan.
    const booked = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("6001", "A", 10)] });
    await parcels.declare(owner, { orderId: booked.orderId, logisticInfos: [{ lineItem: { itemId: "6001", skuId: "A" }, domesticLogisticInfo: [{ logisticNumer: "SF600100001" }] }] });
    await storeAll(owner, ["SF600100001"], [44_000]);
    const box = { lengthMm: 400, widthMm: 300, heightMm: 200 };
    // As one package the service (30 kg at most) cannot take the goods.
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ weightG: 45_000, ...box }]), (err) => code(err) === 40002 && /packages\[0\]: service 1 cannot take the package as measured/.test((err as Error).message));
    await assert.rejects(parcels.pack({ id: booked.orderId }, [{ weightG: 20_000, ...box }, { serviceId: "1", weightG: 31_000, ...box }]), (err) => code(err) === 40002 && /packages\[1\]: service 1 cannot take/.test((err as Error).message));
    let view = await parcels.pack({ id: booked.orderId }, [{ weightG: 20_000, ...box }, { serviceId: "1", weightG: 25_000, ...box }]);
    assert.equal(view.status, "PACKED");
    // 20 kg: 210 yuan, 25 kg: 260 yuan; 470 in all against 60 paid.
    assert.deepEqual(view.packages.map((p) => [p.serviceId, p.weightG, p.freight]), [["1", 20_000, "210"], ["1", 25_000, "260"]]);
    assert.equal(view.actualFreight, "470");
    assert.equal(view.supplementaryFreight, "410");
    assert.equal(await balance(owner), 1000_00 - 60_00 - 410_00);
    await ledgerSound();
    const rows = await handle.db.selectFrom("intl_parcel_packages").select(["service_id", "position", "weight_g"]).where("parcel_id", "=", booked.orderId).orderBy("position").execute();
    assert.deepEqual(rows.map((r) => [r.service_id, r.position, r.weight_g]), [["1", 0, 20_000], ["1", 1, 25_000]]);
    // The sandbox's own packing, made stale by the operator's, does nothing.
    await clocks.advance(owner.developerId, 2 * HOUR);
    assert.equal((await show(owner, booked.orderId)).packages.length, 2);

    await assert.rejects(parcels.ship({ id: booked.orderId }, { trackingNumbers: ["1Z6000001"] }), (err) => code(err) === 40002 && /trackingNumbers must have 2/.test((err as Error).message));
    await assert.rejects(parcels.ship({ id: booked.orderId }, { trackingNumbers: ["1Z6000001", "1Z6000001"] }), (err) => code(err) === 40002 && /trackingNumbers\[1\] 1Z6000001 is given twice/.test((err as Error).message));
    view = await parcels.ship({ id: booked.orderId }, { trackingNumbers: ["1Z6000001", "1Z6000002"] });
    assert.equal(view.status, "SHIPPED");
    assert.deepEqual(view.packages.map((p) => [p.weightG, p.carrier, p.trackingNumber, p.trackingStatus]), [[20_000, "Fast Air", "1Z6000001", "InfoReceived"], [25_000, "Fast Air", "1Z6000002", "InfoReceived"]]);

    // The service names two packages: only a tracking number tells which.
    await assert.rejects(parcels.track({ id: booked.orderId }, { serviceId: "1", status: "delivered", text: "x" }), (err) => code(err) === 40002 && /trackingNumber is required: service 1 carries 2 packages/.test((err as Error).message));
    await assert.rejects(parcels.track({ id: booked.orderId }, { status: "delivered", text: "x" }), (err) => code(err) === 40002 && /trackingNumber is required/.test((err as Error).message));
    view = await parcels.track({ id: booked.orderId }, { trackingNumber: "1Z6000002", status: "delivered", text: "Left at the door" });
    assert.equal(view.status, "IN_TRANSIT", "one package of two delivered");
    assert.deepEqual(view.packages.map((p) => p.trackingStatus), ["InfoReceived", "Delivered"]);
    view = await parcels.track({ id: booked.orderId }, { trackingNumber: "1Z6000001", status: "delivered", text: "Signed for" });
    assert.equal(view.status, "DELIVERED");
    assert.deepEqual(view.tracking.slice(-2).map((t) => [t.trackingNumber, t.status]), [["1Z6000002", "Delivered"], ["1Z6000001", "Delivered"]]);
  });

  test("the sandbox warehouse splits a service's goods heavier than it takes into the fewest equal packages", async () => {
    const owner = await developer(1000_00);
    // 40 units of 500 g on each of two lines of service 1: 20 kg each, 210 + 210 yuan.
    const booked = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("7001", "A", 40), line("7002", "B", 40)] });
    assert.equal(booked.totalFreight, "420");
    const numbers = ["SF700100001", "YT700200001"];
    await parcels.declare(owner, {
      orderId: booked.orderId,
      logisticInfos: [
        { lineItem: { itemId: "7001", skuId: "A" }, domesticLogisticInfo: [{ logisticNumer: numbers[0] }] },
        { lineItem: { itemId: "7002", skuId: "B" }, domesticLogisticInfo: [{ logisticNumer: numbers[1] }] },
      ],
    });
    // 41 kg measured (plus packaging, kept within the booked 40 kg): more than the service's 30 kg.
    await storeAll(owner, numbers, [20_000, 21_000]);
    await clocks.advance(owner.developerId, 2 * HOUR);
    let view = await show(owner, booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.deepEqual(view.packages.map((p) => [p.serviceId, p.weightG, p.freight]), [["1", 20_000, "210"], ["1", 20_000, "210"]]);
    assert.equal(view.actualFreight, "420");
    assert.equal(view.supplementaryFreight, "0");
    await clocks.advance(owner.developerId, 4 * HOUR);
    view = await show(owner, booked.orderId);
    assert.equal(view.status, "SHIPPED");
    const tracking = view.packages.map((p) => p.trackingNumber);
    assert.equal(new Set(tracking).size, 2, "a tracking number each");
    await clocks.advance(owner.developerId, 5 * DAY);
    view = await show(owner, booked.orderId);
    assert.equal(view.status, "DELIVERED");
    assert.deepEqual(view.packages.map((p) => p.trackingStatus), ["Delivered", "Delivered"]);
    await ledgerSound();
  });

  test("a cancel credits back everything paid and puts allocated goods back; a re-declaration unpacks a packed order", async () => {
    const owner = await developer(100_00);
    // Cancelled while declared.
    const a = await bookAndDeclare(owner);
    await parcels.cancel({ id: a.booked.orderId });
    let view = await show(owner, a.booked.orderId);
    assert.equal(view.status, "CANCELLED");
    assert.equal(view.refundedFreight, "40");
    assert.equal(view.paidFreight, "0");
    assert.equal(await balance(owner), 100_00);
    await ledgerSound();
    await assert.rejects(parcels.cancel({ id: a.booked.orderId }), (err) => code(err) === 40901);

    // Packed short of balance (AWAITING_PAYMENT, goods allocated), then cancelled: goods restocked.
    const poor = await developer(45_00);
    const b = await bookAndDeclare(poor, "OVERWEIGHT");
    await storeAll(poor, b.numbers);
    await clocks.advance(poor.developerId, 2 * HOUR);
    assert.equal((await show(poor, b.booked.orderId)).status, "AWAITING_PAYMENT");
    await parcels.cancel({ id: b.booked.orderId });
    assert.deepEqual(warehouse.released.at(-1), { parcelId: b.booked.orderId, outcome: "restocked" });
    assert.equal(await balance(poor), 45_00);
    await ledgerSound();
    // Its retry job was forgotten: nothing more happens.
    await clocks.advance(poor.developerId, 3 * HOUR);
    assert.equal((await show(poor, b.booked.orderId)).status, "CANCELLED");

    // Packed (a supplement paid), then declared again with one more parcel: unpacked, waiting for it.
    const c = await bookAndDeclare(owner, "OVERWEIGHT");
    await storeAll(owner, c.numbers);
    await clocks.advance(owner.developerId, 2 * HOUR);
    view = await show(owner, c.booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.equal(view.supplementaryFreight, "20");
    await parcels.declare(owner, { orderId: c.booked.orderId, logisticInfos: [{ lineItem: { itemId: "1001", skuId: "A" }, domesticLogisticInfo: [{ logisticNumer: c.numbers[0] }, { logisticNumer: "JD0000000001" }] }] });
    view = await show(owner, c.booked.orderId);
    assert.equal(view.status, "DOMESTIC_DECLARED");
    assert.deepEqual(view.packages, []);
    assert.deepEqual(warehouse.released.at(-1), { parcelId: c.booked.orderId, outcome: "restocked" });
    // The new parcel arrives: packed again, the supplement already paid counts (no second charge for the same weight).
    await warehouse.store(owner.developerId, "JD0000000001", 100, await clocks.now(owner.developerId));
    await jobs.runAllDue();
    await clocks.advance(owner.developerId, 2 * HOUR);
    view = await show(owner, c.booked.orderId);
    assert.equal(view.status, "PACKED");
    assert.equal(view.supplementaryFreight, "20");
    // Cancelled after a paid supplement is not allowed once packed; the ledger stays sound.
    await assert.rejects(parcels.cancel({ id: c.booked.orderId }), (err) => code(err) === 40901);
    await ledgerSound();
  });

  test("PARCEL_STATUS_MODIFY is written to the outbox on every status change only for a developer who opted in", async () => {
    const owner = await developer(100_00);
    const events = async () =>
      (await handle.db.selectFrom("outbox_events").select(["payload", "event_type"]).where("developer_id", "=", owner.developerId).orderBy("id").execute()).map(
        (r) => JSON.parse(r.payload) as { status: string; previousStatus: string | null; orderId: string },
      );
    const quiet = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("7001", "A", 1)] });
    assert.deepEqual(await events(), []);
    opted = true;
    try {
      const loud = await bookAndDeclare(owner);
      await storeAll(owner, loud.numbers);
      const seen = await events();
      assert.deepEqual(seen.map((e) => [e.previousStatus, e.status]), [[null, "BOOKED"], ["BOOKED", "DOMESTIC_DECLARED"], ["DOMESTIC_DECLARED", "IN_WAREHOUSE"]]);
      assert.ok(seen.every((e) => e.orderId === loud.booked.orderId));
      const types = await handle.db.selectFrom("outbox_events").select("event_type").distinct().where("developer_id", "=", owner.developerId).execute();
      assert.deepEqual(types.map((t) => t.event_type), ["PARCEL_STATUS_MODIFY"]);
      assert.ok(quiet.orderId);
    } finally {
      opted = false;
    }
  });

  test("a sandbox user's reset forgets its logistics orders", async () => {
    const owner = await developer(100_00);
    const booked = await parcels.book(owner, { receiverAddress: receiver(), lineItems: [line("8001", "A", 1)] });
    await clocks.resetUser(owner.developerId, owner.userId);
    await assert.rejects(show(owner, booked.orderId), (err) => code(err) === 40401);
    const rows = await sql<{ n: number }>`select count(*)::int as n from intl_parcel_lines where parcel_id = ${booked.orderId}`.execute(handle.db);
    assert.equal(rows.rows[0]!.n, 0);
  });

  test("docs/sandbox-scenarios.md lists every international parcel word with an example", () => {
    const docs = fs.readFileSync(path.join(ROOT, "docs/sandbox-scenarios.md"), "utf8");
    const section = docs.slice(docs.indexOf("## International parcels"));
    assert.ok(section.length > 100, "the section exists");
    for (const { word } of PARCEL_SCENARIOS) {
      assert.match(section, new RegExp(`^\\| \`${word}\` \\|`, "m"), `${word} has a row`);
      assert.match(section, new RegExp(`^\\*\\*${word}\\*\\*`, "m"), `${word} has an example`);
    }
  });
});
