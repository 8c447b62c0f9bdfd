// The after-sales picture store (shared/pictures.ts is its contract): buyers' pictures, sent as base64
// or as addresses, are checked and re-encoded (codec.ts) and kept in aftersales_images under a random
// 256-bit token; the platform serves them back (routes.ts) at
//   <publicUrl>/aftersales/pictures/<developerId>/<token>.<jpg|png|webp>
// to anyone who has the address (sellers and storefronts fetch it) and only under the developer that
// stored them.
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import { invalid } from "../../../platform/http/errors.ts";
import { isInt8Id, type IdGenerator } from "../../../platform/ids.ts";
import { safeFetch, SafeFetchError } from "../../../platform/net/safe-fetch.ts";
import type { PictureOwner, Pictures, StoredPicture } from "../shared/pictures.ts";
import { cleanPicture, decodeBase64Picture, EXTENSIONS, sizeText, type CleanPicture, type PictureType } from "./codec.ts";

export interface ImageStoreOptions {
  db: Db;
  ids: IdGenerator;
  clock: Clock;
  /** The platform's address as clients reach it (config PUBLIC_URL). */
  publicUrl: string;
  /** Largest picture accepted, decoded bytes (AFTERSALES_PICTURE_MAX_BYTES). */
  maxBytes: number;
  /** Most pixels a picture may decode to (decompression bombs); default 40 million. */
  maxPixels?: number;
  /** Deadline of fetching one address, ms; default 5000. */
  fetchTimeoutMs?: number;
  /** Let adopt() fetch loopback and private addresses (AFTERSALES_PICTURE_ALLOW_PRIVATE: trusted networks, tests). */
  allowPrivate?: boolean;
}

/** Where the platform serves stored pictures (routes.ts registers it). */
export const PICTURE_ROUTE = "/aftersales/pictures";

/** A stored picture's file name: the token (43 base64url characters) and, optionally, its extension. */
const FILE = /^([A-Za-z0-9_-]{43})(?:\.(jpg|png|webp))?$/;
const OWN_PATH = new RegExp(`^${PICTURE_ROUTE}/([^/]+)/([^/]+)$`);
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface ServedPicture {
  contentType: PictureType;
  bytes: Buffer;
}

/** A picture ready for adopt() to return: an own stored one, or a fetched one cleaned and not yet saved. */
type Adopted = { url: string } | { picture: CleanPicture };

export class ImageStore implements Pictures {
  readonly maxBytes: number;
  readonly #db: Db;
  readonly #ids: IdGenerator;
  readonly #clock: Clock;
  readonly #publicUrl: string;
  readonly #publicHost: string;
  /** The path PUBLIC_URL may put in front of the platform's own paths (a reverse proxy's prefix), mostly "". */
  readonly #publicPath: string;
  readonly #maxPixels: number;
  readonly #fetchTimeoutMs: number;
  readonly #allowPrivate: boolean;

