// What the 1688 refund use cases share: the reconciliation job's name and subject, the developer's
// time, the connector of a buyer, and the actors the history names.
import type { Connector } from "../../../../marketplace/port.ts";
import { connectorOf, type AftersalesDeps, type AftersalesOwner } from "../../shared/deps.ts";

/** A refund recorded and not opened this long after is read back from the upstream (real time). */
export const RECONCILE_JOB = "aftersales.alibaba.reconcile_refund";

export const refundSubject = (refundId: string) => `alibaba-refund:${refundId}`;

export const UPSTREAM_ACTOR = "upstream";
export { buyerActor, developerNow } from "../../shared/deps.ts";

export function alibabaConnector(deps: AftersalesDeps, owner: { developerId: string; sandbox?: boolean }): Promise<Connector> {
  return connectorOf(deps, "alibaba", owner);
}

export type { AftersalesDeps, AftersalesOwner };
