import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabase, dropDatabase } from "../../../scripts/lib/postgres";

// Every test file gets its own database cloned from the migrated template, and the app's modules
// (src/lib/db.ts reads DATABASE_URL on first use) connect to it.
const TEMPLATE_DB = "regulars_test_template";
const adminUrl = inject("adminDatabaseUrl");
const name = `regulars_test_${randomBytes(6).toString("hex")}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

process.env.DATABASE_URL = url.toString();
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
process.env.APP_URL ??= "http://localhost:3999";
process.env.LOG_LEVEL ??= "warn";

beforeAll(async () => {
  await createDatabase(adminUrl, name, TEMPLATE_DB);
});

afterAll(async () => {
  const g = globalThis as { regularsDb?: { $disconnect(): Promise<void> } };
  await g.regularsDb?.$disconnect();
  g.regularsDb = undefined;
  await dropDatabase(adminUrl, name);
});
