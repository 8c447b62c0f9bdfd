// What each operator role may do on the operator API (/admin), by route. `admin` may do everything;
// the others get the pages of their work and what those pages must read. A route no rule names is
// admin-only, so a new operator route is closed until someone decides who may use it.
export const ROLES = ["admin", "finance", "warehouse", "support"] as const;
export type Role = (typeof ROLES)[number];

type Methods = "read" | "any";
interface Rule {
  roles: readonly Role[];
  methods: Methods;
  /** Route patterns as registered (Fastify's routeOptions.url); `*` matches the rest. */
  pattern: RegExp;
}

const route = (glob: string) => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

const RULES: readonly Rule[] = [
  // Money: balances, statements, top-ups and adjustments, the finance decision on paid Taobao orders, the ledger check.
  { roles: ["finance"], methods: "any", pattern: route("/admin/developers/:developId/wallet*") },
  { roles: ["finance"], methods: "any", pattern: route("/admin/wallet*") },
  { roles: ["finance"], methods: "any", pattern: route("/admin/developers/:developId/taobao/orders/:orderId/finance") },
  // Goods in and out: the warehouse, international parcels, and reading the shipping lines (with the quote simulator).
  { roles: ["warehouse"], methods: "any", pattern: route("/admin/warehouse*") },
  { roles: ["warehouse"], methods: "any", pattern: route("/admin/logistics*") },
  { roles: ["warehouse", "support"], methods: "read", pattern: route("/admin/shipping*") },
  { roles: ["warehouse", "support"], methods: "any", pattern: route("/admin/shipping/explain") },
  // Customers' problems: after-sales cases, callbacks, jobs and connectors to look at.
  { roles: ["support"], methods: "read", pattern: route("/admin/aftersales*") },
  { roles: ["support"], methods: "any", pattern: route("/admin/developers/:developId/callback*") },
  { roles: ["support"], methods: "read", pattern: route("/admin/jobs*") },
  { roles: ["support"], methods: "read", pattern: route("/admin/connectors*") },
  // The order queues: finance's paid orders awaiting a decision, support's stuck orders.
  { roles: ["finance", "support"], methods: "read", pattern: route("/admin/orders*") },
  // "Why are my calls refused?": a developer's request log.
  { roles: ["support"], methods: "read", pattern: route("/admin/developers/:developId/requests") },
  // Everyone looks developers up (their pages start from one).
  { roles: ["finance", "warehouse", "support"], methods: "read", pattern: route("/admin/developers") },
  { roles: ["finance", "warehouse", "support"], methods: "read", pattern: route("/admin/developers/:developId") },
  { roles: ["finance", "warehouse", "support"], methods: "read", pattern: route("/admin/developers/:developId/users") },
];

const READ = new Set(["GET", "HEAD"]);

/** Whether an operator holding `roles` may call `method` on the route registered as `url`. */
export function mayCall(roles: readonly Role[], method: string, url: string): boolean {
  if (roles.includes("admin")) return true;
  return RULES.some((rule) => rule.pattern.test(url) && (rule.methods === "any" || READ.has(method.toUpperCase())) && rule.roles.some((r) => roles.includes(r)));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
