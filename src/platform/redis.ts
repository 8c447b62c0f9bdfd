// The optional Redis connection (REDIS_URL) through which nodes share their nonce cache and rate limits.
import { Redis } from "ioredis";

export function connectRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 2000,
  });
}

export type { Redis };
