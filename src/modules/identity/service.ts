// Identity use cases: onboarding developers and users, key management, and the request check.
import { sql } from "kysely";
import type { Clock } from "../../platform/clock.ts";
import { constantTimeEqual, randomHex, type SecretBox } from "../../platform/crypto.ts";
import { isUniqueViolation, type Db } from "../../platform/db/index.ts";
import { ApiError, Code, invalid, notFound } from "../../platform/http/errors.ts";
import { isInt8Id, type IdGenerator } from "../../platform/ids.ts";
import { KeyCache } from "./key-cache.ts";
import type { Credentials, Developer, KeyRecord, Status, User } from "./model.ts";
import { USER_ID_PATTERN } from "./model.ts";
import { identityRepo } from "./repo.ts";

/** PostgreSQL channel on which nodes tell each other to drop cached key records. */
export const IDENTITY_CHANNEL = "openpon_identity";
const ALL_KEYS = "*";

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretBox;
  /** How long the request path may reuse a key lookup; 0 disables the cache. */
  cacheTtlMs?: number;
  /** Runs inside the transaction that creates a developer (the wallet opens its account there). */
  onDeveloperCreated?: (trx: Db, developer: Developer) => Promise<void>;
}

export interface NewDeveloper {
  developer: Developer;
  credentials: Credentials;
  user: User | undefined;
}

const USER_NAME = /^[\p{L}\p{N}_.@-]{1,64}$/u;

function checkUserName(userName: string): string {
  const name = userName.trim();
  if (!USER_NAME.test(name)) throw invalid("userName must be 1 to 64 letters, digits or _ . @ -");
  return name;
}

export class IdentityService {
  readonly #deps: IdentityDeps;
  readonly cache: KeyCache;

  constructor(deps: IdentityDeps) {
    this.#deps = deps;
    this.cache = new KeyCache(deps.cacheTtlMs ?? 2000);
  }

  #now(): Date {
    return new Date(this.#deps.clock.now());
  }

