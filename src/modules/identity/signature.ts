// Request signatures (protocol.md §3). The formulas live in the SDK's signature module so that the
// server and its clients can never drift apart; the server adds the constant-time comparison.
import { constantTimeEqual } from "../../platform/crypto.ts";

export {
  canonicalQuery,
  computeCallbackSignature,
  computeHmacSignature,
  computeRequestSignature,
  hmacStringToSign,
  SIGNATURE_METHOD_HEADER,
  type HmacSigningInput,
  type SignatureMethod,
} from "@openpon/sdk/signature";

/** Case-insensitive, constant-time. */
export function signatureMatches(expected: string, given: string): boolean {
  return constantTimeEqual(expected.toUpperCase(), given.toUpperCase());
}
