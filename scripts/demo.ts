// npm run demo — the quick start: embedded PostgreSQL, migrations, demo data (once), build, serve.
import { spawn, type ChildProcess } from "node:child_process";
import { appProcessEnv, prepareEnvironment, repoRoot } from "./lib/dev-env";
import { buildIfStale } from "./lib/next-build";
import { applyMigrations } from "./lib/schema-engine";

const port = Number(process.env.PORT ?? 3000);

async function main() {
  const t0 = Date.now();
  const pg = await prepareEnvironment({ port });
  console.log(`▸ PostgreSQL: ${pg.embedded ? "embedded, data in .data/postgres" : "from DATABASE_URL"}`);
  // Schema and demo data as the owner; the app and the worker below connect as the app's role.
  const { applied } = await applyMigrations(pg.ownerUrl);
  console.log(applied.length ? `▸ Applied ${applied.length} migration(s).` : "▸ Database schema is up to date.");
  const { seedDemo } = await import("../prisma/seed");
  const { seeded } = await seedDemo(pg.ownerUrl, { log: (l: string) => console.log(`  ${l}`) });
  console.log(seeded ? "▸ Seeded the demo." : "▸ Demo data already present.");
  buildIfStale({ force: process.argv.includes("--rebuild") });

  // The development mailbox for sign-in links is public only on this machine's demo.
  const env = appProcessEnv({ PORT: String(port), DEV_MAILBOX_PUBLIC: process.env.RESEND_API_KEY ? "0" : "1" });
  const children: ChildProcess[] = [
    spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], { cwd: repoRoot, stdio: "inherit", env }),
    // The job worker: campaign delivery and the nightly RFM (scripts/lib/worker-hooks.mjs says why not react-server).
    spawn(process.execPath, ["--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], { cwd: repoRoot, stdio: "inherit", env }),
  ];

  const { DEMO_ACCOUNTS } = await import("../prisma/seed/demo-accounts");
  const url = process.env.APP_URL!;
  console.log(`\n  Regulars is running at ${url}  (ready in ${Math.round((Date.now() - t0) / 1000)} s)\n`);
  console.log("  Demo sign-ins:");
  for (const a of DEMO_ACCOUNTS) console.log(`    ${a.role.padEnd(20)} ${a.email.padEnd(26)} ${a.password}   → ${a.landsOn}`);
  if (!process.env.RESEND_API_KEY) console.log(`\n  No RESEND_API_KEY: emails stay on this machine — sign-in links at ${url}/dev/mailbox`);
  console.log("\n  Stop with Ctrl+C.\n");

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill("SIGTERM");
    await pg.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  for (const c of children) c.on("exit", (code) => void stop(code ?? 1));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
