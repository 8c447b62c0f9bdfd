// Memos that live for one HTTP request: a value read once (a sandbox clock's row) is reused by every
// service the request passes through, instead of costing a database round trip in each of them.
// Only for state that a request may treat as fixed from its start: a concurrent change elsewhere is
// seen by the next request, exactly as if this one had run a moment earlier. Outside a request
// (background runners, the CLI) nothing is memoised.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<Map<string, unknown>>();

/** Runs `fn` (and everything it awaits) in a fresh request scope. */
export function runInRequestScope<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

/** The request's memo under `key`, loading it on first use (not memoised outside a request). */
export async function memoInRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const memos = scope.getStore();
  if (!memos) return load();
  if (memos.has(key)) return memos.get(key) as T;
  const value = await load();
  memos.set(key, value);
  return value;
}

/** Replaces (or, with undefined, forgets) the request's memo under `key` after this request changed it. */
export function setInRequest(key: string, value: unknown): void {
  const memos = scope.getStore();
  if (!memos) return;
  if (value === undefined) memos.delete(key);
  else memos.set(key, value);
}
