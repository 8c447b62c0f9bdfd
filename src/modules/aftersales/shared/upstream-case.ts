// How a case reported by the upstream (a refund_changed event, or the answer to a buyer's call) meets
// the case the platform holds. Upstreams deliver out of order and more than once; the case's revision
// says which report is news.

export type CaseReport =
  /** Already applied (the same revision), or older than what is applied: change nothing. */
  | { apply: false; why: "repeat" | "stale" }
  /** News: apply it. */
  | { apply: true }
  /** News that skips a change not applied yet (the report of an earlier revision is still on its way): wait for it. */
  | { apply: false; why: "gap" }
  /** News the state machine cannot take from here, with no earlier report missing: keep it for an operator. */
  | { apply: false; why: "impossible" };

/**
 * `appliedRevision`: the upstream revision the platform's case reflects; `moveAllowed`: whether the
 * platform's state machine takes the reported status from its current one (a self-loop counts when
 * the status is unchanged).
 */
export function judgeReport(appliedRevision: number, reportedRevision: number, moveAllowed: boolean): CaseReport {
  if (reportedRevision === appliedRevision) return { apply: false, why: "repeat" };
  if (reportedRevision < appliedRevision) return { apply: false, why: "stale" };
  if (moveAllowed) return { apply: true };
  return reportedRevision > appliedRevision + 1 ? { apply: false, why: "gap" } : { apply: false, why: "impossible" };
}
