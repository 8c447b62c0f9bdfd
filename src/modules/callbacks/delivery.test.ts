// The retry rule without a server: the state after an attempt, and the schedule it reads from the
// configuration (CALLBACK_RETRY_SCHEDULE, or the older CALLBACK_RETRY_DELAY_SECONDS / CALLBACK_MAX_ATTEMPTS).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig, parseDurationMs } from "../../config.ts";
import { nextState, retrySchedule } from "./delivery.ts";

const MIN = 60_000;
const failed = (atMs: number) => ({ errorKind: "http_status" as const, atMs });

test("the wait after the n-th failed attempt is schedule[n-1]; past the schedule's end the message is FAILED", () => {
  const schedule = [30_000, 5 * MIN, 2 * 3_600_000];
  assert.deepEqual(nextState(failed(1000), 1, false, schedule), { status: "RETRY_WAIT", dueMs: 1000 + 30_000, onClock: false });
  assert.deepEqual(nextState(failed(1000), 2, false, schedule), { status: "RETRY_WAIT", dueMs: 1000 + 5 * MIN, onClock: false });
  assert.deepEqual(nextState(failed(1000), 3, true, schedule), { status: "RETRY_WAIT", dueMs: 1000 + 2 * 3_600_000, onClock: true });
  assert.deepEqual(nextState(failed(1000), 4, true, schedule), { status: "FAILED", dueMs: 0, onClock: false });
  assert.deepEqual(nextState(failed(1000), 1, false, []), { status: "FAILED", dueMs: 0, onClock: false }, "an empty schedule: one attempt");
});

test("a delivered attempt ends the round whatever the schedule says", () => {
  assert.deepEqual(nextState({ errorKind: null, atMs: 5 }, 1, true, [MIN]), { status: "DELIVERED", dueMs: 0, onClock: false });
  assert.deepEqual(nextState({ errorKind: null, atMs: 5 }, 9, false, []), { status: "DELIVERED", dueMs: 0, onClock: false });
});

test("without a schedule: maxAttempts - 1 waits of retryDelayMs", () => {
  assert.deepEqual(retrySchedule({ maxAttempts: 3, retryDelayMs: 7 }), [7, 7]);
  assert.deepEqual(retrySchedule({ maxAttempts: 1, retryDelayMs: 7 }), []);
  assert.deepEqual(retrySchedule({ maxAttempts: 6, retryDelayMs: 7, retryScheduleMs: [1, 2] }), [1, 2]);
});

test("the default is PandaPon's (protocol.md §7.3): 6 attempts, 30 minutes apart", () => {
  const config = loadConfig({});
  assert.deepEqual(config.callbackRetryScheduleMs, [30 * MIN, 30 * MIN, 30 * MIN, 30 * MIN, 30 * MIN]);
  assert.equal(config.callbackMaxAttempts, 6);
  const schedule = retrySchedule({ maxAttempts: config.callbackMaxAttempts, retryDelayMs: config.callbackRetryDelaySeconds * 1000, retryScheduleMs: config.callbackRetryScheduleMs });
  const times = [0];
  for (let n = 1; ; n++) {
    const next = nextState(failed(times.at(-1)!), n, false, schedule);
    if (next.status === "FAILED") break;
    times.push(next.dueMs);
  }
  assert.deepEqual(times, [0, 30, 60, 90, 120, 150].map((m) => m * MIN));
});

test("CALLBACK_RETRY_DELAY_SECONDS and CALLBACK_MAX_ATTEMPTS still shape the schedule when it is not set", () => {
  const config = loadConfig({ CALLBACK_RETRY_DELAY_SECONDS: "10", CALLBACK_MAX_ATTEMPTS: "3" });
  assert.deepEqual(config.callbackRetryScheduleMs, [10_000, 10_000]);
  assert.equal(config.callbackMaxAttempts, 3);
  assert.deepEqual(loadConfig({ CALLBACK_MAX_ATTEMPTS: "1" }).callbackRetryScheduleMs, []);
});

test("CALLBACK_RETRY_SCHEDULE: a comma list of waits; attempts = its length + 1", () => {
  const config = loadConfig({ CALLBACK_RETRY_SCHEDULE: "30s, 5m,2h,1d,250", CALLBACK_MAX_ATTEMPTS: "2", CALLBACK_RETRY_DELAY_SECONDS: "1" });
  assert.deepEqual(config.callbackRetryScheduleMs, [30_000, 5 * MIN, 2 * 3_600_000, 86_400_000, 250]);
  assert.equal(config.callbackMaxAttempts, 6);
  assert.deepEqual(loadConfig({ CALLBACK_RETRY_SCHEDULE: "" }).callbackRetryScheduleMs.length, 5, "empty = unset");
  assert.deepEqual(loadConfig({}, { callbackRetryScheduleMs: [1] }).callbackMaxAttempts, 2, "an override wins");
});

test("a bad CALLBACK_RETRY_SCHEDULE is refused with an error naming the variable", () => {
  for (const bad of ["30 minutes", "30m,,30m", "-1s", "1.5h", "30m,x", "31d", Array(100).fill("1s").join(",")]) {
    assert.throws(
      () => loadConfig({ CALLBACK_RETRY_SCHEDULE: bad }),
      (err: unknown) => err instanceof ConfigError && err.message.startsWith("CALLBACK_RETRY_SCHEDULE must be"),
      bad,
    );
  }
});

test("durations: 30s, 30m, 2h, 1d, 500ms or plain milliseconds", () => {
  assert.equal(parseDurationMs("30s"), 30_000);
  assert.equal(parseDurationMs("30m"), 30 * MIN);
  assert.equal(parseDurationMs("2h"), 7_200_000);
  assert.equal(parseDurationMs("1d"), 86_400_000);
  assert.equal(parseDurationMs("500ms"), 500);
  assert.equal(parseDurationMs(" 1800 "), 1800);
  assert.equal(parseDurationMs("0"), 0);
  for (const bad of ["", "m", "1w", "1h30m", "1.5s", "-5", "5 m"]) assert.equal(parseDurationMs(bad), undefined, bad);
});
