// `openpon callback …` (operator commands over the /admin API, like every admin command) and
// `openpon listen` (as the developer: streams their messages and forwards them, signed, to a local URL).
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { callbackHeaders, OpenponClient } from "@openpon/sdk";
import { loadConfig } from "../config.ts";
import { readServerInfo } from "../platform/process-lock.ts";
import type { AttemptView, EndpointView, MessageView, VerifyResult } from "../modules/callbacks/model.ts";
import { queryString } from "./admin-client.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;


const time = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z"));
const base = (developerId: string) => `/admin/developers/${encodeURIComponent(developerId)}/callback`;
const showEndpoint = (e: EndpointView) =>
  [
    `url            ${e.url ?? "(none: messages are logged as NO_ENDPOINT)"}`,
    `verifiedAt     ${time(e.verifiedAt)}`,
    `signingSecret  ${e.signingSecret}   (Standard Webhooks; the Authorization header uses the Access Secret)`,
    `http/private   ${e.allowsPrivate ? "allowed (sandbox)" : "https and public addresses only"}`,
  ].join("\n");
const showVerification = (v: VerifyResult) =>
  `${v.ok ? "passed" : "FAILED"}: ${v.url} answered ${v.httpStatus ?? v.errorKind} in ${v.latencyMs} ms${v.error ? ` (${v.error})` : ""}`;
const attemptLine = (a: AttemptView) => `    #${a.round}.${a.attempt}  ${time(a.at)}  ${a.errorKind === null ? "200" : `${a.httpStatus ?? ""} ${a.errorKind}`.trim()}  ${a.latencyMs} ms`;
const messageLines = (m: MessageView, withAttempts: boolean) => [
  `${m.eventId}  ${m.messageId}  ${m.status.padEnd(11)} ${m.messageType}  attempts=${m.attempts}${m.nextAttemptAt && m.status === "RETRY_WAIT" ? `  next ${time(m.nextAttemptAt)}` : ""}`,
  ...(withAttempts ? m.attemptLog.map(attemptLine) : []),
];

