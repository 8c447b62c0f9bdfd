// Wallet use cases: payments and refunds inside the caller's transaction (orders), operator top-ups
// and adjustments in their own, the sandbox opening grant, statements and the ledger's self-check.
//
// Concurrency: every money move of a developer first locks that developer's account row
// (SELECT … FOR UPDATE), then re-checks idempotency and moves the kept balance with one guarded
// UPDATE. Moves of one developer are therefore serial (so "balance after" follows commit order), moves
// of different developers never wait on each other (system accounts keep no running balance), and a
// repeated reference is seen by the second caller once the first commits. The unique
// (developer, kind, reference) constraint is the backstop: the insert uses ON CONFLICT DO NOTHING and
// undoes its own balance move, so no statement ever fails inside the caller's transaction.
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../platform/http/errors.ts";
import { isInt8Id, type IdGenerator } from "../../platform/ids.ts";
import { fenToYuan } from "../../platform/money.ts";
import {
  COUNTER_ACCOUNT,
  developerAccountId,
  SANDBOX_GRANT_REFERENCE,
  STATEMENT_DEFAULT_LIMIT,
  STATEMENT_MAX_LIMIT,
  TRANSACTION_KINDS,
  type Balance,
  type LedgerEntry,
  type Statement,
  type TransactionKind,
} from "./model.ts";
import { walletRepo } from "./repo.ts";

/** What the wallet needs to know about a developer it has no account for yet (identity answers, in the same transaction). */
export type DeveloperLookup = (db: Db, developerId: string) => Promise<{ sandbox: boolean } | undefined>;

export interface WalletDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** Test money a sandbox developer starts with (0 = none). */
  sandboxOpeningBalanceFen: number;
  /**
   * Finds a developer without an account (lazy sandbox grant, unknown developers → 40401). Without it
   * every developer is treated as a known live one.
   */
  developers?: DeveloperLookup;
}

export interface MoneyMove {
  developerId: string;
  amountFen: number;
  reference: string;
  memo: string;
  actor: string;
}

const REFERENCE = /^[^\p{Cc}]{1,128}$/u;

function checkDeveloperId(developerId: string): void {
  if (!isInt8Id(developerId)) throw notFound(`developer ${developerId}`);
}

function checkAmount(amountFen: number, field = "amountFen"): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw invalid(`${field} must be a positive integer number of fen`);
}

function checkReference(reference: string): void {
  if (typeof reference !== "string" || !REFERENCE.test(reference)) throw invalid("reference must be 1 to 128 characters without control characters");
}

function checkText(value: string, field: string, max: number): void {
  if (typeof value !== "string" || value.length > max) throw invalid(`${field} must be a string of at most ${max} characters`);
}

const yuan = (fen: number) => `${fenToYuan(fen)} CNY`;

export class WalletService {
  readonly #deps: WalletDeps;

  constructor(deps: WalletDeps) {
    if (!Number.isSafeInteger(deps.sandboxOpeningBalanceFen) || deps.sandboxOpeningBalanceFen < 0) {
      throw new RangeError("sandboxOpeningBalanceFen must be a non-negative safe integer");
    }
    this.#deps = deps;
  }

  /**
   * Inside the caller's transaction. Debits the developer atomically; if the balance cannot cover it,
   * throws 40201 and writes nothing. Idempotent on (developerId, "payment", reference).
   */
  async debit(trx: Db, input: MoneyMove): Promise<LedgerEntry> {
    checkAmount(input.amountFen);
    return this.#post(trx, { ...input, kind: "payment", amountFen: -input.amountFen });
  }

  /** Inside the caller's transaction: credits back (kind "refund"); idempotent on (developerId, "refund", reference). */
  async credit(trx: Db, input: MoneyMove): Promise<LedgerEntry> {
    checkAmount(input.amountFen);
    return this.#post(trx, { ...input, kind: "refund" });
  }

