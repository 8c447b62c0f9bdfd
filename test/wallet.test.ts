// The wallet (developer balance as a double-entry ledger, protocol.md §8): the operator API and the
// command line, the sandbox opening grant, payments and refunds inside a caller's transaction,
// idempotency, real concurrency (on PostgreSQL), and the ledger's self-check after every test.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { ROOT, spawnServer, startServer, tempDir, type ChildServer, type TestServer } from "./helpers/server.ts";
import type { Db } from "../src/platform/db/index.ts";
import { ApiError } from "../src/platform/http/errors.ts";
import type { LedgerEntry, WalletService } from "../src/modules/wallet/index.ts";

const OPENING = 100_000_000;
const UNKNOWN_DEVELOPER = "1234567890123456789";

interface Entry extends LedgerEntry {
  amount: string;
  balanceAfter: string;
}
interface BalanceView {
  developerId: string;
  currency: "CNY";
  balanceFen: number;
  balance: string;
  updatedAt: number | null;
}
interface StatementView {
  entries: Entry[];
  nextCursor: string | null;
}

let server: TestServer;
let wallet: WalletService;
let db: Db;

before(async () => {
  server = await startServer();
  wallet = server.platform.services.wallet;
  db = server.platform.database.db;
});

after(async () => {
  await server?.close();
});

// Every test moves money or reads it: the ledger must be sound after each one.
afterEach(async () => {
  if (wallet) assert.deepEqual(await wallet.checkInvariants(), []);
});

async function ok<T>(method: "GET" | "POST", p: string, body?: unknown): Promise<T> {
  const reply = await server.admin<T>(method, p, body);
  assert.equal(reply.code, 200, `${method} ${p}: ${reply.code} ${reply.msg}`);
  return reply.data;
}

async function code(method: "GET" | "POST", p: string, body?: unknown): Promise<number> {
  const reply = await server.admin(method, p, body);
  if (reply.code !== 200) assert.equal(reply.data, null);
  return reply.code;
}

async function liveDeveloper(): Promise<string> {
  const created = await ok<{ developer: { developId: string; sandbox: boolean } }>("POST", "/admin/developers", { name: "live shop", sandbox: false });
  assert.equal(created.developer.sandbox, false);
  return created.developer.developId;
}

async function sandboxDeveloper(): Promise<string> {
  return (await server.createDeveloper()).developId;
}

const balanceOf = async (id: string) => (await ok<BalanceView>("GET", `/admin/developers/${id}/wallet`)).balanceFen;
const statementOf = (id: string, query = "") => ok<StatementView>("GET", `/admin/developers/${id}/wallet/statement${query}`);

