// Paying 1688 orders (alibaba-1688.md §3.1, §3.9; statuses.md §5 waitbuyerpay → waitsellersend).
// Balance: the developer pays the platform from the balance (one debit, double-entry, 40201 if short)
// and the orders move on in that transaction; the platform then pays the upstream purchases, right
// after the commit, with a retry job for what an outage or a crash leaves unpaid. Cashier: a person
// pays on the cashier page (the sandbox's own, for sandbox developers); the order moves on when that
// payment is confirmed. An upstream that refuses the payment ends the order (terminated) and the
// money goes back.
import { randomBytes } from "node:crypto";
import type { Db } from "../../../../platform/db/index.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../../../platform/http/errors.ts";
import type { AfterCommit } from "../../../../platform/jobs/runner.ts";
import { writeInOneStatement } from "../../../../platform/db/one-statement.ts";
import { loadAlibabaOrder, loadAlibabaOrders, saveAll, type AlibabaOrderAggregate } from "../aggregate.ts";
import { AlibabaStatus, totalFen } from "../model.ts";
import { alibabaRepo, type AlibabaOrderRow } from "../repo.ts";
import { connectorFor, developerNow, PAY_UPSTREAM_JOB, subjectOf, UNPAID_TIMEOUT_JOB, UPSTREAM_RETRY_AFTER_MS, type AlibabaDeps, type AlibabaOwner } from "./support.ts";

/** §3.1 DESIGNED bound (SIBLING upstream limit). */
export const MAX_BATCH_PAY = 30;

export interface BatchPayResult {
  paidOrderIds: string[];
  cantPayOrderList: string[];
  payAmount: number;
  protocolPaySuccess: boolean;
}

export interface PayUrlResult {
  orderId: string | null;
  protocolPaySuccess: boolean | null;
  payUrl: string | null;
  cantPayOrderList: string[] | null;
}

const payable = (agg: AlibabaOrderAggregate) => agg.order.purchase_state === "PLACED" && agg.status === AlibabaStatus.WAIT_BUYER_PAY;

/** Moves paid orders on, in the paying transaction: lines and order → waitsellersend; unpaid timeouts go, upstream-payment retries come. */
async function markPaid(deps: AlibabaDeps, trx: Db, aggs: AlibabaOrderAggregate[], how: { payWay: "BALANCE" | "CASHIER"; paymentRef: string | null; actor: string }, now: number): Promise<void> {
  const at = new Date(now);
  for (const agg of aggs) {
    agg.order.pay_time = at;
    agg.order.pay_way = how.payWay;
    agg.order.payment_ref = how.paymentRef;
    agg.moveLinesFrom(AlibabaStatus.WAIT_BUYER_PAY, AlibabaStatus.WAIT_SELLER_SEND, "paid", how.actor, at);
    agg.moveOrder(AlibabaStatus.WAIT_SELLER_SEND, how.payWay === "BALANCE" ? "paid from the balance" : "paid at the cashier", how.actor, at);
  }
  if (aggs.length === 0) return;
  const developerId = aggs[0]!.order.developer_id;
  const subjects = aggs.map((a) => subjectOf(a.order.id));
  await saveAll(trx, deps.outbox, now, aggs, [
    deps.jobs.cancelWrite(trx, developerId, subjects, [UNPAID_TIMEOUT_JOB]),
    deps.jobs.scheduleWrite(trx, aggs.map((a) => ({ developerId, dueAtMs: now + UPSTREAM_RETRY_AFTER_MS, kind: PAY_UPSTREAM_JOB, subject: subjectOf(a.order.id), payload: { orderId: a.order.id } }))).write,
  ]);
}

/** Debits the balance for the payable orders and moves them on; answers which were paid and the amount. */
async function payFromBalance(deps: AlibabaDeps, owner: AlibabaOwner, ids: readonly string[]): Promise<{ paid: AlibabaOrderAggregate[]; cant: string[]; amount: number }> {
  // The developer's time is read (once per request) on another connection while the orders are locked.
  const nowRead = developerNow(deps, owner.developerId);
  nowRead.catch(() => undefined);
  return deps.db.transaction().execute(async (trx) => {
    // The user's orders under their locks, taken in id order (overlapping payments cannot deadlock).
    const found = await loadAlibabaOrders(trx, { ids, developerId: owner.developerId, userId: owner.userId });
    const paid = ids.map((id) => found.get(id)).filter((agg): agg is AlibabaOrderAggregate => agg !== undefined && payable(agg));
    const cant = ids.filter((id) => !paid.some((agg) => agg.order.id === id));
    const amount = paid.reduce((sum, agg) => sum + agg.totalFen(), 0);
    if (paid.length === 0) return { paid, cant, amount: 0 };
    const now = await nowRead;
    const paymentRef = `alibaba-pay:${deps.ids.next()}`;
    if (amount > 0) {
      await deps.wallet.debit(trx, { developerId: owner.developerId, amountFen: amount, reference: paymentRef, memo: `1688 orders ${paid.map((a) => a.order.id).join(", ")}`, actor: `user:${owner.userId}` });
    }
    await markPaid(deps, trx, paid, { payWay: "BALANCE", paymentRef, actor: `user:${owner.userId}` }, now);
    return { paid, cant, amount };
  });
}

