import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, dropDatabase, withDatabase } from "../../../scripts/lib/postgres";
import { applyMigrations, migrationsFingerprint } from "../../../scripts/lib/schema-engine";

// One fresh, migrated database per test file, fast: every migration is applied once to a template
// database, and each test file gets `CREATE DATABASE … TEMPLATE regulars_template` (a file copy,
// tens of milliseconds) instead of running the migrations again. The template survives between
// runs and is rebuilt only when prisma/migrations changes: its fingerprint (sha256 of every
// migration's name and SQL) is kept as the database's COMMENT.

export const TEMPLATE_DB = "regulars_template";
export const TEST_DB_PREFIX = "regulars_test_";
/** Advisory lock shared with createDatabase(): template builds and clones take turns. */
const CLONE_LOCK = 7411;

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Makes sure `regulars_template` holds every migration of prisma/migrations, rebuilding it when
 * the migrations changed (or a previous build failed). Returns whether it was rebuilt and how long
 * that took.
 */
export async function ensureTemplateDatabase(adminUrl: string, ownerUrl: string, owner?: string): Promise<{ rebuilt: boolean; ms: number }> {
  const t0 = performance.now();
  const fingerprint = `regulars migrations ${migrationsFingerprint()}`;
  return withAdmin(adminUrl, async (admin) => {
    await admin.query("SELECT pg_advisory_lock($1)", [CLONE_LOCK]);
    try {
      const { rows } = await admin.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [TEMPLATE_DB],
      );
      if (rows[0]?.comment === fingerprint) return { rebuilt: false, ms: performance.now() - t0 };
      const name = pg.escapeIdentifier(TEMPLATE_DB);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${pg.escapeIdentifier(owner)}` : ""}`);
      // As the owner, like db:migrate: the grants and default privileges are that role's.
      await applyMigrations(withDatabase(ownerUrl, TEMPLATE_DB));
      // Only a complete build gets the fingerprint: a failed one is rebuilt next time.
      await admin.query(`COMMENT ON DATABASE ${name} IS ${pg.escapeLiteral(fingerprint)}`);
      return { rebuilt: true, ms: performance.now() - t0 };
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [CLONE_LOCK]).catch(() => {});
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Drops test databases left by earlier runs that were interrupted before their cleanup. A test
 * database's name carries the PID of the process that made it; those of live processes (another
 * test run on the same cluster) are kept.
 */
export async function dropLeftoverTestDatabases(adminUrl: string): Promise<string[]> {
  const { rows } = await withAdmin(adminUrl, (admin) =>
    admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [TEST_DB_PREFIX]),
  );
  const dropped: string[] = [];
  for (const { datname } of rows) {
    const pid = Number(/^regulars_test_(\d+)_/.exec(datname)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    await dropDatabase(adminUrl, datname);
    dropped.push(datname);
  }
  return dropped;
}

/** Where the test databases live and as whom to reach them (the integration globalSetup provides it). */
export type TTestServer = {
  /** Creates and drops databases. */
  adminUrl: string;
  /** The role that owns the schema (migrations, the harness's own checks). */
  ownerUrl: string;
  /** The app's role: what the app's code under test connects as. */
  appUrl: string;
  /** Owner of the cloned databases (the embedded cluster's owner role); unset: whoever creates them. */
  owner?: string;
};

/**
 * A fresh database with every migration applied, cloned from the template: `url` as its owner
 * (for the harness and for checks of the schema itself), `appUrl` as the app's role.
 */
export async function createTestDatabase(): Promise<{ url: string; appUrl: string; name: string; drop(): Promise<void> }> {
  const raw = process.env.TEST_DATABASE_SERVER;
  if (!raw) throw new Error("TEST_DATABASE_SERVER is unset: run through vitest's integration project (its globalSetup sets it).");
  const server = JSON.parse(raw) as TTestServer;
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  await createDatabase(server.adminUrl, name, TEMPLATE_DB, server.owner);
  return { url: withDatabase(server.ownerUrl, name), appUrl: withDatabase(server.appUrl, name), name, drop: () => dropDatabase(server.adminUrl, name) };
}