/** A developer as it was before the wallet existed: no account, no transactions. */
async function developerWithoutAccount(sandbox: boolean): Promise<string> {
  // Above every snowflake id of this century, so it never collides with one the platform issues.
  const id = String(9_000_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
  const now = new Date();
  await db.insertInto("developers").values({ id, name: "old developer", status: "ENABLED", sandbox, created_at: now, updated_at: now }).execute();
  return id;
}

async function topUp(id: string, amountFen: number): Promise<void> {
  await ok("POST", `/admin/developers/${id}/wallet/topup`, { amountFen });
}

function apiCode(err: unknown): number {
  assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
  return err.code;
}

describe("the sandbox opening balance", () => {
  test("a sandbox developer starts with the test balance, granted once in the transaction that creates it", async () => {
    const id = await sandboxDeveloper();
    const balance = await ok<BalanceView>("GET", `/admin/developers/${id}/wallet`);
    assert.deepEqual({ ...balance, updatedAt: typeof balance.updatedAt }, {
      developerId: id,
      currency: "CNY",
      balanceFen: OPENING,
      balance: "1000000",
      updatedAt: "number",
    });
    const { entries, nextCursor } = await statementOf(id);
    assert.equal(nextCursor, null);
    assert.equal(entries.length, 1);
    assert.deepEqual(
      { kind: entries[0]!.kind, amountFen: entries[0]!.amountFen, balanceAfterFen: entries[0]!.balanceAfterFen, reference: entries[0]!.reference, actor: entries[0]!.actor },
      { kind: "sandbox_grant", amountFen: OPENING, balanceAfterFen: OPENING, reference: "opening", actor: "system" },
    );
    assert.equal(await balanceOf(id), OPENING, "reading again grants nothing more");
  });

  test("a live developer starts at zero", async () => {
    const id = await liveDeveloper();
    const balance = await ok<BalanceView>("GET", `/admin/developers/${id}/wallet`);
    assert.equal(balance.balanceFen, 0);
    assert.equal(balance.balance, "0");
    assert.deepEqual(await statementOf(id), { entries: [], nextCursor: null });
  });

  test("a sandbox developer from before the wallet gets its grant on first balance, once", async () => {
    const id = await developerWithoutAccount(true);
    const results = await Promise.all(Array.from({ length: 8 }, () => wallet.balance(id)));
    for (const r of results) assert.equal(r.balanceFen, OPENING);
    assert.equal((await statementOf(id)).entries.length, 1);
  });

  test("… or on first debit, which then pays from it", async () => {
    const id = await developerWithoutAccount(true);
    const entry = await db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen: 500, reference: "order-1", memo: "", actor: "test" }));
    assert.equal(entry.balanceAfterFen, OPENING - 500);
    assert.deepEqual((await statementOf(id)).entries.map((e) => e.kind), ["payment", "sandbox_grant"]);
  });

  test("a live developer from before the wallet reads zero and a debit is refused without writing", async () => {
    const id = await developerWithoutAccount(false);
    assert.deepEqual(await wallet.balance(id), { developerId: id, currency: "CNY", balanceFen: 0, updatedAt: null });
    await assert.rejects(
      db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen: 1, reference: "o", memo: "", actor: "test" })),
      (err) => apiCode(err) === 40201,
    );
    const rows = await db.selectFrom("wallet_accounts").select("id").where("developer_id", "=", id).execute();
    assert.deepEqual(rows, [], "no account was opened by a refused debit");
  });
});

describe("operator top-ups", () => {
  test("top up in yuan or fen; a repeated reference adds nothing; the statement shows both", async () => {
    const id = await liveDeveloper();
    const first = await ok<Entry>("POST", `/admin/developers/${id}/wallet/topup`, { amount: "100.50", memo: "wire 2026-11-28", reference: "bank-1" });
    assert.equal(first.kind, "topup");
    assert.equal(first.amountFen, 10_050);
    assert.equal(first.amount, "100.5");
    assert.equal(first.balanceAfterFen, 10_050);
    assert.equal(first.reference, "bank-1");
    assert.equal(first.memo, "wire 2026-11-28");
    assert.equal(first.actor, "operator");
    const repeat = await ok<Entry>("POST", `/admin/developers/${id}/wallet/topup`, { amount: "100.5", memo: "again", reference: "bank-1" });
    assert.deepEqual(repeat, first, "the repeat returns the first transaction");
    assert.equal(await code("POST", `/admin/developers/${id}/wallet/topup`, { amount: "99", reference: "bank-1" }), 40901, "same reference, other amount");

    const second = await ok<Entry>("POST", `/admin/developers/${id}/wallet/topup`, { amountFen: 250 });
    assert.equal(second.balanceAfterFen, 10_300);
    assert.match(second.reference, /^topup-\d+$/);
    assert.equal(await balanceOf(id), 10_300);
    assert.deepEqual((await statementOf(id)).entries.map((e) => [e.transactionId, e.amountFen, e.balanceAfterFen]), [
      [second.transactionId, 250, 10_300],
      [first.transactionId, 10_050, 10_050],
    ]);
  });

  test("bad amounts are 40002 and write nothing; unknown developers are 40401", async () => {
    const id = await liveDeveloper();
    const topup = `/admin/developers/${id}/wallet/topup`;
    for (const body of [
      {},
      { amount: "1", amountFen: 100 },
      { amount: "1.005" },
      { amount: "-1" },
      { amount: "0" },
      { amount: "1e3" },
      { amountFen: 0 },
      { amountFen: -5 },
      { amountFen: 1.5 },
      { amountFen: Number.MAX_SAFE_INTEGER + 2 },
      { amountFen: "100" },
      { amountFen: 1, reference: "" },
      { amountFen: 1, reference: "x".repeat(129) },
    ]) {
      assert.equal(await code("POST", topup, body), 40002, JSON.stringify(body));
    }
    assert.equal(await balanceOf(id), 0);
    assert.deepEqual((await statementOf(id)).entries, []);

    assert.equal(await code("GET", `/admin/developers/${UNKNOWN_DEVELOPER}/wallet`), 40401);
    assert.equal(await code("POST", `/admin/developers/${UNKNOWN_DEVELOPER}/wallet/topup`, { amount: "1" }), 40401);
    assert.equal(await code("GET", `/admin/developers/${UNKNOWN_DEVELOPER}/wallet/statement`), 40401);
    assert.equal(await code("GET", `/admin/developers/not-a-number/wallet`), 40002);
    await assert.rejects(wallet.topUp({ developerId: UNKNOWN_DEVELOPER, amountFen: 1, actor: "test" }), (err) => apiCode(err) === 40401);
    await assert.rejects(wallet.balance("99999999999999999999"), (err) => apiCode(err) === 40401);
    await assert.rejects(
      db.transaction().execute((trx) => wallet.debit(trx, { developerId: UNKNOWN_DEVELOPER, amountFen: 1, reference: "o", memo: "", actor: "t" })),
      (err) => apiCode(err) === 40401,
    );
  });

  test("adjustments: signed, with a reason; a debit adjustment needs the balance to cover it", async () => {
    const id = await liveDeveloper();
    await topUp(id, 1000);
    const down = await ok<Entry>("POST", `/admin/developers/${id}/wallet/adjust`, { amount: "-2.50", memo: "duplicate wire" });
    assert.equal(down.kind, "adjustment");
    assert.equal(down.amountFen, -250);
    assert.equal(down.balanceAfterFen, 750);
    assert.equal(await code("POST", `/admin/developers/${id}/wallet/adjust`, { amountFen: -751, memo: "too much" }), 40201);
    assert.equal(await code("POST", `/admin/developers/${id}/wallet/adjust`, { amountFen: 5 }), 40002, "a reason is required");
    assert.equal(await code("POST", `/admin/developers/${id}/wallet/adjust`, { amountFen: 0, memo: "zero" }), 40002);
    assert.equal((await ok<Entry>("POST", `/admin/developers/${id}/wallet/adjust`, { amountFen: 50, memo: "goodwill" })).balanceAfterFen, 800);
  });
});