  /** Operator top-up in its own transaction; idempotent when a reference is given. */
  async topUp(input: { developerId: string; amountFen: number; memo?: string; actor: string; reference?: string }): Promise<LedgerEntry> {
    checkAmount(input.amountFen);
    const reference = input.reference ?? `topup-${this.#deps.ids.next()}`;
    return this.#deps.db.transaction().execute((trx) =>
      this.#post(trx, { developerId: input.developerId, kind: "topup", amountFen: input.amountFen, reference, memo: input.memo ?? "", actor: input.actor }),
    );
  }

  /**
   * Operator correction in its own transaction: a signed amount (a negative one needs the balance to
   * cover it, else 40201). Idempotent when a reference is given.
   */
  async adjust(input: { developerId: string; amountFen: number; memo: string; actor: string; reference?: string }): Promise<LedgerEntry> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen === 0) throw invalid("amountFen must be a non-zero integer number of fen");
    if (!input.memo || !input.memo.trim()) throw invalid("memo must say why the balance is adjusted");
    const reference = input.reference ?? `adjustment-${this.#deps.ids.next()}`;
    return this.#deps.db.transaction().execute((trx) =>
      this.#post(trx, { developerId: input.developerId, kind: "adjustment", amountFen: input.amountFen, reference, memo: input.memo, actor: input.actor }),
    );
  }

  /**
   * Opens a new developer's account inside the transaction that creates the developer, with the
   * sandbox opening grant for a sandbox developer. Does nothing when the account exists.
   */
  async openAccount(trx: Db, developer: { developerId: string; sandbox: boolean }): Promise<void> {
    checkDeveloperId(developer.developerId);
    if (!(await walletRepo.insertAccount(trx, developer.developerId, new Date(this.#deps.clock.now())))) return;
    const opening = this.#deps.sandboxOpeningBalanceFen;
    if (developer.sandbox && opening > 0) {
      await this.#post(trx, {
        developerId: developer.developerId,
        kind: "sandbox_grant",
        amountFen: opening,
        reference: SANDBOX_GRANT_REFERENCE,
        memo: "sandbox opening balance (test money)",
        actor: "system",
      });
    }
  }

  async balance(developerId: string): Promise<Balance> {
    checkDeveloperId(developerId);
    let account = await walletRepo.findAccount(this.#deps.db, developerId);
    if (!account) {
      await this.#deps.db.transaction().execute((trx) => this.#ensureAccount(trx, developerId, false));
      account = await walletRepo.findAccount(this.#deps.db, developerId);
    }
    return { developerId, currency: "CNY", balanceFen: account?.balanceFen ?? 0, updatedAt: account?.updatedAt ?? null };
  }

  /** Newest first, `limit` (default 20, at most 200) per page; `after` is the previous page's nextCursor. */
  async statement(developerId: string, options: { after?: string; limit?: number; kind?: string } = {}): Promise<Statement> {
    checkDeveloperId(developerId);
    const limit = options.limit ?? STATEMENT_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > STATEMENT_MAX_LIMIT) throw invalid(`limit must be an integer from 1 to ${STATEMENT_MAX_LIMIT}`);
    if (options.after !== undefined && !isInt8Id(options.after)) throw invalid("after must be a transaction id");
    if (options.kind !== undefined && !(TRANSACTION_KINDS as readonly string[]).includes(options.kind)) {
      throw invalid(`kind must be one of ${TRANSACTION_KINDS.join(", ")}`);
    }
    if (!(await walletRepo.findAccount(this.#deps.db, developerId))) {
      await this.#deps.db.transaction().execute((trx) => this.#ensureAccount(trx, developerId, false));
    }
    const rows = await walletRepo.statement(this.#deps.db, developerId, {
      limit: limit + 1,
      ...(options.after !== undefined ? { after: options.after } : {}),
      ...(options.kind !== undefined ? { kind: options.kind as TransactionKind } : {}),
    });
    const entries = rows.slice(0, limit);
    return { entries, nextCursor: rows.length > limit ? entries.at(-1)!.transactionId : null };
  }

  /**
   * Empty when the ledger is sound: each transaction sums to zero over at least two entries and its
   * amount is what the developer's account received; every developer account's kept balance equals
   * the sum of its entries; no developer balance is negative.
   */
  async checkInvariants(db: Db = this.#deps.db): Promise<string[]> {
    return walletRepo.invariantViolations(db);
  }

  /**
   * Makes sure the developer has an account: a sandbox developer gets one (with the opening grant)
   * on first use; a live one only when `createLive` (a credit). True when the account exists.
   */
  async #ensureAccount(trx: Db, developerId: string, createLive: boolean): Promise<boolean> {
    if (await walletRepo.findAccount(trx, developerId)) return true;
    const developer = this.#deps.developers ? await this.#deps.developers(trx, developerId) : { sandbox: false };
    if (!developer) throw notFound(`developer ${developerId}`);
    if (!developer.sandbox && !createLive) return false;
    await this.openAccount(trx, { developerId, sandbox: developer.sandbox });
    return true;
  }

  /** One money move: the developer's posting `amountFen` (signed) against the kind's system account. */
  async #post(trx: Db, move: MoneyMove & { kind: TransactionKind }): Promise<LedgerEntry> {
    checkDeveloperId(move.developerId);
    checkReference(move.reference);
    checkText(move.memo, "memo", 500);
    checkText(move.actor, "actor", 100);
    if (!move.actor) throw invalid("actor must name who moves the money");
    const { developerId, kind, reference, amountFen } = move;

    const repeat = async (): Promise<LedgerEntry | undefined> => {
      const existing = await walletRepo.findTransaction(trx, developerId, kind, reference);
      if (existing && existing.amountFen !== amountFen) {
        throw conflict(`reference ${reference} was already used for a ${kind} of ${yuan(Math.abs(existing.amountFen))}`);
      }
      return existing;
    };
    let locked = await walletRepo.lockAccount(trx, developerId);
    if (locked === undefined && (await this.#ensureAccount(trx, developerId, amountFen > 0))) {
      locked = await walletRepo.lockAccount(trx, developerId);
    }
    // Under the lock: a concurrent move with the same reference has committed or rolled back by now.
    const existing = await repeat();
    if (existing) return existing;
    const available = locked ?? 0;
    if (available + amountFen < 0) {
      throw new ApiError(Code.INSUFFICIENT_BALANCE, `insufficient balance: needs ${yuan(-amountFen)}, available ${yuan(available)}`);
    }

    const at = this.#deps.clock.now();
    const balanceAfterFen = await walletRepo.applyDelta(trx, developerId, amountFen, new Date(at));
    if (balanceAfterFen === undefined) {
      if (amountFen < 0) throw new ApiError(Code.INSUFFICIENT_BALANCE, `insufficient balance: needs ${yuan(-amountFen)}`);
      throw invalid("the balance would exceed the largest amount the wallet can hold");
    }
    const entry: LedgerEntry = {
      transactionId: this.#deps.ids.next(),
      developerId,
      kind,
      amountFen,
      balanceAfterFen,
      reference,
      memo: move.memo,
      actor: move.actor,
      createdAt: at,
    };
    if (!(await walletRepo.insertTransaction(trx, entry))) {
      // Backstop (a caller at a stricter isolation level): the reference won; undo our move.
      await walletRepo.applyDelta(trx, developerId, -amountFen, new Date(at));
      const winner = await repeat();
      if (!winner) throw new Error(`wallet: ${kind} ${reference} conflicted but cannot be read`);
      return winner;
    }
    await walletRepo.insertEntries(trx, entry.transactionId, [
      { accountId: developerAccountId(developerId), amountFen },
      { accountId: COUNTER_ACCOUNT[kind], amountFen: -amountFen },
    ]);
    return entry;
  }
}
