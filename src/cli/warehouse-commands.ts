// `openpon warehouse …`: the operators' warehouse work over the /admin API like every admin command
// (admin-routes.ts of the warehouse answers): parcels in, checks with photos, returns, held parcels
// and the storage run.
import fs from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import type { InboundView, ItemView } from "../modules/logistics/index.ts";
import { queryString } from "./admin-client.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const time = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z"));
const inboundLine = (p: InboundView) =>
  [p.id, p.state.padEnd(18), p.trackingNumber.padEnd(20), (p.carrier || "-").padEnd(8), `user ${p.userId ?? "-"}`, `${p.items.length} item(s)`, p.holdUntil ? `held until ${time(p.holdUntil)}` : ""].join("  ").trimEnd();
const itemLine = (i: ItemView) =>
  [
    i.id,
    i.state.padEnd(18),
    `${i.inbound.trackingNumber}`.padEnd(20),
    i.weightG === null ? "     -" : `${i.weightG} g`.padStart(8),
    i.sizeMm ? `${i.sizeMm.length}x${i.sizeMm.width}x${i.sizeMm.height} mm` : "-",
    `${i.qc.photos.length} photo(s)`,
    ` ${i.title}`,
  ].join("  ");

function positiveWhole(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError("must be a positive whole number");
  return Number(value);
}
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function registerWarehouseCommands(program: Command, admin: Admin, print: Print): void {
  const warehouse = program.command("warehouse").description("the warehouse: domestic parcels, goods checks (QC), storage");

  warehouse
    .command("inbound")
    .description("domestic parcels, newest first")
    .option("--developer <id>", "only this developer's")
    .option("--state <state>", "EXPECTED, RECEIVED, STORED, HELD, RETURNED_TO_SELLER or ABANDONED")
    .option("--tracking <number>", "one tracking number")
    .option("--cursor <id>", "continue after this page")
    .option("--json", "print JSON")
    .action(async (o: { developer?: string; state?: string; tracking?: string; cursor?: string; json?: boolean }) => {
      const page = await admin((call) => call<Page<InboundView>>("GET", `/admin/warehouse/inbound${queryString({ developId: o.developer, state: o.state, trackingNumber: o.tracking, cursor: o.cursor })}`));
      print(!!o.json, page, () => [...(page.items.length ? page.items.map(inboundLine) : ["no parcels"]), ...(page.nextCursor ? [`more: --cursor ${page.nextCursor}`] : [])].join("\n"));
    });

  warehouse
    .command("held")
    .description("parcels that arrived unannounced, waiting for a claim")
    .option("--developer <id>", "only this developer's")
    .option("--json", "print JSON")
    .action(async (o: { developer?: string; json?: boolean }) => {
      const page = await admin((call) => call<Page<InboundView>>("GET", `/admin/warehouse/inbound${queryString({ developId: o.developer, state: "HELD", limit: "100" })}`));
      print(!!o.json, page, () => (page.items.length ? page.items.map(inboundLine).join("\n") : "no held parcels"));
    });

  warehouse
    .command("receive")
    .description("scan a domestic parcel in: announced goods are received, an unknown parcel is held")
    .argument("<tracking>", "domestic tracking number")
    .requiredOption("--developer <id>", "whose parcel")
    .option("--carrier <name>", "domestic carrier")
    .option("--json", "print JSON")
    .action(async (tracking: string, o: { developer: string; carrier?: string; json?: boolean }) => {
      const r = await admin((call) => call<{ outcome: string; inbound: InboundView }>("POST", "/admin/warehouse/inbound/receive", { developId: o.developer, trackingNumber: tracking, ...(o.carrier ? { carrier: o.carrier } : {}) }));
      print(!!o.json, r, () => `${r.outcome}: ${inboundLine(r.inbound)}`);
    });

  warehouse
    .command("items")
    .description("a developer's warehouse items, newest first")
    .requiredOption("--developer <id>", "whose items")
    .option("--user <id>", "one user's")
    .option("--state <state>", "e.g. RECEIVED, QC_ISSUE, STORED")
    .option("--cursor <id>", "continue after this page")
    .option("--json", "print JSON")
    .action(async (o: { developer: string; user?: string; state?: string; cursor?: string; json?: boolean }) => {
      const page = await admin((call) => call<Page<ItemView>>("GET", `/admin/warehouse/items${queryString({ developId: o.developer, userId: o.user, state: o.state, cursor: o.cursor })}`));
      print(!!o.json, page, () => [...(page.items.length ? page.items.map(itemLine) : ["no items"]), ...(page.nextCursor ? [`more: --cursor ${page.nextCursor}`] : [])].join("\n"));
    });

  warehouse
    .command("qc")
    .description("record the check of an item: --pass puts it on the shelf, --issue \"note\" holds it for a decision")
    .argument("<item>", "warehouse item id")
    .requiredOption("--weight-g <grams>", "measured weight, grams", positiveWhole)
    .requiredOption("--size-mm <LxWxH>", "measured size, millimetres, e.g. 300x200x120")
    .option("--photo <file>", "a JPEG, PNG or WebP photo, repeatable", collect)
    .option("--pass", "the goods passed")
    .option("--issue <note>", "what is wrong with the goods")
    .option("--note <text>", "a note with a pass")
    .option("--operator <name>", "who checked")
    .option("--json", "print JSON")
    .action(async (id: string, o: { weightG: number; sizeMm: string; photo?: string[]; pass?: boolean; issue?: string; note?: string; operator?: string; json?: boolean }) => {
      if (!!o.pass === (o.issue !== undefined)) throw new InvalidArgumentError("give exactly one of --pass or --issue \"note\"");
      const photos = (o.photo ?? []).map((file) => fs.readFileSync(file).toString("base64"));
      const item = await admin((call) =>
        call<ItemView>("POST", `/admin/warehouse/items/${encodeURIComponent(id)}/qc`, {
          weightG: o.weightG,
          sizeMm: o.sizeMm,
          result: o.pass ? "pass" : "issue",
          ...(o.issue !== undefined ? { note: o.issue } : o.note !== undefined ? { note: o.note } : {}),
          ...(photos.length > 0 ? { photos } : {}),
          ...(o.operator ? { operator: o.operator } : {}),
        }),
      );
      print(!!o.json, item, () => itemLine(item));
    });

  for (const [name, path, description] of [
    ["return", "return", "send an item with an issue, or on the shelf, back to its seller"],
    ["keep", "keep", "keep an item with an issue as it is (on the shelf)"],
  ] as const) {
    warehouse
      .command(name)
      .description(description)
      .argument("<item>", "warehouse item id")
      .option("--note <text>", "why")
      .option("--operator <name>", "who decided")
      .option("--json", "print JSON")
      .action(async (id: string, o: { note?: string; operator?: string; json?: boolean }) => {
        const item = await admin((call) => call<ItemView>("POST", `/admin/warehouse/items/${encodeURIComponent(id)}/${path}`, { ...(o.note ? { note: o.note } : {}), ...(o.operator ? { operator: o.operator } : {}) }));
        print(!!o.json, item, () => itemLine(item));
      });
  }

  warehouse
    .command("storage-run")
    .description("charge due storage days, collect owed ones, abandon goods past the limit — now")
    .option("--developer <id>", "only this developer (default: every developer with goods on the shelf)")
    .option("--json", "print JSON")
    .action(async (o: { developer?: string; json?: boolean }) => {
      const runs = await admin((call) => call<Array<{ developerId: string; chargedDays: number; chargedFen: number; owedDays: number; abandoned: number }>>("POST", "/admin/warehouse/storage/run", o.developer ? { developId: o.developer } : {}));
      print(!!o.json, runs, () =>
        runs.length ? runs.map((r) => `developer ${r.developerId}: ${r.chargedDays} day(s) charged (${r.chargedFen} fen), ${r.owedDays} owed, ${r.abandoned} abandoned`).join("\n") : "no goods on the shelf",
      );
    });
}
