// The explorer's pure parts: the DESIGNED HMAC-SHA256 request signature computed in the browser with
// WebCrypto (the same formula as packages/sdk/src/signature.ts), and example bodies built from the
// OpenAPI request schemas.

const encoder = new TextEncoder();
const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh single-use nonce: 32 characters of [A-Za-z0-9_-] (64 symbols, so each byte maps evenly). */
export function nonce() {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => NONCE_ALPHABET[b & 63]).join("");
}

/** Query parameters sorted by name then value, percent-encoded, without sign/signature. */
export function canonicalQuery(search) {
  const pairs = [];
  for (const [key, value] of new URLSearchParams(search)) if (key !== "sign" && key !== "signature") pairs.push([key, value]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

export async function sha256Hex(text) {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** The seven lines: accessKey, timestamp, nonce, METHOD, path, canonical query, hex SHA-256 of the body. */
export async function stringToSign({ accessKey, timestamp, nonceStr, method, path, query, body }) {
  return [accessKey, timestamp, nonceStr ?? "", method.toUpperCase(), path, canonicalQuery(query), await sha256Hex(body ?? "")].join("\n");
}

/** Lower-case hex HMAC-SHA256 of `text` keyed with the access secret. */
export async function hmacHex(text, secret) {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
}

/**
 * Signs one request; answers the headers to send and the string that was signed. The secret is used
 * only here and never returned.
 */
export async function sign({ accessKey, accessSecret, userId, method, path, query, body }) {
  const timestamp = String(Date.now());
  const nonceStr = nonce();
  const signed = await stringToSign({ accessKey, timestamp, nonceStr, method, path, query, body });
  const signature = await hmacHex(signed, accessSecret);
  const headers = { "access-key": accessKey, timestamp, "nonce-str": nonceStr, "user-id": userId, signature, "signature-method": "HMAC-SHA256" };
  return { headers, stringToSign: signed };
}

// ---- example bodies from JSON schemas ----

function resolveRef(schema, spec) {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) {
    const parts = s.$ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    s = parts.reduce((node, part) => node?.[part], spec);
  }
  return s ?? {};
}

const PREFERENCE = ["object", "array", "integer", "number", "boolean", "string", "null"];
function typeOf(schema) {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null") ?? "null";
  if (schema.type) return schema.type;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return undefined;
}

/** The richest alternative of an anyOf/oneOf (an object before an array before a scalar). */
function bestAlternative(alternatives, spec) {
  const resolved = alternatives.map((a) => resolveRef(a, spec));
  const rank = (s) => {
    const i = PREFERENCE.indexOf(typeOf(s) ?? "string");
    return i < 0 ? PREFERENCE.length : i;
  };
  return resolved.reduce((best, s) => (rank(s) < rank(best) ? s : best));
}

/**
 * An example value for a schema: its `example`, then `default`, the first `enum` value, else a
 * placeholder of its type. Objects list their required properties first, then the optional ones that
 * have an example, default or enum (the full schema is shown next to the body).
 */
export function exampleOf(schema, spec, depth = 0) {
  const s = resolveRef(schema, spec);
  if (depth > 8) return null;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) return exampleOf(bestAlternative(alternatives, spec), spec, depth + 1);
  if (Array.isArray(s.allOf)) {
    const merged = { type: "object", properties: {}, required: [] };
    for (const part of s.allOf.map((p) => resolveRef(p, spec))) {
      Object.assign(merged.properties, part.properties ?? {});
      merged.required.push(...(part.required ?? []));
    }
    return exampleOf(merged, spec, depth + 1);
  }
  switch (typeOf(s)) {
    case "object": {
      const properties = s.properties ?? {};
      const required = (s.required ?? []).filter((name) => name in properties);
      const optional = Object.keys(properties).filter((name) => !required.includes(name) && hasSuggestion(resolveRef(properties[name], spec)));
      const value = {};
      for (const name of [...required, ...optional]) value[name] = exampleOf(properties[name], spec, depth + 1);
      return value;
    }
    case "array":
      return s.items ? [exampleOf(s.items, spec, depth + 1)] : [];
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : 0;
    case "boolean":
      return false;
    case "null":
      return null;
    case "string":
      if (s.format === "date-time") return new Date().toISOString();
      if (s.format === "date") return new Date().toISOString().slice(0, 10);
      if (s.format === "uri" || s.format === "url") return "https://example.com/";
      return "string";
    default:
      return null;
  }
}

function hasSuggestion(s) {
  return s.example !== undefined || s.default !== undefined || (Array.isArray(s.enum) && s.enum.length > 0) || (Array.isArray(s.examples) && s.examples.length > 0);
}

export { resolveRef };
