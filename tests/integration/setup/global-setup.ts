import type { TestProject } from "vitest/node";
import { ensurePostgres, ROLES } from "../../../scripts/lib/postgres";
import { dropLeftoverTestDatabases, ensureTemplateDatabase, type TTestServer } from "./database";

// Vitest globalSetup of the integration project. Starts (or reuses) the test PostgreSQL — the
// server of DATABASE_URL when set, otherwise an embedded cluster on its own port (PG_TEST_PORT,
// default 54330) and data folder (.data/postgres-test), so a running app on 54329 is unaffected —
// then drops test databases left by interrupted runs and makes sure the migrated template is
// current. Each test file then clones the template (per-file.ts → createTestDatabase()). The
// template is migrated as the owner role and the app's code under test connects as the app role,
// so a grant the app lacks fails here as it would in production.

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServer: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await ensurePostgres({
    quiet: true,
    port: Number(process.env.PG_TEST_PORT ?? 54330),
    dataDir: ".data/postgres-test",
    database: "postgres",
  });
  const testServer: TTestServer = {
    adminUrl: server.adminUrl,
    ownerUrl: server.ownerUrl,
    appUrl: server.url,
    owner: server.embedded ? ROLES.owner.name : undefined,
  };
  await dropLeftoverTestDatabases(server.adminUrl);
  const template = await ensureTemplateDatabase(server.adminUrl, server.ownerUrl, testServer.owner);
  if (template.rebuilt) console.log(`[integration] migrated the template database in ${Math.round(template.ms)} ms`);

  process.env.TEST_DATABASE_SERVER = JSON.stringify(testServer);
  project.provide("testDatabaseServer", process.env.TEST_DATABASE_SERVER);

  return async () => {
    // The template stays (reused next run); the cluster stops only if this run started it.
    await server.stop();
  };
}
