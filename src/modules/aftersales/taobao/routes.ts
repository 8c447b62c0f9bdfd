// HTTP surface of Taobao after-sales (taobao.md §4.1–§4.10): schema in, use case, envelope out.
import type { App } from "../../../platform/http/server.ts";
import type { TaobaoAftersales } from "./aftersales.ts";

export function registerTaobaoRefundRoutes(_app: App, _aftersales: TaobaoAftersales): void {}
