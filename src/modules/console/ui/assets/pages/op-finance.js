// Finance queue: paid Taobao orders waiting for the finance decision (status 1), confirm or reject.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, h, money, pagedList, table, time } from "../ui.js";

register({
  en: {
    "finance.nav": "Finance queue",
    "finance.title": "Finance queue",
    "finance.intro": "Paid Taobao orders waiting for the finance decision. Confirming sends the order on to the seller; rejecting refunds the developer.",
    "finance.caption": "Paid Taobao orders awaiting a decision",
    "finance.order": "Order",
    "finance.developer": "Developer",
    "finance.user": "User",
    "finance.amount": "Amount",
    "finance.created": "Created",
    "finance.decision": "Decision",
    "finance.confirm": "Confirm",
    "finance.reject": "Reject",
    "finance.rejectConfirm": "Reject order {orderId}? The developer is refunded.",
    "finance.confirmed": "Order {orderId} confirmed.",
    "finance.rejected": "Order {orderId} rejected.",
    "finance.empty": "No paid order is waiting for a decision.",
  },
  zh: {
    "finance.nav": "财务审核",
    "finance.title": "财务审核队列",
    "finance.intro": "已支付、等待财务审核的淘宝订单。确认后订单交给卖家；驳回则退款给开发者。",
    "finance.caption": "等待审核的已支付淘宝订单",
    "finance.order": "订单",
    "finance.developer": "开发者",
    "finance.user": "用户",
    "finance.amount": "金额",
    "finance.created": "创建时间",
    "finance.decision": "审核",
    "finance.confirm": "确认",
    "finance.reject": "驳回",
    "finance.rejectConfirm": "驳回订单 {orderId}？将退款给开发者。",
    "finance.confirmed": "订单 {orderId} 已确认。",
    "finance.rejected": "订单 {orderId} 已驳回。",
    "finance.empty": "没有等待审核的已支付订单。",
  },
  th: {
    "finance.nav": "คิวการเงิน",
    "finance.title": "คิวการเงิน",
    "finance.intro": "คำสั่งซื้อ Taobao ที่ชำระเงินแล้วและรอฝ่ายการเงินตัดสินใจ การยืนยันจะส่งคำสั่งซื้อต่อไปยังผู้ขาย การปฏิเสธจะคืนเงินให้นักพัฒนา",
    "finance.caption": "คำสั่งซื้อ Taobao ที่ชำระเงินแล้วและรอการตัดสินใจ",
    "finance.order": "คำสั่งซื้อ",
    "finance.developer": "นักพัฒนา",
    "finance.user": "ผู้ใช้",
    "finance.amount": "ยอดเงิน",
    "finance.created": "สร้างเมื่อ",
    "finance.decision": "การตัดสินใจ",
    "finance.confirm": "ยืนยัน",
    "finance.reject": "ปฏิเสธ",
    "finance.rejectConfirm": "ปฏิเสธคำสั่งซื้อ {orderId} หรือไม่? นักพัฒนาจะได้รับเงินคืน",
    "finance.confirmed": "ยืนยันคำสั่งซื้อ {orderId} แล้ว",
    "finance.rejected": "ปฏิเสธคำสั่งซื้อ {orderId} แล้ว",
    "finance.empty": "ไม่มีคำสั่งซื้อที่ชำระเงินแล้วรอการตัดสินใจ",
  },
});

async function render() {
  const notice = h("p", { class: "form-status ok", role: "status" });
  const decide = (o, decision, cell) => async () => {
    await api("POST", `/admin/developers/${o.developId}/taobao/orders/${o.orderId}/finance`, { body: { decision } });
    cell.closest("tr")?.remove();
    notice.textContent = t(decision === "confirm" ? "finance.confirmed" : "finance.rejected", { orderId: o.orderId });
  };
  const list = pagedList({
    load: async (after) => {
      const page = await api("GET", "/admin/orders", { query: { platform: "taobao", status: 1, after } });
      return { items: page.items, next: page.nextCursor };
    },
    render: (items) =>
      table(
        t("finance.caption"),
        [
          [t("finance.order"), (o) => o.orderId],
          [t("finance.developer"), (o) => o.developId],
          [t("finance.user"), (o) => o.userId],
          [t("finance.amount"), (o) => money(o.payAmount)],
          [t("finance.created"), (o) => time(o.createdAt)],
          [
            t("finance.decision"),
            (o) => {
              const cell = h("span", { class: "op-decision" });
              cell.append(
                action(t("finance.confirm"), decide(o, "confirm", cell), { kind: "primary", "aria-label": `${t("finance.confirm")} ${o.orderId}` }),
                action(t("finance.reject"), decide(o, "reject", cell), { kind: "danger", confirmText: t("finance.rejectConfirm", { orderId: o.orderId }), "aria-label": `${t("finance.reject")} ${o.orderId}` }),
              );
              return cell;
            },
          ],
        ],
        items,
        { empty: t("finance.empty") },
      ),
  });
  return h("div", {}, h("h1", {}, t("finance.title")), h("p", {}, t("finance.intro")), notice, list.el);
}

export default [{ path: "/op/finance", kind: "operator", nav: "finance.nav", roles: ["finance"], render }];
