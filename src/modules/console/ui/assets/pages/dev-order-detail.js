// One order: status, amounts, lines, its status history as a timeline, refunds (Taobao), and the
// international parcels holding or declared with its goods (GET /logistics/parcels?orderId=) —
// refreshed every 3 s while the page is shown, so a user watching it sees the sandbox seller act.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, describeError, facts, h, money, section, table, time } from "../ui.js";
import { platformName, statusText, yuanToFen } from "./dev-common.js";

register({
  en: {
    "detail.title": "{platform} order {orderId}",
    "detail.back": "Back to the orders",
    "detail.trigger": "Make a seller event happen on this order (sandbox)",
    "detail.summary": "Summary",
    "detail.status": "Status",
    "detail.orderNo": "Order number",
    "detail.created": "Created (UTC+8)",
    "detail.paid": "Paid (UTC+8)",
    "detail.amount": "Amount",
    "detail.goods": "Goods",
    "detail.shipping": "Domestic shipping",
    "detail.lines": "Lines",
    "detail.linesCaption": "The order's lines",
    "detail.line": "Line",
    "detail.item": "Item",
    "detail.quantity": "Quantity",
    "detail.lineStatus": "Status",
    "detail.error": "Error",
    "detail.history": "Status history",
    "detail.noHistory": "No status changes yet.",
    "detail.moved": "{from} → {to}",
    "detail.first": "→ {to}",
    "detail.lineOf": "line {subOrderId}",
    "detail.wholeOrder": "the order",
    "detail.by": "by {actor}",
    "detail.refunds": "Refunds",
    "detail.refundsCaption": "Refunds of the order",
    "detail.refundId": "Refund",
    "detail.refundStatus": "Refund status",
    "detail.refundFee": "Amount",
    "detail.reason": "Reason",
    "detail.noRefunds": "No refunds.",
    "detail.refundsAlibaba": "1688 refunds are shown on each line (refundStatus, refundId).",
    "detail.notFound": "No such order for the user the console acts as.",
    "detail.updated": "Updated {time}; refreshed every 3 seconds while this page is open.",
    "detail.parcels": "International parcels",
    "detail.parcelsCaption": "International parcels holding the order's goods",
    "detail.parcelId": "Parcel",
    "detail.parcelStatus": "Parcel status",
    "detail.country": "Destination",
    "detail.trackingNumbers": "Tracking numbers",
    "detail.freight": "Freight",
    "detail.supplementary": "Supplementary freight",
    "detail.booked": "Booked (UTC+8)",
    "detail.noParcels": "No international parcel holds this order's goods yet.",
    "detail.parcelsMore": "Only the newest {count} parcels are shown; the Parcels page lists them all.",
  },
  zh: {
    "detail.title": "{platform}订单 {orderId}",
    "detail.back": "返回订单列表",
    "detail.trigger": "在此订单上触发卖家事件（沙箱）",
    "detail.summary": "概要",
    "detail.status": "状态",
    "detail.orderNo": "订单编号",
    "detail.created": "创建时间（UTC+8）",
    "detail.paid": "支付时间（UTC+8）",
    "detail.amount": "金额",
    "detail.goods": "商品金额",
    "detail.shipping": "国内运费",
    "detail.lines": "商品行",
    "detail.linesCaption": "订单商品行",
    "detail.line": "行",
    "detail.item": "商品",
    "detail.quantity": "数量",
    "detail.lineStatus": "状态",
    "detail.error": "错误",
    "detail.history": "状态历史",
    "detail.noHistory": "暂无状态变化。",
    "detail.moved": "{from} → {to}",
    "detail.first": "→ {to}",
    "detail.lineOf": "行 {subOrderId}",
    "detail.wholeOrder": "整单",
    "detail.by": "操作方：{actor}",
    "detail.refunds": "退款",
    "detail.refundsCaption": "订单的退款",
    "detail.refundId": "退款单",
    "detail.refundStatus": "退款状态",
    "detail.refundFee": "金额",
    "detail.reason": "原因",
    "detail.noRefunds": "暂无退款。",
    "detail.refundsAlibaba": "1688 的退款显示在各商品行上（refundStatus、refundId）。",
    "detail.notFound": "当前用户没有这个订单。",
    "detail.updated": "更新于 {time}；页面打开期间每 3 秒刷新一次。",
    "detail.parcels": "国际包裹",
    "detail.parcelsCaption": "装有本订单商品的国际包裹",
    "detail.parcelId": "包裹",
    "detail.parcelStatus": "包裹状态",
    "detail.country": "目的国",
    "detail.trackingNumbers": "运单号",
    "detail.freight": "运费",
    "detail.supplementary": "补收运费",
    "detail.booked": "下单时间（UTC+8）",
    "detail.noParcels": "暂无装有本订单商品的国际包裹。",
    "detail.parcelsMore": "仅显示最新的 {count} 个包裹；“国际包裹”页面列出全部。",
  },
  th: {
    "detail.title": "คำสั่งซื้อ {platform} {orderId}",
    "detail.back": "กลับไปที่รายการคำสั่งซื้อ",
    "detail.trigger": "จำลองเหตุการณ์ฝั่งผู้ขายกับคำสั่งซื้อนี้ (แซนด์บ็อกซ์)",
    "detail.summary": "สรุป",
    "detail.status": "สถานะ",
    "detail.orderNo": "หมายเลขคำสั่งซื้อ",
    "detail.created": "สร้างเมื่อ (UTC+8)",
    "detail.paid": "ชำระเงินเมื่อ (UTC+8)",
    "detail.amount": "ยอดเงิน",
    "detail.goods": "ค่าสินค้า",
    "detail.shipping": "ค่าขนส่งภายในประเทศจีน",
    "detail.lines": "รายการสินค้า",
    "detail.linesCaption": "รายการสินค้าของคำสั่งซื้อ",
    "detail.line": "รายการ",
    "detail.item": "สินค้า",
    "detail.quantity": "จำนวน",
    "detail.lineStatus": "สถานะ",
    "detail.error": "ข้อผิดพลาด",
    "detail.history": "ประวัติสถานะ",
    "detail.noHistory": "ยังไม่มีการเปลี่ยนสถานะ",
    "detail.moved": "{from} → {to}",
    "detail.first": "→ {to}",
    "detail.lineOf": "รายการ {subOrderId}",
    "detail.wholeOrder": "ทั้งคำสั่งซื้อ",
    "detail.by": "โดย {actor}",
    "detail.refunds": "การคืนเงิน",
    "detail.refundsCaption": "การคืนเงินของคำสั่งซื้อ",
    "detail.refundId": "รายการคืนเงิน",
    "detail.refundStatus": "สถานะการคืนเงิน",
    "detail.refundFee": "ยอดเงิน",
    "detail.reason": "เหตุผล",
    "detail.noRefunds": "ไม่มีการคืนเงิน",
    "detail.refundsAlibaba": "การคืนเงินของ 1688 แสดงอยู่ในแต่ละรายการสินค้า (refundStatus, refundId)",
    "detail.notFound": "ไม่พบคำสั่งซื้อนี้ของผู้ใช้ที่คอนโซลกำลังดำเนินการแทน",
    "detail.updated": "อัปเดตเมื่อ {time} และรีเฟรชทุก 3 วินาทีระหว่างที่เปิดหน้านี้",
    "detail.parcels": "พัสดุระหว่างประเทศ",
    "detail.parcelsCaption": "พัสดุระหว่างประเทศที่บรรจุสินค้าของคำสั่งซื้อนี้",
    "detail.parcelId": "พัสดุ",
    "detail.parcelStatus": "สถานะพัสดุ",
    "detail.country": "ประเทศปลายทาง",
    "detail.trackingNumbers": "หมายเลขติดตามพัสดุ",
    "detail.freight": "ค่าขนส่ง",
    "detail.supplementary": "ค่าขนส่งส่วนเพิ่ม",
    "detail.booked": "จองเมื่อ (UTC+8)",
    "detail.noParcels": "ยังไม่มีพัสดุระหว่างประเทศที่บรรจุสินค้าของคำสั่งซื้อนี้",
    "detail.parcelsMore": "แสดงเฉพาะพัสดุล่าสุด {count} รายการ ดูทั้งหมดได้ที่หน้าพัสดุ",
  },
});

