// The warehouse: operators scan parcels in, check goods (weight, size, photos, pass or issue), send
// them back or keep them and run storage; developers see their goods and parcels at the warehouse.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, facts, field, form, h, money, pagedList, section, table, time } from "../ui.js";
import { developerPicker, grams, readAsDataUrls, sameOrigin, size } from "./op-common.js";

register({
  en: {
    "wh.nav": "Warehouse",
    "wh.title": "Warehouse",
    "wh.receive": "Scan a parcel in",
    "wh.tracking": "Domestic tracking number",
    "wh.carrier": "Carrier (optional)",
    "wh.receiveSubmit": "Receive",
    "wh.received": "Parcel {trackingNumber}: {outcome}.",
    "wh.held": "Held parcels (arrived unannounced)",
    "wh.heldCaption": "Parcels held until someone claims them",
    "wh.inbound": "Inbound parcels of the developer",
    "wh.inboundCaption": "Domestic parcels",
    "wh.items": "Goods of the developer",
    "wh.itemsCaption": "Warehouse items",
    "wh.pickDeveloper": "Choose a developer to see their goods and parcels.",
    "wh.state": "State",
    "wh.title_": "Goods",
    "wh.user": "User",
    "wh.weight": "Weight",
    "wh.size": "Size",
    "wh.source": "Source",
    "wh.holdUntil": "Held until",
    "wh.receivedAt": "Received",
    "wh.created": "Created",
    "wh.lines": "Lines",
    "wh.open": "Open",
    "wh.storage": "Storage",
    "wh.storageRun": "Run storage now",
    "wh.storageDone": "Storage run: {count} developer(s) charged or updated.",
    "wh.item": "Warehouse item {id}",
    "wh.details": "Details",
    "wh.qc": "Quality check",
    "wh.qcWeight": "Weight (grams)",
    "wh.qcSize": "Size L×W×H in mm (e.g. 300x200x120)",
    "wh.qcResult": "Result",
    "wh.qcPass": "Pass",
    "wh.qcIssue": "Issue",
    "wh.qcNote": "Note (required for an issue)",
    "wh.qcPhotos": "Photos (JPEG, PNG or WebP, up to 6)",
    "wh.qcSubmit": "Record check",
    "wh.qcDone": "Check recorded: {state}.",
    "wh.photos": "Photos",
    "wh.photoAlt": "Check photo {n} of {title}",
    "wh.noPhotos": "No photo.",
    "wh.history": "History",
    "wh.historyCaption": "State changes",
    "wh.from": "From",
    "wh.to": "To",
    "wh.reason": "Reason",
    "wh.actor": "By",
    "wh.at": "At",
    "wh.issueActions": "Return or keep",
    "wh.actionNote": "Note",
    "wh.return": "Return to seller",
    "wh.keep": "Keep on the shelf",
    "wh.done": "Now {state}.",
    "wh.qcResultShown": "Check result",
    "wh.qcNoteShown": "Check note",
    "wh.order": "Order",
    "wh.quantity": "Quantity (received / expected)",
    "wh.freeUntil": "Free storage until",
    "wh.abandonAt": "Abandoned at",
    "wh.fees": "Storage fees (charged / owed)",
    "wh.storageDays": "Storage days",
    "wh.storageCaption": "Storage days charged or owed",
    "wh.day": "Day",
    "wh.amount": "Amount",
    "wh.status": "Status",
    "wh.back": "Back to the warehouse",
    "devwh.nav": "Warehouse",
    "devwh.title": "My goods at the warehouse",
    "devwh.items": "Goods",
    "devwh.inbound": "Parcels on their way or arrived",
    "devwh.back": "Back to my goods",
  },
  zh: {
    "wh.nav": "仓库",
    "wh.title": "仓库",
    "wh.receive": "扫描入库",
    "wh.tracking": "国内快递单号",
    "wh.carrier": "快递公司（可选）",
    "wh.receiveSubmit": "签收",
    "wh.received": "包裹 {trackingNumber}：{outcome}。",
    "wh.held": "待认领包裹（无预报到货）",
    "wh.heldCaption": "等待认领的包裹",
    "wh.inbound": "该开发者的入库包裹",
    "wh.inboundCaption": "国内包裹",
    "wh.items": "该开发者的货物",
    "wh.itemsCaption": "仓库货物",
    "wh.pickDeveloper": "选择开发者以查看其货物和包裹。",
    "wh.state": "状态",
    "wh.title_": "货物",
    "wh.user": "用户",
    "wh.weight": "重量",
    "wh.size": "尺寸",
    "wh.source": "来源",
    "wh.holdUntil": "保留至",
    "wh.receivedAt": "签收时间",
    "wh.created": "创建时间",
    "wh.lines": "明细",
    "wh.open": "打开",
    "wh.storage": "仓储",
    "wh.storageRun": "立即执行仓储计费",
    "wh.storageDone": "仓储计费完成：{count} 个开发者。",
    "wh.item": "仓库货物 {id}",
    "wh.details": "详情",
    "wh.qc": "质检",
    "wh.qcWeight": "重量（克）",
    "wh.qcSize": "尺寸 长×宽×高，毫米（如 300x200x120）",
    "wh.qcResult": "结果",
    "wh.qcPass": "合格",
    "wh.qcIssue": "有问题",
    "wh.qcNote": "备注（有问题时必填）",
    "wh.qcPhotos": "照片（JPEG、PNG 或 WebP，最多 6 张）",
    "wh.qcSubmit": "记录质检",
    "wh.qcDone": "质检已记录：{state}。",
    "wh.photos": "照片",
    "wh.photoAlt": "{title} 的质检照片 {n}",
    "wh.noPhotos": "没有照片。",
    "wh.history": "历史",
    "wh.historyCaption": "状态变化",
    "wh.from": "从",
    "wh.to": "到",
    "wh.reason": "原因",
    "wh.actor": "操作人",
    "wh.at": "时间",
    "wh.issueActions": "退回或保留",
    "wh.actionNote": "备注",
    "wh.return": "退回卖家",
    "wh.keep": "保留上架",
    "wh.done": "当前状态：{state}。",
    "wh.qcResultShown": "质检结果",
    "wh.qcNoteShown": "质检备注",
    "wh.order": "订单",
    "wh.quantity": "数量（实收 / 预报）",
    "wh.freeUntil": "免费仓储至",
    "wh.abandonAt": "弃置时间",
    "wh.fees": "仓储费（已扣 / 欠费）",
    "wh.storageDays": "仓储天数",
    "wh.storageCaption": "已扣或欠费的仓储天数",
    "wh.day": "天",
    "wh.amount": "金额",
    "wh.status": "状态",
    "wh.back": "返回仓库",
    "devwh.nav": "仓库",
    "devwh.title": "我在仓库的货物",
    "devwh.items": "货物",
    "devwh.inbound": "在途或已到的包裹",
    "devwh.back": "返回我的货物",
  },
  th: {
    "wh.nav": "คลังสินค้า",
    "wh.title": "คลังสินค้า",
    "wh.receive": "สแกนรับพัสดุเข้า",
    "wh.tracking": "หมายเลขติดตามพัสดุในประเทศ",
    "wh.carrier": "บริษัทขนส่ง (ไม่บังคับ)",
    "wh.receiveSubmit": "รับเข้า",
    "wh.received": "พัสดุ {trackingNumber}: {outcome}",
    "wh.held": "พัสดุที่พักไว้ (มาถึงโดยไม่ได้แจ้งล่วงหน้า)",
    "wh.heldCaption": "พัสดุที่พักไว้จนกว่าจะมีผู้มารับสิทธิ์",
    "wh.inbound": "พัสดุขาเข้าของนักพัฒนา",
    "wh.inboundCaption": "พัสดุในประเทศ",
    "wh.items": "สินค้าของนักพัฒนา",
    "wh.itemsCaption": "สินค้าในคลัง",
    "wh.pickDeveloper": "เลือกนักพัฒนาเพื่อดูสินค้าและพัสดุ",
    "wh.state": "สถานะ",
    "wh.title_": "สินค้า",
    "wh.user": "ผู้ใช้",
    "wh.weight": "น้ำหนัก",
    "wh.size": "ขนาด",
    "wh.source": "ที่มา",
    "wh.holdUntil": "พักไว้จนถึง",
    "wh.receivedAt": "รับเข้าเมื่อ",
    "wh.created": "สร้างเมื่อ",
    "wh.lines": "รายการ",
    "wh.open": "เปิด",
    "wh.storage": "ค่าฝากเก็บ",
    "wh.storageRun": "คำนวณค่าฝากเก็บทันที",
    "wh.storageDone": "คำนวณค่าฝากเก็บแล้ว: เรียกเก็บหรืออัปเดตนักพัฒนา {count} ราย",
    "wh.item": "สินค้าในคลัง {id}",
    "wh.details": "รายละเอียด",
    "wh.qc": "ตรวจสอบคุณภาพ",
    "wh.qcWeight": "น้ำหนัก (กรัม)",
    "wh.qcSize": "ขนาด ยาว×กว้าง×สูง เป็น มม. (เช่น 300x200x120)",
    "wh.qcResult": "ผลการตรวจ",
    "wh.qcPass": "ผ่าน",
    "wh.qcIssue": "มีปัญหา",
    "wh.qcNote": "หมายเหตุ (จำเป็นเมื่อมีปัญหา)",
    "wh.qcPhotos": "รูปภาพ (JPEG, PNG หรือ WebP สูงสุด 6 รูป)",
    "wh.qcSubmit": "บันทึกผลการตรวจ",
    "wh.qcDone": "บันทึกผลการตรวจแล้ว: {state}",
    "wh.photos": "รูปภาพ",
    "wh.photoAlt": "รูปภาพการตรวจที่ {n} ของ {title}",
    "wh.noPhotos": "ไม่มีรูปภาพ",
    "wh.history": "ประวัติ",
    "wh.historyCaption": "การเปลี่ยนสถานะ",
    "wh.from": "จาก",
    "wh.to": "เป็น",
    "wh.reason": "เหตุผล",
    "wh.actor": "โดย",
    "wh.at": "เวลา",
    "wh.issueActions": "ส่งคืนหรือเก็บไว้",
    "wh.actionNote": "หมายเหตุ",
    "wh.return": "ส่งคืนผู้ขาย",
    "wh.keep": "เก็บไว้บนชั้นวาง",
    "wh.done": "ขณะนี้ {state}",
    "wh.qcResultShown": "ผลการตรวจ",
    "wh.qcNoteShown": "หมายเหตุการตรวจ",
    "wh.order": "คำสั่งซื้อ",
    "wh.quantity": "จำนวน (ได้รับ / ที่คาดไว้)",
    "wh.freeUntil": "ฝากเก็บฟรีถึง",
    "wh.abandonAt": "ถือว่าสละสิทธิ์เมื่อ",
    "wh.fees": "ค่าฝากเก็บ (เรียกเก็บแล้ว / ค้างชำระ)",
    "wh.storageDays": "จำนวนวันฝากเก็บ",
    "wh.storageCaption": "วันฝากเก็บที่เรียกเก็บแล้วหรือค้างชำระ",
    "wh.day": "วัน",
    "wh.amount": "จำนวนเงิน",
    "wh.status": "สถานะ",
    "wh.back": "กลับไปยังคลังสินค้า",
    "devwh.nav": "คลังสินค้า",
    "devwh.title": "สินค้าของฉันที่คลังสินค้า",
    "devwh.items": "สินค้า",
    "devwh.inbound": "พัสดุที่กำลังมาหรือมาถึงแล้ว",
    "devwh.back": "กลับไปยังสินค้าของฉัน",
  },
});

