// Upstream ids of sandbox purchases. A developer's n-th purchase on a platform gets a block of 100
// consecutive numbers: the purchase id and then its lines (Taobao's documented pairs such as
// 200048859479 / 200048859480). Blocks are an invertible affine permutation of n keyed by the
// sandbox seed, so ids look random, never repeat within a developer, and the same calls give the
// same ids on every installation (no snowflakes, no clock).
import { createHash } from "node:crypto";
import type { Platform } from "../../port.ts";

interface Layout {
  prefix: bigint;
  /** Number of blocks (a power of ten). */
  blocks: bigint;
}

// Taobao: 12 digits, 200000000000 + block·100 (block < 10^8). 1688: 19 digits, 25·10^17 + block·100.
const LAYOUT: Record<Platform, Layout> = {
  taobao: { prefix: 200_000_000_000n, blocks: 100_000_000n },
  alibaba: { prefix: 2_500_000_000_000_000_000n, blocks: 1_000_000_000_000_000n },
};

/** Lines per purchase: ids base+1 … base+99. */
export const MAX_LINES_PER_PURCHASE = 99;

export class PurchaseIds {
  readonly #a: Record<Platform, bigint>;
  readonly #b: Record<Platform, bigint>;

  constructor(seed: number) {
    const key = (platform: Platform, what: string) =>
      BigInt("0x" + createHash("sha256").update(`openpon-purchase:${seed}:${platform}:${what}`).digest("hex").slice(0, 15));
    // Odd and not a multiple of 5: coprime with every power of ten, so the map is a permutation.
    const coprime = (x: bigint) => {
      let odd = x | 1n;
      while (odd % 5n === 0n) odd += 2n;
      return odd;
    };
    this.#a = { taobao: coprime(key("taobao", "a")), alibaba: coprime(key("alibaba", "a")) };
    this.#b = { taobao: key("taobao", "b"), alibaba: key("alibaba", "b") };
  }

  /** The n-th purchase (n ≥ 1) of a developer on a platform: its id and the ids of its lines. */
  purchase(platform: Platform, n: number, lines: number): { orderId: string; lineIds: string[] } {
    if (lines < 1 || lines > MAX_LINES_PER_PURCHASE) throw new Error(`a purchase has 1 to ${MAX_LINES_PER_PURCHASE} lines`);
    const { prefix, blocks } = LAYOUT[platform];
    const a = this.#a[platform] % blocks;
    const block = (a * BigInt(n) + this.#b[platform]) % blocks;
    const base = prefix + block * 100n;
    return { orderId: base.toString(), lineIds: Array.from({ length: lines }, (_, k) => (base + BigInt(k + 1)).toString()) };
  }
}
