// Operator API for developer balances (/admin/developers/:developId/wallet...), outside the PandaPon
// contract (protocol.md §8: operators top up and inspect balances on the console surface). The CLI
// speaks to it over HTTP while a server runs and in-process when it does not.
import { Type } from "typebox";
import { invalid } from "../../platform/http/errors.ts";
import { DevelopId, envelopeResponse, ID_PATTERN } from "../../platform/http/schemas.ts";
import { okOperator, type App } from "../../platform/http/server.ts";
import { fenToYuan, yuanToFen } from "../../platform/money.ts";
import { STATEMENT_MAX_LIMIT, type Balance, type LedgerEntry } from "./model.ts";
import type { WalletService } from "./service.ts";

const tags = ["operator: wallet"];
const params = Type.Object({ developId: DevelopId });

export const Kind = Type.Union([
  Type.Literal("topup"),
  Type.Literal("payment"),
  Type.Literal("refund"),
  Type.Literal("adjustment"),
  Type.Literal("sandbox_grant"),
]);

export const BalanceView = Type.Object({
  developerId: Type.String(),
  currency: Type.Literal("CNY"),
  balanceFen: Type.Integer({ description: "integer fen" }),
  balance: Type.String({ description: "yuan, exact (\"1000000\", \"12.5\")" }),
  updatedAt: Type.Union([Type.Integer({ description: "epoch ms" }), Type.Null()]),
});
export const EntryView = Type.Object({
  transactionId: Type.String(),
  developerId: Type.String(),
  kind: Kind,
  amountFen: Type.Integer({ description: "signed, from the developer's view" }),
  amount: Type.String({ description: "the same in yuan" }),
  balanceAfterFen: Type.Integer(),
  balanceAfter: Type.String(),
  reference: Type.String(),
  memo: Type.String(),
  actor: Type.String(),
  createdAt: Type.Integer({ description: "epoch ms" }),
});
const StatementView = Type.Object({ entries: Type.Array(EntryView), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const Yuan = Type.String({ pattern: "^\\d{1,12}(\\.\\d{1,2})?$", "x-message": "amount must be yuan with at most two decimals, e.g. \"100.50\"" });
const SignedYuan = Type.String({ pattern: "^-?\\d{1,12}(\\.\\d{1,2})?$", "x-message": "amount must be signed yuan with at most two decimals, e.g. \"-12.30\"" });
const Reference = Type.String({ minLength: 1, maxLength: 128, description: "idempotency key: a repeat with the same reference returns the first transaction" });
const Memo = Type.String({ maxLength: 500 });

export const balanceView = (b: Balance) => ({ ...b, balance: fenToYuan(b.balanceFen) });
export const entryView = (e: LedgerEntry) => ({ ...e, amount: fenToYuan(e.amountFen), balanceAfter: fenToYuan(e.balanceAfterFen) });

/** Exactly one of `amount` (yuan text) and `amountFen`. */
function amountOf(body: { amount?: string; amountFen?: number }): number {
  if ((body.amount === undefined) === (body.amountFen === undefined)) throw invalid("give exactly one of amount (yuan) and amountFen");
  if (body.amountFen !== undefined) return body.amountFen;
  const text = body.amount!;
  const fen = yuanToFen(text.replace(/^-/, ""));
  if (fen === undefined) throw invalid("amount must be yuan with at most two decimals");
  return text.startsWith("-") ? -fen : fen;
}

export function registerWalletAdminRoutes(app: App, wallet: WalletService, developerExists: (id: string) => Promise<unknown>): void {
  app.get(
    "/admin/wallet/check",
    {
      schema: {
        tags,
        summary: "Check the whole ledger: every transaction sums to zero, every kept balance equals its entries, none is negative",
        response: envelopeResponse(Type.Object({ sound: Type.Boolean(), problems: Type.Array(Type.String()) }), [], false),
      },
    },
    async (request) => {
      const problems = await wallet.checkInvariants();
      return okOperator(request, { sound: problems.length === 0, problems });
    },
  );

  app.get(
    "/admin/developers/:developId/wallet",
    { schema: { tags, summary: "A developer's balance", params, response: envelopeResponse(BalanceView, [40401], false) } },
    async (request) => {
      await developerExists(request.params.developId);
      return okOperator(request, balanceView(await wallet.balance(request.params.developId)));
    },
  );

  app.post(
    "/admin/developers/:developId/wallet/topup",
    {
      schema: {
        tags,
        summary: "Top up a developer's balance (money received); idempotent with a reference",
        params,
        body: Type.Object({
          amount: Type.Optional(Yuan),
          amountFen: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, "x-message": "amountFen must be a positive integer" })),
          memo: Type.Optional(Memo),
          reference: Type.Optional(Reference),
        }),
        response: envelopeResponse(EntryView, [40002, 40401, 40901], false),
      },
    },
    async (request) => {
      const { developId } = request.params;
      await developerExists(developId);
      const amountFen = amountOf(request.body);
      const entry = await wallet.topUp({
        developerId: developId,
        amountFen,
        actor: "operator",
        ...(request.body.memo !== undefined ? { memo: request.body.memo } : {}),
        ...(request.body.reference !== undefined ? { reference: request.body.reference } : {}),
      });
      return okOperator(request, entryView(entry));
    },
  );

  app.post(
    "/admin/developers/:developId/wallet/adjust",
    {
      schema: {
        tags,
        summary: "Correct a developer's balance by a signed amount, with a reason; idempotent with a reference",
        params,
        body: Type.Object({
          amount: Type.Optional(SignedYuan),
          amountFen: Type.Optional(Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, "x-message": "amountFen must be an integer" })),
          memo: Type.String({ minLength: 1, maxLength: 500, "x-message": "memo must say why (1 to 500 characters)" }),
          reference: Type.Optional(Reference),
        }),
        response: envelopeResponse(EntryView, [40002, 40201, 40401, 40901], false),
      },
    },
    async (request) => {
      const { developId } = request.params;
      await developerExists(developId);
      const entry = await wallet.adjust({
        developerId: developId,
        amountFen: amountOf(request.body),
        memo: request.body.memo,
        actor: "operator",
        ...(request.body.reference !== undefined ? { reference: request.body.reference } : {}),
      });
      return okOperator(request, entryView(entry));
    },
  );

  app.get(
    "/admin/developers/:developId/wallet/statement",
    {
      schema: {
        tags,
        summary: "A developer's statement, newest first; pass nextCursor as `after` for the next page",
        params,
        querystring: Type.Object({
          after: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "after must be a transaction id" })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: STATEMENT_MAX_LIMIT, default: 20 })),
          kind: Type.Optional(Kind),
        }),
        response: envelopeResponse(StatementView, [40002, 40401], false),
      },
    },
    async (request) => {
      await developerExists(request.params.developId);
      const { after, limit, kind } = request.query;
      const statement = await wallet.statement(request.params.developId, {
        ...(after !== undefined ? { after } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(kind !== undefined ? { kind } : {}),
      });
      return okOperator(request, { entries: statement.entries.map(entryView), nextCursor: statement.nextCursor });
    },
  );
}
