// The 1688 pricing and preview policy, pure (no server, no database): tiers at their boundaries and
// summed across an offer's specs, quoteType 0 / 1 / 2, the minimum per offer, stock per spec, sellers
// in order of first appearance, unknown / unpublished products and specs, seller checks, price
// changes against snapshots, shipping, and the §0.5 wire object.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { PriceTier, Product, Seller, Sku } from "../../marketplace/port.ts";
import { alibabaUnitPrice, previewAlibaba, propertiesText, type AlibabaCargo } from "./alibaba-policy.ts";

const seller = (n: number): Seller => ({ shopId: n, shopName: `shop ${n}`, nick: `nick${n}`, sellerOpenId: `BBBseller${n}`, companyName: `company ${n}` });

function sku(specId: string, over: Partial<Sku> = {}): Sku {
  return {
    skuId: `48291523530${specId.length}${specId.charCodeAt(0)}`,
    mpSkuId: specId,
    priceFen: 1000,
    promotionPriceFen: null,
    stock: 100,
    postFeeFen: 0,
    imageUrl: null,
    active: true,
    properties: [
      { propId: 1, propName: { zh: "颜色", trans: "Color" }, valueId: 11, valueName: { zh: "郁金香", trans: "Tulip" } },
      { propId: 2, propName: { zh: "尺码", trans: "Size" }, valueId: 21, valueName: { zh: "S", trans: "S" } },
    ],
    ...over,
  };
}

const TIERS: PriceTier[] = [
  { startQuantity: 2, priceFen: 1350, promotionPriceFen: null },
  { startQuantity: 20, priceFen: 1200, promotionPriceFen: null },
  { startQuantity: 200, priceFen: 1000, promotionPriceFen: null },
];

function product(id: string, over: Partial<Product> = {}): Product {
  return {
    platform: "alibaba",
    id,
    numericId: "743470146022",
    mpId: "743470146022",
    title: { zh: "文件夹", trans: "Folder" },
    description: "",
    imageUrls: ["https://img/0.png"],
    priceFen: 1350,
    promotionPriceFen: null,
    stock: 500,
    minQuantity: 2,
    priceTiers: TIERS,
    quoteType: 2,
    unit: { zh: "件", trans: "Piece" },
    categoryPath: [],
    seller: seller(1),
    active: true,
    sales30d: 0,
    commissionBp: 0,
    repurchaseRatePct: 0,
    weightKg: 1,
    tags: [],
    skus: [sku("a".repeat(32)), sku("b".repeat(32), { priceFen: 1500 })],
    ...over,
  };
}

const A = "a".repeat(32);
const B = "b".repeat(32);
const line = (offerMapId: string, specId: string | null, quantity: number, extra: Partial<AlibabaCargo> = {}): AlibabaCargo => ({ offerMapId, specId, quantity, ...extra });
const catalogue = (...products: Product[]) => new Map<string, Product | undefined>(products.map((p) => [p.id, p]));

