// 1688 message pushes ("消息推送"): verifying one and saying which orders it concerns.
//
// SEEN (bububa/go1688 message/message.go, research §B.1): an HTTP POST, form-encoded, with
// `message` (a JSON string {msgId, gmtBorn, data, userInfo, type, extraInfo}) and `_aop_signature`
// = upper-hex HMAC-SHA1(appSecret, "message" + message): the API signature with an empty path and
// the single parameter `message`.
// Topics and their data (SEEN): ORDER_BUYER_VIEW_* and the refund ones carry data.orderId (go1688
// message/order.go); LOGISTICS_BUYER_VIEW_TRACE carries data.OrderLogisticsTracingModel and
// LOGISTICS_MAIL_NO_CHANGE data.MailNoChangeModel, both with orderLogsItems[] {orderId,
// orderEntryId} (go1688 message/logistics.go); ORDER_BATCH_PAY carries data.batchPay[] {orderId,
// status} (a public mirror of open.1688.com's topic page topicDetail.htm?id=ORDER_BATCH_PAY).
// Ids are 19-digit numbers in the JSON: they are read from the message's own text, never through a
// JS number.
import { timingSafeEqual } from "node:crypto";
import { PushRefused, type UpstreamNotice } from "../live/live-connector.ts";
import { aopSignature } from "./aop.ts";

/** The signature of a push's message. */
export function aopPushSignature(appSecret: string, message: string): string {
  return aopSignature(appSecret, "", { message });
}

/** The form body the upstream posts (for the fake and tests). */
export function aopPushBody(appSecret: string, message: string): string {
  return new URLSearchParams({ message, _aop_signature: aopPushSignature(appSecret, message) }).toString();
}

/**
 * INFERRED: what 1688 wants back for a push it should not send again. Its documentation is not in
 * the corpora; an HTTP 200 is what push receivers in the wild answer, with a short text body.
 */
export const AOP_PUSH_ACK = { status: 200, contentType: "text/plain", body: "success" } as const;

/** Topics whose data names orders, and how. Others (products, …) are not followed: no notice. */
const ORDER_TOPIC = /^ORDER_BUYER_VIEW_|REFUND/;
const LOGISTICS_TOPICS = new Set(["LOGISTICS_BUYER_VIEW_TRACE", "LOGISTICS_MAIL_NO_CHANGE"]);

/** Numbers kept as their source text: ids (msgId, orderId, orderEntryId…) must not be rounded. */
function idsAsText(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  return typeof value === "number" && Number.isInteger(value) && context?.source ? context.source : value;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** Verifies a push body (throws PushRefused) and says which orders it concerns. */
export function readAopPush(appSecret: string, rawBody: Buffer): UpstreamNotice[] {
  const form = new URLSearchParams(rawBody.toString("utf8"));
  const message = form.get("message");
  const signature = form.get("_aop_signature");
  if (message === null || message === "") throw new PushRefused("no message in the push");
  if (signature === null || signature === "") throw new PushRefused("no _aop_signature in the push");
  const expected = Buffer.from(aopPushSignature(appSecret, message));
  const got = Buffer.from(signature.toUpperCase());
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) throw new PushRefused("bad _aop_signature");
  let parsed: Json;
  try {
    parsed = obj(JSON.parse(message, idsAsText));
  } catch {
    throw new PushRefused("the message is not JSON");
  }
  const topic = text(parsed.type);
  const messageId = text(parsed.msgId);
  if (topic === "" || messageId === "") throw new PushRefused("the message has no type or msgId");
  const data = obj(parsed.data);
  let ids: string[];
  if (topic === "ORDER_BATCH_PAY") ids = arr(data.batchPay).map((p) => text(obj(p).orderId));
  else if (LOGISTICS_TOPICS.has(topic)) {
    const model = obj(data.OrderLogisticsTracingModel ?? data.MailNoChangeModel);
    ids = arr(model.orderLogsItems).map((i) => text(obj(i).orderId));
  } else if (ORDER_TOPIC.test(topic)) ids = [text(data.orderId)];
  else ids = [];
  return [...new Set(ids.filter((id) => /^\d+$/.test(id)))].map((upstreamOrderId) => ({ messageId, upstreamOrderId, topic }));
}
