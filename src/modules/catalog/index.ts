// The catalog module's public face.
export { CatalogService, type Catalogs } from "./service.ts";
export { createImageFetcher } from "./image-source.ts";
export { registerSandboxImageRoute, registerTaobaoGoodsRoutes } from "./routes.ts";
export { registerAlibabaGoodsRoutes } from "./alibaba-routes.ts";
