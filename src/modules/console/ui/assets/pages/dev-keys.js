// Keys: the access key, and a secret reset that re-authenticates with the current secret. The new
// secret is shown once; the reset ends the console session, so the user signs in again with it.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { facts, field, form, h, section } from "../ui.js";

register({
  en: {
    "keys.nav": "Keys",
    "keys.title": "Keys",
    "keys.accessKey": "Access key",
    "keys.current": "Your key",
    "keys.reset": "Reset the access secret",
    "keys.resetHelp": "Type the secret in use now. Every signed client using it stops working, and this console session ends.",
    "keys.currentSecret": "Current access secret",
    "keys.submit": "Reset the secret",
    "keys.newSecret": "New access secret",
    "keys.once": "This secret is shown only now: copy it before leaving this page.",
    "keys.ended": "Your console session has ended with the reset: sign in again with the new secret.",
    "keys.signIn": "Sign in again",
  },
  zh: {
    "keys.nav": "密钥",
    "keys.title": "密钥",
    "keys.accessKey": "Access Key",
    "keys.current": "您的密钥",
    "keys.reset": "重置 Access Secret",
    "keys.resetHelp": "请输入当前使用的密钥。所有使用它签名的客户端都会失效，本次控制台会话也会结束。",
    "keys.currentSecret": "当前 Access Secret",
    "keys.submit": "重置密钥",
    "keys.newSecret": "新的 Access Secret",
    "keys.once": "该密钥只显示这一次：离开页面前请复制保存。",
    "keys.ended": "重置后控制台会话已结束：请使用新密钥重新登录。",
    "keys.signIn": "重新登录",
  },
  th: {
    "keys.nav": "คีย์",
    "keys.title": "คีย์",
    "keys.accessKey": "Access key",
    "keys.current": "คีย์ของคุณ",
    "keys.reset": "รีเซ็ต access secret",
    "keys.resetHelp": "กรอก secret ที่ใช้อยู่ในขณะนี้ ไคลเอนต์ทุกตัวที่ลงนามด้วย secret นี้จะหยุดทำงาน และเซสชันคอนโซลนี้จะสิ้นสุดลง",
    "keys.currentSecret": "Access secret ปัจจุบัน",
    "keys.submit": "รีเซ็ต secret",
    "keys.newSecret": "Access secret ใหม่",
    "keys.once": "secret นี้จะแสดงเพียงครั้งนี้เท่านั้น โปรดคัดลอกก่อนออกจากหน้านี้",
    "keys.ended": "เซสชันคอนโซลของคุณสิ้นสุดลงแล้วจากการรีเซ็ต โปรดเข้าสู่ระบบอีกครั้งด้วย secret ใหม่",
    "keys.signIn": "เข้าสู่ระบบอีกครั้ง",
  },
});

async function render(ctx) {
  const result = h("div", { class: "dev-new-secret", role: "status" });
  const reset = form([field(t("keys.currentSecret"), { name: "currentSecret", type: "password", required: true, autocomplete: "current-password", help: t("keys.resetHelp") })], {
    submit: t("keys.submit"),
    label: t("keys.reset"),
    onSubmit: async (values, el) => {
      const fresh = await api("POST", "/developer/key/reset", { body: { currentSecret: values.currentSecret } });
      el.reset();
      el.hidden = true;
      result.replaceChildren(
        h("p", { class: "dev-warning" }, t("keys.once")),
        facts([
          [t("keys.accessKey"), h("code", {}, fresh.accessKey)],
          [t("keys.newSecret"), h("code", { class: "dev-secret", "data-testid": "new-secret" }, fresh.accessSecret)],
        ]),
        h("p", {}, t("keys.ended")),
        h(
          "button",
          {
            type: "button",
            class: "primary",
            onclick: () => {
              // The server ended the session; reloading shows the sign-in page.
              location.hash = "#/signin";
              location.reload();
            },
          },
          t("keys.signIn"),
        ),
      );
    },
  });
  return h(
    "div",
    { class: "dev-keys" },
    h("h1", {}, t("keys.title")),
    section(t("keys.current"), facts([[t("keys.accessKey"), h("code", { "data-testid": "access-key" }, ctx.session.developer.accessKey)]])),
    section(t("keys.reset"), reset, result),
  );
}

export default { path: "/dev/keys", kind: "developer", nav: "keys.nav", render };
