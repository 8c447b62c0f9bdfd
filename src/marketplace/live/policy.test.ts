// The upstream policy with an injected clock, random source and sleep: no real time passes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { UpstreamError } from "../port.ts";
import { CircuitBreaker, HealthCounters, RateLimits, TokenBucket, UpstreamPolicy, backoffDelay } from "./policy.ts";

class Transient extends Error {
  readonly transient = true;
}

function harness(overrides: Partial<ConstructorParameters<typeof UpstreamPolicy>[0]> = {}) {
  let t = 1_000_000;
  const sleeps: number[] = [];
  const policy = new UpstreamPolicy({
    name: "test-upstream",
    key: "app",
    ratePerSec: 1000,
    burst: 1000,
    maxAttempts: 4,
    backoffBaseMs: 100,
    backoffCapMs: 1000,
    circuitThreshold: 3,
    circuitCoolDownMs: 10_000,
    isTransient: (err) => err instanceof Transient,
    now: () => t,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    rateLimits: new RateLimits(),
    ...overrides,
  });
  return { policy, sleeps, advance: (ms: number) => (t += ms), now: () => t };
}

describe("token bucket", () => {
  test("a burst, then one token per 1/rate seconds", () => {
    const b = new TokenBucket(2, 4, 0);
    assert.equal(b.take(0), 0);
    assert.equal(b.take(0), 0);
    assert.equal(b.take(0), 250, "empty: the next token in 250 ms at 4/s");
    assert.equal(b.take(100), 150);
    assert.equal(b.take(250), 0);
    assert.equal(b.take(10_000), 0);
    assert.equal(b.take(10_000), 0, "refill is capped at the burst");
    assert.equal(b.take(10_000), 250);
  });

  test("one bucket per app key, shared; a new rate for the key replaces it", () => {
    const limits = new RateLimits();
    const first = limits.bucket("k", 1, 1, 0);
    assert.equal(limits.bucket("k", 1, 1, 5), first);
    assert.notEqual(limits.bucket("other", 1, 1, 0), first);
    const retuned = limits.bucket("k", 5, 5, 0);
    assert.notEqual(retuned, first);
    assert.deepEqual([retuned.capacity, retuned.refillPerSec], [5, 5]);
    assert.equal(limits.bucket("k", 5, 5, 0), retuned);
  });

  test("the policy waits for a token instead of calling over the rate", async () => {
    const h = harness({ ratePerSec: 2, burst: 1 });
    await h.policy.run({ op: "a", retrySafe: true }, async () => 1);
    await h.policy.run({ op: "b", retrySafe: true }, async () => 2);
    assert.deepEqual(h.sleeps, [500]);
  });
});

describe("backoff", () => {
  test("full jitter: uniform in [0, min(cap, base·2^attempt))", () => {
    assert.equal(backoffDelay(0, 100, 1000, () => 0.999), 99);
    assert.equal(backoffDelay(3, 100, 1000, () => 0.5), 400);
    assert.equal(backoffDelay(10, 100, 1000, () => 0.5), 500, "capped");
    assert.equal(backoffDelay(5, 100, 1000, () => 0), 0);
  });
});

describe("retries", () => {
  test("a retry-safe call is retried on transient failures with growing jittered delays", async () => {
    const h = harness();
    let calls = 0;
    const result = await h.policy.run({ op: "read", retrySafe: true }, async () => {
      if (++calls < 3) throw new Transient("502");
      return "ok";
    });
    assert.equal(result, "ok");
    assert.equal(calls, 3);
    assert.deepEqual(h.sleeps, [50, 100], "random 0.5 × 100·2^attempt");
  });

  test("a non-idempotent call without a client reference is never retried", async () => {
    const h = harness();
    let calls = 0;
    await assert.rejects(
      h.policy.run({ op: "create", retrySafe: false }, async () => {
        calls++;
        throw new Transient("network");
      }),
      /network/,
    );
    assert.equal(calls, 1);
  });

  test("a refusal (not transient) is not retried and does not count against the circuit", async () => {
    const h = harness();
    let calls = 0;
    for (let i = 0; i < 5; i++) {
      await assert.rejects(
        h.policy.run({ op: "cancel", retrySafe: true }, async () => {
          calls++;
          throw new Error("CLOSE_ORDER_TOO_FAST");
        }),
      );
    }
    assert.equal(calls, 5);
    assert.equal(h.policy.status().circuit, "closed");
    assert.equal(h.policy.status().errorRate, 0);
    assert.equal(h.policy.status().lastRefusal, "CLOSE_ORDER_TOO_FAST", "visible in the status all the same");
  });

  test("gives up after maxAttempts and rethrows the last error", async () => {
    const h = harness({ circuitThreshold: 100 });
    let calls = 0;
    await assert.rejects(
      h.policy.run({ op: "read", retrySafe: true }, async () => {
        throw new Transient(`fail ${++calls}`);
      }),
      /fail 4/,
    );
  });
});

describe("circuit breaker", () => {
  test("opens after N consecutive failures, half-opens after the cool-down, closes on a good probe", () => {
    const c = new CircuitBreaker(2, 1000);
    c.failure(0, "a");
    assert.equal(c.state(0), "closed");
    c.success();
    c.failure(0, "a");
    assert.equal(c.state(0), "closed", "a success resets the count");
    c.failure(1, "b");
    assert.equal(c.state(1), "open");
    assert.equal(c.allow(999), false);
    assert.equal(c.allow(1001), true, "half-open: one probe");
    assert.equal(c.allow(1001), false, "only one probe at a time");
    c.failure(1002, "c");
    assert.equal(c.state(1002), "open", "a failed probe reopens");
    assert.equal(c.allow(2002), true);
    c.success();
    assert.equal(c.state(2002), "closed");
  });

  test("while open, calls answer UpstreamError 50201 at once with the reason", async () => {
    const h = harness({ maxAttempts: 1 });
    for (let i = 0; i < 3; i++) await assert.rejects(h.policy.run({ op: "read", retrySafe: true }, async () => Promise.reject(new Transient("HTTP 503"))));
    let called = false;
    const err = await h.policy
      .run({ op: "read", retrySafe: true }, async () => {
        called = true;
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof UpstreamError);
    assert.equal(err.code, 50201);
    assert.equal(err.reason, "circuit_open");
    assert.match(err.message, /HTTP 503/);
    assert.equal(called, false);
    h.advance(10_000);
    assert.equal(await h.policy.run({ op: "read", retrySafe: true }, async () => "back"), "back");
    assert.equal(h.policy.status().circuit, "closed");
  });
});

describe("health", () => {
  test("last call, error rate over the window, circuit state", async () => {
    const h = harness({ maxAttempts: 1, circuitThreshold: 10 });
    await h.policy.run({ op: "a", retrySafe: true }, async () => 1);
    await assert.rejects(h.policy.run({ op: "b", retrySafe: true }, async () => Promise.reject(new Transient("boom"))));
    const s = h.policy.status();
    assert.equal(s.lastCallAt, h.now());
    assert.equal(s.calls, 2);
    assert.equal(s.errorRate, 0.5);
    assert.equal(s.lastError, "boom");
    assert.equal(s.circuit, "closed");
    const counters = new HealthCounters(1000);
    counters.record(0, false, "x");
    counters.record(500, true);
    assert.equal(counters.snapshot(1200, new CircuitBreaker(1, 1)).errorRate, 0, "the old failure left the window");
  });
});
