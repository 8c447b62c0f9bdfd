// The developer's own wallet, signed like every call (GET /developer/wallet): DESIGNED, outside the
// PandaPon contract. The same views as the operator's balance and statement routes (admin-routes.ts);
// the balance is the developer's, so every one of its users reads the same.
import { Type } from "typebox";
import { envelopeResponse, ID_PATTERN } from "../../platform/http/schemas.ts";
import { ok, type App } from "../../platform/http/server.ts";
import { balanceView, BalanceView, entryView, EntryView, Kind } from "./admin-routes.ts";
import type { WalletService } from "./service.ts";

/** At most this many transactions per page (the operator's statement allows more). */
export const DEVELOPER_WALLET_MAX_LIMIT = 100;

export const DeveloperWalletView = Type.Object(
  {
    ...BalanceView.properties,
    entries: Type.Array(EntryView, { description: "the most recent transactions, newest first (after `after` when given)" }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: "pass as `after` for the next (older) page; null on the last page" }),
  },
  { title: "DeveloperWallet" },
);

const WalletQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: DEVELOPER_WALLET_MAX_LIMIT, default: 20, description: `transactions per page, 1 to ${DEVELOPER_WALLET_MAX_LIMIT}` })),
  after: Type.Optional(Type.String({ pattern: ID_PATTERN, "x-message": "after must be a transaction id", description: "cursor: the previous page's nextCursor" })),
  kind: Type.Optional(Kind),
});

/** Signed route of the developer's own balance (register inside the signed plugin). */
export function registerDeveloperWalletRoutes(app: App, wallet: WalletService): void {
  app.get(
    "/developer/wallet",
    {
      schema: {
        tags: ["developer: wallet"],
        summary: "The developer's balance and its recent transactions, newest first",
        description:
          "DESIGNED (openpon extension, outside the PandaPon contract). The calling developer's CNY balance, shared by all its users (any of its user-ids reads the same), " +
          "and its transactions newest first, as the operator sees them (GET /admin/developers/{developId}/wallet and …/wallet/statement). " +
          "`limit` 1 to 100 (default 20); pass `nextCursor` as `after` for older transactions; `kind` keeps one kind. Amounts are integer fen and exact yuan strings.",
        querystring: WalletQuery,
        response: envelopeResponse(DeveloperWalletView, [40002]),
      },
    },
    async (request) => {
      const developerId = request.auth!.developerId;
      const { limit, after, kind } = request.query;
      // The balance first: it opens the account (and a sandbox developer's grant) on first use.
      const balance = await wallet.balance(developerId);
      const statement = await wallet.statement(developerId, {
        ...(after !== undefined ? { after } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(kind !== undefined ? { kind } : {}),
      });
      return ok(request, { ...balanceView(balance), entries: statement.entries.map(entryView), nextCursor: statement.nextCursor });
    },
  );
}