const REFRESH_MS = 3000;
/** One page of the order's parcels: an order rarely has more than one or two. */
const PARCELS_SHOWN = 100;
const PARCEL_TONE = { DELIVERED: "ok", EXCEPTION: "bad", CANCELLED: "warn", AWAITING_PAYMENT: "warn" };

async function loadOrder(platform, orderId) {
  if (platform === "taobao") {
    const o = await api("GET", "/v2/taobao/order/detail/get", { query: { orderId } });
    return {
      status: o.status,
      orderNo: o.orderNo,
      created: o.createTime,
      paid: o.payTime,
      amount: o.purchaseAmount,
      shipping: o.subOrderVOS.reduce((sum, l) => sum + (l.domesticPostFee ?? 0), 0),
      lines: o.subOrderVOS.map((l) => ({ id: l.subOrderId, title: l.title, quantity: l.quantity, amount: l.purchaseAmount, status: l.status, error: l.errorCode ? `${l.errorCode} ${l.errorMessage ?? ""}`.trim() : "" })),
    };
  }
  const page = await api("POST", "/v2/alibaba/order/page", { body: { orderId, pageNo: 1, pageSize: 1 } });
  const o = page.data[0];
  if (!o) return null;
  return {
    status: o.baseInfo.status,
    orderNo: o.baseInfo.idOfStr,
    created: o.baseInfo.createTime,
    paid: o.baseInfo.payTime,
    amount: yuanToFen(o.baseInfo.totalAmount),
    goods: yuanToFen(o.baseInfo.sumProductPayment),
    shipping: yuanToFen(o.baseInfo.shippingFee),
    lines: (o.productItems ?? []).map((l) => ({ id: l.subItemID, title: l.name, quantity: l.quantity, amount: yuanToFen(l.itemAmount), status: l.status, error: l.refundStatus ? `${l.refundStatus} ${l.refundId ?? ""}`.trim() : "" })),
  };
}

