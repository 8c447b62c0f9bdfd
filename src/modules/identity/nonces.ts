// Replay protection (protocol.md §3.4): a (access-key, nonce-str) pair is accepted once per TTL.
// In Redis (SET NX EX) when REDIS_URL is set, otherwise in the database; both are shared by every
// node, so two nodes can never both accept the same nonce.
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/index.ts";
import type { Redis } from "../../platform/redis.ts";
import { identityRepo } from "./repo.ts";

export interface NonceStore {
  /** True the first time a pair is seen within the TTL; false for a replay. */
  claim(accessKey: string, nonce: string): Promise<boolean>;
  close(): Promise<void>;
}

export class DatabaseNonceStore implements NonceStore {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(db: Db, clock: Clock, ttlSeconds: number) {
    this.#db = db;
    this.#clock = clock;
    this.#ttlMs = ttlSeconds * 1000;
    this.#sweeper = setInterval(() => {
      identityRepo.purgeExpiredNonces(this.#db, new Date(this.#clock.now())).catch(() => {});
    }, 60_000);
    this.#sweeper.unref();
  }

  claim(accessKey: string, nonce: string): Promise<boolean> {
    const now = this.#clock.now();
    return identityRepo.claimNonce(this.#db, accessKey, nonce, new Date(now), new Date(now + this.#ttlMs));
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
