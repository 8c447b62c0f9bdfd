// Callbacks: the URL and signing secret, set/verify/remove, extensions, test messages, and the
// delivery log with every attempt of a message, resend one and resend all failed.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, describeError, facts, field, form, h, json, pagedList, section, table, time } from "../ui.js";

register({
  en: {
    "callbacks.nav": "Callbacks",
    "callbacks.title": "Callbacks",
    "callbacks.endpoint": "Endpoint",
    "callbacks.url": "Callback URL",
    "callbacks.none": "none — messages are logged as NO_ENDPOINT",
    "callbacks.verifiedAt": "Verified",
    "callbacks.allowsPrivate": "Plain http and private addresses",
    "callbacks.allowed": "allowed",
    "callbacks.notAllowed": "not allowed",
    "callbacks.secret": "Signing secret",
    "callbacks.hidden": "hidden",
    "callbacks.reveal": "Reveal",
    "callbacks.hide": "Hide",
    "callbacks.setUrl": "Set the URL",
    "callbacks.setHelp": "The platform sends a verify message first and saves the URL only after HTTP 200.",
    "callbacks.save": "Verify and save",
    "callbacks.saved": "Saved: {url} answered HTTP {status} in {ms} ms.",
    "callbacks.verify": "Verify without saving",
    "callbacks.verifyOk": "{url} answered HTTP {status} in {ms} ms.",
    "callbacks.verifyBad": "{url} failed: {kind} {error}",
    "callbacks.remove": "Remove the URL",
    "callbacks.removeConfirm": "Remove the callback URL? Messages will be logged as NO_ENDPOINT.",
    "callbacks.removed": "Removed.",
    "callbacks.extensions": "Extensions",
    "callbacks.warehouse": "Warehouse callbacks (beyond PandaPon's families)",
    "callbacks.extSaved": "Saved: warehouse callbacks {state}.",
    "callbacks.on": "on",
    "callbacks.off": "off",
    "callbacks.test": "Send a test",
    "callbacks.messageType": "Message type",
    "callbacks.count": "How many",
    "callbacks.send": "Send",
    "callbacks.sent": "{count} test message(s) queued.",
    "callbacks.log": "Delivery log",
    "callbacks.status": "Status",
    "callbacks.anyStatus": "Any status",
    "callbacks.filter": "Filter",
    "callbacks.filterLabel": "Filter the delivery log",
    "callbacks.refreshLog": "Refresh the log",
    "callbacks.caption": "Callback messages, newest first",
    "callbacks.created": "Created",
    "callbacks.type": "Type",
    "callbacks.message": "Message",
    "callbacks.attempts": "Attempts",
    "callbacks.attemptsOf": "{count} attempt(s) — show",
    "callbacks.attempt": "round {round}, attempt {attempt}: {time} · HTTP {status} · {kind} · {ms} ms",
    "callbacks.delivered": "delivered",
    "callbacks.last": "Last result",
    "callbacks.body": "Show the body",
    "callbacks.actions": "Actions",
    "callbacks.resend": "Resend",
    "callbacks.resent": "Resent {id}: now {status}.",
    "callbacks.noMessages": "No messages.",
    "callbacks.resendAll": "Resend all failed",
    "callbacks.since": "Failed messages created since",
    "callbacks.sinceHelp": "epoch ms, an ISO date, or a duration ago (\"24h\", \"7d\")",
    "callbacks.resentAll": "{count} message(s) sent again.",
  },
  zh: {
    "callbacks.nav": "回调",
    "callbacks.title": "回调",
    "callbacks.endpoint": "回调地址",
    "callbacks.url": "回调 URL",
    "callbacks.none": "未设置 — 消息记为 NO_ENDPOINT",
    "callbacks.verifiedAt": "验证时间",
    "callbacks.allowsPrivate": "明文 http 与内网地址",
    "callbacks.allowed": "允许",
    "callbacks.notAllowed": "不允许",
    "callbacks.secret": "签名密钥",
    "callbacks.hidden": "已隐藏",
    "callbacks.reveal": "显示",
    "callbacks.hide": "隐藏",
    "callbacks.setUrl": "设置 URL",
    "callbacks.setHelp": "平台先发送一条验证消息，收到 HTTP 200 后才保存该 URL。",
    "callbacks.save": "验证并保存",
    "callbacks.saved": "已保存：{url} 在 {ms} 毫秒内返回 HTTP {status}。",
    "callbacks.verify": "仅验证，不保存",
    "callbacks.verifyOk": "{url} 在 {ms} 毫秒内返回 HTTP {status}。",
    "callbacks.verifyBad": "{url} 失败：{kind} {error}",
    "callbacks.remove": "删除 URL",
    "callbacks.removeConfirm": "删除回调 URL？之后的消息将记为 NO_ENDPOINT。",
    "callbacks.removed": "已删除。",
    "callbacks.extensions": "扩展回调",
    "callbacks.warehouse": "仓库回调（PandaPon 之外的回调类型）",
    "callbacks.extSaved": "已保存：仓库回调{state}。",
    "callbacks.on": "开启",
    "callbacks.off": "关闭",
    "callbacks.test": "发送测试消息",
    "callbacks.messageType": "消息类型",
    "callbacks.count": "数量",
    "callbacks.send": "发送",
    "callbacks.sent": "已排队 {count} 条测试消息。",
    "callbacks.log": "投递日志",
    "callbacks.status": "状态",
    "callbacks.anyStatus": "全部状态",
    "callbacks.filter": "筛选",
    "callbacks.filterLabel": "筛选投递日志",
    "callbacks.refreshLog": "刷新日志",
    "callbacks.caption": "回调消息，最新在前",
    "callbacks.created": "创建时间",
    "callbacks.type": "类型",
    "callbacks.message": "消息",
    "callbacks.attempts": "投递尝试",
    "callbacks.attemptsOf": "{count} 次尝试 — 展开",
    "callbacks.attempt": "第 {round} 轮第 {attempt} 次：{time} · HTTP {status} · {kind} · {ms} 毫秒",
    "callbacks.delivered": "已送达",
    "callbacks.last": "最近结果",
    "callbacks.body": "查看消息体",
    "callbacks.actions": "操作",
    "callbacks.resend": "重新发送",
    "callbacks.resent": "已重新发送 {id}：当前 {status}。",
    "callbacks.noMessages": "暂无消息。",
    "callbacks.resendAll": "重新发送全部失败消息",
    "callbacks.since": "重发此时间之后创建的失败消息",
    "callbacks.sinceHelp": "毫秒时间戳、ISO 日期，或多久之前（\"24h\"、\"7d\"）",
    "callbacks.resentAll": "已重新发送 {count} 条消息。",
  },
  th: {
    "callbacks.nav": "คอลแบ็ก",
    "callbacks.title": "คอลแบ็ก",
    "callbacks.endpoint": "ปลายทาง",
    "callbacks.url": "URL คอลแบ็ก",
    "callbacks.none": "ไม่มี — ข้อความจะถูกบันทึกเป็น NO_ENDPOINT",
    "callbacks.verifiedAt": "ยืนยันเมื่อ",
    "callbacks.allowsPrivate": "http ธรรมดาและที่อยู่ส่วนตัว",
    "callbacks.allowed": "อนุญาต",
    "callbacks.notAllowed": "ไม่อนุญาต",
    "callbacks.secret": "secret สำหรับลงนาม",
    "callbacks.hidden": "ซ่อนอยู่",
    "callbacks.reveal": "แสดง",
    "callbacks.hide": "ซ่อน",
    "callbacks.setUrl": "ตั้งค่า URL",
    "callbacks.setHelp": "แพลตฟอร์มจะส่งข้อความยืนยันก่อน และบันทึก URL เมื่อได้รับ HTTP 200 เท่านั้น",
    "callbacks.save": "ยืนยันและบันทึก",
    "callbacks.saved": "บันทึกแล้ว: {url} ตอบกลับ HTTP {status} ใน {ms} ms",
    "callbacks.verify": "ยืนยันโดยไม่บันทึก",
    "callbacks.verifyOk": "{url} ตอบกลับ HTTP {status} ใน {ms} ms",
    "callbacks.verifyBad": "{url} ล้มเหลว: {kind} {error}",
    "callbacks.remove": "ลบ URL",
    "callbacks.removeConfirm": "ลบ URL คอลแบ็กหรือไม่? ข้อความจะถูกบันทึกเป็น NO_ENDPOINT",
    "callbacks.removed": "ลบแล้ว",
    "callbacks.extensions": "ส่วนขยาย",
    "callbacks.warehouse": "คอลแบ็กคลังสินค้า (นอกเหนือจากกลุ่มของ PandaPon)",
    "callbacks.extSaved": "บันทึกแล้ว: คอลแบ็กคลังสินค้า{state}",
    "callbacks.on": "เปิด",
    "callbacks.off": "ปิด",
    "callbacks.test": "ส่งข้อความทดสอบ",
    "callbacks.messageType": "ประเภทข้อความ",
    "callbacks.count": "จำนวน",
    "callbacks.send": "ส่ง",
    "callbacks.sent": "ข้อความทดสอบ {count} รายการเข้าคิวแล้ว",
    "callbacks.log": "บันทึกการส่ง",
    "callbacks.status": "สถานะ",
    "callbacks.anyStatus": "ทุกสถานะ",
    "callbacks.filter": "กรอง",
    "callbacks.filterLabel": "กรองบันทึกการส่ง",
    "callbacks.refreshLog": "รีเฟรชบันทึก",
    "callbacks.caption": "ข้อความคอลแบ็ก เรียงจากใหม่ไปเก่า",
    "callbacks.created": "สร้างเมื่อ",
    "callbacks.type": "ประเภท",
    "callbacks.message": "ข้อความ",
    "callbacks.attempts": "ความพยายาม",
    "callbacks.attemptsOf": "พยายาม {count} ครั้ง — แสดง",
    "callbacks.attempt": "รอบ {round} ครั้งที่ {attempt}: {time} · HTTP {status} · {kind} · {ms} ms",
    "callbacks.delivered": "ส่งถึงแล้ว",
    "callbacks.last": "ผลล่าสุด",
    "callbacks.body": "แสดงเนื้อหา",
    "callbacks.actions": "การดำเนินการ",
    "callbacks.resend": "ส่งซ้ำ",
    "callbacks.resent": "ส่ง {id} ซ้ำแล้ว: ขณะนี้ {status}",
    "callbacks.noMessages": "ไม่มีข้อความ",
    "callbacks.resendAll": "ส่งข้อความที่ล้มเหลวทั้งหมดซ้ำ",
    "callbacks.since": "ข้อความที่ล้มเหลวซึ่งสร้างตั้งแต่",
    "callbacks.sinceHelp": "epoch ms, วันที่แบบ ISO หรือระยะเวลาย้อนหลัง (\"24h\", \"7d\")",
    "callbacks.resentAll": "ส่งข้อความ {count} รายการซ้ำแล้ว",
  },
});

