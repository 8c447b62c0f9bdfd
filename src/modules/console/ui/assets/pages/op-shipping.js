// Shipping lines: the lines with their zones, rates and surcharges, the fuel percentage (admin) and a
// quote simulator (POST /admin/shipping/explain) showing each line's quote or why it is left out.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, facts, field, form, h, money, section, table } from "../ui.js";
import { grams, isAdmin } from "./op-common.js";

register({
  en: {
    "ship.nav": "Shipping lines",
    "ship.title": "Shipping lines",
    "ship.lines": "Lines",
    "ship.linesCaption": "Shipping lines",
    "ship.service": "Line",
    "ship.company": "Company",
    "ship.category": "Category",
    "ship.active": "Active",
    "ship.yes": "active",
    "ship.no": "inactive",
    "ship.zones": "Zones",
    "ship.transit": "Transit days",
    "ship.maxWeight": "Max weight",
    "ship.attributes": "Sensitive goods accepted",
    "ship.none": "none",
    "ship.simulator": "Quote simulator",
    "ship.simHelp": "Type the goods as measured (weight, size, attributes), or leave the weight empty and give a catalogue item, its SKU and a quantity to weigh them from the catalogue.",
    "ship.weightG": "Weight (g)",
    "ship.edit": "Edit the line (JSON)",
    "ship.editHelp": "The whole line: zones with their rates, surcharges, limits. Save under another service id to create a new line.",
    "ship.serviceIdField": "Service id",
    "ship.lineJson": "Line (JSON)",
    "ship.editSave": "Save the line",
    "ship.editDone": "Saved; line revision {revision}.",
    "ship.badJson": "The line is not valid JSON: {reason}",
    "ship.lengthMm": "Length (mm)",
    "ship.widthMm": "Width (mm)",
    "ship.heightMm": "Height (mm)",
    "ship.goodsAttributes": "Attributes",
    "ship.itemId": "Catalogue item id",
    "ship.skuId": "SKU id",
    "ship.quantity": "Quantity",
    "ship.country": "Country (ISO code, e.g. US)",
    "ship.zip": "Postcode (optional)",
    "ship.catalogue": "Catalogue",
    "ship.sandboxCat": "Sandbox",
    "ship.liveCat": "Live",
    "ship.quote": "Get quotes",
    "ship.goods": "Goods: {weight}, {size}, attributes: {attributes}; surcharges as of {date}.",
    "ship.priced": "Lines that quote",
    "ship.pricedCaption": "Quotes by line",
    "ship.leftOut": "Lines left out",
    "ship.leftOutCaption": "Lines left out and why",
    "ship.zone": "Zone",
    "ship.actual": "Actual",
    "ship.volumetric": "Volumetric",
    "ship.chargeable": "Chargeable",
    "ship.base": "Base freight",
    "ship.surcharges": "Surcharges",
    "ship.total": "Total",
    "ship.reason": "Reason",
    "ship.why": "Why",
    "ship.nothingPriced": "No line quotes these goods to this destination.",
    "ship.nothingLeftOut": "No line is left out.",
    "ship.back": "Back to the lines",
    "ship.line": "Line {serviceId}: {companyName}",
    "ship.rules": "Rules",
    "ship.zonesCaption": "Zones and rates",
    "ship.countries": "Countries",
    "ship.rate": "Rate",
    "ship.surchargesCaption": "Surcharges",
    "ship.code": "Code",
    "ship.kind": "Kind",
    "ship.amount": "Amount",
    "ship.valid": "Valid",
    "ship.fuel": "Fuel surcharge",
    "ship.fuelPercent": "Fuel percentage (e.g. 12.5)",
    "ship.fuelFrom": "From (China date)",
    "ship.fuelSave": "Set fuel",
    "ship.fuelDone": "Fuel set; line revision {revision}.",
    "ship.divisor": "Volumetric divisor",
    "ship.throw": "Throw mode",
    "ship.minWeight": "Minimum chargeable weight",
    "ship.maxSide": "Longest side",
    "ship.maxGirth": "Girth",
    "ship.revision": "Revision",
    "ship.steps": "first {first} g {firstFee}, then {fee} per {step} g",
    "ship.bandPerKg": "{from}–{to} g: {fee}/kg",
    "ship.bandFlat": "{from}–{to} g: {fee} flat",
  },
  zh: {
    "ship.nav": "物流线路",
    "ship.title": "物流线路",
    "ship.lines": "线路",
    "ship.linesCaption": "物流线路",
    "ship.service": "线路",
    "ship.company": "承运商",
    "ship.category": "类别",
    "ship.active": "启用",
    "ship.yes": "启用",
    "ship.no": "停用",
    "ship.zones": "分区",
    "ship.transit": "时效（天）",
    "ship.maxWeight": "最大重量",
    "ship.attributes": "可接受的敏感货",
    "ship.none": "无",
    "ship.simulator": "运费模拟",
    "ship.simHelp": "按实测填写货物（重量、尺寸、属性）；或者不填重量，填写商品 ID、SKU 和数量，按商品库中的重量和尺寸计算。",
    "ship.weightG": "重量（克）",
    "ship.edit": "编辑线路（JSON）",
    "ship.editHelp": "整条线路：分区及其费率、附加费、限制。用新的服务 ID 保存即创建新线路。",
    "ship.serviceIdField": "服务 ID",
    "ship.lineJson": "线路（JSON）",
    "ship.editSave": "保存线路",
    "ship.editDone": "已保存；线路版本 {revision}。",
    "ship.badJson": "线路不是有效的 JSON：{reason}",
    "ship.lengthMm": "长（毫米）",
    "ship.widthMm": "宽（毫米）",
    "ship.heightMm": "高（毫米）",
    "ship.goodsAttributes": "属性",
    "ship.itemId": "商品 ID",
    "ship.skuId": "SKU ID",
    "ship.quantity": "数量",
    "ship.country": "国家（ISO 代码，如 US）",
    "ship.zip": "邮编（可选）",
    "ship.catalogue": "商品库",
    "ship.sandboxCat": "沙箱",
    "ship.liveCat": "正式",
    "ship.quote": "计算报价",
    "ship.goods": "货物：{weight}，{size}，属性：{attributes}；附加费按 {date} 计。",
    "ship.priced": "可报价线路",
    "ship.pricedCaption": "各线路报价",
    "ship.leftOut": "被排除的线路",
    "ship.leftOutCaption": "被排除的线路及原因",
    "ship.zone": "分区",
    "ship.actual": "实重",
    "ship.volumetric": "体积重",
    "ship.chargeable": "计费重",
    "ship.base": "基础运费",
    "ship.surcharges": "附加费",
    "ship.total": "合计",
    "ship.reason": "原因",
    "ship.why": "说明",
    "ship.nothingPriced": "没有线路能承运这些货物到该目的地。",
    "ship.nothingLeftOut": "没有被排除的线路。",
    "ship.back": "返回线路列表",
    "ship.line": "线路 {serviceId}：{companyName}",
    "ship.rules": "规则",
    "ship.zonesCaption": "分区与费率",
    "ship.countries": "国家",
    "ship.rate": "费率",
    "ship.surchargesCaption": "附加费",
    "ship.code": "代码",
    "ship.kind": "类型",
    "ship.amount": "金额",
    "ship.valid": "有效期",
    "ship.fuel": "燃油附加费",
    "ship.fuelPercent": "燃油百分比（如 12.5）",
    "ship.fuelFrom": "生效日期（中国日期）",
    "ship.fuelSave": "设置燃油附加费",
    "ship.fuelDone": "已设置；线路版本 {revision}。",
    "ship.divisor": "体积重除数",
    "ship.throw": "抛货方式",
    "ship.minWeight": "最低计费重",
    "ship.maxSide": "最长边",
    "ship.maxGirth": "围长",
    "ship.revision": "版本",
    "ship.steps": "首重 {first} 克 {firstFee}，续重每 {step} 克 {fee}",
    "ship.bandPerKg": "{from}–{to} 克：{fee}/千克",
    "ship.bandFlat": "{from}–{to} 克：固定 {fee}",
  },
  th: {
    "ship.nav": "เส้นทางขนส่ง",
    "ship.title": "เส้นทางขนส่ง",
    "ship.lines": "เส้นทาง",
    "ship.linesCaption": "เส้นทางขนส่ง",
    "ship.service": "เส้นทาง",
    "ship.company": "บริษัท",
    "ship.category": "หมวดหมู่",
    "ship.active": "ใช้งาน",
    "ship.yes": "ใช้งานอยู่",
    "ship.no": "ไม่ได้ใช้งาน",
    "ship.zones": "โซน",
    "ship.transit": "ระยะเวลาขนส่ง (วัน)",
    "ship.maxWeight": "น้ำหนักสูงสุด",
    "ship.attributes": "สินค้าอ่อนไหวที่รับขนส่ง",
    "ship.none": "ไม่มี",
    "ship.simulator": "เครื่องจำลองใบเสนอราคา",
    "ship.simHelp": "กรอกข้อมูลสินค้าตามที่วัดได้ (น้ำหนัก ขนาด คุณลักษณะ) หรือเว้นน้ำหนักว่างไว้แล้วระบุสินค้าในแคตตาล็อก SKU และจำนวน เพื่อคำนวณน้ำหนักจากแคตตาล็อก",
    "ship.weightG": "น้ำหนัก (กรัม)",
    "ship.edit": "แก้ไขเส้นทาง (JSON)",
    "ship.editHelp": "ข้อมูลทั้งหมดของเส้นทาง: โซนพร้อมอัตราค่าขนส่ง ค่าธรรมเนียมเพิ่มเติม และข้อจำกัด บันทึกด้วยรหัสบริการอื่นเพื่อสร้างเส้นทางใหม่",
    "ship.serviceIdField": "รหัสบริการ",
    "ship.lineJson": "เส้นทาง (JSON)",
    "ship.editSave": "บันทึกเส้นทาง",
    "ship.editDone": "บันทึกแล้ว; เส้นทางฉบับแก้ไขที่ {revision}",
    "ship.badJson": "ข้อมูลเส้นทางไม่ใช่ JSON ที่ถูกต้อง: {reason}",
    "ship.lengthMm": "ความยาว (มม.)",
    "ship.widthMm": "ความกว้าง (มม.)",
    "ship.heightMm": "ความสูง (มม.)",
    "ship.goodsAttributes": "คุณลักษณะ",
    "ship.itemId": "รหัสสินค้าในแคตตาล็อก",
    "ship.skuId": "รหัส SKU",
    "ship.quantity": "จำนวน",
    "ship.country": "ประเทศ (รหัส ISO เช่น US)",
    "ship.zip": "รหัสไปรษณีย์ (ไม่บังคับ)",
    "ship.catalogue": "แคตตาล็อก",
    "ship.sandboxCat": "แซนด์บ็อกซ์",
    "ship.liveCat": "ใช้งานจริง",
    "ship.quote": "ขอใบเสนอราคา",
    "ship.goods": "สินค้า: {weight}, {size}, คุณลักษณะ: {attributes}; ค่าธรรมเนียมเพิ่มเติม ณ วันที่ {date}",
    "ship.priced": "เส้นทางที่เสนอราคาได้",
    "ship.pricedCaption": "ราคาแยกตามเส้นทาง",
    "ship.leftOut": "เส้นทางที่ถูกตัดออก",
    "ship.leftOutCaption": "เส้นทางที่ถูกตัดออกและเหตุผล",
    "ship.zone": "โซน",
    "ship.actual": "น้ำหนักจริง",
    "ship.volumetric": "น้ำหนักตามปริมาตร",
    "ship.chargeable": "น้ำหนักที่คิดค่าบริการ",
    "ship.base": "ค่าขนส่งพื้นฐาน",
    "ship.surcharges": "ค่าธรรมเนียมเพิ่มเติม",
    "ship.total": "รวม",
    "ship.reason": "เหตุผล",
    "ship.why": "สาเหตุ",
    "ship.nothingPriced": "ไม่มีเส้นทางที่เสนอราคาสินค้านี้ไปยังปลายทางนี้ได้",
    "ship.nothingLeftOut": "ไม่มีเส้นทางที่ถูกตัดออก",
    "ship.back": "กลับไปยังเส้นทางขนส่ง",
    "ship.line": "เส้นทาง {serviceId}: {companyName}",
    "ship.rules": "กฎ",
    "ship.zonesCaption": "โซนและอัตราค่าขนส่ง",
    "ship.countries": "ประเทศ",
    "ship.rate": "อัตรา",
    "ship.surchargesCaption": "ค่าธรรมเนียมเพิ่มเติม",
    "ship.code": "รหัส",
    "ship.kind": "ประเภท",
    "ship.amount": "จำนวนเงิน",
    "ship.valid": "มีผล",
    "ship.fuel": "ค่าธรรมเนียมน้ำมันเชื้อเพลิง",
    "ship.fuelPercent": "เปอร์เซ็นต์ค่าน้ำมัน (เช่น 12.5)",
    "ship.fuelFrom": "ตั้งแต่ (วันที่ตามเวลาจีน)",
    "ship.fuelSave": "ตั้งค่าน้ำมัน",
    "ship.fuelDone": "ตั้งค่าน้ำมันแล้ว; เส้นทางฉบับแก้ไขที่ {revision}",
    "ship.divisor": "ตัวหารน้ำหนักตามปริมาตร",
    "ship.throw": "โหมดคิดน้ำหนักตามปริมาตร",
    "ship.minWeight": "น้ำหนักขั้นต่ำที่คิดค่าบริการ",
    "ship.maxSide": "ด้านที่ยาวที่สุด",
    "ship.maxGirth": "เส้นรอบวง",
    "ship.revision": "ฉบับแก้ไข",
    "ship.steps": "{first} กรัมแรก {firstFee} จากนั้น {fee} ต่อ {step} กรัม",
    "ship.bandPerKg": "{from}–{to} กรัม: {fee}/กก.",
    "ship.bandFlat": "{from}–{to} กรัม: {fee} เหมาจ่าย",
  },
});

