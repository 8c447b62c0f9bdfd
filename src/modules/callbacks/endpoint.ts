// The developer's callback endpoint: its URL (saved only after a passed verification, protocol.md
// §7.2), shown with the Standard Webhooks signing secret, removed; and the checks a URL must pass.
import { randomBytes } from "node:crypto";
import { callbackBody, callbackHeaders } from "@openpon/sdk";
import { randomHex } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/index.ts";
import { ApiError, Code, invalid } from "../../platform/http/errors.ts";
import { forbiddenAddressReason } from "../../platform/net/safe-fetch.ts";
import type { CallbackDeps } from "./deps.ts";
import { allowsPrivate, postCallback } from "./delivery.ts";
import { CALLBACK_EXTENSIONS, CALLBACK_URL_VERIFY, type CallbackExtension, type EndpointView, type ExtensionsView, type VerifyResult } from "./model.ts";
import { callbacksRepo } from "./repo.ts";

const MAX_URL_LENGTH = 2048;

/** 40002 for a URL that can never pass; addresses a name resolves to are judged when connecting. */
export function checkCallbackUrl(url: string, allowPrivate: boolean): string {
  const text = url.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) throw invalid(`url must be 1 to ${MAX_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw invalid("url must be an absolute http(s) URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw invalid("url must be an https URL");
  if (parsed.protocol === "http:" && !allowPrivate) throw invalid("url must be an https URL (plain http only in the sandbox)");
  if (parsed.username || parsed.password) throw invalid("url must not carry a user name or password");
  if (parsed.hash) throw invalid("url must not have a #fragment");
  if (!allowPrivate) {
    const host = parsed.hostname.replace(/^\[|\]$/g, "");
    if (host === "localhost" || host.endsWith(".localhost")) throw invalid("url must not point at localhost (only in the sandbox)");
    if (/^[\d.]+$/.test(host) || host.includes(":")) {
      const reason = forbiddenAddressReason(host);
      if (reason) throw invalid(`url points at ${host}, which is ${reason}: not allowed (only in the sandbox)`);
    }
  }
  return parsed.toString();
}

export class CallbackEndpoints {
  readonly #deps: CallbackDeps;

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
  }

  async #endpoint(developerId: string, db: Db = this.#deps.db) {
    let row = await callbacksRepo.findEndpoint(db, developerId);
    if (!row) {
      const secret = `whsec_${randomBytes(32).toString("base64")}`;
      await callbacksRepo.insertEndpointIfAbsent(db, developerId, this.#deps.secrets.seal(secret), new Date(this.#deps.clock.now()));
      row = (await callbacksRepo.findEndpoint(db, developerId))!;
    }
    return row;
  }

  async show(developerId: string): Promise<EndpointView> {
    const developer = await this.#deps.identity.getDeveloper(developerId);
    const row = await this.#endpoint(developerId);
    return {
      developId: developerId,
      url: row.url,
      verifiedAt: row.verified_at ? row.verified_at.getTime() : null,
      signingSecret: this.#deps.secrets.open(row.signing_secret),
      allowsPrivate: allowsPrivate(this.#deps.settings, developer.sandbox),
    };
  }

  /** Sends CALLBACK_URL_VERIFY (protocol.md §7.2) to `url` (default: the saved URL); passes on HTTP 200 in time. */
  async verify(developerId: string, url?: string): Promise<VerifyResult> {
    const developer = await this.#deps.identity.getDeveloper(developerId);
    const row = await this.#endpoint(developerId);
    const target = url ?? row.url;
    if (!target) throw invalid("url is required: no callback URL is saved");
    const allowPrivate = allowsPrivate(this.#deps.settings, developer.sandbox);
    const checked = checkCallbackUrl(target, allowPrivate);
    const offsetMs = developer.sandbox ? (await this.#deps.clocks.now(developerId)) - this.#deps.clock.now() : 0;
    const messageId = randomHex(16);
    const body = callbackBody(CALLBACK_URL_VERIFY, "{}", 0, this.#deps.clock.now() + offsetMs);
    const headers = callbackHeaders(body, {
      messageId,
      accessSecret: await this.#deps.identity.currentSecret(developerId),
      signingSecret: this.#deps.secrets.open(row.signing_secret),
      nowSeconds: Math.floor(this.#deps.clock.realNow() / 1000),
    });
    const { atMs: _at, ...outcome } = await postCallback(this.#deps.settings, checked, body, headers, allowPrivate, 0);
    return { ...outcome, ok: outcome.errorKind === null, messageId };
  }

  /** Verifies `url` and saves it only when the verification passed (protocol.md §7.2). */
  async set(developerId: string, url: string): Promise<EndpointView & { verification: VerifyResult }> {
    const verification = await this.verify(developerId, url);
    if (!verification.ok) {
      throw new ApiError(
        Code.UPSTREAM_FAILURE,
        `callback URL verification failed (${verification.httpStatus !== null ? `HTTP ${verification.httpStatus}` : verification.errorKind}: ${verification.error ?? "not 200"}); the URL was not saved`,
      );
    }
    await callbacksRepo.setUrl(this.#deps.db, developerId, verification.url, new Date(this.#deps.clock.now()));
    return { ...(await this.show(developerId)), verification };
  }

  /** The callback families beyond PandaPon's and whether the developer opted into each. */
  async extensions(developerId: string): Promise<ExtensionsView> {
    await this.#deps.identity.getDeveloper(developerId);
    return extensionsView(await callbacksRepo.extensionsOf(this.#deps.db, developerId));
  }

  /** Opts in or out of callback families (those left out keep their setting). */
  async setExtensions(developerId: string, change: Partial<ExtensionsView>): Promise<ExtensionsView> {
    await this.#deps.identity.getDeveloper(developerId);
    await this.#endpoint(developerId);
    await this.#deps.db.transaction().execute(async (trx) => {
      const on = new Set(await callbacksRepo.extensionsOf(trx, developerId));
      for (const family of CALLBACK_EXTENSIONS) {
        if (change[family] === true) on.add(family);
        if (change[family] === false) on.delete(family);
      }
      await callbacksRepo.setExtensions(trx, developerId, CALLBACK_EXTENSIONS.filter((f) => on.has(f)), new Date(this.#deps.clock.now()));
    });
    return this.extensions(developerId);
  }

  async remove(developerId: string): Promise<EndpointView> {
    await this.#deps.identity.getDeveloper(developerId);
    await this.#endpoint(developerId);
    await callbacksRepo.setUrl(this.#deps.db, developerId, null, new Date(this.#deps.clock.now()));
    return this.show(developerId);
  }
}

function extensionsView(on: readonly string[]): ExtensionsView {
  return Object.fromEntries(CALLBACK_EXTENSIONS.map((family) => [family, on.includes(family)])) as ExtensionsView;
}

/**
 * Whether the developer opted into a callback family, read in the caller's transaction: a module
 * producing such events writes them to the outbox only then.
 */
export async function callbackExtensionOn(db: Db, developerId: string, family: CallbackExtension): Promise<boolean> {
  return (await callbacksRepo.extensionsOf(db, developerId)).includes(family);
}
