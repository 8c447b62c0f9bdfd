// Request signing for the Taobao Global distributor API ("Panama", open.taobao.global). It is the
// Lazada Open Platform gateway's scheme (same family, same system parameters):
//
//   sign = UPPER_HEX( HMAC-SHA256( appSecret, UTF-8( apiPath + k1 + v1 + k2 + v2 + … ) ) )
//
// - every request parameter takes part (system ones — app_key, timestamp, sign_method,
//   access_token — and business ones), except `sign` itself;
// - keys are sorted by plain code-unit order (Java's String sort, Go's `<`), not by locale: so
//   `purchaseOrderIdList` < `purchase_id` ('O' 0x4F < '_' 0x5F) and `foo_bar` < `foobar`;
// - values are the raw strings sent (objects/lists are sent as JSON strings), never URL-encoded;
// - the API path (e.g. `/purchase/order/create`, with its leading slash, without `/rest`) is put
//   in front of the pairs.
//
// Sources: Lazada "Signature algorithm" and "HTTP request sample" (open.alitrip.com docs
// articleId=108068 and 108069, treeId=499), Mlegbder/taobao-global `utils/verify_util.go`.
// Empty values: Lazada's Java sample skips a pair whose value is empty, the Go SDK keeps the key;
// we skip it like the official sample, and the client never sends empty values, so both agree.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGN_METHOD = "sha256";

/** The string the HMAC runs over: the API path, then the sorted key+value pairs. */
export function stringToSign(apiPath: string, params: Readonly<Record<string, string>>): string {
  const keys = Object.keys(params)
    .filter((k) => k !== "sign" && params[k] !== undefined && params[k] !== "")
    .sort(); // default sort = UTF-16 code-unit order, which is ASCII order for ASCII keys
  let s = apiPath;
  for (const k of keys) s += k + params[k];
  return s;
}

export function signRequest(apiPath: string, params: Readonly<Record<string, string>>, appSecret: string): string {
  return createHmac("sha256", appSecret).update(stringToSign(apiPath, params), "utf8").digest("hex").toUpperCase();
}

/** Constant-time check of a received `sign` (the fake's gateway and any inbound verification). */
export function verifyRequest(apiPath: string, params: Readonly<Record<string, string>>, appSecret: string): boolean {
  const given = params["sign"];
  if (!given) return false;
  const want = Buffer.from(signRequest(apiPath, params, appSecret));
  const got = Buffer.from(given.toUpperCase());
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Push-message signature (message_type 3/8/9): lower-case hex HMAC-SHA256(appSecret, appKey +
 * rawBody), per the Go SDK's `VerifySignature`. Where the upstream sends it (INFERRED: the
 * `Authorization` header) is not documented in what we read.
 */
export function signPush(appKey: string, rawBody: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(appKey + rawBody, "utf8").digest("hex");
}

export function verifyPush(appKey: string, rawBody: string, appSecret: string, authorization: string): boolean {
  const want = Buffer.from(signPush(appKey, rawBody, appSecret));
  const got = Buffer.from(authorization.trim().toLowerCase());
  return got.length === want.length && timingSafeEqual(got, want);
}
