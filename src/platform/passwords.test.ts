import { test } from "node:test";
import assert from "node:assert/strict";
import { DECOY_HASH, hashPassword, verifyPassword } from "./passwords.ts";

test("a password verifies against its own hash only; each hash has its own salt", async () => {
  const a = await hashPassword("correct horse battery");
  const b = await hashPassword("correct horse battery");
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword("correct horse battery", a), true);
  assert.equal(await verifyPassword("correct horse batterY", a), false);
  assert.equal(await verifyPassword("", a), false);
});

test("a malformed or foreign hash never matches; the decoy is well-formed and matches nothing", async () => {
  for (const stored of ["", "plain", "bcrypt$x$y", "scrypt$0$8$1$AA$AA", "scrypt$32768$8$1$$"]) assert.equal(await verifyPassword("x", stored), false, stored);
  assert.equal(await verifyPassword("anything", DECOY_HASH), false);
});

test("the cost is read from the stored hash (a cheaper old hash still verifies)", async () => {
  const cheap = await hashPassword("pw-of-old-times", { N: 1024, r: 8, p: 1 });
  assert.match(cheap, /^scrypt\$1024\$/);
  assert.equal(await verifyPassword("pw-of-old-times", cheap), true);
});
