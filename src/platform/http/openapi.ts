// The OpenAPI 3.1 document, generated from the route schemas by @fastify/swagger.
import type { SwaggerOptions } from "@fastify/swagger";
import type { App } from "./server.ts";

const DESCRIPTION = `
openpon speaks the PandaPon OpenAPI v2. Every reply is HTTP 200 with the envelope
\`{requestId, code, developId, msg, data}\`; \`code\` 200 means success, any other value is an error code
listed on the endpoint (protocol.md §6).

## Signing requests (PandaPon, default)
Send five headers: \`access-key\`, \`timestamp\` (epoch seconds or milliseconds, within 600 s of server
time), \`nonce-str\` (optional unless the server sets REQUIRE_NONCE; 1–64 of \`[A-Za-z0-9_-]\`, single use
for 1200 s), \`user-id\` (the sub-account acting) and \`signature\`:

    signature = UPPER(hex(MD5(accessKey + timestamp + nonceStr + accessSecret)))

## Signing requests with HMAC-SHA256 (DESIGNED, openpon extension)
MD5 does not cover the body, path or query. Integrators who want tamper-proof requests add the header
\`signature-method: HMAC-SHA256\` and sign seven lines joined by \`\\n\`:

    accessKey
    timestamp
    nonceStr            (empty when absent)
    METHOD              (upper case)
    path                (as sent, without the query string)
    canonicalQuery      (parameters sorted by name then value, percent-encoded, without sign/signature)
    hex(SHA-256(raw body bytes))   (SHA-256 of the empty string when there is no body)

    signature = hex(HMAC-SHA256(key = accessSecret, message = those lines))   (64 hex characters)

Test vector: key \`testAccessKey123\`, secret \`testSecret456\`, timestamp \`1700000000000\`, nonce \`abc\`,
\`POST /v2/taobao/order/page?b=2&a=1\`, body \`{"pageNum":1}\` gives
\`b83246feaa0e561f458b3891fed22792bf5ff7b31f51c753df4cacdfe18bcdf4\`.

## Operator API
Paths under \`/admin\` are for operators and need \`Authorization: Bearer <operator token>\`
(OPERATOR_TOKEN, or the file operator.token in DATA_DIR).
`.trim();

export const OPENAPI_INFO: NonNullable<Extract<SwaggerOptions, { openapi?: unknown }>["openapi"]> = {
  openapi: "3.1.0",
  info: { title: "openpon — PandaPon OpenAPI v2", version: "0.1.0", description: DESCRIPTION },
  servers: [{ url: "/" }],
  components: {
    securitySchemes: {
      accessKey: { type: "apiKey", in: "header", name: "access-key", description: "the developer's Access Key" },
      timestamp: { type: "apiKey", in: "header", name: "timestamp", description: "epoch seconds (10 digits) or milliseconds (13 digits), within 600 s" },
      nonceStr: { type: "apiKey", in: "header", name: "nonce-str", description: "optional single-use random string, 1–64 of [A-Za-z0-9_-]" },
      userId: { type: "apiKey", in: "header", name: "user-id", description: "the acting sub-account, 13 digits starting with 21" },
      signature: { type: "apiKey", in: "header", name: "signature", description: "MD5 (default) or HMAC-SHA256 signature, see above" },
      signatureMethod: { type: "apiKey", in: "header", name: "signature-method", description: "optional: MD5 (default) or HMAC-SHA256 (DESIGNED)" },
      operatorToken: { type: "http", scheme: "bearer", description: "operator token for /admin" },
    },
  },
  security: [{ accessKey: [], timestamp: [], userId: [], signature: [] }],
  tags: [
    { name: "foundation", description: "user addresses (foundation-warehouse.md §1)" },
    { name: "taobao: orders", description: "Taobao orders (taobao.md §2)" },
    { name: "operator: identity", description: "developers, keys and users (operator token)" },
  ],
};

/** The generated document, with operator paths marked as needing the operator token. */
export function openApiDocument(app: App): unknown {
  const doc = app.swagger() as { paths?: Record<string, Record<string, { security?: unknown }>> };
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith("/admin")) continue;
    for (const operation of Object.values(operations)) operation.security = [{ operatorToken: [] }];
  }
  return doc;
}
