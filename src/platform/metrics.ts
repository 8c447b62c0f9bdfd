// Prometheus metrics (served at /metrics): request counts and latency per route and envelope code.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly #requests: Counter<"route" | "method" | "code">;
  readonly #latency: Histogram<"route" | "method" | "code">;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: "openpon_" });
    this.#requests = new Counter({
      name: "openpon_http_requests_total",
      help: "HTTP requests by route, method and envelope code (200 = success, else protocol.md §6)",
      labelNames: ["route", "method", "code"],
      registers: [this.registry],
    });
    this.#latency = new Histogram({
      name: "openpon_http_request_duration_seconds",
      help: "HTTP request latency by route, method and envelope code",
      labelNames: ["route", "method", "code"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
  }

  // Label children are looked up once per (route, method, code): hashing labels on every request
  // showed up in the order-page profile.
  readonly #children = new Map<string, { requests: { inc(): void }; latency: { observe(v: number): void } }>();

  observeRequest(route: string, method: string, code: number, seconds: number): void {
    const key = `${method} ${code} ${route}`;
    let child = this.#children.get(key);
    if (!child) {
      const labels = { route, method, code: String(code) };
      child = { requests: this.#requests.labels(labels), latency: this.#latency.labels(labels) };
      this.#children.set(key, child);
    }
    child.requests.inc();
    child.latency.observe(seconds);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
