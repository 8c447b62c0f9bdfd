// The API explorer: the signed operations of /openapi.json, a request form built from each one's
// schema, and real calls — either through the developer's console session (api.js: cookie, CSRF,
// user-id) or signed in this browser with keys typed into the page (HMAC-SHA256 via WebCrypto).
// The keys live only in this module's memory: never in storage, never shown back.
import { api, actingUser } from "../api.js";
import { register, t } from "../i18n.js";
import { describeError, field, h, json } from "../ui.js";
import { exampleOf, resolveRef, sign } from "./explorer-sign.js";

register({
  en: {
    "explorer.nav": "API explorer",
    "explorer.title": "API explorer",
    "explorer.intro": "Real calls to the signed API of this server, as an integrator makes them. Pick an operation, fill its parameters and body, and send.",
    "explorer.operations": "Operations",
    "explorer.filter": "Filter operations",
    "explorer.filterHelp": "Matches the method, path, summary or group.",
    "explorer.noMatch": "No operation matches.",
    "explorer.count": "{count} operations",
    "explorer.auth": "Authentication",
    "explorer.authLegend": "Send requests with",
    "explorer.authSession": "My console session (cookie, CSRF token and the acting user of the header bar)",
    "explorer.authKeys": "Keys typed into this page (signed here with HMAC-SHA256)",
    "explorer.keysNote": "The keys stay in this page's memory only: they are not stored, and the secret is never sent or shown — only the signature made with it.",
    "explorer.accessKey": "Access key",
    "explorer.accessSecret": "Access secret",
    "explorer.userId": "User id (user-id header)",
    "explorer.userIdHelp": "13 digits starting with 21: the sub-account the call acts as.",
    "explorer.sessionUser": "Calls act as user {userId} (change it in the header bar).",
    "explorer.pick": "Choose an operation",
    "explorer.pickHelp": "Choose an operation in the list to build a request.",
    "explorer.pathParams": "Path parameters",
    "explorer.queryParams": "Query parameters",
    "explorer.required": "{name} (required)",
    "explorer.body": "Request body (JSON)",
    "explorer.bodyHelp": "Pre-filled from the request schema; it is sent exactly as written.",
    "explorer.noBody": "This operation takes no request body.",
    "explorer.schema": "Request body schema",
    "explorer.reset": "Reset the example",
    "explorer.send": "Send request",
    "explorer.sending": "Sending…",
    "explorer.missing": "Fill in: {names}",
    "explorer.badJson": "The body is not valid JSON: {error}",
    "explorer.needKeys": "Type the access key, access secret and user id first.",
    "explorer.result": "Result",
    "explorer.outcome": "code {code} — {msg}",
    "explorer.httpStatus": "HTTP status",
    "explorer.latency": "Latency",
    "explorer.ms": "{ms} ms",
    "explorer.requestId": "Request id",
    "explorer.request": "Request",
    "explorer.headers": "Request headers",
    "explorer.header": "Header",
    "explorer.value": "Value",
    "explorer.sentBody": "Body as sent",
    "explorer.stringToSign": "String to sign",
    "explorer.stringToSignHelp": "Seven lines joined by line feeds: access key, timestamp, nonce, method, path, canonical query, SHA-256 of the body.",
    "explorer.emptyLine": "(empty line)",
    "explorer.notSigned": "Not signed: the console session stands in for the signature.",
    "explorer.cookie": "the console session cookie (HTTP-only, not readable by this page)",
    "explorer.csrf": "the session's CSRF token",
    "explorer.response": "Response envelope",
    "explorer.notJson": "The answer is not a JSON envelope.",
    "explorer.loadFailed": "Could not load /openapi.json: {error}",
  },
  zh: {
    "explorer.nav": "API 调试器",
    "explorer.title": "API 调试器",
    "explorer.intro": "像对接方一样，真实调用本服务器的签名 API。选择一个接口，填写参数和请求体，然后发送。",
    "explorer.operations": "接口",
    "explorer.filter": "筛选接口",
    "explorer.filterHelp": "匹配方法、路径、摘要或分组。",
    "explorer.noMatch": "没有匹配的接口。",
    "explorer.count": "共 {count} 个接口",
    "explorer.auth": "身份验证",
    "explorer.authLegend": "发送请求的方式",
    "explorer.authSession": "我的控制台会话（Cookie、CSRF 令牌和顶栏选择的用户）",
    "explorer.authKeys": "在本页输入的密钥（在浏览器中以 HMAC-SHA256 签名）",
    "explorer.keysNote": "密钥只保存在本页内存中：不会被存储，密钥本身也不会被发送或显示——只发送用它生成的签名。",
    "explorer.accessKey": "Access Key",
    "explorer.accessSecret": "Access Secret",
    "explorer.userId": "用户 ID（user-id 请求头）",
    "explorer.userIdHelp": "以 21 开头的 13 位数字：本次调用代表的子账号。",
    "explorer.sessionUser": "调用代表用户 {userId}（可在顶栏切换）。",
    "explorer.pick": "选择接口",
    "explorer.pickHelp": "在列表中选择一个接口以构建请求。",
    "explorer.pathParams": "路径参数",
    "explorer.queryParams": "查询参数",
    "explorer.required": "{name}（必填）",
    "explorer.body": "请求体（JSON）",
    "explorer.bodyHelp": "根据请求结构预先填写；将按原样发送。",
    "explorer.noBody": "此接口没有请求体。",
    "explorer.schema": "请求体结构",
    "explorer.reset": "恢复示例",
    "explorer.send": "发送请求",
    "explorer.sending": "发送中…",
    "explorer.missing": "请填写：{names}",
    "explorer.badJson": "请求体不是有效的 JSON：{error}",
    "explorer.needKeys": "请先输入 Access Key、Access Secret 和用户 ID。",
    "explorer.result": "结果",
    "explorer.outcome": "code {code} — {msg}",
    "explorer.httpStatus": "HTTP 状态",
    "explorer.latency": "耗时",
    "explorer.ms": "{ms} 毫秒",
    "explorer.requestId": "请求 ID",
    "explorer.request": "请求",
    "explorer.headers": "请求头",
    "explorer.header": "请求头",
    "explorer.value": "值",
    "explorer.sentBody": "实际发送的请求体",
    "explorer.stringToSign": "待签名字符串",
    "explorer.stringToSignHelp": "以换行符连接的七行：Access Key、时间戳、随机串、方法、路径、规范化查询串、请求体的 SHA-256。",
    "explorer.emptyLine": "（空行）",
    "explorer.notSigned": "未签名：由控制台会话代替签名。",
    "explorer.cookie": "控制台会话 Cookie（HTTP-only，本页脚本无法读取）",
    "explorer.csrf": "会话的 CSRF 令牌",
    "explorer.response": "响应信封",
    "explorer.notJson": "响应不是 JSON 信封。",
    "explorer.loadFailed": "无法加载 /openapi.json：{error}",
  },
  th: {
    "explorer.nav": "API explorer",
    "explorer.title": "API explorer",
    "explorer.intro": "เรียก API แบบลงนามของเซิร์ฟเวอร์นี้จริง เหมือนที่ผู้เชื่อมต่อระบบเรียก เลือกการดำเนินการ กรอกพารามิเตอร์และเนื้อหา แล้วส่ง",
    "explorer.operations": "การดำเนินการ",
    "explorer.filter": "กรองการดำเนินการ",
    "explorer.filterHelp": "ค้นหาจากเมธอด พาธ คำอธิบายสรุป หรือกลุ่ม",
    "explorer.noMatch": "ไม่มีการดำเนินการที่ตรงกัน",
    "explorer.count": "{count} การดำเนินการ",
    "explorer.auth": "การยืนยันตัวตน",
    "explorer.authLegend": "ส่งคำขอด้วย",
    "explorer.authSession": "เซสชันคอนโซลของฉัน (คุกกี้ โทเค็น CSRF และผู้ใช้ที่ดำเนินการในนามจากแถบด้านบน)",
    "explorer.authKeys": "คีย์ที่กรอกในหน้านี้ (ลงนามที่นี่ด้วย HMAC-SHA256)",
    "explorer.keysNote": "คีย์จะอยู่ในหน่วยความจำของหน้านี้เท่านั้น: ไม่มีการจัดเก็บ และจะไม่มีการส่งหรือแสดง secret — มีเพียงลายเซ็นที่สร้างจาก secret เท่านั้น",
    "explorer.accessKey": "Access key",
    "explorer.accessSecret": "Access secret",
    "explorer.userId": "รหัสผู้ใช้ (เฮดเดอร์ user-id)",
    "explorer.userIdHelp": "ตัวเลข 13 หลักที่ขึ้นต้นด้วย 21: บัญชีย่อยที่การเรียกนี้ดำเนินการในนาม",
    "explorer.sessionUser": "การเรียกจะดำเนินการในนามผู้ใช้ {userId} (เปลี่ยนได้ที่แถบด้านบน)",
    "explorer.pick": "เลือกการดำเนินการ",
    "explorer.pickHelp": "เลือกการดำเนินการจากรายการเพื่อสร้างคำขอ",
    "explorer.pathParams": "พารามิเตอร์ในพาธ",
    "explorer.queryParams": "พารามิเตอร์ query",
    "explorer.required": "{name} (จำเป็น)",
    "explorer.body": "เนื้อหาคำขอ (JSON)",
    "explorer.bodyHelp": "กรอกไว้ล่วงหน้าจาก schema ของคำขอ และจะส่งตามที่เขียนไว้ทุกประการ",
    "explorer.noBody": "การดำเนินการนี้ไม่รับเนื้อหาคำขอ",
    "explorer.schema": "schema ของเนื้อหาคำขอ",
    "explorer.reset": "รีเซ็ตตัวอย่าง",
    "explorer.send": "ส่งคำขอ",
    "explorer.sending": "กำลังส่ง…",
    "explorer.missing": "โปรดกรอก: {names}",
    "explorer.badJson": "เนื้อหาไม่ใช่ JSON ที่ถูกต้อง: {error}",
    "explorer.needKeys": "โปรดกรอก access key, access secret และรหัสผู้ใช้ก่อน",
    "explorer.result": "ผลลัพธ์",
    "explorer.outcome": "code {code} — {msg}",
    "explorer.httpStatus": "สถานะ HTTP",
    "explorer.latency": "เวลาตอบสนอง",
    "explorer.ms": "{ms} ms",
    "explorer.requestId": "รหัสคำขอ",
    "explorer.request": "คำขอ",
    "explorer.headers": "เฮดเดอร์ของคำขอ",
    "explorer.header": "เฮดเดอร์",
    "explorer.value": "ค่า",
    "explorer.sentBody": "เนื้อหาที่ส่งจริง",
    "explorer.stringToSign": "สตริงสำหรับลงนาม",
    "explorer.stringToSignHelp": "เจ็ดบรรทัดที่ต่อกันด้วยอักขระขึ้นบรรทัดใหม่ (line feed): access key, timestamp, nonce, เมธอด, พาธ, query แบบ canonical, SHA-256 ของเนื้อหา",
    "explorer.emptyLine": "(บรรทัดว่าง)",
    "explorer.notSigned": "ไม่ได้ลงนาม: ใช้เซสชันคอนโซลแทนลายเซ็น",
    "explorer.cookie": "คุกกี้เซสชันคอนโซล (HTTP-only หน้านี้อ่านไม่ได้)",
    "explorer.csrf": "โทเค็น CSRF ของเซสชัน",
    "explorer.response": "ซองข้อมูลการตอบกลับ",
    "explorer.notJson": "คำตอบไม่ใช่ซองข้อมูล JSON",
    "explorer.loadFailed": "โหลด /openapi.json ไม่สำเร็จ: {error}",
  },
});