export function registerCallbackCommands(program: Command, admin: Admin, print: Print): void {
  const callback = program.command("callback").description("a developer's callback URL, delivery log, resends and feed (protocol.md §7)");
  callback
    .command("show")
    .description("the callback URL and the Standard Webhooks signing secret")
    .requiredOption("--developer <developId>")
    .option("--json", "print JSON")
    .action(async (o: { developer: string; json?: boolean }) => {
      const e = await admin((call) => call<EndpointView>("GET", base(o.developer)));
      print(!!o.json, e, () => showEndpoint(e));
    });
  callback
    .command("set")
    .description("verify a URL (CALLBACK_URL_VERIFY must get HTTP 200) and save it")
    .argument("<url>")
    .requiredOption("--developer <developId>")
    .option("--json", "print JSON")
    .action(async (url: string, o: { developer: string; json?: boolean }) => {
      const e = await admin((call) => call<EndpointView & { verification: VerifyResult }>("PUT", base(o.developer), { url }));
      print(!!o.json, e, () => `${showVerification(e.verification)}\nsaved.\n${showEndpoint(e)}`);
    });
  callback
    .command("verify")
    .description("send the verify message to a URL (default: the saved one) without saving")
    .argument("[url]")
    .requiredOption("--developer <developId>")
    .option("--json", "print JSON")
    .action(async (url: string | undefined, o: { developer: string; json?: boolean }) => {
      const v = await admin((call) => call<VerifyResult>("POST", `${base(o.developer)}/verify`, url ? { url } : {}));
      print(!!o.json, v, () => showVerification(v));
      if (!v.ok) process.exitCode = 1;
    });
  callback
    .command("remove")
    .description("remove the callback URL")
    .requiredOption("--developer <developId>")
    .option("--json", "print JSON")
    .action(async (o: { developer: string; json?: boolean }) => {
      const e = await admin((call) => call<EndpointView>("POST", `${base(o.developer)}/remove`));
      print(!!o.json, e, () => "removed.\n" + showEndpoint(e));
    });
  callback
    .command("log")
    .description("the delivery log, newest first, with every attempt")
    .requiredOption("--developer <developId>")
    .option("--type <messageType>")
    .option("--status <status>", "PENDING, DELIVERING, DELIVERED, RETRY_WAIT, FAILED or NO_ENDPOINT")
    .option("--failed", "only FAILED messages")
    .option("--from <moment>", 'created at or after: ISO date, epoch ms or a duration ago ("2h")')
    .option("--to <moment>", "created before (same forms)")
    .option("--cursor <eventId>", "continue after this page")
    .option("--limit <n>", "messages per page (1-100)", "20")
    .option("--json", "print JSON")
    .action(async (o: { developer: string; type?: string; status?: string; failed?: boolean; from?: string; to?: string; cursor?: string; limit: string; json?: boolean }) => {
      const page = await admin((call) =>
        call<{ items: MessageView[]; nextCursor: string | null }>(
          "GET",
          `${base(o.developer)}/messages${queryString({ type: o.type, status: o.status, failed: o.failed, from: o.from, to: o.to, cursor: o.cursor, limit: o.limit })}`,
        ),
      );
      print(!!o.json, page, () =>
        [...(page.items.length ? page.items.flatMap((m) => messageLines(m, true)) : ["no messages"]), ...(page.nextCursor ? [`more: --cursor ${page.nextCursor}`] : [])].join("\n"),
      );
    });
  callback
    .command("message")
    .description("one message (messageId or eventId) with its body and attempts")
    .argument("<messageId>")
    .requiredOption("--developer <developId>")
    .option("--json", "print JSON")
    .action(async (id: string, o: { developer: string; json?: boolean }) => {
      const m = await admin((call) => call<MessageView & { messageBody: unknown }>("GET", `${base(o.developer)}/messages/${encodeURIComponent(id)}`));
      print(!!o.json, m, () => [...messageLines(m, true), `  body ${JSON.stringify(m.messageBody)}`].join("\n"));
    });
  callback
    .command("resend")
    .description("send one message again, or every FAILED message since a moment (--failed-since)")
    .argument("[messageId]")
    .requiredOption("--developer <developId>")
    .option("--failed-since <moment>", 'ISO date, epoch ms or a duration ago ("24h")')
    .option("--json", "print JSON")
    .action(async (id: string | undefined, o: { developer: string; failedSince?: string; json?: boolean }) => {
      if (!id === !o.failedSince) throw new Error("give either a messageId or --failed-since");
      if (id) {
        const m = await admin((call) => call<MessageView>("POST", `${base(o.developer)}/messages/${encodeURIComponent(id)}/resend`));
        print(!!o.json, m, () => `resending ${m.messageId} (round ${m.round})`);
      } else {
        const r = await admin((call) => call<{ resent: number; eventIds: string[] }>("POST", `${base(o.developer)}/resend`, { since: o.failedSince }));
        print(!!o.json, r, () => `resending ${r.resent} failed message(s)`);
      }
    });
  callback
    .command("feed")
    .description("catch-up feed: messages after a cursor, oldest first")
    .requiredOption("--developer <developId>")
    .option("--after <eventId>", "cursor (the last eventId seen)")
    .option("--limit <n>", "1-500", "100")
    .option("--json", "print JSON")
    .action(async (o: { developer: string; after?: string; limit: string; json?: boolean }) => {
      const feed = await admin((call) =>
        call<{ items: Array<{ eventId: string; messageId: string; messageType: string; status: string; createdAt: number; messageBody: unknown }>; nextCursor: string }>(
          "GET",
          `${base(o.developer)}/feed${queryString({ after: o.after, limit: o.limit })}`,
        ),
      );
      print(!!o.json, feed, () =>
        [...feed.items.map((i) => `${i.eventId}  ${time(i.createdAt)}  ${i.status.padEnd(11)} ${i.messageType}  ${JSON.stringify(i.messageBody)}`), `next: --after ${feed.nextCursor}`].join("\n"),
      );
    });
  callback
    .command("test")
    .description("send test messages through the normal delivery path")
    .requiredOption("--developer <developId>")
    .option("--type <messageType>", "a messageType of protocol.md §7.6")
    .option("--count <n>", "1-1000", "1")
    .option("--json", "print JSON")
    .action(async (o: { developer: string; type?: string; count: string; json?: boolean }) => {
      const r = await admin((call) => call<{ eventIds: string[] }>("POST", `${base(o.developer)}/test`, { ...(o.type ? { messageType: o.type } : {}), count: Number(o.count) }));
      print(!!o.json, r, () => `queued ${r.eventIds.length} test message(s): ${r.eventIds.join(", ")}`);
    });

  program
    .command("listen")
    .description("stream your messages as they are created and forward each, signed like a real delivery, to a local URL")
    .requiredOption("--forward-to <url>", "e.g. http://localhost:3000/hook")
    .option("--url <baseUrl>", "the platform (default OPENPON_URL, the server running for DATA_DIR, or http://127.0.0.1:PORT)")
    .option("--access-key <key>", "default OPENPON_ACCESS_KEY or DATA_DIR/credentials.json")
    .option("--access-secret <secret>", "default OPENPON_ACCESS_SECRET or DATA_DIR/credentials.json")
    .option("--user-id <userId>", "default OPENPON_USER_ID or DATA_DIR/credentials.json")
    .option("--after <eventId>", "also replay messages after this eventId (default: only new ones)")
    .option("--timeout <ms>", "forwarding timeout", "10000")
    .option("--json", "one JSON object per line")
    .action(listen);
}

