// Exceptions: orders stuck in a state past a threshold, dead-lettered jobs (retry: admin only, as
// roles.ts allows) and a developer's failed callbacks.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, field, form, h, money, pagedList, section, table, time } from "../ui.js";
import { developerPicker, hasRole, isAdmin } from "./op-common.js";

register({
  en: {
    "exc.nav": "Exceptions",
    "exc.title": "Exceptions",
    "exc.stuck": "Stuck orders",
    "exc.stuckHelp": "Orders whose status has not changed for at least the given minutes.",
    "exc.platform": "Platform",
    "exc.status": "Status",
    "exc.minutes": "Unchanged for at least (minutes)",
    "exc.find": "Find",
    "exc.stuckCaption": "Orders stuck in a status",
    "exc.order": "Order",
    "exc.developer": "Developer",
    "exc.user": "User",
    "exc.amount": "Amount",
    "exc.updated": "Last change",
    "exc.jobs": "Dead-lettered jobs",
    "exc.jobsCaption": "Jobs that ran out of attempts",
    "exc.job": "Job",
    "exc.kind": "Kind",
    "exc.subject": "Subject",
    "exc.attempts": "Attempts",
    "exc.lastError": "Last error",
    "exc.retry": "Retry",
    "exc.retried": "Job {id} is {status} again.",
    "exc.callbacks": "Failed callbacks",
    "exc.callbacksCaption": "Callback messages that were not delivered",
    "exc.message": "Message",
    "exc.type": "Type",
    "exc.created": "Created",
    "exc.httpStatus": "Last HTTP status",
    "exc.pickDeveloper": "Choose a developer to see their failed callbacks.",
    "exc.ts.0": "0 pending payment",
    "exc.ts.1": "1 paid (awaiting finance)",
    "exc.ts.2": "2 finance confirmed",
    "exc.ts.3": "3 finance rejected",
    "exc.ts.4": "4 cancelled",
    "exc.ts.10": "10 awaiting shipment",
    "exc.ts.11": "11 shipped",
  },
  zh: {
    "exc.nav": "异常",
    "exc.title": "异常处理",
    "exc.stuck": "停滞订单",
    "exc.stuckHelp": "状态在给定分钟数内没有变化的订单。",
    "exc.platform": "平台",
    "exc.status": "状态",
    "exc.minutes": "至少未变化（分钟）",
    "exc.find": "查找",
    "exc.stuckCaption": "停滞在某状态的订单",
    "exc.order": "订单",
    "exc.developer": "开发者",
    "exc.user": "用户",
    "exc.amount": "金额",
    "exc.updated": "最后变化",
    "exc.jobs": "死信任务",
    "exc.jobsCaption": "重试次数用尽的任务",
    "exc.job": "任务",
    "exc.kind": "类型",
    "exc.subject": "对象",
    "exc.attempts": "尝试次数",
    "exc.lastError": "最后错误",
    "exc.retry": "重试",
    "exc.retried": "任务 {id} 已重新进入 {status}。",
    "exc.callbacks": "失败的回调",
    "exc.callbacksCaption": "未送达的回调消息",
    "exc.message": "消息",
    "exc.type": "类型",
    "exc.created": "创建时间",
    "exc.httpStatus": "最后 HTTP 状态",
    "exc.pickDeveloper": "选择开发者以查看其失败的回调。",
    "exc.ts.0": "0 待支付",
    "exc.ts.1": "1 已支付（待财务审核）",
    "exc.ts.2": "2 财务已确认",
    "exc.ts.3": "3 财务已驳回",
    "exc.ts.4": "4 已取消",
    "exc.ts.10": "10 待发货",
    "exc.ts.11": "11 已发货",
  },
  th: {
    "exc.nav": "ข้อยกเว้น",
    "exc.title": "ข้อยกเว้น",
    "exc.stuck": "คำสั่งซื้อที่ค้าง",
    "exc.stuckHelp": "คำสั่งซื้อที่สถานะไม่เปลี่ยนแปลงอย่างน้อยตามจำนวนนาทีที่กำหนด",
    "exc.platform": "แพลตฟอร์ม",
    "exc.status": "สถานะ",
    "exc.minutes": "ไม่เปลี่ยนแปลงอย่างน้อย (นาที)",
    "exc.find": "ค้นหา",
    "exc.stuckCaption": "คำสั่งซื้อที่ค้างอยู่ในสถานะเดิม",
    "exc.order": "คำสั่งซื้อ",
    "exc.developer": "นักพัฒนา",
    "exc.user": "ผู้ใช้",
    "exc.amount": "ยอดเงิน",
    "exc.updated": "เปลี่ยนแปลงล่าสุด",
    "exc.jobs": "งานที่เข้าคิว dead-letter",
    "exc.jobsCaption": "งานที่ใช้จำนวนครั้งที่ลองครบแล้ว",
    "exc.job": "งาน",
    "exc.kind": "ประเภท",
    "exc.subject": "เป้าหมาย",
    "exc.attempts": "จำนวนครั้งที่ลอง",
    "exc.lastError": "ข้อผิดพลาดล่าสุด",
    "exc.retry": "ลองใหม่",
    "exc.retried": "งาน {id} กลับเป็น {status} อีกครั้ง",
    "exc.callbacks": "คอลแบ็กที่ล้มเหลว",
    "exc.callbacksCaption": "ข้อความคอลแบ็กที่ส่งไม่สำเร็จ",
    "exc.message": "ข้อความ",
    "exc.type": "ประเภท",
    "exc.created": "สร้างเมื่อ",
    "exc.httpStatus": "สถานะ HTTP ล่าสุด",
    "exc.pickDeveloper": "เลือกนักพัฒนาเพื่อดูคอลแบ็กที่ล้มเหลว",
    "exc.ts.0": "0 รอชำระเงิน",
    "exc.ts.1": "1 ชำระเงินแล้ว (รอฝ่ายการเงิน)",
    "exc.ts.2": "2 ฝ่ายการเงินยืนยันแล้ว",
    "exc.ts.3": "3 ฝ่ายการเงินปฏิเสธ",
    "exc.ts.4": "4 ยกเลิกแล้ว",
    "exc.ts.10": "10 รอจัดส่ง",
    "exc.ts.11": "11 จัดส่งแล้ว",
  },
});