const STATUSES = ["PENDING", "DELIVERING", "DELIVERED", "RETRY_WAIT", "FAILED", "NO_ENDPOINT"];
const TEST_TYPES = [
  "TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY",
  "TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY",
  "TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND",
  "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY",
  "1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY",
  "1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND",
];
const BUSY = new Set(["PENDING", "DELIVERING"]);

function statusBadge(status) {
  return badge(status, status === "DELIVERED" ? "ok" : status === "FAILED" ? "bad" : status === "NO_ENDPOINT" ? "" : "warn");
}

function verification(v) {
  return v.ok
    ? t("callbacks.verifyOk", { url: v.url, status: v.httpStatus, ms: v.latencyMs })
    : t("callbacks.verifyBad", { url: v.url, kind: v.errorKind ?? "", error: v.error ?? (v.httpStatus ? `HTTP ${v.httpStatus}` : "") });
}

function endpointSection(ctx) {
  const body = h("div", {});
  const draw = (endpoint) => {
    const secret = h("code", { class: "dev-secret" }, t("callbacks.hidden"));
    let shown = false;
    const reveal = h("button", { type: "button" }, t("callbacks.reveal"));
    reveal.addEventListener("click", () => {
      shown = !shown;
      secret.textContent = shown ? endpoint.signingSecret : t("callbacks.hidden");
      reveal.textContent = shown ? t("callbacks.hide") : t("callbacks.reveal");
    });
    const urlField = field(t("callbacks.url"), { name: "url", type: "url", value: endpoint.url ?? "", required: true, help: t("callbacks.setHelp") });
    const verifyButton = action(t("callbacks.verify"), async () => {
      const v = await api("POST", "/developer/callback/verify", { body: urlField.input.value ? { url: urlField.input.value } : {} });
      if (!v.ok) throw new Error(verification(v));
      return verification(v);
    });
    body.replaceChildren(
      facts([
        [t("callbacks.url"), endpoint.url ? h("code", { "data-testid": "callback-url" }, endpoint.url) : t("callbacks.none")],
        [t("callbacks.verifiedAt"), time(endpoint.verifiedAt)],
        [t("callbacks.allowsPrivate"), endpoint.allowsPrivate ? t("callbacks.allowed") : t("callbacks.notAllowed")],
        [t("callbacks.secret"), h("span", {}, secret, " ", reveal)],
      ]),
      h("h3", {}, t("callbacks.setUrl")),
      form([urlField], {
        submit: t("callbacks.save"),
        label: t("callbacks.setUrl"),
        onSubmit: async (values) => {
          const saved = await api("POST", "/developer/callback", { body: { url: values.url.trim() } });
          draw(saved);
          const status = body.querySelector(".dev-saved");
          status.textContent = t("callbacks.saved", { url: saved.url, status: saved.verification.httpStatus, ms: saved.verification.latencyMs });
        },
      }),
      h("p", { class: "form-status ok dev-saved", role: "status" }),
      h(
        "div",
        { class: "actions" },
        verifyButton,
        endpoint.url
          ? action(
              t("callbacks.remove"),
              async () => {
                draw(await api("POST", "/developer/callback/remove"));
                return t("callbacks.removed");
              },
              { kind: "danger", confirmText: t("callbacks.removeConfirm") },
            )
          : null,
      ),
    );
  };
  return {
    el: section(t("callbacks.endpoint"), body),
    async load() {
      draw(await api("GET", "/developer/callback"));
    },
  };
}

