// The picture codec: the bytes a buyer sent (base64 or fetched) become a clean picture of the same
// format — recognised by its signature (JPEG, PNG, WebP only), decoded by sharp under a pixel limit
// (decompression bombs), turned upright, re-encoded without any metadata (EXIF, ICC, XMP, text
// chunks: sharp keeps none unless told to) and only its first frame. Every refusal is a 40002 naming
// the field and the reason.
import sharp from "sharp";
import { invalid } from "../../../platform/http/errors.ts";

export type PictureType = "image/jpeg" | "image/png" | "image/webp";

export interface CleanPicture {
  bytes: Buffer;
  contentType: PictureType;
  width: number;
  height: number;
}

/** The file extension of a stored picture's address. */
export const EXTENSIONS: Record<PictureType, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };

/** Sizes as people say them: "3 MB", "512 KB", or bytes. */
export function sizeText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The format a picture's first bytes announce, or null for anything else (GIF, SVG, TIFF, HEIF, text…). */
export function sniff(bytes: Uint8Array): PictureType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return "image/png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "image/webp";
  return null;
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

const DATA_URL = /^data:([^,]*),/i;
const DATA_URL_IMAGE = /^image\/[a-z0-9.+-]+(?:;[^;,]*)*;base64$/i;

/**
 * The bytes of a base64 picture: plain base64 (standard or URL alphabet, padding optional, line breaks
 * allowed) or a `data:image/…;base64,` URL. Empty, not base64, or more than maxBytes once decoded: 40002.
 */
export function decodeBase64Picture(text: string, field: string, maxBytes: number): Buffer {
  let body = text;
  const dataUrl = DATA_URL.exec(body);
  if (dataUrl) {
    if (!DATA_URL_IMAGE.test(dataUrl[1]!)) throw invalid(`${field} must be base64 or a data:image/…;base64, URL`);
    body = body.slice(dataUrl[0].length);
  }
  body = body.replace(/\s+/g, "");
  if (body.length === 0) throw invalid(`${field} is empty`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(body) || body.length % 4 === 1 || (body.endsWith("=") && body.length % 4 !== 0)) {
    throw invalid(`${field} is not valid base64`);
  }
  // The decoded size, known before decoding: 3 bytes per 4 characters, less the padding.
  const unpadded = body.replace(/=+$/, "").length;
  if (Math.floor((unpadded * 3) / 4) > maxBytes) throw invalid(`${field} is larger than ${sizeText(maxBytes)}`);
  return Buffer.from(body, "base64");
}

export interface CleanOptions {
  maxBytes: number;
  /** Most pixels (width × height) a picture may decode to. */
  maxPixels: number;
}

const FORMAT_NAMES: Record<PictureType, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP" };

/** Checks, decodes and re-encodes a picture (see the top of the file); 40002 naming `field` when it is no picture. */
export async function cleanPicture(input: Buffer, field: string, options: CleanOptions): Promise<CleanPicture> {
  if (input.length === 0) throw invalid(`${field} is empty`);
  if (input.length > options.maxBytes) throw invalid(`${field} is larger than ${sizeText(options.maxBytes)}`);
  const contentType = sniff(input);
  if (!contentType) throw invalid(`${field} is not a JPEG, PNG or WebP image`);
  // pages: 1 = the first frame of an animation only; failOn "warning" (sharp's default, said here on
  // purpose): a truncated or damaged file is refused, not half decoded.
  const image = sharp(input, { limitInputPixels: options.maxPixels, pages: 1, failOn: "warning", autoOrient: true });
  const encoded =
    contentType === "image/jpeg" ? image.jpeg({ quality: 85 }) : contentType === "image/png" ? image.png() : image.webp({ quality: 85 });
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, contentType, width: info.width, height: info.height };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw invalid(`${field} has more than ${megapixels(options.maxPixels)} pixels`);
    throw invalid(`${field} is a damaged or truncated ${FORMAT_NAMES[contentType]} image (it cannot be decoded)`);
  }
}

const megapixels = (pixels: number) => (pixels % 1_000_000 === 0 ? `${pixels / 1_000_000} million` : String(pixels));
