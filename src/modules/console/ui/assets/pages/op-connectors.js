// Connectors: each real connector's configuration, authorization, health, polls and pushes; poll
// now (admin) and the push log.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, facts, h, section, table, time } from "../ui.js";
import { isAdmin } from "./op-common.js";

register({
  en: {
    "conn.nav": "Connectors",
    "conn.title": "Connectors",
    "conn.none": "No connector configured: live developers are answered 50201 until one is.",
    "conn.configured": "Configured",
    "conn.notConfigured": "not configured",
    "conn.authorized": "Authorized",
    "conn.notAuthorized": "not authorized",
    "conn.problem": "Problem",
    "conn.baseUrl": "Gateway",
    "conn.appKey": "App key",
    "conn.poll": "Polling",
    "conn.pollEvery": "every {sec} s; last {at}",
    "conn.pollError": "Last poll error",
    "conn.pushes": "Pushes",
    "conn.pushCounts": "{accepted} accepted, {refused} refused; last {at}",
    "conn.lastRefusal": "Last refusal",
    "conn.health": "Health",
    "conn.healthLine": "{calls} calls, {errors} errors ({rate} %), circuit {circuit}",
    "conn.lastSuccess": "Last success",
    "conn.lastError": "Last error",
    "conn.pollNow": "Poll now",
    "conn.polled": "Polled; last poll {at}.",
    "conn.showPushes": "Show the push log",
    "conn.pushCaption": "Pushes received from the upstream",
    "conn.at": "At",
    "conn.accepted": "Accepted",
    "conn.yes": "accepted",
    "conn.no": "refused",
    "conn.note": "Note",
    "conn.orders": "Orders",
  },
  zh: {
    "conn.nav": "连接器",
    "conn.title": "连接器",
    "conn.none": "未配置任何连接器：在配置之前，正式开发者的调用返回 50201。",
    "conn.configured": "已配置",
    "conn.notConfigured": "未配置",
    "conn.authorized": "已授权",
    "conn.notAuthorized": "未授权",
    "conn.problem": "问题",
    "conn.baseUrl": "网关",
    "conn.appKey": "App Key",
    "conn.poll": "轮询",
    "conn.pollEvery": "每 {sec} 秒；上次 {at}",
    "conn.pollError": "上次轮询错误",
    "conn.pushes": "推送",
    "conn.pushCounts": "接受 {accepted}，拒绝 {refused}；最近 {at}",
    "conn.lastRefusal": "最近一次拒绝",
    "conn.health": "健康状况",
    "conn.healthLine": "调用 {calls} 次，错误 {errors} 次（{rate} %），熔断 {circuit}",
    "conn.lastSuccess": "最近成功",
    "conn.lastError": "最近错误",
    "conn.pollNow": "立即轮询",
    "conn.polled": "已轮询；上次轮询 {at}。",
    "conn.showPushes": "显示推送日志",
    "conn.pushCaption": "收到的上游推送",
    "conn.at": "时间",
    "conn.accepted": "结果",
    "conn.yes": "接受",
    "conn.no": "拒绝",
    "conn.note": "说明",
    "conn.orders": "订单数",
  },
  th: {
    "conn.nav": "ตัวเชื่อมต่อ",
    "conn.title": "ตัวเชื่อมต่อ",
    "conn.none": "ยังไม่ได้ตั้งค่าตัวเชื่อมต่อ: นักพัฒนาแบบใช้งานจริงจะได้รับ 50201 จนกว่าจะตั้งค่า",
    "conn.configured": "ตั้งค่าแล้ว",
    "conn.notConfigured": "ยังไม่ได้ตั้งค่า",
    "conn.authorized": "ได้รับอนุญาต",
    "conn.notAuthorized": "ยังไม่ได้รับอนุญาต",
    "conn.problem": "ปัญหา",
    "conn.baseUrl": "เกตเวย์",
    "conn.appKey": "App key",
    "conn.poll": "การดึงข้อมูล (polling)",
    "conn.pollEvery": "ทุก {sec} วินาที; ล่าสุด {at}",
    "conn.pollError": "ข้อผิดพลาดจากการดึงข้อมูลครั้งล่าสุด",
    "conn.pushes": "ข้อมูลที่ถูกส่งเข้ามา (push)",
    "conn.pushCounts": "รับ {accepted} ปฏิเสธ {refused}; ล่าสุด {at}",
    "conn.lastRefusal": "การปฏิเสธครั้งล่าสุด",
    "conn.health": "สถานะการทำงาน",
    "conn.healthLine": "เรียก {calls} ครั้ง ผิดพลาด {errors} ครั้ง ({rate} %), circuit {circuit}",
    "conn.lastSuccess": "สำเร็จครั้งล่าสุด",
    "conn.lastError": "ข้อผิดพลาดล่าสุด",
    "conn.pollNow": "ดึงข้อมูลทันที",
    "conn.polled": "ดึงข้อมูลแล้ว; ครั้งล่าสุด {at}",
    "conn.showPushes": "แสดงบันทึก push",
    "conn.pushCaption": "push ที่ได้รับจากต้นทาง",
    "conn.at": "เวลา",
    "conn.accepted": "รับแล้ว",
    "conn.yes": "รับ",
    "conn.no": "ปฏิเสธ",
    "conn.note": "หมายเหตุ",
    "conn.orders": "คำสั่งซื้อ",
  },
});

