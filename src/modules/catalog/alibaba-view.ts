// 1688 goods shapes (alibaba-1688.md §0.6, §1): list items, the product detail, categories,
// recommendations and hot lists. Prices are yuan strings here; everything inside is fen.
import type { Category, Lang, Product } from "../../marketplace/port.ts";
import { fenToYuan } from "../../platform/money.ts";

const yuan = (fen: number | null) => (fen === null ? null : fenToYuan(fen));

function priceInfo(p: Product) {
  const price = p.priceTiers[0]?.priceFen ?? p.priceFen;
  return {
    price: fenToYuan(price),
    jxhyPrice: p.tags.includes("jxhy") ? fenToYuan(Math.round(price * 0.97)) : null,
    pfJxhyPrice: p.tags.includes("jxhy") ? fenToYuan(Math.round(price * 0.95)) : null,
    consignPrice: fenToYuan(Math.round(price * 1.08)),
    promotionPrice: yuan(p.promotionPriceFen),
  };
}

/** AlibabaProductListInfoV2VO. */
export function alibabaListItem(p: Product) {
  return {
    imageUrl: p.imageUrls[0]!,
    subject: p.title.zh,
    subjectTrans: p.title.trans,
    offerId: p.id,
    isJxhy: p.tags.includes("jxhy"),
    priceInfo: priceInfo(p),
    repurchaseRate: `${p.repurchaseRatePct}%`,
    monthSold: p.sales30d,
  };
}

/** ProductSearchQuerySellerOfferListV2VO: the list item plus isOnePsale. */
export function alibabaSellerOfferItem(p: Product) {
  return { ...alibabaListItem(p), isOnePsale: p.tags.includes("isOnePsale") };
}

function identities(p: Product): string[] {
  return [...(p.tags.includes("certifiedFactory") ? ["super_factory"] : []), ...(p.sales30d > 500 ? ["powerful_merchants"] : []), ...(p.tags.includes("isSelect") ? ["yx"] : [])];
}

function levels(p: Product) {
  const [top, second, third] = p.categoryPath;
  return { topCategoryId: top?.id ?? 0, secondCategoryId: second?.id ?? 0, thirdCategoryId: third?.id ?? 0 };
}

function traceInfo(p: Product): string {
  return `object_id@${p.numericId}^object_type@offer^sandbox@1`;
}

/** ProductDetail (alibaba-1688.md §1.1). */
export function alibabaProductDetail(p: Product) {
  const leaf = p.categoryPath.at(-1)!;
  const { topCategoryId, secondCategoryId, thirdCategoryId } = levels(p);
  const unitTrans = p.unit.trans;
  return {
    offerId: p.id,
    categoryId: leaf.id,
    categoryName: leaf.name.zh,
    topCategoryId,
    secondCategoryId,
    thirdCategoryId,
    subject: p.title.zh,
    subjectTrans: p.title.trans,
    description: p.description,
    mainVideo: null,
    detailVideo: null,
    productImage: { images: p.imageUrls, whiteImage: null },
    productAttribute: [
      { attributeId: "100000", attributeName: "品牌", value: "其他", attributeNameTrans: "Brand", valueTrans: "Other" },
      { attributeId: "100001", attributeName: "产地", value: "中国", attributeNameTrans: "Place of origin", valueTrans: "China" },
    ],
    productSkuInfos: p.skus.map((sku) => ({
      skuId: Number(sku.skuId),
      specId: sku.mpSkuId,
      amountOnSale: sku.stock,
      price: fenToYuan(sku.priceFen),
      consignPrice: fenToYuan(Math.round(sku.priceFen * 1.08)),
      promotionPrice: yuan(sku.promotionPriceFen),
      jxhyPrice: p.tags.includes("jxhy") ? fenToYuan(Math.round(sku.priceFen * 0.97)) : null,
      pfJxhyPrice: p.tags.includes("jxhy") ? fenToYuan(Math.round(sku.priceFen * 0.95)) : null,
      cargoNumber: `${p.numericId.slice(-6)}-${sku.skuId.slice(-3)}`,
      fenxiaoPriceInfo: { onePiecePrice: fenToYuan(Math.round(sku.priceFen * 1.08)), offerPrice: fenToYuan(sku.priceFen) },
      skuAttributes: sku.properties.map((prop) => ({
        attributeId: prop.propId,
        attributeName: prop.propName.zh,
        attributeNameTrans: prop.propName.trans,
        value: prop.valueName.zh,
        valueTrans: prop.valueName.trans,
        skuImageUrl: sku.imageUrl,
      })),
    })),
    productSaleInfo: {
      amountOnSale: p.stock,
      priceRangeList: p.priceTiers.map((tier) => ({ startQuantity: tier.startQuantity, price: fenToYuan(tier.priceFen), promotionPrice: yuan(tier.promotionPriceFen) })),
      quoteType: p.quoteType,
      consignPrice: fenToYuan(Math.round(p.priceFen * 1.08)),
      unitInfo: { unit: p.unit.zh, transUnit: unitTrans },
    },
    productShippingInfo: {
      sendGoodsAddressText: `浙江省 ${p.seller.companyName.slice(0, 2)}`,
      weight: p.weightKg,
      length: null,
      width: null,
      height: null,
      shippingTimeGuarantee: p.tags.includes("shipIn24Hours") ? "shipIn24Hours" : "shipIn48Hours",
      skuShippingDetails: p.skus.map((sku) => ({ skuId: sku.skuId, length: null, width: null, height: null, weight: p.weightKg, pkgSizeSource: "sandbox" })),
    },
    isJxhy: p.tags.includes("jxhy"),
    sellerOpenId: p.seller.sellerOpenId,
    companyName: p.seller.companyName,
    minOrderQuantity: Math.max(1, p.minQuantity),
    batchNumber: null,
    status: p.active ? "published" : "expired",
    tagInfoList: [
      { key: "isOnePsale", value: p.tags.includes("isOnePsale") },
      { key: "isSupportMix", value: p.tags.includes("certifiedFactory") },
    ],
    traceInfo: traceInfo(p),
    sellerMixSetting: { generalHunpi: true, mixAmount: 100, mixNumber: 3 },
    productCargoNumber: p.numericId.slice(-8),
    sellerDataInfo: {
      tradeMedalLevel: String(1 + (p.sales30d % 5)),
      compositeServiceScore: "4.5",
      logisticsExperienceScore: "4.0",
      disputeComplaintScore: "4.0",
      offerExperienceScore: "4.5",
      consultingExperienceScore: "4.0",
      repeatPurchasePercent: `${(p.repurchaseRatePct / 100).toFixed(2)}`,
      afterSalesExperienceScore: "4.5",
      collect30DayWithin48HPercent: "0.95",
      qualityRefundWithin30Day: "0.01",
    },
    soldOut: String(p.sales30d),
    tradeScore: "5.0",
    promotionModel: { hasPromotion: p.promotionPriceFen !== null, promotionType: p.promotionPriceFen !== null ? "discount" : null },
    sellingPoint: null,
    offerIdentities: identities(p),
    isSelect: p.tags.includes("isSelect"),
    createDate: "2024-05-24 00:00:00",
    certificateList: [],
  };
}

