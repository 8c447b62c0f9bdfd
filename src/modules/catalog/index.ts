// The catalog module's public face.
import type { GoodsPort } from "../../marketplace/port.ts";
import type { ModulePlugins } from "../../platform/http/server.ts";
import { registerAlibabaGoodsRoutes } from "./alibaba-routes.ts";
import { registerSandboxImageRoute, registerTaobaoGoodsRoutes } from "./routes.ts";
import type { Catalogs } from "./service.ts";
export { CatalogService, type Catalogs } from "./service.ts";
export { createImageFetcher } from "./image-source.ts";

/** The catalog module's routes: Taobao and 1688 goods (signed), the sandbox's item images (public). */
export function catalogModule(deps: { catalogs: Catalogs; goods: GoodsPort; publicUrl: string }): ModulePlugins {
  return {
    signed: async (app) => {
      registerTaobaoGoodsRoutes(app, deps.catalogs);
      registerAlibabaGoodsRoutes(app, deps.catalogs, deps.publicUrl);
    },
    public: async (app) => registerSandboxImageRoute(app, deps.goods),
  };
}
