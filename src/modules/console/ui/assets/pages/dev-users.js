// The developer's users and which one the console acts as (switched in the header bar).
import { actingUser } from "../api.js";
import { register, t } from "../i18n.js";
import { badge, h, section, table } from "../ui.js";

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
    "users.switch": "Switch the user with “Acting as user” in the header bar.",
    "users.add": "Adding users",
    "users.ask": "There is no developer route to add or disable users: ask your operator.",
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
    "users.switch": "在顶部栏的“当前用户”中切换用户。",
    "users.add": "添加用户",
    "users.ask": "开发者没有添加或停用用户的接口：请联系运营人员。",
  },
});

async function render(ctx) {
  const acting = actingUser() || ctx.session.userId;
  return h(
    "div",
    { class: "dev-users" },
    h("h1", {}, t("users.title")),
    section(
      t("users.title"),
      table(t("users.caption"), [
        [t("users.userId"), (u) => h("code", {}, u.userId)],
        [t("users.name"), (u) => u.userName],
        [t("users.enabled"), (u) => badge(u.enabled ? t("users.yes") : t("users.no"), u.enabled ? "ok" : "bad")],
        [t("users.acting"), (u) => (u.userId === acting ? badge(t("users.current"), "warn") : "")],
      ], ctx.session.users),
      h("p", {}, t("users.switch")),
    ),
    section(t("users.add"), h("p", {}, t("users.ask"))),
  );
}

export default { path: "/dev/users", kind: "developer", nav: "users.nav", render };
