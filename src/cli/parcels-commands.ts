// `openpon parcels …`: international logistics orders over the /admin API like every admin command
// (admin-routes.ts of the parcels module answers): list, show, pack and weigh, hand to the carrier,
// record a trace event, cancel.
import { InvalidArgumentError, type Command } from "commander";
import type { ParcelSummaryData, ParcelViewData } from "../modules/logistics/index.ts";
import { queryString } from "./admin-client.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;

type Summary = ParcelSummaryData;
type View = ParcelViewData;

const path = (id: string, action = "") => `/admin/logistics/parcels/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function grams(value: string, previous: number[] | undefined): number[] {
  if (!/^\d{1,7}$/.test(value)) throw new InvalidArgumentError("must be a whole number of grams");
  return [...(previous ?? []), Number(value)];
}

const summaryLine = (p: Summary) =>
  [p.orderId, p.status.padEnd(17), p.country, `¥${p.totalFreight}`.padStart(9), p.supplementaryFreight !== "0" ? `+¥${p.supplementaryFreight}` : "", p.supplementDue !== "0" ? `due ¥${p.supplementDue}` : "", `${p.lines} line(s)`, `developer ${p.developerId} user ${p.userId}`, p.tmallOrderId ? `tmall ${p.tmallOrderId}` : "", p.trackingNumbers.join(",")]
    .filter(Boolean)
    .join("  ");

function showView(v: View): string {
  return [
    `logistics order ${v.orderId}  ${v.status}  (developer ${v.developerId}, user ${v.userId}${v.tmallOrderId ? `, tmall ${v.tmallOrderId}` : ""})`,
    `to         ${v.receiverAddress.name ?? ""}, ${v.receiverAddress.address ?? ""}, ${v.receiverAddress.city ?? ""} ${v.receiverAddress.zip ?? ""}, ${v.receiverAddress.country}`,
    `freight    booked ¥${v.totalFreight}, supplements ¥${v.supplementaryFreight}, refunded ¥${v.refundedFreight}, paid ¥${v.paidFreight}${v.actualFreight !== null ? `, actual ¥${v.actualFreight}` : ""}${v.supplementDue !== "0" ? `, due ¥${v.supplementDue}` : ""}`,
    "lines:",
    ...v.lineItems.map(
      (l) =>
        `  ${l.logisticNumer}  ${l.itemId}/${l.skuId} ×${l.quantity}  service ${l.freightInfo.serviceId} (${l.freightInfo.companyName})  ¥${l.freight}  ${l.weightG} g` +
        (l.domesticLogisticInfo.length ? `\n${l.domesticLogisticInfo.map((d) => `      ${d.logisticNumer} ${d.logisticCompanyName}  ${d.warehouseState ?? "unknown to the warehouse"}${d.weightG !== null ? ` ${d.weightG} g` : ""}`).join("\n")}` : "\n      no domestic parcel declared"),
    ),
    ...(v.packages.length
      ? ["packages:", ...v.packages.map((p) => `  service ${p.serviceId}: ${p.weightG} g, ${p.lengthMm}×${p.widthMm}×${p.heightMm} mm, chargeable ${p.chargeableWeightG} g, ¥${p.freight}${p.trackingNumber ? `  ${p.carrier} ${p.trackingNumber} ${p.trackingStatus ?? ""}` : ""}`)]
      : []),
    ...(v.tracking.length ? ["tracking:", ...v.tracking.map((t) => `  ${t.time}  ${t.status.padEnd(14)} ${t.trackingNumber}  ${t.carrierStatus}: ${t.text}${t.location ? ` (${t.location})` : ""}`)] : []),
    "history:",
    ...v.history.map((h) => `  ${h.time}  ${h.from ?? "—"} → ${h.to}  ${h.actor}: ${h.reason}`),
  ].join("\n");
}

export function registerParcelCommands(program: Command, admin: Admin, print: Print): void {
  const parcels = program.command("parcels").description("international logistics orders: list, show, pack and weigh, ship, trace, cancel");

  parcels
    .command("list")
    .description("logistics orders, newest first")
    .option("--developer <developId>", "only this developer's")
    .option("--user <userId>", "only this user's")
    .option("--status <status>", "BOOKED, DOMESTIC_DECLARED, IN_WAREHOUSE, PACKED, AWAITING_PAYMENT, SHIPPED, IN_TRANSIT, DELIVERED, EXCEPTION or CANCELLED")
    .option("--after <id>", "continue after this order (the previous page's cursor)")
    .option("--limit <n>", "orders per page (1-100)", "20")
    .option("--json", "print JSON")
    .action(async (o: { developer?: string; user?: string; status?: string; after?: string; limit: string; json?: boolean }) => {
      const page = await admin((call) =>
        call<{ items: Summary[]; nextCursor: string | null }>("GET", `/admin/logistics/parcels${queryString({ developId: o.developer, userId: o.user, status: o.status, after: o.after, limit: o.limit })}`),
      );
      print(!!o.json, page, () => [...(page.items.length ? page.items.map(summaryLine) : ["no logistics orders"]), ...(page.nextCursor ? [`more: --after ${page.nextCursor}`] : [])].join("\n"));
    });

  parcels
    .command("show")
    .description("one logistics order: lines, domestic parcels, packages, freight, tracking, history")
    .argument("<id>")
    .option("--json", "print JSON")
    .action(async (id: string, o: { json?: boolean }) => {
      const view = await admin((call) => call<View>("GET", path(id)));
      print(!!o.json, view, () => showView(view));
    });

  parcels
    .command("pack")
    .description("pack and weigh an order whose goods are all in the warehouse; several packages (of several services, or several of one too heavy for a single package): repeat the options, one package each")
    .argument("<id>")
    .requiredOption("--weight-g <grams>", "measured weight, grams (repeatable)", grams)
    .requiredOption("--size-mm <LxWxH>", 'measured size in millimetres, e.g. "300x200x150" (repeatable)', collect)
    .option("--service <serviceId>", "which service's package (repeatable; may be left out with one service)", collect)
    .option("--json", "print JSON")
    .action(async (id: string, o: { weightG: number[]; sizeMm: string[]; service?: string[]; json?: boolean }) => {
      if (o.weightG.length !== o.sizeMm.length) throw new InvalidArgumentError("give as many --size-mm as --weight-g (one package each)");
      if (o.service && o.service.length !== o.weightG.length) throw new InvalidArgumentError("give as many --service as --weight-g, or none");
      const packages = o.weightG.map((weightG, i) => ({ weightG, sizeMm: o.sizeMm[i]!, ...(o.service ? { serviceId: o.service[i]! } : {}) }));
      const view = await admin((call) => call<View>("POST", path(id, "pack"), { packages }));
      print(!!o.json, view, () => showView(view));
    });

  parcels
    .command("ship")
    .description("hand a packed order to the carrier (one --tracking per package, in package order)")
    .argument("<id>")
    .option("--carrier <name>", "the carrier (default: each package's service company)")
    .requiredOption("--tracking <number>", "the carrier's tracking number (repeatable)", collect)
    .option("--json", "print JSON")
    .action(async (id: string, o: { carrier?: string; tracking: string[]; json?: boolean }) => {
      const view = await admin((call) => call<View>("POST", path(id, "ship"), { ...(o.carrier !== undefined ? { carrier: o.carrier } : {}), trackingNumbers: o.tracking }));
      print(!!o.json, view, () => showView(view));
    });

  parcels
    .command("track")
    .description("record a carrier trace event (InfoReceived, InTransit, OutForDelivery, AttemptFail, Delivered, Exception, Expired, or the carrier's code)")
    .argument("<id>")
    .requiredOption("--status <status>", "the carrier's status code or one of ours")
    .requiredOption("--text <text>", "the carrier's own words")
    .option("--tracking <number>", "which package (may be left out with one package)")
    .option("--location <place>", "where")
    .option("--time <time>", '"yyyy-MM-dd HH:mm:ss" (UTC+8) or epoch ms; default now')
    .option("--json", "print JSON")
    .action(async (id: string, o: { status: string; text: string; tracking?: string; location?: string; time?: string; json?: boolean }) => {
      const body = {
        status: o.status,
        text: o.text,
        ...(o.tracking !== undefined ? { trackingNumber: o.tracking } : {}),
        ...(o.location !== undefined ? { location: o.location } : {}),
        ...(o.time !== undefined ? { time: /^\d{1,15}$/.test(o.time) ? Number(o.time) : o.time } : {}),
      };
      const view = await admin((call) => call<View>("POST", path(id, "track"), body));
      print(!!o.json, view, () => showView(view));
    });

  parcels
    .command("charge")
    .description("try a waiting supplementary charge now (after a top-up)")
    .argument("<id>")
    .option("--json", "print JSON")
    .action(async (id: string, o: { json?: boolean }) => {
      const view = await admin((call) => call<View>("POST", path(id, "charge")));
      print(!!o.json, view, () => showView(view));
    });

  parcels
    .command("cancel")
    .description("cancel an order whose goods have not left; its freight is credited back")
    .argument("<id>")
    .option("--json", "print JSON")
    .action(async (id: string, o: { json?: boolean }) => {
      const view = await admin((call) => call<View>("POST", path(id, "cancel")));
      print(!!o.json, view, () => showView(view));
    });
}
