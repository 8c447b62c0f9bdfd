// What an operator's roles let the console show. It mirrors src/modules/console/roles.ts, which the
// server enforces on every call: this only keeps pages and buttons a role cannot use out of sight.

/** Whether the signed-in operator holds one of `roles` (admin holds them all). */
export function hasRole(session, ...roles) {
  const mine = session?.operator?.roles ?? [];
  return mine.includes("admin") || roles.some((r) => mine.includes(r));
}

export const isAdmin = (session) => hasRole(session);
