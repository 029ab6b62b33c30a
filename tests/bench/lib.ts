import { spawn, type ChildProcess } from "node:child_process";
import { createDatabase, dropDatabase, ensurePostgres } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/schema-engine";
import { prepareAppEnvironment, repoRoot } from "../../scripts/lib/dev-env";
import { buildIfStale } from "../../scripts/lib/next-build";

// Shared by the benchmarks: a fresh database on the test cluster and, when needed, the built app.

export async function freshDatabase(name: string) {
  prepareAppEnvironment();
  const server = await ensurePostgres({ quiet: true, port: Number(process.env.PG_TEST_PORT ?? 54330), dataDir: ".data/postgres-test", database: "postgres" });
  await dropDatabase(server.adminUrl, name);
  await createDatabase(server.adminUrl, name);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
  return { url: url.toString(), stop: server.stop, drop: () => dropDatabase(server.adminUrl, name) };
}

export async function startApp(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  buildIfStale();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: repoRoot,
    stdio: "ignore",
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
  });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok).catch(() => false);
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