async function loadRefunds(orderNo) {
  const res = await api("POST", "/v2/taobao/order/refund/queryList", { body: { salesOrderId: orderNo, pageNo: 1, pageSize: 100 } });
  return res.data.map((r) => r.refundOrderAggregate);
}

/** The international parcels holding or declared with the order's goods; a failure is shown in place. */
async function parcelsPart(orderId) {
  try {
    const page = await api("GET", "/logistics/parcels", { query: { orderId, limit: PARCELS_SHOWN } });
    return [
      table(t("detail.parcelsCaption"), [
        [t("detail.parcelId"), (p) => h("a", { href: `#/dev/parcels/${encodeURIComponent(p.orderId)}` }, p.orderId)],
        [t("detail.parcelStatus"), (p) => badge(p.status, PARCEL_TONE[p.status] ?? "")],
        [t("detail.country"), (p) => p.country],
        [t("detail.trackingNumbers"), (p) => p.trackingNumbers.join(", ") || "—"],
        [t("detail.freight"), (p) => money(yuanToFen(p.totalFreight))],
        [t("detail.supplementary"), (p) => money(yuanToFen(p.supplementaryFreight))],
        [t("detail.booked"), (p) => p.createTime],
      ], page.items, { empty: t("detail.noParcels") }),
      page.nextCursor ? h("p", { class: "empty" }, t("detail.parcelsMore", { count: PARCELS_SHOWN })) : null,
    ];
  } catch (err) {
    return h("p", { class: "form-status error" }, describeError(err));
  }
}

function timeline(history) {
  if (history.length === 0) return h("p", { class: "empty" }, t("detail.noHistory"));
  return h(
    "ol",
    { class: "timeline" },
    history.map((e) =>
      h(
        "li",
        {},
        h("time", { datetime: new Date(e.at).toISOString() }, time(e.at)),
        " ",
        h("strong", {}, e.from === null ? t("detail.first", { to: e.to }) : t("detail.moved", { from: e.from, to: e.to })),
        " · ",
        e.subOrderId ? t("detail.lineOf", { subOrderId: e.subOrderId }) : t("detail.wholeOrder"),
        " · ",
        t("detail.by", { actor: e.actor }),
        e.reason ? h("span", { class: "dev-why" }, ` — ${e.reason}`) : null,
      ),
    ),
  );
}

