// Callbacks (protocol.md §7): the message envelope, its two signatures and how receivers check them.
// The server builds and signs its deliveries with these same functions, so the formulas exist once.
//   - Authorization: hex(HMAC-SHA256(raw body, Access Secret)) (protocol.md §7.5);
//   - Standard Webhooks (openpon addition): webhook-id, webhook-timestamp (epoch seconds) and
//     webhook-signature "v1,<base64(HMAC-SHA256(id.timestamp.body, key))>", where the key is the
//     base64 after "whsec_" of the developer's signing secret.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { computeCallbackSignature } from "./signature.ts";
import type { AlibabaOrderDetail, AlibabaOrderStatus, AlibabaRefundStatus } from "./alibaba.ts";
import type { AlibabaRefundInfo } from "./alibaba-refunds.ts";
import type { TaobaoRefundMessageBody } from "./taobao-refunds.ts";

/** The envelope fields of protocol.md §7.4. */
export interface CallbackMessage<B = unknown> {
  messageType: string;
  messageBody: B;
  messagePlatform: number;
  timestamp: string;
}

/** 1688 callbacks about orders (alibaba-1688.md §5.1, §5.2); `messagePlatform` 1. */
export const ALIBABA_ORDER_STATUS_MESSAGE = "1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY";
export const ALIBABA_ORDER_PRICE_MESSAGE = "1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY";

/** §5.2: the order detail after the change, plus the status before it (`null` on creation). The new status is `baseInfo.status`. */
export type AlibabaOrderStatusMessageBody = AlibabaOrderDetail & { previousStatus: AlibabaOrderStatus | null };

/** §5.1: the order detail after a seller's price or shipping change (status unchanged). */
export type AlibabaOrderPriceMessageBody = AlibabaOrderDetail;

/** 1688 refund callback (alibaba-1688.md §5.3); `messagePlatform` 1. */
export const ALIBABA_REFUND_MESSAGE = "1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND";

/** §5.3: the refund detail (§4.1) after the change, plus the status before it (`null` on creation). */
export type AlibabaRefundMessageBody = AlibabaRefundInfo & { previousStatus: AlibabaRefundStatus | null };

/** The 1688 order messages, discriminated by `messageType`. */
export type AlibabaOrderCallbackMessage =
  | (CallbackMessage<AlibabaOrderStatusMessageBody> & { messageType: typeof ALIBABA_ORDER_STATUS_MESSAGE })
  | (CallbackMessage<AlibabaOrderPriceMessageBody> & { messageType: typeof ALIBABA_ORDER_PRICE_MESSAGE })
  | (CallbackMessage<AlibabaRefundMessageBody> & { messageType: typeof ALIBABA_REFUND_MESSAGE });

/** The Taobao after-sales refund callback (taobao.md §5.3); `messagePlatform` 0. */
export const TAOBAO_REFUND_MESSAGE = "TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND";
export type TaobaoRefundCallbackMessage = CallbackMessage<TaobaoRefundMessageBody> & { messageType: typeof TAOBAO_REFUND_MESSAGE };

/**
 * The exact delivery body: `{"messageType","messageBody","messagePlatform","timestamp"}` with
 * messageBody as a JSON object (its stored JSON text, byte for byte) and timestamp as a string of
 * epoch milliseconds.
 */
export function callbackBody(messageType: string, messageBodyJson: string, messagePlatform: number, timestampMs: number): string {
  return `{"messageType":${JSON.stringify(messageType)},"messageBody":${messageBodyJson},"messagePlatform":${messagePlatform},"timestamp":"${timestampMs}"}`;
}

const keys = new Map<string, KeyObject>();

/** The HMAC key of a Standard Webhooks secret ("whsec_" + base64), as a KeyObject (HMAC with a raw Buffer key is several times slower). */
function webhookKey(signingSecret: string): KeyObject {
  let key = keys.get(signingSecret);
  if (!key) {
    key = createSecretKey(Buffer.from(signingSecret.startsWith("whsec_") ? signingSecret.slice(6) : signingSecret, "base64"));
    if (keys.size >= 1000) keys.clear();
    keys.set(signingSecret, key);
  }
  return key;
}

/** Standard Webhooks: "v1," + base64(HMAC-SHA256(`${id}.${timestamp}.${body}`, key)). */
export function computeStandardWebhookSignature(webhookId: string, timestampSeconds: number | string, rawBody: string | Uint8Array, signingSecret: string): string {
  const mac = createHmac("sha256", webhookKey(signingSecret));
  mac.update(`${webhookId}.${timestampSeconds}.`, "utf8");
  mac.update(rawBody);
  return `v1,${mac.digest("base64")}`;
}

export interface CallbackSigning {
  /** The 32-hex message id: X-Message-Id and webhook-id, the same on every attempt. */
  messageId: string;
  accessSecret: string;
  /** whsec_… (Standard Webhooks); without it only the PandaPon headers are sent. */
  signingSecret?: string | null | undefined;
  /** Epoch seconds for webhook-timestamp (real time: receivers compare it with their clock). */
  nowSeconds?: number;
}

/** Every header of a delivery (protocol.md §7.3 plus Standard Webhooks). */
export function callbackHeaders(rawBody: string, signing: CallbackSigning): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Authorization: computeCallbackSignature(rawBody, signing.accessSecret),
    "X-Message-Id": signing.messageId,
  };
  if (signing.signingSecret) {
    const ts = signing.nowSeconds ?? Math.floor(Date.now() / 1000);
    headers["webhook-id"] = signing.messageId;
    headers["webhook-timestamp"] = String(ts);
    headers["webhook-signature"] = computeStandardWebhookSignature(signing.messageId, ts, rawBody, signing.signingSecret);
  }
  return headers;
}

/** True when `authorization` is hex(HMAC-SHA256(rawBody, accessSecret)), compared case-insensitively in constant time. */
export function verifyCallbackSignature(rawBody: string | Uint8Array, authorization: string | undefined | null, accessSecret: string): boolean {
  if (!authorization) return false;
  const expected = Buffer.from(computeCallbackSignature(rawBody, accessSecret), "utf8");
  const given = Buffer.from(authorization.trim().toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Standard Webhooks check: one of the space-separated "v1,…" signatures matches and the timestamp is
 * within `toleranceSeconds` (default 300) of now.
 */
export function verifyStandardWebhook(
  rawBody: string | Uint8Array,
  headers: { "webhook-id"?: string | undefined; "webhook-timestamp"?: string | undefined; "webhook-signature"?: string | undefined },
  signingSecret: string,
  options: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  const id = headers["webhook-id"];
  const ts = headers["webhook-timestamp"];
  const given = headers["webhook-signature"];
  if (!id || !ts || !given || !/^\d+$/.test(ts)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(ts)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(computeStandardWebhookSignature(id, ts, rawBody, signingSecret), "utf8");
  return given.split(" ").some((candidate) => {
    const b = Buffer.from(candidate, "utf8");
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
}