const mm = (v) => (v === null || v === undefined ? "—" : `${v} mm`);

function rate(r) {
  if (r.kind === "steps") return t("ship.steps", { first: r.firstWeightG, firstFee: money(r.firstFeeFen), step: r.stepWeightG, fee: money(r.stepFeeFen) });
  return h("ul", { class: "op-plain" }, (r.bands ?? []).map((b) => h("li", {}, b.perKgFen !== undefined && b.perKgFen !== null ? t("ship.bandPerKg", { from: b.fromG, to: b.toG, fee: money(b.perKgFen) }) : t("ship.bandFlat", { from: b.fromG, to: b.toG, fee: money(b.flatFen) }))));
}

const surchargeAmount = (s) => (s.kind === "percent" ? `${(s.amount / 100).toFixed(2)} %` : s.kind === "perKg" ? `${money(s.amount)}/kg` : money(s.amount));

function simulator() {
  const result = h("div", { class: "op-sim-result", "aria-live": "polite" });
  const sim = form(
    [
      field(t("ship.weightG"), { type: "number", name: "weightG", min: 1, max: 1000000 }),
      field(t("ship.lengthMm"), { type: "number", name: "lengthMm", value: "100", min: 1, max: 10000 }),
      field(t("ship.widthMm"), { type: "number", name: "widthMm", value: "100", min: 1, max: 10000 }),
      field(t("ship.heightMm"), { type: "number", name: "heightMm", value: "100", min: 1, max: 10000 }),
      h(
        "fieldset",
        { class: "op-attributes" },
        h("legend", {}, t("ship.goodsAttributes")),
        ["battery", "liquid", "powder", "brand"].map((a) => h("label", {}, h("input", { type: "checkbox", name: "attribute", value: a }), ` ${a}`)),
      ),
      field(t("ship.itemId"), { name: "itemId", autocomplete: "off" }),
      field(t("ship.skuId"), { name: "skuId", autocomplete: "off" }),
      field(t("ship.quantity"), { type: "number", name: "quantity", value: "1", min: 1, max: 9999, required: true }),
      field(t("ship.country"), { name: "country", value: "US", required: true, maxlength: 2, autocomplete: "off" }),
      field(t("ship.zip"), { name: "zip", autocomplete: "off" }),
      field(t("ship.catalogue"), { type: "select", name: "catalogue", value: "sandbox", options: [["sandbox", t("ship.sandboxCat")], ["live", t("ship.liveCat")]] }),
    ],
    {
      submit: t("ship.quote"),
      label: t("ship.simulator"),
      inline: true,
      onSubmit: async (v, formEl) => {
        const typed = v.weightG.trim() !== "";
        const attributes = new FormData(formEl).getAll("attribute");
        const body = typed
          ? { goods: { weightG: Number(v.weightG), lengthMm: Number(v.lengthMm), widthMm: Number(v.widthMm), heightMm: Number(v.heightMm), attributes }, country: v.country.trim().toUpperCase() }
          : { itemId: v.itemId.trim(), skuId: v.skuId.trim(), quantity: Number(v.quantity), country: v.country.trim().toUpperCase(), sandbox: v.catalogue !== "live" };
        if (v.zip.trim()) body.zip = v.zip.trim();
        const x = await api("POST", "/admin/shipping/explain", { body });
        const g = x.goods;
        const priced = x.lines.filter((l) => l.result.ok);
        const out = x.lines.filter((l) => !l.result.ok);
        result.replaceChildren(
          h("p", {}, t("ship.goods", { weight: grams(g.weightG), size: `${g.lengthMm} × ${g.widthMm} × ${g.heightMm} mm`, attributes: g.attributes.length ? g.attributes.join(", ") : t("ship.none"), date: x.date })),
          h("h3", {}, t("ship.priced")),
          table(t("ship.pricedCaption"), [
            [t("ship.service"), (l) => `${l.serviceId} · ${l.companyName}`],
            [t("ship.zone"), (l) => l.result.zone],
            [t("ship.actual"), (l) => grams(l.result.actualWeightG)],
            [t("ship.volumetric"), (l) => grams(l.result.volumetricWeightG)],
            [t("ship.chargeable"), (l) => grams(l.result.chargeableWeightG)],
            [t("ship.base"), (l) => money(l.result.baseFen)],
            [t("ship.surcharges"), (l) => l.result.surcharges.map((s) => `${s.code} ${money(s.amountFen)}`).join(", ") || "—"],
            [t("ship.total"), (l) => h("strong", {}, money(l.result.totalFen))],
            [t("ship.transit"), (l) => `${l.result.minDeliveryDays}–${l.result.maxDeliveryDays}`],
          ], priced, { empty: t("ship.nothingPriced") }),
          h("h3", {}, t("ship.leftOut")),
          table(t("ship.leftOutCaption"), [
            [t("ship.service"), (l) => `${l.serviceId} · ${l.companyName}`],
            [t("ship.reason"), (l) => badge(l.result.reason, "warn")],
            [t("ship.why"), (l) => l.result.message],
          ], out, { empty: t("ship.nothingLeftOut") }),
        );
      },
    },
  );
  return section(t("ship.simulator"), h("p", {}, t("ship.simHelp")), sim, result);
}