const TONE = { STORED: "ok", QC_PASSED: "ok", QC_ISSUE: "bad", HELD: "warn", ABANDONED: "bad", RETURNED_TO_SELLER: "warn" };
const state = (s) => badge(s, TONE[s] ?? "");

function photos(item) {
  if (!item.qc.photos.length) return h("p", { class: "empty" }, t("wh.noPhotos"));
  return h(
    "ul",
    { class: "op-photos" },
    item.qc.photos.map((url, i) => h("li", {}, h("a", { href: sameOrigin(url) }, h("img", { src: sameOrigin(url), alt: t("wh.photoAlt", { n: i + 1, title: item.title }), loading: "lazy" })))),
  );
}

function itemsTable(items, linkTo, { withPhotos = false } = {}) {
  const columns = [
    [t("wh.title_"), (i) => h("a", { href: `#${linkTo(i.id)}` }, i.title)],
    [t("wh.state"), (i) => state(i.state)],
    [t("wh.user"), (i) => i.userId],
    [t("wh.weight"), (i) => grams(i.weightG)],
    [t("wh.size"), (i) => size(i.sizeMm)],
    [t("wh.receivedAt"), (i) => time(i.receivedAt)],
  ];
  if (withPhotos) columns.push([t("wh.photos"), (i) => (i.qc.photos.length ? photos(i) : "—")]);
  return table(t("wh.itemsCaption"), columns, items);
}