describe("statements", () => {
  test("newest first, paged by cursor, filtered by kind", async () => {
    const id = await liveDeveloper();
    for (let i = 1; i <= 7; i++) await topUp(id, i * 100);
    await db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen: 300, reference: "order-a", memo: "order a", actor: "test" }));

    const pages: StatementView[] = [];
    let cursor: string | null = null;
    do {
      const page: StatementView = await statementOf(id, `?limit=3${cursor ? `&after=${cursor}` : ""}`);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(pages.map((p) => p.entries.length), [3, 3, 2]);
    const all = pages.flatMap((p) => p.entries);
    const ids = all.map((e) => BigInt(e.transactionId));
    assert.deepEqual([...ids].sort((a, b) => (a < b ? 1 : -1)), ids, "newest first");
    assert.deepEqual(all.map((e) => e.amountFen), [-300, 700, 600, 500, 400, 300, 200, 100]);
    // Each line's balance is the next older line's balance plus its amount.
    for (let i = 0; i < all.length - 1; i++) assert.equal(all[i]!.balanceAfterFen, all[i + 1]!.balanceAfterFen + all[i]!.amountFen);
    assert.equal(all[0]!.balanceAfterFen, await balanceOf(id));

    const payments = await statementOf(id, "?kind=payment");
    assert.deepEqual(payments.entries.map((e) => e.reference), ["order-a"]);
    assert.deepEqual(await statementOf(id, `?after=${all.at(-1)!.transactionId}`), { entries: [], nextCursor: null });
    assert.equal((await wallet.statement(id, { limit: 2, kind: "topup" })).entries.length, 2);
    for (const query of ["?limit=0", "?limit=201", "?kind=bogus", "?after=abc"]) {
      assert.equal(await code("GET", `/admin/developers/${id}/wallet/statement${query}`), 40002, query);
    }
    await assert.rejects(wallet.statement(id, { kind: "bogus" }), (err) => apiCode(err) === 40002);
  });
});

