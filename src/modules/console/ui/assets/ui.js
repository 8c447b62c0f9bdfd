// Small DOM helpers for the pages. Text always goes in as text nodes (never as HTML), so nothing an
// API answers can become markup.
import { t } from "./i18n.js";
import { ApiFailure } from "./api.js";

/** h("button", { class: "primary", onclick }, "Save") → an element; attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let nextId = 0;
/** A unique id for label/control pairs. */
export function uid(prefix = "f") {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled input; answers { row, input }. `type: "select"` takes `options: [[value, label], ...]`. */
export function field(label, { type = "text", name, value = "", options, required, placeholder, help, ...rest } = {}) {
  const id = uid(name ?? "f");
  let input;
  if (type === "select") {
    input = h("select", { id, name, required, ...rest }, (options ?? []).map(([v, l]) => h("option", { value: v, selected: String(v) === String(value) }, l)));
  } else if (type === "textarea") {
    input = h("textarea", { id, name, required, placeholder, rows: rest.rows ?? 6, ...rest }, value);
  } else {
    input = h("input", { id, name, type, value, required, placeholder, ...rest });
  }
  const helpId = help ? `${id}-help` : undefined;
  if (helpId) input.setAttribute("aria-describedby", helpId);
  const row = h("div", { class: "field" }, h("label", { for: id }, label), input, help ? h("small", { id: helpId }, help) : null);
  return { row, input };
}

/** A form whose submit runs `onSubmit(values)`, showing failures in place and disabling itself meanwhile. */
export function form(fields, { submit, onSubmit, inline = false, label } = {}) {
  const status = h("p", { class: "form-status", role: "status" });
  const button = h("button", { type: "submit", class: "primary" }, submit ?? t("common.save"));
  const el = h("form", { class: inline ? "form inline" : "form", "aria-label": label }, fields.map((f) => f.row ?? f), h("div", { class: "actions" }, button), status);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    status.className = "form-status";
    button.disabled = true;
    try {
      const values = Object.fromEntries(new FormData(el).entries());
      const message = await onSubmit(values, el);
      if (message) {
        status.textContent = message;
        status.className = "form-status ok";
      }
    } catch (err) {
      status.textContent = describeError(err);
      status.className = "form-status error";
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

export function describeError(err) {
  if (err instanceof ApiFailure) return `${err.code} — ${err.msg}`;
  return String(err?.message ?? err);
}

/** A button running an async action, reporting a failure next to it. */
export function action(label, run, { kind = "", confirmText, ...rest } = {}) {
  const status = h("span", { class: "action-status", role: "status" });
  const button = h("button", { type: "button", class: kind, ...rest }, label);
  button.addEventListener("click", async () => {
    if (confirmText && !confirm(confirmText)) return;
    status.textContent = "";
    status.className = "action-status";
    button.disabled = true;
    try {
      const message = await run();
      if (message) {
        status.textContent = message;
        status.className = "action-status ok";
      }
    } catch (err) {
      status.textContent = describeError(err);
      status.className = "action-status error";
    } finally {
      button.disabled = false;
    }
  });
  return h("span", { class: "action" }, button, status);
}

/**
 * A table: columns are [header, (row) => cell content]. An empty list shows `empty`.
 * The caption names the table for screen readers.
 */
export function table(caption, columns, rows, { empty } = {}) {
  if (rows.length === 0) return h("p", { class: "empty" }, empty ?? t("common.empty"));
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", { class: "sr-only" }, caption),
      h("thead", {}, h("tr", {}, columns.map(([header]) => h("th", { scope: "col" }, header)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, columns.map(([, cell]) => h("td", {}, cell(row)))))),
    ),
  );
}

/**
 * A list that pages with the API's cursor: `load(cursor)` answers { items, next } and `render(items)`
 * draws a page; "More" appends the next one.
 */
export function pagedList({ load, render }) {
  const box = h("div", { class: "paged" });
  const more = h("button", { type: "button" }, t("common.more"));
  const status = h("p", { class: "form-status", role: "status" });
  let cursor;
  async function page(first) {
    more.disabled = true;
    try {
      const { items, next } = await load(first ? undefined : cursor);
      cursor = next;
      if (first) box.replaceChildren();
      box.append(render(items, first));
      more.hidden = !next;
    } catch (err) {
      status.textContent = describeError(err);
      status.className = "form-status error";
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", () => page(false));
  page(true);
  return { el: h("div", {}, box, more, status), reload: () => page(true) };
}

export function money(fen) {
  if (fen === undefined || fen === null || fen === "") return "—";
  const n = Number(fen);
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString()}.${String(abs % 100).padStart(2, "0")}`;
}

export function time(ms) {
  if (ms === undefined || ms === null || ms === "") return "—";
  const d = new Date(typeof ms === "string" && /^\d+$/.test(ms) ? Number(ms) : ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toLocaleString();
}

export function badge(text, tone = "") {
  return h("span", { class: `badge ${tone}` }, String(text));
}

/** A definition list of [label, value] pairs (an absent value shows as "—"). */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value ?? "—")]));
}

export function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}

export function json(value) {
  return h("pre", { class: "json", tabindex: "0" }, JSON.stringify(value, null, 2));
}
