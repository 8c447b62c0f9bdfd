// Orders of both platforms: a platform switch, search by order id and status, paged with the
// platforms' own page numbers; each row opens the order's detail.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, field, form, h, money, pagedList, table } from "../ui.js";
import { ALIBABA_STATUSES, platformName, statusText, TAOBAO_STATUSES, yuanToFen } from "./dev-common.js";

register({
  en: {
    "orders.nav": "Orders",
    "orders.title": "Orders",
    "orders.platform": "Platform",
    "orders.orderId": "Order id",
    "orders.status": "Status",
    "orders.any": "Any status",
    "orders.search": "Search",
    "orders.searchLabel": "Search orders",
    "orders.caption": "{platform} orders",
    "orders.created": "Created (UTC+8)",
    "orders.amount": "Amount",
    "orders.lines": "Lines",
    "orders.orderNo": "Order number",
    "orders.total": "{total} orders",
    "orders.none": "No orders match.",
  },
  zh: {
    "orders.nav": "订单",
    "orders.title": "订单",
    "orders.platform": "平台",
    "orders.orderId": "订单号",
    "orders.status": "状态",
    "orders.any": "全部状态",
    "orders.search": "搜索",
    "orders.searchLabel": "搜索订单",
    "orders.caption": "{platform}订单",
    "orders.created": "创建时间（UTC+8）",
    "orders.amount": "金额",
    "orders.lines": "商品行",
    "orders.orderNo": "订单编号",
    "orders.total": "共 {total} 个订单",
    "orders.none": "没有符合条件的订单。",
  },
  th: {
    "orders.nav": "คำสั่งซื้อ",
    "orders.title": "คำสั่งซื้อ",
    "orders.platform": "แพลตฟอร์ม",
    "orders.orderId": "รหัสคำสั่งซื้อ",
    "orders.status": "สถานะ",
    "orders.any": "ทุกสถานะ",
    "orders.search": "ค้นหา",
    "orders.searchLabel": "ค้นหาคำสั่งซื้อ",
    "orders.caption": "คำสั่งซื้อ {platform}",
    "orders.created": "สร้างเมื่อ (UTC+8)",
    "orders.amount": "ยอดเงิน",
    "orders.lines": "รายการ",
    "orders.orderNo": "เลขที่คำสั่งซื้อ",
    "orders.total": "คำสั่งซื้อ {total} รายการ",
    "orders.none": "ไม่มีคำสั่งซื้อที่ตรงกัน",
  },
});

const PAGE_SIZE = 20;

/** One page of orders of `platform` as uniform rows. */
async function loadPage(platform, { id, status }, page) {
  if (platform === "taobao") {
    const body = { pageNum: page, pageSize: PAGE_SIZE };
    if (id) body.id = id;
    if (status !== "") body.status = Number(status);
    const res = await api("POST", "/v2/taobao/order/page", { body });
    return {
      total: res.total,
      more: page * PAGE_SIZE < res.total,
      rows: res.data.map((o) => ({ id: o.id, orderNo: o.orderNo, status: o.status, created: o.createTime, amount: o.purchaseAmount, lines: o.subOrderVOS.length })),
    };
  }
  const body = { pageNo: page, pageSize: PAGE_SIZE };
  if (id) body.orderId = id;
  if (status !== "") body.status = status;
  const res = await api("POST", "/v2/alibaba/order/page", { body });
  return {
    total: res.totalRecords,
    more: page < res.totalPage,
    rows: res.data.map((o) => ({ id: o.baseInfo.id, orderNo: o.baseInfo.idOfStr, status: o.baseInfo.status, created: o.baseInfo.createTime, amount: yuanToFen(o.baseInfo.totalAmount), lines: (o.productItems ?? []).length })),
  };
}

async function render(ctx) {
  const platform = ctx.query.get("platform") === "alibaba" ? "alibaba" : "taobao";
  const id = ctx.query.get("id") ?? "";
  const status = ctx.query.get("status") ?? "";
  const statuses = platform === "taobao" ? TAOBAO_STATUSES : ALIBABA_STATUSES;
  const platformField = field(t("orders.platform"), { type: "select", name: "platform", value: platform, options: ["taobao", "alibaba"].map((p) => [p, platformName(p)]) });
  const search = form(
    [
      platformField,
      field(t("orders.orderId"), { name: "id", value: id, inputmode: "numeric", pattern: "\\d{1,19}" }),
      field(t("orders.status"), { type: "select", name: "status", value: status, options: [["", t("orders.any")], ...statuses.map((s) => [String(s), statusText(platform, s)])] }),
    ],
    {
      inline: true,
      submit: t("orders.search"),
      label: t("orders.searchLabel"),
      onSubmit: async (values) => {
        const next = new URLSearchParams({ platform: values.platform });
        // A status of the other platform means nothing here: switching platforms clears it.
        if (values.platform === platform && values.status) next.set("status", values.status);
        if (values.id) next.set("id", values.id.trim());
        ctx.go(`/dev/orders?${next}`);
      },
    },
  );
  // Switching the platform shows its orders at once (its statuses differ).
  platformField.input.addEventListener("change", () => ctx.go(`/dev/orders?platform=${platformField.input.value}`));
  const summary = h("p", { class: "dev-total", role: "status" });
  const list = pagedList({
    load: async (cursor) => {
      const page = cursor ?? 1;
      const res = await loadPage(platform, { id, status }, page);
      summary.textContent = t("orders.total", { total: res.total });
      return { items: res.rows, next: res.more ? page + 1 : null };
    },
    render: (rows) =>
      table(t("orders.caption", { platform: platformName(platform) }), [
        [t("orders.orderId"), (o) => h("a", { href: `#/dev/orders/${platform}/${encodeURIComponent(o.id)}` }, o.id)],
        [t("orders.orderNo"), (o) => o.orderNo],
        [t("orders.status"), (o) => badge(statusText(platform, o.status))],
        [t("orders.created"), (o) => o.created ?? "—"],
        [t("orders.amount"), (o) => money(o.amount)],
        [t("orders.lines"), (o) => String(o.lines)],
      ], rows, { empty: t("orders.none") }),
  });
  return h("div", { class: "dev-orders" }, h("h1", {}, t("orders.title")), search, summary, list.el);
}

export default { path: "/dev/orders", kind: "developer", nav: "orders.nav", render };
