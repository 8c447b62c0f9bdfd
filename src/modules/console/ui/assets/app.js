// The console shell: who is signed in, the navigation their kind and roles allow, the language, and
// a hash router that draws one page at a time into <main>. Pages live in pages/*.js; each is
// { path, kind, nav, roles?, render(ctx) } and uses the same HTTP API as integrators; ctx carries the
// session, the route's params and query, go(path), redraw() and refreshSession() (after the session's
// facts changed, e.g. a new user).
import { api, actAs, useSession } from "./api.js";
import { language, languages, register, setLanguage, t } from "./i18n.js";
import { hasRole } from "./roles.js";
import { describeError, field, form, h } from "./ui.js";
import developerPages from "./pages/developer.js";
import operatorPages from "./pages/operator.js";
import explorerPages from "./pages/explorer.js";

register({
  en: {
    "app.title": "openpon console",
    "app.language": "Language",
    "app.signOut": "Sign out",
    "app.signOutEverywhere": "Sign out everywhere",
    "app.actingAs": "Acting as user",
    "app.notFound": "No such page.",
    "app.forbidden": "Your roles do not include this page.",
    "app.nav": "Main navigation",
    "app.developer": "Developer",
    "app.operator": "Operator",
    "app.sandbox": "sandbox",
    "app.live": "live",
    "signin.title": "Sign in to the openpon console",
    "signin.developer": "Developer (access key)",
    "signin.operator": "Operator (account)",
    "signin.accessKey": "Access key",
    "signin.accessSecret": "Access secret",
    "signin.name": "Operator name",
    "signin.password": "Password",
    "signin.submit": "Sign in",
    "signin.explorer": "Or open the API explorer with keys typed into the page",
    "signin.kinds": "Who is signing in",
    "common.save": "Save",
    "common.empty": "Nothing here yet.",
    "common.more": "More",
    "common.refresh": "Refresh",
    "common.loading": "Loading…",
  },
  zh: {
    "app.title": "openpon 控制台",
    "app.language": "语言",
    "app.signOut": "退出登录",
    "app.signOutEverywhere": "在所有设备上退出",
    "app.actingAs": "当前用户",
    "app.notFound": "页面不存在。",
    "app.forbidden": "您的角色无权访问此页面。",
    "app.nav": "主导航",
    "app.developer": "开发者",
    "app.operator": "运营人员",
    "app.sandbox": "沙箱",
    "app.live": "正式",
    "signin.title": "登录 openpon 控制台",
    "signin.developer": "开发者（Access Key）",
    "signin.operator": "运营人员（账号）",
    "signin.accessKey": "Access Key",
    "signin.accessSecret": "Access Secret",
    "signin.name": "运营人员账号",
    "signin.password": "密码",
    "signin.submit": "登录",
    "signin.explorer": "或者打开 API 调试器，在页面中输入密钥",
    "signin.kinds": "登录身份",
    "common.save": "保存",
    "common.empty": "暂无数据。",
    "common.more": "更多",
    "common.refresh": "刷新",
    "common.loading": "加载中…",
  },
  th: {
    "app.title": "คอนโซล openpon",
    "app.language": "ภาษา",
    "app.signOut": "ออกจากระบบ",
    "app.signOutEverywhere": "ออกจากระบบทุกอุปกรณ์",
    "app.actingAs": "ดำเนินการในนามผู้ใช้",
    "app.notFound": "ไม่พบหน้านี้",
    "app.forbidden": "บทบาทของคุณไม่มีสิทธิ์เข้าถึงหน้านี้",
    "app.nav": "เมนูหลัก",
    "app.developer": "นักพัฒนา",
    "app.operator": "เจ้าหน้าที่",
    "app.sandbox": "แซนด์บ็อกซ์",
    "app.live": "ใช้งานจริง",
    "signin.title": "เข้าสู่ระบบคอนโซล openpon",
    "signin.developer": "นักพัฒนา (Access key)",
    "signin.operator": "เจ้าหน้าที่ (บัญชีผู้ใช้)",
    "signin.accessKey": "Access key",
    "signin.accessSecret": "Access secret",
    "signin.name": "ชื่อเจ้าหน้าที่",
    "signin.password": "รหัสผ่าน",
    "signin.submit": "เข้าสู่ระบบ",
    "signin.explorer": "หรือเปิด API explorer แล้วกรอกคีย์ในหน้านั้น",
    "signin.kinds": "เข้าสู่ระบบในฐานะ",
    "common.save": "บันทึก",
    "common.empty": "ยังไม่มีข้อมูล",
    "common.more": "เพิ่มเติม",
    "common.refresh": "รีเฟรช",
    "common.loading": "กำลังโหลด…",
  },
});

const PAGES = [...developerPages, ...operatorPages, ...explorerPages];
let session = null;
let renderToken = 0;

function compile(path) {
  const names = [];
  const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, name) => (names.push(name), "([^/]+)"))}$`);
  return { pattern, names };
}
const ROUTES = PAGES.map((page) => ({ page, ...compile(page.path) }));

function allowed(page) {
  if (page.kind === "public") return true;
  if (!session || session.kind !== page.kind) return false;
  if (page.kind === "operator" && page.roles) return hasRole(session, ...page.roles);
  return true;
}

function home() {
  if (!session) return "/signin";
  return session.kind === "developer" ? "/dev/overview" : (PAGES.find((p) => p.kind === "operator" && p.nav && allowed(p))?.path ?? "/op");
}

/** Opens a page (drawing it again when it is the one shown). */
export function go(path) {
  if (location.hash === `#${path}`) draw();
  else location.hash = `#${path}`;
}

