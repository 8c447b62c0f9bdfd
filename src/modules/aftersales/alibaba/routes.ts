// HTTP surface of 1688 after-sales (alibaba-1688.md §4.1, §4.2, §4.4–§4.6): schema in, use case, envelope out.
import type { App } from "../../../platform/http/server.ts";
import type { AlibabaAftersales } from "./aftersales.ts";

export function registerAlibabaRefundRoutes(_app: App, _aftersales: AlibabaAftersales): void {}
