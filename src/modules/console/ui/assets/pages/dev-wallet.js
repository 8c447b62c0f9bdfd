// The wallet: balance and the statement, newest first, paged with the API's cursor.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, field, form, h, money, pagedList, table, time } from "../ui.js";

register({
  en: {
    "wallet.nav": "Wallet",
    "wallet.title": "Wallet",
    "wallet.balance": "Balance",
    "wallet.updated": "Updated",
    "wallet.statement": "Statement",
    "wallet.kind": "Kind",
    "wallet.allKinds": "All kinds",
    "wallet.filter": "Filter",
    "wallet.filterLabel": "Filter the statement",
    "wallet.caption": "Wallet transactions, newest first",
    "wallet.time": "Time",
    "wallet.amount": "Amount",
    "wallet.after": "Balance after",
    "wallet.reference": "Reference",
    "wallet.memo": "Memo",
    "wallet.none": "No transactions.",
  },
  zh: {
    "wallet.nav": "钱包",
    "wallet.title": "钱包",
    "wallet.balance": "余额",
    "wallet.updated": "更新时间",
    "wallet.statement": "流水",
    "wallet.kind": "类型",
    "wallet.allKinds": "全部类型",
    "wallet.filter": "筛选",
    "wallet.filterLabel": "筛选流水",
    "wallet.caption": "钱包流水，最新在前",
    "wallet.time": "时间",
    "wallet.amount": "金额",
    "wallet.after": "变动后余额",
    "wallet.reference": "关联单号",
    "wallet.memo": "备注",
    "wallet.none": "暂无流水。",
  },
  th: {
    "wallet.nav": "กระเป๋าเงิน",
    "wallet.title": "กระเป๋าเงิน",
    "wallet.balance": "ยอดคงเหลือ",
    "wallet.updated": "อัปเดตเมื่อ",
    "wallet.statement": "รายการเดินบัญชี",
    "wallet.kind": "ประเภท",
    "wallet.allKinds": "ทุกประเภท",
    "wallet.filter": "กรอง",
    "wallet.filterLabel": "กรองรายการเดินบัญชี",
    "wallet.caption": "ธุรกรรมในกระเป๋าเงิน เรียงจากใหม่ไปเก่า",
    "wallet.time": "เวลา",
    "wallet.amount": "จำนวนเงิน",
    "wallet.after": "ยอดคงเหลือหลังรายการ",
    "wallet.reference": "เลขอ้างอิง",
    "wallet.memo": "บันทึกช่วยจำ",
    "wallet.none": "ไม่มีธุรกรรม",
  },
});

const KINDS = ["topup", "payment", "refund", "adjustment", "sandbox_grant"];

async function render(ctx) {
  const kind = ctx.query.get("kind") ?? "";
  const balance = h("span", { class: "value" }, "—");
  const updated = h("span", { class: "label" });
  const list = pagedList({
    load: async (cursor) => {
      const w = await api("GET", "/developer/wallet", { query: { limit: 20, after: cursor, kind: kind || undefined } });
      balance.textContent = money(w.balanceFen);
      updated.textContent = `${t("wallet.updated")}: ${time(w.updatedAt)}`;
      return { items: w.entries, next: w.nextCursor };
    },
    render: (items) =>
      table(t("wallet.caption"), [
        [t("wallet.time"), (e) => time(e.createdAt)],
        [t("wallet.kind"), (e) => badge(e.kind)],
        [t("wallet.amount"), (e) => h("span", { class: e.amountFen < 0 ? "dev-debit" : "dev-credit" }, money(e.amountFen))],
        [t("wallet.after"), (e) => money(e.balanceAfterFen)],
        [t("wallet.reference"), (e) => e.reference || "—"],
        [t("wallet.memo"), (e) => e.memo || "—"],
      ], items, { empty: t("wallet.none") }),
  });
  const filter = form([field(t("wallet.kind"), { type: "select", name: "kind", value: kind, options: [["", t("wallet.allKinds")], ...KINDS.map((k) => [k, k])] })], {
    inline: true,
    submit: t("wallet.filter"),
    label: t("wallet.filterLabel"),
    onSubmit: async (values) => ctx.go(`/dev/wallet${values.kind ? `?kind=${values.kind}` : ""}`),
  });
  return h(
    "div",
    { class: "dev-wallet" },
    h("h1", {}, t("wallet.title")),
    h("div", { class: "grid stats" }, h("div", { class: "stat", "data-testid": "wallet-balance" }, h("span", { class: "label" }, t("wallet.balance")), balance, updated)),
    h("section", { class: "card" }, h("h2", {}, t("wallet.statement")), filter, list.el),
  );
}

export default { path: "/dev/wallet", kind: "developer", nav: "wallet.nav", render };
