// A `fetch` for clients written against the standard fetch API (the real marketplace connectors)
// that sends every request through the SSRF guard: the operator configures the upstream's URL, and
// a mistyped or hostile one must not reach the platform's own network.
import { safeFetch, SafeFetchError } from "./safe-fetch.ts";

export interface GuardedFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Loopback and private addresses, and plain http (local fakes, trusted networks). */
  allowPrivate: boolean;
}

export function guardedFetch(options: GuardedFetchOptions): typeof fetch {
  const send = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => void (headers[key] = value));
    // Bytes too: a multipart upload (1688's refund vouchers) arrives encoded, its boundary in the headers.
    const given = init.body;
    const body =
      given === undefined || given === null
        ? undefined
        : typeof given === "string"
          ? given
          : given instanceof URLSearchParams
            ? given.toString()
            : given instanceof Uint8Array
              ? Buffer.from(given.buffer, given.byteOffset, given.byteLength)
              : given instanceof ArrayBuffer
                ? Buffer.from(given)
                : undefined;
    if (given != null && body === undefined) throw new TypeError("guardedFetch sends string or byte bodies only");
    try {
      const answer = await safeFetch(url, {
        method: init.method ?? "GET",
        headers,
        ...(body === undefined ? {} : { body }),
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
        allowPrivate: options.allowPrivate,
        allowHttp: options.allowPrivate,
      });
      const status = answer.status;
      return new Response(status === 204 || status === 304 ? null : new Uint8Array(answer.body), { status, headers: answer.headers });
    } catch (err) {
      // As fetch does: a transport failure is a TypeError, whose cause says why.
      if (err instanceof SafeFetchError) throw new TypeError(`${err.kind}: ${err.message}`, { cause: err });
      throw err;
    }
  };
  return send as typeof fetch;
}
