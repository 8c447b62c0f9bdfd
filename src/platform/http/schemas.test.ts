import { test } from "node:test";
import assert from "node:assert/strict";
import { digitsUpTo, ID_PATTERN } from "./schemas.ts";

test("ID_PATTERN takes 1 to 19 digits up to 9223372036854775807 and nothing larger", () => {
  const id = new RegExp(ID_PATTERN);
  for (const text of ["0", "1", "42", "999999999999999999", "1000000000000000000", "8999999999999999999", "9223372036854775807", "9223372036854775799", "9223372036854775706", "9213372036854775807", "0999999999999999999"]) {
    assert.ok(id.test(text), text);
  }
  for (const text of ["", "-1", "1.5", " 1", "9223372036854775808", "9223372036854775810", "9223372036854775900", "9223372036854776000", "9300000000000000000", "9999999999999999999", "10000000000000000000", "１２"]) {
    assert.ok(!id.test(text), text);
  }
});

test("digitsUpTo agrees with a numeric comparison on every value around its bound", () => {
  for (const max of ["7", "10", "305", "1000", "9090"]) {
    const re = new RegExp(`^${digitsUpTo(max)}$`);
    for (let n = 0; n <= 10_500; n++) {
      const text = String(n);
      if (text.length > max.length) {
        assert.ok(!re.test(text), `${text} against ${max}`);
        continue;
      }
      assert.equal(re.test(text), n <= Number(max), `${text} against ${max}`);
      // Zero-padded to the bound's length: the same value, so the same answer.
      assert.equal(re.test(text.padStart(max.length, "0")), n <= Number(max), `${text.padStart(max.length, "0")} against ${max}`);
    }
  }
});
