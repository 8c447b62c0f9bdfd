// Schema helpers shared by every route: the envelope, error-code documentation, common id shapes.
import { Type, type TNull, type TSchema, type TString, type TStringOptions } from "typebox";
import { INT8_MAX } from "../ids.ts";
import { AUTH_CODES, CODE_DESCRIPTIONS, type ErrorCode } from "./errors.ts";

const ErrorEnvelope = Type.Object(
  {
    requestId: Type.String({ pattern: "^[0-9a-f]{32}$" }),
    code: Type.Integer({ description: "one of the error codes listed for the endpoint (protocol.md §6)" }),
    developId: Type.Union([Type.String(), Type.Null()], { description: "null when the developer is not yet known (40001, 40101)" }),
    msg: Type.String({ description: "English sentence naming the problem" }),
    data: Type.Null(),
  },
  { title: "ErrorEnvelope" },
);

function successEnvelope<T extends TSchema, A extends boolean>(data: T, auth: A) {
  return Type.Object({
    requestId: Type.String({ pattern: "^[0-9a-f]{32}$", description: "32 lower-case hex characters; also in the server logs" }),
    code: Type.Literal(200),
    developId: (auth
      ? Type.String({ description: "the calling developer's id (19 digits) as a string" })
      : Type.Null({ description: "null on the operator surface" })) as A extends true ? TString : TNull,
    msg: Type.Literal("成功"),
    data,
  });
}

/**
 * The `response` schema of an endpoint: HTTP 200 always (protocol.md §5), carrying either the
 * success envelope or an error envelope with one of the listed codes.
 */
export function envelopeResponse<T extends TSchema, A extends boolean = true>(data: T, codes: readonly ErrorCode[], auth: A = true as A) {
  const all = [...new Set([...(auth ? AUTH_CODES : []), ...codes])].sort();
  const list = all.map((code) => `- \`${code}\` ${CODE_DESCRIPTIONS[code]}`).join("\n");
  return {
    200: Type.Union([successEnvelope(data, auth), ErrorEnvelope], {
      description: `Envelope. \`code\` 200 = success; on failure \`data\` is null and \`code\` is one of:\n${list}`,
      "x-codes": all,
    }),
  };
}

/**
 * A regular expression (unanchored) for the decimal strings of 1 to `max.length` digits whose value is
 * at most `max`: shorter ones, then for each position `max`'s digits so far and a smaller one there.
 */
export function digitsUpTo(max: string): string {
  const alternatives = max.length > 1 ? [`\\d{1,${max.length - 1}}`] : [];
  for (let i = 0; i < max.length; i++) {
    const digit = Number(max[i]);
    if (digit === 0) continue;
    const rest = max.length - i - 1;
    alternatives.push(`${max.slice(0, i)}[0-${digit - 1}]${rest > 0 ? `\\d{${rest}}` : ""}`);
  }
  alternatives.push(max);
  return `(?:${alternatives.join("|")})`;
}

/**
 * The text of an id the database can hold: 1 to 19 digits, at most 9223372036854775807 (a PostgreSQL
 * bigint, a Java long upstream). On openpon's own routes a larger number is refused as 40002 naming the
 * field, where it would otherwise fail the query. The PandaPon routes take any 19 digits (bigId) and
 * answer that such an id names nothing (40401, or an empty page), as their tests have it.
 */
export const ID_DIGITS = digitsUpTo(String(INT8_MAX));
export const ID_PATTERN = `^${ID_DIGITS}$`;

/** 19-digit ids: a JSON string (preferred) or a number, read without losing digits (README.md §2.4). */
export function bigId(field: string, description: string) {
  return Type.Union([Type.String({ pattern: "^\\d{1,19}$" }), Type.Integer({ minimum: 0 })], {
    "x-message": `${field} must be a numeric id (a string of up to 19 digits)`,
    description,
  });
}

/** A developer's id in an operator path (/admin/developers/:developId/…). */
export const DevelopId = Type.String({ pattern: ID_PATTERN, "x-message": "developId must be a numeric string" });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** No C0 or C1 control character (NUL included: PostgreSQL cannot store it, 50001 otherwise). */
export const NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$";

/**
 * A text parameter that refuses control characters with 40002 "<field> must not contain control
 * characters"; the other options (maxLength, description…) keep their own messages, the rule sitting
 * in an allOf of its own.
 */
export function PlainText(field: string, options: TStringOptions = {}) {
  return Type.String({ ...options, allOf: [{ pattern: NO_CONTROL_CHARACTERS, "x-message": `${field} must not contain control characters` }] });
}
