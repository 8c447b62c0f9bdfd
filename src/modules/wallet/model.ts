// The wallet: a developer's CNY balance as a double-entry ledger (protocol.md §8 balance rules).
//
// Every money move is one transaction of two postings that sum to zero: the developer's account
// on one side, a platform (system) account on the other. Amounts are integer fen.

export const TRANSACTION_KINDS = ["topup", "payment", "refund", "adjustment", "sandbox_grant"] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** One line of a developer's statement: a transaction seen from the developer's account. */
export interface LedgerEntry {
  transactionId: string;
  developerId: string;
  kind: TransactionKind;
  /** Signed, from the developer's view: + credits the balance, − debits it. */
  amountFen: number;
  /** The developer's balance right after this transaction. */
  balanceAfterFen: number;
  reference: string;
  memo: string;
  actor: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface Balance {
  developerId: string;
  currency: "CNY";
  balanceFen: number;
  /** When the balance last changed; null when the developer has no account yet. */
  updatedAt: number | null;
}

export interface Statement {
  /** Newest first. */
  entries: LedgerEntry[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** The platform side of each kind of transaction. System accounts derive their balance from entries. */
export const SYSTEM_ACCOUNT = {
  /** Money received from developers (operator top-ups). */
  cash: "platform:cash",
  /** Test money granted to sandbox developers. */
  sandbox: "platform:sandbox",
  /** Clearing account of order payments (in) and refunds (out). */
  payments: "platform:payments",
  /** Operator corrections. */
  adjustments: "platform:adjustments",
} as const;

export const COUNTER_ACCOUNT: Record<TransactionKind, string> = {
  topup: SYSTEM_ACCOUNT.cash,
  sandbox_grant: SYSTEM_ACCOUNT.sandbox,
  payment: SYSTEM_ACCOUNT.payments,
  refund: SYSTEM_ACCOUNT.payments,
  adjustment: SYSTEM_ACCOUNT.adjustments,
};

export const developerAccountId = (developerId: string) => `developer:${developerId}`;

/** The reference of the one opening grant a sandbox developer receives. */
export const SANDBOX_GRANT_REFERENCE = "opening";

export const STATEMENT_DEFAULT_LIMIT = 20;
export const STATEMENT_MAX_LIMIT = 200;
