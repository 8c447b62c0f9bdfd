// The request log: the developer's recent calls, newest first, with the exact reason of each refusal.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, field, form, h, pagedList, table, time } from "../ui.js";

register({
  en: {
    "requests.nav": "Request log",
    "requests.title": "Request log",
    "requests.refusedOnly": "Refused only",
    "requests.all": "All calls",
    "requests.show": "Show",
    "requests.code": "Code",
    "requests.codeHelp": "Only calls that ended with this code (optional)",
    "requests.filter": "Filter",
    "requests.filterLabel": "Filter the request log",
    "requests.caption": "Calls, newest first",
    "requests.time": "Time",
    "requests.method": "Method",
    "requests.path": "Path",
    "requests.latency": "Latency",
    "requests.ms": "{ms} ms",
    "requests.user": "User",
    "requests.reason": "Reason",
    "requests.requestId": "Request id",
    "requests.none": "No calls recorded.",
  },
  zh: {
    "requests.nav": "请求日志",
    "requests.title": "请求日志",
    "requests.refusedOnly": "仅被拒绝的请求",
    "requests.all": "全部请求",
    "requests.show": "显示",
    "requests.code": "代码",
    "requests.codeHelp": "只看以该代码结束的请求（可选）",
    "requests.filter": "筛选",
    "requests.filterLabel": "筛选请求日志",
    "requests.caption": "请求，最新在前",
    "requests.time": "时间",
    "requests.method": "方法",
    "requests.path": "路径",
    "requests.latency": "耗时",
    "requests.ms": "{ms} 毫秒",
    "requests.user": "用户",
    "requests.reason": "原因",
    "requests.requestId": "请求 ID",
    "requests.none": "暂无请求记录。",
  },
  th: {
    "requests.nav": "บันทึกคำขอ",
    "requests.title": "บันทึกคำขอ",
    "requests.refusedOnly": "เฉพาะที่ถูกปฏิเสธ",
    "requests.all": "การเรียกทั้งหมด",
    "requests.show": "แสดง",
    "requests.code": "รหัส",
    "requests.codeHelp": "เฉพาะการเรียกที่จบด้วยรหัสนี้ (ไม่บังคับ)",
    "requests.filter": "กรอง",
    "requests.filterLabel": "กรองบันทึกคำขอ",
    "requests.caption": "การเรียก เรียงจากใหม่ไปเก่า",
    "requests.time": "เวลา",
    "requests.method": "เมธอด",
    "requests.path": "พาธ",
    "requests.latency": "เวลาตอบสนอง",
    "requests.ms": "{ms} ms",
    "requests.user": "ผู้ใช้",
    "requests.reason": "เหตุผล",
    "requests.requestId": "รหัสคำขอ",
    "requests.none": "ไม่มีการเรียกที่บันทึกไว้",
  },
});

async function render(ctx) {
  const refused = ctx.query.get("refused") === "1";
  const code = ctx.query.get("code") ?? "";
  const filter = form(
    [
      field(t("requests.show"), { type: "select", name: "refused", value: refused ? "1" : "", options: [["", t("requests.all")], ["1", t("requests.refusedOnly")]] }),
      field(t("requests.code"), { name: "code", value: code, inputmode: "numeric", pattern: "\\d{1,5}", help: t("requests.codeHelp") }),
    ],
    {
      inline: true,
      submit: t("requests.filter"),
      label: t("requests.filterLabel"),
      onSubmit: async (values) => {
        const next = new URLSearchParams();
        if (values.refused) next.set("refused", "1");
        if (values.code) next.set("code", values.code.trim());
        ctx.go(`/dev/requests${next.size ? `?${next}` : ""}`);
      },
    },
  );
  const list = pagedList({
    load: async (cursor) => {
      const page = await api("GET", "/developer/requests", { query: { limit: 50, cursor, failed: refused ? true : undefined, code: code || undefined } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("requests.caption"), [
        [t("requests.time"), (r) => time(r.at)],
        [t("requests.method"), (r) => r.method],
        [t("requests.path"), (r) => h("code", {}, r.path)],
        [t("requests.code"), (r) => badge(r.code, r.code === 200 ? "ok" : "bad")],
        [t("requests.latency"), (r) => t("requests.ms", { ms: Math.round(r.latencyMs * 10) / 10 })],
        [t("requests.user"), (r) => r.userId ?? "—"],
        [t("requests.reason"), (r) => (r.msg ? h("span", { class: "dev-reason" }, r.msg) : "—")],
        [t("requests.requestId"), (r) => h("code", { class: "dev-id" }, r.requestId)],
      ], items, { empty: t("requests.none") }),
  });
  const refresh = h("button", { type: "button", onclick: () => list.reload() }, t("common.refresh"));
  return h("div", { class: "dev-requests" }, h("h1", {}, t("requests.title")), h("div", { class: "toolbar" }, filter, refresh), list.el);
}

export default { path: "/dev/requests", kind: "developer", nav: "requests.nav", render };
