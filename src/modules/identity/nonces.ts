// Replay protection (protocol.md §3.4): a (access-key, nonce-str) pair is accepted once per TTL.
// In Redis (SET NX EX) when REDIS_URL is set, otherwise in the database; both are shared by every
// node, so two nodes can never both accept the same nonce.
import type { Clock } from "../../platform/clock.ts";
import type { DatabaseHandle, Db } from "../../platform/db/index.ts";
import { TickBatcher } from "../../platform/batch.ts";
import type { Redis } from "../../platform/redis.ts";
import { identityRepo } from "./repo.ts";

export interface NonceStore {
  /** True the first time a pair is seen within the TTL; false for a replay. */
  claim(accessKey: string, nonce: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Claims go to the database in batches: every claim made during one turn of the event loop is sent
 * as one statement, one round trip instead of one per request under load.
 */
export class DatabaseNonceStore implements NonceStore {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #sweeper: NodeJS.Timeout;
  readonly #batch: TickBatcher<{ accessKey: string; nonce: string }, boolean>;

  constructor(database: DatabaseHandle, clock: Clock, ttlSeconds: number) {
    this.#db = database.db;
    this.#clock = clock;
    this.#ttlMs = ttlSeconds * 1000;
    this.#batch = new TickBatcher(async (claims) => {
      // The same pair twice in one batch: the first one decides, the others are replays.
      const keys = claims.map((c) => `${c.accessKey}\u0000${c.nonce}`);
      const firstIndex = new Map<string, number>();
      keys.forEach((key, i) => firstIndex.has(key) || firstIndex.set(key, i));
      const distinct = [...firstIndex.values()].map((i) => claims[i]!);
      const now = this.#clock.now();
      const claimed = await identityRepo.claimNonces(database.prepared, distinct, new Date(now), new Date(now + this.#ttlMs));
      return keys.map((key, i) => firstIndex.get(key) === i && claimed.has(key));
    });
    this.#sweeper = setInterval(() => {
      identityRepo.purgeExpiredNonces(this.#db, new Date(this.#clock.now())).catch(() => {});
    }, 60_000);
    this.#sweeper.unref();
  }

  claim(accessKey: string, nonce: string): Promise<boolean> {
    return this.#batch.load({ accessKey, nonce });
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
  }
}

export class RedisNonceStore implements NonceStore {
  readonly #redis: Redis;
  readonly #ttlSeconds: number;
  constructor(redis: Redis, ttlSeconds: number) {
    this.#redis = redis;
    this.#ttlSeconds = ttlSeconds;
  }
  async claim(accessKey: string, nonce: string): Promise<boolean> {
    const result = await this.#redis.set(`openpon:nonce:${accessKey}:${nonce}`, "1", "EX", this.#ttlSeconds, "NX");
    return result === "OK";
  }
  async close(): Promise<void> {}
}
