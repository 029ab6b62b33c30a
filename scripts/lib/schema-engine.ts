import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine as TSchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

// Prisma's schema engine compiled to WebAssembly: applies and writes migrations without the
// native engine binary the Prisma CLI would download (impossible on these offline machines).
// What it applies is exactly what `prisma migrate deploy` applies, recorded the same way in
// `_prisma_migrations` (checksum = sha256 of migration.sql), so a connected machine can keep using
// the Prisma CLI on the same database.

const root = path.resolve(import.meta.dirname, "../..");
export const migrationsDir = path.join(root, "prisma", "migrations");
export const schemaPath = path.join(root, "prisma", "schema.prisma");

type TBg = { SchemaEngine: typeof TSchemaEngine; __wbg_set_wasm(exports: unknown): void };
let wasmReady: Promise<TBg> | undefined;

function loadWasm(): Promise<TBg> {
  wasmReady ??= (async () => {
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as TBg;
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    // The engine arms a 10 s setTimeout (its advisory-lock timeout) and never clears it, which
    // would keep every script alive 10 s after its work is done: unref the engine's timers.
    const imports: Record<string, unknown> = { ...(bg as unknown as Record<string, unknown>) };
    for (const [name, fn] of Object.entries(imports)) {
      if (name.startsWith("__wbg_setTimeout_") && typeof fn === "function") {
        imports[name] = (...args: unknown[]) => {
          const timer = (fn as (...a: unknown[]) => unknown)(...args);
          (timer as { unref?(): void } | undefined)?.unref?.();
          return timer;
        };
      }
    }
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": imports as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bg;
  })();
  return wasmReady;
}

/**
 * adapter-pg for the engine, on ONE connection, with `executeScript` fixed.
 *
 * - adapter-pg's executeScript splits the script on every ";" (inside comments, string literals
 *   and $$-quoted function bodies too), runs the pieces one by one on whatever pooled connection is
 *   free, and outside any transaction. Prisma's native engine sends the whole migration.sql as one
 *   simple-protocol query instead: PostgreSQL runs it as a single implicit transaction. So do we —
 *   triggers, functions and semicolons in comments work, and a failing migration leaves nothing
 *   half-applied. (Like with the Prisma CLI, CREATE INDEX CONCURRENTLY therefore needs a
 *   migration of its own containing only that statement.)
 * - One connection (max: 1): the engine's `pg_advisory_lock(72707369)`, which serialises
 *   concurrent deploys, is then held by the session that runs the migrations.
 * - We own the pool and end it, so the process exits at once (an idle pg pool keeps Node alive
 *   for 10 s) and no idle connection lingers (a template database cannot be cloned while one does).
 */
function engineAdapter(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, application_name: "regulars-migrate" });
  pool.on("error", () => {}); // an idle connection terminated by the server must not crash the process
  const inner = new PrismaPg(pool);
  const patch = (adapter: SqlDriverAdapter) => {
    const a = adapter as SqlDriverAdapter & { onError(e: unknown): never };
    a.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        a.onError(error);
      }
    };
    return a;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => patch(await inner.connect()),
    connectToShadowDb: async () => {
      throw new Error("No shadow database here: diff datamodels with diffSchemas() instead.");
    },
  };
  return { adapter: bindMigrationAwareSqlAdapterFactory(factory), close: () => pool.end() };
}

/**
 * A stand-in for a database, for diffs between two datamodels: the engine only asks for the
 * server version when it starts, then works on the datamodels alone.
 */
