import type { TestProject } from "vitest/node";
import { ensurePostgres } from "../../../scripts/lib/postgres";
import { dropLeftoverTestDatabases, ensureTemplateDatabase } from "./database";

// Vitest globalSetup of the integration project. Starts (or reuses) the test PostgreSQL — the
// server of DATABASE_URL when set, otherwise an embedded cluster on its own port (PG_TEST_PORT,
// default 54330) and data folder (.data/postgres-test), so a running app on 54329 is unaffected —
// then drops test databases left by interrupted runs and makes sure the migrated template is
// current. Each test file then clones the template (per-file.ts → createTestDatabase()).

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await ensurePostgres({
    quiet: true,
    port: Number(process.env.PG_TEST_PORT ?? 54330),
    dataDir: ".data/postgres-test",
    database: "postgres",
  });
  await dropLeftoverTestDatabases(server.adminUrl);
  const template = await ensureTemplateDatabase(server.adminUrl);
  if (template.rebuilt) console.log(`[integration] migrated the template database in ${Math.round(template.ms)} ms`);

  process.env.TEST_ADMIN_DATABASE_URL = server.adminUrl;
  project.provide("adminDatabaseUrl", server.adminUrl);

  return async () => {
    // The template stays (reused next run); the cluster stops only if this run started it.
    await server.stop();
  };
}