const SIGNED_PREFIXES = ["/v2", "/developer", "/sandbox", "/warehouse", "/logistics"];
const METHODS = ["get", "post", "put", "patch", "delete"];

/** Keys typed into the page: module memory only (survives redraws such as a language switch). */
const keys = { accessKey: "", accessSecret: "", userId: "" };
let chosenAuth = "";
let specPromise;

function loadSpec() {
  specPromise ??= fetch("/openapi.json", { credentials: "same-origin" }).then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  });
  specPromise.catch(() => (specPromise = undefined));
  return specPromise;
}

function isSigned(path) {
  return SIGNED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The signed operations, grouped by their first tag in the order the document lists them. */
function operations(spec) {
  const groups = new Map();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (!isSigned(path)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolveRef(p, spec));
      const entry = { id: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, tag, summary: op.summary ?? "", description: op.description ?? "", parameters, op };
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(entry);
    }
  }
  return groups;
}

function bodySchema(op, spec) {
  const body = resolveRef(op.op.requestBody, spec);
  const content = body?.content ?? {};
  const media = content["application/json"] ?? Object.values(content)[0];
  return media?.schema ? resolveRef(media.schema, spec) : undefined;
}

function exampleText(op, spec) {
  const schema = bodySchema(op, spec);
  return schema ? JSON.stringify(exampleOf(schema, spec), null, 2) : "";
}

