// The app as the end-to-end tests see it: a fresh database (migrated, demo-seeded) on the test
// cluster, and the built app served by `next start`. Started and stopped by Playwright's webServer.
// Migrations and the seed run as the owner role; the app and the worker connect as the app's role,
// as in production, so a right the app lacks fails the end-to-end tests too.
import { spawn } from "node:child_process";
import { appProcessEnv, prepareAppEnvironment, repoRoot } from "./lib/dev-env";
import { createDatabase, dropDatabase, ensurePostgres, ROLES, withDatabase } from "./lib/postgres";
import { applyMigrations } from "./lib/schema-engine";

const port = Number(process.env.E2E_PORT ?? 3100);
process.env.APP_URL = `http://localhost:${port}`;
process.env.NEXTAUTH_URL = process.env.APP_URL;

async function main() {
  prepareAppEnvironment({ port });
  const pg = await ensurePostgres({ quiet: true, port: Number(process.env.PG_TEST_PORT ?? 54330), dataDir: ".data/postgres-test", database: "postgres" });
  const dbName = "regulars_e2e";
  await dropDatabase(pg.adminUrl, dbName);
  await createDatabase(pg.adminUrl, dbName, undefined, pg.embedded ? ROLES.owner.name : undefined);
  const ownerUrl = withDatabase(pg.ownerUrl, dbName);
  await applyMigrations(ownerUrl);
  const { seedDemo } = await import("../prisma/seed");
  await seedDemo(ownerUrl);
  process.env.DATABASE_URL = withDatabase(pg.url, dbName);

  let stopping = false;
  // WEBHOOK_ALLOW_PRIVATE_URLS: the webhook receivers of the tests listen on this machine.
  const env = appProcessEnv({ DEV_MAILBOX_PUBLIC: "1", RESEND_API_KEY: "", WEBHOOK_ALLOW_PRIVATE_URLS: "1" });
  const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], { cwd: repoRoot, stdio: "inherit", env });
  // The job worker beside the app, as `npm run demo` runs it: campaign sends happen there.
  const worker = spawn(process.execPath, ["--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...env, CAMPAIGN_SEND_RATE_PER_SECOND: "0" },
  });
  // Without its worker the app under test is not the product (no sends, no webhooks, no jobs):
  // stop everything, so the suite fails at once rather than in whichever test needed a job.
  worker.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[serve-e2e] the worker exited (${code ?? signal}); stopping the app under test`);
    app.kill("SIGTERM");
  });
  const stop = async () => {
    stopping = true;
    worker.kill("SIGTERM");
    app.kill("SIGTERM");
    await pg.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  app.on("exit", async (code) => {
    const workerDied = worker.exitCode !== null && !stopping;
    stopping = true;
    worker.kill("SIGTERM");
    await pg.stop();
    process.exit(workerDied ? 1 : (code ?? 1));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
