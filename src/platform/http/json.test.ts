import assert from "node:assert/strict";
import { test } from "node:test";
import { BodyParseError, parseJsonBody } from "./json.ts";

test("integers beyond 2^53 keep every digit as text; safe ones and decimals stay numbers", () => {
  assert.deepEqual(parseJsonBody('{"a":9007199254740993,"b":-12345678901234567890,"c":9007199254740991,"d":1.2345678901234567,"e":[18446744073709551615]}'), {
    a: "9007199254740993",
    b: "-12345678901234567890",
    c: 9007199254740991,
    d: 1.2345678901234567,
    e: ["18446744073709551615"],
  });
  // 16 digits inside a string do not make the numbers text.
  assert.deepEqual(parseJsonBody('{"s":"1234567890123456","n":42}'), { s: "1234567890123456", n: 42 });
});

test("a NUL escape is refused naming its field, an escaped backslash before u0000 is not a NUL", () => {
  assert.throws(() => parseJsonBody('{"remark":"a\\u0000b"}'), (err: unknown) => err instanceof BodyParseError && err.message.startsWith("remark must not contain"));
  assert.deepEqual(parseJsonBody('{"remark":"a\\\\u0000b"}'), { remark: "a\\u0000b" });
});

test("__proto__ and constructor.prototype keys are refused, written plainly or escaped", () => {
  for (const text of ['{"__proto__":{"x":1}}', '{"a":{"\\u005f_proto__":{"x":1}}}', '{"constructor":{"prototype":{"x":1}}}', '{"constructor":{"\\u0070rototype":{"x":1}}}']) {
    assert.throws(() => parseJsonBody(text), (err: unknown) => err instanceof BodyParseError && /forbidden key/.test(err.message), text);
  }
  assert.deepEqual(parseJsonBody('{"constructor":"a name","proto":1,"u":"\\u00e9"}'), { constructor: "a name", proto: 1, u: "é" });
});

test("empty text is no body; text that is not JSON is a BodyParseError", () => {
  assert.equal(parseJsonBody("  "), undefined);
  assert.throws(() => parseJsonBody("{"), BodyParseError);
});
