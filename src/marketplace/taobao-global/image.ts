// The picture an image search sends to /upload/image, checked before anything goes upstream: the port
// promises ImageInputError for undecodable or oversized images, and an upload the upstream would
// refuse anyway must not cost a call (nor a retry, nor a circuit failure).
//
// SEEN (Mlegbder/taobao-global types/upload_image.go): `image_base64` is a "Base64 编码的 JPG/PNG/WEBP
// 图片，最大 3MB". Whether the 3 MB is the picture or its base64 text is not said; INFERRED the
// picture (the platform's MAX_IMAGE_BYTES, also 3 MB), so a base64 text of up to 4 MB is sent.
// Only the container's signature is checked here, not a full decode: the upstream decodes it.
import { ImageInputError, MAX_IMAGE_BYTES } from "../port.ts";

export type UploadFormat = "jpeg" | "png" | "webp";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The picture's format by its magic bytes (JPEG, PNG, WebP — the three the upstream takes), or undefined. */
export function sniffImage(bytes: Buffer): UploadFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= PNG.length && bytes.subarray(0, PNG.length).equals(PNG)) return "png";
  // RIFF <size> WEBP: the size is not checked, a truncated file is still the upstream's to refuse.
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "webp";
  return undefined;
}

/** Throws ImageInputError unless `bytes` is a JPEG, PNG or WebP of at most MAX_IMAGE_BYTES; returns its format. */
export function checkUploadImage(bytes: Buffer): UploadFormat {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new ImageInputError("the image is empty");
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageInputError(`the image is ${bytes.length} bytes, larger than 3 MB`);
  const format = sniffImage(bytes);
  if (!format) throw new ImageInputError("the image is not a JPEG, PNG or WebP picture");
  return format;
}
