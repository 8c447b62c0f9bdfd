// The operator's connector settings, kept with the secret and the tokens sealed by the master key
// (so a database dump alone reveals neither), the ties of the platform's refund ids to the
// upstream's, and the log of inbound pushes.
import type { SecretBox } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/index.ts";
import type { ConnectorSettings, ConnectorTokens, ConnectorTuning, LiveConnectorName, RefundLink, RefundLinkStore } from "../../marketplace/live/live-connector.ts";

export interface StoredSettings extends ConnectorSettings {
  authorizeState: string | null;
  pollCursorMs: number | null;
  version: number;
  updatedAt: number;
}

export class SettingsRepo {
  readonly #db: Db;
  readonly #secrets: SecretBox;

  constructor(db: Db, secrets: SecretBox) {
    this.#db = db;
    this.#secrets = secrets;
  }

  async all(db: Db = this.#db): Promise<StoredSettings[]> {
    const rows = await db.selectFrom("connector_settings").selectAll().orderBy("name").execute();
    return rows.map((row) => ({
      name: row.name,
      appKey: row.app_key,
      appSecret: this.#secrets.open(row.secret_sealed),
      baseUrl: row.base_url,
      authorizeUrl: row.authorize_url,
      redirectUri: row.redirect_uri,
      tokens: row.tokens_sealed ? (JSON.parse(this.#secrets.open(row.tokens_sealed)) as ConnectorTokens) : null,
      tuning: JSON.parse(row.tuning) as ConnectorTuning,
      authorizeState: row.authorize_state,
      pollCursorMs: row.poll_cursor_ms === null ? null : Number(row.poll_cursor_ms),
      version: row.version,
      updatedAt: row.updated_at.getTime(),
    }));
  }

  async get(name: LiveConnectorName, db: Db = this.#db): Promise<StoredSettings | undefined> {
    return (await this.all(db)).find((s) => s.name === name);
  }

  /** The highest version of any connector's settings: a node reloads when it grows or a row goes. */
  async fingerprint(): Promise<string> {
    const rows = await this.#db.selectFrom("connector_settings").select(["name", "version"]).orderBy("name").execute();
    return rows.map((r) => `${r.name}@${r.version}`).join(",");
  }

  /** Creates or replaces the app settings; a changed app key drops the tokens (they belong to the old app). */
  async save(db: Db, settings: Omit<ConnectorSettings, "tokens">): Promise<void> {
    const existing = await db.selectFrom("connector_settings").select(["app_key"]).where("name", "=", settings.name).forUpdate().executeTakeFirst();
    const values = {
      app_key: settings.appKey,
      secret_sealed: this.#secrets.seal(settings.appSecret),
      base_url: settings.baseUrl,
      authorize_url: settings.authorizeUrl,
      redirect_uri: settings.redirectUri,
      tuning: JSON.stringify(settings.tuning),
    };
    if (!existing) {
      await db.insertInto("connector_settings").values({ name: settings.name, ...values }).execute();
      return;
    }
    await db
      .updateTable("connector_settings")
      .set((eb) => ({
        ...values,
        ...(existing.app_key !== settings.appKey ? { tokens_sealed: null, authorize_state: null } : {}),
        updated_at: new Date(),
        version: eb("version", "+", 1),
      }))
      .where("name", "=", settings.name)
      .execute();
  }

  async setTokens(name: LiveConnectorName, tokens: ConnectorTokens | null, db: Db = this.#db): Promise<void> {
    await db
      .updateTable("connector_settings")
      .set((eb) => ({ tokens_sealed: tokens ? this.#secrets.seal(JSON.stringify(tokens)) : null, authorize_state: null, updated_at: new Date(), version: eb("version", "+", 1) }))
      .where("name", "=", name)
      .execute();
  }

  async setAuthorizeState(name: LiveConnectorName, state: string): Promise<void> {
    await this.#db.updateTable("connector_settings").set({ authorize_state: state }).where("name", "=", name).execute();
  }

  async setPollCursor(name: LiveConnectorName, cursorMs: number): Promise<void> {
    await this.#db.updateTable("connector_settings").set({ poll_cursor_ms: String(cursorMs) }).where("name", "=", name).execute();
  }

  async remove(name: LiveConnectorName): Promise<boolean> {
    const result = await this.#db.deleteFrom("connector_settings").where("name", "=", name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The refund-id ties of one connector, in the database (a restart keeps them). */
  refundLinks(connector: LiveConnectorName): RefundLinkStore {
    return {
      get: async (refundId): Promise<RefundLink | undefined> => {
        const row = await this.#db.selectFrom("connector_refund_links").select(["upstream_refund_id", "upstream_order_id"]).where("connector", "=", connector).where("refund_id", "=", refundId).executeTakeFirst();
        return row && { upstreamRefundId: row.upstream_refund_id, upstreamOrderId: row.upstream_order_id };
      },
      set: async (refundId, link) => {
        await this.#db
          .insertInto("connector_refund_links")
          .values({ connector, refund_id: refundId, upstream_refund_id: link.upstreamRefundId, upstream_order_id: link.upstreamOrderId })
          .onConflict((oc) => oc.columns(["connector", "refund_id"]).doUpdateSet({ upstream_refund_id: link.upstreamRefundId, upstream_order_id: link.upstreamOrderId }))
          .execute();
      },
    };
  }
}
