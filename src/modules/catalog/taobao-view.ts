// Taobao goods shapes (taobao.md §1): the product detail (TaoBaoProductDetailsV2VO) and search items.
import type { Product } from "../../marketplace/port.ts";

export function taobaoProductView(p: Product) {
  const leaf = p.categoryPath.at(-1)!;
  // "童装/婴儿装/亲子装->裙子(新)->连衣裙": the levels joined by "->" (taobao.md §1.1).
  const categoryPath = p.categoryPath.map((c) => c.name.zh).join("->");
  return {
    itemId: p.id,
    mpId: p.mpId,
    title: p.title.zh,
    picUrls: p.imageUrls,
    description: p.description,
    price: p.priceFen,
    promotionPrice: p.promotionPriceFen ?? p.priceFen,
    quantity: p.stock,
    beginAmount: p.minQuantity,
    categoryId: String(leaf.id),
    categoryName: leaf.name.zh,
    categoryPath,
    productUnit: p.unit.zh,
    shopId: p.seller.shopId,
    aliShopId: String(p.seller.shopId),
    shopName: p.seller.shopName,
    userNick: p.seller.nick,
    status: p.active ? "active" : "inactive",
    itemType: "HAVE_MATERIAL",
    skuList: p.skus.map((sku) => ({
      skuId: sku.skuId,
      mpSkuId: sku.mpSkuId,
      mpSkuld: sku.mpSkuId,
      price: sku.priceFen,
      promotionPrice: sku.promotionPriceFen ?? sku.priceFen,
      quantity: sku.stock,
      postFee: sku.postFeeFen,
      picUrl: sku.imageUrl,
      status: sku.active ? "active" : "inactive",
      properties: sku.properties.map((prop) => ({
        valueId: prop.valueId,
        valueName: prop.valueName.zh,
        propId: prop.propId,
        propName: prop.propName.zh,
      })),
    })),
  };
}

/** SearchItem (taobao.md §1.3). The title is the original Chinese, as in the detail. */
export function taobaoSearchItemView(p: Product) {
  return {
    itemId: p.id,
    title: p.title.zh,
    picUrl: p.imageUrls[0]!,
    price: p.priceFen,
    promotionPrice: p.promotionPriceFen ?? p.priceFen,
    shopName: p.seller.shopName,
    sales: p.sales30d,
  };
}
