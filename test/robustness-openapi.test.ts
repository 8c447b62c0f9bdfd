// "No input may produce a 5xx", for every operation the OpenAPI document lists: path parameters,
// query strings and bodies are generated from each operation's own schemas (mostly well-formed, often
// a little wrong, sometimes hostile), so a new endpoint is covered the day it is documented. Each
// answer must come within the time limit, below HTTP 500, and, when it is an envelope, without 50001.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../src/platform/random.ts";
import { startServer, type TestDeveloper, type TestServer } from "./helpers/server.ts";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  $ref?: string;
};

interface Operation {
  method: string;
  path: string;
  security: "signed" | "operator" | "none";
  parameters: Array<{ name: string; in: string; schema?: Schema }>;
  body: Schema | undefined;
}

// FUZZ_SEED and FUZZ_ROUNDS explore further than the fixed seed a test run uses.
const ROUNDS = Number(process.env["FUZZ_ROUNDS"] ?? 12);
const SEED = Number(process.env["FUZZ_SEED"] ?? 20261207);
const TIMEOUT_MS = 20_000;

/** Values no schema asks for: wrong types, edges of number and text, control and bidi characters, prototype keys. */
const HOSTILE: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  2 ** 31,
  Number.MAX_SAFE_INTEGER + 2,
  -0.5,
  "",
  " ",
  "9".repeat(40),
  "x".repeat(5000),
  "𠀀中文ไทยTiếng\u0000\u202e",
  "../../etc/passwd",
  "1e309",
  "2024-02-30 25:61:61",
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
];

const TEXTS = ["", "x", "hello world", "2024-07-19 10:40:32", "2024-07-19", "http://127.0.0.1/x", "https://example.invalid/hook", "a@b.c", "ไทย", "12345", "-1", "null"];

function pick<T>(rand: () => number, values: readonly T[]): T {
  return values[Math.floor(rand() * values.length)]!;
}

function digits(rand: () => number, length: number): string {
  let text = String(1 + Math.floor(rand() * 9));
  while (text.length < length) text += String(Math.floor(rand() * 10));
  return text;
}

class Generator {
  readonly #rand: () => number;
  readonly #components: Record<string, Schema>;
  constructor(rand: () => number, components: Record<string, Schema>) {
    this.#rand = rand;
    this.#components = components;
  }

  value(schema: Schema | undefined, depth = 0): unknown {
    const rand = this.#rand;
    if (!schema || depth > 6) return pick(rand, HOSTILE);
    if (schema.$ref) return this.value(this.#components[schema.$ref.split("/").pop()!], depth + 1);
    if (rand() < 0.12) return pick(rand, HOSTILE);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return rand() < 0.9 ? pick(rand, schema.enum) : "NOT_A_MEMBER";
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches) return this.value(pick(rand, branches), depth + 1);
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => this.value(s, depth + 1)).filter((v) => typeof v === "object" && v !== null));
    const type = Array.isArray(schema.type) ? pick(rand, schema.type) : schema.type;
    switch (type) {
      case "object":
        return this.object(schema, depth);
      case "array": {
        const max = Math.min(schema.maxItems ?? 4, 4);
        const min = Math.min(schema.minItems ?? 0, max);
        const length = rand() < 0.1 ? (schema.maxItems ?? 3) + 1 : min + Math.floor(rand() * (max - min + 1));
        return Array.from({ length: Math.min(length, 600) }, () => this.value(schema.items, depth + 1));
      }
      case "integer":
      case "number": {
        const lo = schema.minimum ?? -1000;
        const hi = schema.maximum ?? 1_000_000;
        const candidates = [lo, hi, lo - 1, hi + 1, 0, 1, Math.floor(lo + rand() * Math.min(hi - lo, 1e9))];
        return type === "number" && rand() < 0.3 ? lo + rand() * 10 : pick(rand, candidates);
      }
      case "boolean":
        return rand() < 0.5;
      case "string":
        return this.text(schema);
      case "null":
        return null;
      default:
        return pick(rand, HOSTILE);
    }
  }

  object(schema: Schema, depth: number): Record<string, unknown> {
    const rand = this.#rand;
    const object: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (rand() < (required.has(name) ? 0.95 : 0.6)) object[name] = this.value(property, depth + 1);
    }
    if (rand() < 0.1) object["unexpectedField"] = pick(rand, HOSTILE);
    return object;
  }

  text(schema: Schema): string {
    const rand = this.#rand;
    const digitsOnly = schema.pattern?.match(/^\^\\d\{(\d+)(?:,(\d+))?\}\$$/);
    if (digitsOnly && rand() < 0.8) {
      const lo = Number(digitsOnly[1]);
      const hi = Number(digitsOnly[2] ?? digitsOnly[1]);
      return digits(rand, lo + Math.floor(rand() * (hi - lo + 1)));
    }
    if (rand() < 0.15 && schema.maxLength !== undefined) return "y".repeat(Math.min(schema.maxLength + 1, 20_000));
    if (rand() < 0.2) return digits(rand, pick(rand, [1, 13, 19, 20, 30]));
    return pick(rand, TEXTS);
  }
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>>; security?: unknown }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!["get", "post", "put", "delete", "patch"].includes(method)) continue;
      const security = JSON.stringify(op["security"] ?? doc.security ?? []);
      const content = (op["requestBody"] as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        security: security.includes("operatorToken") ? "operator" : security.includes("accessKey") ? "signed" : "none",
        parameters: (op["parameters"] as Operation["parameters"] | undefined) ?? [],
        body: content?.["application/json"]?.schema,
      });
    }
  }
  return operations;
}

