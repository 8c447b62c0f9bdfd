// Helpers of the live-developer journeys (a platform whose real connector points at a local fake):
// operator calls that must succeed, and waiting until what the upstream pushed has been applied.
import assert from "node:assert/strict";
import { until, type TestServer } from "./server.ts";

/** An operator call that must succeed: its data. */
export async function adminOk<T>(server: TestServer, method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
  const reply = await server.admin<T>(method, path, body);
  assert.equal(reply.code, 200, `${method} ${path}: ${reply.msg}`);
  return reply.data;
}

/** Until no sync or inbox job is due or running: what was pushed has been read and applied (later reads of travelling parcels aside). */
export async function quiet(server: TestServer): Promise<void> {
  await until(
    "syncs and inbox applied",
    () =>
      server.platform.database.db
        .selectFrom("jobs")
        .select("id")
        .where("kind", "in", ["marketplace.sync", "marketplace.inbox"])
        .where((eb) => eb.or([eb("status", "=", "RUNNING"), eb.and([eb("status", "=", "PENDING"), eb("due_at_ms", "<=", String(Date.now()))])]))
        .execute(),
    (rows) => rows.length === 0,
  );
}
