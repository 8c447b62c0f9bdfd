// Where image-search bytes come from when the client sends a URL. The platform's own sandbox image
// URLs are answered from the renderer (no request is made, so no SSRF question arises); every other
// URL is fetched through the SSRF guard with a size cap and a timeout.
import { MAX_IMAGE_BYTES, type GoodsPort, type Platform } from "../../marketplace/port.ts";
import { invalid } from "../../platform/http/errors.ts";
import { safeFetch, SafeFetchError } from "../../platform/net/safe-fetch.ts";

const OWN_IMAGE_PATH = /^\/sandbox\/img\/(taobao|alibaba)\/([A-Za-z0-9_-]{22}\/[0-2]\.png)$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface ImageSourceOptions {
  goods: GoodsPort;
  publicUrl: string;
  timeoutMs?: number;
}

export function createImageFetcher(options: ImageSourceOptions): (url: string, field: string) => Promise<Buffer> {
  const ownHost = new URL(options.publicUrl).host;
  return async (text: string, field: string) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalid(`${field} is not an absolute http(s) URL`);
    }
    const own = OWN_IMAGE_PATH.exec(url.pathname);
    if (own && (url.host === ownHost || LOOPBACK_HOSTS.has(url.hostname))) {
      const png = await options.goods.image(own[1] as Platform, own[2]!);
      if (!png) throw invalid(`${field} names no sandbox image`);
      return png;
    }
    try {
      const response = await safeFetch(url.toString(), { timeoutMs: options.timeoutMs ?? 5000, maxBytes: MAX_IMAGE_BYTES, allowHttp: true });
      if (response.status !== 200) throw invalid(`${field} answered HTTP ${response.status}`);
      return response.body;
    } catch (err) {
      if (err instanceof SafeFetchError) throw invalid(`${field} cannot be fetched: ${err.message}`);
      throw err;
    }
  };
}