async function drawContent(platform, orderId) {
  const [order, history] = await Promise.all([loadOrder(platform, orderId), api("GET", `/developer/orders/${platform}/${encodeURIComponent(orderId)}/history`)]);
  if (!order) return [h("p", { class: "form-status error", role: "alert" }, t("detail.notFound"))];
  const parcels = parcelsPart(orderId);
  const parts = [
    section(
      t("detail.summary"),
      facts([
        [t("detail.status"), badge(statusText(platform, order.status))],
        [t("detail.orderNo"), order.orderNo],
        [t("detail.created"), order.created],
        [t("detail.paid"), order.paid],
        [t("detail.amount"), money(order.amount)],
        ...(order.goods !== undefined ? [[t("detail.goods"), money(order.goods)]] : []),
        [t("detail.shipping"), money(order.shipping)],
      ]),
    ),
    section(
      t("detail.lines"),
      table(t("detail.linesCaption"), [
        [t("detail.line"), (l) => l.id],
        [t("detail.item"), (l) => l.title],
        [t("detail.quantity"), (l) => String(l.quantity)],
        [t("detail.amount"), (l) => money(l.amount)],
        [t("detail.lineStatus"), (l) => badge(l.status)],
        [t("detail.error"), (l) => l.error || "—"],
      ], order.lines),
    ),
    section(t("detail.history"), timeline(history)),
  ];
  if (platform === "taobao") {
    let refunds;
    try {
      const rows = await loadRefunds(order.orderNo);
      refunds = table(t("detail.refundsCaption"), [
        [t("detail.refundId"), (r) => r.refundOrder.refundId],
        [t("detail.line"), (r) => String(r.purchaseOrderLine.purchaseOrderLineId)],
        [t("detail.refundStatus"), (r) => badge(r.refundOrder.refundStatus)],
        [t("detail.refundFee"), (r) => money(r.refundOrder.refundFee)],
        [t("detail.reason"), (r) => r.refundOrder.reasonDesc || "—"],
      ], rows, { empty: t("detail.noRefunds") });
    } catch (err) {
      refunds = h("p", { class: "form-status error" }, describeError(err));
    }
    parts.push(section(t("detail.refunds"), refunds));
  } else {
    parts.push(section(t("detail.refunds"), h("p", {}, t("detail.refundsAlibaba"))));
  }
  parts.push(section(t("detail.parcels"), await parcels));
  return parts;
}

async function render(ctx) {
  const platform = ctx.params.platform === "alibaba" ? "alibaba" : "taobao";
  const { orderId } = ctx.params;
  const content = h("div", { class: "dev-detail-content" });
  const updated = h("p", { class: "dev-updated" });
  const problem = h("p", { class: "form-status", role: "status" });
  const refresh = async () => {
    try {
      const parts = await drawContent(platform, orderId);
      content.replaceChildren(...parts);
      updated.textContent = t("detail.updated", { time: time(Date.now()) });
      problem.textContent = "";
      problem.className = "form-status";
    } catch (err) {
      problem.textContent = describeError(err);
      problem.className = "form-status error";
    }
  };
  const button = h("button", { type: "button", onclick: () => refresh() }, t("common.refresh"));
  const root = h(
    "div",
    { class: "dev-order-detail" },
    h("p", {}, h("a", { href: `#/dev/orders?platform=${platform}` }, t("detail.back"))),
    h("h1", {}, t("detail.title", { platform: platformName(platform), orderId })),
    h("div", { class: "toolbar" }, button, updated),
    ctx.session.developer.sandbox ? h("p", {}, h("a", { href: `#/dev/sandbox?orderId=${encodeURIComponent(orderId)}` }, t("detail.trigger"))) : null,
    problem,
    content,
  );
  await refresh();
  // Refresh while this very page is shown: stop once the address changes or the page was redrawn.
  const hash = location.hash;
  let shown = false;
  const tick = async () => {
    if (root.isConnected) shown = true;
    if (location.hash !== hash || (shown && !root.isConnected)) return;
    if (root.isConnected) await refresh();
    setTimeout(tick, REFRESH_MS);
  };
  setTimeout(tick, REFRESH_MS);
  return root;
}

export default { path: "/dev/orders/:platform/:orderId", kind: "developer", title: "detail.pageTitle", render };

register({ en: { "detail.pageTitle": "Order" }, zh: { "detail.pageTitle": "订单" }, th: { "detail.pageTitle": "คำสั่งซื้อ" } });