function inboundTable(caption, items) {
  return table(caption, [
    [t("wh.tracking"), (p) => `${p.trackingNumber} · ${p.carrier}`],
    [t("wh.state"), (p) => state(p.state)],
    [t("wh.source"), (p) => p.source],
    [t("wh.user"), (p) => p.userId ?? "—"],
    [t("wh.weight"), (p) => grams(p.weightG)],
    [t("wh.lines"), (p) => p.items.map((i) => `${i.title} ×${i.quantityReceived ?? i.quantityExpected}`).join("; ") || "—"],
    [`${t("wh.receivedAt")} / ${t("wh.holdUntil")}`, (p) => (p.state === "HELD" ? time(p.holdUntil) : time(p.receivedAt ?? p.expectedAt))],
  ], items);
}

const paged = (path, query, render) =>
  pagedList({
    load: async (cursor) => {
      const page = await api("GET", path, { query: { ...query, cursor } });
      return { items: page.items, next: page.nextCursor };
    },
    render,
  }).el;

async function operatorWarehouse(ctx) {
  const picker = await developerPicker(ctx, (id) => (id ? `/op/warehouse?developId=${id}` : "/op/warehouse"));
  const developId = picker.current;
  const receive = form(
    [
      field(t("opc.developer"), { type: "select", name: "developId", required: true, value: developId, options: picker.developers.map((d) => [d.developId, `${d.name} (${d.developId})`]) }),
      field(t("wh.tracking"), { name: "trackingNumber", required: true, autocomplete: "off" }),
      field(t("wh.carrier"), { name: "carrier" }),
    ],
    {
      submit: t("wh.receiveSubmit"),
      label: t("wh.receive"),
      inline: true,
      onSubmit: async (values) => {
        const body = { developId: values.developId, trackingNumber: values.trackingNumber.trim() };
        if (values.carrier?.trim()) body.carrier = values.carrier.trim();
        const answer = await api("POST", "/admin/warehouse/inbound/receive", { body });
        return t("wh.received", { trackingNumber: answer.inbound.trackingNumber, outcome: `${answer.outcome} (${answer.inbound.state})` });
      },
    },
  );
  const storage = action(t("wh.storageRun"), async () => {
    const result = await api("POST", "/admin/warehouse/storage/run", { body: developId ? { developId } : {} });
    return t("wh.storageDone", { count: result.length });
  });
  return h(
    "div",
    {},
    h("h1", {}, t("wh.title")),
    section(t("wh.receive"), receive),
    section(t("wh.held"), paged("/admin/warehouse/inbound", { state: "HELD" }, (items) => inboundTable(t("wh.heldCaption"), items))),
    h("section", { class: "card" }, h("h2", {}, t("wh.items")), picker.row, developId ? paged("/admin/warehouse/items", { developId }, (items) => itemsTable(items, (id) => `/op/warehouse/items/${id}`)) : h("p", { class: "empty" }, t("wh.pickDeveloper"))),
    developId ? section(t("wh.inbound"), paged("/admin/warehouse/inbound", { developId }, (items) => inboundTable(t("wh.inboundCaption"), items))) : null,
    section(t("wh.storage"), storage),
  );
}