const STATUSES = {
  taobao: () => ["0", "1", "2", "3", "4", "10", "11"].map((s) => [s, t(`exc.ts.${s}`)]),
  alibaba: () => ["waitbuyerpay", "waitsellersend", "waitbuyerreceive", "confirm_goods", "success", "cancel", "terminated"].map((s) => [s, s]),
};

function stuckOrders(ctx) {
  const platform = ctx.query.get("platform") === "alibaba" ? "alibaba" : "taobao";
  const status = ctx.query.get("status") ?? (platform === "taobao" ? "0" : "waitbuyerpay");
  const minutes = ctx.query.get("minutes") ?? "1440";
  const platformField = field(t("exc.platform"), { type: "select", name: "platform", value: platform, options: [["taobao", "Taobao"], ["alibaba", "1688"]] });
  const statusField = field(t("exc.status"), { type: "select", name: "status", value: status, options: STATUSES[platform]() });
  platformField.input.addEventListener("change", () => {
    statusField.input.replaceChildren(...STATUSES[platformField.input.value]().map(([v, l]) => h("option", { value: v }, l)));
  });
  const search = form([platformField, statusField, field(t("exc.minutes"), { type: "number", name: "minutes", value: minutes, min: 1, max: 5256000, required: true })], {
    submit: t("exc.find"),
    inline: true,
    label: t("exc.stuck"),
    onSubmit: async (values) => {
      const q = new URLSearchParams({ platform: values.platform, status: values.status, minutes: values.minutes });
      if (ctx.query.get("developId")) q.set("developId", ctx.query.get("developId"));
      ctx.go(`/op/exceptions?${q}`);
    },
  });
  const list = pagedList({
    load: async (after) => {
      // Always with a status: stuckMinutes alone would include finished orders.
      const page = await api("GET", "/admin/orders", { query: { platform, status, stuckMinutes: minutes, after } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("exc.stuckCaption"), [
        [t("exc.order"), (o) => `${o.platform} ${o.orderId}`],
        [t("exc.status"), (o) => badge(o.status, "warn")],
        [t("exc.developer"), (o) => h("a", { href: `#/op/developers/${o.developId}` }, o.developId)],
        [t("exc.user"), (o) => o.userId],
        [t("exc.amount"), (o) => money(o.payAmount)],
        [t("exc.updated"), (o) => time(o.updatedAt)],
      ], items),
  });
  return section(t("exc.stuck"), h("p", {}, t("exc.stuckHelp")), search, list.el);
}

function deadJobs(ctx) {
  const admin = isAdmin(ctx.session);
  const list = pagedList({
    load: async (after) => {
      const page = await api("GET", "/admin/jobs", { query: { status: "DEAD", after } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) => {
      const columns = [
        [t("exc.job"), (j) => j.id],
        [t("exc.kind"), (j) => j.kind],
        [t("exc.developer"), (j) => j.developerId ?? "—"],
        [t("exc.subject"), (j) => j.subject ?? "—"],
        [t("exc.attempts"), (j) => `${j.attempts} / ${j.maxAttempts}`],
        [t("exc.lastError"), (j) => j.lastError ?? "—"],
        [t("exc.created"), (j) => time(j.createdAt)],
      ];
      // Retrying is an admin's call (roles.ts lets support only read jobs).
      if (admin) columns.push([t("exc.retry"), (j) => action(t("exc.retry"), async () => t("exc.retried", { id: j.id, status: (await api("POST", `/admin/jobs/${j.id}/retry`)).status }), { "aria-label": `${t("exc.retry")} ${j.id}` })]);
      return table(t("exc.jobsCaption"), columns, items);
    },
  });
  return section(t("exc.jobs"), list.el);
}

async function failedCallbacks(ctx) {
  const keep = new URLSearchParams(ctx.query);
  const picker = await developerPicker(ctx, (id) => {
    if (id) keep.set("developId", id);
    else keep.delete("developId");
    return `/op/exceptions?${keep}`;
  });
  const developId = picker.current;
  if (!developId) return section(t("exc.callbacks"), picker.row, h("p", { class: "empty" }, t("exc.pickDeveloper")));
  const list = pagedList({
    load: async (cursor) => {
      const page = await api("GET", `/admin/developers/${developId}/callback/messages`, { query: { failed: true, cursor } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("exc.callbacksCaption"), [
        [t("exc.message"), (m) => m.messageId],
        [t("exc.type"), (m) => m.messageType],
        [t("exc.status"), (m) => badge(m.status, "bad")],
        [t("exc.attempts"), (m) => m.attempts],
        [t("exc.httpStatus"), (m) => m.lastHttpStatus ?? "—"],
        [t("exc.lastError"), (m) => m.lastError ?? "—"],
        [t("exc.created"), (m) => time(m.createdAt)],
      ], items),
  });
  return section(t("exc.callbacks"), picker.row, list.el);
}

async function render(ctx) {
  const parts = [h("h1", {}, t("exc.title")), stuckOrders(ctx)];
  if (hasRole(ctx.session, "support")) parts.push(deadJobs(ctx), await failedCallbacks(ctx));
  return h("div", {}, parts);
}

export default [{ path: "/op/exceptions", kind: "operator", nav: "exc.nav", roles: ["support", "finance"], render }];