function resolve() {
  const [path, search = ""] = (location.hash.slice(1) || home()).split("?");
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) return { page: route.page, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1])])), query: new URLSearchParams(search), path };
  }
  return { page: undefined, params: {}, query: new URLSearchParams(search), path };
}

async function loadSession() {
  try {
    session = await api("GET", "/console/api/session");
  } catch {
    session = null;
  }
  useSession(session);
}

function languagePicker() {
  const { row, input } = field(t("app.language"), { type: "select", name: "lang", value: language(), options: languages().map((l) => [l.code, l.label]) });
  input.addEventListener("change", () => {
    setLanguage(input.value);
    draw();
  });
  row.classList.add("lang");
  return row;
}

function header() {
  const right = [languagePicker()];
  if (session?.kind === "developer") {
    const { row, input } = field(t("app.actingAs"), {
      type: "select",
      name: "acting-user",
      value: session.userId,
      options: session.users.filter((u) => u.enabled).map((u) => [u.userId, `${u.userName} (${u.userId})`]),
    });
    input.addEventListener("change", () => {
      session.userId = input.value;
      actAs(input.value);
      draw();
    });
    right.push(row);
  }
  if (session) {
    right.push(
      h("button", { type: "button", onclick: () => signOut("/console/api/session", "DELETE") }, t("app.signOut")),
      h("button", { type: "button", onclick: () => signOut("/console/api/session/everywhere", "POST") }, t("app.signOutEverywhere")),
    );
  }
  const who = !session
    ? ""
    : session.kind === "developer"
      ? `${t("app.developer")}: ${session.developer.name} · ${session.developer.sandbox ? t("app.sandbox") : t("app.live")}`
      : `${t("app.operator")}: ${session.operator.name} · ${session.operator.roles.join(", ")}`;
  return h("header", { class: "top" }, h("a", { class: "brand", href: "#/" }, t("app.title")), h("span", { class: "who" }, who), h("div", { class: "tools" }, right));
}

async function signOut(path, method) {
  try {
    await api(method, path);
  } finally {
    session = null;
    useSession(null);
    go("/signin");
    draw();
  }
}

function nav(current) {
  const items = PAGES.filter((p) => p.nav && p.kind !== "public" && allowed(p));
  if (items.length === 0) return null;
  return h(
    "nav",
    { class: "side", "aria-label": t("app.nav") },
    h("ul", {}, items.map((p) => h("li", {}, h("a", { href: `#${p.path}`, "aria-current": current === p ? "page" : undefined }, t(p.nav))))),
  );
}

function signInPage() {
  const developer = form(
    [field(t("signin.accessKey"), { name: "accessKey", required: true, autocomplete: "username" }), field(t("signin.accessSecret"), { name: "accessSecret", type: "password", required: true, autocomplete: "current-password" })],
    {
      submit: t("signin.submit"),
      label: t("signin.developer"),
      onSubmit: async (values) => {
        session = await api("POST", "/console/api/session/developer", { body: values });
        useSession(session);
        go(home());
      },
    },
  );
  const operator = form(
    [field(t("signin.name"), { name: "name", required: true, autocomplete: "username" }), field(t("signin.password"), { name: "password", type: "password", required: true, autocomplete: "current-password" })],
    {
      submit: t("signin.submit"),
      label: t("signin.operator"),
      onSubmit: async (values) => {
        session = await api("POST", "/console/api/session", { body: values });
        useSession(session);
        go(home());
      },
    },
  );
  return h(
    "div",
    { class: "signin" },
    h("h1", {}, t("signin.title")),
    h("div", { class: "grid two" }, h("section", { class: "card" }, h("h2", {}, t("signin.developer")), developer), h("section", { class: "card" }, h("h2", {}, t("signin.operator")), operator)),
    h("p", {}, h("a", { href: "#/explorer" }, t("signin.explorer"))),
  );
}

async function draw() {
  const token = ++renderToken;
  const { page, params, query, path } = resolve();
  const main = h("main", { id: "main", tabindex: "-1" });
  const root = document.getElementById("app");
  const shell = h("div", { class: "shell" }, header(), h("div", { class: "body" }, session ? nav(page) : null, main));
  root.replaceChildren(shell);
  if (path === "/signin" || (!session && page?.kind !== "public")) {
    if (session && path === "/signin") return go(home());
    main.append(signInPage());
    document.title = t("signin.title");
    return;
  }
  if (!page) {
    main.append(h("h1", {}, t("app.notFound")));
    return;
  }
  if (!allowed(page)) {
    main.append(h("h1", {}, t("app.forbidden")));
    return;
  }
  document.title = `${t(page.nav ?? page.title ?? "app.title")} · ${t("app.title")}`;
  main.append(h("p", { class: "loading" }, t("common.loading")));
  try {
    const refreshSession = async () => {
      await loadSession();
      await draw();
    };
    const content = await page.render({ session, params, query, go, redraw: draw, refreshSession });
    if (token !== renderToken) return;
    main.replaceChildren(content);
  } catch (err) {
    if (token !== renderToken) return;
    main.replaceChildren(h("p", { class: "form-status error", role: "alert" }, describeError(err)));
  }
}

window.addEventListener("hashchange", () => draw().then(() => document.getElementById("main")?.focus({ preventScroll: true })));
await loadSession();
draw();