function offlineAdapter() {
  const refuse = async (): Promise<never> => {
    throw new Error("diffSchemas() works without a database, but the schema engine tried to use one.");
  };
  const adapter = {
    provider: "postgres" as const,
    adapterName: "@prisma/adapter-pg",
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    queryRaw: async () => ({
      columnNames: ["exists", "version", "numeric_version"],
      columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
      rows: [[true, "PostgreSQL 18.0 (offline stand-in for schema diffs)", 180000]],
    }),
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    dispose: async () => {},
  } as unknown as SqlDriverAdapter;
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => adapter,
    connectToShadowDb: refuse,
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function withEngine<T>(adapter: object, datamodel: string, fn: (engine: TSchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

const noFilter = { externalTables: [], externalEnums: [] };

/** Migration folder names (those holding a migration.sql), oldest first. */
export function listMigrationDirectories(dir = migrationsDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** sha256 over every migration's name and SQL: changes whenever a migration is added or edited. */
export function migrationsFingerprint(dir = migrationsDir): string {
  const hash = createHash("sha256");
  for (const name of listMigrationDirectories(dir)) hash.update(`${name}\0${readFileSync(path.join(dir, name, "migration.sql"))}\0`);
  return hash.digest("hex");
}

/** sha256 of a migration.sql as `_prisma_migrations.checksum` records it (either line ending counts as unchanged). */
function checksumMatches(sql: Buffer, recorded: string): boolean {
  const text = sql.toString("utf8");
  return [sql, text.replace(/\r\n/g, "\n"), text.replace(/\r?\n/g, "\r\n")].some((v) => createHash("sha256").update(v).digest("hex") === recorded);
}

/** Applied migrations whose migration.sql no longer matches the checksum recorded when it ran. */
async function editedAfterApply(databaseUrl: string, dir: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "regulars-migrate" });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const recorded = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    return listMigrationDirectories(dir).filter((name) => {
      const sum = recorded.get(name);
      return sum !== undefined && !checksumMatches(readFileSync(path.join(dir, name, "migration.sql")), sum);
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Applies every pending migration in prisma/migrations (in name order) and records each in
 * `_prisma_migrations` like `prisma migrate deploy`, then installs or upgrades pg-boss's schema.
 * Run it as the role that owns the schema (DATABASE_OWNER_URL). A re-run is a no-op. Throws when a migration
 * fails (the row keeps the error in `logs`, with finished_at null, as with the Prisma CLI; later
 * runs then refuse until it is resolved). Like `prisma migrate deploy`, it does NOT refuse an
 * applied migration whose migration.sql was edited afterwards (it is simply not re-run): those are
 * returned in `edited` so callers can warn.
 */
export async function applyMigrations(databaseUrl: string, opts: { dir?: string; queue?: boolean } = {}): Promise<{ applied: string[]; edited: string[] }> {
  const dir = opts.dir ?? migrationsDir;
  const lockPath = path.join(dir, "migration_lock.toml");
  const migrationsList = {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationDirectories(dir).map((name) => ({
      path: name,
      migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: readFileSync(path.join(dir, name, "migration.sql"), "utf8") } },
    })),
  };
  const { adapter, close } = engineAdapter(databaseUrl);
  try {
    const result = await withEngine(adapter, readFileSync(schemaPath, "utf8"), (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));
    const edited = await editedAfterApply(databaseUrl, dir);
    // pg-boss's tables are schema too: installed and upgraded here, by the owner, so the app's role
    // needs no right to create them (migration app_role grants it their use).
    if (opts.queue !== false) await (await import("../../src/lib/queue")).installQueue(databaseUrl);
    return { applied: result.appliedMigrationNames, edited };
  } finally {
    await close();
  }
}

/**
 * The SQL script that takes a database from one datamodel (null: an empty database) to another —
 * what `prisma migrate diff --script` prints. Needs no database. An unchanged datamodel gives ""
 * (the engine's "-- This is an empty migration." is mapped to "").
 */
export async function diffSchemas(fromDatamodel: string | null, toDatamodel: string): Promise<string> {
  const from = fromDatamodel === null ? { tag: "empty" as const } : { tag: "schemaDatamodel" as const, files: [{ path: schemaPath, content: fromDatamodel }] };
  const to = { tag: "schemaDatamodel" as const, files: [{ path: schemaPath, content: toDatamodel }] };
  const result = await withEngine(offlineAdapter(), toDatamodel, (engine) => engine.diff({ from, to, script: true, exitCode: null, filters: noFilter }));
  const sql = result.stdout ?? "";
  return /^\s*(-- This is an empty migration\.?\s*)?$/.test(sql) ? "" : sql;
}