function itemFacts(item) {
  return facts([
    [t("wh.state"), state(item.state)],
    [t("wh.user"), item.userId],
    [t("wh.order"), item.orderId ? `${item.platform} ${item.orderId}` : "—"],
    [t("wh.tracking"), `${item.inbound.trackingNumber} · ${item.inbound.carrier}`],
    [t("wh.quantity"), `${item.quantityReceived ?? "—"} / ${item.quantityExpected}`],
    [t("wh.weight"), grams(item.weightG)],
    [t("wh.size"), size(item.sizeMm)],
    [t("wh.qcResultShown"), item.qc.result ?? "—"],
    [t("wh.qcNoteShown"), item.qc.note ?? "—"],
    [t("wh.receivedAt"), time(item.receivedAt)],
    [t("wh.freeUntil"), time(item.freeStorageUntil)],
    [t("wh.abandonAt"), time(item.abandonAt)],
    [t("wh.fees"), `${money(item.storageFees.chargedFen)} / ${money(item.storageFees.owedFen)}`],
  ]);
}

function historyAndStorage(item) {
  return [
    section(
      t("wh.history"),
      table(t("wh.historyCaption"), [
        [t("wh.from"), (e) => e.from ?? "—"],
        [t("wh.to"), (e) => e.to],
        [t("wh.reason"), (e) => e.reason ?? "—"],
        [t("wh.actor"), (e) => e.actor],
        [t("wh.at"), (e) => time(e.at)],
      ], item.history ?? []),
    ),
    section(
      t("wh.storageDays"),
      table(t("wh.storageCaption"), [
        [t("wh.day"), (d) => d.day],
        [t("wh.amount"), (d) => money(d.amountFen)],
        [t("wh.status"), (d) => d.status],
        [t("wh.at"), (d) => time(d.at)],
      ], item.storageDays ?? []),
    ),
  ];
}