async function extensionsSection() {
  const ext = await api("GET", "/developer/callback/extensions");
  const box = field(t("callbacks.warehouse"), { type: "checkbox", name: "warehouse", checked: ext.warehouse });
  box.row.classList.add("dev-check");
  return section(
    t("callbacks.extensions"),
    form([box], {
      inline: true,
      label: t("callbacks.extensions"),
      onSubmit: async () => {
        const saved = await api("PUT", "/developer/callback/extensions", { body: { warehouse: box.input.checked } });
        box.input.checked = saved.warehouse;
        return t("callbacks.extSaved", { state: saved.warehouse ? t("callbacks.on") : t("callbacks.off") });
      },
    }),
  );
}

function testSection(onSent) {
  return section(
    t("callbacks.test"),
    form(
      [
        field(t("callbacks.messageType"), { type: "select", name: "messageType", value: TEST_TYPES[0], options: TEST_TYPES.map((m) => [m, m]) }),
        field(t("callbacks.count"), { type: "number", name: "count", value: "1", min: "1", max: "1000", required: true }),
      ],
      {
        inline: true,
        submit: t("callbacks.send"),
        label: t("callbacks.test"),
        onSubmit: async (values) => {
          const sent = await api("POST", "/developer/callback/test", { body: { messageType: values.messageType, count: Number(values.count) } });
          onSent();
          return t("callbacks.sent", { count: sent.eventIds.length });
        },
      },
    ),
  );
}

