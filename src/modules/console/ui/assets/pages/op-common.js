// Shared bits of the operator pages: who may do what (../roles.js), a developer picker, and
// same-origin picture addresses.
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { field } from "../ui.js";

register({
  en: { "opc.developer": "Developer", "opc.choose": "— choose a developer —", "opc.all": "— all developers —", "opc.show": "Show" },
  zh: { "opc.developer": "开发者", "opc.choose": "— 选择开发者 —", "opc.all": "— 全部开发者 —", "opc.show": "显示" },
  th: { "opc.developer": "นักพัฒนา", "opc.choose": "— เลือกนักพัฒนา —", "opc.all": "— นักพัฒนาทั้งหมด —", "opc.show": "แสดง" },
});

export { hasRole, isAdmin } from "../roles.js";

/**
 * A developer select filled from GET /admin/developers; changing it opens `pathFor(developId)`.
 * `allowAll` adds an empty "all developers" choice.
 */
export async function developerPicker(ctx, pathFor, { allowAll = false, name = "developId" } = {}) {
  const developers = await api("GET", "/admin/developers");
  const current = ctx.query.get("developId") ?? "";
  const options = [["", t(allowAll ? "opc.all" : "opc.choose")], ...developers.map((d) => [d.developId, `${d.name} (${d.developId})${d.sandbox ? " · sandbox" : ""}`])];
  const { row, input } = field(t("opc.developer"), { type: "select", name, value: current, options });
  input.addEventListener("change", () => ctx.go(pathFor(input.value)));
  return { row, input, developers, current };
}

/**
 * A picture the API names by an absolute address under the platform's public URL. The console is
 * served by the platform itself and its CSP loads images from its own origin only, so the picture is
 * asked of this origin at the same path.
 */
export function sameOrigin(url) {
  try {
    const u = new URL(url, location.origin);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

export function grams(g) {
  return g === null || g === undefined ? "—" : `${Number(g).toLocaleString()} g`;
}

export function size(mm) {
  return mm ? `${mm.length} × ${mm.width} × ${mm.height} mm` : "—";
}

/** Reads files chosen in an <input type=file> as data: URLs (what the QC route takes). */
export function readAsDataUrls(files) {
  return Promise.all(
    [...files].map(
      (file) =>
        new Promise((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(file);
        }),
    ),
  );
}