async function lines() {
  const all = await api("GET", "/admin/shipping/lines");
  return h(
    "div",
    {},
    h("h1", {}, t("ship.title")),
    section(
      t("ship.lines"),
      table(t("ship.linesCaption"), [
        [t("ship.service"), (l) => h("a", { href: `#/op/shipping/${encodeURIComponent(l.serviceId)}` }, l.serviceId)],
        [t("ship.company"), (l) => l.companyName],
        [t("ship.category"), (l) => l.serviceCategory],
        [t("ship.active"), (l) => badge(l.active ? t("ship.yes") : t("ship.no"), l.active ? "ok" : "warn")],
        [t("ship.zones"), (l) => l.zones.length],
        [t("ship.maxWeight"), (l) => grams(l.maxWeightG)],
        [t("ship.attributes"), (l) => l.acceptedAttributes.join(", ") || t("ship.none")],
        [t("ship.transit"), (l) => `${l.transitDays.min}–${l.transitDays.max}`],
      ], all),
    ),
    simulator(),
  );
}

async function line(ctx) {
  const l = await api("GET", `/admin/shipping/lines/${encodeURIComponent(ctx.params.serviceId)}`);
  const parts = [
    h("p", {}, h("a", { href: "#/op/shipping" }, t("ship.back"))),
    h("h1", {}, t("ship.line", { serviceId: l.serviceId, companyName: l.companyName })),
    ctx.query.get("saved") ? h("p", { class: "form-status ok", role: "status" }, t("ship.editDone", { revision: ctx.query.get("saved") })) : null,
    section(
      t("ship.rules"),
      facts([
        [t("ship.category"), l.serviceCategory],
        [t("ship.active"), badge(l.active ? t("ship.yes") : t("ship.no"), l.active ? "ok" : "warn")],
        [t("ship.divisor"), l.volumetricDivisor ?? "—"],
        [t("ship.throw"), `${l.throwMode} (${grams(l.freeThrowLimitG)})`],
        [t("ship.minWeight"), grams(l.minChargeableWeightG)],
        [t("ship.maxWeight"), grams(l.maxWeightG)],
        [t("ship.maxSide"), mm(l.maxSideMm)],
        [t("ship.maxGirth"), mm(l.maxGirthMm)],
        [t("ship.attributes"), l.acceptedAttributes.join(", ") || t("ship.none")],
        [t("ship.transit"), `${l.transitDays.min}–${l.transitDays.max}`],
        [t("ship.revision"), l.revision],
      ]),
    ),
    section(
      t("ship.zones"),
      table(t("ship.zonesCaption"), [
        [t("ship.zone"), (z) => z.code],
        [t("ship.countries"), (z) => [z.countries.join(" "), z.postcodePrefixes.length ? ` (${z.postcodePrefixes.join(", ")})` : ""]],
        [t("ship.rate"), (z) => rate(z.rate)],
        [t("ship.transit"), (z) => (z.transitDays ? `${z.transitDays.min}–${z.transitDays.max}` : "—")],
      ], l.zones),
    ),
    section(
      t("ship.surcharges"),
      table(t("ship.surchargesCaption"), [
        [t("ship.code"), (s) => s.code],
        [t("ship.kind"), (s) => s.kind],
        [t("ship.amount"), (s) => surchargeAmount(s)],
        [t("ship.valid"), (s) => `${s.validFrom ?? "…"} – ${s.validTo ?? "…"}`],
        [t("ship.zones"), (s) => s.zones.join(", ") || "—"],
      ], l.surcharges),
    ),
  ];
  if (isAdmin(ctx.session)) {
    parts.push(
      section(
        t("ship.fuel"),
        form([field(t("ship.fuelPercent"), { type: "number", name: "percent", min: 0, max: 1000, step: 0.01, required: true }), field(t("ship.fuelFrom"), { type: "date", name: "from", required: true })], {
          submit: t("ship.fuelSave"),
          label: t("ship.fuel"),
          inline: true,
          onSubmit: async (v) => {
            const saved = await api("POST", `/admin/shipping/lines/${encodeURIComponent(l.serviceId)}/fuel`, { body: { percentBp: Math.round(Number(v.percent) * 100), from: v.from } });
            return t("ship.fuelDone", { revision: saved.revision });
          },
        }),
      ),
      lineEditor(ctx, l.serviceId, lineBody(l)),
    );
  }
  return h("div", {}, parts);
}

