// SQL of the sandbox sellers: purchases and refund cases as JSON documents under row locks, and the
// per-developer counters their ids come from.
import { sql } from "kysely";
import type { Db } from "../../../platform/db/index.ts";
import type { PendingWrite } from "../../../platform/db/one-statement.ts";
import type { Platform, PurchaseLineState, PurchaseOwner, PurchaseReceiver, RefundCase, Shipment } from "../../port.ts";

export interface StoredLine extends PurchaseLineState {
  /** Outcomes decided for this line (scenario words, natural failures), applied when due. */
  forced: string[];
}

export interface StoredShipment extends Shipment {
  lost: boolean;
}

export interface StoredPurchase {
  platform: Platform;
  upstreamOrderId: string;
  /** The buyer's client reference (a repeated create with it returns these purchases). */
  clientRef: string | null;
  owner: PurchaseOwner;
  shopId: number;
  sellerCity: string;
  status: string;
  scenarios: string[];
  receiver: PurchaseReceiver;
  lines: StoredLine[];
  shipments: StoredShipment[];
  createdAt: number;
  paidAt: number | null;
}

/** What a trigger makes the seller do at its next step, instead of what the scenario words say. */
export type ForcedStep = "agree" | "refuse" | "ask_return" | "receive" | "inspection_fail";

export interface RefundMessage {
  at: number;
  text: string;
  pictureUrls: string[];
}

export interface StoredRefund extends RefundCase {
  owner: PurchaseOwner;
  /** The client reference of the purchase refunded. */
  clientRef: string | null;
  platform: Platform;
  /** The buyer's words (not part of RefundCase, but what the seller reads). */
  reason: string;
  description: string;
  /**
   * The revision at which the case entered its current status: a scheduled step belongs to one stay
   * in a status, and does nothing once the case has left it (a modification while requested keeps it).
   */
  stage: number;
  /** A step forced by a trigger, consumed when it runs. */
  forced: ForcedStep | null;
  /** The purchase's scenario words, read when the seller acts. */
  scenarios: string[];
  /** What each line got back (fen), set when refunded (1688: goods, filling the lines in their order). */
  lineRefundFen: Record<string, number> | null;
  /** The buyer's last messages to the seller. */
  messages: RefundMessage[];
}

