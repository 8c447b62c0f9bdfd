// Request validation with Ajv: bodies are validated strictly (a string is not an integer), query
// strings are coerced (everything in a URL is text). Errors become one English sentence that names
// the field (protocol.md §6, 40002); a schema may carry "x-message" to say it better.
import { Ajv, type ErrorObject } from "ajv";
import type { FastifySchemaCompiler } from "fastify";
import { invalid } from "./errors.ts";

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerceTypes ? "array" : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    verbose: true,
    strict: false,
  });
  ajv.addKeyword({ keyword: "x-message", schemaType: "string" });
  ajv.addKeyword({ keyword: "x-codes", schemaType: "array" });
  return ajv;
}

const bodyAjv = makeAjv(false);
const queryAjv = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? bodyAjv : queryAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

function fieldName(path: string): string {
  // "/lines/0/quantity" -> "lines[0].quantity"
  return path
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

const ARTICLE: Record<string, string> = {
  integer: "an integer",
  string: "a string",
  object: "an object",
  array: "an array",
  boolean: "a boolean",
  number: "a number",
  null: "null",
};

function describe(error: ErrorObject, field: string): string {
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const custom = parent["x-message"];
  if (typeof custom === "string" && error.keyword !== "required") return custom;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params["missingProperty"]);
      return `${field ? `${field}.` : ""}${missing} is required`;
    }
    case "type": {
      const types = String(params["type"]).split(",");
      return `${field || "body"} must be ${types.map((t) => ARTICLE[t] ?? t).join(" or ")}`;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      if (typeof parent["minimum"] === "number" && typeof parent["maximum"] === "number") {
        return `${field} must be between ${parent["minimum"]} and ${parent["maximum"]}`;
      }
      return `${field} must be ${String(error.message).replace(/^must be /, "")}`;
    case "minLength":
    case "maxLength":
      if (typeof parent["minLength"] === "number" && typeof parent["maxLength"] === "number") {
        return `${field} must be ${parent["minLength"]} to ${parent["maxLength"]} characters`;
      }
      return error.keyword === "minLength"
        ? `${field} must be at least ${params["limit"]} characters`
        : `${field} must be at most ${params["limit"]} characters`;
    case "minItems":
    case "maxItems":
      if (typeof parent["minItems"] === "number" && typeof parent["maxItems"] === "number") {
        return `${field} must have ${parent["minItems"]} to ${parent["maxItems"]} items`;
      }
      return `${field} must have ${error.keyword === "minItems" ? "at least" : "at most"} ${params["limit"]} items`;
    case "enum":
      return `${field} must be one of ${(params["allowedValues"] as unknown[]).join(", ")}`;
    case "const":
      return `${field} must be ${String(params["allowedValue"])}`;
    case "pattern":
      if (parent["pattern"] === "\\S") return `${field} must not be blank`;
      return `${field} has an invalid format`;
    case "format":
      return `${field} has an invalid format`;
    case "anyOf":
    case "oneOf":
      return `${field} has an invalid value`;
    default:
      return `${field || "body"} ${error.message ?? "is invalid"}`;
  }
}

/** One message for a failed validation: the union's own error when a union failed, else the first. */
export function validationMessage(errors: ErrorObject[], part: string): string {
  const error = errors.find((e) => e.keyword === "anyOf" || e.keyword === "oneOf") ?? errors[0];
  if (!error) return `${part} is invalid`;
  const field = fieldName(error.instancePath);
  if (!field && error.keyword === "type" && part === "body") return "body must be a JSON object";
  return describe(error, field);
}

const valueValidators = new WeakMap<object, ReturnType<Ajv["compile"]>>();

/**
 * Validates a value that arrived inside another field (e.g. a JSON string the contract allows in
 * place of an object) with the same rules and messages as a body; the message names `field`.
 */
export function checkValue<T>(schema: object, value: unknown, field: string): T {
  let validate = valueValidators.get(schema);
  if (!validate) {
    validate = bodyAjv.compile(schema);
    valueValidators.set(schema, validate);
  }
  if (!validate(value)) {
    const error = (validate.errors ?? []).find((e) => e.keyword === "anyOf" || e.keyword === "oneOf") ?? validate.errors?.[0];
    if (!error) throw invalid(`${field} is invalid`);
    const inner = fieldName(error.instancePath);
    throw invalid(describe(error, inner ? (inner.startsWith("[") ? `${field}${inner}` : `${field}.${inner}`) : field));
  }
  return value as T;
}
