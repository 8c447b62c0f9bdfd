// After-sales: every developer's cases (open ones to follow up, or finished ones), and the settings —
// the refund reasons and the return carriers (support reads, admin changes).
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, field, form, h, money, pagedList, section, table, time } from "../ui.js";
import { developerPicker, isAdmin } from "./op-common.js";

register({
  en: {
    "as.nav": "After-sales",
    "as.title": "After-sales",
    "as.cases": "Cases",
    "as.casesCaption": "After-sales cases, newest first",
    "as.which": "Which cases",
    "as.open": "open",
    "as.finished": "finished",
    "as.all": "all",
    "as.refundId": "Case",
    "as.order": "Order",
    "as.status": "Status",
    "as.amount": "Asked back",
    "as.created": "Opened",
    "as.timeout": "Times out",
    "as.user": "User",
    "as.reasons": "Refund reasons",
    "as.reasonsCaption": "Refund reasons by platform",
    "as.carriers": "Return carriers",
    "as.carriersCaption": "Return carriers",
    "as.platform": "Platform",
    "as.reasonId": "Reason id",
    "as.description": "Description",
    "as.tips": "Tips",
    "as.goodsStatuses": "Goods statuses (comma separated)",
    "as.goodsStatusesShort": "Goods statuses",
    "as.needVoucher": "Needs a voucher",
    "as.noRefundCarriage": "No refund of carriage",
    "as.position": "Position",
    "as.active": "Active",
    "as.yes": "yes",
    "as.no": "no",
    "as.on": "active",
    "as.off": "inactive",
    "as.activate": "Activate",
    "as.deactivate": "Deactivate",
    "as.change": "Change",
    "as.saved": "Saved.",
    "as.putReason": "Add or replace a refund reason",
    "as.putCarrier": "Add or replace a return carrier",
    "as.code": "Code",
    "as.name": "Name",
    "as.id": "Carrier id",
    "as.spelling": "Spelling (for sorting)",
    "as.spellingShort": "Spelling",
    "as.phone": "Phone",
    "as.supportPrint": "Prints labels",
    "as.save": "Save",
  },
  zh: {
    "as.nav": "售后",
    "as.title": "售后",
    "as.cases": "售后单",
    "as.casesCaption": "售后单，最新的在前",
    "as.which": "范围",
    "as.open": "处理中",
    "as.finished": "已结束",
    "as.all": "全部",
    "as.refundId": "售后单号",
    "as.order": "订单",
    "as.status": "状态",
    "as.amount": "申请金额",
    "as.created": "创建时间",
    "as.timeout": "超时时间",
    "as.user": "用户",
    "as.reasons": "退款原因",
    "as.reasonsCaption": "各平台的退款原因",
    "as.carriers": "退货快递公司",
    "as.carriersCaption": "退货快递公司",
    "as.platform": "平台",
    "as.reasonId": "原因 ID",
    "as.description": "描述",
    "as.tips": "提示",
    "as.goodsStatuses": "货物状态（逗号分隔）",
    "as.goodsStatusesShort": "货物状态",
    "as.needVoucher": "需要凭证",
    "as.noRefundCarriage": "不退运费",
    "as.position": "排序",
    "as.active": "启用",
    "as.yes": "是",
    "as.no": "否",
    "as.on": "启用",
    "as.off": "停用",
    "as.activate": "启用",
    "as.deactivate": "停用",
    "as.change": "操作",
    "as.saved": "已保存。",
    "as.putReason": "添加或替换退款原因",
    "as.putCarrier": "添加或替换退货快递公司",
    "as.code": "代码",
    "as.name": "名称",
    "as.id": "快递公司 ID",
    "as.spelling": "拼写（用于排序）",
    "as.spellingShort": "拼写",
    "as.phone": "电话",
    "as.supportPrint": "支持打印面单",
    "as.save": "保存",
  },
  th: {
    "as.nav": "บริการหลังการขาย",
    "as.title": "บริการหลังการขาย",
    "as.cases": "เคส",
    "as.casesCaption": "เคสบริการหลังการขาย เรียงจากใหม่ไปเก่า",
    "as.which": "เคสที่แสดง",
    "as.open": "เปิดอยู่",
    "as.finished": "เสร็จสิ้น",
    "as.all": "ทั้งหมด",
    "as.refundId": "เคส",
    "as.order": "คำสั่งซื้อ",
    "as.status": "สถานะ",
    "as.amount": "ยอดที่ขอคืน",
    "as.created": "เปิดเมื่อ",
    "as.timeout": "หมดเวลาเมื่อ",
    "as.user": "ผู้ใช้",
    "as.reasons": "เหตุผลการคืนเงิน",
    "as.reasonsCaption": "เหตุผลการคืนเงินแยกตามแพลตฟอร์ม",
    "as.carriers": "บริษัทขนส่งสำหรับส่งคืน",
    "as.carriersCaption": "บริษัทขนส่งสำหรับส่งคืน",
    "as.platform": "แพลตฟอร์ม",
    "as.reasonId": "รหัสเหตุผล",
    "as.description": "คำอธิบาย",
    "as.tips": "คำแนะนำ",
    "as.goodsStatuses": "สถานะสินค้า (คั่นด้วยจุลภาค)",
    "as.goodsStatusesShort": "สถานะสินค้า",
    "as.needVoucher": "ต้องมีหลักฐาน",
    "as.noRefundCarriage": "ไม่คืนค่าขนส่ง",
    "as.position": "ลำดับ",
    "as.active": "ใช้งาน",
    "as.yes": "ใช่",
    "as.no": "ไม่ใช่",
    "as.on": "ใช้งานอยู่",
    "as.off": "ไม่ได้ใช้งาน",
    "as.activate": "เปิดใช้งาน",
    "as.deactivate": "ปิดใช้งาน",
    "as.change": "เปลี่ยนแปลง",
    "as.saved": "บันทึกแล้ว",
    "as.putReason": "เพิ่มหรือแทนที่เหตุผลการคืนเงิน",
    "as.putCarrier": "เพิ่มหรือแทนที่บริษัทขนส่งสำหรับส่งคืน",
    "as.code": "รหัส",
    "as.name": "ชื่อ",
    "as.id": "รหัสบริษัทขนส่ง",
    "as.spelling": "การสะกด (สำหรับการเรียงลำดับ)",
    "as.spellingShort": "การสะกด",
    "as.phone": "โทรศัพท์",
    "as.supportPrint": "พิมพ์ฉลากได้",
    "as.save": "บันทึก",
  },
});

