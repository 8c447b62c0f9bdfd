// International parcels: operators pack and weigh, retry a supplementary charge, ship, record a trace
// event or cancel; developers follow their parcels and tracking.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, facts, field, form, h, pagedList, section, table } from "../ui.js";
import { developerPicker, grams } from "./op-common.js";

register({
  en: {
    "parcels.nav": "Parcels",
    "parcels.title": "International parcels",
    "parcels.caption": "International logistics orders",
    "parcels.order": "Order",
    "parcels.developer": "Developer",
    "parcels.user": "User",
    "parcels.status": "Status",
    "parcels.country": "Country",
    "parcels.freight": "Freight",
    "parcels.supplement": "Supplement due",
    "parcels.lines": "Lines",
    "parcels.tracking": "Tracking numbers",
    "parcels.created": "Created",
    "parcels.filterStatus": "Status",
    "parcels.any": "— any —",
    "parcels.detail": "Parcel {id}",
    "parcels.back": "Back to the parcels",
    "parcels.summary": "Summary",
    "parcels.receiver": "Receiver",
    "parcels.paid": "Paid freight",
    "parcels.refunded": "Refunded freight",
    "parcels.actual": "Actual freight",
    "parcels.goods": "Goods",
    "parcels.goodsCaption": "Lines of the parcel",
    "parcels.title_": "Goods",
    "parcels.qty": "Qty",
    "parcels.service": "Line",
    "parcels.weight": "Weight",
    "parcels.domestic": "Domestic parcels",
    "parcels.packages": "Packages",
    "parcels.packagesCaption": "Packages",
    "parcels.size": "Size",
    "parcels.chargeable": "Chargeable",
    "parcels.trackingStatus": "Tracking status",
    "parcels.events": "Tracking",
    "parcels.eventsCaption": "Tracking events",
    "parcels.time": "Time",
    "parcels.text": "Event",
    "parcels.location": "Location",
    "parcels.history": "History",
    "parcels.historyCaption": "Status changes",
    "parcels.from": "From",
    "parcels.to": "To",
    "parcels.reason": "Reason",
    "parcels.actor": "By",
    "parcels.pack": "Pack and weigh",
    "parcels.packWeight": "Package weight (grams)",
    "parcels.packSize": "Package size L×W×H mm (e.g. 300x200x150)",
    "parcels.packService": "Line (service id, optional with one line)",
    "parcels.packSubmit": "Pack",
    "parcels.charge": "Retry the supplementary charge",
    "parcels.ship": "Ship",
    "parcels.shipCarrier": "Carrier (optional)",
    "parcels.shipNumbers": "Tracking numbers (comma separated, one per package)",
    "parcels.shipSubmit": "Ship",
    "parcels.track": "Record a tracking event",
    "parcels.trackStatus": "Status (InTransit, Delivered, Exception … or a carrier code)",
    "parcels.trackText": "Carrier's words",
    "parcels.trackLocation": "Location (optional)",
    "parcels.trackNumber": "Tracking number (optional with one package)",
    "parcels.trackSubmit": "Record",
    "parcels.cancel": "Cancel the parcel",
    "parcels.cancelConfirm": "Cancel parcel {id}? Its freight is credited back.",
    "parcels.done": "Now {status}.",
    "parcels.actions": "Actions",
    "devparcels.nav": "Parcels",
    "devparcels.title": "My international parcels",
    "devparcels.back": "Back to my parcels",
  },
  zh: {
    "parcels.nav": "国际包裹",
    "parcels.title": "国际包裹",
    "parcels.caption": "国际物流订单",
    "parcels.order": "订单",
    "parcels.developer": "开发者",
    "parcels.user": "用户",
    "parcels.status": "状态",
    "parcels.country": "国家",
    "parcels.freight": "运费",
    "parcels.supplement": "待补运费",
    "parcels.lines": "明细数",
    "parcels.tracking": "运单号",
    "parcels.created": "创建时间",
    "parcels.filterStatus": "状态",
    "parcels.any": "— 全部 —",
    "parcels.detail": "包裹 {id}",
    "parcels.back": "返回包裹列表",
    "parcels.summary": "概要",
    "parcels.receiver": "收件人",
    "parcels.paid": "已付运费",
    "parcels.refunded": "已退运费",
    "parcels.actual": "实际运费",
    "parcels.goods": "货物",
    "parcels.goodsCaption": "包裹明细",
    "parcels.title_": "货物",
    "parcels.qty": "数量",
    "parcels.service": "线路",
    "parcels.weight": "重量",
    "parcels.domestic": "国内包裹",
    "parcels.packages": "包裹件",
    "parcels.packagesCaption": "包裹件",
    "parcels.size": "尺寸",
    "parcels.chargeable": "计费重",
    "parcels.trackingStatus": "物流状态",
    "parcels.events": "物流轨迹",
    "parcels.eventsCaption": "物流轨迹",
    "parcels.time": "时间",
    "parcels.text": "事件",
    "parcels.location": "地点",
    "parcels.history": "历史",
    "parcels.historyCaption": "状态变化",
    "parcels.from": "从",
    "parcels.to": "到",
    "parcels.reason": "原因",
    "parcels.actor": "操作人",
    "parcels.pack": "打包称重",
    "parcels.packWeight": "包裹重量（克）",
    "parcels.packSize": "包裹尺寸 长×宽×高 毫米（如 300x200x150）",
    "parcels.packService": "线路（服务 ID，只有一条线路时可不填）",
    "parcels.packSubmit": "打包",
    "parcels.charge": "重新扣取补运费",
    "parcels.ship": "发货",
    "parcels.shipCarrier": "承运商（可选）",
    "parcels.shipNumbers": "运单号（逗号分隔，每件一个）",
    "parcels.shipSubmit": "发货",
    "parcels.track": "记录物流事件",
    "parcels.trackStatus": "状态（InTransit、Delivered、Exception… 或承运商代码）",
    "parcels.trackText": "承运商描述",
    "parcels.trackLocation": "地点（可选）",
    "parcels.trackNumber": "运单号（只有一件时可不填）",
    "parcels.trackSubmit": "记录",
    "parcels.cancel": "取消包裹",
    "parcels.cancelConfirm": "取消包裹 {id}？运费将退回。",
    "parcels.done": "当前状态：{status}。",
    "parcels.actions": "操作",
    "devparcels.nav": "国际包裹",
    "devparcels.title": "我的国际包裹",
    "devparcels.back": "返回我的包裹",
  },
  th: {
    "parcels.nav": "พัสดุ",
    "parcels.title": "พัสดุระหว่างประเทศ",
    "parcels.caption": "คำสั่งขนส่งระหว่างประเทศ",
    "parcels.order": "คำสั่งซื้อ",
    "parcels.developer": "นักพัฒนา",
    "parcels.user": "ผู้ใช้",
    "parcels.status": "สถานะ",
    "parcels.country": "ประเทศ",
    "parcels.freight": "ค่าขนส่ง",
    "parcels.supplement": "ยอดที่ต้องชำระเพิ่ม",
    "parcels.lines": "รายการ",
    "parcels.tracking": "หมายเลขติดตามพัสดุ",
    "parcels.created": "สร้างเมื่อ",
    "parcels.filterStatus": "สถานะ",
    "parcels.any": "— ทั้งหมด —",
    "parcels.detail": "พัสดุ {id}",
    "parcels.back": "กลับไปยังรายการพัสดุ",
    "parcels.summary": "สรุป",
    "parcels.receiver": "ผู้รับ",
    "parcels.paid": "ค่าขนส่งที่ชำระแล้ว",
    "parcels.refunded": "ค่าขนส่งที่คืนแล้ว",
    "parcels.actual": "ค่าขนส่งจริง",
    "parcels.goods": "สินค้า",
    "parcels.goodsCaption": "รายการในพัสดุ",
    "parcels.title_": "สินค้า",
    "parcels.qty": "จำนวน",
    "parcels.service": "เส้นทาง",
    "parcels.weight": "น้ำหนัก",
    "parcels.domestic": "พัสดุในประเทศ",
    "parcels.packages": "หีบห่อ",
    "parcels.packagesCaption": "หีบห่อ",
    "parcels.size": "ขนาด",
    "parcels.chargeable": "น้ำหนักที่คิดค่าบริการ",
    "parcels.trackingStatus": "สถานะการติดตาม",
    "parcels.events": "การติดตาม",
    "parcels.eventsCaption": "เหตุการณ์การติดตามพัสดุ",
    "parcels.time": "เวลา",
    "parcels.text": "เหตุการณ์",
    "parcels.location": "สถานที่",
    "parcels.history": "ประวัติ",
    "parcels.historyCaption": "การเปลี่ยนสถานะ",
    "parcels.from": "จาก",
    "parcels.to": "เป็น",
    "parcels.reason": "เหตุผล",
    "parcels.actor": "โดย",
    "parcels.pack": "แพ็กและชั่งน้ำหนัก",
    "parcels.packWeight": "น้ำหนักหีบห่อ (กรัม)",
    "parcels.packSize": "ขนาดหีบห่อ ยาว×กว้าง×สูง มม. (เช่น 300x200x150)",
    "parcels.packService": "เส้นทาง (รหัสบริการ ไม่บังคับหากมีเส้นทางเดียว)",
    "parcels.packSubmit": "แพ็ก",
    "parcels.charge": "ลองเรียกเก็บเงินส่วนเพิ่มอีกครั้ง",
    "parcels.ship": "จัดส่ง",
    "parcels.shipCarrier": "บริษัทขนส่ง (ไม่บังคับ)",
    "parcels.shipNumbers": "หมายเลขติดตามพัสดุ (คั่นด้วยจุลภาค หนึ่งหมายเลขต่อหนึ่งหีบห่อ)",
    "parcels.shipSubmit": "จัดส่ง",
    "parcels.track": "บันทึกเหตุการณ์การติดตามพัสดุ",
    "parcels.trackStatus": "สถานะ (InTransit, Delivered, Exception … หรือรหัสของบริษัทขนส่ง)",
    "parcels.trackText": "ข้อความจากบริษัทขนส่ง",
    "parcels.trackLocation": "สถานที่ (ไม่บังคับ)",
    "parcels.trackNumber": "หมายเลขติดตามพัสดุ (ไม่บังคับหากมีหีบห่อเดียว)",
    "parcels.trackSubmit": "บันทึก",
    "parcels.cancel": "ยกเลิกพัสดุ",
    "parcels.cancelConfirm": "ยกเลิกพัสดุ {id} หรือไม่? ค่าขนส่งจะถูกคืนเข้ากระเป๋าเงิน",
    "parcels.done": "ขณะนี้ {status}",
    "parcels.actions": "การดำเนินการ",
    "devparcels.nav": "พัสดุ",
    "devparcels.title": "พัสดุระหว่างประเทศของฉัน",
    "devparcels.back": "กลับไปยังพัสดุของฉัน",
  },
});

