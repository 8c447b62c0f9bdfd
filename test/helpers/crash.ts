// The kill -9 harness of the record-before-buy tests: a child server on its own data that dies
// (SIGKILL) at a named failpoint, the same data restarted in this process, a developer created on the
// child and the same developer against the restarted server.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { OpenponClient } from "@openpon/sdk";
import { freshSchema, POSTGRES_URL, spawnServer, startServer, tempDir, type ChildServer, type TestDeveloper, type TestServer } from "./server.ts";

export interface CrashSetup {
  dataDir: string;
  schema: string;
  token: string;
  masterKey: string;
}

export function newCrashSetup(prefix = "openpon-crash-"): CrashSetup {
  return { dataDir: tempDir(prefix), schema: freshSchema(), token: randomBytes(12).toString("hex"), masterKey: randomBytes(32).toString("hex") };
}

/** A child server on the setup's data that dies (SIGKILL) at the named failpoint. */
export function spawnWithFailpoint(setup: CrashSetup, failpoint: string): Promise<ChildServer> {
  return spawnServer({
    DATA_DIR: setup.dataDir,
    DATABASE_URL: POSTGRES_URL ?? "",
    DATABASE_SCHEMA: setup.schema,
    OPERATOR_TOKEN: setup.token,
    MASTER_KEY: setup.masterKey,
    BOOTSTRAP_SANDBOX: "false",
    SANDBOX_ITEMS: "200",
    SANDBOX_TICK_MS: "0",
    REDIS_URL: "",
    PURCHASE_RECONCILE_AFTER: "1s",
    OPENPON_FAILPOINTS: failpoint,
  });
}

/** The same data, restarted in this process (real time; reconciliations due after 1 s). */
export function restart(setup: CrashSetup): Promise<TestServer> {
  return startServer({
    config: {
      dataDir: setup.dataDir,
      databaseUrl: POSTGRES_URL,
      databaseSchema: setup.schema,
      masterKey: setup.masterKey,
      operatorToken: setup.token,
      sandboxItems: 200,
      sandboxTickMs: 0,
      jobsPollMs: 50,
      purchaseReconcileAfterMs: 1000,
    },
  });
}

/** A sandbox developer created on the child through the operator API. */
export async function developerOn(child: ChildServer, setup: CrashSetup, name = "crash"): Promise<TestDeveloper> {
  const response = await fetch(`${child.url}/admin/developers`, {
    method: "POST",
    headers: { authorization: `Bearer ${setup.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name, userName: `${name}-user` }),
  });
  const envelope = (await response.json()) as { code: number; data: { developer: { developId: string }; credentials: { accessKey: string; accessSecret: string }; user: { userId: string } } };
  assert.equal(envelope.code, 200);
  const { developer, credentials, user } = envelope.data;
  return {
    developId: developer.developId,
    accessKey: credentials.accessKey,
    accessSecret: credentials.accessSecret,
    userId: user.userId,
    client: new OpenponClient({ baseUrl: child.url, accessKey: credentials.accessKey, accessSecret: credentials.accessSecret, userId: user.userId }),
  };
}

/** The same developer against another server. */
export function rebind(dev: TestDeveloper, url: string): TestDeveloper {
  return { ...dev, client: new OpenponClient({ baseUrl: url, accessKey: dev.accessKey, accessSecret: dev.accessSecret, userId: dev.userId }) };
}

/** Makes the call and asserts that the child died at its failpoint instead of answering. */
export async function diesOn(child: ChildServer, call: () => Promise<unknown>): Promise<void> {
  const exited = new Promise((resolve) => child.process.once("exit", resolve));
  const outcome = await call().then(
    () => "answered",
    () => "connection lost",
  );
  assert.equal(outcome, "connection lost", `the server should have died at its failpoint:\n${child.output()}`);
  await exited;
}

/** Stops a child that is still running (stop() would wait forever on one that was killed). */
export function stopChild(child: ChildServer): Promise<unknown> | undefined {
  return child.process.exitCode === null && child.process.signalCode === null ? child.stop() : undefined;
}
