import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../../scripts/lib/postgres";
import { ROLE_FACTS_SQL, roleProblem, WIDE_ROLE, type TRoleFacts } from "@/lib/db-role";
import { makeMerchant } from "./helpers";

// Issue 12, roles: the app connects as a role that owns nothing and may only use rows, the owner
// runs migrations, and the app refuses to run as anything more privileged.

const run = promisify(execFile);
const appUrl = process.env.DATABASE_URL!;
const ownerUrl = process.env.DATABASE_OWNER_URL!;
const adminUrl = withDatabase(JSON.parse(process.env.TEST_DATABASE_SERVER!).adminUrl, new URL(appUrl).pathname.slice(1));

let app: pg.Client;
beforeAll(async () => {
  app = new pg.Client({ connectionString: appUrl });
  await app.connect();
});
afterAll(() => app?.end());

/** The SQLSTATE a statement fails with as the app's role (undefined: it succeeded). */
async function codeOf(sql: string): Promise<string | undefined> {
  return app.query(sql).then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );
}

describe("the app's database role", () => {
  it("is no superuser, cannot bypass row-level security, create databases or roles, and owns nothing", async () => {
    const { rows } = await app.query(`SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreatedb: false, rolcreaterole: false });
    const owned = await app.query(
      `SELECT c.relname FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'pgboss'::regnamespace) AND pg_has_role(current_user, c.relowner, 'MEMBER')`,
    );
    expect(owned.rows).toEqual([]);
  });

  it("cannot create in public, alter, drop or truncate tables, or read the migration history", async () => {
    expect(await codeOf(`CREATE TABLE public.sneaky (id int)`)).toBe("42501");
    expect(await codeOf(`CREATE FUNCTION public.sneaky() RETURNS int LANGUAGE sql AS 'SELECT 1'`)).toBe("42501");
    expect(await codeOf(`ALTER TABLE customers ADD COLUMN sneaky int`)).toBe("42501");
    expect(await codeOf(`ALTER TABLE customers DISABLE ROW LEVEL SECURITY`)).toBe("42501");
    expect(await codeOf(`DROP TABLE visits`)).toBe("42501");
    expect(await codeOf(`TRUNCATE customers`)).toBe("42501");
    expect(await codeOf(`SELECT * FROM _prisma_migrations`)).toBe("42501");
    expect(await codeOf(`CREATE SCHEMA sneaky`)).toBe("42501");
  });

  it("may read and write the rows of every table of public and pgboss, and use their sequences", async () => {
    const { rows } = await app.query(`
      SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
         AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))
      UNION ALL
      SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('public', 'pgboss') AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE') END`);
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it("has, as the wide role of the platform and publisher scopes, the same rights on rows and none on structure", async () => {
    await app.query(`SET ROLE ${WIDE_ROLE}`);
    try {
      const { rows } = await app.query(`
        SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
           AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))
        UNION ALL
        SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('public', 'pgboss') AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE') END
        UNION ALL
        SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
           AND has_function_privilege('regulars_app', p.oid, 'EXECUTE') AND NOT has_function_privilege(p.oid, 'EXECUTE')`);
      expect(rows.map((r) => r.name)).toEqual([]);
      expect(await codeOf(`CREATE TABLE public.sneaky (id int)`)).toBe("42501");
      expect(await codeOf(`ALTER TABLE customers DISABLE ROW LEVEL SECURITY`)).toBe("42501");
      expect(await codeOf(`SELECT * FROM _prisma_migrations`)).toBe("42501");
      expect(await codeOf(`SELECT app_tenant_policies('customers')`)).toBe("42501");
    } finally {
      await app.query("RESET ROLE");
    }
    expect(await codeOf(`SELECT app_tenant_policies('customers')`)).toBe("42501");
  });

  it("creates tables in import_staging only, and runs ANALYZE of customers through analyze_customers()", async () => {
    expect(await codeOf(`CREATE UNLOGGED TABLE import_staging.rows_roles_test (ord int)`)).toBeUndefined();
    expect(await codeOf(`DROP TABLE import_staging.rows_roles_test`)).toBeUndefined();
    await makeMerchant("Analyzed");
    expect(await codeOf(`ANALYZE customers`)).toBeUndefined(); // a warning only: it skips the table
    const before = await app.query(`SELECT coalesce(analyze_count, 0) AS n FROM pg_stat_user_tables WHERE relname = 'customers'`);
    await app.query(`SELECT analyze_customers()`);
    const after = await app.query(`SELECT pg_stat_force_next_flush(), (SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'customers') AS n`);
    expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n) + 1);
  });
});

