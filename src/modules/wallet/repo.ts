// SQL of the wallet module. Only this file touches wallet_accounts, wallet_transactions and wallet_entries.
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import { developerAccountId, type LedgerEntry, type TransactionKind } from "./model.ts";

/** int8 → number; the ledger never holds more than Number.MAX_SAFE_INTEGER fen (see the guards below). */
function toNumber(value: string | number | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`wallet amount out of the safe integer range: ${value}`);
  return n;
}

interface TransactionRow {
  id: string;
  developer_id: string;
  kind: TransactionKind;
  reference: string;
  amount_fen: string;
  balance_after_fen: string;
  memo: string;
  actor: string;
  created_at: Date;
}

function toEntry(row: TransactionRow): LedgerEntry {
  return {
    transactionId: row.id,
    developerId: row.developer_id,
    kind: row.kind,
    amountFen: toNumber(row.amount_fen),
    balanceAfterFen: toNumber(row.balance_after_fen),
    reference: row.reference,
    memo: row.memo,
    actor: row.actor,
    createdAt: row.created_at.getTime(),
  };
}

export const walletRepo = {
  async findAccount(db: Db, developerId: string): Promise<{ balanceFen: number; updatedAt: number } | undefined> {
    const row = await db
      .selectFrom("wallet_accounts")
      .select(["balance_fen", "updated_at"])
      .where("id", "=", developerAccountId(developerId))
      .executeTakeFirst();
    return row && { balanceFen: toNumber(row.balance_fen ?? "0"), updatedAt: row.updated_at.getTime() };
  },

  /** Creates the developer's account at zero; false when it already exists (or a concurrent caller made it). */
  async insertAccount(db: Db, developerId: string, at: Date): Promise<boolean> {
    const row = await db
      .insertInto("wallet_accounts")
      .values({ id: developerAccountId(developerId), kind: "developer", developer_id: developerId, balance_fen: "0", created_at: at, updated_at: at })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Locks the developer's account row until the caller's transaction ends; its balance, or undefined without an account. */
  async lockAccount(db: Db, developerId: string): Promise<number | undefined> {
    const row = await db
      .selectFrom("wallet_accounts")
      .select("balance_fen")
      .where("id", "=", developerAccountId(developerId))
      .forUpdate()
      .executeTakeFirst();
    return row ? toNumber(row.balance_fen ?? "0") : undefined;
  },

  /**
   * Moves the developer's kept balance by `deltaFen` in one guarded statement: a debit only when the
   * balance covers it, a credit only while the balance stays a safe integer. The new balance, or
   * undefined when the guard refused (nothing changed).
   */
  async applyDelta(db: Db, developerId: string, deltaFen: number, at: Date): Promise<number | undefined> {
    const delta = String(deltaFen);
    let query = db
      .updateTable("wallet_accounts")
      .set({ balance_fen: sql<string>`balance_fen + ${delta}::bigint`, updated_at: at })
      .where("id", "=", developerAccountId(developerId));
    query =
      deltaFen < 0
        ? query.where("balance_fen", ">=", String(-deltaFen))
        : query.where("balance_fen", "<=", String(Number.MAX_SAFE_INTEGER - deltaFen));
    const row = await query.returning("balance_fen").executeTakeFirst();
    return row ? toNumber(row.balance_fen ?? "0") : undefined;
  },

  async findTransaction(db: Db, developerId: string, kind: TransactionKind, reference: string): Promise<LedgerEntry | undefined> {
    const row = await db
      .selectFrom("wallet_transactions")
      .selectAll()
      .where("developer_id", "=", developerId)
      .where("kind", "=", kind)
      .where("reference", "=", reference)
      .executeTakeFirst();
    return row && toEntry(row);
  },

  /** Inserts the transaction unless (developer, kind, reference) exists; false on that conflict (nothing written). */
  async insertTransaction(db: Db, entry: LedgerEntry): Promise<boolean> {
    const row = await db
      .insertInto("wallet_transactions")
      .values({
        id: entry.transactionId,
        developer_id: entry.developerId,
        kind: entry.kind,
        reference: entry.reference,
        amount_fen: String(entry.amountFen),
        balance_after_fen: String(entry.balanceAfterFen),
        memo: entry.memo,
        actor: entry.actor,
        created_at: new Date(entry.createdAt),
      })
      .onConflict((oc) => oc.columns(["developer_id", "kind", "reference"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return row !== undefined;
  },

  async insertEntries(db: Db, transactionId: string, postings: ReadonlyArray<{ accountId: string; amountFen: number }>): Promise<void> {
    await db
      .insertInto("wallet_entries")
      .values(postings.map((p) => ({ transaction_id: transactionId, account_id: p.accountId, amount_fen: String(p.amountFen) })))
      .execute();
  },

  /** Newest first; `after` is the last transaction id of the previous page. */
  async statement(db: Db, developerId: string, options: { after?: string; limit: number; kind?: TransactionKind }): Promise<LedgerEntry[]> {
    let query = db.selectFrom("wallet_transactions").selectAll().where("developer_id", "=", developerId);
    if (options.after !== undefined) query = query.where("id", "<", options.after);
    if (options.kind !== undefined) query = query.where("kind", "=", options.kind);
    const rows = await query.orderBy("id", "desc").limit(options.limit).execute();
    return rows.map(toEntry);
  },

  /** The ledger's soundness, as a list of problems (empty = sound). */
  async invariantViolations(db: Db): Promise<string[]> {
    const problems: string[] = [];
    const unbalanced = await sql<{ id: string; total: string; postings: string }>`
      select t.id, coalesce(sum(e.amount_fen), 0)::text as total, count(e.id)::text as postings
        from wallet_transactions t left join wallet_entries e on e.transaction_id = t.id
       group by t.id
      having coalesce(sum(e.amount_fen), 0) <> 0 or count(e.id) < 2
       order by t.id`.execute(db);
    for (const r of unbalanced.rows) problems.push(`transaction ${r.id}: its ${r.postings} entries sum to ${r.total}, not 0`);

    const misstated = await sql<{ id: string; amount_fen: string; posted: string }>`
      select t.id, t.amount_fen::text as amount_fen, coalesce(p.posted, 0)::text as posted
        from wallet_transactions t
        left join lateral (
          select sum(e.amount_fen) as posted from wallet_entries e
           where e.transaction_id = t.id and e.account_id = 'developer:' || t.developer_id
        ) p on true
       where t.amount_fen <> coalesce(p.posted, 0)
       order by t.id`.execute(db);
    for (const r of misstated.rows) problems.push(`transaction ${r.id}: amount ${r.amount_fen} but the developer's account received ${r.posted}`);

    const drifted = await sql<{ id: string; kept: string; posted: string }>`
      select a.id, a.balance_fen::text as kept, coalesce(sum(e.amount_fen), 0)::text as posted
        from wallet_accounts a left join wallet_entries e on e.account_id = a.id
       where a.kind = 'developer'
       group by a.id, a.balance_fen
      having a.balance_fen is distinct from coalesce(sum(e.amount_fen), 0)
       order by a.id`.execute(db);
    for (const r of drifted.rows) problems.push(`account ${r.id}: kept balance ${r.kept} but its entries sum to ${r.posted}`);

    const negative = await sql<{ id: string; kept: string }>`
      select id, balance_fen::text as kept from wallet_accounts where kind = 'developer' and balance_fen < 0 order by id`.execute(db);
    for (const r of negative.rows) problems.push(`account ${r.id}: negative balance ${r.kept}`);

    const orphans = await sql<{ n: string }>`
      select count(*)::text as n from wallet_transactions t
       where not exists (select 1 from wallet_accounts a where a.id = 'developer:' || t.developer_id)`.execute(db);
    if (Number(orphans.rows[0]?.n ?? 0) > 0) problems.push(`${orphans.rows[0]!.n} transaction(s) of developers without an account`);
    return problems;
  },
};
