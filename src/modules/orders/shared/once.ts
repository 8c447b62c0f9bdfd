// Runs a create or a payment once per Idempotency-Key, for the orders of both platforms.
import type { Db } from "../../../platform/db/index.ts";
import { requestHash, type Idempotency, type IdempotencyScope } from "../../../platform/idempotency.ts";

const RECORDED = "$recorded";

/**
 * The checkpoint a create leaves when it records its orders, before buying them: should its node
 * die before answering, the retry that takes the key over finds them (see `resume` in once).
 */
export function recordedCheckpoint(orderIds: readonly string[]): string {
  return JSON.stringify({ [RECORDED]: orderIds });
}

function recordedIn(response: unknown): string[] | undefined {
  if (response === null || typeof response !== "object" || Array.isArray(response)) return undefined;
  const ids = (response as Record<string, unknown>)[RECORDED];
  return Array.isArray(ids) && ids.every((id) => typeof id === "string") ? (ids as string[]) : undefined;
}

/**
 * Runs `work` once per key (absent: every time). A repeat gets the first answer (and waits for it
 * while the first still runs); a failure gives the key back — unless `committed` says the work's
 * effect already happened. `work` checkpoints its answer inside the transaction of its effect; the
 * final answer is stored here.
 *
 * A first attempt that died after recording orders (recordedCheckpoint) and before its answer is
 * finished by `resume`: it settles those orders (bought: attached; not: given up) and answers what
 * was made, or undefined when nothing was — then the repeat does the work itself.
 */
export async function once<T>(
  deps: { idempotency: Idempotency; db: Db },
  owner: { developerId: string; userId: string },
  scope: string,
  key: string | undefined,
  request: unknown,
  work: (byKey: IdempotencyScope | undefined) => Promise<T>,
  committed: () => boolean = () => false,
  resume?: (orderIds: string[]) => Promise<T | undefined>,
): Promise<T> {
  if (key === undefined) return work(undefined);
  const byKey: IdempotencyScope = { developerId: owner.developerId, userId: owner.userId, scope, key };
  const reservation = await deps.idempotency.begin(byKey, requestHash(request));
  if (reservation.kind === "replay") {
    const answer = JSON.parse(reservation.response) as unknown;
    const recorded = recordedIn(answer);
    if (!recorded) return answer as T;
    const made = resume ? await resume(recorded) : undefined;
    if (made !== undefined) {
      await deps.idempotency.complete(deps.db, byKey, JSON.stringify(made));
      return made;
    }
    // Nothing was made: exactly one repeat takes the key over and does the work; the others wait for it.
    if (!(await deps.idempotency.takeOver(byKey, reservation.response))) return once(deps, owner, scope, key, request, work, committed, resume);
  }
  try {
    const result = await work(byKey);
    await deps.idempotency.complete(deps.db, byKey, JSON.stringify(result));
    return result;
  } catch (err) {
    if (!committed()) await deps.idempotency.release(byKey).catch(() => {});
    throw err;
  }
}
