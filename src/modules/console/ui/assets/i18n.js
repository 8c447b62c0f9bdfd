// Strings by language: English, 简体中文 and ไทย. Each page registers its own
// (`register({ en: {...}, zh: {...}, th: {...} })`); a key missing in the chosen language falls back
// to English, then to the key itself. The first visit follows the browser's language; the choice in
// the header is kept in localStorage.
const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "zh", label: "简体中文" },
  { code: "th", label: "ไทย" },
];
const tables = { en: {}, zh: {}, th: {} };
let current = localStorage.getItem("openpon.lang") || browserLanguage();
if (!tables[current]) current = "en";

function browserLanguage() {
  const lang = navigator.language ?? "";
  if (lang.startsWith("zh")) return "zh";
  if (lang.startsWith("th")) return "th";
  return "en";
}

// <html lang> tells screen readers which language to speak and the browser which fonts suit the
// text; Chinese is tagged as Simplified (zh-CN) so a CJK font draws the Simplified glyph forms.
function htmlLang(code) {
  return code === "zh" ? "zh-CN" : code;
}

export function register(strings) {
  for (const [lang, entries] of Object.entries(strings)) Object.assign((tables[lang] ??= {}), entries);
}

/** The string for `key` with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = tables[current]?.[key] ?? tables.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? `{${name}}`));
}

export function language() {
  return current;
}

export function languages() {
  return LANGUAGES;
}

export function setLanguage(code) {
  if (!tables[code]) return;
  current = code;
  localStorage.setItem("openpon.lang", code);
  document.documentElement.lang = htmlLang(code);
}

document.documentElement.lang = htmlLang(current);