async function operatorItem(ctx) {
  const item = await api("GET", `/admin/warehouse/items/${ctx.params.id}`);
  const parts = [h("p", {}, h("a", { href: "#/op/warehouse" }, t("wh.back"))), h("h1", {}, t("wh.item", { id: item.id })), h("p", { class: "op-lead" }, item.title), section(t("wh.details"), itemFacts(item)), section(t("wh.photos"), photos(item))];
  if (item.state === "RECEIVED") {
    const files = field(t("wh.qcPhotos"), { type: "file", name: "photoFiles", accept: "image/jpeg,image/png,image/webp,image/*", multiple: true });
    const qc = form(
      [
        field(t("wh.qcWeight"), { type: "number", name: "weightG", required: true, min: 1, max: 1000000, step: 1, inputmode: "numeric" }),
        field(t("wh.qcSize"), { name: "sizeMm", required: true, autocomplete: "off" }),
        field(t("wh.qcResult"), { type: "select", name: "result", value: "pass", options: [["pass", t("wh.qcPass")], ["issue", t("wh.qcIssue")]] }),
        field(t("wh.qcNote"), { type: "textarea", name: "note", rows: 3, maxlength: 500 }),
        files,
      ],
      {
        submit: t("wh.qcSubmit"),
        label: t("wh.qc"),
        onSubmit: async (values) => {
          const body = { weightG: Number(values.weightG), sizeMm: values.sizeMm.trim(), result: values.result, operator: ctx.session.operator.name };
          if (values.note?.trim()) body.note = values.note.trim();
          if (files.input.files.length) body.photos = await readAsDataUrls(files.input.files);
          const checked = await api("POST", `/admin/warehouse/items/${item.id}/qc`, { body });
          ctx.redraw();
          return t("wh.qcDone", { state: checked.state });
        },
      },
    );
    parts.push(section(t("wh.qc"), qc));
  }
  if (item.state === "QC_ISSUE" || item.state === "STORED") {
    const note = field(t("wh.actionNote"), { name: "actionNote", maxlength: 500 });
    const body = () => ({ operator: ctx.session.operator.name, ...(note.input.value.trim() ? { note: note.input.value.trim() } : {}) });
    const run = (verb) => async () => {
      const done = await api("POST", `/admin/warehouse/items/${item.id}/${verb}`, { body: body() });
      ctx.redraw();
      return t("wh.done", { state: done.state });
    };
    parts.push(
      section(
        t("wh.issueActions"),
        note.row,
        h("div", { class: "actions" }, action(t("wh.return"), run("return"), { kind: "danger", confirmText: t("wh.return") + "?" }), item.state === "QC_ISSUE" ? action(t("wh.keep"), run("keep")) : null),
      ),
    );
  }
  parts.push(...historyAndStorage(item));
  return h("div", {}, parts);
}

async function developerWarehouse() {
  return h(
    "div",
    {},
    h("h1", {}, t("devwh.title")),
    section(t("devwh.items"), paged("/warehouse/items", {}, (items) => itemsTable(items, (id) => `/dev/warehouse/items/${id}`, { withPhotos: true }))),
    section(t("devwh.inbound"), paged("/warehouse/inbound", {}, (items) => inboundTable(t("wh.inboundCaption"), items))),
  );
}

async function developerItem(ctx) {
  const item = await api("GET", `/warehouse/items/${ctx.params.id}`);
  return h(
    "div",
    {},
    h("p", {}, h("a", { href: "#/dev/warehouse" }, t("devwh.back"))),
    h("h1", {}, t("wh.item", { id: item.id })),
    h("p", { class: "op-lead" }, item.title),
    section(t("wh.details"), itemFacts(item)),
    section(t("wh.photos"), photos(item)),
    ...historyAndStorage(item),
  );
}

export default [
  { path: "/op/warehouse", kind: "operator", nav: "wh.nav", roles: ["warehouse"], render: operatorWarehouse },
  { path: "/op/warehouse/items/:id", kind: "operator", title: "wh.nav", roles: ["warehouse"], render: operatorItem },
  { path: "/dev/warehouse", kind: "developer", nav: "devwh.nav", render: developerWarehouse },
  { path: "/dev/warehouse/items/:id", kind: "developer", title: "devwh.nav", render: developerItem },
];