const yesNo = (b) => (b ? t("as.yes") : t("as.no"));
const onOff = (b) => badge(b ? t("as.on") : t("as.off"), b ? "ok" : "warn");
const checkbox = (label, name, checked = false) => {
  const id = `as-${name}`;
  return h("div", { class: "op-check" }, h("input", { type: "checkbox", id, name, checked }), h("label", { for: id }, label));
};
const reasonBody = (r) => ({ description: r.description, tips: r.tips, goodsStatuses: r.goodsStatuses, needVoucher: r.needVoucher, noRefundCarriage: r.noRefundCarriage, position: r.position, active: r.active });
const carrierBody = (c) => ({ name: c.name, id: c.id, spelling: c.spelling, phone: c.phone, supportPrint: c.supportPrint, active: c.active });

/** The case list: one platform at a time, open / finished / all, all developers or one, paged by cursor. */
async function casesSection(ctx) {
  const platform = ctx.query.get("platform") === "alibaba" ? "alibaba" : "taobao";
  const which = ["open", "finished", "all"].includes(ctx.query.get("which")) ? ctx.query.get("which") : "open";
  const pathOf = (q) => `/op/aftersales?${new URLSearchParams(Object.entries(q).filter(([, v]) => v))}`;
  const picker = await developerPicker(ctx, (developId) => pathOf({ platform, which, developId }), { allowAll: true });
  const platformField = field(t("as.platform"), { type: "select", name: "case-platform", value: platform, options: [["taobao", "Taobao"], ["alibaba", "1688"]] });
  platformField.input.addEventListener("change", () => ctx.go(pathOf({ platform: platformField.input.value, which, developId: picker.current })));
  const whichField = field(t("as.which"), { type: "select", name: "case-which", value: which, options: [["open", t("as.open")], ["finished", t("as.finished")], ["all", t("as.all")]] });
  whichField.input.addEventListener("change", () => ctx.go(pathOf({ platform, which: whichField.input.value, developId: picker.current })));
  const list = pagedList({
    load: async (after) => {
      const page = await api("GET", "/admin/aftersales/cases", {
        query: { platform, developId: picker.current, open: which === "all" ? undefined : String(which === "open"), after, limit: 50 },
      });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("as.casesCaption"), [
        [t("as.refundId"), (c) => c.refundId],
        [t("opc.developer"), (c) => c.developId],
        [t("as.user"), (c) => c.userId],
        [t("as.order"), (c) => c.orderId],
        [t("as.status"), (c) => badge(c.status, c.open ? "warn" : "")],
        [t("as.amount"), (c) => money(c.amount)],
        [t("as.description"), (c) => c.reason],
        [t("as.created"), (c) => time(c.createdAt)],
        [t("as.timeout"), (c) => time(c.timeoutAt)],
      ], items),
  });
  return section(t("as.cases"), h("div", { class: "toolbar" }, platformField.row, whichField.row, picker.row), list.el);
}

