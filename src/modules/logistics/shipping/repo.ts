// SQL of shipping lines and freight renders (migrations/0011_shipping.sql).
import { sql } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import { formatCst } from "../../../platform/time.ts";
import type { PricedFreightLine } from "../contracts.ts";
import type { RenderStatus, ShippingLine, StoredLine } from "./model.ts";

/** Notified (payload: the service id) when a line changes, so every node drops its cached lines. */
export const LINES_CHANNEL = "openpon_shipping_lines";

type LineRow = { service_id: string; definition: string; revision: number; updated_at: Date };

function toLine(row: LineRow): StoredLine {
  const definition = JSON.parse(row.definition) as Omit<ShippingLine, "serviceId">;
  return { serviceId: row.service_id, ...definition, revision: row.revision, updatedAt: formatCst(row.updated_at) };
}

export async function allLines(db: Db): Promise<StoredLine[]> {
  const rows = await db.selectFrom("shipping_lines").select(["service_id", "definition", "revision", "updated_at"]).execute();
  return rows.map(toLine).sort((a, b) => a.serviceId.localeCompare(b.serviceId, "en", { numeric: true }));
}

export async function findLine(db: Db, serviceId: string, forUpdate = false): Promise<StoredLine | undefined> {
  let query = db.selectFrom("shipping_lines").select(["service_id", "definition", "revision", "updated_at"]).where("service_id", "=", serviceId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toLine(row);
}

/** Creates or replaces a line (revision 1, then one more per write) and tells every node. */
export async function saveLine(db: Db, line: ShippingLine, at: Date): Promise<StoredLine> {
  const { serviceId, ...definition } = line;
  const row = await db
    .insertInto("shipping_lines")
    .values({
      service_id: serviceId,
      company_name: line.companyName,
      service_category: line.serviceCategory,
      active: line.active,
      definition: JSON.stringify(definition),
      revision: 1,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column("service_id").doUpdateSet((eb) => ({
        company_name: eb.ref("excluded.company_name"),
        service_category: eb.ref("excluded.service_category"),
        active: eb.ref("excluded.active"),
        definition: eb.ref("excluded.definition"),
        revision: sql<number>`shipping_lines.revision + 1`,
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .returning(["service_id", "definition", "revision", "updated_at"])
    .executeTakeFirstOrThrow();
  await sql`select pg_notify(${LINES_CHANNEL}, ${serviceId})`.execute(db);
  return toLine(row);
}

/** Adds the lines not there yet (the sample lines of a new installation); existing ones are left as they are. */
export async function addMissingLines(db: Db, lines: readonly ShippingLine[], at: Date): Promise<number> {
  if (lines.length === 0) return 0;
  const rows = await db
    .insertInto("shipping_lines")
    .values(
      lines.map(({ serviceId, ...definition }) => ({
        service_id: serviceId,
        company_name: definition.companyName,
        service_category: definition.serviceCategory,
        active: definition.active,
        definition: JSON.stringify(definition),
        revision: 1,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.column("service_id").doNothing())
    .returning("service_id")
    .execute();
  if (rows.length > 0) await sql`select pg_notify(${LINES_CHANNEL}, '*')`.execute(db);
  return rows.length;
}

export async function hasAnyLine(db: Db): Promise<boolean> {
  return (await db.selectFrom("shipping_lines").select("service_id").limit(1).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// Renders.

export interface RenderRow {
  id: string;
  developerId: string;
  userId: string;
  country: string;
  zip: string | null;
  status: RenderStatus;
  lines: PricedFreightLine[];
  totalFen: number;
  createdAtMs: number;
  expireAtMs: number;
}

/**
 * Stores a render under the next id of its China date, in one statement: the day's counter row is
 * incremented (created at 1) and the render inserted with "FF" + day + the counter, 5 digits (more
 * past 99999 renders a day rather than wrapping).
 */
export async function insertRender(
  db: Db,
  render: { day: string; developerId: string; userId: string; country: string; zip: string | null; lines: PricedFreightLine[]; totalFen: number; createdAtMs: number; expireAtMs: number },
): Promise<string> {
  const result = await sql<{ id: string }>`
    with seq as (
      insert into shipping_render_days (day, last) values (${render.day}, 1)
      on conflict (day) do update set last = shipping_render_days.last + 1
      returning last
    )
    insert into shipping_renders (id, developer_id, user_id, country, zip, status, lines, total_fen, created_at, expire_at)
    select 'FF' || ${render.day}::text || (case when seq.last < 100000 then lpad(seq.last::text, 5, '0') else seq.last::text end),
           ${render.developerId}::bigint, ${render.userId}::bigint, ${render.country}, ${render.zip}, 'VALID', ${JSON.stringify(render.lines)},
           ${render.totalFen}::bigint, ${new Date(render.createdAtMs)}::timestamptz, ${new Date(render.expireAtMs)}::timestamptz
    from seq
    returning id`.execute(db);
  return result.rows[0]!.id;
}

/** The render (locked for the caller's transaction when `forUpdate`), whoever it belongs to. */
export async function findRender(db: Db, id: string, forUpdate = false): Promise<RenderRow | undefined> {
  let query = db
    .selectFrom("shipping_renders")
    .select(["id", "developer_id", "user_id", "country", "zip", "status", "lines", "total_fen", "created_at", "expire_at"])
    .where("id", "=", id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return (
    row && {
      id: row.id,
      developerId: row.developer_id,
      userId: row.user_id,
      country: row.country,
      zip: row.zip,
      status: row.status,
      lines: JSON.parse(row.lines) as PricedFreightLine[],
      totalFen: Number(row.total_fen),
      createdAtMs: row.created_at.getTime(),
      expireAtMs: row.expire_at.getTime(),
    }
  );
}

/** VALID → USED; false when it was not VALID any more (nothing written). */
export async function markRenderUsed(db: Db, id: string, atMs: number): Promise<boolean> {
  const result = await db.updateTable("shipping_renders").set({ status: "USED", used_at: new Date(atMs) }).where("id", "=", id).where("status", "=", "VALID").executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A sandbox user's reset drops the user's renders. */
export async function deleteRendersOf(db: Db, developerId: string, userId: string): Promise<void> {
  await db.deleteFrom("shipping_renders").where("developer_id", "=", developerId).where("user_id", "=", userId).execute();
}