/** Pays the upstream for orders just paid (as committed), after the commit; failures are left to the retry job. */
async function payUpstreamNow(deps: AlibabaDeps, owner: AlibabaOwner, paid: readonly AlibabaOrderAggregate[]): Promise<void> {
  await payUpstreamOf(deps, owner.developerId, paid.map((a) => a.order), owner.sandbox).catch(() => undefined);
}

/** POST /v2/alibaba/order/batch/submit/to/pay (§3.1). */
export async function batchPay(deps: AlibabaDeps, owner: AlibabaOwner, orderIds: string[]): Promise<BatchPayResult> {
  const ids = [...new Set(orderIds)];
  if (ids.length < 1 || ids.length > MAX_BATCH_PAY) throw invalid(`orderIds must name 1 to ${MAX_BATCH_PAY} orders`);
  if (deps.payMode !== "balance") throw conflict("ALIBABA_PAY_MODE is cashier: pay each order at its payUrl (GET /v2/alibaba/order/pay/url)");
  const { paid, cant, amount } = await payFromBalance(deps, owner, ids);
  if (paid.length === 0) throw conflict(`no order can be paid: ${cant.join(", ")} ${cant.length === 1 ? "is" : "are"} not waiting for payment, or not the user's`);
  await payUpstreamNow(deps, owner, paid);
  return { paidOrderIds: paid.map((a) => a.order.id), cantPayOrderList: cant, payAmount: amount, protocolPaySuccess: true };
}

/** GET /v2/alibaba/order/pay/url (§3.9). */
export async function payUrl(deps: AlibabaDeps, owner: AlibabaOwner, orderId: string): Promise<PayUrlResult> {
  const order = await alibabaRepo.orderRow(deps.db, owner.developerId, orderId, owner.userId);
  if (!order || order.purchase_state !== "PLACED") throw notFound(`1688 order ${orderId}`);
  const cannot: PayUrlResult = { orderId, protocolPaySuccess: false, payUrl: null, cantPayOrderList: [orderId] };
  if (order.status !== AlibabaStatus.WAIT_BUYER_PAY) return cannot;
  if (deps.payMode === "balance") {
    const { paid } = await payFromBalance(deps, owner, [orderId]);
    if (paid.length === 0) return cannot; // paid by a concurrent call meanwhile
    await payUpstreamNow(deps, owner, paid);
    return { orderId, protocolPaySuccess: true, payUrl: null, cantPayOrderList: [] };
  }
  if (!owner.sandbox) {
    throw new ApiError(Code.UPSTREAM_FAILURE, "upstream failure: cashier payment for live developers needs the 1688 connector's cashier (not configured); set ALIBABA_PAY_MODE=balance");
  }
  const token = await deps.db.transaction().execute(async (trx) => {
    const agg = await loadAlibabaOrder(trx, { id: orderId, developerId: owner.developerId, userId: owner.userId });
    if (!agg || !payable(agg)) return undefined;
    if (agg.order.cashier_token) return agg.order.cashier_token;
    // The page's address is its only credential: 256 random bits.
    const fresh = randomBytes(32).toString("base64url");
    await alibabaRepo.setCashierToken(trx, orderId, fresh);
    return fresh;
  });
  if (!token) return cannot;
  return { orderId, protocolPaySuccess: false, payUrl: `${deps.publicUrl}/cashier/1688/${token}`, cantPayOrderList: [] };
}

/** What the sandbox cashier page shows. */
export async function cashierView(deps: AlibabaDeps, token: string): Promise<{ orderId: string; status: string; amountFen: number; seller: string; lines: Array<{ name: string; quantity: number; amountFen: number }> } | undefined> {
  const order = await alibabaRepo.byCashierToken(deps.db, token);
  if (!order) return undefined;
  const lines = await alibabaRepo.linesOf(deps.db, [order.id]);
  return {
    orderId: order.id,
    status: order.status,
    amountFen: totalFen(order),
    seller: order.seller_login_id,
    lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, amountFen: Number(l.amount_fen) })),
  };
}