function connector(c, ctx) {
  const log = h("div", {});
  const health = c.health;
  return h(
    "section",
    { class: "card" },
    h("h2", {}, `${c.name} · ${c.platform}`),
    h("p", {}, badge(c.configured ? t("conn.configured") : t("conn.notConfigured"), c.configured ? "ok" : "warn"), " ", badge(c.authorized ? t("conn.authorized") : t("conn.notAuthorized"), c.authorized ? "ok" : "warn")),
    facts([
      [t("conn.problem"), c.problem ?? "—"],
      [t("conn.appKey"), c.appKey ?? "—"],
      [t("conn.baseUrl"), c.baseUrl ?? "—"],
      [t("conn.poll"), t("conn.pollEvery", { sec: c.pollEverySec, at: time(c.lastPollAt) })],
      [t("conn.pollError"), c.lastPollError ?? "—"],
      [t("conn.pushes"), t("conn.pushCounts", { accepted: c.pushes.accepted, refused: c.pushes.refused, at: time(c.pushes.lastAt) })],
      [t("conn.lastRefusal"), c.pushes.lastRefusal ?? "—"],
      [t("conn.health"), health ? t("conn.healthLine", { calls: health.calls, errors: health.errors, rate: (health.errorRate * 100).toFixed(1), circuit: health.circuit }) : "—"],
      [t("conn.lastSuccess"), health ? time(health.lastSuccessAt) : "—"],
      [t("conn.lastError"), health?.lastError ?? "—"],
    ]),
    h(
      "div",
      { class: "actions" },
      isAdmin(ctx.session) && c.configured
        ? action(t("conn.pollNow"), async () => {
            const after = await api("POST", `/admin/connectors/${encodeURIComponent(c.name)}/poll`);
            return t("conn.polled", { at: time(after.lastPollAt) });
          })
        : null,
      action(t("conn.showPushes"), async () => {
        const pushes = await api("GET", `/admin/connectors/${encodeURIComponent(c.name)}/pushes`);
        log.replaceChildren(
          table(t("conn.pushCaption"), [
            [t("conn.at"), (p) => time(p.at)],
            [t("conn.accepted"), (p) => badge(p.accepted ? t("conn.yes") : t("conn.no"), p.accepted ? "ok" : "bad")],
            [t("conn.orders"), (p) => p.orders],
            [t("conn.note"), (p) => p.note],
          ], pushes),
        );
      }),
    ),
    log,
  );
}

async function render(ctx) {
  const all = await api("GET", "/admin/connectors");
  const parts = [h("h1", {}, t("conn.title"))];
  if (!all.some((c) => c.configured)) parts.push(h("p", { class: "op-note", role: "note" }, t("conn.none")));
  parts.push(all.map((c) => connector(c, ctx)));
  return h("div", {}, parts);
}

export default [{ path: "/op/connectors", kind: "operator", nav: "conn.nav", roles: ["support"], render }];