class StreamRefused extends Error {}

interface ListenOptions {
  forwardTo: string;
  url?: string;
  accessKey?: string;
  accessSecret?: string;
  userId?: string;
  after?: string;
  timeout: string;
  json?: boolean;
}

async function listen(o: ListenOptions): Promise<void> {
  const cfg = loadConfig();
  let saved: { accessKey?: string; accessSecret?: string; userId?: string } = {};
  try {
    saved = JSON.parse(fs.readFileSync(path.join(cfg.dataDir, "credentials.json"), "utf8"));
  } catch {
    /* none */
  }
  const accessKey = o.accessKey ?? process.env["OPENPON_ACCESS_KEY"] ?? saved.accessKey;
  const accessSecret = o.accessSecret ?? process.env["OPENPON_ACCESS_SECRET"] ?? saved.accessSecret;
  const userId = o.userId ?? process.env["OPENPON_USER_ID"] ?? saved.userId;
  if (!accessKey || !accessSecret || !userId) throw new Error("listen needs --access-key, --access-secret and --user-id (or OPENPON_ACCESS_KEY, … or DATA_DIR/credentials.json)");
  const baseUrl = (o.url ?? process.env["OPENPON_URL"] ?? readServerInfo(cfg.dataDir)?.url ?? `http://127.0.0.1:${cfg.port}`).replace(/\/$/, "");
  const forwardTo = new URL(o.forwardTo).toString();
  const timeoutMs = Number(o.timeout);
  const client = new OpenponClient({ baseUrl, accessKey, accessSecret, userId });
  const endpoint = await client.request<EndpointView>("GET", "/developer/callback");
  const out = (value: Record<string, unknown>, human: string) => process.stdout.write((o.json ? JSON.stringify(value) : human) + "\n");
  let ready = false;

  let after = o.after;
  let stopping = false;
  const controller = new AbortController();
  const stop = () => {
    stopping = true;
    controller.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  while (!stopping) {
    try {
      const pathAndQuery = `/developer/callback/stream${after ? `?after=${after}` : ""}`;
      const response = await fetch(baseUrl + pathAndQuery, { headers: client.signHeaders("GET", pathAndQuery, ""), signal: controller.signal });
      const type = response.headers.get("content-type") ?? "";
      if (!type.startsWith("text/event-stream")) {
        const envelope = (await response.json().catch(() => ({}))) as { code?: number; msg?: string };
        throw new StreamRefused(`the stream was refused: ${envelope.code ?? response.status} ${envelope.msg ?? ""}`);
      }
      if (!ready && !o.json) process.stdout.write(`Ready: forwarding developer ${endpoint.developId}'s messages from ${baseUrl} to ${forwardTo} (Ctrl-C to stop)\n`);
      ready = true;
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split("\n")
            .filter((line) => line.startsWith("data: "))
            .map((line) => line.slice(6))
            .join("\n");
          if (!data) continue;
          const m = JSON.parse(data) as { eventId: string; messageId: string; messageType: string; body: string };
          after = m.eventId;
          let status: number | string;
          try {
            const r = await fetch(forwardTo, {
              method: "POST",
              headers: callbackHeaders(m.body, { messageId: m.messageId, accessSecret, signingSecret: endpoint.signingSecret }),
              body: m.body,
              redirect: "manual",
              signal: AbortSignal.timeout(timeoutMs),
            });
            status = r.status;
            await r.arrayBuffer().catch(() => {});
          } catch (err) {
            status = (err as Error).name === "TimeoutError" ? "timeout" : `error (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message})`;
          }
          const at = new Date().toISOString();
          out({ at, messageType: m.messageType, messageId: m.messageId, eventId: m.eventId, status }, `${at}  ${m.messageType}  ${m.messageId}  -> ${status}`);
        }
      }
    } catch (err) {
      if (stopping) break;
      if (err instanceof StreamRefused) throw err;
      process.stderr.write(`listen: ${(err as Error).message}; reconnecting in 1 s\n`);
    }
    if (!stopping) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
