import { afterAll, inject } from "vitest";
import { createTestDatabase } from "./database";

// setupFiles of the integration project: every test file gets its own database cloned from the
// migrated template, and the app's modules (src/lib/db.ts reads DATABASE_URL on first use)
// connect to it as the app's role — the owner's URL is there for what operators run (the seed).
// Files run in parallel without sharing rows.
process.env.TEST_DATABASE_SERVER ??= inject("testDatabaseServer");
const testDb = await createTestDatabase();

process.env.DATABASE_URL = testDb.appUrl;
process.env.DATABASE_OWNER_URL = testDb.url;
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
process.env.APP_URL ??= "http://localhost:3999";
process.env.LOG_LEVEL ??= "warn";

afterAll(async () => {
  const g = globalThis as { regularsDb?: { $disconnect(): Promise<void> }; regularsPlatformDb?: { $disconnect(): Promise<void> } };
  await g.regularsDb?.$disconnect();
  await g.regularsPlatformDb?.$disconnect();
  g.regularsDb = undefined;
  g.regularsPlatformDb = undefined;
  await testDb.drop();
});
