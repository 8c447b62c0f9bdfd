// A short-lived cache of key records and decrypted secrets for the request path. Entries are dropped
// at once on this node when a key is reset or a developer/user changes, on other nodes through a
// PostgreSQL NOTIFY (see service.ts), and in any case after ttlMs, which bounds staleness if a
// notification is ever lost.
import { LRUCache } from "lru-cache";
import type { KeyRecord } from "./model.ts";

export class KeyCache {
  /** accessKey NUL userId -> the record, or { record: undefined } for "no such key" (lru-cache holds no undefined). */
  readonly #entries: LRUCache<string, { record: KeyRecord | undefined }> | undefined;
  readonly #secrets: LRUCache<string, string>; // ciphertext -> plaintext

  constructor(ttlMs: number, maxEntries = 10_000) {
    // ttl 0 means "never expires" to lru-cache; here it means "no cache".
    this.#entries = ttlMs > 0 ? new LRUCache({ max: maxEntries, ttl: ttlMs }) : undefined;
    this.#secrets = new LRUCache({ max: maxEntries });
  }

  get(accessKey: string, userId: string): KeyRecord | undefined | null {
    const entry = this.#entries?.get(`${accessKey}\u0000${userId}`);
    return entry ? entry.record : null; // null = not cached
  }

  set(accessKey: string, userId: string, record: KeyRecord | undefined): void {
    this.#entries?.set(`${accessKey}\u0000${userId}`, { record });
  }

  secret(ciphertext: string, open: (sealed: string) => string): string {
    let plain = this.#secrets.get(ciphertext);
    if (plain === undefined) {
      plain = open(ciphertext);
      this.#secrets.set(ciphertext, plain);
    }
    return plain;
  }

  /** Forget everything about one access key (reset, disable) or everything at all. */
  invalidate(accessKey?: string): void {
    if (accessKey === undefined) {
      this.#entries?.clear();
      this.#secrets.clear();
      return;
    }
    const prefix = `${accessKey}\u0000`;
    for (const key of [...(this.#entries?.keys() ?? [])]) if (key.startsWith(prefix)) this.#entries!.delete(key);
  }
}