function attempts(m) {
  if (m.attemptLog.length === 0) return "0";
  return h(
    "details",
    { class: "dev-attempts" },
    h("summary", {}, t("callbacks.attemptsOf", { count: m.attemptLog.length })),
    h(
      "ol",
      {},
      m.attemptLog.map((a) =>
        h(
          "li",
          { class: a.errorKind ? "dev-attempt bad" : "dev-attempt ok" },
          t("callbacks.attempt", { round: a.round, attempt: a.attempt, time: time(a.at), status: a.httpStatus ?? "—", kind: a.errorKind ?? t("callbacks.delivered"), ms: a.latencyMs }),
          a.error ? ` — ${a.error}` : "",
        ),
      ),
    ),
  );
}

/** Waits (briefly) until a resent message has left PENDING/DELIVERING. */
async function settle(messageId) {
  let m = await api("GET", `/developer/callback/messages/${messageId}`);
  for (let i = 0; i < 20 && BUSY.has(m.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    m = await api("GET", `/developer/callback/messages/${messageId}`);
  }
  return m;
}

function logSection(ctx) {
  const status = ctx.query.get("status") ?? "";
  let list;
  const logStatus = h("p", { class: "form-status ok", role: "status" });
  const filter = form([field(t("callbacks.status"), { type: "select", name: "status", value: status, options: [["", t("callbacks.anyStatus")], ...STATUSES.map((s) => [s, s])] })], {
    inline: true,
    submit: t("callbacks.filter"),
    label: t("callbacks.filterLabel"),
    onSubmit: async (values) => ctx.go(`/dev/callbacks${values.status ? `?status=${values.status}` : ""}`),
  });
  list = pagedList({
    load: async (cursor) => {
      const page = await api("GET", "/developer/callback/messages", { query: { status: status || undefined, cursor, limit: 20 } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("callbacks.caption"), [
        [t("callbacks.created"), (m) => time(m.createdAt)],
        [t("callbacks.type"), (m) => h("code", {}, m.messageType)],
        [t("callbacks.message"), (m) => h("code", { class: "dev-id" }, m.messageId)],
        [t("callbacks.status"), (m) => statusBadge(m.status)],
        [t("callbacks.attempts"), (m) => attempts(m)],
        [t("callbacks.last"), (m) => [m.lastHttpStatus ? `HTTP ${m.lastHttpStatus}` : "", m.lastError ? ` ${m.lastError}` : ""].join("") || "—"],
        [
          t("callbacks.actions"),
          (m) => {
            const bodyBox = h("div", {});
            return h(
              "div",
              { class: "dev-row-actions" },
              action(t("callbacks.resend"), async () => {
                await api("POST", `/developer/callback/messages/${m.messageId}/resend`);
                const after = await settle(m.messageId);
                // The list is drawn again, this row with it: the outcome goes above the list.
                logStatus.textContent = t("callbacks.resent", { id: m.messageId, status: after.status });
                list.reload();
              }, { "aria-label": `${t("callbacks.resend")} ${m.messageId}` }),
              action(t("callbacks.body"), async () => {
                const full = await api("GET", `/developer/callback/messages/${m.messageId}`);
                bodyBox.replaceChildren(json(full.messageBody));
              }, { "aria-label": `${t("callbacks.body")} ${m.messageId}` }),
              bodyBox,
            );
          },
        ],
      ], items, { empty: t("callbacks.noMessages") }),
  });
  const resendAll = form([field(t("callbacks.since"), { name: "since", value: "7d", required: true, help: t("callbacks.sinceHelp") })], {
    inline: true,
    submit: t("callbacks.resendAll"),
    label: t("callbacks.resendAll"),
    onSubmit: async (values) => {
      const res = await api("POST", "/developer/callback/resend", { body: { since: values.since.trim() } });
      list.reload();
      logStatus.textContent = "";
      return t("callbacks.resentAll", { count: res.resent });
    },
  });
  const refresh = h("button", { type: "button", onclick: () => list.reload() }, t("callbacks.refreshLog"));
  return { el: section(t("callbacks.log"), h("div", { class: "toolbar" }, filter, refresh), resendAll, logStatus, list.el), reload: () => list.reload() };
}

async function render(ctx) {
  const endpoint = endpointSection(ctx);
  const log = logSection(ctx);
  let extensions;
  try {
    [, extensions] = await Promise.all([endpoint.load(), extensionsSection()]);
  } catch (err) {
    extensions = h("p", { class: "form-status error", role: "alert" }, describeError(err));
  }
  return h("div", { class: "dev-callbacks" }, h("h1", {}, t("callbacks.title")), endpoint.el, extensions, testSection(() => log.reload()), log.el);
}

export default { path: "/dev/callbacks", kind: "developer", nav: "callbacks.nav", render };
