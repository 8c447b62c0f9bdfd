// A short-lived cache of key records and decrypted secrets for the request path. Entries are dropped
// at once on this node when a key is reset or a developer/user changes, on other nodes through a
// PostgreSQL NOTIFY (see service.ts), and in any case after ttlMs, which bounds staleness if a
// notification is ever lost.
import type { KeyRecord } from "./model.ts";

interface Entry {
  record: KeyRecord | undefined;
  expiresAt: number;
}

export class KeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #secrets = new Map<string, string>(); // ciphertext -> plaintext
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  get(accessKey: string, userId: string): KeyRecord | undefined | null {
    const entry = this.#entries.get(`${accessKey}\u0000${userId}`);
    if (!entry || entry.expiresAt < performance.now()) return null; // null = not cached
    return entry.record;
  }

  set(accessKey: string, userId: string, record: KeyRecord | undefined): void {
    if (this.#ttlMs <= 0) return;
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    this.#entries.set(`${accessKey}\u0000${userId}`, { record, expiresAt: performance.now() + this.#ttlMs });
  }

  secret(ciphertext: string, open: (sealed: string) => string): string {
    let plain = this.#secrets.get(ciphertext);
    if (plain === undefined) {
      if (this.#secrets.size >= this.#maxEntries) this.#secrets.clear();
      plain = open(ciphertext);
      this.#secrets.set(ciphertext, plain);
    }
    return plain;
  }

  /** Forget everything about one access key (reset, disable) or everything at all. */
  invalidate(accessKey?: string): void {
    if (accessKey === undefined) {
      this.#entries.clear();
      this.#secrets.clear();
      return;
    }
    const prefix = `${accessKey}\u0000`;
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}
