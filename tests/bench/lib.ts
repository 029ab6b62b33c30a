import { spawn, type ChildProcess } from "node:child_process";
import { createDatabase, dropDatabase, ensurePostgres, ROLES, withDatabase } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/schema-engine";
import { prepareAppEnvironment, repoRoot } from "../../scripts/lib/dev-env";
import { buildIfStale } from "../../scripts/lib/next-build";

// Shared by the benchmarks: a fresh database on the test cluster and, when needed, the built app.

export async function freshDatabase(name: string) {
  prepareAppEnvironment();
  const server = await ensurePostgres({ quiet: true, port: Number(process.env.PG_TEST_PORT ?? 54330), dataDir: ".data/postgres-test", database: "postgres" });
  await dropDatabase(server.adminUrl, name);
  await createDatabase(server.adminUrl, name, undefined, server.embedded ? ROLES.owner.name : undefined);
  // Migrated by the owner; the app and the worker run as the app's role.
  const ownerUrl = withDatabase(server.ownerUrl, name);
  const url = withDatabase(server.url, name);
  await applyMigrations(ownerUrl);
  // This process loads data and drops or builds indexes like an operator: as the owner, opting out
  // of the app's refusal of privileged roles. The app and workers it starts get `url`.
  process.env.DATABASE_URL = ownerUrl;
  process.env.DATABASE_ALLOW_PRIVILEGED_ROLE = "1";
  return { url, ownerUrl, stop: server.stop, drop: () => dropDatabase(server.adminUrl, name) };
}

export async function startApp(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  buildIfStale();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: repoRoot,
    stdio: "ignore",
    env: { ...process.env, DATABASE_ALLOW_PRIVILEGED_ROLE: "0", ...env, LOG_LEVEL: "warn" },
  });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("the app did not start");
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function printTable(title: string, rows: Record<string, string | number>[]) {
  console.log(`\n${title}`);
  console.table(rows);
}