describe("unit prices", () => {
  const p = product("P1");
  test("tiers apply from their startQuantity on (boundaries); below the first tier, the first tier", () => {
    assert.equal(alibabaUnitPrice(p, p.skus[0], 1), 1350);
    assert.equal(alibabaUnitPrice(p, p.skus[0], 2), 1350);
    assert.equal(alibabaUnitPrice(p, p.skus[0], 19), 1350);
    assert.equal(alibabaUnitPrice(p, p.skus[0], 20), 1200);
    assert.equal(alibabaUnitPrice(p, p.skus[0], 199), 1200);
    assert.equal(alibabaUnitPrice(p, p.skus[0], 200), 1000);
    assert.equal(alibabaUnitPrice(p, p.skus[0], 9999), 1000);
  });
  test("tiers in any order; a tier's promotion price when lower", () => {
    const q = product("P2", { priceTiers: [TIERS[2]!, { startQuantity: 2, priceFen: 1350, promotionPriceFen: 1290 }, TIERS[1]!] });
    assert.equal(alibabaUnitPrice(q, q.skus[0], 5), 1290);
    assert.equal(alibabaUnitPrice(q, q.skus[0], 20), 1200);
    const higher = product("P3", { priceTiers: [{ startQuantity: 1, priceFen: 1000, promotionPriceFen: 1100 }] });
    assert.equal(alibabaUnitPrice(higher, higher.skus[0], 5), 1000);
  });
  test("quoteType 1 prices per SKU (tiers ignored), promotion when lower; quoteType 2 uses the offer's tiers whatever the SKU", () => {
    const perSku = product("P4", { quoteType: 1, skus: [sku(A, { priceFen: 1500, promotionPriceFen: 1400 }), sku(B, { priceFen: 1700 })] });
    assert.equal(alibabaUnitPrice(perSku, perSku.skus[0], 500), 1400);
    assert.equal(alibabaUnitPrice(perSku, perSku.skus[1], 500), 1700);
    const tiered = product("P5", { quoteType: 2 });
    assert.equal(alibabaUnitPrice(tiered, tiered.skus[1], 1), 1350, "the SKU's own 1500 is not used");
  });
  test("quoteType 0 (no SKUs) uses the tiers; an offer without tiers falls back to the SKU's or the offer's price", () => {
    const plain = product("P6", { quoteType: 0, skus: [] });
    assert.equal(alibabaUnitPrice(plain, undefined, 25), 1200);
    const noTiers = product("P7", { quoteType: 0, skus: [], priceTiers: [], priceFen: 800, promotionPriceFen: 750 });
    assert.equal(alibabaUnitPrice(noTiers, undefined, 25), 750);
    const noTiersSku = product("P8", { quoteType: 2, priceTiers: [] });
    assert.equal(alibabaUnitPrice(noTiersSku, noTiersSku.skus[1], 25), 1500);
  });
  test("properties text", () => {
    assert.equal(propertiesText(product("P").skus[0]), "Color:Tulip;Size:S");
    assert.equal(propertiesText(undefined), "");
  });
});

