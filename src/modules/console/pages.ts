// The console's pages: static files served by the platform itself (no build step, no CDN). The
// pages call the same HTTP API as integrators and scripts; this only hands the browser its files,
// under a content security policy that lets them load nothing from anywhere else.
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyReply } from "fastify";
import type { App } from "../../platform/http/server.ts";

const UI_ROOT = fileURLToPath(new URL("./ui/", import.meta.url));
const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

function harden(reply: FastifyReply): void {
  reply.header("content-security-policy", POLICY);
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "no-referrer");
  reply.header("x-frame-options", "DENY");
}

export async function registerConsolePages(app: App): Promise<void> {
  await app.register(fastifyStatic, {
    root: UI_ROOT,
    prefix: "/console/",
    index: ["index.html"],
    // The shell revalidates on each visit so a new release's pages are picked up at once.
    cacheControl: true,
    maxAge: 0,
    schemaHide: true,
    setHeaders: (reply) => harden(reply),
  });
  app.get("/console", { schema: { hide: true } }, async (_request, reply) => {
    harden(reply);
    return reply.redirect("/console/", 302);
  });
}
