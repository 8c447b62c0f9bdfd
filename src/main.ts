// The command line: `npx openpon <command>` (bin/openpon.js) and `npm start` (= serve).
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { buildPlatform } from "./app.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { AdminError, connectAdmin, queryString } from "./cli/admin-client.ts";
import type { balanceView, entryView } from "./modules/wallet/admin-routes.ts";
import type { JobViewSchema } from "./platform/jobs/routes.ts";
import type { Static } from "typebox";
import { registerCallbackCommands } from "./cli/callback-commands.ts";
import { registerAftersalesCommands } from "./cli/aftersales-commands.ts";
import { registerShippingCommands } from "./cli/shipping-commands.ts";
import { registerWarehouseCommands } from "./cli/warehouse-commands.ts";
import { registerConnectorCommands } from "./cli/connector-commands.ts";
import { registerOperatorCommands } from "./cli/operator-commands.ts";
import { registerParcelCommands } from "./cli/parcels-commands.ts";
import { lockDataDir, writeServerInfo } from "./platform/process-lock.ts";
import { migrate } from "./platform/db/migrate.ts";
import { openDatabase } from "./platform/db/index.ts";
import { loadCatalogue } from "./marketplace/sandbox/index.ts";
import { MultiBar, Presets } from "cli-progress";
import type { Developer, User } from "./modules/identity/index.ts";

function config(options: { port?: string } = {}): Config {
  return loadConfig(process.env, options.port ? { port: Number(options.port) } : {});
}

