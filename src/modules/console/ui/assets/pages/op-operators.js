// Operator accounts (admin only): list, create with roles, change roles, disable or enable.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, badge, field, form, h, section, table, time } from "../ui.js";

register({
  en: {
    "ops.nav": "Operators",
    "ops.title": "Operators",
    "ops.caption": "Operator accounts",
    "ops.name": "Name",
    "ops.roles": "Roles",
    "ops.status": "Status",
    "ops.enabled": "enabled",
    "ops.disabled": "disabled",
    "ops.created": "Created",
    "ops.change": "Change",
    "ops.saveRoles": "Save roles",
    "ops.disable": "Disable",
    "ops.enable": "Enable",
    "ops.disableConfirm": "Disable operator {name}? Their sessions end.",
    "ops.saved": "Saved.",
    "ops.create": "Create an operator",
    "ops.password": "Password (at least 12 characters)",
    "ops.createSubmit": "Create",
    "ops.created_": "Operator {name} created.",
    "ops.role.admin": "admin",
    "ops.role.finance": "finance",
    "ops.role.warehouse": "warehouse",
    "ops.role.support": "support",
    "ops.rolesOf": "Roles of {name}",
  },
  zh: {
    "ops.nav": "运营账号",
    "ops.title": "运营账号",
    "ops.caption": "运营人员账号",
    "ops.name": "账号",
    "ops.roles": "角色",
    "ops.status": "状态",
    "ops.enabled": "启用",
    "ops.disabled": "停用",
    "ops.created": "创建时间",
    "ops.change": "操作",
    "ops.saveRoles": "保存角色",
    "ops.disable": "停用",
    "ops.enable": "启用",
    "ops.disableConfirm": "停用运营人员 {name}？其会话将结束。",
    "ops.saved": "已保存。",
    "ops.create": "创建运营人员",
    "ops.password": "密码（至少 12 个字符）",
    "ops.createSubmit": "创建",
    "ops.created_": "已创建运营人员 {name}。",
    "ops.role.admin": "管理员",
    "ops.role.finance": "财务",
    "ops.role.warehouse": "仓库",
    "ops.role.support": "客服",
    "ops.rolesOf": "{name} 的角色",
  },
  th: {
    "ops.nav": "เจ้าหน้าที่",
    "ops.title": "เจ้าหน้าที่",
    "ops.caption": "บัญชีเจ้าหน้าที่",
    "ops.name": "ชื่อ",
    "ops.roles": "บทบาท",
    "ops.status": "สถานะ",
    "ops.enabled": "เปิดใช้งาน",
    "ops.disabled": "ปิดใช้งาน",
    "ops.created": "สร้างเมื่อ",
    "ops.change": "เปลี่ยนแปลง",
    "ops.saveRoles": "บันทึกบทบาท",
    "ops.disable": "ปิดใช้งาน",
    "ops.enable": "เปิดใช้งาน",
    "ops.disableConfirm": "ปิดใช้งานเจ้าหน้าที่ {name} หรือไม่? เซสชันทั้งหมดของผู้นี้จะสิ้นสุดลง",
    "ops.saved": "บันทึกแล้ว",
    "ops.create": "สร้างเจ้าหน้าที่",
    "ops.password": "รหัสผ่าน (อย่างน้อย 12 ตัวอักษร)",
    "ops.createSubmit": "สร้าง",
    "ops.created_": "สร้างเจ้าหน้าที่ {name} แล้ว",
    "ops.role.admin": "ผู้ดูแลระบบ",
    "ops.role.finance": "การเงิน",
    "ops.role.warehouse": "คลังสินค้า",
    "ops.role.support": "ฝ่ายบริการลูกค้า",
    "ops.rolesOf": "บทบาทของ {name}",
  },
});

const ROLES = ["admin", "finance", "warehouse", "support"];
let seq = 0;

function roleBoxes(prefix, chosen, legend) {
  seq += 1;
  return h(
    "fieldset",
    { class: "op-roles" },
    h("legend", {}, legend),
    ROLES.map((r) => {
      const id = `${prefix}-${seq}-${r}`;
      return h("span", { class: "op-check" }, h("input", { type: "checkbox", id, name: "roles", value: r, checked: chosen.includes(r) }), h("label", { for: id }, t(`ops.role.${r}`)));
    }),
  );
}

const checkedRoles = (el) => [...el.querySelectorAll("input[name=roles]:checked")].map((i) => i.value);

async function render(ctx) {
  const operators = await api("GET", "/admin/operators");
  const rows = table(t("ops.caption"), [
    [t("ops.name"), (o) => o.name],
    [t("ops.status"), (o) => badge(o.disabled ? t("ops.disabled") : t("ops.enabled"), o.disabled ? "bad" : "ok")],
    [t("ops.created"), (o) => time(o.createdAt)],
    [
      t("ops.roles"),
      (o) =>
        form([roleBoxes("op-role", o.roles, t("ops.rolesOf", { name: o.name }))], {
          submit: t("ops.saveRoles"),
          inline: true,
          label: t("ops.rolesOf", { name: o.name }),
          onSubmit: async (_v, el) => {
            await api("PUT", `/admin/operators/${encodeURIComponent(o.name)}`, { body: { roles: checkedRoles(el) } });
            return t("ops.saved");
          },
        }),
    ],
    [
      t("ops.change"),
      (o) =>
        action(o.disabled ? t("ops.enable") : t("ops.disable"), async () => {
          await api("PUT", `/admin/operators/${encodeURIComponent(o.name)}`, { body: { disabled: !o.disabled } });
          ctx.redraw();
        }, { kind: o.disabled ? "" : "danger", confirmText: o.disabled ? undefined : t("ops.disableConfirm", { name: o.name }), "aria-label": `${o.disabled ? t("ops.enable") : t("ops.disable")} ${o.name}` }),
    ],
  ], operators);
  const create = form(
    [field(t("ops.name"), { name: "name", required: true, autocomplete: "off" }), field(t("ops.password"), { type: "password", name: "password", required: true, minlength: 12, autocomplete: "new-password" }), roleBoxes("op-new", [], t("ops.roles"))],
    {
      submit: t("ops.createSubmit"),
      label: t("ops.create"),
      onSubmit: async (v, el) => {
        const created = await api("POST", "/admin/operators", { body: { name: v.name.trim(), password: v.password, roles: checkedRoles(el) } });
        ctx.redraw();
        return t("ops.created_", { name: created.name });
      },
    },
  );
  return h("div", {}, h("h1", {}, t("ops.title")), section(t("ops.caption"), rows), section(t("ops.create"), create));
}

export default [{ path: "/op/operators", kind: "operator", nav: "ops.nav", roles: ["admin"], render }];
