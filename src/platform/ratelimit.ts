// Token buckets per access key (protocol.md §6, 42901). In process by default; in Redis when
// REDIS_URL is set so that every node draws from the same bucket. Real time, never the test clock.
import { LRUCache } from "lru-cache";
import type { Redis } from "./redis.ts";

export interface BucketLimits {
  perSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Takes one token; false when the bucket is empty. */
  take(key: string, limits: BucketLimits): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  // Buckets idle until they would be full again are forgotten (a minute at least; slow buckets, such
  // as 5 attempts per 15 minutes, must be kept until they have refilled, as the Redis keys are).
  readonly #buckets = new LRUCache<string, { tokens: number; at: number }>({ max: 100_000, ttl: 60_000, updateAgeOnGet: true });

  async take(key: string, limits: BucketLimits): Promise<boolean> {
    const now = performance.now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limits.burst, at: now };
      this.#buckets.set(key, bucket, { ttl: Math.max(60_000, Math.ceil((limits.burst * 1000) / limits.perSecond) + 1000) });
    }
    bucket.tokens = Math.min(limits.burst, bucket.tokens + ((now - bucket.at) * limits.perSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  async close(): Promise<void> {}
}

// Refill by elapsed Redis server time (TIME), so nodes with skewed clocks agree.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return allowed
`;

export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  constructor(redis: Redis) {
    this.#redis = redis;
    redis.defineCommand("openponTakeToken", { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }
  async take(key: string, limits: BucketLimits): Promise<boolean> {
    const allowed = await (this.#redis as unknown as { openponTakeToken(k: string, r: number, b: number): Promise<number> }).openponTakeToken(
      `openpon:rl:${key}`,
      limits.perSecond,
      limits.burst,
    );
    return allowed === 1;
  }
  async close(): Promise<void> {}
}
