import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, ensurePostgres } from "../../../scripts/lib/postgres";
import { applyMigrations } from "../../../scripts/lib/schema-engine";
import pg from "pg";

// Starts (or reuses) the test PostgreSQL — DATABASE_URL's server when set, otherwise an embedded
// cluster on its own port and data folder — and migrates a template database once per run.
// Each test file then clones the template (tests/integration/setup/per-file.ts): a fresh,
// migrated database in ~100 ms, so files run in parallel without sharing rows.
export const TEMPLATE_DB = "regulars_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await ensurePostgres({ quiet: true, port: Number(process.env.PG_TEST_PORT ?? 54330), dataDir: ".data/postgres-test", database: "postgres" });
  // Leftovers from an interrupted run.
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'regulars_test_%'`);
  await admin.end();
  for (const r of rows) await dropDatabase(server.adminUrl, r.datname);

  await createDatabase(server.adminUrl, TEMPLATE_DB);
  const url = new URL(server.adminUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  await applyMigrations(url.toString());
  project.provide("adminDatabaseUrl", server.adminUrl);

  return async () => {
    await dropDatabase(server.adminUrl, TEMPLATE_DB);
    await server.stop();
  };
}
