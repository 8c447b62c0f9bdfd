// What the 1688 connector tests share: the fake app's keys, a buyer, a receiving address, and the
// dress the fake sells (two colours; tests adjust stock, minimum or SKUs to what they exercise).
import type { PurchaseOwner, PurchaseReceiver } from "../../src/marketplace/port.ts";
import type { FakeProduct, FakeSku } from "./aop-fake.ts";

export const APP_KEY = "1234567";
export const SECRET = "fake-app-secret";
export const TOKEN = "buyer-token";
export const OWNER: PurchaseOwner = { developerId: "1", userId: "u1" };
export const RECEIVER: PurchaseReceiver = { name: "张三", phone: "13800000000", country: "CN", state: "浙江省", city: "杭州市", district: "余杭区", address: "文一西路 969 号 仓库 A", zip: "311121" };

export const RED: FakeSku = { skuId: "4397455896451", specId: "b266d8ee2fd4d3f1e1ab6c7c5a1b2c3d", priceFen: 1250, stock: 1000, attributes: [{ attributeID: 3216, attributeName: "颜色", attributeValue: "红色" }] };
export const BLUE: FakeSku = { skuId: "4397455896452", specId: "c377e9ff3fe5e4f2f2bc7d8d6b2c3d4e", priceFen: 1399, stock: 1000, attributes: [{ attributeID: 3216, attributeName: "颜色", attributeValue: "蓝色" }] };

/** The fake's dress (a fresh object each time: the fake keeps and changes what it is given). */
export function dress(overrides: Partial<FakeProduct> = {}): FakeProduct {
  return {
    productID: "610947572360",
    subject: "连衣裙 夏季",
    sellerLoginId: "seller-a",
    images: [],
    minOrderQuantity: 1,
    unit: "件",
    unitWeightKg: 0.3,
    categoryID: 1038378,
    skus: [{ ...RED }, { ...BLUE }],
    ...overrides,
  };
}