async function serve(options: { port?: string }): Promise<void> {
  const cfg = config(options);
  const releaseLock = cfg.databaseUrl ? () => {} : lockDataDir(cfg.dataDir);
  let lastShown = -1;
  const platform = await buildPlatform(cfg, {
    // First start (or a new seed or size) builds the catalogues: say so, in tenths.
    sandboxProgress: (name, done, total) => {
      // Small catalogues take a second: one line. Large ones report in tenths.
      const tenth = total < 50_000 ? (done === 0 ? 0 : -2) : Math.floor((done / total) * 10);
      if (tenth >= 0 && tenth !== lastShown) process.stdout.write(`  building the ${name} sandbox catalogue (${total} items)${total < 50_000 ? "" : `: ${tenth * 10}%`}\n`);
      lastShown = done === total ? -1 : tenth;
    },
  }).catch((err) => {
    releaseLock();
    throw err;
  });
  const { app, services } = platform;

  if (cfg.bootstrapSandbox) {
    const created = await services.identity.bootstrapSandbox();
    const file = path.join(cfg.dataDir, "credentials.json");
    if (created) {
      const credentials = {
        developId: created.developer.developId,
        accessKey: created.credentials.accessKey,
        accessSecret: created.credentials.accessSecret,
        userId: created.user.userId,
      };
      fs.mkdirSync(cfg.dataDir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
      process.stdout.write(
        [
          "",
          "  Sandbox developer created (first start). Keep these; the secret is not shown again:",
          `    developId     ${credentials.developId}`,
          `    accessKey     ${credentials.accessKey}`,
          `    accessSecret  ${credentials.accessSecret}`,
          `    userId        ${credentials.userId}`,
          `  Saved to ${file}`,
          "",
        ].join("\n") + "\n",
      );
    } else if (fs.existsSync(file)) {
      process.stdout.write(`  Sandbox credentials: ${file}\n`);
    }
  }

  const address = await app.listen({ port: cfg.port, host: cfg.host });
  const localUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const removeServerInfo = writeServerInfo(cfg.dataDir, { pid: process.pid, url: localUrl, startedAt: new Date().toISOString() });
  process.stdout.write(`  openpon listening on ${address} (${platform.database.where}); docs at ${localUrl}/docs\n`);
  process.stdout.write(`  console at ${localUrl}/console (developers: the access key and secret; operators: openpon operator create)\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      app.log.error("graceful shutdown timed out");
      process.exit(1);
    }, cfg.shutdownGraceSeconds * 1000);
    force.unref();
    try {
      await app.close(); // stops accepting, lets in-flight requests finish
      await platform.close();
    } finally {
      removeServerInfo();
      releaseLock();
      clearTimeout(force);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write((json ? JSON.stringify(value, null, 2) : human()) + "\n");
}

async function admin<T>(fn: (call: <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>) => Promise<T>): Promise<T> {
  const client = await connectAdmin(config());
  try {
    return await fn((method, p, body) => client.call(method, p, body));
  } finally {
    await client.close();
  }
}

const program = new Command();
program.name("openpon").description("openpon: a PandaPon OpenAPI v2 purchasing-agent platform").showHelpAfterError();

program
  .command("serve")
  .description("start the platform (embedded PGlite under DATA_DIR unless DATABASE_URL is set)")
  .option("-p, --port <port>", "HTTP port (default PORT or 8080)")
  .action(serve);

program
  .command("migrate")
  .description("apply pending SQL migrations and exit")
  .action(async () => {
    const cfg = config();
    const release = cfg.databaseUrl ? () => {} : lockDataDir(cfg.dataDir);
    const database = await openDatabase(cfg);
    try {
      const { applied } = await migrate(database.db);
      process.stdout.write(applied.length ? `applied ${applied.join(", ")}\n` : "database is up to date\n");
    } finally {
      await database.close();
      release();
    }
  });

const developer = program.command("developer").description("manage developers");
developer
  .command("create")
  .description("create a developer with its Access Key and Secret")
  .requiredOption("--name <name>", "display name")
  .option("--user <userName>", "also create a first user")
  .option("--live", "a live (non-sandbox) developer")
  .option("--json", "print JSON")
  .action(async (o: { name: string; user?: string; live?: boolean; json?: boolean }) => {
    const result = await admin((call) =>
      call<{ developer: Developer; credentials: { accessKey: string; accessSecret: string }; user: User | null }>("POST", "/admin/developers", {
        name: o.name,
        sandbox: !o.live,
        ...(o.user ? { userName: o.user } : {}),
      }),
    );
    print(!!o.json, result, () =>
      [
        `developId     ${result.developer.developId}`,
        `accessKey     ${result.credentials.accessKey}`,
        `accessSecret  ${result.credentials.accessSecret}   (shown once; keep it safe)`,
        ...(result.user ? [`userId        ${result.user.userId} (${result.user.userName})`] : []),
      ].join("\n"),
    );
  });
developer
  .command("list")
  .description("list developers")
  .option("--json", "print JSON")
  .action(async (o: { json?: boolean }) => {
    const list = await admin((call) => call<Array<Developer & { accessKey: string | null; users: number }>>("GET", "/admin/developers"));
    print(!!o.json, list, () =>
      list.length === 0
        ? "no developers"
        : list.map((d) => `${d.developId}  ${d.status.padEnd(8)} ${d.sandbox ? "sandbox" : "live   "}  ${d.accessKey ?? "-"}  users=${d.users}  ${d.name}`).join("\n"),
    );
  });
for (const action of ["disable", "enable"] as const) {
  developer
    .command(action)
    .argument("<developId>")
    .option("--json", "print JSON")
    .description(`${action} a developer`)
    .action(async (id: string, o: { json?: boolean }) => {
      const d = await admin((call) => call<Developer>("POST", `/admin/developers/${encodeURIComponent(id)}/${action}`));
      print(!!o.json, d, () => `${d.developId} ${d.status}`);
    });
}

const user = program.command("user").description("manage users (sub-accounts, user-id)");
user
  .command("add")
  .description("add a user to a developer")
  .requiredOption("--developer <developId>")
  .requiredOption("--name <userName>")
  .option("--json", "print JSON")
  .action(async (o: { developer: string; name: string; json?: boolean }) => {
    const u = await admin((call) => call<User>("POST", `/admin/developers/${encodeURIComponent(o.developer)}/users`, { userName: o.name }));
    print(!!o.json, u, () => `userId ${u.userId} (${u.userName}) for developer ${u.developId}`);
  });
user
  .command("list")
  .requiredOption("--developer <developId>")
  .option("--json", "print JSON")
  .action(async (o: { developer: string; json?: boolean }) => {
    const users = await admin((call) => call<User[]>("GET", `/admin/developers/${encodeURIComponent(o.developer)}/users`));
    print(!!o.json, users, () => users.map((u) => `${u.userId}  ${u.status.padEnd(8)} ${u.userName}`).join("\n") || "no users");
  });
for (const action of ["disable", "enable"] as const) {
  user
    .command(action)
    .argument("<userId>")
    .option("--json", "print JSON")
    .description(`${action} a user`)
    .action(async (id: string, o: { json?: boolean }) => {
      const u = await admin((call) => call<User>("POST", `/admin/users/${encodeURIComponent(id)}/${action}`));
      print(!!o.json, u, () => `${u.userId} ${u.status}`);
    });
}

const key = program.command("key").description("Access Key and Secret");
key
  .command("show")
  .requiredOption("--developer <developId>")
  .option("--reveal", "also print the Access Secret")
  .option("--json", "print JSON")
  .action(async (o: { developer: string; reveal?: boolean; json?: boolean }) => {
    const k = await admin((call) =>
      call<{ accessKey: string; accessSecret: string | null; rotatedAt: string }>(
        "GET",
        `/admin/developers/${encodeURIComponent(o.developer)}/key${o.reveal ? "?reveal=true" : ""}`,
      ),
    );
    print(!!o.json, k, () => `accessKey     ${k.accessKey}\naccessSecret  ${k.accessSecret ?? "(hidden; add --reveal)"}\nrotatedAt     ${k.rotatedAt}`);
  });
key
  .command("reset")
  .requiredOption("--developer <developId>")
  .option("--json", "print JSON")
  .action(async (o: { developer: string; json?: boolean }) => {
    const k = await admin((call) => call<{ accessKey: string; accessSecret: string }>("POST", `/admin/developers/${encodeURIComponent(o.developer)}/key/reset`));
    print(!!o.json, k, () => `accessKey     ${k.accessKey}\naccessSecret  ${k.accessSecret}   (new; the old secret no longer works)`);
  });

const sandbox = program.command("sandbox").description("the embedded sandbox marketplace");
sandbox
  .command("seed")
  .description("build the sandbox catalogues (keyword and image indexes) into DATA_DIR/sandbox")
  .option("--items <n>", "items per platform (default SANDBOX_ITEMS or 5000)")
  .option("--seed <seed>", "catalogue seed (default SANDBOX_SEED)")
  .option("--platform <platform>", "taobao, alibaba or both", "both")
  .option("--json", "print JSON")
  .action(async (o: { items?: string; seed?: string; platform: string; json?: boolean }) => {
    const cfg = config();
    const items = o.items === undefined ? cfg.sandboxItems : Number(o.items);
    const seed = o.seed === undefined ? cfg.sandboxSeed : Number(o.seed);
    if (!Number.isInteger(items) || items < 1 || items > 2_000_000) throw new ConfigError("--items must be an integer from 1 to 2000000");
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new ConfigError("--seed must be an integer from 0 to 4294967295");
    const platforms: Array<"taobao" | "alibaba"> | undefined =
      o.platform === "both" ? ["taobao", "alibaba"] : o.platform === "taobao" || o.platform === "alibaba" ? [o.platform] : undefined;
    if (!platforms) throw new ConfigError("--platform must be taobao, alibaba or both");
    const bars = o.json || !process.stdout.isTTY ? undefined : new MultiBar({ format: " {platform} [{bar}] {percentage}% | {value}/{total} items | {duration_formatted}", hideCursor: true }, Presets.shades_classic);
    const results: Array<{ platform: string; seed: number; items: number; seconds: number; alreadyBuilt: boolean }> = [];
    for (const platform of platforms) {
      const bar = bars?.create(items, 0, { platform: platform.padEnd(7) });
      const started = performance.now();
      const { loaded } = await loadCatalogue(platform, { seed, items, dataDir: cfg.dataDir, progress: (_p, done) => bar?.update(done) });
      bar?.update(items);
      results.push({ platform, seed, items, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), alreadyBuilt: loaded });
    }
    bars?.stop();
    print(!!o.json, results, () =>
      [
        ...results.map((r) => `${r.platform}: ${r.items} items (seed ${r.seed}) ${r.alreadyBuilt ? "already built" : `built in ${r.seconds} s`}`),
        `Stored in ${path.join(cfg.dataDir, "sandbox")}. Start with SANDBOX_ITEMS=${items}${o.seed === undefined ? "" : ` SANDBOX_SEED=${seed}`} to serve it.`,
      ].join("\n"),
    );
  });

interface ClockView {
  now: number;
  nowText: string;
  speed: number;
  pendingEvents: number;
  nextEventAt: number | null;
  from?: number;
  ran?: number;
  failed?: number;
}
const showClock = (c: ClockView) =>
  [
    `sandbox time  ${c.nowText} (UTC+8)${c.speed === 1 ? "" : `, speed ${c.speed}`}`,
    ...(c.ran === undefined ? [] : [`ran           ${c.ran} event(s)${c.failed ? `, ${c.failed} failed` : ""}`]),
    `pending       ${c.pendingEvents} event(s)`,
  ].join("\n");
sandbox
  .command("clock")
  .description("show a developer's test clock")
  .requiredOption("--developer <developId>")
  .option("--json", "print JSON")
  .action(async (o: { developer: string; json?: boolean }) => {
    const c = await admin((call) => call<ClockView>("GET", `/admin/developers/${encodeURIComponent(o.developer)}/sandbox/clock`));
    print(!!o.json, c, () => showClock(c));
  });
sandbox
  .command("advance")
  .description('advance a developer\'s test clock ("2d", "3h", "90m", "1d12h") running every event due on the way')
  .argument("<duration>")
  .requiredOption("--developer <developId>")
  .option("--json", "print JSON")
  .action(async (duration: string, o: { developer: string; json?: boolean }) => {
    const c = await admin((call) => call<ClockView>("POST", `/admin/developers/${encodeURIComponent(o.developer)}/sandbox/clock/advance`, { duration }));
    print(!!o.json, c, () => showClock(c));
  });
sandbox
  .command("speed")
  .description("make a developer's sandbox time run faster (60 = a minute per second; 0 stops it)")
  .argument("<factor>")
  .requiredOption("--developer <developId>")
  .option("--json", "print JSON")
  .action(async (factor: string, o: { developer: string; json?: boolean }) => {
    const c = await admin((call) => call<ClockView>("POST", `/admin/developers/${encodeURIComponent(o.developer)}/sandbox/clock/speed`, { speed: Number(factor) }));
    print(!!o.json, c, () => showClock(c));
  });
sandbox
  .command("trigger")
  .description(
    "make a seller event happen now on a Taobao order (its id: every shop's purchase), a taobaoPurchaseId or a 1688 orderId, or on a refund (--refund, the order may then be left out): build, build_fail, price_change, ship, tracking, deliver, lose_parcel, confirm_receipt, refund_agree, refund_refuse, refund_ask_return, return_receive, return_refuse, refund_timeout",
  )
  .argument("<event>")
  .argument("[orderId]", "the order (may be left out with --refund)")
  .requiredOption("--developer <developId>")
  .option("--line <lineId>", "which line (default: the first the event applies to)")
  .option("--refund <refundId>", "which refund (default: the first of the order the event applies to)")
  .option("--json", "print JSON")
  .action(async (event: string, orderId: string | undefined, o: { developer: string; line?: string; refund?: string; json?: boolean }) => {
    const body = { event, ...(orderId ? { orderId } : {}), ...(o.line ? { lineId: o.line } : {}), ...(o.refund ? { refundId: o.refund } : {}) };
    const c = await admin((call) => call<ClockView & { ran: number; failed: number; orderId: string }>("POST", `/admin/developers/${encodeURIComponent(o.developer)}/sandbox/trigger`, body));
    const on = o.refund ? `refund ${o.refund} of ${c.orderId}` : c.orderId;
    print(!!o.json, c, () => `${event} on ${on}: ran ${c.ran} event(s)${c.failed ? `, ${c.failed} failed` : ""}\n${showClock(c)}`);
  });
sandbox
  .command("reset")
  .description("delete one user's sandbox state (orders, purchases, refunds, carts, pending events); the clock and balance stay")
  .requiredOption("--developer <developId>")
  .requiredOption("--user <userId>")
  .option("--json", "print JSON")
  .action(async (o: { developer: string; user: string; json?: boolean }) => {
    const r = await admin((call) =>
      call<{ userId: string; reset: boolean }>("POST", `/admin/developers/${encodeURIComponent(o.developer)}/users/${encodeURIComponent(o.user)}/sandbox/reset`),
    );
    print(!!o.json, r, () => `user ${r.userId}: sandbox state deleted`);
  });

const order = program.command("order").description("Taobao orders (operator actions)");
order
  .command("finance")
  .description("confirm (then pay the upstream) or reject (credit the payment back) a paid Taobao order")
  .argument("<orderId>")
  .argument("<decision>", "confirm or reject")
  .requiredOption("--developer <developId>")
  .option("--json", "print JSON")
  .action(async (orderId: string, decision: string, o: { developer: string; json?: boolean }) => {
    const view = await admin((call) =>
      call<{ id: string; status: number; purchaseAmount: number }>(
        "POST",
        `/admin/developers/${encodeURIComponent(o.developer)}/taobao/orders/${encodeURIComponent(orderId)}/finance`,
        { decision },
      ),
    );
    print(!!o.json, view, () => `order ${view.id}: status ${view.status} (${decision === "confirm" ? "confirmed" : "rejected"}; ${view.purchaseAmount} fen)`);
  });

// The wallet's admin answers, as its routes build them.
type WalletBalance = ReturnType<typeof balanceView>;
type WalletEntry = ReturnType<typeof entryView>;
interface WalletStatement {
  entries: WalletEntry[];
  nextCursor: string | null;
}
const walletLine = (e: WalletEntry) =>
  `${new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19)}  ${e.transactionId}  ${e.kind.padEnd(13)} ${((e.amountFen > 0 ? "+" : "") + e.amount).padStart(12)}  = ${e.balanceAfter.padStart(12)}  ${e.reference}${e.memo ? `  (${e.memo})` : ""}`;
const walletLines = (s: WalletStatement) =>
  [...(s.entries.length ? s.entries.map(walletLine) : ["no transactions"]), ...(s.nextCursor ? [`more: --after ${s.nextCursor}`] : [])].join("\n");
const walletPath = (developerId: string) => `/admin/developers/${encodeURIComponent(developerId)}/wallet`;
const statementQuery = (o: { after?: string; limit?: string; kind?: string }) => queryString({ after: o.after, limit: o.limit, kind: o.kind });

const wallet = program.command("wallet").description("developer balances (CNY, a double-entry ledger)");
wallet
  .command("show")
  .description("a developer's balance and recent transactions")
  .argument("<developerId>")
  .option("--limit <n>", "recent transactions to show", "10")
  .option("--json", "print JSON")
  .action(async (id: string, o: { limit: string; json?: boolean }) => {
    const result = await admin(async (call) => ({
      balance: await call<WalletBalance>("GET", walletPath(id)),
      recent: await call<WalletStatement>("GET", `${walletPath(id)}/statement${statementQuery({ limit: o.limit })}`),
    }));
    print(!!o.json, result, () =>
      [
        `developer  ${result.balance.developerId}`,
        `balance    ${result.balance.balance} CNY (${result.balance.balanceFen} fen)${result.balance.updatedAt === null ? "" : `, changed ${new Date(result.balance.updatedAt).toISOString()}`}`,
        "recent:",
        walletLines(result.recent).replace(/^/gm, "  "),
      ].join("\n"),
    );
  });
wallet
  .command("topup")
  .description('add money received from a developer to its balance (amount in yuan, e.g. "100.50")')
  .argument("<developerId>")
  .argument("<amountYuan>")
  .option("--memo <text>", "what the money is (bank transfer no. …)")
  .option("--reference <ref>", "idempotency key: repeating a top-up with the same reference adds nothing")
  .option("--json", "print JSON")
  .action(async (id: string, amount: string, o: { memo?: string; reference?: string; json?: boolean }) => {
    const entry = await admin((call) =>
      call<WalletEntry>("POST", `${walletPath(id)}/topup`, {
        amount,
        ...(o.memo !== undefined ? { memo: o.memo } : {}),
        ...(o.reference !== undefined ? { reference: o.reference } : {}),
      }),
    );
    print(!!o.json, entry, () => `topped up ${entry.amount} CNY; balance ${entry.balanceAfter} CNY (transaction ${entry.transactionId}, reference ${entry.reference})`);
  });
wallet
  .command("statement")
  .description("a developer's transactions, newest first")
  .argument("<developerId>")
  .option("--after <transactionId>", "continue after this transaction (the previous page's cursor)")
  .option("--limit <n>", "transactions per page (1-200)", "20")
  .option("--kind <kind>", "only topup, payment, refund, adjustment or sandbox_grant")
  .option("--json", "print JSON")
  .action(async (id: string, o: { after?: string; limit: string; kind?: string; json?: boolean }) => {
    const statement = await admin((call) => call<WalletStatement>("GET", `${walletPath(id)}/statement${statementQuery(o)}`));
    print(!!o.json, statement, () => walletLines(statement));
  });
wallet
  .command("check")
  .description("check the whole ledger (each transaction sums to zero, kept balances equal their entries); exit 2 if unsound")
  .option("--json", "print JSON")
  .action(async (o: { json?: boolean }) => {
    const check = await admin((call) => call<{ sound: boolean; problems: string[] }>("GET", "/admin/wallet/check"));
    print(!!o.json, check, () => (check.sound ? "the ledger is sound" : check.problems.join("\n")));
    if (!check.sound) process.exitCode = 2;
  });

registerCallbackCommands(program, admin, print);
registerAftersalesCommands(program, admin, print);
registerShippingCommands(program, admin, print);
registerWarehouseCommands(program, admin, print);
registerParcelCommands(program, admin, print);
registerConnectorCommands(program, admin, print);
registerOperatorCommands(program, admin, print);

type JobView = Static<typeof JobViewSchema>;
const jobLine = (j: JobView) =>
  `${j.id}  ${j.status.padEnd(7)} ${j.kind}  ${j.subject ?? "-"}  developer ${j.developerId ?? "-"}  due ${new Date(j.dueAtMs).toISOString()} (${j.clock})  attempts ${j.attempts}/${j.maxAttempts}${j.lastError ? `  last error: ${j.lastError}` : ""}`;
const jobsCommand = program.command("jobs").description("the durable job runner: timeouts, retries, reconciliations, seller events");
jobsCommand
  .command("list")
  .description("jobs, newest first")
  .option("--dead", "only dead-lettered jobs (same as --status DEAD)")
  .option("--status <status>", "PENDING, RUNNING, DONE or DEAD")
  .option("--kind <kind>", "only jobs of this kind")
  .option("--developer <id>", "only this developer's jobs")
  .option("--after <id>", "continue after this job (the previous page's cursor)")
  .option("--limit <n>", "jobs per page (1-500)", "50")
  .option("--json", "print JSON")
  .action(async (o: { dead?: boolean; status?: string; kind?: string; developer?: string; after?: string; limit: string; json?: boolean }) => {
    const query = new URLSearchParams();
    const status = o.dead ? "DEAD" : o.status;
    if (status) query.set("status", status);
    if (o.kind) query.set("kind", o.kind);
    if (o.developer) query.set("developId", o.developer);
    if (o.after) query.set("after", o.after);
    query.set("limit", o.limit);
    const page = await admin((call) => call<{ items: JobView[]; nextCursor: string | null }>("GET", `/admin/jobs?${query}`));
    print(!!o.json, page, () => [...(page.items.length ? page.items.map(jobLine) : ["no jobs"]), ...(page.nextCursor ? [`more: --after ${page.nextCursor}`] : [])].join("\n"));
  });
jobsCommand
  .command("retry")
  .description("give a dead job a new round of attempts, due now")
  .argument("<jobId>")
  .option("--json", "print JSON")
  .action(async (id: string, o: { json?: boolean }) => {
    const job = await admin((call) => call<JobView>("POST", `/admin/jobs/${encodeURIComponent(id)}/retry`));
    print(!!o.json, job, () => jobLine(job));
  });

program.addOption(new Option("--verbose").hideHelp());

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof AdminError) process.stderr.write(`error ${err.code}: ${err.message}\n`);
  else if (err instanceof ConfigError) process.stderr.write(`configuration: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
