// Runs a create or a payment once per Idempotency-Key, for the orders of both platforms.
import type { Db } from "../../../platform/db/index.ts";
import { requestHash, type Idempotency, type IdempotencyScope } from "../../../platform/idempotency.ts";

/**
 * Runs `work` once per key (absent: every time). A repeat gets the first answer (and waits for it
 * while the first still runs); a failure gives the key back — unless `committed` says the work's
 * effect already happened. `work` checkpoints its answer inside the transaction of its effect; the
 * final answer is stored here.
 */
export async function once<T>(
  deps: { idempotency: Idempotency; db: Db },
  owner: { developerId: string; userId: string },
  scope: string,
  key: string | undefined,
  request: unknown,
  work: (byKey: IdempotencyScope | undefined) => Promise<T>,
  committed: () => boolean = () => false,
): Promise<T> {
  if (key === undefined) return work(undefined);
  const byKey: IdempotencyScope = { developerId: owner.developerId, userId: owner.userId, scope, key };
  const reservation = await deps.idempotency.begin(byKey, requestHash(request));
  if (reservation.kind === "replay") return JSON.parse(reservation.response) as T;
  try {
    const result = await work(byKey);
    await deps.idempotency.complete(deps.db, byKey, JSON.stringify(result));
    return result;
  } catch (err) {
    if (!committed()) await deps.idempotency.release(byKey).catch(() => {});
    throw err;
  }
}
