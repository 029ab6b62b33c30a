// Next.js calls register() once as the server starts. The database role check runs here too, so a
// DATABASE_URL that connects as a superuser or the tables' owner stops the server at once rather
// than failing each request (lib/db-role.ts). An unreachable database does not: /api/health says so.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { PrivilegedRoleError, verifyDatabaseRoleAt } = await import("./lib/db-role");
  const { appUrlWarning, env } = await import("./lib/env");
  const warning = appUrlWarning();
  if (warning) console.warn(`[regulars] ${warning}`);
  try {
    const e = env();
    await verifyDatabaseRoleAt(e.DATABASE_URL, { allow: e.DATABASE_ALLOW_PRIVILEGED_ROLE, warn: (m) => console.warn(m) });
  } catch (err) {
    if (!(err instanceof PrivilegedRoleError)) return;
    console.error(err.message);
    process.exit(1);
  }
}
