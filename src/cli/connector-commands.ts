// `openpon connector …`: set up the real marketplace connectors (app key and secret, gateway,
// tuning), authorize them, and watch their health, polls and pushes — over the /admin/connectors
// routes like every admin command.
import { InvalidArgumentError, type Command } from "commander";
import type { ConnectorStatus, PushLogEntry } from "../modules/connectors/index.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;

const time = (ms: number | null | undefined) => (ms == null ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));
const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("must be a non-negative number");
  return n;
};

/** One connector as an operator reads it: can live developers use it, and how is it doing. */
export function describeStatus(s: ConnectorStatus): string {
  const lines = [`${s.name} (${s.platform === "taobao" ? "Taobao" : "1688"}): ${s.problem ?? "ready"}`];
  if (!s.configured) return lines[0]!;
  lines.push(`  app key      ${s.appKey}   gateway ${s.baseUrl}`);
  lines.push(`  authorized   ${s.authorized ? "yes" : "no — openpon connector authorize " + s.name}`);
  const h = s.health;
  if (h) {
    lines.push(`  token        access until ${time(h.accessExpiresAt)}, refresh until ${time(h.refreshExpiresAt)}`);
    lines.push(`  circuit      ${h.circuit}${h.circuitReason ? ` (${h.circuitReason})` : ""}`);
    lines.push(`  calls        ${h.calls} recent, ${h.errors} failed (${(h.errorRate * 100).toFixed(1)} %), last ${time(h.lastCallAt)}${h.lastError ? `, last error: ${h.lastError}` : ""}`);
    if (h.lastRefusal) lines.push(`  last refusal ${h.lastRefusal}`);
    if (h.notImplemented.length) lines.push(`  not offered  ${h.notImplemented.join(", ")}`);
  }
  lines.push(`  poll         ${s.pollEverySec > 0 ? `every ${s.pollEverySec} s` : "off"}, cursor ${time(s.pollCursor)}, last ${time(s.lastPollAt)}${s.lastPollError ? `, failed: ${s.lastPollError}` : ""}`);
  lines.push(`  pushes       ${s.pushes.accepted} accepted, ${s.pushes.refused} refused, last ${time(s.pushes.lastAt)}${s.pushes.lastRefusal ? `, last refusal: ${s.pushes.lastRefusal}` : ""}`);
  return lines.join("\n");
}

export function registerConnectorCommands(program: Command, admin: Admin, print: Print): void {
  const connector = program.command("connector").description("real marketplace connectors (taobao-global, alibaba-1688): set up, authorize, watch");

  connector
    .command("set")
    .description("configure a connector's app (the secret is sealed with the master key)")
    .argument("<name>", "taobao-global or alibaba-1688")
    .requiredOption("--app-key <key>", "the app key")
    .option("--app-secret <secret>", "the app secret (needed for a new connector or app key)")
    .option("--base-url <url>", "the API gateway (default: the upstream's production gateway)")
    .option("--authorize-url <url>", "the authorization page")
    .option("--redirect-uri <uri>", "the app's registered redirect URI")
    .option("--rate <perSecond>", "sustained upstream calls per second", positive)
    .option("--burst <calls>", "calls allowed at once", positive)
    .option("--timeout-ms <ms>", "deadline of one upstream call", positive)
    .option("--poll-every <seconds>", "seconds between polls for changed orders (0 = off)", positive)
    .option("--track-every <seconds>", "seconds between reads of an order whose parcel is on its way (0 = off)", positive)
    .option("--json", "print JSON")
    .action(async (name: string, o: { appKey: string; appSecret?: string; baseUrl?: string; authorizeUrl?: string; redirectUri?: string; rate?: number; burst?: number; timeoutMs?: number; pollEvery?: number; trackEvery?: number; json?: boolean }) => {
      const tuning = Object.fromEntries(
        Object.entries({ ratePerSec: o.rate, burst: o.burst, timeoutMs: o.timeoutMs, pollEverySec: o.pollEvery, trackEverySec: o.trackEvery }).filter(([, v]) => v !== undefined),
      );
      const body = Object.fromEntries(
        Object.entries({ appKey: o.appKey, appSecret: o.appSecret, baseUrl: o.baseUrl, authorizeUrl: o.authorizeUrl, redirectUri: o.redirectUri, tuning: Object.keys(tuning).length ? tuning : undefined }).filter(([, v]) => v !== undefined),
      );
      const status = await admin((call) => call<ConnectorStatus>("PUT", `/admin/connectors/${encodeURIComponent(name)}`, body));
      print(!!o.json, status, () => describeStatus(status));
    });

  connector
    .command("authorize")
    .description("without --code: print the page to open; with --code: exchange the redirect's code for tokens")
    .argument("<name>", "taobao-global or alibaba-1688")
    .option("--code <code>", "the code the redirect brought back")
    .option("--state <state>", "the state the redirect brought back (checked against the last link)")
    .option("--json", "print JSON")
    .action(async (name: string, o: { code?: string; state?: string; json?: boolean }) => {
      const path = `/admin/connectors/${encodeURIComponent(name)}/authorize`;
      if (!o.code) {
        const link = await admin((call) => call<{ url: string; state: string }>("GET", path));
        print(!!o.json, link, () => `open this page, approve, then run:\n  openpon connector authorize ${name} --code <code> --state ${link.state}\n\n${link.url}`);
        return;
      }
      const status = await admin((call) => call<ConnectorStatus>("POST", path, { code: o.code, ...(o.state ? { state: o.state } : {}) }));
      print(!!o.json, status, () => describeStatus(status));
    });

  connector
    .command("status")
    .description("each connector: ready or why not, token expiry, circuit, error rate, last call, poll cursor, pushes")
    .argument("[name]", "one connector")
    .option("--json", "print JSON")
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      const all = await admin((call) => (name ? call<ConnectorStatus>("GET", `/admin/connectors/${encodeURIComponent(name)}`).then((s) => [s]) : call<ConnectorStatus[]>("GET", "/admin/connectors")));
      print(!!o.json, name ? all[0] : all, () => all.map(describeStatus).join("\n\n"));
    });

  connector
    .command("poll")
    .description("ask the upstream for changed orders now")
    .argument("<name>", "taobao-global or alibaba-1688")
    .option("--json", "print JSON")
    .action(async (name: string, o: { json?: boolean }) => {
      const status = await admin((call) => call<ConnectorStatus>("POST", `/admin/connectors/${encodeURIComponent(name)}/poll`));
      print(!!o.json, status, () => describeStatus(status));
    });

  connector
    .command("pushes")
    .description("the latest pushes from the upstream, accepted or refused with why")
    .argument("<name>", "taobao-global or alibaba-1688")
    .option("--limit <n>", "how many", positive)
    .option("--json", "print JSON")
    .action(async (name: string, o: { limit?: number; json?: boolean }) => {
      const pushes = await admin((call) => call<PushLogEntry[]>("GET", `/admin/connectors/${encodeURIComponent(name)}/pushes${o.limit ? `?limit=${o.limit}` : ""}`));
      print(!!o.json, pushes, () => (pushes.length ? pushes.map((p) => `${time(p.at)}  ${p.accepted ? "accepted" : "REFUSED "}  ${p.note}`).join("\n") : "no pushes yet"));
    });
}
