// HTTP surface of the picture store: the 1688 voucher upload (alibaba-1688.md §4.3, signed) and the
// public address every stored picture is served at (sellers and storefronts fetch it unsigned).
import { Type } from "typebox";
import { envelopeResponse, PlainText } from "../../../platform/http/schemas.ts";
import { ok, type App } from "../../../platform/http/server.ts";
import { sizeText } from "./codec.ts";
import { PICTURE_ROUTE, type ImageStore } from "./store.ts";

/**
 * The body limit of an upload carrying a picture of maxBytes: its base64 (4 characters per 3 bytes)
 * with room for line breaks (escaped \r\n every 76 characters) and a data: prefix, plus the other
 * members — never below the server's own limit.
 */
export function uploadBodyLimit(maxBytes: number, serverLimit: number): number {
  const base64 = Math.ceil(maxBytes / 3) * 4;
  return Math.max(serverLimit, Math.ceil(base64 * 1.06) + 64 * 1024);
}

export function registerVoucherUploadRoute(app: App, pictures: ImageStore): void {
  const max = sizeText(pictures.maxBytes);
  app.post(
    "/v2/alibaba/refund/voucher/upload",
    {
      bodyLimit: uploadBodyLimit(pictures.maxBytes, app.initialConfig.bodyLimit ?? 0),
      schema: {
        tags: ["1688: after-sales"],
        summary: "1688 upload refund voucher",
        description: [
          `A picture for a refund application's \`vouchers\` (§4.4): JPEG, PNG or WebP, at most ${max} decoded (AFTERSALES_PICTURE_MAX_BYTES), as plain base64 or a \`data:image/…;base64,\` URL.`,
          "The picture is decoded and re-encoded in its own format (turned upright; EXIF, ICC, XMP and every other metadata removed; the first frame of an animation only) and served by the platform at an unguessable address of the developer.",
          "`voucherUrl` = `imageDomain` + `imageRelativeUrl`, the value to put in `vouchers[]`. The same picture sent again by the same user answers the same address.",
          `40002 naming imageBase64 when it is empty, not base64, larger than ${max}, not a JPEG, PNG or WebP image, damaged or truncated, or more than 40 million pixels.`,
        ].join(" "),
        body: Type.Object({
          imageBase64: Type.String({ description: `the picture: base64 or a data:image/…;base64, URL; at most ${max} decoded` }),
          fileName: Type.Optional(PlainText("fileName", { maxLength: 255, description: "the picture's file name on the buyer's side (accepted, not kept)" })),
        }),
        response: envelopeResponse(
          Type.Object({
            imageDomain: Type.String({ description: "the platform's address, e.g. https://api.example.com" }),
            imageRelativeUrl: Type.String({ description: "the picture's path, e.g. /aftersales/pictures/<developId>/<token>.jpg" }),
            voucherUrl: Type.String({ description: "imageDomain + imageRelativeUrl" }),
          }),
          [40002],
        ),
      },
    },
    async (request) => {
      const { developerId, userId } = request.auth!;
      const stored = await pictures.fromBase64({ developerId, userId }, request.body.imageBase64, "imageBase64");
      return ok(request, { imageDomain: stored.domain, imageRelativeUrl: stored.relativeUrl, voucherUrl: stored.url });
    },
  );
}

/** Stored pictures, public: the unguessable token is the key; another developer's token is as unknown as a made-up one. */
export function registerPictureRoute(app: App, pictures: ImageStore): void {
  app.get(
    `${PICTURE_ROUTE}/:developerId/:file`,
    {
      schema: {
        tags: ["pictures"],
        summary: "A stored after-sales picture (public)",
        description:
          "The address a voucher upload or an adopted picture answers; no signature (sellers and storefronts fetch it). The bytes are the re-encoded picture with its exact content type, `x-content-type-options: nosniff` and `cache-control: private, max-age=86400` (the content never changes). HTTP 404 (plain text) for an unknown token or a token under another developer.",
        security: [],
        params: Type.Object({
          developerId: Type.String({ description: "the developer that stored the picture" }),
          file: Type.String({ description: "the picture's token (43 base64url characters), optionally with its extension .jpg, .png or .webp" }),
        }),
      },
    },
    async (request, reply) => {
      const picture = await pictures.read(request.params.developerId, request.params.file);
      reply.header("x-content-type-options", "nosniff");
      if (!picture) return reply.code(404).type("text/plain; charset=utf-8").send("not found\n");
      return reply
        .header("cache-control", "private, max-age=86400")
        .header("content-disposition", "inline")
        .type(picture.contentType)
        .send(picture.bytes);
    },
  );
}
