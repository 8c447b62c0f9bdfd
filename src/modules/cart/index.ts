// The cart module's public face (Taobao cart, taobao.md §3). The orders module builds
// create-from-cart (§3.2) on CartService.linesForOrder and CartService.removeOrdered.
export { CartService, checkBodyUser, type AddInput, type CartItemView, type Preview, type PreviewItem, type ShopGroup } from "./service.ts";
export { registerCartRoutes } from "./routes.ts";
export { checkedAddress, OrderAddress, receiverOf, ReceiverVO, type OrderAddressInput } from "./address.ts";
export { MAX_IDS, MAX_QUANTITY, MAX_ROWS_PER_USER, propsMap, type CartLine, type DisabledReason, type Owner } from "./model.ts";
