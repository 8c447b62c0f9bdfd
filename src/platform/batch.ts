// Per-tick batching for hot-path database work (the DataLoader idea): every call made during one turn
// of the event loop is answered by one `run` over all their inputs. Under load this turns N round
// trips into one; when idle it costs one setImmediate of latency.
export class TickBatcher<I, O> {
  readonly #run: (inputs: I[]) => Promise<O[]>;
  readonly #maxBatch: number;
  #pending: Array<{ input: I; resolve: (output: O) => void; reject: (err: unknown) => void }> = [];

  /** `run` must return one output per input, in input order. */
  constructor(run: (inputs: I[]) => Promise<O[]>, maxBatch = 500) {
    this.#run = run;
    this.#maxBatch = maxBatch;
  }

  load(input: I): Promise<O> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#flush());
      this.#pending.push({ input, resolve, reject });
    });
  }

  #flush(): void {
    const all = this.#pending;
    this.#pending = [];
    for (let start = 0; start < all.length; start += this.#maxBatch) {
      const batch = all.slice(start, start + this.#maxBatch);
      this.#run(batch.map((p) => p.input)).then(
        (outputs) => {
          if (outputs.length !== batch.length) throw new Error(`batch returned ${outputs.length} results for ${batch.length} inputs`);
          batch.forEach((p, i) => p.resolve(outputs[i]!));
        },
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      ).catch((err: unknown) => batch.forEach((p) => p.reject(err)));
    }
  }
}