const STATUSES = ["BOOKED", "DOMESTIC_DECLARED", "IN_WAREHOUSE", "PACKED", "AWAITING_PAYMENT", "SHIPPED", "IN_TRANSIT", "DELIVERED", "EXCEPTION", "CANCELLED"];
const TONE = { DELIVERED: "ok", EXCEPTION: "bad", CANCELLED: "warn", AWAITING_PAYMENT: "warn" };
const yuan = (s) => (s === null || s === undefined ? "—" : `¥${s}`);

function list(path, query, linkTo, { operator }) {
  return pagedList({
    load: async (after) => {
      const page = await api("GET", path, { query: { ...query, after } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(t("parcels.caption"), [
        [t("parcels.order"), (p) => h("a", { href: `#${linkTo(p.orderId)}` }, p.orderId)],
        ...(operator ? [[t("parcels.developer"), (p) => p.developerId]] : []),
        [t("parcels.user"), (p) => p.userId],
        [t("parcels.status"), (p) => badge(p.status, TONE[p.status] ?? "")],
        [t("parcels.country"), (p) => p.country],
        [t("parcels.freight"), (p) => yuan(p.totalFreight)],
        [t("parcels.supplement"), (p) => yuan(p.supplementDue)],
        [t("parcels.lines"), (p) => p.lines],
        [t("parcels.tracking"), (p) => p.trackingNumbers.join(", ") || "—"],
        [t("parcels.created"), (p) => p.createTime],
      ], items),
  }).el;
}

function detailParts(p) {
  const r = p.receiverAddress;
  return [
    section(
      t("parcels.summary"),
      facts([
        [t("parcels.status"), badge(p.status, TONE[p.status] ?? "")],
        [t("parcels.user"), p.userId],
        [t("parcels.receiver"), [r.name, r.address, r.city, r.state, r.zip, r.country].filter(Boolean).join(", ")],
        [t("parcels.freight"), yuan(p.totalFreight)],
        [t("parcels.paid"), yuan(p.paidFreight)],
        [t("parcels.supplement"), yuan(p.supplementDue)],
        [t("parcels.refunded"), yuan(p.refundedFreight)],
        [t("parcels.actual"), yuan(p.actualFreight)],
        [t("parcels.created"), p.createTime],
      ]),
    ),
    section(
      t("parcels.goods"),
      table(t("parcels.goodsCaption"), [
        [t("parcels.title_"), (l) => l.title ?? `${l.itemId} / ${l.skuId}`],
        [t("parcels.qty"), (l) => l.quantity],
        [t("parcels.service"), (l) => `${l.freightInfo.serviceId} · ${l.freightInfo.companyName}`],
        [t("parcels.weight"), (l) => grams(l.weightG)],
        [t("parcels.freight"), (l) => yuan(l.freight)],
        [t("parcels.domestic"), (l) => l.domesticLogisticInfo.map((d) => `${d.logisticCompanyName} ${d.logisticNumer}${d.warehouseState ? ` (${d.warehouseState})` : ""}`).join("; ") || "—"],
      ], p.lineItems),
    ),
    section(
      t("parcels.packages"),
      table(t("parcels.packagesCaption"), [
        [t("parcels.service"), (k) => `${k.serviceId} · ${k.companyName}`],
        [t("parcels.weight"), (k) => grams(k.weightG)],
        [t("parcels.size"), (k) => `${k.lengthMm} × ${k.widthMm} × ${k.heightMm} mm`],
        [t("parcels.chargeable"), (k) => grams(k.chargeableWeightG)],
        [t("parcels.freight"), (k) => yuan(k.freight)],
        [t("parcels.tracking"), (k) => [k.carrier, k.trackingNumber].filter(Boolean).join(" ") || "—"],
        [t("parcels.trackingStatus"), (k) => k.trackingStatus ?? "—"],
      ], p.packages),
    ),
    section(
      t("parcels.events"),
      table(t("parcels.eventsCaption"), [
        [t("parcels.time"), (e) => e.time],
        [t("parcels.status"), (e) => badge(e.status, e.status === "Delivered" ? "ok" : e.status === "Exception" ? "bad" : "")],
        [t("parcels.text"), (e) => e.text],
        [t("parcels.location"), (e) => e.location ?? "—"],
        [t("parcels.tracking"), (e) => e.trackingNumber],
      ], p.tracking),
    ),
    section(
      t("parcels.history"),
      table(t("parcels.historyCaption"), [
        [t("parcels.from"), (e) => e.from ?? "—"],
        [t("parcels.to"), (e) => e.to],
        [t("parcels.reason"), (e) => e.reason],
        [t("parcels.actor"), (e) => e.actor],
        [t("parcels.time"), (e) => e.time],
      ], p.history),
    ),
  ];
}

async function operatorList(ctx) {
  const status = ctx.query.get("status") ?? "";
  const path = (developId, s = status) => {
    const q = new URLSearchParams();
    if (developId) q.set("developId", developId);
    if (s) q.set("status", s);
    return `/op/parcels${q.size ? `?${q}` : ""}`;
  };
  const picker = await developerPicker(ctx, (id) => path(id), { allowAll: true });
  const statusField = field(t("parcels.filterStatus"), { type: "select", name: "status", value: status, options: [["", t("parcels.any")], ...STATUSES.map((s) => [s, s])] });
  statusField.input.addEventListener("change", () => ctx.go(path(picker.current, statusField.input.value)));
  return h(
    "div",
    {},
    h("h1", {}, t("parcels.title")),
    h("div", { class: "op-filters" }, picker.row, statusField.row),
    list("/admin/logistics/parcels", { developId: picker.current, status }, (id) => `/op/parcels/${id}`, { operator: true }),
  );
}

async function operatorDetail(ctx) {
  const p = await api("GET", `/admin/logistics/parcels/${ctx.params.id}`);
  const base = `/admin/logistics/parcels/${p.orderId}`;
  const after = (verb) => async (body) => {
    const done = await api("POST", `${base}/${verb}`, body === undefined ? {} : { body });
    ctx.redraw();
    return t("parcels.done", { status: done.status });
  };
  const actions = [];
  if (p.status === "IN_WAREHOUSE") {
    actions.push(
      h("h3", {}, t("parcels.pack")),
      form([field(t("parcels.packWeight"), { type: "number", name: "weightG", min: 1, required: true }), field(t("parcels.packSize"), { name: "sizeMm", autocomplete: "off" }), field(t("parcels.packService"), { name: "serviceId", autocomplete: "off" })], {
        submit: t("parcels.packSubmit"),
        label: t("parcels.pack"),
        inline: true,
        onSubmit: (v) => {
          const pkg = { weightG: Number(v.weightG) };
          if (v.sizeMm.trim()) pkg.sizeMm = v.sizeMm.trim();
          if (v.serviceId.trim()) pkg.serviceId = v.serviceId.trim();
          return after("pack")({ packages: [pkg] });
        },
      }),
    );
  }
  if (p.status === "AWAITING_PAYMENT") actions.push(action(t("parcels.charge"), () => after("charge")()));
  if (p.status === "PACKED") {
    actions.push(
      h("h3", {}, t("parcels.ship")),
      form([field(t("parcels.shipCarrier"), { name: "carrier" }), field(t("parcels.shipNumbers"), { name: "trackingNumbers", required: true, autocomplete: "off" })], {
        submit: t("parcels.shipSubmit"),
        label: t("parcels.ship"),
        inline: true,
        onSubmit: (v) => after("ship")({ ...(v.carrier.trim() ? { carrier: v.carrier.trim() } : {}), trackingNumbers: v.trackingNumbers.split(",").map((s) => s.trim()).filter(Boolean) }),
      }),
    );
  }
  if (["SHIPPED", "IN_TRANSIT", "EXCEPTION"].includes(p.status)) {
    actions.push(
      h("h3", {}, t("parcels.track")),
      form([field(t("parcels.trackStatus"), { name: "status", required: true, value: "InTransit" }), field(t("parcels.trackText"), { name: "text", required: true }), field(t("parcels.trackLocation"), { name: "location" }), field(t("parcels.trackNumber"), { name: "trackingNumber" })], {
        submit: t("parcels.trackSubmit"),
        label: t("parcels.track"),
        inline: true,
        onSubmit: (v) => after("track")({ status: v.status.trim(), text: v.text.trim(), ...(v.location.trim() ? { location: v.location.trim() } : {}), ...(v.trackingNumber.trim() ? { trackingNumber: v.trackingNumber.trim() } : {}) }),
      }),
    );
  }
  if (["BOOKED", "DOMESTIC_DECLARED", "IN_WAREHOUSE", "AWAITING_PAYMENT"].includes(p.status)) actions.push(h("p", {}, action(t("parcels.cancel"), () => after("cancel")(), { kind: "danger", confirmText: t("parcels.cancelConfirm", { id: p.orderId }) })));
  return h(
    "div",
    {},
    h("p", {}, h("a", { href: "#/op/parcels" }, t("parcels.back"))),
    h("h1", {}, t("parcels.detail", { id: p.orderId })),
    actions.length ? section(t("parcels.actions"), actions) : null,
    detailParts(p),
  );
}

async function developerList() {
  return h("div", {}, h("h1", {}, t("devparcels.title")), list("/logistics/parcels", {}, (id) => `/dev/parcels/${id}`, { operator: false }));
}

async function developerDetail(ctx) {
  const p = await api("GET", `/logistics/parcels/${ctx.params.id}`);
  return h("div", {}, h("p", {}, h("a", { href: "#/dev/parcels" }, t("devparcels.back"))), h("h1", {}, t("parcels.detail", { id: p.orderId })), detailParts(p));
}

export default [
  { path: "/op/parcels", kind: "operator", nav: "parcels.nav", roles: ["warehouse"], render: operatorList },
  { path: "/op/parcels/:id", kind: "operator", title: "parcels.nav", roles: ["warehouse"], render: operatorDetail },
  { path: "/dev/parcels", kind: "developer", nav: "devparcels.nav", render: developerList },
  { path: "/dev/parcels/:id", kind: "developer", title: "devparcels.nav", render: developerDetail },
];
