// `openpon aftersales …`: the refund reasons and return carriers operators extend, over the /admin
// API like every admin command (admin-routes.ts of the after-sales module answers).
import { InvalidArgumentError, type Command } from "commander";
import type { Static } from "typebox";
import type { CarrierView, ReasonView } from "../modules/aftersales/admin-routes.ts";
import { queryString } from "./admin-client.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;

type Reason = Static<typeof ReasonView>;
type Carrier = Static<typeof CarrierView>;

const reasonLine = (r: Reason) =>
  [
    r.platform.padEnd(7),
    String(r.reasonId).padStart(8),
    `#${r.position}`.padStart(6),
    (r.active ? "active" : "inactive").padEnd(8),
    `goods ${r.goodsStatuses.join(",")}`,
    ...(r.needVoucher ? ["needs voucher"] : []),
    ...(r.noRefundCarriage ? ["no refund carriage"] : []),
    ` ${r.description}${r.tips ? `  (${r.tips})` : ""}`,
  ].join("  ");
const carrierLine = (c: Carrier) =>
  [c.code.padEnd(8), String(c.id).padStart(4), (c.active ? "active" : "inactive").padEnd(8), c.spelling.padEnd(18), (c.phone || "-").padEnd(8), c.supportPrint ? "prints" : "      ", ` ${c.name}`].join("  ");

/** A whole number option (0 upwards): refused here rather than sent as nothing. */
function wholeNumber(value: string): number {
  if (!/^\d{1,10}$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
}
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function registerAftersalesCommands(program: Command, admin: Admin, print: Print): void {
  const aftersales = program.command("aftersales").description("after-sales catalogues: refund reasons and return carriers");

  aftersales
    .command("reasons")
    .description("the refund reasons, active or not, in catalogue order")
    .option("--platform <platform>", "taobao or alibaba (default both)")
    .option("--json", "print JSON")
    .action(async (o: { platform?: string; json?: boolean }) => {
      const reasons = await admin((call) => call<Reason[]>("GET", `/admin/aftersales/reasons${queryString({ platform: o.platform })}`));
      print(!!o.json, reasons, () => (reasons.length ? reasons.map(reasonLine).join("\n") : "no reasons"));
    });

  aftersales
    .command("reason")
    .description("change the refund reasons")
    .command("set")
    .description("add or replace a refund reason (flags left out take their defaults; --position left out keeps its place)")
    .argument("<platform>", "taobao or alibaba")
    .argument("<reasonId>", "the reason's number")
    .requiredOption("--description <text>", "what the buyer picks")
    .requiredOption("--goods-status <status>", 'a goods status the reason may be chosen with, repeatable (Taobao "4", "1", "2"; 1688 refundWaitSellerSend …)', collect)
    .option("--tips <text>", "advice shown with the reason")
    .option("--need-voucher", "a 1688 refund with this reason needs a voucher")
    .option("--no-refund-carriage", "a refund with this reason asks no shipping back")
    .option("--position <n>", "catalogue order", wholeNumber)
    .option("--inactive", "hide the reason from buyers")
    .option("--json", "print JSON")
    .action(
      async (
        platform: string,
        reasonId: string,
        o: { description: string; goodsStatus: string[]; tips?: string; needVoucher?: boolean; refundCarriage: boolean; position?: number; inactive?: boolean; json?: boolean },
      ) => {
        const reason = await admin((call) =>
          call<Reason>("PUT", `/admin/aftersales/reasons/${encodeURIComponent(platform)}/${encodeURIComponent(reasonId)}`, {
            description: o.description,
            goodsStatuses: o.goodsStatus,
            ...(o.tips !== undefined ? { tips: o.tips } : {}),
            needVoucher: !!o.needVoucher,
            noRefundCarriage: o.refundCarriage === false,
            ...(o.position !== undefined ? { position: o.position } : {}),
            active: !o.inactive,
          }),
        );
        print(!!o.json, reason, () => `saved: ${reasonLine(reason)}`);
      },
    );

  aftersales
    .command("carriers")
    .description("the return carriers, active or not, ordered by spelling")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const carriers = await admin((call) => call<Carrier[]>("GET", "/admin/aftersales/carriers"));
      print(!!o.json, carriers, () => (carriers.length ? carriers.map(carrierLine).join("\n") : "no carriers"));
    });

  aftersales
    .command("carrier")
    .description("change the return carriers")
    .command("set")
    .description("add or replace a return carrier (flags left out take their defaults)")
    .argument("<code>", "1 to 20 of A-Z, 0-9 and _, e.g. SF")
    .requiredOption("--name <name>", "company name")
    .requiredOption("--id <n>", "the numeric id lists show (unique)", wholeNumber)
    .requiredOption("--spelling <pinyin>", "lower-case pinyin; lists are ordered by it")
    .option("--phone <phone>", "service phone")
    .option("--support-print", "the carrier prints waybills")
    .option("--inactive", "hide the carrier from buyers")
    .option("--json", "print JSON")
    .action(async (code: string, o: { name: string; id: number; spelling: string; phone?: string; supportPrint?: boolean; inactive?: boolean; json?: boolean }) => {
      const carrier = await admin((call) =>
        call<Carrier>("PUT", `/admin/aftersales/carriers/${encodeURIComponent(code)}`, {
          name: o.name,
          id: o.id,
          spelling: o.spelling,
          ...(o.phone !== undefined ? { phone: o.phone } : {}),
          supportPrint: !!o.supportPrint,
          active: !o.inactive,
        }),
      );
      print(!!o.json, carrier, () => `saved: ${carrierLine(carrier)}`);
    });
}
