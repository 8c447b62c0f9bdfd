// The console's HTTP client: the same API integrators call. A developer's console session stands in
// for the signature on signed routes; every change carries the session's CSRF token.
let csrfToken = "";
let actingUserId = "";

export class ApiFailure extends Error {
  constructor(code, msg, status) {
    super(`${code}: ${msg}`);
    this.code = code;
    this.msg = msg;
    this.status = status;
  }
}

export function useSession(session) {
  csrfToken = session?.csrfToken ?? "";
  actingUserId = session?.kind === "developer" ? session.userId : "";
}

/** Which of the developer's users signed routes act as (the user-id header). */
export function actAs(userId) {
  actingUserId = userId;
}

export function actingUser() {
  return actingUserId;
}

/**
 * Calls the API and answers the envelope's data; a code other than 200 throws ApiFailure.
 * `query` is an object of query parameters (undefined and "" values are left out).
 */
export async function api(method, path, { body, query, raw = false, headers = {} } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== "" && value !== null) url.searchParams.set(name, String(value));
  const sent = { ...headers };
  if (method !== "GET" && method !== "HEAD" && csrfToken) sent["x-csrf-token"] = csrfToken;
  if (actingUserId && !path.startsWith("/admin") && !path.startsWith("/console/api")) sent["user-id"] = actingUserId;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    sent["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers: sent, body: payload, credentials: "same-origin" });
  const text = await response.text();
  let envelope;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new ApiFailure(response.status, text.slice(0, 200) || response.statusText, response.status);
  }
  if (raw) return envelope;
  if (envelope.code !== 200) throw new ApiFailure(envelope.code, envelope.msg ?? "", response.status);
  return envelope.data;
}
