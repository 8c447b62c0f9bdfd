// The cart module's public face (Taobao cart, taobao.md §3). The orders module builds
// create-from-cart (§3.2) on CartService.linesForOrder and CartService.removeOrdered.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerCartRoutes } from "./routes.ts";
import type { CartService } from "./service.ts";
export { CartService, checkBodyUser, type AddInput, type CartItemView, type Preview, type PreviewItem, type ShopGroup } from "./service.ts";
export { checkedAddress, OrderAddress, receiverOf, ReceiverVO, type OrderAddressInput } from "./address.ts";
export { MAX_IDS, MAX_QUANTITY, MAX_ROWS_PER_USER, propsMap, type CartLine, type DisabledReason, type Owner } from "./model.ts";

/** The cart module's routes (signed). */
export function cartModule(deps: { cart: CartService }): ModulePlugins {
  return { signed: async (app) => registerCartRoutes(app, deps.cart) };
}
