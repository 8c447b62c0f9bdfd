// How a real connector treats its upstream, whichever marketplace it is: it rate-limits itself (a
// token bucket per app key, since the upstream's quota is per app), retries transient failures with
// exponential backoff and full jitter (never a non-idempotent call unless the caller says a retry is
// safe, e.g. it carries a client reference the upstream deduplicates on), stops calling a failing
// upstream (a circuit breaker answering 50201 at once while open) and keeps health counters for
// `openpon connector status`. The pure parts take an injected clock and random source.
import { UpstreamError } from "../port.ts";

export type Now = () => number;
export type Random = () => number;

// ---------------------------------------------------------------------------------------------
// Token bucket

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSec: number;
  #tokens: number;
  #at: number;
  constructor(capacity: number, refillPerSec: number, now: number) {
    this.capacity = capacity;
    this.refillPerSec = refillPerSec;
    this.#tokens = capacity;
    this.#at = now;
  }

  /** Takes a token if one is there; otherwise how long (ms) until one will be. */
  take(now: number): number {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.refillPerSec);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.refillPerSec) * 1000);
  }
}

/** One bucket per app key, shared by every connector object using that key (the quota is the app's). */
export class RateLimits {
  readonly #buckets = new Map<string, TokenBucket>();
  bucket(key: string, capacity: number, refillPerSec: number, now: number): TokenBucket {
    let b = this.#buckets.get(key);
    // An operator's new rate for the app takes effect at once (a full bucket at the new size).
    if (!b || b.capacity !== capacity || b.refillPerSec !== refillPerSec) this.#buckets.set(key, (b = new TokenBucket(capacity, refillPerSec, now)));
    return b;
  }
}

/** The process-wide buckets (a deployment with several nodes divides the rate by the node count). */
export const defaultRateLimits = new RateLimits();

// ---------------------------------------------------------------------------------------------
// Backoff