  constructor(options: ImageStoreOptions) {
    this.#db = options.db;
    this.#ids = options.ids;
    this.#clock = options.clock;
    this.#publicUrl = options.publicUrl.replace(/\/+$/, "");
    const url = new URL(this.#publicUrl);
    this.#publicHost = url.host;
    this.#publicPath = url.pathname.replace(/\/+$/, "");
    this.maxBytes = options.maxBytes;
    this.#maxPixels = options.maxPixels ?? 40_000_000;
    this.#fetchTimeoutMs = options.fetchTimeoutMs ?? 5000;
    this.#allowPrivate = options.allowPrivate ?? false;
  }

  async fromBase64(owner: PictureOwner, base64: string, field: string): Promise<StoredPicture> {
    return this.#save(owner, await this.#clean(decodeBase64Picture(base64, field, this.maxBytes), field));
  }

  async adopt(owner: PictureOwner, urls: readonly string[], field: string): Promise<string[]> {
    // Every address is checked (fetched at once) before any is saved: a refused list leaves no rows
    // behind. The first failing address in the caller's order is the one reported.
    const checked = await Promise.allSettled(urls.map((url, i) => this.#check(owner, url, `${field}[${i}]`)));
    const adopted = checked.map((result) => {
      if (result.status === "rejected") throw result.reason;
      return result.value;
    });
    const out: string[] = [];
    for (const item of adopted) out.push("url" in item ? item.url : (await this.#save(owner, item.picture)).url);
    return out;
  }

  /** The picture behind a served file name, or undefined (unknown token, another developer's, wrong extension). */
  async read(developerId: string, file: string): Promise<ServedPicture | undefined> {
    const row = await this.#find(developerId, file, true);
    if (!row) return undefined;
    const bytes = row.bytes as Uint8Array;
    return { contentType: row.contentType, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /** The developer's own stored picture behind an address of this platform (never fetched), or undefined. */
  async load(developerId: string, url: string): Promise<ServedPicture | undefined> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const own = this.#ownAddress(parsed);
    if (!own || own.developerId !== developerId) return undefined;
    return this.read(developerId, own.file);
  }

  async #find(developerId: string, file: string, withBytes: boolean): Promise<{ token: string; contentType: PictureType; bytes?: Uint8Array } | undefined> {
    const name = FILE.exec(file);
    if (!name || !isInt8Id(developerId)) return undefined;
    const row = await this.#db
      .selectFrom("aftersales_images")
      .select(withBytes ? ["token", "content_type", "bytes"] : ["token", "content_type"])
      .where("token", "=", name[1]!)
      .where("developer_id", "=", developerId)
      .executeTakeFirst();
    if (!row || (name[2] !== undefined && name[2] !== EXTENSIONS[row.content_type])) return undefined;
    return { token: row.token, contentType: row.content_type, ...("bytes" in row ? { bytes: row.bytes as Uint8Array } : {}) };
  }

  #address(developerId: string, token: string, contentType: PictureType): StoredPicture {
    const relativeUrl = `${PICTURE_ROUTE}/${developerId}/${token}.${EXTENSIONS[contentType]}`;
    return { url: this.#publicUrl + relativeUrl, domain: this.#publicUrl, relativeUrl };
  }

  #clean(input: Buffer, field: string): Promise<CleanPicture> {
    return cleanPicture(input, field, { maxBytes: this.maxBytes, maxPixels: this.#maxPixels });
  }

  async #save(owner: PictureOwner, picture: CleanPicture): Promise<StoredPicture> {
    const sha256 = createHash("sha256").update(picture.bytes).digest("hex");
    // The same picture stored again by the same buyer keeps its first row and address.
    const same = await this.#db
      .selectFrom("aftersales_images")
      .select(["token", "content_type"])
      .where("developer_id", "=", owner.developerId)
      .where("user_id", "=", owner.userId)
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    if (same) return this.#address(owner.developerId, same.token, same.content_type);
    const token = randomBytes(32).toString("base64url");
    await this.#db
      .insertInto("aftersales_images")
      .values({
        id: this.#ids.next(),
        token,
        developer_id: owner.developerId,
        user_id: owner.userId,
        content_type: picture.contentType,
        width: picture.width,
        height: picture.height,
        bytes: picture.bytes,
        sha256,
        created_at: new Date(this.#clock.now()),
      })
      .execute();
    return this.#address(owner.developerId, token, picture.contentType);
  }

  /** (developerId, file) of an address on this platform's picture route (its public host or loopback), else undefined. */
  #ownAddress(url: URL): { developerId: string; file: string } | undefined {
    if (url.host !== this.#publicHost && !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
    const path = this.#publicPath && url.pathname.startsWith(`${this.#publicPath}/`) ? url.pathname.slice(this.#publicPath.length) : url.pathname;
    const match = OWN_PATH.exec(path);
    return match ? { developerId: match[1]!, file: match[2]! } : undefined;
  }

  async #check(owner: PictureOwner, text: string, field: string): Promise<Adopted> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalid(`${field} is not an absolute http(s) URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(`${field} is not an absolute http(s) URL`);
    const own = this.#ownAddress(url);
    if (own) {
      // The platform's own address: kept (in its canonical form) without a request, if it is this developer's.
      const stored = own.developerId === owner.developerId ? await this.#find(own.developerId, own.file, false) : undefined;
      if (!stored) throw invalid(`${field} is not a picture stored by this developer`);
      return { url: this.#address(owner.developerId, stored.token, stored.contentType).url };
    }
    let body: Buffer;
    try {
      const response = await safeFetch(url.toString(), {
        timeoutMs: this.#fetchTimeoutMs,
        maxBytes: this.maxBytes,
        allowHttp: true,
        allowPrivate: this.#allowPrivate,
        headers: { accept: "image/jpeg, image/png, image/webp" },
      });
      if (response.status !== 200) throw invalid(`${field} answered HTTP ${response.status}`);
      body = response.body;
    } catch (err) {
      if (err instanceof SafeFetchError) {
        if (err.kind === "too_large") throw invalid(`${field} is larger than ${sizeText(this.maxBytes)}`);
        throw invalid(`${field} cannot be fetched: ${err.message}`);
      }
      throw err;
    }
    return { picture: await this.#clean(body, field) };
  }
}