/** The person clicked "pay" on the sandbox cashier page: the order is paid (nothing is debited from the balance). */
export async function cashierPay(deps: AlibabaDeps, token: string): Promise<"paid" | "already" | "not_payable" | undefined> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const order = await alibabaRepo.byCashierToken(trx, token);
    if (!order) return undefined;
    const agg = await loadAlibabaOrder(trx, { id: order.id, developerId: order.developer_id });
    if (!agg) return undefined;
    if (agg.order.pay_way === "CASHIER" && agg.order.pay_time) return { outcome: "already" as const, agg };
    if (!payable(agg)) return { outcome: "not_payable" as const, agg };
    const now = await developerNow(deps, order.developer_id, trx);
    await markPaid(deps, trx, [agg], { payWay: "CASHIER", paymentRef: null, actor: "cashier" }, now);
    return { outcome: "paid" as const, agg };
  });
  if (!result) return undefined;
  if (result.outcome === "paid") await payUpstreamOf(deps, result.agg.order.developer_id, [result.agg.order]).catch(() => undefined);
  return result.outcome;
}


/**
 * Pays the upstream purchases of paid orders of one developer (rows as read or just committed), all
 * at once: those paid are marked `upstream_paid` together, with their retry jobs gone, in one
 * statement; each refused one ends (terminated, money back) in its own transaction. Throws the first
 * failure (an unreachable upstream) after the others are settled: the retry job pays what is left.
 */
async function payUpstreamOf(deps: AlibabaDeps, developerId: string, orders: readonly AlibabaOrderRow[], sandbox?: boolean): Promise<void> {
  const due = orders.filter((o) => !o.upstream_paid && o.status === AlibabaStatus.WAIT_SELLER_SEND && o.upstream_order_id);
  if (due.length === 0) return;
  const connector = await connectorFor(deps, { developerId, ...(sandbox !== undefined ? { sandbox } : {}) });
  const results = await Promise.all(
    due.map((order) => {
      const owner = { developerId, userId: order.user_id, ...(sandbox !== undefined ? { sandbox } : {}) };
      return connector.payOrder(owner, order.upstream_order_id!, totalFen(order)).then(
        (result) => ({ order, result, error: undefined }),
        (error: unknown) => ({ order, result: undefined, error }),
      );
    }),
  );
  const paid = results.filter((r) => r.result?.paid).map((r) => r.order.id);
  if (paid.length > 0) {
    // The upstream holds the money: nothing is left for the retry jobs, whatever the orders' state now.
    await writeInOneStatement(deps.db, [alibabaRepo.markUpstreamPaid(deps.db, developerId, paid), deps.jobs.cancelWrite(deps.db, developerId, paid.map(subjectOf), [PAY_UPSTREAM_JOB])]);
  }
  for (const { order, result } of results) {
    if (result && !result.paid) await upstreamRefused(deps, developerId, order.id, result.reason);
  }
  const failed = results.find((r) => r.error !== undefined);
  if (failed) throw failed.error;
}

/** The upstream refused an order's payment: the order ends (terminated, UPSTREAM_PAY_FAILED), a balance payment is credited back. */
async function upstreamRefused(deps: AlibabaDeps, developerId: string, orderId: string, reason: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const agg = await loadAlibabaOrder(trx, { id: orderId, developerId });
    if (!agg || agg.order.upstream_paid || agg.status !== AlibabaStatus.WAIT_SELLER_SEND) return;
    const now = await developerNow(deps, developerId, trx);
    const at = new Date(now);
    const done = deps.jobs.cancelWrite(trx, developerId, [subjectOf(orderId)], [PAY_UPSTREAM_JOB]);
    if (agg.order.payment_ref) {
      await deps.wallet.credit(trx, { developerId, amountFen: agg.totalFen(), reference: `alibaba-upstream-refused:${orderId}`, memo: `upstream refused payment for 1688 order ${orderId}: ${reason}`.slice(0, 500), actor: "upstream" });
    }
    agg.moveLinesFrom(AlibabaStatus.WAIT_SELLER_SEND, AlibabaStatus.TERMINATED, `upstream refused the payment: ${reason}`, "upstream", at);
    agg.moveOrder(AlibabaStatus.TERMINATED, `upstream refused the payment: ${reason}`, "upstream", at, "UPSTREAM_PAY_FAILED");
    await agg.save(trx, deps.outbox, now, [done]);
  });
}

/**
 * The retry job of an order's upstream payment: pays after its claim commits (leased, so one node
 * calls); an unreachable upstream fails the attempt, and the runner retries it with backoff.
 */
export function payUpstreamJob(deps: AlibabaDeps, developerId: string, orderId: string): AfterCommit {
  return async () => {
    const order = await alibabaRepo.orderRow(deps.db, developerId, orderId);
    if (order) await payUpstreamOf(deps, developerId, [order]);
  };
}

