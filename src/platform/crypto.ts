// Secrets at rest: AES-256-GCM under one master key. The key comes from MASTER_KEY or is generated
// once into DATA_DIR/master.key (mode 0600). Losing it makes every stored Access Secret unreadable.
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = "v1";

export class SecretBox {
  readonly #key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error("master key must be 32 bytes");
    this.#key = key;
  }
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [FORMAT, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
  }
  open(sealed: string): string {
    const [format, iv, body, tag] = sealed.split(".");
    if (format !== FORMAT || !iv || body === undefined || !tag) throw new Error("unreadable sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }
}

function decodeKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) throw new Error("MASTER_KEY must be 32 bytes, as 64 hex characters or base64");
  return key;
}

/** Reads a secret file from dataDir, or creates it with `make()` (mode 0600) when missing. */
export function readOrCreateSecretFile(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const value = make();
  try {
    fs.writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
    return value;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}

export function loadMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return decodeKey(configured);
  return decodeKey(readOrCreateSecretFile(dataDir, "master.key", () => randomBytes(KEY_BYTES).toString("hex")));
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** Constant-time comparison of two strings (lengths may differ; the comparison time does not leak content). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
