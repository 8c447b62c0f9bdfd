// `openpon connector …` against a running server whose Taobao Global connector points at the local
// fake: set, authorize (the link, then the code), status (human and JSON), pushes. No real
// marketplace host is contacted.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT, spawnServer, tempDir, type ChildServer } from "./helpers/server.ts";
import { startTaobaoGlobalFake, type TaobaoGlobalFake } from "./fakes/taobao-global-fake.ts";

const run = promisify(execFile);

describe("openpon connector and operator (PGlite, through the running server)", () => {
  const dataDir = tempDir("openpon-cli-connector-");
  const env = { DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", BOOTSTRAP_SANDBOX: "false", OPERATOR_TOKEN: "", CONNECTOR_ALLOW_PRIVATE: "true", CONNECTOR_POLL_EVERY_SEC: "0" };
  let server: ChildServer | undefined;
  let fake: TaobaoGlobalFake;

  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "silent" } });
    return stdout;
  }

  before(async () => {
    fake = await startTaobaoGlobalFake();
    server = await spawnServer(env);
  });
  after(async () => {
    await server?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("status before anything is set says what to run", async () => {
    const out = await cli("connector", "status");
    assert.match(out, /taobao-global \(Taobao\): not configured: openpon connector set taobao-global/);
    assert.match(out, /alibaba-1688 \(1688\): not configured/);
  });

  test("set, authorize with the printed link's state, then status shows a ready connector with its health", async () => {
    const set = await cli("connector", "set", "taobao-global", "--app-key", fake.appKey, "--app-secret", fake.appSecret, "--base-url", fake.baseUrl, "--redirect-uri", "https://openpon.example/oauth", "--rate", "50", "--poll-every", "0");
    assert.match(set, /taobao-global \(Taobao\): the taobao-global connector cannot be used: .*not authorized/);
    assert.ok(!set.includes(fake.appSecret), "the secret is never printed");

    const link = await cli("connector", "authorize", "taobao-global");
    const state = /--state ([0-9a-f]+)/.exec(link)?.[1];
    assert.ok(state, link);
    assert.match(link, /oauth\/authorize\?.*client_id=500000/);

    const wrong = await run(process.execPath, [path.join(ROOT, "bin/openpon.js"), "connector", "authorize", "taobao-global", "--code", fake.issueAuthCode(), "--state", "0000"], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    }).then(
      () => "succeeded",
      (err: { stderr: string }) => err.stderr,
    );
    assert.match(wrong, /state/);

    const authorized = await cli("connector", "authorize", "taobao-global", "--code", fake.issueAuthCode(), "--state", state);
    assert.match(authorized, /taobao-global \(Taobao\): ready/);
    assert.match(authorized, /authorized   yes/);

    const status = await cli("connector", "status", "taobao-global");
    assert.match(status, /ready/);
    assert.match(status, /token        access until \d{4}-\d\d-\d\dT/);
    assert.match(status, /circuit      closed/);
    assert.match(status, /poll         off/);
    assert.match(status, /not offered  .*requestRefund/);
    const json = JSON.parse(await cli("connector", "status", "taobao-global", "--json")) as { authorized: boolean; health: { baseUrl: string; circuit: string }; tuning: { ratePerSec: number } };
    assert.deepEqual([json.authorized, json.health.baseUrl, json.health.circuit, json.tuning.ratePerSec], [true, fake.baseUrl, "closed", 50]);
  });

  test("operator create (password from standard input), list, set; the new operator signs in to the console", async () => {
    const withStdin = (args: string[], input: string) =>
      new Promise<string>((resolve, reject) => {
        const child = execFile(process.execPath, [path.join(ROOT, "bin/openpon.js"), ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "silent" } }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout)));
        child.stdin!.end(input);
      });
    assert.match(await withStdin(["operator", "create", "ops-anna", "--role", "warehouse", "--role", "support"], "a long enough password\n"), /created ops-anna\s+warehouse,support\s+active/);
    await assert.rejects(withStdin(["operator", "create", "ops-bob", "--role", "finance"], "short\n"), /password: at least 12 characters/);
    assert.match(await cli("operator", "list"), /ops-anna/);
    const signIn = await fetch(`${server!.url}/console/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "ops-anna", password: "a long enough password" }) });
    assert.equal(((await signIn.json()) as { code: number }).code, 200);
    assert.match(await cli("operator", "set", "ops-anna", "--disable"), /ops-anna\s+warehouse,support\s+disabled/);
  });

  test("pushes: a refused one is listed with why", async () => {
    const res = await fetch(`${server!.url}/upstream/taobao-global/push`, { method: "POST", headers: { "content-type": "application/json", authorization: "00" }, body: '{"message_type":3}' });
    assert.equal(res.status, 401);
    const out = await cli("connector", "pushes", "taobao-global");
    assert.match(out, /REFUSED/);
    const status = await cli("connector", "status", "taobao-global");
    assert.match(status, /pushes       0 accepted, 1 refused/);
  });
});