describe("payments and refunds inside the caller's transaction", () => {
  test("debit, refund, idempotent repeats, conflicting repeats", async () => {
    const id = await sandboxDeveloper();
    const move = { developerId: id, reference: "order-1", memo: "order 1", actor: "orders" };
    const paid = await db.transaction().execute((trx) => wallet.debit(trx, { ...move, amountFen: 12_345 }));
    assert.equal(paid.kind, "payment");
    assert.equal(paid.amountFen, -12_345);
    assert.equal(paid.balanceAfterFen, OPENING - 12_345);
    const again = await db.transaction().execute((trx) => wallet.debit(trx, { ...move, amountFen: 12_345 }));
    assert.deepEqual(again, paid, "a repeat returns the first entry");
    assert.equal(await balanceOf(id), OPENING - 12_345);
    await assert.rejects(
      db.transaction().execute((trx) => wallet.debit(trx, { ...move, amountFen: 1 })),
      (err) => apiCode(err) === 40901,
    );

    const refunded = await db.transaction().execute((trx) => wallet.credit(trx, { ...move, amountFen: 2_345, memo: "refund line 2" }));
    assert.equal(refunded.kind, "refund");
    assert.equal(refunded.amountFen, 2_345);
    assert.equal(refunded.balanceAfterFen, OPENING - 10_000);
    assert.deepEqual(await db.transaction().execute((trx) => wallet.credit(trx, { ...move, amountFen: 2_345 })), refunded);
    assert.equal(await balanceOf(id), OPENING - 10_000);

    // A rolled-back caller transaction leaves nothing behind, and the reference stays usable.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await wallet.debit(trx, { ...move, reference: "order-2", amountFen: 500 });
        throw new Error("order creation failed later");
      }),
      /order creation failed later/,
    );
    assert.equal(await balanceOf(id), OPENING - 10_000);
    const retried = await db.transaction().execute((trx) => wallet.debit(trx, { ...move, reference: "order-2", amountFen: 500 }));
    assert.equal(retried.balanceAfterFen, OPENING - 10_500);
  });

  test("amounts must be positive safe integers", async () => {
    const id = await sandboxDeveloper();
    for (const amountFen of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      await assert.rejects(
        db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen, reference: "x", memo: "", actor: "t" })),
        (err) => apiCode(err) === 40002,
      );
      await assert.rejects(
        db.transaction().execute((trx) => wallet.credit(trx, { developerId: id, amountFen, reference: "x", memo: "", actor: "t" })),
        (err) => apiCode(err) === 40002,
      );
      await assert.rejects(wallet.topUp({ developerId: id, amountFen, actor: "t" }), (err) => apiCode(err) === 40002);
    }
    await assert.rejects(
      db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen: 1, reference: "", memo: "", actor: "t" })),
      (err) => apiCode(err) === 40002,
    );
    await assert.rejects(
      db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen: 1, reference: "r", memo: "", actor: "" })),
      (err) => apiCode(err) === 40002,
    );
    assert.equal(await balanceOf(id), OPENING);
  });

  test("insufficient balance: 40201, nothing written, and the caller's transaction stays usable", async () => {
    const id = await liveDeveloper();
    await topUp(id, 1_000);
    const before = await statementOf(id);
    const entriesBefore = Number((await sql<{ n: string }>`select count(*)::text as n from wallet_entries`.execute(db)).rows[0]!.n);
    const paid = await db.transaction().execute(async (trx) => {
      await assert.rejects(wallet.debit(trx, { developerId: id, amountFen: 1_001, reference: "big", memo: "", actor: "t" }), (err) => {
        assert.equal(apiCode(err), 40201);
        assert.match((err as Error).message, /^insufficient balance: needs 10\.01 CNY, available 10 CNY$/);
        return true;
      });
      // The same transaction carries on: a smaller payment, then commit.
      return wallet.debit(trx, { developerId: id, amountFen: 400, reference: "small", memo: "", actor: "t" });
    });
    assert.equal(paid.balanceAfterFen, 600);
    const afterwards = await statementOf(id);
    assert.deepEqual(afterwards.entries.slice(1), before.entries);
    assert.equal(afterwards.entries[0]!.reference, "small");
    const entriesAfter = Number((await sql<{ n: string }>`select count(*)::text as n from wallet_entries`.execute(db)).rows[0]!.n);
    assert.equal(entriesAfter, entriesBefore + 2, "only the small payment's two postings");
    // The refused reference was not consumed.
    await topUp(id, 10_000);
    const big = await db.transaction().execute((trx) => wallet.debit(trx, { developerId: id, amountFen: 1_001, reference: "big", memo: "", actor: "t" }));
    assert.equal(big.balanceAfterFen, 600 + 10_000 - 1_001);
  });
});

