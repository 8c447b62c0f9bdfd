// The request and callback signature formulas (protocol.md §3, §7.5), shared by the SDK and the server.
import { createHash, createHmac } from "node:crypto";

export type SignatureMethod = "MD5" | "HMAC-SHA256";

/** Header that selects the signature method; absent = MD5 (DESIGNED openpon extension). */
export const SIGNATURE_METHOD_HEADER = "signature-method";

/** protocol.md §3.1: UPPER(hex(MD5(accessKey + timestamp + nonceStr + accessSecret))). */
export function computeRequestSignature(accessKey: string, timestamp: string, nonceStr: string | undefined, secret: string): string {
  return createHash("md5")
    .update(accessKey + timestamp + (nonceStr ?? "") + secret, "utf8")
    .digest("hex")
    .toUpperCase();
}

/** Query parameters sorted by name then value, percent-encoded, without the signature itself. */
export function canonicalQuery(search: string): string {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of new URLSearchParams(search)) if (key !== "sign" && key !== "signature") pairs.push([key, value]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

export interface HmacSigningInput {
  accessKey: string;
  timestamp: string;
  nonceStr: string | undefined;
  method: string;
  /** Path as sent, without the query string. */
  path: string;
  /** Raw query string without the leading "?". */
  query: string;
  /** Raw body as sent ("" when there is none). */
  body: string | Uint8Array;
}

/** The DESIGNED string to sign: seven lines joined by "\n". */
export function hmacStringToSign(input: HmacSigningInput): string {
  return [
    input.accessKey,
    input.timestamp,
    input.nonceStr ?? "",
    input.method.toUpperCase(),
    input.path,
    canonicalQuery(input.query),
    createHash("sha256").update(input.body).digest("hex"),
  ].join("\n");
}

/** hex(HMAC-SHA256(stringToSign, accessSecret)), lower case. */
export function computeHmacSignature(input: HmacSigningInput, secret: string): string {
  return createHmac("sha256", secret).update(hmacStringToSign(input), "utf8").digest("hex");
}

/** protocol.md §7.5: the callback Authorization header, hex(HMAC-SHA256(raw body, Access Secret)). */
export function computeCallbackSignature(rawBody: string | Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}
