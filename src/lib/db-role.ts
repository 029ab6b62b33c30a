// The app's database role must be unprivileged (issue 12): not a superuser, no BYPASSRLS, and not
// the owner of the tables — else row-level security and the grants of migration app_role guard
// nothing. Checked once per process, on the first connection (src/lib/db.ts) or before the queue
// starts (src/lib/queue.ts) and the server (src/instrumentation.ts); plain pg, no server-only.
import pg from "pg";

export type TRoleFacts = {
  role: string;
  superuser: boolean;
  bypassrls: boolean;
  owns: string | null;
  /** Whether the role may SET ROLE to the wide role; null: the wide role does not exist. */
  wideSet: boolean | null;
  /** Whether the role has the wide role's rights (and so its policy) without SET ROLE. */
  wideInherited: boolean | null;
};

/** The NOLOGIN role of the platform and publisher scopes (migration rls_merchant_policy_wide_role). */
export const WIDE_ROLE = "regulars_wide";

// Of the session's login role (session_user: a connection opened with `-c role=…` still reports the
// role it logged in as). pg_has_role(…, 'MEMBER'): also a role that could SET ROLE to a privileged
// one or to the owner. Superusers pass every pg_has_role, so they show up in all of them.
export const ROLE_FACTS_SQL = `
  SELECT session_user AS role,
         EXISTS (SELECT FROM pg_roles r WHERE r.rolsuper AND pg_has_role(session_user, r.oid, 'MEMBER')) AS superuser,
         EXISTS (SELECT FROM pg_roles r WHERE r.rolbypassrls AND pg_has_role(session_user, r.oid, 'MEMBER')) AS bypassrls,
         (SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ', ') FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
             AND pg_has_role(session_user, c.relowner, 'MEMBER')) AS owns,
         (SELECT pg_has_role(session_user, r.oid, 'SET') FROM pg_roles r WHERE r.rolname = '${WIDE_ROLE}') AS "wideSet",
         (SELECT pg_has_role(session_user, r.oid, 'USAGE') FROM pg_roles r WHERE r.rolname = '${WIDE_ROLE}') AS "wideInherited"`;

export const ALLOW_FLAG = "DATABASE_ALLOW_PRIVILEGED_ROLE";

/** Why this role must not run the app, or null when it is fine. */
export function roleProblem(f: TRoleFacts): string | null {
  const why = [
    f.superuser && "is a superuser",
    f.bypassrls && "can bypass row-level security (BYPASSRLS)",
    f.owns && `owns the tables (or may act as their owner, ${f.owns})`,
  ].filter(Boolean);
  if (why.length) {
    return (
      `Refusing to run as database role "${f.role}": it ${why.join(", and ")}. ` +
      "DATABASE_URL must connect as the app's role (regulars_app, or a login role granted it), which owns nothing; " +
      `migrations use DATABASE_OWNER_URL. See docs/operations.md. For a local experiment only, set ${ALLOW_FLAG}=1.`
    );
  }
  // An unprivileged role: the platform and publisher scopes need the wide role, to SET and not inherited.
  const fix = `GRANT ${WIDE_ROLE} TO regulars_app WITH INHERIT FALSE, SET TRUE (docs/operations.md, "Row-level security")`;
  if (f.wideSet === null) {
    return `Refusing to run as database role "${f.role}": the role ${WIDE_ROLE} does not exist, so the platform and publisher scopes would fail. As a role with CREATEROLE: CREATE ROLE ${WIDE_ROLE} NOLOGIN; ${fix}; then run db:migrate.`;
  }
  if (f.wideInherited) {
    return `Refusing to run as database role "${f.role}": it inherits the rights of ${WIDE_ROLE}, so the platform and publisher policy would be checked on every row of every merchant query. Grant it without inheritance: ${fix}.`;
  }
  if (!f.wideSet) {
    return `Refusing to run as database role "${f.role}": it may not SET ROLE ${WIDE_ROLE}, so the platform and publisher scopes would fail. ${fix}.`;
  }
  return null;
}

export class PrivilegedRoleError extends Error {
  override name = "PrivilegedRoleError";
}

type TQuery = (sql: string) => Promise<{ rows: unknown[] }>;

const memo = globalThis as { regularsRoleCheck?: Promise<void> };

/**
 * Resolves once this process's database role passed the check (a single catalog query, the first
 * time only); rejects with PrivilegedRoleError on every call after a refusal. `allow` is the
 * opt-out: the facts are still read, and a privileged role is only warned about.
 */
export function verifyDatabaseRole(query: TQuery, opts: { allow: boolean; warn(message: string): void }): Promise<void> {
  memo.regularsRoleCheck ??= (async () => {
    const facts = (await query(ROLE_FACTS_SQL)).rows[0] as TRoleFacts;
    const problem = roleProblem(facts);
    if (!problem) return;
    if (opts.allow) opts.warn(`${ALLOW_FLAG} is set: running as a privileged database role ("${facts.role}"), which row-level security does not restrict.`);
    else throw new PrivilegedRoleError(problem);
  })();
  const check = memo.regularsRoleCheck;
  // A failed query (server down) is not a verdict: ask again next time.
  check.catch((err) => {
    if (!(err instanceof PrivilegedRoleError) && memo.regularsRoleCheck === check) memo.regularsRoleCheck = undefined;
  });
  return check;
}

/** verifyDatabaseRole() over a connection of its own to `url`, opened only if the check has not run yet. */
export function verifyDatabaseRoleAt(url: string, opts: { allow: boolean; warn(message: string): void }): Promise<void> {
  return verifyDatabaseRole(async (sql) => {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  }, opts);
}

/** Forget the verdict (tests that switch DATABASE_URL within one process). */
export function forgetDatabaseRoleCheck() {
  memo.regularsRoleCheck = undefined;
}