interface AlibabaCategoryVO {
  categoryId: number;
  chineseName: string;
  translatedName: string;
  language: Lang;
  leaf: boolean;
  level: number;
  parentCateId: number;
  children?: AlibabaCategoryVO[];
}

/** Category of §1.5, with or without children. */
export function alibabaCategory(c: Category, lang: Lang, children: Category[] | null): AlibabaCategoryVO {
  return {
    categoryId: c.id,
    chineseName: c.name.zh,
    translatedName: c.name.trans,
    language: lang,
    leaf: c.leaf,
    level: c.level,
    parentCateId: c.parentId,
    ...(children === null ? {} : { children: children.map((child) => alibabaCategory(child, lang, null)) }),
  };
}

/** §1.6 item. */
export function alibabaRecommendItem(p: Product, publicUrl: string) {
  return {
    offerId: p.id,
    imageUrl: p.imageUrls[0]!,
    subject: p.title.zh,
    subjectTrans: p.title.trans,
    priceInfo: { price: priceInfo(p).price, consignPrice: priceInfo(p).consignPrice },
    monthSold: p.sales30d,
    repurchaseRate: `${p.repurchaseRatePct}%`,
    traceInfo: traceInfo(p),
    isSelect: p.tags.includes("isSelect"),
    onePsale: p.tags.includes("isOnePsale"),
    sellerIdentities: identities(p),
    promotionURL: `${publicUrl}/sandbox/offer/${p.id}`,
  };
}

/** §1.7 item. */
export function alibabaRelatedItem(p: Product) {
  return {
    offerId: p.id,
    imageUrl: p.imageUrls[0]!,
    subject: p.title.zh,
    subjectTrans: p.title.trans,
    priceInfo: { price: priceInfo(p).price },
    monthSold: p.sales30d,
    sellerIdentities: identities(p),
    offerIdentities: identities(p),
    ...levels(p),
  };
}

/** §1.10 ranking entry. */
export function alibabaRankItem(p: Product, rank: number) {
  return {
    itemId: p.id,
    title: p.title.zh,
    translateTitle: p.title.trans,
    imgUrl: p.imageUrls[0]!,
    sort: rank,
    serviceList: [...(p.tags.includes("shipIn24Hours") ? ["sendGoods24H"] : []), ...(p.tags.includes("shipIn48Hours") ? ["sendGoods48H"] : [])],
    buyerNum: Math.max(0, Math.round(p.sales30d * 0.6)),
    soldOut: p.sales30d,
    goodsScore: "5",
  };
}
