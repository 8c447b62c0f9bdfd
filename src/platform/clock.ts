// The one source of "now". Production uses the system clock; tests and the sandbox inject their own.
export interface Clock {
  /** Current time in epoch milliseconds, as the business logic sees it. */
  now(): number;
  /** The machine's real time; differs from now() only for travelling test clocks. */
  realNow(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  realNow: () => Date.now(),
};

/** A clock that starts at a fixed instant and moves only when told to (tests). */
export class ManualClock implements Clock {
  #ms: number;
  constructor(startMs: number) {
    this.#ms = startMs;
  }
  now(): number {
    return this.#ms;
  }
  realNow(): number {
    return Date.now();
  }
  set(ms: number): void {
    this.#ms = ms;
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
