// SQL of the identity module. Only this file touches developers, access_keys, users and request_nonces.
import type { DatabaseHandle, Db } from "../../platform/db/index.ts";
import type { Developer, KeyRecord, Status, User } from "./model.ts";

type Executor = Db;

function toDeveloper(row: {
  id: string;
  name: string;
  status: Status;
  sandbox: boolean;
  rate_limit_per_second: number | null;
  rate_limit_burst: number | null;
  created_at: Date;
}): Developer {
  return {
    developId: row.id,
    name: row.name,
    status: row.status,
    sandbox: row.sandbox,
    rateLimitPerSecond: row.rate_limit_per_second,
    rateLimitBurst: row.rate_limit_burst,
    createdAt: row.created_at.toISOString(),
  };
}

function toUser(row: { id: string; developer_id: string; user_name: string; status: Status; created_at: Date }): User {
  return { userId: row.id, developId: row.developer_id, userName: row.user_name, status: row.status, createdAt: row.created_at.toISOString() };
}

export const identityRepo = {
  async countDevelopers(db: Executor): Promise<number> {
    const row = await db.selectFrom("developers").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertDeveloper(db: Executor, dev: { id: string; name: string; sandbox: boolean; at: Date }): Promise<Developer> {
    const row = await db
      .insertInto("developers")
      .values({ id: dev.id, name: dev.name, status: "ENABLED", sandbox: dev.sandbox, created_at: dev.at, updated_at: dev.at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDeveloper(row);
  },

  async insertKey(db: Executor, key: { developerId: string; accessKey: string; secretCiphertext: string; at: Date }): Promise<void> {
    await db
      .insertInto("access_keys")
      .values({ developer_id: key.developerId, access_key: key.accessKey, secret_ciphertext: key.secretCiphertext, created_at: key.at, rotated_at: key.at })
      .execute();
  },

  async replaceSecret(db: Executor, developerId: string, secretCiphertext: string, at: Date): Promise<string | undefined> {
    const row = await db
      .updateTable("access_keys")
      .set((eb) => ({ secret_ciphertext: secretCiphertext, secret_version: eb("secret_version", "+", 1), rotated_at: at }))
      .where("developer_id", "=", developerId)
      .returning("access_key")
      .executeTakeFirst();
    return row?.access_key;
  },

  /** The developer's key row under its lock (a reset that checks the current secret first). */
  async lockKeyOfDeveloper(trx: Executor, developerId: string) {
    return trx.selectFrom("access_keys").selectAll().where("developer_id", "=", developerId).forUpdate().executeTakeFirst();
  },

  async findKeyOfDeveloper(db: Executor, developerId: string) {
    return db.selectFrom("access_keys").selectAll().where("developer_id", "=", developerId).executeTakeFirst();
  },

  /** Developers with their access key's sealed secret, in one read (developers without a key are left out). */
  async findSigners(db: Executor, developerIds: string[]) {
    if (developerIds.length === 0) return [];
    return db
      .selectFrom("developers as d")
      .innerJoin("access_keys as k", "k.developer_id", "d.id")
      .select(["d.id", "d.sandbox", "k.secret_ciphertext"])
      .where("d.id", "in", developerIds)
      .execute();
  },

  async findDeveloper(db: Executor, developerId: string): Promise<Developer | undefined> {
    const row = await db.selectFrom("developers").selectAll().where("id", "=", developerId).executeTakeFirst();
    return row && toDeveloper(row);
  },

  async listDevelopers(db: Executor): Promise<Array<Developer & { accessKey: string | null; users: number }>> {
    const rows = await db
      .selectFrom("developers as d")
      .leftJoin("access_keys as k", "k.developer_id", "d.id")
      .select([
        "d.id",
        "d.name",
        "d.status",
        "d.sandbox",
        "d.rate_limit_per_second",
        "d.rate_limit_burst",
        "d.created_at",
        "k.access_key",
        (eb) => eb.selectFrom("users as u").whereRef("u.developer_id", "=", "d.id").select(eb.fn.countAll<string>().as("n")).as("users"),
      ])
      .orderBy("d.id")
      .execute();
    return rows.map((row) => ({ ...toDeveloper(row), accessKey: row.access_key, users: Number(row.users ?? 0) }));
  },

  async setDeveloperStatus(db: Executor, developerId: string, status: Status, at: Date): Promise<Developer | undefined> {
    const row = await db.updateTable("developers").set({ status, updated_at: at }).where("id", "=", developerId).returningAll().executeTakeFirst();
    return row && toDeveloper(row);
  },

  async setDeveloperRateLimit(db: Executor, developerId: string, perSecond: number | null, burst: number | null, at: Date) {
    const row = await db
      .updateTable("developers")
      .set({ rate_limit_per_second: perSecond, rate_limit_burst: burst, updated_at: at })
      .where("id", "=", developerId)
      .returningAll()
      .executeTakeFirst();
    return row && toDeveloper(row);
  },

  async insertUser(db: Executor, user: { developerId: string; userName: string; at: Date }): Promise<User> {
    const row = await db
      .insertInto("users")
      .values({ developer_id: user.developerId, user_name: user.userName, status: "ENABLED", created_at: user.at, updated_at: user.at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  },

  async findUser(db: Executor, userId: string): Promise<User | undefined> {
    const row = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
    return row && toUser(row);
  },

  async findUserByName(db: Executor, developerId: string, userName: string): Promise<User | undefined> {
    const row = await db.selectFrom("users").selectAll().where("developer_id", "=", developerId).where("user_name", "=", userName).executeTakeFirst();
    return row && toUser(row);
  },

  async listUsers(db: Executor, developerId: string): Promise<User[]> {
    const rows = await db.selectFrom("users").selectAll().where("developer_id", "=", developerId).orderBy("id").execute();
    return rows.map(toUser);
  },

  async setUserStatus(db: Executor, userId: string, status: Status, at: Date): Promise<User | undefined> {
    const row = await db.updateTable("users").set({ status, updated_at: at }).where("id", "=", userId).returningAll().executeTakeFirst();
    return row && toUser(row);
  },

  /** The request path's single lookup: key, developer and (when it is theirs) the named user. */
  async findKeyRecord(db: Executor, accessKey: string, userId: string | undefined): Promise<KeyRecord | undefined> {
    const row = await db
      .selectFrom("access_keys as k")
      .innerJoin("developers as d", "d.id", "k.developer_id")
      .leftJoin("users as u", (join) =>
        join.onRef("u.developer_id", "=", "k.developer_id").on("u.id", "=", userId ?? "0"),
      )
      .select([
        "k.developer_id",
        "k.access_key",
        "k.secret_ciphertext",
        "k.secret_version",
        "d.status as developer_status",
        "d.sandbox",
        "d.rate_limit_per_second",
        "d.rate_limit_burst",
        "u.id as user_id",
        "u.user_name",
        "u.status as user_status",
      ])
      .where("k.access_key", "=", accessKey)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      developerId: row.developer_id,
      developerStatus: row.developer_status,
      sandbox: row.sandbox,
      accessKey: row.access_key,
      secretCiphertext: row.secret_ciphertext,
      secretVersion: row.secret_version,
      rateLimitPerSecond: row.rate_limit_per_second,
      rateLimitBurst: row.rate_limit_burst,
      user: row.user_id && row.user_name && row.user_status ? { id: row.user_id, name: row.user_name, status: row.user_status } : undefined,
    };
  },

  /**
   * Records nonces unless still live; returns the pairs that were claimed (a pair missing from the
   * result is a replay). One statement for a whole batch, so two nodes racing on the same nonce
   * cannot both win: the primary key decides. The pairs must be distinct.
   */
  async claimNonces(
    prepared: DatabaseHandle["prepared"],
    claims: ReadonlyArray<{ accessKey: string; nonce: string }>,
    now: Date,
    expiresAt: Date,
  ): Promise<Set<string>> {
    const rows = await prepared<{ access_key: string; nonce: string }>(
      "openpon_claim_nonces",
      `insert into request_nonces (access_key, nonce, expires_at)
         select k, n, $3 from unnest($1::text[], $2::text[]) as t(k, n)
       on conflict (access_key, nonce) do update set expires_at = excluded.expires_at
         where request_nonces.expires_at <= $4
       returning access_key, nonce`,
      [claims.map((c) => c.accessKey), claims.map((c) => c.nonce), expiresAt, now],
    );
    return new Set(rows.map((r) => `${r.access_key}\u0000${r.nonce}`));
  },

  async purgeExpiredNonces(db: Executor, now: Date): Promise<number> {
    const result = await db.deleteFrom("request_nonces").where("expires_at", "<=", now).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0);
  },
};
