// Developers: the list, creating sandbox or live developers (the secret shown once), and one
// developer's users, status, rate limit, wallet (finance), key (admin) and request log (support).
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, facts, field, form, h, money, pagedList, section, table, time } from "../ui.js";
import { hasRole, isAdmin } from "./op-common.js";

register({
  en: {
    "devs.nav": "Developers",
    "devs.title": "Developers",
    "devs.caption": "Developers",
    "devs.id": "Developer id",
    "devs.name": "Name",
    "devs.status": "Status",
    "devs.mode": "Mode",
    "devs.sandbox": "sandbox",
    "devs.live": "live",
    "devs.users": "Users",
    "devs.created": "Created",
    "devs.create": "Create a developer",
    "devs.createMode": "Mode",
    "devs.userName": "First user name (optional)",
    "devs.createSubmit": "Create",
    "devs.secretOnce": "Keep these now: the access secret is not shown again.",
    "devs.accessKey": "Access key",
    "devs.accessSecret": "Access secret",
    "devs.detail": "Developer {name}",
    "devs.back": "Back to the developers",
    "devs.profile": "Profile",
    "devs.rate": "Rate limit (per second / burst)",
    "devs.default": "server default",
    "devs.disable": "Disable",
    "devs.enable": "Enable",
    "devs.disableConfirm": "Disable this developer? Its key stops working.",
    "devs.nowStatus": "Now {status}.",
    "devs.rateTitle": "Rate limit",
    "devs.perSecond": "Requests per second (empty = default)",
    "devs.burst": "Burst (empty = default)",
    "devs.rateSaved": "Rate limit saved.",
    "devs.usersCaption": "Users of the developer",
    "devs.userId": "User id",
    "devs.addUser": "Add a user",
    "devs.addUserSubmit": "Add",
    "devs.userAdded": "User {userId} added.",
    "devs.wallet": "Wallet",
    "devs.balance": "Balance",
    "devs.topup": "Top up (money received)",
    "devs.adjust": "Adjust (signed amount, with a reason)",
    "devs.amount": "Amount in yuan (e.g. 100.50)",
    "devs.signedAmount": "Signed amount in yuan (e.g. -12.30)",
    "devs.memo": "Memo",
    "devs.amountShort": "Amount",
    "devs.referenceShort": "Reference",
    "devs.topupSubmit": "Top up",
    "devs.adjustSubmit": "Adjust",
    "devs.reason": "Reason",
    "devs.reference": "Reference (a repeat with the same reference is not booked twice)",
    "devs.booked": "Booked {amount}; balance now {balance}.",
    "devs.statement": "Statement",
    "devs.statementCaption": "Wallet transactions",
    "devs.kind": "Kind",
    "devs.balanceAfter": "Balance after",
    "devs.actor": "By",
    "devs.at": "At",
    "devs.key": "Access key",
    "devs.showSecret": "Show the secret",
    "devs.resetSecret": "Reset the secret",
    "devs.resetConfirm": "Reset the access secret? The old one stops working at once.",
    "devs.rotated": "Last rotated",
    "devs.requests": "Request log",
    "devs.requestsCaption": "Recent calls of the developer",
    "devs.failedOnly": "Failed calls only",
    "devs.method": "Call",
    "devs.code": "Code",
    "devs.latency": "Latency",
    "devs.message": "Message",
    "devs.requestId": "Request id",
  },
  zh: {
    "devs.nav": "开发者",
    "devs.title": "开发者",
    "devs.caption": "开发者",
    "devs.id": "开发者 ID",
    "devs.name": "名称",
    "devs.status": "状态",
    "devs.mode": "模式",
    "devs.sandbox": "沙箱",
    "devs.live": "正式",
    "devs.users": "用户数",
    "devs.created": "创建时间",
    "devs.create": "创建开发者",
    "devs.createMode": "模式",
    "devs.userName": "首个用户名（可选）",
    "devs.createSubmit": "创建",
    "devs.secretOnce": "请立即保存：Access Secret 不会再次显示。",
    "devs.accessKey": "Access Key",
    "devs.accessSecret": "Access Secret",
    "devs.detail": "开发者 {name}",
    "devs.back": "返回开发者列表",
    "devs.profile": "资料",
    "devs.rate": "限流（每秒 / 突发）",
    "devs.default": "服务器默认",
    "devs.disable": "停用",
    "devs.enable": "启用",
    "devs.disableConfirm": "停用该开发者？其密钥将立即失效。",
    "devs.nowStatus": "当前状态：{status}。",
    "devs.rateTitle": "限流",
    "devs.perSecond": "每秒请求数（留空为默认）",
    "devs.burst": "突发量（留空为默认）",
    "devs.rateSaved": "限流已保存。",
    "devs.usersCaption": "开发者的用户",
    "devs.userId": "用户 ID",
    "devs.addUser": "添加用户",
    "devs.addUserSubmit": "添加",
    "devs.userAdded": "已添加用户 {userId}。",
    "devs.wallet": "钱包",
    "devs.balance": "余额",
    "devs.topup": "充值（已收款）",
    "devs.adjust": "调整（带符号金额，需说明原因）",
    "devs.amount": "金额（元，如 100.50）",
    "devs.signedAmount": "带符号金额（元，如 -12.30）",
    "devs.memo": "备注",
    "devs.amountShort": "金额",
    "devs.referenceShort": "业务单号",
    "devs.topupSubmit": "充值",
    "devs.adjustSubmit": "调整",
    "devs.reason": "原因",
    "devs.reference": "业务单号（相同单号不会重复记账）",
    "devs.booked": "已记账 {amount}；当前余额 {balance}。",
    "devs.statement": "账单",
    "devs.statementCaption": "钱包流水",
    "devs.kind": "类型",
    "devs.balanceAfter": "变动后余额",
    "devs.actor": "操作人",
    "devs.at": "时间",
    "devs.key": "Access Key",
    "devs.showSecret": "显示 Secret",
    "devs.resetSecret": "重置 Secret",
    "devs.resetConfirm": "重置 Access Secret？旧的立即失效。",
    "devs.rotated": "上次轮换",
    "devs.requests": "请求日志",
    "devs.requestsCaption": "开发者最近的调用",
    "devs.failedOnly": "只看失败的调用",
    "devs.method": "调用",
    "devs.code": "返回码",
    "devs.latency": "耗时",
    "devs.message": "消息",
    "devs.requestId": "请求 ID",
  },
  th: {
    "devs.nav": "นักพัฒนา",
    "devs.title": "นักพัฒนา",
    "devs.caption": "นักพัฒนา",
    "devs.id": "รหัสนักพัฒนา",
    "devs.name": "ชื่อ",
    "devs.status": "สถานะ",
    "devs.mode": "โหมด",
    "devs.sandbox": "แซนด์บ็อกซ์",
    "devs.live": "ใช้งานจริง",
    "devs.users": "ผู้ใช้",
    "devs.created": "สร้างเมื่อ",
    "devs.create": "สร้างนักพัฒนา",
    "devs.createMode": "โหมด",
    "devs.userName": "ชื่อผู้ใช้คนแรก (ไม่บังคับ)",
    "devs.createSubmit": "สร้าง",
    "devs.secretOnce": "โปรดเก็บไว้ตอนนี้: access secret จะไม่แสดงอีก",
    "devs.accessKey": "Access key",
    "devs.accessSecret": "Access secret",
    "devs.detail": "นักพัฒนา {name}",
    "devs.back": "กลับไปยังรายชื่อนักพัฒนา",
    "devs.profile": "ข้อมูลโปรไฟล์",
    "devs.rate": "ขีดจำกัดอัตรา (ต่อวินาที / burst)",
    "devs.default": "ค่าเริ่มต้นของเซิร์ฟเวอร์",
    "devs.disable": "ปิดใช้งาน",
    "devs.enable": "เปิดใช้งาน",
    "devs.disableConfirm": "ปิดใช้งานนักพัฒนานี้หรือไม่? คีย์ของนักพัฒนาจะหยุดทำงาน",
    "devs.nowStatus": "ขณะนี้ {status}",
    "devs.rateTitle": "ขีดจำกัดอัตรา",
    "devs.perSecond": "คำขอต่อวินาที (เว้นว่าง = ค่าเริ่มต้น)",
    "devs.burst": "Burst (เว้นว่าง = ค่าเริ่มต้น)",
    "devs.rateSaved": "บันทึกขีดจำกัดอัตราแล้ว",
    "devs.usersCaption": "ผู้ใช้ของนักพัฒนา",
    "devs.userId": "รหัสผู้ใช้",
    "devs.addUser": "เพิ่มผู้ใช้",
    "devs.addUserSubmit": "เพิ่ม",
    "devs.userAdded": "เพิ่มผู้ใช้ {userId} แล้ว",
    "devs.wallet": "กระเป๋าเงิน",
    "devs.balance": "ยอดคงเหลือ",
    "devs.topup": "เติมเงิน (ได้รับเงินแล้ว)",
    "devs.adjust": "ปรับยอด (จำนวนเงินแบบมีเครื่องหมาย พร้อมเหตุผล)",
    "devs.amount": "จำนวนเงินเป็นหยวน (เช่น 100.50)",
    "devs.signedAmount": "จำนวนเงินแบบมีเครื่องหมายเป็นหยวน (เช่น -12.30)",
    "devs.memo": "บันทึกช่วยจำ",
    "devs.amountShort": "จำนวนเงิน",
    "devs.referenceShort": "เลขอ้างอิง",
    "devs.topupSubmit": "เติมเงิน",
    "devs.adjustSubmit": "ปรับยอด",
    "devs.reason": "เหตุผล",
    "devs.reference": "เลขอ้างอิง (รายการซ้ำที่ใช้เลขอ้างอิงเดิมจะไม่ถูกบันทึกสองครั้ง)",
    "devs.booked": "บันทึก {amount} แล้ว; ยอดคงเหลือขณะนี้ {balance}",
    "devs.statement": "รายการเดินบัญชี",
    "devs.statementCaption": "ธุรกรรมในกระเป๋าเงิน",
    "devs.kind": "ประเภท",
    "devs.balanceAfter": "ยอดคงเหลือหลังรายการ",
    "devs.actor": "โดย",
    "devs.at": "เวลา",
    "devs.key": "Access key",
    "devs.showSecret": "แสดง secret",
    "devs.resetSecret": "รีเซ็ต secret",
    "devs.resetConfirm": "รีเซ็ต access secret หรือไม่? secret เดิมจะหยุดทำงานทันที",
    "devs.rotated": "เปลี่ยนครั้งล่าสุด",
    "devs.requests": "บันทึกคำขอ",
    "devs.requestsCaption": "การเรียกล่าสุดของนักพัฒนา",
    "devs.failedOnly": "เฉพาะการเรียกที่ล้มเหลว",
    "devs.method": "การเรียก",
    "devs.code": "รหัส",
    "devs.latency": "เวลาตอบสนอง",
    "devs.message": "ข้อความ",
    "devs.requestId": "รหัสคำขอ",
  },
});

