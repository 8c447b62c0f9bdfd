// Request JSON parsing that keeps every digit of 19-digit ids (README.md §2.4): integers beyond
// Number.MAX_SAFE_INTEGER are handed to the schema as their exact decimal text. Parsing failures
// are kept on the request instead of thrown, so that authentication answers first (protocol.md §3.5).
import secureJson from "secure-json-parse";

export class BodyParseError extends Error {}

function keepBigIntegers(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
    return context.source;
  }
  return value;
}

const MAYBE_BIG_INTEGER = /\d{16}/;

/** A \u0000 escape (not itself escaped): text with NUL cannot be stored (PostgreSQL refuses it). */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/** Where the first NUL sits in a parsed value ("remark", "orderLineList[0].title"); "" for the value itself. */
export function nulPath(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes("\u0000")) return at;
      const found = nulPath(item, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Without these the parsed value has no __proto__ or constructor key (an escaped one needs a \\u). */
const mayHoldForbiddenKey = (text: string) => text.includes("__proto__") || text.includes("constructor") || text.includes("\\u");

export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  if (text.includes("\\u0000") && NUL_ESCAPE.test(text)) {
    // Name the field, as every other 40002 does (protocol.md §6).
    let field: string | undefined;
    try {
      field = nulPath(JSON.parse(text));
    } catch {
      field = undefined;
    }
    throw new BodyParseError(`${field ? field : "body strings"} must not contain the NUL character (\\u0000)`);
  }
  let value: unknown;
  try {
    // An integer beyond 2^53 has at least 16 digits; without such a run the reviver (slow: it is
    // called for every value) has nothing to keep.
    value = MAYBE_BIG_INTEGER.test(text) ? JSON.parse(text, keepBigIntegers as (this: unknown, key: string, value: unknown) => unknown) : JSON.parse(text);
  } catch (err) {
    throw new BodyParseError(`body is not valid JSON: ${(err as Error).message}`);
  }
  // Refuse __proto__ / constructor.prototype keys (prototype poisoning), as Fastify's own parser does.
  try {
    if (value !== null && typeof value === "object" && mayHoldForbiddenKey(text)) secureJson.scan(value as Record<string, unknown>, { protoAction: "error", constructorAction: "error" });
  } catch {
    throw new BodyParseError("body contains a forbidden key (__proto__ or constructor.prototype)");
  }
  return value;
}

/** "A field sent as null is treated as absent" (README.md §2.2): drop null members of objects. */
export function dropNullMembers(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) dropNullMembers(item);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === null) delete record[key];
      else dropNullMembers(record[key]);
    }
  }
  return value;
}
