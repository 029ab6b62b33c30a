import { afterAll, inject } from "vitest";
import { setProcessDefaultScopeForTests } from "@/lib/tenant";
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

// A test's own arrangements and checks act as the operator would: across merchants. The app's
// entry points under test (actions, API handlers, routes, jobs) still open their own tenant scope,
// which takes precedence; tests/integration/rls.test.ts turns this off to prove the policies.
setProcessDefaultScopeForTests({ kind: "platform", reason: "integration test harness" });

afterAll(async () => {
  const g = globalThis as { regularsDb?: { $disconnect(): Promise<void> } };
  await g.regularsDb?.$disconnect();
  g.regularsDb = undefined;
  await testDb.drop();
});