/** Full jitter (AWS architecture blog): a uniform delay in [0, min(cap, base·2^attempt)). attempt counts from 0. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: Random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

// ---------------------------------------------------------------------------------------------
// Circuit breaker

export type CircuitState = "closed" | "open" | "half_open";

export class CircuitBreaker {
  readonly threshold: number;
  readonly coolDownMs: number;
  #state: CircuitState = "closed";
  #failures = 0;
  #openedAt = 0;
  #reason = "";
  #probing = false;
  constructor(threshold: number, coolDownMs: number) {
    this.threshold = threshold;
    this.coolDownMs = coolDownMs;
  }

  state(now: number): CircuitState {
    if (this.#state === "open" && now - this.#openedAt >= this.coolDownMs) {
      this.#state = "half_open";
      this.#probing = false;
    }
    return this.#state;
  }

  get reason(): string {
    return this.#reason;
  }

  /** Whether a call may go out now. Half-open lets exactly one probe through until it settles. */
  allow(now: number): boolean {
    const state = this.state(now);
    if (state === "closed") return true;
    if (state === "half_open" && !this.#probing) {
      this.#probing = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.#state = "closed";
    this.#failures = 0;
    this.#probing = false;
  }

  /** A transient failure; the threshold-th in a row (or a failed probe) opens the circuit. */
  failure(now: number, reason: string): void {
    this.#failures += 1;
    this.#reason = reason;
    if (this.#state === "half_open" || this.#failures >= this.threshold) {
      this.#state = "open";
      this.#openedAt = now;
      this.#probing = false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Health

export interface HealthSnapshot {
  lastCallAt: number | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  /** The last refusal (the upstream answered no: a bad signature, an unknown order…); not a failure of the upstream, but shown so a misconfiguration is visible. */
  lastRefusal: string | null;
  /** Calls and failed calls (transient failures) within the window. */
  calls: number;
  errors: number;
  /** errors / calls within the window; 0 without calls. */
  errorRate: number;
  circuit: CircuitState;
  circuitReason: string | null;
}

export class HealthCounters {
  readonly windowMs: number;
  #outcomes: Array<{ at: number; ok: boolean }> = [];
  #lastCallAt: number | null = null;
  #lastSuccessAt: number | null = null;
  #lastErrorAt: number | null = null;
  #lastError: string | null = null;
  #lastRefusal: string | null = null;
  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** A call the upstream answered with a refusal: it counts as a working call. */
  refused(at: number, reason: string): void {
    this.#lastRefusal = reason;
    this.record(at, true);
  }

  record(at: number, ok: boolean, error?: string): void {
    this.#lastCallAt = at;
    if (ok) this.#lastSuccessAt = at;
    else {
      this.#lastErrorAt = at;
      this.#lastError = error ?? "failed";
    }
    this.#outcomes.push({ at, ok });
    this.#prune(at);
  }

  #prune(now: number): void {
    const from = now - this.windowMs;
    let i = 0;
    while (i < this.#outcomes.length && this.#outcomes[i]!.at < from) i++;
    if (i > 0) this.#outcomes.splice(0, i);
  }

  snapshot(now: number, circuit: CircuitBreaker): HealthSnapshot {
    this.#prune(now);
    const calls = this.#outcomes.length;
    const errors = this.#outcomes.filter((o) => !o.ok).length;
    const state = circuit.state(now);
    return {
      lastCallAt: this.#lastCallAt,
      lastSuccessAt: this.#lastSuccessAt,
      lastErrorAt: this.#lastErrorAt,
      lastError: this.#lastError,
      lastRefusal: this.#lastRefusal,
      calls,
      errors,
      errorRate: calls === 0 ? 0 : errors / calls,
      circuit: state,
      circuitReason: state === "closed" ? null : circuit.reason,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The policy

export interface PolicyOptions {
  /** Names the connector in messages ("alibaba-1688"). */
  name: string;
  /** The rate-limit key: the app key. */
  key: string;
  /** Sustained calls per second and burst. */
  ratePerSec?: number;
  burst?: number;
  /** Attempts in all for a retryable call (1 = no retry). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Consecutive transient failures that open the circuit, and how long it stays open. */
  circuitThreshold?: number;
  circuitCoolDownMs?: number;
  healthWindowMs?: number;
  /** Whether an error is worth another try (network, timeout, 5xx, throttling). */
  isTransient: (err: unknown) => boolean;
  now?: Now;
  random?: Random;
  sleep?: (ms: number) => Promise<void>;
  rateLimits?: RateLimits;
}

export interface CallOptions {
  /** What the call is, for messages ("alibaba.trade.createCrossOrder"). */
  op: string;
  /** A read, or a write the upstream deduplicates (e.g. by a client reference): safe to send again. */
  retrySafe: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class UpstreamPolicy {
  readonly name: string;
  readonly #o: Required<Omit<PolicyOptions, "name" | "key" | "rateLimits">>;
  readonly #bucket: TokenBucket;
  readonly circuit: CircuitBreaker;
  readonly health: HealthCounters;

  constructor(options: PolicyOptions) {
    this.name = options.name;
    this.#o = {
      ratePerSec: 10,
      burst: 20,
      maxAttempts: 4,
      backoffBaseMs: 200,
      backoffCapMs: 5_000,
      circuitThreshold: 5,
      circuitCoolDownMs: 30_000,
      healthWindowMs: 5 * 60_000,
      now: Date.now,
      random: Math.random,
      sleep: defaultSleep,
      // Members given as undefined keep their defaults.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as PolicyOptions),
    };
    this.#bucket = (options.rateLimits ?? defaultRateLimits).bucket(options.key, this.#o.burst, this.#o.ratePerSec, this.#o.now());
    this.circuit = new CircuitBreaker(this.#o.circuitThreshold, this.#o.circuitCoolDownMs);
    this.health = new HealthCounters(this.#o.healthWindowMs);
  }

  status(): HealthSnapshot {
    return this.health.snapshot(this.#o.now(), this.circuit);
  }

  /**
   * Runs one upstream call under the policy. A transient failure is retried (when the call is
   * retry-safe) after a jittered backoff; the last error is rethrown as it is, so the connector maps
   * it with the upstream's code. While the circuit is open the call fails at once with 50201.
   */
  async run<T>(call: CallOptions, fn: () => Promise<T>): Promise<T> {
    const { now, sleep, random } = this.#o;
    const attempts = call.retrySafe ? this.#o.maxAttempts : 1;
    for (let attempt = 0; ; attempt++) {
      if (!this.circuit.allow(now())) {
        throw new UpstreamError("circuit_open", `${this.name}: circuit open, not calling ${call.op} (after: ${this.circuit.reason}); retrying after the cool-down`);
      }
      for (let wait = this.#bucket.take(now()); wait > 0; wait = this.#bucket.take(now())) await sleep(wait);
      try {
        const result = await fn();
        this.circuit.success();
        this.health.record(now(), true);
        return result;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (!this.#o.isTransient(err)) {
          // The upstream answered (a refusal): it is up, so the circuit counts it as a success.
          this.circuit.success();
          this.health.refused(now(), reason);
          throw err;
        }
        this.circuit.failure(now(), reason);
        this.health.record(now(), false, reason);
        if (attempt + 1 >= attempts || this.circuit.state(now()) === "open") throw err;
        await sleep(backoffDelay(attempt, this.#o.backoffBaseMs, this.#o.backoffCapMs, random));
      }
    }
  }
}
