// A callback receiver for tests: a real HTTP server that records every delivery, checks both
// signatures (Authorization with the Access Secret, Standard Webhooks with the npm `standardwebhooks`
// package) and de-duplicates by X-Message-Id. Its answer is programmable per request.
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { verifyCallbackSignature } from "@openpon/sdk";

export interface Delivery {
  messageId: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received. */
  raw: string;
  body: { messageType: string; messageBody: unknown; messagePlatform: number; timestamp: string };
  receivedAt: number;
  /** Authorization = hex(HMAC-SHA256(raw, accessSecret)) — null when no secret was given. */
  authorizationValid: boolean | null;
  /** standardwebhooks' Webhook.verify accepted it — null when no signing secret was given. */
  webhookValid: boolean | null;
}

/** What to answer: an HTTP status, "hang" (never answer), "close" (drop the connection) or a redirect. */
export type Answer = number | "hang" | "close" | { redirect: string };

export interface TestReceiver {
  url: string;
  port: number;
  /** Every request, duplicates included, in arrival order. */
  deliveries: Delivery[];
  /** First delivery of each X-Message-Id. */
  unique: Map<string, Delivery>;
  /** Secrets to check signatures with (set after the developer and the endpoint exist). */
  secrets: { accessSecret?: string; signingSecret?: string };
  answer: (delivery: Delivery) => Answer;
  /** Delay before answering, ms. */
  delayMs: number;
  waitFor(predicate: (r: TestReceiver) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  waitForUnique(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(options: { answer?: (delivery: Delivery) => Answer; accessSecret?: string; signingSecret?: string; delayMs?: number } = {}): Promise<TestReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: TestReceiver = {
    url: "",
    port: 0,
    deliveries: [],
    unique: new Map(),
    secrets: { ...(options.accessSecret ? { accessSecret: options.accessSecret } : {}), ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}) },
    answer: options.answer ?? (() => 200),
    delayMs: options.delayMs ?? 0,
    async waitFor(predicate, timeoutMs = 10_000, what = "condition") {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver)) {
        if (Date.now() > deadline) throw new Error(`receiver: timed out waiting for ${what} (${receiver.unique.size} unique, ${receiver.deliveries.length} deliveries)`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    waitForUnique(count, timeoutMs = 10_000) {
      return receiver.waitFor((r) => r.unique.size >= count, timeoutMs, `${count} unique messages`);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: Delivery["body"];
      try {
        body = JSON.parse(raw);
      } catch {
        body = { messageType: "", messageBody: null, messagePlatform: -1, timestamp: "" };
      }
      const { accessSecret, signingSecret } = receiver.secrets;
      let webhookValid: boolean | null = null;
      if (signingSecret) {
        try {
          new Webhook(signingSecret).verify(raw, {
            "webhook-id": String(req.headers["webhook-id"] ?? ""),
            "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
            "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
          });
          webhookValid = true;
        } catch {
          webhookValid = false;
        }
      }
      const delivery: Delivery = {
        messageId: String(req.headers["x-message-id"] ?? ""),
        headers: req.headers,
        raw,
        body,
        receivedAt: Date.now(),
        authorizationValid: accessSecret ? verifyCallbackSignature(raw, req.headers.authorization, accessSecret) : null,
        webhookValid,
      };
      receiver.deliveries.push(delivery);
      if (!receiver.unique.has(delivery.messageId)) receiver.unique.set(delivery.messageId, delivery);
      const answer = receiver.answer(delivery);
      const send = () => {
        if (answer === "hang") {
          hanging.add(res);
          return;
        }
        if (answer === "close") {
          req.socket.destroy();
          return;
        }
        if (typeof answer === "object") {
          res.writeHead(302, { location: answer.redirect }).end();
          return;
        }
        res.writeHead(answer, { "content-type": "text/plain" }).end(answer === 200 ? "ok" : "no");
      };
      if (receiver.delayMs > 0) setTimeout(send, receiver.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.port = (server.address() as { port: number }).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}