/** The facts lib/db-role.ts reads, for the role of `url`. */
async function factsOf(url: string): Promise<TRoleFacts> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(ROLE_FACTS_SQL);
    return rows[0];
  } finally {
    await c.end();
  }
}

const cli = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "--conditions=react-server", "src/cli/index.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
const worker = (env: Record<string, string>) =>
  run(process.execPath, ["--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    timeout: 20_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number | null; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe("the app refuses a privileged database role", () => {
  it("names what is wrong with a superuser, the tables' owner, and accepts the app's role", async () => {
    expect(roleProblem(await factsOf(adminUrl))).toMatch(/is a superuser, and can bypass row-level security.*owns the tables/);
    expect(roleProblem(await factsOf(ownerUrl))).toMatch(/^Refusing to run as database role "[^"]+": it owns the tables/);
    expect(roleProblem(await factsOf(appUrl))).toBeNull();
  });

  it("accepts a login role granted regulars_app (as on a server of your own), which may SET the wide role; refuses one that inherits it", async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const name = (what: string) => `regulars_roles_test_${what}_${process.pid}`;
    const urlOf = (role: string) => {
      const u = new URL(appUrl);
      u.username = role;
      u.password = "pw";
      return u.toString();
    };
    try {
      for (const what of ["login", "inherits"]) {
        await admin.query(`DROP ROLE IF EXISTS ${name(what)}`);
        await admin.query(`CREATE ROLE ${name(what)} LOGIN PASSWORD 'pw'`);
        await admin.query(`GRANT regulars_app TO ${name(what)}`);
      }
      await admin.query(`GRANT ${WIDE_ROLE} TO ${name("inherits")} WITH INHERIT TRUE`);
      expect(roleProblem(await factsOf(urlOf(name("login"))))).toBeNull();
      expect(roleProblem(await factsOf(urlOf(name("inherits"))))).toMatch(new RegExp(`"${name("inherits")}": it inherits the rights of ${WIDE_ROLE}`));
      // The login role reaches the wide role through regulars_app's grant (SET, no inheritance).
      const c = new pg.Client({ connectionString: urlOf(name("login")), options: `-c role=${WIDE_ROLE}` });
      await c.connect();
      try {
        expect((await c.query(`SELECT current_user AS u, session_user AS s`)).rows[0]).toEqual({ u: WIDE_ROLE, s: name("login") });
      } finally {
        await c.end();
      }
    } finally {
      for (const what of ["login", "inherits"]) await admin.query(`DROP ROLE IF EXISTS ${name(what)}`).catch(() => {});
      await admin.end();
    }
  });

  it("stops an operator command run with the owner's or a superuser's URL, unless told it is an experiment", async () => {
    const slug = `refused-${Date.now()}`;
    const create = (url: string, extra: Record<string, string> = {}, s = slug) =>
      cli(
        { DATABASE_URL: url, DATABASE_ALLOW_PRIVILEGED_ROLE: "0", ...extra },
        "merchant:create",
        "--name",
        "Refused",
        "--slug",
        s,
        "--time-zone",
        "Europe/Lisbon",
      );
    for (const url of [ownerUrl, adminUrl]) {
      const refused = await create(url);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/Refusing to run as database role .*DATABASE_ALLOW_PRIVILEGED_ROLE=1/s);
    }
    expect((await app.query(`SELECT 1 FROM merchants WHERE slug = $1`, [slug])).rowCount).toBe(0);
    expect(await create(ownerUrl, { DATABASE_ALLOW_PRIVILEGED_ROLE: "1" })).toMatchObject({ code: 0 });
    expect(await create(appUrl, {}, `${slug}-app`)).toMatchObject({ code: 0 });
    expect((await app.query(`SELECT 1 FROM merchants WHERE slug LIKE $1`, [`${slug}%`])).rowCount).toBe(2);
  }, 120_000); // four CLI processes, each compiling with tsx: over 30 s on a busy 2-core machine

  it("stops the worker at start with the owner's URL", async () => {
    const refused = await worker({ DATABASE_URL: ownerUrl, DATABASE_ALLOW_PRIVILEGED_ROLE: "0" });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/worker failed to start.*Refusing to run as database role/s);
  }, 60_000);
});
