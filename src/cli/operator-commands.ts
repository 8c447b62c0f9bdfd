// `openpon operator …`: the console's operator accounts (names, roles, passwords), over the
// /admin/operators routes like every admin command. Passwords are read from standard input, never
// from the command line (where other users of the machine could see them).
import { InvalidArgumentError, type Command } from "commander";
import type { OperatorView } from "../modules/console/index.ts";

type Call = <R>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<R>;
type Admin = <T>(fn: (call: Call) => Promise<T>) => Promise<T>;
type Print = (json: boolean, value: unknown, human: () => string) => void;

const ROLE_NAMES = ["admin", "finance", "warehouse", "support"];
const role = (value: string, previous: string[] | undefined) => {
  if (!ROLE_NAMES.includes(value)) throw new InvalidArgumentError(`must be one of ${ROLE_NAMES.join(", ")}`);
  return [...(previous ?? []), value];
};
const line = (o: OperatorView) => `${o.name.padEnd(20)} ${o.roles.join(",").padEnd(30)} ${o.disabled ? "disabled" : "active"}`;

/** The first line of standard input (a piped password). */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

export function registerOperatorCommands(program: Command, admin: Admin, print: Print): void {
  const operator = program.command("operator").description("console operator accounts: names, roles (admin, finance, warehouse, support), passwords");

  operator
    .command("create")
    .description("create an operator; the password is read from standard input (at least 12 characters)")
    .argument("<name>", "sign-in name")
    .requiredOption("--role <role>", "admin, finance, warehouse or support (repeatable)", role)
    .option("--json", "print JSON")
    .action(async (name: string, o: { role: string[]; json?: boolean }) => {
      const password = await readPassword();
      const created = await admin((call) => call<OperatorView>("POST", "/admin/operators", { name, password, roles: o.role }));
      print(!!o.json, created, () => `created ${line(created)}`);
    });

  operator
    .command("list")
    .description("every operator account")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const all = await admin((call) => call<OperatorView[]>("GET", "/admin/operators"));
      print(!!o.json, all, () => (all.length ? all.map(line).join("\n") : "no operators yet: openpon operator create NAME --role admin"));
    });

  operator
    .command("set")
    .description("change roles, the password (--password-stdin) or disable/enable; a new password or a disable signs the operator out everywhere")
    .argument("<name>", "sign-in name")
    .option("--role <role>", "the new roles (repeatable; replaces the old ones)", role)
    .option("--password-stdin", "read a new password from standard input")
    .option("--disable", "refuse its sign-ins and end its sessions")
    .option("--enable", "allow its sign-ins again")
    .option("--json", "print JSON")
    .action(async (name: string, o: { role?: string[]; passwordStdin?: boolean; disable?: boolean; enable?: boolean; json?: boolean }) => {
      if (o.disable && o.enable) throw new InvalidArgumentError("--disable and --enable together");
      const body = {
        ...(o.role ? { roles: o.role } : {}),
        ...(o.passwordStdin ? { password: await readPassword() } : {}),
        ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}),
      };
      const changed = await admin((call) => call<OperatorView>("PUT", `/admin/operators/${encodeURIComponent(name)}`, body));
      print(!!o.json, changed, () => line(changed));
    });
}