describe("robustness: every documented operation, inputs from its own schemas", () => {
  let server: TestServer;
  let dev: TestDeveloper;
  let victim: TestDeveloper;
  let spareUserId: string;
  let doc: { paths: Record<string, Record<string, Record<string, unknown>>>; components?: { schemas?: Record<string, Schema> } };
  before(async () => {
    server = await startServer({ config: { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000, sandboxTickMs: 0 } });
    dev = await server.createDeveloper();
    // Path parameters sometimes name real things, but never the fuzzing developer or its acting user:
    // disabling them would turn every later request into a 401 and test nothing.
    victim = await server.createDeveloper();
    spareUserId = await server.addUser(dev.developId, "spare-user");
    doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof doc;
  });
  after(async () => {
    await server?.close();
  });

  test("no 5xx, no 50001 and no hang, whatever the path, query and body", async () => {
    // The event stream answers by never ending; test/callbacks covers it.
    const operations = operationsOf(doc as never).filter((op) => op.path !== "/developer/callback/stream");
    assert.ok(operations.length >= 150, `the document lists ${operations.length} operations`);
    const rand = seededRandom(SEED);
    const generate = new Generator(rand, doc.components?.schemas ?? {});
    const pathValue = (name: string, schema: Schema | undefined): string => {
      const real: Record<string, string[]> = {
        developId: [victim.developId],
        developerId: [victim.developId, dev.developId],
        userId: [spareUserId, victim.userId],
        platform: ["taobao", "alibaba", "1688"],
        name: ["sandbox", "taobao-global", "alibaba-1688"],
      };
      const roll = rand();
      if (roll < 0.3 && real[name]) return pick(rand, real[name]!);
      if (roll < 0.6) return String(generate.value(schema ?? { type: "string" }));
      return pick(rand, ["0", digits(rand, 19), "9".repeat(30), "abc", "%2e%2e", "%00", encodeURIComponent("ไทย"), "-1", "1.5", "x".repeat(300)]);
    };

    const failures: string[] = [];
    const codes = new Map<number, number>();
    let requests = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of operations) {
        let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const value = pathValue(name, op.parameters.find((p) => p.in === "path" && p.name === name)?.schema);
          return /%[0-9A-Fa-f]{2}/.test(value) ? value : encodeURIComponent(value);
        });
        const search = new URLSearchParams();
        for (const parameter of op.parameters.filter((p) => p.in === "query")) {
          if (rand() < 0.5) continue;
          const value = generate.value(parameter.schema);
          search.append(parameter.name, typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));
        }
        if (search.size > 0) path += `?${search}`;
        const body = op.method === "GET" || op.method === "DELETE" ? "" : JSON.stringify(rand() < 0.9 ? generate.value(op.body ?? { type: "object" }) : pick(rand, HOSTILE)) ?? "";
        const headers: Record<string, string> = body === "" ? {} : { "content-type": "application/json" };
        if (op.security === "signed") Object.assign(headers, dev.client.signHeaders(op.method, path, body));
        if (op.security === "operator") headers["authorization"] = `Bearer ${server.platform.operatorToken}`;
        const what = `${op.method} ${path.slice(0, 200)} ${body.slice(0, 300)}`;
        requests++;
        let response: Response;
        let text: string;
        try {
          response = await fetch(server.url + path, { method: op.method, headers, ...(body === "" ? {} : { body }), signal: AbortSignal.timeout(TIMEOUT_MS) });
          text = await response.text();
        } catch (err) {
          failures.push(`${what}: ${(err as Error).message}`);
          continue;
        }
        if (response.status >= 500) failures.push(`${what}: HTTP ${response.status} ${text.slice(0, 200)}`);
        if (!(response.headers.get("content-type") ?? "").includes("json")) continue;
        const envelope = JSON.parse(text) as { code?: unknown; msg?: unknown };
        if (typeof envelope.code !== "number") continue;
        codes.set(envelope.code, (codes.get(envelope.code) ?? 0) + 1);
        if (envelope.code === 50001) failures.push(`${what}: 50001 ${String(envelope.msg)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${requests} requests failed`);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    // Both accepted and refused input went through (the generator is not all noise).
    assert.ok((codes.get(200) ?? 0) > requests / 20 && (codes.get(40002) ?? 0) > requests / 20, JSON.stringify([...codes].sort((a, b) => b[1] - a[1])));
  });

  test("a NUL in a path parameter or a query value is 40002, whatever the route", async () => {
    const failures: string[] = [];
    for (const op of operationsOf(doc as never).filter((o) => o.path !== "/developer/callback/stream")) {
      const query = op.parameters.find((p) => p.in === "query");
      if (!op.path.includes("{") && !query) continue;
      let path = op.path.replace(/\{(\w+)\}/g, "%00");
      if (!op.path.includes("{")) path += `?${query!.name}=a%00b`;
      const body = op.method === "GET" || op.method === "DELETE" ? "" : "{}";
      const headers: Record<string, string> = body === "" ? {} : { "content-type": "application/json" };
      if (op.security === "signed") Object.assign(headers, dev.client.signHeaders(op.method, path, body));
      if (op.security === "operator") headers["authorization"] = `Bearer ${server.platform.operatorToken}`;
      const response = await fetch(server.url + path, { method: op.method, headers, ...(body === "" ? {} : { body }) });
      const text = await response.text();
      const code = (response.headers.get("content-type") ?? "").includes("json") ? (JSON.parse(text) as { code?: number }).code : undefined;
      if (code !== 40002) failures.push(`${op.method} ${path}: HTTP ${response.status} ${text.slice(0, 160)}`);
    }
    assert.deepEqual(failures, []);
  });

  test("an id one past PostgreSQL's bigint in any path or query parameter is refused or names nothing, never a failed query", async () => {
    const PAST_BIGINT = "9223372036854775808";
    const plausible = (schema: Schema | undefined): string => String(schema?.enum?.[0] ?? schema?.const ?? schema?.anyOf?.[0]?.enum?.[0] ?? schema?.anyOf?.[0]?.const ?? "1");
    const failures: string[] = [];
    let probed = 0;
    for (const op of operationsOf(doc as never).filter((o) => o.path !== "/developer/callback/stream")) {
      for (const parameter of op.parameters.filter((p) => p.in === "path" || p.in === "query")) {
        const pattern = parameter.schema?.pattern;
        if (!pattern || !new RegExp(pattern).test("1")) continue;
        probed++;
        // The other parameters get plausible values, so that the probed one is what decides.
        let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === parameter.name ? PAST_BIGINT : plausible(op.parameters.find((p) => p.name === name)?.schema)));
        const search = new URLSearchParams();
        for (const other of op.parameters) {
          if (other.in !== "query") continue;
          if (other.name === parameter.name) search.append(other.name, PAST_BIGINT);
          else if ((other as { required?: boolean }).required) search.append(other.name, plausible(other.schema));
        }
        if (search.size > 0) path += `?${search}`;
        const body = op.method === "GET" || op.method === "DELETE" ? "" : "{}";
        const headers: Record<string, string> = body === "" ? {} : { "content-type": "application/json" };
        if (op.security === "signed") Object.assign(headers, dev.client.signHeaders(op.method, path, body));
        if (op.security === "operator") headers["authorization"] = `Bearer ${server.platform.operatorToken}`;
        const response = await fetch(server.url + path, { method: op.method, headers, ...(body === "" ? {} : { body }) });
        const envelope = (await response.json()) as { code: number; msg: string };
        // A GET has nothing else to refuse: its 40002 must be about the probed parameter.
        if (envelope.code === 40002 && body === "" && !envelope.msg.includes(parameter.name)) failures.push(`${op.method} ${path}: 40002 not naming ${parameter.name}: ${envelope.msg}`);
        else if (![200, 40002, 40401].includes(envelope.code)) failures.push(`${op.method} ${path}: ${envelope.code} ${envelope.msg}`);
      }
    }
    assert.ok(probed >= 30, `only ${probed} id parameters found`);
    assert.deepEqual(failures, []);
  });
});
