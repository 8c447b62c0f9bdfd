// The cart module's public face: the Taobao cart (taobao.md §3) and the 1688 cart (alibaba-1688.md
// §2). The orders module builds create-from-cart on CartService.linesForOrder / removeOrdered
// (Taobao §3.2) and AlibabaCartService.cargoForOrder / removeOrdered (1688 §2.6); the 1688 order
// previews and creations (§3.2, §3.3, §3.6, §3.7) price with previewAlibaba.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerAlibabaCartRoutes } from "./alibaba-routes.ts";
import type { AlibabaCartService } from "./alibaba-service.ts";
import { registerCartRoutes } from "./routes.ts";
import type { CartService } from "./service.ts";
export { CartService, checkBodyUser, type AddInput, type CartItemView, type Preview, type PreviewItem, type ShopGroup } from "./service.ts";
export { checkedAddress, OrderAddress, receiverOf, ReceiverVO, type OrderAddressInput } from "./address.ts";
export { MAX_IDS, MAX_QUANTITY, MAX_ROWS_PER_USER, propsMap, type CartLine, type DisabledReason, type Owner } from "./model.ts";
export {
  AlibabaCartService,
  type AlibabaAddInput,
  type AlibabaCartCargo,
  type AlibabaCartDeps,
  type AlibabaCartItemView,
  type AlibabaShopGroup,
} from "./alibaba-service.ts";
export { AlibabaAddressParam, checkedAlibabaAddress, type AlibabaAddress, type AlibabaAddressInput } from "./alibaba-address.ts";
export { AlibabaCargoParam, AlibabaCartList, AlibabaPreviewResult, AlibabaQuantity, cargoMembers, checkedCargo, type AlibabaCargoInput } from "./alibaba-schemas.ts";
export {
  ALIBABA_TRADE_MODES,
  alibabaUnitPrice,
  CargoCode,
  disabledReason,
  PREVIEW_FLOW,
  previewAlibaba,
  propertiesText,
  resolveSpec,
  type AlibabaCargo,
  type AlibabaPreviewData,
  type CargoFailure,
  type PreviewCargoVO,
  type PreviewResultVO,
  type PricedCargo,
  type SellerPreview,
} from "./alibaba-policy.ts";

/** The cart module's routes (signed): the Taobao cart and the 1688 cart. */
export function cartModule(deps: { cart: CartService; alibabaCart: AlibabaCartService }): ModulePlugins {
  return {
    signed: async (app) => {
      registerCartRoutes(app, deps.cart);
      registerAlibabaCartRoutes(app, deps.alibabaCart);
    },
  };
}