/** Takes `count` consecutive values of a counter in one statement; answers the first of them. */
export async function nextCounters(db: Db, developerId: string, name: string, count: number): Promise<number> {
  const row = await db
    .insertInto("sandbox_counters")
    .values({ developer_id: developerId, name, value: String(count) })
    .onConflict((oc) => oc.columns(["developer_id", "name"]).doUpdateSet({ value: sql`sandbox_counters.value + ${count}::bigint` }))
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

/** A new purchase's inserts (its document and its line index), not run (see writeInOneStatement). */
export function insertPurchaseWrites(trx: Db, purchase: StoredPurchase): PendingWrite[] {
  return [
    trx.insertInto("sandbox_purchases").values({
      developer_id: purchase.owner.developerId,
      platform: purchase.platform,
      upstream_order_id: purchase.upstreamOrderId,
      user_id: purchase.owner.userId,
      status: purchase.status,
      doc: JSON.stringify(purchase),
      created_at_ms: String(purchase.createdAt),
      client_ref: purchase.clientRef,
    }),
    trx.insertInto("sandbox_purchase_lines").values(
      purchase.lines.map((line) => ({
        developer_id: purchase.owner.developerId,
        platform: purchase.platform,
        upstream_line_id: line.upstreamLineId,
        upstream_order_id: purchase.upstreamOrderId,
      })),
    ),
  ];
}

/** The purchases created with a client reference, oldest first. */
export async function purchasesByClientRef(db: Db, developerId: string, platform: Platform, clientRef: string): Promise<StoredPurchase[]> {
  const rows = await db
    .selectFrom("sandbox_purchases")
    .select("doc")
    .where("developer_id", "=", developerId)
    .where("platform", "=", platform)
    .where("client_ref", "=", clientRef)
    .orderBy("created_at_ms")
    .orderBy("upstream_order_id")
    .execute();
  return rows.map((row) => JSON.parse(row.doc) as StoredPurchase);
}

/** The purchase, locked for the rest of the transaction when `lock`. */
export async function loadPurchase(db: Db, developerId: string, platform: Platform, orderId: string, lock = false): Promise<StoredPurchase | undefined> {
  let query = db
    .selectFrom("sandbox_purchases")
    .select("doc")
    .where("developer_id", "=", developerId)
    .where("platform", "=", platform)
    .where("upstream_order_id", "=", orderId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? (JSON.parse(row.doc) as StoredPurchase) : undefined;
}

export async function savePurchase(trx: Db, purchase: StoredPurchase): Promise<void> {
  await savePurchaseWrite(trx, purchase).execute();
}

/** savePurchase's update, not run (see writeInOneStatement). */
export function savePurchaseWrite(trx: Db, purchase: StoredPurchase) {
  return trx
    .updateTable("sandbox_purchases")
    .set({ status: purchase.status, doc: JSON.stringify(purchase), updated_at: new Date() })
    .where("developer_id", "=", purchase.owner.developerId)
    .where("platform", "=", purchase.platform)
    .where("upstream_order_id", "=", purchase.upstreamOrderId);
}

export async function orderOfLine(db: Db, developerId: string, platform: Platform, lineId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("sandbox_purchase_lines")
    .select("upstream_order_id")
    .where("developer_id", "=", developerId)
    .where("platform", "=", platform)
    .where("upstream_line_id", "=", lineId)
    .executeTakeFirst();
  return row?.upstream_order_id;
}

/** Inserts a new case; false when its id is taken (by a case inserted meanwhile). */
export async function insertRefund(trx: Db, refund: StoredRefund): Promise<boolean> {
  const row = await trx
    .insertInto("sandbox_refunds")
    .values({
      developer_id: refund.owner.developerId,
      platform: refund.platform,
      refund_id: refund.refundId,
      user_id: refund.owner.userId,
      upstream_order_id: refund.upstreamOrderId,
      // The case's first line (a 1688 case may have several; the document holds them all).
      upstream_line_id: refund.upstreamLineIds[0]!,
      status: refund.status,
      doc: JSON.stringify(refund),
    })
    .onConflict((oc) => oc.columns(["developer_id", "platform", "refund_id"]).doNothing())
    .returning("refund_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function loadRefund(db: Db, developerId: string, platform: Platform, refundId: string, lock = false): Promise<StoredRefund | undefined> {
  let query = db
    .selectFrom("sandbox_refunds")
    .select("doc")
    .where("developer_id", "=", developerId)
    .where("platform", "=", platform)
    .where("refund_id", "=", refundId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? (JSON.parse(row.doc) as StoredRefund) : undefined;
}

/** Every case of one purchase, oldest id first; locked when `lock`. */
export async function refundsOfOrder(db: Db, developerId: string, platform: Platform, orderId: string, lock = false): Promise<StoredRefund[]> {
  let query = db
    .selectFrom("sandbox_refunds")
    .select("doc")
    .where("developer_id", "=", developerId)
    .where("platform", "=", platform)
    .where("upstream_order_id", "=", orderId)
    .orderBy("refund_id");
  if (lock) query = query.forUpdate();
  return (await query.execute()).map((row) => JSON.parse(row.doc) as StoredRefund);
}

/** The cases with this id on either platform (a trigger may name a refund alone). */
export async function refundsById(db: Db, developerId: string, refundId: string): Promise<StoredRefund[]> {
  const rows = await db.selectFrom("sandbox_refunds").select("doc").where("developer_id", "=", developerId).where("refund_id", "=", refundId).orderBy("platform").execute();
  return rows.map((row) => JSON.parse(row.doc) as StoredRefund);
}

export async function saveRefund(trx: Db, refund: StoredRefund): Promise<void> {
  await saveRefundWrite(trx, refund).execute();
}

/** saveRefund's update, not run (see writeInOneStatement). */
export function saveRefundWrite(trx: Db, refund: StoredRefund) {
  return trx
    .updateTable("sandbox_refunds")
    .set({ status: refund.status, doc: JSON.stringify(refund) })
    .where("developer_id", "=", refund.owner.developerId)
    .where("platform", "=", refund.platform)
    .where("refund_id", "=", refund.refundId);
}

/** Drops one user's purchases and cases; returns the subjects of their scheduled events (see seller.ts subjectOf, refundSubjectOf). */
export async function deleteUserState(trx: Db, developerId: string, userId: string): Promise<string[]> {
  const purchases = await trx
    .deleteFrom("sandbox_purchases")
    .where("developer_id", "=", developerId)
    .where("user_id", "=", userId)
    .returning(["platform", "upstream_order_id"])
    .execute();
  if (purchases.length > 0) {
    for (const platform of ["taobao", "alibaba"] as const) {
      const ids = purchases.filter((p) => p.platform === platform).map((p) => p.upstream_order_id);
      if (ids.length === 0) continue;
      await trx
        .deleteFrom("sandbox_purchase_lines")
        .where("developer_id", "=", developerId)
        .where("platform", "=", platform)
        .where("upstream_order_id", "in", ids)
        .execute();
    }
  }
  const refunds = await trx.deleteFrom("sandbox_refunds").where("developer_id", "=", developerId).where("user_id", "=", userId).returning(["platform", "refund_id"]).execute();
  return [...purchases.map((p) => `${p.platform}:${p.upstream_order_id}`), ...refunds.map((r) => `${r.platform}:refund:${r.refund_id}`)];
}
