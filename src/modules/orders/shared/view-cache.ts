// Bytes of stored order views by (order id, version), least recently used out first, bounded in bytes.
export class ViewBytesCache {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, { version: number; bytes: Buffer }>();
  #size = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(id: string, version: number): Buffer | undefined {
    const entry = this.#entries.get(id);
    if (!entry || entry.version !== version) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.bytes;
  }

  set(id: string, version: number, bytes: Buffer): Buffer {
    const old = this.#entries.get(id);
    if (old) {
      this.#size -= old.bytes.length;
      this.#entries.delete(id);
    }
    this.#entries.set(id, { version, bytes });
    this.#size += bytes.length;
    while (this.#size > this.#maxBytes && this.#entries.size > 1) {
      const [oldest, entry] = this.#entries.entries().next().value!;
      this.#entries.delete(oldest);
      this.#size -= entry.bytes.length;
    }
    return bytes;
  }

  get sizeBytes(): number {
    return this.#size;
  }
}
