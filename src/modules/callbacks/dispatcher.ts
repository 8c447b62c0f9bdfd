// The delivery worker of one node: claims due messages (FOR UPDATE SKIP LOCKED, so any number of
// nodes share the work and no attempt is made twice), makes up to `concurrency` attempts at once and
// writes their outcomes in small batches. It wakes on the callbacks channel (a post-commit NOTIFY
// from this node or any other) and polls every `pollMs` for retries that fell due, for messages of
// dead nodes whose lease ran out, and for anything a lost notification hid.
import { randomBytes } from "node:crypto";
import type { ClaimedRow, Outcome } from "./repo.ts";

const CLAIM_BATCH = 200;
const RECORD_BATCH = 200;
const FLUSH_DELAY_MS = 5;

export interface DispatcherStats {
  claimed: number;
  delivered: number;
  failed: number;
}

/** What the dispatcher runs (delivery.ts's CallbackDelivery); `Ctx` is what an attempt needs about its developer. */
export interface DeliverySteps<Ctx> {
  claim(limit: number, token: string): Promise<ClaimedRow[]>;
  reclaimExpired(): Promise<number>;
  contexts(developerIds: Iterable<string>): Promise<Map<string, Ctx | undefined>>;
  deliver(claimed: ClaimedRow, ctx: Ctx | undefined, token: string): Promise<Outcome>;
  record(outcomes: Outcome[]): Promise<void>;
}

/** Emits "due" whenever messages may have become due (any node's NOTIFY). */
export interface DueSignal {
  on(event: "due", listener: () => void): unknown;
  off(event: "due", listener: () => void): unknown;
}

export interface DispatcherOptions {
  /** Attempts in flight at once. */
  concurrency: number;
  /** How often to look for due retries and expired leases without a wake-up. */
  pollMs: number;
  wakeOn: DueSignal;
  onError?: (err: unknown) => void;
}

export class CallbackDispatcher<Ctx = unknown> {
  readonly #steps: DeliverySteps<Ctx>;
  readonly #wakeOn: DueSignal;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #nodeTag = randomBytes(6).toString("hex");
  #claims = 0;
  #running = false;
  #stopped: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #woken = false;
  #inFlight = 0;
  #slotFreed: (() => void) | undefined;
  #pending: Outcome[] = [];
  #flushing: Promise<void> = Promise.resolve();
  #lastReclaim = 0;
  readonly #minClaim: number;
  #flushTimer: NodeJS.Timeout | undefined;
  readonly stats: DispatcherStats = { claimed: 0, delivered: 0, failed: 0 };
  readonly #onDue = () => this.wake();

  constructor(steps: DeliverySteps<Ctx>, options: DispatcherOptions) {
    this.#steps = steps;
    this.#wakeOn = options.wakeOn;
    this.#concurrency = options.concurrency;
    this.#minClaim = Math.max(1, Math.floor(this.#concurrency / 4));
    this.#pollMs = options.pollMs;
    this.#onError = options.onError ?? (() => {});
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#wakeOn.on("due", this.#onDue);
    this.#stopped = this.#loop();
  }

  /** Stops claiming, lets attempts in flight finish and records them. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wakeOn.off("due", this.#onDue);
    this.wake();
    await this.#stopped;
  }

  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  #sleep(ms: number): Promise<void> {
    if (this.#woken || !this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = done;
    });
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      try {
        const now = Date.now();
        if (now - this.#lastReclaim >= this.#pollMs) {
          this.#lastReclaim = now;
          await this.#steps.reclaimExpired();
        }
        // Claim in batches: wait until a quarter of the slots are free (or none is busy), so that a
        // claim and its developers' reads serve many attempts.
        const free = this.#concurrency - this.#inFlight;
        if (free <= 0 || (this.#inFlight > 0 && free < this.#minClaim)) {
          await new Promise<void>((resolve) => (this.#slotFreed = resolve));
          continue;
        }
        this.#woken = false;
        const token = `${this.#nodeTag}.${++this.#claims}`;
        const claimed = await this.#steps.claim(Math.min(CLAIM_BATCH, this.#concurrency - this.#inFlight), token);
        if (claimed.length === 0) {
          await this.#sleep(this.#pollMs);
          continue;
        }
        this.stats.claimed += claimed.length;
        const contexts = await this.#steps.contexts(claimed.map((c) => c.developer_id));
        for (const message of claimed) this.#start(message, contexts.get(message.developer_id), token);
        // More may be due right away: claim again (bounded by the free slots).
        this.#woken = true;
      } catch (err) {
        this.#onError(err);
        await this.#sleep(Math.min(this.#pollMs, 1000));
      }
    }
    while (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#slotFreed = resolve));
    await this.#flush();
  }

  #start(message: ClaimedRow, ctx: Ctx | undefined, token: string): void {
    this.#inFlight++;
    this.#steps
      .deliver(message, ctx, token)
      .then(
        (outcome) => {
          if (outcome.status === "DELIVERED") this.stats.delivered++;
          else if (outcome.attemptRow) this.stats.failed++;
          this.#pending.push(outcome);
          // Outcomes are written in batches: at once when many wait or nothing else is in flight,
          // otherwise within a few milliseconds.
          if (this.#pending.length >= RECORD_BATCH || this.#inFlight <= 1) void this.#flush();
          else this.#flushTimer ??= setTimeout(() => void this.#flush(), FLUSH_DELAY_MS);
        },
        (err) => this.#onError(err),
      )
      .finally(() => {
        this.#inFlight--;
        const freed = this.#slotFreed;
        this.#slotFreed = undefined;
        freed?.();
      });
  }

  /** Writes collected outcomes, one batch at a time. */
  #flush(): Promise<void> {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#flushing = this.#flushing.then(async () => {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, RECORD_BATCH);
        try {
          await this.#steps.record(batch);
        } catch (err) {
          // The claims stay DELIVERING; their lease runs out and another pass makes the attempt again.
          this.#onError(err);
        }
      }
    });
    return this.#flushing;
  }

  /** Resolves when nothing is in flight and every outcome is written (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.#inFlight > 0) await new Promise<void>((resolve) => setTimeout(resolve, 5));
    await this.#flush();
  }
}