  /** Drops cached records here and, after commit, on every other node listening on the channel. */
  async #announce(trx: Db, accessKey: string | undefined): Promise<void> {
    await sql`select pg_notify(${IDENTITY_CHANNEL}, ${accessKey ?? ALL_KEYS})`.execute(trx);
  }

  /** Called by the cross-node listener. */
  onRemoteChange(payload: string): void {
    this.cache.invalidate(payload === ALL_KEYS ? undefined : payload);
  }

  async createDeveloper(input: { name: string; sandbox?: boolean; userName?: string }): Promise<NewDeveloper> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw invalid("name must be 1 to 100 characters");
    const userName = input.userName === undefined ? undefined : checkUserName(input.userName);
    const at = this.#now();
    const accessKey = randomHex(16);
    const accessSecret = randomHex(16);
    const result = await this.#deps.db.transaction().execute(async (trx) => {
      const developer = await identityRepo.insertDeveloper(trx, { id: this.#deps.ids.next(), name, sandbox: input.sandbox ?? true, at });
      await identityRepo.insertKey(trx, {
        developerId: developer.developId,
        accessKey,
        secretCiphertext: this.#deps.secrets.seal(accessSecret),
        at,
      });
      const user = userName ? await identityRepo.insertUser(trx, { developerId: developer.developId, userName, at }) : undefined;
      await this.#deps.onDeveloperCreated?.(trx, developer);
      return { developer, user };
    });
    return { ...result, credentials: { developId: result.developer.developId, accessKey, accessSecret } };
  }

  /**
   * First start: when the database has no developer, create the sandbox developer with one user.
   * Serialised by an advisory lock so two nodes starting together create exactly one.
   */
  async bootstrapSandbox(): Promise<(NewDeveloper & { user: User }) | undefined> {
    const lockKey = 7_242_011_002;
    return this.#deps.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${lockKey})`.execute(conn);
      try {
        if ((await identityRepo.countDevelopers(conn)) > 0) return undefined;
        const created = await new IdentityService({ ...this.#deps, db: conn }).createDeveloper({
          name: "sandbox",
          sandbox: true,
          userName: "sandbox-user",
        });
        return created as NewDeveloper & { user: User };
      } finally {
        await sql`select pg_advisory_unlock(${lockKey})`.execute(conn);
      }
    });
  }

  listDevelopers() {
    return identityRepo.listDevelopers(this.#deps.db);
  }

  /** `db` lets a caller read inside its own transaction (PGlite has a single connection). */
  async getDeveloper(developId: string, db: Db = this.#deps.db): Promise<Developer> {
    const developer = isInt8Id(developId) ? await identityRepo.findDeveloper(db, developId) : undefined;
    if (!developer) throw notFound(`developer ${developId}`);
    return developer;
  }

  async setDeveloperStatus(developId: string, status: Status): Promise<Developer> {
    await this.getDeveloper(developId);
    return this.#deps.db.transaction().execute(async (trx) => {
      const developer = await identityRepo.setDeveloperStatus(trx, developId, status, this.#now());
      const key = await identityRepo.findKeyOfDeveloper(trx, developId);
      await this.#announce(trx, key?.access_key);
      this.cache.invalidate(key?.access_key);
      return developer!;
    });
  }

  async setRateLimit(developId: string, perSecond: number | null, burst: number | null): Promise<Developer> {
    await this.getDeveloper(developId);
    return this.#deps.db.transaction().execute(async (trx) => {
      const developer = await identityRepo.setDeveloperRateLimit(trx, developId, perSecond, burst, this.#now());
      const key = await identityRepo.findKeyOfDeveloper(trx, developId);
      await this.#announce(trx, key?.access_key);
      this.cache.invalidate(key?.access_key);
      return developer!;
    });
  }

  async addUser(developId: string, userName: string): Promise<User> {
    const name = checkUserName(userName);
    await this.getDeveloper(developId);
    if (await identityRepo.findUserByName(this.#deps.db, developId, name)) {
      throw new ApiError(Code.STATE_CONFLICT, `user ${name} already exists for developer ${developId}`);
    }
    try {
      return await this.#deps.db.transaction().execute(async (trx) => {
        const user = await identityRepo.insertUser(trx, { developerId: developId, userName: name, at: this.#now() });
        const key = await identityRepo.findKeyOfDeveloper(trx, developId);
        await this.#announce(trx, key?.access_key);
        this.cache.invalidate(key?.access_key);
        return user;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(Code.STATE_CONFLICT, `user ${name} already exists for developer ${developId}`);
      throw err;
    }
  }

  async listUsers(developId: string): Promise<User[]> {
    await this.getDeveloper(developId);
    return identityRepo.listUsers(this.#deps.db, developId);
  }

  async getUser(userId: string): Promise<User> {
    const user = USER_ID_PATTERN.test(userId) ? await identityRepo.findUser(this.#deps.db, userId) : undefined;
    if (!user) throw notFound(`user ${userId}`);
    return user;
  }

  async setUserStatus(userId: string, status: Status): Promise<User> {
    const existing = await this.getUser(userId);
    return this.#deps.db.transaction().execute(async (trx) => {
      const user = await identityRepo.setUserStatus(trx, userId, status, this.#now());
      const key = await identityRepo.findKeyOfDeveloper(trx, existing.developId);
      await this.#announce(trx, key?.access_key);
      this.cache.invalidate(key?.access_key);
      return user!;
    });
  }

  /** The Access Key, and the Secret only when asked for (protocol.md §8: shown on demand). */
  async showKey(developId: string, reveal: boolean): Promise<{ developId: string; accessKey: string; accessSecret: string | null; rotatedAt: string }> {
    await this.getDeveloper(developId);
    const key = await identityRepo.findKeyOfDeveloper(this.#deps.db, developId);
    if (!key) throw notFound(`access key of developer ${developId}`);
    return {
      developId,
      accessKey: key.access_key,
      accessSecret: reveal ? this.#deps.secrets.open(key.secret_ciphertext) : null,
      rotatedAt: key.rotated_at.toISOString(),
    };
  }

  /**
   * A new Secret; the old one stops working at once (protocol.md §8). With `currentSecret` (the
   * developer re-authenticating), only when it is the current one, compared in constant time under
   * the key's lock: two resets proving the same secret cannot both win.
   */
  async resetSecret(developId: string, currentSecret?: string): Promise<Credentials> {
    await this.getDeveloper(developId);
    const accessSecret = randomHex(16);
    const accessKey = await this.#deps.db.transaction().execute(async (trx) => {
      if (currentSecret !== undefined) {
        const held = await identityRepo.lockKeyOfDeveloper(trx, developId);
        if (!held) throw notFound(`access key of developer ${developId}`);
        if (!constantTimeEqual(this.#deps.secrets.open(held.secret_ciphertext), currentSecret)) {
          throw new ApiError(Code.BAD_SIGNATURE, "currentSecret is not the current access secret");
        }
      }
      const key = await identityRepo.replaceSecret(trx, developId, this.#deps.secrets.seal(accessSecret), this.#now());
      if (!key) throw notFound(`access key of developer ${developId}`);
      await this.#announce(trx, key);
      return key;
    });
    this.cache.invalidate(accessKey);
    return { developId, accessKey, accessSecret };
  }

  /** The request path's lookup, cached briefly. userId is only looked up when well-formed. */
  async findKeyRecord(accessKey: string, userId: string): Promise<KeyRecord | undefined> {
    const cached = this.cache.get(accessKey, userId);
    if (cached !== null) return cached;
    const record = await identityRepo.findKeyRecord(this.#deps.db, accessKey, USER_ID_PATTERN.test(userId) ? userId : undefined);
    this.cache.set(accessKey, userId, record);
    return record;
  }

  secretOf(record: KeyRecord): string {
    return this.cache.secret(record.secretCiphertext, (sealed) => this.#deps.secrets.open(sealed));
  }

  /** The current Access Secret of a developer (callback signing); `db` as for getDeveloper. */
  /**
   * What signs messages to these developers (sandbox or not, the current access secret), in one read.
   * Unknown developers and developers without a key are absent from the answer.
   */
  async signers(developIds: string[], db: Db = this.#deps.db): Promise<Map<string, { sandbox: boolean; accessSecret: string }>> {
    const rows = await identityRepo.findSigners(db, developIds.filter(isInt8Id));
    const open = (sealed: string) => this.#deps.secrets.open(sealed);
    return new Map(rows.map((row) => [row.id, { sandbox: row.sandbox, accessSecret: this.cache.secret(row.secret_ciphertext, open) }]));
  }

  async currentSecret(developId: string, db: Db = this.#deps.db): Promise<string> {
    const key = await identityRepo.findKeyOfDeveloper(db, developId);
    if (!key) throw notFound(`access key of developer ${developId}`);
    return this.cache.secret(key.secret_ciphertext, (sealed) => this.#deps.secrets.open(sealed));
  }
}