describe("concurrency (real on PostgreSQL; serialised on PGlite)", () => {
  // How many callers' transactions were open at once: on PostgreSQL the races must really overlap.
  let open = 0;
  let mostOpen = 0;
  const debitIn = (developerId: string, amountFen: number, reference: string) =>
    db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      mostOpen = Math.max(mostOpen, ++open);
      try {
        const entry = await wallet.debit(trx, { developerId, amountFen, reference, memo: "", actor: "race" });
        await sql`select 1`.execute(trx); // the caller's transaction is still usable
        return entry;
      } finally {
        open--;
      }
    });
  const overlapped = () => {
    if (server.platform.database.kind === "postgres") assert.ok(mostOpen > 5, `only ${mostOpen} transactions overlapped`);
    mostOpen = 0;
  };

  test("50 concurrent debits that all fit: all pass, the balance lands on exactly zero", async () => {
    const id = await liveDeveloper();
    await topUp(id, 50 * 1_000);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => debitIn(id, 1_000, `fit-${i}`)));
    assert.equal(new Set(results.map((r) => r.transactionId)).size, 50);
    assert.deepEqual(results.map((r) => r.balanceAfterFen).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i * 1_000));
    assert.equal(await balanceOf(id), 0);
    overlapped();
  });

  test("50 concurrent debits for 30 debits' worth: exactly 30 pass, 20 get 40201, never overdrawn", async () => {
    const id = await liveDeveloper();
    await topUp(id, 30 * 1_000);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => debitIn(id, 1_000, `over-${i}`)));
    const passed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(passed.length, 30);
    assert.equal(refused.length, 20);
    for (const r of refused) assert.equal(apiCode(r.reason), 40201);
    assert.equal(await balanceOf(id), 0);
    assert.equal((await wallet.statement(id, { kind: "payment", limit: 200 })).entries.length, 30);
    overlapped();
  });

  test("50 concurrent debits with one reference debit once and all return that entry", async () => {
    const id = await sandboxDeveloper();
    const results = await Promise.all(Array.from({ length: 50 }, () => debitIn(id, 777, "same-order")));
    assert.equal(new Set(results.map((r) => r.transactionId)).size, 1);
    assert.equal(await balanceOf(id), OPENING - 777);
    assert.equal((await wallet.statement(id, { kind: "payment" })).entries.length, 1);
    overlapped();
  });

  test("concurrent top-ups with one reference add once", async () => {
    const id = await liveDeveloper();
    const results = await Promise.all(Array.from({ length: 20 }, () => wallet.topUp({ developerId: id, amountFen: 5_000, reference: "wire-9", actor: "op" })));
    assert.equal(new Set(results.map((r) => r.transactionId)).size, 1);
    assert.equal(await balanceOf(id), 5_000);
  });
});

describe("the ledger's self-check", () => {
  test("detects a kept balance that drifted from its entries", async () => {
    const id = await liveDeveloper();
    await topUp(id, 1_000);
    assert.deepEqual(await wallet.checkInvariants(), []);
    await sql`update wallet_accounts set balance_fen = balance_fen + 1 where developer_id = ${id}`.execute(db);
    const problems = await wallet.checkInvariants();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, new RegExp(`account developer:${id}: kept balance 1001 but its entries sum to 1000`));
    const check = await ok<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check");
    assert.deepEqual(check, { sound: false, problems });
    await sql`update wallet_accounts set balance_fen = balance_fen - 1 where developer_id = ${id}`.execute(db);
    assert.deepEqual(await ok("GET", "/admin/wallet/check"), { sound: true, problems: [] });
  });

  test("detects an unbalanced transaction and a misstated amount; ledger rows cannot be edited or deleted", async () => {
    const id = await liveDeveloper();
    await topUp(id, 1_000);
    const [entry] = (await wallet.statement(id)).entries;
    const rollback = new Error("rollback");
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("wallet_entries").values({ transaction_id: entry!.transactionId, account_id: "platform:cash", amount_fen: "5" }).execute();
        const problems = await wallet.checkInvariants(trx);
        assert.ok(problems.some((p) => p.startsWith(`transaction ${entry!.transactionId}: its 3 entries sum to 5`)), problems.join("\n"));
        throw rollback;
      }),
      (err) => err === rollback,
    );
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("wallet_entries").values([
          { transaction_id: entry!.transactionId, account_id: `developer:${id}`, amount_fen: "7" },
          { transaction_id: entry!.transactionId, account_id: "platform:cash", amount_fen: "-7" },
        ]).execute();
        const problems = await wallet.checkInvariants(trx);
        assert.ok(problems.some((p) => p.includes(`transaction ${entry!.transactionId}: amount 1000 but the developer's account received 1007`)), problems.join("\n"));
        assert.ok(problems.some((p) => p.includes(`kept balance 1000 but its entries sum to 1007`)), problems.join("\n"));
        throw rollback;
      }),
      (err) => err === rollback,
    );
    await assert.rejects(sql`update wallet_entries set amount_fen = amount_fen + 1`.execute(db), /immutable/);
    await assert.rejects(sql`delete from wallet_transactions where developer_id = ${id}`.execute(db), /immutable/);
    await assert.rejects(sql`update wallet_accounts set balance_fen = -1 where developer_id = ${id}`.execute(db), /check/i);
  });
});

