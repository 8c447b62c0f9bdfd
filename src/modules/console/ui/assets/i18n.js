// Strings by language. Each page registers its own (`register({ en: {...}, zh: {...} })`); a key
// missing in the chosen language falls back to English, then to the key itself.
const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "zh", label: "简体中文" },
];
const tables = { en: {}, zh: {} };
let current = localStorage.getItem("openpon.lang") || (navigator.language?.startsWith("zh") ? "zh" : "en");
if (!tables[current]) current = "en";

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
  document.documentElement.lang = code === "zh" ? "zh-CN" : code;
}

document.documentElement.lang = current === "zh" ? "zh-CN" : current;