describe("previewAlibaba", () => {
  test("tiers count the offer's total across its specs; amounts are unit × quantity", () => {
    const p = product("P1");
    const { sellers } = previewAlibaba([line("P1", A, 12), line("P1", B, 8)], catalogue(p));
    assert.equal(sellers.length, 1);
    const s = sellers[0]!;
    assert.ok(s.ok);
    assert.deepEqual(
      s.lines.map((l) => [l.index, l.unitPriceFen, l.amountFen, l.ownUnitPriceFen]),
      [
        [0, 1200, 14400, 1350],
        [1, 1200, 9600, 1350],
      ],
    );
    assert.equal(s.goodsFen, 24000);
    // One unit less: the first tier for both.
    const less = previewAlibaba([line("P1", A, 12), line("P1", B, 7)], catalogue(p)).sellers[0]!;
    assert.deepEqual(less.lines.map((l) => l.unitPriceFen), [1350, 1350]);
  });

  test("another offer does not count toward an offer's tier or minimum", () => {
    const p = product("P1");
    const q = product("P2", { minQuantity: 5 });
    const { sellers } = previewAlibaba([line("P1", A, 15), line("P2", A, 3), line("P2", B, 1)], catalogue(p, q));
    const s = sellers[0]!;
    assert.deepEqual(s.lines.map((l) => l.unitPriceFen), [1350, 1350, 1350]);
    assert.deepEqual(s.failures.map((f) => [f.index, f.code]), [
      [1, "BELOW_MINIMUM"],
      [2, "BELOW_MINIMUM"],
    ]);
    assert.equal(s.ok, false);
  });

  test("quoteType 1 lines keep their SKU price at any total", () => {
    const p = product("P1", { quoteType: 1, skus: [sku(A, { priceFen: 1500 }), sku(B, { priceFen: 1700, promotionPriceFen: 1650 })] });
    const s = previewAlibaba([line("P1", A, 150), line("P1", B, 150)], catalogue(p)).sellers[0]!;
    assert.deepEqual(s.lines.map((l) => [l.unitPriceFen, l.amountFen]), [
      [1500, 225000],
      [1650, 247500],
    ]);
  });

  test("the minimum counts per offer total: 1 + 1 meets a minimum of 2, 1 alone does not", () => {
    const p = product("P1", { minQuantity: 2 });
    assert.ok(previewAlibaba([line("P1", A, 1), line("P1", B, 1)], catalogue(p)).sellers[0]!.ok);
    const alone = previewAlibaba([line("P1", A, 1)], catalogue(p));
    assert.deepEqual(alone.sellers[0]!.failures.map((f) => f.code), ["BELOW_MINIMUM"]);
    assert.equal(alone.wire.success, false);
    assert.equal(alone.wire.orderPreviewResuslt[0]!.cargoList[0]!.resultCode, "BELOW_MINIMUM");
    // minQuantity 0 means no minimum.
    assert.ok(previewAlibaba([line("P1", A, 1)], catalogue(product("P1", { minQuantity: 0 }))).sellers[0]!.ok);
  });

  test("stock per spec, summed when a spec repeats; at the stock is fine", () => {
    const p = product("P1", { skus: [sku(A, { stock: 10 }), sku(B, { stock: 3 })] });
    assert.ok(previewAlibaba([line("P1", A, 10), line("P1", B, 3)], catalogue(p)).sellers[0]!.ok);
    const short = previewAlibaba([line("P1", A, 10), line("P1", B, 4)], catalogue(p)).sellers[0]!;
    assert.deepEqual(short.failures.map((f) => [f.index, f.code]), [[1, "OUT_OF_STOCK"]]);
    assert.match(short.failures[0]!.message, /4 asked, 3 in stock/);
    const repeated = previewAlibaba([line("P1", A, 6), line("P1", A, 5)], catalogue(p)).sellers[0]!;
    assert.deepEqual(repeated.failures.map((f) => f.code), ["OUT_OF_STOCK", "OUT_OF_STOCK"]);
    // An offer without SKUs: the offer's stock.
    const plain = product("P2", { quoteType: 0, skus: [], stock: 5, minQuantity: 1 });
    assert.deepEqual(previewAlibaba([line("P2", null, 6)], catalogue(plain)).sellers[0]!.failures.map((f) => f.code), ["OUT_OF_STOCK"]);
    assert.ok(previewAlibaba([line("P2", null, 5)], catalogue(plain)).sellers[0]!.ok);
  });

  test("one PreviewResult per seller, in order of first appearance; success false when any fails", () => {
    const p1 = product("P1", { seller: seller(1) });
    const p2 = product("P2", { seller: seller(2) });
    const p3 = product("P3", { seller: seller(1) });
    const { sellers, wire } = previewAlibaba([line("P2", A, 2), line("P1", A, 2), line("P3", B, 1), line("P2", B, 3)], catalogue(p1, p2, p3));
    assert.deepEqual(sellers.map((s) => s.sellerOpenId), ["BBBseller2", "BBBseller1"]);
    assert.deepEqual(sellers.map((s) => s.indexes), [
      [0, 3],
      [1, 2],
    ]);
    assert.equal(sellers[1]!.seller.nick, "nick1");
    assert.equal(wire.orderPreviewResuslt.length, 2);
    assert.deepEqual(wire.orderPreviewResuslt.map((r) => r.status), [true, false]);
    assert.deepEqual(wire.orderPreviewResuslt[1]!.cargoList.map((c) => [c.offerId, c.resultCode]), [
      ["P1", null],
      ["P3", "BELOW_MINIMUM"],
    ]);
    assert.equal(wire.success, false);
    assert.equal(wire.errorCode, "BELOW_MINIMUM");
    assert.match(wire.errorMsg!, /P3/);
  });

  test("unknown product, unpublished product, spec missing / unknown / not on sale, seller mismatch", () => {
    const p = product("P1");
    const off = product("P2", { active: false, seller: seller(2) });
    const bad = product("P3", { seller: seller(3), skus: [sku(A, { active: false }), sku(B)] });
    const products = new Map<string, Product | undefined>([...catalogue(p, off, bad), ["GONE", undefined]]);
    const cargo = [
      line("GONE", A, 2, { sellerOpenId: "BBBseller9" }),
      line("P1", null, 2),
      line("P1", "f".repeat(32), 2),
      line("P2", A, 2),
      line("P3", A, 2),
      line("P1", A, 2, { sellerOpenId: "BBBseller7" }),
      line("GONE", null, 1),
    ];
    const { sellers, wire } = previewAlibaba(cargo, products);
    assert.deepEqual(sellers.map((s) => s.sellerOpenId), ["BBBseller9", "BBBseller1", "BBBseller2", "BBBseller3", ""]);
    const codes = new Map(sellers.flatMap((s) => s.failures.map((f) => [f.index, f.code] as const)));
    assert.deepEqual(Object.fromEntries(codes), {
      0: "NOT_FOUND",
      1: "SPEC_REQUIRED",
      2: "NOT_FOUND",
      3: "OFFLINE",
      4: "OFFLINE",
      5: "SELLER_MISMATCH",
      6: "NOT_FOUND",
    });
    assert.ok(sellers.every((s) => !s.ok));
    // Unknown lines are on the wire with zero amounts; the unknown seller is a placeholder.
    const unknown = wire.orderPreviewResuslt[0]!.cargoList[0]!;
    assert.deepEqual(unknown, {
      offerId: "GONE",
      openOfferId: "GONE",
      specId: A,
      skuId: "",
      amount: 0,
      finalUnitPrice: 0,
      resultCode: "NOT_FOUND",
      message: unknown.message,
      cargoPromotionList: [],
    });
    assert.equal(sellers[0]!.seller.shopName, "");
    // Spec-less lines of a product with specs are not priced; the mismatched seller's line is (its product is known).
    assert.deepEqual(sellers[1]!.lines.map((l) => l.index), [5]);
  });

  test("a placeholder seller group gains the real seller when a known product of it appears later", () => {
    const p = product("P1");
    const { sellers } = previewAlibaba([line("GONE", A, 2, { sellerOpenId: "BBBseller1" }), line("P1", A, 2)], new Map([...catalogue(p), ["GONE", undefined]]));
    assert.equal(sellers.length, 1);
    assert.equal(sellers[0]!.seller.nick, "nick1");
    assert.deepEqual(sellers[0]!.indexes, [0, 1]);
  });

  test("a numeric id given for an offer resolves to the canonical id (tiers and minimum count both forms together)", () => {
    const p = product("P1", { minQuantity: 3 });
    const products = new Map<string, Product | undefined>([["P1", p], ["743470146022", p]]);
    const { sellers, wire } = previewAlibaba([line("743470146022", A, 2), line("P1", B, 18)], products);
    assert.ok(sellers[0]!.ok);
    assert.deepEqual(sellers[0]!.lines.map((l) => l.unitPriceFen), [1200, 1200]);
    assert.equal(wire.orderPreviewResuslt[0]!.cargoList[0]!.offerId, "P1");
  });

  test("price changed since the snapshot: a PRICE_CHANGED warning, compared at the line's own quantity; the order still passes", () => {
    const p = product("P1");
    // Line 0 was added at 1350 and is now 1350 at its own 12 units (though 1200 with line 1): no warning.
    // Line 1 was added at 1400: changed.
    const snapshots = new Map([
      [0, { priceFen: 1350 }],
      [1, { priceFen: 1400 }],
    ]);
    const { sellers, wire } = previewAlibaba([line("P1", A, 12), line("P1", B, 8)], catalogue(p), snapshots);
    assert.ok(sellers[0]!.ok);
    assert.deepEqual(sellers[0]!.warnings.map((w) => [w.index, w.code]), [[1, "PRICE_CHANGED"]]);
    assert.match(sellers[0]!.warnings[0]!.message, /1400 fen .* 1350 fen/);
    assert.equal(wire.success, true);
    assert.equal(wire.orderPreviewResuslt[0]!.status, true);
    assert.equal(wire.orderPreviewResuslt[0]!.resultCode, null);
    assert.deepEqual(wire.orderPreviewResuslt[0]!.cargoList.map((c) => c.resultCode), [null, "PRICE_CHANGED"]);
    // A failure wins over the warning on the same cargo.
    const short = product("P1", { skus: [sku(A, { stock: 1 }), sku(B)] });
    const failed = previewAlibaba([line("P1", A, 12)], catalogue(short), new Map([[0, { priceFen: 1 }]]));
    assert.equal(failed.wire.orderPreviewResuslt[0]!.cargoList[0]!.resultCode, "OUT_OF_STOCK");
  });

  test("shipping: the highest SKU fee of the seller order, once; 0 when all free; totals", () => {
    const p = product("P1", { skus: [sku(A, { postFeeFen: 800 }), sku(B, { postFeeFen: 1200 })] });
    const q = product("P2", { skus: [sku(A, { postFeeFen: 0 })] });
    const other = product("P3", { seller: seller(2), skus: [sku(A, { postFeeFen: 0 })] });
    const { sellers, wire } = previewAlibaba([line("P1", A, 2), line("P1", B, 2), line("P2", A, 2), line("P3", A, 2)], catalogue(p, q, other));
    assert.equal(sellers[0]!.shippingFen, 1200);
    assert.equal(sellers[0]!.goodsFen, 6 * 1350);
    assert.equal(sellers[0]!.discountFen, 0);
    assert.equal(sellers[0]!.totalFen, 6 * 1350 + 1200);
    assert.equal(sellers[1]!.shippingFen, 0);
    const r = wire.orderPreviewResuslt[0]!;
    assert.equal(r.sumCarriage, 1200);
    assert.equal(r.sumPaymentNoCarriage, 6 * 1350);
    assert.equal(r.sumPayment, 6 * 1350 + 1200);
    assert.equal(r.discountFee, 0);
  });

  test("the §0.5 wire object: documented keys in order, 14 PreviewResult members, Cargo members, fen", () => {
    const p = product("P1");
    const { wire } = previewAlibaba([line("P1", B, 20)], catalogue(p));
    assert.deepEqual(Object.keys(wire), [
      "orderPreviewResuslt",
      "success",
      "errorCode",
      "errorMsg",
      "postFeeByDescOfferList",
      "consignOfferList",
      "unsupportedCrossBorderPayOfferList",
    ]);
    const r = wire.orderPreviewResuslt[0]!;
    assert.deepEqual(Object.keys(r), [
      "status",
      "resultCode",
      "message",
      "flowFlag",
      "sumPayment",
      "sumCarriage",
      "sumPaymentNoCarriage",
      "discountFee",
      "additionalFee",
      "taoSampleSinglePromotion",
      "tradeModeNameList",
      "tradeModelList",
      "shopPromotionList",
      "cargoList",
    ]);
    assert.equal(r.flowFlag, "general");
    assert.ok(r.tradeModeNameList.includes("assureTrade"));
    assert.deepEqual(r.tradeModelList.map((m) => m.tradeType), r.tradeModeNameList);
    assert.deepEqual(r.cargoList[0], {
      offerId: "P1",
      openOfferId: "P1",
      specId: B,
      skuId: p.skus[1]!.skuId,
      amount: 24000,
      finalUnitPrice: 1200,
      resultCode: null,
      message: null,
      cargoPromotionList: [],
    });
    assert.deepEqual([wire.success, wire.errorCode, wire.errorMsg], [true, null, null]);
    assert.deepEqual([wire.postFeeByDescOfferList, wire.consignOfferList, wire.unsupportedCrossBorderPayOfferList], [[], [], []]);
    // Empty input: nothing to preview, nothing failing.
    assert.deepEqual(previewAlibaba([], new Map()).wire.orderPreviewResuslt, []);
  });
});
