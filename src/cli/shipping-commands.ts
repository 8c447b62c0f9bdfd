// `openpon shipping …`: the shipping lines operators keep (rate tables, limits, surcharges, the
// monthly fuel percentage), over the /admin API (admin-routes.ts of the shipping part answers).
import fs from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import type { Static } from "typebox";
import type { LineView } from "../modules/logistics/shipping/schemas.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;

type Line = Static<typeof LineView>;

const linePath = (id: string) => `/admin/shipping/lines/${encodeURIComponent(id)}`;

const lineSummary = (l: Line) => {
  const countries = new Set(l.zones.flatMap((z) => z.countries)).size;
  const fuel = l.surcharges.filter((s) => s.code === "FUEL" && s.validTo === null).map((s) => `fuel ${s.amount / 100}% from ${s.validFrom ?? "always"}`);
  return [
    l.serviceId.padStart(4),
    (l.active ? "active" : "inactive").padEnd(8),
    l.serviceCategory.padEnd(8),
    `${l.zones.length} zones, ${countries} countries`.padEnd(24),
    `${l.transitDays.min}-${l.transitDays.max} days`.padEnd(11),
    `rev ${l.revision}`,
    ...fuel,
    ` ${l.companyName}`,
  ].join("  ");
};

/** "12.5" → 1250 basis points: a percentage with at most two decimals. */
function percentToBp(value: string): number {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw new InvalidArgumentError("must be a percentage with at most two decimals, e.g. 12.5");
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function registerShippingCommands(program: Command, admin: Admin, print: Print): void {
  const shipping = program.command("shipping").description("shipping lines: rate tables, limits, surcharges, the fuel percentage");

  shipping
    .command("lines")
    .description("every shipping line, active or not")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const lines = await admin((call) => call<Line[]>("GET", "/admin/shipping/lines"));
      print(!!o.json, lines, () => (lines.length ? lines.map(lineSummary).join("\n") : "no shipping lines"));
    });

  const line = shipping.command("line").description("one shipping line");
  line
    .command("show")
    .description("a line with its zones, rates and surcharges (JSON, the shape `line set` takes)")
    .argument("<serviceId>", "the line's service id, e.g. 1")
    .action(async (id: string) => {
      const found = await admin((call) => call<Line>("GET", linePath(id)));
      print(true, found, () => "");
    });
  line
    .command("set")
    .description("create or replace a line from a JSON file (the body of PUT /admin/shipping/lines/:serviceId)")
    .argument("<serviceId>", "the line's service id, e.g. 7")
    .requiredOption("--file <path>", "the line as JSON")
    .option("--json", "print JSON")
    .action(async (id: string, o: { file: string; json?: boolean }) => {
      let body: unknown;
      try {
        body = JSON.parse(fs.readFileSync(o.file, "utf8"));
      } catch (err) {
        throw new InvalidArgumentError(`--file ${o.file}: ${(err as Error).message}`);
      }
      // A line read back with `line show` carries read-only members; the server would refuse them.
      if (body && typeof body === "object") for (const key of ["serviceId", "revision", "updatedAt"]) delete (body as Record<string, unknown>)[key];
      const saved = await admin((call) => call<Line>("PUT", linePath(id), body));
      print(!!o.json, saved, () => `saved: ${lineSummary(saved)}`);
    });

  shipping
    .command("fuel")
    .description("set a line's fuel percentage (of the base freight) from a date on")
    .argument("<serviceId>", "the line's service id")
    .argument("<percent>", "e.g. 12.5", percentToBp)
    .requiredOption("--from <date>", "first day, yyyy-MM-dd (China date)")
    .option("--json", "print JSON")
    .action(async (id: string, percentBp: number, o: { from: string; json?: boolean }) => {
      const saved = await admin((call) => call<Line>("POST", `${linePath(id)}/fuel`, { percentBp, from: o.from }));
      print(!!o.json, saved, () => `saved: ${lineSummary(saved)}`);
    });
}
