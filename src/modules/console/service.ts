// Who signs in to the console and how they stay signed in: named operator accounts holding roles
// (created by an admin or the CLI; passwords hashed with scrypt), and server-side sessions behind an
// HTTP-only SameSite=Strict cookie — the database keeps only the cookie value's hash, a session
// ends after an idle spell or an absolute lifetime, and "sign out everywhere" ends all of one
// person's sessions. Every change made with a session must carry its CSRF token.
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import { ApiError, Code, conflict, invalid, notFound } from "../../platform/http/errors.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import { constantTimeEqual } from "../../platform/crypto.ts";
import { DECOY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "../../platform/passwords.ts";
import type { RateLimiter } from "../../platform/ratelimit.ts";
import { isRole, type Role } from "./roles.ts";

export interface ConsoleDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  rateLimiter: RateLimiter;
  /** A session ends after this long without a request… */
  idleMs: number;
  /** …and in any case this long after sign-in. */
  lifetimeMs: number;
  /** Who developers are, for their sign-in with the access key and secret. */
  developers?: DeveloperDirectory;
}

/** A developer as the console's sign-in sees one (identity's data, read through app.ts). */
export interface ConsoleDeveloper {
  developId: string;
  name: string;
  sandbox: boolean;
  accessKey: string;
  enabled: boolean;
  /** When the access secret last changed: a session begun before it has ended. */
  keyRotatedAt: number;
  users: { userId: string; userName: string; enabled: boolean }[];
}

export interface DeveloperDirectory {
  /** The developer whose access key this is, when the secret matches (compared in constant time). */
  byKey(accessKey: string, accessSecret: string): Promise<ConsoleDeveloper | undefined>;
  byId(developId: string): Promise<ConsoleDeveloper | undefined>;
}

export interface OperatorView {
  id: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: number;
}

export interface OperatorSession {
  kind: "operator";
  operator: OperatorView;
  csrfToken: string;
  expiresAt: number;
}