const reference = () => `console-${crypto.randomUUID()}`;
const statusBadge = (s) => badge(s, s === "ENABLED" ? "ok" : "bad");

function secretBox(credentials) {
  return h(
    "div",
    { class: "op-secret", role: "alert" },
    h("p", {}, t("devs.secretOnce")),
    facts([
      [t("devs.id"), credentials.developId],
      [t("devs.accessKey"), h("code", {}, credentials.accessKey)],
      [t("devs.accessSecret"), h("code", {}, credentials.accessSecret)],
    ]),
  );
}

async function list(ctx) {
  const developers = await api("GET", "/admin/developers");
  const parts = [
    h("h1", {}, t("devs.title")),
    section(
      t("devs.caption"),
      table(t("devs.caption"), [
        [t("devs.name"), (d) => h("a", { href: `#/op/developers/${d.developId}` }, d.name)],
        [t("devs.id"), (d) => d.developId],
        [t("devs.mode"), (d) => badge(d.sandbox ? t("devs.sandbox") : t("devs.live"), d.sandbox ? "" : "warn")],
        [t("devs.status"), (d) => statusBadge(d.status)],
        [t("devs.users"), (d) => d.users ?? "—"],
        [t("devs.created"), (d) => time(d.createdAt)],
      ], developers),
    ),
  ];
  if (isAdmin(ctx.session)) {
    const shown = h("div", {});
    parts.push(
      section(
        t("devs.create"),
        form(
          [
            field(t("devs.name"), { name: "name", required: true, maxlength: 100 }),
            field(t("devs.createMode"), { type: "select", name: "mode", value: "sandbox", options: [["sandbox", t("devs.sandbox")], ["live", t("devs.live")]] }),
            field(t("devs.userName"), { name: "userName" }),
          ],
          {
            submit: t("devs.createSubmit"),
            label: t("devs.create"),
            onSubmit: async (v) => {
              const body = { name: v.name.trim(), sandbox: v.mode !== "live" };
              if (v.userName.trim()) body.userName = v.userName.trim();
              const created = await api("POST", "/admin/developers", { body });
              shown.replaceChildren(secretBox(created.credentials), h("p", {}, h("a", { href: `#/op/developers/${created.developer.developId}` }, created.developer.name)));
            },
          },
        ),
        shown,
      ),
    );
  }
  return h("div", {}, parts);
}

