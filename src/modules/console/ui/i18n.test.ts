// Every console string exists in every language: a key missing from a translation silently falls back
// to English in the browser, so only this test notices it. The tables are read from each module's
// `register({...})` calls through TypeScript's parser (the modules themselves need a browser to import),
// and each table is evaluated as the literal it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import ts from "typescript";

const ASSETS = join(import.meta.dirname, "assets");
const LANGUAGES = ["en", "zh", "th"] as const;

type Table = { keys: string[]; values: Record<string, string> };

/** Each `register({...})` call's tables in `file`, merged per language, keys in source order. */
function tablesOf(file: string): Map<string, Table> {
  const source = ts.createSourceFile(file, readFileSync(join(ASSETS, file), "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const tables = new Map<string, Table>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "register") {
      const [arg] = node.arguments;
      assert.ok(arg && ts.isObjectLiteralExpression(arg), `${file}: register() takes an object literal`);
      for (const lang of arg.properties) {
        assert.ok(ts.isPropertyAssignment(lang) && ts.isObjectLiteralExpression(lang.initializer), `${file}: each language is a literal table`);
        const code = lang.name.getText(source);
        const table = tables.get(code) ?? { keys: [], values: {} };
        tables.set(code, table);
        for (const entry of lang.initializer.properties) {
          assert.ok(ts.isPropertyAssignment(entry) && ts.isStringLiteral(entry.name), `${file}: ${code} entries are "key": value`);
          const key = entry.name.text;
          assert.ok(!(key in table.values), `${file}: ${code} has "${key}" twice`);
          const value: unknown = runInNewContext(`(${entry.initializer.getText(source)})`);
          assert.equal(typeof value, "string", `${file}: ${code} "${key}" is a string`);
          table.keys.push(key);
          table.values[key] = value as string;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return tables;
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

const modules = ["app.js", ...readdirSync(join(ASSETS, "pages")).filter((f) => f.endsWith(".js")).map((f) => `pages/${f}`)]
  .map((file) => ({ file, tables: tablesOf(file) }))
  .filter(({ tables }) => tables.size > 0);

test("the console's modules register strings (the extraction found them)", () => {
  assert.ok(modules.length >= 20, `only ${modules.length} modules register strings`);
  assert.ok(modules.some((m) => m.file === "app.js"));
});

for (const { file, tables } of modules) {
  test(`${file}: every language has exactly the English keys, in order, with the same placeholders`, () => {
    const en = tables.get("en");
    assert.ok(en, `${file} registers no English`);
    assert.deepEqual([...tables.keys()].filter((code) => !(LANGUAGES as readonly string[]).includes(code)), [], `${file}: unknown language`);
    for (const code of LANGUAGES) {
      if (code === "en") continue;
      const table = tables.get(code);
      assert.ok(table, `${file} has no ${code} table`);
      assert.deepEqual(en.keys.filter((k) => !(k in table.values)), [], `${file}: keys missing from ${code}`);
      assert.deepEqual(table.keys.filter((k) => !(k in en.values)), [], `${file}: ${code} keys not in en`);
      assert.deepEqual(table.keys, en.keys, `${file}: ${code} keys are in the English order`);
      for (const key of en.keys) {
        assert.deepEqual(placeholders(table.values[key]!), placeholders(en.values[key]!), `${file}: ${code} "${key}" placeholders`);
        assert.notEqual(table.values[key]!.trim(), "", `${file}: ${code} "${key}" is empty`);
      }
    }
  });
}