/** The explorer (public at /explorer, and in a developer's navigation at /dev/explorer). */
export async function renderExplorer(ctx) {
  let spec;
  try {
    spec = await loadSpec();
  } catch (err) {
    return h("div", {}, h("h1", {}, t("explorer.title")), h("p", { class: "form-status error", role: "alert" }, t("explorer.loadFailed", { error: describeError(err) })));
  }
  const groups = operations(spec);
  const all = [...groups.values()].flat();
  const developer = ctx.session?.kind === "developer";
  if (!developer || !chosenAuth) chosenAuth = developer ? "session" : "keys";

  // ---- authentication ----
  const keyFields = h(
    "div",
    { class: "explorer-keys" },
    h("p", { class: "explorer-note" }, t("explorer.keysNote")),
    keyInput("explorer.accessKey", "accessKey", { autocomplete: "off", spellcheck: "false" }),
    keyInput("explorer.accessSecret", "accessSecret", { type: "password", autocomplete: "off" }),
    keyInput("explorer.userId", "userId", { autocomplete: "off", inputmode: "numeric", help: t("explorer.userIdHelp") }),
  );
  const sessionNote = h("p", { class: "explorer-note" }, developer ? t("explorer.sessionUser", { userId: actingUser() }) : "");
  const showAuth = () => {
    keyFields.hidden = chosenAuth !== "keys";
    sessionNote.hidden = chosenAuth !== "session";
  };
  const radio = (value, label) => {
    const id = `explorer-auth-${value}`;
    const input = h("input", { type: "radio", id, name: "explorer-auth", value, checked: chosenAuth === value });
    input.addEventListener("change", () => {
      if (input.checked) chosenAuth = value;
      showAuth();
    });
    return h("div", { class: "explorer-radio" }, input, h("label", { for: id }, label));
  };
  const auth = h(
    "section",
    { class: "card explorer-auth" },
    h("h2", {}, t("explorer.auth")),
    h("fieldset", {}, h("legend", {}, t("explorer.authLegend")), developer ? radio("session", t("explorer.authSession")) : null, radio("keys", t("explorer.authKeys"))),
    sessionNote,
    keyFields,
  );
  showAuth();

  // ---- the operation list ----
  const request = h("section", { class: "card explorer-request", "aria-labelledby": "explorer-request-title" });
  const result = h("section", { class: "card explorer-result", "aria-labelledby": "explorer-result-title", hidden: true });
  let buttons = [];
  const choose = (op, focus) => {
    for (const b of buttons) b.button.setAttribute("aria-current", b.op === op ? "true" : "false");
    drawRequest(op);
    if (focus) request.querySelector("h2")?.focus();
  };
  const list = h("div", { class: "explorer-list" });
  for (const [tag, ops] of groups) {
    const items = ops.map((op) => {
      const button = h(
        "button",
        { type: "button", class: "explorer-op", "aria-current": "false", onclick: () => choose(op, true) },
        h("span", { class: `explorer-method m-${op.method.toLowerCase()}` }, op.method),
        " ",
        h("span", { class: "explorer-path" }, op.path),
        " ",
        h("span", { class: "explorer-summary" }, op.summary),
      );
      const li = h("li", {}, button);
      buttons.push({ op, button, li });
      return li;
    });
    list.append(h("div", { class: "explorer-group", dataset: { tag } }, h("h3", {}, tag), h("ul", {}, items)));
  }
  const noMatch = h("p", { class: "empty", hidden: true }, t("explorer.noMatch"));
  const filter = field(t("explorer.filter"), { name: "explorer-filter", type: "search", help: t("explorer.filterHelp"), autocomplete: "off" });
  filter.input.addEventListener("input", () => {
    const words = filter.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const b of buttons) {
      const text = `${b.op.method} ${b.op.path} ${b.op.summary} ${b.op.tag}`.toLowerCase();
      b.li.hidden = !words.every((w) => text.includes(w));
    }
    let shown = 0;
    for (const group of list.children) {
      const visible = [...group.querySelectorAll("li")].some((li) => !li.hidden);
      group.hidden = !visible;
      if (visible) shown += 1;
    }
    noMatch.hidden = shown > 0;
  });
  const listSection = h(
    "section",
    { class: "card explorer-ops", "aria-labelledby": "explorer-ops-title" },
    h("h2", { id: "explorer-ops-title" }, t("explorer.operations")),
    h("p", { class: "explorer-note" }, t("explorer.count", { count: all.length })),
    filter.row,
    noMatch,
    list,
  );

  // ---- the request form of the chosen operation ----
  function drawRequest(op) {
    result.hidden = true;
    result.replaceChildren();
    if (!op) {
      request.replaceChildren(h("h2", { id: "explorer-request-title", tabindex: "-1" }, t("explorer.pick")), h("p", { class: "empty" }, t("explorer.pickHelp")));
      return;
    }
    const inputs = [];
    const paramFields = (where, title) => {
      const params = op.parameters.filter((p) => p.in === where);
      if (params.length === 0) return null;
      return h(
        "fieldset",
        { class: "explorer-params" },
        h("legend", {}, title),
        params.map((p) => {
          const schema = resolveRef(p.schema ?? {}, spec);
          const hint = p.example ?? schema.example ?? schema.default ?? schema.enum?.[0];
          const required = Boolean(p.required) || where === "path";
          const f = field(required ? t("explorer.required", { name: p.name }) : p.name, {
            name: `${where}-${p.name}`,
            required,
            placeholder: hint === undefined ? undefined : String(hint),
            help: [p.description ?? schema.description, schema.enum ? schema.enum.join(" | ") : undefined].filter(Boolean).join(" · ") || undefined,
            autocomplete: "off",
          });
          inputs.push({ param: p, where, input: f.input, required });
          return f.row;
        }),
      );
    };
    const schema = bodySchema(op, spec);
    const takesBody = op.method !== "GET" && op.method !== "HEAD" && op.method !== "DELETE";
    const bodyField = takesBody && schema ? field(t("explorer.body"), { type: "textarea", name: "explorer-body", rows: 12, value: exampleText(op, spec), help: t("explorer.bodyHelp"), spellcheck: "false" }) : null;
    const status = h("p", { class: "form-status", role: "status" });
    const sendButton = h("button", { type: "submit", class: "primary" }, t("explorer.send"));
    const formEl = h(
      "form",
      { class: "form explorer-form", "aria-label": t("explorer.request") },
      paramFields("path", t("explorer.pathParams")),
      paramFields("query", t("explorer.queryParams")),
      bodyField ? bodyField.row : h("p", { class: "explorer-note" }, t("explorer.noBody")),
      bodyField
        ? h(
            "div",
            { class: "actions" },
            h("button", { type: "button", onclick: () => (bodyField.input.value = exampleText(op, spec)) }, t("explorer.reset")),
          )
        : null,
      schema ? h("details", { class: "explorer-schema" }, h("summary", {}, t("explorer.schema")), json(schema)) : null,
      h("div", { class: "actions" }, sendButton),
      status,
    );
    formEl.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.textContent = t("explorer.sending");
      status.className = "form-status";
      sendButton.disabled = true;
      try {
        const outcome = await send(op, inputs, bodyField?.input.value ?? "");
        status.textContent = "";
        drawResult(outcome);
      } catch (err) {
        status.textContent = describeError(err);
        status.className = "form-status error";
      } finally {
        sendButton.disabled = false;
      }
    });
    request.replaceChildren(
      h("h2", { id: "explorer-request-title", tabindex: "-1" }, op.summary || op.id),
      h("p", { class: "explorer-endpoint" }, h("span", { class: `explorer-method m-${op.method.toLowerCase()}` }, op.method), " ", h("code", {}, op.path), " ", h("span", { class: "badge" }, op.tag)),
      ...(op.description ? [h("p", { class: "explorer-description" }, op.description)] : []),
      formEl,
    );
  }

  // ---- sending ----
  async function send(op, inputs, bodyValue) {
    const missing = inputs.filter((i) => i.required && i.input.value === "").map((i) => i.param.name);
    if (missing.length > 0) throw new Error(t("explorer.missing", { names: missing.join(", ") }));
    const values = (where) => inputs.filter((i) => i.where === where && i.input.value !== "");
    const path = op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(inputs.find((i) => i.where === "path" && i.param.name === name)?.input.value ?? ""));
    const search = new URLSearchParams(values("query").map((i) => [i.param.name, i.input.value]));
    const query = search.toString();
    const url = `${location.origin}${path}${query ? `?${query}` : ""}`;
    const hasBody = bodyValue.trim() !== "";
    let parsed;
    if (hasBody) {
      try {
        parsed = JSON.parse(bodyValue);
      } catch (err) {
        throw new Error(t("explorer.badJson", { error: err.message }));
      }
    }
    if (chosenAuth === "session" && ctx.session?.kind === "developer") {
      const shown = [["cookie", t("explorer.cookie")]];
      if (op.method !== "GET" && op.method !== "HEAD") shown.push(["x-csrf-token", t("explorer.csrf")]);
      shown.push(["user-id", actingUser()]);
      if (hasBody) shown.push(["content-type", "application/json"]);
      const started = performance.now();
      let envelope;
      let failure;
      try {
        envelope = await api(op.method, path, { query: Object.fromEntries(search), body: hasBody ? parsed : undefined, raw: true });
      } catch (err) {
        failure = describeError(err);
      }
      const latency = Math.round(performance.now() - started);
      return { method: op.method, url, headers: shown, body: hasBody ? JSON.stringify(parsed) : "", stringToSign: undefined, envelope, failure, latency, httpStatus: undefined };
    }
    if (!keys.accessKey || !keys.accessSecret || !keys.userId) throw new Error(t("explorer.needKeys"));
    const body = hasBody ? bodyValue : "";
    const signed = await sign({ accessKey: keys.accessKey.trim(), accessSecret: keys.accessSecret.trim(), userId: keys.userId.trim(), method: op.method, path, query, body });
    const headers = { ...signed.headers };
    if (hasBody) headers["content-type"] = "application/json";
    const started = performance.now();
    const response = await fetch(url, { method: op.method, headers, body: hasBody ? body : undefined, credentials: "omit", cache: "no-store" });
    const text = await response.text();
    const latency = Math.round(performance.now() - started);
    let envelope;
    let failure;
    try {
      envelope = JSON.parse(text);
    } catch {
      failure = `${t("explorer.notJson")} ${text.slice(0, 200)}`;
    }
    return { method: op.method, url, headers: Object.entries(headers), body, stringToSign: signed.stringToSign, envelope, failure, latency, httpStatus: response.status };
  }

  function drawResult(outcome) {
    const { envelope } = outcome;
    const ok = envelope?.code === 200;
    const headline = envelope
      ? h("p", { class: `explorer-outcome ${ok ? "ok" : "error"}`, role: ok ? "status" : "alert" }, t("explorer.outcome", { code: envelope.code, msg: envelope.msg ?? "" }))
      : h("p", { class: "explorer-outcome error", role: "alert" }, outcome.failure ?? "");
    const facts = [];
    if (outcome.httpStatus !== undefined) facts.push([t("explorer.httpStatus"), String(outcome.httpStatus)]);
    facts.push([t("explorer.latency"), t("explorer.ms", { ms: outcome.latency })]);
    if (envelope?.requestId) facts.push([t("explorer.requestId"), envelope.requestId]);
    const lines = outcome.stringToSign?.split("\n");
    // replaceChildren takes nodes only: the optional parts (arrays) are flattened first.
    const parts = [
      h("h2", { id: "explorer-result-title", tabindex: "-1" }, t("explorer.result")),
      headline,
      h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      h("h3", {}, t("explorer.request")),
      h("p", { class: "explorer-endpoint" }, h("span", { class: `explorer-method m-${outcome.method.toLowerCase()}` }, outcome.method), " ", h("code", { class: "explorer-url" }, outcome.url)),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "explorer-headers" },
          h("caption", {}, t("explorer.headers")),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("explorer.header")), h("th", { scope: "col" }, t("explorer.value")))),
          h("tbody", {}, outcome.headers.map(([name, value]) => h("tr", { dataset: { header: name } }, h("th", { scope: "row" }, h("code", {}, name)), h("td", {}, h("code", {}, value))))),
        ),
      ),
      outcome.body ? [h("h3", {}, t("explorer.sentBody")), h("pre", { class: "json explorer-body-sent", tabindex: "0" }, outcome.body)] : null,
      h("h3", {}, t("explorer.stringToSign")),
      lines
        ? [
            h("p", { class: "explorer-note" }, t("explorer.stringToSignHelp")),
            h(
              "ol",
              { class: "explorer-sts" },
              lines.map((line, i) =>
                h("li", {}, line === "" ? h("span", { class: "explorer-empty-line" }, t("explorer.emptyLine")) : h("code", {}, line), i < lines.length - 1 ? h("span", { class: "explorer-lf", "aria-hidden": "true" }, "\\n") : null),
              ),
            ),
          ]
        : h("p", { class: "explorer-note" }, t("explorer.notSigned")),
      h("h3", {}, t("explorer.response")),
      envelope ? json(envelope) : h("p", { class: "form-status error" }, outcome.failure ?? ""),
    ];
    result.replaceChildren(...parts.flat(Infinity).filter(Boolean));
    result.hidden = false;
    result.querySelector("h2")?.focus({ preventScroll: true });
    result.scrollIntoView({ block: "start" });
  }

  const initial = all.find((op) => op.id === ctx.query?.get("op"));
  drawRequest(undefined);
  if (initial) choose(initial, false);
  return h(
    "div",
    { class: "explorer" },
    h("h1", {}, t("explorer.title")),
    h("p", { class: "explorer-intro" }, t("explorer.intro")),
    h("div", { class: "explorer-grid" }, listSection, h("div", { class: "explorer-main" }, auth, request, result)),
  );
}

function keyInput(labelKey, name, { help, ...attrs } = {}) {
  const f = field(t(labelKey), { name: `explorer-${name}`, help, ...attrs });
  // The property, not the value attribute: a typed secret never appears in the page's markup.
  f.input.value = keys[name];
  f.input.addEventListener("input", () => (keys[name] = f.input.value));
  return f.row;
}