async function render(ctx) {
  const [reasons, carriers, cases] = await Promise.all([api("GET", "/admin/aftersales/reasons"), api("GET", "/admin/aftersales/carriers"), casesSection(ctx)]);
  const admin = isAdmin(ctx.session);
  const toggleReason = (r) => action(r.active ? t("as.deactivate") : t("as.activate"), async () => {
    await api("PUT", `/admin/aftersales/reasons/${r.platform}/${r.reasonId}`, { body: { ...reasonBody(r), active: !r.active } });
    ctx.redraw();
  }, { "aria-label": `${r.active ? t("as.deactivate") : t("as.activate")} ${r.platform} ${r.reasonId}` });
  const toggleCarrier = (c) => action(c.active ? t("as.deactivate") : t("as.activate"), async () => {
    await api("PUT", `/admin/aftersales/carriers/${encodeURIComponent(c.code)}`, { body: { ...carrierBody(c), active: !c.active } });
    ctx.redraw();
  }, { "aria-label": `${c.active ? t("as.deactivate") : t("as.activate")} ${c.code}` });
  const reasonColumns = [
    [t("as.platform"), (r) => r.platform],
    [t("as.reasonId"), (r) => r.reasonId],
    [t("as.description"), (r) => r.description],
    [t("as.goodsStatusesShort"), (r) => r.goodsStatuses.join(", ")],
    [t("as.needVoucher"), (r) => yesNo(r.needVoucher)],
    [t("as.noRefundCarriage"), (r) => yesNo(r.noRefundCarriage)],
    [t("as.position"), (r) => r.position],
    [t("as.active"), (r) => onOff(r.active)],
  ];
  const carrierColumns = [
    [t("as.code"), (c) => c.code],
    [t("as.name"), (c) => c.name],
    [t("as.id"), (c) => c.id],
    [t("as.spellingShort"), (c) => c.spelling],
    [t("as.phone"), (c) => c.phone || "—"],
    [t("as.supportPrint"), (c) => yesNo(c.supportPrint)],
    [t("as.active"), (c) => onOff(c.active)],
  ];
  if (admin) {
    reasonColumns.push([t("as.change"), toggleReason]);
    carrierColumns.push([t("as.change"), toggleCarrier]);
  }
  const parts = [h("h1", {}, t("as.title")), cases, section(t("as.reasons"), table(t("as.reasonsCaption"), reasonColumns, reasons))];
  if (admin) {
    parts.push(
      section(
        t("as.putReason"),
        form(
          [
            field(t("as.platform"), { type: "select", name: "platform", value: "taobao", options: [["taobao", "Taobao"], ["alibaba", "1688"]] }),
            field(t("as.reasonId"), { type: "number", name: "reasonId", required: true, min: 0 }),
            field(t("as.description"), { name: "description", required: true }),
            field(t("as.tips"), { name: "tips" }),
            field(t("as.goodsStatuses"), { name: "goodsStatuses", required: true }),
            field(t("as.position"), { type: "number", name: "position", min: 0 }),
            checkbox(t("as.needVoucher"), "needVoucher"),
            checkbox(t("as.noRefundCarriage"), "noRefundCarriage"),
            checkbox(t("as.active"), "active", true),
          ],
          {
            submit: t("as.save"),
            label: t("as.putReason"),
            onSubmit: async (v) => {
              const body = { description: v.description.trim(), tips: v.tips.trim(), goodsStatuses: v.goodsStatuses.split(",").map((s) => s.trim()).filter(Boolean), needVoucher: v.needVoucher === "on", noRefundCarriage: v.noRefundCarriage === "on", active: v.active === "on" };
              if (v.position !== "") body.position = Number(v.position);
              await api("PUT", `/admin/aftersales/reasons/${v.platform}/${Number(v.reasonId)}`, { body });
              ctx.redraw();
              return t("as.saved");
            },
          },
        ),
      ),
    );
  }
  parts.push(section(t("as.carriers"), table(t("as.carriersCaption"), carrierColumns, carriers)));
  if (admin) {
    parts.push(
      section(
        t("as.putCarrier"),
        form(
          [
            field(t("as.code"), { name: "code", required: true }),
            field(t("as.name"), { name: "name", required: true }),
            field(t("as.id"), { type: "number", name: "id", required: true, min: 0 }),
            field(t("as.spelling"), { name: "spelling", required: true }),
            field(t("as.phone"), { name: "phone" }),
            checkbox(t("as.supportPrint"), "supportPrint"),
            checkbox(t("as.active"), "carrierActive", true),
          ],
          {
            submit: t("as.save"),
            label: t("as.putCarrier"),
            onSubmit: async (v) => {
              await api("PUT", `/admin/aftersales/carriers/${encodeURIComponent(v.code.trim())}`, { body: { name: v.name.trim(), id: Number(v.id), spelling: v.spelling.trim(), phone: v.phone.trim(), supportPrint: v.supportPrint === "on", active: v.carrierActive === "on" } });
              ctx.redraw();
              return t("as.saved");
            },
          },
        ),
      ),
    );
  }
  return h("div", {}, parts);
}

export default [{ path: "/op/aftersales", kind: "operator", nav: "as.nav", roles: ["support"], render }];
