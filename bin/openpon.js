#!/usr/bin/env node
// Entry of `npx openpon`: the TypeScript sources run directly on Node's type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `openpon needs Node.js 24 (found ${process.versions.node}). Run it through npm (npx openpon …, npm start), which uses the pinned node@24.\n`,
  );
  process.exit(1);
}
await import("../src/main.ts");
