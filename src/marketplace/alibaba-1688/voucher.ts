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
/** Longest sides tried after the picture's own (null), largest first. INFERRED steps. */
const SIDES = [null, 2560, 2048, 1600, 1280, 1024, 800];
/** Decompression-bomb guard (the platform's store already caps its pictures at 40 million). */
const MAX_PIXELS = 40_000_000;

/** The picture as a JPEG of at most `maxBytes` (quality, then size, stepped down); UpstreamRejection when it cannot be. */
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
  const longest = Math.max(width, height);
  for (const side of SIDES) {
    if (side !== null && side >= longest) continue;
    for (const quality of QUALITIES) {
      let image = sharp(bytes, { limitInputPixels: MAX_PIXELS, pages: 1, autoOrient: true });
      if (side !== null) image = image.resize({ width: side, height: side, fit: "inside", withoutEnlargement: true });
      // JPEG has no transparency: a PNG's or WebP's clear areas become white, as on a page.
      const out = await image.flatten({ background: "#ffffff" }).jpeg({ quality, mozjpeg: true }).toBuffer();
      if (out.length <= maxBytes) return out;
    }
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
