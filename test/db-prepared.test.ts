// PostgreSQL runs the platform's statements as named prepared statements (src/platform/db). A table
// changed under them, as another node's migration does, must not break this node's queries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { openDatabase } from "../src/platform/db/index.ts";
import { dropSchema, POSTGRES_URL, testConfig } from "./helpers/server.ts";

test("prepared statements survive a column added while the node runs (PostgreSQL)", { skip: !POSTGRES_URL && "needs DATABASE_URL" }, async () => {
  const config = testConfig({ databasePoolSize: 1 }); // one connection: every statement meets its prepared self
  const database = await openDatabase(config);
  try {
    const db = database.db as unknown as import("kysely").Kysely<{ probe: { id: number; a: string } }>;
    await sql`create table probe (id int primary key, a text)`.execute(db);
    await sql`insert into probe values (1, 'x')`.execute(db);
    const read = (executor: typeof db = db) => executor.selectFrom("probe").selectAll().where("id", "=", 1).executeTakeFirstOrThrow() as Promise<Record<string, unknown>>;
    assert.deepEqual(await read(), { id: 1, a: "x" });
    assert.deepEqual(await read(), { id: 1, a: "x" });

    // Outside a transaction the stale statement is run again: the caller sees the new column.
    await sql`alter table probe add column b text default 'y'`.execute(db);
    assert.deepEqual(await read(), { id: 1, a: "x", b: "y" });
    assert.deepEqual(await read(), { id: 1, a: "x", b: "y" });

    // Inside a transaction the error aborts it; the next transaction prepares afresh.
    await db.transaction().execute(async (trx) => assert.deepEqual(await read(trx), { id: 1, a: "x", b: "y" }));
    await sql`alter table probe add column c int default 3`.execute(db);
    await assert.rejects(db.transaction().execute((trx) => read(trx)), /cached plan must not change result type/);
    await db.transaction().execute(async (trx) => assert.deepEqual(await read(trx), { id: 1, a: "x", b: "y", c: 3 }));
  } finally {
    await database.close();
    await dropSchema(config.databaseSchema);
  }
});

test("DATABASE_PREPARED_STATEMENTS=false runs every statement unnamed (for poolers that cannot keep them)", { skip: !POSTGRES_URL && "needs DATABASE_URL" }, async () => {
  for (const prepared of [true, false]) {
    const config = testConfig({ databasePoolSize: 1, databasePreparedStatements: prepared });
    const database = await openDatabase(config);
    try {
      await sql`select ${1}::int as x`.execute(database.db);
      const { rows } = await sql<{ n: string }>`select count(*) as n from pg_prepared_statements where name like ${"s%"}`.execute(database.db);
      assert.equal(Number(rows[0]!.n) > 0, prepared, `prepared statements on the connection with DATABASE_PREPARED_STATEMENTS=${prepared}`);
    } finally {
      await database.close();
      await dropSchema(config.databaseSchema);
    }
  }
});