export interface DeveloperSession {
  kind: "developer";
  developer: { developId: string; name: string; sandbox: boolean; accessKey: string };
  /** The developer's users (sub-accounts); requests act as `userId` unless they name another in user-id. */
  users: { userId: string; userName: string; enabled: boolean }[];
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

export type SessionView = OperatorSession | DeveloperSession;

/** Sign-in attempts: 5 per account and 20 per address, refilled over 15 minutes. */
const PER_ACCOUNT = { perSecond: 5 / 900, burst: 5 };
const PER_ADDRESS = { perSecond: 20 / 900, burst: 20 };
const NAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export class ConsoleAuth {
  readonly #deps: ConsoleDeps;

  constructor(deps: ConsoleDeps) {
    this.#deps = deps;
  }

  // -------------------------------------------------------------------------------------------
  // Operator accounts

  async createOperator(input: { name: string; password: string; roles: string[] }): Promise<OperatorView> {
    const name = checkName(input.name);
    const roles = checkRoles(input.roles);
    checkPassword(input.password);
    const id = this.#deps.ids.next();
    const hash = await hashPassword(input.password);
    const inserted = await this.#deps.db
      .insertInto("operators")
      .values({ id, name, password_hash: hash, roles: JSON.stringify(roles) })
      .onConflict((oc) => oc.column("name").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw conflict(`name: an operator named ${name} exists`);
    return view(inserted);
  }

  async operators(): Promise<OperatorView[]> {
    return (await this.#deps.db.selectFrom("operators").selectAll().orderBy("name").execute()).map(view);
  }

  /** Changes roles, the password or the disabled flag; a new password or a disable ends the operator's sessions. */
  async updateOperator(name: string, change: { roles?: string[]; password?: string; disabled?: boolean }): Promise<OperatorView> {
    if (change.roles === undefined && change.password === undefined && change.disabled === undefined) {
      throw invalid("nothing to change: give roles, password or disabled");
    }
    const roles = change.roles === undefined ? undefined : checkRoles(change.roles);
    if (change.password !== undefined) checkPassword(change.password);
    const hash = change.password === undefined ? undefined : await hashPassword(change.password);
    return this.#deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable("operators")
        .set({
          ...(roles ? { roles: JSON.stringify(roles) } : {}),
          ...(hash ? { password_hash: hash, password_changed_at: new Date(this.#deps.clock.now()) } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        })
        .where("name", "=", name)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(`operator ${name}`);
      if (hash || change.disabled === true) await this.#endAll(trx, "operator", row.id);
      return view(row);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  /**
   * Signs an operator in: the session's cookie value (to set, never shown again) and its view.
   * Attempts are rate-limited per account and per address (42901); a wrong name or password is one
   * answer (40101), in the same time.
   */
  async signIn(name: string, password: string, address: string): Promise<{ token: string; session: SessionView }> {
    const limiter = this.#deps.rateLimiter;
    if (!(await limiter.take(`console-login:${name.toLowerCase()}`, PER_ACCOUNT)) || !(await limiter.take(`console-login-ip:${address}`, PER_ADDRESS))) {
      throw new ApiError(Code.RATE_LIMITED, "too many sign-in attempts: wait a few minutes");
    }
    const row = await this.#deps.db.selectFrom("operators").selectAll().where("name", "=", name.toLowerCase()).executeTakeFirst();
    const matches = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    if (!row || !matches || row.disabled) throw new ApiError(Code.UNKNOWN_ACCESS_KEY, "wrong name or password, or the account is disabled");
    const { token, csrf, expiresAt } = await this.#open("operator", row.id);
    return { token, session: { kind: "operator", operator: view(row), csrfToken: csrf, expiresAt } };
  }

  /**
   * Signs a developer in with the access key and secret: as for operators, limited per key and per
   * address, one answer for every failure (40101). Resetting the secret ends these sessions.
   */
  async signInDeveloper(accessKey: string, accessSecret: string, address: string): Promise<{ token: string; session: DeveloperSession }> {
    const directory = this.#directory();
    const limiter = this.#deps.rateLimiter;
    if (!(await limiter.take(`console-login:key:${accessKey.slice(0, 64)}`, PER_ACCOUNT)) || !(await limiter.take(`console-login-ip:${address}`, PER_ADDRESS))) {
      throw new ApiError(Code.RATE_LIMITED, "too many sign-in attempts: wait a few minutes");
    }
    const developer = await directory.byKey(accessKey, accessSecret);
    const firstUser = developer?.users.find((u) => u.enabled);
    if (!developer || !developer.enabled) throw new ApiError(Code.UNKNOWN_ACCESS_KEY, "wrong access key or secret, or the developer is disabled");
    if (!firstUser) throw new ApiError(Code.FORBIDDEN_USER, "the developer has no enabled user-id to act as");
    const { token, csrf, expiresAt } = await this.#open("developer", developer.developId);
    return { token, session: developerView(developer, firstUser.userId, csrf, expiresAt) };
  }

  #directory(): DeveloperDirectory {
    if (!this.#deps.developers) throw new ApiError(Code.STATE_CONFLICT, "developer sign-in is not available on this node");
    return this.#deps.developers;
  }

  async #open(kind: "operator" | "developer", subjectId: string): Promise<{ token: string; csrf: string; expiresAt: number }> {
    const token = randomBytes(32).toString("base64url");
    const csrf = randomBytes(24).toString("base64url");
    const now = this.#deps.clock.now();
    const expiresAt = now + this.#deps.lifetimeMs;
    // The person's ended sessions go now (no other sweep is needed: each person's are few).
    await this.#deps.db
      .deleteFrom("console_sessions")
      .where("kind", "=", kind)
      .where("subject_id", "=", subjectId)
      .where((eb) => eb.or([eb("expires_at", "<=", new Date(now)), eb("last_seen_at", "<=", new Date(now - this.#deps.idleMs))]))
      .execute();
    await this.#deps.db
      .insertInto("console_sessions")
      .values({ token_hash: tokenHash(token), kind, subject_id: subjectId, csrf_token: csrf, created_at: new Date(now), last_seen_at: new Date(now), expires_at: new Date(expiresAt) })
      .execute();
    return { token, csrf, expiresAt };
  }

  /** The live session behind a cookie value (its idle clock restarted), or undefined when there is none. */
  async session(token: string): Promise<SessionView | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.#deps.clock.now();
    const row = await this.#deps.db
      .updateTable("console_sessions")
      .set({ last_seen_at: new Date(now) })
      .where("token_hash", "=", tokenHash(token))
      .where("expires_at", ">", new Date(now))
      .where("last_seen_at", ">", new Date(now - this.#deps.idleMs))
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.kind === "developer") {
      const developer = await this.#deps.developers?.byId(row.subject_id);
      const firstUser = developer?.users.find((u) => u.enabled);
      if (!developer || !developer.enabled || !firstUser || developer.keyRotatedAt > row.created_at.getTime()) return undefined;
      return developerView(developer, firstUser.userId, row.csrf_token, row.expires_at.getTime());
    }
    if (row.kind !== "operator") return undefined;
    const operator = await this.#deps.db.selectFrom("operators").selectAll().where("id", "=", row.subject_id).executeTakeFirst();
    if (!operator || operator.disabled) return undefined;
    return { kind: "operator", operator: view(operator), csrfToken: row.csrf_token, expiresAt: row.expires_at.getTime() };
  }

  /** Whether `given` is the session's CSRF token (constant time). */
  csrfMatches(session: SessionView, given: string | undefined): boolean {
    return given !== undefined && given !== "" && constantTimeEqual(given, session.csrfToken);
  }

  async signOut(token: string): Promise<void> {
    await this.#deps.db.deleteFrom("console_sessions").where("token_hash", "=", tokenHash(token)).execute();
  }

  /** Ends every session of the session's operator or developer (other browsers included). */
  async signOutEverywhere(session: SessionView): Promise<number> {
    return session.kind === "operator"
      ? this.#endAll(this.#deps.db, "operator", session.operator.id)
      : this.#endAll(this.#deps.db, "developer", session.developer.developId);
  }

  async #endAll(db: Db, kind: "operator" | "developer", subjectId: string): Promise<number> {
    const result = await db.deleteFrom("console_sessions").where("kind", "=", kind).where("subject_id", "=", subjectId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function developerView(developer: ConsoleDeveloper, userId: string, csrfToken: string, expiresAt: number): DeveloperSession {
  const { developId, name, sandbox, accessKey } = developer;
  return { kind: "developer", developer: { developId, name, sandbox, accessKey }, users: developer.users, userId, csrfToken, expiresAt };
}

function view(row: { id: string; name: string; roles: string; disabled: boolean; created_at: Date }): OperatorView {
  return { id: row.id, name: row.name, roles: JSON.parse(row.roles) as Role[], disabled: row.disabled, createdAt: row.created_at.getTime() };
}

function checkName(name: string): string {
  const lower = name.toLowerCase();
  if (!NAME.test(lower)) throw invalid("name: 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit");
  return lower;
}

function checkRoles(roles: string[]): Role[] {
  if (roles.length === 0) throw invalid("roles: at least one of admin, finance, warehouse, support");
  const bad = roles.find((r) => !isRole(r));
  if (bad !== undefined) throw invalid(`roles: ${bad} is not a role (admin, finance, warehouse, support)`);
  return [...new Set(roles as Role[])];
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 200) throw invalid("password: at most 200 characters");
}