/** A line as PUT /admin/shipping/lines/{serviceId} takes it: the view without what the server keeps itself. */
function lineBody(view) {
  const { serviceId: _id, revision: _revision, updatedAt: _updated, ...body } = view;
  return body;
}

/**
 * The whole line as JSON, rates and surcharges included (admin): edited in place, or under a new
 * service id to create a line. The server validates it and answers 40002 naming the field.
 */
function lineEditor(ctx, serviceId, body) {
  return section(
    t("ship.edit"),
    h("p", {}, t("ship.editHelp")),
    form(
      [
        field(t("ship.serviceIdField"), { name: "serviceId", value: serviceId, required: true, maxlength: 20 }),
        field(t("ship.lineJson"), { type: "textarea", name: "line", value: JSON.stringify(body, null, 2), rows: 18, spellcheck: "false" }),
      ],
      {
        submit: t("ship.editSave"),
        label: t("ship.edit"),
        onSubmit: async (v) => {
          let parsed;
          try {
            parsed = JSON.parse(v.line);
          } catch (err) {
            throw new Error(t("ship.badJson", { reason: err.message }));
          }
          const target = v.serviceId.trim();
          const saved = await api("PUT", `/admin/shipping/lines/${encodeURIComponent(target)}`, { body: parsed });
          // Drawn again with the saved line, saying so at the top.
          ctx.go(`/op/shipping/${encodeURIComponent(target)}?saved=${saved.revision}`);
        },
      },
    ),
  );
}

export default [
  { path: "/op/shipping", kind: "operator", nav: "ship.nav", roles: ["warehouse", "support"], render: lines },
  { path: "/op/shipping/:serviceId", kind: "operator", title: "ship.nav", roles: ["warehouse", "support"], render: line },
];
