// The after-sales module's public face: Taobao reverse orders and 1688 refunds, their pictures, and
// the catalogues operators extend.
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerAftersalesAdminRoutes } from "./admin-routes.ts";
import { registerPictureRoute, registerVoucherUploadRoute } from "./images/routes.ts";
import type { ImageStore } from "./images/store.ts";
import { registerAlibabaRefundRoutes } from "./alibaba/routes.ts";
import type { AlibabaAftersales } from "./alibaba/aftersales.ts";
import { registerTaobaoRefundRoutes } from "./taobao/routes.ts";
import type { TaobaoAftersales } from "./taobao/aftersales.ts";
export { TaobaoAftersales } from "./taobao/aftersales.ts";
export { AlibabaAftersales } from "./alibaba/aftersales.ts";
export type { AftersalesDeps } from "./shared/deps.ts";
export type { Pictures } from "./shared/pictures.ts";
export { catalogue, type RefundReason, type ReturnCarrier } from "./shared/catalogue.ts";

export function aftersalesModule(deps: { taobao: TaobaoAftersales; alibaba: AlibabaAftersales; pictures: ImageStore }): ModulePlugins {
  return {
    signed: async (app) => {
      registerTaobaoRefundRoutes(app, deps.taobao);
      registerAlibabaRefundRoutes(app, deps.alibaba);
      registerVoucherUploadRoute(app, deps.pictures);
    },
    public: async (app) => registerPictureRoute(app, deps.pictures),
    operator: async (app) => registerAftersalesAdminRoutes(app, deps.taobao.deps.db),
  };
}
