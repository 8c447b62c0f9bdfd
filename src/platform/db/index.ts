// Opens the platform's database: embedded PGlite under DATA_DIR by default, a real PostgreSQL when
// DATABASE_URL is set. Both speak the same SQL, so every module writes PostgreSQL and nothing else.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Config } from "../../config.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;
export type { Database } from "./schema.ts";

export interface DatabaseHandle {
  db: Db;
  /**
   * Runs one hot-path statement as a named prepared statement (PostgreSQL parses and plans it once
   * per connection). Only for a few fixed SQL texts on request paths; everything else uses `db`.
   */
  prepared<R>(name: string, text: string, values: unknown[]): Promise<R[]>;
  kind: "pglite" | "postgres";
  /**
   * A small pool of its own for reads that many requests share in one statement (TickBatcher). A
   * request may start such a read and await it inside its transaction; on the main pool, with every
   * connection held by transactions waiting for it, the read would never get one. Undefined on
   * PGlite, whose single connection would queue it behind any transaction begun meanwhile.
   */
  sharedReads: Db | undefined;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (delivered after the notifying transaction
   * commits, from any node). When the channel is lost and re-established it is called with "*",
   * since notifications may have been missed meanwhile. Returns the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Human-readable location, never containing a password. */
  where: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, config);
  if (url && url !== "memory://") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (or be memory:// for a throw-away embedded database)`);
  }
  return openPGlite(url === "memory://" ? undefined : path.join(config.dataDir, "pgdata"));
}

async function openPostgres(url: string, config: Config): Promise<DatabaseHandle> {
  const schema = config.databaseSchema;
  // Create the schema with a single throw-away client first: the pool's search_path points into it.
  const bootstrap = new pg.Client({ connectionString: url });
  await bootstrap.connect();
  try {
    await bootstrap.query(`create schema if not exists ${schema}`);
  } finally {
    await bootstrap.end();
  }
  const newPool = (max: number, applicationName: string) =>
    new pg.Pool({
      ...(config.databasePreparedStatements ? { Client: PreparingClient } : {}),
      connectionString: url,
      max,
      options: `-c search_path=${schema}`,
      application_name: applicationName,
    });
  const pool = newPool(config.databasePoolSize, "openpon");
  // Ids are 64-bit; int8 stays a string (pg's default) and code converts amounts explicitly.
  pool.on("error", () => {
    /* an idle client died (server restart); the pool replaces it on next use */
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const sharedReadsPool = newPool(2, "openpon-shared-reads");
  sharedReadsPool.on("error", () => {});
  const sharedReads = new Kysely<Database>({ dialect: new PostgresDialect({ pool: sharedReadsPool }) });
  const parsed = new URL(url);
  return {
    db,
    prepared: async <R>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as R[],
    kind: "postgres",
    sharedReads,
    listen: (channel, onNotify) => listenPostgres(url, schema, channel, onNotify),
    where: `postgres://${parsed.host}${parsed.pathname} (schema ${schema})`,
    close: async () => {
      await sharedReads.destroy();
      await db.destroy();
    },
  };
}

async function openPGlite(dir: string | undefined): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir ?? "memory://", {
    parsers: { [INT8_OID]: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    // Through Kysely, so the statement waits for the single connection like every other query.
    prepared: async <R>(_name: string, text: string, values: unknown[]) => (await db.executeQuery<R>(CompiledQuery.raw(text, values))).rows,
    kind: "pglite",
    sharedReads: undefined,
    listen: async (channel, onNotify) => {
      const unlisten = await pglite.listen(channel, (payload) => onNotify(payload));
      return async () => {
        if (!pglite.closed) await unlisten().catch(() => {});
      };
    },
    where: dir ? `embedded PGlite at ${dir}` : "embedded PGlite in memory",
    close: () => db.destroy(),
  };
}

/**
 * Every statement with parameters runs as a named prepared statement, named after its text: each
 * connection parses (and, after a few runs, plans) a statement once instead of on every call, which
 * is most of PostgreSQL's cost for the short statements of the request paths. The names are a hash
 * of the text, so one text always has one name; past MAX_NAMED_STATEMENTS distinct texts (long IN
 * lists, bulk inserts of unusual sizes) new texts run unnamed, so a connection's set stays bounded.
 */
const MAX_NAMED_STATEMENTS = 2000;
const statementNames = new Map<string, string>();
/** Bumped when prepared statements went stale (a table changed under them): all names change. */
let statementGeneration = 0;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `s${statementGeneration}_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed since it was prepared
 * ("cached plan must not change result type", 0A000): a `select *` after another node's migration
 * added a column. Every name then changes, so each connection prepares its statements afresh.
 */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === "0A000" && typeof e.message === "string" && e.message.includes("cached plan must not change result type");
}

class PreparingClient extends pg.Client {
  // pg's overloads are many; Kysely calls query(text, values) and that is the case renamed here.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const query = super.query.bind(this) as (...a: unknown[]) => Promise<unknown>;
    if (typeof text === "string" && Array.isArray(values) && values.length > 0 && args.length === 2) {
      const name = statementName(text);
      if (name !== undefined) {
        // Outside a transaction a stale statement is simply run again, unnamed; inside one the
        // transaction is aborted by the error, so its caller sees it (and a retry prepares afresh).
        const outsideTransaction = this.getTransactionStatus() === "I";
        return query({ name, text, values }).catch((err: unknown) => {
          if (!isStalePlan(err)) throw err;
          if (statementNames.get(text) === name) {
            statementGeneration++;
            statementNames.clear();
          }
          if (!outsideTransaction) throw err;
          return query(text, values);
        }) as never;
      }
    }
    return query(...args) as never;
  }
}

/** A dedicated connection for LISTEN, reconnecting (and reporting "*") when it is lost. */
async function listenPostgres(url: string, schema: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: "openpon-listener", options: `-c search_path=${schema}` });
    next.on("notification", (message) => onNotify(message.payload ?? ""));
    next.on("error", () => {
      next.end().catch(() => {});
      if (stopped) return;
      const retry = () => {
        if (stopped) return;
        connect().then(
          () => onNotify("*"),
          () => setTimeout(retry, 1000).unref(),
        );
      };
      setTimeout(retry, 1000).unref();
    });
    await next.connect();
    await next.query(`listen ${channel}`);
    client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}

/** True when the database answers a trivial query (used by /readyz). */
export async function databaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL unique_violation (23505), from pg or PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}
