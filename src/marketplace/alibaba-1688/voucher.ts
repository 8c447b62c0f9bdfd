// A refund voucher as 1688 takes it: `alibaba.trade.uploadRefundVoucher` wants its `imageData` as a
// JPEG under 1 MB (SEEN, research §B.1 table), so a buyer's picture (JPEG, PNG or WebP as the
// platform stored it) is re-encoded as JPEG, stepping the quality and then the size down until it
// fits. A picture that cannot be made to fit, or cannot be decoded, is the upstream's refusal.
import sharp from "sharp";
import { UpstreamRejection } from "../port.ts";

/**
 * INFERRED: "< 1 MB" is not said to be 10^6 or 2^20 bytes; the smaller reading is kept so that
 * either limit is met.
 */
export const VOUCHER_MAX_BYTES = 1_000_000;
/** SEEN: createRefund's `vouchers` holds 1–5 addresses (research §B.1 table). */
export const VOUCHER_MAX_COUNT = 5;

/** Qualities tried at each size, best first. INFERRED steps: readable evidence before small files. */
const QUALITIES = [85, 70, 55, 40];
/** Smallest longest side worth sending (a smaller picture no longer shows a defect). INFERRED. */
const MIN_SIDE = 320;
/** At most this many sizes are tried. */
const MAX_ROUNDS = 6;
/** Decompression-bomb guard (the platform's store already caps its pictures at 40 million). */
const MAX_PIXELS = 40_000_000;

async function encode(bytes: Buffer, side: number, quality: number): Promise<Buffer> {
  const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, pages: 1, autoOrient: true }).resize({ width: side, height: side, fit: "inside", withoutEnlargement: true });
  // JPEG has no transparency: a PNG's or WebP's clear areas become white, as on a page.
  return image.flatten({ background: "#ffffff" }).jpeg({ quality }).toBuffer();
}

/** The picture as a JPEG of at most `maxBytes` (quality stepped down, then size); UpstreamRejection when it cannot be. */
export async function voucherJpeg(bytes: Buffer, index: number, maxBytes = VOUCHER_MAX_BYTES): Promise<Buffer> {
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS, pages: 1 }).metadata();
    width = meta.autoOrient?.width ?? meta.width ?? 0;
    height = meta.autoOrient?.height ?? meta.height ?? 0;
  } catch {
    throw new UpstreamRejection("VOUCHER_UNREADABLE", `evidence[${index}] cannot be decoded as a picture`);
  }
  // The picture's own size first; then a smaller one, guessed from how far the lowest quality
  // missed (bytes grow roughly with the pixel count, so the side with its square root), less 10 %.
  let side = Math.max(width, height, 1);
  for (let round = 0; round < MAX_ROUNDS && (round === 0 || side >= MIN_SIDE); round++) {
    let smallest = Infinity;
    for (const quality of QUALITIES) {
      const out = await encode(bytes, side, quality);
      if (out.length <= maxBytes) return out;
      smallest = out.length;
      // Far over even at this quality: the lower ones will not get there either.
      if (out.length > maxBytes * 4) break;
    }
    side = Math.floor(side * Math.min(0.9, Math.sqrt(maxBytes / smallest) * 0.9));
  }
  throw new UpstreamRejection("VOUCHER_TOO_LARGE", `evidence[${index}] cannot be made a JPEG under ${maxBytes} bytes for 1688`);
}

/**
 * The address createRefund's `vouchers` takes, from the upload's answer. INFERRED: the research
 * names the two members but not how they join; the domain and the relative path are joined with one
 * slash, and a domain without a scheme is taken as https.
 */
export function voucherUrl(imageDomain: string, imageRelativeUrl: string): string {
  if (/^https?:\/\//i.test(imageRelativeUrl)) return imageRelativeUrl;
  const domain = /^https?:\/\//i.test(imageDomain) ? imageDomain : `https://${imageDomain}`;
  return `${domain.replace(/\/+$/, "")}/${imageRelativeUrl.replace(/^\/+/, "")}`;
}
