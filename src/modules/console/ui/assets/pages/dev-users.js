// The developer's users (sub-accounts): list, add, disable and enable them, and which one the console
// acts as (switched in the header bar).
import { actingUser, api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, field, form, h, section, table } from "../ui.js";

register({
  en: {
    "users.nav": "Users",
    "users.title": "Users",
    "users.caption": "The developer's users",
    "users.userId": "User id",
    "users.name": "Name",
    "users.enabled": "Enabled",
    "users.yes": "enabled",
    "users.no": "disabled",
    "users.acting": "Console acts as",
    "users.current": "current",
    "users.change": "Change",
    "users.disable": "Disable",
    "users.enable": "Enable",
    "users.switch": "Switch the user with “Acting as user” in the header bar. A disabled user-id is refused (40301); its orders and carts are kept.",
    "users.add": "Add a user",
    "users.userName": "User name",
  },
  zh: {
    "users.nav": "用户",
    "users.title": "用户",
    "users.caption": "开发者的用户",
    "users.userId": "用户 ID",
    "users.name": "名称",
    "users.enabled": "状态",
    "users.yes": "启用",
    "users.no": "停用",
    "users.acting": "控制台当前用户",
    "users.current": "当前",
    "users.change": "操作",
    "users.disable": "停用",
    "users.enable": "启用",
    "users.switch": "在顶部栏的“当前用户”中切换用户。停用的 user-id 会被拒绝（40301），其订单和购物车会保留。",
    "users.add": "添加用户",
    "users.userName": "用户名",
  },
  th: {
    "users.nav": "ผู้ใช้",
    "users.title": "ผู้ใช้",
    "users.caption": "ผู้ใช้ของนักพัฒนา",
    "users.userId": "รหัสผู้ใช้",
    "users.name": "ชื่อ",
    "users.enabled": "เปิดใช้งาน",
    "users.yes": "เปิดใช้งาน",
    "users.no": "ปิดใช้งาน",
    "users.acting": "คอนโซลดำเนินการในนาม",
    "users.current": "ปัจจุบัน",
    "users.change": "เปลี่ยนแปลง",
    "users.disable": "ปิดใช้งาน",
    "users.enable": "เปิดใช้งาน",
    "users.switch": "สลับผู้ใช้ได้ที่ “ดำเนินการในนามผู้ใช้” ในแถบด้านบน user-id ที่ถูกปิดใช้งานจะถูกปฏิเสธ (40301) โดยคำสั่งซื้อและตะกร้าสินค้ายังคงเก็บไว้",
    "users.add": "เพิ่มผู้ใช้",
    "users.userName": "ชื่อผู้ใช้",
  },
});

async function render(ctx) {
  const acting = actingUser() || ctx.session.userId;
  const users = await api("GET", "/developer/users");
  const toggle = (u) =>
    u.userId === acting
      ? ""
      : action(u.status === "ENABLED" ? t("users.disable") : t("users.enable"), async () => {
          await api("POST", `/developer/users/${u.userId}/${u.status === "ENABLED" ? "disable" : "enable"}`);
          ctx.redraw();
        }, { "aria-label": `${u.status === "ENABLED" ? t("users.disable") : t("users.enable")} ${u.userName}` });
  return h(
    "div",
    { class: "dev-users" },
    h("h1", {}, t("users.title")),
    section(
      t("users.title"),
      table(t("users.caption"), [
        [t("users.userId"), (u) => h("code", {}, u.userId)],
        [t("users.name"), (u) => u.userName],
        [t("users.enabled"), (u) => badge(u.status === "ENABLED" ? t("users.yes") : t("users.no"), u.status === "ENABLED" ? "ok" : "bad")],
        [t("users.acting"), (u) => (u.userId === acting ? badge(t("users.current"), "warn") : "")],
        [t("users.change"), toggle],
      ], users),
      h("p", {}, t("users.switch")),
    ),
    section(
      t("users.add"),
      form([field(t("users.userName"), { name: "userName", required: true, maxlength: 64 })], {
        submit: t("users.add"),
        label: t("users.add"),
        onSubmit: async (values) => {
          await api("POST", "/developer/users", { body: { userName: values.userName.trim() } });
          // The header bar's user list comes from the session: read it again so the new user is there.
          await ctx.refreshSession();
        },
      }),
    ),
  );
}

export default { path: "/dev/users", kind: "developer", nav: "users.nav", render };