function walletSection(developId, ctx) {
  const balance = h("p", { class: "op-balance" }, t("common.loading"));
  const loadBalance = async () => {
    const w = await api("GET", `/admin/developers/${developId}/wallet`);
    balance.textContent = `${t("devs.balance")}: ${money(w.balanceFen)}`;
  };
  loadBalance().catch((err) => (balance.textContent = String(err.message ?? err)));
  const statement = pagedList({
    load: async (after) => {
      const page = await api("GET", `/admin/developers/${developId}/wallet/statement`, { query: { after } });
      return { items: page.entries, next: page.nextCursor };
    },
    render: (items) =>
      table(t("devs.statementCaption"), [
        [t("devs.at"), (e) => time(e.createdAt)],
        [t("devs.kind"), (e) => e.kind],
        [t("devs.amountShort"), (e) => money(e.amountFen)],
        [t("devs.balanceAfter"), (e) => money(e.balanceAfterFen)],
        [t("devs.memo"), (e) => e.memo || "—"],
        [t("devs.referenceShort"), (e) => e.reference],
        [t("devs.actor"), (e) => e.actor],
      ], items),
  });
  const book = (verb) => async (v, el) => {
    const body = { amount: v.amount.trim(), reference: v.reference.trim() };
    if (v.memo.trim()) body.memo = v.memo.trim();
    const tx = await api("POST", `/admin/developers/${developId}/wallet/${verb}`, { body });
    el.querySelector("[name=reference]").value = reference();
    await loadBalance();
    statement.reload();
    return t("devs.booked", { amount: money(tx.amountFen), balance: money(tx.balanceAfterFen) });
  };
  return section(
    t("devs.wallet"),
    balance,
    h(
      "div",
      { class: "grid two" },
      h("div", {}, h("h3", {}, t("devs.topup")), form([field(t("devs.amount"), { name: "amount", required: true, inputmode: "decimal", autocomplete: "off" }), field(t("devs.memo"), { name: "memo" }), field(t("devs.reference"), { name: "reference", required: true, value: reference() })], { submit: t("devs.topupSubmit"), label: t("devs.topup"), onSubmit: book("topup") })),
      h("div", {}, h("h3", {}, t("devs.adjust")), form([field(t("devs.signedAmount"), { name: "amount", required: true, autocomplete: "off" }), field(t("devs.reason"), { name: "memo", required: true }), field(t("devs.reference"), { name: "reference", required: true, value: reference() })], { submit: t("devs.adjustSubmit"), label: t("devs.adjust"), onSubmit: book("adjust") })),
    ),
    h("h3", {}, t("devs.statement")),
    statement.el,
  );
}

