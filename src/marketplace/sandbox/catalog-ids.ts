// Identifiers of the sandbox catalogue. Every id is computed from (seed, platform, item index) and can
// be turned back into the index without a lookup table, so a 1,000,000-item catalogue needs no id
// maps in memory: opaque ids are one AES block (22 base64url characters, like the real ones),
// numeric ids are an invertible affine permutation of the index.
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import type { Platform } from "../port.ts";

const OPAQUE = /^[A-Za-z0-9_-]{22}$/;

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** i -> prefix + ((a·i + b) mod 10^digits), zero-padded; invertible for i < 10^digits. */
class AffineId {
  readonly #prefix: bigint;
  readonly #modulus: bigint;
  readonly #a: bigint;
  readonly #b: bigint;
  readonly #aInverse: bigint;
  readonly #digits: number;

  constructor(prefix: string, digits: number, a: bigint, b: bigint) {
    this.#digits = digits;
    this.#modulus = 10n ** BigInt(digits);
    this.#prefix = BigInt(prefix) * this.#modulus;
    this.#a = a;
    this.#b = b % this.#modulus;
    this.#aInverse = modInverse(a, this.#modulus);
  }

  encode(i: number): string {
    return (this.#prefix + ((this.#a * BigInt(i) + this.#b) % this.#modulus)).toString();
  }

  /** The index, or undefined when the text is not an id of this kind. */
  decode(text: string): number | undefined {
    if (!/^\d+$/.test(text) || text.length !== String(this.#prefix).length) return undefined;
    const value = BigInt(text);
    if (value < this.#prefix || value >= this.#prefix + this.#modulus) return undefined;
    const x = value - this.#prefix;
    const i = (((x - this.#b) % this.#modulus) + this.#modulus) % this.#modulus;
    return Number((i * this.#aInverse) % this.#modulus);
  }

  get digits(): number {
    return this.#digits;
  }
}

/** Large odd multipliers not divisible by 5: coprime with every power of ten. */
const MULTIPLIERS = [7_919_000_003n, 104_729_000_011n, 1_299_709_000_013n, 15_485_863_000_017n];

export class CatalogIds {
  readonly #key: Buffer;
  readonly #tag: number;
  readonly #numeric: AffineId;
  readonly #mp: AffineId;
  readonly #sku: AffineId;
  readonly #shopNumeric: AffineId;

  constructor(seed: number, platform: Platform) {
    this.#key = createHash("sha256").update(`openpon-sandbox-ids:${seed}`).digest().subarray(0, 16);
    this.#tag = platform === "taobao" ? 0x54 : 0x41;
    const salt = BigInt(seed >>> 0) * 7_777n + (platform === "taobao" ? 11n : 97n);
    if (platform === "taobao") {
      this.#numeric = new AffineId("6", 11, MULTIPLIERS[0]!, salt * 3n); // 12 digits, e.g. 672991141190
      this.#mp = new AffineId("2048", 12, MULTIPLIERS[1]!, salt * 5n); // 16 digits, e.g. 2048057995392326
    } else {
      this.#numeric = new AffineId("7", 11, MULTIPLIERS[0]!, salt * 3n); // productID, e.g. 743470146022
      this.#mp = this.#numeric;
    }
    this.#sku = new AffineId(platform === "taobao" ? "5" : "4", 12, MULTIPLIERS[2]!, salt * 7n); // 13 digits
    this.#shopNumeric = new AffineId("2", 8, MULTIPLIERS[3]!, salt * 13n); // 9 digits, e.g. 268763467
  }

  #seal(kind: number, index: number): string {
    const block = Buffer.alloc(16);
    block.writeUInt8(this.#tag, 0);
    block.writeUInt8(kind, 1);
    block.writeUInt32BE(index, 2);
    const cipher = createCipheriv("aes-128-ecb", this.#key, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]).toString("base64url");
  }

  #open(kind: number, text: string): number | undefined {
    if (!OPAQUE.test(text)) return undefined;
    const bytes = Buffer.from(text, "base64url");
    if (bytes.length !== 16) return undefined;
    const decipher = createDecipheriv("aes-128-ecb", this.#key, null).setAutoPadding(false);
    const block = Buffer.concat([decipher.update(bytes), decipher.final()]);
    if (block.readUInt8(0) !== this.#tag || block.readUInt8(1) !== kind || block.readUInt16BE(6) !== 0) return undefined;
    for (let k = 8; k < 16; k++) if (block[k] !== 0) return undefined;
    return block.readUInt32BE(2);
  }

  /** Opaque product id: Taobao itemMapId / 1688 offerMapId. */
  productId(i: number): string {
    return this.#seal(1, i);
  }
  /** Numeric product id: Taobao item id / 1688 productID. */
  numericId(i: number): string {
    return this.#numeric.encode(i);
  }
  /** Taobao distribution id (mpId); 1688: the productID. */
  mpId(i: number): string {
    return this.#mp.encode(i);
  }
  /** SKU k (< 64) of item i. */
  skuId(i: number, k: number): string {
    return this.#sku.encode(i * 64 + k);
  }
  /** 1688 specId: 32 lower-case hex. */
  specId(i: number, k: number): string {
    return createHash("md5").update(`${this.#key.toString("hex")}:${i}:${k}`).digest("hex");
  }
  shopId(s: number): string {
    return this.#shopNumeric.encode(s);
  }
  /** 1688 opaque seller id, e.g. BBBgGWh2O6JFI6v1aQuZVgRIA (25 characters). */
  sellerOpenId(s: number): string {
    return `BBB${this.#seal(2, s)}`;
  }

  /** Product index from any of its ids (opaque, numeric, mpId), or undefined. */
  productIndex(id: string): number | undefined {
    return this.#open(1, id) ?? this.#numeric.decode(id) ?? this.#mp.decode(id);
  }
  /** [item, k] from a SKU id. */
  skuIndex(id: string): [number, number] | undefined {
    const n = this.#sku.decode(id);
    return n === undefined ? undefined : [Math.floor(n / 64), n % 64];
  }
  shopIndex(id: string): number | undefined {
    if (id.startsWith("BBB")) return this.#open(2, id.slice(3));
    return this.#shopNumeric.decode(id);
  }
}
