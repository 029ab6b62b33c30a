import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's schema engine compiled to WebAssembly: applies and writes migrations without the
// native engine binary the Prisma CLI would download (impossible on these offline machines).
// What it applies is exactly what `prisma migrate deploy` applies, recorded the same way in
// `_prisma_migrations`, so a connected machine can keep using the Prisma CLI.

const root = path.resolve(import.meta.dirname, "../..");
export const migrationsDir = path.join(root, "prisma", "migrations");
export const schemaPath = path.join(root, "prisma", "schema.prisma");

type TEngine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

let wasmReady: Promise<{ SchemaEngine: { new: (o: unknown, log: (s: string) => void, adapter: object) => Promise<TEngine> } }> | undefined;

function loadWasm() {
  wasmReady ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bg as never;
  })();
  return wasmReady;
}

async function withEngine<T>(databaseUrl: string, datamodel: string, fn: (engine: TEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }) as never);
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

const noFilter = { externalTables: [], externalEnums: [] };

export function listMigrationDirectories() {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** Applies every pending migration in prisma/migrations; a re-run is a no-op. */
export async function applyMigrations(databaseUrl: string): Promise<{ applied: string[] }> {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const migrationsList = {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationDirectories().map((name) => ({
      path: name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") } },
    })),
  };
  const result = await withEngine(databaseUrl, readFileSync(schemaPath, "utf8"), (engine) =>
    engine.applyMigrations({ migrationsList, filters: noFilter }),
  );
  return { applied: result.appliedMigrationNames };
}

/**
 * The SQL that takes a database from one datamodel (null: empty) to another. The database is
 * only connected to (the engine insists on a connection); it is neither read nor changed.
 */
export async function diffSchemas(databaseUrl: string, fromDatamodel: string | null, toDatamodel: string): Promise<string> {
  const from = fromDatamodel === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: schemaPath, content: fromDatamodel }] };
  const to = { tag: "schemaDatamodel", files: [{ path: schemaPath, content: toDatamodel }] };
  const result = await withEngine(databaseUrl, toDatamodel, (engine) => engine.diff({ from, to, script: true, exitCode: null, filters: noFilter }));
  return result.stdout ?? "";
}
