// Receiving callbacks (protocol.md §7.5, §7.7): verify the Authorization header over the raw body.
import { timingSafeEqual } from "node:crypto";
import { computeCallbackSignature } from "./signature.ts";

/** True when `authorization` is hex(HMAC-SHA256(rawBody, accessSecret)), compared case-insensitively in constant time. */
export function verifyCallbackSignature(rawBody: string | Uint8Array, authorization: string | undefined | null, accessSecret: string): boolean {
  if (!authorization) return false;
  const expected = Buffer.from(computeCallbackSignature(rawBody, accessSecret), "utf8");
  const given = Buffer.from(authorization.trim().toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
