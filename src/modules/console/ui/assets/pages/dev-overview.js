// Developer overview: balance, orders by status on both platforms, the callback failure rate over
// the recent delivery log, the latest refused calls, and whether this is the sandbox.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, describeError, h, money, section, table, time } from "../ui.js";
import { platformName, statusText } from "./dev-common.js";

register({
  en: {
    "overview.nav": "Overview",
    "overview.title": "Overview",
    "overview.balance": "Balance",
    "overview.environment": "Environment",
    "overview.sandbox": "Sandbox",
    "overview.live": "Live",
    "overview.orders": "Orders by status",
    "overview.ordersCaption": "{platform} orders by status",
    "overview.status": "Status",
    "overview.count": "Orders",
    "overview.noOrders": "No {platform} orders yet.",
    "overview.callbacks": "Callback failure rate",
    "overview.failureRate": "{failed} of the last {total} messages failed ({rate}).",
    "overview.noMessages": "No callback messages yet.",
    "overview.errors": "Recent refused calls",
    "overview.errorsCaption": "The latest refused calls",
    "overview.time": "Time",
    "overview.call": "Call",
    "overview.code": "Code",
    "overview.reason": "Reason",
    "overview.noErrors": "No refused calls.",
    "overview.allRequests": "Open the request log",
  },
  zh: {
    "overview.nav": "概览",
    "overview.title": "概览",
    "overview.balance": "余额",
    "overview.environment": "环境",
    "overview.sandbox": "沙箱",
    "overview.live": "正式",
    "overview.orders": "各状态订单数",
    "overview.ordersCaption": "{platform}订单各状态数量",
    "overview.status": "状态",
    "overview.count": "订单数",
    "overview.noOrders": "暂无{platform}订单。",
    "overview.callbacks": "回调失败率",
    "overview.failureRate": "最近 {total} 条消息中有 {failed} 条失败（{rate}）。",
    "overview.noMessages": "暂无回调消息。",
    "overview.errors": "最近被拒绝的请求",
    "overview.errorsCaption": "最近被拒绝的请求",
    "overview.time": "时间",
    "overview.call": "请求",
    "overview.code": "代码",
    "overview.reason": "原因",
    "overview.noErrors": "没有被拒绝的请求。",
    "overview.allRequests": "打开请求日志",
  },
  th: {
    "overview.nav": "ภาพรวม",
    "overview.title": "ภาพรวม",
    "overview.balance": "ยอดคงเหลือ",
    "overview.environment": "สภาพแวดล้อม",
    "overview.sandbox": "แซนด์บ็อกซ์",
    "overview.live": "ใช้งานจริง",
    "overview.orders": "คำสั่งซื้อตามสถานะ",
    "overview.ordersCaption": "คำสั่งซื้อ {platform} ตามสถานะ",
    "overview.status": "สถานะ",
    "overview.count": "คำสั่งซื้อ",
    "overview.noOrders": "ยังไม่มีคำสั่งซื้อ {platform}",
    "overview.callbacks": "อัตราความล้มเหลวของคอลแบ็ก",
    "overview.failureRate": "ล้มเหลว {failed} จาก {total} ข้อความล่าสุด ({rate})",
    "overview.noMessages": "ยังไม่มีข้อความคอลแบ็ก",
    "overview.errors": "การเรียกที่ถูกปฏิเสธล่าสุด",
    "overview.errorsCaption": "การเรียกที่ถูกปฏิเสธครั้งล่าสุด",
    "overview.time": "เวลา",
    "overview.call": "การเรียก",
    "overview.code": "รหัส",
    "overview.reason": "เหตุผล",
    "overview.noErrors": "ไม่มีการเรียกที่ถูกปฏิเสธ",
    "overview.allRequests": "เปิดบันทึกคำขอ",
  },
});

/** Runs a loader, answering its result or an in-place error paragraph. */
async function attempt(load, draw) {
  try {
    return draw(await load());
  } catch (err) {
    return h("p", { class: "form-status error", role: "alert" }, describeError(err));
  }
}

async function render(ctx) {
  const sandbox = ctx.session.developer.sandbox;
  const [balance, counts, callbacks, errors] = await Promise.all([
    attempt(
      () => api("GET", "/developer/wallet", { query: { limit: 1 } }),
      (w) => h("span", { class: "value", "data-testid": "balance" }, money(w.balanceFen)),
    ),
    attempt(
      () => api("GET", "/developer/orders/counts"),
      (c) =>
        h(
          "div",
          { class: "grid two" },
          ["taobao", "alibaba"].map((platform) => {
            const rows = Object.entries(c[platform] ?? {});
            return h(
              "div",
              {},
              h("h3", {}, platformName(platform)),
              table(t("overview.ordersCaption", { platform: platformName(platform) }), [
                [t("overview.status"), ([status]) => h("a", { href: `#/dev/orders?platform=${platform}&status=${encodeURIComponent(status)}` }, statusText(platform, status))],
                [t("overview.count"), ([, n]) => String(n)],
              ], rows, { empty: t("overview.noOrders", { platform: platformName(platform) }) }),
            );
          }),
        ),
    ),
    attempt(
      () => api("GET", "/developer/callback/messages", { query: { limit: 100 } }),
      (page) => {
        const total = page.items.length;
        if (total === 0) return h("p", { class: "empty" }, t("overview.noMessages"));
        const failed = page.items.filter((m) => m.status === "FAILED").length;
        const rate = `${((failed / total) * 100).toFixed(1)}%`;
        return h("p", { "data-testid": "failure-rate" }, t("overview.failureRate", { failed, total, rate }));
      },
    ),
    attempt(
      () => api("GET", "/developer/requests", { query: { failed: true, limit: 5 } }),
      (page) =>
        table(t("overview.errorsCaption"), [
          [t("overview.time"), (r) => time(r.at)],
          [t("overview.call"), (r) => `${r.method} ${r.path}`],
          [t("overview.code"), (r) => badge(r.code, "bad")],
          [t("overview.reason"), (r) => r.msg ?? ""],
        ], page.items, { empty: t("overview.noErrors") }),
    ),
  ]);
  return h(
    "div",
    { class: "dev-overview" },
    h("h1", {}, t("overview.title")),
    h(
      "div",
      { class: "grid stats" },
      h("div", { class: "stat" }, h("span", { class: "label" }, t("overview.balance")), balance),
      h("div", { class: "stat" }, h("span", { class: "label" }, t("overview.environment")), h("span", { class: "value" }, badge(sandbox ? t("overview.sandbox") : t("overview.live"), sandbox ? "warn" : "ok"))),
    ),
    section(t("overview.orders"), counts),
    section(t("overview.callbacks"), callbacks, h("p", {}, h("a", { href: "#/dev/callbacks" }, t("callbacks.nav")))),
    section(t("overview.errors"), errors, h("p", {}, h("a", { href: "#/dev/requests" }, t("overview.allRequests")))),
  );
}

export default { path: "/dev/overview", kind: "developer", nav: "overview.nav", render };
