// The weight, size and attributes of goods to ship, which no freight request carries
// (foundation-warehouse.md §2.0): the unit weight from the catalogue of the developer's mode for the
// (itemId, skuId) pair, the configured default when the pair is unknown; a configured default size
// per unit; attributes from the category where the sandbox catalogue tells them.
import type { Product } from "../../../marketplace/port.ts";
import type { Catalogs } from "../../catalog/index.ts";
import type { GoodsAttribute } from "./model.ts";
import { packedSize, type Goods } from "./pricing.ts";

export interface GoodsDefaults {
  /** Per unit when the catalogue does not know the pair (foundation-warehouse.md §2.0: 0.5 kg). */
  unitWeightG: number;
  /** Per unit: length, width, height. */
  unitSizeMm: readonly [number, number, number];
}

/**
 * Sensitive goods of the sandbox catalogue by category (any level of the product's path; research
 * A.4: built-in batteries, liquids, powders). Live catalogues' categories are the upstream's: their
 * goods carry no attribute until the warehouse checks them.
 */
const SANDBOX_CATEGORY_ATTRIBUTES: ReadonlyMap<number, GoodsAttribute> = new Map([
  [1040010, "battery"], // mobile phones
  [1040020, "battery"], // phone accessories (power banks)
  [1040030, "battery"], // audio
  [1040040, "battery"], // smart devices & cameras
  [1041010, "battery"], // computers & tablets
  [1042030, "battery"], // personal care appliances
  [1046010, "battery"], // car electronics
  [1047020, "battery"], // watches
  [1036030, "battery"], // remote-control toys
  [1039010, "liquid"], // skincare
  [1039030, "liquid"], // personal care
  [1039040, "liquid"], // fragrances
  [1039022, "liquid"], // liquid foundations
  [1039023, "powder"], // eyeshadows
]);

export function sandboxAttributes(product: Pick<Product, "categoryPath">): GoodsAttribute[] {
  const found = new Set<GoodsAttribute>();
  for (const category of product.categoryPath) {
    const attribute = SANDBOX_CATEGORY_ATTRIBUTES.get(category.id);
    if (attribute) found.add(attribute);
  }
  return [...found];
}

const skuMatches = (product: Product, skuId: string) => product.skus.length === 0 || product.skus.some((sku) => sku.skuId === skuId || sku.mpSkuId === skuId);

export class GoodsMeasure {
  readonly #catalogs: Catalogs;
  readonly #defaults: GoodsDefaults;

  constructor(catalogs: Catalogs, defaults: GoodsDefaults) {
    this.#catalogs = catalogs;
    this.#defaults = defaults;
  }

  /** The catalogue's product for the pair: Taobao ids first, then 1688 (their id spaces do not meet). */
  async #product(sandbox: boolean, itemId: string, skuId: string): Promise<Product | undefined> {
    const catalog = this.#catalogs.of(sandbox);
    for (const platform of ["taobao", "alibaba"] as const) {
      const product = await catalog.lookup(platform, itemId, "en");
      if (product) return skuMatches(product, skuId) ? product : undefined;
    }
    return undefined;
  }

  /** `quantity` units of (itemId, skuId) as one parcel. */
  async goods(sandbox: boolean, itemId: string, skuId: string, quantity: number): Promise<Goods> {
    const product = await this.#product(sandbox, itemId, skuId);
    // The catalogue's kilograms to whole grams, at least one.
    const unitWeightG = product ? Math.max(1, Math.round(product.weightKg * 1000)) : this.#defaults.unitWeightG;
    const [lengthMm, widthMm, heightMm] = this.#defaults.unitSizeMm;
    return {
      weightG: unitWeightG * quantity,
      ...packedSize({ lengthMm, widthMm, heightMm }, quantity),
      attributes: product && sandbox ? sandboxAttributes(product) : [],
    };
  }
}
