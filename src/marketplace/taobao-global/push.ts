// Inbound pushes of the Taobao Global distributor API: verification and what a push says.
//
// SEEN (Mlegbder/taobao-global `consts/message_type.go`, `utils/verify_util.go`): message types
// 3 = order status change, 8 = price change, 9 = reverse order / message sync; a push is verified
// as lower-hex HMAC-SHA256(appSecret, appKey + rawBody) compared with an "authorization" value.
// INFERRED: that value travels in the `Authorization` header.
//
// INFERRED body shape (no source shows one; it follows the Lazada push family the gateway belongs
// to): `{ message_type, seller_id?, timestamp, site?, message_id?, data: { purchase_id |
// purchase_order_id, order_status?, … } }`. Only the type and the purchase id are read: the
// platform reads the order itself afterwards, so nothing else of the body is trusted.
import { createHash } from "node:crypto";
import { PushRefused, type PushRequest, type UpstreamNotice } from "../live/live-connector.ts";
import { verifyPush } from "./sign.ts";

/** The message types the platform follows (SEEN values). */
export const FOLLOWED_TYPES = new Set(["3", "8", "9"]);

/** What the upstream expects back for an accepted push (INFERRED: the gateway's success envelope). */
export const PUSH_ACK = { status: 200, contentType: "application/json", body: '{"code":"0"}' } as const;

// Where the purchase id may sit (INFERRED names; purchase_id is the query's own name, SEEN).
const ORDER_ID_FIELDS = ["purchase_id", "purchase_order_id", "purchaseOrderId", "purchaseId", "order_id"] as const;
const MESSAGE_ID_FIELDS = ["message_id", "msg_id", "messageId", "id"] as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * JSON.parse that keeps every number as its source text: purchase ids are 64-bit integers and would
 * lose digits as doubles. Needs the reviver's `context.source` (V8, Node ≥ 21).
 */
export function parseKeepingNumbers(text: string): unknown {
  type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;
  const reviver: Reviver = (_key, value, context) => (typeof value === "number" && context?.source !== undefined ? context.source : value);
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

const idText = (v: unknown): string | undefined => (typeof v === "string" && /^\d{1,20}$/.test(v.trim()) ? v.trim() : undefined);

/** Verifies one push and says which purchase it concerns; throws PushRefused. */
export function readPush(push: PushRequest, appKey: string, appSecret: string): UpstreamNotice[] {
  const authorization = push.headers["authorization"];
  if (!authorization) throw new PushRefused("missing authorization header");
  const raw = push.rawBody.toString("utf8");
  if (!verifyPush(appKey, raw, appSecret, authorization)) throw new PushRefused("bad signature");
  let body: unknown;
  try {
    body = parseKeepingNumbers(raw);
  } catch {
    throw new PushRefused("body is not JSON");
  }
  if (!isObj(body)) throw new PushRefused("body is not a JSON object");
  const type = typeof body["message_type"] === "string" ? (body["message_type"] as string).trim() : "";
  if (!type) throw new PushRefused("no message_type");
  if (!FOLLOWED_TYPES.has(type)) return [];
  const data = isObj(body["data"]) ? body["data"] : {};
  let orderId: string | undefined;
  for (const f of ORDER_ID_FIELDS) orderId ??= idText(data[f]) ?? idText(body[f]);
  // A followed push naming no purchase cannot be acted on: refused, so the misfit shows in the log
  // (the poll still finds the change).
  if (!orderId) throw new PushRefused(`message_type ${type} without a purchase id`);
  let messageId: string | undefined;
  for (const f of MESSAGE_ID_FIELDS) {
    const v = body[f];
    if (messageId === undefined && typeof v === "string" && v) messageId = v;
  }
  // Without an id of its own, the body's digest names the message: a repeat gets the same name.
  messageId ??= `sha256:${createHash("sha256").update(push.rawBody).digest("hex").slice(0, 32)}`;
  return [{ messageId, upstreamOrderId: orderId, topic: type }];
}