function keySection(developId) {
  const box = h("div", {});
  const show = async (reveal) => {
    const k = await api("GET", `/admin/developers/${developId}/key`, { query: { reveal: reveal ? "true" : undefined } });
    box.replaceChildren(facts([[t("devs.accessKey"), h("code", {}, k.accessKey)], [t("devs.accessSecret"), k.accessSecret ? h("code", {}, k.accessSecret) : "••••"], [t("devs.rotated"), time(k.rotatedAt)]]));
  };
  show(false).catch((err) => box.replaceChildren(String(err.message ?? err)));
  return section(
    t("devs.key"),
    box,
    h(
      "div",
      { class: "actions" },
      action(t("devs.showSecret"), () => show(true)),
      action(
        t("devs.resetSecret"),
        async () => {
          const k = await api("POST", `/admin/developers/${developId}/key/reset`);
          box.replaceChildren(secretBox(k));
        },
        { kind: "danger", confirmText: t("devs.resetConfirm") },
      ),
    ),
  );
}

function requestsSection(developId, ctx) {
  const failed = ctx.query.get("failed") === "1";
  const toggle = h("input", { type: "checkbox", id: "devs-failed", checked: failed });
  toggle.addEventListener("change", () => ctx.go(`/op/developers/${developId}${toggle.checked ? "?failed=1" : ""}`));
  const log = pagedList({
    load: async (cursor) => {
      const page = await api("GET", `/admin/developers/${developId}/requests`, { query: { cursor, failed: failed ? "true" : undefined } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("devs.requestsCaption"), [
        [t("devs.at"), (r) => time(r.at)],
        [t("devs.method"), (r) => `${r.method} ${r.path}`],
        [t("devs.code"), (r) => badge(r.code, r.code === 200 ? "ok" : "bad")],
        [t("devs.userId"), (r) => r.userId ?? "—"],
        [t("devs.latency"), (r) => `${Math.round(r.latencyMs)} ms`],
        [t("devs.message"), (r) => r.msg ?? "—"],
        [t("devs.requestId"), (r) => h("code", {}, r.requestId)],
      ], items),
  });
  return section(t("devs.requests"), h("div", { class: "op-check" }, toggle, h("label", { for: "devs-failed" }, t("devs.failedOnly"))), log.el);
}

async function detail(ctx) {
  const id = ctx.params.developId;
  const [d, users] = await Promise.all([api("GET", `/admin/developers/${id}`), api("GET", `/admin/developers/${id}/users`)]);
  const admin = isAdmin(ctx.session);
  const setStatus = (verb) => async () => {
    await api("POST", `/admin/developers/${id}/${verb}`);
    ctx.redraw();
  };
  const profile = section(
    t("devs.profile"),
    facts([
      [t("devs.id"), d.developId],
      [t("devs.mode"), d.sandbox ? t("devs.sandbox") : t("devs.live")],
      [t("devs.status"), statusBadge(d.status)],
      [t("devs.rate"), `${d.rateLimitPerSecond ?? t("devs.default")} / ${d.rateLimitBurst ?? t("devs.default")}`],
      [t("devs.created"), time(d.createdAt)],
    ]),
    admin
      ? h(
          "div",
          { class: "actions" },
          d.status === "ENABLED"
            ? action(t("devs.disable"), setStatus("disable"), { kind: "danger", confirmText: t("devs.disableConfirm") })
            : action(t("devs.enable"), setStatus("enable")),
        )
      : null,
  );
  const parts = [h("p", {}, h("a", { href: "#/op/developers" }, t("devs.back"))), h("h1", {}, t("devs.detail", { name: d.name })), profile];
  if (admin) {
    const num = (v) => (v.trim() === "" ? null : Number(v));
    parts.push(
      section(
        t("devs.rateTitle"),
        form([field(t("devs.perSecond"), { type: "number", name: "perSecond", min: 1, value: d.rateLimitPerSecond ?? "" }), field(t("devs.burst"), { type: "number", name: "burst", min: 1, value: d.rateLimitBurst ?? "" })], {
          inline: true,
          label: t("devs.rateTitle"),
          onSubmit: async (v) => {
            await api("PUT", `/admin/developers/${id}/rate-limit`, { body: { perSecond: num(v.perSecond), burst: num(v.burst) } });
            return t("devs.rateSaved");
          },
        }),
      ),
    );
  }
  parts.push(
    section(
      t("devs.users"),
      table(t("devs.usersCaption"), [
        [t("devs.userId"), (u) => u.userId],
        [t("devs.name"), (u) => u.userName],
        [t("devs.status"), (u) => statusBadge(u.status)],
        [t("devs.created"), (u) => time(u.createdAt)],
      ], users),
      admin
        ? form([field(t("devs.name"), { name: "userName", required: true })], {
            submit: t("devs.addUserSubmit"),
            inline: true,
            label: t("devs.addUser"),
            onSubmit: async (v) => {
              const u = await api("POST", `/admin/developers/${id}/users`, { body: { userName: v.userName.trim() } });
              ctx.redraw();
              return t("devs.userAdded", { userId: u.userId });
            },
          })
        : null,
    ),
  );
  if (hasRole(ctx.session, "finance")) parts.push(walletSection(id, ctx));
  if (admin) parts.push(keySection(id));
  if (hasRole(ctx.session, "support")) parts.push(requestsSection(id, ctx));
  return h("div", {}, parts);
}

export default [
  { path: "/op/developers", kind: "operator", nav: "devs.nav", roles: ["finance", "warehouse", "support"], render: list },
  { path: "/op/developers/:developId", kind: "operator", title: "devs.nav", roles: ["finance", "warehouse", "support"], render: detail },
];