describe("the openpon wallet commands (PGlite, through a running server and offline)", () => {
  const run = promisify(execFile);
  const dataDir = tempDir("openpon-wallet-cli-");
  const env = { DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", BOOTSTRAP_SANDBOX: "true", OPERATOR_TOKEN: "", SANDBOX_ITEMS: "50" };
  let child: ChildServer | undefined;

  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "silent" } });
    return stdout;
  }
  const cliJson = async <T>(...args: string[]): Promise<T> => JSON.parse(await cli(...args, "--json")) as T;

  after(async () => {
    await child?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("show, top up and page the statement through the running server, then offline", async () => {
    child = await spawnServer(env);
    const { developId } = JSON.parse(fs.readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { developId: string };

    const shown = await cliJson<{ balance: BalanceView; recent: StatementView }>("wallet", "show", developId);
    assert.equal(shown.balance.balanceFen, OPENING, "the first-start sandbox developer got its test balance");
    assert.deepEqual(shown.recent.entries.map((e) => e.kind), ["sandbox_grant"]);

    const topped = await cliJson<Entry>("wallet", "topup", developId, "100.50", "--memo", "wire 1", "--reference", "bank-1");
    assert.equal(topped.amountFen, 10_050);
    assert.equal(topped.balanceAfterFen, OPENING + 10_050);
    assert.equal((await cliJson<Entry>("wallet", "topup", developId, "100.50", "--reference", "bank-1")).transactionId, topped.transactionId);
    assert.match(await cli("wallet", "topup", developId, "0.01"), /topped up 0\.01 CNY; balance 1000100\.51 CNY/);

    const page1 = await cliJson<StatementView>("wallet", "statement", developId, "--limit", "2");
    assert.equal(page1.entries.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await cliJson<StatementView>("wallet", "statement", developId, "--limit", "2", "--after", page1.nextCursor!);
    assert.deepEqual(page2.entries.map((e) => e.kind), ["sandbox_grant"]);
    assert.equal(page2.nextCursor, null);
    assert.match(await cli("wallet", "show", developId), /balance +1000100\.51 CNY \(100010051 fen\)/);
    assert.match(await cli("wallet", "statement", developId, "--kind", "topup"), /topup +\+100\.5 += +1000100\.5 +bank-1 +\(wire 1\)/);

    await assert.rejects(cli("wallet", "topup", UNKNOWN_DEVELOPER, "1"), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /40401/);
      return true;
    });
    await assert.rejects(cli("wallet", "topup", developId, "1.001"), /40002/);

    assert.equal(await child.stop(), 0);
    child = undefined;
    const offline = await cliJson<Entry>("wallet", "topup", developId, "1", "--memo", "offline");
    assert.equal(offline.balanceAfterFen, OPENING + 10_051 + 100);
    const created = await cliJson<{ developer: { developId: string } }>("developer", "create", "--name", "Shop Two");
    const second = await cliJson<{ balance: BalanceView }>("wallet", "show", created.developer.developId);
    assert.equal(second.balance.balanceFen, OPENING, "a developer created from the command line gets the grant too");
    assert.deepEqual(await cliJson("wallet", "check"), { sound: true, problems: [] });
    assert.match(await cli("wallet", "check"), /the ledger is sound/);
  });
});
